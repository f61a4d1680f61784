"""The last step of stage 2: a speaker is a person, a body or a description, never a fragment of one.

Whatever sieve decided, before a speaker is shown:
- a first name (or the words of a description ending in one) of someone named in full in the article is
  that person (`Jean-Marie`, `l'ancien leader frontiste Jean-Marie` → `Jean-Marie Le Pen`), when only one
  person of the article has that first name;
- a bare lowercase word (`an`), an anaphoric body noun alone (`l'ONG`, `l'organisation`, `le groupe`) that
  no earlier name resolved, or a capitalised role noun alone (`Président-candidat`, `Ministre`) is no
  speaker: the quote stays unattributed rather than shown under a word that names nobody.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from ..model import Entity
from ..speechverbs import GENERIC_ORG_NOUNS
from .lexicon import ROLE_NOUNS
from .mentions import Resolved

_WORDS = re.compile(r"[^\s'’]+")
_DETERMINERS = frozenset("le la les l un une son sa ses leur leurs ce cet cette".split())
ANAPHORIC_BODY_NOUNS = GENERIC_ORG_NOUNS | {"ong"}


def full_names(entities: Iterable[Entity]) -> dict[str, str]:
    """First name (or first names) → the one full name of the article starting with it; a first name two
    people share maps to nobody."""
    found: dict[str, set[str]] = {}
    for e in entities:
        words = e.canonical.split()
        if e.label != "PER" or len(words) < 2:
            continue
        for k in range(1, len(words)):
            found.setdefault(" ".join(words[:k]), set()).add(e.canonical)
    return {first: next(iter(names)) for first, names in found.items() if len(names) == 1}


def clean(who: Resolved | None, names: dict[str, str]) -> Resolved | None:
    """`who` as shown: completed to a full name, or None when it names nobody."""
    if who is None:
        return None
    full = _completed(who.name, names)
    if full is not None:
        return replace(who, name=full, label="PER", named=True)
    return None if _names_nobody(who) else who


def _completed(name: str, names: dict[str, str]) -> str | None:
    """The full name a first name, or a description ending in one, stands for."""
    words = name.split()
    for k in range(len(words)):
        tail = " ".join(words[k:])
        if not tail[:1].isupper():
            continue
        full = names.get(tail)
        if full is not None and full != name:
            return full
        break  # only the run of capitalised words that ends the name
    return None


def _names_nobody(who: Resolved) -> bool:
    words = [w for w in _WORDS.findall(who.name.replace("’", "'")) if w.lower() not in _DETERMINERS]
    if not words:
        return True
    if len(words) == 1 and who.name.islower() and not any(c in who.name for c in "'’ "):
        return True  # `an`: a bare word is no one
    if len(words) == 1 and not who.named and words[0].lower() in ANAPHORIC_BODY_NOUNS:
        return True  # `l'ONG`, `l'organisation`: the body it refers to was not found
    head = words[0].split("-")[0].lower()
    return len(words) == 1 and words[0][:1].isupper() and head in ROLE_NOUNS and who.name[:1].isupper()
