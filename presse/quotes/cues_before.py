"""Cues before an opening mark or around the quote's sentence: `X a déclaré : «`, `selon X`,
`X a estimé que … « … »`."""

from __future__ import annotations


from ..entities import PERSON_NOUNS
from ..speechverbs import GENERIC_ORG_NOUNS, ORG_NOUNS, SUBJECT_PRONOUNS, is_speech_verb
from .grammar import finite_verb, speech_token
from .lexicon import (
    DESCRIPTION_DETS,
    FIRST_PERSON_POSSESSIVES,
    NOT_SELON_TARGET,
    PERCEPTION_VERBS,
    RELATIVE_NOUNS,
    ROLE_NOUNS,
    SELON_WORDS,
    STATEMENT_NOUNS,
    WINDOW,
)
from .mentions import Resolved

# Nouns of those who can speak: bodies, roles, people (`Pour la fédération, …`, `Pour ce médecin, …`).
SPEAKING_NOUNS = ORG_NOUNS | GENERIC_ORG_NOUNS | ROLE_NOUNS | PERSON_NOUNS | RELATIVE_NOUNS


class CuesBefore:
    def cue_before_colon(self, open_pos: int) -> Resolved | None:
        """`X a déclaré : «`, `X précise que : «`, `X a déclaré qu’«`, `X a rappelé «`, `X : «`."""
        s_start, _ = self.sentence(open_pos)
        s_start = max(s_start, self.prev_quote_end(open_pos), open_pos - WINDOW)
        before = self.text[s_start:open_pos].rstrip()
        low = before.lower()
        toks = [ti for ti in self.tokens_in(s_start, open_pos) if not self.in_quote(self.doc[ti].idx)]
        if not toks:
            return None
        last = self.doc[toks[-1]]
        colon = low.endswith(":")
        que = low.endswith(("que", "qu'", "qu’")) and not colon
        if not (colon or que or speech_token(last)):
            return None
        for ti in reversed(toks):
            t = self.doc[ti]
            if speech_token(t, adjacent=colon):
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
            if head.lower_ in STATEMENT_NOUNS and nxt.lower_ in ("du", "de", "des", "d'"):
                np = self.inverted_np(toks[3] - (1 if self.doc[toks[3]].pos_ == "DET" or nxt.lower_ != "du" else 0), toks[-1])
                if np is not None:
                    who = self.resolve_np(np[0], np[1], ":")
                    if who is not None and who.label != "GROUP":
                        return who
        verbs = [ti for ti in toks if self.doc[ti].pos_ == "VERB" and finite_verb(self.doc[ti])]
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
        person = bool(words) and (words[0] in ROLE_NOUNS or words[0] in RELATIVE_NOUNS or words[0] in PERSON_NOUNS)
        if not who.named:  # someone new described (`Son voisin, un retraité, est plus remonté : «`)
            words = [w for w in said.replace("’", "'").replace("l'", "l' ").split() if w not in DESCRIPTION_DETS]
            return who if words and (words[0] in PERSON_NOUNS or words[0] in RELATIVE_NOUNS) else None
        return who if self.entities_in(who.start, who.end) or said in SUBJECT_PRONOUNS or person else None

    def cue_selon(self, open_pos: int, after_close: int) -> Resolved | None:
        """`selon X`, `d'après X` in the quote's sentence (after it first), `Pour X, «…»`."""
        s_start, _ = self.sentence(open_pos)
        s_start = max(s_start, open_pos - WINDOW)
        _, s_end = self.sentence(max(after_close - 1, open_pos))
        s_end = min(s_end, after_close + WINDOW)
        if not SELON_WORDS.search(self.text, s_start, s_end):
            return None  # the cheap test first: most quotes have no `selon` around them
        after = [ti for ti in self.tokens_in(after_close, s_end) if not self.in_quote(self.doc[ti].idx)]
        # `« … », selon X` attaches to the quote; past a semicolon or a colon another clause begins
        # (`« … » ; il est bon de rappeler que, d'après le droit international, …`)
        cut = next((k for k, ti in enumerate(after) if self.doc[ti].text in (";", ":")), len(after))
        after = after[:cut]
        before = [ti for ti in self.tokens_in(s_start, open_pos) if not self.in_quote(self.doc[ti].idx)]
        for ti in after + list(reversed(before)):
            t = self.doc[ti]
            low = t.lower_
            is_selon = low == "selon" or (low == "après" and ti > 0 and self.doc[ti - 1].lower_ in ("d'", "d’"))
            is_pour = low == "pour" and before and ti == before[0] and (
                self._comma_after_np(ti + 1, open_pos) or self._comma_after_speaker(ti + 1, open_pos)
            )
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
            if nxt.lower_ in NOT_SELON_TARGET and nxt.pos_ != "DET" or nxt.lower_ in FIRST_PERSON_POSSESSIVES:
                continue  # `selon lesquelles`, `selon nos informations`
            limit = s_end if ti in after else open_pos
            np = self.inverted_np(ti + 1, self.tokens_in(self.doc[ti].idx, limit).stop)
            if np is not None and np[0] == ti + 1:
                who = self.resolve_np(np[0], np[1], "selon" if is_selon else "pour")
                if who is not None:
                    return who
        return None

    def _comma_after_speaker(self, ti: int, limit: int) -> bool:
        """`Pour l'organisation militant pour les droits de l'Homme, « … »`: a noun that can speak (a body,
        a role, a person noun), its complements (participles and prepositions included, no finite verb,
        no relative pronoun), then a comma."""
        toks = self.tokens_in(self.doc[ti].idx if ti < len(self.doc) else limit, limit)
        if len(toks) < 2 or self.doc[toks[0]].pos_ != "DET":
            return False
        noun = self.doc[toks[1]]
        if noun.lower_ not in SPEAKING_NOUNS and noun.lemma_.lower() not in SPEAKING_NOUNS:
            return False
        for j in toks[2:14]:
            t = self.doc[j]
            if t.text == ",":
                return True
            if finite_verb(t) and "Part" not in t.morph.get("VerbForm") or t.lower_ in ("qui", "que", "qu'", "dont") or t.is_punct:
                return False
        return False

    def cue_verb_before(self, open_pos: int) -> Resolved | None:
        """A speech verb earlier in the quote's sentence (`Poutine a déclaré que … signifierait “…”`)."""
        s_start, _ = self.sentence(open_pos)
        for ti in reversed(self.tokens_in(max(s_start, open_pos - WINDOW), open_pos)):
            t = self.doc[ti]
            if self.in_quote(t.idx):
                continue
            if speech_token(t) and not self._perceives(ti, open_pos):
                return self.subject_of_verb(ti, t.text)
        return None

    def cue_sentence_before(self, open_pos: int) -> Resolved | None:
        """`La porte-parole de la fédération a nuancé les chiffres. « On a constaté … »`: a quote opening its
        sentence right after a sentence of the same paragraph, with no quote, whose main verb is a speech
        verb with a subject that can speak (a name, a pronoun, a person, role or body noun)."""
        s_start, _ = self.sentence(open_pos)
        p_start = self.article.paragraphs[self.article.paragraph_at(open_pos)].start
        if s_start <= p_start or self.text[s_start:open_pos].strip():
            return None
        prev_start, _ = self.sentence(s_start - 1)
        if self.next_quote_start(prev_start) < s_start:
            return None  # the sentence before has its own quote: its cue is that quote's
        # the verb with a subject of its own (the parse may run the sentence into the quote: no ROOT test);
        # `a nuancé` may be tagged as an adjective with its auxiliary
        root = next((ti for ti in self.tokens_in(prev_start, s_start) if any(c.dep_ == "nsubj" for c in self.doc[ti].children)), None)
        if root is None:
            return None
        verb = self.doc[root]
        aux = any(c.dep_.startswith("aux") for c in verb.children)
        if not speech_token(verb) and not (verb.pos_ == "ADJ" and aux and is_speech_verb(verb.lemma_, verb.text)):
            return None
        who = self.subject_of_verb(root, verb.text, allow_inverted=False)
        if who is None or who.start is None or who.label == "GROUP":
            return None
        said = self.text[who.start : who.end].replace("’", "'").lower().split()
        words = [w.split("'")[-1] for w in said if w not in DESCRIPTION_DETS]
        can_speak = who.named or (words and (words[0] in SPEAKING_NOUNS or words[0].split("-")[0] in SPEAKING_NOUNS))
        return who if can_speak else None

    def _perceives(self, vi: int, open_pos: int) -> bool:
        """A verb of noticing with no `que` or colon between it and the quote: a perception, not speech
        (`Les agresseurs auraient remarqué sur la victime un « signe »`); its subject is not a speaker."""
        if self.doc[vi].lemma_.lower() not in PERCEPTION_VERBS:
            return False
        between = self.tokens_in(self.doc[vi].idx + 1, open_pos)
        return not any(self.doc[k].lower_ in ("que", "qu'", "qu’", ":") for k in between)

    def quote_in_reported_speech(self, open_pos: int) -> bool:
        """The quote is part of what an earlier speech verb of its sentence governs (`a estimé que le
        mouvement était « injustifié »`), not a scare quote after another clause (`…, et X a présenté un
        « plan de victoire »`): the quote's words hang under the verb, not through a coordinated verb."""
        s_start, _ = self.sentence(open_pos)
        ti = self.token_at(open_pos) + 1
        if ti >= len(self.doc):
            return False
        for vi in reversed(self.tokens_in(max(s_start, open_pos - WINDOW), open_pos)):
            v = self.doc[vi]
            if self.in_quote(v.idx) or not speech_token(v):
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
