"""A full-screen error for when there is nothing to show (no article could be opened)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from presse.widgets.text import one_line


class ErrorScreen(Screen[None]):
    BINDINGS = [Binding("q", "app.quit", "Quit", id="error.quit", tooltip="Leave the reader"),
                Binding("escape", "app.quit", "Quit", show=False, id="error.quit2", tooltip="Leave the reader")]

    def __init__(self, title: str, messages: list[str]) -> None:
        super().__init__(id="error-screen")
        self.title_text = title
        self.messages = messages

    def compose(self) -> ComposeResult:
        body = Text(one_line(self.title_text), style="bold")
        body.append("\n\n")
        for m in self.messages:
            body.append("• " + one_line(m) + "\n")
        body.append("\nPress q to quit.", style="dim")
        with Vertical(id="error-box"):
            yield Static(body, id="error-body")
        yield Footer()
