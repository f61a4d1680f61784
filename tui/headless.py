"""`presse analyze`, `presse index` and `presse quotes`: the analysis without the reader.

Both read the analysis cache first: an article analysed before is printed (or skipped) without
loading spaCy at all. Cache notices (moved aside, disabled) are one line on stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from presse import batch, loading, nlp, report, sources
from presse.cache import AnalysisCache
from presse.engines import shards
from presse.errors import OutputError, PresseError
from presse.model import Article
from presse.safe import printable_line

EXIT_FAILED = 1
EXIT_NOT_KEPT = 2  # the environment (cache file, disk) kept `index` from keeping its work


def open_cache(args: argparse.Namespace) -> AnalysisCache:
    """The cache the options ask for; its notice, if any, is printed at once."""
    cache = AnalysisCache.open(getattr(args, "cache_dir", None), enabled=not getattr(args, "no_cache", False))
    if cache.notice:
        print(f"presse: {printable_line(cache.notice)}", file=sys.stderr)
    return cache


def load_articles(paths: list[str], cache: AnalysisCache | None = None) -> list[Article]:
    """The articles of `paths`; fetched pages are kept in the cache and re-fetched conditionally."""
    fetch_options = {"store": cache, "refresh": True} if cache is not None and cache.enabled else {}
    articles: list[Article] = []
    for path in paths:
        if os.path.isdir(path) and shards.is_index_folder(path):  # `presse index --output`: its analyses
            articles.extend(shards.load_index_folder(path, store=cache))
        else:
            articles.extend(loading.load_path(path, **fetch_options))
    if not articles:
        raise PresseError("no article found in " + ", ".join(paths))
    for article in articles:
        notice = sources.repaired_notice(article)
        if notice:  # lines read as cp1252 in a UTF-8 file: said, not silent
            print(f"presse: {printable_line(notice)}", file=sys.stderr)
    return articles


def run_analyze(args: argparse.Namespace) -> int:
    model = args.model or nlp.DEFAULT_MODEL
    with open_cache(args) as cache:
        notice = cache.notice
        articles = load_articles(args.paths, cache)
        result = batch.analyze_collection(articles, model, cache=cache, processes=1)
        _say_new_notice(cache, notice)
    analyses = result.analyses
    if args.format == "json":
        if len(analyses) == 1:
            write_output(analyses[0].to_json(indent=2) + "\n")
        else:
            write_output("[\n" + ",\n".join(a.to_json(indent=2) for a in analyses) + "\n]\n")
    elif args.format == "jsonl":
        for a in analyses:
            write_output(a.to_json() + "\n")
    else:
        write_output("\n".join(report.text_report(a) for a in analyses))
    return _report_failures(result)


def run_quotes(args: argparse.Namespace) -> int:
    """One row per quote of the collection with its trail (presse.trail_table); cached articles need no spaCy."""
    from presse.trail import find_trails
    from presse.trail_table import quote_rows, render

    model = args.model or nlp.DEFAULT_MODEL
    with open_cache(args) as cache:
        articles = load_articles(args.paths, cache)
        result = batch.analyze_collection(articles, model, cache=cache, processes=1, cross_article=False)
    rows = quote_rows(result.analyses, find_trails(result.analyses))
    write_output(render(rows, args.format))
    return _report_failures(result)


def write_output(text: str) -> None:
    """Write to standard output; a full disk or an encoding that cannot show the text is one clear line."""
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError as exc:
        raise OutputError(
            f"the output encoding ({exc.encoding}) cannot show this text: use UTF-8 (for example PYTHONIOENCODING=utf-8)"
        ) from None
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write the output: {exc.strerror or exc}") from None


def run_index(args: argparse.Namespace) -> int:
    model = args.model or nlp.DEFAULT_MODEL
    processes = batch.default_processes() if args.processes is None else args.processes
    if processes < 1:
        raise PresseError(f"--processes must be at least 1 (got {processes})")
    engine = getattr(args, "engine", "local")
    output = getattr(args, "output", None)
    if engine != "dask" and (output or getattr(args, "scheduler", None)):
        raise PresseError(f"{'--output' if output else '--scheduler'} needs --engine dask")
    if args.no_cache and not output:
        raise PresseError("presse index fills the analysis cache: it cannot run with --no-cache")
    if engine == "dask":
        from presse.engines import require_dask

        require_dask()
        if output:
            return _index_to_folder(args, model, processes, output)
    nlp.model_id(model)  # a missing model is bad input: say so before starting any process
    with open_cache(args) as cache:
        notice = cache.notice
        articles = load_articles(args.paths, cache)
        with _engine(args, model, processes) as dask, _progress(len(articles)) as advance:
            result = batch.analyze_collection(
                articles, model, cache=cache, processes=processes if dask is None else dask.workers,
                progress=advance, keep=False, runner=None if dask is None else dask.analyse,
                cross_article=dask is None,
            )
            if dask is not None and len(articles) > 1:  # grouped on the cluster, same answer
                found = dask.cross_repeats(dask.partitions(articles))
                result.collection_repeats = sum(len(r) for r in found.values())
        _say_new_notice(cache, notice)
    print(_summary(result, len(articles), cache))
    failed = _report_failures(result)
    if result.unkept:
        # Indexing is keeping: analyses that could not be kept are a failed run, said as such.
        print(f"presse: {result.unkept} of {result.analysed} analyses could not be kept in the cache", file=sys.stderr)
        return failed or EXIT_NOT_KEPT
    return failed


def _say_new_notice(cache: AnalysisCache, before: str | None) -> None:
    """The cache stopped working during the run (read-only file, full disk): say why, once."""
    if cache.notice and cache.notice != before:
        print(f"presse: {printable_line(cache.notice)}", file=sys.stderr)


@contextmanager
def _engine(args: argparse.Namespace, model: str, processes: int) -> Iterator[Any]:
    """The Dask engine the options ask for (closed after), or None for the local worker pool."""
    if getattr(args, "engine", "local") != "dask":
        yield None
        return
    from presse.engines.dask_engine import DaskEngine

    engine = DaskEngine.start(args.scheduler, processes, model)
    try:
        yield engine
    finally:
        engine.close()


def _index_to_folder(args: argparse.Namespace, model: str, processes: int, output: str) -> int:
    """`--engine dask --output DIR`: the workers read the sources and write shards; no cache involved."""
    from presse.engines.work import source_items

    items = source_items(args.paths)
    with _engine(args, model, processes) as dask, _progress(len(items)) as advance:
        run = dask.index_to_folder(items, output, progress=advance)
        found = dask.cross_repeats([(seq, str(Path(output, shards.shard_name(seq)))) for seq in shards.shard_seqs(output)])
    for line in run.skipped:
        print(f"presse: skipped {line}", file=sys.stderr)
    result = run.result
    rate = result.analysed / result.seconds if result.seconds > 0 else 0.0
    print(
        f"indexed {run.total} source{'s' if run.total != 1 else ''} into {output} in {result.seconds:.1f} s: "
        f"{result.analysed} analysed ({rate:.1f}/s, {result.processes} Dask worker{'s' if result.processes != 1 else ''}), "
        f"{result.cached} already there, {len(run.written)} shard{'s' if len(run.written) != 1 else ''} written, "
        f"{sum(len(r) for r in found.values())} cross-article repeats in the index"
    )
    return _report_failures(result)


def _summary(result: batch.CollectionResult, total: int, cache: AnalysisCache) -> str:
    rate = result.analysed / result.seconds if result.seconds > 0 else 0.0
    parts = [f"{result.analysed} analysed"]
    if result.analysed:
        parts[0] += f" ({rate:.1f}/s, {result.processes} process{'es' if result.processes != 1 else ''})"
    parts.append(f"{result.cached} already cached")
    if result.duplicates:
        parts.append(f"{result.duplicates} duplicate{'s' if result.duplicates != 1 else ''}")
    if result.collection_hook:
        parts.append(f"{result.collection_repeats} cross-article repeat{'s' if result.collection_repeats != 1 else ''}")
    else:
        parts.append("cross-article repeats unavailable")
    kept = result.analysed - result.unkept
    if cache.path is None or (kept == 0 and result.analysed):
        where = "(cache off: nothing kept)"
    elif result.unkept:
        where = f"into {printable_line(str(cache.path))} (only {kept} of {result.analysed} analyses kept)"
    else:
        where = f"into {printable_line(str(cache.path))}"
    return f"indexed {total} article{'s' if total != 1 else ''} {where} in {result.seconds:.1f} s: " + ", ".join(parts)


def _report_failures(result: batch.CollectionResult) -> int:
    """An article the analysis failed on is a bug: one line each on stderr, exit 1."""
    for failure in result.failures:
        print(f"presse: internal error analysing {printable_line(failure.source)}: {printable_line(failure.error)}", file=sys.stderr)
    return EXIT_FAILED if result.failures else 0


@contextmanager
def _progress(total: int) -> Iterator[batch.ProgressFn]:
    """A progress bar on stderr (articles, rate, ETA); plain and quiet when stderr is not a terminal."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    progress = Progress(
        TextColumn("indexing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("articles"),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
        disable=not console.is_terminal,
        # No refresh thread: redrawn on each advance. With no thread running, the worker processes
        # can be forked (fast start, shared model memory) rather than spawned.
        auto_refresh=False,
    )
    task = progress.add_task("index", total=total, rate="")

    def advance(n: int) -> None:
        progress.advance(task, n)
        speed = progress.tasks[0].speed
        progress.update(task, rate=f"{speed:.1f} articles/s" if speed else "")
        progress.refresh()

    with progress:
        yield advance
