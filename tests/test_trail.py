"""Quote clusters (presse.trail) on hand-built analyses: no model needed."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

from presse.model import Analysis, Article, Paragraph, Quote
from presse.repeats import fact_tokens, normalize
from presse.trail import (
    MIN_WORDS,
    QuoteIndex,
    Trails,
    badges,
    find_trails,
    parse_date,
    relation,
    same_speaker,
    windows,
    word_diff,
)
from tests.conftest import ROOT


def make(source: str, quotes: list[tuple[str, str | None]], date: str | None = None, kind: str = "direct") -> Analysis:
    """An analysis whose paragraphs each hold one quote credited to its speaker."""
    blocks = [f"« {text} », a déclaré {speaker or 'quelqu’un'}." for text, speaker in quotes]
    text = "\n\n".join(blocks)
    paragraphs, found, pos = [], [], 0
    for n, (block, (quote, speaker)) in enumerate(zip(blocks, quotes, strict=True)):
        start = text.index(block, pos)
        paragraphs.append(Paragraph(n, start, start + len(block)))
        q_start = start + 2
        found.append(Quote(q_start, q_start + len(quote), quote, n, kind, speaker))  # type: ignore[arg-type]
        pos = start + len(block)
    article = Article(source=source, title=source, text=text, paragraphs=paragraphs, meta={"date": date} if date else {})
    return Analysis(article=article, model="test", quotes=found)


def rel(a: str, b: str) -> str | None:
    return relation(normalize(a), normalize(b), fact_tokens(a), fact_tokens(b))


# -- comparing two quotes ----------------------------------------------------------------------------


def test_marks_case_spacing_and_punctuation_do_not_make_a_variant() -> None:
    assert rel("Il n’y a pas, à ce stade, de plans concrets !", "il n'y a pas à ce stade  de plans CONCRETS") == "exact"


def test_a_run_of_the_words_is_a_trimmed_copy() -> None:
    full = "Nous déciderons réunion par réunion, en fonction des données qui arriveront"
    assert rel(full, "réunion par réunion, en fonction des données") == "trimmed"
    assert rel("réunion par réunion, en fonction des données", full) == "trimmed"


def test_one_or_two_words_changed_is_near_a_different_sentence_is_not() -> None:
    assert rel("Il n’y a pas encore de plans concrets", "Il n’y a pas de plans concrets") == "near"
    assert rel(
        "L'inflation est désormais proche de notre objectif, mais les risques restent élevés",
        "L'inflation est désormais proche de notre objectif, mais les risques demeurent élevés",
    ) == "near"
    long_ = "Nous avons entendu la colère des agriculteurs et nous allons leur apporter des réponses concrètes dès cette semaine"
    assert rel(long_, long_.replace("entendu", "compris").replace("concrètes", "rapides")) == "near"
    assert rel(long_, long_.replace("entendu", "compris").replace("concrètes", "rapides").replace("semaine", "année")) is None
    assert rel("Il n’y a pas encore de plans concrets", "Il n’y a pas de nouvelles sanctions prévues") is None


def test_two_stock_sentences_of_two_communiques_are_two_statements() -> None:
    # Two bodies in tests/data/articles: 10 shared words, 2 changed.
    assert rel(
        "Une enquête interne a été ouverte pour comprendre l'origine du sinistre.",
        "Une enquête a été ouverte pour déterminer l'origine du sinistre",
    ) is None


def test_trimmed_and_reworded_is_near() -> None:
    full = "Nous ne laisserons personne de côté et nous tiendrons chacun de nos engagements envers les familles"
    assert rel(full, "nous tiendrons chacun de nos promesses envers les familles") == "near"


def test_a_changed_fact_is_another_statement() -> None:
    assert rel("Nous avons interpellé 12 personnes cette nuit dans le quartier", "Nous avons interpellé 30 personnes cette nuit dans le quartier") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Je ne sais pas si nous pourrons tenir jusqu'à l'été", "je ne sais pas si"),  # 1 content word
        ("C'est à la fin de la semaine que nous verrons", "C'est à la fin de la"),
        ("Il y a eu des erreurs, il y en a toujours", "Il y a eu des problèmes, il y en a toujours"),
    ],
)
def test_a_run_of_function_words_is_not_a_statement(a: str, b: str) -> None:
    assert rel(a, b) is None


def test_two_content_words_are_enough() -> None:
    assert rel("Nous irons jusqu'au bout de cette réforme, quoi qu'il arrive", "jusqu'au bout de cette réforme") == "trimmed"


def test_short_quotes_only_match_exactly() -> None:
    assert rel("C'est une honte absolue", "C'est une honte") is None  # 3 words: no trail at all
    assert rel("Je ne suis pas candidat", "Je suis candidat") is None


def test_two_quotes_sharing_only_a_common_phrase_at_their_ends_are_not_merged() -> None:
    a = "Le gouvernement doit agir vite et il faut agir maintenant"
    b = "il faut agir maintenant pour sauver les emplois de la région"
    assert rel(a, b) is None


def test_windows_cover_a_long_quote_to_its_end() -> None:
    words = [f"w{k}" for k in range(31)]
    got = windows(words, 12, 6)
    assert [w[0] for w in got] == ["w0", "w6", "w12", "w18", "w19"]
    assert got[-1][-1] == "w30" and all(len(w) == 12 for w in got)
    assert windows(words[:7]) == [words[:7]]


def test_same_speaker_by_surname_spelling_not_by_first_name() -> None:
    assert same_speaker("Christine Lagarde", "Lagarde")
    assert same_speaker("Volodymyr Zelensky", "Volodymyr Zelenski")
    assert not same_speaker("Marine Le Pen", "Jean-Marie Le Pen")
    assert not same_speaker("Christine Lagarde", "Christine Boutin")


def test_word_diff_keeps_the_printed_words() -> None:
    parts = word_diff("« Il n’y a pas encore de plans concrets »", "Il n'y a pas de plans concrets.")
    assert [(p.tag, p.old, p.new) for p in parts] == [
        ("equal", "« Il n’y a pas", "Il n'y a pas"),
        ("delete", "encore", ""),
        ("equal", "de plans concrets »", "de plans concrets."),
    ]


# -- clusters ------------------------------------------------------------------------------------------

ORIGINAL = "Il n’y a pas encore de plans concrets pour la reconstruction du pont"
TRIMMED = "pas encore de plans concrets pour la reconstruction"
REWORDED = "Il n’y a pas de plans concrets pour la reconstruction du pont"
OTHER = "Nous publierons le calendrier des travaux avant la fin de l'été"


def test_copies_cluster_with_their_original_and_other_statements_do_not() -> None:
    a = make("a", [(ORIGINAL, "Anne Martin"), (OTHER, "Anne Martin")])
    b = make("b", [(TRIMMED, "Anne Martin")])
    c = make("c", [(REWORDED, "Martin"), ("Le chantier reprendra dès que les experts auront rendu leur avis", "Anne Martin")])
    trails = find_trails([a, b, c])
    cluster = trails.cluster_of(a.article.id, 0)
    assert cluster is not None and cluster.articles == 3
    assert [(x.source, x.relation, x.altered) for x in cluster.appearances] == [
        ("a", "first", False), ("b", "trimmed", False), ("c", "near", True)
    ]
    assert cluster.altered and not cluster.disputed and cluster.speakers == ["Anne Martin"]
    assert cluster.variants == [ORIGINAL, TRIMMED, REWORDED]
    assert trails.cluster_of(b.article.id, 0) is cluster and trails.cluster_of(c.article.id, 0) is cluster
    others = {trails.cluster_of(a.article.id, 1).id, trails.cluster_of(c.article.id, 1).id}
    assert len(others) == 2 and cluster.id not in others
    assert [c.id for c in trails.clusters] == [1, 2, 3]


def test_earliest_by_date_when_every_article_has_one_else_collection_order() -> None:
    a = make("a", [(ORIGINAL, "Anne Martin")], date="2024-05-03T10:00:00+02:00")
    b = make("b", [(TRIMMED, "Anne Martin")], date="Thu, 02 May 2024 09:00:00 GMT")
    trails = find_trails([a, b])
    (cluster,) = trails.clusters
    assert cluster.dated and cluster.first.source == "b" and cluster.first.date == "Thu, 02 May 2024 09:00:00 GMT"
    undated = make("u", [(REWORDED, "Anne Martin")])
    trails = find_trails([a, b, undated])
    (cluster,) = trails.clusters
    assert not cluster.dated and [x.source for x in cluster.appearances] == ["a", "b", "u"]
    assert [x.altered for x in cluster.appearances] == [False, False, True]


def test_credited_to_another_named_person_is_disputed_a_description_is_not() -> None:
    a = make("a", [(ORIGINAL, "Anne Martin")])
    described = make("b", [(ORIGINAL + ".", "la porte-parole")])
    trails = find_trails([a, described])
    assert not trails.clusters[0].disputed
    other = make("c", [(ORIGINAL, "Paul Durand")])
    trails = find_trails([a, described, other])
    (cluster,) = trails.clusters
    assert cluster.disputed and cluster.speakers == ["Anne Martin", "Paul Durand"]
    first, _, last = cluster.appearances
    assert badges(cluster, first) == ["also in 2 articles", "credited to Paul Durand elsewhere"]
    assert badges(cluster, last) == ["also in 2 articles", "credited to Anne Martin elsewhere"]


def test_badges_say_where_the_words_changed() -> None:
    trails = find_trails([make("a", [(ORIGINAL, "Anne Martin")]), make("b", [(REWORDED, "Anne Martin")])])
    (cluster,) = trails.clusters
    assert badges(cluster, cluster.appearances[0]) == ["also in 1 article", "altered elsewhere"]
    assert badges(cluster, cluster.appearances[1]) == ["also in 1 article", "altered here"]
    alone = find_trails([make("a", [(OTHER, "Anne Martin")])])
    assert badges(alone.clusters[0], alone.clusters[0].first) == []


def test_only_direct_and_partial_quotes_long_enough_have_a_trail() -> None:
    short = "Pas de commentaire"
    assert len(normalize(short).split()) < MIN_WORDS
    a = make("a", [(short, "Anne Martin"), (ORIGINAL, "Anne Martin")])
    partial = make("b", [(TRIMMED, "Anne Martin")], kind="partial")
    indirect = make("c", [(ORIGINAL, "Anne Martin")], kind="indirect")
    term = make("d", [(ORIGINAL, None)], kind="term")
    trails = find_trails([a, partial, indirect, term])
    assert trails.cluster_of(a.article.id, 0) is None
    assert trails.cluster_of(partial.article.id, 0) is trails.cluster_of(a.article.id, 1)
    assert trails.cluster_of(indirect.article.id, 0) is None and trails.cluster_of(term.article.id, 0) is None
    assert len(trails.clusters) == 1 and trails.clusters[0].articles == 2


def test_an_article_given_twice_is_not_a_copy_of_itself() -> None:
    a = make("a", [(ORIGINAL, "Anne Martin")])
    trails = find_trails([a, a])
    assert len(trails.clusters) == 1 and len(trails.clusters[0].appearances) == 1


def test_json_round_trip_and_incremental_adding() -> None:
    analyses = [make("a", [(ORIGINAL, "Anne Martin"), (OTHER, "Anne Martin")], date="2024-05-01"),
                make("b", [(TRIMMED, "Paul Durand")], date="2024-05-02"),
                make("c", [(REWORDED, "Anne Martin")], date="2024-05-03")]
    whole = find_trails(analyses)
    text = json.dumps(whole.to_dict(), ensure_ascii=False)
    again = Trails.from_dict(json.loads(text))
    assert again.to_dict() == whole.to_dict()
    assert again.cluster_of(analyses[2].article.id, 0).disputed
    index = QuoteIndex()
    for analysis in analyses:
        index.add(analysis)
    assert index.trails().to_dict() == whole.to_dict()
    with pytest.raises(ValueError):
        Trails.from_dict({"schema": "other"})


def test_parse_date_forms() -> None:
    assert parse_date("2024-05-02").isoformat() == "2024-05-02T00:00:00+00:00"
    assert parse_date("2024-05-02T10:00:00Z").hour == 10
    assert parse_date("Thu, 02 May 2024 09:00:00 +0200").hour == 7
    assert parse_date("le 2 mai") is None


def test_thousands_of_quotes_go_through_the_lsh_and_copies_are_found() -> None:
    """More quotes than one signing batch: planted copies (trimmed, reworded) all found, nothing else merged."""
    rng = random.Random(7)
    vocabulary = [f"{a}{b}{c}" for a in "bdfglmprstv" for b in "aeiou" for c in ("n", "r", "l", "s", "")]
    originals = [" ".join(rng.choices(vocabulary, k=rng.randint(8, 30))) for _ in range(5000)]
    analyses = [make(f"o{k}", [(originals[k], f"Personne {k}")]) for k in range(len(originals))]
    planted = {}
    for k in range(0, len(originals), 10):
        words = originals[k].split()
        if k % 20:
            copy = " ".join(words[1:-1])  # trimmed at both ends
        else:
            i = rng.randrange(1, len(words) - 1)
            copy = " ".join(words[:i] + ["vraiment"] + words[i + 1 :])  # one word changed
        analysis = make(f"c{k}", [(copy, f"Personne {k}")])
        planted[analysis.article.id] = analyses[k].article.id
        analyses.append(analysis)
    trails = find_trails(analyses)
    for copy_id, original_id in planted.items():
        assert trails.cluster_of(copy_id, 0) is trails.cluster_of(original_id, 0)
    assert len(trails.shared()) == len(planted)
    assert all(len(c.appearances) == 2 for c in trails.shared())


def test_trails_need_no_spacy() -> None:
    code = (
        "import sys, presse.trail\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc')]\n"
        "sys.exit(1 if heavy else 0)\n"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60).returncode == 0


# -- the `presse quotes` table ---------------------------------------------------------------------------


def test_table_rows_and_hostile_text() -> None:
    from presse.trail_table import COLUMNS, quote_rows, render

    hostile = "=HYPERLINK(\"http://x\") \x1b[31m rouge | et encore des mots"
    a = make("a", [(ORIGINAL, "Anne Martin"), (hostile, "@Anne"), ("court", None)])
    b = make("b", [(REWORDED, "Paul Durand")])
    analyses = [a, b]
    rows = quote_rows(analyses, find_trails(analyses))
    assert [(r.cluster, r.first, r.altered, r.disputed, r.articles) for r in rows] == [
        (1, True, False, True, 2), (2, True, False, False, 1), (None, None, None, None, None), (1, False, True, True, 2)
    ]
    text = render(rows, "csv")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert "\x1b" not in text and "␛[31m" in text
    assert ",\"'=HYPERLINK(\"\"http://x\"\") ␛[31m rouge | et encore des mots\",direct,'@Anne," in text
    assert ",1,true,false,true,a,,2\r\n" in text and ",,,,,a,,\r\n" in text
    lines = render(rows, "jsonl").splitlines()
    assert "\x1b" not in lines[1] and json.loads(lines[1])["text"] == hostile
    assert json.loads(lines[2])["cluster"] is None
    md = render(rows, "markdown").splitlines()
    assert len(md) == 2 + len(rows) and "\x1b" not in md[3] and "rouge \\| et" in md[3]
    assert md[2].count(" | ") == len(COLUMNS) - 1 and f"| {a.article.id[:12]} |" in md[2]
    with pytest.raises(ValueError):
        render(rows, "xml")


def test_trimmed_after_reworded_is_not_altered() -> None:
    trails = find_trails([make("a", [(ORIGINAL, "Anne Martin")]), make("b", [(REWORDED, "Anne Martin")]),
                          make("c", [(TRIMMED, "Anne Martin")])])
    (cluster,) = trails.clusters
    assert [(x.source, x.altered) for x in cluster.appearances] == [("a", False), ("b", True), ("c", False)]
