"""French lexicon for attribution: speech verbs (all tenses), pronouns, role and organisation nouns.

spaCy's lemmatizer gives the infinitive of most inflected forms; `is_speech_verb` also recognises the
forms themselves (conjugated from the infinitive for -er verbs, listed for the irregular ones) because the
lemmatizer stumbles on inverted forms and on machine-translated text.
"""

from __future__ import annotations

import functools
import re

# Verbs that introduce what someone said or wrote.
SPEECH_VERBS = frozenset(
    """
    déclarer dire affirmer ajouter répondre expliquer préciser indiquer souligner estimer assurer rappeler
    prévenir conclure juger dénoncer écrire lancer poursuivre insister reconnaître annoncer confier raconter
    témoigner commenter marteler observer noter relever résumer analyser avertir admettre avouer
    confirmer démentir nier répéter réagir regretter déplorer s'insurger insurger protester plaider promettre
    réclamer exiger demander suggérer proposer prédire espérer craindre souhaiter
    détailler développer argumenter justifier défendre accuser critiquer fustiger tacler ironiser sourire
    soupirer s'exclamer exclamer s'étonner étonner féliciter se_réjouir réjouir lâcher glisser
    souffler murmurer crier s'emporter tonner trancher asséner assener rétorquer répliquer objecter renchérir
    enchaîner embrayer compléter nuancer tempérer concéder convenir reconnaitre signaler
    mentionner évoquer citer rapporter relater communiquer tweeter twitter déclamer proclamer
    clamer revendiquer jurer garantir certifier soutenir prétendre croire
    alerter s'inquiéter inquiéter s'alarmer alarmer constater remarquer
    recommander exhorter implorer supplier prier saluer
    s'indigner indigner s'agacer agacer tempêter pointer décrypter hurler grincer s'exclamer s'étonner
    interpeller contester réfuter résumer rassurer condamner qualifier parler appeler
    """.split()
)

# Irregular verbs: forms spaCy may not lemmatise, third persons of the usual tenses, participles.
_IRREGULAR_FORMS = {
    "dire": "dit disent disait disaient dira diront dirait diraient dise disant dits dite".split(),
    "écrire": "écrit écrivent écrivait écrivaient écrira écrirait écrivit écrivant écrite".split(),
    "reconnaître": "reconnaît reconnait reconnaissent reconnaissait reconnu reconnue reconnut reconnaissant".split(),
    "poursuivre": "poursuit poursuivent poursuivait poursuivi poursuivit poursuivant".split(),
    "conclure": "conclut concluent concluait conclu conclura concluant".split(),
    "prévenir": "prévient préviennent prévenait prévenu prévenue prévint prévenant".split(),
    "admettre": "admet admettent admettait admis admise admit admettant".split(),
    "soutenir": "soutient soutiennent soutenait soutenu soutenue soutint soutenant".split(),
    "répondre": "répond répondent répondait répondu répondit répondra répondant".split(),
    "promettre": "promet promettent promettait promis promit promettant".split(),
    "convenir": "convient conviennent convenait convenu convint".split(),
    "démentir": "dément démentent démentait démenti démentit démentant".split(),
    "avertir": "avertit avertissent avertissait averti avertissant".split(),
    "craindre": "craint craignent craignait craignit craignant".split(),
    "prédire": "prédit prédisent prédisait prédisant".split(),
    "réagir": "réagit réagissent réagissait réagi réagissant".split(),
    "réjouir": "réjouit réjouissent réjouissait réjoui réjouie réjouis".split(),
    "contredire": "contredit contredisent contredisait".split(),
    "décrire": "décrit décrivent décrivait décrite".split(),
    "maintenir": "maintient maintiennent maintenait maintenu maintenue".split(),
    "plaindre": "plaint plaignent plaignait".split(),
}
# Pronouns that are never a speaker (first and second person, "on").
FIRST_PERSON = frozenset("je j' j’ me moi nous on tu te toi vous".split())
SUBJECT_PRONOUNS = {"il": "Masc", "elle": "Fem", "ils": "Masc", "elles": "Fem"}

# Nouns naming an organisation: such a description is a speaker itself, not a person to resolve.
ORG_NOUNS = frozenset(
    """
    ministère gouvernement police gendarmerie parquet préfecture mairie municipalité entreprise société groupe
    syndicat association ong armée tribunal cour commission agence banque fédération parti parlement
    assemblée sénat conseil comité autorité autorités office institut université hôpital direction
    présidence élysée matignon kremlin maison-blanche département administration compagnie fondation club
    équipe collectif organisation organisme service services ambassade état-major chancellerie cabinet
    journal quotidien hebdomadaire chaîne média médias rédaction opposition majorité coalition
    inspection rectorat académie métropole région collectivité intercommunalité agglomération caisse
    mutuelle juridiction entourage
    """.split()
)
# Documents and sources: `le communiqué de la préfecture`, `les chiffres du ministère` name whoever issued
# them (an entity inside), never a person mentioned earlier.
DOCUMENT_NOUNS = frozenset(
    """communiqué rapport texte document étude lettre courrier message tweet publication note enquête sondage
    décret arrêté projet avis bilan informations sources chiffres données estimations images médias article
    dépêche site compte réseau blog""".split()
)
# Generic names of a body that refer back to one named before ("le groupe", "l'entreprise").
GENERIC_ORG_NOUNS = frozenset(
    "entreprise société groupe compagnie firme organisation association fédération syndicat constructeur "
    "fabricant club équipe organisme institution enseigne opérateur laboratoire institut journal quotidien "
    "hebdomadaire magazine titre chaîne radio assureur banque".split()
)
# Determiners of a group of speakers ("de nombreux habitants", "les manifestants").
GROUP_DETERMINERS = frozenset("les des de plusieurs certains certaines nombreux nombreuses quelques beaucoup".split())

_ER_ENDINGS = (
    "e ent ait aient a èrent era eront erait eraient é ée és ées ant er".split()
)


def _er_forms(lemma: str) -> set[str]:
    stem = lemma[:-2]
    forms = {stem + e for e in _ER_ENDINGS}
    if stem.endswith("g"):  # il jugeait, jugeant
        forms |= {stem + "e" + e for e in ("ait", "aient", "a", "ant")}
    if stem.endswith("c"):  # annonçait
        forms |= {stem[:-1] + "ç" + e for e in ("ait", "aient", "a", "ant")}
    if stem.endswith("el") or stem.endswith("et"):  # rappelle, rejette
        forms |= {stem + stem[-1] + e for e in ("e", "ent", "era", "erait")}
    if len(stem) > 2 and stem[-2] in "éeè":  # répète, martèle, relève
        alt = stem[:-2] + "è" + stem[-1]
        forms |= {alt + "e", alt + "ent", alt + "era", alt + "erait"}
    return forms


# Verbs that introduce a quote only right next to it ("», poursuit-il", "», sourit-elle", "», pense-t-il").
CUE_ONLY_VERBS = frozenset(
    """continuer reprendre enchaîner sourire soupirer penser croire trouver considérer interroger s'interroger
    questionner plaisanter rigoler s'amuser amuser menacer rire gémir rugir s'emporter s'énerver sangloter
    philosopher résumer conclure s'esclaffer""".split()
)
# Opinion and request verbs: a cue next to a quote, too loose for indirect speech.
NOT_INDIRECT = frozenset("espérer craindre souhaiter demander proposer suggérer conseiller saluer parler appeler".split())

_CUE_ONLY_IRREGULAR = {
    "reprendre": "reprend reprennent reprenait repris reprit reprenant".split(),
    "croire": "croit croient croyait cru crut".split(),
    "sourire": "sourit sourient souriait souri sourit souriant".split(),
    "rire": "rit rient riait ri".split(),
    "gémir": "gémit gémissent gémissait".split(),
    "rugir": "rugit rugissent rugissait".split(),
}


def _conjugate(verbs: frozenset[str], irregular: dict[str, list[str]]) -> frozenset[str]:
    forms: set[str] = set()
    for verb in verbs:
        verb = verb.removeprefix("s'")
        if verb.endswith("er"):
            forms |= _er_forms(verb)
        forms.add(verb)
    for lemma, extra in irregular.items():
        forms.update(extra)
        forms.add(lemma)
    return frozenset(forms)


@functools.cache
def _forms(adjacent: bool) -> frozenset[str]:
    forms = _conjugate(SPEECH_VERBS, _IRREGULAR_FORMS)
    if adjacent:
        forms |= _conjugate(CUE_ONLY_VERBS, _CUE_ONLY_IRREGULAR)
    return forms


def _norm_lemma(lemma: str) -> str:
    return lemma.lower().removeprefix("s'").removeprefix("se ")


def is_speech_verb(lemma: str, form: str, adjacent: bool = False) -> bool:
    """A speech verb, from its lemma or surface form; `adjacent`: right next to a quote, where looser
    verbs ("», poursuit-il", "», pense-t-elle") also introduce speech."""
    lemma = _norm_lemma(lemma)
    if lemma in SPEECH_VERBS or (adjacent and lemma in CUE_ONLY_VERBS):
        return True
    return form.lower().strip("-") in _forms(adjacent)


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def starts_with_speech_cue(after: str) -> bool:
    """Text right after a closing mark reads like an attribution (`, a déclaré X`, `», explique-t-il`),
    judged on the words alone (no parse): a speech verb among the first four words, after a comma or dash."""
    stripped = after.lstrip(" \t\u00a0\u202f\u2009")
    if not stripped or stripped[0] not in ",–—-":
        return False
    words = _WORD.findall(stripped[:80])[:4]
    return any(w.lower() in _forms(True) for w in words)


_AUX = frozenset("a avait aurait ont avaient auraient".split())
_INCISE_PRONOUNS = frozenset("il elle ils elles".split())
_INCISE = re.compile(r",[ \u00a0\u202f]+([^,.;:!?«»“”\"]{1,90}?)[ \u00a0\u202f]*([,.;!?]|$)")


_APPOSED_NAME = re.compile(r",[ \u00a0]+((?:[A-ZÀ-Ý][\w’'-]+[ \u00a0]+){0,3}[A-ZÀ-Ý][\w’'-]+)(?=[ \u00a0]*[,.])")


def find_incise(body: str) -> tuple[int, int] | None:
    """An attribution set inside the quotation marks — `« Nous sommes prêts, a déclaré le ministre. Nous
    attendons. »`, `« Ce n'est pas le moment, explique-t-il, il faut attendre »` — as (start, end) offsets in
    `body` of the words between the commas (or comma and period), else None."""
    for m in _INCISE.finditer(body):
        if m.start() == 0:
            continue
        words = _WORD.findall(m.group(1))
        if not words or len(words) > 12:
            continue
        low = [w.lower() for w in words]
        for k, w in enumerate(low[:4]):
            if w not in _forms(True):
                continue
            inverted_pronoun = k + 1 < len(low) and (low[k + 1] in _INCISE_PRONOUNS or low[k + 1] == "t")
            inverted_pronoun |= k >= 2 and low[k - 1] in _INCISE_PRONOUNS and low[k - 2] == "t"  # a-t-il ajouté
            after_aux = k > 0 and (low[k - 1] in _AUX or low[k - 1] in _INCISE_PRONOUNS)
            named_after = k + 1 < len(words) and (after_aux or k == 0) and not inverted_pronoun
            if inverted_pronoun or (named_after and (after_aux or len(words) - k <= 6)):
                # `, affirme son avocat, Antoine Vey, et …`: the apposition naming the speaker goes with it
                name = _APPOSED_NAME.match(body, m.end(1))
                return m.start(1), name.end(1) if name and not inverted_pronoun else m.end(1)
            break
    return None


_SKIPPABLE = frozenset("t il elle ils elles ensuite également encore aussi alors notamment enfin déjà".split())
_SUBJECT_STARTS = frozenset("le la les l un une des son sa ses leur leurs ce cette m mme".split())


def inverted_speech_at(after_comma: str) -> bool:
    """`, a annoncé samedi X`, `, a-t-il insisté`, `, explique-t-elle`, `, affirme le ministre`: an inverted
    speech verb right after a comma (a finite form: `, en citant`, `, le félicitant` are not)."""
    words = _WORD.findall(after_comma[:80])[:5]
    if not words:
        return False
    low = [w.lower() for w in words]
    k = 1 if low[0] in _AUX else 0
    while k < len(low) and k > 0 and low[k] in _SKIPPABLE:
        k += 1
    if k >= len(low) or low[k] not in _forms(True) or low[k].endswith("ant"):
        return False
    if k > 0:
        return True  # `a annoncé`, `a-t-il insisté`
    if len(words) < 2:
        return False
    nxt = low[1]
    return nxt in ("t", "il", "elle", "ils", "elles") or nxt in _SUBJECT_STARTS or words[1][:1].isupper()
