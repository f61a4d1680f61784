"""Collection analysis: cache first, the same results as the plain pipeline, worker processes, resuming."""

from __future__ import annotations

from pathlib import Path

import pytest

from presse import batch, pipeline
from presse.cache import AnalysisCache
from presse.model import Article
from presse.nlp import DEFAULT_MODEL
from presse.sources import article_from_text

SHARED = (
    "Le porte-parole du gouvernement a annoncé mardi une réforme des retraites qui sera présentée "
    "au Parlement avant la fin du mois, selon un communiqué publié dans la matinée."
)


def articles(n: int, prefix: str = "art") -> list[Article]:
    out = []
    for i in range(n):
        text = (
            f"Article {i} : la mairie de Lyon prévoit {i + 2} nouvelles lignes de tramway.\n\n"
            f"« Nous tiendrons nos promesses », a déclaré le maire, cité par Le Progrès, le {i + 1} mars."
        )
        out.append(article_from_text(text, f"{prefix}{i}.txt"))
    return out


def plain(articles_: list[Article], nlp) -> list[dict]:
    return [a.to_dict() for a in pipeline.analyze_many(articles_, nlp=nlp)]


def test_same_results_as_the_pipeline_in_input_order(nlp, tmp_path: Path) -> None:
    arts = articles(5)
    with AnalysisCache.open(tmp_path) as cache:
        result = batch.analyze_collection(arts, cache=cache, cross_article=False)
    assert [a.article.source for a in result.analyses] == [a.source for a in arts]
    assert [a.to_dict() for a in result.analyses] == plain(arts, nlp)
    assert (result.analysed, result.cached, result.failures) == (5, 0, [])


def test_cached_articles_do_not_load_the_model(nlp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    arts = articles(4)
    with AnalysisCache.open(tmp_path) as cache:
        first = batch.analyze_collection(arts[:3], cache=cache, cross_article=False)
    calls: list[str] = []
    real_load = batch.nlp_mod.load
    monkeypatch.setattr(batch.nlp_mod, "load", lambda name: calls.append(name) or real_load(name))
    with AnalysisCache.open(tmp_path) as cache:
        again = batch.analyze_collection(arts[:3], cache=cache, cross_article=False)
        assert calls == []
        assert (again.cached, again.analysed) == (3, 0)
        assert [a.to_dict() for a in again.analyses] == [a.to_dict() for a in first.analyses]
        mixed = batch.analyze_collection(arts, cache=cache, cross_article=False)
    assert calls == [DEFAULT_MODEL]
    assert (mixed.cached, mixed.analysed) == (3, 1)


def test_a_text_given_twice_is_analysed_once_and_keeps_each_source(nlp) -> None:
    (art,) = articles(1)
    copy = article_from_text(art.text, "elsewhere/copy.txt")
    result = batch.analyze_collection([art, copy], cross_article=False)
    assert (result.analysed, result.duplicates) == (1, 1)
    assert [a.article.source for a in result.analyses] == ["art0.txt", "elsewhere/copy.txt"]
    assert result.analyses[0].quotes == result.analyses[1].quotes


def test_cross_article_repeats_point_to_the_earlier_article(nlp, tmp_path: Path) -> None:
    first = article_from_text(f"Premier article sur les retraites.\n\n{SHARED}", "first.txt")
    second = article_from_text(f"Un autre journal reprend la dépêche.\n\n{SHARED}\n\nFin de l'article.", "second.txt")
    with AnalysisCache.open(tmp_path) as cache:
        result = batch.analyze_collection([first, second], cache=cache)
        assert result.collection_hook
        assert result.collection_repeats == 1
        (rep,) = [r for r in result.analyses[1].repeats if r.article]
        assert (rep.article, rep.source, rep.paragraph, rep.same_as, rep.kind) == (first.id, "first.txt", 1, 1, "exact")
        assert not [r for r in result.analyses[0].repeats if r.article]
        # Collection repeats belong to this collection, not to the text: the cache keeps none.
        cached = cache.get(second.id, DEFAULT_MODEL)
        assert cached is not None and not [r for r in cached.repeats if r.article]
        # Counting only (indexing) finds the same.
        counted = batch.analyze_collection([first, second], cache=cache, keep=False)
        assert (counted.collection_repeats, counted.analyses, counted.cached) == (1, [], 2)


def test_one_failing_article_is_reported_and_the_rest_kept(nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    arts = articles(4)
    real = pipeline.analyze_doc

    def flaky(article, doc, model):
        if article.source == "art2.txt":
            raise RuntimeError("boom")
        return real(article, doc, model)

    monkeypatch.setattr(pipeline, "analyze_doc", flaky)
    result = batch.analyze_collection(arts, cross_article=False)
    assert [a.article.source for a in result.analyses] == ["art0.txt", "art1.txt", "art3.txt"]
    assert [(f.source, f.error) for f in result.failures] == [("art2.txt", "RuntimeError: boom")]


def test_interrupted_run_resumes_from_the_cache(nlp, tmp_path: Path) -> None:
    arts = articles(6)
    done: list[int] = []

    def stop_after_first_chunk(n: int) -> None:
        done.append(n)
        raise KeyboardInterrupt

    with AnalysisCache.open(tmp_path) as cache:
        with pytest.raises(KeyboardInterrupt):
            batch.analyze_collection(arts, cache=cache, chunk_size=2, progress=stop_after_first_chunk, keep=False)
        assert cache.count() == 2
        seen: list[int] = []
        result = batch.analyze_collection(arts, cache=cache, chunk_size=2, progress=seen.append, keep=False)
    assert (result.cached, result.analysed) == (2, 4)
    assert sum(seen) == 6


def test_plan_processes() -> None:
    per = batch.MIN_ARTICLES_PER_PROCESS
    assert batch.plan_processes(4, 0) == 0
    assert batch.plan_processes(4, 1) == 1
    assert batch.plan_processes(4, per) == 1
    assert batch.plan_processes(4, per + 1) == 2
    assert batch.plan_processes(2, 100 * per) == 2
    assert batch.default_processes() >= 1


@pytest.mark.slow
def test_worker_processes_give_the_same_results(nlp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two spawned workers (each loads the model): same analyses, input order, all cached by the parent."""
    monkeypatch.setattr(batch, "MIN_ARTICLES_PER_PROCESS", 2)
    arts = articles(6, prefix="pool")
    progress: list[int] = []
    with AnalysisCache.open(tmp_path) as cache:
        result = batch.analyze_collection(arts, cache=cache, processes=2, progress=progress.append, cross_article=False)
        assert result.processes == 2
        assert cache.count() == 6
    assert sum(progress) == 6
    assert [a.to_dict() for a in result.analyses] == plain(arts, nlp)
