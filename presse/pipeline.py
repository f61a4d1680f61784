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


def analyze_doc(article: Article, doc: Doc, model: str) -> Analysis:
    """Everything after spaCy: `doc` was made from `nlp_copy(article.text)`."""
    entities = extract_entities(article, doc)
    quotes = find_quotes(article, doc, entities)
    return Analysis(
        article=article,
        model=model,
        entities=entities,
        quotes=quotes,
        speakers=build_speakers(quotes, entities),
        repeats=find_repeats(article),
    )


def analyze(article: Article, model: str = nlp_mod.DEFAULT_MODEL) -> Analysis:
    nlp = nlp_mod.load(model)
    return analyze_doc(article, nlp(nlp_copy(article.text)), nlp_mod.model_id(model))


def analyze_many(
    articles: Iterable[Article],
    model: str = nlp_mod.DEFAULT_MODEL,
    nlp: Language | None = None,
    batch_size: int = 16,
) -> Iterator[Analysis]:
    """Analyses in input order, spaCy batching the texts (within-article repeats only)."""
    nlp = nlp or nlp_mod.load(model)
    mid = nlp_mod.model_id(model)
    pending: list[Article] = []

    def texts() -> Iterator[str]:
        for article in articles:
            pending.append(article)
            yield nlp_copy(article.text)

    for doc in nlp.pipe(texts(), batch_size=batch_size):
        yield analyze_doc(pending.pop(0), doc, mid)
