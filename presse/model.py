"""Plain, JSON-serialisable data: what the pipeline produces and the widgets display.

Every offset is a character offset into `Article.text`, the text exactly as displayed.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

SCHEMA = "presse.analysis/1"

EntityLabel = Literal["PER", "LOC", "ORG", "MISC"]
QuoteKind = Literal["direct", "partial", "term", "indirect"]
RepeatKind = Literal["exact", "near", "paraphrase"]


def text_id(text: str) -> str:
    """An article's identity: the sha256 of its displayed text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    start: int
    end: int


@dataclass(slots=True)
class Article:
    source: str
    title: str
    text: str
    paragraphs: list[Paragraph]
    id: str = ""
    # Optional facts from the source (url, date, author, feed, etag...): never analysed.
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = text_id(self.text)

    def paragraph_at(self, offset: int) -> int:
        """Index of the paragraph containing `offset` (the nearest one before it in a gap)."""
        lo, hi = 0, len(self.paragraphs) - 1
        found = 0
        while lo <= hi:
            mid = (lo + hi) // 2
            if self.paragraphs[mid].start <= offset:
                found = mid
                lo = mid + 1
            else:
                hi = mid - 1
        return found

    def paragraph_text(self, index: int) -> str:
        p = self.paragraphs[index]
        return self.text[p.start : p.end]


@dataclass(slots=True)
class Entity:
    start: int
    end: int
    text: str
    label: EntityLabel
    canonical: str
    paragraph: int


@dataclass(slots=True)
class Quote:
    start: int
    end: int
    text: str
    paragraph: int
    kind: QuoteKind
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None  # the evidence: the speech verb, "selon", "continuation"...
    sieve: str | None = None  # the attribution sieve that decided the speaker (None: no speaker)


@dataclass(slots=True)
class Speaker:
    name: str
    label: str  # PER, ORG, LOC, GROUP
    aliases: list[str]
    quotes: list[int]  # indices into Analysis.quotes, in text order


@dataclass(slots=True)
class Repeat:
    paragraph: int
    same_as: int
    kind: RepeatKind
    similarity: float
    # Set only when the first occurrence is in another article of the collection.
    article: str | None = None
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if self.article is None:
            del d["article"], d["source"]
        return d


@dataclass(slots=True)
class Analysis:
    article: Article
    model: str
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    repeats: list[Repeat] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        d: dict[str, Any] = {
            "schema": SCHEMA,
            "source": a.source,
            "id": a.id,
            "title": a.title,
            "text": a.text,
            "model": self.model,
            "paragraphs": [asdict(p) for p in a.paragraphs],
            "entities": [asdict(e) for e in self.entities],
            "quotes": [asdict(q) for q in self.quotes],
            "speakers": [asdict(s) for s in self.speakers],
            "repeats": [r.to_dict() for r in self.repeats],
        }
        if a.meta:
            d["meta"] = a.meta
        return d

    def to_json(self, indent: int | None = None) -> str:
        return json_dumps(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Analysis:
        if d.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} analysis (schema={d.get('schema')!r})")
        article = Article(
            source=d["source"],
            title=d["title"],
            text=d["text"],
            paragraphs=[Paragraph(**p) for p in d["paragraphs"]],
            id=d["id"],
            meta=d.get("meta", {}),
        )
        return cls(
            article=article,
            model=d["model"],
            entities=[Entity(**_known(Entity, e)) for e in d["entities"]],
            quotes=[Quote(**_known(Quote, q)) for q in d["quotes"]],
            speakers=[Speaker(**_known(Speaker, s)) for s in d["speakers"]],
            repeats=[Repeat(**_known(Repeat, r)) for r in d["repeats"]],
        )

    @classmethod
    def from_json(cls, s: str) -> Analysis:
        return cls.from_dict(json.loads(s))


# json.dumps escapes C0 controls but leaves DEL and C1 (U+0080-U+009F, e.g. the 8-bit CSI) raw:
# escape them too so JSON printed on a terminal can never carry an escape sequence; and lone
# surrogates, which no UTF-8 output can encode; and the bidirectional embeddings, overrides and
# isolates, which reorder what a terminal shows after them (as `safe.printable` does).
_RAW_CONTROLS = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_dumps(value: Any, indent: int | None = None) -> str:
    """JSON with non-ASCII text kept readable but every control character escaped."""
    out = json.dumps(value, ensure_ascii=False, indent=indent)
    return _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", out)


def _known(kind: type, d: dict[str, Any]) -> dict[str, Any]:
    """Keep the fields the dataclass knows: newer writers may add fields."""
    names = {f.name for f in fields(kind)}
    return {k: v for k, v in d.items() if k in names}
