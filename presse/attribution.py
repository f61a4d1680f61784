"""Who said it: the subject of a speech verb, `selon X`, pronouns and descriptions resolved to names.

Works on spaCy tokens (the doc of `nlp_copy(article.text)`: token.idx indexes article.text) and on the
consolidated entities (`canonical` names). The parser's labels are used where they are reliable (the
subject before a verb, `que` clauses); inverted subjects (`», a déclaré aux journalistes le porte-parole
du Kremlin, Dmitri Peskov.`) are read off the token sequence, which the parser often gets wrong.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .entities import PERSON_NOUNS
from .model import Article, Entity
from .speechverbs import (
    DOCUMENT_NOUNS,
    FIRST_PERSON,
    GENERIC_ORG_NOUNS,
    GROUP_DETERMINERS,
    NOT_INDIRECT,
    ORG_NOUNS,
    SUBJECT_PRONOUNS,
    inverted_speech_at,
    is_speech_verb,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# A sentence ends at . ! ? … before a capital or an opening mark — not after an initial or a title (M. Macron).
_SENTENCE_END = re.compile(
    r"(?<!\b[A-ZÀ-Þ])(?<!\bMM)(?<!\bMr)(?<!\bDr)(?<!\bPr)(?<!\bSt)(?<!\bMgr)"
    r"[.!?…]+(?=[\s\"«“”»’‘]*(?:$|[A-ZÀ-ÖØ-Þ«“‘\"]))"
)
_PP_PREPOSITIONS = frozenset(
    "à au aux devant dans lors sur pendant en par avec chez auprès après avant depuis sous vers contre pour durant "
    "face via entre".split()
)
_NOT_SELON_TARGET = frozenset(
    "lesquels lesquelles laquelle lequel qui que quoi moi nous toi vous les la le des un une ce cette ces".split()
)
_TIME_WORDS = frozenset(
    """lundi mardi mercredi jeudi vendredi samedi dimanche matin soir midi hier aujourd'hui demain semaine mois
    année janvier février mars avril mai juin juillet août septembre octobre novembre décembre""".split()
)
# Bounds that keep attribution linear in the text's length: how far around a quote a cue is looked for
# (characters) and how many earlier speakers or mentions are tried.
_WINDOW = 400
_LOOKBACK = 200
# `le Slovène`, `l'Américaine`, `le Britannique`: nationality nouns describing a person.
_NATIONALITY = re.compile(r"(?:ain|aine|ais|aise|ien|ienne|ène|ois|oise|and|ande|ique|ec|èque)$")
_SELON_WORDS = re.compile(r"(?i)\b(?:selon|après|pour)\b")
_FIRST_PERSON_POSSESSIVES = frozenset({"nos", "notre", "mes", "ma", "mon"})
_CLITICS = frozenset({"t", "lui", "leur", "y", "en", "ne", "pas", "n'", "n’", "s'", "s’", "se", "l'", "l’", "le", "la", "les"})
_FEM_TITLES = frozenset({"mme", "madame", "mlle", "mademoiselle"})
_MASC_TITLES = frozenset({"m.", "monsieur", "mr"})
_NP_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM"})
# What someone says, as a noun: `Le constat du groupe est sans appel : « … »`.
_STATEMENT_NOUNS = frozenset(
    "constat message position réponse verdict analyse avis conclusion diagnostic credo leitmotiv explication "
    "argument conviction sentiment réaction discours ligne commentaire mot".split()
)
# Determiners that open an inverted subject after a verb of saying (`», soupire une usagère`).
_INCISE_SUBJECT_DETS = frozenset("le la l' l’ les un une son sa ses leur leurs ce cet cette m. mme me".split())


@dataclass(frozen=True, slots=True)
class Resolved:
    """A speaker as found for one quote."""

    name: str
    label: str  # PER ORG LOC MISC GROUP
    start: int | None  # where the speaker is named next to the quote (the name, description or pronoun)
    end: int | None
    cue: str  # the speech verb, "selon", "continuation", "nearest"...
    named: bool = True  # a named entity (not a bare description)
    gender: str | None = None

    def as_continuation(self) -> Resolved:
        return replace(self, start=None, end=None, cue="continuation")


class Attributor:
    def __init__(self, article: Article, doc: Doc, entities: list[Entity], quote_extents: list[tuple[int, int]]):
        self.article = article
        self.text = article.text
        self.doc = doc
        self.tok_starts = [t.idx for t in doc]
        self.quotes = sorted(quote_extents)
        self.quote_starts = [a for a, _ in self.quotes]
        # A name starts with a capital: `de la République` tagged PER is the recogniser's mistake.
        # (an organisation may start in lower case: `ministère des Armées`)
        self.entities = sorted((e for e in entities if e.text[:1].isupper() or e.text[:1].isdigit() or e.label == "ORG"), key=lambda e: e.start)
        self.ent_starts = [e.start for e in self.entities]
        self._sentences: dict[int, list[int]] = {}
        self.speakers: list[tuple[int, Resolved]] = []  # sorted by position
        self.unnamed: list[tuple[int, Resolved]] = []  # speakers known only by a description (`la ministre`)
        self.gender: dict[str, str] = {}
        self.descriptions: dict[str, list[tuple[int, str]]] = {}  # normalised description -> (pos, name)
        self.heads: dict[str, list[tuple[int, str]]] = {}  # head noun of a description -> (pos, name)
        self.roles: dict[str, set[str]] = {}  # person -> role nouns seen in apposition (`avocat`, `ministre`)
        self.subject_mentions: list[tuple[int, Entity]] = []
        self.person_mentions: list[tuple[int, Entity]] = []
        self.org_subjects: list[tuple[int, Entity]] = []
        self._learn_people()

    # -- text and token helpers -------------------------------------------------------------------

    def in_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.quote_starts, pos) - 1
        return i >= 0 and self.quotes[i][0] <= pos < self.quotes[i][1]

    def next_quote_start(self, pos: int) -> int:
        i = bisect.bisect_left(self.quote_starts, pos)
        return self.quotes[i][0] if i < len(self.quotes) else len(self.text)

    def prev_quote_end(self, pos: int) -> int:
        i = bisect.bisect_left(self.quote_starts, pos) - 1
        return self.quotes[i][1] if i >= 0 else 0

    def tokens_in(self, a: int, b: int) -> range:
        return range(bisect.bisect_left(self.tok_starts, a), bisect.bisect_left(self.tok_starts, b))

    def token_at(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.tok_starts, pos) - 1)

    def entity_at(self, pos: int) -> Entity | None:
        i = bisect.bisect_right(self.ent_starts, pos) - 1
        if i >= 0 and self.entities[i].start <= pos < self.entities[i].end:
            return self.entities[i]
        return None

    def entities_in(self, a: int, b: int) -> list[Entity]:
        i = bisect.bisect_left(self.ent_starts, a)
        out = []
        while i < len(self.entities) and self.entities[i].start < b:
            if self.entities[i].end <= b:
                out.append(self.entities[i])
            i += 1
        return out

    def sentence(self, pos: int) -> tuple[int, int]:
        """The sentence around `pos` within its paragraph (breaks inside quotes do not count)."""
        pi = self.article.paragraph_at(pos)
        p = self.article.paragraphs[pi]
        breaks = self._sentences.get(pi)
        if breaks is None:
            breaks = [p.start]
            for m in _SENTENCE_END.finditer(self.text, p.start, p.end):
                if not self.in_quote(m.start()):
                    breaks.append(m.end())
            breaks.append(p.end)
            self._sentences[pi] = breaks
        i = bisect.bisect_right(breaks, pos) - 1
        i = min(max(i, 0), len(breaks) - 2)
        return breaks[i], breaks[i + 1]

    def span_of(self, i0: int, i1: int) -> tuple[int, int]:
        last = self.doc[i1 - 1]
        return self.doc[i0].idx, last.idx + len(last.text)

    def trim_end(self, a: int, b: int) -> int:
        while b > a and (self.text[b - 1].isspace() or self.text[b - 1] in ",;:.(–—-\u00a0\u202f"):
            b -= 1
        return b

    # -- what the article says about people -----------------------------------------------------

    def _learn_people(self) -> None:
        """Gender cues (Mme X, la ministre X) and descriptions in apposition (le porte-parole du Kremlin,
        Dmitri Peskov) for every person mentioned."""
        for e in self.entities:
            if e.label == "ORG":
                ti = self.token_at(e.start)
                prev = self.doc[ti - 1] if ti > 0 else None
                if prev is None or not (prev.pos_ == "ADP" or prev.lower_ in ("de", "du", "des", "d'")):
                    self.org_subjects.append((e.start, e))  # a body named outside a prepositional phrase
                if ti > 0 and self.doc[ti - 1].lower_ in GENERIC_ORG_NOUNS:  # le groupe Chimex
                    self.heads.setdefault(self.doc[ti - 1].lower_, []).append((e.start, e.canonical))
            if e.label != "PER":
                continue
            self.person_mentions.append((e.start, e))
            ti = self.token_at(e.start)
            tok = self.doc[ti]
            node = tok
            for _ in range(3):  # `L'avocat de la défense, Me Antoine Vey, a plaidé`: an apposition to the subject
                if node.dep_ not in ("appos", "flat:name", "flat") or node.head.i == node.i:
                    break
                node = node.head
            if node.dep_.startswith("nsubj") or (node.head.dep_.startswith("nsubj") and node.head.i != node.i):
                self.subject_mentions.append((e.start, e))
            elif _lost_subject(node):
                self.subject_mentions.append((e.start, e))
            desc = self._description_before(ti) or self._description_after(self.token_at(e.end - 1) + 1)
            if desc is not None:
                key, head, det = desc
                self.descriptions.setdefault(key, []).append((e.start, e.canonical))
                self.heads.setdefault(head, []).append((e.start, e.canonical))
                self.roles.setdefault(e.canonical, set()).add(_role_stem(head))
                g = _det_gender(det)
                if g:
                    self.gender.setdefault(e.canonical, g)
            after = self.token_at(e.end - 1) + 1
            if e.canonical not in self.gender and after + 1 < len(self.doc) and self.doc[after].text == ",":
                noun = self.doc[after + 1]  # `Julien Mercier, associé chez Partech`: the apposed noun's gender
                if noun.text.islower() and (noun.lower_ in PERSON_NOUNS or noun.lower_ in _ROLE_NOUNS):
                    g = _gender_of(noun)
                    if g:
                        self.gender[e.canonical] = g
            if ti > 0 and e.canonical not in self.gender:
                prev = self.doc[ti - 1].lower_
                if prev in _FEM_TITLES:
                    self.gender[e.canonical] = "Fem"
                elif prev in _MASC_TITLES:
                    self.gender[e.canonical] = "Masc"

    def _description_before(self, ti: int) -> tuple[str, str, str] | None:
        """`le porte-parole du Kremlin, ` / `le président russe ` right before the name at token ti."""
        j = ti - 1
        if j >= 0 and self.doc[j].text == ",":
            j -= 1
        words: list[Token] = []
        while j >= 0 and len(words) < 8:
            t = self.doc[j]
            if t.pos_ in ("NOUN", "ADJ", "PROPN") or t.lower_ in ("de", "du", "des", "d'"):
                person = self.entity_at(t.idx)  # the consolidated entities: spaCy's raw tags stray onto titles
                if person is not None and person.label == "PER":
                    break
                words.append(t)
                j -= 1
                continue
            if t.pos_ == "DET":
                words.append(t)
                if j > 0 and self.doc[j - 1].lower_ in ("de", "à", "d'") and j - 2 >= 0 and self.doc[j - 2].pos_ in ("NOUN", "ADJ"):
                    j -= 1  # `le maire de la commune, X`: `la` belongs to the complement, go on to `le maire`
                    continue
            break
        words.reverse()
        if words and words[-1].lower_ in ("de", "d'", "d’") and self.doc[ti - 1].i == words[-1].i:
            return None  # `à l'adresse de Y`, `la mère de Y`: Y is the complement, not the one described
        return _description_key(words)

    def _description_after(self, ti: int) -> tuple[str, str, str] | None:
        """`Dmitri Peskov, le porte-parole du Kremlin`."""
        if ti >= len(self.doc) or self.doc[ti].text != ",":
            return None
        words: list[Token] = []
        j = ti + 1
        while j < len(self.doc) and len(words) < 8:
            t = self.doc[j]
            if t.pos_ in ("NOUN", "ADJ", "PROPN", "DET") or t.lower_ in ("de", "du", "des", "d'"):
                words.append(t)
                j += 1
                continue
            break
        if not words or words[0].pos_ != "DET":
            return None
        return _description_key(words)

    def note_speaker(self, who: Resolved, pos: int) -> None:
        if who.named and who.label != "GROUP":
            bisect.insort(self.speakers, (pos, who), key=lambda x: x[0])
        elif who.label == "PER" and who.cue not in ("nearest", "title"):
            bisect.insort(self.unnamed, (pos, who), key=lambda x: x[0])

    def _described_speaker_since(self, pos: int, since: int, gender: str | None) -> Resolved | None:
        """A speaker known only by a description, in this paragraph, who spoke after `since`
        (`La ministre a salué « … ». « … », a-t-elle écrit`)."""
        floor = max(since, self.article.paragraphs[self.article.paragraph_at(pos)].start)
        i = bisect.bisect_left(self.unnamed, pos, key=lambda x: x[0]) - 1
        if i < 0 or self.unnamed[i][0] < floor:
            return None
        who = self.unnamed[i][1]
        return who if gender is None or who.gender in (None, gender) else None

    def title_person(self) -> Resolved | None:
        """A person named in the title only (`Emmanuel Macron : « … »`): capitalised words in a row."""
        title = self.article.title or ""
        m = re.search(r"\b([A-ZÀ-Ý][\w’'-]+(?:\s+(?:de |du |van |von |d’|d')?[A-ZÀ-Ý][\w’'-]+)+)", title)
        if m is None:
            m = re.match(r"\s*([A-ZÀ-Ý][\w’'-]+)\s*:", title)
            if m is not None and not any(e.label == "PER" and m.group(1) in e.text.split() for e in self.entities):
                return None  # `Nucléaire : …` is a topic, not a person (whom the body would name)
        if m is None:
            return None
        name = m.group(1)
        for e in self.entities:  # the consolidated form, if the body names them too
            if e.label == "PER" and (e.text == name or e.canonical.endswith(name.split()[-1])):
                name = e.canonical
                break
        return Resolved(name, "PER", None, None, "title")

    # -- speakers before a position -------------------------------------------------------------

    def nearest_speaker(self, pos: int, gender: str | None = None) -> Resolved | None:
        """The nearest earlier named speaker or subject that fits, else the title's person."""
        cand = self._latest_person(pos, gender)
        if cand is not None:
            return replace(cand, start=None, end=None, cue="nearest")
        t = self.title_person()
        return replace(t, cue="nearest") if t else None

    def _latest_person(self, pos: int, gender: str | None, groups: bool = False) -> Resolved | None:
        best: tuple[int, Resolved] | None = None
        i = bisect.bisect_left(self.speakers, pos, key=lambda x: x[0]) - 1
        stop = max(-1, i - _LOOKBACK)
        while i > stop:
            p, who = self.speakers[i]
            if (who.label == "GROUP") == groups and (groups or who.label == "PER") and self._fits(who.name, gender):
                best = (p, who)
                break
            i -= 1
        if groups:
            return best[1] if best else None
        # a person named as a subject since (else any person named since, when none was a subject)
        for mentions in (self.subject_mentions, self.person_mentions):
            j = bisect.bisect_left(mentions, pos, key=lambda x: x[0]) - 1
            stop = max(-1, j - _LOOKBACK)
            found = False
            while j > stop:
                p, e = mentions[j]
                if not self.in_quote(p) and self._fits(e.canonical, gender):
                    found = True
                    if best is None or p > best[0]:
                        best = (p, Resolved(e.canonical, "PER", e.start, e.end, "mention", gender=self.gender.get(e.canonical)))
                    break
                j -= 1
            if found:
                break
        return best[1] if best else None

    def _fits(self, name: str, gender: str | None) -> bool:
        known = self.gender.get(name)
        return gender is None or known is None or known == gender

    # -- cues ----------------------------------------------------------------------------------

    def cue_after(self, after: int) -> Resolved | None:
        """`», a déclaré X`, `», explique-t-il`, `» a ensuite précisé Febelfin`, `», le ministre a ajouté`."""
        stripped = self.text[after:after + 3].lstrip(" \u00a0\u202f")
        if stripped[:1].isupper() and self.text[:after].rstrip(" \u00a0\u202f»”\"’").endswith((".", "!", "?", "…")):
            return None  # `« … jusqu'au bout. » L'inspection, de son côté, évoque …`: a new sentence
        _, s_end = self.sentence(after)
        end = min(s_end, self.next_quote_start(after), self.article.paragraphs[self.article.paragraph_at(after)].end, after + _WINDOW)
        toks = self.tokens_in(after, end)
        pronoun: Token | None = None
        np_start: int | None = None
        seen = 0
        for ti in toks:
            t = self.doc[ti]
            low = t.lower_.strip("-")
            if t.is_punct and seen == 0 and t.text in ",–—-":
                continue
            if t.text == "-":  # `ont - elles déploré`: the inversion's hyphen split off by the tokenizer
                continue
            seen += 1
            if seen > 9:
                return None
            vi = self._incise_verb(ti, toks.stop, seen) if seen <= 2 else None
            if vi is not None:
                return self._subject_after_verb(vi, end, None, None, self.doc[vi].text)
            if _faire_savoir(t):  # `», a fait savoir X`, `», fait valoir X`
                return self._subject_after_verb(ti + 1, end, pronoun, np_start, t.text + " " + self.doc[ti + 1].text)
            if t.pos_ in ("VERB", "AUX", "ADJ", "NOUN") and is_speech_verb(t.lemma_, t.text, adjacent=True) and t.pos_ != "NOUN":
                return self._subject_after_verb(ti, end, pronoun, np_start, t.text)
            if t.pos_ == "NOUN" and np_start is None and is_speech_verb(t.lemma_, t.text, adjacent=True) and ti + 1 < len(self.doc) and self.doc[ti + 1].lower_.strip("-") in ("t", "il", "elle", "ils", "elles"):
                return self._subject_after_verb(ti, end, pronoun, np_start, t.text)
            if low in SUBJECT_PRONOUNS:
                pronoun = t
                continue
            if low in ("t-on", "on") and t.text.startswith("-"):
                # `», a-t-on précisé à l'ARS`: the place or body after the verb speaks
                k = ti + 1
                while k < toks.stop and not (
                    is_speech_verb(self.doc[k].lemma_, self.doc[k].text, adjacent=True) or self.doc[k].lower_ in ("lire", "lit")
                ):  # `», peut-on lire dans le rapport`: the text read speaks
                    if self.doc[k].pos_ not in ("ADV", "VERB", "AUX") or k - ti > 3:
                        return None
                    k += 1
                return self._on_at(k + 1, toks.stop, self.doc[k].text) if k < toks.stop else None
            if low in FIRST_PERSON:
                return None
            if t.pos_ in ("AUX", "ADV") or low in _CLITICS:
                continue
            if t.pos_ in _NP_POS or t.lower_ in ("de", "du", "des", "d'"):
                if np_start is None:
                    np_start = ti
                continue
            if t.is_punct and t.text == ",":
                continue
            return None
        return None

    def _incise_verb(self, ti: int, stop: int, seen: int) -> int | None:
        """`», soupire Nadia`, `», s'agace-t-elle`, `», tempête le maire`, `», a attaqué la secrétaire`: right
        after the closing mark and its comma, a lowercase word followed by an inverted subject is a speech
        verb by construction, whether the lexicon knows it or the tagger took it for a noun. The verb's
        token index, else None."""
        t = self.doc[ti]
        if seen == 2 and self.doc[ti - 1].lower_ not in ("s'", "s’", "se"):
            return None  # only a reflexive clitic may come first (`», s'emporte X`)
        if not t.is_alpha or not t.text.islower() or ti + 1 >= stop:
            return None
        if t.lower_ in ("a", "avait") and seen == 1 and ti + 2 < stop:
            part = self.doc[ti + 1]  # `», a attaqué la secrétaire nationale`: an inverted compound past
            if part.is_alpha and part.text.islower() and part.text.endswith(("é", "i", "u", "is", "it", "t")):
                return ti + 1 if self._incise_verb(ti + 1, stop, 1) is not None or self._inverted_subject_at(ti + 2, stop) else None
            return None
        if t.pos_ in ("DET", "ADP", "CCONJ", "SCONJ", "PRON", "NUM", "ADV", "AUX") or t.lower_ in _CLITICS:
            return None
        nxt = self.doc[ti + 1]
        if nxt.text.startswith("-") and nxt.lower_.strip("-").split("-")[-1] in ("t", "il", "elle", "ils", "elles", "on"):
            return ti  # `», sourit-il`: the hyphenated inverted pronoun makes it a verb
        if not self._inverted_subject_at(ti + 1, stop):
            return None
        if is_speech_verb(t.lemma_, t.text, adjacent=True):
            return ti
        # an unknown verb: a third-person form (`tempête`, `sourit`, `répond`), never a noun with its complement
        return ti if t.text.endswith(("e", "t", "d")) and t.pos_ != "PROPN" and len(t.text) > 3 else None

    def _inverted_subject_at(self, j: int, stop: int) -> bool:
        """A subject opens at token j (after adverbs): a capitalised name or a determiner and its noun."""
        while j < stop and self.doc[j].pos_ == "ADV" and self.doc[j].text.islower():
            j += 1  # `», soupire encore X`
        if j >= stop:
            return False
        subj = self.doc[j]
        names = subj.text[:1].isupper() and subj.is_alpha and (subj.pos_ in ("PROPN", "NOUN", "X") or self.entity_at(subj.idx) is not None)
        described = subj.lower_ in _INCISE_SUBJECT_DETS and j + 1 < stop and self.doc[j + 1].pos_ in ("NOUN", "PROPN", "ADJ")
        return names or described

    def _subject_after_verb(self, vi: int, end: int, pronoun: Token | None, np_start: int | None, cue: str) -> Resolved | None:
        if pronoun is not None:
            return self.resolve_pronoun(pronoun.i, cue)
        if np_start is not None:
            if any(self.doc[k].text == "," for k in range(np_start, vi)):
                # `« prend acte » des conclusions, a indiqué son entourage`: the words before the comma end
                # the sentence the quote is in; the subject comes after the verb
                after = self.tokens_in(self.doc[vi].idx + len(self.doc[vi].text), end)
                np = self.inverted_np(after.start, after.stop) if after.start < after.stop else None
                if np is not None:
                    return self.resolve_np(np[0], np[1], cue)
            return self.resolve_np(np_start, vi, cue)
        after = self.tokens_in(self.doc[vi].idx + len(self.doc[vi].text), end)
        for ti in after:
            low = self.doc[ti].lower_.strip("-")
            if low == "t":
                continue
            if low in SUBJECT_PRONOUNS:
                return self.resolve_pronoun(ti, cue)
            if low == "on":
                k = ti + 1
                while k < after.stop and "Inf" in self.doc[k].morph.get("VerbForm"):
                    k += 1  # `», peut-on lire dans le rapport`
                return self._on_at(k, after.stop, cue)
            if low in FIRST_PERSON:
                return None
            break
        one = self._one_of(after.start, cue) if after.start < after.stop else None  # `», lui a lancé l'un d'eux`
        if one is not None:
            return one
        np = self.inverted_np(after.start, after.stop)
        if np is not None:
            return self.resolve_np(np[0], np[1], cue)
        return self.subject_of_verb(vi, cue, allow_inverted=False)

    def _on_at(self, i: int, i1: int, cue: str) -> Resolved | None:
        """`», indique-t-on à l'Elysée`, `explique-t-on dans l'entourage du ministre`: the place speaks."""
        if i >= i1 or self.doc[i].lower_ not in ("à", "au", "aux", "chez", "dans", "du", "auprès"):
            return None
        j = i + 1
        while j + 1 < i1 and self.doc[j + 1].lower_ in ("entourage", "côté"):
            j += 3 if j + 2 < i1 and self.doc[j + 2].lower_ in ("de", "du", "des", "d'") else 2
        np = self.inverted_np(j, i1)
        return self.resolve_np(np[0], np[1], cue) if np is not None else None

    def cue_before_colon(self, open_pos: int) -> Resolved | None:
        """`X a déclaré : «`, `X précise que : «`, `X a déclaré qu’«`, `X a rappelé «`, `X : «`."""
        s_start, _ = self.sentence(open_pos)
        s_start = max(s_start, self.prev_quote_end(open_pos), open_pos - _WINDOW)
        before = self.text[s_start:open_pos].rstrip()
        low = before.lower()
        toks = [ti for ti in self.tokens_in(s_start, open_pos) if not self.in_quote(self.doc[ti].idx)]
        if not toks:
            return None
        last = self.doc[toks[-1]]
        colon = low.endswith(":")
        que = low.endswith(("que", "qu'", "qu’")) and not colon
        if not (colon or que or _speech_token(last)):
            return None
        for ti in reversed(toks):
            t = self.doc[ti]
            if _speech_token(t, adjacent=colon):
                return self.subject_of_verb(ti, t.text)
        if colon:
            who = self._colon_subject(toks)
            if who is not None:
                return who
            # `X : «…»` with no verb: the entity right before the colon
            colon_ti = toks[-1]
            e = self.entity_at(self.doc[colon_ti - 1].idx) if colon_ti > 0 else None
            if e is not None and e.label in ("PER", "ORG"):
                return Resolved(e.canonical, e.label, e.start, e.end, ":", gender=self.gender.get(e.canonical))
            j = colon_ti - 1
            while j >= 0 and j >= colon_ti - 4 and self.doc[j].text[:1].isupper() and (self.doc[j].pos_ == "PROPN" or self.doc[j].ent_type_ in ("PER", "ORG")):
                j -= 1
            if j < colon_ti - 1 and (j < 0 or self.doc[j].idx < s_start or self.doc[j].is_punct):
                # `Macron : « … »` (a headline): a proper name the recogniser missed, alone before the colon
                a, b = self.span_of(j + 1, colon_ti)
                return Resolved(self.text[a:b], "PER", a, b, ":")
        return None

    def _colon_subject(self, toks: list[int]) -> Resolved | None:
        """`Émilie, mère de deux enfants, ne décolère pas : « … »`: a clause before the colon whose subject
        is named there; `Le constat du groupe est sans appel : « … »`: a statement noun whose complement
        names the speaker."""
        first = self.doc[toks[0]]
        if first.pos_ == "DET" and len(toks) > 3:
            head = self.doc[toks[1]]
            nxt = self.doc[toks[2]]
            if head.lower_ in _STATEMENT_NOUNS and nxt.lower_ in ("du", "de", "des", "d'"):
                np = self.inverted_np(toks[3] - (1 if self.doc[toks[3]].pos_ == "DET" or nxt.lower_ != "du" else 0), toks[-1])
                if np is not None:
                    who = self.resolve_np(np[0], np[1], ":")
                    if who is not None and who.label != "GROUP":
                        return who
        verbs = [ti for ti in toks if self.doc[ti].pos_ == "VERB" and _finite_verb(self.doc[ti])]
        verbs = verbs or [ti for ti in toks if self.doc[ti].pos_ == "AUX"]  # the lexical verb carries the subject
        if not verbs:
            # the parse lost the verb (`…, la dirigeante botte en touche :`): a person noun opening the clause
            commas = [k for k, ti in enumerate(toks) if self.doc[ti].text == ","]
            k = commas[-1] + 1 if commas else 0
            if k + 1 < len(toks) and self.doc[toks[k]].pos_ == "DET" and self.doc[toks[k + 1]].lower_ in PERSON_NOUNS:
                return self.resolve_np(toks[k], toks[k + 2], ":")
            return None
        # the main verb (`Interrogée sur …, la dirigeante botte en touche :` — not the participle)
        main = next((ti for ti in verbs if self.doc[ti].dep_ == "ROOT"), verbs[-1])
        who = self.subject_of_verb(main, ":", allow_inverted=False)
        if who is None or who.start is None or who.start < self.doc[toks[0]].idx:
            return None
        # named there (a name, a pronoun, a person noun: `la dirigeante botte en touche : «`), not any
        # description resolved to someone (`l'essentiel est ailleurs : «`)
        said = self.text[who.start : who.end].lower()
        words = said.replace("’", "'").split("'")[-1].split()
        person = bool(words) and (words[0] in _ROLE_NOUNS or words[0] in _RELATIVE_NOUNS or words[0] in PERSON_NOUNS)
        if not who.named:  # someone new described (`Son voisin, un retraité, est plus remonté : «`)
            words = [w for w in said.replace("’", "'").replace("l'", "l' ").split() if w not in _DESCRIPTION_DETS]
            return who if words and (words[0] in PERSON_NOUNS or words[0] in _RELATIVE_NOUNS) else None
        return who if self.entities_in(who.start, who.end) or said in SUBJECT_PRONOUNS or person else None

    def cue_selon(self, open_pos: int, after_close: int) -> Resolved | None:
        """`selon X`, `d'après X` in the quote's sentence (after it first), `Pour X, «…»`."""
        s_start, _ = self.sentence(open_pos)
        s_start = max(s_start, open_pos - _WINDOW)
        _, s_end = self.sentence(max(after_close - 1, open_pos))
        s_end = min(s_end, after_close + _WINDOW)
        if not _SELON_WORDS.search(self.text, s_start, s_end):
            return None  # the cheap test first: most quotes have no `selon` around them
        after = [ti for ti in self.tokens_in(after_close, s_end) if not self.in_quote(self.doc[ti].idx)]
        before = [ti for ti in self.tokens_in(s_start, open_pos) if not self.in_quote(self.doc[ti].idx)]
        for ti in after + list(reversed(before)):
            t = self.doc[ti]
            low = t.lower_
            is_selon = low == "selon" or (low == "après" and ti > 0 and self.doc[ti - 1].lower_ in ("d'", "d’"))
            is_pour = low == "pour" and before and ti == before[0] and self._comma_after_np(ti + 1, open_pos)
            if not (is_selon or is_pour):
                continue
            if ti + 1 >= len(self.doc):
                continue
            nxt = self.doc[ti + 1]
            if nxt.lower_ in ("lui", "elle", "eux", "elles"):
                g = "Fem" if nxt.lower_.startswith("elle") else "Masc"
                who = self._pronoun(nxt.i, g, nxt.lower_ in ("eux", "elles"), "selon")
                if who is not None:
                    return who
                continue
            one = self._one_of(ti + 1, "selon")  # `selon un de ses camarades de régiment`: someone unnamed
            if one is not None:
                return one
            if nxt.lower_ in _NOT_SELON_TARGET and nxt.pos_ != "DET" or nxt.lower_ in _FIRST_PERSON_POSSESSIVES:
                continue  # `selon lesquelles`, `selon nos informations`
            limit = s_end if ti in after else open_pos
            np = self.inverted_np(ti + 1, self.tokens_in(self.doc[ti].idx, limit).stop)
            if np is not None and np[0] == ti + 1:
                who = self.resolve_np(np[0], np[1], "selon" if is_selon else "pour")
                if who is not None:
                    return who
        return None

    def _one_of(self, i: int, cue: str) -> Resolved | None:
        """`un de ses camarades de régiment`, `l'un d'eux` from token i: one unnamed member of a group."""
        j = i + 1 if i < len(self.doc) and self.doc[i].lower_ in ("l'", "l’") else i
        if j + 1 >= len(self.doc) or self.doc[j].lower_ not in ("un", "une") or self.doc[j + 1].lower_ not in ("de", "d'", "des", "du"):
            return None
        k = j + 2
        if k < len(self.doc) and self.doc[k].lower_ in ("eux", "elles"):
            end = k + 1
        else:
            noun = next((m for m in range(k, min(k + 3, len(self.doc))) if self.doc[m].pos_ == "NOUN"), None)
            if noun is None:
                return None
            end = self.np_around(noun)[1]
        a = self.doc[i].idx
        b = self.trim_end(a, self.span_of(i, end)[1])
        return Resolved(self.text[a:b], "PER", a, b, cue, named=False)

    def _comma_after_np(self, ti: int, limit: int) -> bool:
        for j in self.tokens_in(self.doc[ti].idx if ti < len(self.doc) else limit, limit):
            if self.doc[j].text == ",":
                return True
            if self.doc[j].pos_ not in _NP_POS and self.doc[j].lower_ not in ("de", "du", "des", "d'"):
                return False
        return False

    def cue_verb_before(self, open_pos: int) -> Resolved | None:
        """A speech verb earlier in the quote's sentence (`Poutine a déclaré que … signifierait “…”`)."""
        s_start, _ = self.sentence(open_pos)
        for ti in reversed(self.tokens_in(max(s_start, open_pos - _WINDOW), open_pos)):
            t = self.doc[ti]
            if self.in_quote(t.idx):
                continue
            if _speech_token(t):
                return self.subject_of_verb(ti, t.text)
        return None

    def quote_in_reported_speech(self, open_pos: int) -> bool:
        """The quote is part of what an earlier speech verb of its sentence governs (`a estimé que le
        mouvement était « injustifié »`), not a scare quote after another clause (`…, et X a présenté un
        « plan de victoire »`): the quote's words hang under the verb, not through a coordinated verb."""
        s_start, _ = self.sentence(open_pos)
        ti = self.token_at(open_pos) + 1
        if ti >= len(self.doc):
            return False
        for vi in reversed(self.tokens_in(max(s_start, open_pos - _WINDOW), open_pos)):
            v = self.doc[vi]
            if self.in_quote(v.idx) or not _speech_token(v):
                continue
            node = self.doc[ti]
            for _ in range(12):
                if node.i == v.i:
                    return True
                if node.dep_ == "conj" and node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
                    return False
                node = node.head
            return False
        return False

    # -- subjects -------------------------------------------------------------------------------

    def subject_of_verb(self, vi: int, cue: str, allow_inverted: bool = True) -> Resolved | None:
        v = self.doc[vi]
        sentence = self.sentence(v.idx)
        for _ in range(5):
            subj = next(
                (
                    c
                    for c in v.children
                    if c.dep_ in ("nsubj", "nsubj:pass", "expl:subj")
                    and c.lower_.strip("-") != "t"
                    and not self.in_quote(c.idx)
                    and sentence[0] <= c.idx < sentence[1]  # the parse may run across sentences
                ),
                None,
            )
            if subj is not None:
                low = subj.lower_.strip("-")
                if low in FIRST_PERSON:
                    return None
                if low in SUBJECT_PRONOUNS:
                    gov = self._governing_subject(v, cue)
                    return gov if gov is not None else self.resolve_pronoun(subj.i, cue)
                if low in ("qui", "lequel", "laquelle") and v.dep_.startswith("acl") and v.head.i != v.i:
                    return self.resolve_np(*self.np_around(v.head.i), cue)
                if subj.pos_ in ("NOUN", "PROPN", "PRON", "DET", "NUM", "ADJ", "X"):
                    return self.resolve_np(*self.np_around(subj.i), cue)
            if v.dep_ in ("conj", "xcomp", "advcl", "acl") and v.head.i != v.i and sentence[0] <= v.head.idx < sentence[1]:
                v = v.head
                continue
            break
        pre = self._preverbal_subject(vi, cue)
        if pre is not None:
            return pre
        if allow_inverted and v.pos_ in ("VERB", "AUX"):
            # `a déclaré aux journalistes le porte-parole` (often parsed as an object), from the verb reached
            _, s_end = self.sentence(v.idx)
            toks = self.tokens_in(v.idx + 1, min(s_end, self.next_quote_start(v.idx)))
            np = self.inverted_np(toks.start, toks.stop)
            if np is not None and np[0] <= v.i + 6 and (v.i == vi or np[1] <= vi):
                return self.resolve_np(np[0], np[1], cue)
        return None

    def _preverbal_subject(self, vi: int, cue: str) -> Resolved | None:
        """When the parse gives the verb no subject: a pronoun right before it (`il a dit`), else the
        nearest person or body named earlier in its sentence outside a prepositional phrase
        (`Laurent Berger, secrétaire général de la CFDT, a prévenu`)."""
        s_start, _ = self.sentence(self.doc[vi].idx)
        j = vi - 1
        while j >= 0 and self.doc[j].idx >= s_start:
            t = self.doc[j]
            low = t.lower_.strip("-")
            if self.in_quote(t.idx):
                return None
            if low in SUBJECT_PRONOUNS:
                return self.resolve_pronoun(j, cue)
            if low in FIRST_PERSON:
                return None
            if t.pos_ in ("AUX", "ADV") or low in ("ne", "n'", "lui", "leur", "y", "en", "se", "s'", "l'", "t"):
                j -= 1
                continue
            break
        best: Entity | None = None
        v = self.doc[vi]
        gerund = "Part" in v.morph.get("VerbForm") and "Pres" in v.morph.get("Tense")
        for e in self.entities_in(max(s_start, v.idx - _WINDOW), v.idx):
            if e.label not in ("PER", "ORG") or self.in_quote(e.start):
                continue
            ti = self.token_at(e.start)
            prev = self.doc[ti - 1] if ti > 0 else None
            if prev is not None and prev.idx >= s_start and (prev.pos_ == "ADP" or prev.lower_ in ("de", "du", "des", "d'")):
                continue
            if best is None or (e.label == "PER" and best.label != "PER") or e.label == best.label:
                best = e if best is None or e.label == "PER" or best.label != "PER" else best
            if best is not None and gerund:
                break  # `X a félicité Y, affirmant que …`: a participle's subject is its sentence's first
        if best is None:
            return self._sentence_initial_name(s_start, vi, cue) or self._sentence_initial_np(s_start, vi, cue)
        return Resolved(best.canonical, best.label, best.start, best.end, cue, gender=self.gender.get(best.canonical))

    def _sentence_initial_np(self, s_start: int, vi: int, cue: str) -> Resolved | None:
        """`La Chambre de métiers et de l'artisanat dit suivre …` parsed with no subject: a sentence that
        opens with a determiner and is a noun phrase up to the verb has it as its subject."""
        i = self.token_at(s_start)
        while i < vi and self.doc[i].is_space:
            i += 1
        if i >= vi or self.doc[i].pos_ != "DET" or self.in_quote(self.doc[i].idx):
            return None
        for j in range(i, vi):
            t = self.doc[j]
            if not (t.pos_ in _NP_POS or t.lower_ in ("de", "du", "des", "d'", "et", "-") or t.text in ("-", "'")):
                return None
        return self.resolve_np(i, vi, cue)

    def _sentence_initial_name(self, s_start: int, vi: int, cue: str) -> Resolved | None:
        """`Marie, 34 ans, raconte : « … »`: a capitalised proper noun opening the sentence, which the
        recogniser did not tag, is the subject."""
        i = self.token_at(s_start)
        while i < vi and self.doc[i].is_space:
            i += 1
        j = i
        while j < vi and j - i < 4 and self.doc[j].pos_ == "PROPN" and self.doc[j].text[:1].isupper():
            j += 1
        if j == i or j >= vi or not (self.doc[j].text == "," or self.doc[j].pos_ in ("AUX", "VERB")) or self.in_quote(self.doc[i].idx):
            return None
        a, b = self.span_of(i, j)
        return Resolved(self.text[a:b], "PER", a, b, cue)

    def _governing_subject(self, v: Token, cue: str) -> Resolved | None:
        """`X a déclaré qu’il …`: a pronoun subject inside the clause of another speech verb is that verb's subject."""
        node = v
        for _ in range(4):
            if node.dep_ not in ("ccomp", "xcomp", "conj", "advcl") or node.head.i == node.i:
                return None
            node = node.head
            if node.pos_ in ("VERB", "AUX") and is_speech_verb(node.lemma_, node.text):
                subj = next((c for c in node.children if c.dep_.startswith("nsubj") and not self.in_quote(c.idx)), None)
                if subj is None or subj.lower_.strip("-") in SUBJECT_PRONOUNS or subj.lower_ in FIRST_PERSON:
                    continue
                if subj.lower_ in ("qui",):
                    return None
                return self.resolve_np(*self.np_around(subj.i), cue)
        return None

    def apposition_end(self, comma: int) -> int | None:
        """`, Dmitri Peskov` or `, le commandant Marc Lefèvre` after token `comma`: the token index just
        after the person or body named, else None."""
        n = len(self.doc)
        for j in range(comma + 1, min(comma + 5, n)):
            t = self.doc[j]
            e = self.entity_at(t.idx)
            if e is not None and e.start == t.idx and e.label in ("PER", "ORG"):
                return self.token_at(e.end - 1) + 1
            run = self._name_run(j)
            if run > j + 1:  # a name the recogniser missed or mislabelled: `, Grischa Niermann.`
                return run
            if run == j + 1 and j == comma + 1 and run < n and self.doc[run].text in (",", ".", ";", ":"):
                return run  # a first name alone, often mislabelled: `une locataire du quartier, Josée,`
            if t.pos_ not in ("DET", "NOUN", "ADJ") or self.in_quote(t.idx):
                return None
        return None

    def _name_run(self, j: int) -> int:
        """End of a run of capitalised words starting at token j that closes a phrase (`, Grischa Niermann.`)."""
        k = j
        n = len(self.doc)
        while k < n and k - j < 5 and self.doc[k].text[:1].isupper() and self.doc[k].is_alpha and not self.in_quote(self.doc[k].idx):
            k += 1
        if k < n and not self.doc[k].is_punct:
            return j
        return k

    def np_around(self, hi: int) -> tuple[int, int]:
        """The noun phrase headed by token `hi`: its left dependents, the name and complements that follow,
        an apposition `, Dmitri Peskov`; never a relative clause."""
        h = self.doc[hi]
        i0 = hi
        for c in h.lefts:
            if c.dep_ in ("det", "amod", "nummod", "compound", "flat:name", "nmod", "case") and not self.in_quote(c.left_edge.idx):
                i0 = min(i0, c.left_edge.i)
        for k in range(hi - 1, i0 - 1, -1):
            if self.doc[k].text == "," or self.doc[k].pos_ == "ADP" and self.doc[k].lower_ not in ("de", "du", "des", "d'"):
                i0 = k + 1  # `A l'issue de la réunion, M. Attal`: what precedes a comma is not the subject
                break
        i1 = hi + 1
        n = min(len(self.doc), hi + 30)
        while i1 < n:
            t = self.doc[i1]
            if self.in_quote(t.idx):
                break
            if t.text == ",":
                if not any(e.label == "PER" for e in self.entities_in(*self.span_of(i0, i1))):
                    i1 = self.apposition_end(i1) or i1
                break
            if t.pos_ in _NP_POS or t.lower_ in ("de", "du", "des", "d'", "-") or self.entity_at(t.idx) is not None:
                if t.pos_ == "DET" and self.doc[i1 - 1].pos_ in ("NOUN", "PROPN", "ADJ") and t.lower_ not in ("du", "des", "d'"):
                    break
                i1 += 1
                continue
            break
        while i1 - 1 > i0 and self.doc[i1 - 1].lower_ in ("de", "du", "des", "d'", "-"):
            i1 -= 1
        return i0, self._apposition_in_subtree(h, i1)

    def _apposition_in_subtree(self, h: Token, i1: int) -> int:
        """`La présidente du groupe RN à l'Assemblée, Marine Le Pen,`: a description whose complements run
        past the noun phrase, then names the person after a comma (no verb or relative pronoun between)."""
        if h.ent_type_ == "PER" or h.right_edge.i < i1:
            return i1
        j = i1
        while j <= h.right_edge.i and j < len(self.doc):
            t = self.doc[j]
            if t.pos_ in ("VERB", "AUX", "SCONJ") or t.lower_ in ("qui", "que", "dont") or self.in_quote(t.idx):
                return i1
            if t.text == ",":
                end = self.apposition_end(j)
                if end is not None and self.entity_at(self.doc[end - 1].idx) is not None and self.entity_at(self.doc[end - 1].idx).label == "PER":
                    return end
                return i1
            j += 1
        return i1

    def inverted_np(self, i0: int, i1: int) -> tuple[int, int] | None:
        """The first noun phrase in tokens [i0, i1) that is not inside a prepositional phrase or a time
        expression: the inverted subject of `a déclaré aux journalistes le porte-parole …`."""
        i = i0
        while i < i1:
            t = self.doc[i]
            low = t.lower_
            if self.in_quote(t.idx):
                return None
            if t.pos_ == "ADP" and low in _PP_PREPOSITIONS or (low in ("lors", "auprès") and t.pos_ != "NOUN"):
                i = self._skip_pp(i + 1, i1)
                continue
            if low == "de" and i + 2 < i1 and self.doc[i + 2].lower_ in ("côté", "part"):
                i += 3  # `de son côté`, `de leur part`
                continue
            if low == "quant" and i + 2 < i1:
                i += 3  # `quant à lui`
                continue
            if low in _TIME_WORDS or t.pos_ in ("ADV", "NUM") or t.text == "," or low in ("t", "-t"):
                i += 1
                continue
            e = self.entity_at(t.idx)
            if e is not None and e.start == t.idx and e.label in ("PER", "ORG", "LOC", "MISC"):
                j = self.token_at(e.end - 1) + 1
                if j < i1 and self.doc[j].text == ",":
                    j = self.apposition_end(j) or j
                return i, j
            if t.pos_ in _NP_POS or t.pos_ == "PRON" and low in SUBJECT_PRONOUNS:
                j = i + 1
                head_seen = t.pos_ in ("NOUN", "PROPN")
                while j < i1:
                    u = self.doc[j]
                    if self.in_quote(u.idx):
                        break
                    if u.text == ",":
                        j = self.apposition_end(j) or j
                        break
                    if u.pos_ == "DET" and head_seen and u.lower_ not in ("du", "des", "d'") and self.doc[j - 1].pos_ != "ADP" and self.entity_at(u.idx) is None:
                        break  # a new phrase starts (`aux journalistes le porte-parole`), unless inside a name (`Mme Le Pen`)
                    if u.pos_ in _NP_POS or u.lower_ in ("de", "du", "des", "d'") or self.entity_at(u.idx) is not None:
                        head_seen = head_seen or u.pos_ in ("NOUN", "PROPN")  # `M. Macron`, Macron tagged ADV
                        j += 1
                        continue
                    break
                while j - 1 > i and self.doc[j - 1].lower_ in ("de", "du", "des", "d'"):
                    j -= 1
                if j < i1 and self.doc[j].pos_ == "ADP" and not any(e.label == "PER" for e in self.entities_in(*self.span_of(i, j))):
                    # `le commissaire européen à l'énergie, Kadri Simson`
                    k = self._skip_pp(j + 1, i1)
                    if k < i1 and self.doc[k].text == ",":
                        end = self.apposition_end(k)
                        if end is not None and end <= i1:
                            return i, end
                return i, j
            return None
        return None

    def _skip_pp(self, i: int, i1: int) -> int:
        """Past the noun phrase of a prepositional phrase: `aux journalistes`, `à la BBC`, `lors d'un point presse`."""
        head_seen = False
        while i < i1:
            t = self.doc[i]
            if t.pos_ == "DET" and head_seen and t.lower_ not in ("du", "des", "d'") and self.doc[i - 1].pos_ != "ADP":
                return i
            if head_seen and self.doc[i - 1].whitespace_ and self._two_word_name_at(i):
                return i  # `a indiqué à Keystone-ATS Pierre-Yves Maillard, président …`: the agency, then the speaker
            if t.pos_ in _NP_POS or t.pos_ == "ADP" and t.lower_ in ("de", "d'", "du", "des"):
                head_seen = head_seen or t.pos_ in ("NOUN", "PROPN")
                i += 1
                continue
            if t.pos_ == "PRON" and t.lower_ in ("l'",):
                i += 1
                continue
            return i
        return i

    def _two_word_name_at(self, i: int) -> bool:
        """Two capitalised words from token i closing the phrase (`Pierre-Yves Maillard,`)."""
        if i + 2 >= len(self.doc):
            return False
        a, b, after = self.doc[i], self.doc[i + 1], self.doc[i + 2]
        def cap(t: Token) -> bool:
            return t.text[:1].isupper() and t.text.replace("-", "").isalpha()
        return cap(a) and cap(b) and after.text in (",", ".") and not self.in_quote(a.idx)

    # -- naming -------------------------------------------------------------------------------

    def resolve_np(self, i0: int, i1: int, cue: str) -> Resolved | None:
        """A name for the noun phrase tokens [i0, i1): its person, else the organisation it is, else a
        description resolved to a name mentioned earlier, else the description itself."""
        if i1 <= i0:
            return None
        a, b = self.span_of(i0, i1)
        if self.in_quote(a):
            return None
        toks = [self.doc[i] for i in range(i0, i1)]
        if len(toks) == 1 and toks[0].lower_.strip("-") in SUBJECT_PRONOUNS:
            return self.resolve_pronoun(i0, cue)
        if toks[0].lower_ in FIRST_PERSON:
            return None
        ents = [e for e in self.entities_in(a, b) if not self.in_quote(e.start)]
        first = self.entity_at(a)
        if first is not None and first.start < a and not self.in_quote(first.start):
            ents.insert(0, first)  # the parse split a name: `Vladimir` apposed, `Poutine` the subject
        people = [e for e in ents if e.label == "PER"]
        det = toks[0].lower_ if toks[0].pos_ == "DET" else ""
        content = [t for t in toks if t.pos_ != "DET"]
        if not content:
            return None
        head = next((t for t in content if t.pos_ == "NOUN"), None)
        if head is None:  # `l'institut` tagged PROPN: a lowercase word is a common noun
            head = next((t for t in content if t.pos_ in ("PROPN", "X") and t.text.islower() and t.is_alpha), None)
        # `La Voix du Nord`: a name whose own article opens the phrase
        starts_with_entity = next((e for e in ents if e.start in (content[0].idx, a)), None)
        if not people and "," in [t.text for t in toks]:
            k = max(i for i in range(i0, i1) if self.doc[i].text == ",")
            run = self._name_run(k + 1) == i1
            human = head is not None and head.i < k and head.lower_ not in ORG_NOUNS and head.lower_ not in DOCUMENT_NOUNS
            if run and (i1 - k > 2 or human and det in ("un", "une", "le", "la", "l'", "l’")):
                # `le directeur sportif, Grischa Niermann`; `une locataire du quartier, Josée`
                name = " ".join(self.doc[i].text for i in range(k + 1, i1))
                return Resolved(name, "PER", a, b, cue, gender=_det_gender(det))
        if (
            det in ("le", "la", "l'", "l’")
            and len(content) == 1
            and content[0].text[:1].isupper()
            and _NATIONALITY.search(content[0].text)
            and not (starts_with_entity and starts_with_entity.label == "ORG")
        ):
            # `a confié le Slovène`: a person described by nationality
            near = self._latest_person(a, _det_gender(det))
            if near is not None:
                return replace(near, start=a, end=b, cue=cue)
        if people and (head is None or head.lower_ not in ORG_NOUNS or starts_with_entity in people):
            e = people[-1]
            if i0 > 0 and self.doc[i0 - 1].pos_ == "ADP":
                a, b = e.start, e.end  # `A l'issue de la réunion, M. Attal`: the name alone
            return Resolved(e.canonical, "PER", a, b, cue, gender=self.gender.get(e.canonical) or _det_gender(det))
        if starts_with_entity is not None:
            e = starts_with_entity
            return Resolved(e.canonical, e.label, a, b, cue, gender=self.gender.get(e.canonical))
        words = self.text[a:b]
        if head is None:
            caps = [t for t in content if t.text[:1].isupper()]
            if caps:  # a name the entity recogniser missed (`a précisé Febelfin`)
                name = " ".join(t.text for t in caps)
                return Resolved(name, "PER" if len(caps) > 1 else "ORG", a, b, cue)
            return None
        if head.lower_ in DOCUMENT_NOUNS and head.i == content[0].i:
            issuer = next((e for e in ents if e.label in ("PER", "ORG", "LOC")), None)
            if issuer is not None:
                return Resolved(issuer.canonical, issuer.label, a, b, cue)
            if det in ("ce", "cet", "cette", "ces"):  # `peut-on lire dans ce document`: the body's, named before
                org = self._latest_org_nearby(a)
                if org is not None:
                    return Resolved(org.canonical, org.label, a, b, cue)
            body = next((t.lower_ for t in content[1:] if t.lower_ in ORG_NOUNS or t.lower_ in GENERIC_ORG_NOUNS), None)
            if body is not None:  # `un communiqué du ministère`: the ministry named before
                org = self._latest_org_nearby(a, starting=body)
                if org is None and body in GENERIC_ORG_NOUNS:  # `un communiqué de l'entreprise`: the one named before
                    org = self._latest_org_nearby(a) or _latest_item(self.org_subjects, a)
                if org is not None:
                    return Resolved(org.canonical, org.label, a, b, cue)
            return Resolved(words, "ORG", a, b, cue, named=False)
        if head.lower_ in ORG_NOUNS or head.lower_ in GENERIC_ORG_NOUNS:
            org = next((e for e in ents if e.label == "ORG"), None)
            if org is not None:
                return Resolved(org.canonical, org.label, a, b, cue)
            definite = det in ("le", "la", "l'", "l’", "cette", "ce") or (not det and i0 > 0 and self.doc[i0 - 1].lower_ == "du")
            if head.lower_ in GENERIC_ORG_NOUNS and definite:  # `le groupe`, `le constat du groupe`
                name = _latest(self.heads.get(head.lower_, []), a)
                if name is None:
                    org_mention = self._latest_org_nearby(a) or _latest_item(self.org_subjects, a)
                    name = org_mention.canonical if org_mention is not None else None
                if name is not None:
                    return Resolved(name, "ORG", a, b, cue)
            return Resolved(words, "ORG", a, b, cue, named=False)
        if det in GROUP_DETERMINERS and ("Plur" in head.morph.get("Number") or head.text.endswith(("s", "x"))):
            return Resolved(words, "GROUP", a, b, cue, named=False)
        if head.text[:1].isupper() and det == "" and not ents:
            return Resolved(" ".join(t.text for t in content), "ORG", a, b, cue)
        return self.resolve_description(toks, head, det, a, b, cue)

    def _latest_org_nearby(self, pos: int, starting: str | None = None) -> Entity | None:
        """The last organisation named in this paragraph or the one before (`… publiés par l'Insee. « … »,
        détaille l'institut`), even inside a prepositional phrase."""
        pi = self.article.paragraph_at(pos)
        floor = self.article.paragraphs[max(0, pi - 1)].start
        i = bisect.bisect_left(self.ent_starts, pos) - 1
        while i >= 0 and self.entities[i].start >= floor:
            e = self.entities[i]
            if e.label == "ORG" and not self.in_quote(e.start) and (starting is None or e.text.lower().startswith(starting)):
                return e
            i -= 1
        return None

    def resolve_description(self, toks: list[Token], head: Token, det: str, a: int, b: int, cue: str) -> Resolved:
        """`le porte-parole du Kremlin` → the person so described earlier, else the nearest fitting
        person (definite descriptions only), else the description itself."""
        key, head_word, _ = _description_key(toks) or ("", head.lower_, det)
        gender = _det_gender(det) or _gender_of(head)
        tries = [(self.descriptions, key), (self.heads, head_word)]
        tries += [(self.heads, w) for w in _SAME_ROLE.get(head_word, ())]
        for table, k in tries:
            name = _latest(table.get(k, []), a)
            if name is not None:
                return Resolved(name, "PER", a, b, cue, gender=self.gender.get(name))
        if det in ("le", "la", "l'", "l’") and head_word in _ROLE_NOUNS:
            apposed = self._apposed_name(b)
            if apposed is not None:  # `La ministre déléguée au Numérique, Clara Chappaz, s'est dite`
                return Resolved(apposed.canonical, "PER", apposed.start, apposed.end, cue, gender=self.gender.get(apposed.canonical))
            later = self._named_next(b, a)
            if later is not None and not self._other_role(later.canonical, toks, head):
                # `« … » a ajouté le président de la République. Emmanuel Macron a salué …`: named just after
                return Resolved(later.canonical, "PER", later.start, later.end, cue, gender=self.gender.get(later.canonical))
        if det in ("le", "la", "l'", "l’", "ce", "cet", "cette"):  # `prédit ce charpentier de 41 ans`
            near = self._latest_person(a, gender)
            if near is not None and not self._other_role(near.name, toks, head):
                return replace(near, start=a, end=b, cue=cue)
            if near is not None and head.lower_ in _RELATIVE_NOUNS and not any(_of_someone(t) for t in toks if t.i > head.i):
                # the nearest is another relative (`Leur fille, Emma`): the one before may be meant
                first = min(
                    [p for p, w in self.speakers if w.name == near.name]
                    + [p for p, e in self.person_mentions if e.canonical == near.name],
                    default=None,
                )
                cand = self._latest_person(first, gender) if first is not None and first < a else None
                if cand is not None and cand.name != near.name and not self._other_role(cand.name, toks, head):
                    return replace(cand, start=a, end=b, cue=cue)
        return Resolved(self.text[a:b], "PER", a, b, cue, named=False, gender=gender)

    def _apposed_name(self, b: int) -> Entity | None:
        """A person named between commas right after a description cut short by the parse."""
        window = self.text[b : b + 60]
        comma = window.find(",")
        if comma < 0 or any(c in ".;:«»!?" for c in window[:comma]):
            return None
        start = b + comma + 1
        while start < len(self.text) and self.text[start] == " ":
            start += 1
        e = self.entity_at(start)
        if e is None or e.label != "PER" or e.start != start:
            return None
        return e if self.text[e.end : e.end + 1] == "," else None

    def _named_next(self, after: int, before: int) -> Entity | None:
        """A person named for the first time as the subject of the next sentence of the paragraph."""
        _, s_end = self.sentence(after)
        p = self.article.paragraphs[self.article.paragraph_at(after)]
        limit = self.sentence(s_end)[1] if s_end < p.end else p.end
        i = bisect.bisect_left(self.person_mentions, after, key=lambda x: x[0])
        while i < len(self.person_mentions) and self.in_quote(self.person_mentions[i][0]):
            i += 1  # a name inside the quote is never its speaker
        if i >= len(self.person_mentions) or self.person_mentions[i][0] >= limit:
            return None
        e = self.person_mentions[i][1]
        if any(m.canonical == e.canonical for _, m in self.person_mentions if m.start < before):
            return None  # named before: the backward rules decide
        nxt = self.token_at(e.end - 1) + 1
        while nxt < len(self.doc) and self.doc[nxt].pos_ == "ADV":
            nxt += 1
        if nxt >= len(self.doc) or self.doc[nxt].pos_ not in ("AUX", "VERB"):
            return None  # the subject of what follows (`Emmanuel Macron a salué …`), not an object
        return e

    def _other_role(self, name: str, toks: list[Token], head: Token) -> bool:
        """A role description that cannot be `name`: a relative of someone (`la sœur du défunt`), or a
        function (`le ministre délégué au numérique`) when `name` was introduced with another one
        (`son cofondateur, Arthur Mensch`). Loose descriptions (`le joueur`, `le Slovène`) refer back."""
        word = head.lower_
        if word in _RELATIVE_NOUNS and any(_of_someone(t) for t in toks if t.i > head.i):
            return True
        if word in _RELATIVE_NOUNS:  # `la mère de famille` is not `Leur fille aînée, Emma`
            kin = {r for r in self.roles.get(name, ()) if r in _RELATIVE_STEMS}
            return bool(kin) and _role_stem(word) not in kin
        if word not in _ROLE_NOUNS:
            return False
        roles = self.roles.get(name, set())
        known = {r for r in roles if r in _ROLE_STEMS}  # `le chef de l'Etat` is no role here
        if not known and roles & _OCCUPATION_STEMS:
            return True  # `la comédienne X` is not `la ministre de la Culture`
        return bool(known) and _role_stem(word) not in known

    def resolve_pronoun(self, ti: int, cue: str) -> Resolved | None:
        t = self.doc[ti]
        low = t.lower_.strip("-")
        gender = SUBJECT_PRONOUNS.get(low)
        plural = low in ("ils", "elles")
        return self._main_subject(ti, gender, plural, cue) or self._pronoun(ti, gender, plural, cue)

    def _main_subject(self, ti: int, gender: str | None, plural: bool, cue: str) -> Resolved | None:
        """A pronoun opening a relative or completive clause refers to the subject of its sentence's main
        clause (`La Banque de France a revu sa prévision, qu'elle juge « fragile »`)."""
        if ti == 0 or self.doc[ti - 1].lower_ not in ("qu'", "qu’", "que", "dont", "où"):
            return None
        s_start, _ = self.sentence(self.doc[ti].idx)
        for j in self.tokens_in(s_start, self.doc[ti].idx):
            t = self.doc[j]
            if not t.dep_.startswith("nsubj") or t.pos_ not in ("NOUN", "PROPN") or self.in_quote(t.idx):
                continue
            if ("Plur" in t.morph.get("Number")) != plural:
                return None
            g = t.morph.get("Gender")
            if gender and g and gender not in g:
                return None
            who = self.resolve_np(*self.np_around(t.i), cue)
            if who is None or not who.named or who.label not in ("PER", "ORG"):
                return None
            a = self.doc[ti].idx
            return replace(who, start=a, end=a + len(self.doc[ti].text), cue=cue)
        return None

    def _pronoun(self, ti: int, gender: str | None, plural: bool, cue: str) -> Resolved | None:
        t = self.doc[ti]
        a, b = t.idx, t.idx + len(t.text)
        if t.text.startswith("-"):
            a += 1
        if plural:
            who = self._latest_person(a, None, groups=True) or self._described_antecedent(ti, None, True, cue)
            return replace(who, start=a, end=b, cue=cue) if who else None
        who = self._latest_person(a, gender)
        org = self._latest_org_speaker(a)
        if org is not None and (who is None or org[0] > (who.start if who.start is not None else -1)):
            who = org[1]  # `L'association X dénonce « … ». « … », a-t-elle rappelé`: the body spoke last
        described = self._described_speaker_since(a, self._last_named_at(a), gender)
        if described is not None:
            who = described
        who = who or self.title_person() or self._described_antecedent(ti, gender, False, cue)
        if who is None:
            return None
        if gender and who.label == "PER":
            self.gender.setdefault(who.name, gender)  # `a-t-elle dit` tells us about X for later pronouns
        return replace(who, start=a, end=b, cue=cue)

    def _last_named_at(self, pos: int) -> int:
        """Where a named speaker spoke, or a person was named outside quotes, last before `pos`."""
        last = -1
        i = bisect.bisect_left(self.speakers, pos, key=lambda x: x[0]) - 1
        if i >= 0:
            last = self.speakers[i][0]
        for p, _ in reversed(self.person_mentions[: bisect.bisect_left(self.person_mentions, pos, key=lambda x: x[0])]):
            if not self.in_quote(p):
                return max(last, p)
        return last

    def _latest_org_speaker(self, pos: int) -> tuple[int, Resolved] | None:
        """The last organisation that spoke before `pos`, in this paragraph or the one before."""
        floor = self.article.paragraphs[max(0, self.article.paragraph_at(pos) - 1)].start
        i = bisect.bisect_left(self.speakers, pos, key=lambda x: x[0]) - 1
        while i >= 0 and self.speakers[i][0] >= floor:
            p, who = self.speakers[i]
            if who.label == "ORG":
                return p, who
            if who.label == "PER":
                return None  # a person spoke since
            i -= 1
        return None

    def _described_antecedent(self, ti: int, gender: str | None, plural: bool, cue: str) -> Resolved | None:
        """No name fits the pronoun: the nearest earlier noun phrase that can speak and agrees with it,
        a subject (`Les agriculteurs s'inquiètent. « … », disent-ils.`) or an agent (`lus par le prévenu`)."""
        p_start = self.article.paragraphs[max(0, self.article.paragraph_at(self.doc[ti].idx) - 1)].start
        for j in range(ti - 1, max(-1, ti - 120), -1):
            t = self.doc[j]
            if t.idx < p_start:
                break
            if t.pos_ != "NOUN" or self.in_quote(t.idx) or t.lower_ in DOCUMENT_NOUNS:
                continue
            dets = [c.lower_ for c in t.children if c.dep_ == "det"]
            if any(d in ("aucun", "aucune", "nul", "nulle") for d in dets):
                continue  # `Aucun blessé n'est à déplorer`: nobody
            if t.lower_ in ORG_NOUNS and not (t.dep_.startswith("nsubj") and any(d in ("le", "la", "l'", "l’") for d in dets)):
                continue  # a body only as `Le parquet a ouvert une enquête. « … », précise-t-il`
            if ("Plur" in t.morph.get("Number")) != plural or (gender and t.morph.get("Gender") and gender not in t.morph.get("Gender")):
                continue
            agent = j > 1 and self.doc[j - 2].lower_ == "par" and self.doc[j - 1].pos_ == "DET"
            if t.dep_.startswith("nsubj") or agent:
                if not any(c.dep_ == "det" for c in t.children) and not agent:
                    continue
                return self.resolve_np(*self.np_around(j), cue)
        return None

    # -- indirect speech ---------------------------------------------------------------------

    def inverted_indirect_clauses(self) -> list[tuple[int, int, Resolved | None]]:
        """`Ce ne sont que de fausses informations, a-t-il insisté.`: a sentence opening with a clause of
        four words or more, then a comma and an inverted speech verb with its subject."""
        out = []
        for pi, p in enumerate(self.article.paragraphs):
            self.sentence(p.start)
            breaks = self._sentences[pi]
            for s_start, s_end in zip(breaks, breaks[1:]):
                if self.next_quote_start(s_start) < s_end:
                    continue
                comma = self._inverted_cue_comma(s_start, s_end)
                if comma is None:
                    continue
                who = self.cue_after(comma)
                if who is not None:
                    a = s_start
                    while a < comma and self.text[a].isspace():
                        a += 1
                    out.append((a, self.trim_end(a, comma), who))
        return out

    def _inverted_cue_comma(self, s_start: int, s_end: int) -> int | None:
        """The first of a sentence's commas (ten at most) after four words that an inverted speech verb
        follows (`Les médiateurs égyptiens, qataris et américains se retrouveront …, a annoncé X`)."""
        comma = s_start - 1
        for _ in range(10):
            comma = self.text.find(",", comma + 1, s_end)
            if comma == -1:
                return None
            first = self.text[comma + 1 : comma + 40].split()[:1]
            if not first or first[0] == "en" or first[0].endswith("ant"):
                continue  # `…, en citant des sources`: a participle, not an inverted speech verb
            if inverted_speech_at(self.text[comma + 1 : comma + 80]) and len(self.text[s_start:comma].split()) >= 4:
                return comma
        return None

    def indirect_clauses(self) -> list[tuple[int, int, Resolved | None]]:
        """(start, end, speaker) of each `que` clause of a speech verb outside quotes."""
        out = []
        for t in self.doc:
            if t.pos_ != "VERB" or self.in_quote(t.idx) or not is_speech_verb(t.lemma_, t.text):
                continue
            if t.lemma_.lower() in NOT_INDIRECT:
                continue
            for c in t.children:
                if c.dep_ not in ("ccomp", "obj", "advcl") or c.i < t.i:
                    continue
                mark = c.left_edge
                if mark.lower_ not in ("que", "qu'", "qu’") or mark.i <= t.i or mark.i + 1 >= len(self.doc):
                    continue
                a = self.doc[mark.i + 1].idx
                right = _clause_end(c)
                b = right.idx + len(right.text)
                p = self.article.paragraphs[self.article.paragraph_at(a)]
                b = self.trim_end(a, min(b, p.end))
                if b > a:
                    out.append((a, b, self.subject_of_verb(t.i, t.text)))
                break
        return out


def _clause_end(c: Token) -> Token:
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


_FAIRE_SAVOIR = frozenset("savoir valoir remarquer observer part".split())


def _lost_subject(node: Token) -> bool:
    """`La députée X, présidente de …, appelle à la fermeté.` parsed with the noun as root and the verb as
    its clause: the noun phrase opening the sentence is the verb's subject all the same."""
    root = node if node.dep_ == "ROOT" else node.head if node.head.dep_ == "ROOT" and node.dep_ in ("appos", "flat:name") else None
    if root is None or root.pos_ not in ("NOUN", "PROPN") or root.i != root.sent.start + (1 if root.sent[0].pos_ == "DET" else 0):
        return False
    return any(
        c.dep_ == "acl" and c.i > node.i and c.pos_ == "VERB" and ("Fin" in c.morph.get("VerbForm") or any(a.dep_.startswith("aux") for a in c.children))
        for c in root.children
    )


def _faire_savoir(t: Token) -> bool:
    """`fait savoir`, `a fait valoir`, `fait remarquer`, `fait part`, `a rendu hommage`: speech verbs of
    two words."""
    if t.i + 1 >= len(t.doc):
        return False
    nxt = t.doc[t.i + 1].lower_
    return (t.lemma_ == "faire" and nxt in _FAIRE_SAVOIR) or (t.lemma_ == "rendre" and nxt == "hommage")


def _speech_token(t: Token, adjacent: bool = False) -> bool:
    """A speech verb in use, including one the tagger took for a noun (`X, ancien ministre, juge que …`)."""
    if _faire_savoir(t):
        return True
    if not is_speech_verb(t.lemma_, t.text, adjacent):
        return False
    if _finite_verb(t):
        return True
    if t.pos_ in ("NOUN", "ADJ", "PROPN") and t.i > 0 and t.doc[t.i - 1].pos_ != "DET":
        return any(u.lower_ in ("que", "qu'", "qu’", ":") for u in t.doc[t.i + 1 : t.i + 4])
    return False


def _finite_verb(t: Token) -> bool:
    """A verb that can carry speech: not a participle used as an adjective (`les économies annoncées`)."""
    if t.pos_ not in ("VERB", "AUX"):
        return False
    if "Part" in t.morph.get("VerbForm") and "Past" in t.morph.get("Tense"):
        if any(c.dep_ == "obj" for c in t.children):
            return True  # `X, chef de service, décrit une situation …`: an object, so a finite verb
        return any(c.dep_.startswith("aux") for c in t.children) or t.dep_ not in ("acl", "amod", "nmod", "obj", "nsubj")
    return True


# Functions a person is introduced with; a description by one of them names someone with that function.
_ROLE_NOUNS = frozenset(
    """ministre président présidente procureur procureure avocat avocate juge maire préfet préfète directeur
    directrice secrétaire porte-parole gouverneur gouverneure député députée sénateur sénatrice commissaire
    chancelier chancelière patron patronne pdg fondateur fondatrice cofondateur cofondatrice entraîneur
    entraîneuse sélectionneur capitaine médecin délégué déléguée adjoint adjointe conseiller
    conseillère ambassadeur ambassadrice général générale colonel commandant""".split()
)
# Relatives and neighbours: `la sœur du défunt`, `la mère de la victime` is someone new.
# Words the press uses for a role named otherwise before (`la maire` … `l'édile`).
_SAME_ROLE = {
    "édile": ("maire",),
    "coach": ("entraîneur", "entraîneuse"),
    "magistrat": ("juge", "procureur"),
    "magistrate": ("juge", "procureure"),
    "parlementaire": ("député", "députée", "sénateur", "sénatrice"),
    "élu": ("maire", "député", "sénateur", "conseiller"),
    "élue": ("maire", "députée", "sénatrice", "conseillère"),
}
_DESCRIPTION_DETS = frozenset("un une le la les l' l’ son sa ses leur ce cet cette".split())
_RELATIVE_NOUNS = frozenset(
    """sœur soeur frère mère père fils fille épouse époux mari femme veuve veuf oncle tante cousin cousine
    neveu nièce grand-mère grand-père ami amie proche proches voisin voisine compagnon compagne""".split()
)


def _of_someone(t: Token) -> bool:
    """`du défunt`, `de la victime`, `de Julie`: a complement naming whose relative this is; not a bare
    noun (`la mère de famille`)."""
    if t.lower_ in ("du", "des"):
        return True
    if t.lower_ not in ("de", "d'", "d’") or t.i + 1 >= len(t.doc):
        return False
    nxt = t.doc[t.i + 1]
    return nxt.pos_ in ("DET", "PRON") or nxt.text[:1].isupper()


def _role_stem(word: str) -> str:
    """`avocate` and `avocat`, `directrice` and `directeur` compare equal."""
    word = word.lower()
    for fem, masc in (("trice", "teur"), ("euse", "eur"), ("ère", "er"), ("ète", "et"), ("ure", "ur")):
        if word.endswith(fem):
            return word[: -len(fem)] + masc
    return word[:-1] if word.endswith("e") and not word.endswith(("re", "te")) and len(word) > 5 else word


_ROLE_STEMS = frozenset(_role_stem(w) for w in _ROLE_NOUNS)
_RELATIVE_STEMS = frozenset(_role_stem(w) for w in _RELATIVE_NOUNS)
# Trades and arts that hold no office: a person so introduced is not `le ministre`, `la maire` described later.
_OCCUPATION_STEMS = frozenset(
    _role_stem(w)
    for w in """comédien comédienne acteur actrice chanteur chanteuse écrivain écrivaine romancier romancière
    cinéaste réalisateur réalisatrice musicien musicienne artiste peintre photographe journaliste critique
    historien historienne sociologue économiste chercheur chercheuse philosophe poète dramaturge""".split()
)


def _det_gender(det: str) -> str | None:
    return {"le": "Masc", "un": "Masc", "du": "Masc", "la": "Fem", "une": "Fem", "sa": "Fem", "cette": "Fem"}.get(det.lower())


def _gender_of(tok: Token) -> str | None:
    g = tok.morph.get("Gender")
    return g[0] if len(g) == 1 else None


def _latest_item(entries: list[tuple[int, Entity]], pos: int) -> Entity | None:
    i = bisect.bisect_left(entries, pos, key=lambda x: x[0]) - 1
    return entries[i][1] if i >= 0 else None


def _latest(entries: list[tuple[int, str]], pos: int) -> str | None:
    """The name of the last entry before `pos` (entries are in text order)."""
    i = bisect.bisect_left(entries, pos, key=lambda x: x[0]) - 1
    return entries[i][1] if i >= 0 else None


def _description_key(words: list[Token]) -> tuple[str, str, str] | None:
    """(normalised description, head noun, determiner) of tokens like `le porte-parole du Kremlin`."""
    if not words:
        return None
    det = words[0].lower_ if words[0].pos_ == "DET" else ""
    content = [w for w in words if w.pos_ != "DET" or w.lower_ in ("du", "des")]
    head = next((w for w in content if w.pos_ == "NOUN"), None)
    if head is None or head.lower_ in ORG_NOUNS:
        return None
    return " ".join(w.lower_ for w in content), head.lower_, det
