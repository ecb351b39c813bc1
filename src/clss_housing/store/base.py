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

from clss_housing.errors import ConcurrencyError, StoreError
from clss_housing.ledger.codec import PersonalRow, StoredRow
from clss_housing.ledger.seal import Anchor, CaseHead, Seal


__all__ = ["Store", "check_batch", "check_seal"]


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
        seal: Seal | None = None,
    ) -> None:
        """
        Append ``rows`` (sequences ``expected_version + 1 …``) and their vault rows atomically.

        With a ``seal``, in the same transaction: check that the case's head
        still has ``seal.expected_mac``, store ``seal.head``, and XOR
        ``seal.anchor_delta`` into the anchor (created on first use with
        ``seal.key_check``).  ``rows`` may be empty (sealing a case).

        Raises:
            ConcurrencyError: the case is not at ``expected_version``, or its head
                changed; nothing written.
            StoreError: the back end failed, or the anchor has another key check;
                nothing written.
        """

    def read_head(self, case_id: str) -> CaseHead | None:
        """The case's head, or ``None`` (never sealed)."""

    def read_heads(self) -> dict[str, CaseHead]:
        """Every case head, by case id."""

    def read_anchor(self) -> Anchor | None:
        """The casebook anchor, or ``None`` when nothing was ever sealed."""

    def reseal(
        self,
        macs: Sequence[tuple[str, int, str]],
        heads: Sequence[CaseHead],
        anchor: Anchor,
        expected_key_check: str,
    ) -> None:
        """
        Key rotation: replace entry MACs, heads and the anchor in one transaction.

        ``macs`` are ``(case_id, sequence, mac)``.  Nothing else of any row changes.

        Raises:
            ConcurrencyError: the anchor's key check is no longer ``expected_key_check``.
            StoreError: the back end failed; nothing changed.
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

    def erase_personal(self, case_id: str, seal: Seal | None = None) -> int:
        """
        Remove the case's vault rows for good; returns how many were removed.

        With a ``seal``, the head and anchor are updated in the same transaction
        (as :meth:`append` does).
        """

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


def check_seal(
    case_id: str, seal: Seal, current: CaseHead | None, anchor: Anchor | None
) -> None:
    """
    Refuse a seal whose head changed since it was read, or made with another key.

    Every store calls this inside its transaction, with the head and anchor it holds.

    Raises:
        ConcurrencyError: the head is not the one the writer read.
        StoreError: the anchor was made with another key.
    """
    if seal.head.case_id != case_id:
        raise StoreError(f"the head given is of case {seal.head.case_id!r}, not {case_id!r}")
    found = current.mac if current is not None else None
    if found != seal.expected_mac:
        raise ConcurrencyError(case_id, seal.head.version)
    if anchor is not None and anchor.key_check != seal.key_check:
        raise StoreError(
            "this casebook was sealed with another key: check CLSS_HOUSING_KEY_FILE "
            "(nothing was written)"
        )
