"""Token-level tests on spaCy tokens: speech verbs in use, finite verbs, lost subjects, clause ends,
description keys; and lookups in position-sorted lists."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from ..model import Entity
from ..speechverbs import ORG_NOUNS, is_speech_verb
from .lexicon import FAIRE_SAVOIR

if TYPE_CHECKING:
    from spacy.tokens import Token

def clause_end(c: Token) -> Token:
    """The last token of clause `c`, stopping before a coordinated clause with its own subject
    (`que X …, et Zelensky a présenté …`)."""
    doc, last = c.doc, c.right_edge.i
    subj = next((k for k in c.children if k.dep_.startswith("nsubj")), None)
    number = subj.morph.get("Number") if subj is not None else []
    for j in range(c.i + 1, last):
        if doc[j].pos_ != "CCONJ":
            continue
        if doc[j - 1].text == "," and any(doc[k].dep_.startswith("nsubj") for k in range(j + 1, min(j + 5, last + 1))):
            return doc[j - 2] if j - 2 > c.i else doc[c.i]
        nxt = doc[j + 1]
        if nxt.pos_ in ("AUX", "VERB") and "Fin" in nxt.morph.get("VerbForm") and number and nxt.morph.get("Number") and nxt.morph.get("Number") != number:
            # `que Poutine a déclenché une guerre … et ont répété …`: the main clause's verb again
            return doc[j - 1]
    return c.right_edge


def lost_subject(node: Token) -> bool:
    """`La députée X, présidente de …, appelle à la fermeté.` parsed with the noun as root and the verb as
    its clause: the noun phrase opening the sentence is the verb's subject all the same."""
    root = node if node.dep_ == "ROOT" else node.head if node.head.dep_ == "ROOT" and node.dep_ in ("appos", "flat:name") else None
    if root is None or root.pos_ not in ("NOUN", "PROPN") or root.i != root.sent.start + (1 if root.sent[0].pos_ == "DET" else 0):
        return False
    return any(
        c.dep_ == "acl" and c.i > node.i and c.pos_ == "VERB" and ("Fin" in c.morph.get("VerbForm") or any(a.dep_.startswith("aux") for a in c.children))
        for c in root.children
    )


def faire_savoir(t: Token) -> bool:
    """`fait savoir`, `a fait valoir`, `fait remarquer`, `fait part`, `a rendu hommage`: speech verbs of
    two words."""
    if t.i + 1 >= len(t.doc):
        return False
    nxt = t.doc[t.i + 1].lower_
    return (t.lemma_ == "faire" and nxt in FAIRE_SAVOIR) or (t.lemma_ == "rendre" and nxt == "hommage")


def speech_token(t: Token, adjacent: bool = False) -> bool:
    """A speech verb in use, including one the tagger took for a noun (`X, ancien ministre, juge que …`)."""
    if faire_savoir(t):
        return True
    if not is_speech_verb(t.lemma_, t.text, adjacent):
        return False
    if finite_verb(t):
        return True
    if t.pos_ in ("NOUN", "ADJ", "PROPN") and t.i > 0 and t.doc[t.i - 1].pos_ != "DET":
        return any(u.lower_ in ("que", "qu'", "qu’", ":") for u in t.doc[t.i + 1 : t.i + 4])
    return False


def finite_verb(t: Token) -> bool:
    """A verb that can carry speech: not a participle used as an adjective (`les économies annoncées`)."""
    if t.pos_ not in ("VERB", "AUX"):
        return False
    if "Part" in t.morph.get("VerbForm") and "Past" in t.morph.get("Tense"):
        if any(c.dep_ == "obj" for c in t.children):
            return True  # `X, chef de service, décrit une situation …`: an object, so a finite verb
        if any(c.dep_.startswith("aux") for c in t.children) or detached_auxiliary(t) is not None:
            return True
        return t.dep_ not in ("acl", "amod", "nmod", "obj", "nsubj")
    return True


# `a de son côté dénoncé`, `a pour sa part estimé`, `a quant à lui rappelé`: words that may stand between an
# auxiliary and its participle, which the parse then often reads as two clauses.
_BETWEEN_AUX = frozenset("de son sa leur leurs côté part pour quant à lui elle eux elles ,".split())
_AVOIR = frozenset("a ont avait avaient aura auront aurait auraient".split())


def _says_after(t: Token) -> bool:
    """What follows the participle is what was said: `que`, a colon, or a quoted noun phrase (`dénoncé « la
    furie … »`); not a quoted qualifier (`jugé « prématuré » tout cessez-le-feu`: a term)."""
    doc = t.doc
    nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
    if nxt is None:
        return False
    if nxt.lower_ in ("que", "qu'", "qu’", ":"):
        return True
    after = doc[t.i + 2] if t.i + 2 < len(doc) else None
    return nxt.is_quote and after is not None and after.pos_ in ("DET", "PRON")


def verb_number(v: Token) -> str | None:
    """Sing or Plur as the finite form of the verb group says (`ont répété`: Plur), None when unmarked."""
    for t in (*(c for c in v.children if c.dep_.startswith("aux")), v):
        number = t.morph.get("Number")
        if number and (t is not v or "Fin" in t.morph.get("VerbForm")):
            return number[0]
    return None


def agreeing_head(v: Token, number: str | None, sentence: tuple[int, int]) -> Token:
    """The head a coordinated verb takes its subject from. The parse often attaches `et ont répété` to the
    nearest verb of the clause before (`affirment que Poutine a déclenché … et ont répété`): a head whose
    number disagrees is not the one coordinated, so climb on to one that agrees (else keep the parse's)."""
    head = v.head
    h = head
    while number is not None and verb_number(h) not in (None, number) and h.head.i != h.i:
        if not sentence[0] <= h.head.idx < sentence[1]:
            return head
        h = h.head
    return h if number is None or verb_number(h) in (None, number) else head


def detached_auxiliary(t: Token) -> Token | None:
    """The auxiliary of a past participle that the parse did not attach to it: `Le gouvernement malien,
    impuissant, a de son côté dénoncé « … »` (`a` read as the main verb, `dénoncé` as a modifier)."""
    doc = t.doc
    if not _says_after(t):
        return None
    for j in range(t.i - 1, max(-1, t.i - 7), -1):
        u = doc[j]
        if u.lower_ in _AVOIR and u.pos_ in ("AUX", "VERB"):
            return u if j < t.i - 1 and u.head.i != t.i else None
        if u.pos_ != "ADV" and u.lower_ not in _BETWEEN_AUX:
            return None
    return None


def of_someone(t: Token) -> bool:
    """`du défunt`, `de la victime`, `de Julie`: a complement naming whose relative this is; not a bare
    noun (`la mère de famille`)."""
    if t.lower_ in ("du", "des"):
        return True
    if t.lower_ not in ("de", "d'", "d’") or t.i + 1 >= len(t.doc):
        return False
    nxt = t.doc[t.i + 1]
    return nxt.pos_ in ("DET", "PRON") or nxt.text[:1].isupper()


def gender_of(tok: Token) -> str | None:
    g = tok.morph.get("Gender")
    return g[0] if len(g) == 1 else None


def latest_item(entries: list[tuple[int, Entity]], pos: int) -> Entity | None:
    i = bisect.bisect_left(entries, pos, key=lambda x: x[0]) - 1
    return entries[i][1] if i >= 0 else None


def latest(entries: list[tuple[int, str]], pos: int) -> str | None:
    """The name of the last entry before `pos` (entries are in text order)."""
    i = bisect.bisect_left(entries, pos, key=lambda x: x[0]) - 1
    return entries[i][1] if i >= 0 else None


def description_key(words: list[Token]) -> tuple[str, str, str] | None:
    """(normalised description, head noun, determiner) of tokens like `le porte-parole du Kremlin`."""
    if not words:
        return None
    det = words[0].lower_ if words[0].pos_ == "DET" else ""
    content = [w for w in words if w.pos_ != "DET" or w.lower_ in ("du", "des")]
    head = next((w for w in content if w.pos_ == "NOUN"), None)
    if head is None or head.lower_ in ORG_NOUNS:
        return None
    return " ".join(w.lower_ for w in content), head.lower_, det
