"""The article list (left, when several articles are open): title, source, counts; type to filter."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from presse.widgets.items import ArticleItem
from presse.widgets.text import one_line

FIRST_ROWS = 100  # rows added at once; the rest follow after a paint


class ArticleList(Vertical):
    DEFAULT_CSS = """
    ArticleList { height: 1fr; }
    ArticleList > Input { height: 3; }
    ArticleList > OptionList { height: 1fr; }
    ArticleList > OptionList > .option-list--option { padding: 0 1; }
    """

    @dataclass
    class ArticleChosen(Message):
        index: int

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.items: list[ArticleItem] = []
        self.current = 0
        self.filter = ""
        self._shown: list[int] = []  # option position -> article index
        self._generation = 0  # bumped by each refill: a pending batch of rows from an older one is dropped

    def compose(self) -> ComposeResult:
        yield Input(placeholder="type to filter", id="article-filter")
        yield OptionList(id="article-options", markup=False)

    @property
    def options(self) -> OptionList:
        return self.query_one("#article-options", OptionList)

    def set_items(self, items: list[ArticleItem], current: int) -> None:
        self.items = items
        self.current = current
        self._refill()

    def update_item(self, index: int, item: ArticleItem) -> None:
        if not 0 <= index < len(self.items):
            return
        self.items[index] = item
        if self.filter or len(self._shown) != len(self.items):
            self._refill()  # the new title may enter or leave the filter
            return
        # One row changed (articles load one by one, 1,000 in a folder): only that option is rebuilt
        # (if it is not added yet, it will be, from `items`).
        if index < self.options.option_count:
            self.options.replace_option_prompt(f"a{index}", self._prompt(index))

    def set_current(self, index: int) -> None:
        old, self.current = self.current, index
        if self.filter or len(self._shown) != len(self.items) or not 0 <= index < len(self.items):
            self._refill()
            return
        # Unfiltered: the rows are the articles in order; only the two bold titles change.
        added = self.options.option_count
        for i in {old, index}:
            if 0 <= i < added:
                self.options.replace_option_prompt(f"a{i}", self._prompt(i))
        if index < added:
            self.options.highlighted = index

    @property
    def shown(self) -> list[int]:
        return list(self._shown)

    def _refill(self) -> None:
        needle = self.filter.casefold()
        self._shown = [
            i for i, it in enumerate(self.items)
            if not needle or needle in it.title.casefold() or needle in _basename(it.source).casefold()
        ]
        ol = self.options
        highlighted = ol.highlighted
        ol.clear_options()
        self._generation += 1
        # A screenful (and the current row) now; a long list's other rows right after the next paint,
        # so 1,000 files do not delay the first frame of the list.
        first = max(FIRST_ROWS, self._shown.index(self.current) + 1 if self.current in self._shown else 0)
        self._add_rows(0, first, highlighted)
        if first < len(self._shown):
            self.call_after_refresh(self._add_rows, first, len(self._shown), highlighted, self._generation)

    def _add_rows(self, start: int, end: int, highlighted: int | None, generation: int | None = None) -> None:
        if generation is not None and generation != self._generation:
            return  # refilled meanwhile
        ol = self.options
        ol.add_options([Option(self._prompt(i), id=f"a{i}") for i in self._shown[start:end]])
        if self.current in self._shown:
            position = self._shown.index(self.current)
            if position < ol.option_count:
                ol.highlighted = position
        elif self._shown:
            ol.highlighted = min(highlighted or 0, ol.option_count - 1)

    def _prompt(self, i: int) -> Text:
        it = self.items[i]
        prompt = Text(one_line(it.title) or "(untitled)", style="bold" if i == self.current else "")
        prompt.append("\n")
        prompt.append(one_line(_basename(it.source)), style="dim italic")
        prompt.append("\n")
        if it.note:
            prompt.append(one_line(it.note), style="bold red" if it.note.startswith("✗") else "dim")
        elif it.quotes is None:
            prompt.append("…", style="dim")
        else:
            counts = f"{it.quotes} quotes · {it.speakers} speakers"
            prompt.append(counts + (f" · ↻{it.repeats}" if it.repeats else ""), style="dim")
        return prompt

    @on(Input.Changed, "#article-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.filter = event.value
        self._refill()

    @on(Input.Submitted, "#article-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._shown:
            self.post_message(self.ArticleChosen(self._shown[self.options.highlighted or 0]))

    @on(OptionList.OptionSelected, "#article-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.ArticleChosen(self._shown[event.option_index]))


def _basename(source: str) -> str:
    """The file name (or the end of a URL): what the filter matches besides the title."""
    return source.rstrip("/").rsplit("/", 1)[-1]
