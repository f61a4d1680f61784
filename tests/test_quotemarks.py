"""The quote-mark scanner, without spaCy: unit tests for each mark rule, and property tests."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from presse.quotemarks import QUOTE_CHARS, SPACES, scan, scan_paragraph
from presse.speechverbs import find_incise, inverted_speech_at, is_speech_verb, starts_with_speech_cue

NBSP = "\u00a0"
NNBSP = "\u202f"


def quotes(text: str) -> list[str]:
    return [text[s.start : s.end] for s in scan_paragraph(text, 0, len(text))]


def test_guillemets_with_no_break_spaces_inside():
    assert quotes(f"Il a dit :{NBSP}«{NBSP}Nous irons jusqu'au bout{NBSP}», puis il est parti.") == ["Nous irons jusqu'au bout"]
    assert quotes(f"«{NNBSP}Oui{NNBSP}», a-t-il répondu.") == ["Oui"]


def test_english_german_and_single_marks():
    assert quotes("“C’est faux”, a-t-il dit.") == ["C’est faux"]
    assert quotes("Er sagte „Das ist falsch“ gestern.") == ["Das ist falsch"]
    assert quotes("Il parle d’une ‹ victoire › sans lendemain.") == ["victoire"]
    assert quotes('Il a parlé d\'un "plan secret" hier.') == ["plan secret"]
    assert quotes("Il a lâché ‘jamais’ devant la presse.") == ["jamais"]


def test_mixed_pairs_of_machine_translation():
    assert quotes("‘Quand il dit cela, il ment”, a déclaré Lanza.") == ["Quand il dit cela, il ment"]
    assert quotes("«C’est la fin”, a-t-il dit.") == ["C’est la fin"]


def test_apostrophes_are_not_marks():
    text = "L’armée d’aujourd’hui n’est pas celle qu’on croit, c’est l’évidence."
    assert quotes(text) == []
    assert quotes("Il a déclaré qu’« aucune école ne sera oubliée ».") == ["aucune école ne sera oubliée"]
    assert quotes("Il a déclaré qu'« aucune école ne sera oubliée ».") == ["aucune école ne sera oubliée"]


def test_unclosed_opener_ends_at_next_attributed_quote():
    text = "«C’est complètement faux. “C’est de la pure fiction”, a déclaré Peskov. “Il n’y a pas eu de conversation”."
    assert quotes(text) == ["C’est complètement faux.", "C’est de la pure fiction", "Il n’y a pas eu de conversation"]


def test_unclosed_opener_runs_to_the_end_of_its_paragraph():
    assert quotes("« Ce que nous allons dire, c’est : savez-vous ? Et commençons.") == [
        "Ce que nous allons dire, c’est : savez-vous ? Et commençons."
    ]
    text = "« Nous commencerons par là.\n\nLe reste suit."
    assert [text[s.start : s.end] for _, s in scan(text, [(0, 27), (29, len(text))])] == ["Nous commencerons par là."]


def test_nested_quotes_stay_one_outer_quote():
    assert quotes("« Il y a eu 261 cas de « réelle » fraude, pas plus », a-t-il dit.") == [
        "Il y a eu 261 cas de « réelle » fraude, pas plus"
    ]
    assert quotes("« Le texte exact, c'est 'a little girl', rien d'autre », précise-t-elle.") == [
        "Le texte exact, c'est 'a little girl', rien d'autre"
    ]


def test_nested_quote_in_an_unclosed_paragraph_is_absorbed():
    text = "« Certains parents m'ont dit : « Mes enfants ont froid ». Ce n'est plus acceptable."
    assert quotes(text) == ["Certains parents m'ont dit : « Mes enfants ont froid ». Ce n'est plus acceptable."]


def test_straight_double_quotes_toggle():
    assert quotes('"Nous gagnerons", a-t-il dit. "Demain."') == ["Nous gagnerons", "Demain."]


def test_closer_without_opener_keeps_the_text_before_it():
    # whether it is kept as a quotation depends on a speech verb after it (see test_quotes)
    assert quotes("C’est de la fiction”, a déclaré Peskov.") == ["C’est de la fiction"]


def test_no_quote_of_marks_or_spaces_only():
    assert quotes(f"«{NBSP}» “ ” « « » »") == []


def test_incises_inside_quotations():
    def incise(body: str) -> str | None:
        found = find_incise(body)
        return body[found[0] : found[1]] if found else None

    assert incise("Nous sommes prêts, a déclaré le ministre. Nous attendons.") == "a déclaré le ministre"
    assert incise("Ce n'est pas le moment, explique-t-il, il faut attendre") == "explique-t-il"
    assert incise("Il faut attendre, a-t-elle ajouté, puis agir") == "a-t-elle ajouté"
    assert incise("Je pense, et je le dis, que non") is None
    assert incise("C’est de la pure fiction, ce ne sont que de fausses informations") is None


def test_speech_cues_on_words_alone():
    assert starts_with_speech_cue(", a déclaré aux journalistes le porte-parole")
    assert starts_with_speech_cue(" », explique-t-il.") is False  # the mark itself is not skipped here
    assert starts_with_speech_cue(", poursuit-elle.")
    assert not starts_with_speech_cue(". Il n’y a pas eu de conversation")
    assert is_speech_verb("", "martèle") and is_speech_verb("", "annonçait") and not is_speech_verb("", "maintenant")


def test_inverted_speech_verb_after_a_comma():
    assert inverted_speech_at(" a annoncé samedi un responsable égyptien")
    assert inverted_speech_at(" a-t-il insisté devant la presse")
    assert inverted_speech_at(" affirme le ministre")
    assert not inverted_speech_at(" le félicitant pour son courage")
    assert not inverted_speech_at(" en citant des sources anonymes")
    assert not inverted_speech_at(" Moscou considérera cela comme une escalade")
    assert not inverted_speech_at(" a également été interrogé sur")


# -- properties ------------------------------------------------------------------------------------

ALPHABET = list(QUOTE_CHARS) + list("ab Lé’‘,.:;!?-") + [NBSP, NNBSP, "\n", "qu’", "l’", "c’est ", " a déclaré X", ", a-t-il dit"]
_SPLIT = re.compile(r"\n+")


def paragraphs_of(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in [*_SPLIT.finditer(text), None]:
        end = m.start() if m else len(text)
        if end > pos:
            out.append((pos, end))
        pos = m.end() if m else len(text)
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=80).map("".join))
def test_spans_are_clean_inside_one_paragraph_and_disjoint(text):
    paras = paragraphs_of(text)
    found = scan(text, paras)
    last_end = -1
    for pi, s in found:
        lo, hi = paras[pi]
        assert lo <= s.start < s.end <= hi
        assert text[s.start] not in QUOTE_CHARS + SPACES
        assert text[s.end - 1] not in QUOTE_CHARS + SPACES
        assert s.start >= last_end
        last_end = s.end


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(list(QUOTE_CHARS) + [" ", "a"]), min_size=500, max_size=3000).map("".join))
def test_long_runs_of_marks_never_fail(text):
    scan(text, [(0, len(text))])


WORDS = [" ", ",", ".", "a", "t", "il", "-t-il", "dit", "explique", "le", "ministre", "Jean", "Dupont", "en", "citant", "\u00a0", "«", "»"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join))
def test_word_level_cue_checks_never_fail(text):
    inverted_speech_at(text)
    starts_with_speech_cue(text)
    found = find_incise(text)
    assert found is None or 0 <= found[0] < found[1] <= len(text)
