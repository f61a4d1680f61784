"""One Speaker per person or body quoted, under its canonical name.

A speaker's `quotes` are the indices of its quotes in text order: direct, partial and indirect quotes
(reported speech is their speech too); scare-quoted terms are nobody's. `aliases` are the forms seen: the
words naming the speaker next to its quotes (names, descriptions such as "le porte-parole du Kremlin", never
pronouns) and the entity's other mentions in the article.
"""

from __future__ import annotations

from collections import Counter

from .model import Entity, Quote, Speaker
from .speechverbs import FIRST_PERSON, GROUP_DETERMINERS, ORG_NOUNS, SUBJECT_PRONOUNS

_PRONOUN_FORMS = frozenset(SUBJECT_PRONOUNS) | FIRST_PERSON | {"lui", "eux", "t-il", "t-elle", "t-ils", "t-elles"}


def build_speakers(quotes: list[Quote], entities: list[Entity], text: str | None = None) -> list[Speaker]:
    """Speakers in order of their first quote. `text` (the article's) gives the aliases seen next to quotes."""
    labels = _entity_labels(entities)
    forms: dict[str, list[str]] = {}
    for e in entities:
        forms.setdefault(e.canonical, [])
        if e.text not in forms[e.canonical]:
            forms[e.canonical].append(e.text)
    speakers: dict[str, Speaker] = {}
    for i, q in enumerate(quotes):
        if q.speaker is None or q.kind == "term":
            continue
        sp = speakers.get(q.speaker)
        if sp is None:
            label = labels.get(q.speaker) or _description_label(q.speaker)
            if label == "MISC":
                label = "PER"  # a name the recogniser could not place, that speaks: most often a person
            sp = speakers[q.speaker] = Speaker(q.speaker, label, [], [])
        sp.quotes.append(i)
        alias = _alias(text, q)
        if alias and alias not in sp.aliases:
            sp.aliases.append(alias)
    for sp in speakers.values():
        for form in [sp.name, *forms.get(sp.name, [])]:
            if form not in sp.aliases:
                sp.aliases.append(form)
    return list(speakers.values())


def _entity_labels(entities: list[Entity]) -> dict[str, str]:
    """The most frequent label of each canonical name."""
    counts: dict[str, Counter[str]] = {}
    for e in entities:
        counts.setdefault(e.canonical, Counter())[e.label] += 1
    return {name: c.most_common(1)[0][0] for name, c in counts.items()}


def _alias(text: str | None, q: Quote) -> str | None:
    if text is None or q.speaker_start is None or q.speaker_end is None:
        return None
    form = " ".join(text[q.speaker_start : q.speaker_end].split())
    if not form or form.lower().strip("-") in _PRONOUN_FORMS:
        return None
    return form


def _description_label(name: str) -> str:
    """A speaker that is no entity: a group (`de nombreux habitants`), a body (`le ministère`), or a person."""
    words = name.lower().replace("’", "'").split()
    if not words:
        return "PER"
    if words[0] in GROUP_DETERMINERS and words[-1].endswith(("s", "x")):
        return "GROUP"
    content = [w for w in words if w not in ("le", "la", "l'", "un", "une")]
    if content and content[0].split("'")[-1] in ORG_NOUNS:
        return "ORG"
    return "PER"
