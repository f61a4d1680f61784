"""Named entities: spaCy's, then consolidated over the whole document. (Stub: raw spaCy.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Article, Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc


def extract_entities(article: Article, doc: Doc) -> list[Entity]:
    text = article.text
    return [
        Entity(e.start_char, e.end_char, text[e.start_char : e.end_char], e.label_, e.text, article.paragraph_at(e.start_char))
        for e in doc.ents
        if e.label_ in ("PER", "LOC", "ORG", "MISC")
    ]
