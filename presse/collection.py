"""Repeated paragraphs across a collection (a folder, a feed), in near-linear time.

Exact repeats are found by hashing the normalised text. Near repeats: MinHash signatures of word
3-grams, computed for a whole batch at once with numpy (datasketch's own permutations), banded by
datasketch's `MinHashLSH`; each candidate is then confirmed by the same rules as within an
article (`presse.repeats.near_similarity`: rapidfuzz ratio, 3-gram Jaccard, no conflicting facts).

    index = CollectionIndex()
    for analysis in analyses:            # in collection order: earlier articles are the originals
        analysis.repeats += index.add(analysis.article)

or `mark_cross_repeats(analyses)` for a whole list.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from .model import Analysis, Article, Repeat
from .repeats import MIN_EXACT_WORDS, MIN_WORDS, SHINGLE, ParagraphText, near_similarity

# 32 bands of 2 rows: a pair with 3-gram Jaccard s becomes a candidate with probability
# 1 - (1 - s**2)**32: 98.5 % at the near threshold (0.35), 99.97 % at 0.5, 0.3 % at 0.01.
NUM_PERM = 64
BANDS = 32
SEED = 1
# Within one article, up to this many paragraphs are compared all-pairs (exact, a few ms);
# beyond, LSH candidates keep it near-linear.
ALL_PAIRS_MAX = 300

_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
# Odd 64-bit constants mixing the word ids of a shingle (position-dependent, so order counts).
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93], dtype=np.uint64)


class Signer:
    """Vectorised MinHash: signatures for many paragraphs in a few numpy passes."""

    def __init__(self, num_perm: int = NUM_PERM, seed: int = SEED) -> None:
        self.num_perm = num_perm
        self.seed = seed
        perm_a, perm_b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
        self._a = np.asarray(perm_a, dtype=np.uint32)
        self._b = np.asarray(perm_b, dtype=np.uint32)
        self._word_ids: dict[str, int] = {}

    def _word_id(self, word: str) -> int:
        wid = self._word_ids.get(word)
        if wid is None:
            wid = int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")
            self._word_ids[word] = wid
        return wid

    def shingle_hashes(self, words: Sequence[str]) -> np.ndarray:
        """32-bit hashes of the word 3-grams (a stable hash: same words, same values in any process)."""
        ids = np.fromiter((self._word_id(w) for w in words), dtype=np.uint64, count=len(words))
        k = min(SHINGLE, len(ids))
        n = len(ids) - k + 1
        h = np.zeros(n, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for i in range(k):
                h ^= ids[i : i + n] * _MIX[i]
            # fmix64 (MurmurHash3) so that the low 32 bits depend on every input bit.
            h ^= h >> np.uint64(33)
            h *= np.uint64(0xFF51AFD7ED558CCD)
            h ^= h >> np.uint64(33)
        return (h & np.uint64(0xFFFFFFFF)).astype(np.uint32)

    def signatures(self, texts: Sequence[ParagraphText], chunk: int = 1 << 17) -> np.ndarray:
        """(len(texts), num_perm) uint32 MinHash signatures; every text must have words."""
        parts = [self.shingle_hashes(t.words) for t in texts]
        out = np.empty((len(parts), self.num_perm), dtype=np.uint32)
        start = 0
        while start < len(parts):
            # Group paragraphs so one chunk holds about `chunk` shingles (bounded memory).
            stop, total = start, 0
            while stop < len(parts) and (total == 0 or total + len(parts[stop]) <= chunk):
                total += len(parts[stop])
                stop += 1
            flat = np.concatenate(parts[start:stop])
            offsets = np.cumsum([0] + [len(p) for p in parts[start : stop - 1]])
            with np.errstate(over="ignore"):
                permuted = flat[:, None] * self._a[None, :] + self._b[None, :]
            out[start:stop] = np.minimum.reduceat(permuted, offsets, axis=0)
            start = stop
        return out


class NearIndex:
    """MinHash LSH over paragraphs: candidate near-repeat pairs without comparing all pairs."""

    def __init__(self, signer: Signer | None = None, bands: int = BANDS) -> None:
        self.signer = signer or Signer()
        self.lsh = MinHashLSH(num_perm=self.signer.num_perm, params=(bands, self.signer.num_perm // bands))
        self._pending: list[tuple[Hashable, ParagraphText]] = []

    def add(self, key: Hashable, text: ParagraphText) -> None:
        """Queue a paragraph; it is signed with the rest of its batch at the next query."""
        self._pending.append((key, text))

    def flush(self) -> list[tuple[Hashable, LeanMinHash]]:
        """Sign the queued paragraphs and return them (key, minhash), not yet inserted."""
        if not self._pending:
            return []
        sigs = self.signer.signatures([t for _, t in self._pending])
        out = [
            (key, LeanMinHash(seed=self.signer.seed, hashvalues=sig, scheme="affine32"))
            for (key, _), sig in zip(self._pending, sigs, strict=True)
        ]
        self._pending.clear()
        return out

    def match(self, confirm: Callable[[int, int], float | None]) -> dict[int, tuple[int, float]]:
        """Sign the queued paragraphs and match each, in order, against those indexed before it.

        Keys must be ints in insertion order. Returns {key: (earlier key, similarity)} with the
        earliest LSH candidate that `confirm(earlier, key)` accepts. A matched paragraph is not
        indexed (its original stands for it), so a paragraph reprinted a thousand times costs one
        comparison per copy rather than a thousand; the price is that a copy of a copy drifting
        away from the original is not matched.
        """
        found: dict[int, tuple[int, float]] = {}
        for key, minhash in self.flush():
            for earlier in sorted(self.lsh.query(minhash)):
                similarity = confirm(earlier, key)
                if similarity is not None:
                    found[key] = (earlier, similarity)
                    break
            else:
                self.lsh.insert(key, minhash, check_duplication=False)
        return found


def within_article_near(texts: Sequence[ParagraphText], eligible: Sequence[int]) -> Iterator[tuple[int, int, float]]:
    """(earlier, later, similarity) near repeats inside one article.

    Up to ALL_PAIRS_MAX eligible paragraphs every pair is compared (exact, a few ms); beyond,
    MinHash LSH proposes the candidates so a 5,000-paragraph article stays near-linear.
    """
    if len(eligible) <= ALL_PAIRS_MAX:
        for i, j in combinations(eligible, 2):
            similarity = near_similarity(texts[i], texts[j])
            if similarity is not None:
                yield i, j, similarity
        return
    index = NearIndex()
    for i in eligible:
        index.add(i, texts[i])
    matches = index.match(lambda i, j: near_similarity(texts[i], texts[j]))
    for j, (i, similarity) in sorted(matches.items()):
        yield i, j, similarity


@dataclass(frozen=True, slots=True)
class _Place:
    article: str
    source: str
    paragraph: int


class CollectionIndex:
    """Paragraphs of the articles seen so far; `add` reports a new article's reprints of them.

    Incremental: the batch indexer can feed articles as they are analysed. Memory: one normalised
    text and one 64-value signature per indexed paragraph.
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


def _repeat(paragraph: int, earlier: _Place, kind: str, similarity: float) -> Repeat:
    return Repeat(
        paragraph=paragraph,
        same_as=earlier.paragraph,
        kind=kind,  # type: ignore[arg-type]
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
