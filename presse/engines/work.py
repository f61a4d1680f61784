"""The unit of work an engine runs somewhere: one partition of a collection, analysed whole.

A partition is a list of items: source paths or URLs (read where the work runs: every worker must be
able to read them), or articles already loaded (sent along). The analysis is the local engine's own
(`presse.batch.analyse_chunk`: `nlp.pipe` batches, then the Python steps); the model is loaded once
per process (`presse.nlp.load` is cached; the Dask worker plugin loads it before the first task).
No Dask here: these functions are plain Python, pickled to wherever they run.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import nlp as nlp_mod
from ..batch import BATCH_SIZE, CHUNK_SIZE, Failure, analyse_chunk
from ..errors import PresseError
from ..model import Analysis, Article

Item = str | Article


@dataclass(slots=True)
class PartitionResult:
    seq: int
    sources: list[str]  # the partition's items, as written to the shard's .sources list
    ids: list[str]  # article ids, collection order (a feed item gives several)
    analyses: list[Analysis] = field(default_factory=list)  # kept only when no shard is written
    failures: list[Failure] = field(default_factory=list)  # analysis bugs
    skipped: list[str] = field(default_factory=list)  # sources that could not be read: one line each
    shard: str | None = None
    analysed: int = 0  # distinct texts analysed by this task
    reused: bool = False  # the shard was already there (a retried task): nothing analysed


def source_items(paths: Sequence[str]) -> list[Item]:
    """What `paths` name, listed but not read (the workers read them): a folder's files in the order
    `presse.sources.load_folder` reads them, a file, a URL or feed as given; standard input is read here."""
    from ..errors import SourceError
    from ..sources import STDIN, folder_files, is_url, load_stdin

    items: list[Item] = []
    for path in paths:
        if path == STDIN:
            items.append(load_stdin())
        elif is_url(path):
            items.append(path)
        elif os.path.isdir(path):
            files = folder_files(path)
            if not files:
                raise SourceError(f"{path}: no articles found (.txt, .md, .html)")
            items.extend(files)
        elif not os.path.lexists(path):
            raise SourceError(f"{path}: no such file or folder")
        else:
            items.append(path)
    return items


def item_source(item: Item) -> str:
    return item if isinstance(item, str) else item.source


def load_items(items: Sequence[Item]) -> tuple[list[Article], dict[str, str]]:
    """The articles of `items`, in order, and {source: one line} for those that cannot be read."""
    from ..loading import load_path

    articles: list[Article] = []
    skipped: dict[str, str] = {}
    for item in items:
        if isinstance(item, Article):
            articles.append(item)
            continue
        try:
            articles.extend(load_path(item))
        except PresseError as exc:
            skipped[item] = str(exc)
    return articles, skipped


def load_partition(part: tuple[int, Sequence[Item] | str]) -> tuple[int, list[Article]]:
    """(seq, its articles): a partition's items, or (a str) the shard of an index folder."""
    seq, items = part
    if isinstance(items, str):
        from .shards import read_shard

        return seq, [a.article for a in read_shard(items)]
    return seq, load_items(items)[0]


def warm_up(model: str) -> None:
    """Load the model, then analyse the bundled sample article once: the steps load what they need
    lazily (lexicons, the paraphrase encoder: ~1 s of CPU), so a worker's first partition does not pay
    for it. The local pool does the same in the parent before its workers fork."""
    from importlib.resources import files

    from ..sources import article_from_text

    nlp = nlp_mod.load(model)
    try:
        sample = next(p for p in files("presse.seeds").iterdir() if p.name.endswith(".txt"))
        text = sample.read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError, StopIteration):  # not installed with the package data
        return
    analyse_chunk([article_from_text(text, "presse-warm-up.txt")], nlp, model)


def relax_malloc_trim() -> None:
    """Undo a Dask nanny's MALLOC_TRIM_THRESHOLD_=65536 (distributed.nanny.pre-spawn-environ) in this
    worker: set in the environment, it also freezes glibc's mmap threshold at 128 kB, so every numpy
    array above that is mmapped and unmapped again, page faults included. Measured on one worker over
    58 articles: system CPU 0.93-1.07 s -> 0.23-0.45 s, the task's CPU -15 %. The thresholds set here
    are glibc's own dynamic ceilings (64 MB trim, 32 MB mmap): a worker keeps at most that much free
    heap, next to a model of ~800 MB."""
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ or not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (musl): the variable means nothing there
        return
    m_trim_threshold, m_mmap_threshold = -1, -3
    libc.mallopt(m_trim_threshold, 64 * 1024 * 1024)
    libc.mallopt(m_mmap_threshold, 32 * 1024 * 1024)


def analyse_articles(articles: Sequence[Article], model: str, batch_size: int = BATCH_SIZE) -> tuple[list[Analysis], list[Failure], int]:
    """One analysis per article (input order; a text given twice is analysed once), the failures, and
    how many distinct texts were analysed."""
    nlp = nlp_mod.load(model)
    unique: dict[str, Article] = {}
    for article in articles:
        unique.setdefault(article.id, article)
    done: dict[str, Analysis] = {}
    failures: list[Failure] = []
    todo = list(unique.values())
    for start in range(0, len(todo), CHUNK_SIZE):  # a failing article only redoes its own chunk
        finished, failed = analyse_chunk(todo[start : start + CHUNK_SIZE], nlp, model, batch_size)
        done.update((a.article.id, a) for a in finished)
        failures.extend(failed)
    out: list[Analysis] = []
    for article in articles:
        found = done.get(article.id)
        if found is None:
            continue
        out.append(found if found.article is article else replace(found, article=article, repeats=list(found.repeats)))
    return out, failures, len(done)


def run_partition(
    seq: int,
    items: Sequence[Item],
    model: str,
    batch_size: int = BATCH_SIZE,
    output: str | None = None,
) -> PartitionResult:
    """Load and analyse one partition. With `output`, write its shard there (atomically) and return
    no analyses; a shard already written (the task retried after a lost worker) is not redone."""
    from . import shards

    sources = [item_source(i) for i in items]
    if output is not None and os.path.exists(Path(output, shards.shard_name(seq))):
        ids = [a.article.id for a in shards.read_shard(Path(output, shards.shard_name(seq)))]
        return PartitionResult(seq, sources, ids, shard=shards.shard_name(seq), analysed=len(set(ids)), reused=True)
    articles, skipped = load_items(items)
    analyses, failures, analysed = analyse_articles(articles, model, batch_size)
    result = PartitionResult(
        seq, sources, [a.id for a in articles], failures=failures, skipped=list(skipped.values()), analysed=analysed
    )
    if output is None:
        result.analyses = analyses
    elif analyses:
        # Sources unread or failed are not listed as done: a new run tries them again.
        retry = set(skipped) | {f.source for f in failures}
        shards.write_shard(output, seq, analyses, [s for s in sources if s not in retry])
        result.shard = shards.shard_name(seq)
    return result
