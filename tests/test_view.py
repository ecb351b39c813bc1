"""Tests of the case view: effective entries, derived answers and replay determinism."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clss_housing.balance import fold_balance
from clss_housing.casebook import Casebook
from clss_housing.ledger.codec import GENESIS_HASH, Recorded, decode_row, index_vault
from clss_housing.ledger.entries import (
    CaseFactsCorrected,
    CaseOpened,
    Correction,
    Entry,
    Note,
    Payment,
    PaymentPlanAgreed,
    RentDue,
)
from clss_housing.money import Money
from clss_housing.store.memory import MemoryStore
from clss_housing.store.sqlite import SQLiteStore
from clss_housing.view import CaseView, effective_entries
from tests.strategies import case_histories, encode_history


CASE = "2026-VIEW01"
OPENED = CaseOpened(
    date=date(2026, 1, 5), tenant="Zoë Ülker", landlord="SA Immo", address="Rue Haute 1",
    rent=Money(80000), charges=Money(5000), lang="nl",
)


def recorded(entries: list[Entry], case_id: str = CASE) -> tuple[Recorded, ...]:
    """The recorded form of ``entries`` (the opening first), as a store would give it back."""
    rows, personal = encode_history(case_id, entries)
    vault = index_vault(personal)
    return tuple(decode_row(row, vault) for row in rows)


def view_of(*entries: Entry) -> CaseView:
    """A view of OPENED followed by ``entries``."""
    return CaseView(CASE, recorded([OPENED, *entries]))


def model_effective(entries: list[Entry], as_of: date | None) -> list[Entry]:
    """
    Effective entries as the specification says, from the plain list (opening first).

    Corrections and case-facts corrections carry no effect of their own; the
    opening shows every case-facts correction's non-empty fields, latest last.
    """
    corrected = {e.corrects for e in entries if isinstance(e, Correction)}
    opening_fields = ("tenant", "landlord", "address", "rent", "charges", "lease_start")
    fixes: dict[str, object] = {}
    for e in entries:
        if isinstance(e, CaseFactsCorrected):
            fixes.update({
                name: getattr(e, name) for name in opening_fields
                if getattr(e, name) not in (None, "")
            })
    return [
        attrs.evolve(e, **fixes) if isinstance(e, CaseOpened) else e  # type: ignore[arg-type]
        for sequence, e in enumerate(entries, start=1)
        if sequence not in corrected and not isinstance(e, (Correction, CaseFactsCorrected))
        and (as_of is None or e.date <= as_of)
    ]


class TestBasics:
    """What a view tells about its case."""

    def test_properties(self) -> None:
        """It gives the version, head hash, opening, language and rent of the case."""
        view = view_of(RentDue(date=date(2026, 2, 1), amount=Money(80000)))
        assert 2 == view.version
        assert view.records[-1].hash == view.head_hash
        assert OPENED == view.opened
        assert "nl" == view.lang
        assert Money(80000) == view.monthly_rent
        assert CASE == view.case_id

    def test_empty_view(self) -> None:
        """It starts an empty case at version 0 on the genesis hash."""
        view = CaseView(CASE, ())
        assert 0 == view.version
        assert GENESIS_HASH == view.head_hash

    def test_with_records(self) -> None:
        """It builds a new view with more records and leaves the old one unchanged."""
        records = recorded([OPENED, RentDue(date=date(2026, 2, 1), amount=Money(1))])
        first = CaseView(CASE, records[:1])
        second = first.with_records(records[1:])
        assert 1 == first.version
        assert CaseView(CASE, records) == second

    def test_frozen(self) -> None:
        """It cannot be changed."""
        view = view_of()
        with pytest.raises(AttributeError):
            view.records = ()  # type: ignore[misc]


class TestEffectiveEntries:
    """Which entries count at a date."""

    def test_as_of(self) -> None:
        """It keeps entries dated on or before ``as_of``, in ledger order."""
        late = Payment(date=date(2026, 3, 1), amount=Money(100))
        early = RentDue(date=date(2026, 2, 1), amount=Money(500))
        view = view_of(late, early)
        assert [OPENED, late, early] == view.entries()
        assert [OPENED, early] == view.entries(date(2026, 2, 28))
        assert [OPENED, late, early] == view.entries(date(2026, 3, 1))
        assert [] == view.entries(date(2026, 1, 4))

    def test_correction(self) -> None:
        """It drops a corrected entry whatever the correction's date, and the correction itself."""
        wrong = Payment(date=date(2026, 2, 3), amount=Money(50000))
        right = Payment(date=date(2026, 2, 3), amount=Money(5000))
        view = view_of(
            RentDue(date=date(2026, 2, 1), amount=Money(80000)),
            wrong,
            Correction(date=date(2026, 4, 1), corrects=3, reason="typed one zero too many"),
            right,
        )
        assert [OPENED, view.records[1].entry, right] == view.entries(date(2026, 2, 28))
        assert Money(75000) == view.balance(date(2026, 2, 28)).arrears
        assert Money(5000) == view.balance().paid

    def test_function_matches_method(self) -> None:
        """It gives the same list from the function and the view."""
        view = view_of(Note(date=date(2026, 2, 1), text="x"))
        assert effective_entries(view.records, date(2026, 2, 1)) == view.entries(date(2026, 2, 1))


class TestDerivedAnswers:
    """Balance, arrears, ageing and plan through the view."""

    def history(self) -> CaseView:
        """Three months of rent, one payment, a payment plan."""
        return view_of(
            RentDue(date=date(2026, 2, 1), amount=Money(80000)),
            RentDue(date=date(2026, 3, 1), amount=Money(80000)),
            Payment(date=date(2026, 3, 10), amount=Money(40000)),
            PaymentPlanAgreed(
                date=date(2026, 3, 15), instalment=Money(10000), first_due=date(2026, 4, 15),
                count=12,
            ),
            RentDue(date=date(2026, 4, 1), amount=Money(80000)),
        )

    def test_balance_and_arrears(self) -> None:
        """It folds the entries up to the date asked."""
        view = self.history()
        assert Money(120000) == view.balance(date(2026, 3, 31)).arrears
        assert Money(200000) == view.balance().arrears
        assert Decimal("2.50") == view.arrears_months()
        assert Decimal("1.50") == view.arrears_months(date(2026, 3, 31))

    def test_ageing(self) -> None:
        """It ages what is owed at the date asked."""
        table = self.history().ageing(date(2026, 4, 20))
        assert {"0-30": Money(80000), "31-60": Money(80000), "61-90": Money(40000),
                ">90": Money(0)} == table.as_dict()

    def test_payment_plan(self) -> None:
        """It reports the plan agreed by the date asked."""
        view = self.history()
        assert None is view.payment_plan(date(2026, 3, 14))
        status = view.payment_plan(date(2026, 4, 20))
        assert status is not None
        assert 12 == len(status.schedule)
        assert True is status.in_default  # April's rent came due and nothing was paid since
        lenient = view.payment_plan(date(2026, 4, 20), grace_days=10)
        assert lenient is not None
        assert False is lenient.in_default


class TestReplay:
    """The same entries always give the same view."""

    @settings(max_examples=60, deadline=None)
    @given(case_histories(max_size=15), st.integers(-10, 400))
    def test_view_is_a_fold_of_effective_entries(
        self, history: tuple[CaseOpened, list[Entry]], shift: int
    ) -> None:
        """It answers from the effective entries only, as the specification computes them."""
        opened, entries = history
        everything = [opened, *entries]
        view = CaseView(CASE, recorded(everything))
        as_of = opened.date + timedelta(days=shift)
        assert model_effective(everything, as_of) == view.entries(as_of)
        assert model_effective(everything, None) == view.entries()
        assert fold_balance(model_effective(everything, as_of)) == view.balance(as_of)
        last = max(e.date for e in everything)
        assert view.balance().arrears == view.ageing(last + timedelta(days=shift % 50)).total

    @settings(max_examples=60, deadline=None)
    @given(case_histories(max_size=15), st.data())
    def test_incremental_equals_whole(
        self, history: tuple[CaseOpened, list[Entry]], data: st.DataObject
    ) -> None:
        """It gives the same view built at once or record by record."""
        opened, entries = history
        records = recorded([opened, *entries])
        cut = data.draw(st.integers(1, len(records)))
        assert CaseView(CASE, records) == CaseView(CASE, records[:cut]).with_records(records[cut:])

    @settings(max_examples=60, deadline=None)
    @given(case_histories(max_size=15))
    def test_load_twice_memory(self, history: tuple[CaseOpened, list[Entry]]) -> None:
        """It loads equal views, balances and answers twice from a memory store."""
        self.check_load_twice(MemoryStore(), history)

    @settings(max_examples=20, deadline=None)
    @given(case_histories(max_size=15))
    def test_load_twice_sqlite(self, history: tuple[CaseOpened, list[Entry]]) -> None:
        """It loads equal views and answers twice from an SQLite file, and after reopening."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "ledger.db"
            first = self.check_load_twice(SQLiteStore(path), history)
            store = SQLiteStore(path)
            try:
                assert first == Casebook(store).load(CASE)
            finally:
                store.close()

    def check_load_twice(
        self, store: MemoryStore | SQLiteStore, history: tuple[CaseOpened, list[Entry]]
    ) -> CaseView:
        """Write the history, load it twice and compare everything derived."""
        opened, entries = history
        rows, personal = encode_history(CASE, [opened, *entries])
        store.append(CASE, 0, rows, personal)
        book = Casebook(store)
        try:
            one, two = book.load(CASE), book.load(CASE)
            assert one == two
            assert [opened, *entries] == [r.entry for r in one.records]
            assert [r.hash for r in rows] == [r.hash for r in one.records]
            as_of = max(e.date for e in [opened, *entries])
            assert one.balance(as_of) == two.balance(as_of)
            assert one.ageing(as_of) == two.ageing(as_of)
            assert one.payment_plan(as_of) == two.payment_plan(as_of)
            assert one.arrears_months(as_of) == two.arrears_months(as_of)
            return one
        finally:
            if isinstance(store, SQLiteStore):
                store.close()
