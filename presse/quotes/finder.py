"""Quotations found by scanning characters, each attributed to a speaker.

1. `quotemarks` finds the quoted spans of every paragraph (no spaCy: `doc.sents` ignores « »).
2. Each span gets a speaker from the first stage-1 sieve that fires (`sieves.SIEVES`: the speech verb
   right after it, right before it, an incise inside its marks, `selon X`, a speech verb earlier in its
   sentence), then a kind (`kinds`: direct, partial, term).
3. Quotes next to each other and the paragraphs of one quotation share a speaker ("shared"); quotes with
   none continue the previous speaker ("continuation": a paragraph of quotation, the next quote of a
   paragraph), else the nearest person ("nearest").
4. Indirect speech where no mark is: the clause after `que` of a speech verb ("que_clause"), and the
   clause before an inverted speech verb ("inverted_clause": `Le trafic restera perturbé, a annoncé la SNCF.`).

`Quote.sieve` names the sieve that decided the speaker; `Quote.cue` is the evidence (the speech verb's
form, "selon", "pour", ":", "continuation", "nearest", "title").
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from .. import quotemarks
from ..model import Article, Entity, Quote
from ..speechverbs import find_incise
from . import guard
from .attributor import Attributor
from .kinds import only_quote, quote_kind, words
from .sieves import Found, attribute

if TYPE_CHECKING:
    from spacy.tokens import Doc


def prepare(article: Article, doc: Doc, entities: list[Entity]) -> tuple[Attributor, list[Found]]:
    """The quoted spans of the article, and the attribution state over them (no speaker decided yet)."""
    text = article.text
    paragraphs = [(p.start, p.end) for p in article.paragraphs]
    found = [Found(i, s, _incise(text, s)) for i, s in quotemarks.scan(text, paragraphs)]
    return Attributor(article, doc, entities, [ext for f in found for ext in _extents(f.span, f.incise)]), found


def find_quotes(article: Article, doc: Doc, entities: list[Entity]) -> list[Quote]:
    text = article.text
    att, found = prepare(article, doc, entities)
    kept: list[Found] = []
    for f in found:
        attribute(att, f)
        if f.span.open_pos is None and f.who is None:
            continue  # a lone closer with no speech verb after it: a stray mark, not a quotation
        f.kind = quote_kind(text, article, f)
        if f.kind != "term" and f.who is not None:
            att.note_speaker(f.who, f.span.start)
        kept.append(f)
    _share_cues(text, article, kept)
    _continue_speakers(att, text, article, kept)
    names = guard.full_names(att.entities)
    for f in kept:
        f.who = guard.clean(f.who, names)
    quotes = [_quote(text, f) for f in kept]
    quotes.extend(_indirect(att, text, article, quotes, names))
    _name_with_acronyms(text, entities, quotes)
    quotes.sort(key=lambda q: q.start)
    return quotes


_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z0-9]{1,11})\)")


def _is_acronym_of(acronym: str, name: str) -> bool:
    """`Fnaut` for `Fédération nationale des associations d'usagers des transports`: its letters, in order,
    are initials of the name's words, starting with the first."""
    initials = [w[0].lower() for w in re.split(r"[\s'’-]+", name) if w]
    letters = acronym.lower()
    if not initials or letters[0] != initials[0]:
        return False
    it = iter(initials)
    return all(ch in it for ch in letters)


def _name_with_acronyms(text: str, entities: list[Entity], quotes: list[Quote]) -> None:
    """An organisation introduced with its acronym (`… des transports (Fnaut)`) is named with both, so
    the long name and the acronym said alone later are one speaker."""
    full: dict[str, str] = {}
    for e in entities:
        if e.label != "ORG":
            continue
        m = _ACRONYM_AFTER.match(text, e.end)
        if m and _is_acronym_of(m.group(1), e.canonical):
            full[e.canonical] = full[m.group(1)] = f"{e.canonical} ({m.group(1)})"
    for q in quotes:
        if q.speaker in full:
            q.speaker = full[q.speaker]


def _incise(text: str, s: quotemarks.Span) -> tuple[int, int] | None:
    found = find_incise(text[s.start : s.end])
    return (s.start + found[0], s.start + found[1]) if found else None


def _extents(s: quotemarks.Span, incise: tuple[int, int] | None) -> list[tuple[int, int]]:
    """The text a quote covers, marks included; an incise inside it (`, a-t-il dit,`) is not quoted text."""
    a = s.open_pos if s.open_pos is not None else s.start
    b = s.close_pos + 1 if s.close_pos is not None else s.end
    if incise is None:
        return [(a, b)]
    return [(a, incise[0]), (incise[1], b)]


def _between_is_empty(text: str, a: Found, b: Found) -> bool:
    gap = text[a.span.end : b.span.start]
    return a.para == b.para and not any(c.isalnum() for c in gap)


def _share_cues(text: str, article: Article, found: list[Found]) -> None:
    """Quotes next to each other (`«C’est faux. “C’est de la fiction”, a déclaré X`) and the paragraphs
    of one quotation running over several paragraphs share the speaker found for any of them."""
    groups: list[list[Found]] = []
    for f in found:
        if f.kind == "term":
            continue
        prev = groups[-1][-1] if groups else None
        if prev is not None and (_between_is_empty(text, prev, f) or _continues(article, prev, f)):
            groups[-1].append(f)
        else:
            groups.append([f])
    for group in groups:
        cued = [f for f in group if f.who is not None]
        if not cued:
            continue
        for f in group:
            if f.who is None:
                # the first cue after the quote, else the last one before it
                later = [g for g in cued if g.span.start > f.span.start]
                src = later[0] if later else cued[-1]
                f.who = src.who.as_continuation() if src.who else None
                f.sieve = "shared" if f.who else None


def _continues(article: Article, prev: Found, f: Found) -> bool:
    """`f` opens the paragraph after the one where `prev` ran to the end unclosed."""
    if prev.span.closed or f.para != prev.para + 1 or f.span.open_pos is None:
        return False
    p_prev, p = article.paragraphs[prev.para], article.paragraphs[f.para]
    return prev.span.end >= p_prev.end - 1 and f.span.open_pos == p.start


def _continue_speakers(att: Attributor, text: str, article: Article, found: list[Found]) -> None:
    """A quote with no cue continues the previous quote's speaker (same paragraph, or a paragraph that is
    only quotation just after), else the nearest earlier speaker or subject."""
    last: Found | None = None
    for f in found:
        if f.kind == "term":
            continue
        if f.who is None:
            p = article.paragraphs[f.para]
            quote_paragraph = only_quote(text, p.start, p.end, f.span.start, f.span.end, slack=3)
            if last is not None and last.who is not None and (
                last.para == f.para or (quote_paragraph and f.para - last.para <= 2)
            ):
                f.who, f.sieve = last.who.as_continuation(), "continuation"
            else:
                f.who = att.nearest_speaker(f.span.start)
                f.sieve = "nearest" if f.who else None
        last = f


def _quote(text: str, f: Found) -> Quote:
    s, who = f.span, f.who
    named = who is not None and f.kind != "term"
    return Quote(
        start=s.start,
        end=s.end,
        text=text[s.start : s.end],
        paragraph=f.para,
        kind=f.kind,  # type: ignore[arg-type]
        speaker=who.name if named else None,
        speaker_start=who.start if named else None,
        speaker_end=who.end if named else None,
        cue=who.cue if named else None,
        sieve=f.sieve if named else None,
    )


_TRIM = quotemarks.SPACES + quotemarks.QUOTE_CHARS + ",;:–—-"


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Reported speech never starts or ends with a mark, a space or a comma (stray marks are kept out)."""
    while a < b and text[a] in _TRIM:
        a += 1
    while b > a and text[b - 1] in _TRIM:
        b -= 1
    return a, b


def _indirect(att: Attributor, text: str, article: Article, quotes: list[Quote], names: dict[str, str]) -> list[Quote]:
    """`X a déclaré que …`: the clause after *que*; `Le trafic restera perturbé, a annoncé la SNCF.`: the
    clause before an inverted speech verb. Never overlapping a quote (one inside reported speech speaks for it)."""
    taken = sorted({*att.quotes, *((q.start, q.end) for q in quotes)})
    starts = [a for a, _ in taken]
    out: list[Quote] = []
    clauses = sorted(
        [*((*c, "que_clause") for c in att.indirect_clauses()), *((*c, "inverted_clause") for c in att.inverted_indirect_clauses())],
        key=lambda c: c[0],
    )
    for a, b, who, sieve in clauses:
        who = guard.clean(who, names)
        a, b = _trim(text, a, b)
        i = bisect.bisect_right(starts, a) - 1
        if i >= 0 and taken[i][1] > a:
            continue  # the clause starts inside a quote
        if any(ta < b for ta, _ in taken[i + 1 : i + 2]):
            continue  # a quote inside reported speech speaks for it (quotes never overlap)
        if b - a < 12 or len(words(text[a:b])) < 3:
            continue
        para = article.paragraph_at(a)
        out.append(
            Quote(a, b, text[a:b], para, "indirect", who.name if who else None,
                  who.start if who else None, who.end if who else None, who.cue if who else None,
                  sieve if who else None)
        )
        j = bisect.bisect_left(starts, a)
        taken.insert(j, (a, b))
        starts.insert(j, a)
    return out
