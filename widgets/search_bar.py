"""The search field under the article (`/`): plain text, case-insensitive; never a regular expression."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Every case-insensitive occurrence of `needle` in `text` as (start, end) offsets into `text`."""
    if not needle:
        return []
    hay, pat = text.casefold(), needle.casefold()
    if len(hay) != len(text):  # casefold changed lengths (ß -> ss): fall back to lower()
        hay, pat = text.lower(), needle.lower()
        if len(hay) != len(text):
            hay, pat = text, needle
    found, pos = [], hay.find(pat)
    while pos >= 0:
        found.append((pos, pos + len(pat)))
        pos = hay.find(pat, pos + max(len(pat), 1))
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
        super().__init__(placeholder="search the article (Enter: go, Esc: close)", id=id)

    def open(self) -> None:
        self.add_class("-open")
        self.focus()

    def action_close(self) -> None:
        self.remove_class("-open")
        self.post_message(self.Closed())
