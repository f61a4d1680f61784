"""Named entities: spaCy's, then consolidated over the whole document.

spaCy tags each mention on its own; a reader wants one name per person or place. After spaCy:

1. each span is cleaned on its own: cut at paragraph boundaries, stripped of punctuation, of a
   leading elided article or determiner (`l’OTAN` → `OTAN`), of trailing function words
   (`La guerre en` → dropped), of common nouns before a name (`missiles Storm Shadow`), of a
   person's title (`président Macron`); spans left without a capital letter are dropped;
2. a span that starts with common words is cut to the name it ends with when that name is
   tagged elsewhere in the document (`guerre en Ukraine` → `Ukraine` when `Ukraine` is known);
   a title swallowing a person is cut to the person (`Premier ministre Justin Trudeau`);
3. mentions are grouped: same folded form; a lone surname with the full person name it ends
   (`Peskov` → `Dmitri Peskov`); spelling variants (`Zelenski` / `Zelensky`); an acronym with
   the name it follows in parentheses (`Banque centrale européenne (BCE)`);
4. each group gets one label (majority; a group holding a full person name is PER) and one
   canonical form (the fullest, then most frequent);
5. untagged occurrences of a person's or organisation's name tagged elsewhere are added, and a
   partial tag of it (`Vladimir` of `Vladimir Poutine`) is widened.

Between 2 and 3, spans that are no names are dropped: a lowercase title (`ministre des Transports`),
a title alone (`Premier ministre`), a complement tagged as a person (`de la République`), a people
(`les Français`, `la Polonaise`); a span opening with a body's noun (`Chancellerie fédérale`) is an
organisation; capitalised words apposed to a person noun (`Nadia, une usagère`, `le directeur sportif,
Grischa Niermann`) are a person. In 3, a lone first name of exactly one full name joins it.

Offsets index `article.text`; spaCy ran on `textnorm.nlp_copy(article.text)`, of the same length.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz.distance import Levenshtein

from .model import Article, Entity, EntityLabel
from .speechverbs import GENERIC_ORG_NOUNS, ORG_NOUNS
from .textnorm import fold, nlp_copy

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# spaCy label -> ours: French models use PER/LOC/ORG/MISC; OntoNotes models (en_*) use others.
_LABELS: dict[str, EntityLabel] = {
    "PER": "PER", "PERSON": "PER",
    "LOC": "LOC", "GPE": "LOC", "FAC": "LOC",
    "ORG": "ORG",
    "MISC": "MISC", "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC",
}  # fmt: skip

# Words French elides before a vowel: "l'", "d'", "qu'", "jusqu'"... (never the start of a name).
_ELIDABLE = {"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu"}
_DETERMINERS = {"le", "la", "les", "un", "une", "des", "du", "au", "aux", "ce", "cet", "cette", "ces"}
# Grammatical parts of speech: a name does not end with one (`La guerre en`).
_FUNCTION_POS = {"ADP", "DET", "CCONJ", "SCONJ", "PRON", "AUX", "PART", "PUNCT", "SPACE"}
# Lowercase particles inside person names: Charles de Gaulle, Ursula von der Leyen.
_PARTICLES = {"de", "d'", "du", "des", "la", "le", "van", "von", "der", "den", "di", "da", "del", "della",
              "dos", "das", "ben", "bin", "ibn", "al", "el", "ter", "zu"}  # fmt: skip
# Days and months: common nouns, capitalised only at a sentence start ("Mardi, ...") and glued
# to names by spaCy ("Borne jeudi"); never a name on their own.
_CALENDAR = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier", "février",
             "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}  # fmt: skip
# Parts of speech of words that open a sentence without being a name ("Hier, ...", "Selon ...").
_NOT_NAME_POS = {"ADV", "ADP", "CCONJ", "SCONJ", "PRON", "DET", "AUX", "VERB"}
# Forms of address before a person's name (a closed grammatical class, not a list of names).
_HONORIFIC = re.compile(r"(?:M|MM|Mme|Mmes|Mlle|Mlles|Mgr|Me|Dr|Pr|Sr|Sir|Lady|Lord)\.?|Madame|Monsieur|Mademoiselle")

# Spelling variants (see _same_word): measured on transliteration pairs (Zelenski/Zelensky,
# Navalny/Navalni, Loukachenko/Lukashenko) and distinct names (Paris/Parisi, Autriche/Australie,
# Dupont/Dupond, Zelensky/Zelenska, Petrov/Petrova): 0.9 on the transliteration skeleton with the
# same final letter keeps every variant pair and rejects every distinct pair; see tests.
VARIANT_MIN_SIMILARITY = 0.9
VARIANT_MIN_LENGTH = 5


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    label: EntityLabel
    key: str = ""  # folded surface, the grouping key
    group: int = -1


@dataclass(slots=True)
class _Group:
    keys: set[str] = field(default_factory=set)
    label: EntityLabel = "MISC"
    canonical: str = ""


class _Context:
    """The article, spaCy's tokens and quick lookups shared by every step."""

    def __init__(self, article: Article, doc: Doc) -> None:
        self.article = article
        self.text = article.text
        self.nlp_text = nlp_copy(article.text)
        self.tokens: list[Token] = list(doc)  # every Token made once (iterating a Doc makes new ones)
        # doc.text, from the tokens already made
        if "".join([t.text_with_ws for t in self.tokens]) != self.nlp_text:
            raise ValueError("the spaCy doc must be made from textnorm.nlp_copy(article.text)")
        self.doc = doc
        self.ents = list(doc.ents)  # doc.ents builds its spans on each access
        self.starts = [t.idx for t in self.tokens]
        self._folded: dict[str, str] = {}  # fold() memo: the same names recur all through a document
        # "L'Oréal" written so mid-sentence: its capital L' is part of the name everywhere.
        self.capital_elisions: set[str] = set()
        # Forms spaCy tagged somewhere else than at a sentence start.
        self.tagged_mid_sentence: set[str] = set()
        for e in self.ents:
            first = self.tokens[e.start]  # the list's token, not a new one from e[0]
            if not _starts_sentence(first):
                key = self.key(e.start_char, e.end_char)
                self.tagged_mid_sentence.add(key)
                if _is_elision(first) and _has_upper(first):
                    self.capital_elisions.add(key)
        # Every word of every tagged span: `Martin` opening a sentence is the surname of `Jean Martin`.
        self.name_words = Counter(self.fold(t.text) for e in self.ents for t in self.tokens[e.start : e.end])

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """The tokens lying entirely within [start, end)."""
        out = self.tokens[bisect.bisect_left(self.starts, start) : bisect.bisect_left(self.starts, end)]
        # Tokens never overlap: only the last one starting before `end` can run past it.
        if out and out[-1].idx + len(out[-1].text) > end:
            out.pop()
        return out

    def key(self, start: int, end: int) -> str:
        return self.fold(self.nlp_text[start:end])

    def fold(self, text: str) -> str:
        """textnorm.fold, memoised for this document."""
        folded = self._folded.get(text)
        if folded is None:
            folded = self._folded[text] = fold(text)
        return folded


# ---------------------------------------------------------------- token predicates


# Character tests by token text, memoised: a document repeats the same words, and every step asks again.
@lru_cache(maxsize=16384)
def _text_has_upper(text: str) -> bool:
    return any(c.isupper() for c in text)


@lru_cache(maxsize=16384)
def _text_has_alnum(text: str) -> bool:
    return any(c.isalnum() for c in text)


@lru_cache(maxsize=16384)
def _text_is_lower_word(text: str) -> bool:
    return any(c.isalpha() for c in text) and not _text_has_upper(text)


def _has_upper(tok: Token) -> bool:
    return _text_has_upper(tok.text)


def _is_lower_word(tok: Token) -> bool:
    return _text_is_lower_word(tok.text)


def _is_elision(tok: Token) -> bool:
    t = tok.text
    return t.endswith("'") and t[:-1].lower() in _ELIDABLE


def _is_determiner(tok: Token) -> bool:
    return tok.text.lower() in _DETERMINERS or (tok.pos_ == "DET" and not _has_upper(tok))


def _is_function_word(tok: Token) -> bool:
    if _is_elision(tok) or not _text_has_alnum(tok.text):
        return True
    return _is_lower_word(tok) and (tok.pos_ in _FUNCTION_POS or tok.text in _DETERMINERS)


def _starts_sentence(tok: Token) -> bool:
    """First word of a sentence (or after an opening quote or dash): its capital proves nothing."""
    if tok.i == 0 or tok.is_sent_start:
        return True
    prev = tok.doc[tok.i - 1]
    return prev.is_space or (prev.is_punct and prev.text not in {",", ")", "]"})


# Titles and functions: a span that opens with one in lower case (`ministre des Transports`) names a
# function, not a body; followed by a capitalised name, a person apposed to it.
_TITLE_NOUNS = frozenset(
    """ministre président présidente porte-parole directeur directrice secrétaire procureur procureure
    avocat avocate juge maire préfet préfète gouverneur député députée sénateur sénatrice commissaire
    chancelier chancelière patron patronne fondateur fondatrice cofondateur cofondatrice entraîneur
    sélectionneur capitaine délégué déléguée adjoint adjointe conseiller conseillère ambassadeur
    ambassadrice général colonel commandant chef cheffe responsable dirigeant dirigeante""".split()
)
# People: a lone capitalised word apposed to one of these (`Nadia, une usagère`, `une locataire,
# Josée,`) is a person's name, whatever spaCy made of it.
PERSON_NOUNS = _TITLE_NOUNS | frozenset(
    """homme femme fille fils mère père sœur soeur frère épouse mari veuve ami amie voisin voisine témoin
    victime habitant habitante usager usagère passant passante client cliente élève étudiant étudiante
    retraité retraitée salarié salariée employé employée ouvrier ouvrière infirmier infirmière médecin
    enseignant enseignante professeur professeure militant militante manifestant manifestante agriculteur
    agricultrice éleveur éleveuse commerçant commerçante artisan habitué habituée locataire associé associée
    joueur joueuse supporter supportrice coureur coureuse pompier policier policière gendarme soldat
    chauffeur conducteur conductrice mère-grand adolescent adolescente enfant bénévole syndicaliste
    élu élue candidat candidate électeur électrice patient patiente riverain riveraine parent""".split()
)
_TITLE_WORDS = frozenset("premier première ancien ancienne vice ex haut haute".split())
# Heads of a body's name: a span opening with one is an organisation, whatever spaCy's label.
_BODY_NOUNS = (ORG_NOUNS - {"cour", "maison", "état-major", "département", "région", "métropole"}) | frozenset(
    "école chancellerie chambre lycée collège fédération confédération syndicat".split()
)
_DEMONYM = re.compile(r"(?:ais|aise|ois|oise|ien|ienne)s?$|(?:ains|aines)$")


def _demonym(tok: Token) -> bool:
    """`les Français`, `la Polonaise`, `des Américains`: a capitalised nationality after le, la, les, des."""
    if tok.i == 0 or not tok.text[:1].isupper():
        return False
    return tok.doc[tok.i - 1].lower_ in ("le", "la", "les", "des") and bool(_DEMONYM.search(tok.text))


_AGE = re.compile(r"\s*,\s*\d{1,3}\s+ans\b")


# ---------------------------------------------------------------- step 1: one span at a time


def _clean(ctx: _Context, toks: list[Token], label: EntityLabel) -> list[Token]:
    """`toks` without what is not part of the name (possibly nothing)."""
    while True:
        before = len(toks)
        while toks and not _text_has_alnum(toks[0].text):
            toks = toks[1:]
        while toks and (_is_function_word(toks[-1]) or toks[-1].text in _CALENDAR):
            toks = toks[:-1]
        if not toks:
            return []
        first = toks[0]
        rest_starts_upper = len(toks) > 1 and _has_upper(toks[1])
        if _is_elision(first) and (not _has_upper(first) or _starts_sentence(first)):
            if _span_key(ctx, toks) in ctx.capital_elisions:
                break
            toks = toks[1:]  # l'OTAN; L'Ukraine at a sentence start (but L'Oréal mid-sentence)
        elif _is_determiner(first) and (not _has_upper(first) or not rest_starts_upper):
            toks = toks[1:]  # la Russie; "La guerre" (the rest then falls as lowercase)
        elif label != "PER" and _is_lower_word(first) and not _is_elision(first) and _is_function_word(first):
            toks = toks[1:]  # "de France" (a person keeps its particle: de Gaulle)
        elif label == "PER":
            toks = _strip_person_prefix(toks)
        elif label in ("ORG", "MISC"):
            toks = _strip_common_nouns(toks)
        if len(toks) == before:
            break
    if label == "PER":
        while toks and _is_lower_word(toks[-1]):
            toks = toks[:-1]  # a person's name ends with a name: "Poutine lui"
    return toks if _is_name(toks) and not _opens_sentence_only(ctx, toks) else []


def _span_key(ctx: _Context, toks: Sequence[Token]) -> str:
    return ctx.key(toks[0].idx, toks[-1].idx + len(toks[-1].text))


def _opens_sentence_only(ctx: _Context, toks: Sequence[Token]) -> bool:
    """`Hier`, `Mardi` tagged at a sentence start: a common word whose capital is the sentence's.

    A name tagged elsewhere mid-sentence is kept (spaCy's part of speech for names is unreliable).
    """
    if len(toks) != 1 or not _starts_sentence(toks[0]):
        return False
    tok = toks[0]
    if tok.lower_ in _CALENDAR:
        return True
    if _span_key(ctx, toks) in ctx.tagged_mid_sentence:
        return False
    if tok.pos_ in _NOT_NAME_POS:
        return True
    # `Grève à la SNCF : …`: a common noun (lowercase lemma) opening a headline or sentence, named nowhere else
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return (
        tok.pos_ in ("NOUN", "ADJ")
        and tok.lemma_ == tok.lower_
        and (prev is None or prev.text not in ("(", "[", "«", '"', "“"))
        and ctx.name_words[ctx.fold(tok.text)] < 2
    )


def _strip_person_prefix(toks: list[Token]) -> list[Token]:
    """président Macron → Macron; M. Dupont → Dupont; keeps particles: de Gaulle, von der Leyen."""
    i = 0
    while i < len(toks) - 1 and (_is_lower_word(toks[i]) or _HONORIFIC.fullmatch(toks[i].text)):
        if toks[i].text.lower() in _PARTICLES and all(
            t.text.lower() in _PARTICLES or _has_upper(t) for t in toks[i + 1 :]
        ):
            break
        i += 1
    return toks[i:] if any(_has_upper(t) for t in toks[i:]) else toks


def _strip_common_nouns(toks: list[Token]) -> list[Token]:
    """missiles Storm Shadow → Storm Shadow: lowercase content words right before the name.

    Not across a function word: `ministère des Affaires étrangères` is one name; `guerre en
    Ukraine` is settled by the document (step 2).
    """
    i = 0
    while i < len(toks) and _is_lower_word(toks[i]) and not _is_function_word(toks[i]):
        i += 1
    if 0 < i < len(toks) and _has_upper(toks[i]):
        return toks[i:]
    return toks


def _is_name(toks: Sequence[Token]) -> bool:
    """Something a reader would call a name: a capital letter, a content word, two letters."""
    if not toks or not any(_has_upper(t) for t in toks):
        return False
    if all(t.is_stop or _is_function_word(t) for t in toks):
        return False  # "Il", "Le", "Ce"
    return sum(sum(map(str.isalpha, t.text)) for t in toks) >= 2


def _trim_chars(ctx: _Context, start: int, end: int) -> tuple[int, int]:
    """Leading/trailing characters no name starts or ends with (quote marks glued to a token)."""
    t = ctx.nlp_text
    while start < end and not t[start].isalnum():
        start += 1
    while end > start and not t[end - 1].isalnum():
        if t[end - 1] == "." and re.search(r"(?:^|[.\s])[^\W\d_]\.$", t[start:end]):
            break  # an initial or abbreviation: U.S., J.-C.
        if t[end - 1] == ")" and t[start:end].count("(") >= t[start:end].count(")"):
            break
        end -= 1
    return start, end


def _paragraph_runs(ctx: _Context, toks: list[Token]) -> Iterable[list[Token]]:
    """`toks` cut wherever a paragraph ends: an entity never crosses one."""
    run: list[Token] = []
    current = -1
    for tok in toks:
        if tok.is_space:
            continue
        p = ctx.article.paragraph_at(tok.idx)
        if run and p != current:
            yield run
            run = []
        run.append(tok)
        current = p
    if run:
        yield run


def _spacy_mentions(ctx: _Context) -> list[_Mention]:
    out = []
    for ent in ctx.ents:
        label = _LABELS.get(ent.label_)
        if label is None:
            continue
        for run in _paragraph_runs(ctx, ctx.tokens[ent.start : ent.end]):
            toks = _clean(ctx, run, label)
            if toks:
                start, end = _trim_chars(ctx, toks[0].idx, toks[-1].idx + len(toks[-1].text))
                if start < end:
                    out.append(_Mention(start, end, label, ctx.key(start, end)))
    return out


# ---------------------------------------------------------------- step 2: evidence from the document


def _not_names(ctx: _Context, mentions: list[_Mention]) -> list[_Mention]:
    """Without spans that are a function (`ministre des Transports`) or a complement (`de la République`
    tagged as a person): they open with a lowercase title noun or a lowercase `de la`, `du`, `des`."""
    out = []
    for m in mentions:
        toks = ctx.tokens_in(m.start, m.end)
        first = toks[0] if toks else None
        if first is not None and m.label != "PER" and first.text in _TITLE_NOUNS:
            continue
        if toks and m.label != "PER" and all(t.lower_ in _TITLE_NOUNS or t.lower_ in _TITLE_WORDS for t in toks):
            continue  # `Premier ministre`, `Président`: a title, capitalised or not
        if len(toks) == 1 and m.label in ("LOC", "MISC") and _demonym(toks[0]):
            continue  # `les Français`, `la Polonaise Magda Linette`: people of a place, not the place
        if toks and m.label in ("LOC", "MISC") and len(toks) > 1 and toks[0].lower_ in _BODY_NOUNS:
            m.label = "ORG"  # `Chancellerie fédérale`, `École polytechnique fédérale de Zurich`
        if first is not None and m.label == "PER" and len(toks) > 1 and (
            first.text in ("du", "des") or (first.text in ("de", "d'") and toks[1].text in ("la", "l'", "le", "les"))
        ):
            continue
        out.append(m)
    return out


def _ministries(ctx: _Context, mentions: list[_Mention]) -> None:
    """`ministère des Armées` tagged `Armées`: a ministry's name starts with its lowercase noun."""
    for m in mentions:
        toks = ctx.tokens_in(m.start, m.end)
        if not toks or m.label == "PER":
            continue
        i = toks[0].i
        j = i - 1
        if j >= 0 and ctx.tokens[j].lower_ in ("la", "l'"):
            j -= 1
        if j >= 1 and ctx.tokens[j].lower_ in ("de", "des", "du", "d'") and ctx.tokens[j - 1].lower_ == "ministère":
            m.start, m.label = ctx.tokens[j - 1].idx, "ORG"
            m.key = ctx.key(m.start, m.end)


def _person_word(tok: Token) -> bool:
    return tok.text in PERSON_NOUNS or tok.lemma_ in PERSON_NOUNS


def _name_run_at(ctx: _Context, i: int) -> int:
    """End (token index) of a run of capitalised words from token i: `Grischa Niermann`, `Nadia`."""
    j = i
    toks = ctx.tokens
    while j < len(toks) and j - i < 5:
        t = toks[j]
        if t.is_alpha and t.text[:1].isupper() and not t.is_stop:
            j += 1
        elif j > i and t.text in _PARTICLES and j + 1 < len(toks) and toks[j + 1].text[:1].isupper():
            j += 1  # `Tinne Van der Straeten`
        else:
            break
    return j


def _apposed_person(ctx: _Context, i: int, j: int) -> bool:
    """Tokens [i, j) name a person by apposition: `une usagère, Nadia,` / `le directeur sportif, Grischa
    Niermann.` before, `Nadia, une usagère` / `Paul, 34 ans` after."""
    toks = ctx.tokens
    if i > 0 and toks[i - 1].text in ORG_NOUNS | GENERIC_ORG_NOUNS:
        return False  # `le groupe Chimex, propriétaire du site`: a body's name after its common noun
    if j < len(toks) and toks[j].text == ",":
        after = ctx.nlp_text[toks[j].idx : toks[j].idx + 20]
        if _AGE.match(after):
            return True
        if j + 2 < len(toks) and toks[j + 1].lower_ in ("un", "une") and _person_word(toks[j + 2]):
            return True
        if j + 1 < len(toks) and toks[j + 1].text in PERSON_NOUNS:
            return True  # `Émilie, mère de deux enfants`
    if i >= 2 and toks[i - 1].text == "," and (j >= len(toks) or toks[j].is_punct):
        for k in range(i - 2, max(0, i - 10), -1):  # back through the description to its head noun
            if _person_word(toks[k]) and toks[k - 1].pos_ == "DET":
                return True
            if toks[k].pos_ not in ("ADJ", "ADP", "DET", "PROPN", "NOUN"):
                return False
    return False


def _person_appositions(ctx: _Context, mentions: list[_Mention]) -> list[_Mention]:
    """Capitalised words apposed to a person noun are a person (`Nadia, une usagère`): relabel the mention
    spaCy gave them, widen a partial one (`Grischa` of `Grischa Niermann`), or add it."""
    by_start = {m.start: m for m in mentions}
    out = list(mentions)
    i = 0
    toks = ctx.tokens
    text, starts = ctx.nlp_text, ctx.starts
    while i < len(toks):
        if not text[starts[i]].isupper():
            i += 1  # a run opens with a capitalised word: most tokens are ruled out by one character
            continue
        j = _name_run_at(ctx, i)
        if j == i:
            i += 1
            continue
        if _apposed_person(ctx, i, j) and ctx.article.paragraph_at(toks[i].idx) == ctx.article.paragraph_at(toks[j - 1].idx):
            start, end = toks[i].idx, toks[j - 1].idx + len(toks[j - 1].text)
            m = by_start.get(start)
            if m is not None and m.end <= end:
                m.end, m.label, m.key = end, "PER", ctx.key(start, end)
            elif m is None and not any(o.start < end and start < o.end for o in out):
                out.append(_Mention(start, end, "PER", ctx.key(start, end)))
        i = j
    return out




def _trim_by_evidence(ctx: _Context, mentions: list[_Mention]) -> None:
    """`guerre en Ukraine` → `Ukraine`, `La France` → `France` when the shorter name is tagged elsewhere."""
    known: dict[str, Counter[EntityLabel]] = {}
    for m in mentions:
        known.setdefault(m.key, Counter())[m.label] += 1
    for m in mentions:
        toks = ctx.tokens_in(m.start, m.end)
        if len(toks) < 2:
            continue
        first = toks[0]
        if _has_upper(first) and not (_is_determiner(first) and _starts_sentence(first)):
            continue  # Banque de France, La Haye mid-sentence: the capital says it is one name
        for k in range(1, len(toks)):
            if _has_upper(toks[k]) and ctx.key(toks[k].idx, m.end) in known:
                m.start = toks[k].idx
                m.key = ctx.key(m.start, m.end)
                m.label = _majority(known[m.key].elements())  # spaCy's label was for the phrase
                break


def _person_tails(ctx: _Context, mentions: list[_Mention]) -> None:
    """`Premier ministre Justin Trudeau` (MISC) → `Justin Trudeau` (PER), on the document's evidence.

    spaCy often swallows a person into the title before it. Cut a non-person span to the person
    name it ends with when that name is a person elsewhere: the full name (`Économie Bruno Le
    Maire`), or a first name + a surname tagged alone as a person, after a lowercase title word.
    """
    votes: dict[str, Counter[EntityLabel]] = {}
    for m in mentions:
        votes.setdefault(m.key, Counter())[m.label] += 1
    persons = {k for k, v in votes.items() if _majority(v.elements()) == "PER"}
    for m in mentions:
        if m.label == "PER":
            continue
        toks = ctx.tokens_in(m.start, m.end)
        cut = next(
            (k for k in range(1, len(toks) - 1)
             if _has_upper(toks[k]) and _is_full_person(_span_key(ctx, toks[k:])) and _span_key(ctx, toks[k:]) in persons),
            None,
        )  # fmt: skip
        if cut is None and len(toks) >= 3 and _span_key(ctx, toks[-1:]) in persons:
            first_name, title = toks[-2], toks[-3]
            if _has_upper(first_name) and _is_lower_word(title) and not _is_function_word(title):
                cut = len(toks) - 2
        if cut is not None:
            m.start, m.label = toks[cut].idx, "PER"
            m.key = ctx.key(m.start, m.end)


def _acronyms(ctx: _Context, mentions: list[_Mention]) -> list[tuple[str, str]]:
    """(acronym key, name key) for `Banque centrale européenne (BCE)`: the acronym names the same thing."""
    pairs = []
    for m in mentions:
        found = _ACRONYM_AFTER.match(ctx.nlp_text, m.end)
        if not found:
            continue
        acronym = re.sub(r"[^A-Z0-9]", "", found.group(1))
        toks = [t for t in ctx.tokens_in(m.start, m.end) if any(c.isalpha() for c in t.text)]
        content = "".join(t.text[0] for t in toks if not _is_function_word(t)).upper()
        every = "".join(t.text[0] for t in toks).upper()
        if len(acronym) >= 2 and acronym in (content, every):
            pairs.append((ctx.fold(found.group(1)), m.key))
    return pairs


_ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Z0-9.&-]{1,11})\s*\)")


# ---------------------------------------------------------------- step 3-4: groups, labels, canonical


@lru_cache(maxsize=8192)  # pure; the same words are compared over and over within a document
def _skeleton(word: str) -> str:
    """A folded word with transliteration noise removed: y/i, w/v, ou/u, doubled letters."""
    w = word.replace("y", "i").replace("w", "v").replace("ou", "u")
    return re.sub(r"(.)\1+", r"\1", w)


def _same_word(a: str, b: str) -> bool:
    """Two folded words that spell one name: Zelenski/Zelensky, Navalny/Navalni, Loukachenko/Lukashenko.

    The last letter must agree: it carries gender and number (Zelensky/Zelenska, Petrov/Petrova,
    Martin/Martine, Paris/Parisi are different names).
    """
    if a == b:
        return True
    sa, sb = _skeleton(a), _skeleton(b)
    if sa == sb:
        return True
    if min(len(a), len(b)) < VARIANT_MIN_LENGTH or sa[-1:] != sb[-1:]:
        return False
    return Levenshtein.normalized_similarity(sa, sb) >= VARIANT_MIN_SIMILARITY


def _same_words(a: Sequence[str], b: Sequence[str]) -> bool:
    return len(a) == len(b) and all(_same_word(x, y) for x, y in zip(a, b, strict=True))


def _majority(labels: Iterable[EntityLabel]) -> EntityLabel:
    """The most frequent label; on a tie, not MISC (spaCy's catch-all), then the first seen."""
    labels = list(labels)
    if len(set(labels)) == 1:
        return labels[0]  # the usual case: no vote to count
    counts = Counter(labels)
    return max(counts, key=lambda lab: (counts[lab], lab != "MISC"))  # max keeps the first on ties


@lru_cache(maxsize=8192)
def _name_words(key: str) -> tuple[str, ...]:
    return tuple(key.split())


@lru_cache(maxsize=8192)
def _is_full_person(key: str) -> bool:
    """Two capitalised words at least: a first name and a surname (or more)."""
    return sum(w not in _PARTICLES for w in _name_words(key)) >= 2


def _surname_of(short: Sequence[str], full: Sequence[str]) -> bool:
    """`short` is the end of `full` (Peskov / Dmitri Peskov, de Gaulle / Charles de Gaulle)."""
    n = len(short)
    if not 0 < n < len(full) or all(w in _PARTICLES for w in short):
        return False
    if full[-n - 1] in _PARTICLES:
        return False  # Anne de Bretagne: "Bretagne" alone is the place
    return _same_words(short, full[-n:])


def _group(ctx: _Context, mentions: list[_Mention]) -> list[_Group]:
    """Assign every mention a group; return the groups with their label and canonical form."""
    by_key: dict[str, list[_Mention]] = {}
    for m in mentions:
        by_key.setdefault(m.key, []).append(m)
    key_label = {k: _majority(m.label for m in ms) for k, ms in by_key.items()}

    parent = {k: k for k in by_key}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    # Spelling variants: same label, same number of words, each word the same name. Variants
    # share their words' final letters (see _same_word): compare within those buckets only.
    keys = list(by_key)
    buckets: dict[tuple[str, ...], list[str]] = {}
    for k in keys:
        buckets.setdefault((key_label[k], *(_skeleton(w)[-1:] for w in _name_words(k))), []).append(k)
    for bucket in buckets.values():
        for i, a in enumerate(bucket):
            for b in bucket[i + 1 :]:
                if _same_words(_name_words(a), _name_words(b)):
                    union(a, b)

    # An acronym defined in parentheses after its name: one group (labels then go by majority).
    for acronym, name in _acronyms(ctx, mentions):
        if acronym in parent:
            union(name, acronym)

    # Lone surname -> the full person name it ends; several candidates: the nearest one before.
    persons = [k for k in keys if key_label[k] == "PER" and _is_full_person(k)]
    person_set = set(persons)
    # A surname's last word is the same name as the full name's, so ends with the same skeleton letter
    # (see _same_word): look for candidates among those only, in the order of `persons`.
    persons_by_end: dict[str, list[str]] = {}
    for p in persons:
        persons_by_end.setdefault(_skeleton(_name_words(p)[-1])[-1:], []).append(p)
    chosen: dict[int, str] = {}  # id(mention) -> a key of its group, when its own key is ambiguous
    for k in keys:
        if k in person_set:
            continue
        words = _name_words(k)
        near = persons_by_end.get(_skeleton(words[-1])[-1:], []) if words else persons
        candidates = [p for p in near if _surname_of(words, _name_words(p))]
        if len({find(p) for p in candidates}) == 1:
            union(candidates[0], k)
        elif candidates:
            chosen.update(_nearest_full_name(by_key, k, candidates))
        elif len(_name_words(k)) == 1:
            # `Caroline a mérité sa victoire` after `Caroline Garcia`: a first name alone, one person's only
            firsts = {find(p) for p in persons if _name_words(p)[0] == _name_words(k)[0]}
            if len(firsts) == 1:
                union(firsts.pop(), k)

    roots: dict[str, int] = {}
    for m in mentions:
        m.group = roots.setdefault(find(chosen.get(id(m), m.key)), len(roots))
    groups = [_Group() for _ in roots]
    for m in mentions:
        groups[m.group].keys.add(m.key)
    members_of: list[list[_Mention]] = [[] for _ in groups]
    for m in mentions:
        members_of[m.group].append(m)
    for g, members in zip(groups, members_of, strict=True):
        has_full_person = any(key_label[k] == "PER" and _is_full_person(k) for k in g.keys)
        g.label = "PER" if has_full_person else _majority(m.label for m in members)
        g.canonical = _canonical(ctx, members)
    return groups


def _nearest_full_name(by_key: dict[str, list[_Mention]], key: str, candidates: list[str]) -> dict[int, str]:
    """Marine Le Pen and Jean-Marie Le Pen: each lone `Le Pen` goes to the nearest full name before it."""
    full_mentions = sorted((m for c in candidates for m in by_key[c]), key=lambda m: m.start)
    out = {}
    for m in by_key[key]:
        before = [f for f in full_mentions if f.start < m.start]
        out[id(m)] = (before[-1] if before else full_mentions[0]).key
    return out


def _canonical(ctx: _Context, members: list[_Mention]) -> str:
    """The fullest form (most words), then the most frequent, then the first."""
    counts = Counter(m.key for m in members)
    first: dict[str, _Mention] = {}
    for m in sorted(members, key=lambda m: m.start):
        first.setdefault(m.key, m)
    best = max(first, key=lambda k: (len(_name_words(k)), counts[k], -first[k].start))
    surfaces = Counter(ctx.text[m.start : m.end] for m in members if m.key == best)
    return surfaces.most_common(1)[0][0]


# ---------------------------------------------------------------- step 5: names spaCy missed


# Which groups' names are searched for untagged occurrences (measured: see tests and report).
MISSED_PASS_LABELS: frozenset[str] = frozenset({"PER", "ORG"})


def _missed_mentions(ctx: _Context, mentions: list[_Mention], groups: list[_Group]) -> list[_Mention]:
    """`mentions` plus untagged whole-word occurrences of a name tagged elsewhere in the document.

    An occurrence that spaCy tagged only in part (`Vladimir` of `Vladimir Poutine`) is replaced.
    """
    forms: dict[str, int] = {}
    for m in mentions:
        if groups[m.group].label in MISSED_PASS_LABELS:
            forms.setdefault(ctx.nlp_text[m.start : m.end], m.group)
    kept = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in kept]
    for form, gi in sorted(forms.items(), key=lambda f: -len(f[0])):  # longest first
        if not form[0].isupper():
            continue
        for s, e in _whole_word_hits(ctx.nlp_text, form):
            lo = max(0, bisect.bisect_left(starts, s) - 1)  # mentions never overlap: look nearby
            hi = bisect.bisect_left(starts, e)
            inside = [i for i in range(lo, hi) if kept[i].start < e and s < kept[i].end]
            if any(kept[i].start < s or kept[i].end > e or (kept[i].start, kept[i].end) == (s, e) for i in inside):
                continue  # already tagged, or part of a longer name
            if not _stands_alone(ctx, s, e):
                continue
            new = _Mention(s, e, groups[gi].label, ctx.key(s, e), gi)
            at = inside[0] if inside else bisect.bisect_left(starts, s)
            kept[at : at + len(inside)] = [new]
            starts[at : at + len(inside)] = [s]
    return kept


def _joins_word(c: str) -> bool:
    """A character that would make a neighbouring name part of a longer word (regex `[\\w-]`)."""
    return c.isalnum() or c in "_-"


def _whole_word_hits(text: str, form: str) -> Iterable[tuple[int, int]]:
    """Spans of `form` in `text` not glued to a word or hyphen, left to right, not overlapping.

    The same matches as `re.finditer(r"(?<![\\w-])FORM(?![\\w-])")`, without compiling one pattern per
    name and per document (str.find jumps between occurrences).
    """
    n = len(form)
    at = text.find(form)
    while at != -1:
        end = at + n
        if (at == 0 or not _joins_word(text[at - 1])) and (end == len(text) or not _joins_word(text[end])):
            yield at, end
            at = text.find(form, end)
        else:
            at = text.find(form, at + 1)


def _stands_alone(ctx: _Context, s: int, e: int) -> bool:
    """A whole name: token-aligned, within one paragraph, not part of a longer capitalised name."""
    span = ctx.doc.char_span(s, e)
    if span is None or ctx.article.paragraph_at(s) != ctx.article.paragraph_at(e - 1):
        return False
    first, last = span[0], span[-1]
    if _starts_sentence(first) and first.pos_ != "PROPN":
        return False  # a sentence-initial common word that looks like the name
    nxt = ctx.doc[last.i + 1] if last.i + 1 < len(ctx.doc) else None
    prev = ctx.doc[first.i - 1] if first.i > 0 else None
    if nxt is not None and _has_upper(nxt) and nxt.is_alpha:
        return False  # Trump Tower
    if prev is not None and _has_upper(prev) and prev.is_alpha and not _starts_sentence(prev):
        return False
    return True


# ---------------------------------------------------------------- entry point


def extract_entities(article: Article, doc: Doc, *, add_missed: bool = True) -> list[Entity]:
    """Entities of `article` from `doc` (spaCy on `nlp_copy(article.text)`), sorted, never overlapping."""
    ctx = _Context(article, doc)
    mentions = _spacy_mentions(ctx)
    _trim_by_evidence(ctx, mentions)
    _person_tails(ctx, mentions)
    mentions = _person_appositions(ctx, _not_names(ctx, mentions))
    _ministries(ctx, mentions)
    mentions = _without_overlaps(mentions)
    groups = _group(ctx, mentions)
    for m in mentions:
        m.label = groups[m.group].label
    if add_missed:
        mentions = _missed_mentions(ctx, mentions, groups)
    text = article.text
    return [
        Entity(m.start, m.end, text[m.start : m.end], m.label, groups[m.group].canonical, article.paragraph_at(m.start))
        for m in sorted(mentions, key=lambda m: (m.start, m.end))
    ]


def _without_overlaps(mentions: list[_Mention]) -> list[_Mention]:
    """Keep the longer of two overlapping mentions (spaCy's spans never overlap; trimmed ones neither)."""
    kept: list[_Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if kept and m.start < kept[-1].end:
            if m.end - m.start > kept[-1].end - kept[-1].start:
                kept[-1] = m
            continue
        kept.append(m)
    return kept
