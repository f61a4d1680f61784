"""Analysing a collection: cached articles first, the rest in batches over several processes.

Several cores are used by a pool of worker processes that each hold the model and run the
*whole* analysis (`pipeline.analyze_many`: `nlp.pipe`, then entities, quotes, speakers, repeats) on
chunks of articles, returning finished `Analysis` objects. Measured against spaCy's own
`nlp.pipe(n_process=N)` (bench/README.md): there spaCy ships every `Doc` back to the parent and the
Python steps after spaCy run on one core. On Linux, with no other thread running, the workers are
forked after the parent loaded the model (they start at once and share its memory); otherwise they
are spawned and each loads the model.

Only this (parent) process writes to the cache, chunk by chunk, so an interrupted run resumes where
it stopped and concurrent readers (the app) see whole analyses only.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from . import nlp as nlp_mod
from .model import Analysis, Article

if TYPE_CHECKING:
    from .cache import AnalysisCache

ProgressFn = Callable[[int], None]
# Where the analysis runs: given the articles to analyse, yields (finished, failed) as they complete.
# None: this machine's worker pool. `presse.engines.dask_engine.DaskEngine.analyse` runs them on Dask.
Runner = Callable[[list[Article]], Iterator["Batch"]]

# spaCy's nlp.pipe batch (texts per forward pass) and the articles per worker task. Articles are long
# texts: 4 per pass cost the same CPU as 16 (measured, 64 articles, three alternated runs: 3.1-3.5 s
# either way), while a pass over 16 held ~155 MB of transient memory per process, 4 about 50 MB:
# with 2 workers, `presse index`'s summed PSS went from ~955 MB to below 800 (bench row 6).
BATCH_SIZE = 4
CHUNK_SIZE = 32
# The fewest articles per worker task: a task costs a round trip and a pickled result.
MIN_CHUNK = 16
# Below this many articles per process, starting a process (a model load, ~4 s) is not worth it.
MIN_ARTICLES_PER_PROCESS = 24


@dataclass(slots=True)
class Failure:
    source: str
    error: str


@dataclass(slots=True)
class CollectionResult:
    analyses: list[Analysis]  # one per input article, input order (failed articles left out)
    cached: int = 0  # distinct texts found in the cache
    analysed: int = 0  # distinct texts analysed now
    duplicates: int = 0  # input articles whose text was already in the input
    collection_repeats: int = 0  # repeats pointing to another article
    processes: int = 1  # processes actually used for the analysis
    unkept: int = 0  # analysed now but not kept in the cache (cache off, read-only, disk full)
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    collection_hook: bool = True  # False while presse.collection is missing


def default_processes() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def plan_processes(requested: int, todo: int) -> int:
    """How many processes to start for `todo` articles: never more than the work pays for."""
    if todo <= 0:
        return 0
    return max(1, min(requested, math.ceil(todo / MIN_ARTICLES_PER_PROCESS)))


def analyze_collection(
    articles: Sequence[Article],
    model: str = nlp_mod.DEFAULT_MODEL,
    *,
    cache: AnalysisCache | None = None,
    processes: int = 1,
    progress: ProgressFn | None = None,
    cross_article: bool = True,
    keep: bool = True,
    batch_size: int = BATCH_SIZE,
    chunk_size: int = CHUNK_SIZE,
    runner: Runner | None = None,
    stage: Callable[[str], None] | None = None,
) -> CollectionResult:
    """Analyses of `articles` (input order): from `cache` when there, else analysed and cached.

    `progress(n)` is called as articles are done (cached ones at once). With `cross_article`, and more
    than one article, repeats across articles are added (`presse.collection`); they are not cached.
    `keep=False` (indexing into the cache) keeps no analysis in memory: cached ones are not even read,
    and `result.analyses` stays empty; cross-article repeats are then only counted. `runner` runs
    the analysis elsewhere (another engine); `processes` is then what that engine reports. `stage(words)`
    says "loading model…" before the first analysis (the model loads for seconds) and "" once it came.
    """
    started = time.perf_counter()
    result = CollectionResult(analyses=[])
    unique: dict[str, Article] = {}
    for article in articles:
        unique.setdefault(article.id, article)
    result.duplicates = len(articles) - len(unique)

    done: dict[str, Analysis] = {}
    skip: set[str] = set()
    if cache is not None and cache.enabled:
        if keep:
            done = cache.get_many(unique, model)
            skip = set(done)
        else:
            skip = cache.cached_ids(unique, model)
        result.cached = len(skip)
        if progress and skip:
            progress(sum(1 for a in articles if a.id in skip))

    todo = [a for aid, a in unique.items() if aid not in skip]
    result.processes = plan_processes(processes, len(todo)) if runner is None else (processes if todo else 0)
    if todo:
        dup_count: dict[str, int] = {}
        for article in articles:
            dup_count[article.id] = dup_count.get(article.id, 0) + 1
        batches = runner(todo) if runner is not None else _analyse(todo, model, result.processes, batch_size, chunk_size)
        if stage:
            stage("loading model…")
        for n, (finished, failed) in enumerate(batches):
            if stage and n == 0:
                stage("")
            if cache is not None and finished:
                result.unkept += len(finished) - cache.put_many(finished)
            if keep:
                done.update((a.article.id, a) for a in finished)
            result.analysed += len(finished)
            result.failures.extend(failed)
            if progress:
                progress(sum(dup_count[a.article.id] for a in finished) + len(failed))

    for article in articles:
        found = done.get(article.id)
        if found is None:
            continue
        if found.article is article:
            result.analyses.append(found)
        else:  # another copy of the text (cache or duplicate): same offsets, this copy's source and title
            result.analyses.append(replace(found, article=article, repeats=list(found.repeats)))

    if cross_article and not keep and len(unique) > 1:
        added = count_collection_repeats(articles)
        if added is None:
            result.collection_hook = False
        else:
            result.collection_repeats = added
    elif cross_article and len(result.analyses) > 1:
        added = add_collection_repeats(result.analyses)
        if added is None:
            result.collection_hook = False
        else:
            result.collection_repeats = added
    result.seconds = time.perf_counter() - started
    return result


def add_collection_repeats(analyses: list[Analysis]) -> int | None:
    """Mark paragraphs reprinted from an earlier article of the collection (`presse.collection`);
    the number of repeats added, or None when the collection step is not available."""
    try:
        # Imported here: it pulls numpy and datasketch, which a single cached article never needs.
        from .collection import mark_cross_repeats
    except ImportError:  # presse/collection.py (issue 4) not in this checkout: article by article only
        return None
    before = sum(1 for a in analyses for r in a.repeats if r.article is not None)
    mark_cross_repeats(analyses)
    return sum(1 for a in analyses for r in a.repeats if r.article is not None) - before


def count_collection_repeats(articles: Sequence[Article]) -> int | None:
    """How many paragraphs are reprinted from an earlier article (None: collection step missing)."""
    try:
        from .collection import find_cross_repeats
    except ImportError:
        return None
    return sum(len(repeats) for repeats in find_cross_repeats(articles).values())


# -- the analysis itself -------------------------------------------------------------------------

Batch = tuple[list[Analysis], list[Failure]]


def _analyse(todo: list[Article], model: str, processes: int, batch_size: int, chunk_size: int) -> Iterator[Batch]:
    if processes <= 1:
        yield from _analyse_here(todo, model, batch_size, chunk_size)
    else:
        yield from _analyse_pool(todo, model, processes, batch_size, chunk_size)


def analyse_chunk(articles: Sequence[Article], nlp: object, model: str, batch_size: int = BATCH_SIZE) -> Batch:
    """The whole analysis of a chunk (`pipeline.analyze_many`: spaCy batched, long texts sliced).

    A bug on one text must not sink its neighbours: on an exception the chunk is redone article by
    article, and the failing ones are reported.
    """
    from .pipeline import analyze_many

    try:
        return list(analyze_many(articles, model=model, nlp=nlp, batch_size=batch_size)), []  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - find out which article(s)
        pass
    finished: list[Analysis] = []
    failed: list[Failure] = []
    for article in articles:
        try:
            finished.extend(analyze_many([article], model=model, nlp=nlp))  # type: ignore[arg-type]
        except Exception as exc:  # noqa: BLE001 - reported to the user as an internal error
            failed.append(Failure(article.source, f"{type(exc).__name__}: {exc}"))
    return finished, failed


def _chunks(items: Sequence[Article], size: int) -> Iterator[list[Article]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def _analyse_here(todo: list[Article], model: str, batch_size: int, chunk_size: int) -> Iterator[Batch]:
    nlp = nlp_mod.load(model)
    for chunk in _chunks(todo, chunk_size):
        yield analyse_chunk(chunk, nlp, model, batch_size)


# Worker-process state: the model, loaded once per worker.
_worker_nlp: object = None
_worker_model = ""
_worker_batch_size = BATCH_SIZE
_worker_error: Exception | None = None  # the model failed to load: every task reports it


def _init_worker(model: str, batch_size: int) -> None:
    global _worker_nlp, _worker_model, _worker_batch_size, _worker_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _one_blas_thread()
    _worker_batch_size = batch_size
    try:
        _worker_nlp = nlp_mod.load(model)
        _worker_model = model
    except Exception as exc:  # noqa: BLE001 - raising here makes Pool respawn workers forever
        _worker_error = exc


def _one_blas_thread() -> None:
    """One BLAS thread per worker: the workers already use every core, and OpenBLAS threads on top
    (numpy in the paraphrase encoder) oversubscribe them and spin (measured: bench/README.md)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(1)


def _work(chunk: list[Article]) -> Batch:
    if _worker_error is not None:  # reported by the first task: the parent stops the pool
        raise _worker_error
    return analyse_chunk(chunk, _worker_nlp, _worker_model, _worker_batch_size)


def start_method() -> str:
    """fork when it is safe (Linux, no other thread in this process), else spawn.

    Forked workers start at once with the model the parent loaded (shared copy-on-write); spawned
    ones each load it again (~4 s of CPU each). Forking a process that runs other threads (the
    reader's UI, a progress refresher) can deadlock a child on a lock held by one of them.
    """
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _analyse_pool(todo: list[Article], model: str, processes: int, batch_size: int, chunk_size: int) -> Iterator[Batch]:
    # Small enough chunks that every worker gets several (load balance), big enough for nlp.pipe.
    size = max(MIN_CHUNK, min(chunk_size, math.ceil(len(todo) / (processes * 4))))
    method = start_method()
    if method == "fork":
        # The first article here: it loads the model and everything the steps load lazily (lexicons,
        # the paraphrase encoder...) once, and the forked workers inherit it all.
        nlp = nlp_mod.load(model)
        yield analyse_chunk(todo[:1], nlp, model, batch_size)
        todo = todo[1:]
        if not todo:
            return
    ctx = multiprocessing.get_context(method)
    pool = ctx.Pool(processes, initializer=_init_worker, initargs=(model, batch_size))
    try:
        yield from pool.imap_unordered(_work, _chunks(todo, size))
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
