"""The reader: articles at once, analyses as they come (off the UI thread), who said what.

Data flows one way: sources -> jobs in worker threads (tui/work.py; spaCy in a subprocess) -> messages
(tui/messages.py) -> the reader's state (tui/state.py, plain Python) -> the reader screen (tui/screens/reader.py)
and its widgets. The app owns the state and the jobs: it handles each job's message, updates the state,
starts the next job and tells the screen what changed. Widgets post messages up to the screen.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.worker import Worker

from presse.errors import PresseError
from presse.model import Article
from presse.safe import printable
from presse.widgets.text import one_line

from . import analyzer as analyzers
from .bindings import APP_BINDINGS, PALETTE_BINDINGS
from .commands import SpeakerCommands, reader_commands
from .messages import (
    AnalysisFailed, AnalysisReady, ArticleLoaded, CrossRepeats, CrossRepeatsFailed, FeedListed, ItemsAdded,
    LoadFailed, LoadsReturned, LookedUp, ModelFailed, ModelLoaded, Refreshed, TrailsFailed, TrailsFound,
)
from .screens.reader import ReaderScreen
from .sourcing import Pending, is_placeholder, plan, refreshable
from .state import ReaderState, Scope, speaker_count
from .work import BackgroundWork, cached_analysis

__all__ = ["PARAPHRASE_OFF", "PresseApp", "SpeakerCommands", "run_app", "speaker_count"]

# Package data of presse.seeds and presse.styles: the repository's seeds/ and styles/ folders, installed
# under the one name `presse` (see setup.py).
BUNDLED_SEEDS = Path(str(files("presse.seeds")))
STYLES = Path(str(files("presse.styles") / "presse.tcss"))

PARAPHRASE_OFF = ("paraphrase detection off: repeated paragraphs are found when reworded slightly, not when"
                  " paraphrased (pip install 'presse[paraphrase]' turns it on)")


def paraphrase_available() -> bool:
    # presse.paraphrase answers without importing the encoder (presse.repeats would import rapidfuzz).
    from presse.paraphrase import available

    return available()


class PresseApp(BackgroundWork, App[int]):
    # No CSS_PATH: styles/presse.tcss is read right after the first frame (which needs none of it),
    # so parsing it does not delay the first paint; see `ReaderScreen._mount_layout`.
    BINDINGS = PALETTE_BINDINGS  # the reader's other keys are its screen's
    COMMANDS = App.COMMANDS | {SpeakerCommands}
    TITLE = "presse"
    AUTO_FOCUS = None  # the article view is focused once mounted, after the first frame

    def __init__(
        self,
        articles: Iterable[Article | Pending],
        analyzer: analyzers.Analyzer | None = None,
        *,
        errors: Iterable[str] = (),
        notices: Iterable[str] = (),
        system_clipboard: bool = True,
        keymap: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.state = ReaderState(articles, can_analyse=analyzer is not None)
        self.analyzer = analyzer
        self.page_store = analyzers.page_store(analyzer)  # fetched pages are cached with their analyses
        self.reader = ReaderScreen(self.state, system_clipboard=system_clipboard)
        self._user_keymap = keymap or {}
        self._startup_errors = list(errors)
        self._notices = [n for n in notices if n]
        self._work_started = False
        self.idle = asyncio.Event()  # set while the layout is up and no job runs (see `note_idle`)

    def get_default_screen(self) -> Screen:
        # The first article highlighted in the first frame if the cache knows it (no spaCy for that).
        state = self.state
        if state.articles and state.analyses[0] is None:
            if (found := cached_analysis(self.analyzer, state.articles[0])) is not None:
                state.analysed(0, found)
        return self.reader

    def on_mount(self) -> None:
        if self._user_keymap:
            self.set_keymap(self._user_keymap)
        if not self.state.articles:
            self.load_styles()
            from .screens.error import ErrorScreen

            self.push_screen(ErrorScreen("No article to show", self._startup_errors or ["nothing was opened"]))
            return
        for message in [*self._startup_errors, *self._notices]:
            self.notify(one_line(message), severity="warning", markup=False, timeout=8)
        # After the first paint (a model subprocess starting competes for the CPU).
        self.call_after_refresh(self._start_work)

    def _start_work(self) -> None:
        self._work_started = True
        self.start_loading()
        self.start_analysis()
        self.call_later(self.note_idle)  # (see `note_idle`)

    def load_styles(self) -> None:
        """styles/presse.tcss, once: parsed when the next widgets are styled."""
        if str(STYLES) not in {str(location[0]) for location in self.stylesheet.source}:
            self.stylesheet.read(STYLES)

    def install_notes(self) -> list[str]:
        """What this installation lacks, said quietly (the legend's tooltip, the help screen)."""
        return [] if paraphrase_available() else [PARAPHRASE_OFF]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Until the reader's layout is mounted (milliseconds), only leaving works.
        return True if self.reader.panels_ready or action == "quit" else None

    # --- idle: nothing left to do until the user asks -------------------------------------------------------

    def run_worker(self, *args: Any, **kwargs: Any) -> Worker[Any]:
        self.idle.clear()  # a job starts (every @work method comes here): busy until it ends
        return super().run_worker(*args, **kwargs)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.note_idle()

    def note_idle(self) -> None:
        """Set `idle` if the layout is up and no job runs. Called from the app's own queue: a finished job's
        result message is queued before the job ends, so by then it was handled and any next job started."""
        busy = any(not w.is_finished for w in self.workers if w.node is self)
        if self.reader.panels_ready and self._work_started and not busy:
            self.idle.set()
        else:
            self.idle.clear()

    # --- loading sources (one at a time, in a worker) --------------------------------------------------------

    def start_loading(self) -> None:
        """Load the next source; when none is left, look for repeats across the articles."""
        if batch := self.state.next_loads():
            self.load_sources(batch)
        elif self.state.all_loaded:
            self.start_cross_repeats()
            self.reader.state_changed()

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        self.state.loaded(message.index, message.article, message.analysis)
        self.reader.article_changed(message.index)
        self.start_loading()
        self.start_analysis()

    def on_loads_returned(self, message: LoadsReturned) -> None:
        self.state.returned(message.items)
        self.start_loading()

    def on_load_failed(self, message: LoadFailed) -> None:
        self.state.load_failed(message.index, message.error)
        self.notify(one_line(message.error), title="Could not load", severity="error", markup=False, timeout=10)
        self.reader.article_changed(message.index)
        self.start_loading()

    def on_feed_listed(self, message: FeedListed) -> None:
        self.state.feed_listed(message.index, message.entries)
        self.reader.rows_changed()
        if message.index == self.state.current:
            self.reader.show_article(message.index)
        self.start_loading()

    def on_items_added(self, message: ItemsAdded) -> None:
        """Sources from the open dialog: appended to the list, the first one shown."""
        for error in message.errors:
            self.notify(one_line(error), severity="error", markup=False, timeout=8)
        if message.items:
            self.reader.rows_changed(show=self.state.add(message.items))
            self.start_loading()
            self.start_analysis()

    # --- analysis (one job at a time, in a worker) -----------------------------------------------------------

    def start_analysis(self) -> None:
        """The analysis lane's next job, if it is free and has one (the state decides which)."""
        job = self.state.next_analysis_job()
        if job is not None and job.kind == "look up":
            self.look_up({i: self.state.articles[i] for i in job.indices})
        elif job is not None and job.kind == "load model":
            self.load_model()
        elif job is not None:
            self.analyse(job.indices[0], self.state.articles[job.indices[0]])
        self.reader.state_changed()

    def on_looked_up(self, message: LookedUp) -> None:
        self.state.looked_up(message.missed)
        self.start_analysis()

    def on_model_loaded(self, message: ModelLoaded) -> None:
        self.state.model_loaded()
        self.start_analysis()

    def on_model_failed(self, message: ModelFailed) -> None:
        self.state.model_unavailable()
        self.reader.state_changed()
        self.notify(one_line(message.error), title="Analysis", severity="error", markup=False, timeout=10)

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        self.state.analysed(message.index, message.analysis)
        self.reader.analysis_arrived(message.index)
        self.start_analysis()
        self.start_trails()

    # --- quote trails (one job at a time; the articles analysed meanwhile are added by the next one) ------------

    def start_trails(self) -> None:
        if (job := self.state.next_trail_job()) is not None:
            self.find_trails(job)

    def on_trails_found(self, message: TrailsFound) -> None:
        self.state.trails_found(message.trails, message.job, message.index)
        self.reader.trails_changed()
        self.start_trails()

    def on_trails_failed(self, message: TrailsFailed) -> None:
        self.state.trails_failed(message.job)
        self.notify(one_line(message.error), title="Quote trails", severity="error", markup=False, timeout=10)
        self.start_trails()

    def on_analysis_failed(self, message: AnalysisFailed) -> None:
        self.state.analysis_failed(message.index, message.error)
        self.notify(one_line(message.error), title="Analysis failed", severity="error", markup=False)
        self.reader.state_changed()
        self.start_analysis()

    def start_cross_repeats(self) -> None:
        loaded = self.state.loaded_articles()
        if len(loaded) > 1:
            self.find_cross_repeats(loaded)

    def on_cross_repeats(self, message: CrossRepeats) -> None:
        for index in self.state.set_cross_repeats(message.found):
            self.reader.analysis_arrived(index)

    def on_cross_repeats_failed(self, message: CrossRepeatsFailed) -> None:
        self.notify(one_line(message.error), title="Analysis", severity="error", markup=False, timeout=10)

    # --- refresh (web articles) ------------------------------------------------------------------------------

    def action_refresh_article(self) -> None:
        index = self.state.current
        article = self.state.articles[index]
        if is_placeholder(article) or not refreshable(article):
            self.notify("Only articles from the web can be refreshed", markup=False, timeout=3)
            return
        self.notify(f"Refreshing {one_line(article.title)}…", markup=False, timeout=2)
        self.refresh_article(index, article)

    def on_refreshed(self, message: Refreshed) -> None:
        if message.error:
            self.notify(one_line(message.error), title="Refresh failed", severity="error", markup=False, timeout=8)
        elif message.article is None:
            if self.state.articles[message.index].id == message.old_id:
                self.notify("Not modified: the article has not changed", markup=False, timeout=4)
        elif self.state.refreshed(message.index, message.old_id, message.article, message.analysis):
            self.reader.article_changed(message.index)
            self.notify("Updated: the new text replaces the old" + ("" if message.analysis else " (analysing)"),
                        markup=False, timeout=4)
            self.start_analysis()
            self.start_trails()  # the old text's quotes leave the trails (the new ones join when analysed)

    # --- dialogs: help, open, export ------------------------------------------------------------------------

    def action_help(self) -> None:
        from .screens.help import HelpScreen  # the screens: imported when first opened

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(APP_BINDINGS, notes=self.install_notes()))

    def action_open_file(self) -> None:
        from .screens.prompt import PathPrompt

        def open_path(path: str | None) -> None:
            if path:
                self.plan_sources([path])

        self.push_screen(PathPrompt("Open a file, folder or URL"), open_path)

    def action_export(self, fmt: str = "markdown") -> None:
        from .screens.prompt import ExportDialog

        def export(choice: tuple[str, str, str] | None) -> None:
            if choice is not None:
                self.export_quotes(*choice)

        self.push_screen(ExportDialog("presse-quotes", len(self.state.articles) > 1, fmt), export)

    def export_quotes(self, fmt: str, scope: Scope, path: str) -> Path | None:
        """Write the quotes of the article (or collection) to a new file; never overwrites a file."""
        analyses = self.state.analyses_in(scope)
        if not analyses:
            self.notify("Nothing to export yet: the analysis is not ready", severity="warning", markup=False)
            return None
        from presse.export import write

        try:
            target = write(analyses, fmt, path)
        except FileExistsError as exc:
            self.notify(f"{printable(str(exc.filename))} exists: choose another name", severity="error", markup=False)
            return None
        except (OSError, ValueError) as exc:
            self.notify(f"Export failed: {one_line(str(exc))}", severity="error", markup=False)
            return None
        n = sum(len(a.quotes) for a in analyses)
        self.notify(f"Exported {n} quote(s) to {printable(str(target))}", markup=False)
        return target

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from reader_commands(self, self.reader)

    # --- leaving -------------------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        self._close_analyzer()
        self.exit(0)

    def on_unmount(self) -> None:
        self._close_analyzer()

    def _close_analyzer(self) -> None:
        if self.analyzer is not None:
            try:
                analyzers.close(self.analyzer)
            except Exception:  # noqa: BLE001 - leaving anyway
                pass


def run_app(args: argparse.Namespace) -> int:
    paths = list(args.paths) or [str(BUNDLED_SEEDS)]
    analyzer = analyzers.default_analyzer(args.model, getattr(args, "cache_dir", None),
                                          getattr(args, "no_cache", False))
    try:
        # Quick: folders listed, paths checked; files are read and pages fetched once the app runs.
        items, errors = plan(paths, analyzers.page_store(analyzer))
        if len(items) == 1 and isinstance(items[0], Pending) and not items[0].fetching and len(paths) == 1:
            # One local file: read now (milliseconds), so a bad one is one line and exit 2, as elsewhere.
            items = [items[0].load()]  # type: ignore[list-item]
        if not items:
            # Nothing to read: one clear line, like the other commands (exit 2 = bad input).
            raise PresseError("; ".join(errors) or "no article found")
    except BaseException:
        analyzers.close(analyzer)
        raise
    notices = [getattr(analyzer, "notice", None) or ""]
    from .keymap import load_keymap

    keymap, keymap_problems = load_keymap({b.id for b in APP_BINDINGS if b.id})
    notices.extend(keymap_problems)
    app = PresseApp(items, analyzer, errors=errors, notices=notices, keymap=keymap)
    try:
        app.run()
    finally:
        analyzers.close(analyzer)
    return app.return_code or 0
