"""
The money side of a case, as pure folds over its entries.

* :func:`fold_balance` — total due (rent, charges, adjustments), paid, aid by
  source and arrears.
* :func:`ageing` — what is owed by age (0–30, 31–60, 61–90, > 90 days),
  allocating payments and aid to the oldest debt first.
* :func:`payment_plan_status` — the instalment schedule of the last agreed
  payment plan and whether it is in default.

The functions take *effective* entries (see
:func:`clss_housing.view.effective_entries`): already limited to a date and
with corrected entries left out.  Example::

    >>> from datetime import date
    >>> from clss_housing.ledger.entries import RentDue, Payment
    >>> b = fold_balance([RentDue(date=date(2026, 1, 1), amount=Money(80000)),
    ...                   Payment(date=date(2026, 1, 5), amount=Money(50000))])
    >>> str(b.arrears)
    '300.00'
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Final

import attrs

from clss_housing.ledger.entries import (
    Entry,
    PaymentPlanAgreed,
    PaymentPlanDefaulted,
)
from clss_housing.money import Money


__all__ = [
    "AGE_BUCKETS",
    "Ageing",
    "Balance",
    "Instalment",
    "PlanStatus",
    "ageing",
    "arrears_months",
    "fold_balance",
    "payment_plan_status",
]

#: Upper bounds (inclusive, in days) of the ageing buckets; the last is open.
AGE_BUCKETS: Final = ((0, 30, "0-30"), (31, 60, "31-60"), (61, 90, "61-90"), (91, None, ">90"))


@attrs.frozen
class Balance:
    """
    What the household owes and has paid.

    ``due`` = rent + charges + adjustments; ``arrears`` = due − paid − aid
    when positive, else zero, with the surplus in ``credit``.
    """

    rent: Money
    charges: Money
    adjustments: Money
    paid: Money
    aid_by_source: Mapping[str, Money]

    @property
    def due(self) -> Money:
        """Rent, charges and adjustments together."""
        return self.rent + self.charges + self.adjustments

    @property
    def aid(self) -> Money:
        """Aid paid by third parties, all sources together."""
        return Money(sum(m.cents for m in self.aid_by_source.values()))

    @property
    def outstanding(self) -> Money:
        """Due minus paid minus aid (negative when the household paid more)."""
        return Money(self.due.cents - self.paid.cents - self.aid.cents)

    @property
    def arrears(self) -> Money:
        """What is owed, never below zero."""
        return Money(max(0, self.outstanding.cents))

    @property
    def credit(self) -> Money:
        """What was paid beyond what is due."""
        return Money(max(0, -self.outstanding.cents))


_RENT, _CHARGES, _ADJ, _PAY, _AID = "rent_due", "charges_due", "adjustment", "payment", "aid_paid"


def fold_balance(entries: Iterable[Entry]) -> Balance:
    """Fold entries into a :class:`Balance` (procedure entries are ignored)."""
    rent = charges = adjustments = paid = 0
    aid: dict[str, int] = {}
    for e in entries:
        kind = e.kind
        if kind == _RENT:
            rent += e.amount.cents  # type: ignore[attr-defined]
        elif kind == _PAY:
            paid += e.amount.cents  # type: ignore[attr-defined]
        elif kind == _CHARGES:
            charges += e.amount.cents  # type: ignore[attr-defined]
        elif kind == _AID:
            source = e.source  # type: ignore[attr-defined]
            aid[source] = aid.get(source, 0) + e.amount.cents  # type: ignore[attr-defined]
        elif kind == _ADJ:
            adjustments += e.amount.cents  # type: ignore[attr-defined]
    return Balance(
        rent=Money(rent),
        charges=Money(charges),
        adjustments=Money(adjustments),
        paid=Money(paid),
        aid_by_source=MappingProxyType({k: Money(v) for k, v in sorted(aid.items())}),
    )


def arrears_months(arrears: Money, monthly_rent: Money) -> Decimal:
    """Arrears divided by the monthly rent, two decimals (half up); 0 without a rent."""
    if monthly_rent.cents <= 0:
        return Decimal("0.00")
    return arrears.ratio(monthly_rent)


@attrs.frozen
class Ageing:
    """Outstanding debt by age in days at ``as_of``; payments settle the oldest debt first."""

    as_of: date
    buckets: tuple[tuple[str, Money], ...]

    @property
    def total(self) -> Money:
        """Sum of all buckets (equals the balance's arrears)."""
        return Money(sum(m.cents for _, m in self.buckets))

    def as_dict(self) -> dict[str, Money]:
        """Bucket label → amount."""
        return dict(self.buckets)


def ageing(entries: Iterable[Entry], as_of: date) -> Ageing:
    """
    The ageing table at ``as_of``.

    Debts are rent, charges and positive adjustments, each aged from its own
    date.  Payments, aid and negative adjustments are pooled and applied to
    the oldest debt first (the usual imputation of payments to the oldest due
    debt, old Civil Code art. 1256).
    """
    debts: list[tuple[date, int]] = []
    credit = 0
    for e in entries:
        kind = e.kind
        if kind in (_RENT, _CHARGES):
            debts.append((e.date, e.amount.cents))  # type: ignore[attr-defined]
        elif kind in (_PAY, _AID):
            credit += e.amount.cents  # type: ignore[attr-defined]
        elif kind == _ADJ:
            cents = e.amount.cents  # type: ignore[attr-defined]
            if cents > 0:
                debts.append((e.date, cents))
            else:
                credit -= cents
    debts.sort(key=lambda d: d[0])
    totals = [0] * len(AGE_BUCKETS)
    for when, cents in debts:
        used = min(credit, cents)
        credit -= used
        left = cents - used
        if left <= 0:
            continue
        age = (as_of - when).days
        for index, (_, upper, _label) in enumerate(AGE_BUCKETS):
            if upper is None or age <= upper:
                totals[index] += left
                break
    return Ageing(
        as_of=as_of,
        buckets=tuple(
            (label, Money(t)) for (_, _, label), t in zip(AGE_BUCKETS, totals, strict=True)
        ),
    )


@attrs.frozen
class Instalment:
    """One instalment of a payment plan and how much of it is covered at the view's date."""

    number: int
    due: date
    amount: Money
    covered: Money

    @property
    def settled(self) -> bool:
        """The instalment is fully covered."""
        return self.covered.cents >= self.amount.cents


@attrs.frozen
class PlanStatus:
    """
    The last agreed payment plan, its schedule and whether it is kept.

    Money paid towards the plan is what the household paid (payments and
    aid) since the agreement beyond the rent and charges that fell due in
    the same time.  The plan is in default when that is less than the
    instalments due more than ``grace_days`` ago, or when a
    ``payment_plan_defaulted`` entry says so.
    """

    agreed_on: date
    instalment: Money
    schedule: tuple[Instalment, ...]
    due_to_date: Money
    paid_to_date: Money
    in_default: bool
    default_recorded: bool

    @property
    def shortfall(self) -> Money:
        """Instalments due minus what was paid towards them, never below zero."""
        return Money(max(0, self.due_to_date.cents - self.paid_to_date.cents))

    @property
    def total(self) -> Money:
        """The whole plan."""
        return self.instalment * len(self.schedule)


def add_months_clamped(start: date, months: int) -> date:
    """``start`` plus ``months`` calendar months, clamped to the end of shorter months."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def payment_plan_status(
    entries: Sequence[Entry], as_of: date, *, grace_days: int = 0
) -> PlanStatus | None:
    """The status of the last payment plan agreed on or before ``as_of``, or ``None``."""
    plan: PaymentPlanAgreed | None = None
    plan_index = -1
    for index, e in enumerate(entries):
        if isinstance(e, PaymentPlanAgreed) and e.date <= as_of:
            plan, plan_index = e, index
    if plan is None:
        return None
    after = entries[plan_index + 1:]
    recorded_default = any(isinstance(e, PaymentPlanDefaulted) and e.date <= as_of for e in after)
    since = [e for e in entries if e.date >= plan.date and e is not plan and e.date <= as_of]
    towards = 0
    for e in since:
        kind = e.kind
        if kind in (_PAY, _AID):
            towards += e.amount.cents  # type: ignore[attr-defined]
        elif kind in (_RENT, _CHARGES) or kind == _ADJ:
            towards -= e.amount.cents  # type: ignore[attr-defined]
    towards = max(0, towards)
    schedule = []
    remaining = towards
    due_cents = 0
    overdue_cents = 0
    cutoff = as_of - timedelta(days=grace_days)
    for number in range(plan.count):
        due = add_months_clamped(plan.first_due, number)
        covered = min(remaining, plan.instalment.cents)
        remaining -= covered
        schedule.append(Instalment(number + 1, due, plan.instalment, Money(covered)))
        if due <= as_of:
            due_cents += plan.instalment.cents
        if due <= cutoff:
            overdue_cents += plan.instalment.cents
    in_default = recorded_default or towards < overdue_cents
    return PlanStatus(
        agreed_on=plan.date,
        instalment=plan.instalment,
        schedule=tuple(schedule),
        due_to_date=Money(due_cents),
        paid_to_date=Money(min(towards, plan.instalment.cents * plan.count)),
        in_default=in_default,
        default_recorded=recorded_default,
    )

