"""Repeated paragraphs across a collection (a folder, a feed), in near-linear time.

Exact repeats are found by hashing the normalised text. Near repeats: MinHash LSH (`presse.lsh`:
signatures of word 3-grams for a whole batch at once, 2-row bands) proposes candidates; each is then
confirmed by the same rules as within an article (`presse.repeats.near_similarity`: rapidfuzz ratio, 3-gram Jaccard, no
conflicting facts).

    index = CollectionIndex()
    for analysis in analyses:            # in collection order: earlier articles are the originals
        analysis.repeats += index.add(analysis.article)

or `mark_cross_repeats(analyses)` for a whole list.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from .lsh import NearIndex
from .model import Analysis, Article, Repeat, RepeatKind
from .repeats import MIN_EXACT_WORDS, MIN_WORDS, ParagraphText, near_similarity

@dataclass(frozen=True, slots=True)
class _Place:
    article: str
    source: str
    paragraph: int


class CollectionIndex:
    """Paragraphs of the articles seen so far; `add` reports a new article's reprints of them.

    Incremental: the batch indexer can feed articles as they are analysed (`add`), or whole
    batches (`add_many`: one numpy pass signs the batch). Memory per indexed paragraph: its text
    (raw and normalised, for confirming candidates) and one entry in each of the 32 band tables.
    """

    def __init__(self) -> None:
        self._near = NearIndex()
        self._exact: dict[bytes, _Place] = {}
        self._places: list[_Place] = []
        self._texts: list[ParagraphText] = []
        self._articles: set[str] = set()

    def __len__(self) -> int:
        return len(self._places)

    def add(self, article: Article) -> list[Repeat]:
        return self.add_many([article])[article.id] if article.id not in self._articles else []

    def add_many(self, articles: Iterable[Article]) -> dict[str, list[Repeat]]:
        """Index `articles` (in order) and return, per article id, its paragraphs' earlier copies.

        Each repeat names the first article (in index order) holding the paragraph. An article
        already indexed (same id) is skipped: a file given twice is not a reprint of itself.
        """
        with _collector_paused():
            return self._add_many(articles)

    def _add_many(self, articles: Iterable[Article]) -> dict[str, list[Repeat]]:
        found: dict[str, dict[int, Repeat]] = {}
        for article in articles:
            if article.id in self._articles:
                continue
            self._articles.add(article.id)
            found[article.id] = {}
            first_here: set[bytes] = set()
            for p in article.paragraphs:
                text = ParagraphText(article.paragraph_text(p.index))
                if text.n_words < MIN_EXACT_WORDS or text.hash in first_here:
                    continue  # boilerplate, or a repeat within the article (its first copy speaks for it)
                first_here.add(text.hash)
                place = _Place(article.id, article.source, p.index)
                earlier = self._exact.get(text.hash)
                if earlier is not None and earlier.article != article.id:
                    found[article.id][p.index] = _repeat(p.index, earlier, "exact", 1.0)
                    continue
                self._exact[text.hash] = place
                if text.n_words >= MIN_WORDS:
                    serial = len(self._places)
                    self._places.append(place)
                    self._texts.append(text)
                    self._near.add(serial, text)
            if self._near.due:
                self._confirm(found)
        self._confirm(found)
        return {aid: [reps[k] for k in sorted(reps)] for aid, reps in found.items()}

    def _confirm(self, found: dict[str, dict[int, Repeat]]) -> None:
        """Match the batch's paragraphs against earlier articles' (LSH candidates, then rules)."""

        def confirm(earlier_serial: int, serial: int) -> float | None:
            earlier, here = self._places[earlier_serial], self._places[serial]
            if earlier.article == here.article:
                return None  # within-article repeats are find_repeats' job
            return near_similarity(self._texts[earlier_serial], self._texts[serial])

        for serial, (earlier_serial, sim) in self._near.match(confirm).items():
            here = self._places[serial]
            found[here.article][here.paragraph] = _repeat(here.paragraph, self._places[earlier_serial], "near", sim)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while indexing: the index makes no reference cycles, and each of
    its full collections would walk every paragraph indexed so far (a cost that grows with the index:
    100k paragraphs 9.4 -> 8.5 s CPU, 10k unchanged). Back as it was afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _repeat(paragraph: int, earlier: _Place, kind: RepeatKind, similarity: float) -> Repeat:
    return Repeat(
        paragraph=paragraph,
        same_as=earlier.paragraph,
        kind=kind,
        similarity=similarity,
        article=earlier.article,
        source=earlier.source,
    )


def find_cross_repeats(articles: Iterable[Article]) -> dict[str, list[Repeat]]:
    """Per article id, the paragraphs that appeared in an earlier article of `articles`."""
    return CollectionIndex().add_many(articles)


def mark_cross_repeats(analyses: Sequence[Analysis]) -> None:
    """Append cross-article repeats to each analysis's `repeats` (earlier articles are originals)."""
    found = find_cross_repeats(a.article for a in analyses)
    for analysis in analyses:
        analysis.repeats.extend(found.get(analysis.article.id, []))
