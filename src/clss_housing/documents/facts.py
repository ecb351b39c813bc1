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
from clss_housing.deadlines.brussels import LEASE_REFORM_2024
from clss_housing.deadlines.indexation import first_anniversary, indexation_earliest_effect
from clss_housing.deadlines.rules import DeadlineSettings, Rules
from clss_housing.documents.catalogue import Fact, LetterSpec
from clss_housing.documents.formatting import (
    LABELS,
    format_date,
    kind_label,
    municipality,
)
from clss_housing.documents.glossary import glossary
from clss_housing.documents.legal import landlord_notice, tenant_notice
from clss_housing.documents.letterhead import Letterhead
from clss_housing.documents.partners import PartnerProfile, partner_aliases
from clss_housing.documents.redaction import consents_in_force
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
from clss_housing.limits import DATE_FORMS, check_date, read_date
from clss_housing.money import Money
from clss_housing.view import CaseView


__all__ = [
    "CaseFacts", "Facts", "LazyRows", "collect_facts", "parse_fact", "winter_moratorium",
]

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
        parsed = read_date(raw)
        if parsed is not None:
            return check_date(parsed, field)
    raise ValidationError(field, raw, f"is not a date; write it as {DATE_FORMS}")


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
        rules: Rules | None = None,
        settings: Any = None,
        partners: Mapping[str, PartnerProfile] | None = None,
    ) -> None:
        self.view = view
        self.as_of = as_of
        self.lang = lang
        self.rules = rules
        self.settings = settings
        self.partners: Mapping[str, PartnerProfile] = partners or {}
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
        if name in ("landlord_notice_date", "landlord_notice_months"):
            for entry in reversed(self.entries):
                if isinstance(entry, LeaseNotice) and entry.given_by == "landlord":
                    return entry.date if name == "landlord_notice_date" else entry.months
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
        """
        Money entries in date order (ledger order within a day) with a running balance.

        Each row: ``date, label, debit, credit, balance`` (``carried`` false).
        """
        rows = []
        running = 0
        lang = self.lang
        money = [e for e in self.entries if e.is_money]
        for entry in sorted(money, key=lambda e: e.date):  # stable: ledger order per day
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
                "balance": Money(running), "carried": False,
            })
        return rows

    def statement_tail(self, limit: int) -> list[dict[str, Any]]:
        """
        The last ``limit`` rows of :attr:`statement`, after a carried-forward row when cut.

        The carried-forward row (``carried`` true) is dated the day before the first row
        shown and holds the balance of every earlier row, so the running balance of the
        table still reads from zero.
        """
        rows = self.statement
        if len(rows) <= limit:
            return list(rows)
        shown = rows[-limit:]
        before = rows[-limit - 1]
        label = _CARRIED[self.lang]
        return [{"date": before["date"], "label": label, "debit": None, "credit": None,
                 "balance": before["balance"], "carried": True}, *shown]

    @cached_property
    def ageing(self) -> list[dict[str, Any]]:
        """The ageing table: ``label, amount`` per bucket (0-30, 31-60, 61-90, > 90 days)."""
        table = self.view.ageing(self.as_of)
        return [{"label": _AGE_LABELS[self.lang].get(label, label), "amount": amount}
                for label, amount in table.buckets]


_LANG_INDEX: Final = {"fr": 0, "nl": 1, "en": 2}
_CARRIED: Final = {"fr": "Solde reporté", "nl": "Overgedragen saldo",
                   "en": "Balance carried forward"}
#: Rows of a statement of account printed in a letter (older rows: one carried-forward row).
STATEMENT_ROWS: Final = 12
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
    rules: Rules | None = None,
    settings: Any = None,
    partners: Mapping[str, PartnerProfile] | None = None,
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
        partners: the partner profiles by id (a consent recorded under a partner's alias
            counts for it).

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
    case = CaseFacts(view, as_of, lang, rules, settings, partners) if view is not None else None
    found: dict[str, object] = {}
    ignored: list[str] = []
    stale_plan = spec.proposes_plan and _stale_plan(case, as_of)
    for fact in spec.facts():
        value = case.get(fact.name) if case is not None and fact.from_case else None
        if (stale_plan and fact.name == "first_due") or (
                spec.proposes_plan and fact.name == "instalment_count"):
            # A proposal's count is computed from the acknowledged arrears; and when the
            # recorded plan started on or before the letter's date, a proposal made now
            # cannot start then, so the date of the new proposal is asked for.
            value = None
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
    context = _context(spec, found, case, as_of, lang, letterhead, check=not missing)
    return Facts(spec.id, found, missing, tuple(ignored), context)


def _stale_plan(case: CaseFacts | None, as_of: date) -> bool:
    if case is None:
        return False
    first = case.get("first_due")
    return isinstance(first, date) and first <= as_of


def _context(
    spec: LetterSpec,
    found: dict[str, object],
    case: CaseFacts | None,
    as_of: date,
    lang: str,
    letterhead: Letterhead | None,
    *,
    check: bool = True,
) -> dict[str, Any]:
    ctx: dict[str, Any] = dict(found)
    address = found.get("tenant_address")
    town = municipality(address, lang) if isinstance(address, str) else None
    place = (letterhead.city if letterhead is not None else "") or town
    civility = case.opened.civility if case is not None else "neutral"
    tenant = found.get("tenant")
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
        term=glossary(lang),
        letterhead=letterhead,
        letterhead_lines=letterhead.text_lines() if letterhead is not None else (),
        civility=civility,
        tenant_named=_named(tenant, civility, lang) if isinstance(tenant, str) else tenant,
        statement=LazyRows(lambda: case.statement_tail(STATEMENT_ROWS))
        if case is not None else [],
        ageing=LazyRows(lambda: case.ageing if case.balance.arrears else [])
        if case is not None else [],
    )
    rent, arrears = found.get("rent"), found.get("arrears")
    if isinstance(rent, Money) and isinstance(arrears, Money) and rent.cents > 0:
        ctx["arrears_months"] = arrears.ratio(rent)
    if isinstance(arrears, Money):
        contested = found.get("contested_amount")
        if isinstance(contested, Money) and contested.cents > arrears.cents and check:
            raise ValidationError("set.contested_amount", str(contested),
                                  f"is more than the arrears ({arrears}) at the letter's date")
        ctx["acknowledged"] = (Money(arrears.cents - contested.cents)
                               if isinstance(contested, Money) else arrears)
    deadline = found.get("pre_court_deadline")
    ctx["pre_court_open"] = isinstance(deadline, date) and deadline >= as_of
    if check:
        _plan_context(ctx, spec, found, case, as_of)
    eviction = found.get("eviction_date")
    if isinstance(eviction, date):
        start, end, inside = winter_moratorium(eviction)
        ctx.update(moratorium_start=start, moratorium_end=end, in_moratorium=inside,
                   moratorium_after=date.fromordinal(end.toordinal() + 1))
    settings = (case.settings if case is not None else None) or DeadlineSettings()
    calendar = settings.calendar
    rehousing = found.get("rehousing_date")
    if isinstance(rehousing, date):
        ctx["rehousing_in_moratorium"] = calendar.in_winter_moratorium(rehousing)
        ctx["after_rehousing_moratorium"] = calendar.after_winter_moratorium(rehousing)
    if check and "lease_type" in found and "notice_ground" in found:
        _landlord_notice_context(ctx, found)
    elif check and "lease_type" in found:
        _notice_context(ctx, found, as_of)
    request = found.get("indexation_request_date")
    claimed = found.get("indexation_from")
    if isinstance(request, date) and isinstance(claimed, date):
        lease_start = found.get("lease_start")
        start_known = lease_start if isinstance(lease_start, date) else None
        # One function for the letter and the deadline engine (both limits together).
        earliest = indexation_earliest_effect(start_known, request, settings=settings)
        retro = indexation_earliest_effect(None, request, settings=settings)
        ctx.update(retroactive_limit=retro, indexation_earliest=earliest,
                   anniversary_binding=earliest > retro,
                   first_anniversary=first_anniversary(start_known) if start_known else None,
                   retroactive_excess=claimed < earliest)
    if isinstance(rent, Money):
        ctx["penalty_per_month"] = Money(rent.cents // 10)
    _guarantee_context(ctx, found, case)
    new_rent, guarantee = found.get("new_rent"), found.get("guarantee_amount")
    if isinstance(new_rent, Money) and isinstance(guarantee, Money) and new_rent.cents > 0:
        # CBL art. 248 as amended in 2024: at most two months of rent (without charges).
        if check and guarantee.cents > 2 * new_rent.cents:
            raise ValidationError("set.guarantee_amount", str(guarantee),
                                  f"is more than two months of the new rent ({new_rent}), the "
                                  "legal maximum (Brussels Housing Code art. 248)")
        months = guarantee.ratio(new_rent)
        ctx["guarantee_months"] = int(months) if months == months.to_integral() else months
    share = found.get("landlord_share")
    if isinstance(guarantee, Money):
        to_landlord = share if isinstance(share, Money) else Money(0)
        if check and (to_landlord.cents < 0 or to_landlord.cents > guarantee.cents):
            raise ValidationError("set.landlord_share", str(to_landlord),
                                  f"must be between 0 and the guarantee ({guarantee})")
        ctx["landlord_share"] = to_landlord
        ctx["tenant_share"] = Money(guarantee.cents - to_landlord.cents)
    days = found.get("repair_days")
    ctx["repair_days"] = days if isinstance(days, int) and days > 0 else 30
    ctx["repair_deadline"] = date.fromordinal(as_of.toordinal() + ctx["repair_days"])
    ctx["register_deadline"] = add_months_clamped(as_of, 1)
    if check and spec.consent_partner:
        _consent_context(ctx, spec, found, case, as_of)
    if check:
        _dated_checks(spec, found, case, as_of)
    ctx["tenant_salutation"] = _SALUTATIONS.get(lang, _SALUTATIONS["fr"])[civility]
    relation = found.get("proxy_relation")
    if isinstance(relation, str):
        ctx["proxy_relation_words"] = _relation(relation, lang)
    return ctx


_SALUTATIONS: Final = {
    "fr": {"madame": "Madame", "monsieur": "Monsieur", "neutral": "Madame, Monsieur"},
    "nl": {"madame": "Geachte mevrouw", "monsieur": "Geachte heer",
           "neutral": "Geachte mevrouw, geachte heer"},
    "en": {"madame": "Dear Madam", "monsieur": "Dear Sir", "neutral": "Dear Sir or Madam"},
}

#: Who may represent a party before the justice of the peace with a written proxy
#: (Judicial Code art. 728 §2): the spouse, the legal cohabitant, a relative or an in-law.
PROXY_RELATIONS: Final = {
    "spouse": ("mon conjoint", "mijn echtgenoot of echtgenote", "my spouse"),
    "legal_cohabitant": ("mon cohabitant légal", "mijn wettelijk samenwonende partner",
                         "my legal cohabitant"),
    "relative": ("un parent", "een bloedverwant", "a relative"),
    "in_law": ("un allié", "een aanverwant", "an in-law"),
}


def _relation(relation: str, lang: str) -> str:
    key = relation.strip().lower()
    words = PROXY_RELATIONS.get(key)
    return words[_LANG_INDEX.get(lang, 0)] if words else key


def _dated_checks(
    spec: LetterSpec, found: dict[str, object], case: CaseFacts | None, as_of: date
) -> None:
    """
    Refuse a letter whose date-bound premise no longer holds at its date.

    * an appeal reminder (L18) after the appeal period ended, or for a judgment given by
      default (the remedy is then opposition, Judicial Code art. 1048);
    * a proxy for a hearing (L19) on or before the letter's date, or given to someone
      Judicial Code art. 728 §2 does not allow;
    * an extension for exceptional circumstances (L23) asked less than one month before
      the lease ends;
    * a departure (L25) announced for a day already past;
    * a DIRL complaint (L26) quoting a formal notice dated after the letter;
    * a guarantee release (L27) before the keys were handed back (the agreement is made
      at the earliest at the end of the lease).

    Raises:
        ValidationError: naming the fact.
    """
    if spec.id == "L18":
        deadline = found.get("appeal_deadline")
        if isinstance(deadline, date) and deadline < as_of:
            raise ValidationError("appeal_deadline", deadline.isoformat(),
                                  "has passed at the letter's date: no appeal can be lodged")
        judgment = _last(case.entries, Judgment) if case is not None else None
        if judgment is not None and judgment.default:
            raise ValidationError("judgment", "by default",
                                  "the remedy against a default judgment is opposition "
                                  "(Judicial Code art. 1048), not an appeal")
    if spec.id == "L23":
        end = found.get("lease_end")
        # The request must reach the landlord by registered letter at the latest one month
        # before the lease ends (Notaire.be, Droits Quotidiens: see docs/letters).
        if isinstance(end, date) and add_months_clamped(as_of, 1) > end:
            raise ValidationError("set.lease_end", end.isoformat(),
                                  "is less than one month after the letter's date: an "
                                  "extension for exceptional circumstances must be asked at "
                                  "the latest one month before the lease ends")
    if spec.id == "L25":
        leaving = found.get("departure_date")
        if isinstance(leaving, date) and leaving < as_of:
            raise ValidationError("set.departure_date", leaving.isoformat(),
                                  "is before the letter's date: the letter announces a "
                                  "coming departure")
    if spec.id == "L26":
        asked = found.get("repair_notice_date")
        if isinstance(asked, date) and asked > as_of:
            raise ValidationError("set.repair_notice_date", asked.isoformat(),
                                  "is after the letter's date: the complaint can only quote "
                                  "a formal notice already sent")
        returned = _last(case.entries, KeysReturned) if case is not None else None
        if returned is not None and returned.date <= as_of:
            raise ValidationError("keys_returned", returned.date.isoformat(),
                                  "the keys were handed back: the DIRL takes a complaint only "
                                  "about a dwelling let under a lease still running")
    if spec.id == "L27":
        keys = found.get("keys_returned_date")
        if isinstance(keys, date) and keys > as_of:
            raise ValidationError("keys_returned_date", keys.isoformat(),
                                  "is after the letter's date: the release agreement is "
                                  "made at the earliest at the end of the lease (Brussels "
                                  "Housing Code art. 248)")
    if spec.id == "L19":
        hearing = found.get("hearing_date")
        if isinstance(hearing, date) and hearing <= as_of:
            raise ValidationError("hearing_date", hearing.isoformat(),
                                  "is not after the letter's date: a proxy is for a coming "
                                  "hearing")
        relation = str(found.get("proxy_relation", "")).strip().lower()
        if relation not in PROXY_RELATIONS:
            raise ValidationError("set.proxy_relation", relation or None,
                                  f"must be one of: {', '.join(PROXY_RELATIONS)} (Judicial "
                                  "Code art. 728 §2); a lawyer needs no proxy letter")


_TITLES: Final = {
    "fr": {"madame": "Madame", "monsieur": "Monsieur"},
    "nl": {"madame": "mevrouw", "monsieur": "de heer"},
    "en": {"madame": "Ms", "monsieur": "Mr"},
}


def _named(name: str, civility: str, lang: str) -> str:
    """The tenant as a third party names them: ``Madame X``, ``de heer X``, or just ``X``."""
    title = _TITLES.get(lang, _TITLES["fr"]).get(civility)
    return f"{title} {name}" if title else name


def _notice_context(ctx: dict[str, Any], found: dict[str, object], as_of: date) -> None:
    """The tenant's notice (letter L9): period, end and indemnity, from the lease."""
    lease_start = found.get("lease_start")
    landlord_notice = found.get("landlord_notice_date")
    notice = tenant_notice(
        str(found["lease_type"]).strip().lower(),
        lease_start if isinstance(lease_start, date) else None,
        as_of,
        landlord_notice=landlord_notice if isinstance(landlord_notice, date) else None,
    )
    asked = found.get("notice_months")
    if isinstance(asked, int) and asked != notice.months:
        why = ("a counter-notice after the landlord's notice is one month"
               if notice.counter_notice else
               "a tenant's notice is three months (one month only after the landlord's "
               "notice)")
        raise ValidationError("set.notice_months", asked,
                              f"must be {notice.months}: {why} (Brussels Housing Code "
                              f"art. {notice.basis})")
    rent = found.get("rent")
    ctx.update(
        notice_months=notice.months, notice_start=notice.start, notice_end=notice.end,
        counter_notice=notice.counter_notice, indemnity_months=notice.indemnity_months,
        notice_article=notice.basis, lease_type=str(found["lease_type"]).strip().lower(),
    )
    if isinstance(rent, Money) and notice.indemnity_months:
        ctx["indemnity_amount"] = rent * notice.indemnity_months


def _landlord_notice_context(ctx: dict[str, Any], found: dict[str, object]) -> None:
    """The landlord's notice (letter L22) checked against the lease: dates, defects, indemnity."""
    received, given = found.get("landlord_notice_date"), found.get("landlord_notice_months")
    lease_start = found.get("lease_start")
    if not isinstance(received, date) or not isinstance(given, int):
        return
    lease_type = str(found["lease_type"]).strip().lower()
    ground = str(found["notice_ground"]).strip().lower()
    notice = landlord_notice(lease_type, ground, received, given,
                             lease_start if isinstance(lease_start, date) else None)
    ctx.update(lease_type=lease_type, notice_ground=ground,
               required_months=notice.required_months, notice_start=notice.start,
               notice_end=notice.end, notice_defects=notice.defects,
               landlord_indemnity_months=notice.landlord_indemnity_months,
               lease_article="238" if lease_type == "short" else "237")
    rent = found.get("rent")
    if isinstance(rent, Money) and notice.landlord_indemnity_months:
        ctx["landlord_indemnity"] = rent * notice.landlord_indemnity_months


def _guarantee_context(
    ctx: dict[str, Any], found: dict[str, object], case: CaseFacts | None
) -> None:
    """
    The two-month return and the 10 % penalty (CBL art. 248-249 as amended in 2024).

    They are stated only for a lease concluded from 1 November 2024: the deadline
    engine's date when a case is known, else computed from the keys' date when the
    lease start is given and late enough.
    """
    lease_start = found.get("lease_start")
    keys = found.get("keys_returned_date")
    new_regime = isinstance(lease_start, date) and lease_start >= LEASE_REFORM_2024
    ctx["guarantee_new_regime"] = new_regime or "guarantee_deadline" in found
    if (isinstance(keys, date) and "guarantee_deadline" not in found and case is None
            and new_regime):
        ctx["guarantee_deadline"] = add_months_clamped(keys, 2)
    ctx["guarantee_regime_date"] = LEASE_REFORM_2024


def _consent_context(
    ctx: dict[str, Any],
    spec: LetterSpec,
    found: dict[str, object],
    case: CaseFacts | None,
    as_of: date,
) -> None:
    """
    A letter to a partner shares personal data only under the tenant's consent.

    Professional secrecy (Criminal Code art. 458) allows sharing with a partner only
    what the person agreed to: the consent must be in force at the letter's date for
    the partner (:attr:`LetterSpec.consent_partner`), of the letter's scope when it has
    one; the arrears are printed only under a ``finance`` consent and the procedure's
    dates only under a ``legal`` one.  ``consent_scopes`` lists the scopes in force.

    Raises:
        ValidationError: no such consent in force (naming the partner and scope).
    """
    partner = spec.consent_partner
    if partner.startswith("@"):
        partner = str(found.get(partner[1:], "")).strip()
    scopes: frozenset[str] = (
        consents_in_force(case.view, partner, as_of,
                          aliases=partner_aliases(partner, case.partners))
        if case is not None and partner else frozenset()
    )
    wanted = spec.consent_scope
    if not scopes or (wanted and wanted not in scopes):
        scope = f"scope {wanted}" if wanted else "any scope"
        raise ValidationError(
            "consent", partner or None,
            f"no consent of the tenant ({scope}) is in force for this partner at the "
            "letter's date; record consent_given with that partner and scope first",
        )
    ctx["consent_scopes"] = scopes
    if "finance" not in scopes:
        for name in ("arrears", "rent", "arrears_months", "acknowledged"):
            ctx.pop(name, None)
    if "legal" not in scopes:
        for name in ("hearing_date", "eviction_date", "judgment_date"):
            ctx.pop(name, None)


def _plan_context(
    ctx: dict[str, Any],
    spec: LetterSpec,
    found: dict[str, object],
    case: CaseFacts | None,
    as_of: date,
) -> None:
    """
    Add ``schedule``, ``instalment_count`` and ``plan_total`` of a recorded or proposed plan.

    A letter that proposes a plan (:attr:`LetterSpec.proposes_plan`) shows the recorded
    plan only while none of its instalments is due yet and it covers exactly the
    acknowledged arrears; otherwise it proposes a new plan, computed here: the
    acknowledged arrears in instalments of ``instalment`` (the last one smaller),
    monthly from ``first_due``, which must come after the letter's date.

    Raises:
        ValidationError: ``first_due`` on or before the letter's date, or an explicit
            ``instalment_count`` that does not cover the acknowledged arrears.
    """
    plan = case.plan if case is not None else None
    owed = ctx.get("acknowledged")
    if plan is not None and (not spec.proposes_plan or (
            plan.schedule and plan.schedule[0].due > as_of
            and isinstance(owed, Money) and plan.total == owed)):
        ctx["schedule"] = [{"number": i.number, "due": i.due, "amount": i.amount}
                           for i in plan.schedule]
        ctx["plan_total"] = plan.total
        ctx["plan_recorded"] = True
        ctx["instalment_count"] = len(plan.schedule)
        return
    ctx["plan_recorded"] = False
    instalment, first_due = found.get("instalment"), found.get("first_due")
    if not isinstance(instalment, Money) or not isinstance(first_due, date):
        for name in ("schedule", "plan_total"):
            ctx.pop(name, None)
        return
    if spec.proposes_plan and first_due <= as_of:
        raise ValidationError(
            "set.first_due", first_due.isoformat(),
            f"is on or before the letter's date ({as_of.isoformat()}): a proposed payment "
            "plan must start after it",
        )
    if not isinstance(owed, Money) or owed.cents <= 0 or instalment.cents <= 0:
        if spec.proposes_plan and isinstance(owed, Money) and owed.cents <= 0:
            raise ValidationError("arrears", str(owed),
                                  "no arrears are acknowledged at the letter's date: there is "
                                  "no debt to propose a payment plan for")
        return
    full, rest = divmod(owed.cents, instalment.cents)
    amounts = [instalment.cents] * full + ([rest] if rest else [])
    if len(amounts) > 240:
        raise ValidationError("set.instalment", str(instalment),
                              "is too small: the plan would need more than 240 instalments")
    count = found.get("instalment_count")
    if isinstance(count, int) and count != len(amounts):
        raise ValidationError(
            "set.instalment_count", count,
            f"must be {len(amounts)}: {len(amounts)} instalments of {instalment} cover the "
            f"acknowledged arrears of {owed}",
        )
    ctx["instalment_count"] = len(amounts)
    ctx["schedule"] = [
        {"number": number, "due": add_months_clamped(first_due, number - 1),
         "amount": Money(amount)}
        for number, amount in enumerate(amounts, start=1)
    ]
    ctx["plan_total"] = Money(sum(amounts))
