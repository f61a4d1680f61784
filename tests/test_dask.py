"""The Dask engine on a LocalCluster of 2 worker processes: the same analyses as the local engine,
a worker killed mid-run costs nothing, a second run writes nothing. One cluster for the module."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from presse import batch  # noqa: E402
from presse.cache import AnalysisCache  # noqa: E402
from presse.model import Analysis  # noqa: E402
from presse.engines import shards  # noqa: E402
from presse.loading import load_path  # noqa: E402
from presse.sources import folder_files  # noqa: E402
from presse.tui.cli import main  # noqa: E402

pytestmark = pytest.mark.slow

ARTICLES = Path(__file__).parent / "data" / "articles"
COUNT = 30


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """30 articles of the test corpus, copied (sources are never written)."""
    target = tmp_path_factory.mktemp("articles")
    for path in sorted(ARTICLES.glob("*.txt"))[:COUNT]:
        shutil.copy(path, target / path.name)
    return target


@pytest.fixture(scope="module")
def articles(folder: Path):
    return load_path(str(folder))


@pytest.fixture(scope="module")
def local(nlp, articles) -> dict[str, str]:
    """The local engine's analyses (each article's own, no collection step), JSON by source."""
    result = batch.analyze_collection(articles, processes=1, cross_article=False)
    assert len(result.analyses) == COUNT and not result.failures
    return {a.article.source: a.to_json() for a in result.analyses}


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    import logging

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield cluster, client


@pytest.fixture
def engine(cluster):
    from presse.engines.dask_engine import DaskEngine

    _, client = cluster
    client.wait_for_workers(2, timeout=180)  # a worker killed by an earlier test is back
    engine = DaskEngine.start(client)
    yield engine
    engine.close()


def shard_sources(folder: Path) -> list[str]:
    return [a.article.source for a in shards.read_index(folder)]


def with_collection_repeats(local: dict[str, str]) -> list[str]:
    """The local engine's analyses with the collection step (cross-article repeats), in order."""
    analyses = [Analysis.from_json(j) for j in local.values()]
    batch.add_collection_repeats(analyses)
    return [a.to_json() for a in analyses]


def test_cache_mode_analyses_and_cross_article_repeats_equal_the_local_engine(engine, articles, local, tmp_path: Path) -> None:
    engine.partition_limit = 8  # several tasks per worker
    cache = AnalysisCache.open(tmp_path / "cache")
    result = batch.analyze_collection(articles, cache=cache, runner=engine.analyse, processes=engine.workers)
    assert result.analysed == COUNT and not result.failures
    assert [a.to_json() for a in result.analyses] == with_collection_repeats(local)
    assert cache.count() == COUNT  # into the local cache, client side
    assert {s: Analysis.from_json(j).article.id for s, j in local.items()} == {a.article.source: a.article.id for a in result.analyses}


def test_output_shards_equal_the_local_engine_and_a_second_run_writes_nothing(
    cluster, folder: Path, tmp_path: Path, local, capsys, monkeypatch
) -> None:
    out = tmp_path / "index"
    scheduler = cluster[0].scheduler_address
    argv = ["index", str(folder), "--engine", "dask", "--scheduler", scheduler, "--output", str(out), "--no-cache"]
    assert main(argv) == 0
    summary = capsys.readouterr().out
    assert f"{COUNT} analysed" in summary
    written = {a.article.source: a.to_json() for a in shards.read_index(out)}
    assert written == local  # JSON-equal, every article once
    assert sorted(shard_sources(out)) == sorted(local)
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}

    assert main(argv) == 0
    assert "0 analysed" in capsys.readouterr().out
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before  # nothing new, nothing rewritten

    # The folder opens as a collection: `presse analyze DIR` reads the shards (no new analysis) and
    # adds the cross-article repeats, as for the source folder.
    monkeypatch.setenv("PRESSE_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["analyze", str(out), "--format", "jsonl"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed == with_collection_repeats(local)
    assert AnalysisCache.open(tmp_path / "cache").count() == COUNT  # seeded from the shards


def test_a_worker_killed_mid_run_and_every_article_is_written_once(engine, cluster, folder: Path, tmp_path: Path, local) -> None:
    _, client = cluster
    engine.partition_limit = 5  # 6 partitions: one finishes while the other worker is busy
    pids = client.run(os.getpid)
    killed: list[int] = []

    def kill_a_busy_worker(done: int) -> None:
        if killed:
            return
        busy = [addr for addr, keys in client.processing().items() if keys] or list(pids)
        pid = pids[busy[0]]
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    out = tmp_path / "index"
    items = folder_files(str(folder))
    run = engine.index_to_folder(items, str(out), progress=kill_a_busy_worker)
    assert killed and not run.result.failures
    sources = shard_sources(out)
    assert sorted(sources) == sorted(local)  # every article, none twice
    assert {a.article.source: a.to_json() for a in shards.read_index(out)} == local
    assert sorted(run.written) == [shards.shard_name(n) for n in range(6)]
    client.wait_for_workers(2, timeout=180)
    assert killed[0] not in client.run(os.getpid).values()  # the nanny started a new worker


def test_without_dask_the_engine_says_how_to_install_it(monkeypatch, capsys, folder: Path) -> None:
    import presse.engines as engines

    monkeypatch.setattr(engines, "dask_available", lambda: False)
    assert main(["index", str(folder), "--engine", "dask"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "presse: --engine dask needs Dask: pip install 'presse[dask]'"


def test_output_and_scheduler_need_the_dask_engine(capsys, folder: Path, tmp_path: Path) -> None:
    assert main(["index", str(folder), "--output", str(tmp_path / "x")]) == 2
    assert "--output needs --engine dask" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def synthetic_collection(paragraphs: int):
    """bench/bench_repeats.py's collection: stock phrases, exact and edited reprints; plus duplicates."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_repeats", Path(__file__).parent.parent / "bench" / "bench_repeats.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    articles, _ = module.build_collection(paragraphs)
    return articles + articles[:2]  # a text given twice is not a reprint of itself


def test_cross_article_repeats_grouped_on_the_cluster_equal_the_local_index(engine, articles) -> None:
    from presse.collection import find_cross_repeats
    from presse.engines.grouped_repeats import find_grouped

    for collection in (list(articles), synthetic_collection(2000)):
        expected = {aid: reps for aid, reps in find_cross_repeats(collection).items() if reps}
        engine.partition_limit = 7
        parts = engine.partitions(collection)
        assert len(parts) > 2
        assert find_grouped(parts) == expected  # the steps in one process
        assert engine.cross_repeats(parts) == expected  # the same steps grouped by Dask
    assert sum(len(r) for r in expected.values()) > 100  # exact and near reprints planted
    assert {r.kind for reps in expected.values() for r in reps} == {"exact", "near"}
