"""The article, paragraph by paragraph: a line-API ScrollView with a render cache (fast on huge articles).

Layout: every paragraph is word-wrapped once per width into line ranges (character offsets into the
article text), so rendering a line slices the text and styles the spans it crosses; nothing is built for
lines off screen. Article text is data: it is made printable (`presse.safe.printable`, same length) and
only ever wrapped in `rich.text.Text` objects, never parsed as markup.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from presse.model import Analysis, Article, Entity, Repeat
from presse.safe import printable

ENTITY_LABELS = ("PER", "LOC", "ORG", "MISC")
_WORD = re.compile(r"\S+\s*|\s+")

# What a line of the layout is. A TRAIL line follows its quote's paragraph: the quote's trail across the
# collection ("⇄ also in 4 articles · altered elsewhere"); its `start` is the quote's index, not an offset.
TEXT, BADGE, BLANK, TRAIL = 0, 1, 2, 3


def _start(item: Entity) -> int:
    return item.start


class Line(NamedTuple):  # a tuple: tens of thousands are made per layout
    kind: int
    paragraph: int
    start: int = 0  # offsets into article.text (TEXT lines)
    end: int = 0
    first: bool = False  # first line of its paragraph: carries the § number


def not_single_cell(text: str) -> frozenset[str]:
    """The characters of `text` that are not exactly one cell wide (wide, zero-width), line breaks aside."""
    return frozenset(ch for ch in set(text) if ch != "\n" and cell_len(ch) != 1)

_FAST_WRAP: dict[int, re.Pattern[str]] = {}


def _fast_wrap(hard: str, pos: int, width: int) -> list[tuple[int, int]]:
    """Word wrap where every character is one cell: one regular expression does it in C."""
    pattern = _FAST_WRAP.get(width)
    if pattern is None:
        # Up to `width` characters ending at a word boundary (trailing spaces kept on the line),
        # or else `width` characters of a word too long for a line.
        pattern = _FAST_WRAP[width] = re.compile(r".{1,%d}(?:[ \t]+|$)|.{%d}" % (width, width), re.S)
    ranges = [(pos + m.start(), pos + m.end()) for m in pattern.finditer(hard)]
    return ranges or [(pos, pos)]


def wrap(text: str, start: int, end: int, width: int, odd: frozenset[str] | None = None) -> list[tuple[int, int]]:
    """Greedy word wrap of text[start:end] into (start, end) ranges at most `width` cells wide.

    `odd`: the text's characters that are not one cell wide (`not_single_cell`), if known.
    """
    width = max(width, 1)
    if odd is None:
        odd = not_single_cell(text[start:end])
    if not odd or odd.isdisjoint(text[start:end]):
        ranges: list[tuple[int, int]] = []
        pos = start
        for hard in text[start:end].split("\n"):
            ranges.extend(_fast_wrap(hard, pos, width))
            pos += len(hard) + 1
        return ranges
    return _slow_wrap(text, start, end, width)


def _slow_wrap(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    pos = start
    for hard in text[start:end].split("\n"):
        line_start, col = pos, 0
        for m in _WORD.finditer(hard):
            word = m.group()
            word_w = cell_len(word.rstrip())
            w_start = pos + m.start()
            if (col or line_start < w_start) and col + word_w > width:  # leading spaces too
                ranges.append((line_start, w_start))
                line_start, col = w_start, 0
            while word_w > width:  # a word longer than the line: cut it
                cut = _cut(word, width)
                ranges.append((line_start, w_start + cut))  # from line_start: keeps leading spaces
                word, w_start = word[cut:], w_start + cut
                line_start, word_w = w_start, cell_len(word.rstrip())
            col += cell_len(word)
        ranges.append((line_start, pos + len(hard)))
        pos += len(hard) + 1
    return ranges


def _cut(word: str, width: int) -> int:
    col = 0
    for i, ch in enumerate(word):
        col += cell_len(ch)
        if col > width:
            return max(i, 1)
    return len(word)


class ArticleView(ScrollView, can_focus=True):
    """One article with its entities, quotes, repeats and search matches."""

    COMPONENT_CLASSES = {
        "article--gutter",
        "article--per",
        "article--loc",
        "article--org",
        "article--misc",
        "article--quote",
        "article--quote-dim",
        "article--quote-selected",
        "article--repeat",
        "article--badge",
        "article--match",
        "article--match-current",
        "article--title",
    }

    DEFAULT_CSS = """
    ArticleView { overflow-y: scroll; overflow-x: hidden; }
    """

    @dataclass
    class EntityClicked(Message):
        entity: Entity

    @dataclass
    class QuoteClicked(Message):
        quote_index: int

    @dataclass
    class BadgeClicked(Message):
        repeat: Repeat

    @dataclass
    class TrailClicked(Message):
        quote_index: int

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        self.analysis: Analysis | None = None
        self.display_text = ""
        self._odd_chars: frozenset[str] = frozenset()
        self.hidden_labels: set[str] = set()
        self.collapse_repeats = False
        self.selected_quote: int | None = None
        self.matches: list[tuple[int, int]] = []
        self.current_match: int | None = None
        self.titles: dict[str, str] = {}  # article id -> title, for cross-article repeat badges
        self._trail_badges: tuple[str, dict[int, list[str]]] = ("", {})  # article id, quote index -> badges
        self._match_starts: list[int] = []
        self._lines: list[Line] = []
        self._para_first_line: list[int] = []
        self._layout_width = 0
        self._spans: dict[int, list[tuple[int, int, str]]] = {}
        self._repeats: dict[int, Repeat] = {}
        self._entities: list[Entity] = []
        self._entity_starts: list[int] = []
        self._quotes: list[tuple[int, object]] = []
        self._quote_starts: list[int] = []
        self._longest_quote = 0
        self._pending_offset: int | None = None
        self._last_target: tuple[int, int] | None = None  # kept on screen across re-wraps
        self._styles: dict[str, Style] = {}
        self._cache: LRUCache[int, Strip] = LRUCache(2048)
        # When lines were painted (perf_counter): first with text, first with the analysis, last (benchmarks).
        self.paint_times: dict[str, float] = {}
        self.last_paint = 0.0

    # --- what is shown ----------------------------------------------------------------------------------

    def show(self, article: Article, analysis: Analysis | None = None) -> None:
        """Show `article` (at once); its analysis may come later through `set_analysis`."""
        self.article = article
        self.display_text = printable(article.text).replace("\t", " ")
        self._odd_chars = not_single_cell(self.display_text)
        self.analysis = None
        self.selected_quote = None
        self.set_matches([], None)
        self._pending_offset = None
        self._last_target = None
        self._set_analysis(analysis)
        self._relayout(force=True)
        self.scroll_to(y=0, animate=False, immediate=True)

    def set_analysis(self, analysis: Analysis) -> None:
        if self.article is None or analysis.article.id != self.article.id:
            return
        self._set_analysis(analysis)
        self._relayout(force=True)

    def _set_analysis(self, analysis: Analysis | None) -> None:
        self.analysis = analysis
        self._repeats = {r.paragraph: r for r in analysis.repeats} if analysis else {}
        # Sorted once (C speed); each paragraph's spans are then found by bisection when it is painted.
        entities = sorted(analysis.entities, key=_start) if analysis else []
        quotes = sorted(enumerate(analysis.quotes), key=lambda iq: iq[1].start) if analysis else []
        self._entities, self._entity_starts = entities, [e.start for e in entities]
        self._quotes, self._quote_starts = quotes, [q.start for _, q in quotes]
        self._longest_quote = max((q.end - q.start for _, q in quotes), default=0)
        self._build_spans()

    def set_trail_badges(self, article_id: str, badges: dict[int, list[str]]) -> None:
        """The trail badges of the article with id `article_id` (shown when it is the article shown)."""
        if self._trail_badges == (article_id, badges):
            return
        self._trail_badges = (article_id, badges)
        if self.article is not None and self.article.id == article_id and self._lines:
            anchor = self._top_paragraph()
            self._relayout(force=True)
            self.scroll_to(y=self.paragraph_y(anchor), animate=False, immediate=True)

    def trail_badges(self) -> dict[int, list[str]]:
        """The shown article's quotes that carry a trail badge, and their badges."""
        article_id, badges = self._trail_badges
        return badges if self.article is not None and self.article.id == article_id else {}

    def set_hidden_labels(self, hidden: set[str]) -> None:
        self.hidden_labels = set(hidden)
        self._build_spans()
        self._invalidate()

    def set_collapse_repeats(self, collapse: bool) -> None:
        anchor = self._top_paragraph()
        self.collapse_repeats = collapse
        self._relayout(force=True)
        self.scroll_to(y=self.paragraph_y(anchor), animate=False, immediate=True)

    def select_quote(self, index: int | None, scroll: bool = True) -> None:
        self.selected_quote = index
        self._invalidate()
        if scroll and index is not None and self.analysis is not None:
            q = self.analysis.quotes[index]
            self.scroll_to_range(q.start, q.end)

    def set_matches(self, matches: list[tuple[int, int]], current: int | None) -> None:
        self.matches = matches
        self._match_starts = [s for s, _ in matches]
        self.current_match = current
        self._invalidate()
        if current is not None and 0 <= current < len(matches):
            self.scroll_to_range(*matches[current])

    def search(self, needle: str) -> None:
        """Highlight every match of `needle` (plain text, any case); the first from the top of the view is current."""
        from presse.widgets.search_bar import find_all

        matches = find_all(self.display_text, needle)
        top = self._lines[round(self.scroll_y)].start if self._lines else 0
        self.set_matches(matches, next((i for i, (s, _) in enumerate(matches) if s >= top), 0) if matches else None)

    def step_match(self, step: int) -> bool:
        """Make the match `step` away the current one (wrapping around); False if there is no match."""
        if not self.matches:
            return False
        current = -1 if self.current_match is None else self.current_match
        self.set_matches(self.matches, (current + step) % len(self.matches))
        return True

    # --- geometry ---------------------------------------------------------------------------------------

    @property
    def lines(self) -> list[Line]:
        return self._lines

    @property
    def gutter_width(self) -> int:
        n = len(self.article.paragraphs) if self.article else 1
        return len(str(max(n - 1, 0))) + 2  # "§" + digits + space

    def paragraph_y(self, paragraph: int) -> int:
        if not self._para_first_line:
            return 0
        return self._para_first_line[max(0, min(paragraph, len(self._para_first_line) - 1))]

    def line_of_offset(self, offset: int) -> int:
        """The layout line showing character `offset` (its paragraph's badge when collapsed)."""
        if self.article is None or not self._lines:
            return 0
        p = self._para_of(offset)
        y = self.paragraph_y(p)
        while y < len(self._lines) and self._lines[y].paragraph == p:
            line = self._lines[y]
            if line.kind == TEXT and line.start <= offset < max(line.end, line.start + 1):
                return y
            y += 1
        return self.paragraph_y(p)

    def visible_range(self) -> range:
        top = round(self.scroll_y)
        return range(top, top + self.scrollable_content_region.height)

    def is_offset_visible(self, offset: int) -> bool:
        return self.line_of_offset(offset) in self.visible_range()

    def scroll_to_range(self, start: int, end: int) -> None:
        """Scroll (if needed) so text[start:end] is on screen, its first line a quarter down."""
        if not self._lines:
            self._pending_offset = start
            return
        self._last_target = (start, end)
        y0, y1 = self.line_of_offset(start), self.line_of_offset(max(start, end - 1))
        view = self.visible_range()
        if y0 in view and y1 in view:
            return
        height = max(self.scrollable_content_region.height, 1)
        target = y0 - height // 4 if y1 - y0 < height * 3 // 4 else y0
        self.scroll_to(y=max(0, target), animate=False, immediate=True)

    def scroll_to_paragraph(self, paragraph: int) -> None:
        self.scroll_to(y=max(0, self.paragraph_y(paragraph) - 1), animate=False, immediate=True)

    def visible_repeat(self) -> Repeat | None:
        """The repeat whose badge is the first one on screen (what `g` follows)."""
        for y in self.visible_range():
            if 0 <= y < len(self._lines) and self._lines[y].kind == BADGE:
                return self._repeats[self._lines[y].paragraph]
        return None

    def _para_of(self, offset: int) -> int:
        return self.article.paragraph_at(offset) if self.article else 0

    def _top_paragraph(self) -> int:
        y = round(self.scroll_y)
        return self._lines[y].paragraph if 0 <= y < len(self._lines) else 0

    # --- layout -----------------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def _relayout(self, force: bool = False) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or self.article is None:
            return
        if width == self._layout_width and not force:
            return
        anchor = self._top_paragraph() if self._lines and not force else None
        keep = self._last_target if anchor is not None and self._last_target else None
        if keep is not None and not self.is_offset_visible(keep[0]):
            keep = None
        self._layout_width = width
        text_width = max(width - self.gutter_width - 1, 10)
        lines: list[Line] = []
        first_line: list[int] = []
        text = self.display_text
        trails: dict[int, list[int]] = {}  # paragraph -> quotes with a trail badge
        quotes = self.analysis.quotes if self.analysis else []
        for qi in sorted(self.trail_badges()):
            if qi < len(quotes):
                trails.setdefault(quotes[qi].paragraph, []).append(qi)
        for p in self.article.paragraphs:
            first_line.append(len(lines))
            if p.index in self._repeats:
                lines.append(Line(BADGE, p.index, p.start, p.end, first=True))
                if self.collapse_repeats:
                    lines.append(Line(BLANK, p.index))
                    continue
            for i, (s, e) in enumerate(wrap(text, p.start, p.end, text_width, self._odd_chars)):
                lines.append(Line(TEXT, p.index, s, e, first=i == 0 and p.index not in self._repeats))
            lines.extend(Line(TRAIL, p.index, qi) for qi in trails.get(p.index, ()))
            lines.append(Line(BLANK, p.index))
        self._lines = lines
        self._para_first_line = first_line
        self.virtual_size = Size(width, len(lines))
        self._invalidate()
        if keep is not None:  # what we jumped to stays in view (a quote, a match)
            self._last_target = None
            self.scroll_to_range(*keep)
        elif anchor is not None:
            self.scroll_to(y=self.paragraph_y(anchor), animate=False, immediate=True)
        if self._pending_offset is not None:
            offset, self._pending_offset = self._pending_offset, None
            self.call_after_refresh(self.scroll_to_range, offset, offset + 1)

    # --- styles -----------------------------------------------------------------------------------------

    def _build_spans(self) -> None:
        """Forget the per-paragraph spans: they are rebuilt lazily, for the paragraphs painted."""
        self._spans = {}

    def _entities_in(self, start: int, end: int) -> list[Entity]:
        lo = bisect_left(self._entity_starts, start)
        hi = bisect_left(self._entity_starts, end)
        return self._entities[lo:hi]

    def _quotes_in(self, start: int, end: int) -> list[tuple[int, object]]:
        """(index, quote) of the quotes overlapping text[start:end]."""
        lo = bisect_left(self._quote_starts, start - self._longest_quote)
        hi = bisect_left(self._quote_starts, end)
        return [(i, q) for i, q in self._quotes[lo:hi] if q.end > start]

    def _para_spans(self, paragraph: int) -> list[tuple[int, int, str]]:
        """The styled spans of a paragraph in paint order (later ones win): quotes, then entities."""
        spans = self._spans.get(paragraph)
        if spans is not None:
            return spans
        spans = []
        if self.analysis is not None and self.article is not None:
            p = self.article.paragraphs[paragraph]
            for _, q in self._quotes_in(p.start, p.end + 1):
                name = "article--quote" if q.kind in ("direct", "partial") else "article--quote-dim"
                spans.append((q.start, q.end, name))
            spans.extend((e.start, e.end, f"article--{e.label.lower()}") for e in self._entities_in(p.start, p.end + 1)
                         if e.label not in self.hidden_labels)
        self._spans[paragraph] = spans
        return spans

    def component_style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            # Only what the class sets (so an entity over a quote keeps the quote's background), but with
            # the colours resolved over the view's background: `$primary 15%` and `auto 60%` blended, not raw.
            only_set = self.get_component_rich_style(name, partial=True)
            blended = self.get_component_rich_style(name, partial=False)
            style = self._styles[name] = only_set + Style(
                color=blended.color if only_set.color else None,
                bgcolor=blended.bgcolor if only_set.bgcolor else None,
            )
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    def _invalidate(self) -> None:
        self._cache.clear()
        self.refresh()

    def spans_at(self, offset: int) -> list[str]:
        """Component classes painted at `offset`, in paint order (for tests and tooltips)."""
        names = [name for s, e, name in self._para_spans(self._para_of(offset)) if s <= offset < e]
        q = self._selected()
        if q is not None and q.start <= offset < q.end:
            names.append("article--quote-selected")
        names += ["article--match" for s, e in self.matches if s <= offset < e]
        return names

    # --- rendering --------------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        if self.article is not None and self._layout_width != self.scrollable_content_region.width:
            self._relayout()  # lay out on the first paint, not a frame later (on_resize)
        self.last_paint = now = time.perf_counter()
        if self._lines:
            self.paint_times.setdefault("text", now)
            if self.analysis is not None:
                self.paint_times.setdefault("analysis", now)
        scroll_y = round(self.scroll_y)
        width = self.scrollable_content_region.width
        strip = self.render_layout_line(scroll_y + y)
        return strip.crop_extend(0, width, self.rich_style)

    def render_layout_line(self, y: int) -> Strip:
        """Line `y` of the layout, uncropped (cached)."""
        cached = self._cache.get(y)
        if cached is not None:
            return cached
        if not 0 <= y < len(self._lines):
            return Strip.blank(self.scrollable_content_region.width, self.rich_style)
        line = self._lines[y]
        if line.kind == TEXT:
            strip = self._render_text(line)
        elif line.kind == BADGE:
            strip = self._render_badge(line)
        elif line.kind == TRAIL:
            strip = self._render_trail(line)
        else:
            strip = Strip.blank(self.scrollable_content_region.width, self.rich_style)
        self._cache[y] = strip
        return strip

    def _gutter(self, paragraph: int, first: bool) -> Segment:
        label = f"§{paragraph}" if first else ""
        return Segment(label.rjust(self.gutter_width - 1) + " ", self.rich_style + self.component_style("article--gutter"))

    def _selected(self):
        a, i = self.analysis, self.selected_quote
        return a.quotes[i] if a is not None and i is not None and 0 <= i < len(a.quotes) else None

    def _render_text(self, line: Line) -> Strip:
        base = self.rich_style
        if line.paragraph in self._repeats:
            base = base + self.component_style("article--repeat")
        text = Text(self.display_text[line.start : line.end], style=base, no_wrap=True, end="")
        for s, e, name in self._para_spans(line.paragraph):
            if s < line.end and e > line.start:
                text.stylize(self.component_style(name), max(s, line.start) - line.start, min(e, line.end) - line.start)
        q = self._selected()
        if q is not None and q.start < line.end and q.end > line.start:
            text.stylize(self.component_style("article--quote-selected"),
                         max(q.start, line.start) - line.start, min(q.end, line.end) - line.start)
        lo = max(bisect_right(self._match_starts, line.start) - 1, 0)
        hi = bisect_left(self._match_starts, line.end)
        for i in range(lo, hi):
            s, e = self.matches[i]
            if s < line.end and e > line.start:
                name = "article--match-current" if i == self.current_match else "article--match"
                text.stylize(self.component_style(name), max(s, line.start) - line.start, min(e, line.end) - line.start)
        segments = [self._gutter(line.paragraph, line.first), *text.render(self.app.console)]
        return Strip(segments)

    def _render_badge(self, line: Line) -> Strip:
        r = self._repeats[line.paragraph]
        where = f"§{r.same_as}"
        if r.article:
            other = self.titles.get(r.article) or r.source or r.article[:8]
            where = f"«{printable(other)}» {where}"
        label = f" ↻ repeats {where} ({r.kind}) "
        if self.collapse_repeats:
            label += "· hidden "
        style = self.rich_style + self.component_style("article--badge")
        return Strip([self._gutter(line.paragraph, True), Segment(label, style)])

    def _render_trail(self, line: Line) -> Strip:
        badges = self.trail_badges().get(line.start, [])
        quote = self.analysis.quotes[line.start] if self.analysis else None
        words = printable(quote.text).split() if quote else []
        said = " ".join(words[:3]) + (" …" if len(words) > 3 else "")  # which quote of the paragraph
        label = f" ⇄ «{said}» {' · '.join(badges)} "
        style = self.rich_style + self.component_style("article--badge")
        return Strip([self._gutter(line.paragraph, False), Segment(label, style)])

    # --- mouse ------------------------------------------------------------------------------------------

    def offset_at(self, x: int, y: int) -> tuple[Line, int | None] | None:
        """The layout line at screen row `y`, and the character offset under column `x` (if any)."""
        ly = round(self.scroll_y) + y
        if not 0 <= ly < len(self._lines):
            return None
        line = self._lines[ly]
        if line.kind != TEXT:
            return line, None
        col = x - self.gutter_width
        if col < 0:
            return line, None
        for i, ch in enumerate(self.display_text[line.start : line.end]):
            col -= cell_len(ch)
            if col < 0:
                return line, line.start + i
        return line, None

    def on_click(self, event: events.Click) -> None:
        where = event.get_content_offset(self)
        if where is None:
            return
        hit = self.offset_at(where.x, where.y)
        if hit is None:
            return
        line, offset = hit
        if line.kind == BADGE:
            self.post_message(self.BadgeClicked(self._repeats[line.paragraph]))
            return
        if line.kind == TRAIL:
            self.post_message(self.TrailClicked(line.start))
            return
        if offset is None or self.analysis is None:
            return
        for e in self._entities_in(offset - 200, offset + 1):
            if e.start <= offset < e.end and e.label not in self.hidden_labels:
                self.post_message(self.EntityClicked(e))
                return
        for i, q in self._quotes_in(offset, offset + 1):
            if q.start <= offset < q.end:
                self.post_message(self.QuoteClicked(i))
                return

