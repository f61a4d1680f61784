"""The reader's speed, as ratios measured in the same run (issue 6, ratios 2, 3 and 5).

    python bench/bench_app.py [--quick] [--profile]

For reference, ratio 2's detail also times a one-`Log` app (Textual's own line-API ScrollView showing the
seed): the floor for any scrolling article view.

2. warm reopen: the seed with its analysis already known (the analysis cache when present, else given),
   time from `App.run_test` to the article painted with highlights / the same for a bare one-`Static` app.
3. cold open: the seed with the real analyzer (spaCy in the worker subprocess, still loading), time until
   the article text is painted / the bare app.
5. a 5,000-paragraph article: open and jump to the last quote of its main speaker, painted / the same on
   the seed.

Each figure is the best of several runs, bare and reader runs interleaved so machine load hits both.
`run(quick)` returns the rows for the lead's bench runner; `main` prints the table.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Log, Static  # noqa: E402

from presse.model import Analysis, Article, Entity, Paragraph, Quote, Speaker  # noqa: E402
from presse.loading import load_path  # noqa: E402
from presse.tui import analyzer as analyzers  # noqa: E402
from presse.tui.app import PresseApp  # noqa: E402

SEED = ROOT / "tests" / "data" / "kremlin-peskov-trump-call.txt"
SIZE = (120, 40)
BIG_PARAGRAPHS = 5000


@dataclass
class Row:
    ratio: str
    name: str
    value: float
    goal: str
    detail: str

    @property
    def met(self) -> bool:
        op, limit = self.goal.split()
        return self.value <= float(limit) if op == "≤" else self.value >= float(limit)


class PaintedStatic(Static):
    painted_at: float | None = None

    def render_lines(self, crop):  # what the compositor calls to paint (as for the article view's lines)
        if PaintedStatic.painted_at is None:
            PaintedStatic.painted_at = time.perf_counter()
        return super().render_lines(crop)


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield PaintedStatic("presse")


async def _until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.perf_counter() + 60
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.001)


async def time_bare() -> float:
    """`App.run_test` of a one-Static app until the Static is painted."""
    PaintedStatic.painted_at = None
    t0 = time.perf_counter()
    app = Bare()
    async with app.run_test(size=SIZE):
        await _until(lambda: PaintedStatic.painted_at is not None, "bare app not painted")
        elapsed = PaintedStatic.painted_at - t0
    return elapsed


class PaintedLog(Log):
    painted_at: float | None = None

    def render_line(self, y: int):
        if PaintedLog.painted_at is None and self.lines:
            PaintedLog.painted_at = time.perf_counter()
        return super().render_line(y)


class LogApp(App[None]):
    """For reference: Textual's own line-API widget (a ScrollView, as the article view), with the seed."""

    def compose(self) -> ComposeResult:
        log = PaintedLog()
        log.write_lines(SEED.read_text(encoding="utf-8").splitlines())
        yield log


async def time_log_app() -> float:
    PaintedLog.painted_at = None
    t0 = time.perf_counter()
    async with LogApp().run_test(size=SIZE):
        await _until(lambda: PaintedLog.painted_at is not None, "log app not painted")
        elapsed = PaintedLog.painted_at - t0
    return elapsed


def _paint_time(app: PresseApp, key: str) -> float | None:
    """When the article was first painted: by the first frame, else by the article view once mounted."""
    if key in app.reader.first_frame_paints:
        return app.reader.first_frame_paints[key]
    return app.reader.view.paint_times.get(key) if app.reader.panels_ready else None


async def _painted(app: PresseApp, key: str) -> float:
    """When the article first painted its text ("text") or its analysis ("analysis")."""
    await _until(lambda: _paint_time(app, key) is not None, f"article not painted ({key}; state: {app.state.model_state})")
    return _paint_time(app, key)


def seed_analysis_from_gold() -> Analysis:
    """A fixed analysis of the seed (the gold), so the figures do not move with the pipeline."""
    sys.path.insert(0, str(ROOT))
    from tests.test_app import gold_analysis

    from presse.nlp import model_id

    analysis = gold_analysis(load_path(str(SEED))[0])
    analysis.model = model_id()  # as the worker would label it: the cache is keyed on it
    return analysis


def prime_cache(analysis: Analysis, cache_dir: str) -> None:
    cache = analyzers.open_cache(cache_dir, enabled=True)
    cache.put(analysis)
    closer = getattr(cache, "close", None)
    if closer:
        closer()


def warm_analyzer(analysis: Analysis, cache_dir: str) -> analyzers.Analyzer:
    """The cache (already holding the analysis) in front of an analyzer that must not be needed."""
    cache = analyzers.open_cache(cache_dir, enabled=True)
    if type(cache).__name__ == "_NoCache":  # no presse.cache in this checkout
        return analyzers.PrecomputedAnalyzer([analysis])

    class Never:
        def analyze(self, article: Article) -> Analysis:
            raise AssertionError("warm reopen asked for an analysis")

    return analyzers.CachedAnalyzer(Never(), cache, analysis.model)


async def time_warm(analysis: Analysis, cache_dir: str) -> float:
    t0 = time.perf_counter()
    articles = load_path(str(SEED))
    app = PresseApp(articles, warm_analyzer(analysis, cache_dir), system_clipboard=False)
    async with app.run_test(size=SIZE):
        elapsed = await _painted(app, "analysis") - t0
        analyzers.close(app.analyzer)
    return elapsed


async def time_cold() -> float:
    t0 = time.perf_counter()
    articles = load_path(str(SEED))
    analyzer = analyzers.SubprocessAnalyzer()
    app = PresseApp(articles, analyzer, system_clipboard=False)
    async with app.run_test(size=SIZE):
        elapsed = await _painted(app, "text") - t0
        analyzer.close()
    return elapsed


def big_analysis(seed: Analysis, paragraphs: int = BIG_PARAGRAPHS) -> Analysis:
    """The seed's paragraphs repeated to `paragraphs`, with their entities and quotes shifted along."""
    src = seed.article
    chunks: list[str] = []
    paras: list[Paragraph] = []
    entities: list[Entity] = []
    quotes: list[Quote] = []
    speakers: dict[str, Speaker] = {}
    pos = 0
    copy = 0
    while len(paras) < paragraphs:
        base = len(paras)
        for p in src.paragraphs:
            if len(paras) >= paragraphs:
                break
            text = src.paragraph_text(p.index)
            shift = pos - p.start
            paras.append(Paragraph(len(paras), pos, pos + len(text)))
            for e in seed.entities:
                if e.paragraph == p.index:
                    entities.append(Entity(e.start + shift, e.end + shift, e.text, e.label, e.canonical, base + p.index))
            for q in seed.quotes:
                if q.paragraph == p.index:
                    quotes.append(Quote(q.start + shift, q.end + shift, q.text, base + p.index, q.kind, q.speaker))
                    if q.speaker:
                        speakers.setdefault(q.speaker, Speaker(q.speaker, "PER", [], [])).quotes.append(len(quotes) - 1)
            chunks.append(text)
            pos += len(text) + 2
        copy += 1
    text = "\n\n".join(chunks)
    article = Article(source="big.txt", title=f"{paragraphs} paragraphs", text=text, paragraphs=paras)
    return Analysis(article, seed.model, entities, quotes, list(speakers.values()), [])


async def time_open_and_jump(analysis: Analysis) -> float:
    """Open the article, select its busiest speaker, jump to its last quote; until painted there."""
    t0 = time.perf_counter()
    app = PresseApp([analysis.article], analyzers.PrecomputedAnalyzer([analysis]), system_clipboard=False)
    async with app.run_test(size=SIZE):
        await _painted(app, "analysis")
        await _until(lambda: app.reader.panels_ready, "panels not mounted")
        speaker = max(analysis.speakers, key=lambda s: len(s.quotes))
        app.reader.select_speaker(speaker.name)
        jumped = time.perf_counter()
        app.reader.action_quote(-1)  # from no selection, "N" goes to the last quote
        last = analysis.quotes[speaker.quotes[-1]]
        view = app.reader.view
        await _until(lambda: view.last_paint > jumped and view.is_offset_visible(last.start), "no jump")
        elapsed = view.last_paint - t0
        assert app.reader.selected_ref is not None and app.reader.selected_ref.index == speaker.quotes[-1]
    return elapsed


def small_folder(root: Path, files: int) -> str:
    """`files` small articles in a new folder under `root`."""
    folder = root / f"folder-{files}"
    folder.mkdir()
    for i in range(files):
        (folder / f"article-{i}.txt").write_text(f"Article {i}.\n\n« Nous verrons », a déclaré Jean Dupont.",
                                                 encoding="utf-8")
    return str(folder)


async def time_folder(folder: str) -> float:
    """`presse FOLDER`: list the folder, open the app, until the layout (article list and view) is painted."""
    from presse.tui.sourcing import plan

    t0 = time.perf_counter()
    items, _ = plan([folder])
    app = PresseApp(items, None, system_clipboard=False)
    async with app.run_test(size=SIZE):
        await _until(lambda: app.reader.panels_ready and "text" in app.reader.view.paint_times, "layout not painted")
        elapsed = app.reader.view.paint_times["text"] - t0
        assert app.reader.article_list.options.option_count >= min(len(items), 100)  # a screenful; the rest follow
    return elapsed


async def _interleaved(a: Callable[[], Awaitable[float]], b: Callable[[], Awaitable[float]], runs: int) -> tuple[float, float]:
    xs, ys = [], []
    for _ in range(runs):
        xs.append(await a())
        ys.append(await b())
    # Best of each: the machine is shared, and noise only ever adds time (as in bench_pipeline).
    return min(xs), min(ys)


async def measure(quick: bool = False) -> list[Row]:
    runs = 3 if quick else 7
    seed = seed_analysis_from_gold()
    await time_bare()  # warm up imports and Textual's first-run costs for everyone
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as cache_dir:
        prime_cache(seed, cache_dir)
        await time_warm(seed, cache_dir)
        warm, bare = await _interleaved(lambda: time_warm(seed, cache_dir), time_bare, runs)
    log, _ = await _interleaved(time_log_app, time_bare, runs)
    rows.append(Row("2", "warm reopen, first paint / bare app", warm / bare, "≤ 1.5",
                    f"{warm * 1000:.0f} ms / {bare * 1000:.0f} ms (a one-Log app: {log * 1000:.0f} ms,"
                    f" {log / bare:.2f})"))
    with tempfile.TemporaryDirectory() as root:
        many, one = small_folder(Path(root), 1000), small_folder(Path(root), 1)
        await time_folder(many)
        t_many, t_one = await _interleaved(lambda: time_folder(many), lambda: time_folder(one), runs)
    rows.append(Row("2b", "folder of 1,000 files, list and article painted / 1 file", t_many / t_one, "≤ 1.5",
                    f"{t_many * 1000:.0f} ms / {t_one * 1000:.0f} ms (files listed at once, read in a worker)"))
    cold_runs = 2 if quick else 5
    cold, bare = await _interleaved(time_cold, time_bare, cold_runs)
    rows.append(Row("3", "cold open, text painted / bare app", cold / bare, "≤ 1.5",
                    f"{cold * 1000:.0f} ms / {bare * 1000:.0f} ms"))
    big = big_analysis(seed, 1000 if quick else BIG_PARAGRAPHS)
    await time_open_and_jump(seed)
    t_big, t_seed = await _interleaved(lambda: time_open_and_jump(big), lambda: time_open_and_jump(seed),
                                       2 if quick else 5)
    rows.append(Row("5", f"{len(big.article.paragraphs)}-paragraph article, open + last quote / seed",
                    t_big / t_seed, "≤ 3", f"{t_big * 1000:.0f} ms / {t_seed * 1000:.0f} ms"))
    return rows


def run(quick: bool = False) -> list[Row]:
    """For the bench runner: the rows of this benchmark."""
    return asyncio.run(measure(quick))


def table(rows: list[Row]) -> str:
    lines = ["| # | measure | ratio | goal | met | detail |", "|---|---|---|---|---|---|"]
    lines += [f"| {r.ratio} | {r.name} | {r.value:.2f} | {r.goal} | {'yes' if r.met else 'NO'} | {r.detail} |"
              for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, a 1,000-paragraph article")
    parser.add_argument("--profile", action="store_true", help="cProfile the big-article open and jump")
    args = parser.parse_args(argv)
    if args.profile:
        big = big_analysis(seed_analysis_from_gold())
        prof = cProfile.Profile()
        prof.enable()
        asyncio.run(time_open_and_jump(big))
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(60)
        return 0
    print(table(run(args.quick)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
