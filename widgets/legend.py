"""The entity legend: each type in its colour with its count; hidden types struck through."""

from __future__ import annotations

from collections import Counter

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

LABELS = ("PER", "LOC", "ORG", "MISC")
NAMES = {"PER": "person", "LOC": "place", "ORG": "organisation", "MISC": "other"}


class Legend(Static):
    COMPONENT_CLASSES = {"legend--per", "legend--loc", "legend--org", "legend--misc"}

    DEFAULT_CSS = """
    Legend { height: 1; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.counts: Counter[str] = Counter()
        self.hidden: set[str] = set()

    def set_counts(self, counts: Counter[str], hidden: set[str]) -> None:
        self.counts = counts
        self.hidden = set(hidden)
        self._redraw()

    def on_mount(self) -> None:
        self._redraw()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.is_mounted:
            self.call_later(self._redraw)

    def _redraw(self) -> None:
        text = Text()
        for key, label in enumerate(LABELS, start=1):
            style = self.get_component_rich_style(f"legend--{label.lower()}", partial=True)
            hidden = label in self.hidden
            text.append(f"{key}", style="bold")
            text.append(" ■ " if not hidden else " □ ", style=style)
            text.append(f"{NAMES[label]} {self.counts.get(label, 0)}", style=style + Style.parse("strike dim") if hidden else style)
            text.append("   ")
        self.update(text)
