"""Stage 2 for noun phrases: a mention (name, organisation, description) to the speaker it stands for."""

from __future__ import annotations

import bisect
from dataclasses import replace
from typing import TYPE_CHECKING

from ..model import Entity
from ..speechverbs import (
    DOCUMENT_NOUNS,
    FIRST_PERSON,
    GENERIC_ORG_NOUNS,
    GROUP_DETERMINERS,
    ORG_NOUNS,
    SUBJECT_PRONOUNS,
)
from .grammar import description_key, gender_of, latest, latest_item, of_someone
from .lexicon import (
    NATIONALITY,
    OCCUPATION_STEMS,
    RELATIVE_NOUNS,
    RELATIVE_STEMS,
    ROLE_NOUNS,
    ROLE_STEMS,
    SAME_ROLE,
    det_gender,
    role_stem,
)
from .mentions import Resolved

if TYPE_CHECKING:
    from spacy.tokens import Token


class Resolution:
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
                return Resolved(name, "PER", a, b, cue, gender=det_gender(det))
        if (
            det in ("le", "la", "l'", "l’")
            and len(content) == 1
            and content[0].text[:1].isupper()
            and NATIONALITY.search(content[0].text)
            and not (starts_with_entity and starts_with_entity.label == "ORG")
            and not (starts_with_entity and starts_with_entity.canonical in self.place_names)
        ):
            # `a confié le Slovène`: a person described by nationality
            near = self._latest_person(a, det_gender(det), local=False)
            if near is not None:
                return replace(near, start=a, end=b, cue=cue)
        if people and (head is None or head.lower_ not in ORG_NOUNS or starts_with_entity in people):
            e = people[-1]
            if i0 > 0 and self.doc[i0 - 1].pos_ == "ADP":
                a, b = e.start, e.end  # `A l'issue de la réunion, M. Attal`: the name alone
            return Resolved(e.canonical, "PER", a, b, cue, gender=self.gender.get(e.canonical) or det_gender(det))
        if starts_with_entity is not None:
            e = starts_with_entity
            return Resolved(e.canonical, e.label, a, b, cue, gender=self.gender.get(e.canonical))
        words = self.text[a:b]
        if head is None and len(content) == 1 and det and content[0].lower_.split("-")[0] in ROLE_NOUNS:
            head = content[0]  # `le Président-candidat`, `la Ministre`: a role noun capitalised, not a name
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
                    org = self._latest_org_nearby(a) or latest_item(self.org_subjects, a)
                if org is not None:
                    return Resolved(org.canonical, org.label, a, b, cue)
            return Resolved(words, "ORG", a, b, cue, named=False)
        if head.lower_ in ORG_NOUNS or head.lower_ in GENERIC_ORG_NOUNS:
            org = next((e for e in ents if e.label == "ORG"), None)
            if org is not None:
                return Resolved(org.canonical, org.label, a, b, cue)
            definite = det in ("le", "la", "l'", "l’", "cette", "ce") or (not det and i0 > 0 and self.doc[i0 - 1].lower_ == "du")
            if definite and len(content) == 1 and head.lower_ in ORG_NOUNS:
                # `l'ONG précise`, `l'organisation ajoute`: the body named last nearby, never the common noun
                org_mention = self._latest_org_nearby(a)
                if org_mention is not None:
                    return Resolved(org_mention.canonical, "ORG", a, b, cue)
            if head.lower_ in GENERIC_ORG_NOUNS and definite:  # `le groupe`, `le constat du groupe`
                name = latest(self.heads.get(head.lower_, []), a)
                if name is None:
                    org_mention = self._latest_org_nearby(a) or latest_item(self.org_subjects, a)
                    name = org_mention.canonical if org_mention is not None else None
                if name is not None:
                    return Resolved(name, "ORG", a, b, cue)
            return Resolved(words, "ORG", a, b, cue, named=False)
        if det in GROUP_DETERMINERS and ("Plur" in head.morph.get("Number") or head.text.endswith(("s", "x"))):
            return Resolved(words, "GROUP", a, b, cue, named=False)
        if head.text[:1].isupper() and det == "" and not ents:
            return Resolved(" ".join(t.text for t in content), "ORG", a, b, cue)
        return self.resolve_description(toks, head, det, a, b, cue)

    def resolve_description(self, toks: list[Token], head: Token, det: str, a: int, b: int, cue: str) -> Resolved:
        """`le porte-parole du Kremlin` → the person so described earlier, else the nearest fitting
        person (definite descriptions only), else the description itself."""
        key, head_word, _ = description_key(toks) or ("", head.lower_, det)
        gender = det_gender(det) or gender_of(head)
        tries = [(self.descriptions, key), (self.heads, head_word)]
        tries += [(self.heads, w) for w in SAME_ROLE.get(head_word, ())]
        for table, k in tries:
            name = latest(table.get(k, []), a)
            if name is not None:
                return Resolved(name, "PER", a, b, cue, gender=self.gender.get(name))
        if det in ("le", "la", "l'", "l’") and head_word in ROLE_NOUNS:
            apposed = self._apposed_name(b)
            if apposed is not None:  # `La ministre déléguée au Numérique, Clara Chappaz, s'est dite`
                return Resolved(apposed.canonical, "PER", apposed.start, apposed.end, cue, gender=self.gender.get(apposed.canonical))
            later = self._named_next(b, a)
            if later is not None and not self._other_role(later.canonical, toks, head):
                # `« … » a ajouté le président de la République. Emmanuel Macron a salué …`: named just after
                return Resolved(later.canonical, "PER", later.start, later.end, cue, gender=self.gender.get(later.canonical))
        if det in ("le", "la", "l'", "l’", "ce", "cet", "cette"):  # `prédit ce charpentier de 41 ans`
            near = self._latest_person(a, gender, local=False)
            if near is not None and not self._other_role(near.name, toks, head):
                return replace(near, start=a, end=b, cue=cue)
            if near is not None and head.lower_ in RELATIVE_NOUNS and not any(of_someone(t) for t in toks if t.i > head.i):
                # the nearest is another relative (`Leur fille, Emma`): the one before may be meant
                first = min(
                    [p for p, w in self.speakers if w.name == near.name]
                    + [p for p, e in self.person_mentions if e.canonical == near.name],
                    default=None,
                )
                cand = self._latest_person(first, gender, local=False) if first is not None and first < a else None
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
        if word in RELATIVE_NOUNS and any(of_someone(t) for t in toks if t.i > head.i):
            return True
        if word in RELATIVE_NOUNS:  # `la mère de famille` is not `Leur fille aînée, Emma`
            kin = {r for r in self.roles.get(name, ()) if r in RELATIVE_STEMS}
            return bool(kin) and role_stem(word) not in kin
        if word not in ROLE_NOUNS:
            return False
        roles = self.roles.get(name, set())
        known = {r for r in roles if r in ROLE_STEMS}  # `le chef de l'Etat` is no role here
        if not known and roles & OCCUPATION_STEMS:
            return True  # `la comédienne X` is not `la ministre de la Culture`
        return bool(known) and role_stem(word) not in known
