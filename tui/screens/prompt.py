"""Small modal dialogs: ask for a path (open file), choose an export."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from presse.export import FORMATS


class PathPrompt(ModalScreen[str | None]):
    """Ask for a path or URL; dismisses with it, or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="prompt.cancel", tooltip="Close without opening")]

    def __init__(self, title: str, placeholder: str = "path, folder or URL") -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"))
            yield Input(placeholder=self.placeholder, id="prompt-input")

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)


class ExportDialog(ModalScreen[tuple[str, str, str] | None]):
    """Choose format, scope and file; dismisses with (format, scope, path) or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="export.cancel", tooltip="Close without exporting")]

    def __init__(self, default_stem: str, collection: bool, fmt: str = "markdown") -> None:
        super().__init__(classes="dialog-screen")
        self.default_stem = default_stem
        self.collection = collection
        self.fmt = fmt

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Export quotes", style="bold"))
            with Horizontal(classes="dialog-row"):
                with RadioSet(id="export-format"):
                    for fmt in FORMATS:
                        yield RadioButton(fmt, value=fmt == self.fmt, name=fmt)
                with RadioSet(id="export-scope"):
                    yield RadioButton("this article", value=True, name="article")
                    yield RadioButton("all articles", name="collection", disabled=not self.collection)
            yield Input(value=self.default_stem + FORMATS[self.fmt], id="export-path")
            yield Button("Export", variant="primary", id="export-go")

    def _choice(self, set_id: str, default: str) -> str:
        pressed = self.query_one(f"#{set_id}", RadioSet).pressed_button
        return pressed.name if pressed is not None and pressed.name else default

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        fmt = self._choice("export-format", "markdown")
        path = self.query_one("#export-path", Input)
        stem = path.value.rsplit(".", 1)[0] if "." in path.value else path.value
        path.value = stem + FORMATS[fmt]

    @on(Button.Pressed, "#export-go")
    @on(Input.Submitted, "#export-path")
    def _go(self) -> None:
        path = self.query_one("#export-path", Input).value.strip()
        if path:
            self.dismiss((self._choice("export-format", "markdown"), self._choice("export-scope", "article"), path))
