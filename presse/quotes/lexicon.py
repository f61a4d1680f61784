"""Word lists of French news attribution, as data: what a sentence boundary, a preposition, a role noun,
a relative, a title of address look like. No spaCy here."""

from __future__ import annotations

import re

# A sentence ends at . ! ? … before a capital or an opening mark — not after an initial or a title (M. Macron).
SENTENCE_END = re.compile(
    r"(?<!\b[A-ZÀ-Þ])(?<!\bMM)(?<!\bMr)(?<!\bDr)(?<!\bPr)(?<!\bSt)(?<!\bMgr)"
    r"[.!?…]+(?=[\s\"«“”»’‘]*(?:$|[A-ZÀ-ÖØ-Þ«“‘\"]))"
)
PP_PREPOSITIONS = frozenset(
    "à au aux devant dans lors sur pendant en par avec chez auprès après avant depuis sous vers contre pour durant "
    "face via entre".split()
)
NOT_SELON_TARGET = frozenset(
    "lesquels lesquelles laquelle lequel qui que quoi moi nous toi vous les la le des un une ce cette ces".split()
)
TIME_WORDS = frozenset(
    """lundi mardi mercredi jeudi vendredi samedi dimanche matin soir midi hier aujourd'hui demain semaine mois
    année janvier février mars avril mai juin juillet août septembre octobre novembre décembre""".split()
)
# Bounds that keep attribution linear in the text's length: how far around a quote a cue is looked for
# (characters) and how many earlier speakers or mentions are tried.
WINDOW = 400
LOOKBACK = 200
# `le Slovène`, `l'Américaine`, `le Britannique`: nationality nouns describing a person.
NATIONALITY = re.compile(r"(?:ain|aine|ais|aise|ien|ienne|ène|ois|oise|and|ande|ique|ec|èque)$")
SELON_WORDS = re.compile(r"(?i)\b(?:selon|après|pour)\b")
FIRST_PERSON_POSSESSIVES = frozenset({"nos", "notre", "mes", "ma", "mon"})
CLITICS = frozenset({"t", "lui", "leur", "y", "en", "ne", "pas", "n'", "n’", "s'", "s’", "se", "l'", "l’", "le", "la", "les"})
FEM_TITLES = frozenset({"mme", "madame", "mlle", "mademoiselle"})
MASC_TITLES = frozenset({"m.", "monsieur", "mr"})
NP_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM"})
# What someone says, as a noun: `Le constat du groupe est sans appel : « … »`.
STATEMENT_NOUNS = frozenset(
    "constat message position réponse verdict analyse avis conclusion diagnostic credo leitmotiv explication "
    "argument conviction sentiment réaction discours ligne commentaire mot".split()
)
# Determiners that open an inverted subject after a verb of saying (`», soupire une usagère`).
INCISE_SUBJECT_DETS = frozenset("le la l' l’ les un une son sa ses leur leurs ce cet cette m. mme me".split())

# Verbs of noticing: they report speech only with what was said after them (`a constaté que`, `a relevé :`);
# with a noun object they describe a perception (`Les agresseurs auraient remarqué sur la victime un « signe »`).
PERCEPTION_VERBS = frozenset("constater remarquer observer noter relever".split())

FAIRE_SAVOIR = frozenset("savoir valoir remarquer observer part".split())

# Functions a person is introduced with; a description by one of them names someone with that function.
ROLE_NOUNS = frozenset(
    """ministre président présidente procureur procureure avocat avocate juge maire préfet préfète directeur
    directrice secrétaire porte-parole gouverneur gouverneure député députée sénateur sénatrice commissaire
    chancelier chancelière patron patronne pdg fondateur fondatrice cofondateur cofondatrice entraîneur
    entraîneuse sélectionneur capitaine médecin délégué déléguée adjoint adjointe conseiller
    conseillère ambassadeur ambassadrice général générale colonel commandant""".split()
)
# Relatives and neighbours: `la sœur du défunt`, `la mère de la victime` is someone new.
# Words the press uses for a role named otherwise before (`la maire` … `l'édile`).
SAME_ROLE = {
    "édile": ("maire",),
    "coach": ("entraîneur", "entraîneuse"),
    "magistrat": ("juge", "procureur"),
    "magistrate": ("juge", "procureure"),
    "parlementaire": ("député", "députée", "sénateur", "sénatrice"),
    "élu": ("maire", "député", "sénateur", "conseiller"),
    "élue": ("maire", "députée", "sénatrice", "conseillère"),
}
DESCRIPTION_DETS = frozenset("un une le la les l' l’ son sa ses leur ce cet cette".split())
RELATIVE_NOUNS = frozenset(
    """sœur soeur frère mère père fils fille épouse époux mari femme veuve veuf oncle tante cousin cousine
    neveu nièce grand-mère grand-père ami amie proche proches voisin voisine compagnon compagne""".split()
)



def role_stem(word: str) -> str:
    """`avocate` and `avocat`, `directrice` and `directeur` compare equal."""
    word = word.lower()
    for fem, masc in (("trice", "teur"), ("euse", "eur"), ("ère", "er"), ("ète", "et"), ("ure", "ur")):
        if word.endswith(fem):
            return word[: -len(fem)] + masc
    return word[:-1] if word.endswith("e") and not word.endswith(("re", "te")) and len(word) > 5 else word


ROLE_STEMS = frozenset(role_stem(w) for w in ROLE_NOUNS)
RELATIVE_STEMS = frozenset(role_stem(w) for w in RELATIVE_NOUNS)
# Trades and arts that hold no office: a person so introduced is not `le ministre`, `la maire` described later.
OCCUPATION_STEMS = frozenset(
    role_stem(w)
    for w in """comédien comédienne acteur actrice chanteur chanteuse écrivain écrivaine romancier romancière
    cinéaste réalisateur réalisatrice musicien musicienne artiste peintre photographe journaliste critique
    historien historienne sociologue économiste chercheur chercheuse philosophe poète dramaturge""".split()
)


def det_gender(det: str) -> str | None:
    return {"le": "Masc", "un": "Masc", "du": "Masc", "la": "Fem", "une": "Fem", "sa": "Fem", "cette": "Fem"}.get(det.lower())
