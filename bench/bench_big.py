"""Ordinary big input (ratio 10): one long article against the same paragraphs as many articles.

    python bench/bench_big.py [--quick]

Row 10: a 5,000-paragraph article (about 1.1 MB) analysed by `pipeline.analyze_many`, against the same
paragraphs as 50 articles of 100, same model: CPU time ratio, and the peak RSS of the process (model
included). Row 10b: a file of 225 KB of apostrophes (`’'′ʼ` × 25,000) through `presse analyze`, CPU
time of the whole command (start-up and model load included). Each measure runs in a fresh child process, so one's memory peak is its own.

Paragraphs are drawn from the test articles (tests/data/articles and the seed), a third of them with
1-3 words replaced, and some joined in pairs: long news text, with the repeats a long live blog has.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench_pipeline import Row  # noqa: E402

DATA = ROOT / "tests" / "data"
BIG, SPLIT = 5000, 50
QUICK_BIG, QUICK_SPLIT = 400, 4
APOSTROPHES = "’'′ʼ" * 25_000
GOAL_RATIO, GOAL_MB, GOAL_APOSTROPHES_S = 1.5, 1024, 10.0


def pool() -> list[str]:
    files = sorted((DATA / "articles").glob("*.txt")) + [DATA / "kremlin-peskov-trump-call.txt"]
    lines = (line.strip() for f in files for line in f.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if len(line.split()) >= 15]


def paragraphs(n: int, seed: int = 13) -> list[str]:
    rng = random.Random(seed)
    paras = pool()
    vocabulary = sorted({w for p in paras for w in p.split() if w.isalpha() and len(w) > 3})
    out = []
    for _ in range(n):
        text = rng.choice(paras)
        if rng.random() < 0.3:
            text += " " + rng.choice(paras)
        words = text.split(" ")
        if rng.random() < 0.33:
            for _ in range(rng.randint(1, 3)):
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
        out.append(" ".join(words))
    return out


def texts(n: int, articles: int) -> list[str]:
    paras = paragraphs(n)
    per = n // articles
    return [f"Direct, partie {k}\n\n" + "\n\n".join(paras[k * per : (k + 1) * per]) + "\n" for k in range(articles)]


# -- the child: one measure in a fresh process --------------------------------------------------------


def child(kind: str, n: int, articles: int) -> dict:
    from presse import nlp as nlp_mod
    from presse import pipeline
    from presse.sources import article_from_text

    nlp = nlp_mod.load(nlp_mod.DEFAULT_MODEL)
    parts = texts(n, articles)
    if kind == "one":
        parts = ["Direct\n\n" + "\n\n".join(t.split("\n\n", 1)[1].strip() for t in parts) + "\n"]
    batch = [article_from_text(t, f"bench/{i}.txt") for i, t in enumerate(parts)]
    cpu, wall = time.process_time(), time.perf_counter()
    found = sum(len(a.quotes) for a in pipeline.analyze_many(batch, nlp=nlp))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {
        "cpu": cpu,
        "wall": wall,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "chars": sum(len(a.text) for a in batch),
        "paragraphs": sum(len(a.paragraphs) for a in batch),
        "quotes": found,
    }


def measure(kind: str, n: int, articles: int) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, str(n), str(articles)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=3000, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def apostrophes_seconds() -> tuple[float, float]:
    """(CPU, wall) seconds of `presse analyze` on 225 KB of apostrophes, start-up and model load included.
    CPU time of the child: the machine is shared, and neighbours would inflate the wall time."""
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "apostrophes.txt"
        f.write_text(APOSTROPHES + "\n", encoding="utf-8")
        env = {**os.environ, "PRESSE_CACHE_DIR": str(Path(tmp) / "cache")}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "presse.tui.cli", "analyze", "--no-cache", "--format", "jsonl", str(f)],
                       cwd=ROOT, env=env, capture_output=True, check=True, timeout=1200)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, wall


def run(quick: bool = False) -> list[Row]:
    n, k = (QUICK_BIG, QUICK_SPLIT) if quick else (BIG, SPLIT)
    many = measure("many", n, k)
    one = measure("one", n, k)
    ratio = one["cpu"] / many["cpu"]
    rows = [
        Row("10", f"{n:,}-paragraph article ({one['chars'] / 1e6:.1f} MB) / the same paragraphs as {k} articles, CPU time",
            round(ratio, 2), f"≤ {GOAL_RATIO}",
            f"{one['cpu']:.1f} s vs {many['cpu']:.1f} s (wall {one['wall']:.1f} / {many['wall']:.1f} s); "
            f"{one['quotes']} / {many['quotes']} quotes"),
        Row("10", f"peak RSS, the {n:,}-paragraph article (model included)", round(one["rss_mb"]), f"≤ {GOAL_MB}",
            f"the {k} articles: {many['rss_mb']:.0f} MB", "MB"),
    ]
    if not quick:
        cpu, wall = apostrophes_seconds()
        rows.append(Row("10b", "225 KB of apostrophes, presse analyze, CPU time with start-up and model load", round(cpu, 1),
                        f"≤ {GOAL_APOSTROPHES_S:g}", f"’'′ʼ × 25,000 on one line; wall {wall:.1f} s", "s"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "N", "ARTICLES"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]), int(args.child[2]))))
        return 0
    for row in run(args.quick):
        print(f"{row.ratio:>3} | {row.name} | {row.value} {row.unit} | goal {row.goal} | {row.detail}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
