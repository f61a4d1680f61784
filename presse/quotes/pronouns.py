"""Stage 2 for pronouns: the most salient compatible antecedent before the pronoun."""

from __future__ import annotations

from dataclasses import replace

from ..speechverbs import DOCUMENT_NOUNS, ORG_NOUNS, SUBJECT_PRONOUNS
from .mentions import Resolved


class Pronouns:
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
        body = self._body_subject_since(ti, gender)
        if body is not None:
            who = body
        who = who or self.title_person() or self._described_antecedent(ti, gender, False, cue)
        if who is None:
            return None
        if gender and who.label == "PER":
            self.gender.setdefault(who.name, gender)  # `a-t-elle dit` tells us about X for later pronouns
        return replace(who, start=a, end=b, cue=cue)

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

    def _body_subject_since(self, ti: int, gender: str | None) -> Resolved | None:
        """`Le nouveau gouvernement s'est donné pour objectif … Il a cependant déclaré que « … »`: a body
        noun subject (gouvernement, ministère, parquet…) of this paragraph, with no person named since, is
        the singular pronoun's antecedent."""
        p_start = self.article.paragraphs[self.article.paragraph_at(self.doc[ti].idx)].start
        for j in range(ti - 1, max(-1, ti - 120), -1):
            t = self.doc[j]
            if t.idx < p_start:
                return None
            if self.in_quote(t.idx):
                continue
            e = self.entity_at(t.idx)
            if e is not None and e.label == "PER":
                return None  # a person named since: the usual salience decides
            if not (t.dep_.startswith("nsubj") and t.pos_ in ("NOUN", "PROPN")):
                continue
            if t.lower_ not in ORG_NOUNS or t.head.dep_ != "ROOT":
                return None  # the last subject is someone else, or a body inside a subordinate clause
            if "Plur" in t.morph.get("Number") or gender and t.morph.get("Gender") and gender not in t.morph.get("Gender"):
                return None
            if not any(c.dep_ == "det" and c.lower_ in ("le", "la", "l'", "l’") for c in t.children):
                return None
            who = self.resolve_np(*self.np_around(j), "mention")
            return who if who is not None and who.label == "ORG" else None
        return None
