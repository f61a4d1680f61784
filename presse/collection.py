"""Repeated paragraphs across a collection (a folder, a feed), in near-linear time.

Exact repeats are found by hashing the normalised text. Near repeats: MinHash signatures of word
3-grams, computed for a whole batch at once with numpy (datasketch's own permutations), banded in
`NearIndex` (2-row bands packed into ints); each candidate is then confirmed by the same rules as
within an article (`presse.repeats.near_similarity`: rapidfuzz ratio, 3-gram Jaccard, no
conflicting facts).

    index = CollectionIndex()
    for analysis in analyses:            # in collection order: earlier articles are the originals
        analysis.repeats += index.add(analysis.article)

or `mark_cross_repeats(analyses)` for a whole list.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from datasketch import MinHash

from .model import Analysis, Article, Repeat, RepeatKind
from .repeats import MIN_EXACT_WORDS, MIN_WORDS, SHINGLE, ParagraphText, near_similarity

# 32 bands of 2 rows: a pair with 3-gram Jaccard s becomes a candidate with probability
# 1 - (1 - s**2)**32: 98.5 % at the near threshold (0.35), 99.97 % at 0.5, 0.3 % at 0.01.
NUM_PERM = 64
BANDS = 32
SEED = 1
# Within one article, up to this many paragraphs are compared all-pairs (exact, a few ms);
# beyond, LSH candidates keep it near-linear.
ALL_PAIRS_MAX = 300
# A bucket holding this many paragraphs is a common phrase, not a reprint: it stops growing, which
# keeps each query's cost bounded (near-linear) on collections full of stock phrases.
BUCKET_CAP = 64

# Paragraphs signed per numpy pass when indexing a collection: big enough to amortise numpy's
# per-call cost, small enough for the temporaries (~100 bytes per shingle) to stay in cache.
SIGN_BATCH = 4096

# Odd 64-bit constants mixing the word ids of a shingle (position-dependent, so order counts).
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93], dtype=np.uint64)


class Signer:
    """Vectorised MinHash: signatures for many paragraphs in a few numpy passes."""

    def __init__(self, num_perm: int = NUM_PERM, seed: int = SEED, shingle: int = SHINGLE) -> None:
        self.num_perm = num_perm
        self.seed = seed
        self.shingle = shingle  # words per shingle: quotes (short) use 2, paragraphs 3
        perm_a, perm_b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
        self._a = np.asarray(perm_a, dtype=np.uint32)
        self._b = np.asarray(perm_b, dtype=np.uint32)
        self._word_ids: dict[str, int] = {}

    def _word_id(self, word: str) -> int:
        wid = int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")
        self._word_ids[word] = wid
        return wid

    def shingle_hashes(self, texts: Sequence[ParagraphText]) -> tuple[np.ndarray, np.ndarray]:
        """32-bit hashes of every text's word k-grams (k = `shingle`), concatenated, and how many each text has.

        Stable (blake2b word ids, no `hash()`): the same words give the same values in any process.
        Vectorised over the whole batch: the word ids of all texts go into one array, each text
        followed by k-1 zeros so that no shingle spans two texts (a text shorter than k words
        gets one shingle, padded with those zeros).
        """
        k = self.shingle
        ids_of, new_id = self._word_ids.get, self._word_id
        flat: list[int] = []
        counts = np.empty(len(texts), dtype=np.int64)
        for n, t in enumerate(texts):
            words = t.words
            flat.extend([ids_of(w) or new_id(w) for w in words])
            flat.extend([0] * (k - 1))
            counts[n] = max(len(words) - k + 1, 1)
        ids = np.array(flat, dtype=np.uint64)
        # Start of each text in `ids`, then every valid shingle start.
        lengths = np.array([t.n_words + k - 1 for t in texts], dtype=np.int64)
        text_start = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64) if len(texts) else lengths
        first_shingle = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64) if len(texts) else counts
        starts = np.arange(int(counts.sum()), dtype=np.int64) + np.repeat(text_start - first_shingle, counts)
        h = np.zeros(len(starts), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for i in range(k):
                h ^= ids[starts + i] * _MIX[i]
            # fmix64 (MurmurHash3) so that the low 32 bits depend on every input bit.
            h ^= h >> np.uint64(33)
            h *= np.uint64(0xFF51AFD7ED558CCD)
            h ^= h >> np.uint64(33)
        return (h & np.uint64(0xFFFFFFFF)).astype(np.uint32), counts

    def signatures(self, texts: Sequence[ParagraphText], chunk: int = 1 << 17) -> np.ndarray:
        """(len(texts), num_perm) uint32 MinHash signatures of the texts' word k-grams."""
        hashes, counts = self.shingle_hashes(texts)
        bounds = np.concatenate(([0], np.cumsum(counts)))
        out = np.empty((len(texts), self.num_perm), dtype=np.uint32)
        start = 0
        while start < len(texts):
            # As many texts as fit in about `chunk` shingles (at least one): bounded memory.
            stop = max(start + 1, int(np.searchsorted(bounds, bounds[start] + chunk, side="right")) - 1)
            part = hashes[bounds[start] : bounds[stop]]
            with np.errstate(over="ignore"):
                permuted = part[:, None] * self._a[None, :] + self._b[None, :]
            out[start:stop] = np.minimum.reduceat(permuted, bounds[start:stop] - bounds[start], axis=0)
            start = stop
        return out


class NearIndex:
    """MinHash LSH over paragraphs: candidate near-repeat pairs without comparing all pairs.

    Banding is done here rather than with datasketch's `MinHashLSH`: with 2-row bands a band's key
    is the two 32-bit values packed in one int, so no hashing or bytes objects are needed. On the
    same 97k signatures, datasketch's query+insert took 10.7 s of CPU, this 1.7 s (bench/README.md).
    Signatures use datasketch's permutations.
    """

    def __init__(self, signer: Signer | None = None, bands: int = BANDS, bucket_cap: int = BUCKET_CAP) -> None:
        self.signer = signer or Signer()
        if self.signer.num_perm % bands:
            raise ValueError("num_perm must be a multiple of bands")
        self.bands = bands
        self.rows = self.signer.num_perm // bands
        self.bucket_cap = bucket_cap
        self._tables: list[dict[int, int | list[int]]] = [{} for _ in range(bands)]
        self._pending: list[tuple[int, ParagraphText]] = []
        self.indexed = 0

    def add(self, key: int, text: ParagraphText) -> None:
        """Queue a paragraph (keys: ints in insertion order); it is signed with its batch at `match`."""
        self._pending.append((key, text))

    @property
    def pending(self) -> int:
        return len(self._pending)

    def band_keys(self, signatures: np.ndarray) -> list[list[int]]:
        """One int per band: the band's rows packed (2 rows of 32 bits: exact), else a polynomial hash."""
        bands = signatures.reshape(len(signatures), self.bands, self.rows).astype(np.uint64)
        keys = bands[:, :, 0]
        with np.errstate(over="ignore"):
            for r in range(1, self.rows):
                keys = (keys << np.uint64(32)) ^ bands[:, :, r] if self.rows == 2 else keys * _MIX[1] + bands[:, :, r]
        return keys.tolist()

    def match(self, confirm: Callable[[int, int], float | None]) -> dict[int, tuple[int, float]]:
        """Sign the queued paragraphs and match each, in order, against those indexed before it.

        Returns {key: (earlier key, similarity)} with the earliest LSH candidate that
        `confirm(earlier, key)` accepts. A matched paragraph is not indexed (its original stands
        for it), so a paragraph reprinted a thousand times costs one comparison per copy rather
        than a thousand; the price is that a copy of a copy drifting away from the original is
        not matched. Buckets stop growing at `bucket_cap` keys: a band value that common comes
        from common phrases, not reprints: it is no longer queried (a reprint still meets its
        original in other bands), which bounds the cost of a query.
        """
        if not self._pending:
            return {}
        signed = self.band_keys(self.signer.signatures([t for _, t in self._pending]))
        keys = [k for k, _ in self._pending]
        self._pending.clear()
        tables, cap = self._tables, self.bucket_cap
        found: dict[int, tuple[int, float]] = {}
        for key, band_keys in zip(keys, signed, strict=True):
            candidates: set[int] = set()
            buckets = [table.get(band_key) for table, band_key in zip(tables, band_keys)]
            for bucket in buckets:
                if bucket is None:
                    continue
                if type(bucket) is int:
                    candidates.add(bucket)
                elif len(bucket) < cap:  # a full bucket is a common phrase: skipped
                    candidates.update(bucket)
            for earlier in sorted(candidates):
                similarity = confirm(earlier, key)
                if similarity is not None:
                    found[key] = (earlier, similarity)
                    break
            else:
                self.indexed += 1
                for table, band_key, bucket in zip(tables, band_keys, buckets):
                    if bucket is None:
                        table[band_key] = key  # most buckets hold one paragraph: no list for them
                    elif type(bucket) is int:
                        table[band_key] = [bucket, key]
                    elif len(bucket) < cap:
                        bucket.append(key)
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
            if self._near.pending >= SIGN_BATCH:
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
