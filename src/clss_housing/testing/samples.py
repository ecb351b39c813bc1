"""Sample cases, values and a letterhead: every letter of the catalogue, rendered for real.

Used by the tests, the letter gallery (``docs/letters/``) and anyone who wants to
see a letter before filling one in::

    >>> from clss_housing.casebook import Casebook
    >>> book = Casebook.open("memory:")
    >>> cases = build_sample_cases(book)
    >>> sorted(cases)
    ['arrears', 'eviction', 'judgment', 'lease']

Four households, at :data:`SAMPLE_DATE`:

* ``arrears`` (French): rent arrears, a formal notice, a CPAS referral with
  consent, a health note, a hearing set;
* ``eviction`` (Dutch): a judgment served, an eviction set inside the winter
  moratorium, a social-housing application;
* ``lease`` (French): a landlord's indexation claimed too far back, the keys
  returned at the end of the lease;
* ``judgment`` (French, "Madame"): a judgment granting payment terms, served two
  weeks ago: the appeal period still runs.

:data:`SAMPLE_VALUES` holds, per letter, the explicit facts (``--set``) a worker
would type (:func:`sample_values` in the letter's language), and
:data:`SAMPLE_CASE` which household each letter is shown with — the core letters
and the partner plugins' letters (ULS, CPAS de Schaerbeek), which render with the
installed plugins' catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Final

from clss_housing.casebook import Casebook
from clss_housing.documents.letterhead import Letterhead
from clss_housing.ledger.entries import (
    AidPaid,
    ChargesDue,
    ConsentGiven,
    CpasInformed,
    Entry,
    EvictionScheduled,
    HearingScheduled,
    IndexationRequested,
    Judgment,
    JudgmentServed,
    KeysReturned,
    NegotiationStarted,
    Note,
    NoticeReceived,
    Payment,
    PetitionFiled,
    Referral,
    RehousingApplication,
    RentDue,
)
from clss_housing.money import Money


__all__ = [
    "SAMPLE_CASE",
    "SAMPLE_DATE",
    "SAMPLE_LETTERHEAD",
    "SAMPLE_VALUES",
    "build_sample_cases",
    "sample_values",
]

#: The day the samples are rendered on.
SAMPLE_DATE: Final = date(2026, 3, 2)

#: A partner's letterhead (a Schaerbeek tenants' association, fictitious details).
SAMPLE_LETTERHEAD: Final = Letterhead(
    name="Union des Locataires de Schaerbeek",
    lines=("Rue Fictive 12", "1030 Schaerbeek"),
    phone="02 000 00 00",
    email="contact@example.org",
)


def _m(text: str) -> Money:
    return Money.parse(text)


def _monthly(start: date, months: int, rent: str, charges: str) -> list[Entry]:
    out: list[Entry] = []
    for index in range(months):
        year, month = divmod(start.month - 1 + index, 12)
        day = date(start.year + year, month + 1, 1)
        out.append(RentDue(date=day, amount=_m(rent)))
        out.append(ChargesDue(date=day, amount=_m(charges)))
    return out


def _arrears(book: Casebook, prefix: str) -> str:
    case = book.open_case(
        case_id=f"{prefix}arrears",
        tenant="Aïcha El Idrissi-Dupont", landlord="Immo Verhaegen & Fils SRL",
        address="Rue Josaphat 112, boîte 3, 1030 Schaerbeek", rent=_m("850"),
        charges=_m("75"), lease_start=date(2021, 3, 1), lang="fr", date=date(2025, 9, 20),
    )
    entries: list[Entry] = [
        *_monthly(date(2025, 10, 1), 6, "850", "75"),
        Payment(date=date(2025, 10, 6), amount=_m("925")),
        Payment(date=date(2025, 11, 8), amount=_m("500")),
        Payment(date=date(2025, 12, 10), amount=_m("300")),
        NoticeReceived(date=date(2026, 1, 5), amount=_m("1475")),
        Note(date=date(2026, 1, 8), text="Santé : hospitalisation en décembre, perte de revenus.",
             note_category="health"),
        Referral(date=date(2026, 1, 9), partner="cpas"),
        ConsentGiven(date=date(2026, 1, 9), partner="cpas", scope="finance"),
        NegotiationStarted(date=date(2026, 1, 12)),
        Payment(date=date(2026, 1, 12), amount=_m("400")),
        AidPaid(date=date(2026, 2, 3), amount=_m("600"), source="cpas"),
        PetitionFiled(date=date(2026, 2, 9)),
        CpasInformed(date=date(2026, 2, 13)),
        HearingScheduled(date=date(2026, 2, 16), hearing_date=date(2026, 3, 30)),
    ]
    book.record_many(case, sorted(entries, key=lambda e: e.date))
    return case


def _eviction(book: Casebook, prefix: str) -> str:
    case = book.open_case(
        case_id=f"{prefix}eviction",
        tenant="Jan Peeters", landlord="Marc Janssens",
        address="Koningsstraat 200, 1210 Sint-Joost-ten-Node", rent=_m("780"),
        charges=_m("40"), lease_start=date(2019, 6, 1), lang="nl", date=date(2025, 5, 2),
    )
    entries: list[Entry] = [
        *_monthly(date(2025, 6, 1), 9, "780", "40"),
        Payment(date=date(2025, 6, 3), amount=_m("820")),
        Payment(date=date(2025, 7, 3), amount=_m("820")),
        NoticeReceived(date=date(2025, 9, 2), amount=_m("1640")),
        PetitionFiled(date=date(2025, 10, 6)),
        CpasInformed(date=date(2025, 10, 7)),
        HearingScheduled(date=date(2025, 10, 8), hearing_date=date(2025, 11, 20)),
        Judgment(date=date(2025, 11, 20), outcome="eviction"),
        JudgmentServed(date=date(2025, 12, 4)),
        EvictionScheduled(date=date(2026, 1, 26), eviction_date=date(2026, 3, 10)),
        RehousingApplication(date=date(2026, 2, 2), channel="social_housing"),
    ]
    book.record_many(case, sorted(entries, key=lambda e: e.date))
    return case


def _lease(book: Casebook, prefix: str) -> str:
    case = book.open_case(
        case_id=f"{prefix}lease",
        tenant="Sofia Marín O'Connor", landlord="Bernard Lefèvre",
        address="Avenue Louis Bertrand 45, 1030 Schaerbeek", rent=_m("920"),
        charges=_m("60"), lease_start=date(2023, 4, 1), lang="fr", date=date(2025, 11, 3),
    )
    entries: list[Entry] = [
        *_monthly(date(2025, 12, 1), 3, "920", "60"),
        Payment(date=date(2025, 12, 2), amount=_m("980")),
        Payment(date=date(2026, 1, 2), amount=_m("980")),
        Payment(date=date(2026, 2, 2), amount=_m("980")),
        IndexationRequested(date=date(2026, 2, 10), from_date=date(2025, 9, 1),
                            rent=_m("941.16")),
        KeysReturned(date=date(2026, 2, 27)),
    ]
    book.record_many(case, sorted(entries, key=lambda e: e.date))
    return case


def _judgment(book: Casebook, prefix: str) -> str:
    case = book.open_case(
        case_id=f"{prefix}judgment",
        tenant="Fatima Benali", landlord="Gestion Immo Nord SRL",
        address="Rue de la Poste 150, 1030 Schaerbeek", rent=_m("700"), charges=_m("50"),
        lease_start=date(2020, 9, 1), lang="fr", date=date(2025, 9, 15), civility="madame",
    )
    entries: list[Entry] = [
        *_monthly(date(2025, 9, 1), 6, "700", "50"),
        Payment(date=date(2025, 9, 3), amount=_m("750")),
        NoticeReceived(date=date(2025, 10, 6), amount=_m("750")),
        PetitionFiled(date=date(2025, 11, 17)),
        CpasInformed(date=date(2025, 11, 19)),
        HearingScheduled(date=date(2025, 11, 20), hearing_date=date(2026, 1, 22)),
        Judgment(date=date(2026, 1, 22), outcome="payment_terms"),
        JudgmentServed(date=date(2026, 2, 16)),
    ]
    book.record_many(case, sorted(entries, key=lambda e: e.date))
    return case


def build_sample_cases(book: Casebook, *, prefix: str = "sample-") -> dict[str, str]:
    """
    Open the sample households in ``book``; their case ids by name.

    The ids are ``<prefix>arrears``, ``<prefix>eviction``, ``<prefix>lease`` and
    ``<prefix>judgment`` (fixed, so that rendered samples are the same every time).
    """
    return {name: make(book, prefix) for name, make in
            (("arrears", _arrears), ("eviction", _eviction), ("lease", _lease),
             ("judgment", _judgment))}


#: Which sample household each letter is shown with.
SAMPLE_CASE: Final[Mapping[str, str]] = {
    "L1": "arrears", "L2": "arrears", "L3": "arrears", "L5": "arrears",
    "L6": "eviction", "L7": "eviction", "L9": "lease", "L10": "lease", "L11": "lease",
    "L12": "lease", "L13": "lease", "L14": "eviction", "L16": "lease",
    "referral": "arrears", "L18": "judgment", "L19": "arrears", "L20": "arrears",
    "L21": "judgment", "L22": "arrears", "L23": "arrears", "L24": "eviction",
    "L25": "judgment", "L26": "arrears", "L27": "lease", "L28": "eviction",
    "L29": "judgment", "L30": "judgment", "L31": "arrears", "L32": "eviction",
    # partner plugins' letters (rendered with the installed plugins' catalogue)
    "uls-repairs": "lease", "uls-indexation": "lease", "uls-joint": "lease",
    "cpas-arrears-aid": "arrears", "cpas-guarantee": "lease",
}

_COURT: Final = {"fr": "Justice de paix du premier canton de Schaerbeek",
                 "nl": "Vredegerecht van het eerste kanton Schaarbeek"}

#: Explicit facts per letter (what a worker types with ``--set``), in French.
SAMPLE_VALUES: Final[Mapping[str, Mapping[str, str]]] = {
    "L1": {"landlord_address": "Chaussée de Haecht 300, 1030 Schaerbeek",
           "instalment": "250", "first_due": "2026-04-05", "phone": "0470 12 34 56"},
    "L2": {"cpas_address": "Boulevard Auguste Reyers 70, 1030 Schaerbeek",
           "household": "2 adultes, 2 enfants", "monthly_income": "1.850,00"},
    "L3": {"landlord_address": "Chaussée de Haecht 300, 1030 Schaerbeek",
           "court": _COURT["fr"], "court_address": "Place Colignon 1, 1030 Schaerbeek",
           "instalment": "250", "first_due": "2026-04-05"},
    "L5": {"court": _COURT["fr"], "court_address": "Place Colignon 1, 1030 Schaerbeek",
           "roll_number": "26A123", "instalment": "250", "first_due": "2026-04-05",
           "circumstances": "deux enfants scolarisés dans le quartier et une "
                            "hospitalisation récente", "extra_delay_months": "3"},
    "L6": {"bailiff": "Maître An De Smet, huissier de justice",
           "bailiff_address": "Rue Fictive 10, 1000 Bruxelles",
           "bailiff_reference": "DS/2026/0142", "rehousing_date": "2026-04-01",
           "rehousing_details": "logement social, Chaussée de Haecht 55, 1210 "
                                "Saint-Josse-ten-Noode"},
    "L7": {"bailiff": "Maître An De Smet, huissier de justice",
           "bailiff_address": "Rue Fictive 10, 1000 Bruxelles",
           "bailiff_reference": "DS/2026/0142"},
    "L9": {"landlord_address": "Rue Gallait 80, 1030 Schaerbeek", "lease_type": "nine_year",
           "notice_months": "3"},
    "L10": {"landlord_address": "Rue Gallait 80, 1030 Schaerbeek"},
    "L11": {"landlord_address": "Rue Gallait 80, 1030 Schaerbeek"},
    "L12": {"landlord_address": "Rue Gallait 80, 1030 Schaerbeek",
            "defects": "humidité et moisissures dans la chambre ; chaudière en panne depuis le "
                       "10 février", "repair_days": "30"},
    "L13": {"landlord_address": "Rue Gallait 80, 1030 Schaerbeek", "guarantee_amount": "1840",
            "bank": "Banque Exemple", "guarantee_account": "BE00 0000 0000 0000",
            "new_address": "Rue de la Poste 7, 1030 Schaerbeek"},
    "L14": {"sisp": "Lojega", "sisp_address": "Rue Fictive 1, 1210 Saint-Josse-ten-Noode",
            "household": "1 adulte"},
    "L16": {"guarantee_amount": "1.600,00", "new_address": "Rue de la Poste 7, 1030 Schaerbeek",
            "new_rent": "800", "new_lease_start": "2026-04-01"},
    "L18": {"court": "Justice de paix du premier canton de Schaerbeek",
            "worker_name": "Camille Martin",
            "organisation": "Union des Locataires de Schaerbeek", "phone": "02 000 00 00"},
    "L19": {"court": _COURT["fr"], "roll_number": "26A123", "proxy_name": "Karim El Idrissi",
            "proxy_relation": "spouse", "proxy_address": "Rue Josaphat 112, 1030 Schaerbeek"},
    "L21": {"reason": "appel d'un jugement de la justice de paix en matière de bail",
            "household": "1 adulte, 2 enfants", "monthly_income": "1.450,00"},
    "L22": {"landlord_address": "Chaussée de Haecht 300, 1030 Schaerbeek",
            "landlord_notice_date": "2026-02-20", "landlord_notice_months": "3",
            "lease_type": "nine_year", "notice_ground": "personal_occupation"},
    "L20": {"landlord_address": "Chaussée de Haecht 300, 1030 Schaerbeek",
            "instalment": "250", "first_due": "2026-04-05"},
    "L23": {"landlord_address": "Chaussée de Haecht 300, 1030 Schaerbeek",
            "lease_end": "2026-08-31", "extension_months": "6",
            "circumstances": "une hospitalisation récente et deux enfants qui terminent "
                             "leur année scolaire dans le quartier."},
    "L24": {"application_number": "2019/04521", "sisp": "Lojega",
            "household": "1 adulte", "monthly_income": "1.250,00"},
    "L25": {"landlord_address": "Avenue Rogier 20, 1030 Schaerbeek",
            "departure_date": "2026-03-31", "new_address": "Rue Vandeweyer 9, 1030 Schaerbeek"},
    "L26": {"landlord_address": "Chaussée de Haecht 300, 1030 Schaerbeek",
            "defects": "humidité et moisissures dans la chambre ; pas d'eau chaude depuis le "
                       "15 janvier", "repair_notice_date": "2026-02-02"},
    "L27": {"landlord_address": "Rue Gallait 80, 1030 Schaerbeek", "guarantee_amount": "1840",
            "bank": "Banque Exemple", "guarantee_account": "BE00 0000 0000 0000",
            "landlord_share": "150", "new_address": "Rue de la Poste 7, 1030 Schaerbeek"},
    "L28": {"household": "1 adulte", "monthly_income": "1.250,00"},
    "L29": {"ais": "Agence immobilière sociale Exemple",
            "ais_address": "Rue Fictive 5, 1030 Schaerbeek",
            "household": "1 adulte, 2 enfants", "monthly_income": "1.450,00"},
    "L30": {"sisp": "Le Foyer Schaerbeekois", "sisp_address": "Rue Fictive 3, 1030 Schaerbeek",
            "household": "1 adulte, 2 enfants"},
    "L31": {"landlord_address": "Chaussée de Haecht 300, 1030 Schaerbeek",
            "charges_period": "année 2025"},
    "L32": {"reason": "un jugement d'expulsion a été signifié et aucun logement n'est trouvé.",
            "household": "1 adulte", "monthly_income": "1.250,00",
            "cpas_address": "Rue Fictive 2, 1210 Saint-Josse-ten-Noode"},
    "uls-repairs": {"landlord_address": "Rue Gallait 80, 1030 Schaerbeek",
                    "building": "Avenue Louis Bertrand 45, 1030 Schaerbeek",
                    "defects": "infiltrations d'eau dans la cage d'escalier ; porte d'entrée "
                               "qui ne ferme plus",
                    "households": "Sofia Marín O'Connor (2e étage) ; ménage Exemple (1er étage)"},
    "uls-indexation": {"landlord_address": "Rue Gallait 80, 1030 Schaerbeek"},
    "uls-joint": {"landlord_address": "Rue Gallait 80, 1030 Schaerbeek",
                  "building": "Avenue Louis Bertrand 45, 1030 Schaerbeek",
                  "subject_text": "Chauffage collectif en panne depuis le 20 février 2026.",
                  "households": "Sofia Marín O'Connor (2e étage) ; ménage Exemple (1er étage)"},
    "cpas-arrears-aid": {"household": "2 adultes, 2 enfants", "monthly_income": "1.850,00"},
    "cpas-guarantee": {"guarantee_amount": "1.600,00",
                       "new_address": "Rue de la Poste 7, 1030 Schaerbeek",
                       "household": "1 adulte", "new_rent": "800"},
    "referral": {"partner_name": "CPAS de Schaerbeek — service logement",
                 "partner_address": "Boulevard Auguste Reyers 70, 1030 Schaerbeek",
                 "worker_name": "Camille Martin", "organisation": "Union des Locataires de "
                                                                   "Schaerbeek",
                 "reason": "Demande d'aide pour les arriérés et de guidance budgétaire."},
}

#: Dutch wording of the text facts that differ.
_SAMPLE_VALUES_NL: Final[Mapping[str, Mapping[str, str]]] = {
    "L2": {"household": "2 volwassenen, 2 kinderen"},
    "L6": {"bailiff": "Meester An De Smet, gerechtsdeurwaarder",
           "bailiff_address": "Fictieve straat 10, 1000 Brussel",
           "rehousing_details": "sociale woning, Haachtsesteenweg 55, 1210 Sint-Joost-ten-Node"},
    "L7": {"bailiff": "Meester An De Smet, gerechtsdeurwaarder",
           "bailiff_address": "Fictieve straat 10, 1000 Brussel"},
    "L14": {"household": "1 volwassene"},
    "L3": {"court": _COURT["nl"], "court_address": "Colignonplein 1, 1030 Schaarbeek"},
    "L5": {"court": _COURT["nl"], "court_address": "Colignonplein 1, 1030 Schaarbeek",
           "circumstances": "twee schoolgaande kinderen in de buurt en een recente "
                            "ziekenhuisopname"},
    "L12": {"defects": "vocht en schimmel in de slaapkamer; verwarmingsketel defect sinds "
                       "10 februari"},
    "L13": {"bank": "Voorbeeldbank"},
    "L18": {"court": "Vredegerecht van het eerste kanton Schaarbeek"},
    "L19": {"court": _COURT["nl"]},
    "L21": {"reason": "hoger beroep tegen een vonnis van de vrederechter over een "
                      "huurovereenkomst",
            "household": "1 volwassene, 2 kinderen"},
    "L23": {"circumstances": "een recente ziekenhuisopname en twee kinderen die hun "
                             "schooljaar in de buurt afmaken."},
    "L24": {"household": "1 volwassene"},
    "L25": {"landlord_address": "Rogierlaan 20, 1030 Schaarbeek",
            "new_address": "Vandeweyerstraat 9, 1030 Schaarbeek"},
    "L26": {"landlord_address": "Haachtsesteenweg 300, 1030 Schaarbeek",
            "defects": "vocht en schimmel in de slaapkamer; geen warm water sinds 15 januari"},
    "L27": {"bank": "Voorbeeldbank"},
    "L28": {"household": "1 volwassene"},
    "L29": {"ais": "Sociaal verhuurkantoor Voorbeeld",
            "ais_address": "Fictieve straat 5, 1030 Schaarbeek",
            "household": "1 volwassene, 2 kinderen"},
    "L30": {"sisp": "Le Foyer Schaerbeekois", "sisp_address": "Fictieve straat 3, 1030 "
                                                              "Schaarbeek",
            "household": "1 volwassene, 2 kinderen"},
    "L31": {"landlord_address": "Haachtsesteenweg 300, 1030 Schaarbeek",
            "charges_period": "jaar 2025"},
    "L32": {"reason": "een vonnis tot uithuiszetting is betekend en er is geen woning "
                      "gevonden.",
            "household": "1 volwassene",
            "cpas_address": "Fictieve straat 2, 1210 Sint-Joost-ten-Node"},
    "uls-repairs": {"landlord_address": "Rue Gallait 80, 1030 Schaarbeek",
                    "building": "Louis Bertrandlaan 45, 1030 Schaarbeek",
                    "defects": "waterinsijpeling in de traphal; voordeur die niet meer sluit",
                    "households": "Sofia Marín O'Connor (2de verdieping); gezin Voorbeeld "
                                  "(1ste verdieping)"},
    "uls-joint": {"landlord_address": "Rue Gallait 80, 1030 Schaarbeek",
                  "building": "Louis Bertrandlaan 45, 1030 Schaarbeek",
                  "subject_text": "Collectieve verwarming defect sinds 20 februari 2026.",
                  "households": "Sofia Marín O'Connor (2de verdieping); gezin Voorbeeld "
                                "(1ste verdieping)"},
    "cpas-arrears-aid": {"household": "2 volwassenen, 2 kinderen"},
    "cpas-guarantee": {"household": "1 volwassene"},
    "referral": {"partner_name": "OCMW van Schaarbeek — huisvestingsdienst",
                 "partner_address": "Auguste Reyerslaan 70, 1030 Schaarbeek",
                 "reason": "Vraag om hulp bij de achterstal en budgetbegeleiding."},
}


def sample_values(letter_id: str, lang: str) -> dict[str, str]:
    """The sample explicit facts of a letter, worded in ``lang``."""
    values = dict(SAMPLE_VALUES.get(letter_id, {}))
    if lang == "nl":
        values.update(_SAMPLE_VALUES_NL.get(letter_id, {}))
    return values
