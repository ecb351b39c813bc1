"""
In-memory store (``memory:``): for tests, examples and throw-away sessions.

Keeps the same guarantees as the persistent stores: an append is all or
nothing, and ``(case_id, sequence)`` is unique under a lock.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence

from clss_housing.errors import ConcurrencyError
from clss_housing.ledger.codec import PersonalRow, StoredRow
from clss_housing.store.base import check_batch


__all__ = ["MemoryStore"]


class MemoryStore:
    """A store that lives as long as the Python object."""

    def __init__(self, url: str = "memory:") -> None:
        self.url = url
        self._rows: dict[str, list[StoredRow]] = {}
        self._vault: dict[str, list[PersonalRow]] = {}
        self._lock = threading.Lock()

    def append(
        self,
        case_id: str,
        expected_version: int,
        rows: Sequence[StoredRow],
        personal: Sequence[PersonalRow] = (),
    ) -> None:
        """Append atomically at ``expected_version`` (see :class:`~clss_housing.store.Store`)."""
        check_batch(case_id, expected_version, rows, personal)
        with self._lock:
            current = self._rows.get(case_id, [])
            if len(current) != expected_version:
                raise ConcurrencyError(case_id, expected_version, len(current))
            self._rows[case_id] = [*current, *rows]
            if personal:
                self._vault.setdefault(case_id, []).extend(personal)

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

    def erase_personal(self, case_id: str) -> int:
        """Drop the vault rows of the case."""
        with self._lock:
            return len(self._vault.pop(case_id, []))

    def close(self) -> None:
        """Nothing to release."""

