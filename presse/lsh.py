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

    def __init__(self, num_perm: int = NUM_PERM, seed: int = SEED) -> None:
        self.num_perm = num_perm
        self.seed = seed
        perm_a, perm_b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
        self._a = np.asarray(perm_a, dtype=np.uint32)
        self._b = np.asarray(perm_b, dtype=np.uint32)
        self._word_ids: dict[str, int] = {}

    def _word_id(self, word: str) -> int:
        wid = int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")
        self._word_ids[word] = wid
        return wid

    def shingle_hashes(self, texts: Sequence[Shingled]) -> tuple[np.ndarray, np.ndarray]:
        """32-bit hashes of every text's word 3-grams, concatenated, and how many each text has.

        Stable (blake2b word ids, no `hash()`): the same words give the same values in any process.
        Vectorised over the whole batch: the word ids of all texts go into one array, each text
        followed by k-1 zeros so that no shingle spans two texts (a text shorter than k words
        gets one shingle, padded with those zeros).
        """
        k = SHINGLE
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
        """(len(texts), num_perm) uint32 MinHash signatures of the texts' word 3-grams."""
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
        self._pending: list[tuple[int, Shingled]] = []
        self.indexed = 0

    def add(self, key: int, text: Shingled) -> None:
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
