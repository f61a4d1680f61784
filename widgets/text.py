"""Text helpers for the widgets, imported lazily so the reader's first frame does not pay for them."""

from __future__ import annotations


def one_line(text: str) -> str:
    """Printable text on a single line (`presse.export.one_line`, whose module brings csv: loaded on first use)."""
    from presse.export import one_line as convert

    return convert(text)
