"""Quote trails (presse.trail): scaling of the clustering, as a ratio.

    python bench/bench_trail.py            # 10,000 and 100,000 quotes (about a minute)
    python bench/bench_trail.py --quick    # 1,000 and 10,000 (seconds; run by tests/test_bench_quick.py)

Collections of synthetic analyses, 10 quotes per article. The originals are the direct quotes of
tests/data/articles (their gold) and filler quotes as long as those (3-30 words) drawn from a Zipf vocabulary
(bench_repeats.filler_vocabulary: the seed's words first, then synthetic ones), each said by one of 2,000
speakers. 10 % of the quotes are copies of an earlier one: exact (30 %), trimmed
(35 %: a run of 5 words or more) or reworded by one word (35 %, in quotes of 8+ words), credited to the same speaker or, one time in
ten, to another. Timed: `QuoteIndex.add_many` then `trails()`, CPU seconds of this process (the machine
is shared), best of several runs. Also reported: planted copies found in their original's cluster, and
clusters merging two different originals.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for path in (str(ROOT), str(BENCH)):
    if path not in sys.path:
        sys.path.insert(0, path)

from bench_repeats import filler_vocabulary  # noqa: E402

from presse.model import Analysis, Article, Paragraph, Quote  # noqa: E402
from presse.repeats import normalize, text_hash  # noqa: E402
from presse.trail import QuoteIndex  # noqa: E402

PER_ARTICLE = 10
COPY_SHARE = 0.1
SPEAKERS = 2000
GOAL = "≤ 12"


def clock() -> float:
    return time.process_time()


def gold_quotes() -> list[str]:
    found = []
    for f in sorted((ROOT / "tests" / "data" / "articles").glob("*.json")):
        found += [q["text"] for q in json.loads(f.read_text(encoding="utf-8"))["quotes"] if q["kind"] == "direct"]
    return found


def copy_of(text: str, rng: random.Random, words: list[str]) -> str:
    """An exact, trimmed or reworded copy of `text`."""
    parts = text.split(" ")
    roll = rng.random()
    if roll < 0.3 or len(parts) < 8:
        return text
    if roll < 0.65:  # a run of 5 words or more, cut at one end or both
        keep = rng.randint(5, len(parts) - 2)
        start = rng.randint(0, len(parts) - keep)
        return " ".join(parts[start : start + keep])
    i = rng.randrange(1, len(parts) - 1)
    return " ".join(parts[:i] + [rng.choice(words)] + parts[i + 1 :])


def build(n: int, seed: int = 1) -> tuple[list[Analysis], list[int], set[int]]:
    """`n` quotes in analyses of PER_ARTICLE; the original each quote prints (its own index for an
    original), and the indices of the planted copies."""
    rng = random.Random(seed)
    vocabulary, weights = filler_vocabulary("zipf", rng)
    cumulative = list(itertools.accumulate(weights))
    edit_words = vocabulary[:2000]
    bases = gold_quotes()
    lengths = [len(q.split()) for q in bases]  # filler quotes as long as real ones
    texts: list[str] = []
    speakers: list[str] = []
    origin: list[int] = []
    planted: set[int] = set()
    for k in range(n):
        if k < len(bases):
            texts.append(bases[k])
            speakers.append(f"Personne {rng.randrange(SPEAKERS)}")
            origin.append(k)
        elif rng.random() < COPY_SHARE:
            source = origin[rng.randrange(k)]  # an original (copies of copies print it too)
            texts.append(copy_of(texts[source], rng, edit_words))
            speakers.append(speakers[source] if rng.random() < 0.9 else f"Personne {rng.randrange(SPEAKERS)}")
            origin.append(source)
            planted.add(k)
        else:
            words = rng.choices(vocabulary, cum_weights=cumulative, k=max(3, rng.choice(lengths)))
            texts.append(" ".join(words).capitalize())
            speakers.append(f"Personne {rng.randrange(SPEAKERS)}")
            origin.append(k)
    analyses = [make_analysis(texts[a : a + PER_ARTICLE], speakers[a : a + PER_ARTICLE], a // PER_ARTICLE)
                for a in range(0, n, PER_ARTICLE)]
    return analyses, origin, planted


def make_analysis(texts: list[str], speakers: list[str], number: int) -> Analysis:
    blocks = [f"« {t} », a dit {s}." for t, s in zip(texts, speakers, strict=True)]
    text = "\n\n".join(blocks)
    paragraphs, quotes, start = [], [], 0
    for i, (block, quote, speaker) in enumerate(zip(blocks, texts, speakers, strict=True)):
        paragraphs.append(Paragraph(i, start, start + len(block)))
        quotes.append(Quote(start + 2, start + 2 + len(quote), quote, i, "direct", speaker))
        start += len(block) + 2
    article = Article(source=f"synthetic/{number:05d}.txt", title=f"{number}", text=text, paragraphs=paragraphs)
    return Analysis(article=article, model="bench", quotes=quotes)


def time_trails(n: int, repeat: int) -> dict[str, float]:
    analyses, origin, planted = build(n)
    elapsed = float("inf")
    for _ in range(repeat):
        index = trails = None  # the previous run's objects are freed before the clock starts
        start = clock()
        index = QuoteIndex()
        index.add_many(analyses)
        trails = index.trails()
        elapsed = min(elapsed, clock() - start)
    assert trails is not None
    flat = [(a.article.id, i) for a in analyses for i in range(len(a.quotes))]
    cluster = [trails.cluster_of(aid, i) for aid, i in flat]
    texts = [a.quotes[i].text for a in analyses for i in range(len(a.quotes))]
    # A copy too short to have a trail (under trail.MIN_WORDS words) cannot be found.
    reachable = [k for k in planted if cluster[k] is not None and cluster[origin[k]] is not None]
    found = sum(cluster[k] is cluster[origin[k]] for k in reachable)
    merged = 0
    members: dict[int, set[str]] = {}
    for k, c in enumerate(cluster):
        if c is not None:
            members.setdefault(c.id, set()).add(normalize(texts[origin[k]]))
    merged = sum(len(m) > 1 for m in members.values())
    return {"n": n, "seconds": elapsed, "planted": len(reachable), "recall": found / max(1, len(reachable)),
            "merged": merged, "clusters": len(trails.clusters)}


def linear_reference(small: int, large: int) -> float:
    """CPU-time ratio of strictly linear work on the same quotes (normalise, hash, keep in a dict)."""
    times = []
    for n in (small, large):
        analyses, _, _ = build(n)
        quotes = [q.text for a in analyses for q in a.quotes]
        best = float("inf")
        for _ in range(2):
            start = clock()
            seen = {text_hash(normalize(t)): k for k, t in enumerate(quotes)}
            best = min(best, clock() - start)
        del seen
        times.append(best)
    return times[1] / times[0]


def run(quick: bool = False) -> list[dict]:
    """Row 8 for bench/run.py (and its figures printed)."""
    small, large = (1_000, 10_000) if quick else (10_000, 100_000)
    rs = time_trails(small, repeat=5 if quick else 3)
    rl = time_trails(large, repeat=1 if quick else 3)
    for r in (rs, rl):
        print(f"{r['n']:>8,} quotes: {r['seconds']:.2f} s CPU (best of runs), {r['clusters']:,} clusters, planted copies "
              f"found {r['recall']:.1%} of {r['planted']:,}, clusters merging two originals {r['merged']}", file=sys.stderr)
    ratio = rl["seconds"] / rs["seconds"]
    linear = linear_reference(small, large)
    print(f"strictly linear work on the same quotes (normalise, hash, a dict) scales ×{linear:.1f} here", file=sys.stderr)
    return [{
        "ratio": "8",
        "name": f"quote trails, time({large:,} quotes) / time({small:,})",
        "value": ratio,
        "goal": GOAL,
        "detail": f"{rl['seconds']:.2f} s / {rs['seconds']:.2f} s CPU; planted copies in their original's cluster "
                  f"{rl['recall']:.1%} of {rl['planted']:,}, clusters merging two originals {rl['merged']}; "
                  f"strictly linear work on the same quotes scales ×{linear:.1f}",
    }]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 quotes")
    args = parser.parse_args(argv)
    for row in run(args.quick):
        print(f"{row['name']}: {row['value']:.1f}× (goal {row['goal']}); {row['detail']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
