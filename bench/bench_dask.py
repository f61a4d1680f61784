"""The Dask engine against the local worker pool (ratio 7), and how it scales.

    python bench/bench_dask.py [--quick] [--processes N]

On the same articles (built as in bench_pipeline: new to spaCy, reading like news), wall time of the
analysis only, cross-article step off on both sides:
  - the local pool: `batch.analyze_collection(processes=N)` (the model loaded in the parent first, so
    its workers fork with it, as `presse index` does);
  - the Dask engine: the same call with `runner=DaskEngine.analyse` on a LocalCluster of N worker
    processes started (and their model loaded) beforehand: start-up is reported apart, since a
    cluster is started once for many runs.
Ratio 7 is articles/s of Dask over articles/s of the pool. Also measured: the same with 1 Dask worker
(time per article with 1 and 2 workers, for the scaling arithmetic in bench/README.md) and each Dask
worker's peak RSS (`ru_maxrss`, read on the worker).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (str(ROOT), str(Path(__file__).resolve().parent)):
    if path not in sys.path:
        sys.path.insert(0, path)

from bench_pipeline import Row, build_articles  # noqa: E402

from presse import batch  # noqa: E402
from presse import nlp as nlp_mod  # noqa: E402


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def dask_run(articles: list, workers: int) -> dict:
    """Start a LocalCluster of `workers` (timed apart), then analyse `articles` on it."""
    from distributed import Client, LocalCluster

    from presse.engines.dask_engine import DaskEngine

    start = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        engine = DaskEngine.start(client)
        client.wait_for_workers(workers)
        startup = time.perf_counter() - start
        start = time.perf_counter()
        result = batch.analyze_collection(articles, runner=engine.analyse, processes=workers, cross_article=False)
        wall = time.perf_counter() - start
        peaks = sorted(client.run(_peak_rss_mb).values())
        tasks = len(engine.partitions(articles))
    if result.analysed != len(articles) or result.failures:
        raise RuntimeError(f"Dask run analysed {result.analysed} of {len(articles)}, {len(result.failures)} failures")
    return {"startup": startup, "wall": wall, "peaks": peaks, "tasks": tasks}


def local_run(articles: list, processes: int) -> float:
    saved = batch.MIN_ARTICLES_PER_PROCESS
    batch.MIN_ARTICLES_PER_PROCESS = 1  # exactly `processes` workers, even on a quick run
    try:
        nlp_mod.load(nlp_mod.DEFAULT_MODEL)  # as presse index: loaded before the workers fork
        start = time.perf_counter()
        result = batch.analyze_collection(articles, processes=processes, cross_article=False)
        wall = time.perf_counter() - start
    finally:
        batch.MIN_ARTICLES_PER_PROCESS = saved
    if result.analysed != len(articles):
        raise RuntimeError(f"local run analysed {result.analysed} of {len(articles)}")
    return wall


def run(quick: bool = False, processes: int | None = None) -> list[Row]:
    from presse.engines import dask_available

    if not dask_available():
        return [Row("7", "Dask engine / local pool, articles/s", None, "≥ 0.85", "n/a (Dask missing: pip install 'presse[dask]')")]
    processes = min(processes or batch.default_processes(), 2) if quick else (processes or 2)
    n = 12 if quick else 300
    articles = build_articles(n, seed=9)
    local = local_run(articles, processes)
    dask = dask_run(articles, processes)
    rows = [
        Row("7", f"Dask engine, LocalCluster of {processes} workers / local pool of {processes}, articles/s",
            local / dask["wall"], "≥ 0.85",
            f"{n} articles: pool {local:.1f} s, Dask {dask['wall']:.1f} s in {dask['tasks']} tasks "
            f"(+ {dask['startup']:.1f} s cluster start-up and model load, apart)"),
        Row("7", f"peak RSS per Dask worker ({processes} workers)", max(dask["peaks"]), "",
            "each worker: " + ", ".join(f"{p:.0f} MB" for p in dask["peaks"]), unit="MB"),
    ]
    if processes > 1:
        one = dask_run(articles, 1)
        rows.append(Row("7", f"Dask time per article, 1 worker / {processes} workers", one["wall"] / dask["wall"], "",
                        f"{1000 * one['wall'] / n:.0f} ms per article with 1 worker, "
                        f"{1000 * dask['wall'] / n:.0f} ms with {processes} (wall, start-up apart)"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args(argv)
    for row in run(args.quick, args.processes):
        value = "n/a" if row.value is None else f"{row.value:.2f}{' ' + row.unit if row.unit else ''}"
        print(f"{row.ratio}. {row.name}: {value} (goal {row.goal or '-'}) {row.detail}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
