"""What clicks and keys on the article view do to the reader screen: a name selects its speaker, a quote is
selected, a repeat badge (or `g`) goes to the paragraph's first occurrence, `r` collapses repeats. Mixed into
`ReaderScreen` (tui/screens/reader.py), which owns the state, the widgets and the reactives used here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from presse.model import Repeat
from presse.widgets.article_view import ArticleView
from presse.widgets.text import one_line

if TYPE_CHECKING:
    from presse.widgets.items import QuoteRef
    from presse.widgets.quotes_panel import QuotesPanel

    from ..state import ReaderState


class ArticleActions:
    state: ReaderState
    selected_ref: QuoteRef | None

    if TYPE_CHECKING:
        selected_speaker: str | None
        collapse_repeats: bool
        panels_ready: bool
        view: ArticleView
        panel: QuotesPanel

        def show_article(self, index: int) -> None: ...
        def notify(self, message: str, **kw: object) -> None: ...

    def on_article_view_entity_clicked(self, message: ArticleView.EntityClicked) -> None:
        e = message.entity
        speaker = self.state.speaker_named(e)
        if speaker is None:
            self.notify(f"{one_line(e.canonical)} ({e.label}): no quote", markup=False, timeout=3)
            return
        self.selected_speaker = speaker.name
        self.notify(f"{one_line(speaker.name)}: {len(speaker.quotes)} quote(s) — n jumps to them",
                    markup=False, timeout=3)

    def on_article_view_quote_clicked(self, message: ArticleView.QuoteClicked) -> None:
        ref = self.state.quote_ref(message.quote_index)
        if ref is None:
            return
        if ref.quote.speaker:
            self.selected_speaker = ref.quote.speaker
        self.selected_ref = ref
        self.view.select_quote(message.quote_index, scroll=False)
        if self.panels_ready:
            self.panel.highlight_quote(ref)

    def watch_collapse_repeats(self, collapse: bool) -> None:
        self.view.set_collapse_repeats(collapse)

    def action_toggle_repeats(self) -> None:
        self.collapse_repeats = not self.collapse_repeats

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
