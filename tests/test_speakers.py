"""build_speakers: one Speaker per canonical name, its aliases, its quotes in text order."""

from __future__ import annotations

from presse.model import Entity, Quote
from presse.speakers import build_speakers

TEXT = (
    "Le porte-parole du Kremlin, Dmitri Peskov, a parlé. Peskov a dit non. Il a ajouté. "
    "De nombreux habitants ont protesté. Le ministère a répondu."
)


def span(s: str) -> tuple[int, int]:
    i = TEXT.index(s)
    return i, i + len(s)


def q(kind: str, speaker: str | None, who: str | None, start: int) -> Quote:
    a, b = span(who) if who else (None, None)
    return Quote(start, start + 3, "xyz", 0, kind, speaker, a, b, "dit")  # type: ignore[arg-type]


ENTITIES = [
    Entity(*span("Dmitri Peskov"), "Dmitri Peskov", "PER", "Dmitri Peskov", 0),
    Entity(*span("Peskov a"), "Peskov", "PER", "Dmitri Peskov", 0),
    Entity(*span("Kremlin"), "Kremlin", "ORG", "Kremlin", 0),
]


def test_one_speaker_per_canonical_name_with_aliases_and_ordered_quotes():
    quotes = [
        q("direct", "Dmitri Peskov", "Le porte-parole du Kremlin, Dmitri Peskov", 0),
        q("term", None, None, 10),
        q("direct", "Dmitri Peskov", "Peskov", 20),
        q("indirect", "Dmitri Peskov", "Il", 30),
        q("partial", "de nombreux habitants", "De nombreux habitants", 40),
        q("direct", "le ministère", "Le ministère", 50),
    ]
    quotes[0].end = 3
    speakers = build_speakers(quotes, ENTITIES, TEXT)
    assert [s.name for s in speakers] == ["Dmitri Peskov", "de nombreux habitants", "le ministère"]
    peskov = speakers[0]
    assert peskov.label == "PER"
    assert peskov.quotes == [0, 2, 3]  # the term (1) is nobody's; indirect speech is listed
    assert peskov.aliases[:2] == ["Le porte-parole du Kremlin, Dmitri Peskov", "Peskov"]
    assert "Dmitri Peskov" in peskov.aliases and "Il" not in peskov.aliases
    assert speakers[1].label == "GROUP" and speakers[1].quotes == [4]
    assert speakers[2].label == "ORG"


def test_organisation_label_comes_from_the_entities():
    quotes = [q("direct", "Kremlin", "Kremlin", 0)]
    (kremlin,) = build_speakers(quotes, ENTITIES, TEXT)
    assert kremlin.label == "ORG" and kremlin.aliases == ["Kremlin"]


def test_no_quotes_no_speakers_and_text_is_optional():
    assert build_speakers([], ENTITIES) == []
    (s,) = build_speakers([q("direct", "Dmitri Peskov", "Peskov", 0)], ENTITIES)
    assert s.aliases == ["Dmitri Peskov", "Peskov"]
