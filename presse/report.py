"""`presse analyze --format text`: a readable summary of an analysis."""

from __future__ import annotations

from collections import Counter

from .model import Analysis, Quote
from .safe import printable


def text_report(analysis: Analysis) -> str:
    a = analysis.article
    lines = [f"# {printable(a.title)}", f"source: {printable(a.source)}", f"paragraphs: {len(a.paragraphs)}  model: {analysis.model}", ""]
    counts = Counter((e.canonical, e.label) for e in analysis.entities)
    if counts:
        lines.append("Entities:")
        for (name, label), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {label:<4} {printable(name)} ×{n}")
        lines.append("")
    lines.extend(_speaker_lines(analysis))
    if analysis.repeats:
        lines.append("Repeated paragraphs:")
        for r in analysis.repeats:
            where = f"{printable(r.source or r.article or '')} " if r.article else ""
            lines.append(f"  §{r.paragraph} repeats {where}§{r.same_as} ({r.kind}, {r.similarity:.2f})")
    return "\n".join(lines).rstrip() + "\n"


def _quote_line(q: Quote) -> str:
    """`§2 « … » (direct, déclaré)`; reported speech has no marks: `§0 ≈ que …`."""
    body = printable(q.text)
    shown = f"≈ {body}" if q.kind == "indirect" else f"« {body} »"
    how = q.kind if not q.cue or q.kind == "term" else f"{q.kind}, {printable(q.cue)}"
    return f"    §{q.paragraph} {shown} ({how})"


def _speaker_lines(analysis: Analysis) -> list[str]:
    """Each speaker with its quotes in text order; then terms, then quotes nobody could be found for."""
    lines: list[str] = []
    if analysis.speakers:
        lines.append("Speakers:")
        for sp in analysis.speakers:
            n = len(sp.quotes)
            lines.append(f"  {printable(sp.name)} ({sp.label}, {n} quote{'s' if n != 1 else ''})")
            others = [a for a in sp.aliases if a != sp.name]
            if others:
                lines.append(f"    also: {' · '.join(printable(a) for a in others)}")
            lines.extend(_quote_line(analysis.quotes[qi]) for qi in sp.quotes)
        lines.append("")
    terms = [q for q in analysis.quotes if q.kind == "term"]
    if terms:
        lines.append("Terms in quotation marks:")
        lines.append("  " + ", ".join(f"« {printable(q.text)} » §{q.paragraph}" for q in terms))
        lines.append("")
    unattributed = [q for q in analysis.quotes if q.speaker is None and q.kind != "term"]
    if unattributed:
        lines.append("Quotes with no speaker:")
        lines.extend(_quote_line(q) for q in unattributed)
        lines.append("")
    return lines
