"""
The one small protocol every store implements.

A store keeps, per case, an append-only list of :class:`StoredRow` and a vault
of :class:`PersonalRow`.  It never updates or deletes a row; the only removal
is :meth:`Store.erase_personal` (right to erasure), which touches the vault
only.  Optimistic concurrency: :meth:`Store.append` states the version (number
of rows) it expects the case to be at; if another writer got there first it
raises :class:`~clss_housing.errors.ConcurrencyError` and writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, runtime_checkable

from clss_housing.errors import StoreError
from clss_housing.ledger.codec import PersonalRow, StoredRow


__all__ = ["Store", "check_batch"]


@runtime_checkable
class Store(Protocol):
    """Append-only storage of case ledgers, opened from a URL by :func:`open_store`."""

    url: str

    def append(
        self,
        case_id: str,
        expected_version: int,
        rows: Sequence[StoredRow],
        personal: Sequence[PersonalRow] = (),
    ) -> None:
        """
        Append ``rows`` (sequences ``expected_version + 1 …``) and their vault rows atomically.

        Raises:
            ConcurrencyError: the case is not at ``expected_version``; nothing written.
            StoreError: the back end failed; nothing written.
        """

    def read(self, case_id: str, after: int = 0) -> list[StoredRow]:
        """Rows of one case with a sequence greater than ``after``, in order."""

    def read_personal(self, case_id: str) -> list[PersonalRow]:
        """The vault rows of one case (empty after erasure)."""

    def version(self, case_id: str) -> int:
        """Number of rows of the case; 0 for a case that does not exist."""

    def case_ids(self) -> list[str]:
        """Every case id, sorted."""

    def iter_rows(self) -> Iterator[StoredRow]:
        """Every row of every case, ordered by case id then sequence (for casebook-wide reads)."""

    def erase_personal(self, case_id: str) -> int:
        """Remove the case's vault rows for good; returns how many were removed."""

    def close(self) -> None:
        """Release connections and files."""


def check_batch(
    case_id: str,
    expected_version: int,
    rows: Sequence[StoredRow],
    personal: Sequence[PersonalRow] = (),
) -> None:
    """
    Refuse a batch that is not the next consecutive sequences of ``case_id``.

    Every store calls this before writing anything.  Vault rows must belong to
    the rows of the same batch.

    Raises:
        StoreError: a negative version, a row out of sequence or of another case,
            or a vault row that belongs to no row of the batch.
    """
    if expected_version < 0:
        raise StoreError(f"expected version must be 0 or more, got {expected_version}")
    for offset, row in enumerate(rows, start=1):
        if row.case_id != case_id or row.sequence != expected_version + offset:
            raise StoreError(
                f"rows must be sequences {expected_version + 1}.. of case {case_id!r}; "
                f"got sequence {row.sequence} of case {row.case_id!r}"
            )
    last = expected_version + len(rows)
    for item in personal:
        if item.case_id != case_id or not expected_version < item.sequence <= last:
            raise StoreError(
                f"personal values must belong to the rows appended (sequences "
                f"{expected_version + 1}..{last} of case {case_id!r}); "
                f"got sequence {item.sequence} of case {item.case_id!r}"
            )
