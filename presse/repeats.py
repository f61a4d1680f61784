"""Repeated paragraphs. (Stub.)"""

from __future__ import annotations

from .model import Article, Repeat


def find_repeats(article: Article) -> list[Repeat]:
    return []
