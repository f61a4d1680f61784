"""Collection analysis against raw spaCy (ratio 1) and memory while indexing (ratio 6).

    python bench/bench_pipeline.py [--quick] [--processes N] [--profile]

Ratio 1 compares, on the same model and the same texts:
  - 1 process: `batch.analyze_collection` (spaCy + entities, quotes, speakers, repeats, cross-article
    repeats) against a bare `for doc in nlp.pipe(texts): pass`. CPU time of this process, so other
    programs on the machine do not skew it; runs alternate and the best of each is kept.
  - N processes: the same two in wall time, ours with its worker pool, spaCy with `n_process=N`; and
    the design alternative, `nlp.pipe(n_process=N)` feeding the Python steps in the parent.
Ratio 6 runs `presse index` on a fresh folder of articles in a subprocess and samples the memory of
its whole process tree (parent + workers) from /proc.

Articles are built from the seed's paragraphs: drawn at random, with a few words replaced in some, so
that every text is new to spaCy while reading like news.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from presse import batch  # noqa: E402
from presse import nlp as nlp_mod  # noqa: E402
from presse.model import Article  # noqa: E402
from presse.sources import article_from_text  # noqa: E402

SEED = ROOT / "tests" / "data" / "kremlin-peskov-trump-call.txt"


def seed_paragraphs() -> list[str]:
    return [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


def build_texts(n: int, seed: int = 7, paragraphs: tuple[int, int] = (6, 14)) -> list[str]:
    """`n` article texts of seed paragraphs, shuffled; a third of the paragraphs get 1-3 word swaps."""
    rng = random.Random(seed)
    paras = seed_paragraphs()
    vocabulary = sorted({w for p in paras for w in p.split() if w.isalpha() and len(w) > 3})
    texts = []
    for i in range(n):
        chosen = rng.sample(paras, rng.randint(*paragraphs))
        edited = []
        for p in chosen:
            words = p.split(" ")
            if rng.random() < 0.33:
                for _ in range(rng.randint(1, 3)):
                    words[rng.randrange(len(words))] = rng.choice(vocabulary)
            edited.append(" ".join(words))
        texts.append(f"Dépêche numéro {i}\n\n" + "\n\n".join(edited) + "\n")
    return texts


def build_articles(n: int, seed: int = 7) -> list[Article]:
    return [article_from_text(t, f"bench/{i:05d}.txt") for i, t in enumerate(build_texts(n, seed))]


def write_folder(folder: Path, n: int, seed: int = 11) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(build_texts(n, seed)):
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")


@dataclass
class Timing:
    cpu: float
    wall: float


def timed(fn: Callable[[], object]) -> Timing:
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return Timing(time.process_time() - cpu, time.perf_counter() - wall)


def best(runs: list[Timing]) -> Timing:
    return Timing(min(r.cpu for r in runs), min(r.wall for r in runs))


# -- ratio 1 ---------------------------------------------------------------------------------------


@contextmanager
def paraphrase_off() -> Iterator[None]:
    """Run as if the optional paraphrase encoder were not installed (this process only)."""
    from presse import paraphrase

    saved = paraphrase.available
    paraphrase.available = lambda: False
    try:
        yield
    finally:
        paraphrase.available = saved


def paraphrase_installed() -> bool:
    try:
        from presse import paraphrase
    except ImportError:
        return False
    return paraphrase.available()


def ratio1_single(n: int, repeats: int = 2, paraphrase: bool = True) -> dict:
    """Collection analysis / raw nlp.pipe throughput in one process (CPU time, best of `repeats`).

    `paraphrase=False` measures without the optional paraphrase encoder even when it is installed.
    """
    if not paraphrase and paraphrase_installed():
        with paraphrase_off():
            return ratio1_single(n, repeats, paraphrase=True) | {"paraphrase": False}
    nlp = nlp_mod.load(nlp_mod.DEFAULT_MODEL)
    articles = build_articles(n)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)

    def raw() -> None:
        for _ in nlp.pipe(texts, batch_size=batch.BATCH_SIZE):
            pass

    def ours() -> None:
        result = batch.analyze_collection(articles, processes=1)
        assert result.analysed == n and not result.failures

    raw()  # warm-up: first calls allocate
    raw_runs, our_runs = [], []
    for _ in range(repeats):
        raw_runs.append(timed(raw))
        our_runs.append(timed(ours))
    r, o = best(raw_runs), best(our_runs)
    return {
        "articles": n,
        "words": words,
        "raw_cpu": r.cpu,
        "ours_cpu": o.cpu,
        "raw_wall": r.wall,
        "ours_wall": o.wall,
        "ratio": r.cpu / o.cpu,  # throughput ratio = inverse time ratio
        "ratio_wall": r.wall / o.wall,
        "paraphrase": paraphrase_installed(),
    }


def _spacy_n_process_then_python(articles: list[Article], processes: int) -> None:
    """The alternative design: spaCy's own processes, the Python steps in this one."""
    from presse.pipeline import analyze_doc
    from presse.textnorm import nlp_copy

    nlp = nlp_mod.load(nlp_mod.DEFAULT_MODEL)
    mid = nlp_mod.model_id(nlp_mod.DEFAULT_MODEL)
    docs = nlp.pipe((nlp_copy(a.text) for a in articles), batch_size=batch.BATCH_SIZE, n_process=processes)
    for article, doc in zip(articles, docs, strict=True):
        analyze_doc(article, doc, mid)


def ratio1_processes(n: int, processes: int, alternative: bool = True) -> dict:
    """Wall time with `processes` processes: ours (worker pool), raw nlp.pipe(n_process), spaCy+parent."""
    nlp = nlp_mod.load(nlp_mod.DEFAULT_MODEL)
    articles = build_articles(n, seed=8)
    texts = [a.text for a in articles]
    saved = batch.MIN_ARTICLES_PER_PROCESS
    batch.MIN_ARTICLES_PER_PROCESS = 1  # measure exactly `processes` workers, even on a quick run
    try:
        raw = timed(lambda: [None for _ in nlp.pipe(texts, batch_size=batch.BATCH_SIZE, n_process=processes)])
        ours = timed(lambda: batch.analyze_collection(articles, processes=processes))
        alt = timed(lambda: _spacy_n_process_then_python(articles, processes)) if alternative else None
    finally:
        batch.MIN_ARTICLES_PER_PROCESS = saved
    return {
        "articles": n,
        "processes": processes,
        "raw_wall": raw.wall,
        "ours_wall": ours.wall,
        "alt_wall": alt.wall if alt else None,
        "ratio": raw.wall / ours.wall,
        "pool_vs_spacy_processes": alt.wall / ours.wall if alt else None,
    }


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def parallel_capacity(processes: int, n: int = 10_000_000) -> float:
    """Speed-up of `processes` busy loops run at once over the same loops one after the other.

    Tells how many cores this run really had: on a shared machine the other programs take some.
    """
    import multiprocessing

    start = time.perf_counter()
    for _ in range(processes):
        _burn(n)
    serial = time.perf_counter() - start
    with multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn").Pool(processes) as pool:
        start = time.perf_counter()
        pool.map(_burn, [n] * processes)
        parallel = time.perf_counter() - start
    return serial / parallel


def profile_collection(n: int, top: int = 18) -> str:
    """cProfile of the one-process collection analysis: where the time goes, by module."""
    nlp_mod.load(nlp_mod.DEFAULT_MODEL)
    batch.analyze_collection(build_articles(4, seed=10), processes=1)  # imports and lazy loads first
    articles = build_articles(n, seed=9)
    prof = cProfile.Profile()
    prof.enable()
    batch.analyze_collection(articles, processes=1)
    prof.disable()
    stats = pstats.Stats(prof)
    total = sum(v[2] for v in stats.stats.values())  # tottime over all functions  # type: ignore[attr-defined]
    by_area: dict[str, float] = {}
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        by_area[_area(filename)] = by_area.get(_area(filename), 0.0) + tottime
    lines = [f"{'area':<34} {'self time':>9} {'share':>6}"]
    for area, t in sorted(by_area.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"{area:<34} {t:>8.2f}s {t / total:>6.1%}")
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(r"presse/", 25)
    return "\n".join(lines) + "\n\n" + out.getvalue()


def _area(filename: str) -> str:
    path = filename.replace("\\", "/")
    for marker in ("/presse/", "/spacy/", "/thinc/", "/numpy/", "/datasketch/", "/rapidfuzz/", "/srsly/"):
        if marker in path:
            name = path.split(marker, 1)[1]
            head = name.split("/")[0]
            return marker.strip("/") + "/" + (head if marker != "/presse/" else name)
    return "other: " + os.path.basename(path)


# -- ratio 6 ---------------------------------------------------------------------------------------


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().decode("ascii", "replace")
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in kB; PSS shares pages between the processes that map them (no double count)."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


class TreeSampler(threading.Thread):
    """Peak summed RSS / PSS of a process tree, sampled every `interval` seconds."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = self.peak_one = self.peak_procs = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            pids = _tree(self.pid)
            mem = [_memory_kb(p) for p in pids]
            self.peak_rss = max(self.peak_rss, sum(m[0] for m in mem))
            self.peak_pss = max(self.peak_pss, sum(m[1] for m in mem))
            self.peak_one = max([self.peak_one, *(m[0] for m in mem)])
            self.peak_procs = max(self.peak_procs, len(pids))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def ratio6_index_memory(n: int, processes: int) -> dict:
    """`presse index` on `n` fresh articles with `processes` workers: peak memory and rate."""
    with tempfile.TemporaryDirectory(prefix="presse-bench-") as tmp:
        folder, cache = Path(tmp) / "articles", Path(tmp) / "cache"
        write_folder(folder, n)
        cmd = [sys.executable, "-m", "presse.tui.cli", "index", str(folder), "--processes", str(processes), "--cache-dir", str(cache)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        out, err = proc.communicate()
        sampler.stop()
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            raise RuntimeError(f"presse index failed ({proc.returncode}): {err.strip()[-500:]}")
        return {
            "articles": n,
            "processes": processes,
            "peak_rss_mb": sampler.peak_rss / 1024,
            "peak_pss_mb": sampler.peak_pss / 1024,
            "peak_process_mb": sampler.peak_one / 1024,
            "wall": wall,
            "rate": n / wall,
            "summary": out.strip(),
        }


@dataclass
class Row:
    """One line of the bench table (the shape bench_app.Row has too)."""

    ratio: str
    name: str
    value: float | None
    goal: str  # "≥ 0.9", "≤ 1.5", or "" when there is no goal
    detail: str
    unit: str = ""

    @property
    def met(self) -> bool | None:
        if not self.goal or self.value is None:
            return None
        op, limit = self.goal.split()
        return self.value <= float(limit) if op == "≤" else self.value >= float(limit)

    def line(self) -> str:
        """The row as a benchmark run alone prints it."""
        value = "n/a" if self.value is None else f"{self.value:.2f}{' ' + self.unit if self.unit else ''}"
        return f"{self.ratio}. {self.name}: {value} (goal {self.goal or '-'}) {self.detail}"


def run(quick: bool = False, processes: int | None = None) -> list[Row]:
    """Rows 1 and 6 for bench/run.py. Quick: a handful of articles, enough to exercise every path."""
    processes = processes or batch.default_processes()
    n1, n1p, n6 = (8, 8, 16) if quick else (150, 300, 1000)
    rows: list[Row] = []
    variants = [True, False] if paraphrase_installed() else [False]
    for para in variants:
        r = ratio1_single(n1, repeats=1 if quick else 2, paraphrase=para)
        label = "paraphrase extra on (as installed)" if para else ("paraphrase extra off" if len(variants) > 1 else "no paraphrase extra")
        rows.append(Row("1", f"collection analysis / raw nlp.pipe, 1 process, CPU time; {label}", r["ratio"], "≥ 0.9",
                        f"{r['articles']} articles, {r['words']:,} words: nlp.pipe {r['raw_cpu']:.2f} s, ours {r['ours_cpu']:.2f} s"))
    if processes > 1:
        capacity = parallel_capacity(processes)
        p = ratio1_processes(n1p, processes, alternative=not quick)
        rows.append(Row("1", f"the same, {processes} processes, wall time: worker pool / nlp.pipe(n_process={processes})",
                        p["ratio"], "≥ 0.9",
                        f"{p['articles']} articles, start-up included: nlp.pipe {p['raw_wall']:.1f} s, ours {p['ours_wall']:.1f} s; "
                        f"{processes} busy loops ran {capacity:.2f}× faster at once than in turn (cores really free)"))
        if p["alt_wall"] is not None:
            rows.append(Row("1", f"design check: nlp.pipe(n_process={processes}) + Python steps in the parent / worker pool, time",
                            p["pool_vs_spacy_processes"], "",
                            f"{p['alt_wall']:.1f} s vs {p['ours_wall']:.1f} s: above 1 means the pool is faster"))
    index_processes = 1 if quick else processes
    m = ratio6_index_memory(n6, index_processes)
    rows.append(Row("6", f"peak RSS, presse index of {n6:,} articles, {index_processes} process{'es' if index_processes > 1 else ''} (+ parent)",
                    m["peak_rss_mb"], "",
                    f"PSS {m['peak_pss_mb']:.0f} MB, largest process {m['peak_process_mb']:.0f} MB; "
                    f"{m['rate']:.2f} articles/s over {m['wall']:.0f} s", unit="MB"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--processes", type=int, default=batch.default_processes())
    parser.add_argument("--profile", action="store_true", help="cProfile the one-process collection analysis")
    args = parser.parse_args(argv)
    if args.profile:
        print(profile_collection(12 if args.quick else 60))
        return 0
    for row in run(args.quick, args.processes):
        print(row.line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
