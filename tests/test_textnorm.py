"""The copy of the text spaCy reads: same length, ASCII apostrophes, quote marks untouched."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from presse.textnorm import PUNCTUATION_RUN, fold, nlp_copy

APOSTROPHE_LIKE = "’ʼ′`´＇‘"


@given(st.text(alphabet=st.sampled_from("abcdeÉé lLdD'’ʼ‘“”«»\n\t.-_0123456789\u00a0")))
def test_same_length_and_only_apostrophes_change(text: str) -> None:
    copy = nlp_copy(text)
    assert len(copy) == len(text)
    for before, after in zip(text, copy, strict=True):
        assert before == after or (before in APOSTROPHE_LIKE and after == "'") or after == " "


@given(st.text(alphabet=st.sampled_from("’'′ʼ*[#°€$+=—😀 a")))
def test_no_long_run_without_space_reaches_spacy(text: str) -> None:
    """spaCy's tokenizer is quadratic on a run without spaces: the copy never has one of 32 symbols."""
    copy = nlp_copy(text)
    assert len(copy) == len(text)
    assert not re.search(rf"[^\w\s]{{{PUNCTUATION_RUN}}}", copy)
    assert all(b == a or a in (" ", "'") for a, b in zip(copy, text, strict=True))


def test_ordinary_punctuation_is_untouched() -> None:
    text = "« Non ! » … — (voir p. 12) ?!... ----- ***"
    assert nlp_copy(text) == text


@given(st.text())
def test_same_length_on_any_text(text: str) -> None:
    assert len(nlp_copy(text)) == len(text)


def test_typographic_apostrophes_become_ascii() -> None:
    assert nlp_copy("qu’il n’a pas vu l’OTAN") == "qu'il n'a pas vu l'OTAN"
    assert nlp_copy("lʼarmée") == "l'armée"
    assert nlp_copy("l＇Élysée") == "l'Élysée"


def test_left_quote_between_letters_is_an_apostrophe() -> None:
    assert nlp_copy("aujourd‘hui, l‘armée, qu‘Emmanuel") == "aujourd'hui, l'armée, qu'Emmanuel"


def test_left_quote_opening_a_quotation_is_kept() -> None:
    text = "‘Quand Zelenski dit que nous arrêterons’, a déclaré Lanza. Il a dit ‘Paris’ deux fois."
    copy = nlp_copy(text)
    assert copy[0] == "‘"
    assert copy[text.index("‘Paris")] == "‘"
    assert copy.count("‘") == 2


def test_left_quote_next_to_digits_is_kept() -> None:
    assert nlp_copy("les années ‘90 et 1‘2") == "les années ‘90 et 1‘2"


def test_double_quotes_and_guillemets_are_kept() -> None:
    text = "« Bonjour », “oui” et \"non\""
    assert nlp_copy(text) == text


def test_fold_is_an_accent_and_case_insensitive_key() -> None:
    assert fold("  Crimée ") == fold("CRIMEE") == "crimee"
    assert fold("l’Union  soviétique") == "l'union sovietique"
    assert fold("Erdoğan") == "erdogan"
