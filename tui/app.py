"""The reader: articles at once, analyses as they come (off the UI thread), who said what.

Data flows one way: sources -> jobs in worker threads (tui/work.py; spaCy in a subprocess) -> messages
(tui/messages.py) -> the reader's state (tui/state.py, plain Python) -> widgets. Widgets post messages up;
the app updates the state, starts the next job and hands data down.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path
from typing import Any

from textual import on
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker

from presse.errors import PresseError
from presse.model import Analysis, Article, Repeat
from presse.safe import printable
from presse.widgets.article_list import ArticleList
from presse.widgets.article_view import ArticleView
from presse.widgets.first_frame import FirstFrame
from presse.widgets.items import NO_SPEAKER, QuoteRef, SpeakerEntry
from presse.widgets.legend import Legend
from presse.widgets.quotes_panel import QuotesPanel
from presse.widgets.search_bar import SearchBar, find_all
from presse.widgets.status_line import StatusLine
from presse.widgets.text import one_line

from . import analyzer as analyzers
from .bindings import APP_BINDINGS
from .commands import SpeakerCommands, reader_commands
from .messages import (
    AnalysisFailed, AnalysisReady, ArticleLoaded, CrossRepeats, CrossRepeatsFailed, FeedListed, ItemsAdded,
    LoadFailed, LookedUp, ModelFailed, ModelLoaded, Refreshed,
)
from .sourcing import Pending, is_placeholder, plan, refreshable
from .state import ReaderState, speaker_count
from .work import BackgroundWork, cached_analysis

__all__ = ["PARAPHRASE_OFF", "PresseApp", "SpeakerCommands", "run_app", "speaker_count"]

# Package data of presse.seeds and presse.styles: the repository's seeds/ and styles/ folders, installed
# under the one name `presse` (see setup.py).
BUNDLED_SEEDS = Path(str(files("presse.seeds")))
STYLES = Path(str(files("presse.styles") / "presse.tcss"))
NARROW = 100  # below this width the article list starts hidden


PARAPHRASE_OFF = ("paraphrase detection off: repeated paragraphs are found when reworded slightly, not when"
                  " paraphrased (pip install 'presse[paraphrase]' turns it on)")


def paraphrase_available() -> bool:
    # presse.paraphrase answers without importing the encoder (presse.repeats would import rapidfuzz).
    from presse.paraphrase import available

    return available()


def install_notes() -> list[str]:
    return [] if paraphrase_available() else [PARAPHRASE_OFF]


# --- the app -----------------------------------------------------------------------------------------------


class PresseApp(BackgroundWork, App[int]):
    # No CSS_PATH: styles/presse.tcss is read right after the first frame (which needs none of it),
    # so parsing it does not delay the first paint; see `_mount_layout`.
    BINDINGS = APP_BINDINGS
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
        self.system_clipboard = system_clipboard
        self._user_keymap = keymap or {}
        self._startup_errors = list(errors)
        self._notices = [n for n in notices if n]
        self.scope = "article"
        self.hidden_labels: set[str] = set()
        self.collapse_repeats = False
        self.selected_speaker: str | None = None
        self.selected_ref: QuoteRef | None = None
        self.search_matches: list[tuple[int, int]] = []
        self.search_index: int | None = None
        self._panel_key: tuple | None = None
        self.first_frame_paints: dict[str, float] = {}
        self.panels_ready = False  # side panels, legend, footer: mounted after the article's first paint
        self._work_started = False
        self.idle = asyncio.Event()  # set while the layout is up and no job runs (see `_note_idle`)

    # The state's main facts, read as the app's (by tests, benchmarks and the palette).
    @property
    def articles(self) -> list[Article]:
        return self.state.articles

    @property
    def analyses(self) -> list[Analysis | None]:
        return self.state.analyses

    @property
    def current(self) -> int:
        return self.state.current

    @property
    def load_errors(self) -> dict[int, str]:
        return self.state.load_errors

    @property
    def model_state(self) -> str:
        return self.state.model_state

    # --- layout ---------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # One light widget first: the article's first screenful (from the cache, highlighted, if known there:
        # no spaCy for that). The real layout replaces it right after that first paint (`_mount_layout`).
        if not self.articles:
            return
        first = self.analyses[0] or cached_analysis(self.analyzer, self.articles[0])
        if first is not None:
            self.state.analysed(0, first)
        frame = FirstFrame(self.articles[0], first, self._list_shown(), id="first-frame")
        self.first_frame_paints = frame.paint_times  # for benchmarks: kept after the frame is gone
        yield frame

    def _list_shown(self) -> bool:
        return len(self.articles) > 1 and self.size.width >= NARROW

    async def _mount_layout(self) -> None:
        article_list = ArticleList(id="article-list")
        article_list.display = self._list_shown()
        legend = Legend(id="legend")
        if not paraphrase_available():
            legend.tooltip = PARAPHRASE_OFF  # quiet: only on hover, and in the help screen
        centre = Vertical(legend, ArticleView(id="article"), SearchBar(id="search"), id="centre")
        main = Horizontal(article_list, centre, QuotesPanel(id="quotes-panel"), id="main")
        first_frame = self.query(FirstFrame)
        self._load_styles()
        with self.batch_update():  # one repaint: the real view takes the first frame's place, text unmoved
            await self.mount(main, StatusLine(id="status"), Footer())
            await first_frame.remove()
        self.panels_ready = True
        try:
            article_list.display = self._list_shown()  # a feed may have been listed meanwhile
            article_list.set_items(self.state.rows(), self.current)
            self.show_article(self.current)
            self.view.focus()
        except NoMatches:  # the app is closing before its first frame was complete
            pass
        self._note_idle()

    def _load_styles(self) -> None:
        """styles/presse.tcss, once: parsed when the next widgets are styled."""
        if str(STYLES) not in {str(location[0]) for location in self.stylesheet.source}:
            self.stylesheet.read(STYLES)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Until the real layout is mounted (milliseconds), only leaving works.
        return True if self.panels_ready or action == "quit" else None

    @property
    def view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def panel(self) -> QuotesPanel:
        return self.query_one("#quotes-panel", QuotesPanel)

    @property
    def article_list(self) -> ArticleList:
        return self.query_one("#article-list", ArticleList)

    def on_mount(self) -> None:
        if self._user_keymap:
            self.set_keymap(self._user_keymap)
        if not self.articles:
            self._load_styles()
            from .screens.error import ErrorScreen

            self.push_screen(ErrorScreen("No article to show", self._startup_errors or ["nothing was opened"]))
            return
        for message in [*self._startup_errors, *self._notices]:
            self.notify(one_line(message), severity="warning", markup=False, timeout=8)
        # After the first paint: the workers (a model subprocess starting competes for the CPU), then the layout.
        self.call_after_refresh(self._start_work)
        self.call_after_refresh(self._mount_layout)

    def _start_work(self) -> None:
        self._work_started = True
        self.start_loading()
        self.start_analysis()
        self._note_idle()

    # --- idle: nothing left to do until the user asks -------------------------------------------------------

    def run_worker(self, *args: Any, **kwargs: Any) -> Worker[Any]:
        self.idle.clear()  # a job starts (every @work method comes here): busy until it ends
        return super().run_worker(*args, **kwargs)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # A job's result message was posted before its end: it has been handled, and any next job started.
        self._note_idle()

    def _note_idle(self) -> None:
        busy = any(not w.is_finished for w in self.workers if w.node is self)
        if self.panels_ready and self._work_started and not busy:
            self.idle.set()
        else:
            self.idle.clear()

    # --- loading sources (one at a time, in a worker) --------------------------------------------------------

    def start_loading(self) -> None:
        """Load the next source; when none is left, look for repeats across the articles."""
        if (job := self.state.next_load()) is not None:
            self.load_source(*job)
        elif self.state.all_loaded:
            self.start_cross_repeats()
            self._update_status()

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        self.state.loaded(message.index, message.article, message.analysis)
        self._article_changed(message.index)
        self.start_loading()
        self.start_analysis()

    def on_load_failed(self, message: LoadFailed) -> None:
        self.state.load_failed(message.index, message.error)
        self.notify(one_line(message.error), title="Could not load", severity="error", markup=False, timeout=10)
        self._article_changed(message.index)
        self.start_loading()

    def on_feed_listed(self, message: FeedListed) -> None:
        self.state.feed_listed(message.index, message.entries)
        if self.panels_ready:
            self.article_list.set_items(self.state.rows(), self.current)
            if self._list_shown():
                self.article_list.display = True
        if message.index == self.current:
            self.show_article(message.index)
        self.start_loading()

    # --- analysis (one job at a time, in a worker) -----------------------------------------------------------

    def start_analysis(self) -> None:
        """The analysis lane's next job, if it is free and has one (the state decides which)."""
        job = self.state.next_analysis_job()
        if job is not None and job.kind == "look up":
            self.look_up({i: self.articles[i] for i in job.indices})
        elif job is not None and job.kind == "load model":
            self.load_model()
        elif job is not None:
            self.analyse(job.indices[0], self.articles[job.indices[0]])
        self._update_status()
        self._refresh_panel()

    def on_looked_up(self, message: LookedUp) -> None:
        self.state.looked_up(message.missed)
        self.start_analysis()

    def on_model_loaded(self, message: ModelLoaded) -> None:
        self.state.model_loaded()
        self.start_analysis()

    def on_model_failed(self, message: ModelFailed) -> None:
        self.state.model_unavailable()
        self._update_status()
        self._refresh_panel()
        self.notify(one_line(message.error), title="Analysis", severity="error", markup=False, timeout=10)

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        i = message.index
        self.state.analysed(i, message.analysis)
        self._update_row(i)
        if i == self.current and self.panels_ready:
            self.view.set_analysis(message.analysis)
            self._refresh_article_widgets()
        elif i == self.current:
            self._show_first_frame()
        elif self.scope == "collection":
            self._refresh_panel()
        self.start_analysis()

    def on_analysis_failed(self, message: AnalysisFailed) -> None:
        self.state.analysis_failed(message.index, message.error)
        self.notify(one_line(message.error), title="Analysis failed", severity="error", markup=False)
        if message.index == self.current:
            self._update_status()
        self.start_analysis()

    def start_cross_repeats(self) -> None:
        loaded = self.state.loaded_articles()
        if len(loaded) > 1:
            self.find_cross_repeats(loaded)

    def on_cross_repeats(self, message: CrossRepeats) -> None:
        for i in self.state.set_cross_repeats(message.found):
            self._update_row(i)
            analysis = self.analyses[i]
            if i == self.current and self.panels_ready and analysis is not None:
                self.view.set_analysis(analysis)
                self._refresh_article_widgets()

    def on_cross_repeats_failed(self, message: CrossRepeatsFailed) -> None:
        self.notify(one_line(message.error), title="Analysis", severity="error", markup=False, timeout=10)

    # --- showing an article ------------------------------------------------------------------------------

    def show_article(self, index: int) -> None:
        if not 0 <= index < len(self.articles):
            return
        self.state.current = index
        if not self.panels_ready:
            self._show_first_frame()
            return
        try:
            view = self.view
        except NoMatches:  # closing: the layout is gone
            return
        view.titles = {a.id: a.title for a in self.articles}
        view.set_hidden_labels(self.hidden_labels)
        view.collapse_repeats = self.collapse_repeats
        view.show(self.articles[index], self.analyses[index])
        self.search_matches, self.search_index = [], None
        if self.selected_ref is not None and self.selected_ref.article != index and self.scope == "article":
            self.selected_ref = None
        self.article_list.set_current(index)
        self._refresh_article_widgets()

    def _article_changed(self, i: int) -> None:
        self._update_row(i)
        if i == self.current:
            self.show_article(i)

    def _update_row(self, i: int) -> None:
        if not self.panels_ready:
            return
        try:
            self.article_list.update_item(i, self.state.row(i))
        except NoMatches:  # closing: the list is gone
            pass

    def _show_first_frame(self) -> None:
        for frame in self.query(FirstFrame):
            frame.show(self.articles[self.current], self.analyses[self.current])

    def _refresh_article_widgets(self) -> None:
        if not self.panels_ready:
            self._update_status()
            return
        analysis = self.analyses[self.current]
        counts = Counter(e.label for e in analysis.entities) if analysis else Counter()
        try:
            self.query_one(Legend).set_counts(counts, self.hidden_labels)
        except NoMatches:  # closing, or another screen on top
            pass
        self._refresh_panel()
        self._update_status()

    def _update_status(self) -> None:
        if not self.articles or not self.is_mounted:
            return
        try:
            selection = ""
            if self.selected_speaker:
                refs = self.panel.refs_of(self.selected_speaker) if self.panels_ready else []
                where = f" {refs.index(self.selected_ref) + 1}/{len(refs)}" if self.selected_ref in refs else ""
                selection = f"{self.selected_speaker}{where}"
            self.query_one(StatusLine).set_status(selection=selection, **self.state.status())
        except NoMatches:  # another screen on top: nothing to update
            pass

    # --- speakers and quotes -----------------------------------------------------------------------------

    def speaker_entries(self) -> list[SpeakerEntry]:
        return self.state.speaker_entries(self.scope)  # type: ignore[arg-type]

    def _refresh_panel(self) -> None:
        if not self.articles or not self.panels_ready:
            return
        try:
            panel = self.panel
        except NoMatches:
            return
        key = self.state.panel_key(self.scope)  # type: ignore[arg-type]
        if key == self._panel_key:
            return
        self._panel_key = key
        panel.selected_speaker = self.selected_speaker
        panel.show(self.speaker_entries(), self.scope, self.state.panel_state())

    def on_quotes_panel_speaker_selected(self, message: QuotesPanel.SpeakerSelected) -> None:
        if message.name != self.selected_speaker:
            self.selected_speaker = message.name
            self.selected_ref = None
            self._update_status()

    def on_quotes_panel_quote_chosen(self, message: QuotesPanel.QuoteChosen) -> None:
        self.goto_ref(message.ref)
        self.view.focus()

    def select_speaker(self, name: str | None) -> None:
        self.selected_speaker = name
        self.selected_ref = None
        self._update_status()
        if self.panels_ready:
            self.panel.select_speaker(name, post=False)

    def jump_to_speaker(self, name: str) -> None:
        """Select `name` and jump to its first quote."""
        self.select_speaker(name)
        refs = self.panel.refs_of(name) if self.panels_ready else []
        if refs:
            self.goto_ref(refs[0])

    def goto_ref(self, ref: QuoteRef) -> None:
        if ref.article != self.current:
            self.show_article(ref.article)
        self.selected_ref = ref
        self.view.select_quote(ref.index)
        self._update_status()
        if self.panels_ready:
            self.panel.highlight_quote(ref)

    def _speaker_refs(self) -> list[QuoteRef]:
        if not self.panels_ready:
            return []
        if self.selected_speaker is None:
            entries = [e for e in self.speaker_entries() if e.name != NO_SPEAKER and e.refs]
            if not entries:
                return []
            self.select_speaker(entries[0].name)
        return self.panel.refs_of(self.selected_speaker)

    def action_quote(self, step: int) -> None:
        refs = self._speaker_refs()
        if not refs:
            self.notify("No quotes to visit yet" if self.model_state != "ready" else "No quotes here",
                        markup=False, timeout=3)
            return
        if self.selected_ref in refs:
            pos = refs.index(self.selected_ref) + step
        else:
            pos = 0 if step > 0 else len(refs) - 1
        if not 0 <= pos < len(refs):
            pos %= len(refs)
            self.notify("Back to the first quote" if step > 0 else "Back to the last quote", markup=False, timeout=2)
        self.goto_ref(refs[pos])

    def on_article_view_entity_clicked(self, message: ArticleView.EntityClicked) -> None:
        e = message.entity
        analysis = self.analyses[self.current]
        names = {e.canonical, e.text}
        for sp in analysis.speakers if analysis else []:
            if sp.name in names or names & set(sp.aliases):
                self.select_speaker(sp.name)
                self.notify(f"{one_line(sp.name)}: {len(sp.quotes)} quote(s) — n jumps to them",
                            markup=False, timeout=3)
                return
        self.notify(f"{one_line(e.canonical)} ({e.label}): no quote", markup=False, timeout=3)

    def on_article_view_quote_clicked(self, message: ArticleView.QuoteClicked) -> None:
        ref = self.state.quote_ref(message.quote_index)
        if ref is None:
            return
        if ref.quote.speaker:
            self.select_speaker(ref.quote.speaker)
        self.selected_ref = ref
        self.view.select_quote(message.quote_index, scroll=False)
        if self.panels_ready:
            self.panel.highlight_quote(ref)

    def action_follow_repeat(self) -> None:
        repeat = self.view.visible_repeat()
        if repeat is None:
            self.notify("No repeated paragraph on screen", markup=False, timeout=2)
            return
        self.follow_repeat(repeat)

    def on_article_view_badge_clicked(self, message: ArticleView.BadgeClicked) -> None:
        self.follow_repeat(message.repeat)

    def follow_repeat(self, r: Repeat) -> None:
        """Go to the first occurrence of a repeated paragraph (in another open article if need be)."""
        if r.article:
            target = self.state.index_of(r.article)
            if target is None:
                self.notify(f"The first occurrence is in {one_line(r.source or r.article)} (not open)", markup=False)
                return
            self.show_article(target)
        self.view.scroll_to_paragraph(r.same_as)

    # --- copy ----------------------------------------------------------------------------------------------

    def _copy(self, text: str, what: str) -> None:
        self.copy_to_clipboard(text)
        if self.system_clipboard:
            try:
                import pyperclip  # optional: the system clipboard where OSC 52 is not honoured

                pyperclip.copy(text)
            except Exception:  # noqa: BLE001 - OSC 52 already did its best
                pass
        self.notify(f"Copied {what}", markup=False, timeout=4)

    def action_copy_quote(self) -> None:
        ref = self.selected_ref
        if ref is None:
            refs = self._speaker_refs()
            ref = refs[0] if refs else None
        if ref is None:
            self.notify("No quote selected", markup=False, timeout=3)
            return
        from presse.export import quote_line

        line = quote_line(ref.quote)
        self._copy(line, line if len(line) < 80 else line[:77] + "…")

    def action_copy_speaker(self) -> None:
        refs = self._speaker_refs()
        if not refs:
            self.notify("No quotes to copy", markup=False, timeout=3)
            return
        from presse.export import quote_line

        self._copy("\n".join(quote_line(r.quote) for r in refs) + "\n",
                   f"{len(refs)} quote(s) of {one_line(self.selected_speaker or '')}")

    # --- article list, panels, scope ---------------------------------------------------------------------

    def on_article_list_article_chosen(self, message: ArticleList.ArticleChosen) -> None:
        self.show_article(message.index)
        self.view.focus()

    def action_article(self, step: int) -> None:
        if len(self.articles) > 1:
            self.show_article((self.current + step) % len(self.articles))

    def action_toggle_panel(self, panel_id: str) -> None:
        if not self.panels_ready:
            return
        widget = self.query_one(f"#{panel_id}")
        widget.display = not widget.display

    def action_toggle_scope(self) -> None:
        self.scope = "collection" if self.scope == "article" else "article"
        self._refresh_panel()
        self.notify("Quotes of all articles" if self.scope == "collection" else "Quotes of this article",
                    markup=False, timeout=2)

    def action_toggle_label(self, label: str) -> None:
        self.hidden_labels ^= {label}
        self.view.set_hidden_labels(self.hidden_labels)
        self._refresh_article_widgets()

    def action_toggle_repeats(self) -> None:
        self.collapse_repeats = not self.collapse_repeats
        self.view.set_collapse_repeats(self.collapse_repeats)

    # --- search --------------------------------------------------------------------------------------------

    def action_search(self) -> None:
        if not self.panels_ready:
            return
        self.query_one(SearchBar).open()

    @on(SearchBar.Changed, "#search")
    def _search_changed(self, event: SearchBar.Changed) -> None:
        self.search(event.value)

    @on(SearchBar.Submitted, "#search")
    def _search_submitted(self, event: SearchBar.Submitted) -> None:
        self.view.focus()

    def on_search_bar_closed(self, message: SearchBar.Closed) -> None:
        self.search("")
        self.view.focus()

    def search(self, needle: str) -> None:
        view = self.view
        self.search_matches = find_all(view.display_text, needle)
        self.search_index = None
        if self.search_matches:
            top_line = view.lines[round(view.scroll_y)] if view.lines else None
            top = top_line.start if top_line else 0
            self.search_index = next((i for i, (s, _) in enumerate(self.search_matches) if s >= top), 0)
        view.set_matches(self.search_matches, self.search_index)
        self._search_title()

    def _search_title(self) -> None:
        bar = self.query_one(SearchBar)
        n = len(self.search_matches)
        at = f"{self.search_index + 1}/" if self.search_index is not None and n else ""
        bar.border_title = f"{at}{n} match{'es' if n != 1 else ''} · ] next · [ previous" if bar.value else ""

    def action_match(self, step: int) -> None:
        if not self.search_matches:
            self.notify("No search matches (/ searches)", markup=False, timeout=2)
            return
        current = -1 if self.search_index is None else self.search_index
        self.search_index = (current + step) % len(self.search_matches)
        self.view.set_matches(self.search_matches, self.search_index)
        self._search_title()

    # --- help, open, export -------------------------------------------------------------------------------

    def action_help(self) -> None:
        from .screens.help import HelpScreen  # the screens: imported when first opened

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(APP_BINDINGS, notes=install_notes()))

    def action_open_file(self) -> None:
        from .screens.prompt import PathPrompt

        self.push_screen(PathPrompt("Open a file, folder or URL"), self._open_paths)

    def _open_paths(self, path: str | None) -> None:
        if path:
            self.plan_sources([path])

    def on_items_added(self, message: ItemsAdded) -> None:
        for error in message.errors:
            self.notify(one_line(error), severity="error", markup=False, timeout=8)
        if not message.items:
            return
        start = self.state.add(message.items)
        self.article_list.set_items(self.state.rows(), start)
        self.article_list.display = True
        self.show_article(start)
        self.start_loading()
        self.start_analysis()

    # --- refresh (web articles) ------------------------------------------------------------------------------

    def action_refresh_article(self) -> None:
        article = self.articles[self.current]
        if is_placeholder(article) or not refreshable(article):
            self.notify("Only articles from the web can be refreshed", markup=False, timeout=3)
            return
        self.notify(f"Refreshing {one_line(article.title)}…", markup=False, timeout=2)
        self.refresh_article(self.current, article)

    def on_refreshed(self, message: Refreshed) -> None:
        i = message.index
        if message.error:
            self.notify(one_line(message.error), title="Refresh failed", severity="error", markup=False, timeout=8)
            return
        if message.article is None:
            if self.articles[i].id == message.old_id:
                self.notify("Not modified: the article has not changed", markup=False, timeout=4)
            return
        if not self.state.refreshed(i, message.old_id, message.article, message.analysis):
            return  # replaced meanwhile
        self._article_changed(i)
        self.notify("Updated: the new text replaces the old" + ("" if message.analysis else " (analysing)"),
                    markup=False, timeout=4)
        self.start_analysis()

    def action_export(self, fmt: str = "markdown") -> None:
        from .screens.prompt import ExportDialog

        self.push_screen(ExportDialog("presse-quotes", len(self.articles) > 1, fmt), self._export)

    def _export(self, choice: tuple[str, str, str] | None) -> None:
        if choice is None:
            return
        fmt, scope, path = choice
        self.export_quotes(fmt, scope, path)

    def export_quotes(self, fmt: str, scope: str, path: str) -> Path | None:
        """Write the quotes of the article (or collection) to a new file; never overwrites a file."""
        analyses = self.state.analyses_in(scope)  # type: ignore[arg-type]
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
        yield from reader_commands(self)

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
