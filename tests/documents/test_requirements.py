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
    "referral": [
        ("R.1", r"Avec l'accord de la personne concernée", r"Met het akkoord van de betrokkene"),
        ("R.2", r"Arriérés de loyer au 2 mars 2026", r"Huurachterstal op 2 maart 2026"),
        ("R.3", r"!\(e\)", r"!(?i)hij of zij"),
        ("R.4", r"!233quater", r"!233quater"),
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


def test_every_documented_requirement_is_tested() -> None:
    """Each requirement id of docs/letters/requirements.md is checked, and none is invented."""
    documented = set(re.findall(r"^\| ((?:L\d+|R|C)\.\d+) \|", DOC.read_text(encoding="utf-8"),
                                re.MULTILINE))
    tested = {req for reqs in REQUIREMENTS.values() for req, _fr, _nl in reqs} | set(ELSEWHERE)
    assert documented == tested
