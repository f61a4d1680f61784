"""One Speaker per person or body quoted. (Stub.)"""

from __future__ import annotations

from .model import Entity, Quote, Speaker


def build_speakers(quotes: list[Quote], entities: list[Entity]) -> list[Speaker]:
    return []
