"""The reader's main screen: the article, the article list, the speakers panel, the status line, and what the
keys and clicks do to them. The app (tui/app.py) owns the state and the background work; it tells this screen
what changed (`article_changed`, `analysis_arrived`, `rows_changed`, `state_changed`).

View options are reactives: changing one (a key, the palette) redraws what depends on it in its watcher.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer

from presse.widgets.article_list import ArticleList
from presse.widgets.article_view import ArticleView
from presse.widgets.first_frame import FirstFrame
from presse.widgets.items import NO_SPEAKER, QuoteRef, SpeakerEntry
from presse.widgets.legend import Legend
from presse.widgets.quotes_panel import QuotesPanel
from presse.widgets.search_bar import SearchBar
from presse.widgets.status_line import StatusLine
from presse.widgets.text import one_line

from ..bindings import SCREEN_BINDINGS
from ..clipboard import copy
from ..state import ReaderState, Scope, step_ref
from .article_actions import ArticleActions
from .trail import TrailActions

if TYPE_CHECKING:
    from ..app import PresseApp

NARROW = 100  # below this width the article list starts hidden


class ReaderScreen(ArticleActions, TrailActions, Screen[None]):
    BINDINGS = SCREEN_BINDINGS

    scope: var[Scope] = var[Scope]("article", init=False)
    hidden_labels: var[frozenset[str]] = var(frozenset(), init=False)
    collapse_repeats: var[bool] = var(False, init=False)
    # Set again to the same name, it still opens that speaker in the panel.
    selected_speaker: var[str | None] = var[str | None](None, init=False, always_update=True)

    def __init__(self, state: ReaderState, *, system_clipboard: bool = True) -> None:
        super().__init__()
        self.state = state
        self.system_clipboard = system_clipboard
        self.selected_ref: QuoteRef | None = None
        self._panel_key: tuple | None = None
        self.first_frame_paints: dict[str, float] = {}
        self.layout_mounted = asyncio.Event()  # side panels, legend, footer: after the article's first paint

    @property
    def panels_ready(self) -> bool:
        return self.layout_mounted.is_set()

    @property
    def presse(self) -> PresseApp:
        return self.app  # type: ignore[return-value]

    # --- layout ---------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # One light widget first: the article's first screenful (highlighted if the cache knew it: no spaCy for
        # that). The real layout replaces it right after that first paint (`_mount_layout`).
        if not self.state.articles:
            return
        frame = FirstFrame(self.state.articles[0], self.state.analyses[0], self._list_shown(), id="first-frame")
        self.first_frame_paints = frame.paint_times  # for benchmarks: kept after the frame is gone
        yield frame

    def on_mount(self) -> None:
        if self.state.articles:
            self.call_after_refresh(self._mount_layout)

    def _list_shown(self) -> bool:
        return len(self.state.articles) > 1 and self.app.size.width >= NARROW

    async def _mount_layout(self) -> None:
        article_list = ArticleList(id="article-list")
        article_list.display = self._list_shown()
        legend = Legend(id="legend")
        if notes := self.presse.install_notes():
            legend.tooltip = "\n".join(notes)  # quiet: only on hover, and in the help screen
        centre = Vertical(legend, ArticleView(id="article"), SearchBar(id="search"), id="centre")
        panel = QuotesPanel(id="quotes-panel")
        panel.trail_badges = self.ref_badges
        main = Horizontal(article_list, centre, panel, id="main")
        first_frame = self.query(FirstFrame)
        self.presse.load_styles()
        with self.app.batch_update():  # one repaint: the real view takes the first frame's place, text unmoved
            await self.mount(main, StatusLine(id="status"), Footer())
            await first_frame.remove()
        self.layout_mounted.set()
        try:
            article_list.display = self._list_shown()  # a feed may have been listed meanwhile
            article_list.set_items(self.state.rows(), self.state.current)
            self.show_article(self.state.current)
            self.view.focus()
        except NoMatches:  # the app is closing before its first frame was complete
            pass
        self.app.call_later(self.presse.note_idle)  # in the app's queue, after the results of finished jobs

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return True if self.panels_ready else None  # until the real layout is mounted (milliseconds)

    @property
    def view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def panel(self) -> QuotesPanel:
        return self.query_one("#quotes-panel", QuotesPanel)

    @property
    def article_list(self) -> ArticleList:
        return self.query_one("#article-list", ArticleList)

    # --- what the app tells: the state changed ---------------------------------------------------------------

    def article_changed(self, index: int) -> None:
        """An article was loaded, failed to load or was refreshed."""
        self._update_row(index)
        if index == self.state.current:
            self.show_article(index)

    def analysis_arrived(self, index: int) -> None:
        self._update_row(index)
        analysis = self.state.analyses[index]
        if index == self.state.current and self.panels_ready and analysis is not None:
            self.set_view_badges(index)
            self.view.set_analysis(analysis)
            self._refresh_article_widgets()
        elif index == self.state.current:
            self._show_first_frame()
        elif self.scope == "collection":
            self._refresh_panel()

    def rows_changed(self, show: int | None = None) -> None:
        """Rows were added (a feed's entries, the open dialog); `show` one of them."""
        if self.panels_ready:
            self.article_list.set_items(self.state.rows(), self.state.current if show is None else show)
            if show is not None or self._list_shown():
                self.article_list.display = True
        if show is not None:
            self.show_article(show)

    def state_changed(self) -> None:
        """What the model does (loading, analysing k/N, ready…) or the loading of sources changed."""
        self._update_status()
        self._refresh_panel()

    # --- showing an article ------------------------------------------------------------------------------

    def show_article(self, index: int) -> None:
        if not 0 <= index < len(self.state.articles):
            return
        self.state.current = index
        if not self.panels_ready:
            self._show_first_frame()
            return
        try:
            view = self.view
        except NoMatches:  # closing: the layout is gone
            return
        view.titles = {a.id: a.title for a in self.state.articles}
        view.set_hidden_labels(set(self.hidden_labels))
        view.collapse_repeats = self.collapse_repeats
        self.set_view_badges(index)
        view.show(self.state.articles[index], self.state.analyses[index])
        if self.selected_ref is not None and self.selected_ref.article != index and self.scope == "article":
            self.selected_ref = None
        self.article_list.set_current(index)
        self._refresh_article_widgets()

    def _update_row(self, i: int) -> None:
        if not self.panels_ready:
            return
        try:
            self.article_list.update_item(i, self.state.row(i))
        except NoMatches:  # closing: the list is gone
            pass

    def _show_first_frame(self) -> None:
        for frame in self.query(FirstFrame):
            frame.show(self.state.articles[self.state.current], self.state.analyses[self.state.current])

    def _refresh_article_widgets(self) -> None:
        if not self.panels_ready:
            self._update_status()
            return
        analysis = self.state.analyses[self.state.current]
        counts = Counter(e.label for e in analysis.entities) if analysis else Counter()
        try:
            self.query_one(Legend).set_counts(counts, set(self.hidden_labels))
        except NoMatches:  # closing
            pass
        self._refresh_panel()
        self._update_status()

    def _update_status(self) -> None:
        if not self.state.articles or not self.is_mounted:
            return
        try:
            selection = ""
            if self.selected_speaker:
                refs = self.panel.refs_of(self.selected_speaker) if self.panels_ready else []
                where = f" {refs.index(self.selected_ref) + 1}/{len(refs)}" if self.selected_ref in refs else ""
                selection = f"{self.selected_speaker}{where}"
            self.query_one(StatusLine).set_status(selection=selection, **self.state.status())
        except NoMatches:  # the first frame is still up: nothing to update
            pass

    # --- speakers and quotes -----------------------------------------------------------------------------

    def speaker_entries(self) -> list[SpeakerEntry]:
        return self.state.speaker_entries(self.scope)

    def _refresh_panel(self) -> None:
        if not self.state.articles or not self.panels_ready:
            return
        key = self.state.panel_key(self.scope)  # rebuilding the tree costs with thousands of quotes
        if key == self._panel_key:
            return
        try:
            panel = self.panel
        except NoMatches:  # closing
            return
        self._panel_key = key
        panel.selected_speaker = self.selected_speaker
        panel.show(self.speaker_entries(), self.scope, self.state.panel_state())

    def watch_scope(self) -> None:
        self._refresh_panel()

    def watch_selected_speaker(self, name: str | None) -> None:
        self.selected_ref = None
        self._update_status()
        if self.panels_ready:
            self.panel.select_speaker(name, post=False)

    def on_quotes_panel_speaker_selected(self, message: QuotesPanel.SpeakerSelected) -> None:
        if message.name != self.selected_speaker:
            self.set_reactive(ReaderScreen.selected_speaker, message.name)  # the panel shows it already
            self.selected_ref = None
            self._update_status()

    def on_quotes_panel_quote_chosen(self, message: QuotesPanel.QuoteChosen) -> None:
        self.goto_ref(message.ref)
        self.view.focus()

    def select_speaker(self, name: str | None) -> None:
        self.selected_speaker = name

    def jump_to_speaker(self, name: str) -> None:
        """Select `name` and jump to its first quote."""
        self.selected_speaker = name
        refs = self.panel.refs_of(name) if self.panels_ready else []
        if refs:
            self.goto_ref(refs[0])

    def goto_ref(self, ref: QuoteRef) -> None:
        if ref.article != self.state.current:
            self.show_article(ref.article)
        self.selected_ref = ref
        self.view.select_quote(ref.index)
        self._update_status()
        if self.panels_ready:
            self.panel.highlight_quote(ref)

    def _speaker_refs(self) -> list[QuoteRef]:
        """The selected speaker's quotes; with none selected, the most quoted speaker is selected."""
        if not self.panels_ready:
            return []
        if self.selected_speaker is None:
            entries = [e for e in self.speaker_entries() if e.name != NO_SPEAKER and e.refs]
            if not entries:
                return []
            self.selected_speaker = entries[0].name
        return self.panel.refs_of(self.selected_speaker)

    def action_quote(self, step: int) -> None:
        refs = self._speaker_refs()
        if not refs:
            self.notify("No quotes to visit yet" if self.state.model_state != "ready" else "No quotes here",
                        markup=False, timeout=3)
            return
        ref, wrapped = step_ref(refs, self.selected_ref, step)
        if wrapped:
            self.notify("Back to the first quote" if step > 0 else "Back to the last quote", markup=False, timeout=2)
        self.goto_ref(ref)

    # --- copy ----------------------------------------------------------------------------------------------

    def _copy(self, text: str, what: str) -> None:
        copy(self.app, text, system=self.system_clipboard)
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

    # --- article list, panels, entity types --------------------------------------------------------------

    def on_article_list_article_chosen(self, message: ArticleList.ArticleChosen) -> None:
        self.show_article(message.index)
        self.view.focus()

    def action_article(self, step: int) -> None:
        if len(self.state.articles) > 1:
            self.show_article((self.state.current + step) % len(self.state.articles))

    def action_toggle_panel(self, panel_id: str) -> None:
        widget = self.query_one(f"#{panel_id}")
        widget.display = not widget.display

    def action_toggle_scope(self) -> None:
        self.scope = "collection" if self.scope == "article" else "article"
        self.notify("Quotes of all articles" if self.scope == "collection" else "Quotes of this article",
                    markup=False, timeout=2)

    def watch_hidden_labels(self, hidden: frozenset[str]) -> None:
        self.view.set_hidden_labels(set(hidden))
        self._refresh_article_widgets()

    def action_toggle_label(self, label: str) -> None:
        self.hidden_labels ^= {label}

    # --- search --------------------------------------------------------------------------------------------

    def action_search(self) -> None:
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
        self.view.search(needle)
        self._search_title()

    def _search_title(self) -> None:
        view, bar = self.view, self.query_one(SearchBar)
        n = len(view.matches)
        at = f"{view.current_match + 1}/" if view.current_match is not None and n else ""
        bar.border_title = f"{at}{n} match{'es' if n != 1 else ''} · ] next · [ previous" if bar.value else ""

    def action_match(self, step: int) -> None:
        if not self.view.step_match(step):
            self.notify("No search matches (/ searches)", markup=False, timeout=2)
            return
        self._search_title()
