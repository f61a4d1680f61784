"""The subject of a speech verb: the parse's, a pronoun before the verb, an inverted subject."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Entity
from ..speechverbs import FIRST_PERSON, SUBJECT_PRONOUNS, is_speech_verb
from .grammar import agreeing_head, detached_auxiliary, verb_number
from .lexicon import NP_POS, WINDOW
from .mentions import Resolved

if TYPE_CHECKING:
    from spacy.tokens import Token


class Subjects:
    def subject_of_verb(self, vi: int, cue: str, allow_inverted: bool = True) -> Resolved | None:
        v = self.doc[vi]
        sentence = self.sentence(v.idx)
        if self._after_comme(vi):
            # `comme le précise l'ambassadeur, X :`, `comme l'a rappelé HRW,`: a comparative clause puts its
            # subject after the verb; the main clause's subject did not say it
            toks = self.tokens_in(v.idx + len(v.text), min(sentence[1], self.next_quote_start(v.idx)))
            np = self.inverted_np(toks.start, toks.stop) if toks.start < toks.stop else None
            return self.resolve_np(np[0], np[1], cue) if np is not None and np[0] <= vi + 4 else None
        aux = detached_auxiliary(v)
        if aux is not None and not any(c.dep_.startswith("nsubj") for c in v.children):
            v = aux  # the subject hangs on the auxiliary the parse took for the main verb
        number = verb_number(v)
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
                v = agreeing_head(v, number, sentence) if v.dep_ == "conj" else v.head
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
        for e in self.entities_in(max(s_start, v.idx - WINDOW), v.idx):
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
            if not (t.pos_ in NP_POS or t.lower_ in ("de", "du", "des", "d'", "et", "-") or t.text in ("-", "'")):
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

    def _after_comme(self, vi: int) -> bool:
        """`comme le précise`, `comme l'a rappelé`, `comme le souligne encore`: the verb of a `comme` clause."""
        j = vi - 1
        while j >= 0 and (self.doc[j].pos_ == "AUX" or self.doc[j].lower_ in ("le", "l'", "l’", "l", "ne", "n'")):
            j -= 1
        return j >= 0 and j < vi - 1 and self.doc[j].lower_ == "comme"
