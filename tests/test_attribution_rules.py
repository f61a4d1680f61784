"""Attribution rules on hand-built Docs (no model; see tests/quote_doc.py), one case a row: each rule finds
its speaker and abstains on a near miss. Stage-1 sieves (sentence_before, the perception test of
`reported`, a detached auxiliary, `Pour X …,`, `comme le précise X`, `selon` stopping at ; :), stage-2
resolution (pronoun salience, body-noun subjects, `l'ONG`, parentheses), the `nearest` fallback's bounds,
the final guard, and the tokenizer's glued full stop.
"""

from __future__ import annotations

import pytest

from presse.quotes import guard, sieves
from presse.quotes.finder import find_quotes, prepare
from presse.quotes.mentions import Resolved
from tests.quote_doc import build

MASC = "Gender=Masc|Number=Sing"
PART = "Tense=Past|VerbForm=Part"

CASES = {
    # name: (sieve, tokens, names, index of the quote, expected speaker or None)
    "sentence_before: the subject of the speech verb of the sentence before": (
        sieves.sentence_before,
        "La/DET/1/det porte-parole/NOUN/3/nsubj a/AUX/3/aux:tense/avoir nuancé/VERB/3/ROOT/nuancer "
        "les/DET/5/det chiffres/NOUN/3/obj ./PUNCT/3/punct «/PUNCT/10/punct On/PRON/10/nsubj "
        "a/AUX/10/aux:tense/avoir constaté/VERB/10/ROOT/constater ./PUNCT/10/punct »/PUNCT/10/punct",
        [], 0, "La porte-parole",
    ),
    "sentence_before: a subject that cannot speak": (
        sieves.sentence_before,
        "La/DET/1/det situation/NOUN/3/nsubj a/AUX/3/aux:tense/avoir nuancé/VERB/3/ROOT/nuancer "
        "les/DET/5/det chiffres/NOUN/3/obj ./PUNCT/3/punct «/PUNCT/10/punct On/PRON/10/nsubj "
        "a/AUX/10/aux:tense/avoir constaté/VERB/10/ROOT/constater ./PUNCT/10/punct »/PUNCT/10/punct",
        [], 0, None,
    ),
    "sentence_before: a verb that is not of speech": (
        sieves.sentence_before,
        "La/DET/1/det porte-parole/NOUN/3/nsubj a/AUX/3/aux:tense/avoir quitté/VERB/3/ROOT/quitter "
        "la/DET/5/det salle/NOUN/3/obj ./PUNCT/3/punct «/PUNCT/10/punct On/PRON/10/nsubj "
        "a/AUX/10/aux:tense/avoir constaté/VERB/10/ROOT/constater ./PUNCT/10/punct »/PUNCT/10/punct",
        [], 0, None,
    ),
    "sentence_before: never across a paragraph": (
        sieves.sentence_before,
        "La/DET/1/det porte-parole/NOUN/3/nsubj a/AUX/3/aux:tense/avoir nuancé/VERB/3/ROOT/nuancer "
        "les/DET/5/det chiffres/NOUN/3/obj ./PUNCT/3/punct ¶ «/PUNCT/10/punct On/PRON/10/nsubj "
        "a/AUX/10/aux:tense/avoir constaté/VERB/10/ROOT/constater ./PUNCT/10/punct »/PUNCT/10/punct",
        [], 0, None,
    ),
    "reported: a verb of noticing with a noun object is a perception": (
        sieves.reported,
        "Les/DET/1/det agresseurs/NOUN/3/nsubj ont/AUX/3/aux:tense/avoir remarqué/VERB/3/ROOT/remarquer "
        "sur/ADP/6/case la/DET/6/det victime/NOUN/3/obl:mod un/DET/9/det «/PUNCT/9/punct signe/NOUN/3/obj "
        "»/PUNCT/9/punct ./PUNCT/3/punct",
        [], 0, None,
    ),
    "reported: a verb of noticing with que reports speech": (
        sieves.reported,
        "Marie/PROPN/3/nsubj Curie/PROPN/0/flat:name a/AUX/3/aux:tense/avoir constaté/VERB/3/ROOT/constater "
        "que/SCONJ/9/mark la/DET/6/det situation/NOUN/9/nsubj était/AUX/9/cop/être «/PUNCT/9/punct "
        "grave/ADJ/3/ccomp »/PUNCT/9/punct ./PUNCT/3/punct",
        [(0, 2, "PER")], 0, "Marie Curie",
    ),
    "before: an auxiliary the parse cut from its participle (a de son côté dénoncé)": (
        sieves.before_quote,
        "Le/DET/1/det gouvernement/NOUN/6/nsubj/gouvernement/" + MASC + " malien/ADJ/1/amod ,/PUNCT/1/punct "
        "impuissant/NOUN/1/amod ,/PUNCT/6/punct a/VERB/6/ROOT/avoir de/ADP/9/case son/DET/9/det "
        "côté/NOUN/6/obj dénoncé/VERB/9/acl/dénoncer/" + PART + " «/PUNCT/13/punct la/DET/13/det "
        "furie/NOUN/6/obj »/PUNCT/13/punct ./PUNCT/6/punct",
        [], 0, "Le gouvernement malien",
    ),
    "before: a participle used as an adjective is no verb": (
        sieves.before_quote,
        "Les/DET/1/det mesures/NOUN/4/nsubj dénoncées/VERB/1/acl/dénoncer/" + PART + " sont/AUX/4/cop/être "
        "«/PUNCT/4/punct graves/ADJ/4/ROOT »/PUNCT/4/punct ./PUNCT/4/punct",
        [], 0, None,
    ),
    "selon: Pour + a body noun with a participle and its complement, then a comma": (
        sieves.selon,
        "HRW/PROPN/1/nsubj publie/VERB/1/ROOT/publier un/DET/3/det rapport/NOUN/1/obj ./PUNCT/1/punct "
        "Pour/ADP/7/case l'/DET/7/det organisation/NOUN/15/obl:mod militant/ADJ/7/acl pour/ADP/11/case "
        "les/DET/11/det droits/NOUN/7/nmod ,/PUNCT/15/punct il/PRON/15/expl:subj s'/PRON/15/expl:comp "
        "agit/VERB/15/ROOT/agir d'/ADP/19/case «/PUNCT/19/punct une/DET/19/det politique/NOUN/15/obl:arg "
        "»/PUNCT/19/punct ./PUNCT/15/punct",
        [(0, 1, "ORG")], 0, "HRW",
    ),
    "selon: Pour + a noun that cannot speak": (
        sieves.selon,
        "Pour/ADP/2/case la/DET/2/det fois/NOUN/10/obl:mod suivante/ADJ/2/amod depuis/ADP/5/case "
        "mars/NOUN/2/nmod ,/PUNCT/10/punct il/PRON/10/expl:subj s'/PRON/10/expl:comp agit/VERB/10/ROOT/agir "
        "d'/ADP/14/case «/PUNCT/14/punct une/DET/14/det politique/NOUN/10/obl:arg »/PUNCT/14/punct ./PUNCT/10/punct",
        [], 0, None,
    ),
    "selon: « … », selon X": (
        sieves.selon,
        "«/PUNCT/2/punct Nous/PRON/2/nsubj partons/VERB/2/ROOT/partir »/PUNCT/2/punct ,/PUNCT/6/punct "
        "selon/ADP/6/case Marie/PROPN/2/obl:mod Curie/PROPN/6/flat:name ./PUNCT/2/punct",
        [(6, 8, "PER")], 0, "Marie Curie",
    ),
    "selon: past a semicolon another clause begins": (
        sieves.selon,
        "«/PUNCT/2/punct Nous/PRON/2/nsubj partons/VERB/2/ROOT/partir »/PUNCT/2/punct ;/PUNCT/6/punct "
        "selon/ADP/6/case Marie/PROPN/9/obl:mod Curie/PROPN/6/flat:name ,/PUNCT/9/punct tout/PRON/10/nsubj "
        "change/VERB/2/parataxis/changer ./PUNCT/2/punct",
        [(6, 8, "PER")], 0, None,
    ),
    "reported: comme le rappelle X puts the subject after the verb": (
        sieves.reported,
        "La/DET/1/det Cour/PROPN/2/nsubj agit/VERB/2/ROOT/agir ,/PUNCT/6/punct comme/SCONJ/6/mark "
        "le/PRON/6/obj rappelle/VERB/2/advcl/rappeler HRW/PROPN/6/nsubj ,/PUNCT/11/punct «/PUNCT/11/punct "
        "trop/ADV/11/advmod tard/ADV/2/advmod »/PUNCT/11/punct ./PUNCT/2/punct",
        [(0, 2, "ORG"), (7, 8, "ORG")], 0, "HRW",
    ),
    "before: l'ONG is the body named last": (
        sieves.before_quote,
        "HRW/PROPN/1/nsubj publie/VERB/1/ROOT/publier un/DET/3/det rapport/NOUN/1/obj ./PUNCT/1/punct "
        "L'/DET/6/det ONG/NOUN/7/nsubj précise/VERB/7/ROOT/préciser que/SCONJ/12/mark «/PUNCT/12/punct "
        "la/DET/11/det torture/NOUN/12/nsubj continue/VERB/7/ccomp/continuer »/PUNCT/12/punct ./PUNCT/7/punct",
        [(0, 1, "ORG")], 0, "HRW",
    ),
    "pronoun: a person named in the quote's paragraph outranks a subject of the paragraph before": (
        sieves.before_quote,
        "Paul/PROPN/3/nsubj Durand/PROPN/0/flat:name a/AUX/3/aux:tense/avoir parlé/VERB/3/ROOT/parler "
        "./PUNCT/3/punct ¶ Le/DET/6/det débat/NOUN/9/nsubj:pass a/AUX/9/aux:tense/avoir été/AUX/9/aux:pass/être "
        "lancé/VERB/9/ROOT/lancer par/ADP/11/case Jean/PROPN/9/obl:agent Petit/PROPN/11/flat:name ./PUNCT/9/punct "
        "Il/PRON/16/nsubj a/AUX/16/aux:tense/avoir déclaré/VERB/16/ROOT/déclarer :/PUNCT/16/punct "
        "«/PUNCT/19/punct Non/ADV/16/parataxis ./PUNCT/19/punct »/PUNCT/19/punct",
        [(0, 2, "PER"), (11, 13, "PER")], 0, "Jean Petit",
    ),
    "pronoun: a body noun subject of the paragraph, no person named since": (
        sieves.before_quote,
        "Marie/PROPN/3/nsubj Curie/PROPN/0/flat:name a/AUX/3/aux:tense/avoir parlé/VERB/3/ROOT/parler "
        "./PUNCT/3/punct ¶ Le/DET/6/det gouvernement/NOUN/8/nsubj/gouvernement/" + MASC + " a/AUX/8/aux:tense/avoir "
        "fixé/VERB/8/ROOT/fixer un/DET/10/det objectif/NOUN/8/obj ./PUNCT/8/punct Il/PRON/14/nsubj "
        "a/AUX/14/aux:tense/avoir déclaré/VERB/14/ROOT/déclarer que/SCONJ/18/mark «/PUNCT/18/punct "
        "cela/PRON/18/nsubj suffit/VERB/14/ccomp/suffire »/PUNCT/18/punct ./PUNCT/14/punct",
        [(0, 2, "PER")], 0, "Le gouvernement",
    ),
    "pronoun: a person named after the body noun subject": (
        sieves.before_quote,
        "Le/DET/1/det gouvernement/NOUN/3/nsubj/gouvernement/" + MASC + " a/AUX/3/aux:tense/avoir "
        "nommé/VERB/3/ROOT/nommer Paul/PROPN/3/obj Durand/PROPN/4/flat:name ./PUNCT/3/punct Il/PRON/9/nsubj "
        "a/AUX/9/aux:tense/avoir déclaré/VERB/9/ROOT/déclarer que/SCONJ/13/mark «/PUNCT/13/punct "
        "cela/PRON/13/nsubj suffit/VERB/9/ccomp/suffire »/PUNCT/13/punct ./PUNCT/9/punct",
        [(4, 6, "PER")], 0, "Paul Durand",
    ),
    "pronoun: a body subject of a subordinate clause is not the antecedent": (
        sieves.after_quote,
        "Paul/PROPN/3/nsubj Durand/PROPN/0/flat:name a/AUX/3/aux:tense/avoir rappelé/VERB/3/ROOT/rappeler "
        "que/SCONJ/8/mark le/DET/6/det groupe/NOUN/8/nsubj/groupe/" + MASC + " avait/AUX/8/aux:tense/avoir "
        "changé/VERB/3/ccomp/changer ./PUNCT/3/punct «/PUNCT/13/punct C'/PRON/13/nsubj est/AUX/13/cop/être "
        "fini/ADJ/13/ROOT »/PUNCT/13/punct ,/PUNCT/19/punct a/AUX/19/aux:tense/avoir -t/PRON/19/dep "
        "-il/PRON/19/nsubj insisté/VERB/13/parataxis/insister ./PUNCT/13/punct",
        [(0, 2, "PER")], 0, "Paul Durand",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_rule(name: str) -> None:
    sieve, tokens, names, index, expected = CASES[name]
    article, doc, entities = build(tokens, names)
    att, found = prepare(article, doc, entities)
    who = sieve(att, found[index])
    assert (who.name if who else None) == expected, article.text


def test_the_sentence_before_comes_after_the_cues_around_the_quote() -> None:
    assert [s.name for s in sieves.SIEVES][-1] == "sentence_before"


def test_a_name_inside_a_parenthesis_is_no_subject_to_refer_to() -> None:
    article, doc, entities = build(
        "Marie/PROPN/3/nsubj Curie/PROPN/0/flat:name a/AUX/3/aux:tense/avoir parlé/VERB/3/ROOT/parler "
        "(/PUNCT/7/punct Paul/PROPN/7/nsubj Durand/PROPN/5/flat:name déplora/VERB/3/parataxis/déplorer "
        "un/DET/9/det discours/NOUN/7/obj )/PUNCT/7/punct ./PUNCT/3/punct",
        [(0, 2, "PER"), (5, 7, "PER")],
    )
    att, _ = prepare(article, doc, entities)
    assert [e.canonical for _, e in att.subject_mentions] == ["Marie Curie"]
    assert [e.canonical for _, e in att.person_mentions] == ["Marie Curie", "Paul Durand"]


# Three paragraphs: a person in each of the first two, a sentence with no one in the third.
THREE = (
    "Marie/PROPN/3/nsubj Curie/PROPN/0/flat:name est/AUX/3/aux:tense/être arrivée/VERB/3/ROOT/arriver ./PUNCT/3/punct "
    "¶ Paul/PROPN/8/nsubj Durand/PROPN/5/flat:name est/AUX/8/aux:tense/être parti/VERB/8/ROOT/partir ./PUNCT/8/punct "
    "¶ La/DET/11/det réunion/NOUN/12/nsubj continue/VERB/12/ROOT/continuer ./PUNCT/12/punct"
)


def test_nearest_stays_in_the_paragraph_before() -> None:
    article, doc, entities = build(THREE, [(0, 2, "PER"), (5, 7, "PER")])
    att, _ = prepare(article, doc, entities)
    end = len(article.text)
    assert att.nearest_speaker(end - 1).name == "Paul Durand"
    only_first = build(THREE, [(0, 2, "PER")])
    att, _ = prepare(*only_first)
    assert att.nearest_speaker(end - 1) is None  # two paragraphs back: too far to guess


def test_nearest_never_reaches_past_another_quotes_speaker() -> None:
    article, doc, entities = build(THREE, [(0, 2, "PER"), (5, 7, "PER")])
    att, _ = prepare(article, doc, entities)
    after_paul = doc[9].idx  # the full stop after `parti`
    att.note_speaker(Resolved("Febelfin", "ORG", None, None, "précisé"), after_paul)
    assert att.nearest_speaker(len(article.text) - 1).name == "Febelfin"


def test_no_cue_and_the_only_person_two_paragraphs_back_gives_no_speaker() -> None:
    article, doc, entities = build(
        THREE.replace("continue/VERB/12/ROOT/continuer", "est/AUX/12/ROOT/être «/PUNCT/14/punct tendue/ADJ/12/xcomp "
                      "»/PUNCT/14/punct").replace("./PUNCT/12/punct", "./PUNCT/12/punct"),
        [(0, 2, "PER")],
    )
    quotes = [q for q in find_quotes(article, doc, entities) if q.kind != "indirect"]
    assert quotes and all(q.speaker is None for q in quotes)


GUARD = {
    # name: (speaker found, label, named, article's people, speaker shown)
    "a first name alone is the one full name": ("Jean-Marie", "PER", True, ["Jean-Marie Le Pen", "Marine Le Pen"], "Jean-Marie Le Pen"),
    "a description ending in a first name": ("l'ancien leader Jean-Marie", "PER", False, ["Jean-Marie Le Pen"], "Jean-Marie Le Pen"),
    "a first name two people share stays": ("Jean", "PER", True, ["Jean Dupont", "Jean Martin"], "Jean"),
    "a full name stays": ("Marine Le Pen", "PER", True, ["Jean-Marie Le Pen", "Marine Le Pen"], "Marine Le Pen"),
    "a bare lowercase word is no one": ("an", "ORG", False, [], None),
    "an anaphoric body noun alone is no one": ("l'ONG", "ORG", False, [], None),
    "a capitalised role noun alone is no one": ("Président-candidat", "PER", True, [], None),
    "a role description stays": ("le premier ministre", "PER", False, [], "le premier ministre"),
    "a group stays": ("deux soudeurs", "GROUP", False, [], "deux soudeurs"),
    "a body named in full stays": ("Human Rights Watch", "ORG", True, [], "Human Rights Watch"),
}


@pytest.mark.parametrize("name", list(GUARD))
def test_guard(name: str) -> None:
    from presse.model import Entity

    said, label, named, people, shown = GUARD[name]
    entities = [Entity(0, len(p), p, "PER", p, 0) for p in people]  # type: ignore[arg-type]
    who = guard.clean(Resolved(said, label, None, None, "dit", named=named), guard.full_names(entities))
    assert (who.name if who else None) == shown


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("mal-formé ».Pour le collectif", ["mal-formé", "»", ".", "Pour", "le", "collectif"]),
        ("hier.Le jour", ["hier", ".", "Le", "jour"]),
        ("M.Dupont a dit", ["M.Dupont", "a", "dit"]),  # an initial stays with its name
        ("le site lemonde.fr", ["le", "site", "lemonde.fr"]),
        ("3.5 millions", ["3.5", "millions"]),
    ],
)
def test_a_full_stop_glued_to_the_next_sentence_is_its_own_token(text: str, tokens: list[str]) -> None:
    import spacy

    from presse.nlp import split_glued_sentences

    nlp = spacy.blank("fr")
    split_glued_sentences(nlp)
    assert [t.text for t in nlp.make_doc(text)] == tokens
