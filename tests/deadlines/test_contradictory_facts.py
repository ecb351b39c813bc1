"""Facts that contradict each other give "cannot be computed", never an exception."""

from __future__ import annotations

from datetime import date

from clss_housing.casebook import Casebook
from clss_housing.deadlines import case_deadlines
from clss_housing.ledger.entries import CaseFactsCorrected, IndexationRequested
from clss_housing.money import Money


def test_indexation_request_before_the_lease_start() -> None:
    """A request dated before the (corrected) lease start: the deadline says why it has no date."""
    book = Casebook.open("memory:")
    case = book.open_case(tenant="A", landlord="B", address="C", rent=Money(70000),
                          lease_start=date(2017, 1, 1), date=date(2018, 1, 1))
    book.record(case, IndexationRequested(date=date(2018, 1, 1), from_date=date(2018, 1, 1)))
    book.record(case, CaseFactsCorrected(date=date(2018, 2, 1), lease_start=date(2018, 1, 2),
                                         reason="lease start misread"))
    found = [d for d in case_deadlines(book.load(case), date(2018, 2, 1))
             if d.trigger_sequence == 2]
    assert found
    assert all(d.date is None and d.status.startswith("cannot be computed") for d in found)
    assert any("lease start" in d.status for d in found)
