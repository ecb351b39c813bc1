"""
The case view: what a case *is* at a date, derived from its entries only.

:class:`CaseView` holds the recorded entries of one case and answers the
questions workers ask (balance, arrears, ageing, payment plan).  It is
immutable and cheap: nothing is computed until asked, and the same entries
always give the same answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import attrs

from clss_housing.balance import (
    Ageing,
    Balance,
    PlanStatus,
    ageing,
    arrears_months,
    fold_balance,
    payment_plan_status,
)
from clss_housing.ledger.codec import GENESIS_HASH, Recorded
from clss_housing.ledger.entries import (
    CaseFactsCorrected,
    CaseOpened,
    Correction,
    Entry,
    apply_fact_corrections,
)
from clss_housing.money import Money


__all__ = ["CaseView", "effective_entries"]


def effective_entries(records: Sequence[Recorded], as_of: date | None = None) -> list[Entry]:
    """
    The entries that count at ``as_of``: dated on or before it, in ledger order.

    An entry named by a :class:`~clss_housing.ledger.entries.Correction` is
    left out whatever the correction's date (a correction fixes the record,
    it is not a new fact); corrections themselves carry no effect.  Likewise
    the opening is given with every
    :class:`~clss_housing.ledger.entries.CaseFactsCorrected` applied.
    """
    corrected = {r.entry.corrects for r in records if isinstance(r.entry, Correction)}
    out: list[Entry] = []
    for r in records:
        e = r.entry
        if r.sequence in corrected or isinstance(e, (Correction, CaseFactsCorrected)):
            continue
        if isinstance(e, CaseOpened):
            e = apply_fact_corrections(e, (x.entry for x in records))
        if as_of is not None and e.date > as_of:
            continue
        out.append(e)
    return out


@attrs.frozen
class CaseView:
    """
    One case as its ledger makes it.

    Attributes:
        case_id: the case's id.
        records: every recorded entry, in sequence order (the first is ``case_opened``).
    """

    case_id: str
    records: tuple[Recorded, ...]

    @property
    def version(self) -> int:
        """Number of entries: the version an append must state."""
        return len(self.records)

    @property
    def head_hash(self) -> str:
        """Hash of the last entry (the genesis hash for an empty case)."""
        return self.records[-1].hash if self.records else GENESIS_HASH

    @property
    def opened(self) -> CaseOpened:
        """
        The opening facts: household, landlord, lease.

        The opening entry with every ``case_facts_corrected`` applied in
        ledger order, whatever its date (a correction fixes the record; it is
        not a new fact).  The first record itself is never changed.
        """
        first = self.records[0].entry
        assert isinstance(first, CaseOpened)
        return apply_fact_corrections(first, (r.entry for r in self.records[1:]))

    @property
    def lang(self) -> str:
        """The case's language (``fr`` or ``nl``)."""
        return self.opened.lang

    @property
    def monthly_rent(self) -> Money:
        """The rent stated when the case was opened."""
        return self.opened.rent

    def entries(self, as_of: date | None = None) -> list[Entry]:
        """Effective entries at ``as_of`` (see :func:`effective_entries`)."""
        return effective_entries(self.records, as_of)

    def balance(self, as_of: date | None = None) -> Balance:
        """Totals due, paid, aid and arrears at ``as_of``."""
        return fold_balance(self.entries(as_of))

    def arrears_months(self, as_of: date | None = None) -> Decimal:
        """Arrears in months of rent, two decimals."""
        return arrears_months(self.balance(as_of).arrears, self.monthly_rent)

    def ageing(self, as_of: date) -> Ageing:
        """The ageing table at ``as_of``."""
        return ageing(self.entries(as_of), as_of)

    def payment_plan(self, as_of: date, *, grace_days: int = 0) -> PlanStatus | None:
        """The last payment plan agreed by ``as_of`` and whether it is kept."""
        return payment_plan_status(self.entries(as_of), as_of, grace_days=grace_days)

    def with_records(self, more: Sequence[Recorded]) -> CaseView:
        """A new view with ``more`` entries appended (used after a successful append)."""
        return CaseView(self.case_id, (*self.records, *more))
