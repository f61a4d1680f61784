"""MinHash LSH over paragraphs: candidate near-repeat pairs without comparing all pairs.

MinHash signatures of word k-grams, computed for a whole batch at once with numpy (datasketch's own
permutations), banded in `NearIndex` (a 32-bit key per band). Used within a long article
(`presse.repeats`), across a collection (`presse.collection`, 3-grams) and for quotes (`presse.trail`,
2-grams in bottom-2 sketches); each candidate is then confirmed by the caller's rules.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import Protocol

import numpy as np
from datasketch import MinHash

# Words per shingle: the signatures estimate the Jaccard of word 3-grams, the one `presse.repeats`
# confirms candidates with (its SHINGLE; a test keeps the two equal: importing repeats here would
# make a cycle, and importing this module from repeats' top would load numpy and datasketch).
SHINGLE = 3


class Shingled(Protocol):
    """A paragraph as the signer reads it (`presse.repeats.ParagraphText`): its normalised words."""

    @property
    def words(self) -> list[str]: ...

    @property
    def n_words(self) -> int: ...


# 32 bands of 2 rows: a pair with 3-gram Jaccard s becomes a candidate with probability
# 1 - (1 - s**2)**32: 98.5 % at the near threshold (0.35), 99.97 % at 0.5, 0.3 % at 0.01.
NUM_PERM = 64
BANDS = 32
SEED = 1
# A bucket holding this many paragraphs is a common phrase, not a reprint: it stops growing, which
# keeps each query's cost bounded (near-linear) on collections full of stock phrases.
BUCKET_CAP = 64
# Texts matched per batch (`NearIndex.due`): at least MIN_BATCH, to amortise numpy's per-call cost,
# then a quarter of those indexed, up to MAX_BATCH. Each batch adds a sorted run to every band table;
# batches that grow with the index keep the number of runs, and how often an entry is merged, about
# constant (bench_trail: 100k quotes 3.8 -> 3.6 s CPU). Signing is chunked whatever the batch.
MIN_BATCH = 4096
MAX_BATCH = 1 << 14

_HALF = np.uint64(32)
_LOW = np.uint64(0xFFFFFFFF)
# Keys (what callers index: serials) must fit below a band key in one uint64.
MAX_KEY = (1 << 32) - 1

# Odd 64-bit constants mixing the word ids of a shingle (position-dependent, so order counts).
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93], dtype=np.uint64)


class Signer:
    """Vectorised MinHash (or bottom-2 sketches): signatures for many paragraphs in a few numpy passes."""

    def __init__(
        self,
        num_perm: int = NUM_PERM,
        seed: int = SEED,
        shingle: int = SHINGLE,
        common: frozenset[str] = frozenset(),
        bottom: int = 1,
    ) -> None:
        self.num_perm = num_perm
        # Values kept per permutation: 1 is MinHash; 2 keeps the two smallest (a bottom-2 sketch), so that
        # a 2-row band of one permutation's two values is shared only by texts sharing two shingles.
        if bottom not in (1, 2):
            raise ValueError("bottom must be 1 or 2")
        self.bottom = bottom
        self.seed = seed
        self.shingle = shingle  # words per shingle: paragraphs 3, quotes (short: presse.trail) 2
        # Words whose shingles are not signed when every word of the shingle is one of them (« de la »,
        # « il y »): such shingles are in every text, so they only make chance candidates. A text made
        # of them alone keeps them.
        self.common = common
        perm_a, perm_b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
        self._a = np.asarray(perm_a, dtype=np.uint32)
        self._b = np.asarray(perm_b, dtype=np.uint32)
        self._word_ids: dict[str, int] = {}

    @property
    def width(self) -> int:
        """Values per signature."""
        return self.num_perm * self.bottom

    def _word_id(self, word: str) -> int:
        """A word's stable 64-bit id; its lowest bit says whether it is a `common` word (always 0
        without common words) and 0 is never an id (it pads texts)."""
        wid = int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")
        if self.common:
            wid = wid | 1 if word in self.common else (wid & ~1) or 2
        self._word_ids[word] = wid
        return wid

    def shingle_hashes(self, texts: Sequence[Shingled]) -> tuple[np.ndarray, np.ndarray]:
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
        h32 = (h & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        if self.common and len(texts):
            common = np.ones(len(starts), dtype=bool)
            for i in range(k):
                common &= (ids[starts + i] & np.uint64(1)).astype(bool)
            h32, counts = _drop(h32, counts, common)
        return h32, counts

    def signatures(self, texts: Sequence[Shingled], chunk: int = 1 << 12) -> np.ndarray:
        """(len(texts), width) uint32 signatures of the texts' word k-grams: each permutation's smallest
        value, and with `bottom` 2 then its second smallest (2**32 - 1 when there is none)."""
        hashes, counts = self.shingle_hashes(texts)
        bounds = np.concatenate(([0], np.cumsum(counts)))
        out = np.empty((len(counts), self.width), dtype=np.uint32)
        start = 0
        while start < len(counts):
            # As many texts as fit in about `chunk` shingles (at least one): the (shingles, num_perm)
            # temporaries stay in the core's cache (1 MB at 4,096 shingles). At 131,072 (33 MB each)
            # signing ran from memory and evicted the band tables: 10k paragraphs 0.35 -> 0.19 s CPU,
            # 100k 4.3 -> 1.8 s.
            stop = max(start + 1, int(np.searchsorted(bounds, bounds[start] + chunk, side="right")) - 1)
            part = hashes[bounds[start] : bounds[stop]]
            with np.errstate(over="ignore"):
                permuted = part[:, None] * self._a[None, :] + self._b[None, :]
            offsets = bounds[start:stop] - bounds[start]
            smallest = np.minimum.reduceat(permuted, offsets, axis=0)
            if self.bottom == 1:
                out[start:stop] = smallest
            else:
                rest = np.where(permuted == np.repeat(smallest, counts[start:stop], axis=0), np.uint32(0xFFFFFFFF), permuted)
                out[start:stop, 0::2] = smallest
                out[start:stop, 1::2] = np.minimum.reduceat(rest, offsets, axis=0)
            start = stop
        return out


def _drop(hashes: np.ndarray, counts: np.ndarray, drop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`hashes` without those marked in `drop`, except for a text that would keep none: it keeps all."""
    keep = ~drop
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    kept = np.add.reduceat(keep.astype(np.int64), first)
    keep |= np.repeat(kept == 0, counts)
    return hashes[keep], np.where(kept == 0, counts, kept)


class _BandTable:
    """One band's table of first entries: band key (32 bits) -> the first key indexed with it (below
    2**32), each entry one uint64 (band key above, key below) in sorted numpy runs, merged when a run
    grows to half the one before it (a few runs, O(n log n) merging). 8 bytes an entry against ~80 in
    a dict of Python ints, and a batch's look-ups are one `searchsorted` per run instead of a dict
    probe per key.

    Most band keys looked up are in no bucket: a byte per slot of `seen` (a one-hash Bloom filter, at
    least SEEN_SLOTS_PER_ENTRY slots an entry, so about one absent key in nine passes) turns them away
    before the runs are searched (bench_trail, 100k quotes: look-ups 0.23 -> 0.08 s CPU)."""

    __slots__ = ("runs", "seen", "entries")

    SEEN_SLOTS_PER_ENTRY = 8

    def __init__(self) -> None:
        self.runs: list[np.ndarray] = []
        self.seen = np.zeros(1 << 12, dtype=bool)
        self.entries = 0

    def _slots(self, band_keys: np.ndarray) -> np.ndarray:
        return band_keys & np.uint64(len(self.seen) - 1)

    def lookup(self, band_keys: np.ndarray) -> np.ndarray:
        """The first key of each band key's bucket, -1 where there is none. Sorted band keys are
        looked up faster (the searches walk each run in order)."""
        out = np.full(len(band_keys), -1, dtype=np.int64)
        maybe = np.flatnonzero(self.seen[self._slots(band_keys)])
        wanted = band_keys[maybe]
        low = wanted << _HALF
        for run in self.runs:
            at = np.searchsorted(run, low)
            at[at == len(run)] = 0
            entry = run[at]
            hit = (entry >> _HALF) == wanted
            out[maybe[hit]] = (entry[hit] & _LOW).astype(np.int64)
        return out

    def add(self, band_keys: np.ndarray, values: np.ndarray) -> None:
        """New buckets (band keys in no run yet, each once)."""
        if not len(band_keys):
            return
        self.runs.append(np.sort((band_keys << _HALF) | values.astype(np.uint64)))
        self.entries += len(band_keys)
        if len(self.seen) < self.SEEN_SLOTS_PER_ENTRY * self.entries:
            size = len(self.seen)
            while size < self.SEEN_SLOTS_PER_ENTRY * self.entries:
                size *= 2
            self.seen = np.zeros(size, dtype=bool)
            for run in self.runs:
                self.seen[self._slots(run >> _HALF)] = True
        else:
            self.seen[self._slots(band_keys)] = True
        while len(self.runs) > 1 and len(self.runs[-2]) <= 2 * len(self.runs[-1]):
            self.runs[-2:] = [np.sort(np.concatenate(self.runs[-2:]), kind="stable")]  # two sorted runs: one merge


def _look_up_band(table: _BandTable, column: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For one band of a batch: each band key's first earlier key (-1: none); whether another group of
    the batch has it; whether an earlier text of its own group has it (a sibling: it is then none of
    the two). One stable sort serves all three (and keeps the searches in order): a group's texts are
    consecutive, so its equal band keys are next to each other in it."""
    order = np.argsort(column, kind="stable")
    ordered = column[order]
    same = ordered[1:] == ordered[:-1]
    grouped = groups[order]
    sibling = np.zeros(len(column), dtype=bool)
    sibling[1:] = same & (grouped[1:] == grouped[:-1])
    kept = ordered[~sibling]
    same_kept = kept[1:] == kept[:-1]
    shared_kept = np.zeros(len(kept), dtype=bool)
    shared_kept[1:] |= same_kept
    shared_kept[:-1] |= same_kept
    shared = np.zeros(len(column), dtype=bool)
    shared[~sibling] = shared_kept
    found = table.lookup(ordered)
    found[sibling] = -1
    earlier = np.empty(len(column), dtype=np.int64)
    in_batch = np.empty(len(column), dtype=bool)
    is_sibling = np.empty(len(column), dtype=bool)
    earlier[order] = found
    in_batch[order] = shared
    is_sibling[order] = sibling
    return earlier, in_batch, is_sibling


# A bucket a paragraph's band key found: (band, band key, the bucket's keys after its first, its first
# key); the last two None for a bucket this paragraph would start.
_Bucket = tuple[int, int, list[int] | None, int | None]


class NearIndex:
    """MinHash LSH over paragraphs: candidate near-repeat pairs without comparing all pairs.

    Banding is done here rather than with datasketch's `MinHashLSH`: a band's key is a 32-bit hash of
    its rows, computed for a whole batch in numpy, so no bytes objects are needed. On the
    same 97k signatures, datasketch's query+insert took 10.7 s of CPU, the first in-house banding
    (32 dicts) 1.7 s (bench/README.md). Signatures use datasketch's permutations.

    A bucket is its first key (in a `_BandTable`, numpy) and, rarely, the keys after it (`_more`, a
    dict of lists): most band keys are never seen twice, so a batch is looked up with numpy and only
    the paragraphs sharing a band key with an earlier one go through Python.
    """

    def __init__(self, signer: Signer | None = None, bands: int = BANDS, bucket_cap: int = BUCKET_CAP) -> None:
        self.signer = signer or Signer()
        if self.signer.width % bands:
            raise ValueError("the signature's width must be a multiple of bands")
        self.bands = bands
        self.rows = self.signer.width // bands
        self.bucket_cap = bucket_cap
        self._firsts = [_BandTable() for _ in range(bands)]
        self._more: list[dict[int, list[int]]] = [{} for _ in range(bands)]
        self._pending: list[tuple[int, Shingled]] = []
        self.indexed = 0

    def add(self, key: int, text: Shingled, group: int | None = None) -> None:
        """Queue a paragraph (keys: ints >= 0 in insertion order); it is signed with its batch at `match`.

        Texts of one `group` (parts of one document, added one after the other and matched in one
        batch) are never candidates of each other: a band key a text shares with an earlier one of its
        group is neither looked up nor indexed (the earlier one stands for it). Without a group, a
        text is a group of its own.
        """
        if not 0 <= key <= MAX_KEY:
            raise ValueError(f"keys are 0 to {MAX_KEY}")
        self._pending.append((key, key if group is None else group, text))

    @property
    def pending(self) -> int:
        return len(self._pending)

    @property
    def due(self) -> bool:
        """Whether enough texts are queued for `match` (see MIN_BATCH)."""
        return len(self._pending) >= min(MAX_BATCH, max(MIN_BATCH, self.indexed // 4))

    def band_key_array(self, signatures: np.ndarray) -> np.ndarray:
        """(texts, bands) uint64 below 2**32: a hash of the band's rows. Two different bands share a
        key about once in four billion pairs: one more candidate for the caller's rules to turn away."""
        bands = signatures.reshape(len(signatures), self.bands, self.rows).astype(np.uint64)
        keys = bands[:, :, 0]
        with np.errstate(over="ignore"):
            for r in range(1, self.rows):
                keys = (keys << _HALF) ^ bands[:, :, r] if self.rows == 2 else keys * _MIX[1] + bands[:, :, r]
            return (keys * _MIX[2]) >> _HALF  # multiplicative hashing: the top bits mix every row bit

    def band_keys(self, signatures: np.ndarray) -> list[list[int]]:
        """`band_key_array` as Python ints."""
        return self.band_key_array(signatures).tolist()

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
        signed = self.band_key_array(self.signer.signatures([t for _, _, t in self._pending]))
        keys = np.fromiter((k for k, _, _ in self._pending), dtype=np.int64, count=len(self._pending))
        groups = np.fromiter((g for _, g, _ in self._pending), dtype=np.int64, count=len(self._pending))
        self._pending.clear()
        earlier = np.empty(signed.shape, dtype=np.int64)
        hit = np.empty(signed.shape, dtype=bool)  # the band key is in an earlier bucket or in another group of the batch
        sibling = np.empty(signed.shape, dtype=bool)  # an earlier text of its group has this band key
        for b, table in enumerate(self._firsts):
            earlier[:, b], in_batch, sibling[:, b] = _look_up_band(table, signed[:, b], groups)
            hit[:, b] = in_batch | (earlier[:, b] >= 0)
        # Only the (paragraph, band) pairs that hit go through Python, in order; every other band key
        # starts a bucket nobody in this batch looks for: it is indexed after, in numpy, with the
        # paragraphs that matched nothing.
        rows, bands = np.nonzero(hit)
        in_batch: list[dict[int, int]] = [{} for _ in range(self.bands)]
        found = self._match_hits(rows, bands, keys, signed[rows, bands], earlier[rows, bands], in_batch, confirm)
        unmatched = ~np.isin(keys, np.fromiter(found, dtype=np.int64, count=len(found)))
        self.indexed += int(unmatched.sum())
        for b, table in enumerate(self._firsts):
            new, firsts = unmatched & ~hit[:, b] & ~sibling[:, b], in_batch[b]
            table.add(
                np.concatenate((signed[new, b], np.fromiter(firsts, dtype=np.uint64, count=len(firsts)))),
                np.concatenate((keys[new], np.fromiter(firsts.values(), dtype=np.int64, count=len(firsts)))),
            )
        return found

    def _match_hits(
        self,
        rows: np.ndarray,
        bands: np.ndarray,
        keys: np.ndarray,
        band_keys: np.ndarray,
        firsts: np.ndarray,
        in_batch: list[dict[int, int]],
        confirm: Callable[[int, int], float | None],
    ) -> dict[int, tuple[int, float]]:
        """The batch's paragraphs with a band key that hits, in order, each with its hitting bands:
        candidates, confirmation, and indexing in those bands (a new bucket in the batch's own table
        `in_batch`, a later key in `_more`)."""
        found: dict[int, tuple[int, float]] = {}
        keys_of = keys.tolist()
        hits = zip(rows.tolist(), bands.tolist(), band_keys.tolist(), firsts.tolist(), strict=True)
        for row, its_hits in itertools.groupby(hits, key=itemgetter(0)):
            key = keys_of[row]
            candidates, buckets = self._candidates(its_hits, in_batch)
            for candidate in sorted(candidates):
                similarity = confirm(candidate, key)
                if similarity is not None:
                    found[key] = (candidate, similarity)
                    break
            else:
                self._index_in(buckets, key, in_batch)
        return found

    def _candidates(
        self, hits: Iterable[tuple[int, int, int, int]], in_batch: list[dict[int, int]]
    ) -> tuple[set[int], list[_Bucket]]:
        """One paragraph's candidates from its (row, band, band key, first earlier key) hits, and the
        buckets it would join: (band, band key, the bucket's later keys, its first key; None: new)."""
        cap, more_of = self.bucket_cap, self._more
        candidates: set[int] = set()
        buckets: list[_Bucket] = []
        for _, b, band_key, first in hits:
            if first < 0:
                first = in_batch[b].get(band_key, -1)
                if first < 0:
                    buckets.append((b, band_key, None, None))
                    continue
            more = more_of[b].get(band_key)
            buckets.append((b, band_key, more, first))
            if more is None:
                candidates.add(first)
            elif len(more) + 1 < cap:  # a full bucket is a common phrase: skipped
                candidates.add(first)
                candidates.update(more)
        return candidates, buckets

    def _index_in(self, buckets: list[_Bucket], key: int, in_batch: list[dict[int, int]]) -> None:
        """Index a paragraph that matched nothing in the buckets its hits found (full ones stay full)."""
        for b, band_key, more, first in buckets:
            if first is None:
                in_batch[b][band_key] = key
            elif more is None:
                self._more[b][band_key] = [key]
            elif len(more) + 1 < self.bucket_cap:
                more.append(key)
