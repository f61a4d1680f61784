"""Quotes and their speakers through the full pipeline: one test per rule of issue 3, the seed's gold,
and properties on random mixtures of marks."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presse.quotemarks import QUOTE_CHARS, SPACES
from presse.speechverbs import find_incise
from tests.conftest import score

NB = "\u00a0"


def g(s: str) -> str:
    """French typography: no-break spaces inside « »."""
    return s.replace("« ", "«" + NB).replace(" »", NB + "»")


def by_text(analysis, text: str):
    found = [q for q in analysis.quotes if q.text == text]
    assert found, f"no quote {text!r} in {[q.text for q in analysis.quotes]}"
    return found[0]


# -- the seed ------------------------------------------------------------------------------------


def test_seed_meets_the_gold(seed_analysis):
    s = score(seed_analysis.to_dict())
    assert s["quote_f1"] >= 0.97, s["issues"]
    assert s["speaker_acc"] >= 0.93, s["issues"]


def test_seed_peskov_is_one_speaker_with_his_forms(seed_analysis):
    peskov = [sp for sp in seed_analysis.speakers if sp.name.endswith("Peskov")]
    assert len(peskov) == 1
    aliases = " | ".join(peskov[0].aliases)
    assert "le porte-parole du Kremlin, Dmitri Peskov" in aliases and "Peskov" in peskov[0].aliases
    texts = [seed_analysis.quotes[i].text for i in peskov[0].quotes]
    assert texts[0] == "C’est complètement faux." and "Rien ne peut être exclu" in texts


def test_seed_terms_are_terms(seed_analysis):
    """A scare quote after a coordinated clause stays a term (`affirmant que …, et Zelensky a présenté un
    « plan de victoire »`); short quotes inside a speech verb's `que` clause are the speaker's words
    (`Bryan Lanza a déclaré que … une « vision de paix » …`)."""
    by_text = {q.text: q for q in seed_analysis.quotes}
    assert by_text["plan de victoire"].kind == "term"
    for words in ("vision de paix", "gagnante"):
        assert by_text[words].kind == "partial" and by_text[words].speaker == "Bryan Lanza"


# -- 1. a speech verb next to the quote ----------------------------------------------------------


def test_inverted_subject_with_apposition(analyze_text):
    a = analyze_text("“C’est de la pure fiction”, a déclaré aux journalistes le porte-parole du Kremlin, Dmitri Peskov.")
    q = by_text(a, "C’est de la pure fiction")
    assert q.speaker == "Dmitri Peskov" and q.cue == "déclaré" and q.kind == "direct"
    assert a.article.text[q.speaker_start : q.speaker_end] == "le porte-parole du Kremlin, Dmitri Peskov"


def test_inverted_pronoun_t_il_resolves_to_the_person_named_before(analyze_text):
    a = analyze_text(g("Le maire, Jean Dupont, a reçu les habitants.\n\n« Nous rénoverons la place », explique-t-il."))
    q = by_text(a, "Nous rénoverons la place")
    assert q.speaker == "Jean Dupont" and q.cue == "explique"
    assert a.article.text[q.speaker_start : q.speaker_end] == "il"


def test_a_t_elle_prefers_the_woman(analyze_text):
    a = analyze_text(g("La ministre, Marie Lebrun, a rencontré le maire, Paul Girard, lundi.\n\n« Rien n'est décidé », a-t-elle précisé."))
    assert by_text(a, "Rien n'est décidé").speaker == "Marie Lebrun"


def test_inverted_organisation_after_adverb(analyze_text):
    a = analyze_text(g("« Les banques rembourseront les clients lésés », a ensuite précisé Febelfin dans un communiqué."))
    assert by_text(a, "Les banques rembourseront les clients lésés").speaker == "Febelfin"


def test_verb_before_with_colon(analyze_text):
    a = analyze_text("Interrogé sur le sujet, Dmitri Peskov a répondu : “Il n’y a pas encore de plans concrets”.")
    q = by_text(a, "Il n’y a pas encore de plans concrets")
    assert q.speaker == "Dmitri Peskov" and q.cue == "répondu" and q.kind == "direct"


def test_verb_before_with_que_colon_and_elided_que(analyze_text):
    a = analyze_text(g("Le préfet, Jacques Billant, précise que : « Tous les moyens ont été engagés ».\n\n"
                       "La maire de Lille, Martine Aubry, a déclaré qu'« aucune famille ne sera laissée sans toit »."))
    assert by_text(a, "Tous les moyens ont été engagés").speaker == "Jacques Billant"
    q = by_text(a, "aucune famille ne sera laissée sans toit")
    assert q.speaker == "Martine Aubry" and q.kind == "partial"


def test_partial_quote_inside_reported_speech(analyze_text):
    a = analyze_text("Trump lui aurait rappelé «l’importante présence militaire de Washington en Europe» lors de l’appel.")
    q = by_text(a, "l’importante présence militaire de Washington en Europe")
    assert q.kind == "partial" and q.speaker.endswith("Trump")


def test_titles_m_and_mme_and_on_at_a_place(analyze_text):
    a = analyze_text(g("Emmanuel Macron a reçu Marine Le Pen à l'Elysée.\n\n"
                       "« Le dialogue est nécessaire », a déclaré M. Macron à l'issue de l'entretien.\n\n"
                       "« Nous n'avons rien obtenu », a regretté Mme Le Pen devant la presse.\n\n"
                       "« Nous attendons des gestes concrets », explique-t-on dans l'entourage de la présidente du groupe RN."))
    assert by_text(a, "Le dialogue est nécessaire").speaker == "Emmanuel Macron"
    assert by_text(a, "Nous n'avons rien obtenu").speaker == "Marine Le Pen"
    assert by_text(a, "Nous attendons des gestes concrets").speaker == "Marine Le Pen"


# -- 2. selon, d'après, pour ---------------------------------------------------------------------


def test_selon_after_the_quote(analyze_text):
    a = analyze_text("L'accord prévoit «une présence militaire renforcée en Europe de l’Est», selon l'agence Reuters.")
    assert by_text(a, "une présence militaire renforcée en Europe de l’Est").speaker == "Reuters"


def test_d_apres_and_pour_before_the_quote(analyze_text):
    a = analyze_text(g("D'après Matignon, « aucune concession ne sera accordée aux opposants ».\n\n"
                       "Pour l'économiste Philippe Martin, « le chiffre reste modeste au regard du déficit »."))
    assert by_text(a, "aucune concession ne sera accordée aux opposants").speaker == "Matignon"
    assert by_text(a, "le chiffre reste modeste au regard du déficit").speaker == "Philippe Martin"


# -- 3. pronouns, descriptions, appositions ------------------------------------------------------


def test_description_resolves_through_an_earlier_apposition(analyze_text):
    a = analyze_text(g("« C'est un mensonge », a répliqué Samia Ghali, adjointe au maire.\n\n"
                       "Le conseil a voté lundi.\n\n« Le rapport est accablant », a ajouté l'adjointe."))
    assert by_text(a, "Le rapport est accablant").speaker == "Samia Ghali"


def test_organisation_and_group_speakers(analyze_text):
    a = analyze_text(g("« On a attendu trois jours avant de voir quelqu'un », témoignent de nombreux habitants.\n\n"
                       "Le Kremlin a déclaré que les Européens continuaient à « injecter des armes pour poursuivre la guerre »."))
    q = by_text(a, "On a attendu trois jours avant de voir quelqu'un")
    assert q.speaker == "de nombreux habitants"
    assert next(sp for sp in a.speakers if sp.name == q.speaker).label == "GROUP"
    assert by_text(a, "injecter des armes pour poursuivre la guerre").speaker == "Kremlin"


def test_speaker_named_only_in_the_title(nlp):
    from presse import pipeline
    from presse.model import Article
    from presse.sources import split_paragraphs

    text = "Le commissaire a plaidé pour une relance. “Nous devons passer en économie de guerre”, a-t-il affirmé."
    article = Article(source="t", title="Thierry Breton : “L'Europe doit se réarmer”", text=text, paragraphs=split_paragraphs(text))
    a = next(pipeline.analyze_many([article], nlp=nlp))
    assert by_text(a, "Nous devons passer en économie de guerre").speaker == "Thierry Breton"


def test_never_a_first_person_pronoun_nor_a_word_inside_the_quote(analyze_text):
    a = analyze_text(g("Jean Dupont a pris la parole.\n\n« Emmanuel Macron a tort, je le dis », a-t-il lancé."))
    q = by_text(a, "Emmanuel Macron a tort, je le dis")
    assert q.speaker == "Jean Dupont"
    assert not (q.start <= q.speaker_start < q.end)
    b = analyze_text(g("« Nous gagnerons », avons-nous dit."))
    assert all(q.speaker not in ("nous", "Nous") for q in b.quotes)


def test_incise_inside_the_quote_names_the_speaker(analyze_text):
    a = analyze_text(g("Le procureur, Nicolas Barret, a pris la parole.\n\n"
                       "« Mon client n'a rien détourné, affirme son avocat, Antoine Vey, et le dossier le démontre. »\n\n"
                       "« Les faits sont graves, a-t-il souligné. Ils portent atteinte à la confiance. »"))
    q = by_text(a, "Mon client n'a rien détourné, affirme son avocat, Antoine Vey, et le dossier le démontre.")
    assert q.speaker == "Antoine Vey" and q.cue == "affirme"
    assert by_text(a, "Les faits sont graves, a-t-il souligné. Ils portent atteinte à la confiance.").speaker == "Antoine Vey"


def test_pronoun_with_no_fitting_name_takes_the_described_antecedent(analyze_text):
    a = analyze_text(g("Le maire, Paul Girard, a reçu les agriculteurs.\n\n"
                       "Les agriculteurs s'inquiètent pour leurs récoltes. « Tout est perdu », disent-ils."))
    q = by_text(a, "Tout est perdu")
    assert q.speaker == "Les agriculteurs"
    assert next(sp for sp in a.speakers if sp.name == q.speaker).label == "GROUP"
    b = analyze_text(g("La juge, Marie Lebrun, a lu un message écrit par le prévenu. "
                       "« Je regrette tout », a-t-il expliqué à la barre."))
    assert by_text(b, "Je regrette tout").speaker == "le prévenu"


# -- 4. continuation -----------------------------------------------------------------------------


def test_quote_paragraph_continues_the_previous_speaker(analyze_text):
    a = analyze_text(g("« Rien ne peut être exclu », a déclaré Dmitri Peskov.\n\n"
                       "« L'armée comprend bien la dynamique. Aucune arme ne la changera. »"))
    q = by_text(a, "L'armée comprend bien la dynamique. Aucune arme ne la changera.")
    assert q.speaker == "Dmitri Peskov" and q.cue == "continuation"


def test_next_quote_in_the_same_paragraph_continues(analyze_text):
    a = analyze_text('"C\'est une erreur", a réagi la porte-parole, Paula Pinho. "L\'Europe répondra fermement."')
    assert by_text(a, "L'Europe répondra fermement.").speaker == "Paula Pinho"


def test_multi_paragraph_quotation_one_quote_per_paragraph(analyze_text):
    a = analyze_text(g("Le maire de Lyon, Grégory Doucet, a détaillé sa méthode : « Nous commencerons par les écoles.\n\n"
                       "« Puis viendront les crèches.\n\n"
                       "« Le budget sera voté en juin », a-t-il conclu."))
    texts = ["Nous commencerons par les écoles.", "Puis viendront les crèches.", "Le budget sera voté en juin"]
    got = [by_text(a, t) for t in texts]
    assert [q.paragraph for q in got] == [0, 1, 2]
    assert {q.speaker for q in got} == {"Grégory Doucet"}


def test_attribution_in_the_last_paragraph_of_a_quotation(analyze_text):
    a = analyze_text(g("Les élus ont débattu longuement.\n\n« Nous commencerons par les écoles.\n\n"
                       "« Le budget sera voté en juin », a conclu Grégory Doucet."))
    assert by_text(a, "Nous commencerons par les écoles.").speaker == "Grégory Doucet"


# -- kinds ---------------------------------------------------------------------------------------


def test_terms_are_kept_but_nobodys(analyze_text):
    a = analyze_text(g("Zelensky a présenté un « plan de victoire » aux alliés."))
    q = by_text(a, "plan de victoire")
    assert q.kind == "term" and q.speaker is None
    assert all(a.quotes.index(q) not in sp.quotes for sp in a.speakers)


def test_short_quote_with_its_own_speech_verb_is_not_a_term(analyze_text):
    a = analyze_text(g("« Jamais », a répondu Emmanuel Macron."))
    q = by_text(a, "Jamais")
    assert q.kind == "direct" and q.speaker == "Emmanuel Macron"


def test_indirect_speech_is_the_clause_after_que(analyze_text):
    a = analyze_text("Le groupe Chimex a affirmé que l'usine respectait toutes les normes de sécurité.")
    q = by_text(a, "l'usine respectait toutes les normes de sécurité")
    assert q.kind == "indirect" and q.speaker == "Chimex"
    chimex = next(sp for sp in a.speakers if sp.name == "Chimex")
    assert a.quotes.index(q) in chimex.quotes  # reported speech is listed under its speaker


def test_stray_closer_without_speech_verb_is_not_a_quote(analyze_text):
    a = analyze_text("Un écran de 27” coûte moins cher cette année.")
    assert [q for q in a.quotes if q.kind != "indirect"] == []


# -- properties through the pipeline -------------------------------------------------------------

PIECES = ["«", "»", "“", "”", "‘", "’", "'", '"', " ", NB, "\n\n", "Il a dit ", "c’est ", "l’armée ", "qu’",
          ", a déclaré Jean Dupont. ", ", a-t-elle dit. ", "selon lui ", "Nous gagnerons. ", "Paris "]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_pipeline_quotes_are_clean_and_disjoint(analyze_text, text):
    a = analyze_text(text or "x")
    last_end = -1
    for q in sorted(a.quotes, key=lambda q: q.start):
        p = a.article.paragraphs[q.paragraph]
        assert p.start <= q.start < q.end <= p.end
        assert a.article.text[q.start] not in QUOTE_CHARS + SPACES
        assert a.article.text[q.end - 1] not in QUOTE_CHARS + SPACES
        assert q.start >= last_end
        last_end = q.end
        if q.speaker_start is not None and q.start <= q.speaker_start < q.end:
            incise = find_incise(q.text)  # `« A, a-t-il dit. B »`: the incise is no quoted word
            assert incise is not None and q.start + incise[0] <= q.speaker_start < q.start + incise[1]
    for sp in a.speakers:
        assert sp.quotes == sorted(sp.quotes)


@pytest.mark.parametrize("text", ["«" * 2000, "»" * 2000, "“«‘'\"" * 400, "« a " * 1000])
def test_runs_of_marks_through_the_pipeline(analyze_text, text):
    analyze_text(text)


def test_text_report_lists_each_speaker_with_their_quotes(seed_analysis):
    from presse.report import text_report

    out = text_report(seed_analysis)
    block = out[out.index("Speakers:") :]
    peskov = re.split(r"\n  (?! )", block[block.index("Dmitri Peskov (PER, 9 quotes)") :])[0]
    assert "« C’est complètement faux. » (direct, continuation)" in peskov
    assert "« Rien ne peut être exclu » (direct, déclaré)" in peskov
    assert "Terms in quotation marks:" in out and "« plan de victoire » §22" in out


def test_indirect_speech_before_an_inverted_verb(analyze_text):
    a = analyze_text("Le trafic ferroviaire restera fortement perturbé mardi, a annoncé lundi soir la direction de la SNCF.\n\n"
                     "Le Washington Post a été le premier à rapporter cet appel, en citant des sources anonymes.")
    q = by_text(a, "Le trafic ferroviaire restera fortement perturbé mardi")
    assert q.kind == "indirect" and q.speaker == "SNCF"
    assert not [q for q in a.quotes if q.text.startswith("Le Washington Post")]  # a gerund is no speech verb


def test_subject_is_never_taken_across_sentences(analyze_text):
    a = analyze_text("Le Kremlin dément un appel entre Poutine et Trump\n\n"
                     "Le président russe Vladimir Poutine a démenti les informations, et a ajouté qu’il n’avait pas de projets concrets.")
    q = by_text(a, "il n’avait pas de projets concrets")
    assert q.kind == "indirect" and q.speaker.endswith("Poutine")


def test_headline_name_before_a_colon_and_lowercase_person_entities_ignored(analyze_text):
    a = analyze_text(g("Macron : « Nous ne céderons rien »\n\n"
                       "Le président de la République a réaffirmé mardi sa détermination. « La réforme ira à son terme », a-t-il martelé."))
    assert by_text(a, "Nous ne céderons rien").speaker == "Macron"
    assert by_text(a, "La réforme ira à son terme").speaker == "Macron"


# -- inverted incises the lexicon does not know, reported speech around short quotes ----------------


def test_incise_verb_tagged_as_noun_names_the_inverted_subject(analyze_text):
    a = analyze_text(g("Le PDG, Jean Morel, a défendu le plan.\n\n« C'est une galère absolue », soupire Nadia, une usagère."))
    q = by_text(a, "C'est une galère absolue")
    assert q.speaker == "Nadia" and q.cue == "soupire"


def test_unknown_verb_after_closing_comma_is_a_speech_incise(analyze_text):
    # `fulminer` is in no lexicon: the construction `», VERB Subject` makes it one
    a = analyze_text(g("Le PDG, Jean Morel, a défendu le plan.\n\n« C'est inacceptable », fulmine Paul Girard, un voisin."))
    assert by_text(a, "C'est inacceptable").speaker == "Paul Girard"


def test_reflexive_incise_and_hyphenated_inversion(analyze_text):
    a = analyze_text(g("La maire, Anne Roux, a visité le chantier. Le préfet, Marc Blanc, l'accompagnait.\n\n"
                       "« Encore des retards ! », s'agace Anne Roux.\n\n« Nous tiendrons les délais », s'amuse-t-il."))
    assert by_text(a, "Encore des retards !").speaker == "Anne Roux"
    assert by_text(a, "Nous tiendrons les délais").speaker == "Marc Blanc"


def test_noun_after_closing_comma_is_no_incise(analyze_text):
    a = analyze_text(g("Le ministre, Jean Morel, a parlé.\n\nLes manifestants criaient « Morel démission », slogan des syndicats."))
    q = by_text(a, "Morel démission")
    assert q.cue != "slogan"


def test_short_quote_after_selon_is_partial(analyze_text):
    a = analyze_text(g("Le secrétaire général, Laurent Brun, a parlé mardi. Selon lui, la mobilisation « ne faiblit pas »."))
    q = by_text(a, "ne faiblit pas")
    assert q.kind == "partial" and q.speaker == "Laurent Brun"


def test_short_quote_in_a_que_clause_is_partial(analyze_text):
    a = analyze_text(g("Le PDG, Jean-Pierre Farandou, a estimé que le mouvement était « injustifié »."))
    q = by_text(a, "injustifié")
    assert q.kind == "partial" and q.speaker == "Jean-Pierre Farandou"


def test_scare_quote_after_a_coordinated_clause_stays_a_term(analyze_text):
    a = analyze_text(g("Le parti a affirmé que le texte était prêt, et le ministre a présenté un « plan de relance » lundi."))
    assert by_text(a, "plan de relance").kind == "term"


def test_description_with_another_role_is_not_the_nearest_person(analyze_text):
    a = analyze_text(g("« Nous accélérons », a déclaré son cofondateur, Arthur Mensch.\n\n"
                       "Le ministre délégué au numérique a salué « une excellente nouvelle pour la souveraineté »."))
    assert by_text(a, "une excellente nouvelle pour la souveraineté").speaker.startswith("Le ministre")


def test_description_with_the_same_role_is_the_person(analyze_text):
    a = analyze_text(g("Le ministre de l'Economie, Bruno Le Maire, était à Lille.\n\n"
                       "Le ministre a salué « une excellente nouvelle pour l'emploi »."))
    assert by_text(a, "une excellente nouvelle pour l'emploi").speaker == "Bruno Le Maire"


def test_a_relative_of_someone_is_someone_new(analyze_text):
    a = analyze_text(g("Son avocate, Me Laure Heinich, a plaidé la relaxe.\n\n"
                       "« Nous voulons comprendre », a murmuré la sœur du défunt."))
    assert by_text(a, "Nous voulons comprendre").speaker == "la sœur du défunt"


def test_lone_first_name_in_apposition_names_the_speaker(analyze_text):
    a = analyze_text(g("Le maire a parlé mardi.\n\nEn entrevue, une locataire du quartier Hochelaga, Josée, résume la situation : "
                       "« Je ne sais pas comment je vais finir le mois. »"))
    assert by_text(a, "Je ne sais pas comment je vais finir le mois.").speaker == "Josée"


def test_subject_the_parser_lost_is_the_sentence_opening_noun_phrase(analyze_text):
    a = analyze_text(g("La Chambre de métiers et de l'artisanat des Côtes-d'Armor dit suivre \"avec inquiétude\" la situation."))
    q = by_text(a, "avec inquiétude")
    assert q.kind == "partial" and q.speaker and q.speaker.startswith("Chambre de métiers")


def test_colon_after_a_clause_whose_subject_is_named(analyze_text):
    a = analyze_text(g("Le maire a parlé.\n\nÉmilie, mère de deux enfants, ne décolère pas : « On ferme nos écoles. »"))
    assert by_text(a, "On ferme nos écoles.").speaker == "Émilie"


def test_colon_after_a_description_subject_is_not_resolved_to_a_person(analyze_text):
    a = analyze_text(g("« Un casting sans surprise », écrit Paul Quinio.\n\nPour Les Echos, l'essentiel est ailleurs : "
                       "« Sans budget, la France s'expose à une sanction. »"))
    assert by_text(a, "Sans budget, la France s'expose à une sanction.").speaker != "Paul Quinio"


def test_statement_noun_with_complement_before_colon(analyze_text):
    a = analyze_text(g("Chez Engie, l'exploitant des centrales, on reste prudent. Le constat du groupe est sans appel : "
                       "« Les délais sont extrêmement serrés. »"))
    assert by_text(a, "Les délais sont extrêmement serrés.").speaker == "Engie"


def test_a_new_sentence_after_a_closed_quote_is_not_its_cue(analyze_text):
    a = analyze_text(g("Le maire, Jean-Luc Bonnet, a reçu une délégation. Sa position : « Je me battrai. » "
                       "L'inspection académique, de son côté, évoque « une baisse durable des effectifs »."))
    assert by_text(a, "Je me battrai.").speaker == "Jean-Luc Bonnet"


def test_demonstrative_description_refers_back(analyze_text):
    a = analyze_text(g("À côté d'elle, Thomas hoche la tête. « C'est la mort du village », prédit ce charpentier de 41 ans."))
    assert by_text(a, "C'est la mort du village").speaker == "Thomas"


def test_a_headline_topic_before_a_colon_is_no_person(analyze_text):
    a = analyze_text("Nucléaire : un accord\n\nLe gouvernement a trouvé un accord. « Cet accord a un coût », a-t-elle prévenu.")
    assert a.article.title.startswith("Nucléaire")
    assert by_text(a, "Cet accord a un coût").speaker != "Nucléaire"


def test_inverted_compound_past_of_an_unknown_verb(analyze_text):
    a = analyze_text(g("Le ministre, Marc Ferracci, était présent.\n\n« Vous avez tout bloqué », a attaqué la députée Marine Tondelier."))
    assert by_text(a, "Vous avez tout bloqué").speaker == "Marine Tondelier"


def test_agency_then_speaker_after_the_verb(analyze_text):
    a = analyze_text(g("« Nous avons perdu une bataille, pas la guerre », a indiqué à Keystone-ATS Pierre-Yves Maillard, "
                       "président de l'Union syndicale suisse."))
    assert by_text(a, "Nous avons perdu une bataille, pas la guerre").speaker == "Pierre-Yves Maillard"


def test_the_article_of_a_complement_does_not_set_the_gender(analyze_text):
    # `la` of `de la commune` is not the mayor's: `il` must still find him
    a = analyze_text(g("« On a aidé une voisine », raconte Karim, un voisin.\n\nLe maire de la commune, Cédric Van Styvendael, "
                       "s'est rendu sur place. Il a promis que les familles seraient « relogées dès ce week-end »."))
    assert by_text(a, "relogées dès ce week-end").speaker == "Cédric Van Styvendael"


def test_a_name_apposed_to_the_subject_is_a_subject_mention(analyze_text):
    a = analyze_text(g("Le procureur, Nicolas Barret, a requis deux ans. « Les faits sont graves », a-t-il souligné.\n\n"
                       "L'avocat de la défense, Me Antoine Vey, a plaidé la relaxe. « Mon client est innocent », affirme-t-il."))
    assert by_text(a, "Mon client est innocent").speaker == "Antoine Vey"


def test_a_pronoun_after_an_organisation_spoke_is_the_organisation(analyze_text):
    a = analyze_text(g("« C'est trop cher », estime Thomas Husson, analyste.\n\nL'association Familles Rurales dénonce une "
                       "\"hausse déguisée\". \"Les consommateurs n'en peuvent plus\", a-t-elle rappelé dans un communiqué."))
    assert by_text(a, "Les consommateurs n'en peuvent plus").speaker != "Thomas Husson"


def test_on_inversion_names_the_body_after_the_verb(analyze_text):
    a = analyze_text(g("Une épidémie touche la région, a indiqué mardi l'Agence régionale de santé (ARS). "
                       "\"Les services sont saturés\", a-t-on précisé à l'ARS."))
    assert by_text(a, "Les services sont saturés").speaker == "Agence régionale de santé"


def test_a_document_of_a_body_named_before_is_that_body(analyze_text):
    a = analyze_text(g("Le ministère des Armées a confirmé la mort d'un soldat. « Il est tombé en mission », "
                       "lit-on dans un communiqué du ministère."))
    assert by_text(a, "Il est tombé en mission").speaker == "ministère des Armées"


def test_a_role_description_named_in_the_next_sentence(analyze_text):
    a = analyze_text(g("Pour Martine Vassal, candidate, « la ville a besoin d'un changement ».\n\n"
                       "Le maire sortant n'a pas mâché ses mots : « Madame Vassal devrait être plus modeste. » "
                       "Benoît Payan a ensuite détaillé son bilan."))
    assert by_text(a, "Madame Vassal devrait être plus modeste.").speaker == "Benoît Payan"


def test_selon_someone_unnamed_of_a_group(analyze_text):
    a = analyze_text(g("Le député Bastien Lachaud a réclamé un débat.\n\n« C'était quelqu'un de solaire », "
                       "selon un de ses camarades de régiment, joint par téléphone."))
    assert by_text(a, "C'était quelqu'un de solaire").speaker == "un de ses camarades de régiment"


def test_a_participle_form_with_an_object_is_a_speech_verb(analyze_text):
    a = analyze_text(g("Le docteur Rémi Salomon, chef de service à l'hôpital Necker, décrit une situation \"extrêmement tendue\"."))
    q = by_text(a, "extrêmement tendue")
    assert q.kind == "partial" and q.speaker == "Rémi Salomon"


def test_call_and_speak_verbs_report_speech(analyze_text):
    a = analyze_text(g("L'ONU s'est dite « profondément préoccupée ». Son secrétaire général, Antonio Guterres, a appelé "
                       "les belligérants à « cesser immédiatement les hostilités ».\n\nLe réalisateur Cédric Jimenez parle "
                       "d'un film « viscéral »."))
    assert by_text(a, "cesser immédiatement les hostilités").speaker == "Antonio Guterres"
    q = by_text(a, "viscéral")
    assert q.kind == "partial" and q.speaker == "Cédric Jimenez"


def test_an_entourage_speaks_for_itself(analyze_text):
    a = analyze_text(g("Pour l'économiste Philippe Aghion, « le problème est l'efficacité ».\n\n« Nous avons réduit le déficit », "
                       "fait valoir l'entourage du ministre."))
    assert by_text(a, "Nous avons réduit le déficit").speaker == "l'entourage du ministre"


def test_a_number_quoted_inside_reported_speech_is_partial(analyze_text):
    a = analyze_text(g("Selon les calculs de l'Insee, le déficit public atteindrait « 5,5 % du PIB » cette année."))
    assert by_text(a, "5,5 % du PIB").kind == "partial"


def test_one_of_a_group_after_the_verb(analyze_text):
    a = analyze_text(g("Le chef de l'État a été pris à partie par des éleveurs. « On crève ! », lui a lancé l'un d'eux."))
    assert by_text(a, "On crève !").speaker == "l'un d'eux"


def test_colon_after_a_person_noun_subject_the_parser_missed(analyze_text):
    a = analyze_text(g("« Cet argent va nous aider », se réjouit sa cofondatrice, Laura Martin. « C'est rare », note Julien "
                       "Mercier, associé chez Partech.\n\nInterrogée sur une éventuelle introduction en Bourse, la dirigeante "
                       "botte en touche : « Ce n'est pas à l'ordre du jour. »"))
    assert by_text(a, "Ce n'est pas à l'ordre du jour.").speaker == "Laura Martin"


# The sample's reported speech, read off the article: the subject of each speech verb said it. A country
# speaks as a place (`L’Ukraine et ses alliés occidentaux affirment que`), and a verb coordinated after a
# clause of another subject (`… que Poutine a déclenché … et ont répété que`) keeps its own plural subject.
SEED_INDIRECT = {
    "il n’avait pas encore de projets concrets": "Vladimir Poutine",
    "cet appel avait eu lieu": "Washington Post",
    "Trump avait dit à Poutine": "Washington Post",
    "il pourrait ramener la paix": "Donald Trump",
    "Moscou était prêt à entamer": "Vladimir Poutine",
    "les dirigeants européens voulaient toujours": "Dmitri Peskov",
    "Poutine a déclenché une guerre": "Ukraine",
    "si la Russie gagnait la guerre": "Ukraine",
    "cela équivaudrait à une capitulation": "Ukraine",
}


@pytest.mark.parametrize("clause, speaker", sorted(SEED_INDIRECT.items()))
def test_seed_reported_speech_is_under_its_speaker(seed_analysis, clause: str, speaker: str) -> None:
    (quote,) = [q for q in seed_analysis.quotes if q.kind == "indirect" and q.text.startswith(clause)]
    assert quote.speaker == speaker
