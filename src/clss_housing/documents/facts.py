"""The facts a letter is written from: the case's ledger first, then explicit values.

:func:`collect_facts` builds the template context of one letter:

1. explicit values (``--set NAME=VALUE``, batch columns) are parsed by the
   fact's type (``date``: ISO or ``dd/mm/yyyy``; ``amount``: ``1234,56``…;
   ``int``; ``text``); a bad value raises :class:`ValidationError` naming it;
2. each fact the case can supply is read from the ledger at the letter's
   date; when the ledger records it, an explicit value for it is **ignored**
   (listed in :attr:`Facts.ignored`): ``--set`` never overrides the ledger;
3. every required fact still unknown is listed, all at once, in one
   :class:`~clss_housing.errors.MissingFactsError` — before anything is
   rendered or written.

Derived values (arrears in months, the statement of account, the ageing
table, a payment-plan schedule, the winter moratorium around an eviction
date, the place before the date…) are added for the templates.

    >>> from datetime import date
    >>> from clss_housing.documents.catalogue import letter
    >>> facts = collect_facts(letter("L16"), None, {"tenant": "A", "tenant_address": "Rue X 1,"
    ...     " 1030 Schaerbeek", "guarantee_amount": "1.700,00"}, as_of=date(2026, 3, 2), lang="nl")
    >>> facts.context["place"], str(facts.context["guarantee_amount"])
    ('Schaarbeek', '1700.00')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from math import isfinite
from typing import Any, Final, overload

import attrs

from clss_housing.balance import (
    Balance,
    PlanStatus,
    add_months_clamped,
    fold_balance,
    payment_plan_status,
)
from clss_housing.deadlines import case_deadlines
from clss_housing.documents.catalogue import Fact, LetterSpec
from clss_housing.documents.formatting import (
    LABELS,
    format_date,
    kind_label,
    municipality,
)
from clss_housing.documents.letterhead import Letterhead
from clss_housing.errors import MissingFactsError, ValidationError
from clss_housing.ledger.entries import (
    CaseOpened,
    Entry,
    EvictionCancelled,
    EvictionCarriedOut,
    EvictionScheduled,
    HearingAdjourned,
    HearingScheduled,
    IndexationRequested,
    Judgment,
    JudgmentServed,
    KeysReturned,
    LeaseNotice,
    NoticeReceived,
    PaymentPlanAgreed,
    Referral,
)
from clss_housing.money import Money
from clss_housing.view import CaseView


__all__ = [
    "CaseFacts", "Facts", "LazyRows", "collect_facts", "parse_fact", "winter_moratorium",
]

_DMY: Final = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_INT: Final = re.compile(r"^[+-]?\d+$")


def parse_fact(fact: Fact, raw: object) -> object:
    """
    Parse an explicit value by the fact's type; ``None`` for an empty value.

    Dates: ``date`` objects, ISO ``YYYY-MM-DD`` or Belgian ``dd/mm/yyyy``.
    Amounts: :class:`Money`, text such as ``1.234,56``, ``Decimal`` or ``int`` euros,
    and floats from spreadsheets with at most two decimals.  Ints: ``int`` or digits.

    Raises:
        ValidationError: naming ``set.<fact>``; a text value is never echoed.
    """
    field = f"set.{fact.name}"
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = raw.strip()
        if not raw:
            return None
    if fact.type == "text":
        text = raw if isinstance(raw, str) else str(raw)
        if "\x00" in text:
            raise ValidationError(field, None, "contains a NUL character", personal=True)
        return text
    if fact.type == "date":
        return _parse_date(field, raw)
    if fact.type == "amount":
        return _parse_amount(field, raw)
    return _parse_int(field, raw)


def _parse_date(field: str, raw: object) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        match = _DMY.match(raw)
        try:
            if match:
                day, month, year = (int(g) for g in match.groups())
                return date(year, month, day)
            return date.fromisoformat(raw)
        except ValueError:
            pass
    raise ValidationError(field, raw, "is not a date; write it as YYYY-MM-DD")


def _parse_amount(field: str, raw: object) -> Money:
    if isinstance(raw, Money):
        return raw
    if isinstance(raw, bool):
        raise ValidationError(field, raw, "is not an amount")
    if isinstance(raw, float):  # a spreadsheet cell: accept exact cents only
        if not isfinite(raw) or abs(raw * 100 - round(raw * 100)) > 1e-6:
            raise ValidationError(field, raw, "is not an amount with at most two decimals")
        amount = Money(round(raw * 100))
    elif isinstance(raw, (int, Decimal, str)):
        amount = Money.of(raw, field=field)
    else:
        raise ValidationError(field, repr(raw), "is not an amount")
    if amount.is_negative:
        raise ValidationError(field, str(amount), "must not be negative")
    return amount


def _parse_int(field: str, raw: object) -> int:
    if isinstance(raw, bool):
        raise ValidationError(field, raw, "is not a whole number")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and _INT.match(raw):
        return int(raw)
    raise ValidationError(field, raw, "is not a whole number")


def winter_moratorium(on: date) -> tuple[date, date, bool]:
    """
    The winter moratorium around ``on`` (CBL art. 233duodecies: 1 November–15 March).

    Returns ``(first day, last day, on falls inside)``: the period holding ``on``,
    or the next one when ``on`` is outside.
    """
    if (on.month, on.day) >= (11, 1):
        return date(on.year, 11, 1), date(on.year + 1, 3, 15), True
    if (on.month, on.day) <= (3, 15):
        return date(on.year - 1, 11, 1), date(on.year, 3, 15), True
    return date(on.year, 11, 1), date(on.year + 1, 3, 15), False


# -- what the case supplies -----------------------------------------------------------------------

_DEADLINE_FACTS: Final = {
    "pre_court_deadline": "pre_court_waiting_period",
    "appeal_deadline": "appeal",
    "earliest_eviction": "earliest_eviction",
    "guarantee_deadline": "guarantee_return",
}


def _last(entries: list[Entry], kind: type[Entry]) -> Any:
    for entry in reversed(entries):
        if isinstance(entry, kind):
            return entry
    return None


class CaseFacts:
    """
    The facts one case supplies at a date, each read from the ledger on first use.

    Use :meth:`of` to share one instance between the documents of the same case,
    date and language (a view is immutable, so its facts are too).

    Args:
        view: the case.
        as_of: the letter's date (entries dated later are left out).
        lang: the language deadline titles are asked in.
    """

    def __init__(
        self,
        view: CaseView,
        as_of: date,
        lang: str,
        rules: Sequence[Any] | None = None,
        settings: Any = None,
    ) -> None:
        self.view = view
        self.as_of = as_of
        self.lang = lang
        self.rules = rules
        self.settings = settings
        self._values: dict[str, object] = {}

    @cached_property
    def entries(self) -> list[Entry]:
        """Effective entries at the date."""
        return self.view.entries(self.as_of)

    @cached_property
    def opened(self) -> CaseOpened:
        """The opening entry."""
        return self.view.opened

    @cached_property
    def balance(self) -> Balance:
        """The balance at the date."""
        return fold_balance(self.entries)

    @cached_property
    def plan(self) -> PlanStatus | None:
        """The last payment plan agreed by the date."""
        return payment_plan_status(self.entries, self.as_of)

    @cached_property
    def deadlines(self) -> list[Any]:
        """The case's deadlines from the deadline engine, under the rules and settings given."""
        return list(case_deadlines(self.view, self.as_of, lang=self.lang, rules=self.rules,
                                   settings=self.settings))

    def deadline(self, rule: str) -> date | None:
        """The date of the last dated deadline of ``rule``."""
        found = None
        for item in self.deadlines:
            if item.rule == rule and item.date is not None:
                found = item.date
        return found

    def get(self, name: str) -> object:
        """The value of fact ``name``, or ``None`` when the ledger does not record it."""
        opened = self.opened
        if name == "tenant":
            return opened.tenant
        if name == "tenant_address":
            return opened.address
        if name == "landlord":
            return opened.landlord
        if name == "rent":
            return opened.rent
        if name == "charges":
            return opened.charges
        if name == "lease_start":
            return opened.lease_start
        if name == "case_id":
            return self.view.case_id
        if name == "arrears":
            return self.balance.arrears
        if name in ("notice_date", "notice_amount"):
            notice = _last(self.entries, NoticeReceived)
            if notice is None:
                return None
            return notice.date if name == "notice_date" else notice.amount
        if name in ("instalment", "first_due", "instalment_count"):

            agreed = _last(self.entries, PaymentPlanAgreed)
            if agreed is None:
                return None
            return {"instalment": agreed.instalment, "first_due": agreed.first_due,
                    "instalment_count": agreed.count}[name]
        if name == "hearing_date":
            for entry in reversed(self.entries):
                if isinstance(entry, (HearingScheduled, HearingAdjourned)) and entry.hearing_date:
                    return entry.hearing_date
            return None
        if name == "judgment_date":
            judgment = _last(self.entries, Judgment)
            return judgment.date if judgment else None
        if name == "service_date":
            served = _last(self.entries, JudgmentServed)
            return served.date if served else None
        if name == "eviction_date":
            for entry in reversed(self.entries):
                if isinstance(entry, (EvictionCancelled, EvictionCarriedOut)):
                    return None
                if isinstance(entry, EvictionScheduled):
                    return entry.eviction_date
            return None
        if name == "keys_returned_date":
            keys = _last(self.entries, KeysReturned)
            return keys.date if keys else None
        if name in ("indexation_request_date", "indexation_from", "indexed_rent"):
            request = _last(self.entries, IndexationRequested)
            if request is None:
                return None
            return {"indexation_request_date": request.date,
                    "indexation_from": request.from_date, "indexed_rent": request.rent}[name]
        if name == "landlord_notice_date":
            for entry in reversed(self.entries):
                if isinstance(entry, LeaseNotice) and entry.given_by == "landlord":
                    return entry.date
            return None
        if name == "referral_partner":
            referral = _last(self.entries, Referral)
            return referral.partner if referral else None
        if name in _DEADLINE_FACTS:
            return self.deadline(_DEADLINE_FACTS[name])
        return None

    # -- tables --------------------------------------------------------------------------------

    @cached_property
    def statement(self) -> list[dict[str, Any]]:
        """Money entries with a running balance: ``date, label, debit, credit, balance``."""
        rows = []
        running = 0
        lang = self.lang
        for entry in self.entries:
            if not entry.is_money:
                continue
            cents = entry.amount.cents  # type: ignore[attr-defined]
            kind = entry.kind
            if kind in ("rent_due", "charges_due") or (kind == "adjustment" and cents > 0):
                debit, credit = abs(cents), 0
            elif kind == "adjustment":
                debit, credit = 0, -cents
            else:
                debit, credit = 0, cents
            running += debit - credit
            if kind == "rent_due":
                text = f"{kind_label(kind, lang)} — {format_date(entry.date, lang, 'MMMM y')}"
            elif kind == "aid_paid":
                source = _AID_SOURCES.get(entry.source, ("", "", ""))[  # type: ignore[attr-defined]
                    _LANG_INDEX[lang]
                ]
                text = f"{kind_label(kind, lang)} {source}".strip()
            else:
                text = kind_label(kind, lang)
            rows.append({
                "date": entry.date, "label": text,
                "debit": Money(debit) if debit else None,
                "credit": Money(credit) if credit else None,
                "balance": Money(running),
            })
        return rows

    @cached_property
    def ageing(self) -> list[dict[str, Any]]:
        """The ageing table: ``label, amount`` per bucket (0-30, 31-60, 61-90, > 90 days)."""
        table = self.view.ageing(self.as_of)
        return [{"label": _AGE_LABELS[self.lang].get(label, label), "amount": amount}
                for label, amount in table.buckets]


_LANG_INDEX: Final = {"fr": 0, "nl": 1, "en": 2}
_AID_SOURCES: Final = {
    "cpas": ("CPAS", "OCMW", "CPAS"),
    "fonds_logement": ("Fonds du Logement", "Woningfonds", "Housing Fund"),
}

_AGE_LABELS: Final = {
    "fr": {"0-30": "0 à 30 jours", "31-60": "31 à 60 jours", "61-90": "61 à 90 jours",
           ">90": "plus de 90 jours"},
    "nl": {"0-30": "0 tot 30 dagen", "31-60": "31 tot 60 dagen", "61-90": "61 tot 90 dagen",
           ">90": "meer dan 90 dagen"},
    "en": {"0-30": "0 to 30 days", "31-60": "31 to 60 days", "61-90": "61 to 90 days",
           ">90": "over 90 days"},
}


class LazyRows(Sequence[Any]):
    """A table computed the first time a template reads it (``{% if %}``, ``for``, ``[-12:]``)."""

    __slots__ = ("_make", "_rows")

    def __init__(self, make: Callable[[], list[Any]]) -> None:
        self._make = make
        self._rows: list[Any] | None = None

    def _get(self) -> list[Any]:
        if self._rows is None:
            self._rows = self._make()
        return self._rows

    def __len__(self) -> int:
        return len(self._get())

    def __iter__(self) -> Iterator[Any]:
        return iter(self._get())

    def __bool__(self) -> bool:
        return bool(self._get())

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        return self._get()[index]


# -- the facts of one letter -----------------------------------------------------------------------


@attrs.frozen
class Facts:
    """
    What a letter will be written from.

    Attributes:
        letter: the letter id.
        values: every known fact of the letter, typed (``date``, ``Money``, ``int``, ``str``).
        missing: required facts still unknown (rendering refuses while any is).
        ignored: explicit values not used because the ledger records the fact.
        context: the full template context (facts, derived values, labels).
    """

    letter: str
    values: Mapping[str, object]
    missing: tuple[str, ...]
    ignored: tuple[str, ...]
    context: dict[str, Any]

    def check(self) -> None:
        """
        Refuse when facts are missing.

        Raises:
            MissingFactsError: naming every missing fact.
        """
        if self.missing:
            raise MissingFactsError(self.letter, self.missing)


def collect_facts(
    spec: LetterSpec,
    view: CaseView | None,
    values: Mapping[str, object] | None = None,
    *,
    as_of: date,
    lang: str,
    letterhead: Letterhead | None = None,
    strict: bool = True,
    rules: Sequence[Any] | None = None,
    settings: Any = None,
) -> Facts:
    """
    Gather the facts of letter ``spec`` for a case (or for a batch row when ``view`` is None).

    Args:
        spec: the letter.
        view: the case, or ``None`` when every fact comes from ``values``.
        values: explicit values by fact name (text or typed).
        as_of: the letter's date.
        lang: the letter's language.
        letterhead: the sending partner, which supplies ``organisation``.
        strict: refuse names that are not facts of the letter (``--set`` typos).
        rules: the deadline rules in force (the Brussels pack by default).
        settings: the deadline settings in force (the documented defaults by default).

    Raises:
        ValidationError: an explicit value cannot be parsed, or names no fact of the letter.
    """
    values = values or {}
    known = set(spec.required) | set(spec.optional)
    explicit: dict[str, object] = {}
    for name, raw in values.items():
        if name not in known:
            if strict:
                allowed = ", ".join(sorted(known))
                raise ValidationError("set", name, f"is not a fact of letter {spec.id}; "
                                                   f"its facts: {allowed}")
            continue
        parsed = parse_fact(spec.fact(name), raw)
        if parsed is not None:
            explicit[name] = parsed
    case = CaseFacts(view, as_of, lang, rules, settings) if view is not None else None
    found: dict[str, object] = {}
    ignored: list[str] = []
    for fact in spec.facts():
        value = case.get(fact.name) if case is not None and fact.from_case else None
        if value is not None:
            if fact.name in explicit:
                ignored.append(fact.name)
        else:
            value = explicit.get(fact.name)
        if value is None and fact.name == "organisation" and letterhead is not None:
            value = letterhead.name
        if value is not None:
            found[fact.name] = value
    missing = tuple(n for n in spec.required if n not in found)
    context = _context(spec, found, case, as_of, lang, letterhead)
    return Facts(spec.id, found, missing, tuple(ignored), context)


def _context(
    spec: LetterSpec,
    found: dict[str, object],
    case: CaseFacts | None,
    as_of: date,
    lang: str,
    letterhead: Letterhead | None,
) -> dict[str, Any]:
    ctx: dict[str, Any] = dict(found)
    address = found.get("tenant_address")
    town = municipality(address, lang) if isinstance(address, str) else None
    place = (letterhead.city if letterhead is not None else "") or town
    ctx.update(
        lang=lang,
        today=as_of,
        place=place or ("Brussel" if lang == "nl" else "Bruxelles"),
        municipality=town,
        letter=spec,
        title=spec.title[lang],
        registered=spec.registered,
        basis=spec.legal_basis(lang),
        label=LABELS[lang],
        letterhead=letterhead,
        letterhead_lines=letterhead.text_lines() if letterhead is not None else (),
        statement=LazyRows(lambda: case.statement) if case is not None else [],
        ageing=LazyRows(lambda: case.ageing if case.balance.arrears else [])
        if case is not None else [],
    )
    rent, arrears = found.get("rent"), found.get("arrears")
    if isinstance(rent, Money) and isinstance(arrears, Money) and rent.cents > 0:
        ctx["arrears_months"] = arrears.ratio(rent)
    _plan_context(ctx, found, case)
    eviction = found.get("eviction_date")
    if isinstance(eviction, date):
        start, end, inside = winter_moratorium(eviction)
        ctx.update(moratorium_start=start, moratorium_end=end, in_moratorium=inside,
                   moratorium_after=date.fromordinal(end.toordinal() + 1))
    if "notice_months" in found:
        months = found["notice_months"]
        assert isinstance(months, int)
        start = add_months_clamped(as_of.replace(day=1), 1)
        ctx.update(notice_start=start,
                   notice_end=date.fromordinal(add_months_clamped(start, months).toordinal() - 1))
    request = found.get("indexation_request_date")
    claimed = found.get("indexation_from")
    if isinstance(request, date) and isinstance(claimed, date):
        earliest = add_months_clamped(request.replace(day=1), -3)
        ctx.update(retroactive_limit=earliest, retroactive_excess=claimed < earliest)
    if isinstance(rent, Money):
        ctx["penalty_per_month"] = Money(rent.cents // 10)
    keys = found.get("keys_returned_date")
    if isinstance(keys, date) and "guarantee_deadline" not in found:
        ctx["guarantee_deadline"] = add_months_clamped(keys, 2)
    days = found.get("repair_days")
    ctx["repair_days"] = days if isinstance(days, int) and days > 0 else 30
    ctx["repair_deadline"] = date.fromordinal(as_of.toordinal() + ctx["repair_days"])
    ctx["register_deadline"] = add_months_clamped(as_of, 1)
    return ctx


def _plan_context(ctx: dict[str, Any], found: dict[str, object], case: CaseFacts | None) -> None:
    """Add ``schedule`` (``instalment_count``, ``plan_total``) of a recorded or proposed plan."""
    plan = case.plan if case is not None else None
    if plan is not None:
        ctx["schedule"] = [{"number": i.number, "due": i.due, "amount": i.amount}
                           for i in plan.schedule]
        ctx["plan_total"] = plan.total
        ctx["plan_recorded"] = True
        return
    instalment, first_due = found.get("instalment"), found.get("first_due")
    arrears = found.get("arrears")
    if not isinstance(instalment, Money) or not isinstance(first_due, date):
        return
    count = found.get("instalment_count")
    amounts: list[int]
    if isinstance(count, int):
        if not 1 <= count <= 240:
            return
        amounts = [instalment.cents] * count
    elif isinstance(arrears, Money) and arrears.cents > 0 and instalment.cents > 0:
        full, rest = divmod(arrears.cents, instalment.cents)
        amounts = [instalment.cents] * full + ([rest] if rest else [])
        if len(amounts) > 240:
            return
        ctx["instalment_count"] = len(amounts)
    else:
        return
    rows = [
        {"number": number, "due": add_months_clamped(first_due, number - 1),
         "amount": Money(amount)}
        for number, amount in enumerate(amounts, start=1)
    ]
    ctx["schedule"] = rows
    ctx["plan_total"] = Money(sum(amounts))
    ctx["plan_recorded"] = False
