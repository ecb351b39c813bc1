"""
The tenant's "where you stand" sheet: one page, plain language, four languages.

:func:`build_sheet` reads one case and gives a :class:`Sheet`: the balance,
what has happened (procedure facts of the ledger), the next dates (from the
deadline engine, with the rules and settings it is given: nothing is
computed here), what the household can do now and by when, who can help
(partner profiles: only what a profile holds) and the rights that apply at the
sheet's date.  :func:`render_sheet` writes it as text, HTML or DOCX.

Every sentence comes from one glossary per language
(``documents/sheet_i18n/{fr,nl,ar,en}.json``); a missing key raises
:class:`~clss_housing.errors.ValidationError`, and the test suite checks that
each glossary has every key.  Worker notes and their categories are never
read; the tenant's name and address are not printed (the sheet is handed to
the household, and it stays true after an erasure).

Arabic is written right to left: HTML ``dir="rtl" lang="ar"``, DOCX
paragraphs with ``w:bidi`` and runs with ``w:rtl`` in an Arabic-capable font.
Dates and amounts in Arabic use Babel's ``ar`` locale, which writes Western
digits (``16 مارس 2027``, ``1,234.50 €``): the digits on Belgian letters,
bills and bank statements.

    >>> from datetime import date
    >>> from clss_housing.casebook import Casebook
    >>> from clss_housing.money import Money
    >>> book = Casebook.open("memory:")
    >>> cid = book.open_case(tenant="T", landlord="L", address="Rue X 1, 1030 Schaerbeek",
    ...                      rent=Money.parse("700"), date=date(2026, 1, 5))
    >>> sheet = build_sheet(book.load(cid), date(2026, 2, 1), "en")
    >>> sheet.title
    'Where you stand'
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any, Final

import attrs
import jinja2
from babel.dates import format_date as _babel_date
from babel.numbers import format_currency as _babel_currency
from babel.numbers import format_decimal as _babel_decimal

from clss_housing.deadlines import DEFAULT_SETTINGS, Deadline, DeadlineSettings, case_deadlines
from clss_housing.deadlines.rules import Rules
from clss_housing.errors import ValidationError
from clss_housing.ledger import entries as e
from clss_housing.money import Money
from clss_housing.view import CaseView
from clss_housing.workflow import TRACKS, Workflow, all_states, builtin_workflow, initial_states


__all__ = [
    "SHEET_FORMATS",
    "SHEET_LANGS",
    "Sheet",
    "SheetPartner",
    "build_sheet",
    "glossary",
    "glossary_keys",
    "render_sheet",
]

#: The sheet's languages.
SHEET_LANGS: Final = ("fr", "nl", "ar", "en")
#: The sheet's formats.
SHEET_FORMATS: Final = ("html", "docx", "txt")

_LOCALES: Final = {"fr": "fr_BE", "nl": "nl_BE", "ar": "ar", "en": "en_GB"}
#: The language of the deadline engine's own titles for a plugin's rule.
_ENGINE_LANG: Final = {"fr": "fr", "nl": "nl", "ar": "fr", "en": "en"}
#: The font of right-to-left runs in DOCX (present on Windows, macOS and most Linux desktops).
RTL_FONT: Final = "Arial"
_PLACEHOLDER: Final = re.compile(r"\{([a-z_]+)\}")
_MAX_EVENTS: Final = 8


# -- the glossary --------------------------------------------------------------------------------

#: Procedure facts told in "what has happened" (money facts are in the balance).
EVENT_KEYS: Final = (
    "notice_received", "negotiation_started", "payment_plan_agreed", "payment_plan_defaulted",
    "arrears_settled", "petition_filed", "cpas_informed", "conciliation_requested",
    "conciliation_outcome.agreement", "conciliation_outcome.no_agreement", "hearing_scheduled",
    "hearing_adjourned", "judgment.eviction", "judgment.payment_terms", "judgment.dismissed",
    "judgment.default", "judgment_served", "appeal_filed.appeal", "appeal_filed.opposition",
    "eviction_scheduled", "eviction_carried_out", "eviction_cancelled", "referral",
    "referral.unknown", "needs_assessed", "housing_search_started", "rehousing_application",
    "housing_offer", "emergency_housing", "lease_signed", "lease_notice.tenant",
    "lease_notice.landlord", "indexation_requested", "keys_returned",
)
#: Rules whose dates the sheet explains (a plugin's rule uses ``deadline.other``).
DEADLINE_KEYS: Final = (
    "pre_court_waiting_period", "notice_deemed_received", "hearing_min_date", "hearing",
    "appeal", "opposition", "earliest_eviction", "bailiff_notice", "eviction_date",
    "payment_plan_instalment", "guarantee_return", "indexation", "lease_notice_end",
    "late_interest", "other",
)
ACTION_KEYS: Final = (
    "answer_notice", "answer_notice.until", "pay_plan", "pay_plan.next", "plan_default",
    "hearing", "hearing.date", "hearing.nodate", "appeal", "appeal.until", "opposition.until",
    "appeal.not_served", "payment_terms", "prepare", "earliest_eviction", "eviction_scheduled",
    "offer", "cpas_arrears", "keep_papers",
)
RIGHT_KEYS: Final = (
    "moratorium", "moratorium.now", "moratorium.basis", "conciliation", "conciliation.basis",
    "cpas", "cpas.basis", "legal_aid", "legal_aid.basis",
)
TERM_KEYS: Final = (
    "formal_notice", "payment_plan", "justice_of_peace", "petition", "hearing", "judgment",
    "default_judgment", "service", "bailiff", "appeal", "opposition", "conciliation",
    "moratorium", "cpas", "arrears",
)
FIXED_KEYS: Final = (
    "title", "intro", "footer", "heading.balance", "heading.where", "heading.happened",
    "heading.dates", "heading.actions", "heading.help", "heading.rights", "heading.words",
    "balance.owe", "balance.nothing", "balance.credit", "balance.months", "balance.aid",
    "happened.none", "happened.earlier", "dates.none", "where.start", "where.other",
    "help.none", "date.separator", "dates.more_instalments",
    "help.contact", "words.intro",
)

_STATE_TERMS: Final[Mapping[str, tuple[str, ...]]] = {
    "notice_received": ("formal_notice",),
    "plan_active": ("payment_plan",),
    "plan_in_default": ("payment_plan",),
    "referred_to_court": ("justice_of_peace",),
    "petition_filed": ("petition", "justice_of_peace"),
    "cpas_informed": ("cpas",),
    "conciliation_requested": ("conciliation",),
    "conciliation_agreed": ("conciliation",),
    "conciliation_failed": ("conciliation",),
    "hearing_scheduled": ("hearing",),
    "adjourned": ("hearing",),
    "eviction_ordered": ("judgment",),
    "payment_terms": ("judgment",),
    "dismissed": ("judgment",),
    "judgment_served": ("service", "bailiff"),
    "appeal_or_opposition_filed": ("appeal", "opposition"),
    "eviction_scheduled": ("bailiff",),
    "suspended_moratorium": ("moratorium",),
}
_EVENT_TERMS: Final[Mapping[str, tuple[str, ...]]] = {
    "notice_received": ("formal_notice",),
    "payment_plan_agreed": ("payment_plan",),
    "payment_plan_defaulted": ("payment_plan",),
    "petition_filed": ("petition", "justice_of_peace"),
    "cpas_informed": ("cpas",),
    "conciliation_requested": ("conciliation",),
    "hearing_scheduled": ("hearing",),
    "hearing_adjourned": ("hearing",),
    "judgment.eviction": ("judgment",),
    "judgment.payment_terms": ("judgment",),
    "judgment.dismissed": ("judgment",),
    "judgment.default": ("default_judgment",),
    "judgment_served": ("service", "bailiff"),
    "appeal_filed.appeal": ("appeal",),
    "appeal_filed.opposition": ("opposition",),
    "eviction_scheduled": ("bailiff",),
}


def state_keys() -> tuple[str, ...]:
    """The glossary keys of the workflow states the sheet explains (every non-initial state)."""
    start = initial_states()
    return tuple(
        f"state.{track}.{state}"
        for track in TRACKS for state in all_states(track) if state != start[track]
    )


def glossary_keys() -> tuple[str, ...]:
    """Every key a sheet glossary must have."""
    return (
        *FIXED_KEYS,
        *(f"event.{k}" for k in EVENT_KEYS),
        *(f"deadline.{k}" for k in DEADLINE_KEYS),
        *(f"deadline.{k}.means" for k in DEADLINE_KEYS),
        *(f"action.{k}" for k in ACTION_KEYS),
        *(f"right.{k}" for k in RIGHT_KEYS),
        *(f"term.{k}" for k in TERM_KEYS),
        *state_keys(),
    )


def _check_lang(lang: str) -> str:
    if lang not in SHEET_LANGS:
        raise ValidationError("lang", lang, f"must be one of: {', '.join(SHEET_LANGS)}")
    return lang


def glossary(lang: str) -> dict[str, str]:
    """
    The sheet's glossary in ``lang``: every key of :func:`glossary_keys` → its text.

    Keys beginning with ``_`` are the translators' comments and are left out.

    Raises:
        ValidationError: ``lang`` is not a sheet language.
    """
    _check_lang(lang)
    text = resources.files("clss_housing.documents").joinpath(
        "sheet_i18n", f"{lang}.json"
    ).read_text(encoding="utf-8")
    data = json.loads(text)
    return {k: v for k, v in data.items() if not k.startswith("_")}


class _Words:
    """One language's glossary with the formatters of its locale."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.locale = _LOCALES[lang]
        self.table = glossary(lang)

    def __call__(self, key: str, **values: str) -> str:
        try:
            text = self.table[key]
        except KeyError:
            raise ValidationError(
                "glossary", key, f"has no text in the {self.lang} sheet glossary"
            ) from None
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)

    def has(self, key: str) -> bool:
        return key in self.table

    def date(self, value: date) -> str:
        return _babel_date(value, "d MMMM y", locale=self.locale)

    def day_month(self, month: int, day: int) -> str:
        return _babel_date(date(2001, month, day), "d MMMM", locale=self.locale)

    def money(self, value: Money) -> str:
        return _babel_currency(Decimal(value.cents) / 100, "EUR", locale=self.locale)

    def number(self, value: Decimal) -> str:
        return _babel_decimal(value, format="#,##0.0", locale=self.locale)


# -- the sheet -----------------------------------------------------------------------------------


@attrs.frozen
class SheetPartner:
    """A partner as the sheet shows it: only what its profile holds."""

    name: str
    address: str
    contact: str


@attrs.frozen
class Sheet:
    """
    One household's sheet, ready to write.

    Every text is already in the sheet's language; ``dir`` is ``"rtl"`` for Arabic.
    """

    lang: str
    as_of: date
    title: str
    intro: str
    headings: Mapping[str, str]
    balance: tuple[str, ...]
    where: tuple[str, ...]
    happened: tuple[str, ...]
    dates: tuple[tuple[str, str, str], ...]
    dates_note: str
    actions: tuple[str, ...]
    partners: tuple[SheetPartner, ...]
    partners_note: str
    contact_label: str
    rights: tuple[tuple[str, str], ...]
    words: tuple[tuple[str, str], ...]
    words_intro: str
    footer: str
    separator: str = ": "

    @property
    def dir(self) -> str:
        """The writing direction: ``rtl`` for Arabic, else ``ltr``."""
        return "rtl" if self.lang == "ar" else "ltr"


def _partner_name(profile: object, lang: str) -> str:
    name = getattr(profile, "name", None)
    if callable(name):
        return str(name("nl" if lang == "nl" else "fr"))
    return str(getattr(profile, "id", ""))


def build_sheet(
    view: CaseView,
    as_of: date,
    lang: str,
    *,
    rules: Rules | None = None,
    settings: DeadlineSettings | None = None,
    workflow: Workflow | None = None,
    partners: Mapping[str, object] | None = None,
    states: Mapping[str, str] | None = None,
) -> Sheet:
    """
    The "where you stand" sheet of a case at ``as_of``, in ``lang``.

    Args:
        view: the case.
        as_of: the sheet's date: entries dated after it are left out.
        lang: ``fr``, ``nl``, ``ar`` or ``en``.
        rules: the deadline engine's rules (a casebook's ``env.rules``).
        settings: the deadline settings (``env.settings``).
        workflow: the workflow tracks (``env.workflow``; the built-in tracks if ``None``).
        partners: partner profiles by id (``env.partners``).
        states: the track states to explain (computed from ``workflow`` if ``None``).

    Raises:
        ValidationError: ``lang`` is not a sheet language, or its glossary lacks a key.

    .. versionadded:: 0.2.0
    """
    words = _Words(_check_lang(lang))
    settings = settings if settings is not None else DEFAULT_SETTINGS
    wf = workflow if workflow is not None else builtin_workflow()
    profiles = dict(partners or {})
    if states is None:
        states = wf.track_states(view, as_of)
    effective = view.entries(as_of)
    deadlines = case_deadlines(
        view, as_of, rules=rules, settings=settings, lang=_ENGINE_LANG[lang]
    )
    upcoming = [d for d in deadlines if d.date is not None and d.date >= as_of]
    terms: list[str] = []

    def use(*keys: str) -> None:
        terms.extend(k for k in keys if k not in terms)

    balance = view.balance(as_of)
    bal_lines = _balance_lines(words, view, balance.arrears, balance.credit, balance.aid, as_of)
    if balance.arrears.cents > 0:
        use("arrears")

    where: list[str] = []
    start = initial_states()
    for track in TRACKS:
        state = states.get(track, start[track])
        if state == start[track]:
            continue
        key = f"state.{track}.{state}"
        where.append(words(key) if words.has(key) else words("where.other"))
        use(*_STATE_TERMS.get(state, ()))
    if not where:
        where.append(words("where.start"))

    happened, event_terms = _events(words, effective, profiles)
    use(*event_terms)

    dates: list[tuple[str, str, str]] = []
    instalments = [d for d in upcoming if d.rule == "payment_plan_instalment"]
    for d in upcoming:
        if d.rule == "payment_plan_instalment" and d is not instalments[0]:
            continue  # one page: the next instalment only, then how many follow
        key = d.rule if d.rule in DEADLINE_KEYS else "other"
        assert d.date is not None
        title = words(f"deadline.{key}", title=d.title)
        means = words(f"deadline.{key}.means")
        if d.instalment is not None and d.amount is not None:
            title = f"{title} ({d.instalment}: {words.money(d.amount)})"
        if d.rule == "payment_plan_instalment" and len(instalments) > 1:
            means = f"{means} {words('dates.more_instalments', count=str(len(instalments) - 1))}"
        dates.append((words.date(d.date), title, means))

    actions = _actions(words, states, upcoming, balance.arrears, effective)
    rights = _rights(words, states, as_of, settings, balance.arrears)
    for key, _ in rights:
        use({"moratorium": "moratorium", "conciliation": "conciliation", "cpas": "cpas"}.get(
            key, ""))

    linked = _linked_partners(effective)
    shown = [profiles[p] for p in linked if p in profiles] or [
        profiles[k] for k in sorted(profiles)
    ]
    partner_rows = tuple(
        SheetPartner(
            name=_partner_name(p, lang),
            address=str(getattr(p, "address", "") or ""),
            contact=str(getattr(p, "contact", "") or ""),
        )
        for p in shown
    )

    headings = {
        k: words(f"heading.{k}")
        for k in ("balance", "where", "happened", "dates", "actions", "help", "rights", "words")
    }
    return Sheet(
        lang=lang,
        as_of=as_of,
        title=words("title"),
        intro=words("intro", date=words.date(as_of)),
        headings=headings,
        balance=tuple(bal_lines),
        where=tuple(where),
        happened=tuple(happened),
        dates=tuple(dates),
        dates_note="" if dates else words("dates.none"),
        actions=tuple(actions),
        partners=partner_rows,
        partners_note="" if partner_rows else words("help.none"),
        contact_label=words("help.contact"),
        rights=tuple(rights),
        words=tuple((words(f"term.{t}").split(":", 1)[0], words(f"term.{t}")) for t in terms if t),
        words_intro=words("words.intro"),
        footer=words("footer", date=words.date(as_of)),
        separator=words("date.separator"),
    )


def _balance_lines(
    words: _Words, view: CaseView, arrears: Money, credit: Money, aid: Money, as_of: date
) -> list[str]:
    when = words.date(as_of)
    lines = []
    if arrears.cents > 0:
        lines.append(words("balance.owe", date=when, amount=words.money(arrears)))
        if view.monthly_rent.cents > 0:
            lines.append(words("balance.months", months=words.number(view.arrears_months(as_of))))
    elif credit.cents > 0:
        lines.append(words("balance.credit", date=when, amount=words.money(credit)))
    else:
        lines.append(words("balance.nothing", date=when))
    if aid.cents > 0:
        lines.append(words("balance.aid", amount=words.money(aid)))
    return lines


def _event_key(entry: e.Entry) -> str | None:
    kind = entry.kind
    if isinstance(entry, e.ConciliationOutcome):
        return f"conciliation_outcome.{entry.outcome}"
    if isinstance(entry, e.Judgment):
        return f"judgment.{entry.outcome}"
    if isinstance(entry, e.AppealFiled):
        return f"appeal_filed.{entry.remedy}"
    if isinstance(entry, e.LeaseNotice):
        return f"lease_notice.{entry.given_by}"
    return kind if kind in EVENT_KEYS else None


def _events(
    words: _Words, effective: Sequence[e.Entry], profiles: Mapping[str, object]
) -> tuple[list[str], list[str]]:
    lines: list[str] = []
    terms: list[str] = []
    for entry in effective:
        if isinstance(entry, e.Note):  # worker notes never appear
            continue
        key = _event_key(entry)
        if key is None:
            continue
        values = {"date": words.date(entry.date)}
        if isinstance(entry, e.HearingScheduled | e.HearingAdjourned) and entry.hearing_date:
            values["hearing_date"] = words.date(entry.hearing_date)
        if isinstance(entry, e.HearingAdjourned) and entry.hearing_date is None:
            values["hearing_date"] = "…"
        if isinstance(entry, e.EvictionScheduled):
            values["eviction_date"] = words.date(entry.eviction_date)
        if isinstance(entry, e.PaymentPlanAgreed):
            values["amount"] = words.money(entry.instalment)
            values["count"] = str(entry.count)
        if isinstance(entry, e.Referral):
            profile = profiles.get(entry.partner)
            if profile is None:
                key = "referral.unknown"
            else:
                values["partner"] = _partner_name(profile, words.lang)
        text = words(f"event.{key}", **values)
        if isinstance(entry, e.Judgment) and entry.default:
            text = f"{text} {words('event.judgment.default')}"
            terms.extend(_EVENT_TERMS["judgment.default"])
        lines.append(f"{values['date']}{words('date.separator')}{text}")
        terms.extend(_EVENT_TERMS.get(key, ()))
    if len(lines) > _MAX_EVENTS:
        earlier = len(lines) - _MAX_EVENTS
        lines = [words("happened.earlier", count=str(earlier)), *lines[-_MAX_EVENTS:]]
    if not lines:
        lines.append(words("happened.none"))
    return lines, terms


def _first(upcoming: Sequence[Deadline], rule: str) -> Deadline | None:
    return next((d for d in upcoming if d.rule == rule), None)


def _actions(
    words: _Words, states: Mapping[str, str], upcoming: Sequence[Deadline], arrears: Money,
    effective: Sequence[e.Entry],
) -> list[str]:
    pre = states.get("pre_procedure", "no_notice")
    hearing = states.get("hearing", "not_started")
    out: list[str] = []
    if pre in ("notice_received", "negotiating"):
        out.append(words("action.answer_notice"))
        wait = _first(upcoming, "pre_court_waiting_period")
        if wait is not None and wait.date is not None:
            out.append(words("action.answer_notice.until", date=words.date(wait.date)))
    if pre == "plan_active":
        out.append(words("action.pay_plan"))
        nxt = _first(upcoming, "payment_plan_instalment")
        if nxt is not None and nxt.date is not None:
            out.append(words("action.pay_plan.next", date=words.date(nxt.date)))
    if pre == "plan_in_default":
        out.append(words("action.plan_default"))
    if hearing in ("petition_filed", "cpas_informed", "conciliation_requested",
                   "conciliation_failed", "hearing_scheduled", "adjourned"):
        out.append(words("action.hearing"))
        when = _first(upcoming, "hearing")
        if when is not None and when.date is not None:
            out.append(words("action.hearing.date", date=words.date(when.date)))
        else:
            out.append(words("action.hearing.nodate"))
    if hearing in ("eviction_ordered", "payment_terms", "judgment_served"):
        judgment = next((x for x in reversed(effective) if isinstance(x, e.Judgment)), None)
        remedy = "opposition" if judgment is not None and judgment.default else "appeal"
        deadline = _first(upcoming, remedy)
        if hearing == "payment_terms":
            out.append(words("action.payment_terms"))
        if deadline is not None and deadline.date is not None:
            out.append(words("action.appeal"))
            out.append(words(f"action.{remedy}.until", date=words.date(deadline.date)))
        elif hearing != "judgment_served":
            out.append(words("action.appeal.not_served"))
    if hearing in ("eviction_ordered", "judgment_served", "appeal_or_opposition_filed",
                   "eviction_scheduled", "suspended_moratorium"):
        out.append(words("action.prepare"))
        earliest = _first(upcoming, "earliest_eviction")
        if earliest is not None and earliest.date is not None and hearing != "eviction_scheduled":
            out.append(words("action.earliest_eviction", date=words.date(earliest.date)))
    if hearing == "eviction_scheduled":
        when = _first(upcoming, "eviction_date")
        if when is not None and when.date is not None:
            out.append(words("action.eviction_scheduled", date=words.date(when.date)))
    if states.get("rehousing") == "offer_received":
        out.append(words("action.offer"))
    if arrears.cents > 0 and pre != "plan_active":
        out.append(words("action.cpas_arrears"))
    out.append(words("action.keep_papers"))
    return out


_THREAT: Final = frozenset({
    "eviction_ordered", "judgment_served", "appeal_or_opposition_filed", "eviction_scheduled",
    "suspended_moratorium",
})
_BEFORE_JUDGMENT: Final = frozenset({
    "not_started", "petition_filed", "cpas_informed", "hearing_scheduled", "adjourned",
})


def _rights(
    words: _Words, states: Mapping[str, str], as_of: date, settings: DeadlineSettings,
    arrears: Money,
) -> list[tuple[str, str]]:
    pre = states.get("pre_procedure", "no_notice")
    hearing = states.get("hearing", "not_started")
    out: list[tuple[str, str]] = []
    calendar = settings.calendar
    start = words.day_month(*settings.moratorium_start)
    end = words.day_month(*settings.moratorium_end)
    in_force = as_of >= calendar.moratorium_valid_from
    if in_force and calendar.in_winter_moratorium(as_of):
        out.append(("moratorium", f"{words('right.moratorium.now', start=start, end=end)} "
                                  f"({words('right.moratorium.basis')})"))
    elif in_force and hearing in _THREAT:
        out.append(("moratorium", f"{words('right.moratorium', start=start, end=end)} "
                                  f"({words('right.moratorium.basis')})"))
    dispute = pre in ("notice_received", "negotiating", "plan_in_default", "referred_to_court")
    if hearing in _BEFORE_JUDGMENT and (dispute or hearing != "not_started"):
        out.append(("conciliation", f"{words('right.conciliation')} "
                                    f"({words('right.conciliation.basis')})"))
    if arrears.cents > 0 or pre != "no_notice" or hearing != "not_started":
        out.append(("cpas", f"{words('right.cpas')} ({words('right.cpas.basis')})"))
    if pre != "no_notice" or hearing not in ("not_started", "evicted", "cancelled", "dismissed"):
        out.append(("legal_aid", f"{words('right.legal_aid')} ({words('right.legal_aid.basis')})"))
    return out


def _linked_partners(effective: Sequence[e.Entry]) -> list[str]:
    """Partners the household was referred to or gave a consent to (still in force), in order."""
    seen: list[str] = []
    withdrawn: set[tuple[str, str]] = set()
    for entry in effective:
        if isinstance(entry, e.ConsentWithdrawn):
            withdrawn.add((entry.partner, entry.scope))
        elif isinstance(entry, e.ConsentGiven):
            withdrawn.discard((entry.partner, entry.scope))
    for entry in effective:
        linked = isinstance(entry, e.Referral) or (
            isinstance(entry, e.ConsentGiven) and (entry.partner, entry.scope) not in withdrawn
        )
        if linked and entry.partner not in seen:  # type: ignore[attr-defined]
            seen.append(entry.partner)  # type: ignore[attr-defined]
    return seen


# -- writers -------------------------------------------------------------------------------------


def _template() -> jinja2.Template:
    source = resources.files("clss_housing.documents").joinpath(
        "templates", "sheet", "sheet.html.j2"
    ).read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(source)


def _sections(sheet: Sheet) -> list[tuple[str, Sequence[str]]]:
    """The sheet's sections in reading order, as ``(heading key, lines)``, for text and DOCX."""
    helpers = [
        " · ".join(x for x in (p.name, p.address.replace("\n", ", "), p.contact) if x)
        for p in sheet.partners
    ] or [sheet.partners_note]
    found: list[tuple[str, Sequence[str]]] = [
        ("balance", sheet.balance),
        ("where", sheet.where),
        ("happened", sheet.happened),
        ("dates", [f"{d}{sheet.separator}{t}. {m}" for d, t, m in sheet.dates]
         or [sheet.dates_note]),
        ("actions", sheet.actions),
        ("help", helpers),
        ("rights", [text for _, text in sheet.rights]),
    ]
    if sheet.words:
        found.append(("words", [sheet.words_intro, *(text for _, text in sheet.words)]))
    return found


def sheet_html(sheet: Sheet) -> str:
    """The sheet as one HTML page (``dir="rtl" lang="ar"`` in Arabic), print-ready on A4."""
    return _template().render(sheet=sheet)


def sheet_text(sheet: Sheet) -> str:
    """The sheet as plain UTF-8 text."""
    out = [sheet.title, "=" * len(sheet.title), "", sheet.intro, ""]

    def section(key: str, lines: Sequence[str]) -> None:
        if not lines:
            return
        heading = sheet.headings[key]
        out.extend([heading, "-" * len(heading)])
        out.extend(f"- {line}" for line in lines)
        out.append("")

    for key, lines in _sections(sheet):
        section(key, lines)
    out.append(sheet.footer)
    return "\n".join(out) + "\n"


#: The w:pPr children that the schema (CT_PPr) places after w:bidi.
_AFTER_BIDI: Final = (
    "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
    "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
    "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
)
#: The w:sectPr children that the schema (CT_SectPr) places after w:bidi.
_SECT_AFTER_BIDI: Final = ("rtlGutter", "docGrid", "printerSettings", "sectPrChange")


def _insert_ordered(parent: Any, child: Any, later: set[str]) -> None:
    """Put ``child`` in ``parent`` before the first element whose tag is in ``later``."""
    for existing in parent:
        if existing.tag in later:
            existing.addprevious(child)
            return
    parent.append(child)


def _bidi(paragraph: Any, element: Callable[[str], Any], qn: Callable[[str], str]) -> None:
    """Make ``paragraph`` right-to-left: ``w:bidi``, right-aligned, runs ``w:rtl`` in Arabic."""
    # python-docx has no API for bidi paragraphs: set w:bidi and w:rtl on the XML.
    # A bidi paragraph starts on the right by itself (no w:jc); w:bidi goes where the
    # schema puts it in w:pPr (before spacing, indentation, alignment and run properties).
    ppr = paragraph._p.get_or_add_pPr()
    _insert_ordered(ppr, element("w:bidi"), {qn(f"w:{t}") for t in _AFTER_BIDI})
    for run in paragraph.runs:
        rpr = run._r.get_or_add_rPr()
        fonts = element("w:rFonts")
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attr), RTL_FONT)
        rpr.insert(0, fonts)
        rpr.append(element("w:rtl"))
        lang = element("w:lang")
        lang.set(qn("w:bidi"), "ar-MA")
        rpr.append(lang)


def sheet_docx(sheet: Sheet) -> bytes:
    """The sheet as a one-page DOCX (bidi paragraphs and an Arabic font in Arabic)."""
    # lazy: python-docx (with lxml) is heavy and only the DOCX writer needs it.
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.3))
    # One page: compact styles (python-docx's defaults leave large gaps around headings).
    for name, size, before, after in (("Normal", 9, 0, 1), ("List Bullet", 9, 0, 0),
                                      ("Heading 1", 14, 0, 2), ("Heading 2", 10.5, 5, 1)):
        style = document.styles[name]
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.line_spacing = 1.0
    rtl = sheet.dir == "rtl"
    props = document.core_properties
    props.title = sheet.title
    props.language = sheet.lang
    props.author = "clss-housing"

    def para(text: str, style_name: str | None = None, bold: bool = False) -> None:
        p = document.add_paragraph(style=style_name)
        run = p.add_run(text)
        run.bold = bold
        if rtl:
            _bidi(p, OxmlElement, qn)

    def heading(text: str, level: int) -> None:
        h = document.add_heading(text, level=level)
        if rtl:
            _bidi(h, OxmlElement, qn)

    if rtl:  # the page itself runs right to left (columns, margins, bullets)
        _insert_ordered(section._sectPr, OxmlElement("w:bidi"),
                        {qn(f"w:{t}") for t in _SECT_AFTER_BIDI})
    heading(sheet.title, 1)
    para(sheet.intro)

    def section_of(key: str, lines: Sequence[str]) -> None:
        if not lines:
            return
        heading(sheet.headings[key], 2)
        for line in lines:
            para(line, "List Bullet")

    for key, lines in _sections(sheet):
        section_of(key, lines)
    para(sheet.footer)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_sheet(sheet: Sheet, fmt: str) -> bytes:
    """
    Write ``sheet`` as ``fmt`` (``html``, ``docx`` or ``txt``), as bytes (text is UTF-8).

    Raises:
        ValidationError: ``fmt`` is not a sheet format.
    """
    if fmt == "html":
        return sheet_html(sheet).encode("utf-8")
    if fmt == "txt":
        return sheet_text(sheet).encode("utf-8")
    if fmt == "docx":
        return sheet_docx(sheet)
    raise ValidationError("format", fmt, f"must be one of: {', '.join(SHEET_FORMATS)}")
