"""Tests of the balance folds: totals, arrears, ageing and payment plans."""

from __future__ import annotations

import calendar
import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clss_housing.balance import (
    AGE_BUCKETS,
    Balance,
    add_months_clamped,
    ageing,
    arrears_months,
    fold_balance,
    payment_plan_status,
)
from clss_housing.ledger.entries import (
    Adjustment,
    AidPaid,
    ChargesDue,
    Entry,
    Judgment,
    Note,
    Payment,
    PaymentPlanAgreed,
    PaymentPlanDefaulted,
    RentDue,
)
from clss_housing.money import Money
from tests.strategies import ENTRY_STRATEGIES, any_entry, days


def euros(value: int) -> Money:
    """Whole euros."""
    return Money(value * 100)


def combine(a: Balance, b: Balance) -> Balance:
    """The balance of two entry lists, from their separate balances."""
    sources = set(a.aid_by_source) | set(b.aid_by_source)
    return Balance(
        rent=a.rent + b.rent,
        charges=a.charges + b.charges,
        adjustments=a.adjustments + b.adjustments,
        paid=a.paid + b.paid,
        aid_by_source={
            s: a.aid_by_source.get(s, Money(0)) + b.aid_by_source.get(s, Money(0))
            for s in sorted(sources)
        },
    )


def same(expected: Balance, actual: Balance) -> None:
    """Two balances agree field by field (the aid mapping compared as a dict)."""
    assert (expected.rent, expected.charges, expected.adjustments, expected.paid) == (
        actual.rent, actual.charges, actual.adjustments, actual.paid,
    )
    assert dict(expected.aid_by_source) == dict(actual.aid_by_source)


entry_lists = st.lists(any_entry(), max_size=20)
money_lists = st.lists(
    st.one_of(
        *(ENTRY_STRATEGIES[cls] for cls in (RentDue, ChargesDue, Payment, AidPaid, Adjustment))
    ),
    max_size=25,
)


class TestFoldBalance:
    """What is due, paid and owed."""

    def test_worked_example(self) -> None:
        """It sums each kind and leaves procedure entries out."""
        d = date(2026, 1, 1)
        balance = fold_balance([
            RentDue(date=d, amount=euros(750)),
            ChargesDue(date=d, amount=euros(50)),
            Adjustment(date=d, amount=euros(-20), reason="credit note"),
            Payment(date=d, amount=euros(300)),
            AidPaid(date=d, amount=euros(200), source="cpas"),
            AidPaid(date=d, amount=euros(100), source="fonds_logement"),
            AidPaid(date=d, amount=euros(50), source="cpas"),
            Judgment(date=d, outcome="eviction"),
            Note(date=d, text="a note"),
        ])
        assert euros(750) == balance.rent
        assert euros(50) == balance.charges
        assert euros(-20) == balance.adjustments
        assert euros(780) == balance.due
        assert euros(300) == balance.paid
        assert {"cpas": euros(250), "fonds_logement": euros(100)} == dict(balance.aid_by_source)
        assert euros(350) == balance.aid
        assert euros(130) == balance.outstanding
        assert euros(130) == balance.arrears
        assert Money(0) == balance.credit

    def test_credit(self) -> None:
        """It shows overpayment as credit, with zero arrears."""
        d = date(2026, 1, 1)
        balance = fold_balance(
            [RentDue(date=d, amount=euros(100)), Payment(date=d, amount=euros(130))]
        )
        assert euros(-30) == balance.outstanding
        assert Money(0) == balance.arrears
        assert euros(30) == balance.credit

    def test_empty(self) -> None:
        """It gives zeros for no entries."""
        balance = fold_balance([])
        assert Money(0) == balance.due == balance.paid == balance.aid == balance.arrears
        assert {} == dict(balance.aid_by_source)

    def test_aid_sources_are_read_only_and_sorted(self) -> None:
        """It returns aid by source in a fixed order, in a mapping nobody can change."""
        d = date(2026, 1, 1)
        balance = fold_balance([
            AidPaid(date=d, amount=euros(1), source="other"),
            AidPaid(date=d, amount=euros(1), source="cpas"),
        ])
        assert ["cpas", "other"] == list(balance.aid_by_source)
        with pytest.raises(TypeError):
            balance.aid_by_source["cpas"] = euros(5)  # type: ignore[index]

    @settings(max_examples=100, deadline=None)
    @given(entry_lists)
    def test_sum_of_parts(self, entries: list[Entry]) -> None:
        """It keeps due, paid, aid, outstanding and arrears consistent for any entries."""
        b = fold_balance(entries)
        assert b.rent + b.charges + b.adjustments == b.due
        assert b.due - b.paid - b.aid == b.outstanding
        assert Money(max(0, b.outstanding.cents)) == b.arrears
        assert b.arrears - b.credit == b.outstanding
        assert Money(sum(m.cents for m in b.aid_by_source.values())) == b.aid
        by_kind = {
            kind: sum(e.amount.cents for e in entries if e.kind == kind)  # type: ignore[attr-defined]
            for kind in ("rent_due", "charges_due", "adjustment", "payment", "aid_paid")
        }
        assert Money(by_kind["rent_due"]) == b.rent
        assert Money(by_kind["charges_due"]) == b.charges
        assert Money(by_kind["adjustment"]) == b.adjustments
        assert Money(by_kind["payment"]) == b.paid
        assert Money(by_kind["aid_paid"]) == b.aid

    @settings(max_examples=100, deadline=None)
    @given(entry_lists, st.data())
    def test_fold_of_halves(self, entries: list[Entry], data: st.DataObject) -> None:
        """It gives for a list the combination of the balances of any two halves of it."""
        cut = data.draw(st.integers(0, len(entries)))
        halves = combine(fold_balance(entries[:cut]), fold_balance(entries[cut:]))
        same(halves, fold_balance(entries))

    @settings(max_examples=100, deadline=None)
    @given(entry_lists, st.randoms(use_true_random=False))
    def test_order_does_not_matter(self, entries: list[Entry], rnd: random.Random) -> None:
        """It gives the same totals whatever the order of the entries."""
        shuffled = list(entries)
        rnd.shuffle(shuffled)
        same(fold_balance(entries), fold_balance(shuffled))
        assert fold_balance(entries) == fold_balance(iter(entries))


class TestArrearsMonths:
    """Arrears in months of rent."""

    @pytest.mark.parametrize(
        ("arrears", "rent", "months"),
        [(225000, 75000, "3.00"), (100000, 75000, "1.33"), (0, 75000, "0.00"),
         (50, 300, "0.17"), (5, 1000, "0.01"), (100000, 0, "0.00")],
    )
    def test_values(self, arrears: int, rent: int, months: str) -> None:
        """It divides by the rent to two decimals, half up, and gives zero without a rent."""
        assert Decimal(months) == arrears_months(Money(arrears), Money(rent))


class TestAgeing:
    """Debt by age, oldest debt paid first."""

    def test_worked_example(self) -> None:
        """It settles the oldest rent first and ages the rest from each due date."""
        as_of = date(2026, 6, 15)
        table = ageing(
            [
                RentDue(date=date(2026, 3, 1), amount=euros(750)),  # 106 days
                RentDue(date=date(2026, 4, 1), amount=euros(750)),  # 75 days
                Payment(date=date(2026, 4, 10), amount=euros(600)),
                RentDue(date=date(2026, 5, 1), amount=euros(750)),  # 45 days
                AidPaid(date=date(2026, 5, 20), amount=euros(400), source="cpas"),
                RentDue(date=date(2026, 6, 1), amount=euros(750)),  # 14 days
            ],
            as_of,
        )
        assert as_of == table.as_of
        assert ["0-30", "31-60", "61-90", ">90"] == [label for label, _ in table.buckets]
        assert {
            "0-30": euros(750), "31-60": euros(750), "61-90": euros(500), ">90": Money(0),
        } == table.as_dict()
        assert euros(2000) == table.total

    @pytest.mark.parametrize(
        ("age", "label"),
        [(0, "0-30"), (30, "0-30"), (31, "31-60"), (60, "31-60"), (61, "61-90"), (90, "61-90"),
         (91, ">90"), (4000, ">90")],
    )
    def test_bucket_bounds(self, age: int, label: str) -> None:
        """It puts a debt of each age in the right bucket, bounds included."""
        as_of = date(2026, 6, 15)
        table = ageing([ChargesDue(date=as_of - timedelta(days=age), amount=euros(10))], as_of)
        assert euros(10) == table.as_dict()[label]
        assert euros(10) == table.total

    def test_adjustments(self) -> None:
        """It ages a positive adjustment as a debt and uses a negative one as a credit."""
        as_of = date(2026, 6, 15)
        table = ageing(
            [
                Adjustment(date=date(2026, 1, 1), amount=euros(100), reason="indexation"),
                RentDue(date=date(2026, 6, 1), amount=euros(100)),
                Adjustment(date=date(2026, 6, 2), amount=euros(-150), reason="credit note"),
            ],
            as_of,
        )
        assert {"0-30": euros(50), "31-60": Money(0), "61-90": Money(0), ">90": Money(0)} \
            == table.as_dict()

    def test_nothing_owed(self) -> None:
        """It gives empty buckets when payments cover everything."""
        as_of = date(2026, 6, 15)
        table = ageing(
            [RentDue(date=date(2026, 1, 1), amount=euros(100)),
             Payment(date=date(2026, 1, 2), amount=euros(500))],
            as_of,
        )
        assert Money(0) == table.total
        assert len(AGE_BUCKETS) == len(table.buckets)

    @settings(max_examples=100, deadline=None)
    @given(entry_lists, st.integers(0, 3000))
    def test_total_equals_arrears(self, entries: list[Entry], extra_days: int) -> None:
        """It ages exactly the arrears, for any entries and any date on or after all of them."""
        as_of = max((e.date for e in entries), default=date(2026, 1, 1)) + timedelta(
            days=extra_days
        )
        table = ageing(entries, as_of)
        assert fold_balance(entries).arrears == table.total
        assert all(not m.is_negative for _, m in table.buckets)

    @settings(max_examples=100, deadline=None)
    @given(money_lists)
    def test_newer_debt_never_older_bucket(self, entries: list[Entry]) -> None:
        """It only moves money to older buckets as time passes, never creates or loses any."""
        as_of = max((e.date for e in entries), default=date(2026, 1, 1))
        now = ageing(entries, as_of).as_dict()
        later = ageing(entries, as_of + timedelta(days=31)).as_dict()
        assert Money(0) == later["0-30"]
        assert now["0-30"] + now["31-60"] + now["61-90"] + now[">90"] \
            == later["31-60"] + later["61-90"] + later[">90"]


class TestAddMonthsClamped:
    """Monthly dates of plans."""

    @pytest.mark.parametrize(
        ("start", "months", "expected"),
        [
            (date(2026, 1, 31), 1, date(2026, 2, 28)),
            (date(2028, 1, 31), 1, date(2028, 2, 29)),
            (date(2026, 1, 31), 2, date(2026, 3, 31)),
            (date(2026, 1, 31), 3, date(2026, 4, 30)),
            (date(2026, 11, 15), 2, date(2027, 1, 15)),
            (date(2026, 12, 31), 12, date(2027, 12, 31)),
            (date(2026, 5, 10), 0, date(2026, 5, 10)),
        ],
    )
    def test_examples(self, start: date, months: int, expected: date) -> None:
        """It adds calendar months and clamps to the end of shorter months."""
        assert expected == add_months_clamped(start, months)

    @given(days(), st.integers(0, 240))
    def test_property(self, start: date, months: int) -> None:
        """It lands in the right month, on the same day or the month's last day."""
        result = add_months_clamped(start, months)
        assert start.year * 12 + start.month - 1 + months == result.year * 12 + result.month - 1
        last = calendar.monthrange(result.year, result.month)[1]
        assert min(start.day, last) == result.day


def plan(**changes: object) -> PaymentPlanAgreed:
    """A plan agreed on 10 March 2026: 4 instalments of 100 from 31 March."""
    fields: dict[str, object] = {
        "date": date(2026, 3, 10), "instalment": euros(100), "first_due": date(2026, 3, 31),
        "count": 4,
    }
    fields.update(changes)
    return PaymentPlanAgreed(**fields)  # type: ignore[arg-type]


def kept_history(may_payment: int = 850) -> list[Entry]:
    """Rent of 750 on the 1st, paid with 100 more each month for the plan."""
    return [
        RentDue(date=date(2026, 3, 1), amount=euros(750)),
        plan(),
        Payment(date=date(2026, 3, 31), amount=euros(100)),
        RentDue(date=date(2026, 4, 1), amount=euros(750)),
        Payment(date=date(2026, 4, 5), amount=euros(850)),
        RentDue(date=date(2026, 5, 1), amount=euros(750)),
        Payment(date=date(2026, 5, 5), amount=euros(may_payment)),
    ]


class TestPaymentPlan:
    """The last agreed plan, its schedule and whether it is kept."""

    def test_no_plan(self) -> None:
        """It gives None without a plan or before the plan was agreed."""
        assert None is payment_plan_status(kept_history()[:1], date(2026, 6, 1))
        assert None is payment_plan_status(kept_history(), date(2026, 3, 9))

    def test_schedule(self) -> None:
        """It lists the instalments monthly from the first due date, clamped to month ends."""
        status = payment_plan_status(kept_history(), date(2026, 5, 31))
        assert status is not None
        assert [date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31), date(2026, 6, 30)] == [
            i.due for i in status.schedule
        ]
        assert [1, 2, 3, 4] == [i.number for i in status.schedule]
        assert [euros(100)] * 4 == [i.amount for i in status.schedule]
        assert euros(400) == status.total
        assert date(2026, 3, 10) == status.agreed_on

    def test_kept(self) -> None:
        """It finds a plan kept when payments beyond the rent cover the instalments due."""
        status = payment_plan_status(kept_history(), date(2026, 5, 31))
        assert status is not None
        assert euros(300) == status.due_to_date
        assert euros(300) == status.paid_to_date
        assert [True, True, True, False] == [i.settled for i in status.schedule]
        assert Money(0) == status.shortfall
        assert False is status.in_default
        assert False is status.default_recorded

    def test_missed_instalment(self) -> None:
        """It finds the plan in default once an instalment is due and not covered."""
        history = kept_history(may_payment=750)
        before = payment_plan_status(history, date(2026, 5, 30))
        assert before is not None
        assert False is before.in_default
        status = payment_plan_status(history, date(2026, 5, 31))
        assert status is not None
        assert True is status.in_default
        assert euros(100) == status.shortfall
        assert [euros(100), euros(100), Money(0), Money(0)] == [i.covered for i in status.schedule]

    def test_grace_days(self) -> None:
        """It waits ``grace_days`` after a due date before calling the plan in default."""
        history = kept_history(may_payment=750)
        late = payment_plan_status(history, date(2026, 5, 31), grace_days=5)
        assert late is not None
        assert False is late.in_default
        assert euros(100) == late.shortfall  # still owed, just not yet a default
        history.append(RentDue(date=date(2026, 6, 1), amount=euros(750)))
        history.append(Payment(date=date(2026, 6, 2), amount=euros(750)))
        status = payment_plan_status(history, date(2026, 6, 5), grace_days=5)
        assert status is not None
        assert True is status.in_default
        ok = payment_plan_status(history, date(2026, 6, 5), grace_days=6)
        assert ok is not None
        assert False is ok.in_default

    def test_recorded_default(self) -> None:
        """It trusts a recorded default even when the money says the plan is kept."""
        history = [*kept_history(), PaymentPlanDefaulted(date=date(2026, 5, 20))]
        status = payment_plan_status(history, date(2026, 5, 31))
        assert status is not None
        assert True is status.in_default
        assert True is status.default_recorded
        earlier = payment_plan_status(history, date(2026, 5, 19))
        assert earlier is not None
        assert False is earlier.default_recorded

    def test_new_plan_replaces_old(self) -> None:
        """It follows the last plan; a default recorded before it no longer counts."""
        history = [
            *kept_history(may_payment=750),
            PaymentPlanDefaulted(date=date(2026, 5, 20)),
            plan(date=date(2026, 6, 10), instalment=euros(50), first_due=date(2026, 6, 30),
                 count=10),
        ]
        status = payment_plan_status(history, date(2026, 6, 15))
        assert status is not None
        assert euros(50) == status.instalment
        assert 10 == len(status.schedule)
        assert False is status.default_recorded
        assert False is status.in_default

    def test_aid_counts_towards_the_plan(self) -> None:
        """It counts aid paid by the CPAS towards the plan like a payment."""
        history = kept_history(may_payment=750)
        history.append(AidPaid(date=date(2026, 5, 20), amount=euros(100), source="cpas"))
        status = payment_plan_status(history, date(2026, 5, 31))
        assert status is not None
        assert False is status.in_default

    @settings(max_examples=100, deadline=None)
    @given(ENTRY_STRATEGIES[PaymentPlanAgreed], st.lists(any_entry(), max_size=10),
           st.integers(0, 4000), st.integers(0, 30))
    def test_schedule_property(
        self, agreed: PaymentPlanAgreed, others: list[Entry], later: int, grace: int
    ) -> None:
        """It always lists ``count`` monthly instalments and never covers more than was paid."""
        as_of = agreed.date + timedelta(days=later)
        entries = [e for e in others if e.kind not in ("payment_plan_agreed",)]
        status = payment_plan_status([agreed, *entries], as_of, grace_days=grace)
        assert status is not None
        assert agreed.count == len(status.schedule)
        for number, instalment in enumerate(status.schedule):
            assert add_months_clamped(agreed.first_due, number) == instalment.due
            assert Money(0) <= instalment.covered <= instalment.amount
        covered = [i.covered.cents for i in status.schedule]
        assert sum(covered) == status.paid_to_date.cents
        assert covered == sorted(covered, reverse=True)  # earliest instalments covered first
        assert status.due_to_date.cents == agreed.instalment.cents * sum(
            1 for i in status.schedule if i.due <= as_of
        )
        if not status.default_recorded:
            overdue = sum(
                i.amount.cents for i in status.schedule
                if i.due <= as_of - timedelta(days=grace)
            )
            assert (status.paid_to_date.cents < overdue) == status.in_default
