"""Copying text out of the reader: the terminal's clipboard (OSC 52) and the system's when pyperclip is there."""

from __future__ import annotations

from textual.app import App


def copy(app: App, text: str, *, system: bool = True) -> None:
    app.copy_to_clipboard(text)  # OSC 52: the terminal's clipboard, over SSH too
    if system:
        try:
            import pyperclip  # optional: the system clipboard where OSC 52 is not honoured

            pyperclip.copy(text)
        except Exception:  # noqa: BLE001 - OSC 52 already did its best
            pass
