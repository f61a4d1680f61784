"""MinHash LSH over paragraphs: candidate near-repeat pairs without comparing all pairs.

MinHash signatures of word 3-grams, computed for a whole batch at once with numpy (datasketch's own
permutations), banded in `NearIndex` (2-row bands packed into ints). Used within a long article
(`presse.repeats`) and across a collection (`presse.collection`); each candidate is then confirmed by
the caller's rules.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
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

# Odd 64-bit constants mixing the word ids of a shingle (position-dependent, so order counts).
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93], dtype=np.uint64)


class Signer:
    """Vectorised MinHash: signatures for many paragraphs in a few numpy passes."""

    def __init__(self, num_perm: int = NUM_PERM, seed: int = SEED, shingle: int = SHINGLE) -> None:
        self.num_perm = num_perm
        self.seed = seed
        self.shingle = shingle  # words per shingle: paragraphs 3, quotes (short: presse.trail) 2
        perm_a, perm_b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
        self._a = np.asarray(perm_a, dtype=np.uint32)
        self._b = np.asarray(perm_b, dtype=np.uint32)
        self._word_ids: dict[str, int] = {}

    def _word_id(self, word: str) -> int:
        wid = int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")
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
        return (h & np.uint64(0xFFFFFFFF)).astype(np.uint32), counts

    def signatures(self, texts: Sequence[Shingled], chunk: int = 1 << 12) -> np.ndarray:
        """(len(texts), num_perm) uint32 MinHash signatures of the texts' word k-grams."""
        hashes, counts = self.shingle_hashes(texts)
        bounds = np.concatenate(([0], np.cumsum(counts)))
        out = np.empty((len(texts), self.num_perm), dtype=np.uint32)
        start = 0
        while start < len(texts):
            # As many texts as fit in about `chunk` shingles (at least one): the (shingles, num_perm)
            # temporaries stay in the core's cache (1 MB at 4,096 shingles). At 131,072 (33 MB each)
            # signing ran from memory and evicted the band tables: 10k paragraphs 0.35 -> 0.19 s CPU,
            # 100k 4.3 -> 1.8 s.
            stop = max(start + 1, int(np.searchsorted(bounds, bounds[start] + chunk, side="right")) - 1)
            part = hashes[bounds[start] : bounds[stop]]
            with np.errstate(over="ignore"):
                permuted = part[:, None] * self._a[None, :] + self._b[None, :]
            out[start:stop] = np.minimum.reduceat(permuted, bounds[start:stop] - bounds[start], axis=0)
            start = stop
        return out


class _BandTable:
    """One band's table of first entries: band key -> the first key indexed with it, as sorted numpy
    runs merged when a run grows to half the one before it (a few runs, O(n log n) merging). 16 bytes
    an entry against ~80 in a dict of Python ints: at 100k paragraphs the 32 tables take 50 MB instead
    of 250, and a batch's look-ups are one `searchsorted` per run instead of a dict probe per key."""

    __slots__ = ("keys", "values")

    def __init__(self) -> None:
        self.keys: list[np.ndarray] = []
        self.values: list[np.ndarray] = []

    def lookup(self, band_keys: np.ndarray) -> np.ndarray:
        """The first key of each band key's bucket, -1 where there is none. Sorted band keys are
        looked up faster (the searches walk each run in order)."""
        out = np.full(len(band_keys), -1, dtype=np.int64)
        for keys, values in zip(self.keys, self.values):
            at = np.searchsorted(keys, band_keys)
            at[at == len(keys)] = 0
            hit = keys[at] == band_keys
            out[hit] = values[at[hit]]
        return out

    def add(self, band_keys: np.ndarray, values: np.ndarray) -> None:
        """New buckets (band keys in no run yet, each once)."""
        if not len(band_keys):
            return
        order = np.argsort(band_keys, kind="stable")
        self.keys.append(band_keys[order])
        self.values.append(values[order])
        while len(self.keys) > 1 and len(self.keys[-2]) <= 2 * len(self.keys[-1]):
            keys, values = np.concatenate(self.keys[-2:]), np.concatenate(self.values[-2:])
            order = np.argsort(keys, kind="stable")
            self.keys[-2:], self.values[-2:] = [keys[order]], [values[order]]


def _look_up_band(table: _BandTable, column: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For one band of a batch: each band key's first earlier key (-1: none), and whether the key
    occurs more than once in the batch. One sort serves both (and keeps the searches in order)."""
    order = np.argsort(column, kind="stable")
    ordered = column[order]
    same = ordered[1:] == ordered[:-1]
    shared = np.zeros(len(column), dtype=bool)
    shared[1:] |= same
    shared[:-1] |= same
    earlier = np.empty(len(column), dtype=np.int64)
    in_batch = np.empty(len(column), dtype=bool)
    earlier[order] = table.lookup(ordered)
    in_batch[order] = shared
    return earlier, in_batch


class NearIndex:
    """MinHash LSH over paragraphs: candidate near-repeat pairs without comparing all pairs.

    Banding is done here rather than with datasketch's `MinHashLSH`: with 2-row bands a band's key
    is the two 32-bit values packed in one int, so no hashing or bytes objects are needed. On the
    same 97k signatures, datasketch's query+insert took 10.7 s of CPU, the first in-house banding
    (32 dicts) 1.7 s (bench/README.md). Signatures use datasketch's permutations.

    A bucket is its first key (in a `_BandTable`, numpy) and, rarely, the keys after it (`_more`, a
    dict of lists): most band keys are never seen twice, so a batch is looked up with numpy and only
    the paragraphs sharing a band key with an earlier one go through Python.
    """

    def __init__(self, signer: Signer | None = None, bands: int = BANDS, bucket_cap: int = BUCKET_CAP) -> None:
        self.signer = signer or Signer()
        if self.signer.num_perm % bands:
            raise ValueError("num_perm must be a multiple of bands")
        self.bands = bands
        self.rows = self.signer.num_perm // bands
        self.bucket_cap = bucket_cap
        self._firsts = [_BandTable() for _ in range(bands)]
        self._more: list[dict[int, list[int]]] = [{} for _ in range(bands)]
        self._pending: list[tuple[int, Shingled]] = []
        self.indexed = 0

    def add(self, key: int, text: Shingled) -> None:
        """Queue a paragraph (keys: ints >= 0 in insertion order); it is signed with its batch at `match`."""
        self._pending.append((key, text))

    @property
    def pending(self) -> int:
        return len(self._pending)

    def band_key_array(self, signatures: np.ndarray) -> np.ndarray:
        """(texts, bands) uint64: the band's rows packed (2 rows of 32 bits: exact), else a polynomial hash."""
        bands = signatures.reshape(len(signatures), self.bands, self.rows).astype(np.uint64)
        keys = bands[:, :, 0]
        with np.errstate(over="ignore"):
            for r in range(1, self.rows):
                keys = (keys << np.uint64(32)) ^ bands[:, :, r] if self.rows == 2 else keys * _MIX[1] + bands[:, :, r]
        return keys

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
        signed = self.band_key_array(self.signer.signatures([t for _, t in self._pending]))
        keys = np.fromiter((k for k, _ in self._pending), dtype=np.int64, count=len(self._pending))
        self._pending.clear()
        earlier = np.empty(signed.shape, dtype=np.int64)
        shared = np.zeros(len(keys), dtype=bool)
        for b, table in enumerate(self._firsts):
            earlier[:, b], in_batch = _look_up_band(table, signed[:, b])
            shared |= in_batch
        shared |= (earlier >= 0).any(axis=1)
        # A paragraph sharing no band key with any other has no candidate and no later one meets it
        # through this batch: indexed at once, in numpy.
        alone = ~shared
        self.indexed += int(alone.sum())
        new_firsts: list[dict[int, int]] = [{} for _ in range(self.bands)]
        found = self._match_shared(np.flatnonzero(shared), keys, signed, earlier, new_firsts, confirm)
        for b, table in enumerate(self._firsts):
            firsts = new_firsts[b]
            table.add(
                np.concatenate((signed[alone, b], np.fromiter(firsts, dtype=np.uint64, count=len(firsts)))),
                np.concatenate((keys[alone], np.fromiter(firsts.values(), dtype=np.int64, count=len(firsts)))),
            )
        return found

    def _match_shared(
        self,
        rows: np.ndarray,
        keys: np.ndarray,
        signed: np.ndarray,
        earlier: np.ndarray,
        new_firsts: list[dict[int, int]],
        confirm: Callable[[int, int], float | None],
    ) -> dict[int, tuple[int, float]]:
        """The paragraphs of the batch that share a band key, in order: candidates, confirmation, and
        indexing (a new bucket goes to `new_firsts`, a later key to `_more`)."""
        cap, more_of = self.bucket_cap, self._more
        found: dict[int, tuple[int, float]] = {}
        for key, band_keys, firsts in zip(keys[rows].tolist(), signed[rows].tolist(), earlier[rows].tolist(), strict=True):
            candidates: set[int] = set()
            buckets: list[tuple[int, list[int] | None] | None] = []
            for b, band_key in enumerate(band_keys):
                first = firsts[b]
                if first < 0:
                    first = new_firsts[b].get(band_key, -1)
                    if first < 0:
                        buckets.append(None)
                        continue
                more = more_of[b].get(band_key)
                buckets.append((first, more))
                if more is None:
                    candidates.add(first)
                elif len(more) + 1 < cap:  # a full bucket is a common phrase: skipped
                    candidates.add(first)
                    candidates.update(more)
            for candidate in sorted(candidates):
                similarity = confirm(candidate, key)
                if similarity is not None:
                    found[key] = (candidate, similarity)
                    break
            else:
                self.indexed += 1
                for b, (band_key, bucket) in enumerate(zip(band_keys, buckets)):
                    if bucket is None:
                        new_firsts[b][band_key] = key
                    elif bucket[1] is None:
                        more_of[b][band_key] = [key]
                    elif len(bucket[1]) + 1 < cap:
                        bucket[1].append(key)
        return found
