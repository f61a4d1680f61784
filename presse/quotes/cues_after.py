"""Cues after a closing mark: `», a déclaré X`, `», explique-t-il`, `», soupire une usagère`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..speechverbs import FIRST_PERSON, SUBJECT_PRONOUNS, is_speech_verb
from .grammar import faire_savoir
from .lexicon import CLITICS, INCISE_SUBJECT_DETS, NP_POS, WINDOW
from .mentions import Resolved

if TYPE_CHECKING:
    from spacy.tokens import Token


class CuesAfter:
    def cue_after(self, after: int) -> Resolved | None:
        """`», a déclaré X`, `», explique-t-il`, `» a ensuite précisé Febelfin`, `», le ministre a ajouté`."""
        stripped = self.text[after:after + 3].lstrip(" \u00a0\u202f")
        if stripped[:1].isupper() and self.text[:after].rstrip(" \u00a0\u202f»”\"’").endswith((".", "!", "?", "…")):
            return None  # `« … jusqu'au bout. » L'inspection, de son côté, évoque …`: a new sentence
        _, s_end = self.sentence(after)
        end = min(s_end, self.next_quote_start(after), self.article.paragraphs[self.article.paragraph_at(after)].end, after + WINDOW)
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
            if faire_savoir(t):  # `», a fait savoir X`, `», fait valoir X`
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
            if t.pos_ in ("AUX", "ADV") or low in CLITICS:
                continue
            if t.pos_ in NP_POS or t.lower_ in ("de", "du", "des", "d'"):
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
        if t.pos_ in ("DET", "ADP", "CCONJ", "SCONJ", "PRON", "NUM", "ADV", "AUX") or t.lower_ in CLITICS:
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
        described = subj.lower_ in INCISE_SUBJECT_DETS and j + 1 < stop and self.doc[j + 1].pos_ in ("NOUN", "PROPN", "ADJ")
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
