"""Copying text out of the reader: the terminal's clipboard (OSC 52), tmux's, and the system's when pyperclip is there.

Inside tmux (`$TMUX` set), OSC 52 from an application is dropped with tmux's default `set-clipboard external`:
the text is handed to tmux instead (`tmux load-buffer -w -`), which keeps it as a paste buffer and passes it
on to the outer terminal's clipboard. `copy` says where the text went, for the notification.
"""

from __future__ import annotations

import os
import subprocess

from textual.app import App

TMUX_TIMEOUT = 3.0  # seconds: a stuck tmux never freezes the reader for long


def to_tmux(text: str) -> bool:
    """Hand `text` to the tmux server of this session; True if it took it."""
    for args in (["tmux", "load-buffer", "-w", "-"], ["tmux", "load-buffer", "-"]):  # -w: tmux 3.2 and later
        try:
            done = subprocess.run(args, input=text.encode("utf-8"), capture_output=True, timeout=TMUX_TIMEOUT,
                                  check=False)
        except (OSError, subprocess.SubprocessError):
            return False
        if done.returncode == 0:
            return True
    return False


def copy(app: App, text: str, *, system: bool = True) -> str:
    """Copy `text` everywhere it can go; where it went, as words for a notification."""
    places = []
    app.copy_to_clipboard(text)  # OSC 52: the terminal's clipboard, over SSH too (not through tmux by default)
    if os.environ.get("TMUX"):
        if to_tmux(text):
            places.append("the tmux buffer (and the terminal clipboard through tmux)")
        else:
            places.append("the terminal clipboard (OSC 52; tmux did not take it)")
    else:
        places.append("the terminal clipboard (OSC 52)")
    if system:
        try:
            import pyperclip  # optional: the system clipboard where OSC 52 is not honoured

            pyperclip.copy(text)
            places.append("the system clipboard")
        except Exception:  # noqa: BLE001 - the terminal already has it
            pass
    return " and ".join(places)
