"""`presse quotes`: one row per quote of a collection with its trail, as CSV, JSON lines or Markdown.

The table a researcher or a fact-checker loads into a spreadsheet. Columns, in order (`COLUMNS`):
source, article (id), paragraph, start, end, text, kind, speaker, cluster (the statement's number in the
collection; empty for a quote with no trail: a term, indirect speech, or under `trail.MIN_WORDS` words), first (true on
the statement's earliest appearance), altered (its words differ from an earlier faithful printing beyond
trimming),
disputed (the statement is credited to different people in the collection), then title, date, articles
(how many articles print the statement).

Text is data: CSV cells never start a formula and carry no control character (`export`'s rules),
Markdown cells are escaped, JSON escapes every control character (`model.json_dumps`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .export import csv_cell, markdown_text, one_line
from .model import Analysis, json_dumps
from .trail import Trails

COLUMNS = (
    "source", "article", "paragraph", "start", "end", "text", "kind", "speaker",
    "cluster", "first", "altered", "disputed", "title", "date", "articles",
)
FORMATS = ("csv", "jsonl", "markdown")
# Markdown shows the start of the article id (the full id is in CSV and JSON lines).
SHORT_ID = 12


@dataclass(frozen=True, slots=True)
class QuoteRow:
    source: str
    article: str
    paragraph: int
    start: int
    end: int
    text: str
    kind: str
    speaker: str | None
    cluster: int | None
    first: bool | None
    altered: bool | None
    disputed: bool | None
    title: str
    date: str | None
    articles: int | None

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in COLUMNS}


def quote_rows(analyses: Sequence[Analysis], trails: Trails) -> list[QuoteRow]:
    """Every quote of every analysis (collection order, then text order), with its cluster's facts."""
    rows = []
    for analysis in analyses:
        a = analysis.article
        date = a.meta.get("date") or a.meta.get("published")
        for n, q in enumerate(analysis.quotes):
            cluster = trails.cluster_of(a.id, n)
            here = trails.appearance_of(a.id, n)
            # The same text given twice (two files) shares one appearance: only the first copy is first.
            first = None if here is None or cluster is None else (here is cluster.first and here.source == a.source)
            rows.append(
                QuoteRow(
                    source=a.source, article=a.id, paragraph=q.paragraph, start=q.start, end=q.end, text=q.text,
                    kind=q.kind, speaker=q.speaker,
                    cluster=cluster.id if cluster else None,
                    first=first,
                    altered=here.altered if here else None,
                    disputed=cluster.disputed if cluster else None,
                    title=a.title, date=str(date) if date else None,
                    articles=cluster.articles if cluster else None,
                )
            )
    return rows


def to_csv(rows: Sequence[QuoteRow]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_csv_value(name, value) for name, value in row.as_dict().items()])
    return buf.getvalue()


def to_jsonl(rows: Sequence[QuoteRow]) -> str:
    return "".join(json_dumps(row.as_dict()) + "\n" for row in rows)


def to_markdown(rows: Sequence[QuoteRow]) -> str:
    out = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        cells = []
        for name, value in row.as_dict().items():
            if name == "article":
                value = value[:SHORT_ID]
            cells.append(_md_value(value))
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


WRITERS = {"csv": to_csv, "jsonl": to_jsonl, "markdown": to_markdown}


def render(rows: Sequence[QuoteRow], fmt: str) -> str:
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    return WRITERS[fmt](rows)


def _csv_value(name: str, value: Any) -> str | int:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    return csv_cell(one_line(value) if name in ("text", "title", "speaker") else str(value))


def _md_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    return markdown_text(str(value))
