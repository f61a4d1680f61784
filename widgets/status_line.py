"""The status line: article, model state, counts."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from presse.widgets.text import one_line


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
            return  # updating a Static lays the screen out again: costly with a long article list
        self._shown = shown
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.position:
            text.append(f"{self.position} ", style="dim")
        text.append(self.article, style="bold")
        text.append("  ·  ")
        text.append(self.model_state, style="italic")
        if self.counts:
            text.append("  ·  ")
            text.append(self.counts)
        if self.selection:
            text.append("  ·  ")
            text.append(self.selection, style="bold")
        self.update(text)

    @property
    def plain(self) -> str:
        return " ".join(x for x in (self.position, self.article, self.model_state, self.counts, self.selection) if x)
