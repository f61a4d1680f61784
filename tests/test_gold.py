"""Gold tests: the dev set's figures must not fall, and articles without quote marks get no quotation.

The dev set (tests/data/gold/dev: 36 real French Wikinews articles, 89 gold quotes) is analysed from its
.txt and from its .html files, and scored by the shared scorer's rules (tests/goldset.py, which
bench/accuracy.py uses too: run it to see the misses).
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from tests import goldset

pytestmark = pytest.mark.slow

# Issue 12's targets for the dev set, from .txt and from .html: quote F1 >= 0.97, speaker accuracy >= 0.93.
# The floors are the figures measured after the second attribution round, with the headline as paragraph 0
# of HTML text (rounded down to 0.01), above the targets, so they cannot fall.
TARGET = {"quote_f1": 0.97, "speaker_acc": 0.93}
FLOORS = {
    "txt": {"quote_f1": 1.0, "speaker_acc": 0.96},  # measured 1.0 and 0.9663 (86/89)
    "html": {"quote_f1": 0.99, "speaker_acc": 0.96},  # measured 0.9944 and 0.9663 (86/89)
}


@pytest.fixture(scope="module")
def dev_analyses(nlp) -> dict[str, list[tuple[goldset.GoldArticle, dict]]]:
    """The dev set's gold articles with their analyses, from .txt and from .html (one batch each)."""
    return {ext: list(goldset.analyse(goldset.load_folder(goldset.DEV, ext), nlp)) for ext in FLOORS}


def test_dev_set_is_complete() -> None:
    golds = goldset.load_folder(goldset.DEV, "html")
    assert len(golds) == 36 and sum(len(g.quotes) for g in golds) == 89
    assert all(g.path.suffix == ".html" for g in golds)


@pytest.mark.parametrize("ext", sorted(FLOORS))
def test_dev_set_figures_do_not_fall(dev_analyses, ext: str) -> None:
    outcomes = [o for gold, analysis in dev_analyses[ext] for o in goldset.score_article(gold, analysis)]
    totals = goldset.Totals.of(outcomes)
    misses = [f"{o.article} {o.kind}: {o.text[:40]!r} got {o.got!r}" for o in outcomes if o.kind != goldset.RIGHT]
    assert totals.gold == 89
    assert totals.quote_prf[2] >= FLOORS[ext]["quote_f1"], misses
    assert totals.speaker_acc >= FLOORS[ext]["speaker_acc"], misses


@pytest.mark.parametrize("ext", sorted(FLOORS))
def test_counts_are_the_shared_scorers(dev_analyses, tmp_path, ext: str) -> None:
    """goldset follows score.py's matching loop: per article, the same counts as score.score()."""
    for gold, analysis in dev_analyses[ext]:
        out = tmp_path / f"{gold.name}.json"
        out.write_text(json.dumps(analysis, ensure_ascii=False), encoding="utf-8")
        counts = goldset.scorer.score(gold.gold_file, out)["counts"]
        ours = goldset.Totals.of(goldset.score_article(gold, analysis))
        assert (ours.found, ours.predicted, ours.gold, ours.speaker_right) == (
            counts["q_tp"], counts["q_pred"], counts["q_gold"], counts["spk_ok"]), gold.name


# News paragraphs with reported speech, speech verbs, colons, incises and apostrophes of every kind, but
# no quotation mark: nothing in them is a direct quotation.
WITHOUT_QUOTES = {
    "indirect": (
        "Réforme des retraites : le gouvernement maintient son calendrier\n\n"
        "Le ministre du Travail a déclaré mardi que la réforme serait présentée en conseil des ministres "
        "avant la fin du mois. Selon lui, les partenaires sociaux ont été consultés à plusieurs reprises.\n\n"
        "Les syndicats, eux, affirment qu’aucune de leurs propositions n’a été retenue. La secrétaire "
        "générale de la CFDT a estimé que le texte restait injuste pour les carrières longues, a-t-elle "
        "ajouté à la sortie de la réunion.\n\n"
        "D’après l’entourage du Premier ministre, un geste sur la pénibilité n’est pas exclu."
    ),
    "colons": (
        "Incendie dans un entrepôt de la zone industrielle\n\n"
        "Le maire l’a dit clairement lors du conseil municipal : la zone sera sécurisée d’ici l’été. "
        "Le bilan, lui, est lourd : trois blessés légers et près de 2 000 m² de bâtiments détruits.\n\n"
        "Les pompiers ont expliqué avoir été appelés vers 4 h 30 par un riverain. Une enquête a été "
        "ouverte par le parquet, qui n’exclut aucune piste, a précisé le procureur de la République."
    ),
    "apostrophes": (
        "Les prud’hommes donnent raison à d’anciens salariés de l’enseigne\n\n"
        "Aujourd’hui, la presqu’île compte deux restaurants McDonald’s et un magasin Levi’s. "
        "L’agence Moody’s a abaissé jeudi la note de l’entreprise, jugeant qu’elle n’avait pas "
        "présenté de plan crédible. Le soir, un groupe de rock’n’roll jouait devant le siège.\n\n"
        "Le conseil de prud’hommes a estimé qu’il s’agissait d’un licenciement sans cause réelle ni "
        "sérieuse. L’avocat des salariés s’est dit satisfait, tandis que la direction a annoncé qu’elle "
        "ferait appel."
    ),
    "straight apostrophes": (
        "L'équipe d'Irlande s'impose au bout du suspense\n\n"
        "L'ouvreur O'Brien a inscrit l'essai de la victoire à la 78e minute. C'est l'entraîneur qui l'a "
        "reconnu après la rencontre : l'équipe n'avait pas joué son meilleur match. Les supporters l'ont "
        "suivi sur un écran de 55' installé devant l'hôtel de ville.\n\n"
        "Aujourd'hui, les supporters d'Irlande rêvent déjà d'un quart de finale, a rapporté l'agence "
        "Reuters, qui cite des responsables de la fédération."
    ),
    "dashes": (
        "Budget : la commission des finances rejette la première partie\n\n"
        "Le rapporteur général – qui siège dans la majorité – a reconnu que le vote était un revers. "
        "L’opposition (de gauche comme de droite) a dénoncé un budget insincère, a-t-on appris de "
        "sources parlementaires.\n\n"
        "Interrogée sur une radio publique, la ministre a répondu qu’elle respectait le vote des "
        "députés mais que le texte irait jusqu’au bout de la navette."
    ),
}


@pytest.mark.parametrize("name", sorted(WITHOUT_QUOTES))
def test_no_quotation_invented_without_quote_marks(analyze_text, name: str) -> None:
    analysis = analyze_text(WITHOUT_QUOTES[name], f"{name}.txt")
    invented = [(q.kind, q.text) for q in analysis.quotes if q.kind in ("direct", "partial")]
    assert invented == []


def _accuracy_script():
    spec = importlib.util.spec_from_file_location("bench_accuracy", goldset.ROOT / "bench" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_accuracy_report_on_the_seed(nlp, capsys) -> None:
    """bench/accuracy.py in this process (the model is already loaded): its JSON, then its tables."""
    accuracy = _accuracy_script()
    assert accuracy.main([str(goldset.DATA), "--json"]) == 0
    totals = json.loads(capsys.readouterr().out)
    assert totals["all"]["gold"] == 15 and totals["folders"].keys() == {"tests/data"}
    assert sum(s["decided"] for s in totals["sieves"].values()) == totals["all"]["found"]
    assert set(totals["misses"]) == {"no_speaker", "wrong_speaker", "quote_missed", "quote_invented"}

    assert accuracy.main([str(goldset.DATA)]) == 0
    out = capsys.readouterr().out
    assert "| tests/data | 15 |" in out and "| sieve | decided | right | wrong | no speaker | invented |" in out
    assert all(f"\n{kind}: " in out for kind in ("no speaker", "wrong speaker", "quote missed", "quote invented"))


def test_accuracy_refuses_a_folder_without_gold(tmp_path, capsys) -> None:
    assert _accuracy_script().main([str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip() == f"accuracy: {tmp_path}: no *.gold.json, nor NAME.json with NAME.txt"
