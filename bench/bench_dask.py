"""The Dask engine against the local worker pool (ratio 7), and how it scales.

    python bench/bench_dask.py [--quick] [--processes N]

On the same articles (built as in bench_pipeline: new to spaCy, reading like news), wall time of the
analysis only, cross-article step off on both sides:
  - the local pool: `batch.analyze_collection(processes=N)` (the model loaded in the parent first, so
    its workers fork with it, as `presse index` does);
  - the Dask engine: the same call with `runner=DaskEngine.analyse` on a LocalCluster of N worker
    processes started (and their model loaded) beforehand: start-up is reported apart, since a
    cluster is started once for many runs.
Ratio 7 is articles/s of Dask over articles/s of the pool, each run in its own child process, the two
alternated (pool, Dask, pool, Dask) and the best of each kept; their CPU time is reported too (less
sensitive to the neighbours on a shared machine). Also measured: the same with 1 Dask worker
(time per article with 1 and 2 workers, for the scaling arithmetic in bench/README.md) and each Dask
worker's peak RSS (`ru_maxrss`, read on the worker).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
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


def _cpu_seconds() -> float:
    """CPU time of this process so far, user + system (read on a Dask worker too)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def dask_run(articles: list, workers: int) -> dict:
    """Start a LocalCluster of `workers` (timed apart), then analyse `articles` on it. CPU: the workers'
    and this process's (it runs the scheduler, the nannies and the client) during the analysis."""
    from distributed import Client, LocalCluster

    from presse.engines.dask_engine import DaskEngine

    start = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        engine = DaskEngine.start(client)
        client.wait_for_workers(workers)
        startup = time.perf_counter() - start
        before, here = client.run(_cpu_seconds), os.times()
        start = time.perf_counter()
        result = batch.analyze_collection(articles, runner=engine.analyse, processes=workers, cross_article=False)
        wall = time.perf_counter() - start
        after, now = client.run(_cpu_seconds), os.times()
        peaks = sorted(client.run(_peak_rss_mb).values())
        tasks = len(engine.partitions(articles))
    if result.analysed != len(articles) or result.failures:
        raise RuntimeError(f"Dask run analysed {result.analysed} of {len(articles)}, {len(result.failures)} failures")
    workers_cpu = sum(after[w] - before[w] for w in after if w in before)
    client_cpu = (now.user - here.user) + (now.system - here.system)
    return {"startup": startup, "wall": wall, "peaks": peaks, "tasks": tasks, "cpu": workers_cpu + client_cpu,
            "client_cpu": client_cpu}


def local_run(articles: list, processes: int) -> dict:
    """The local pool on `articles` (wall; CPU of this process and its workers, reaped by the pool)."""
    saved = batch.MIN_ARTICLES_PER_PROCESS
    batch.MIN_ARTICLES_PER_PROCESS = 1  # exactly `processes` workers, even on a quick run
    try:
        # Start-up apart, as for Dask (whose workers warm up when they join): the model loaded and the
        # steps' lazy loads done in this process before the timer, so the forked workers inherit them.
        from presse.engines.work import warm_up

        warm_up(nlp_mod.DEFAULT_MODEL)
        here = os.times()
        start = time.perf_counter()
        result = batch.analyze_collection(articles, processes=processes, cross_article=False)
        wall = time.perf_counter() - start
        now = os.times()
    finally:
        batch.MIN_ARTICLES_PER_PROCESS = saved
    if result.analysed != len(articles):
        raise RuntimeError(f"local run analysed {result.analysed} of {len(articles)}")
    cpu = sum(getattr(now, f) - getattr(here, f) for f in ("user", "system", "children_user", "children_system"))
    return {"wall": wall, "cpu": cpu}


def one_run(engine: str, n: int, processes: int) -> dict:
    """One measurement in a fresh child process (`--one`): nothing loaded or warmed by an earlier one."""
    command = [sys.executable, str(Path(__file__).resolve()), "--one", engine, "--articles", str(n),
               "--processes", str(processes)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"{engine} run failed: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(quick: bool = False, processes: int | None = None) -> list[Row]:
    from presse.engines import dask_available

    if not dask_available():
        return [Row("7", "Dask engine / local pool, articles/s", None, "≥ 0.85", "n/a (Dask missing: pip install 'presse[dask]')")]
    processes = min(processes or batch.default_processes(), 2) if quick else (processes or 2)
    n = 12 if quick else 300
    rounds = 1 if quick else 2
    # Alternated (pool, Dask, pool, Dask), each in its own process: a shared machine's load drifts over
    # minutes, so back-to-back blocks would measure the neighbours; the best of each is kept.
    pools, dasks = [], []
    for _ in range(rounds):
        pools.append(one_run("pool", n, processes))
        dasks.append(one_run("dask", n, processes))
    local = min(pools, key=lambda r: r["wall"])
    dask = min(dasks, key=lambda r: r["wall"])
    walls = lambda runs: ", ".join(f"{r['wall']:.1f}" for r in runs)  # noqa: E731
    rows = [
        Row("7", f"Dask engine, LocalCluster of {processes} workers / local pool of {processes}, articles/s",
            local["wall"] / dask["wall"], "≥ 0.85",
            f"{n} articles, best of {rounds} alternated runs: pool {walls(pools)} s, Dask {walls(dasks)} s in "
            f"{dask['tasks']} tasks (+ {dask['startup']:.1f} s cluster start-up and model load, apart)"),
        Row("7", "the same in CPU time: pool / Dask (workers + scheduler, nannies, client)",
            min(r["cpu"] for r in pools) / min(r["cpu"] for r in dasks), "",
            f"pool {min(r['cpu'] for r in pools):.1f} s, Dask {min(r['cpu'] for r in dasks):.1f} s "
            f"(of which {dask['client_cpu']:.1f} s in the client process); above 1: Dask spends less"),
        Row("7", f"peak RSS per Dask worker ({processes} workers)", max(dask["peaks"]), "",
            "each worker: " + ", ".join(f"{p:.0f} MB" for p in dask["peaks"]), unit="MB"),
    ]
    if processes > 1:
        one = one_run("dask", n, 1)
        rows.append(Row("7", f"Dask time per article, 1 worker / {processes} workers", one["wall"] / dask["wall"], "",
                        f"{1000 * one['wall'] / n:.0f} ms per article with 1 worker, "
                        f"{1000 * dask['wall'] / n:.0f} ms with {processes} (wall, start-up apart)"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--one", choices=["pool", "dask"], help="one run, printed as JSON (used by run())")
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args(argv)
    if args.one:
        articles = build_articles(args.articles, seed=9)
        out = local_run(articles, args.processes) if args.one == "pool" else dask_run(articles, args.processes)
        print(json.dumps(out))
        return 0
    for row in run(args.quick, args.processes):
        print(row.line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
