"""Opening a quote's trail in the reader, as a ratio (issue 15): row 9.

    python bench/bench_trail_app.py            # 1,000 articles (10,000 quotes)
    python bench/bench_trail_app.py --quick    # 200 articles

The collection is bench_trail's synthetic one (10 quotes per article, 10 % of them exact, trimmed or reworded
copies of earlier ones), opened in the reader with every analysis known up front (as from the cache: no
spaCy). Once the reader is idle (its quote trails computed in the background), two things are timed in the
same app, interleaved, on the same articles: opening an article (from the key press to the article view
painted with it) and opening the trail of one of its quotes that is printed elsewhere (from `t`'s action to the trail
screen painted). Best of several runs each (the machine is shared: noise only adds time).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for path in (str(ROOT), str(BENCH)):
    if path not in sys.path:
        sys.path.insert(0, path)

from bench_trail import PER_ARTICLE, build  # noqa: E402

from presse.tui.analyzer import PrecomputedAnalyzer  # noqa: E402
from presse.tui.app import PresseApp  # noqa: E402
from presse.tui.screens.trail import TrailScreen  # noqa: E402
from presse.widgets.items import QuoteRef  # noqa: E402
from presse.widgets.trail_list import TrailList  # noqa: E402

SIZE = (140, 40)
GOAL = "≤ 2"


async def _until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.perf_counter() + 120
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.001)


async def measure(articles: int, runs: int) -> dict[str, float]:
    analyses, _, _ = build(articles * PER_ARTICLE)
    app = PresseApp([a.article for a in analyses], PrecomputedAnalyzer(analyses), system_clipboard=False)
    open_times, trail_times = [], []
    async with app.run_test(size=SIZE) as pilot:
        started = time.perf_counter()
        await asyncio.wait_for(app.idle.wait(), timeout=600)
        indexed = time.perf_counter() - started
        state, reader = app.state, app.reader
        assert state.trails is not None, "no trails computed"
        # Articles (from the end of the list: never shown yet) with a quote printed elsewhere.
        targets = []
        for i in range(len(analyses) - 1, 0, -1):
            qi = next((q for q in range(len(analyses[i].quotes))
                       if state.trail_of(QuoteRef(i, q, analyses[i].quotes[q])) is not None), None)
            if qi is not None:
                targets.append((i, qi))
            if len(targets) == runs:
                break
        for i, qi in targets:
            view = reader.view
            t0 = time.perf_counter()
            reader.show_article(i)
            await _until(lambda: view.last_paint > t0 and view.article is analyses[i].article, "article not painted")  # noqa: B023 - awaited here
            open_times.append(view.last_paint - t0)
            reader.goto_ref(state.quote_ref(qi))
            await pilot.pause()
            t0 = time.perf_counter()
            reader.action_trail()  # what `t` does (as show_article is what `>` does)
            await _until(lambda: isinstance(app.screen, TrailScreen) and app.screen.query(TrailList)
                         and app.screen.query_one(TrailList).last_paint > t0, "trail not painted")  # noqa: B023
            trail_times.append(app.screen.query_one(TrailList).last_paint - t0)
            await pilot.press("escape")
            await _until(lambda: not isinstance(app.screen, TrailScreen), "trail not closed")
    return {"open": min(open_times), "trail": min(trail_times), "indexed": indexed, "runs": len(targets),
            "clusters": len(state.trails.shared())}


def run(quick: bool = False) -> list[dict]:
    """Row 9 for bench/run.py."""
    articles = 200 if quick else 1000
    r = asyncio.run(measure(articles, runs=3 if quick else 7))
    print(f"{articles:,} articles: idle (trails computed) {r['indexed']:.1f} s after start; open article "
          f"{r['open'] * 1000:.0f} ms, open trail {r['trail'] * 1000:.0f} ms (best of {r['runs']})", file=sys.stderr)
    return [{
        "ratio": "9",
        "name": f"open a quote's trail / open an article, {articles:,} indexed articles",
        "value": r["trail"] / r["open"],
        "goal": GOAL,
        "detail": f"{r['trail'] * 1000:.0f} ms / {r['open'] * 1000:.0f} ms (best of {r['runs']}, same app, interleaved); "
                  f"{r['clusters']:,} statements printed more than once, trails ready {r['indexed']:.1f} s after start",
    }]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 articles")
    args = parser.parse_args(argv)
    for row in run(args.quick):
        print(f"{row['name']}: {row['value']:.2f}× (goal {row['goal']}); {row['detail']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
