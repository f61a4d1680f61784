"""What the article says about people before a position: genders, descriptions in apposition,
who spoke or was a subject last."""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..entities import PERSON_NOUNS
from ..model import Entity
from ..speechverbs import GENERIC_ORG_NOUNS
from .grammar import description_key, gender_of, lost_subject
from .lexicon import FEM_TITLES, LOOKBACK, MASC_TITLES, ROLE_NOUNS, det_gender, role_stem
from .mentions import Resolved

if TYPE_CHECKING:
    from spacy.tokens import Token


class People:
    """Filled once per article by `_learn_people`, then by `note_speaker` as quotes are attributed."""

    def _init_people(self) -> None:
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
            if self._in_parenthesis(e.start):
                pass  # `(Jean-François Copé déplora …)`: an aside, not a subject a description or pronoun refers to
            elif node.dep_.startswith("nsubj") or (node.head.dep_.startswith("nsubj") and node.head.i != node.i):
                self.subject_mentions.append((e.start, e))
            elif lost_subject(node) or self._opens_clause_before_verb(e):
                self.subject_mentions.append((e.start, e))
            desc = self._description_before(ti) or self._description_after(self.token_at(e.end - 1) + 1)
            if desc is not None:
                key, head, det = desc
                self.descriptions.setdefault(key, []).append((e.start, e.canonical))
                self.heads.setdefault(head, []).append((e.start, e.canonical))
                self.roles.setdefault(e.canonical, set()).add(role_stem(head))
                g = det_gender(det)
                if g:
                    self.gender.setdefault(e.canonical, g)
            after = self.token_at(e.end - 1) + 1
            if e.canonical not in self.gender and after + 1 < len(self.doc) and self.doc[after].text == ",":
                noun = self.doc[after + 1]  # `Julien Mercier, associé chez Partech`: the apposed noun's gender
                if noun.text.islower() and (noun.lower_ in PERSON_NOUNS or noun.lower_ in ROLE_NOUNS):
                    g = gender_of(noun)
                    if g:
                        self.gender[e.canonical] = g
            if ti > 0 and e.canonical not in self.gender:
                prev = self.doc[ti - 1].lower_
                if prev in FEM_TITLES:
                    self.gender[e.canonical] = "Fem"
                elif prev in MASC_TITLES:
                    self.gender[e.canonical] = "Masc"

    def _in_parenthesis(self, pos: int) -> bool:
        """`pos` is inside a parenthesis opened earlier in its paragraph and closed later."""
        p = self.article.paragraphs[self.article.paragraph_at(pos)]
        before = self.text[p.start : pos]
        if before.rfind("(") <= before.rfind(")"):
            return False
        return ")" in self.text[pos : p.end]

    def _opens_clause_before_verb(self, e: Entity) -> bool:
        """`Bruno Le Roux, président du groupe socialiste, est ensuite intervenu`: a name opening its sentence,
        then at most an apposition between commas or a parenthesis, then a verb, is the subject whatever
        label the parse gave it (French keeps subject-verb order outside quotes and incises)."""
        s_start, s_end = self.sentence(e.start)
        if self.text[s_start : e.start].strip() or self.in_quote(e.start):
            return False
        j = self.token_at(e.end - 1) + 1
        stop = self.tokens_in(s_start, s_end).stop
        if j < stop and self.doc[j].text in (",", "("):
            close = "," if self.doc[j].text == "," else ")"
            k = j + 1
            while k < stop and k - j < 15 and self.doc[k].text != close:
                if self.doc[k].pos_ in ("VERB", "AUX") or self.in_quote(self.doc[k].idx):
                    return False
                k += 1
            j = k + 1
        while j < stop and self.doc[j].pos_ == "ADV":
            j += 1
        return j < stop and self.doc[j].pos_ in ("VERB", "AUX")

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
        return description_key(words)

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
        return description_key(words)

    def note_speaker(self, who: Resolved, pos: int) -> None:
        if self._in_parenthesis(pos):
            return  # an aside's speaker is not who the next pronoun or description stands for
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

    def nearest_speaker(self, pos: int) -> Resolved | None:
        """A quote no sieve decided: the nearest earlier speaker or person in its paragraph or the one
        before, never past another quote's speaker (the quote after someone else's words is theirs or
        nobody's), never later in the text; the title's person only when no one spoke before."""
        floor = self.article.paragraphs[max(0, self.article.paragraph_at(pos) - 1)].start
        last = self._last_speaker(pos)
        cand = self._latest_person(pos, None)
        mentioned = cand.start if cand is not None and cand.start is not None else -1
        if last is not None and last[0] >= floor and last[0] >= mentioned:
            return replace(last[1], start=None, end=None, cue="nearest")
        if cand is not None and mentioned >= floor and (last is None or mentioned > last[0]):
            return replace(cand, start=None, end=None, cue="nearest")
        t = self.title_person() if last is None else None
        return replace(t, cue="nearest") if t else None

    def _last_speaker(self, pos: int) -> tuple[int, Resolved] | None:
        """The speaker of the last attributed quote before `pos`, named or described."""
        entries = [
            entries[i]
            for entries in (self.speakers, self.unnamed)
            if (i := bisect.bisect_left(entries, pos, key=lambda x: x[0]) - 1) >= 0
        ]
        entries = [e for e in entries if e[1].label != "GROUP"]
        return max(entries, key=lambda e: e[0]) if entries else None

    def _latest_person(self, pos: int, gender: str | None, groups: bool = False, local: bool = True) -> Resolved | None:
        """The most salient person before `pos` that fits `gender`. `local`: a person merely named in this
        paragraph outranks a subject of an earlier one (for pronouns and cue-less quotes; a description such
        as `le technicien` re-names a subject, not someone named in passing)."""
        best: tuple[int, Resolved] | None = None
        i = bisect.bisect_left(self.speakers, pos, key=lambda x: x[0]) - 1
        stop = max(-1, i - LOOKBACK)
        while i > stop:
            p, who = self.speakers[i]
            if (who.label == "GROUP") == groups and (groups or who.label == "PER") and self._fits(who.name, gender):
                best = (p, who)
                break
            i -= 1
        if groups:
            return best[1] if best else None
        # Salience: a subject of this paragraph, else a person named in this paragraph, else a subject
        # before, else any person named before; the first tier with a fitting person decides (against the
        # last speaker, by recency). A paragraph re-opens the topic: a person named in it outranks a
        # subject of the paragraph before (`… par Christian Jacob. Il a souhaité …`).
        floor = self.article.paragraphs[self.article.paragraph_at(pos)].start
        tiers = [(self.subject_mentions, True), (self.person_mentions, True), (self.subject_mentions, False), (self.person_mentions, False)]
        for mentions, in_paragraph in tiers if local else tiers[2:]:
            found = self._latest_mention(mentions, pos, gender, floor if in_paragraph else -1)
            if found is not None:
                if best is None or found[0] > best[0]:
                    best = found
                break
        return best[1] if best else None

    def _latest_mention(self, mentions: list[tuple[int, Entity]], pos: int, gender: str | None, floor: int) -> tuple[int, Resolved] | None:
        j = bisect.bisect_left(mentions, pos, key=lambda x: x[0]) - 1
        stop = max(-1, j - LOOKBACK)
        while j > stop and mentions[j][0] >= floor:
            p, e = mentions[j]
            if not self.in_quote(p) and self._fits(e.canonical, gender):
                return p, Resolved(e.canonical, "PER", e.start, e.end, "mention", gender=self.gender.get(e.canonical))
            j -= 1
        return None

    def _fits(self, name: str, gender: str | None) -> bool:
        known = self.gender.get(name)
        return gender is None or known is None or known == gender

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
