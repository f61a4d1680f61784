"""Text helpers for the widgets, imported lazily so the reader's first frame does not pay for them."""

from __future__ import annotations


def one_line(text: str) -> str:
    """Printable text on a single line (`presse.export.one_line`, whose module brings csv: loaded on first use)."""
    from presse.export import one_line as convert

    return convert(text)


def plural(n: int, word: str, words: str | None = None) -> str:
    """`1 quote`, `2 quotes`, `0 quotes` (English: the plural is `words`, else `word` + s)."""
    return f"{n} {word if n == 1 else words or word + 's'}"
