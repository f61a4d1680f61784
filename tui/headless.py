"""`presse analyze` and `presse index`: the analysis without the reader.

Both read the analysis cache first: an article analysed before is printed (or skipped) without
loading spaCy at all. Cache notices (moved aside, disabled) are one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from presse import batch, loading, nlp, report, sources
from presse.cache import AnalysisCache
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
    articles = loading.load_paths(paths, **fetch_options)
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
    if args.no_cache:
        raise PresseError("presse index fills the analysis cache: it cannot run with --no-cache")
    nlp.model_id(model)  # a missing model is bad input: say so before starting any process
    with open_cache(args) as cache:
        notice = cache.notice
        articles = load_articles(args.paths, cache)
        with _progress(len(articles)) as advance:
            result = batch.analyze_collection(
                articles, model, cache=cache, processes=processes, progress=advance, keep=False
            )
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
