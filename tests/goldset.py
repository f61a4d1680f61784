"""Gold sets of quotes and speakers: load them, analyse their articles, score them by the shared rules.

Shared by `bench/accuracy.py` (the report) and `tests/test_gold.py` (the floors). A gold folder is either
- a folder of `*.gold.json` (the shared gold format: `text_file`, quotes with character offsets and their
  acceptable speakers, `quote_ignore` spans): tests/data/gold/dev, and tests/data for the seed; or
- a folder of `NAME.json` + `NAME.txt` (tests/data/articles: a title kept out of the body, and quotes
  given by their text, kind and one speaker), converted here: direct and partial quotes are gold, terms
  are ignored spans, indirect speech is not scored.

The rules are those of the shared scorer, tests/data/score.py, whose helpers are used as they are (span
IoU >= 0.6, the speaker matched by full name or surname, offsets mapped with difflib when the analysed
text differs from the gold's, indirect speech and terms left out). Its quote-matching loop is followed
step by step here, keeping each decision so the misses can be listed; tests/test_gold.py checks that the
counts equal `score.score()`'s.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
DEV = DATA / "gold" / "dev"
ARTICLES = DATA / "articles"
# The gold kept in the repository: the dev set, the seed (tests/data/seed.gold.json), the test articles.
DEFAULT_FOLDERS = (DEV, DATA, ARTICLES)

NOT_SCORED = ("indirect", "term")  # as score.py: not direct quotations
MATCH_IOU = 0.6

RIGHT, NO_SPEAKER, WRONG_SPEAKER, MISSED, INVENTED = (
    "right", "no speaker", "wrong speaker", "quote missed", "quote invented",
)


def _load_scorer() -> Any:
    spec = importlib.util.spec_from_file_location("presse_gold_score", DATA / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


scorer = _load_scorer()


@dataclass(slots=True)
class GoldQuote:
    start: int
    end: int
    text: str
    speakers: list[str]


@dataclass(slots=True)
class GoldArticle:
    """One article to analyse (`path`, or `body` + `title`) and its gold, offsets into `gold_text`."""

    folder: str
    name: str
    gold_text: str
    quotes: list[GoldQuote]
    ignore: list[tuple[int, int]]
    path: Path | None = None  # the file to analyse, read as `presse analyze` reads it
    title: str | None = None  # set for the articles format, whose title is not part of the body
    gold_file: Path | None = None  # the *.gold.json, for the shared scorer itself


@dataclass(slots=True)
class Outcome:
    """One scored quote: a gold quote found (right, no speaker, wrong speaker) or missed, or an invented one."""

    folder: str
    article: str
    kind: str
    text: str
    got: str | None = None
    expected: list[str] = field(default_factory=list)
    sieve: str | None = None  # the sieve that decided a predicted quote


# ---------------------------------------------------------------------------------------------------
# Loading


def load_folder(folder: Path, input_ext: str = "txt") -> list[GoldArticle]:
    """The gold articles of a folder in either format; `input_ext` picks the file analysed (txt/html)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"{folder}: not a folder")
    label = folder_label(folder)
    golds = sorted(folder.glob("*.gold.json"))
    specs = sorted(p for p in folder.glob("*.json") if p.with_suffix(".txt").is_file())
    if not golds and not specs:
        raise ValueError(f"{folder}: no *.gold.json, nor NAME.json with NAME.txt")
    try:
        if golds:
            return [_from_gold_json(g, label, input_ext) for g in golds]
        return [_from_article_spec(p, label) for p in specs]
    except (KeyError, TypeError) as error:
        raise ValueError(f"{folder}: a gold file lacks a field or has the wrong shape ({error})") from None


def folder_label(folder: Path) -> str:
    """The folder as the reports name it: relative to the repository when inside it."""
    resolved = folder.resolve()
    return str(resolved.relative_to(ROOT)) if resolved.is_relative_to(ROOT) else str(folder)


def _from_gold_json(gold_file: Path, folder: str, input_ext: str) -> GoldArticle:
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    text_file = gold_file.parent / gold["text_file"]
    source = text_file.with_suffix("." + input_ext)
    return GoldArticle(
        folder=folder,
        name=gold_file.name.removesuffix(".gold.json"),
        gold_text=text_file.read_text(encoding="utf-8"),
        quotes=[GoldQuote(q["start"], q["end"], q["text"], q["speakers"]) for q in gold["quotes"]],
        ignore=[(s, e) for s, e in gold["quote_ignore"]],
        path=source if source.is_file() else text_file,  # the seed has no .html: its .txt is used
        gold_file=gold_file,
    )


def _from_article_spec(spec_file: Path, folder: str) -> GoldArticle:
    spec = json.loads(spec_file.read_text(encoding="utf-8"))
    body = spec_file.with_suffix(".txt").read_text(encoding="utf-8")
    quotes, ignore = [], []
    for q in spec["quotes"]:
        start = body.find(q["text"])
        if start < 0:
            raise ValueError(f"{spec_file}: quote not in the text: {q['text'][:40]!r}")
        end = start + len(q["text"])
        if q["kind"] == "term":
            ignore.append((start, end))
        elif q["kind"] not in NOT_SCORED:
            quotes.append(GoldQuote(start, end, q["text"], [q["speaker"]]))
    return GoldArticle(folder, spec_file.stem, body, quotes, ignore, title=spec["title"])


# ---------------------------------------------------------------------------------------------------
# Analysing


def to_article(gold: GoldArticle) -> Any:
    """The `presse.model.Article` to analyse, read as `presse analyze` reads it."""
    from presse.model import Article
    from presse.sources import load_file, split_paragraphs

    if gold.path is not None:
        return load_file(str(gold.path))
    return Article(source=f"{gold.name}.txt", title=gold.title or gold.name, text=gold.gold_text,
                   paragraphs=split_paragraphs(gold.gold_text))


def analyse(golds: list[GoldArticle], nlp: Any) -> Iterator[tuple[GoldArticle, dict]]:
    """Each gold article with its analysis as the JSON dict `presse analyze --format json` prints."""
    from presse import pipeline

    analyses = pipeline.analyze_many((to_article(g) for g in golds), nlp=nlp)
    for gold, analysis in zip(golds, analyses, strict=True):
        yield gold, analysis.to_dict()


# ---------------------------------------------------------------------------------------------------
# Scoring


def sieve_of(quote: dict) -> str:
    """The sieve that decided a quote; before the sieves existed, the first word of its cue."""
    if quote.get("sieve"):
        return quote["sieve"]
    cue = (quote.get("cue") or "").split()
    return cue[0] if cue else "(none)"


def score_article(gold: GoldArticle, analysis: dict) -> list[Outcome]:
    """Every gold quote's outcome and every invented quote, by score.py's matching rules."""
    to_out = scorer.offset_map(gold.gold_text, analysis.get("text", gold.gold_text))
    spans = [(to_out(g.start), to_out(g.end)) for g in gold.quotes]
    ignore = [(to_out(s), to_out(e)) for s, e in gold.ignore]
    outcome = lambda kind, text, **kw: Outcome(gold.folder, gold.name, kind, text, **kw)  # noqa: E731
    used: set[int] = set()
    results: list[Outcome] = []
    for q in (q for q in analysis.get("quotes", []) if q.get("kind") not in NOT_SCORED):
        span = (q["start"], q["end"])
        best, bi = 0.0, None
        for i, gold_span in enumerate(spans):
            v = scorer.iou(span, gold_span) if i not in used else 0.0
            if v > best:
                best, bi = v, i
        if best >= MATCH_IOU:
            used.add(bi)
            expected = gold.quotes[bi].speakers
            kind = (RIGHT if scorer.same_speaker(q.get("speaker"), expected)
                    else NO_SPEAKER if not q.get("speaker") else WRONG_SPEAKER)
            results.append(outcome(kind, q["text"], got=q.get("speaker"), expected=expected, sieve=sieve_of(q)))
        elif not scorer.overlaps(span, ignore):
            results.append(outcome(INVENTED, q["text"], got=q.get("speaker"), sieve=sieve_of(q)))
    results += [outcome(MISSED, g.text, expected=g.speakers) for i, g in enumerate(gold.quotes) if i not in used]
    return results


@dataclass(slots=True)
class Totals:
    """Micro-averaged counts over some outcomes, and the figures score.py reports from them."""

    found: int = 0  # gold quotes found (score.py's q_tp)
    predicted: int = 0  # predicted quotes scored (q_pred)
    gold: int = 0  # gold quotes (q_gold)
    speaker_right: int = 0  # spk_ok

    @classmethod
    def of(cls, outcomes: Iterable[Outcome]) -> Totals:
        t = cls()
        for o in outcomes:
            matched = o.kind in (RIGHT, NO_SPEAKER, WRONG_SPEAKER)
            t.found += matched
            t.predicted += matched or o.kind == INVENTED
            t.gold += matched or o.kind == MISSED
            t.speaker_right += o.kind == RIGHT
        return t

    @property
    def quote_prf(self) -> tuple[float, float, float]:
        return scorer.prf(self.found, self.predicted, self.gold)

    @property
    def speaker_acc(self) -> float:
        return round(self.speaker_right / self.gold, 4) if self.gold else 1.0

    def as_dict(self) -> dict[str, float | int]:
        p, r, f = self.quote_prf
        return dict(quote_p=p, quote_r=r, quote_f1=f, speaker_acc=self.speaker_acc, gold=self.gold,
                    found=self.found, predicted=self.predicted, speaker_right=self.speaker_right)

