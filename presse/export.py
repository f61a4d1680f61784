"""Quotes out of the reader: the clipboard line, Markdown, CSV and JSON (no Textual here).

Indirect speech is a paraphrase, not a quotation: it is never put inside « » (the clipboard line and Markdown
say "reported"; CSV and JSON give the text as it is, with kind "indirect").

Quote text is data: control characters are made visible (`safe.printable`), Markdown specials are escaped,
CSV cells go through the csv module (and never start a spreadsheet formula).
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any, Literal

from .model import Analysis, Quote, json_dumps
from .safe import printable

ExportFormat = Literal["markdown", "csv", "json"]
FORMATS: dict[str, str] = {"markdown": ".md", "csv": ".csv", "json": ".json"}
UNKNOWN_SPEAKER = "(unattributed)"
REPORTED = "reported"  # how indirect speech is marked wherever it is shown or copied: it is no quotation

_SPACES = re.compile(r"\s+")
# What starts Markdown markup inside a line (every value follows a prefix such as "# " or "- «", so the
# line-start markers "1." "-" "+" stay as they are: "presse.txt", not "presse\.txt").
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#|~])")
_FORMULA_START = ("=", "+", "-", "@")


def one_line(text: str) -> str:
    """Printable text on a single line (line breaks and runs of spaces become one space)."""
    return _SPACES.sub(" ", printable(text)).strip()


def quote_line(quote: Quote, speaker: str | None = None) -> str:
    """What `c` copies: `« Rien ne peut être exclu » — Dmitri Peskov` for words quoted, and for indirect speech
    (a paraphrase, never inside « »): `Dmitri Peskov (reported): les dirigeants européens voulaient …`."""
    who = speaker if speaker is not None else quote.speaker
    if quote.kind == "indirect":
        return f"{one_line(who) + ' ' if who else ''}({REPORTED}): {one_line(quote.text)}"
    line = f"« {one_line(quote.text)} »"
    return f"{line} — {one_line(who)}" if who else line


@dataclass(frozen=True, slots=True)
class QuoteRow:
    title: str
    source: str
    paragraph: int
    speaker: str | None
    kind: str
    text: str
    start: int
    end: int


def quote_rows(analyses: Iterable[Analysis]) -> list[QuoteRow]:
    """Every quote of every analysis, in text order, with its article."""
    return [
        QuoteRow(a.article.title, a.article.source, q.paragraph, q.speaker, q.kind, q.text, q.start, q.end)
        for a in analyses
        for q in a.quotes
    ]


def to_markdown(analyses: Iterable[Analysis]) -> str:
    out: list[str] = []
    for a in analyses:
        out.append(f"# {markdown_text(a.article.title)}\n")
        out.append(f"Source: {markdown_text(a.article.source)}\n")
        by_speaker: dict[str | None, list[Quote]] = {}
        for q in a.quotes:
            by_speaker.setdefault(q.speaker, []).append(q)
        for speaker, quotes in by_speaker.items():
            out.append(f"## {markdown_text(speaker) if speaker else UNKNOWN_SPEAKER} ({len(quotes)})\n")
            out.extend(_md_item(q) for q in quotes)
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _md_item(q: Quote) -> str:
    """`- « … » (§3, direct)`; indirect speech has no quotation marks: `- reported: … (§3, indirect)`."""
    text = markdown_text(one_line(q.text))
    shown = f"{REPORTED}: {text}" if q.kind == "indirect" else f"« {text} »"
    return f"- {shown} (§{q.paragraph}, {q.kind})"


# The same names as the JSON export's keys (and the analysis JSON's quotes: "text").
CSV_FIELDS = ["title", "source", "paragraph", "speaker", "kind", "text", "start", "end"]


def to_csv(analyses: Iterable[Analysis]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for r in quote_rows(analyses):
        writer.writerow([csv_cell(r.title), csv_cell(r.source), r.paragraph, csv_cell(r.speaker or ""), r.kind,
                         csv_cell(one_line(r.text)), r.start, r.end])
    return buf.getvalue()


def to_json(analyses: Iterable[Analysis]) -> str:
    rows: list[dict[str, Any]] = [
        {"title": r.title, "source": r.source, "paragraph": r.paragraph, "speaker": r.speaker, "kind": r.kind,
         "text": r.text, "start": r.start, "end": r.end}
        for r in quote_rows(analyses)
    ]
    # Escaped, never altered: controls, C1, bidirectional overrides and lone surrogates (a file name that
    # was not UTF-8) as \\u escapes, so the file can always be written and never drives a terminal.
    return json_dumps(rows, indent=2) + "\n"


WRITERS = {"markdown": to_markdown, "csv": to_csv, "json": to_json}


def render(analyses: Iterable[Analysis], fmt: str) -> str:
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(WRITERS)})")
    return WRITERS[fmt](list(analyses))


def write(analyses: Iterable[Analysis], fmt: str, path: str | PathLike[str]) -> Path:
    """Write the quotes to a new file at `path` (`~` expanded) and return where; never overwrites a file.

    Raises FileExistsError if `path` exists, another OSError if it cannot be written, ValueError for an
    unknown format or an impossible path. Rendered first, written whole or not at all (`write_new`).
    """
    return write_new(Path(path).expanduser(), render(analyses, fmt))


def write_new(target: Path, text: str) -> Path:
    """Create `target` holding `text`, atomically: written to a temporary file beside it, then linked
    into place, which fails if `target` exists. A failure (encoding, full disk) leaves no file behind,
    where a 0-byte `target` made the next try say "exists"."""
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        try:
            os.link(temporary, target)  # no-clobber, atomic
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: check, then rename (a tiny race window)
            if target.exists():
                raise FileExistsError(17, "File exists", str(target)) from None
            os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target


def markdown_text(text: str) -> str:
    """One line of article text for Markdown: control characters visible, Markdown syntax escaped."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(text))


def csv_cell(text: str) -> str:
    """A spreadsheet-safe cell: control characters visible, never read as a formula."""
    text = printable(text)
    # A cell starting with = + - @ is a formula to spreadsheets: make it plain text.
    return "'" + text if text.startswith(_FORMULA_START) else text
