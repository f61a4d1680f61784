"""sources -> spaCy -> entities -> quotes and speakers -> repeats -> Analysis."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from . import nlp as nlp_mod
from .entities import extract_entities
from .model import Analysis, Article
from .quotes import find_quotes
from .repeats import find_repeats
from .speakers import build_speakers
from .textnorm import nlp_copy

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# spaCy refuses texts over nlp.max_length (1M chars) and its memory grows with the text in flight: long
# articles go through spaCy in slices of whole paragraphs, joined back into one Doc over the whole text,
# and a batch holds at most BATCH_CHARS characters (or `batch_size` texts), so memory stays bounded
# whatever the article's length. Measured on a 1.1 MB article (bench/bench_big.py): 16 slices of 50,000
# characters at once peaked at 3.2 GB; batches of 100,000 characters keep the process under 1 GB.
CHUNK_CHARS = 20_000
BATCH_CHARS = 100_000


def analyze_doc(article: Article, doc: Doc, model: str) -> Analysis:
    """Everything after spaCy: `doc` was made from `nlp_copy(article.text)`."""
    entities = extract_entities(article, doc)
    quotes = find_quotes(article, doc, entities)
    return Analysis(
        article=article,
        model=model,
        entities=entities,
        quotes=quotes,
        speakers=build_speakers(quotes, entities, article.text),
        repeats=find_repeats(article),
    )


def analyze(article: Article, model: str = nlp_mod.DEFAULT_MODEL) -> Analysis:
    return next(analyze_many([article], model=model))


def chunk_bounds(article: Article, limit: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Contiguous slices covering the whole text, cut between paragraphs (or at a space in a huge one)."""
    text = article.text
    n = len(text)
    if n <= limit:
        return [(0, n)]
    edges = [0, *(p.start for p in article.paragraphs[1:]), n]
    bounds: list[tuple[int, int]] = []
    start = 0
    for seg_start, seg_end in zip(edges, edges[1:]):
        if seg_end - start <= limit:
            continue  # the slice can take this paragraph too
        if seg_start > start:
            bounds.append((start, seg_start))
            start = seg_start
        while seg_end - start > limit:  # one paragraph longer than the limit
            space = text.rfind(" ", start + limit // 2, start + limit)
            cut = space + 1 if space != -1 else start + limit
            bounds.append((start, cut))
            start = cut
    if start < n:
        bounds.append((start, n))
    return bounds


def analyze_many(
    articles: Iterable[Article],
    model: str = nlp_mod.DEFAULT_MODEL,
    nlp: Language | None = None,
    batch_size: int = 16,
) -> Iterator[Analysis]:
    """Analyses in input order, spaCy batching the texts (within-article repeats only)."""
    nlp = nlp or nlp_mod.load(model)
    mid = nlp_mod.model_id(model)
    # (article, number of slices) in input order; slices stream through nlp.pipe.
    pending: list[tuple[Article, int]] = []

    def slices() -> Iterator[str]:
        for article in articles:
            copy = nlp_copy(article.text)
            bounds = chunk_bounds(article, CHUNK_CHARS)
            pending.append((article, len(bounds)))
            for start, end in bounds:
                yield copy[start:end]

    docs: list[Doc] = []
    for texts in bounded_batches(slices(), batch_size, BATCH_CHARS):
        for doc in nlp.pipe(texts, batch_size=len(texts)):
            docs.append(_lean(doc))
            while pending and len(docs) >= pending[0][1]:
                article, count = pending.pop(0)
                parts, docs = docs[:count], docs[count:]
                yield analyze_doc(article, parts[0] if count == 1 else _join(parts), mid)


def bounded_batches(texts: Iterable[str], max_texts: int, max_chars: int) -> Iterator[list[str]]:
    """Consecutive batches of at most `max_texts` texts and `max_chars` characters (a longer text alone)."""
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and (len(batch) >= max_texts or size + len(text) > max_chars):
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield batch


def _lean(doc: Doc) -> Doc:
    """Drop the tok2vec tensor (96 floats a token) once the pipeline ran: no later step reads it,
    and a long article keeps all its slices until the last one is parsed."""
    import numpy

    doc.tensor = numpy.zeros((0,), dtype="float32")
    return doc


def _join(parts: list[Doc]) -> Doc:
    from spacy.tokens import Doc

    return Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor"])
