"""The search field under the article (`/`): plain text that ignores case and accents; never a regular expression.

It stays open after Enter (the match count and `]`/`[` stay in its title) until Esc, from the field or from
the article.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """`ch` without case or accents: É -> e, ß -> ss, a lone combining accent -> ""."""
    decomposed = unicodedata.normalize("NFD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> str:
    return "".join(fold_char(ch) for ch in text)


@lru_cache(maxsize=4)
def folded(text: str) -> tuple[str, tuple[int, ...] | None]:
    """`text` folded (`fold_char`), and for each folded character the offset of the one it came from; None when
    every character folds to exactly one (the usual case: offsets are the same, and str.translate does it in C)."""
    table: dict[int, str] = {}
    for ch in set(text):
        f = fold_char(ch)
        if len(f) != 1:
            break
        table[ord(ch)] = f
    else:
        return text.translate(table), None
    origin: list[int] = []
    for i, ch in enumerate(text):
        origin.extend([i] * len(fold_char(ch)))
    return fold(text), tuple(origin)


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Every occurrence of `needle` in `text`, ignoring case and accents (`etats` finds `États`), as (start,
    end) offsets into `text`."""
    pat = fold(needle)
    if not pat:
        return []
    hay, origin = folded(text)
    found, pos = [], hay.find(pat)
    while pos >= 0:
        end = pos + len(pat)
        if origin is None:
            found.append((pos, end))
        else:
            start = origin[pos]
            # Up to the next folded character's origin: a trailing combining accent belongs to the match.
            found.append((start, max(origin[end] if end < len(origin) else len(text), start + 1)))
        pos = hay.find(pat, end)
    return found


class SearchBar(Input):
    BINDINGS = [Binding("escape", "close", "Close search", id="search.close", tooltip="Close the search field")]

    DEFAULT_CSS = """
    SearchBar { dock: bottom; display: none; }
    SearchBar.-open { display: block; }
    """

    class Closed(Message):
        pass

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="search the article, any case or accent (Enter: go, Esc: close)", id=id)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self) -> None:
        self.add_class("-open")
        # At once, not after a refresh (`focus()`): the keys already queued behind `/` are handed to the field.
        self.screen.set_focus(self)

    def action_close(self) -> None:
        self.remove_class("-open")
        self.post_message(self.Closed())
