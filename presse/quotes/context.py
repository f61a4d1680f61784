"""Where things are in the article: tokens, entities, quotes and sentences by character offset."""

from __future__ import annotations

import bisect
import re
from functools import cached_property
from typing import TYPE_CHECKING

from ..model import Article, Entity
from .lexicon import ROLE_NOUNS, SENTENCE_END

if TYPE_CHECKING:
    from spacy.tokens import Doc


class Context:
    """The article, its spaCy doc (of `nlp_copy(article.text)`: token.idx indexes article.text), the
    consolidated entities and the quoted extents, with lookups by character offset."""

    def __init__(self, article: Article, doc: Doc, entities: list[Entity], quote_extents: list[tuple[int, int]]):
        self.article = article
        self.text = article.text
        self.doc = doc
        self.tok_starts = [t.idx for t in doc]
        self.quotes = sorted(quote_extents)
        self.quote_starts = [a for a, _ in self.quotes]
        # A name starts with a capital: `de la République` tagged PER is the recogniser's mistake.
        # (an organisation may start in lower case: `ministère des Armées`)
        # A capitalised title alone (`le Président-candidat`, `la Ministre`) is a role, not a name.
        self.entities = sorted(
            (e for e in entities if (e.text[:1].isupper() or e.text[:1].isdigit() or e.label == "ORG") and not _role_only(e)),
            key=lambda e: e.start,
        )
        self.ent_starts = [e.start for e in self.entities]
        self._sentences: dict[int, list[int]] = {}

    @cached_property
    def place_names(self) -> frozenset[str]:
        """Places the article also names with no article before them (`en Ukraine`, `Guerre en Ukraine`):
        there `l'Ukraine` is the place speaking, not a person described by nationality (`l'Américain`)."""
        bare = set()
        for e in self.entities:
            if e.label != "LOC":
                continue
            before = self.text[max(0, e.start - 4) : e.start].lower()
            if not re.search(r"(?:\bl['’]|\b(?:le|la|les) )$", before):
                bare.add(e.canonical)
        return frozenset(bare)

    def in_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quote_starts, pos) - 1
        return i >= 0 and self.quotes[i][0] <= pos < self.quotes[i][1]

    def next_quote_start(self, pos: int) -> int:
        i = bisect.bisect_left(self.quote_starts, pos)
        return self.quotes[i][0] if i < len(self.quotes) else len(self.text)

    def prev_quote_end(self, pos: int) -> int:
        i = bisect.bisect_left(self.quote_starts, pos) - 1
        return self.quotes[i][1] if i >= 0 else 0

    def tokens_in(self, a: int, b: int) -> range:
        return range(bisect.bisect_left(self.tok_starts, a), bisect.bisect_left(self.tok_starts, b))

    def token_at(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.tok_starts, pos) - 1)

    def entity_at(self, pos: int) -> Entity | None:
        i = bisect.bisect_right(self.ent_starts, pos) - 1
        if i >= 0 and self.entities[i].start <= pos < self.entities[i].end:
            return self.entities[i]
        return None

    def entities_in(self, a: int, b: int) -> list[Entity]:
        i = bisect.bisect_left(self.ent_starts, a)
        out = []
        while i < len(self.entities) and self.entities[i].start < b:
            if self.entities[i].end <= b:
                out.append(self.entities[i])
            i += 1
        return out

    def sentence(self, pos: int) -> tuple[int, int]:
        """The sentence around `pos` within its paragraph (breaks inside quotes do not count)."""
        pi = self.article.paragraph_at(pos)
        p = self.article.paragraphs[pi]
        breaks = self._sentences.get(pi)
        if breaks is None:
            breaks = [p.start]
            for m in SENTENCE_END.finditer(self.text, p.start, p.end):
                if not self.in_quote(m.start()):
                    breaks.append(m.end())
            breaks.append(p.end)
            self._sentences[pi] = breaks
        i = bisect.bisect_right(breaks, pos) - 1
        i = min(max(i, 0), len(breaks) - 2)
        return breaks[i], breaks[i + 1]

    def span_of(self, i0: int, i1: int) -> tuple[int, int]:
        last = self.doc[i1 - 1]
        return self.doc[i0].idx, last.idx + len(last.text)

    def trim_end(self, a: int, b: int) -> int:
        while b > a and (self.text[b - 1].isspace() or self.text[b - 1] in ",;:.(–—-\u00a0\u202f"):
            b -= 1
        return b


def _role_only(e: Entity) -> bool:
    """A person entity that is a role noun and lowercase words only after its capital (`Président-candidat`)."""
    words = [w for w in re.split(r"[\s-]+", e.text) if w]
    return e.label in ("PER", "MISC") and bool(words) and words[0].lower() in ROLE_NOUNS and not any(w[:1].isupper() for w in words[1:])
