"""The attribution state of one article: every stage-1 cue and stage-2 resolver, over one context.

The parts are mixins of one object because they call each other both ways (a pronoun's antecedent is
found by resolving noun phrases, a noun phrase by a subject's pronoun); each part lives in its own module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .context import Context
from .cues_after import CuesAfter
from .cues_before import CuesBefore
from .indirect import IndirectSpeech
from .people import People
from .phrases import NounPhrases
from .pronouns import Pronouns
from .resolution import Resolution
from .subjects import Subjects

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..model import Article, Entity


class Attributor(CuesAfter, CuesBefore, IndirectSpeech, Subjects, Pronouns, Resolution, NounPhrases, People, Context):
    def __init__(self, article: Article, doc: Doc, entities: list[Entity], quote_extents: list[tuple[int, int]]):
        Context.__init__(self, article, doc, entities, quote_extents)
        self._init_people()
