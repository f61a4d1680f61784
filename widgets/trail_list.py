"""The trail of a quote: every printing of one statement across the collection, each with a word diff
against the earliest one. Article text is data: only ever put in `rich.text.Text` with styles, never markup."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.text import Text
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from presse.safe import printable
from presse.widgets.text import one_line

if TYPE_CHECKING:
    from presse.trail import Appearance, QuoteCluster

# How each printing relates to the earliest one (presse.trail.FirstRelation).
RELATION = {"first": "earliest", "exact": "same words", "trimmed": "trimmed", "near": "words changed",
            "linked": "through another copy"}
REMOVED, ADDED = "strike dim", "bold reverse"


def diff_text(reference: str, text: str) -> Text:
    """`text` word by word against `reference`: words it dropped struck through, words it put in their place or
    added in reverse video; punctuation and case are not differences."""
    from presse.trail import word_diff  # loaded already: the trails come from it

    out = Text()
    for part in word_diff(one_line(reference), one_line(text)):
        if out:
            out.append(" ")
        if part.tag == "equal":
            out.append(printable(part.new))
        elif part.tag == "delete":
            out.append(printable(part.old), style=REMOVED)
        elif part.tag == "insert":
            out.append(printable(part.new), style=ADDED)
        else:
            out.append(printable(part.old), style=REMOVED)
            out.append(" ")
            out.append(printable(part.new), style=ADDED)
    return out


def appearance_text(cluster: QuoteCluster, k: int, current: bool = False) -> Text:
    """Printing `k` of `cluster`: where (title, source, date, paragraph), who it is credited to, then its words."""
    a: Appearance = cluster.appearances[k]
    head = Text()
    head.append("▶ " if current else "  ", style="bold")
    head.append(one_line(a.title) or "(untitled)", style="bold")
    head.append(f"  {one_line(a.source)}", style="dim")
    head.append(f"  {one_line(a.date) if a.date else f'#{a.order + 1} in the list'}", style="dim")
    head.append(f"  §{a.paragraph}", style="dim")
    head.append("\n    ")
    head.append(one_line(a.speaker) if a.speaker else "(no speaker)", style="italic")
    head.append(f" · {RELATION.get(a.relation, a.relation)}", style="dim")
    if a.altered:
        head.append(" · altered", style="bold")
    head.append("\n    « ")
    words = Text(printable(one_line(a.text))) if k == 0 else diff_text(cluster.first.text, a.text)
    head.append_text(words)
    head.append(" »")
    return head


def trail_header(cluster: QuoteCluster) -> Text:
    n = len(cluster.appearances)
    out = Text(f"Printed {n} time{'s' if n != 1 else ''} in {cluster.articles} article{'s' if cluster.articles != 1 else ''}",
               style="bold")
    out.append(" · earliest by date" if cluster.dated else " · earliest in list order", style="dim")
    if cluster.altered:
        out.append(" · altered", style="bold")
    if cluster.disputed:
        out.append(" · credited to " + ", ".join(one_line(s) for s in cluster.speakers), style="bold")
    return out


class TrailList(OptionList):
    """One option per printing, earliest first; `last_paint` (perf_counter) for the benchmark."""

    def __init__(self, cluster: QuoteCluster, current: int, *, id: str | None = None) -> None:
        options = [Option(appearance_text(cluster, k, k == current), id=str(k)) for k in range(len(cluster.appearances))]
        super().__init__(*options, id=id)
        self.cluster = cluster
        self.current = current
        self.last_paint = 0.0

    def render_line(self, y: int) -> Strip:
        self.last_paint = time.perf_counter()
        return super().render_line(y)
