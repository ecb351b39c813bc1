"""
The Brussels rule pack: the deadlines of an eviction-prevention case, as data.

Each rule cites its article in a comment and in ``basis`` and carries a stable
reference number (``domain_ref``: ``R1``, ``R6``…) used in the documentation.
Uncertain facts are settings of
:class:`~clss_housing.deadlines.rules.DeadlineSettings`, never constants here.

Each rule carries the date its law took effect (``valid_from``) with the
source of that date (``valid_from_source``) and the body of law it applies
(``regime``).  The eviction rules of the Brussels reform (ordinance of 22 June
2023) keep their federal predecessors (Code judiciaire art. 1344quater, law of
30 November 1998) as ``former`` rules: a judgment served before the reform is
counted under the federal rules, and the deadline says so.

Example (judgment served on 23 September 2026, C.j. art. 1051 and 54)::

    >>> from datetime import date
    >>> from clss_housing.deadlines.engine import deadline_date
    >>> deadline_date(RULES.rule("appeal"), date(2026, 9, 23))
    datetime.date(2026, 10, 23)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Final

from clss_housing.deadlines.rules import Anchor, Condition, Counting, Rule, RulePack, Text
from clss_housing.errors import ValidationError


__all__ = [
    "EVICTION_LAW_1998",
    "JUDICIAL_CODE",
    "LEGAL_INTEREST_BASIS",
    "LEGAL_INTEREST_RATES",
    "PACK_HORIZON",
    "RULES",
    "brussels_rules",
    "legal_interest_rate",
]

#: Entry into force of the Brussels lease law (ordinance of 27 July 2017, MB 30 Oct 2017).
PACK_HORIZON: Final = date(2018, 1, 1)
#: Entry into force of the Code judiciaire (law of 10 October 1967): 1 November 1970.
JUDICIAL_CODE: Final = date(1970, 11, 1)
#: Entry into force of the federal law of 30 November 1998 on evictions ("humanisation
#: des expulsions", C.j. arts 1344bis-1344quater): 1 January 1999.
EVICTION_LAW_1998: Final = date(1999, 1, 1)
#: Entry into force of the law of 3 August 1992 (requête contradictoire, C.j. arts
#: 1034bis-1034sexies): 1 January 1993.
REQUETE_1992: Final = date(1993, 1, 1)
#: The Civil Code of 1804 (binding force of agreements, art. 1134).
CIVIL_CODE: Final = date(1804, 3, 21)

_SRC_2023: Final = (
    "ordinance of 22 June 2023 (MB 21 Aug 2023), in force 1 Sept 2023 "
    "(https://brulocalis.brussels/fr/outils/faq/faq-logement-justice-de-proximite; some "
    "sources say 31 Aug 2023: setting eviction_reform_in_force)"
)
_SRC_2024: Final = (
    "ordinance of 4 April 2024, in force 1 Nov 2024 for leases concluded or renewed from "
    "then (https://arius-law.eu/le-journal/reforme-bail-2024)"
)
_SRC_2018: Final = (
    "ordinance of 27 July 2017 (MB 30 Oct 2017), Brussels lease law in force 1 Jan 2018 "
    "(https://solitis.be/2017/12/20/la-reforme-du-bail-dhabitation-a-bruxelles/)"
)
_SRC_CJ: Final = "Code judiciaire (law of 10 October 1967), in force 1 Nov 1970"
_SRC_1998: Final = (
    "law of 30 November 1998 on evictions, in force 1 Jan 1999 "
    "(https://pim.be/hiver-et-expulsion-du-locataire)"
)
#: The Brussels lease reform of the ordinance of 4 April 2024 applies from this date.
LEASE_REFORM_2024: Final = date(2024, 11, 1)
#: Fallback of ``eviction_reform_in_force`` (ordinance of 22 June 2023).
EVICTION_REFORM_2023: Final = date(2023, 9, 1)

_EVICTION_SETTING: Final = "eviction_reform_in_force"

# -- bases ----------------------------------------------------------------------------------------


def _cj(articles: str, *, nl_articles: str | None = None) -> Text:
    """Cite Judicial Code *articles* in the three languages."""
    nl = nl_articles or articles.replace(" al. ", " lid ")
    en = articles.replace(" al. ", " para. ")
    return Text(
        fr=f"Code judiciaire art. {articles}",
        nl=f"Gerechtelijk Wetboek art. {nl}",
        en=f"Judicial Code art. {en}",
    )


def _cbl(fr: str, nl: str, en: str) -> Text:
    """Cite the Brussels Housing Code (CBL / BHC) in the three languages."""
    return Text(
        fr=f"Code bruxellois du Logement {fr}",
        nl=f"Brusselse Huisvestingscode {nl}",
        en=f"Brussels Housing Code {en}",
    )


_ORD_2023 = Text(
    fr="ordonnance du 22 juin 2023",
    nl="ordonnantie van 22 juni 2023",
    en="ordinance of 22 June 2023",
)
_ORD_2024 = Text(
    fr="ordonnance du 4 avril 2024",
    nl="ordonnantie van 4 april 2024",
    en="ordinance of 4 April 2024",
)

# -- the rules ------------------------------------------------------------------------------------

# R1 — CBL art. 233quater (ordinance of 22 June 2023): no court action or other recovery
# before one month after the formal notice (counted from its sending).
PRE_COURT_WAITING_PERIOD: Final = Rule(
    id="pre_court_waiting_period",
    domain_ref="R1",
    title=Text(
        fr="Fin du délai d'attente après la mise en demeure",
        nl="Einde van de wachttermijn na de ingebrekestelling",
        en="End of the waiting period after the formal notice",
    ),
    description=Text(
        fr="Dernier jour du mois d'attente : une action en justice est possible le lendemain.",
        nl="Laatste dag van de wachtmaand: een vordering in rechte kan vanaf de dag erna.",
        en="Last day of the waiting month: court action is possible from the next day.",
    ),
    track="pre_procedure",
    triggers=("notice_received",),
    scope="latest",
    anchor=Anchor(posted_setting="notice_date_is_posting_date"),
    counting=Counting(
        method="months",
        amount=1,
        amount_setting="waiting_period_months",
        shift_setting="civil_delays_art53",
    ),
    basis=_cbl(
        f"art. 233quater ({_ORD_2023.fr})",
        f"art. 233quater ({_ORD_2023.nl})",
        f"art. 233quater ({_ORD_2023.en})",
    ),
    valid_from=EVICTION_REFORM_2023,
    valid_from_setting=_EVICTION_SETTING,
    valid_from_source=_SRC_2023,
    regime="brussels_2023",
    region="BXL",
    confidence="medium",
    note=(
        "Counted from the sending of the notice (one source); whether C.j. arts 52-54 govern "
        "this pre-litigation delay is not verified, so the art. 53 shift is off by default "
        "(setting civil_delays_art53)."
    ),
)

# R22 — C.j. art. 53bis: a registered or ordinary letter is deemed received on the third
# working day after it was handed to the post; with acknowledgment of receipt or by judicial
# letter, the day after presentation.  Shown only when notice dates are posting dates.
NOTICE_DEEMED_RECEIVED: Final = Rule(
    id="notice_deemed_received",
    domain_ref="R22",
    title=Text(
        fr="Mise en demeure réputée reçue",
        nl="Ingebrekestelling geacht ontvangen",
        en="Formal notice deemed received",
    ),
    description=Text(
        fr="Jour où la lettre envoyée par la poste est réputée reçue.",
        nl="Dag waarop de per post verzonden brief geacht wordt ontvangen te zijn.",
        en="Day the letter sent by post is deemed received.",
    ),
    track="pre_procedure",
    triggers=("notice_received",),
    scope="latest",
    counting=Counting(method="deemed_receipt"),
    basis=_cj("53bis"),
    valid_from=PACK_HORIZON,
    valid_from_source=(
        "Code judiciaire art. 53bis predates 2018 (date of insertion not verified); the "
        "pack applies it from the Brussels lease law, 1 Jan 2018"
    ),
    regime="federal",
    enabled_setting="notice_date_is_posting_date",
    region="BE",
    confidence="medium",
    note=(
        "Runs only with the setting notice_date_is_posting_date; the delivery method is the "
        "setting notice_delivery. Whether that day is itself the art. 52 trigger is for legal "
        "review (Cass. 17 June 2011: it depends on how the letter was actually sent)."
    ),
)

# R2 — CBL (ordinance of 22 June 2023; article number not verified): a request including an
# eviction claim is heard at least 40 days after it was filed.
HEARING_MIN_DATE: Final = Rule(
    id="hearing_min_date",
    domain_ref="R2",
    title=Text(
        fr="Date d'audience la plus proche permise",
        nl="Vroegst toegelaten zittingsdatum",
        en="Earliest hearing date allowed",
    ),
    description=Text(
        fr="Pas d'audience avant ce jour pour une requête en expulsion (40 jours).",
        nl="Geen zitting vóór deze dag voor een verzoek tot uithuiszetting (40 dagen).",
        en="No hearing before this day on an eviction request (40 days).",
    ),
    track="hearing",
    triggers=("petition_filed",),
    when=(Condition("eviction", (True,)),),
    scope="latest",
    counting=Counting(method="days", amount=40, amount_setting="hearing_min_days"),
    basis=_cbl(
        f"({_ORD_2023.fr}), article non vérifié",
        f"({_ORD_2023.nl}), artikel niet geverifieerd",
        f"({_ORD_2023.en}), article not verified",
    ),
    valid_from=EVICTION_REFORM_2023,
    valid_from_setting=_EVICTION_SETTING,
    valid_from_source=_SRC_2023,
    regime="brussels_2023",
    region="BXL",
    confidence="medium",
    note=(
        "Petition date + 40 days (C.j. art. 52), no art. 53 shift. Whether the 40 days run "
        "from the filing or from the convocation is not verified."
    ),
)

# The hearing date set by the court (a recorded fact; the latest scheduled or adjourned one).
HEARING: Final = Rule(
    id="hearing",
    title=Text(
        fr="Audience devant le juge de paix",
        nl="Zitting bij de vrederechter",
        en="Hearing before the justice of the peace",
    ),
    description=Text(
        fr="Date de l'audience fixée (ou de la remise).",
        nl="Datum van de vastgestelde (of uitgestelde) zitting.",
        en="Date of the hearing set (or adjourned to).",
    ),
    track="hearing",
    triggers=("hearing_scheduled", "hearing_adjourned"),
    unless=("judgment",),
    scope="latest",
    anchor=Anchor(field="hearing_date", missing="new hearing date missing"),
    counting=Counting(method="fixed_date"),
    basis=Text(
        fr="Code judiciaire art. 1034bis-1034sexies et 1344bis (requête : le greffier "
        "convoque les parties à l'audience fixée par le juge de paix)",
        nl="Gerechtelijk Wetboek art. 1034bis-1034sexies en 1344bis (verzoekschrift: de "
        "griffier roept de partijen op voor de zitting vastgesteld door de vrederechter)",
        en="Judicial Code art. 1034bis-1034sexies and 1344bis (request: the clerk convenes "
        "the parties to the hearing set by the justice of the peace)",
    ),
    valid_from=REQUETE_1992,
    valid_from_source=(
        "law of 3 August 1992 (requête contradictoire), in force 1 Jan 1993; article "
        "numbers not verified in a primary source"
    ),
    regime="federal",
    region="BE",
    confidence="medium",
    note="The date recorded; a hearing adjourned without a new date cannot be computed.",
)

# R6 — C.j. art. 1051: appeal within one month of the service of the judgment; art. 54 month
# counting, art. 50 al. 2 extension to 15 September, art. 53 shift.  Not suspensive (art. 1397).
APPEAL: Final = Rule(
    id="appeal",
    domain_ref="R6",
    title=Text(
        fr="Fin du délai d'appel",
        nl="Einde van de beroepstermijn",
        en="End of the appeal period",
    ),
    description=Text(
        fr="Dernier jour pour faire appel du jugement signifié.",
        nl="Laatste dag om hoger beroep in te stellen tegen het betekende vonnis.",
        en="Last day to appeal the judgment served.",
    ),
    track="hearing",
    triggers=("judgment",),
    when=(Condition("default", (False,), unless_setting="appeal_on_default_judgments"),),
    unless=("appeal_filed",),
    anchor=Anchor(kinds=("judgment_served",), missing="service date missing"),
    orphan_missing="judgment missing",
    counting=Counting(method="months", amount=1, court_holidays=True, shift=True),
    basis=_cj("1051, 52, 54, 50 al. 2, 53"),
    valid_from=JUDICIAL_CODE,
    valid_from_source=_SRC_CJ,
    regime="federal",
    region="BE",
    confidence="medium",
    note=(
        "Only service by a bailiff starts the period. Appeal is not suspensive (C.j. art. "
        "1397). Art. 1051 read in a primary source (high); arts 50, 52-54 in secondary "
        "ones (medium), hence medium."
    ),
)

# R7 — C.j. art. 1048: opposition to a default judgment within one month of its service;
# only when appeal is not open (art. 1047, 2017 reform).  Opposition is suspensive.
OPPOSITION: Final = Rule(
    id="opposition",
    domain_ref="R7",
    title=Text(
        fr="Fin du délai d'opposition",
        nl="Einde van de verzetstermijn",
        en="End of the opposition period",
    ),
    description=Text(
        fr="Dernier jour pour faire opposition au jugement par défaut signifié.",
        nl="Laatste dag om verzet aan te tekenen tegen het betekende verstekvonnis.",
        en="Last day to oppose the default judgment served.",
    ),
    track="hearing",
    triggers=("judgment",),
    when=(Condition("default", (True,)),),
    unless=("appeal_filed",),
    anchor=Anchor(kinds=("judgment_served",), missing="service date missing"),
    orphan_missing="judgment missing",
    counting=Counting(
        method="months", amount=1, shift=True, court_holidays_setting="opposition_court_holidays"
    ),
    basis=_cj("1048, 1047, 52, 54, 50 al. 2, 53"),
    valid_from=JUDICIAL_CODE,
    valid_from_source=_SRC_CJ + "; the art. 1047 limit dates from a later reform (not verified)",
    regime="federal",
    region="BE",
    confidence="medium",
    note=(
        "Open only when appeal is not (C.j. art. 1047); the value threshold for appealing a "
        "justice of the peace judgment is not verified. The art. 50 al. 2 extension is the "
        "setting opposition_court_holidays."
    ),
)

# R8 before the reform — C.j. art. 1344quater (law of 30 November 1998): no eviction before
# one month after service of the judgment; C.j. art. 47: not on a Saturday, Sunday or legal
# holiday.  No general winter moratorium in Brussels then.
EARLIEST_EVICTION_FEDERAL: Final = Rule(
    id="earliest_eviction",
    domain_ref="R8",
    title=Text(
        fr="Première date possible d'expulsion",
        nl="Vroegst mogelijke datum van uithuiszetting",
        en="Earliest eviction date",
    ),
    description=Text(
        fr="Premier jour où l'expulsion peut avoir lieu : après le mois qui suit la "
        "signification (régime fédéral, avant la réforme bruxelloise de 2023).",
        nl="Eerste dag waarop de uithuiszetting mag plaatsvinden: na de maand volgend op de "
        "betekening (federale regeling, vóór de Brusselse hervorming van 2023).",
        en="First day an eviction may take place: after the month following service "
        "(federal rules, before the Brussels reform of 2023).",
    ),
    track="hearing",
    triggers=("judgment",),
    when=(Condition("outcome", ("eviction",)),),
    unless=("eviction_cancelled", "eviction_carried_out"),
    anchor=Anchor(kinds=("judgment_served",), missing="service date missing"),
    orphan_missing="judgment missing",
    counting=Counting(
        method="months",
        amount=1,
        amount_setting="eviction_delay_months",
        day_after=True,
        execution_setting="execution_art47",
    ),
    basis=_cj("1344quater, 52, 54, 47"),
    valid_from=EVICTION_LAW_1998,
    valid_from_source=_SRC_1998,
    regime="federal_pre_2023",
    region="BE",
    confidence="medium",
    note=(
        "Applies when the judgment was served before the Brussels reform. Not modelled: "
        "abandonment, another delay agreed in the judgment or set by the judge."
    ),
)

# R8 + R11 — CBL art. 233undecies (federal: C.j. art. 1344quater): no eviction before one
# month after service of the judgment; CBL art. 233duodecies: none from 1 November to
# 15 March, the eviction moves to 16 March; C.j. art. 47: not on a Saturday, Sunday or
# legal holiday.
EARLIEST_EVICTION: Final = Rule(
    id="earliest_eviction",
    domain_ref="R8, R11",
    title=Text(
        fr="Première date possible d'expulsion",
        nl="Vroegst mogelijke datum van uithuiszetting",
        en="Earliest eviction date",
    ),
    description=Text(
        fr="Premier jour où l'expulsion peut avoir lieu : après le mois qui suit la "
        "signification, hors trêve hivernale (1er novembre – 15 mars).",
        nl="Eerste dag waarop de uithuiszetting mag plaatsvinden: na de maand volgend op de "
        "betekening, buiten het wintermoratorium (1 november – 15 maart).",
        en="First day an eviction may take place: after the month following service, outside "
        "the winter moratorium (1 November – 15 March).",
    ),
    track="hearing",
    triggers=("judgment",),
    when=(Condition("outcome", ("eviction",)),),
    unless=("eviction_cancelled", "eviction_carried_out"),
    anchor=Anchor(kinds=("judgment_served",), missing="service date missing"),
    orphan_missing="judgment missing",
    counting=Counting(
        method="months",
        amount=1,
        amount_setting="eviction_delay_months",
        day_after=True,
        moratorium=True,
        execution_setting="execution_art47",
    ),
    basis=_cbl(
        "art. 233undecies, 233duodecies; Code judiciaire art. 52, 54, 47",
        "art. 233undecies, 233duodecies; Gerechtelijk Wetboek art. 52, 54, 47",
        "art. 233undecies, 233duodecies; Judicial Code art. 52, 54, 47",
    ),
    valid_from=EVICTION_REFORM_2023,
    valid_from_setting=_EVICTION_SETTING,
    valid_from_source=_SRC_2023,
    regime="brussels_2023",
    former=EARLIEST_EVICTION_FEDERAL,
    region="BXL",
    confidence="medium",
    note=(
        "Month counted as C.j. arts 52 and 54 (secondary sources: medium); art. 47 move off "
        "a weekend or legal holiday is the setting execution_art47 (article not read in a "
        "primary source). Not modelled: abandonment of the dwelling, another delay agreed in "
        "the judgment, a delay changed by the judge, the judge's exceptions to the winter "
        "moratorium."
    ),
)

# R9 before the reform — C.j. art. 1344quater: the bailiff gives at least five working days'
# notice of the eviction date; C.j. art. 47: not on a Saturday, Sunday or legal holiday.
BAILIFF_NOTICE_FEDERAL: Final = Rule(
    id="bailiff_notice",
    domain_ref="R9",
    title=Text(
        fr="Première date d'expulsion après l'avis de l'huissier",
        nl="Vroegste uitzettingsdatum na de kennisgeving van de gerechtsdeurwaarder",
        en="Earliest eviction date after the bailiff's notice",
    ),
    description=Text(
        fr="Premier jour où l'expulsion annoncée peut avoir lieu : 5 jours ouvrables après "
        "l'avis (régime fédéral, avant la réforme bruxelloise de 2023).",
        nl="Eerste dag waarop de aangekondigde uithuiszetting mag plaatsvinden: 5 werkdagen "
        "na de kennisgeving (federale regeling, vóór de Brusselse hervorming van 2023).",
        en="First day the eviction announced may take place: 5 working days after the "
        "notice (federal rules, before the Brussels reform of 2023).",
    ),
    track="hearing",
    triggers=("eviction_scheduled",),
    unless=("eviction_cancelled", "eviction_carried_out"),
    scope="latest",
    counting=Counting(
        method="working_days",
        amount=5,
        amount_setting="former_bailiff_notice_working_days",
        execution_setting="execution_art47",
    ),
    basis=_cj("1344quater, 47"),
    valid_from=EVICTION_LAW_1998,
    valid_from_source=_SRC_1998,
    regime="federal_pre_2023",
    region="BE",
    confidence="medium",
    note=(
        "Applies when the bailiff's notice was given before the Brussels reform. Five "
        "working days: confirmed by press reports of the reform ('from five to fifteen "
        "working days'); art. 1344quater not read in a primary source."
    ),
)

# R9 + R11 — CBL (ordinance of 22 June 2023; federal C.j. art. 1344quater: 5 working days):
# the bailiff gives at least 15 working days' notice of the eviction date; CBL art.
# 233duodecies: never inside the winter moratorium.
BAILIFF_NOTICE: Final = Rule(
    id="bailiff_notice",
    domain_ref="R9, R11",
    title=Text(
        fr="Première date d'expulsion après l'avis de l'huissier",
        nl="Vroegste uitzettingsdatum na de kennisgeving van de gerechtsdeurwaarder",
        en="Earliest eviction date after the bailiff's notice",
    ),
    description=Text(
        fr="Premier jour où l'expulsion annoncée peut avoir lieu : 15 jours ouvrables après "
        "l'avis, hors trêve hivernale.",
        nl="Eerste dag waarop de aangekondigde uithuiszetting mag plaatsvinden: 15 werkdagen "
        "na de kennisgeving, buiten het wintermoratorium.",
        en="First day the eviction announced may take place: 15 working days after the "
        "notice, outside the winter moratorium.",
    ),
    track="hearing",
    triggers=("eviction_scheduled",),
    unless=("eviction_cancelled", "eviction_carried_out"),
    scope="latest",
    counting=Counting(
        method="working_days",
        amount=15,
        amount_setting="bailiff_notice_working_days",
        moratorium=True,
        execution_setting="execution_art47",
    ),
    basis=_cbl(
        f"art. 233undecies, 233duodecies ({_ORD_2023.fr}); Code judiciaire art. 1344quater",
        f"art. 233undecies, 233duodecies ({_ORD_2023.nl}); Gerechtelijk Wetboek art. 1344quater",
        f"art. 233undecies, 233duodecies ({_ORD_2023.en}); Judicial Code art. 1344quater",
    ),
    valid_from=EVICTION_REFORM_2023,
    valid_from_setting=_EVICTION_SETTING,
    valid_from_source=_SRC_2023,
    regime="brussels_2023",
    former=BAILIFF_NOTICE_FEDERAL,
    region="BXL",
    confidence="high",
    note=(
        "The date is the 15th working day after the notice. Whether the eviction may take "
        "place on that day itself, and whether Saturday is a working day (setting "
        "saturday_is_working_day), are not verified. Article number not verified."
    ),
)

_EVICTION_DATE_TEXTS: Final = {
    "title": Text(fr="Expulsion fixée", nl="Vastgestelde uithuiszetting", en="Scheduled eviction"),
    "description": Text(
        fr="Date d'expulsion annoncée par l'huissier de justice.",
        nl="Door de gerechtsdeurwaarder aangekondigde uitzettingsdatum.",
        en="Eviction date announced by the bailiff.",
    ),
}

# The eviction date announced by the bailiff before the reform: C.j. art. 1344quater.
EVICTION_DATE_FEDERAL: Final = Rule(
    id="eviction_date",
    title=_EVICTION_DATE_TEXTS["title"],
    description=_EVICTION_DATE_TEXTS["description"],
    track="hearing",
    triggers=("eviction_scheduled",),
    unless=("eviction_cancelled", "eviction_carried_out"),
    scope="latest",
    anchor=Anchor(field="eviction_date"),
    counting=Counting(method="fixed_date"),
    basis=_cj("1344quater (avis de l'huissier)", nl_articles="1344quater (kennisgeving)"),
    valid_from=EVICTION_LAW_1998,
    valid_from_source=_SRC_1998,
    regime="federal_pre_2023",
    region="BE",
    confidence="high",
    note="The date recorded; irregularities (short notice, art. 47) are reported apart.",
)

# The eviction date announced by the bailiff (a recorded fact): CBL art. 233undecies.
EVICTION_DATE: Final = Rule(
    id="eviction_date",
    title=Text(
        fr="Expulsion fixée",
        nl="Vastgestelde uithuiszetting",
        en="Scheduled eviction",
    ),
    description=Text(
        fr="Date d'expulsion annoncée par l'huissier de justice.",
        nl="Door de gerechtsdeurwaarder aangekondigde uitzettingsdatum.",
        en="Eviction date announced by the bailiff.",
    ),
    track="hearing",
    triggers=("eviction_scheduled",),
    unless=("eviction_cancelled", "eviction_carried_out"),
    scope="latest",
    anchor=Anchor(field="eviction_date"),
    counting=Counting(method="fixed_date"),
    basis=_cbl(
        f"art. 233undecies ({_ORD_2023.fr}) : avis de l'huissier de justice",
        f"art. 233undecies ({_ORD_2023.nl}): kennisgeving van de gerechtsdeurwaarder",
        f"art. 233undecies ({_ORD_2023.en}): the bailiff's notice",
    ),
    valid_from=EVICTION_REFORM_2023,
    valid_from_setting=_EVICTION_SETTING,
    valid_from_source=_SRC_2023,
    regime="brussels_2023",
    former=EVICTION_DATE_FEDERAL,
    region="BXL",
    confidence="high",
    note="The date recorded; irregularities (moratorium, short notice) are reported apart.",
)

# Payment plan (plan d'apurement): each instalment agreed and not yet covered.  No statutory
# form for private leases was found (droitsquotidiens.be, "Comment éviter l'expulsion à Bruxelles",
# http://espace-jeunes.droitsquotidiens.be/fr/question/comment-eviter-lexpulsion-bruxelles);
# a judge may grant terms (old Civil Code art. 1244).
PAYMENT_PLAN_INSTALMENT: Final = Rule(
    id="payment_plan_instalment",
    title=Text(
        fr="Échéance du plan d'apurement",
        nl="Vervaldag van het afbetalingsplan",
        en="Payment plan instalment",
    ),
    description=Text(
        fr="Échéance d'une mensualité du plan pas encore couverte par les paiements.",
        nl="Vervaldag van een afbetaling van het plan die nog niet gedekt is.",
        en="Due date of an instalment of the plan not yet covered by payments.",
    ),
    track="pre_procedure",
    triggers=("payment_plan_agreed",),
    scope="latest",
    counting=Counting(method="instalments"),
    basis=Text(
        fr="Plan d'apurement convenu entre les parties (la convention fait loi : ancien Code "
        "civil art. 1134)",
        nl="Afbetalingsplan overeengekomen tussen de partijen (de overeenkomst geldt als wet: "
        "oud Burgerlijk Wetboek art. 1134)",
        en="Payment plan agreed between the parties (the agreement binds them: old Civil "
        "Code art. 1134)",
    ),
    valid_from=CIVIL_CODE,
    valid_from_source="Civil Code of 21 March 1804, art. 1134 (binding force of agreements)",
    regime="federal",
    region="BE",
    confidence="high",
    note=(
        "The dates are those of the agreement recorded, not a grace period granted by a "
        "judge (old Civil Code art. 1244, not modelled). The last plan agreed; payments "
        "since the agreement beyond the rent and charges due "
        "cover the oldest instalments first. Instalments past and uncovered read 'passed'."
    ),
)

# R20 — CBL arts 248-249 (ordinance of 4 April 2024): the guarantee is returned within two
# months of the keys being handed back (leases concluded or renewed from 1 November 2024).
GUARANTEE_RETURN: Final = Rule(
    id="guarantee_return",
    domain_ref="R20",
    title=Text(
        fr="Restitution de la garantie locative",
        nl="Teruggave van de huurwaarborg",
        en="Return of the rental guarantee",
    ),
    description=Text(
        fr="Dernier jour pour restituer la garantie après la remise des clés.",
        nl="Laatste dag om de waarborg terug te geven na de teruggave van de sleutels.",
        en="Last day to return the guarantee after the keys were handed back.",
    ),
    track="rehousing",
    triggers=("keys_returned",),
    scope="latest",
    counting=Counting(
        method="months",
        amount=2,
        amount_setting="guarantee_return_months",
        shift_setting="civil_delays_art53",
    ),
    basis=_cbl(
        f"art. 248-249 ({_ORD_2024.fr})",
        f"art. 248-249 ({_ORD_2024.nl})",
        f"art. 248-249 ({_ORD_2024.en})",
    ),
    valid_from=LEASE_REFORM_2024,
    valid_from_source=_SRC_2024,
    regime="brussels_2024",
    valid_by="lease_start",
    region="BXL",
    confidence="medium",
    note=(
        "Two months: high; counted as C.j. art. 54 months, whose application to this civil "
        "delay is not verified (medium). For leases concluded or renewed from 1 November "
        "2024 (checked against the case's lease start when known). Late return: +10 % of "
        "the monthly rent per started month (medium)."
    ),
)

# R19 — old Civil Code art. 1728bis; CBL art. 224/2: an indexation asked in writing reaches
# back at most to the three months before the month of the request.
INDEXATION: Final = Rule(
    id="indexation",
    domain_ref="R19",
    title=Text(
        fr="Limite de rétroactivité de l'indexation",
        nl="Grens van de terugwerkende kracht van de indexering",
        en="Earliest date an indexation can reach back to",
    ),
    description=Text(
        fr="Premier jour couvert au plus tôt par l'indexation demandée : pas avant "
        "l'anniversaire du bail, ni plus de 3 mois avant le mois de la demande.",
        nl="Eerste dag die de gevraagde indexering ten vroegste dekt: niet vóór de verjaardag "
        "van de huur, noch meer dan 3 maanden vóór de maand van het verzoek.",
        en="First day the indexation asked can cover at the earliest: not before the "
        "lease's anniversary, nor more than 3 months before the month of the request.",
    ),
    track="lease_negotiation",
    triggers=("indexation_requested",),
    counting=Counting(
        method="indexation", amount=3, amount_setting="indexation_retroactive_months"
    ),
    basis=Text(
        fr="ancien Code civil art. 1728bis; Code bruxellois du Logement art. 224/2",
        nl="oud Burgerlijk Wetboek art. 1728bis; Brusselse Huisvestingscode art. 224/2",
        en="old Civil Code art. 1728bis; Brussels Housing Code art. 224/2",
    ),
    valid_from=PACK_HORIZON,
    valid_from_source=_SRC_2018,
    regime="brussels_2018",
    region="BXL",
    confidence="high",
    note=(
        "Both limits through indexation_earliest_effect(); with the lease start unknown only "
        "the 3-month limit is applied and the deadline says so. Not modelled: no indexation "
        "if the lease is not registered or no EPC was given; EPC correction factors."
    ),
)

# R13 — CBL (short lease / counter-notice: art. 238; 9-year lease article not verified): a
# lease notice runs from the first day of the month after it was received.
LEASE_NOTICE_END: Final = Rule(
    id="lease_notice_end",
    domain_ref="R13",
    title=Text(
        fr="Fin du préavis",
        nl="Einde van de opzeggingstermijn",
        en="End of the notice period",
    ),
    description=Text(
        fr="Dernier jour du préavis, qui commence le 1er du mois suivant sa réception.",
        nl="Laatste dag van de opzeggingstermijn, die begint op de 1e van de maand na "
        "ontvangst.",
        en="Last day of the notice period, which starts on the 1st of the month after it was "
        "received.",
    ),
    track="rehousing",
    triggers=("lease_notice",),
    scope="latest",
    counting=Counting(method="notice_period", amount_field="months"),
    basis=_cbl(
        "(préavis; bail de courte durée et contre-préavis : art. 238)",
        "(opzegging; kortlopende huur en tegenopzegging: art. 238)",
        "(notice; short lease and counter-notice: art. 238)",
    ),
    valid_from=PACK_HORIZON,
    valid_from_source=_SRC_2018,
    regime="brussels_2018",
    region="BXL",
    confidence="medium",
    note=(
        "The length (tenant 3 months, landlord 6 months, counter-notice 1 month) is the one "
        "recorded on the notice; the date recorded is the day of receipt."
    ),
)

# R21 — CBL art. 225/1 (ordinance of 4 April 2024): for leases concluded or renewed from
# 1 November 2024, late rent bears only the legal interest rate (law of 5 May 1865, art. 2).
LATE_INTEREST: Final = Rule(
    id="late_interest",
    domain_ref="R21",
    title=Text(
        fr="Intérêts de retard : taux légal",
        nl="Verwijlintresten: wettelijke rentevoet",
        en="Late-payment interest: legal rate",
    ),
    description=Text(
        fr="Information : seul l'intérêt légal est dû sur un loyer payé en retard.",
        nl="Informatie: op laattijdige huur is enkel de wettelijke interest verschuldigd.",
        en="Information: late rent bears only the legal interest rate.",
    ),
    track="pre_procedure",
    triggers=("rent_due",),
    counting=Counting(method="informational"),
    basis=_cbl(
        f"art. 225/1 ({_ORD_2024.fr}); loi du 5 mai 1865, art. 2",
        f"art. 225/1 ({_ORD_2024.nl}); wet van 5 mei 1865, art. 2",
        f"art. 225/1 ({_ORD_2024.en}); law of 5 May 1865, art. 2",
    ),
    valid_from=LEASE_REFORM_2024,
    valid_from_source=_SRC_2024,
    regime="brussels_2024",
    valid_by="lease_start",
    region="BXL",
    confidence="medium",
    note="No date: see legal_interest_rate(year). No penalty clause for late rent.",
)

#: The Brussels rule pack, in display order.
RULES: Final = RulePack(
    "brussels",
    (
        PRE_COURT_WAITING_PERIOD,
        NOTICE_DEEMED_RECEIVED,
        HEARING_MIN_DATE,
        HEARING,
        APPEAL,
        OPPOSITION,
        EARLIEST_EVICTION,
        BAILIFF_NOTICE,
        EVICTION_DATE,
        PAYMENT_PLAN_INSTALMENT,
        GUARANTEE_RETURN,
        INDEXATION,
        LEASE_NOTICE_END,
        LATE_INTEREST,
    ),
)


def brussels_rules() -> RulePack:
    """
    Return the Brussels rule pack (:data:`RULES`).

    .. versionadded:: 0.1.0
    """
    return RULES


# -- R21: the legal interest rate ----------------------------------------------------------------

#: Legal interest rate in civil matters, percent per year (law of 5 May 1865, art. 2 §1:
#: 1-year Euribor of December of the previous year, rounded up to the quarter, plus 2 %).
#: Sources (secondary, medium): 2022 and 2023 https://resolved.law/resolved-s-engage-2/;
#: 2024 https://vjn-legal.be/a-propos-du-taux-dinteret-legal; 2025 https://leuropeinfo.eu/?p=1197;
#: 2026 https://www.embuild.be/fr/actualit%C3%A9s/le-retard-de-paiement-le-taux-dint%C3%A9r%C3%AAt-applicable-en-2026.
#: The formula: https://lisloi.be/laws/1865050550 (law of 5 May 1865, art. 2).
LEGAL_INTEREST_RATES: Final = MappingProxyType(
    {
        2022: Decimal("1.50"),
        2023: Decimal("5.25"),
        2024: Decimal("5.75"),
        2025: Decimal("4.50"),
        2026: Decimal("4.50"),
    }
)

#: Legal basis of :data:`LEGAL_INTEREST_RATES`.
LEGAL_INTEREST_BASIS: Final = Text(
    fr="loi du 5 mai 1865 relative au prêt à intérêt, art. 2; Code bruxellois du Logement "
    "art. 225/1",
    nl="wet van 5 mei 1865 betreffende de lening tegen interest, art. 2; Brusselse "
    "Huisvestingscode art. 225/1",
    en="law of 5 May 1865 on loans at interest, art. 2; Brussels Housing Code art. 225/1",
)


def legal_interest_rate(year: int) -> Decimal:
    """
    Return the Belgian legal interest rate of *year*, in percent (e.g. ``Decimal("4.50")``).

    Basis: law of 5 May 1865, art. 2 (see :data:`LEGAL_INTEREST_BASIS`).

    .. versionadded:: 0.1.0

    Raises:
        ValidationError: no rate is recorded for *year* (the message lists the known years).

    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise ValidationError("year", year, "must be a whole number")
    try:
        return LEGAL_INTEREST_RATES[year]
    except KeyError:
        known = f"{min(LEGAL_INTEREST_RATES)}-{max(LEGAL_INTEREST_RATES)}"
        reason = f"has no legal interest rate recorded (known years: {known})"
        raise ValidationError("year", year, reason) from None
