"""The kind of a quoted span: direct (a sentence or more), partial (a fragment inside reported speech),
term (scare-quoted words, a work's title: no speaker)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .. import quotemarks
from ..model import Article

if TYPE_CHECKING:
    from .sieves import Found

SENTENCE_END = ".!?…"
MAX_TERM_WORDS = 3


def words(text: str) -> list[str]:
    return [w for w in text.split() if any(c.isalnum() for c in w)]


_WORKS = (
    r"(?:roman|livre|film|album|essai|pièce|série|spectacle|documentaire|chanson|ouvrage|émission|recueil|opéra"
    r"|exposition|tableau|single|podcast|court-métrage|long-métrage|biographie|autobiographie)s?"
)
_WORK_BEFORE = re.compile(rf"\b{_WORKS}\s*,?\s*$", re.IGNORECASE)
_WORK_AFTER = re.compile(rf"\s*,\s*(?:son|sa|ses|le|la|les|un|une|leur|ce|cette)\s+(?:[\w-]+\s+)?{_WORKS}\b", re.IGNORECASE)


def work_title(text: str, f: Found) -> bool:
    """`son roman « … »`, `« … », son sixième album`: the title of a work, named, never said."""
    s = f.span
    if not s.closed or s.open_pos is None or s.close_pos is None or len(words(text[s.start : s.end])) > 8:
        return False
    body = text[s.start : s.end]
    if not body[:1].isupper() or any(c in SENTENCE_END for c in body):
        return False  # `un film « viscéral »` is a judgement quoted
    return bool(_WORK_BEFORE.search(text[max(0, s.open_pos - 40) : s.open_pos]) or _WORK_AFTER.match(text, s.close_pos + 1))


def quote_kind(text: str, article: Article, f: Found) -> str:
    s = f.span
    body = text[s.start : s.end]
    p = article.paragraphs[f.para]
    if work_title(text, f):
        return "term"
    alone = only_quote(text, p.start, p.end, s.start, s.end)
    if (
        s.closed
        and not f.adjacent
        and not f.reported
        and not alone
        and len(words(body)) <= MAX_TERM_WORDS
        and body[-1] not in SENTENCE_END
    ):
        return "term"
    before = text[max(p.start, s.start - 20) : s.open_pos if s.open_pos is not None else s.start].rstrip(quotemarks.SPACES)
    at_start = not text[p.start : s.open_pos if s.open_pos is not None else s.start].strip(quotemarks.SPACES) if s.start - p.start < 20 else False
    if body[0].isupper() or (body[0].isdigit() and not f.reported) or alone or before.endswith(":") or at_start:
        return "direct"
    if any(body[i] in SENTENCE_END and body[i + 1 : i + 2] == " " for i in range(len(body) - 1)):
        return "direct"
    return "partial"


def only_quote(text: str, p_start: int, p_end: int, start: int, end: int, slack: int = 0) -> bool:
    """The paragraph is this quote alone (at most `slack` letters outside it); cheap when it is not."""
    if (start - p_start) + (p_end - end) > 40:
        return False
    return sum(c.isalnum() for c in text[p_start:start] + text[end:p_end]) <= slack
