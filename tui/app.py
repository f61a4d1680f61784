"""The reader: articles at once, analyses as they come (off the UI thread), who said what.

Data flows one way: sources -> jobs in worker threads (tui/work.py; spaCy in a subprocess) -> messages
(tui/messages.py) -> the reader's state (tui/state.py, plain Python) -> the reader screen (tui/screens/reader.py)
and its widgets. The app owns the state and the jobs: it handles each job's message, updates the state,
starts the next job and tells the screen what changed. Widgets post messages up to the screen.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterable
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker

from presse.model import Article
from presse.safe import printable
from presse.widgets.text import one_line, plural

from . import analyzer as analyzers
from .bindings import APP_BINDINGS, PALETTE_BINDINGS, TEXT_FIELD_ACTIONS
from .colours import entity_colours
from .commands import SpeakerCommands, reader_commands
from .messages import (
    AnalysisFailed, AnalysisReady, ArticleLoaded, CrossRepeats, CrossRepeatsFailed, FeedListed, ItemsAdded,
    LoadFailed, LoadsReturned, LookedUp, ModelFailed, ModelLoaded, Refreshed, TrailsFailed, TrailsFound,
)
from .screens.reader import ReaderScreen
from .sourcing import Pending, is_placeholder, refreshable, source_problem
from .state import ReaderState, Scope, speaker_count
from .work import BackgroundWork, cached_analysis

if TYPE_CHECKING:
    from .screens.prompt import Dialog

__all__ = ["PARAPHRASE_OFF", "PresseApp", "SpeakerCommands", "speaker_count"]

# Package data of presse.seeds and presse.styles: the repository's seeds/ and styles/ folders, installed
# under the one name `presse` (see setup.py).
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

    def get_css_variables(self) -> dict[str, str]:
        variables = super().get_css_variables()
        return {**variables, **entity_colours(variables)}  # $entity-per …: four distinct, legible colours

    def load_styles(self) -> None:
        """styles/presse.tcss, once: parsed when the next widgets are styled."""
        if str(STYLES) not in {str(location[0]) for location in self.stylesheet.source}:
            self.stylesheet.read(STYLES)

    def install_notes(self) -> list[str]:
        """What this installation lacks, said quietly (the legend's tooltip, the help screen)."""
        return [] if paraphrase_available() else [PARAPHRASE_OFF]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Until the reader's layout is mounted (milliseconds), only leaving works.
        if not self.reader.panels_ready and action != "quit":
            return None
        if action in TEXT_FIELD_ACTIONS and isinstance(self.focused, Input):
            return False  # `o` typed in a text field is text (the key goes on to the field)
        return True

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

    async def action_open_file(self) -> None:
        from .screens.prompt import PathPrompt

        def open_path(path: str | None) -> None:
            if path:
                self.plan_sources([os.path.expanduser(path)])

        await self._open_dialog(PathPrompt("Open a file, folder or URL", check=source_problem), open_path)

    async def action_export(self, fmt: str = "markdown") -> None:
        from .screens.prompt import ExportDialog

        def attempt(fmt: str, scope: str, path: str) -> str | None:
            done = self.write_export(fmt, scope, path)  # type: ignore[arg-type]
            return done if isinstance(done, str) else None

        await self._open_dialog(ExportDialog("presse-quotes", len(self.state.articles) > 1, fmt, attempt=attempt))

    async def _open_dialog(self, dialog: Dialog, callback: Callable[[Any], None] | None = None) -> None:
        """Push `dialog` and focus its field as soon as it is mounted: this runs as the app reads the key that
        opened it (a priority binding), so the keys queued behind that one are handed to the field."""
        await self.push_screen(dialog, callback)
        dialog.focus_field()

    def write_export(self, fmt: str, scope: Scope, path: str) -> Path | str:
        """Write the quotes of the article (or collection) to a new file (never over one): where, or why not."""
        analyses = self.state.analyses_in(scope)
        if not analyses:
            return "Nothing to export yet: the analysis is not ready"
        from presse.export import write

        try:
            target = write(analyses, fmt, path)
        except FileExistsError as exc:
            return f"{printable(str(exc.filename))} exists: choose another name"
        except FileNotFoundError:
            return f"{printable(str(Path(path).expanduser().parent))}: no such folder"
        except IsADirectoryError:
            return f"{printable(path)} is a folder: add a file name"
        except PermissionError:
            return f"{printable(path)}: permission denied"
        except (OSError, ValueError) as exc:
            return f"Export failed: {one_line(str(exc))}"
        n = sum(len(a.quotes) for a in analyses)
        self.notify(f"Exported {plural(n, 'quote')} to {printable(str(target.resolve()))}", markup=False)
        return target

    def export_quotes(self, fmt: str, scope: Scope, path: str) -> Path | None:
        """`write_export`, its failure said in a notification."""
        done = self.write_export(fmt, scope, path)
        if isinstance(done, str):
            self.notify(done, severity="error", markup=False)
            return None
        return done

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's own "Keys" (its key panel) would stand next to the reader's (every key, with its id).
        yield from (c for c in super().get_system_commands(screen) if c.title != "Keys")
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
