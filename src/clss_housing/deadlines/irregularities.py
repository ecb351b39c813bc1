"""
Irregularities: facts of a case that break a procedural rule, for the worker to act on.

:func:`case_irregularities` checks a case against the rules of the pack (by
their usual ids, so overriding a rule changes its check too):

- ``petition_before_waiting_period_end`` — a petition filed on or before the
  last day of the waiting period after the formal notice (R1, CBL art. 233quater);
- ``hearing_too_soon`` — a hearing set less than 40 days after an eviction
  request (R2);
- ``eviction_in_moratorium`` — an eviction scheduled from 1 November to
  15 March (R11, CBL art. 233duodecies);
- ``eviction_notice_too_short`` — fewer than 15 working days between the
  bailiff's notice and the eviction (R9);
- ``eviction_before_service_month`` — an eviction before the month after
  service of the judgment ended (R8, CBL art. 233undecies);
- ``indexation_too_far_back`` — an indexation claimed from before the lease's
  anniversary or the 3 months preceding the month of the request (R19, old Civil
  Code art. 1728bis, :func:`~clss_housing.deadlines.indexation.indexation_earliest_effect`);
- ``eviction_on_non_working_day`` — an eviction scheduled on a Saturday, Sunday or
  legal holiday, which needs the judge's leave (Code judiciaire art. 47; setting
  ``execution_art47``);
- ``cpas_not_informed`` — an eviction petition with no ``cpas_informed`` within
  ``cpas_information_days`` days (Code judiciaire art. 1344ter), unless the tenant
  objected (``cpas_objection``, while ``cpas_objection_allowed``).

Before the Brussels reform the checks use the federal rules (Code judiciaire
art. 1344quater: five working days' notice, no winter moratorium).

Example::

    >>> from datetime import date
    >>> from clss_housing.casebook import Casebook
    >>> from clss_housing.ledger.entries import NoticeReceived, PetitionFiled
    >>> from clss_housing.money import Money
    >>> book = Casebook.open("memory:")
    >>> cid = book.open_case(tenant="T", landlord="L", address="A", rent=Money(70000),
    ...                      date=date(2026, 1, 2), case_id="DOC-2")
    >>> _ = book.record_many(cid, [NoticeReceived(date=date(2026, 1, 5)),
    ...                            PetitionFiled(date=date(2026, 2, 5))])
    >>> [i.code for i in case_irregularities(book.load(cid), as_of=date(2026, 2, 10))]
    ['petition_before_waiting_period_end']
    >>> [i.code for i in case_irregularities(book.load(cid), as_of=date(2026, 3, 1))]
    ['petition_before_waiting_period_end', 'cpas_not_informed']
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Final

import attrs

from clss_housing.deadlines.engine import (
    _amount,
    _anchor_for,
    _check_as_of,
    _check_lang,
    _Compiled,
    _compiled,
    _Context,
    _context,
    _index,
    _iso,
    _lang,
    _lean_views,
    _records,
    _Run,
    _settings,
)
from clss_housing.deadlines.rules import DeadlineSettings, Rule, Rules, Text


if TYPE_CHECKING:
    from collections.abc import Collection

    from clss_housing.casebook import Casebook
    from clss_housing.ledger.codec import Recorded
    from clss_housing.view import CaseView


__all__ = ["IRREGULARITY_CODES", "Irregularity", "case_irregularities", "casebook_irregularities"]

_ONE_DAY: Final = date.resolution


@attrs.frozen(kw_only=True)
class Irregularity:
    """
    A fact of the case that breaks a procedural rule, for the worker to act on.

    .. versionadded:: 0.1.0

    Attributes:
        case: The case id.
        code: Stable code (``"eviction_in_moratorium"``…).
        message: What is wrong, with the dates, in the language asked.
        basis: The legal basis broken, in the language asked.
        sequence: Sequence of the ledger entry at fault.
        date: The date at fault (the petition, hearing or eviction date…).

    """

    case: str
    code: str
    message: str
    basis: str
    sequence: int
    date: date | None = None

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-ready dict (ISO dates)."""
        return {
            "case": self.case,
            "code": self.code,
            "message": self.message,
            "basis": self.basis,
            "sequence": self.sequence,
            "date": _iso(self.date),
        }




_IRREGULARITY_KINDS: Final = frozenset(
    {
        "notice_received",
        "petition_filed",
        "hearing_scheduled",
        "hearing_adjourned",
        "judgment",
        "judgment_served",
        "eviction_scheduled",
        "indexation_requested",
        "cpas_informed",
        "cpas_objection",
    }
)

_MESSAGES: Final = {
    "petition_before_waiting_period_end": Text(
        fr="Requête déposée le {petition} avant la fin du délai d'attente après la mise en "
        "demeure du {notice} ({end}) : une action n'était possible qu'à partir du {next}.",
        nl="Verzoekschrift ingediend op {petition} vóór het einde van de wachttermijn na de "
        "ingebrekestelling van {notice} ({end}): een vordering was pas mogelijk vanaf {next}.",
        en="Petition filed on {petition} before the waiting period after the formal notice "
        "of {notice} ended ({end}): court action was possible only from {next}.",
    ),
    "hearing_too_soon": Text(
        fr="Audience fixée le {hearing}, moins de {days} jours après la requête en expulsion "
        "du {petition} (au plus tôt le {earliest}).",
        nl="Zitting vastgesteld op {hearing}, minder dan {days} dagen na het verzoek tot "
        "uithuiszetting van {petition} (ten vroegste {earliest}).",
        en="Hearing set on {hearing}, less than {days} days after the eviction request of "
        "{petition} (earliest {earliest}).",
    ),
    "eviction_in_moratorium": Text(
        fr="Expulsion fixée le {eviction}, pendant la trêve hivernale (au plus tôt le {after}).",
        nl="Uithuiszetting vastgesteld op {eviction}, tijdens het wintermoratorium (ten "
        "vroegste {after}).",
        en="Eviction scheduled on {eviction}, inside the winter moratorium (earliest {after}).",
    ),
    "eviction_notice_too_short": Text(
        fr="Expulsion fixée le {eviction} avec {given} jours ouvrables de préavis depuis l'avis "
        "du {notice} ; il en faut au moins {days} (au plus tôt le {earliest}).",
        nl="Uithuiszetting vastgesteld op {eviction} met {given} werkdagen kennisgeving sinds "
        "{notice}; er zijn er minstens {days} nodig (ten vroegste {earliest}).",
        en="Eviction scheduled on {eviction} with {given} working days' notice from {notice}; "
        "at least {days} are required (earliest {earliest}).",
    ),
    "eviction_before_service_month": Text(
        fr="Expulsion fixée le {eviction}, avant la fin du mois qui suit la signification du "
        "jugement le {served} (au plus tôt le {earliest}).",
        nl="Uithuiszetting vastgesteld op {eviction}, vóór het einde van de maand na de "
        "betekening van het vonnis op {served} (ten vroegste {earliest}).",
        en="Eviction scheduled on {eviction}, before the month after service of the judgment "
        "on {served} ended (earliest {earliest}).",
    ),
    "indexation_too_far_back": Text(
        fr="Indexation demandée le {request} à partir du {from_date} : elle n'est due qu'à "
        "partir du {earliest} (pas avant l'anniversaire du bail, ni plus de {months} mois "
        "avant le mois de la demande).",
        nl="Indexering gevraagd op {request} vanaf {from_date}: ze is pas verschuldigd vanaf "
        "{earliest} (niet vóór de verjaardag van de huur, noch meer dan {months} maanden "
        "vóór de maand van het verzoek).",
        en="Indexation requested on {request} from {from_date}: it is due only from "
        "{earliest} (not before the lease's anniversary, nor more than {months} months "
        "before the month of the request).",
    ),
    "eviction_on_non_working_day": Text(
        fr="Expulsion fixée le {eviction}, un samedi, dimanche ou jour férié légal : "
        "interdit sans permission du juge (au plus tôt le {next}).",
        nl="Uithuiszetting vastgesteld op {eviction}, een zaterdag, zondag of wettelijke "
        "feestdag: verboden zonder verlof van de rechter (ten vroegste {next}).",
        en="Eviction scheduled on {eviction}, a Saturday, Sunday or legal holiday: not "
        "allowed without the judge's leave (earliest {next}).",
    ),
    "cpas_not_informed": Text(
        fr="Requête en expulsion du {petition} : aucune information du CPAS enregistrée "
        "dans les {days} jours (au {deadline}), ni opposition du locataire.",
        nl="Verzoek tot uithuiszetting van {petition}: geen kennisgeving aan het OCMW "
        "geregistreerd binnen {days} dagen (tegen {deadline}), noch verzet van de huurder.",
        en="Eviction petition of {petition}: no information of the CPAS recorded within "
        "{days} days (by {deadline}), nor an objection of the tenant.",
    ),
}

#: Irregularity codes and what they mean (English).
IRREGULARITY_CODES: Final = tuple(_MESSAGES)

_MORATORIUM_BASIS: Final = Text(
    fr="Code bruxellois du Logement art. 233duodecies",
    nl="Brusselse Huisvestingscode art. 233duodecies",
    en="Brussels Housing Code art. 233duodecies",
)
_ART47_BASIS: Final = Text(
    fr="Code judiciaire art. 47",
    nl="Gerechtelijk Wetboek art. 47",
    en="Judicial Code art. 47",
)
_CPAS_BASIS: Final = Text(
    fr="Code judiciaire art. 1344ter; Code bruxellois du Logement (ordonnance du 22 juin "
    "2023 : le CPAS est informé de toute demande d'expulsion)",
    nl="Gerechtelijk Wetboek art. 1344ter; Brusselse Huisvestingscode (ordonnantie van "
    "22 juni 2023: het OCMW wordt ingelicht over elk verzoek tot uithuiszetting)",
    en="Judicial Code art. 1344ter; Brussels Housing Code (ordinance of 22 June 2023: the "
    "CPAS is informed of every eviction request)",
)
_CPAS_BASIS_FEDERAL: Final = Text(
    fr="Code judiciaire art. 1344ter",
    nl="Gerechtelijk Wetboek art. 1344ter",
    en="Judicial Code art. 1344ter",
)
#: The federal rule on informing the CPAS (law of 30 November 1998) applies from this date.
_CPAS_RULE_FROM: Final = date(1999, 1, 1)


class _Audit:
    """Irregularity checks of one case (rules from the pack, by id)."""

    def __init__(
        self, view: CaseView, as_of: date, ctx: _Context, compiled: _Compiled, lang: str
    ) -> None:
        self.as_of = as_of
        self.view = view
        self.ctx = ctx
        self.by_id = compiled.by_id
        self.lang = lang
        self.index = _index(view, as_of, _IRREGULARITY_KINDS)
        self.run = _Run(view, as_of, ctx, self.index, lang)
        self.out: list[Irregularity] = []

    def report(
        self, code: str, record: Recorded, basis: Text, when: date | None, **values: object
    ) -> None:
        text = {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
        self.out.append(
            Irregularity(
                case=self.view.case_id,
                code=code,
                message=_MESSAGES[code].get(self.lang).format(**text),
                basis=basis.get(self.lang),
                sequence=record.sequence,
                date=when,
            )
        )

    def date_by(self, rule_id: str, record: Recorded, **changes: Any) -> date | None:
        """The date rule *rule_id* gives from *record* (``None`` if unknown or not in force)."""
        found = self.applied(rule_id, record)
        if found is None:
            return None
        start = self.run.start_of(found, record)
        assert start is not None
        if changes:
            found = attrs.evolve(found, counting=attrs.evolve(found.counting, **changes))
        return self.run.compute(found, start, record.entry)[0]

    def applied(self, rule_id: str, record: Recorded) -> Rule | None:
        """The version of rule *rule_id* in force for *record* (its former one before it)."""
        found = self.by_id.get(rule_id)
        if found is None or not found.enabled(self.ctx.settings):
            return None
        start = self.run.start_of(found, record)
        if start is None:
            return None
        return self.run.in_force(found, start)[0]

    def latest_before(
        self, kind: str, record: Recorded, *, on_or_before: date | None = None,
        when: tuple[str, object] | None = None,
    ) -> Recorded | None:
        found = None
        for other in self.index.get(kind, ()):
            if other.sequence >= record.sequence:
                break
            if on_or_before is not None and other.entry.date > on_or_before:
                continue
            if when is not None and getattr(other.entry, when[0], None) != when[1]:
                continue
            found = other
        return found

    def check_petitions(self) -> None:
        """CBL art. 233quater: no court action before the waiting period ended (R1)."""
        for petition in self.index.get("petition_filed", ()):
            filed = petition.entry.date
            notice = self.latest_before("notice_received", petition, on_or_before=filed)
            if notice is None:
                continue
            end = self.date_by("pre_court_waiting_period", notice)
            if end is not None and filed <= end:
                basis = self.by_id["pre_court_waiting_period"].basis
                self.report(
                    "petition_before_waiting_period_end", petition, basis, filed,
                    petition=filed, notice=notice.entry.date, end=end, next=end + _ONE_DAY,
                )

    def check_hearings(self) -> None:
        """CBL (ord. 22 June 2023): a hearing at least 40 days after an eviction request (R2)."""
        hearings = _records(self.index, ("hearing_scheduled", "hearing_adjourned"))
        for hearing in hearings:
            when = getattr(hearing.entry, "hearing_date", None)
            if when is None:
                continue
            petition = self.latest_before("petition_filed", hearing, when=("eviction", True))
            if petition is None:
                continue
            earliest = self.date_by("hearing_min_date", petition)
            if earliest is not None and when < earliest:
                self.report(
                    "hearing_too_soon", hearing, self.by_id["hearing_min_date"].basis, when,
                    hearing=when, petition=petition.entry.date, earliest=earliest,
                    days=(earliest - petition.entry.date).days,
                )

    def check_evictions(self) -> None:
        """CBL arts 233undecies-233duodecies: moratorium, notice, month after service (R8-R11)."""
        cal = self.ctx.calendar
        settings = self.ctx.settings
        for scheduled in self.index.get("eviction_scheduled", ()):
            when: date = scheduled.entry.eviction_date  # type: ignore[attr-defined]
            notice = scheduled.entry.date
            if cal.in_winter_moratorium(when):
                self.report(
                    "eviction_in_moratorium", scheduled, _MORATORIUM_BASIS, when,
                    eviction=when, after=cal.after_winter_moratorium(when),
                )
            if settings.execution_art47 and cal.next_execution_day(when) != when:
                self.report(
                    "eviction_on_non_working_day", scheduled, _ART47_BASIS, when,
                    eviction=when, next=cal.next_execution_day(when),
                )
            notice_rule = self.applied("bailiff_notice", scheduled)
            earliest = self.date_by(
                "bailiff_notice", scheduled, moratorium=False, execution_setting=None
            )
            if notice_rule is not None and earliest is not None and when < earliest:
                self.report(
                    "eviction_notice_too_short", scheduled, notice_rule.basis,
                    when, eviction=when, notice=notice,
                    given=cal.working_days_between(notice, when) if when > notice else 0,
                    days=_amount(notice_rule.counting, settings, None),
                    earliest=earliest,
                )
            self.check_service_month(scheduled, when)

    def check_service_month(self, scheduled: Recorded, when: date) -> None:
        judgment = self.latest_before("judgment", scheduled, when=("outcome", "eviction"))
        if judgment is None:
            return
        judgments = self.index.get("judgment", [])
        served = _anchor_for(judgment, judgments, self.index.get("judgment_served", []))
        if served is None or served.sequence > scheduled.sequence:
            return
        applied = self.applied("earliest_eviction", served)
        earliest = self.date_by(
            "earliest_eviction", served, moratorium=False, execution_setting=None
        )
        if applied is not None and earliest is not None and when < earliest:
            self.report(
                "eviction_before_service_month", scheduled, applied.basis, when,
                eviction=when, served=served.entry.date, earliest=earliest,
            )

    def check_indexations(self) -> None:
        """Old Civil Code art. 1728bis: not before the anniversary nor 3 months back (R19)."""
        for request in self.index.get("indexation_requested", ()):
            found = self.applied("indexation", request)
            earliest = self.date_by("indexation", request)
            claimed: date = request.entry.from_date  # type: ignore[attr-defined]
            if found is not None and earliest is not None and claimed < earliest:
                self.report(
                    "indexation_too_far_back", request, found.basis, claimed,
                    request=request.entry.date, from_date=claimed, earliest=earliest,
                    months=_amount(found.counting, self.ctx.settings, None),
                )

    def check_cpas(self) -> None:
        """Code judiciaire art. 1344ter: the CPAS is informed of an eviction petition."""
        settings = self.ctx.settings
        days = settings.cpas_information_days
        informed = [r.entry.date for r in self.index.get("cpas_informed", ())]
        objected = [r.entry.date for r in self.index.get("cpas_objection", ())]
        petitions = [
            p for p in self.index.get("petition_filed", ())
            if getattr(p.entry, "eviction", False) and p.entry.date >= _CPAS_RULE_FROM
        ]
        for position, petition in enumerate(petitions):
            filed = petition.entry.date
            deadline = filed + timedelta(days=days)
            if self.as_of <= deadline:
                continue  # still time
            following = petitions[position + 1].entry.date if position + 1 < len(petitions) \
                else date.max
            if any(filed <= d <= deadline for d in informed):
                continue
            if settings.cpas_objection_allowed and any(filed <= d < following for d in objected):
                continue
            basis = _CPAS_BASIS if filed >= settings.eviction_reform_in_force \
                else _CPAS_BASIS_FEDERAL
            self.report(
                "cpas_not_informed", petition, basis, filed,
                petition=filed, days=days, deadline=deadline,
            )


def case_irregularities(
    view: CaseView,
    *,
    as_of: date | None = None,
    settings: DeadlineSettings | None = None,
    rules: Rules | None = None,
    lang: str | None = None,
) -> list[Irregularity]:
    """
    Return the procedural irregularities of a case, in ledger order.

    Checked: a petition filed on or before the end of the waiting period after
    the formal notice (R1); a hearing set less than 40 days after an eviction
    request (R2); an eviction scheduled inside the winter moratorium (R11),
    with fewer than 15 working days' notice (R9) or before the month after
    service of the eviction judgment ended (R8); an indexation claimed from
    before the 3 months preceding the month of the request (R19).  The
    periods come from the rules of *rules* with the usual ids, so overriding a
    rule changes its check too.

    .. versionadded:: 0.1.0

    Args:
        view: The case.
        as_of: Only entries dated on or before it count (all entries if ``None``).
        settings: The uncertain facts (:data:`DEFAULT_SETTINGS` if ``None``).
        rules: The rule pack (the Brussels :data:`RULES` if ``None``).
        lang: Language of messages and bases; the case's language by default.

    """
    as_of = date.max if as_of is None else _check_as_of(as_of)
    lang = _lang(view, _check_lang(lang))
    return _audit(_Audit(view, as_of, _context(_settings(settings)), _compiled(rules), lang))


def _audit(audit: _Audit) -> list[Irregularity]:
    """Run every check of *audit*; the irregularities in ledger order."""
    if audit.index:
        audit.check_petitions()
        audit.check_hearings()
        audit.check_evictions()
        audit.check_indexations()
        audit.check_cpas()
    audit.out.sort(key=lambda i: (i.sequence, IRREGULARITY_CODES.index(i.code)))
    return audit.out


def casebook_irregularities(
    casebook: Casebook,
    as_of: date,
    *,
    case_ids: Collection[str] | None = None,
    settings: DeadlineSettings | None = None,
    rules: Rules | None = None,
    lang: str | None = None,
) -> dict[str, list[Irregularity]]:
    """
    Return the irregularities in force at *as_of* of every case (or of *case_ids*).

    One pass over the store, decoding only the entries the checks read (as
    :func:`~clss_housing.deadlines.engine.casebook_deadlines` does).  Cases
    without irregularities map to an empty list.

    .. versionadded:: 0.2.0
    """
    as_of = _check_as_of(as_of)
    ctx = _context(_settings(settings))
    compiled = _compiled(rules)
    lang = _check_lang(lang)
    wanted = frozenset(compiled.wanted | _IRREGULARITY_KINDS)
    found: dict[str, list[Irregularity]] = {}
    for view, _full in _lean_views(casebook.store, wanted):
        if case_ids is not None and view.case_id not in case_ids:
            continue
        found[view.case_id] = _audit(_Audit(view, as_of, ctx, compiled, _lang(view, lang)))
    return found
