"""Indirect speech: the `que` clause of a speech verb and the clause before an inverted speech verb."""

from __future__ import annotations


from ..speechverbs import NOT_INDIRECT, inverted_speech_at, is_speech_verb
from .grammar import clause_end
from .mentions import Resolved


class IndirectSpeech:
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
                right = clause_end(c)
                b = right.idx + len(right.text)
                p = self.article.paragraphs[self.article.paragraph_at(a)]
                b = self.trim_end(a, min(b, p.end))
                if b > a:
                    out.append((a, b, self.subject_of_verb(t.i, t.text)))
                break
        return out
