"""Shared fixtures. Loading the French model takes seconds: it is loaded once per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
SEED = DATA / "kremlin-peskov-trump-call.txt"


@pytest.fixture(scope="session")
def nlp():
    from presse import nlp as nlp_mod

    return nlp_mod.load(nlp_mod.DEFAULT_MODEL)


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads((DATA / "seed.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_article():
    from presse.loading import load_path

    (article,) = load_path(str(SEED))
    return article


@pytest.fixture(scope="session")
def seed_analysis(nlp, seed_article):
    from presse import pipeline

    return next(pipeline.analyze_many([seed_article], nlp=nlp))


@pytest.fixture(scope="session")
def analyze_text(nlp):
    """Analyse a text given as a string (blank-line or line paragraphs, as a .txt file)."""
    from presse import pipeline
    from presse.sources import article_from_text

    def run(text: str, source: str = "test.txt"):
        return next(pipeline.analyze_many([article_from_text(text, source)], nlp=nlp))

    return run


def score(analysis_dict: dict) -> dict:
    """Score an analysis against the seed's gold with the shared scorer (copied into tests/data)."""
    import importlib.util
    import tempfile

    spec = importlib.util.spec_from_file_location("presse_score", DATA / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(analysis_dict, f, ensure_ascii=False)
    try:
        return mod.score(DATA / "seed.gold.json", f.name)
    finally:
        Path(f.name).unlink()


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Every test gets its own analysis cache: never the user's, never shared between tests."""
    monkeypatch.setenv("PRESSE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


# ---------------------------------------------------------------- tests by kind: `pytest -m unit|integration|app`
# app: the reader driven by Pilot or snapshots. integration: the spaCy model, subprocesses, servers, wheels,
# clusters. unit: the rest (plain functions, hand-built Docs, no model): seconds, for the edit loop.
MODEL_FIXTURES = {"nlp", "seed_analysis", "analyze_text"}
INTEGRATION_MODULES = {
    "test_architecture", "test_batch", "test_bench_quick", "test_bench_repeats", "test_cli_bad_input",
    "test_dask", "test_feeds", "test_headless", "test_lint", "test_nothing_lost", "test_web", "test_wheel",
}


def test_kind(item: pytest.Item) -> str:
    module = item.module.__name__.rpartition(".")[2] if getattr(item, "module", None) else ""
    if module.startswith("test_app") or module == "test_snapshots":
        return "app"
    if module in INTEGRATION_MODULES or MODEL_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("slow"):
        return "integration"
    return "unit"


test_kind.__test__ = False  # a helper, not a test


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(test_kind(item))
