"""Stage 1: a quote to the mention of its speaker, by sieves tried in order, the most precise first.

Each sieve is a function of its own: given the quote, it returns the mention that names its speaker (a
name, a pronoun, a description, an organisation, already resolved by stage 2 in `resolution` and
`pronouns`) or None. The first answer wins. The order is data: `SIEVES`. Quotes no sieve decides are
handled after all quotes are seen (`finder`: shared by adjacent quotes, continuation, nearest).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import quotemarks
from .mentions import Resolved

if TYPE_CHECKING:
    from .attributor import Attributor


class Found:
    """A quoted span being attributed."""

    __slots__ = ("para", "span", "incise", "kind", "who", "adjacent", "reported", "sieve")

    def __init__(self, para: int, span: quotemarks.Span, incise: tuple[int, int] | None = None) -> None:
        self.para = para
        self.span = span
        self.incise = incise  # `, a-t-il dit,` inside the marks: not quoted text
        self.kind = "direct"
        self.who: Resolved | None = None
        self.adjacent = False  # the cue is right next to the quote
        self.reported = False  # inside reported speech (`selon X`, `X a estimé que … « … »`): never a term
        self.sieve: str | None = None  # the name of the sieve that decided `who`


def after_quote(att: Attributor, f: Found) -> Resolved | None:
    """`», a déclaré X`, `», explique-t-il`, `» a ensuite précisé Febelfin`, `», soupire une usagère`."""
    s = f.span
    return att.cue_after(s.close_pos + 1) if s.close_pos is not None else None


def before_quote(att: Attributor, f: Found) -> Resolved | None:
    """`X a déclaré : «`, `X précise que : «`, `X a déclaré qu’«`, `X a rappelé «`, `X : «`."""
    s = f.span
    return att.cue_before_colon(s.open_pos) if s.open_pos is not None else None


def incise(att: Attributor, f: Found) -> Resolved | None:
    """`« Nous sommes prêts, a-t-il dit. Nous attendons. »`: a speech verb inside the marks."""
    return att.cue_after(f.incise[0] - 1) if f.incise is not None else None


def selon(att: Attributor, f: Found) -> Resolved | None:
    """`selon X`, `d'après X` in the quote's sentence (after it first), `Pour X, « … »`."""
    s = f.span
    if s.open_pos is None:
        return None
    return att.cue_selon(s.open_pos, (s.close_pos + 1) if s.close_pos is not None else s.end)


def reported(att: Attributor, f: Found) -> Resolved | None:
    """A speech verb earlier in the quote's sentence: `X a estimé que le mouvement était « … »`."""
    s = f.span
    return att.cue_verb_before(s.open_pos) if s.open_pos is not None else None


def sentence_before(att: Attributor, f: Found) -> Resolved | None:
    """`La porte-parole a nuancé les chiffres. « On a constaté … »`: the subject of the speech verb of the
    sentence just before, in the same paragraph (a quote that is its own sentence)."""
    s = f.span
    return att.cue_sentence_before(s.open_pos) if s.open_pos is not None else None


@dataclass(frozen=True, slots=True)
class Sieve:
    name: str
    find: Callable[[Attributor, Found], Resolved | None]
    adjacent: bool  # its cue touches the quote: the quote is said, never a scare-quoted term


SIEVES: list[Sieve] = [
    Sieve("after_quote", after_quote, adjacent=True),
    Sieve("before_quote", before_quote, adjacent=True),
    Sieve("incise", incise, adjacent=True),
    Sieve("selon", selon, adjacent=False),
    Sieve("reported", reported, adjacent=False),
    Sieve("sentence_before", sentence_before, adjacent=False),
]


def attribute(att: Attributor, f: Found, sieves: list[Sieve] = SIEVES) -> None:
    """The first sieve that finds a mention decides the quote's speaker."""
    for sieve in sieves:
        who = sieve.find(att, f)
        if who is not None:
            f.who, f.sieve, f.adjacent = who, sieve.name, sieve.adjacent
            f.reported = _in_reported_speech(att, f, sieve.name, who)
            return


def _in_reported_speech(att: Attributor, f: Found, sieve: str, who: Resolved) -> bool:
    """`selon X, le mouvement est « … »` and a quote the earlier speech verb governs are reported speech."""
    if sieve == "selon":
        return who.cue == "selon"
    if sieve == "reported" and f.span.open_pos is not None:
        return att.quote_in_reported_speech(f.span.open_pos)
    return False
