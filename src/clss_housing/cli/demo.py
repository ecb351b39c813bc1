"""
A realistic sample casebook: five Schaerbeek households, as ``clss-housing demo`` builds them.

Dates are counted back from the day the demo runs, so its deadlines and
payment plans are current.  The households (French- and Dutch-speaking):

1. arrears growing month after month, a formal notice received three weeks ago;
2. a payment plan agreed with the landlord and kept (standing order on the 1st);
3. a payment plan in default, then the road to the justice of the peace:
   formal notice, petition, CPAS informed, hearing set in three weeks;
4. support from the CPAS: a referral, the tenant's consent, aid paid;
5. a landlord's notice to end the lease and a rehousing search (social
   housing, an AIS).

Every run adds a new set (new case ids) to the casebook; nothing existing is
touched.  :func:`build_demo` writes a summary and one JSON document per case
(the ``case show --json`` shape) to the output folder, and calls
:func:`write_documents` for the documents of each case: a couple of letters
fitting its story (DOCX, in the case's language) and its summary for the CPAS
and for the lead worker (Markdown and DOCX).

Example::

    >>> from clss_housing.casebook import Casebook
    >>> report = build_demo(Casebook.open("memory:"), Path("clss-demo"))  # doctest: +SKIP
    >>> len(report.case_ids)                                              # doctest: +SKIP
    5
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs

from clss_housing.balance import fold_balance
from clss_housing.casebook import Casebook
from clss_housing.cli.case import render_case
from clss_housing.cli.messages import message
from clss_housing.cli.output import format_money, format_months, shorten, table
from clss_housing.cli.shapes import case_document
from clss_housing.deadlines import case_deadlines
from clss_housing.documents import render_letter, safe_filename, write_summary
from clss_housing.documents.paths import write_atomic
from clss_housing.ledger.entries import (
    AidPaid,
    ChargesDue,
    ConsentGiven,
    CpasInformed,
    Entry,
    HearingScheduled,
    HousingSearchStarted,
    LeaseNotice,
    NeedsAssessed,
    NegotiationStarted,
    Note,
    NoticeReceived,
    Payment,
    PaymentPlanAgreed,
    PaymentPlanDefaulted,
    PetitionFiled,
    Referral,
    RehousingApplication,
    RentDue,
)
from clss_housing.money import Money
from clss_housing.sharing.registry import Partner
from clss_housing.testing.samples import sample_values


__all__ = [
    "DEMO_LETTERS",
    "DEMO_PARTNERS",
    "DEMO_SUMMARY_FORMATS",
    "DemoCase",
    "DemoReport",
    "Household",
    "build_demo",
    "demo_values",
    "households",
    "write_documents",
]


@attrs.frozen
class Household:
    """
    One sample household: how its case is opened and what its ledger holds.

    Attributes:
        story: what the case shows, in one line (for the summary).
        opening: the keyword arguments of :meth:`Casebook.open_case`.
        entries: the ledger entries after the opening, in the order they happen.
    """

    story: str
    opening: dict[str, Any]
    entries: tuple[Entry, ...]


@attrs.frozen
class DemoCase:
    """One case of the demo as it stands on the demo's day."""

    case_id: str
    tenant: str
    lang: str
    story: str
    arrears: Money
    arrears_months: Decimal
    tracks: dict[str, str]


@attrs.frozen
class DemoReport:
    """
    What :func:`build_demo` built and wrote.

    Attributes:
        as_of: the demo's day (today).
        cases: the cases added, in the order of the stories.
        out_dir: the folder written to.
        files: every file written, in order.
    """

    as_of: date
    cases: tuple[DemoCase, ...]
    out_dir: Path
    files: tuple[Path, ...]

    @property
    def case_ids(self) -> tuple[str, ...]:
        """The ids of the cases added."""
        return tuple(c.case_id for c in self.cases)

    def summary_table(self, lang: str = "fr") -> str:
        """Return the balances and track states of the demo's cases as an aligned table."""
        tracks = ("pre_procedure", "hearing", "rehousing", "lease_negotiation")
        rows = [
            [
                c.case_id,
                shorten(c.tenant, 30),
                c.lang,
                format_money(c.arrears, lang),
                format_months(c.arrears_months, lang),
                *(c.tracks.get(t, "") for t in tracks),
            ]
            for c in self.cases
        ]
        return table(
            [message("label.case"), message("label.tenant"), message("label.lang_short"),
             message("label.arrears"), message("label.months"), *tracks],
            rows,
            align=["<", "<", "<", ">", ">", "<", "<", "<", "<"],
        )


# -- dates --------------------------------------------------------------------------------------


def _month_start(day: date, back: int) -> date:
    """The first day of the month ``back`` months before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _months(today: date, count: int) -> list[date]:
    """The first days of the last ``count`` months, oldest first, this month last."""
    return [_month_start(today, back) for back in range(count - 1, -1, -1)]


def _day(month: date, day: int) -> date:
    return month.replace(day=min(day, calendar.monthrange(month.year, month.month)[1]))


def _next_weekday(day: date, weekday: int) -> date:
    """The first ``weekday`` (0 = Monday) on or after ``day``."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _eur(text: str) -> Money:
    return Money.parse(text)


def _dues(months: Sequence[date], rent: Money, charges: Money) -> list[Entry]:
    entries: list[Entry] = []
    for month in months:
        entries.append(RentDue(date=month, amount=rent))
        if charges:
            entries.append(ChargesDue(date=month, amount=charges))
    return entries


def _payments(months: Sequence[date], day: int, amounts: Sequence[str], ref: str) -> list[Entry]:
    return [
        Payment(date=_day(month, day), amount=_eur(amount), reference=f"{ref} {month:%m/%Y}")
        for month, amount in zip(months, amounts, strict=False)
        if _eur(amount)
    ]


def _arrears(entries: Sequence[Entry], on: date) -> Money:
    return fold_balance(e for e in entries if e.date <= on).arrears


def _in_order(entries: Sequence[Entry], today: date) -> tuple[Entry, ...]:
    """Entries up to today, by date; same-day entries keep their logical order."""
    return tuple(sorted((e for e in entries if e.date <= today), key=lambda e: e.date))


# -- the households -----------------------------------------------------------------------------


def _growing_arrears(today: date) -> Household:
    months = _months(today, 8)
    rent, charges = _eur("720"), _eur("60")
    entries = _dues(months, rent, charges)
    entries += _payments(
        months, 5, ["780", "780", "780", "600", "450", "300", "200", "0"], "Loyer",
    )
    notice_on = today - timedelta(days=20)
    entries.append(NoticeReceived(date=notice_on, amount=_arrears(entries, notice_on) or None))
    entries.append(Note(
        date=notice_on + timedelta(days=2),
        text="Venue à la permanence avec la mise en demeure. Travail intérimaire interrompu "
             "depuis le printemps ; demande d'allocations en cours.",
        note_category="finance",
    ))
    return Household(
        story="arrears growing for months; formal notice received 20 days ago",
        opening={
            "tenant": "Amélie Lefèvre et Noé Lefèvre",
            "landlord": "Jean-Marc Dubois",
            "address": "Rue de Brabant 142, 1030 Schaerbeek",
            "rent": rent, "charges": charges, "lang": "fr",
            "lease_start": date(2019, 9, 1), "date": months[0],
        },
        entries=_in_order(entries, today),
    )


def _plan_kept(today: date) -> Household:
    months = _months(today, 10)
    rent, charges = _eur("850"), _eur("50")
    entries = _dues(months, rent, charges)
    entries += _payments(months[:5], 6, ["900", "500", "400", "300", "400"], "Loyer")
    agreed_on = _day(months[4], 20)
    entries.append(NegotiationStarted(date=_day(months[4], 10)))
    entries.append(PaymentPlanAgreed(
        date=agreed_on, instalment=_eur("200"), first_due=_day(months[5], 10), count=10,
    ))
    # A standing order on the 1st: rent, charges and the instalment together.
    entries += _payments(months[5:], 1, ["1100"] * 5, "Ordre permanent loyer + plan")
    entries.append(Note(
        date=agreed_on,
        text="Plan d'apurement négocié avec la gérance : 10 mensualités de 200 €. "
             "Ordre permanent mis en place avec la banque.",
        note_category="finance",
    ))
    return Household(
        story="payment plan agreed five months ago and kept (standing order)",
        opening={
            "tenant": "Fatima-Zahra El Idrissi",
            "landlord": "SA Immobilière Josaphat",
            "address": "Rue Royale Sainte-Marie 87, 1030 Schaerbeek",
            "rent": rent, "charges": charges, "lang": "fr",
            "lease_start": date(2021, 3, 1), "date": months[0],
        },
        entries=_in_order(entries, today),
    )


def _towards_the_court(today: date) -> Household:
    months = _months(today, 12)
    rent, charges = _eur("780"), _eur("40")
    entries = _dues(months, rent, charges)
    entries += _payments(months[:4], 3, ["820", "500", "400", "300"], "Huur")
    entries.append(NegotiationStarted(date=_day(months[3], 12)))
    entries.append(PaymentPlanAgreed(
        date=_day(months[3], 15), instalment=_eur("120"), first_due=_day(months[4], 5), count=12,
    ))
    entries += _payments(months[4:7], 1, ["940", "940", "400"], "Huur + afbetaling")
    entries.append(PaymentPlanDefaulted(date=_day(months[7], 10)))
    notice_on = _day(months[8], 3)
    entries.append(NoticeReceived(date=notice_on, amount=_arrears(entries, notice_on)))
    petition_on = _day(months[9], 10)
    entries.append(PetitionFiled(date=petition_on, eviction=True))
    entries.append(CpasInformed(date=petition_on + timedelta(days=4)))
    hearing = _next_weekday(
        max(today + timedelta(days=18), petition_on + timedelta(days=41)), 1
    )
    entries.append(HearingScheduled(date=petition_on + timedelta(days=10), hearing_date=hearing))
    entries += _payments(months[10:], 4, ["300", "300"], "Huur")
    entries.append(Note(
        date=petition_on + timedelta(days=12),
        text="Zitting bij de vrederechter van Schaarbeek. Huurder wil een nieuw afbetalingsplan "
             "voorstellen; OCMW-afspraak gevraagd.",
        note_category="legal",
    ))
    return Household(
        story="payment plan in default; petition filed, CPAS informed, hearing in ~3 weeks",
        opening={
            "tenant": "Jan De Smedt en Annelies Peeters",
            "landlord": "Luc Verhaegen",
            "address": "Louis Bertrandlaan 56, 1030 Schaarbeek",
            "rent": rent, "charges": charges, "lang": "nl",
            "lease_start": date(2017, 6, 1), "date": months[0],
        },
        entries=_in_order(entries, today),
    )


def _cpas_aid(today: date) -> Household:
    months = _months(today, 7)
    rent, charges = _eur("690"), _eur("35")
    entries = _dues(months, rent, charges)
    entries += _payments(
        months, 3, ["725", "400", "350", "300", "300", "300", "300"], "Loyer",
    )
    referred_on = _day(months[2], 6)
    entries.append(Referral(date=referred_on, partner="cpas"))
    entries.append(ConsentGiven(date=referred_on, partner="cpas", scope="finance"))
    entries.append(ConsentGiven(date=referred_on, partner="cpas", scope="housing"))
    entries.append(AidPaid(date=_day(months[4], 12), amount=_eur("1000"), source="cpas"))
    entries.append(Note(
        date=referred_on,
        text="Suivi médical en cours ; rendez-vous avec l'assistante sociale du CPAS "
             "le mardi matin.",
        note_category="health",
    ))
    return Household(
        story="referred to the CPAS with consent (finance, housing); CPAS aid paid",
        opening={
            "tenant": "Mehmet Yılmaz",
            "landlord": "Françoise Lemaire",
            "address": "Avenue Louis Bertrand 23, 1030 Schaerbeek",
            "rent": rent, "charges": charges, "lang": "fr",
            "lease_start": date(2022, 1, 1), "date": months[0],
        },
        entries=_in_order(entries, today),
    )


def _rehousing(today: date) -> Household:
    months = _months(today, 6)
    rent, charges = _eur("640"), _eur("30")
    entries = _dues(months, rent, charges)
    entries += _payments(months, 2, ["670", "670", "470", "670", "670", "670"], "Huur")
    entries.append(LeaseNotice(date=_day(months[1], 14), given_by="landlord", months=6))
    entries.append(NeedsAssessed(date=_day(months[2], 3)))
    entries.append(HousingSearchStarted(date=_day(months[2], 10)))
    entries.append(RehousingApplication(date=_day(months[3], 1), channel="social_housing"))
    entries.append(RehousingApplication(date=_day(months[4], 7), channel="ais"))
    entries.append(Note(
        date=_day(months[2], 3),
        text="Opzeg door de verhuurder voor eigen gebruik. Gezin met drie kinderen zoekt een "
             "woning met drie slaapkamers in Schaarbeek.",
        note_category="housing",
    ))
    return Household(
        story="landlord's notice to end the lease; rehousing search (social housing, AIS)",
        opening={
            "tenant": "Sofie Van Acker",
            "landlord": "Immo Colignon BV",
            "address": "Koninklijke Sint-Mariastraat 45, 1030 Schaarbeek",
            "rent": rent, "charges": charges, "lang": "nl",
            "lease_start": date(2020, 10, 1), "date": months[0],
        },
        entries=_in_order(entries, today),
    )


#: The summary lists the deadlines of the next this many days.
_HORIZON_DAYS: Final = 60

_HOUSEHOLDS: Final[tuple[Callable[[date], Household], ...]] = (
    _growing_arrears, _plan_kept, _towards_the_court, _cpas_aid, _rehousing,
)


def households(today: date) -> list[Household]:
    """Return the demo's households with their ledgers counted back from ``today``."""
    return [make(today) for make in _HOUSEHOLDS]


# -- building and writing -----------------------------------------------------------------------


#: The letters written for each household of the demo, in the order of the stories.
DEMO_LETTERS: Final[tuple[tuple[str, ...], ...]] = (
    ("L1", "L2"),          # formal notice received: reply with a plan; ask the CPAS for aid
    ("L2",),               # plan kept: aid for the instalments
    ("L5", "L2"),          # hearing ahead: payment terms from the justice of the peace
    ("L2", "referral"),    # CPAS follow-up, referral to a partner
    ("L14", "L16"),        # rehousing: social-housing application, guarantee loan
)
#: The partners each case's summary is written for (``lead`` sees everything).
DEMO_PARTNERS: Final = ("cpas", "lead")

#: The partner the demo households are referred to, registered when no installed
#: plugin provides it (a casebook refuses referrals and consents to unknown partners).
DEMO_CPAS: Final = Partner(id="cpas", name_fr="CPAS de Schaerbeek",
                           name_nl="OCMW van Schaarbeek", kind="cpas")


def _register_demo_partners(casebook: Casebook) -> None:
    if casebook.partners().resolve(DEMO_CPAS.id) is None:
        casebook.add_partner(DEMO_CPAS)
#: The formats of each summary.
DEMO_SUMMARY_FORMATS: Final = ("md", "docx")


def demo_values(letter_id: str, lang: str, as_of: date) -> dict[str, str]:
    """
    The explicit facts (``--set``) a worker would type for a demo letter, dated from ``as_of``.

    The sample values of :mod:`clss_housing.testing.samples`, with their dates
    moved after ``as_of`` (a first instalment next month, a new lease the month after).
    """
    values = sample_values(letter_id, lang)
    next_month = _month_start(as_of, -1)
    if "first_due" in values:
        values["first_due"] = _day(next_month, 5).isoformat()
    if "new_lease_start" in values:
        values["new_lease_start"] = _month_start(as_of, -2).isoformat()
    if "rehousing_date" in values:
        values["rehousing_date"] = _month_start(as_of, -2).isoformat()
    return values


def write_documents(
    casebook: Casebook, case_ids: Sequence[str], out_dir: Path, as_of: date
) -> list[Path]:
    """
    Write the documents of the demo's cases to ``out_dir``; return the files written.

    For each case: a plain-text case sheet (``case-<id>.txt``, the ``case show``
    screen); the letters of :data:`DEMO_LETTERS` for its story, in the case's
    language, as DOCX (``L1-<id>-fr.docx``…); and its summary for each partner
    of :data:`DEMO_PARTNERS` in Markdown and DOCX (``summary-<id>-cpas.md``…), the
    CPAS seeing only what the tenant consented to.
    """
    written = []
    env = casebook.env
    for index, case_id in enumerate(case_ids):
        view = casebook.load(case_id)
        sheet = render_case(case_document(view, as_of, casebook.env))
        path = out_dir / f"case-{case_id}.txt"
        path.write_text(sheet + "\n", encoding="utf-8")
        written.append(path)
        letters = DEMO_LETTERS[index] if index < len(DEMO_LETTERS) else ("L2",)
        for letter_id in letters:
            data = render_letter(view, letter_id, lang=view.lang, fmt="docx",
                                 values=demo_values(letter_id, view.lang, as_of), as_of=as_of,
                                 catalogue=env.catalogue, rules=env.rules)
            name = safe_filename(f"{letter_id}-{case_id}-{view.lang}.docx")
            written.append(write_atomic(out_dir / name, data))
        for partner in DEMO_PARTNERS:
            for fmt in DEMO_SUMMARY_FORMATS:
                name = safe_filename(f"summary-{case_id}-{partner}.{fmt}")
                written.append(write_summary(
                    view, partner, out=out_dir / name, fmt=fmt, as_of=as_of,
                    policy=env.redaction_policy(partner), rules=env.rules,
                    settings=env.settings, workflow=env.workflow,
                ))
    return written


def _summary_text(report: DemoReport, deadlines: Sequence[Sequence[str]]) -> str:
    lines = [
        message("demo.title", date=report.as_of.isoformat()),
        "",
        report.summary_table(),
        "",
        message("demo.households"),
    ]
    width = max(len(c.case_id) for c in report.cases)
    lines += [f"  {c.case_id:<{width}}  {c.tenant} — {c.story}" for c in report.cases]
    lines += ["", message("demo.deadlines", days=_HORIZON_DAYS)]
    if deadlines:
        headers = [message("label.date"), message("label.case"), message("label.deadline"),
                   message("label.basis")]
        lines.append(table(headers, deadlines, indent=2))
    else:
        lines.append("  " + message("label.none"))
    return "\n".join(lines) + "\n"


def build_demo(casebook: Casebook, out_dir: Path, *, today: date | None = None) -> DemoReport:
    """
    Add the demo households to ``casebook`` and write their files to ``out_dir``.

    Each household is opened as a new case and its ledger appended in one
    atomic append, checked by the casebook like any other command.  Then
    ``out_dir`` (created if needed) receives ``casebook-summary.txt``, one
    ``case-<id>.json`` per case (the ``case show --json`` shape) and the
    files of :func:`write_documents`.

    Args:
        casebook: where to add the cases.
        out_dir: the folder for the files.
        today: the demo's day (default: today); ledgers are dated back from it.

    Returns:
        The cases added and the files written.
    """
    as_of = today or date.today()
    _register_demo_partners(casebook)
    cases: list[DemoCase] = []
    for household in households(as_of):
        case_id = casebook.open_case(**household.opening)
        view = casebook.append(casebook.load(case_id), household.entries)
        cases.append(DemoCase(
            case_id=case_id,
            tenant=view.opened.tenant,
            lang=view.lang,
            story=household.story,
            arrears=view.balance(as_of).arrears,
            arrears_months=view.arrears_months(as_of),
            tracks=dict(casebook.env.workflow.track_states(view, as_of)),
        ))
    out_dir.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    horizon = as_of + timedelta(days=_HORIZON_DAYS)
    upcoming: list[tuple[date, list[str]]] = []
    for case in cases:
        view = casebook.load(case.case_id)
        document = case_document(view, as_of, casebook.env)
        path = out_dir / f"case-{case.case_id}.json"
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")
        files.append(path)
        for d in case_deadlines(view, as_of, rules=casebook.env.rules,
                                    settings=casebook.env.settings):
            if d.date is not None and as_of <= d.date <= horizon:
                upcoming.append((d.date, [d.date.isoformat(), d.case, d.title or d.rule,
                                          str(d.basis)]))
    upcoming.sort(key=lambda item: (item[0], item[1][1]))
    partial = DemoReport(as_of=as_of, cases=tuple(cases), out_dir=out_dir, files=())
    summary = out_dir / "casebook-summary.txt"
    summary.write_text(_summary_text(partial, [row for _, row in upcoming]), encoding="utf-8")
    files.insert(0, summary)
    files += write_documents(casebook, [c.case_id for c in cases], out_dir, as_of)
    return attrs.evolve(partial, files=tuple(files))
