"""Quotation marks, found by scanning characters (no spaCy): spans of quoted text in one paragraph.

French news text mixes « », “ ”, „ “, ‘ ’, ‹ ›, straight " and ' — and machine translation or careless
editing adds mixed pairs (‘…”, «…”) and marks never closed. The scanner pairs marks with a stack:
a closer takes the nearest open mark of its own kind, else (a mixed pair) the innermost open mark.
Marks nested inside a closed quote are absorbed by it (one outer quote). An opener never closed ends at
the next opening mark inside it, or at the end of its paragraph.

Everything here is linear in the paragraph's length (each mark is pushed and popped at most once).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .speechverbs import starts_with_speech_cue

# Spaces that may sit inside « » (no-break and thin spaces) or around marks.
SPACES = " \t\n\r\u00a0\u202f\u2009\u2007\u2002\u2003\u2004\u2005\u2006\u2008\u200a\u3000"
QUOTE_CHARS = "«»“”„‟‘’‚‹›\"'"
_STRIP = SPACES + QUOTE_CHARS

# Which closer strictly pairs with which opener.
_STRICT_CLOSERS: dict[str, str] = {
    "«": "»",
    "‹": "›",
    "“": "”",
    "„": "“”",
    "‟": "”",
    "‘": "’",
    "‚": "’‘",
    '"': '"',
    "'": "'",
}
# Words whose elided form ends with an apostrophe: l’ d’ qu’ … never quote marks.
ELISIONS = frozenset(
    "l d j m n s t c qu jusqu lorsqu puisqu quoiqu presqu quelqu aujourd".split()
)


@dataclass(slots=True)
class Mark:
    pos: int
    char: str
    role: str  # "open" | "close"


@dataclass(slots=True)
class Span:
    """One quotation: `start`/`end` cover the text between its marks, trimmed."""

    start: int
    end: int
    open_pos: int | None  # the opening mark's offset (None: the text before a lone closer)
    close_pos: int | None  # the closing mark's offset (None: never closed)
    open_char: str = ""
    close_char: str = ""
    children: list[Span] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return self.close_pos is not None


def _is_letter(c: str) -> bool:
    return c.isalnum()


def _word_before(text: str, pos: int, lo: int) -> str:
    i = pos
    while i > lo and text[i - 1].isalpha():
        i -= 1
    return text[i:pos].lower()


def classify(text: str, pos: int, lo: int, hi: int, open_chars: OpenMarks) -> str | None:
    """The role of the character at `pos` in paragraph text[lo:hi]: "open", "close" or None (not a mark).

    `open_chars` are the marks currently open (innermost last): straight quotes toggle with them.
    """
    c = text[pos]
    prev = text[pos - 1] if pos > lo else " "
    nxt = text[pos + 1] if pos + 1 < hi else " "
    if c in "«‹„‚‟":
        return "open"
    if c in "»›":
        return "close"
    if c == "“":
        # „…“ (German style) closes with “; otherwise “ opens.
        if open_chars and open_chars.char(-1) in "„" and not _is_letter(nxt):
            return "close"
        if _is_letter(prev) and not _is_letter(nxt) and open_chars:
            return "close"
        return "open"
    if c == "”":
        # ”…” used as both marks: an opening ” starts a word after a space.
        if not open_chars and (prev in SPACES or pos == lo) and _is_letter(nxt):
            return "open"
        return "close"
    if c in "‘'’":
        return _single(text, pos, lo, prev, nxt, open_chars)
    if c == '"':
        if prev in SPACES or pos == lo or prev in "([{—–-:":
            if nxt in SPACES or nxt in ".,;:!?)":
                return "close" if open_chars.has_any('"') else None
            return "open"
        if nxt in SPACES or nxt in ".,;:!?)]}…" or pos + 1 >= hi:
            return "close" if open_chars else None
        return "close" if open_chars and open_chars.char(-1) == '"' else "open"
    return None


def _single(text: str, pos: int, lo: int, prev: str, nxt: str, open_chars: OpenMarks) -> str | None:
    """‘ ’ ': a quote mark only at a word's edge; an apostrophe inside a word or after an elided word."""
    c = text[pos]
    if _is_letter(prev) and _is_letter(nxt):
        return None  # aujourd’hui, c’est, l’armée
    if _is_letter(prev) and _word_before(text, pos, lo) in ELISIONS:
        return None  # l’ « …, qu’ « … : elision before a space or another mark
    at_word_start = (prev in SPACES or pos == lo or prev in "([{—–-:«“") and (_is_letter(nxt) or nxt in "«“…")
    if c == "‘" or (c == "'" and at_word_start):
        return "open" if at_word_start or c == "‘" and not _is_letter(prev) else None
    # ’ or ' after a word: a closer only when a single mark is open (else a stray apostrophe).
    if open_chars.has_any("‘'‚") and not _is_letter(nxt):
        return "close"
    return None


class OpenMarks:
    """The stack of open marks, with a count per character so that looking for a partner is amortised
    O(1): a search down the stack stops at a partner, and everything above it is popped with it."""

    __slots__ = ("items", "count")

    def __init__(self) -> None:
        self.items: list = []
        self.count: dict[str, int] = {}

    def __bool__(self) -> bool:
        return bool(self.items)

    def __getitem__(self, i: int):
        return self.items[i]

    def char(self, i: int) -> str:
        item = self.items[i]
        return item if isinstance(item, str) else item.mark.char

    def push(self, char: str, item=None) -> None:
        self.items.append(char if item is None else item)
        self.count[char] = self.count.get(char, 0) + 1

    def has_any(self, chars: str) -> bool:
        return any(self.count.get(c, 0) for c in chars)

    def match(self, closer: str) -> int | None:
        """Index of the opener `closer` closes: the nearest strict partner, else the top."""
        if not self.items:
            return None
        partners = [o for o, closers in _STRICT_CLOSERS.items() if closer in closers]
        if self.has_any("".join(partners)):
            for i in range(len(self.items) - 1, -1, -1):
                if self.char(i) in partners:
                    return i
        return len(self.items) - 1

    def pop_from(self, i: int) -> None:
        for k in range(i, len(self.items)):
            self.count[self.char(k)] -= 1
        del self.items[i:]


_MARK = re.compile("[" + re.escape(QUOTE_CHARS) + "]")


def find_marks(text: str, lo: int, hi: int) -> list[Mark]:
    """The quote marks of text[lo:hi] with their roles, decided left to right."""
    marks: list[Mark] = []
    open_chars = OpenMarks()
    for m in _MARK.finditer(text, lo, hi):
        pos = m.start()
        role = classify(text, pos, lo, hi, open_chars)
        if role is None:
            continue
        marks.append(Mark(pos, text[pos], role))
        if role == "open":
            open_chars.push(text[pos])
        else:
            i = open_chars.match(text[pos])
            if i is not None:
                open_chars.pop_from(i)
    return marks


class _Node:
    __slots__ = ("mark", "close", "children")

    def __init__(self, mark: Mark) -> None:
        self.mark = mark
        self.close: Mark | None = None
        self.children: list[_Node] = []


def scan_paragraph(text: str, lo: int, hi: int) -> list[Span]:
    """The top-level quotations of paragraph text[lo:hi], in order, never overlapping."""
    marks = find_marks(text, lo, hi)
    roots: list[_Node] = []
    stack = OpenMarks()
    lone_closers: list[Mark] = []
    # A closer with (strict) partner deep in the stack closes it; whatever opened above stays unclosed,
    # and, being inside a closed quote, is absorbed by it.
    for m in marks:
        if m.role == "open":
            node = _Node(m)
            (stack[-1].children if stack else roots).append(node)
            stack.push(m.char, node)
            continue
        i = stack.match(m.char)
        if i is None:
            lone_closers.append(m)
            continue
        stack[i].close = m
        stack.pop_from(i)
    spans: list[Span] = []
    todo = list(reversed(roots))
    while todo:  # iterative: 10,000 nested marks must not exhaust the recursion limit
        todo.extend(reversed(_resolve(text, todo.pop(), hi, spans)))
    spans.extend(_lone_closer_spans(text, lo, lone_closers, spans))
    spans.sort(key=lambda s: s.start)
    return spans


def _resolve(text: str, node: _Node, hi: int, out: list[Span]) -> list[_Node]:
    """A closed node is one quote; an unclosed one runs to the end of its paragraph, or, when a quote
    inside it is attributed on its own, ends at its first child: the children (returned) then stand alone."""
    start = node.mark.pos + 1
    if node.close is not None:
        _emit(text, start, node.close.pos, node.mark, node.close, out)
        return []
    if node.children and any(_attributed(text, child, hi) for child in node.children):
        # `«C’est faux. “C’est de la fiction”, a déclaré X. “…”`: the quotes inside, attributed on their
        # own, are separate quotes and the unclosed opener ends at the first of them.
        _emit(text, start, node.children[0].mark.pos, node.mark, None, out)
        return node.children
    _emit(text, start, hi, node.mark, None, out)
    return []


def _attributed(text: str, node: _Node, hi: int) -> bool:
    if node.close is None:
        return False
    return starts_with_speech_cue(text[node.close.pos + 1 : min(hi, node.close.pos + 100)])


def _lone_closer_spans(text: str, lo: int, closers: list[Mark], spans: list[Span]) -> list[Span]:
    """A closer with no opener in its paragraph (the opener lost in editing): the text from the paragraph's
    start, when nothing was quoted before it, is a quotation (its attribution decides if it is kept)."""
    if not closers or (spans and spans[0].start < closers[0].pos):
        return []
    first = closers[0]
    out: list[Span] = []
    _emit(text, lo, first.pos, None, first, out)
    return out


def _emit(text: str, a: int, b: int, opener: Mark | None, closer: Mark | None, out: list[Span]) -> None:
    while a < b and text[a] in _STRIP:
        a += 1
    while b > a and text[b - 1] in _STRIP:
        b -= 1
    if b <= a or not any(ch.isalnum() for ch in text[a:b]):
        return
    out.append(
        Span(
            a,
            b,
            opener.pos if opener else None,
            closer.pos if closer else None,
            opener.char if opener else "",
            closer.char if closer else "",
        )
    )


def scan(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, Span]]:
    """(paragraph index, span) for every quotation of the text, in text order."""
    return [(i, s) for i, (lo, hi) in enumerate(paragraphs) for s in scan_paragraph(text, lo, hi)]
