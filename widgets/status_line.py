"""The status line: article, model state, counts, the selected speaker and quote.

It fits its width: the title is shortened first (with an ellipsis), then the counts; the position, the model's
state and the selected speaker's "k/N" stay.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from presse.widgets.text import one_line

SEPARATOR = "  ·  "
MIN_TITLE = 12  # cells of title kept before the counts give way


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.article = ""
        self.position = ""
        self.model_state = ""
        self.counts = ""
        self.selection = ""  # the selected speaker and quote: "Dmitri Peskov 3/9"
        self._shown: tuple[str, ...] | None = None

    def set_status(self, *, article: str | None = None, position: str | None = None,
                   model_state: str | None = None, counts: str | None = None,
                   selection: str | None = None) -> None:
        if article is not None:
            self.article = one_line(article)
        if position is not None:
            self.position = position
        if model_state is not None:
            self.model_state = model_state
        if counts is not None:
            self.counts = counts
        if selection is not None:
            self.selection = one_line(selection)
        shown = (self.article, self.position, self.model_state, self.counts, self.selection)
        if shown == self._shown:
            return  # a repaint costs with a long article list
        self._shown = shown
        self.refresh()  # one line, fixed height: a repaint, no layout

    def render(self) -> Text:
        return self.line(self.content_size.width or 10_000)

    def line(self, width: int) -> Text:
        """The status fitted to `width` cells."""
        tail = [(part, style) for part, style in ((self.model_state, "italic"), (self.counts, ""),
                                                  (self.selection, "bold")) if part]
        position = f"{self.position} " if self.position else ""

        def fixed(parts: list[tuple[str, str]]) -> int:
            return len(position) + sum(len(SEPARATOR) + len(p) for p, _ in parts)

        if self.counts and fixed(tail) + min(len(self.article), MIN_TITLE) > width:
            tail = [(p, s) for p, s in tail if p != self.counts]  # the counts give way before the title's start
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        if position:
            text.append(position, style="dim")
        room = max(width - fixed(tail), 1)
        title = self.article if len(self.article) <= room else self.article[: max(room - 1, 0)] + "…"
        text.append(title, style="bold")
        for part, style in tail:
            text.append(SEPARATOR)
            text.append(part, style=style)
        return text

    @property
    def plain(self) -> str:
        return " ".join(x for x in (self.position, self.article, self.model_state, self.counts, self.selection) if x)
