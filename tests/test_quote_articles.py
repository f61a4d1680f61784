"""Hand-written French articles in several house styles, with their expected quotes and speakers.

Each tests/data/articles/NAME.txt (the body; paragraphs separated by blank lines) has NAME.json: the title
(kept out of the body, as a web page's headline is) and the expected quotes, each with text, kind and
speaker. Direct and partial quotes are scored like the shared scorer scores the seed (spans matched by
IoU ≥ 0.6, speakers by the scorer's name match); kinds and indirect quotes are checked too.

Run as a script for the figures: `.venv/bin/python -m tests.test_quote_articles`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

ARTICLES = Path(__file__).parent / "data" / "articles"
NAMES = sorted(p.stem for p in ARTICLES.glob("*.json"))
SCORED = ("direct", "partial")


def _norm(s: str | None) -> list[str]:
    s = unicodedata.normalize("NFKD", s or "").encode("ascii", "ignore").decode().lower()
    s = re.sub(r"^(le|la|les|l'|un|une|de|des)\s*", "", s.strip())
    return re.sub(r"[^a-z0-9 ]", " ", s).split()


def same_speaker(pred: str | None, gold: str | None) -> bool:
    """The shared scorer's rule: same last word, or one name inside the other."""
    p, g = _norm(pred), _norm(gold)
    if not p or not g:
        return not p and not g
    return p == g or p[-1] == g[-1] or " ".join(g) in " ".join(p) or " ".join(p) in " ".join(g)


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def load(name: str):
    from presse.model import Article
    from presse.sources import split_paragraphs

    spec = json.loads((ARTICLES / f"{name}.json").read_text(encoding="utf-8"))
    text = (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")
    article = Article(source=f"{name}.txt", title=spec["title"], text=text, paragraphs=split_paragraphs(text))
    expected = []
    for q in spec["quotes"]:
        start = text.find(q["text"])
        assert start >= 0, f"{name}: expected quote not in text: {q['text']!r}"
        expected.append({**q, "start": start, "end": start + len(q["text"])})
    return article, expected


def evaluate(analysis, expected: list[dict]) -> dict:
    """Scores of one analysis against its expected quotes, and the problems found."""
    gold = [q for q in expected if q["kind"] in SCORED]
    preds = [q for q in analysis.quotes if q.kind in SCORED]
    terms = [q for q in expected if q["kind"] == "term"]
    used: set[int] = set()
    tp = spk = npred = 0
    problems = []
    for q in preds:
        best, bi = 0.0, None
        for i, g in enumerate(gold):
            v = _iou((q.start, q.end), (g["start"], g["end"]))
            if i not in used and v > best:
                best, bi = v, i
        if best >= 0.6:
            used.add(bi)
            tp += 1
            npred += 1
            if same_speaker(q.speaker, gold[bi]["speaker"]):
                spk += 1
            else:
                problems.append(f"speaker of {q.text[:40]!r}: {q.speaker!r}, expected {gold[bi]['speaker']!r}")
        elif not any(_iou((q.start, q.end), (t["start"], t["end"])) > 0 for t in terms):
            npred += 1
            problems.append(f"unexpected {q.kind} {q.text[:50]!r}")
    problems += [f"missed {g['text'][:50]!r}" for i, g in enumerate(gold) if i not in used]
    by_span = {(q.start, q.end): q for q in analysis.quotes}
    kind_ok = 0
    for g in expected:
        got = by_span.get((g["start"], g["end"]))
        if got is not None and got.kind == g["kind"]:
            if g["kind"] == "indirect" and not same_speaker(got.speaker, g["speaker"]):
                problems.append(f"indirect speaker {got.speaker!r}, expected {g['speaker']!r}")
                continue
            kind_ok += 1
        else:
            problems.append(f"kind/span of {g['text'][:40]!r}: {got.kind if got else 'not found'}, expected {g['kind']}")
    p = tp / npred if npred else 1.0
    r = tp / len(gold) if gold else 1.0
    return dict(
        quote_p=round(p, 3),
        quote_r=round(r, 3),
        quote_f1=round(2 * p * r / (p + r), 3) if p + r else 0.0,
        speaker_acc=round(spk / len(gold), 3) if gold else 1.0,
        exact=round(kind_ok / len(expected), 3),
        problems=problems,
    )


@pytest.fixture(scope="module")
def analyses(nlp):
    from presse import pipeline

    out = {}
    for name in NAMES:
        article, expected = load(name)
        out[name] = (next(pipeline.analyze_many([article], nlp=nlp)), expected)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_article_quotes(analyses, name):
    analysis, expected = analyses[name]
    s = evaluate(analysis, expected)
    assert s["quote_f1"] == 1.0, s["problems"]


# Speakers the rules are known to get wrong, per article: the articles stay as tests so the figure stays
# honest. village-ecole: a slogan read on a banner (`« … », pouvait-on lire sur l'une d'elles`) goes to
# the nearest person instead of the group that made the banners. debat-tele: `a attaqué la secrétaire
# nationale des Écologistes`, a role never tied to a name in the text, goes to the nearest woman named.
# tempete-bretagne: `a averti le prévisionniste de permanence`, someone new, goes to the nearest man (the
# préfet): descriptions of one person vary too much (`le technicien`, `le pédiatre`) to refuse a new noun.
# echanges-adresse: `Le président du RN a accusé …` names a role never tied to a name in the text (goes to
# the nearest man), and `Cité par Le Figaro, un conseiller … juge que` is parsed with no verb at all.
# rapport-documents: `a indiqué son entourage` gives the entourage, not the ministry it belongs to.
# canicule-alerte: `Météo-France`, split in three tokens and not recognised, is lost for `l'établissement`.
KNOWN_MISSES: dict[str, int] = {
    "village-ecole": 1, "debat-tele": 1, "tempete-bretagne": 1, "echanges-adresse": 2, "rapport-documents": 1,
    "canicule-alerte": 1,
}


@pytest.mark.parametrize("name", NAMES)
def test_article_speakers(analyses, name):
    analysis, expected = analyses[name]
    s = evaluate(analysis, expected)
    misses = sum(p.startswith("speaker of") for p in s["problems"])
    assert misses <= KNOWN_MISSES.get(name, 0), s["problems"]


@pytest.mark.parametrize("name", NAMES)
def test_article_kinds_and_indirect(analyses, name):
    """Every expected quote, terms and indirect speech included, with its exact span and kind."""
    analysis, expected = analyses[name]
    s = evaluate(analysis, expected)
    assert s["exact"] == 1.0, s["problems"]


def test_terms_are_nobodys(analyses):
    for analysis, _ in analyses.values():
        listed = {i for sp in analysis.speakers for i in sp.quotes}
        for i, q in enumerate(analysis.quotes):
            if q.kind == "term":
                assert q.speaker is None and i not in listed


def main() -> None:
    from presse import nlp as nlp_mod
    from presse import pipeline

    nlp = nlp_mod.load(nlp_mod.DEFAULT_MODEL)
    gold = ok = 0
    for name in NAMES:
        article, expected = load(name)
        s = evaluate(next(pipeline.analyze_many([article], nlp=nlp)), expected)
        print(name, {k: v for k, v in s.items() if k != "problems"})
        for p in s["problems"]:
            print("   ", p)
        n = sum(q["kind"] in SCORED for q in expected)
        gold += n
        ok += round(s["speaker_acc"] * n)
    print(f"all articles: {gold} direct/partial quotes, speaker accuracy {ok / gold:.3f}")


if __name__ == "__main__":
    main()
