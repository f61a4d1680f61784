"""Article text is data: make it safe to print on a terminal (no escape codes, no control characters)."""

from __future__ import annotations

import re

# C0 controls except \t and \n, DEL, C1 controls; ESC included, so no CSI/OSC sequence survives.
# Also the bidirectional embeddings, overrides and isolates, which make a terminal reorder what
# follows them, and lone surrogates, which cannot be encoded for output at all.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _visible(m: re.Match[str]) -> str:
    c = ord(m.group())
    # Control Pictures block for C0 (␛ for ESC), a replacement character for the others.
    return chr(0x2400 + c) if c < 0x20 else "\ufffd"


def printable(text: str) -> str:
    """`text` with every terminal control character made visible, same length."""
    return _CONTROL.sub(_visible, text)


def printable_line(text: str) -> str:
    """`printable(text)` on one line: line breaks and tabs shown as symbols (␊ ␉), never obeyed, so an
    outside string (file name, URL, header, exception message) cannot split or forge a one-line message."""
    return printable(text).replace("\n", "\u240a").replace("\t", "\u2409")
