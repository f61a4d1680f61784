"""`presse analyze --format text`: a readable summary of an analysis."""

from __future__ import annotations

from collections import Counter

from .model import Analysis
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
    if analysis.speakers:
        lines.append("Speakers:")
        for sp in analysis.speakers:
            lines.append(f"  {printable(sp.name)} ({sp.label}, {len(sp.quotes)} quote{'s' if len(sp.quotes) != 1 else ''})")
            for qi in sp.quotes:
                q = analysis.quotes[qi]
                lines.append(f"    §{q.paragraph} [{q.kind}] « {printable(q.text)} »")
        lines.append("")
    unattributed = [q for q in analysis.quotes if q.speaker is None]
    if unattributed:
        lines.append("Quotes with no speaker:")
        lines.extend(f"    §{q.paragraph} [{q.kind}] « {printable(q.text)} »" for q in unattributed)
        lines.append("")
    if analysis.repeats:
        lines.append("Repeated paragraphs:")
        for r in analysis.repeats:
            where = f"{printable(r.source or r.article or '')} " if r.article else ""
            lines.append(f"  §{r.paragraph} repeats {where}§{r.same_as} ({r.kind}, {r.similarity:.2f})")
    return "\n".join(lines).rstrip() + "\n"
