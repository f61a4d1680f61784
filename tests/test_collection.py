"""Repeated paragraphs across a collection: exact by hash, near by MinHash LSH + rapidfuzz."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from presse.collection import CollectionIndex, find_cross_repeats, mark_cross_repeats
from presse.lsh import Signer
from presse.model import Analysis
from presse.repeats import ParagraphText, jaccard
from tests.conftest import score
from tests.test_repeats import FILLER, make_article

PAIRS = json.loads((Path(__file__).parent / "data" / "repeat_pairs.json").read_text(encoding="utf-8"))
NEAR_A, NEAR_B = PAIRS["near"][1]
ORIGINAL = (
    "Les autorités sanitaires ont recommandé le port du masque dans les transports en commun "
    "pendant toute la durée de l'épidémie, sans le rendre obligatoire."
)
OTHER = [
    "Le tribunal a renvoyé l'affaire au mois prochain à la demande de la défense, qui conteste la procédure.",
    "La ligne de métro restera fermée tout le week-end pour permettre des travaux de modernisation du réseau.",
    "Les agriculteurs ont bloqué plusieurs routes départementales pour dénoncer la baisse de leurs revenus.",
]


def test_reprinted_paragraph_points_to_the_other_article():
    first = make_article([OTHER[0], ORIGINAL, OTHER[1]], source="a.txt")
    # Reprinted with other typography: still exact, found by hash.
    reprint = ORIGINAL.upper().replace(",", " ;")
    second = make_article([OTHER[2], FILLER[0], reprint], source="b.txt")
    found = find_cross_repeats([first, second])
    assert found[first.id] == []
    (r,) = found[second.id]
    assert (r.paragraph, r.same_as, r.kind, r.similarity) == (2, 1, "exact", 1.0)
    assert (r.article, r.source) == (first.id, "a.txt")


def test_near_reprint_across_articles():
    first = make_article([OTHER[0], OTHER[1], NEAR_A], source="a.txt")
    second = make_article([NEAR_B, OTHER[2]], source="b.txt")
    (r,) = find_cross_repeats([first, second])[second.id]
    assert (r.paragraph, r.same_as, r.kind, r.article, r.source) == (0, 2, "near", first.id, "a.txt")
    assert 0.8 <= r.similarity < 1.0


def test_different_facts_across_articles_are_not_repeats():
    pairs = PAIRS["fact"] + PAIRS["topic"]
    first = make_article([a for a, _ in pairs], source="a.txt")
    second = make_article([b for _, b in pairs], source="b.txt")
    assert find_cross_repeats([first, second]) == {first.id: [], second.id: []}


def test_third_copy_points_to_the_first_article():
    a = make_article([ORIGINAL, OTHER[0]], source="a.txt")
    b = make_article([OTHER[1], ORIGINAL], source="b.txt")
    c = make_article([OTHER[2], FILLER[1], ORIGINAL], source="c.txt")
    d = make_article([NEAR_A, FILLER[2]], source="d.txt")
    e = make_article([FILLER[0], NEAR_B], source="e.txt")
    f = make_article([NEAR_B], source="f.txt")
    found = find_cross_repeats([a, b, c, d, e, f])
    assert [(r.article, r.same_as) for r in found[c.id]] == [(a.id, 0)]
    assert [(r.article, r.same_as) for r in found[b.id]] == [(a.id, 0)]
    assert [(r.article, r.same_as, r.kind) for r in found[e.id]] == [(d.id, 0, "near")]
    # f is an exact copy of e's near copy: the first copy of that exact text is in e.
    assert [(r.article, r.same_as, r.kind) for r in found[f.id]] == [(e.id, 1, "exact")]


def test_article_given_twice_is_not_its_own_reprint():
    a = make_article([ORIGINAL, OTHER[0]])
    assert find_cross_repeats([a, a]) == {a.id: []}


def test_repeat_within_article_is_left_to_find_repeats():
    a = make_article([ORIGINAL, OTHER[0], ORIGINAL, NEAR_A, NEAR_B])
    assert find_cross_repeats([a]) == {a.id: []}
    b = make_article([OTHER[1], ORIGINAL, ORIGINAL])
    # Only b's first copy is marked; its second copy is a within-article repeat of the first.
    assert [(r.paragraph, r.same_as) for r in find_cross_repeats([a, b])[b.id]] == [(1, 0)]


def test_incremental_index_matches_one_batch():
    arts = [
        make_article([OTHER[0], ORIGINAL], source="a.txt"),
        make_article([NEAR_A, OTHER[1]], source="b.txt"),
        make_article([ORIGINAL.lower(), NEAR_B, OTHER[2]], source="c.txt"),
    ]
    index = CollectionIndex()
    one_by_one = {a.id: index.add(a) for a in arts}
    assert one_by_one == find_cross_repeats(arts)
    assert len(one_by_one[arts[2].id]) == 2
    assert index.add(arts[0]) == []  # already indexed


def test_mark_cross_repeats_keeps_within_repeats_and_scoring(seed_analysis):
    seed = seed_analysis.article
    reprint = make_article([OTHER[0], seed.paragraph_text(10), OTHER[1]], source="reprint.txt")
    analyses = [Analysis.from_dict(seed_analysis.to_dict()), Analysis(article=reprint, model="test")]
    within = list(analyses[0].repeats)
    mark_cross_repeats(analyses)
    assert analyses[0].repeats == within
    (r,) = analyses[1].repeats
    assert (r.paragraph, r.same_as, r.kind, r.article, r.source) == (1, 10, "exact", seed.id, seed.source)
    d = analyses[1].to_dict()["repeats"][0]
    assert (d["article"], d["source"]) == (seed.id, seed.source)
    assert Analysis.from_dict(analyses[1].to_dict()).repeats == [r]
    # The seed itself keeps its gold score.
    assert score(analyses[0].to_dict())["repeats_false"] == 0


def test_minhash_estimates_jaccard_and_is_stable():
    a, b = ParagraphText(NEAR_A), ParagraphText(NEAR_B)
    s1, s2 = Signer().signatures([a, b]), Signer().signatures([a, b])
    assert np.array_equal(s1, s2)  # same words, same signature in any process (no hash())
    estimate = float(np.mean(s1[0] == s1[1]))
    assert abs(estimate - jaccard(a.shingles, b.shingles)) < 0.2
    unrelated = Signer().signatures([ParagraphText(OTHER[0]), ParagraphText(OTHER[1])])
    assert float(np.mean(unrelated[0] == unrelated[1])) < 0.1


def test_signatures_and_the_confirming_jaccard_use_the_same_shingles():
    from presse import lsh, repeats

    assert lsh.SHINGLE == repeats.SHINGLE


def test_signatures_in_small_chunks_equal_one_pass():
    texts = [ParagraphText(p) for p in OTHER + FILLER + [ORIGINAL, NEAR_A]]
    signer = Signer()
    assert np.array_equal(signer.signatures(texts, chunk=16), signer.signatures(texts))


def _dict_banding(band_keys: list[list[int]], cap: int, accept) -> dict[int, tuple[int, float]]:
    """The banding `NearIndex` did with 32 dicts (before its numpy tables): the reference."""
    tables: list[dict[int, list[int]]] = [{} for _ in band_keys[0]] if band_keys else []
    found: dict[int, tuple[int, float]] = {}
    for key, keys in enumerate(band_keys):
        buckets = [table.get(k) for table, k in zip(tables, keys)]
        candidates = {c for b in buckets if b is not None and len(b) < cap for c in b}
        for earlier in sorted(candidates):
            similarity = accept(earlier, key)
            if similarity is not None:
                found[key] = (earlier, similarity)
                break
        else:
            for table, k, bucket in zip(tables, keys, buckets):
                if bucket is None:
                    table[k] = [key]
                elif len(bucket) < cap:
                    bucket.append(key)
    return found


def test_numpy_band_tables_give_the_dict_banding_result():
    from presse.lsh import NearIndex

    rng = np.random.default_rng(3)
    stock = [" ".join(f"w{int(x)}" for x in rng.integers(0, 40, 12)) for _ in range(6)]
    texts = []
    for i in range(700):  # stock phrases (full buckets at cap 4), copies, and unrelated paragraphs
        words = stock[i % 6].split() if i % 3 else [f"u{i}x{j}" for j in range(12)]
        words = [w if rng.random() > 0.15 else f"r{int(rng.integers(0, 5))}" for w in words]
        texts.append(ParagraphText(" ".join(words)))
    accept = lambda earlier, key: 0.5 if (earlier * 7 + key) % 5 == 0 else None  # noqa: E731 - a deterministic rule
    index = NearIndex(bucket_cap=4)
    found: dict[int, tuple[int, float]] = {}
    for start in range(0, len(texts), 90):  # several batches: runs are merged along the way
        for key in range(start, min(start + 90, len(texts))):
            index.add(key, texts[key])
        found.update(index.match(accept))
    reference = _dict_banding(index.band_keys(index.signer.signatures(texts)), 4, accept)
    assert found == reference
    assert len(found) > 20 and index.indexed == len(texts) - len(found)
