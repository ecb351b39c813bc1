"""Requirements of each letter (``docs/letters/requirements.md``), checked in French and Dutch.

Each requirement id of the document has an entry here: a pattern the letter rendered for
its sample household must contain (``!`` first: must not contain), in each language.
Requirements marked *truth* in the document are also covered, with their refusals, by
``test_truth.py``; here the rendered sample shows the true wording.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clss_housing.documents.render import render_letter
from clss_housing.plugins import PluginEnvironment
from clss_housing.testing.samples import SAMPLE_CASE, SAMPLE_DATE, sample_values
from clss_housing.view import CaseView


DOC = Path(__file__).resolve().parents[2] / "docs" / "letters" / "requirements.md"

#: letter -> [(requirement id, French pattern, Dutch pattern)]
REQUIREMENTS: dict[str, list[tuple[str, str, str]]] = {
    "L1": [
        ("L1.1", r"mise en demeure du \d", r"ingebrekestelling van \d"),
        ("L1.2", r"Je reconnais devoir cette somme de 2 825,00",
         r"erken dat bedrag van € 2\.825,00"),
        ("L1.3", r"Solde reporté .* 925,00", r"Overgedragen saldo .* 925,00"),
        ("L1.4", r"Total\s+2 825,00", r"Totaal\s+€ 2\.825,00"),
        ("L1.5", r"payer le loyer et les charges à leur échéance",
         r"huur en de lasten .* tijdig te betalen"),
        ("L1.6", r"!délai d'un mois prévu", r"!binnen de termijn van een maand"),
        ("L1.7", r"(?i)recommandé", r"(?i)aangetekend"),
    ],
    "L2": [
        ("L2.1", r"arriérés s'élèvent à 2 825,00", r"achterstal € 2\.825,00"),
        ("L2.2", r"guidance budgétaire", r"budgetbegeleiding"),
        ("L2.3", r"article 58 .* accusé de réception", r"artikel 58 .* ontvangstbewijs"),
        ("L2.4", r"personne qu'elle a désignée par écrit", r"schriftelijk als vertegenwoordiger"),
        ("L2.5", r"copie du bail", r"huurovereenkomst"),
    ],
    "L3": [
        ("L3.1", r"article 731 du Code judiciaire", r"artikel 731 van het Gerechtelijk Wetboek"),
        ("L3.2", r"Immo Verhaegen & Fils SRL, Chaussée de Haecht 300",
         r"Immo Verhaegen & Fils SRL, Chaussée de Haecht 300"),
        ("L3.3", r"je reconnais devoir cette somme", r"ik erken dat bedrag verschuldigd"),
        ("L3.4", r"force d'un jugement", r"kracht van een vonnis"),
        ("L3.5", r"12 mensualités à partir du 5 avril 2026 .* total 2 825,00",
         r"12 maandelijkse afbetalingen vanaf 5 april 2026 .* totaal € 2\.825,00"),
    ],
    "L5": [
        ("L5.1", r"Cause : Immo Verhaegen & Fils SRL c/ .*\nR\.G\. : 26A123",
         r"Zaak: Immo Verhaegen & Fils SRL t/ .*\nA\.R\.: 26A123"),
        ("L5.2", r"article 1244 .* 2 825,00 .* 5 avril 2026",
         r"artikel 1244 .* € 2\.825,00: 12 maandelijkse afbetalingen vanaf 5 april 2026"),
        ("L5.3", r"233undecies", r"233undecies"),
        ("L5.4", r"233quater", r"233quater"),
        ("L5.5", r"article 728 du Code judiciaire .* procuration écrite",
         r"artikel 728 van het Gerechtelijk Wetboek .* schriftelijke volmacht"),
        ("L5.6", r"guidance budgétaire par le CPAS", r"budgetbegeleiding door het OCMW"),
        ("L5.7", r"Copie : Immo Verhaegen & Fils SRL", r"Kopie: Immo Verhaegen & Fils SRL"),
    ],
    "L6": [
        ("L6.1", r"(?s)10 mars 2026.*1er avril 2026", r"(?s)10 maart 2026.*1 april 2026"),
        ("L6.2", r"trêve hivernale .* 233duodecies", r"wintermoratorium: .* 233duodecies"),
        ("L6.3", r"!reporter l'expulsion jusqu'au (1er|[2-9]|1[0-5]) mars",
         r"!uit te stellen tot (1[0-5]|[1-9]) maart"),
        ("L6.4", r"transmettre cette demande à votre mandant",
         r"aan uw opdrachtgever, Marc Janssens, over te maken"),
        ("L6.5", r"Copie : Marc Janssens", r"Kopie: Marc Janssens"),
    ],
    "L7": [
        ("L7.1", r"233duodecies .* 1er novembre au 15 mars", r"233duodecies .* 1 november tot"),
        ("L7.2", r"avant le 16 mars 2026", r"vóór 16 maart 2026"),
        ("L7.3", r"spécialement motivée du juge de paix", r"bijzonder gemotiveerde beslissing"),
    ],
    "L9": [
        ("L9.1", r"préavis de trois mois", r"opzeggingstermijn van drie maanden"),
        ("L9.2", r"du 1er avril 2026 au 30 juin 2026", r"van 1 april 2026 tot en met 30 juni 2026"),
        ("L9.3", r"aucune indemnité n'est due", r"geen vergoeding verschuldigd"),
        ("L9.4", r"article 237 §5", r"artikel 237 §5"),
    ],
    "L10": [
        ("L10.1", r"article 227 .* IRISrent \(article 228/3",
         r"artikel 227 .* IRISrent \(artikel 228/3"),
        ("L10.2", r"au plus tard le 2 avril 2026", r"uiterlijk op 2 april 2026"),
        ("L10.3", r"sans préavis ni indemnité", r"zonder opzegging of vergoeding"),
    ],
    "L11": [
        ("L11.1", r"ne peut donc s'appliquer qu'à partir du 1er novembre 2025",
         r"kan dus pas vanaf 1 november 2025 gelden"),
        ("L11.2", r"enregistré .* certificat PEB", r"geregistreerd .* EPB-certificaat"),
        ("L11.3", r"loyer de base × nouvel indice", r"basishuur × nieuw gezondheidsindexcijfer"),
    ],
    "L12": [
        ("L12.1", r"au plus tard le 1er avril 2026", r"uiterlijk op 1 april 2026"),
        ("L12.2", r"Direction de l'Inspection régionale du Logement \(DIRL",
         r"Directie Gewestelijke Huisvestingsinspectie \(DGHI"),
        ("L12.3", r"congé que le bailleur donne après le dépôt d'une plainte",
         r"opzegging die de verhuurder geeft nadat een klacht"),
    ],
    "L13": [
        ("L13.1", r"!10 %", r"!10 %"),
        ("L13.2", r"accord de libération", r"akkoord tot vrijgave"),
    ],
    "L14": [
        ("L14.1", r"(?i)accus\w+ (de )?réception|date de réception", r"datum van ontvangst"),
        ("L14.2", r"!\(e\)", r"!(?i)bijwerking"),
    ],
    "L16": [
        ("L16.1", r"« Demande d'aide - Garantie locative »", r"aanvraagformulier"),
        ("L16.2", r"avertissement-extrait de rôle .*\n.*\n.*six derniers loyers",
         r"aanslagbiljet.*\n.*\n.*laatste zes huurgelden"),
        ("L16.3", r"2 mois de loyer hors charges ; .* compte bloqué",
         r"2 maanden huur zonder lasten; .* geblokkeerde rekening"),
        ("L16.4", r"accusé de réception", r"ontvangstbewijs"),
    ],
    "L18": [
        ("L18.1", r"jusqu'au 16 mars 2026 inclus", r"tot en met 16 maart 2026"),
        ("L18.2", r"rendu le 22 janvier 2026 .* signifié le 16 février 2026",
         r"vonnis van 22 januari 2026 .* op 16 februari 2026 betekend"),
        ("L18.3", r"article 1051", r"artikel 1051"),
        ("L18.4", r"ne suspend en principe pas l'exécution",
         r"schorst de uitvoering van het vonnis in principe niet"),
        ("L18.5", r"bureau d'aide juridique", r"bureau voor juridische bijstand"),
        ("L18.6", r"Madame Fatima Benali\n.*\n(?s:.*)\nMadame,\n", r"mevrouw Fatima Benali"),
    ],
    "L19": [
        ("L19.1", r"Karim El Idrissi, .* mon conjoint", r"Karim El Idrissi, .* mijn echtgenoot"),
        ("L19.2", r"R\.G\. : 26A123(?s:.*)30 mars 2026", r"A\.R\.: 26A123(?s:.*)30 maart 2026"),
        ("L19.3", r"présenter mes observations et mes pièces",
         r"mijn opmerkingen en stukken voorleggen"),
        ("L19.4", r"Bon pour procuration(?s:.*)Bon pour acceptation",
         r"Goed voor volmacht(?s:.*)Goed voor aanvaarding"),
    ],
    "L20": [
        ("L20.1", r"ci-après « le bailleur ».* ci-après « le locataire »",
         r'hierna "de verhuurder".* hierna "de huurder"'),
        ("L20.2", r"reconnaît devoir au bailleur la somme de 2 825,00 € .* 2 mars 2026",
         r"€ 2\.825,00 verschuldigd .* 2 maart 2026"),
        ("L20.3", r"Total\s+2 825,00", r"Totaal\s+€ 2\.825,00"),
        ("L20.4", r"continue à payer le loyer et les charges courants",
         r"blijft de lopende huur en lasten tijdig betalen"),
        ("L20.5", r"deux exemplaires originaux(?s:.*)Lu et approuvé(?s:.*)Lu et approuvé",
         r"twee originele exemplaren(?s:.*)Gelezen en goedgekeurd(?s:.*)Gelezen en goedgekeurd"),
    ],
    "L21": [
        ("L21.1", r"Bureau d'aide juridique \(BAJ\) de Bruxelles\nRue de la Régence 63",
         r"Bureau voor Juridische Bijstand \(BJB\) te Brussel\nRegentschapsstraat 63"),
        ("L21.2", r"litige suivant : .*\(partie adverse : Gestion Immo Nord SRL\)",
         r"geschil: .*\(tegenpartij: Gestion Immo Nord SRL\)"),
        ("L21.3", r"délai pour faire appel du jugement expire le 16 mars 2026",
         r"verstrijkt op 16 maart 2026"),
        ("L21.4", r"formulaire « Demande d'aide juridique de deuxième ligne » signé(?s:.*)"
                  r"composition de ménage",
         r"ondertekend aanvraagformulier(?s:.*)gezinssamenstelling"),
        ("L21.5", r"accusé de réception .* nom de l'avocat désigné",
         r"ontvangstbewijs .* naam van de aangestelde advocaat"),
    ],
    "L22": [
        ("L22.1", r"prendre fin avant le 31 août 2026", r"niet eindigen vóór 31 augustus 2026"),
        ("L22.2", r"ne respecte pas le délai légal de 6 mois",
         r"voldoet niet aan de wettelijke termijn van 6 maanden"),
        ("L22.3", r"!je conteste la validité", r"!ik betwist de geldigheid"),
        ("L22.4", r"identité de la personne qui occupera",
         r"identiteit mee te delen van de persoon"),
        ("L22.5", r"!indemnité de \d+ mois", r"!vergoeding van \d+ maanden"),
        ("L22.6", r"contre-préavis d'un mois, sans indemnité", r"tegenopzegging van een maand"),
    ],
    "L23": [
        ("L23.1", r"RECOMMANDÉ(?s:.*)Demande de prorogation du bail pour circonstances "
                  r"exceptionnelles",
         r"AANGETEKEND(?s:.*)Verzoek om verlenging van de huurovereenkomst wegens "
         r"buitengewone omstandigheden"),
        ("L23.2", r"prend fin le 31 août 2026(?s:.*)au plus tard un mois avant",
         r"eindigt op 31 augustus 2026(?s:.*)uiterlijk een maand vóór"),
        ("L23.3", r"circonstances exceptionnelles suivantes(?s:.*)documents établissant",
         r"buitengewone omstandigheden, die(?s:.*)stukken die de buitengewone"),
        ("L23.4", r"convenir par écrit(?s:.*)juge de paix", r"schriftelijk overeenkomen(?s:.*)"
                                                            r"vrederechter"),
    ],
    "L24": [
        ("L24.1", r"Direction Allocations Loyer et Logements inoccupés\nPlace Saint-Lazare 2\n"
                  r"1035 Bruxelles",
         r"Directie Huurtoelagen en Leegstaande Woningen\nSint-Lazarusplein 2\n1035 Brussel"),
        ("L24.2", r"liste d'attente du logement social sous le numéro 2019/04521",
         r"wachtlijst voor een sociale woning onder nummer 2019/04521"),
        ("L24.3", r"780,00 € ; .*vérifier les conditions.*\(bail de résidence principale, "
                  r"domicile",
         r"780,00; .*voorwaarden.*\(huurovereenkomst voor hoofdverblijfplaats, domicilie"),
        ("L24.4", r"formulaire de demande complété et signé(?s:.*)accusé de réception",
         r"ondertekende aanvraagformulier(?s:.*)ontvangstbewijs"),
    ],
    "L25": [
        ("L25.1", r"quitterai le logement .* le 31 mars 2026", r"verlaat op 31 maart 2026"),
        ("L25.2", r"reçu daté et signé", r"gedateerd en ondertekend ontvangstbewijs"),
        ("L25.3", r"état des lieux de sortie, en présence des deux parties",
         r"aanwezigheid van beide partijen, de plaatsbeschrijving bij uittrede"),
        ("L25.4", r"garantie locative sera libérée ensuite, de commun accord ou sur décision du "
                  r"juge de paix",
         r"huurwaarborg wordt daarna vrijgegeven in onderling akkoord of op beslissing van de "
         r"vrederechter"),
    ],
    "L26": [
        ("L26.1", r"Direction de l'Inspection régionale du Logement \(DIRL\)(?s:.*)"
                  r"inspectiondulogement@sprb\.brussels",
         r"Directie Gewestelijke Huisvestingsinspectie \(DGHI\)"),
        ("L26.2", r"Manquements constatés(?s:.*)humidité(?s:.*)Bailleur(?s:.*)Chaussée de Haecht",
         r"Vastgestelde gebreken(?s:.*)vocht(?s:.*)Verhuurder(?s:.*)Haachtsesteenweg"),
        ("L26.3", r"copie du bail ;\n- preuves du paiement des deux derniers loyers(?s:.*)"
                  r"\(date et signature\)|\(date et signature\)(?s:.*)copie du bail ;\n- "
                  r"preuves du paiement des deux derniers loyers",
         r"\(datum en handtekening\)(?s:.*)kopie van de huurovereenkomst;\n- bewijzen van "
         r"betaling van de laatste twee huurgelden"),
        ("L26.4", r"bail toujours en cours", r"lopende huurovereenkomst"),
        ("L26.5", r"mis le bailleur en demeure .* du 2 février 2026",
         r"bij brief van 2 februari 2026 in gebreke gesteld"),
        ("L26.6", r"interdiction de mise en location du logement et m'obliger à déménager",
         r"verhuurverbod voor de woning en dat ik dan moet verhuizen"),
    ],
    "L27": [
        ("L27.1", r"Banque Exemple\nService garanties locatives(?s:.*)BE00 0000 0000 0000",
         r"Voorbeeldbank\nDienst huurwaarborgen(?s:.*)BE00 0000 0000 0000"),
        ("L27.2", r"clés ont été remises le 27 février 2026",
         r"sleutels op 27 februari 2026 zijn teruggegeven"),
        ("L27.3", r"Lefèvre\s+150,00 €\nLe locataire, Sofia Marín O'Connor\s+1 690,00 €\n"
                  r"Total\s+1 840,00 €",
         r"Lefèvre\s+€ 150,00\nDe huurder, Sofia Marín O'Connor\s+€ 1\.690,00\n"
         r"Totaal\s+€ 1\.840,00"),
        ("L27.4", r"trois exemplaires originaux(?s:.*)Le bailleur, (?s:.*)Le locataire, ",
         r"drie originele exemplaren(?s:.*)De verhuurder, (?s:.*)De huurder, "),
    ],
    "L28": [
        ("L28.1", r"« Demande de location pour un logement »\), complétée et signée par toutes "
                  r"les personnes majeures",
         r"ondertekend door alle meerderjarige leden van het gezin"),
        ("L28.2", r"barèmes du Fonds(?s:.*)déjà propriétaire(?s:.*)résidence principale",
         r"inkomensgrenzen van het Woningfonds(?s:.*)al eigenaar(?s:.*)hoofdverblijfplaats"),
        ("L28.3", r"carte d'identité(?s:.*)composition de ménage de moins de trois mois(?s:.*)"
                  r"toutes les pages",
         r"identiteitskaart(?s:.*)gezinssamenstelling van minder dan drie maanden(?s:.*)"
         r"alle bladzijden"),
        ("L28.4", r"accusé de réception, .* numéro d'inscription .* registre des candidats",
         r"ontvangstbewijs .* inschrijvingsnummer .* register van de kandidaten"),
    ],
    "L29": [
        ("L29.1", r"Chaque AIS a sa propre procédure", r"Elk SVK heeft zijn eigen"),
        ("L29.2", r"carte d'identité(?s:.*)composition de ménage(?s:.*)preuves des revenus",
         r"identiteitskaart(?s:.*)gezinssamenstelling(?s:.*)bewijzen van het inkomen"),
        ("L29.3", r"confirmer mon inscription .* numéro d'inscription",
         r"inschrijving te bevestigen .* inschrijvingsnummer"),
    ],
    "L30": [
        ("L30.1", r"RECOMMANDÉ(?s:.*)par recommandé(?s:.*)société de référence",
         r"AANGETEKEND(?s:.*)aangetekend(?s:.*)referentiemaatschappij"),
        ("L30.2", r"formulaire unique d'inscription .* signé par toutes les personnes majeures",
         r"enig inschrijvingsformulier .* ondertekend door alle meerderjarige"),
        ("L30.3", r"année de référence \(trois ans avant l'inscription\)(?s:.*)revenus actuels",
         r"referentiejaar \(drie jaar vóór de inschrijving\)(?s:.*)huidige inkomen"),
        ("L30.4", r"confirmer par écrit .* numéro et sa date(?s:.*)dans les deux mois",
         r"nummer en de datum ervan schriftelijk(?s:.*)binnen twee maanden"),
    ],
    "L31": [
        ("L31.1", r"décompte des charges .* documents qui établissent ces dépenses .* consulter",
         r"afrekening van de lasten .* stukken die deze uitgaven staven .* in te zien"),
        ("L31.2", r"forfaitairement, .* dépenses réelles, .* compte distinct .* documents",
         r"forfaitair vastlegt, .* werkelijke uitgaven, .* afzonderlijke rekening .* stukken"),
        ("L31.3", r"chaque mois 75,00 € au titre des frais et charges",
         r"elke maand € 75,00 voor kosten en lasten"),
    ],
    "L32": [
        ("L32.1", r"aide sociale du CPAS sous la forme d'un logement d'urgence ou de transit"
                  r"(?s:.*)jugement d'expulsion",
         r"maatschappelijke dienstverlening van het OCMW in de vorm van een nood- of "
         r"transitwoning(?s:.*)vonnis tot uithuiszetting"),
        ("L32.2", r"accusé de réception de cette demande \(article 58",
         r"ontvangstbewijs van deze aanvraag te bezorgen \(artikel 58"),
        ("L32.3", r"10 mars 2026 ; la trêve hivernale interdit de l'exécuter avant le 16 mars "
                  r"2026, sauf décision spécialement motivée",
         r"10 maart 2026; het wintermoratorium verbiedt ze vóór 16 maart 2026 uit te voeren, "
         r"behoudens bijzonder gemotiveerde"),
        ("L32.4", r"personne qu'elle a désignée par écrit", r"schriftelijk als vertegenwoordiger"),
    ],
    "referral": [
        ("R.1", r"Avec l'accord de la personne concernée", r"Met het akkoord van de betrokkene"),
        ("R.2", r"Arriérés de loyer au 2 mars 2026", r"Huurachterstal op 2 maart 2026"),
        ("R.3", r"!\(e\)", r"!(?i)hij of zij"),
        ("R.4", r"!233quater", r"!233quater"),
    ],
}

#: Requirements of the ULS plugin's letters, rendered with the installed plugins' catalogue.
PLUGIN_REQUIREMENTS: dict[str, list[tuple[str, str, str]]] = {
    "uls-repairs": [
        ("U.1", r"Avenue Louis Bertrand 45(?s:.*)infiltrations(?s:.*)Pour les ménages signataires"
                r"(?s:.*)Copie : Union des Locataires de Schaerbeek",
         r"Louis Bertrandlaan 45(?s:.*)waterinsijpeling(?s:.*)Voor de ondertekenende gezinnen"
         r"(?s:.*)Kopie: Huurdersunie van Schaarbeek"),
        ("U.2", r"30 jours à compter de la présente, soit au plus tard le 1er avril 2026",
         r"30 dagen na deze brief, dus uiterlijk op 1 april 2026"),
        ("U.3", r"!\b(219|220)\b", r"!\b(219|220)\b"),
    ],
    "uls-indexation": [
        ("U.4", r"qu'à partir du 1er novembre 2025, et non du 1er septembre 2025",
         r"pas verschuldigd zijn vanaf 1 november 2025, en niet vanaf 1 september 2025"),
        ("U.5", r"loyer de base × nouvel indice santé ÷ indice de départ(?s:.*)décompte détaillé",
         r"basishuur × nieuw gezondheidsindexcijfer ÷ aanvangsindexcijfer(?s:.*)gedetailleerde"),
    ],
    "uls-joint": [
        ("U.6", r"à l'adresse de l'Union des Locataires de Schaerbeek(?s:.*)Nous vous prions "
                r"d'agréer",
         r"op het adres van de Huurdersunie van Schaarbeek"),
    ],
}

#: Requirements of plugin letters, checked by ``test_truth.py`` (ids listed for the document).
ELSEWHERE = {"C.1": "TestPluginLetters.test_cpas_letters_ask_for_a_receipt",
             "C.2": "TestPluginLetters.test_cpas_letters_ask_for_a_receipt"}

CASES = [(letter_id, req, lang, pattern)
         for letter_id, reqs in REQUIREMENTS.items()
         for req, fr, nl in reqs
         for lang, pattern in (("fr", fr), ("nl", nl))]


def rendered(view: CaseView, letter_id: str, lang: str) -> str:
    """The sample letter as plain text, non-breaking spaces made plain."""
    text = render_letter(view, letter_id, lang=lang, fmt="txt",
                         values=sample_values(letter_id, lang), as_of=SAMPLE_DATE).decode()
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.mark.parametrize(("letter_id", "req", "lang", "pattern"), CASES,
                         ids=[f"{c[1]}-{c[2]}" for c in CASES])
def test_requirement(views: dict[str, CaseView], letter_id: str, req: str, lang: str,
                     pattern: str) -> None:
    """The rendered letter meets the requirement in this language."""
    text = rendered(views[SAMPLE_CASE[letter_id]], letter_id, lang)
    if pattern.startswith("!"):
        assert re.search(pattern[1:], text) is None, f"{req} ({lang}): must not say it"
    else:
        assert re.search(pattern, text), f"{req} ({lang}) not met"


PLUGIN_CASES = [(letter_id, req, lang, pattern)
                for letter_id, reqs in PLUGIN_REQUIREMENTS.items()
                for req, fr, nl in reqs
                for lang, pattern in (("fr", fr), ("nl", nl))]
ENV = PluginEnvironment.installed()


@pytest.mark.parametrize(("letter_id", "req", "lang", "pattern"), PLUGIN_CASES,
                         ids=[f"{c[1]}-{c[2]}" for c in PLUGIN_CASES])
def test_plugin_requirement(views: dict[str, CaseView], letter_id: str, req: str, lang: str,
                            pattern: str) -> None:
    """The partner plugin's letter meets the requirement in this language."""
    text = render_letter(views[SAMPLE_CASE[letter_id]], letter_id, lang=lang, fmt="txt",
                         values=sample_values(letter_id, lang), as_of=SAMPLE_DATE,
                         catalogue=ENV.catalogue, rules=ENV.rules.rules,
                         partners=ENV.partners).decode()
    text = text.replace("\u202f", " ").replace("\xa0", " ")
    if pattern.startswith("!"):
        assert re.search(pattern[1:], text) is None, f"{req} ({lang}): must not say it"
    else:
        assert re.search(pattern, text), f"{req} ({lang}) not met"


def test_every_documented_requirement_is_tested() -> None:
    """Each requirement id of docs/letters/requirements.md is checked, and none is invented."""
    documented = set(re.findall(r"^\| ((?:L\d+|R|C|U)\.\d+) \|",
                                DOC.read_text(encoding="utf-8"), re.MULTILINE))
    tested = ({req for reqs in REQUIREMENTS.values() for req, _fr, _nl in reqs}
              | {req for reqs in PLUGIN_REQUIREMENTS.values() for req, _fr, _nl in reqs}
              | set(ELSEWHERE))
    assert documented == tested
