"""The Dask engine: the same per-partition analysis (`presse.engines.work`) on a Dask cluster.

Without a scheduler address, a `distributed.LocalCluster` of N single-threaded worker processes; with
one, an existing cluster (`dask scheduler` / `dask worker`). Each worker loads the model once, when it
joins (`ModelPlugin`). Partitions are independent tasks: a task lost with its worker is run again
elsewhere by the scheduler, one that raises is retried (`RETRIES`), and the others carry on.

Two ways out: `analyse(todo)` yields finished analyses to the caller (`presse.batch.analyze_collection`
puts them in the local cache, as with the local pool); `index_to_folder` has each worker read its
sources and write its partition's shard (`presse.engines.shards`), so the client holds no text at all.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from .. import analyzer_version
from .. import nlp as nlp_mod
from ..batch import BATCH_SIZE, MIN_CHUNK, Batch, CollectionResult, Failure, ProgressFn
from ..errors import PresseError
from ..model import Article, Repeat
from . import shards
from .work import Item, PartitionResult, load_partition, relax_malloc_trim, run_partition, warm_up

# Articles per task: enough for nlp.pipe batches and to pay for a task's overhead (a few ms), few
# enough that every worker gets several (load balance) and a lost task costs little.
PARTITION_SIZE = 64
TASKS_PER_WORKER = 4
RETRIES = 2


class ModelPlugin(WorkerPlugin):
    """Readies a worker when it starts (a restarted worker too), before its first task: one BLAS
    thread, glibc's malloc thresholds back to normal, the model loaded and warmed up."""

    idempotent = True

    def __init__(self, model: str) -> None:
        self.model = model

    def setup(self, worker: Any) -> None:
        from ..batch import _one_blas_thread

        _one_blas_thread()
        relax_malloc_trim()
        warm_up(self.model)


def worker_versions(model: str) -> tuple[str, str]:
    """What keys an analysis made on this worker: (analyzer version, model id)."""
    return analyzer_version(), nlp_mod.model_id(model)


def partition_size(todo: int, workers: int, limit: int = PARTITION_SIZE) -> int:
    return max(1, min(limit, max(MIN_CHUNK, math.ceil(todo / max(1, workers * TASKS_PER_WORKER)))))


@dataclass
class DaskEngine:
    client: Client
    model: str
    batch_size: int = BATCH_SIZE
    cluster: LocalCluster | None = None  # ours to close (None: an existing cluster)
    owns_client: bool = True  # False: a Client passed in, the caller's to close
    versions: tuple[str, str] = ("", "")
    partition_limit: int = PARTITION_SIZE
    _next_task: int = field(default=0, repr=False)

    @classmethod
    def start(
        cls,
        scheduler: str | Client | None = None,
        processes: int = 2,
        model: str = nlp_mod.DEFAULT_MODEL,
        batch_size: int = BATCH_SIZE,
    ) -> DaskEngine:
        """Connect to `scheduler` (an address or a Client), else start a LocalCluster of `processes` workers."""
        cluster = None
        owns_client = not isinstance(scheduler, Client)
        if isinstance(scheduler, Client):
            client = scheduler
        elif scheduler:
            try:
                client = Client(scheduler, timeout="30s")
            except (OSError, TimeoutError) as exc:
                raise PresseError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
        else:
            cluster = LocalCluster(
                n_workers=processes,
                threads_per_worker=1,  # one analysis per process: spaCy and the steps are CPU-bound
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
        engine = cls(client=client, model=model, batch_size=batch_size, cluster=cluster, owns_client=owns_client)
        try:
            engine._prepare_workers()
        except BaseException:
            engine.close()
            raise
        return engine

    def _prepare_workers(self) -> None:
        self.client.wait_for_workers(1, timeout=120)
        try:
            self.client.register_plugin(ModelPlugin(self.model), name=f"presse-model-{self.model}")
            found = set(self.client.run(worker_versions, self.model).values())
        except PresseError:
            raise
        except Exception as exc:  # noqa: BLE001 - e.g. the model is not installed on a worker
            raise PresseError(f"the Dask workers cannot load {self.model}: {exc}") from None
        if len(found) != 1:
            raise PresseError(f"the Dask workers disagree on the analyzer or model: {sorted(found)}")
        self.versions = found.pop()

    @property
    def workers(self) -> int:
        return len(self.client.scheduler_info(n_workers=-1)["workers"])

    def close(self) -> None:
        if self.owns_client:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- running partitions ----------------------------------------------------------------------

    def run(self, partitions: Sequence[tuple[int, Sequence[Item]]], output: str | None = None) -> Iterator[PartitionResult | tuple[int, Sequence[Item], BaseException]]:
        """Submit every partition; yield each result as it completes (or (seq, items, error) for a
        partition that failed RETRIES + 1 times)."""
        futures = {}
        for seq, items in partitions:
            self._next_task += 1
            future = self.client.submit(
                run_partition, seq, list(items), self.model, self.batch_size, output,
                key=f"presse-partition-{seq}-{self._next_task}-{id(self)}", retries=RETRIES, pure=False,
            )
            futures[future] = (seq, items)
        for future in as_completed(futures):
            seq, items = futures.pop(future)
            if future.status == "error":
                yield seq, items, future.exception()
            else:
                yield future.result()
            future.release()

    def partitions(self, articles: Sequence[Item]) -> list[tuple[int, list[Item]]]:
        size = partition_size(len(articles), self.workers, self.partition_limit)
        return [(n, list(articles[i : i + size])) for n, i in enumerate(range(0, len(articles), size))]

    def analyse(self, todo: list[Article]) -> Iterator[Batch]:
        """Finished analyses of `todo`, partition by partition (the runner of `analyze_collection`)."""
        for out in self.run(self.partitions(todo)):
            if isinstance(out, PartitionResult):
                yield out.analyses, out.failures
            else:
                seq, items, error = out
                yield [], [Failure(a.source, f"{type(error).__name__}: {error}") for a in items]  # type: ignore[union-attr]

    def cross_repeats(self, partitions: Sequence[tuple[int, Sequence[Item] | str]]) -> dict[str, list[Repeat]]:
        """Cross-article repeats of the collection (partitions in order; a str is a shard's path), grouped
        on the cluster: see `presse.engines.grouped_repeats`. Equal to `presse.collection`'s."""
        import operator

        import dask.bag as db
        from dask import delayed

        from ..lsh import BANDS

        from . import grouped_repeats as g

        if not partitions:
            return {}
        loaded = db.from_sequence(list(partitions), npartitions=len(partitions)).map(load_partition)
        loaded = self.client.persist(loaded)  # read once, used by both passes below
        try:
            places = loaded.map(g.orders_of).flatten().foldby(
                operator.itemgetter(0), g.append_place, [], operator.add, []
            )
            duplicates = frozenset(self.client.compute(places.map(g.later_copies).flatten(), sync=True))
            records = loaded.map(g.records_of, duplicates).flatten()
            exact = records.groupby(operator.attrgetter("hash"), shuffle="tasks").map(g.exact_of)
            exact_found = exact.map(operator.itemgetter(0)).flatten()
            near = exact.map(operator.itemgetter(1)).filter(lambda r: r is not None)
            # Band keys: one array per partition, one task per band gathering that band's column of each.
            signed = [delayed(g.sign_partition)(part) for part in near.to_delayed()]
            bands = [
                delayed(g.band_pairs)(*[delayed(g.band_column)(s, band) for s in signed])
                for band in range(BANDS)
            ]
            slots = max(1, near.npartitions)
            split = [delayed(g.split_pairs, nout=slots)(b, slots) for b in bands]
            requests = db.from_delayed([delayed(g.unique_pairs)(*[parts[s] for parts in split]) for s in range(slots)])
            texts = near.map(g.as_text)
            earlier = db.concat([texts, requests]).groupby(operator.itemgetter(0), shuffle="tasks")
            earlier = earlier.map(g.send_earlier).flatten()
            confirmed = db.concat([texts, earlier]).groupby(operator.itemgetter(0), shuffle="tasks").map(g.confirm_of).flatten()
            found, ok = self.client.compute([exact_found, confirmed], sync=True)
        finally:
            del loaded
        return g.resolve(found, ok)

    def index_to_folder(self, items: Sequence[Item], output: str, progress: ProgressFn | None = None) -> IndexRun:
        """Analyse `items` into shards under `output`, skipping sources already there (resumable)."""
        started = time.perf_counter()
        analyzer, model_id = self.versions
        shards.prepare_output(output, model_id, analyzer)
        done = shards.done_sources(output)
        todo = [i for i in items if not (isinstance(i, str) and i in done)]
        run = IndexRun(result=CollectionResult(analyses=[], processes=self.workers), total=len(items))
        run.result.cached = len(items) - len(todo)
        if progress and run.result.cached:
            progress(run.result.cached)
        first = (max(shards.shard_seqs(output), default=-1)) + 1
        size = partition_size(len(todo), self.workers, self.partition_limit)
        parts = [(first + n, todo[i : i + size]) for n, i in enumerate(range(0, len(todo), size))]
        for out in self.run(parts, output):
            if isinstance(out, PartitionResult):
                run.add(out)
                count = len(out.sources)
            else:
                seq, part, error = out
                run.result.failures.append(Failure(f"partition {seq} ({len(part)} sources)", f"{type(error).__name__}: {error}"))
                count = len(part)
            if progress:
                progress(count)
        run.result.seconds = time.perf_counter() - started
        return run


@dataclass
class IndexRun:
    """What an index run into a folder did: counts, plus every partition's article ids in order."""

    result: CollectionResult
    total: int
    written: list[str] = field(default_factory=list)  # shard names written by this run
    skipped: list[str] = field(default_factory=list)  # sources that could not be read: one line each
    ids: dict[int, list[str]] = field(default_factory=dict)

    def add(self, out: PartitionResult) -> None:
        self.result.analysed += out.analysed
        self.result.failures.extend(out.failures)
        self.skipped.extend(out.skipped)
        self.ids[out.seq] = out.ids
        if out.shard:  # reused: written by this run's first attempt at the task, before its worker died
            self.written.append(out.shard)

