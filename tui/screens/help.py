"""`?`: every key of the reader, from the Binding objects themselves (so the list cannot drift)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

MOUSE_HELP = [
    ("click a name", "select that speaker (its quotes open in the panel)"),
    ("click a quote", "select it (c copies it)"),
    ("click a ↻ badge", "jump to the first occurrence of a repeated paragraph"),
    ("click a ⇄ badge", "the quote's trail: where else it was printed, and how"),
    ("Enter on a quote", "in the speakers panel: jump to it in the article"),
]


def key_label(b: Binding) -> str:
    return b.key_display or b.key


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="help.close", tooltip="Close the help"),
        Binding("question_mark", "dismiss", "Close", key_display="?", id="help.close2", tooltip="Close the help"),
        Binding("q", "dismiss", "Close", id="help.close3", tooltip="Close the help"),
    ]

    def __init__(self, bindings: Iterable[Binding], notes: Iterable[str] = ()) -> None:
        super().__init__(id="help-screen")
        self.bindings = list(bindings)
        self.notes = list(notes)  # quiet facts about this install (e.g. "paraphrase detection off")

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, show_header=True, header_style="bold")
        table.add_column("key", no_wrap=True, style="bold")
        table.add_column("does")
        for b in self.bindings:
            table.add_row(Text(key_label(b)), Text(b.tooltip or b.description))
        table.add_row(Text(""), Text(""))
        for what, does in MOUSE_HELP:
            table.add_row(Text(what), Text(does))
        with VerticalScroll(id="help-body"):
            yield Static(Text("presse — keys (Esc closes)", style="bold"), id="help-title")
            yield Static(table, id="help-table")
            if self.notes:
                yield Static(Text("\n".join(self.notes), style="dim italic"), id="help-notes")
