"""
In-memory store (``memory:``): for tests, examples and throw-away sessions.

Keeps the same guarantees as the persistent stores: an append is all or
nothing, and ``(case_id, sequence)`` is unique under a lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence

import attrs

from clss_housing.errors import ConcurrencyError
from clss_housing.ledger.access import AccessRow
from clss_housing.ledger.codec import PersonalRow, StoredRow
from clss_housing.ledger.seal import Anchor, CaseHead, Seal, xor_hex
from clss_housing.store.base import check_batch, check_seal


__all__ = ["MemoryStore"]


class MemoryStore:
    """A store that lives as long as the Python object."""

    def __init__(self, url: str = "memory:") -> None:
        self.url = url
        self._rows: dict[str, list[StoredRow]] = {}
        self._vault: dict[str, list[PersonalRow]] = {}
        self._heads: dict[str, CaseHead] = {}
        self._anchor: Anchor | None = None
        self._partners: dict[str, str] = {}
        self._access: list[AccessRow] = []
        self._lock = threading.Lock()

    def append(
        self,
        case_id: str,
        expected_version: int,
        rows: Sequence[StoredRow],
        personal: Sequence[PersonalRow] = (),
        seal: Seal | None = None,
    ) -> None:
        """Append atomically at ``expected_version`` (see :class:`~clss_housing.store.Store`)."""
        check_batch(case_id, expected_version, rows, personal)
        with self._lock:
            current = self._rows.get(case_id, [])
            if len(current) != expected_version:
                raise ConcurrencyError(case_id, expected_version, len(current))
            if seal is not None:
                check_seal(case_id, seal, self._heads.get(case_id), self._anchor)
            self._rows[case_id] = [*current, *rows]
            if personal:
                self._vault.setdefault(case_id, []).extend(personal)
            if seal is not None:
                self._apply(seal)

    def _apply(self, seal: Seal) -> None:
        self._heads[seal.head.case_id] = seal.head
        digest = self._anchor.digest if self._anchor is not None else "0" * 64
        self._anchor = Anchor(xor_hex(digest, seal.anchor_delta), seal.key_check)

    def read_head(self, case_id: str) -> CaseHead | None:
        """The case's head, if sealed."""
        with self._lock:
            return self._heads.get(case_id)

    def read_heads(self) -> dict[str, CaseHead]:
        """Every head."""
        with self._lock:
            return dict(self._heads)

    def read_anchor(self) -> Anchor | None:
        """The anchor, if any."""
        with self._lock:
            return self._anchor

    def append_access(self, make: Callable[[int, str], AccessRow]) -> AccessRow:
        """Append ``make(next sequence, previous hash)`` to the access log."""
        with self._lock:
            last = self._access[-1] if self._access else None
            row = make(last.sequence + 1 if last else 1, last.hash if last else "0" * 64)
            self._access.append(row)
            return row

    def read_access(self) -> list[AccessRow]:
        """The whole access log, in order."""
        with self._lock:
            return list(self._access)

    def read_partners(self) -> list[tuple[str, str]]:
        """Every stored partner record ``(id, JSON)``, by id."""
        with self._lock:
            return sorted(self._partners.items())

    def put_partner(self, partner_id: str, record: str) -> None:
        """Store (or replace) one partner record."""
        with self._lock:
            self._partners[partner_id] = record

    def read(self, case_id: str, after: int = 0) -> list[StoredRow]:
        """Rows after sequence ``after``."""
        with self._lock:
            return list(self._rows.get(case_id, [])[after:])

    def read_personal(self, case_id: str) -> list[PersonalRow]:
        """Vault rows of the case."""
        with self._lock:
            return list(self._vault.get(case_id, []))

    def version(self, case_id: str) -> int:
        """Number of rows of the case."""
        with self._lock:
            return len(self._rows.get(case_id, []))

    def case_ids(self) -> list[str]:
        """Every case id, sorted."""
        with self._lock:
            return sorted(self._rows)

    def iter_rows(self) -> Iterator[StoredRow]:
        """Every row, by case then sequence."""
        for case_id in self.case_ids():
            yield from self.read(case_id)

    def reseal(
        self,
        macs: Sequence[tuple[str, int, str]],
        heads: Sequence[CaseHead],
        anchor: Anchor,
        expected_key_check: str,
    ) -> None:
        """Replace MACs, heads and the anchor (key rotation)."""
        with self._lock:
            if self._anchor is None or self._anchor.key_check != expected_key_check:
                raise ConcurrencyError("(casebook)", 0)
            rows = {cid: list(found) for cid, found in self._rows.items()}
            for case_id, sequence, mac in macs:
                rows[case_id][sequence - 1] = attrs.evolve(rows[case_id][sequence - 1], mac=mac)
            self._rows = rows
            self._heads = {**self._heads, **{head.case_id: head for head in heads}}
            self._anchor = anchor

    def erase_personal(self, case_id: str, seal: Seal | None = None) -> int:
        """Drop the vault rows of the case."""
        with self._lock:
            if seal is not None:
                check_seal(case_id, seal, self._heads.get(case_id), self._anchor)
                self._apply(seal)
            return len(self._vault.pop(case_id, []))

    def close(self) -> None:
        """Nothing to release."""

