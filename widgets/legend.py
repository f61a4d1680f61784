"""The entity legend: each type in its colour with its count; hidden types struck through."""

from __future__ import annotations

from collections import Counter

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

LABELS = ("PER", "LOC", "ORG", "MISC")
NAMES = {"PER": "person", "LOC": "place", "ORG": "organisation", "MISC": "other"}
SHORT = {"PER": "person", "LOC": "place", "ORG": "org", "MISC": "other"}  # when the full names do not fit


class Legend(Static):
    COMPONENT_CLASSES = {"legend--per", "legend--loc", "legend--org", "legend--misc"}

    DEFAULT_CSS = """
    Legend { height: 1; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.counts: Counter[str] = Counter()
        self.hidden: set[str] = set()
        self.note: str | None = None  # instead of counts: "loading…" (no analysis yet), "" (none will come)

    def set_counts(self, counts: Counter[str], hidden: set[str], note: str | None = None) -> None:
        self.counts = counts
        self.hidden = set(hidden)
        self.note = note
        self._redraw()

    def on_mount(self) -> None:
        self._redraw()

    def on_resize(self) -> None:
        self._redraw()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.is_mounted:
            self.call_later(self._redraw)

    def _redraw(self) -> None:
        width = self.content_size.width or 10_000
        # Full names, then short names, then tighter gaps: every kind keeps its key, colour and count.
        for names, gap in ((NAMES, "   "), (SHORT, "  "), (SHORT, " ")):
            text = self._line(names, gap)
            if text.cell_len <= width:
                break
        self.update(text)

    def _line(self, names: dict[str, str], gap: str) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        for key, label in enumerate(LABELS, start=1):
            style = self.get_component_rich_style(f"legend--{label.lower()}", partial=True)
            hidden = label in self.hidden
            if key > 1:
                text.append(gap)
            text.append(f"{key}", style="bold")
            text.append(" ■ " if not hidden else " □ ", style=style)
            name = names[label] if self.note is not None else f"{names[label]} {self.counts.get(label, 0)}"
            text.append(name, style=style + Style.parse("strike dim") if hidden else style)
        if self.note:  # no analysis (yet): no count rather than counts of 0
            text.append(f"{gap}{self.note}", style="dim italic")
        return text
