"""Small modal dialogs: ask for a path (open file), choose an export.

Each opens with its text field focused (`focus_field`, called by the app as soon as the dialog is mounted, so
keys typed right after `o` or `e` land in it). A choice that fails (no such file, the file exists, no such
folder) keeps the dialog open with the reason under the field: nothing typed or chosen is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from presse.export import FORMATS

Check = Callable[[str], str | None]  # a path -> why it cannot be used, or None
Attempt = Callable[[str, str, str], str | None]  # (format, scope, path) -> why the export failed, or None


class Dialog(ModalScreen):
    """A dialog with one text field (`FIELD`) and a line under it for what went wrong."""

    FIELD = "#prompt-input"
    AUTO_FOCUS = FIELD

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def focus_field(self) -> None:
        self.set_focus(self.query_one(self.FIELD, Input))

    def show_error(self, error: str) -> None:
        line = self.query_one(".dialog-error", Static)
        line.update(Text(error))
        line.display = bool(error)

    @staticmethod
    def error_line() -> Static:
        line = Static(classes="dialog-error", markup=False)
        line.display = False
        return line


class PathPrompt(Dialog):
    """Ask for a path or URL; dismisses with it (once `check` accepts it), or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="prompt.cancel", tooltip="Close without opening")]

    def __init__(self, title: str, placeholder: str = "path, folder or URL", check: Check | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"))
            yield Input(placeholder=self.placeholder, id="prompt-input")
            yield self.error_line()

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value:
            self.show_error("Type a path, a folder or a URL (Esc cancels)")
            return
        error = self.check(value) if self.check is not None else None
        if error:
            self.show_error(error)
        else:
            self.dismiss(value)

    @on(Input.Changed, "#prompt-input")
    def _changed(self) -> None:
        self.show_error("")


class ExportDialog(Dialog):
    """Choose format, scope and file. With `attempt`, exports and closes only once the export worked (else the
    reason shows under the field); without, dismisses with (format, scope, path). Esc: None."""

    FIELD = "#export-path"
    AUTO_FOCUS = FIELD
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="export.cancel", tooltip="Close without exporting")]

    def __init__(self, default_stem: str, collection: bool, fmt: str = "markdown",
                 attempt: Attempt | None = None) -> None:
        super().__init__()
        self.default_stem = default_stem
        self.collection = collection
        self.fmt = fmt
        self.attempt = attempt

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
            yield self.error_line()
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

    @on(Input.Changed, "#export-path")
    def _changed(self) -> None:
        self.show_error("")

    @on(Button.Pressed, "#export-go")
    @on(Input.Submitted, "#export-path")
    def _go(self) -> None:
        path = self.query_one("#export-path", Input).value.strip()
        if not path:
            self.show_error("Type a file name (Esc cancels)")
            return
        choice = (self._choice("export-format", "markdown"), self._choice("export-scope", "article"), path)
        error = self.attempt(*choice) if self.attempt is not None else None
        if error:
            self.show_error(error)
        else:
            self.dismiss(choice)
