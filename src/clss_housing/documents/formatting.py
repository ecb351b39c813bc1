r"""Dates, amounts, legal names and labels in the letter's language.

Everything a document prints goes through here so that French and Dutch
letters read as Brussels staff write them: dates and amounts are formatted by
Babel for ``fr_BE`` and ``nl_BE``, laws carry the name they have in each
language, and ledger kinds, tracks and deadline rules have a label per
language::

    >>> from datetime import date
    >>> format_date(date(2026, 2, 5), "fr")
    '5 février 2026'
    >>> format_money(Money(123450), "nl")
    '€\xa01.234,50'
    >>> legal_ref("cbl", "233quater", "nl")
    'Brusselse Huisvestingscode, art. 233quater'

Babel is slow next to a Jinja render (10-30 µs a call), so results are
memoised: the same date or amount in the same language is formatted once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Final

from babel.dates import format_date as _babel_date
from babel.numbers import format_currency as _babel_currency
from babel.numbers import format_decimal as _babel_decimal

from clss_housing.errors import ValidationError
from clss_housing.money import Money


__all__ = [
    "CATEGORY_LABELS",
    "KIND_LABELS",
    "LABELS",
    "LANGS",
    "LAWS",
    "LOCALES",
    "MUNICIPALITIES",
    "RULE_LABELS",
    "STATE_LABELS",
    "SUMMARY_LANGS",
    "TRACK_LABELS",
    "category_label",
    "check_lang",
    "format_date",
    "format_decimal",
    "format_money",
    "format_value",
    "kind_label",
    "label",
    "legal_ref",
    "municipality",
    "rule_label",
    "state_label",
    "track_label",
]

#: Languages every letter exists in.
LANGS: Final = ("fr", "nl")
#: Languages a case summary can be written in (English for the lead worker's reports).
SUMMARY_LANGS: Final = ("fr", "nl", "en")
#: Babel locale per language.
LOCALES: Final[Mapping[str, str]] = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_GB"}


def check_lang(lang: str, allowed: tuple[str, ...] = LANGS) -> str:
    """Return ``lang`` when it is one of ``allowed``, else raise :class:`ValidationError`."""
    if lang not in allowed:
        raise ValidationError("lang", lang, f"must be one of: {', '.join(allowed)}")
    return lang


# -- Babel, memoised -----------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def format_date(value: date, lang: str, style: str = "long") -> str:
    """
    Format a date in ``lang``.

    ``style`` is ``long`` (``5 février 2026``, ``1er mars 2026``), ``numeric``
    (``05/02/2026``) or a Babel pattern (``MMMM y``).
    """
    pattern = "dd/MM/y" if style == "numeric" else style
    text = _babel_date(value, pattern, locale=LOCALES[lang])
    if lang == "fr" and value.day == 1 and style == "long":
        text = "1er" + text[1:]  # French writes the first of the month "1er"
    return text


@lru_cache(maxsize=8192)
def _money(cents: int, lang: str) -> str:
    return _babel_currency(Decimal(cents) / 100, "EUR", locale=LOCALES[lang])


def format_money(value: Money, lang: str) -> str:
    """Format an amount in euros (``1 234,50 €`` in French, ``€ 1.234,50`` in Dutch)."""
    return _money(value.cents, lang)


@lru_cache(maxsize=2048)
def format_decimal(value: Decimal, lang: str) -> str:
    """Format a decimal number with two places (``2,50``)."""
    return _babel_decimal(value, format="#,##0.00", locale=LOCALES[lang])


_YES_NO: Final = {"fr": ("oui", "non"), "nl": ("ja", "nee"), "en": ("yes", "no")}


def format_value(value: object, lang: str) -> str:
    """Format any fact for print: dates, amounts and decimals per language, the rest as text."""
    if isinstance(value, str):
        return value
    if isinstance(value, Money):
        return _money(value.cents, lang)
    if isinstance(value, bool):
        yes, no = _YES_NO[lang]
        return yes if value else no
    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, Decimal):
        return format_decimal(value, lang)
    return str(value)


# -- laws, as each language names them -----------------------------------------------------------

#: Law key -> name per language.
LAWS: Final[Mapping[str, Mapping[str, str]]] = {
    "cbl": {"fr": "Code bruxellois du Logement", "nl": "Brusselse Huisvestingscode",
            "en": "Brussels Housing Code"},
    "cj": {"fr": "Code judiciaire", "nl": "Gerechtelijk Wetboek", "en": "Judicial Code"},
    "cc": {"fr": "Code civil", "nl": "Burgerlijk Wetboek", "en": "Civil Code"},
    "old_cc": {"fr": "ancien Code civil", "nl": "oud Burgerlijk Wetboek",
               "en": "old Civil Code"},
    "cp": {"fr": "Code pénal", "nl": "Strafwetboek", "en": "Criminal Code"},
    "cpas": {
        "fr": "Loi organique des centres publics d'action sociale du 8 juillet 1976",
        "nl": "Organieke wet van 8 juli 1976 betreffende de openbare centra voor "
              "maatschappelijk welzijn",
        "en": "Organic Law of 8 July 1976 on public social welfare centres",
    },
    "social_housing": {
        "fr": "Arrêté du Gouvernement de la Région de Bruxelles-Capitale du 26 septembre 1996 "
              "organisant la location des habitations gérées par la SLRB ou par les SISP",
        "nl": "Besluit van de Brusselse Hoofdstedelijke Regering van 26 september 1996 "
              "houdende regeling van de verhuur van woningen beheerd door de BGHM of de OVM's",
        "en": "Brussels Government Order of 26 September 1996 on social housing lettings",
    },
    "rent_allowance": {
        "fr": "Arrêté du Gouvernement de la Région de Bruxelles-Capitale du 15 juillet 2021 "
              "instituant une allocation de loyer",
        "nl": "Besluit van de Brusselse Hoofdstedelijke Regering van 15 juli 2021 tot "
              "instelling van een huurtoelage",
        "en": "Brussels Government Order of 15 July 2021 establishing a rent allowance",
    },
    "fonds_rental": {
        "fr": "Arrêté du Gouvernement de la Région de Bruxelles-Capitale du 21 décembre 2017 "
              "(aide locative du Fonds du Logement)",
        "nl": "Besluit van de Brusselse Hoofdstedelijke Regering van 21 december 2017 "
              "(huurhulp van het Woningfonds)",
        "en": "Brussels Government Order of 21 December 2017 (rental aid of the Fonds du "
              "Logement)",
    },
    "brugal": {
        "fr": "Arrêté du Gouvernement de la Région de Bruxelles-Capitale du 28 septembre 2017 "
              "(Fonds BRUGAL)",
        "nl": "Besluit van de Brusselse Hoofdstedelijke Regering van 28 september 2017 "
              "(Brussels Huurwaarborgfonds, BRUGAL)",
        "en": "Brussels Government Order of 28 September 2017 (BRUGAL fund)",
    },
    "fonds": {
        "fr": "Règlement du Fonds du Logement de la Région de Bruxelles-Capitale "
              "(prêt de garantie locative)",
        "nl": "Reglement van het Woningfonds van het Brussels Hoofdstedelijk Gewest "
              "(huurwaarborglening)",
        "en": "Rules of the Brussels Housing Fund (rental-guarantee loan)",
    },
}

_ARTICLE_WORD: Final = {"fr": "art.", "nl": "art.", "en": "art."}


def legal_ref(law: str, articles: str, lang: str) -> str:
    """A legal reference as the law is named in ``lang`` (``Code judiciaire, art. 731``)."""
    name = LAWS[law][lang]
    if not articles:
        return name
    joined = articles.replace(" et ", f" {_AND[lang]} ").replace(" and ", f" {_AND[lang]} ")
    return f"{name}, {_ARTICLE_WORD[lang]} {joined}"


_AND: Final = {"fr": "et", "nl": "en", "en": "and"}


# -- labels -------------------------------------------------------------------------------------

#: Fixed words of the letter layout and of summaries.
LABELS: Final[Mapping[str, Mapping[str, str]]] = {
    "fr": {
        "subject": "Objet", "registered": "Recommandé", "reference": "Réf.",
        "case": "Dossier", "enclosures": "Annexes", "cc": "Copie",
        "legal_basis": "Base légale", "page": "Page", "date_prefix": "le ",
        "summary": "Synthèse du dossier", "for": "Destinataire", "date": "Date",
        "parties": "Parties", "tenant": "Locataire", "landlord": "Bailleur",
        "address": "Adresse", "rent": "Loyer mensuel", "charges": "Charges mensuelles",
        "language": "Langue", "tracks": "État des procédures", "track": "Volet",
        "state": "État", "balance": "Solde et arriérés", "due": "Dû", "paid": "Payé",
        "aid": "Aides", "arrears": "Arriérés", "arrears_months": "Arriérés en mois de loyer",
        "ageing": "Ancienneté des arriérés", "age": "Ancienneté (jours)",
        "amount": "Montant", "plan": "Plan d'apurement", "instalment": "Mensualité",
        "number": "N°", "due_date": "Échéance", "covered": "Couvert", "status": "Statut",
        "plan_kept": "respecté", "plan_default": "en défaut",
        "deadlines": "Délais et prochaines étapes", "rule": "Règle", "basis": "Base légale",
        "irregularities": "Irrégularités", "timeline": "Chronologie", "entry": "Écriture",
        "details": "Détails", "next_steps": "Prochaines étapes",
        "chart": "Frise chronologique", "none": "Néant.", "colon": " :", "not_shown": "Non affiché",
        "withheld": "Informations non communiquées", "consents": "Consentements en vigueur",
        "all_categories": "toutes catégories (travailleur référent)",
        "no_chart": ("Graphique non inclus : un document Word demande matplotlib "
                     "(clss-housing[charts]) ; la synthèse HTML le contient."),
        "redaction_note": "Ce document ne contient que les informations que la personne a "
                          "accepté de partager avec ce destinataire (secret professionnel "
                          "partagé).",
        "statement": "Décompte", "label": "Libellé", "debit": "Dû", "credit": "Payé",
        "running": "Solde", "partners": "Partenaires concernés", "partner": "Partenaire",
        "consent": "Consentement en vigueur", "no_consent": "aucun",
        "recipient": "destinataire", "earlier": "écritures antérieures non reprises",
        "by": "au plus tard le", "on": "le", "months_of_rent": "mois de loyer",
    },
    "nl": {
        "subject": "Betreft", "registered": "Aangetekend", "reference": "Ref.",
        "case": "Dossier", "enclosures": "Bijlagen", "cc": "Kopie",
        "legal_basis": "Rechtsgrond", "page": "Pagina", "date_prefix": "",
        "summary": "Overzicht van het dossier", "for": "Bestemmeling", "date": "Datum",
        "parties": "Partijen", "tenant": "Huurder", "landlord": "Verhuurder",
        "address": "Adres", "rent": "Maandelijkse huur", "charges": "Maandelijkse lasten",
        "language": "Taal", "tracks": "Stand van de procedures", "track": "Spoor",
        "state": "Stand", "balance": "Saldo en achterstal", "due": "Verschuldigd",
        "paid": "Betaald", "aid": "Steun", "arrears": "Achterstal",
        "arrears_months": "Achterstal in maanden huur", "ageing": "Ouderdom van de achterstal",
        "age": "Ouderdom (dagen)", "amount": "Bedrag", "plan": "Afbetalingsplan",
        "instalment": "Maandbedrag", "number": "Nr.", "due_date": "Vervaldag",
        "covered": "Gedekt", "status": "Status", "plan_kept": "nageleefd",
        "plan_default": "in gebreke", "deadlines": "Termijnen en volgende stappen", "rule": "Regel",
        "basis": "Rechtsgrond", "irregularities": "Onregelmatigheden",
        "timeline": "Tijdlijn", "entry": "Boeking", "details": "Details",
        "next_steps": "Volgende stappen", "chart": "Tijdlijn (grafiek)",
        "none": "Geen.", "colon": ":", "not_shown": "Niet getoond",
        "withheld": "Niet gedeelde informatie",
        "consents": "Geldende toestemmingen",
        "all_categories": "alle categorieën (referentiewerker)",
        "no_chart": ("Grafiek niet opgenomen: een Word-document vraagt matplotlib "
                     "(clss-housing[charts]); de HTML-samenvatting bevat ze."),
        "redaction_note": "Dit document bevat enkel de informatie die de persoon met deze "
                          "bestemmeling wil delen (gedeeld beroepsgeheim).",
        "statement": "Afrekening", "label": "Omschrijving", "debit": "Verschuldigd",
        "credit": "Betaald", "running": "Saldo", "partners": "Betrokken partners",
        "partner": "Partner", "consent": "Geldende toestemming", "no_consent": "geen",
        "recipient": "bestemmeling", "earlier": "eerdere boekingen niet opgenomen",
        "by": "uiterlijk op", "on": "op", "months_of_rent": "maanden huur",
    },
    "en": {
        "subject": "Subject", "registered": "Registered", "reference": "Ref.",
        "case": "Case", "enclosures": "Enclosures", "cc": "Copy",
        "legal_basis": "Legal basis", "page": "Page", "date_prefix": "",
        "summary": "Case summary", "for": "Recipient", "date": "Date",
        "parties": "Parties", "tenant": "Tenant", "landlord": "Landlord",
        "address": "Address", "rent": "Monthly rent", "charges": "Monthly charges",
        "language": "Language", "tracks": "Procedure tracks", "track": "Track",
        "state": "State", "balance": "Balance and arrears", "due": "Due", "paid": "Paid",
        "aid": "Aid", "arrears": "Arrears", "arrears_months": "Arrears in months of rent",
        "ageing": "Arrears by age", "age": "Age (days)", "amount": "Amount",
        "plan": "Payment plan", "instalment": "Instalment", "number": "No.",
        "due_date": "Due", "covered": "Covered", "status": "Status", "plan_kept": "kept",
        "plan_default": "in default", "deadlines": "Deadlines and next steps", "rule": "Rule",
        "basis": "Legal basis", "irregularities": "Irregularities", "timeline": "Timeline",
        "entry": "Entry", "details": "Details", "next_steps": "Next steps",
        "chart": "Timeline chart", "none": "None.", "colon": ":", "not_shown": "Not shown",
        "withheld": "Information withheld", "consents": "Consents in force",
        "all_categories": "all categories (lead worker)",
        "no_chart": ("Chart not included: a Word document needs matplotlib "
                     "(clss-housing[charts]); the HTML summary has it."),
        "redaction_note": "This document holds only what the person agreed to share with "
                          "this recipient (shared professional secrecy).",
        "statement": "Statement", "label": "Item", "debit": "Due", "credit": "Paid",
        "running": "Balance", "partners": "Partners involved", "partner": "Partner",
        "consent": "Consent in force", "no_consent": "none", "recipient": "recipient",
        "earlier": "earlier entries not listed", "by": "by", "on": "on",
        "months_of_rent": "months of rent",
    },
}


def label(key: str, lang: str) -> str:
    """The fixed word ``key`` in ``lang``."""
    return LABELS[lang][key]


#: Ledger kind -> label per language (fr, nl, en).
KIND_LABELS: Final[Mapping[str, tuple[str, str, str]]] = {
    "case_opened": ("ouverture du dossier", "opening van het dossier", "case opened"),
    "case_facts_corrected": ("correction des données d'ouverture",
                             "verbetering van de openingsgegevens", "case facts corrected"),
    "rent_due": ("loyer dû", "verschuldigde huur", "rent due"),
    "charges_due": ("charges dues", "verschuldigde lasten", "charges due"),
    "payment": ("paiement", "betaling", "payment"),
    "aid_paid": ("aide versée", "betaalde steun", "aid paid"),
    "adjustment": ("ajustement", "aanpassing", "adjustment"),
    "notice_received": ("mise en demeure reçue", "ingebrekestelling ontvangen",
                        "formal notice received"),
    "negotiation_started": ("négociation avec le bailleur", "onderhandeling met de verhuurder",
                            "negotiation with the landlord"),
    "payment_plan_agreed": ("plan d'apurement convenu", "afbetalingsplan overeengekomen",
                            "payment plan agreed"),
    "payment_plan_defaulted": ("plan d'apurement non respecté", "afbetalingsplan niet nageleefd",
                               "payment plan defaulted"),
    "petition_filed": ("requête déposée", "verzoekschrift neergelegd", "petition filed"),
    "cpas_informed": ("CPAS informé", "OCMW ingelicht", "CPAS informed"),
    "conciliation_requested": ("conciliation demandée", "verzoening gevraagd",
                               "conciliation requested"),
    "conciliation_outcome": ("issue de la conciliation", "uitkomst van de verzoening",
                             "conciliation outcome"),
    "hearing_scheduled": ("audience fixée", "zitting vastgesteld", "hearing scheduled"),
    "hearing_adjourned": ("audience remise", "zitting uitgesteld", "hearing adjourned"),
    "judgment": ("jugement", "vonnis", "judgment"),
    "judgment_served": ("jugement signifié", "vonnis betekend", "judgment served"),
    "appeal_filed": ("recours introduit", "rechtsmiddel ingesteld", "appeal filed"),
    "eviction_scheduled": ("expulsion programmée", "uithuiszetting gepland",
                           "eviction scheduled"),
    "eviction_carried_out": ("expulsion exécutée", "uithuiszetting uitgevoerd",
                             "eviction carried out"),
    "eviction_cancelled": ("expulsion annulée", "uithuiszetting geannuleerd",
                           "eviction cancelled"),
    "referral": ("orientation vers un partenaire", "doorverwijzing naar een partner", "referral"),
    "consent_given": ("consentement donné", "toestemming gegeven", "consent given"),
    "consent_withdrawn": ("consentement retiré", "toestemming ingetrokken", "consent withdrawn"),
    "needs_assessed": ("besoins évalués", "noden beoordeeld", "housing needs assessed"),
    "housing_search_started": ("recherche de logement entamée", "zoektocht naar woning gestart",
                               "housing search started"),
    "rehousing_application": ("demande de relogement", "aanvraag herhuisvesting",
                              "rehousing application"),
    "housing_offer": ("offre de logement", "woningaanbod", "housing offer"),
    "emergency_housing": ("hébergement d'urgence", "noodopvang", "emergency housing"),
    "lease_signed": ("bail signé", "huurovereenkomst ondertekend", "lease signed"),
    "lease_proposal": ("proposition", "voorstel", "lease proposal"),
    "lease_counter_proposal": ("contre-proposition", "tegenvoorstel", "counter-proposal"),
    "lease_agreement": ("accord conclu", "akkoord bereikt", "agreement reached"),
    "lease_negotiation_failed": ("négociation échouée", "onderhandeling mislukt",
                                 "negotiation failed"),
    "lease_notice": ("congé", "opzegging", "notice to end the lease"),
    "indexation_requested": ("demande d'indexation", "indexeringsaanvraag",
                             "indexation requested"),
    "keys_returned": ("clés restituées", "sleutels teruggegeven", "keys returned"),
    "note": ("note", "notitie", "note"),
    "correction": ("correction", "correctie", "correction"),
    "personal_data_reopened": (
        "données personnelles rouvertes", "persoonsgegevens heropend", "personal data reopened"
    ),
}

_LANG_INDEX: Final = {"fr": 0, "nl": 1, "en": 2}


def kind_label(kind: str, lang: str, default: str | None = None) -> str:
    """The label of a ledger kind (plugins' kinds fall back to ``default`` or the kind id)."""
    labels = KIND_LABELS.get(kind)
    if labels is None:
        return default or kind.replace("_", " ")
    return labels[_LANG_INDEX[lang]]


#: Workflow tracks (CLI.md) -> label per language.
TRACK_LABELS: Final[Mapping[str, tuple[str, str, str]]] = {
    "pre_procedure": ("Avant la procédure", "Voor de procedure", "Pre-procedure support"),
    "hearing": ("Justice de paix", "Vredegerecht", "Justice of the peace"),
    "rehousing": ("Relogement", "Herhuisvesting", "Rehousing"),
    "lease_negotiation": ("Négociation du bail", "Onderhandeling over de huur",
                          "Lease negotiation"),
}


def track_label(track: str, lang: str) -> str:
    """The label of a workflow track."""
    labels = TRACK_LABELS.get(track)
    return labels[_LANG_INDEX[lang]] if labels else track.replace("_", " ")


#: Frequent workflow states -> label per language; unknown states print their id.
STATE_LABELS: Final[Mapping[str, tuple[str, str, str]]] = {
    # pre_procedure
    "no_notice": ("pas de mise en demeure", "geen ingebrekestelling", "no formal notice"),
    "notice_received": ("mise en demeure reçue", "ingebrekestelling ontvangen",
                        "formal notice received"),
    "negotiating": ("négociation en cours", "onderhandeling lopende", "negotiating"),
    "plan_active": ("plan d'apurement en cours", "afbetalingsplan lopende",
                    "payment plan active"),
    "plan_in_default": ("plan d'apurement en défaut", "afbetalingsplan in gebreke",
                        "payment plan in default"),
    "resolved": ("résolu", "opgelost", "resolved"),
    "referred_to_court": ("porté devant le juge de paix", "voor de vrederechter gebracht",
                          "referred to court"),
    # hearing
    "not_started": ("pas commencé", "niet gestart", "not started"),
    "petition_filed": ("requête déposée", "verzoekschrift neergelegd", "petition filed"),
    "cpas_informed": ("CPAS informé", "OCMW ingelicht", "CPAS informed"),
    "conciliation_requested": ("conciliation demandée", "verzoening gevraagd",
                               "conciliation requested"),
    "conciliation_agreed": ("accord en conciliation", "akkoord bij verzoening",
                            "conciliation agreed"),
    "conciliation_failed": ("échec de la conciliation", "verzoening mislukt",
                            "conciliation failed"),
    "hearing_scheduled": ("audience fixée", "zitting vastgesteld", "hearing scheduled"),
    "adjourned": ("audience remise", "zitting uitgesteld", "adjourned"),
    "eviction_ordered": ("expulsion ordonnée", "uithuiszetting bevolen", "eviction ordered"),
    "payment_terms": ("termes et délais accordés", "afbetalingstermijnen toegekend",
                      "payment terms granted"),
    "dismissed": ("demande rejetée", "vordering afgewezen", "claim dismissed"),
    "judgment_served": ("jugement signifié", "vonnis betekend", "judgment served"),
    "appeal_or_opposition_filed": ("appel ou opposition introduit", "hoger beroep of verzet "
                                   "ingesteld", "appeal or opposition filed"),
    "eviction_scheduled": ("expulsion programmée", "uithuiszetting gepland",
                           "eviction scheduled"),
    "suspended_moratorium": ("suspendu (trêve hivernale)", "opgeschort (wintermoratorium)",
                             "suspended (winter moratorium)"),
    "evicted": ("expulsion exécutée", "uithuiszetting uitgevoerd", "evicted"),
    "cancelled": ("expulsion annulée", "uithuiszetting geannuleerd", "eviction cancelled"),
    # rehousing
    "needs_assessed": ("besoins évalués", "noden beoordeeld", "needs assessed"),
    "searching": ("recherche en cours", "zoektocht lopende", "searching"),
    "applications_pending": ("demandes en cours", "aanvragen lopende", "applications pending"),
    "offer_received": ("offre reçue", "aanbod ontvangen", "offer received"),
    "emergency_housing": ("hébergement d'urgence", "noodopvang", "emergency housing"),
    "housed": ("relogé", "geherhuisvest", "housed"),
    # lease negotiation
    "none": ("aucune démarche", "geen stappen", "nothing yet"),
    "proposal": ("proposition", "voorstel", "proposal"),
    "counter_proposal": ("contre-proposition", "tegenvoorstel", "counter-proposal"),
    "agreement": ("accord", "akkoord", "agreement"),
    "signed": ("bail signé", "huurovereenkomst ondertekend", "lease signed"),
    "failed": ("échec", "mislukt", "failed"),
}


def state_label(state: str, lang: str) -> str:
    """The label of a workflow state (its id, readable, when no label is known)."""
    labels = STATE_LABELS.get(state)
    return labels[_LANG_INDEX[lang]] if labels else state.replace("_", " ")


#: Deadline rule ids (CLI.md) -> label per language.
RULE_LABELS: Final[Mapping[str, tuple[str, str, str]]] = {
    "pre_court_waiting_period": ("Fin du délai d'un mois après la mise en demeure",
                                 "Einde van de termijn van een maand na de ingebrekestelling",
                                 "End of the month after the formal notice"),
    "appeal": ("Fin du délai d'appel", "Einde van de beroepstermijn",
               "End of the appeal period"),
    "opposition": ("Fin du délai d'opposition", "Einde van de verzetstermijn",
                   "End of the opposition period"),
    "earliest_eviction": ("Première date possible d'expulsion",
                          "Vroegst mogelijke datum van uithuiszetting",
                          "Earliest possible eviction"),
    "bailiff_notice": ("Préavis de l'huissier", "Aankondiging door de gerechtsdeurwaarder",
                       "Bailiff's notice"),
    "payment_plan_instalment": ("Échéance du plan d'apurement", "Vervaldag afbetalingsplan",
                                "Payment-plan instalment"),
    "guarantee_return": ("Restitution de la garantie locative", "Teruggave van de huurwaarborg",
                         "Return of the rental guarantee"),
    "indexation": ("Indexation du loyer", "Indexering van de huur", "Rent indexation"),
}


def rule_label(rule: str, lang: str, default: str | None = None) -> str:
    """The label of a deadline rule (plugins' rules fall back to ``default`` or the id)."""
    labels = RULE_LABELS.get(rule)
    if labels is None:
        return default or rule.replace("_", " ")
    return labels[_LANG_INDEX[lang]]


#: Consent scopes / redaction categories -> label per language.
CATEGORY_LABELS: Final[Mapping[str, tuple[str, str, str]]] = {
    "general": ("général", "algemeen", "general"),
    "housing": ("logement", "huisvesting", "housing"),
    "health": ("santé", "gezondheid", "health"),
    "finance": ("finances", "financiën", "finance"),
    "legal": ("juridique", "juridisch", "legal"),
}


def category_label(category: str, lang: str) -> str:
    """The label of a redaction category."""
    labels = CATEGORY_LABELS.get(category)
    return labels[_LANG_INDEX[lang]] if labels else category


# -- Brussels municipalities --------------------------------------------------------------------

#: Postcode -> (French name, Dutch name) of the Brussels municipalities.
MUNICIPALITIES: Final[Mapping[str, tuple[str, str]]] = {
    "1000": ("Bruxelles", "Brussel"), "1020": ("Bruxelles", "Brussel"),
    "1120": ("Bruxelles", "Brussel"), "1130": ("Bruxelles", "Brussel"),
    "1030": ("Schaerbeek", "Schaarbeek"), "1040": ("Etterbeek", "Etterbeek"),
    "1050": ("Ixelles", "Elsene"), "1060": ("Saint-Gilles", "Sint-Gillis"),
    "1070": ("Anderlecht", "Anderlecht"),
    "1080": ("Molenbeek-Saint-Jean", "Sint-Jans-Molenbeek"),
    "1081": ("Koekelberg", "Koekelberg"),
    "1082": ("Berchem-Sainte-Agathe", "Sint-Agatha-Berchem"),
    "1083": ("Ganshoren", "Ganshoren"), "1090": ("Jette", "Jette"),
    "1140": ("Evere", "Evere"), "1150": ("Woluwe-Saint-Pierre", "Sint-Pieters-Woluwe"),
    "1160": ("Auderghem", "Oudergem"), "1170": ("Watermael-Boitsfort", "Watermaal-Bosvoorde"),
    "1180": ("Uccle", "Ukkel"), "1190": ("Forest", "Vorst"),
    "1200": ("Woluwe-Saint-Lambert", "Sint-Lambrechts-Woluwe"),
    "1210": ("Saint-Josse-ten-Noode", "Sint-Joost-ten-Node"),
}

_POSTCODE: Final = re.compile(r"(?<!\d)(1\d{3})(?!\d)")


def municipality(address: str, lang: str) -> str | None:
    """The Brussels municipality of an address, named in ``lang``; ``None`` outside Brussels."""
    for match in _POSTCODE.finditer(address):
        names = MUNICIPALITIES.get(match.group(1))
        if names:
            return names[1] if lang == "nl" else names[0]
    return None
