"""The article view's word wrap: every character on exactly one line, no line wider than the view."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from presse.widgets.article_view import _slow_wrap, not_single_cell, wrap

PIECES = st.sampled_from(list("ab cdé\n«»’—\t") + ["  ", "字", "😀", "e\u0301", "\u200b"])
TEXT = st.lists(PIECES, max_size=80).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(min_value=1, max_value=30))
def test_wrap_covers_the_text_in_order_within_the_width(text: str, width: int) -> None:
    for ranges in (wrap(text, 0, len(text), width), _slow_wrap(text, 0, len(text), width)):
        covered = "".join(text[s:e] for s, e in ranges)
        assert covered == text.replace("\n", "")  # every character once, in order; breaks dropped
        assert all(s <= e for s, e in ranges)
        assert all(a[1] <= b[0] for a, b in zip(ranges, ranges[1:]))
        for s, e in ranges:
            line = text[s:e].rstrip(" \t")
            # A line fits, unless it is a single character wider than the whole line.
            assert cell_len(line) <= width or len(line) == 1


def test_fast_and_slow_wrap_agree_on_plain_text() -> None:
    text = "Le président russe Vladimir Poutine a démenti les informations selon lesquelles Donald Trump lui avait parlé."
    assert not not_single_cell(text)
    for width in (10, 25, 40, 80):
        assert wrap(text, 0, len(text), width) == _slow_wrap(text, 0, len(text), width)
