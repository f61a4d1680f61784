"""Quotations found by scanning characters, each attributed to a speaker. (Stub.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Article, Entity, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc


def find_quotes(article: Article, doc: Doc, entities: list[Entity]) -> list[Quote]:
    return []
