"""Noun phrases on the token sequence: the phrase around a head, an inverted subject after a verb,
appositions (`, Dmitri Peskov`), `l'un d'eux`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..speechverbs import SUBJECT_PRONOUNS
from .lexicon import NP_POS, PP_PREPOSITIONS, TIME_WORDS
from .mentions import Resolved

if TYPE_CHECKING:
    from spacy.tokens import Token


class NounPhrases:
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
            if t.pos_ in NP_POS or t.lower_ in ("de", "du", "des", "d'", "-") or self.entity_at(t.idx) is not None:
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
            if t.pos_ == "ADP" and low in PP_PREPOSITIONS or (low in ("lors", "auprès") and t.pos_ != "NOUN"):
                i = self._skip_pp(i + 1, i1)
                continue
            if low == "de" and i + 2 < i1 and self.doc[i + 2].lower_ in ("côté", "part"):
                i += 3  # `de son côté`, `de leur part`
                continue
            if low == "quant" and i + 2 < i1:
                i += 3  # `quant à lui`
                continue
            counted = t.pos_ == "NUM" and t.is_alpha and i + 1 < i1 and self.doc[i + 1].pos_ == "NOUN"
            if low in TIME_WORDS or t.pos_ == "ADV" or t.pos_ == "NUM" and not counted or t.text == "," or low in ("t", "-t"):
                # a number in words before a noun opens the phrase (`», lâchent deux soudeurs`)
                i += 1
                continue
            e = self.entity_at(t.idx)
            if e is not None and e.start == t.idx and e.label in ("PER", "ORG", "LOC", "MISC"):
                j = self.token_at(e.end - 1) + 1
                if j < i1 and self.doc[j].text == ",":
                    j = self.apposition_end(j) or j
                return i, j
            if t.pos_ in NP_POS or t.pos_ == "PRON" and low in SUBJECT_PRONOUNS:
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
                    if u.pos_ in NP_POS or u.lower_ in ("de", "du", "des", "d'") or self.entity_at(u.idx) is not None:
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
            if t.pos_ in NP_POS or t.pos_ == "ADP" and t.lower_ in ("de", "d'", "du", "des"):
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
            if self.doc[j].pos_ not in NP_POS and self.doc[j].lower_ not in ("de", "du", "des", "d'"):
                return False
        return False
