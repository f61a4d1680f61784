"""The repeats bench keeps working (quick mode) and its measurements still back the thresholds.

No timing is asserted (the machine is shared): only what the bench finds and the threshold margins.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from presse import paraphrase, repeats

BENCH = Path(__file__).parent.parent / "bench" / "bench_repeats.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_repeats", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def quick(bench):
    return bench.run(quick=True)


def test_quick_bench_finds_the_planted_reprints(quick):
    small, large = quick["collections"]
    for r in (small, large):
        assert r["planted"] > 50
        assert r["recall"] >= 0.95  # a few heavily edited short copies fall under the thresholds
        assert r["unplanted"] == 0  # synthetic filler never reported
    assert quick["scale_ratio"] > 0 and quick["all_pairs_speedup"] > 0
    assert quick["long_article"]["repeats"] > 0


def test_quick_bench_prints_ratios(bench, capsys):
    bench.main(["--pairs"])
    out = capsys.readouterr().out
    assert "| pairs near |" in out and "| seed others |" in out


def test_thresholds_sit_between_the_measured_groups(quick):
    rows = quick["pairs"]

    def lo(group, k):
        return min(v[k] for v in rows[group])

    def hi(group, k):
        return max(v[k] for v in rows[group])

    # Lexical: every true near pair is above both thresholds; every unrelated pair below one.
    assert lo("pairs near", 0) >= repeats.NEAR_RATIO and lo("pairs near", 1) >= repeats.NEAR_JACCARD
    assert lo("seed true", 0) >= repeats.NEAR_RATIO and lo("seed true", 1) >= repeats.NEAR_JACCARD
    for group in ("seed others", "pairs topic"):
        assert hi(group, 0) < repeats.NEAR_RATIO
    # The seed's reworded pair is not near (only a paraphrase, with the encoder).
    assert hi("seed reworded 5~0", 1) < repeats.NEAR_JACCARD
    # Same template, other facts: the lexical scores cannot tell, the facts check does.
    assert all(v[3] for v in rows["pairs fact"]) and not any(v[3] for v in rows["pairs near"])
    if paraphrase.available():
        assert lo("seed reworded 5~0", 2) >= paraphrase.PARAPHRASE_COSINE
        assert hi("seed others", 2) < paraphrase.PARAPHRASE_COSINE
        assert hi("pairs topic", 2) < paraphrase.PARAPHRASE_COSINE
