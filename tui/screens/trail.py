"""`t`: the trail of the selected quote, every printing of the statement across the collection (article, speaker,
date, a word diff against the earliest); Enter opens that article at that quote, Escape closes.

`TrailActions` is the reader screen's side of it (mixed into `ReaderScreen`): the key, the badges it hands to
the article view and the quotes panel, and the jump.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static

from presse.widgets.article_view import ArticleView
from presse.widgets.items import QuoteRef
from presse.widgets.text import one_line
from presse.widgets.trail_list import TrailList, trail_header

if TYPE_CHECKING:
    from presse.trail import Appearance, QuoteCluster

    from ..state import ReaderState


class TrailScreen(ModalScreen["Appearance | None"]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="trail.close", tooltip="Close the trail")]
    DEFAULT_CSS = """
    TrailScreen { align: center middle; }
    TrailScreen > #trail-body { width: 90%; height: 80%; border: round $accent; background: $surface; padding: 0 1; }
    TrailScreen #trail-header, TrailScreen #trail-keys { height: auto; }
    TrailScreen TrailList { height: 1fr; }
    """

    def __init__(self, cluster: QuoteCluster, current: int) -> None:
        super().__init__(id="trail-screen")
        self.cluster = cluster
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="trail-body"):
            yield Static(trail_header(self.cluster), id="trail-header")
            yield TrailList(self.cluster, self.current, id="trail-list")
            yield Static("Enter: open that article at the quote · Esc: close", id="trail-keys", markup=False)

    def on_mount(self) -> None:
        trail = self.query_one(TrailList)
        trail.highlighted = self.current
        trail.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.cluster.appearances[event.option_index])


class TrailActions:
    """The reader screen's trail key, badges and jumps (mixed into `ReaderScreen`)."""

    state: ReaderState
    selected_ref: QuoteRef | None

    if TYPE_CHECKING:
        from textual.app import App

        app: App
        view: ArticleView
        panels_ready: bool

        def _refresh_panel(self) -> None: ...
        def goto_ref(self, ref: QuoteRef) -> None: ...
        def notify(self, message: str, **kw: object) -> None: ...

    def trails_changed(self) -> None:
        """The collection's quote trails were (re)computed: badges and the panel's "all articles" list change."""
        if self.panels_ready:
            self.set_view_badges(self.state.current)
            self._refresh_panel()

    def ref_badges(self, ref: QuoteRef) -> list[str]:
        """A quote's trail badges for the quotes panel ("also in 4 articles", …)."""
        from presse.trail import badges  # only called once trails exist: loaded already

        found = self.state.trail_of(ref)
        return badges(*found) if found else []

    def set_view_badges(self, index: int) -> None:
        """The trail badges of article `index` for the article view (before it shows the article, or at once)."""
        self.view.set_trail_badges(self.state.articles[index].id, self.state.trail_badges(index))

    def action_trail(self) -> None:
        ref = self.selected_ref
        if ref is None:
            self.notify("Select a quote first (n, or click one), then t shows its trail", markup=False, timeout=3)
            return
        self.open_trail(ref)

    def on_article_view_trail_clicked(self, message: ArticleView.TrailClicked) -> None:
        ref = self.state.quote_ref(message.quote_index)
        if ref is not None:
            self.goto_ref(ref)
            self.open_trail(ref)

    def open_trail(self, ref: QuoteRef) -> None:
        found = self.state.trail_of(ref)
        if found is None:
            why = ("quote trails are still being computed" if self.state.trail_running
                   else "this quote is printed nowhere else in the open articles")
            self.notify(f"No trail: {why}", markup=False, timeout=3)
            return
        cluster, appearance = found
        self.app.push_screen(TrailScreen(cluster, cluster.appearances.index(appearance)), self.goto_appearance)

    def goto_appearance(self, appearance: Appearance | None) -> None:
        """Open the article of a printing at its quote (from the trail screen's Enter)."""
        if appearance is None:
            return
        index = self.state.index_of(appearance.article)
        analysis = self.state.analyses[index] if index is not None else None
        if index is None or analysis is None or appearance.quote >= len(analysis.quotes):
            self.notify(f"{one_line(appearance.source)} is no longer open as it was", markup=False, timeout=4)
            return
        self.goto_ref(QuoteRef(index, appearance.quote, analysis.quotes[appearance.quote], self.state.articles[index].title))
        self.view.focus()
