"""Quotations found by scanning characters, each attributed to a speaker.

1. `quotemarks` finds the quoted spans of every paragraph (no spaCy: `doc.sents` ignores « »).
2. Each span gets a kind (direct, partial, term) and a cue, in this order: the speech verb right after it
   (`», a déclaré X`, `», explique-t-il`), the speech verb right before it (`X a répondu : «`, `X a déclaré
   qu’«`), an incise inside its marks (`« Nous sommes prêts, a-t-il dit. Nous attendons. »`), `selon X` /
   `d'après X` / `Pour X,` in its sentence, a speech verb earlier in its sentence.
3. Quotes next to each other and the paragraphs of one quotation share a cue; quotes with none continue the
   previous speaker (a paragraph of quotation, the next quote of a paragraph), else the nearest person.
4. Indirect speech where no mark is: the clause after `que` of a speech verb (dependency parse), and the
   clause before an inverted speech verb (`Le trafic restera perturbé, a annoncé la SNCF.`).

`Quote.cue` says which evidence was used: the speech verb's form, "selon", "pour", ":", "continuation",
"nearest" (no cue: the nearest earlier speaker or person), "title" (the person named in the title).

Attribution itself (subjects, pronouns, descriptions) lives in `attribution`.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from . import quotemarks
from .attribution import Attributor, Resolved
from .model import Article, Entity, Quote
from .speechverbs import find_incise

if TYPE_CHECKING:
    from spacy.tokens import Doc

_SENTENCE_END = ".!?…"
MAX_TERM_WORDS = 3


class _Found:
    """A quoted span being attributed."""

    __slots__ = ("para", "span", "kind", "who", "adjacent", "reported")

    def __init__(self, para: int, span: quotemarks.Span) -> None:
        self.para = para
        self.span = span
        self.kind = "direct"
        self.who: Resolved | None = None
        self.adjacent = False  # the cue is right next to the quote
        self.reported = False  # inside reported speech (`selon X`, `X a estimé que … « … »`): never a term


def find_quotes(article: Article, doc: Doc, entities: list[Entity]) -> list[Quote]:
    text = article.text
    paragraphs = [(p.start, p.end) for p in article.paragraphs]
    found = [_Found(i, s) for i, s in quotemarks.scan(text, paragraphs)]
    incises = {id(f): _incise(text, f.span) for f in found}
    att = Attributor(article, doc, entities, [ext for f in found for ext in _extents(f.span, incises[id(f)])])
    kept: list[_Found] = []
    for f in found:
        _attribute(att, f, incises[id(f)])
        if f.span.open_pos is None and f.who is None:
            continue  # a lone closer with no speech verb after it: a stray mark, not a quotation
        f.kind = _kind(text, article, f)
        if f.kind != "term" and f.who is not None:
            att.note_speaker(f.who, f.span.start)
        kept.append(f)
    _share_cues(text, article, kept)
    _continue_speakers(att, text, article, kept)
    quotes = [_quote(text, f) for f in kept]
    quotes.extend(_indirect(att, text, article, quotes))
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


def _attribute(att: Attributor, f: _Found, incise: tuple[int, int] | None = None) -> None:
    s = f.span
    if s.close_pos is not None:
        who = att.cue_after(s.close_pos + 1)
        if who is not None:
            f.who, f.adjacent = who, True
            return
    if s.open_pos is not None:
        who = att.cue_before_colon(s.open_pos)
        if who is not None:
            f.who, f.adjacent = who, True
            return
    if incise is not None:
        who = att.cue_after(incise[0] - 1)
        if who is not None:
            f.who, f.adjacent = who, True
            return
    if s.open_pos is not None:
        who = att.cue_selon(s.open_pos, (s.close_pos + 1) if s.close_pos is not None else s.end)
        if who is not None:
            f.who, f.reported = who, who.cue == "selon"
            return
        f.who = att.cue_verb_before(s.open_pos)
        f.reported = f.who is not None and att.quote_in_reported_speech(s.open_pos)


def _words(text: str) -> list[str]:
    return [w for w in text.split() if any(c.isalnum() for c in w)]


_WORKS = (
    r"(?:roman|livre|film|album|essai|pièce|série|spectacle|documentaire|chanson|ouvrage|émission|recueil|opéra"
    r"|exposition|tableau|single|podcast|court-métrage|long-métrage|biographie|autobiographie)s?"
)
_WORK_BEFORE = re.compile(rf"\b{_WORKS}\s*,?\s*$", re.IGNORECASE)
_WORK_AFTER = re.compile(rf"\s*,\s*(?:son|sa|ses|le|la|les|un|une|leur|ce|cette)\s+(?:[\w-]+\s+)?{_WORKS}\b", re.IGNORECASE)


def _work_title(text: str, f: _Found) -> bool:
    """`son roman « … »`, `« … », son sixième album`: the title of a work, named, never said."""
    s = f.span
    if not s.closed or s.open_pos is None or s.close_pos is None or len(_words(text[s.start : s.end])) > 8:
        return False
    body = text[s.start : s.end]
    if not body[:1].isupper() or any(c in _SENTENCE_END for c in body):
        return False  # `un film « viscéral »` is a judgement quoted
    return bool(_WORK_BEFORE.search(text[max(0, s.open_pos - 40) : s.open_pos]) or _WORK_AFTER.match(text, s.close_pos + 1))


def _kind(text: str, article: Article, f: _Found) -> str:
    s = f.span
    body = text[s.start : s.end]
    p = article.paragraphs[f.para]
    if _work_title(text, f):
        return "term"
    only_quote = _only_quote(text, p.start, p.end, s.start, s.end)
    if (
        s.closed
        and not f.adjacent
        and not f.reported
        and not only_quote
        and len(_words(body)) <= MAX_TERM_WORDS
        and body[-1] not in _SENTENCE_END
    ):
        return "term"
    before = text[max(p.start, s.start - 20) : s.open_pos if s.open_pos is not None else s.start].rstrip(quotemarks.SPACES)
    at_start = not text[p.start : s.open_pos if s.open_pos is not None else s.start].strip(quotemarks.SPACES) if s.start - p.start < 20 else False
    if body[0].isupper() or (body[0].isdigit() and not f.reported) or only_quote or before.endswith(":") or at_start:
        return "direct"
    if any(body[i] in _SENTENCE_END and body[i + 1 : i + 2] == " " for i in range(len(body) - 1)):
        return "direct"
    return "partial"


def _only_quote(text: str, p_start: int, p_end: int, start: int, end: int, slack: int = 0) -> bool:
    """The paragraph is this quote alone (at most `slack` letters outside it); cheap when it is not."""
    if (start - p_start) + (p_end - end) > 40:
        return False
    return sum(c.isalnum() for c in text[p_start:start] + text[end:p_end]) <= slack


def _between_is_empty(text: str, a: _Found, b: _Found) -> bool:
    gap = text[a.span.end : b.span.start]
    return a.para == b.para and not any(c.isalnum() for c in gap)


def _share_cues(text: str, article: Article, found: list[_Found]) -> None:
    """Quotes next to each other (`«C’est faux. “C’est de la fiction”, a déclaré X`) and the paragraphs
    of one quotation running over several paragraphs share the speaker found for any of them."""
    groups: list[list[_Found]] = []
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


def _continues(article: Article, prev: _Found, f: _Found) -> bool:
    """`f` opens the paragraph after the one where `prev` ran to the end unclosed."""
    if prev.span.closed or f.para != prev.para + 1 or f.span.open_pos is None:
        return False
    p_prev, p = article.paragraphs[prev.para], article.paragraphs[f.para]
    return prev.span.end >= p_prev.end - 1 and f.span.open_pos == p.start


def _continue_speakers(att: Attributor, text: str, article: Article, found: list[_Found]) -> None:
    """A quote with no cue continues the previous quote's speaker (same paragraph, or a paragraph that is
    only quotation just after), else the nearest earlier speaker or subject."""
    last: _Found | None = None
    for f in found:
        if f.kind == "term":
            continue
        if f.who is None:
            p = article.paragraphs[f.para]
            quote_paragraph = _only_quote(text, p.start, p.end, f.span.start, f.span.end, slack=3)
            if last is not None and last.who is not None and (
                last.para == f.para or (quote_paragraph and f.para - last.para <= 2)
            ):
                f.who = last.who.as_continuation()
            else:
                f.who = att.nearest_speaker(f.span.start)
        last = f


def _quote(text: str, f: _Found) -> Quote:
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
    )


_TRIM = quotemarks.SPACES + quotemarks.QUOTE_CHARS + ",;:–—-"


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Reported speech never starts or ends with a mark, a space or a comma (stray marks are kept out)."""
    while a < b and text[a] in _TRIM:
        a += 1
    while b > a and text[b - 1] in _TRIM:
        b -= 1
    return a, b


def _indirect(att: Attributor, text: str, article: Article, quotes: list[Quote]) -> list[Quote]:
    """`X a déclaré que …`: the clause after *que*; `Le trafic restera perturbé, a annoncé la SNCF.`: the
    clause before an inverted speech verb. Never overlapping a quote (one inside reported speech speaks for it)."""
    taken = sorted({*att.quotes, *((q.start, q.end) for q in quotes)})
    starts = [a for a, _ in taken]
    out: list[Quote] = []
    clauses = sorted([*att.indirect_clauses(), *att.inverted_indirect_clauses()], key=lambda c: c[0])
    for clause in clauses:
        a, b, who = clause
        a, b = _trim(text, a, b)
        i = bisect.bisect_right(starts, a) - 1
        if i >= 0 and taken[i][1] > a:
            continue  # the clause starts inside a quote
        if any(ta < b for ta, _ in taken[i + 1 : i + 2]):
            continue  # a quote inside reported speech speaks for it (quotes never overlap)
        if b - a < 12 or len(_words(text[a:b])) < 3:
            continue
        para = article.paragraph_at(a)
        out.append(
            Quote(a, b, text[a:b], para, "indirect", who.name if who else None,
                  who.start if who else None, who.end if who else None, who.cue if who else None)
        )
        j = bisect.bisect_left(starts, a)
        taken.insert(j, (a, b))
        starts.insert(j, a)
    return out
