"""The in-memory store against the store contract."""

from __future__ import annotations

from clss_housing.store import Store, open_store
from clss_housing.store.memory import MemoryStore
from tests.store.contract import StoreContract, encode, opening


class TestMemoryStore(StoreContract):
    """The conformance suite on ``memory:``."""

    def make_store(self) -> Store:
        return MemoryStore()


class TestMemoryUrl:
    """Opening ``memory:`` URLs."""

    def test_open_store(self) -> None:
        """It opens a MemoryStore for ``memory:`` and keeps the URL."""
        store = open_store("memory:")
        assert isinstance(store, MemoryStore)
        assert "memory:" == store.url

    def test_each_store_is_its_own(self) -> None:
        """It gives every ``memory:`` store its own data."""
        one, two = open_store("memory:"), open_store("memory:")
        rows, _ = encode("M-1", [opening()])
        one.append("M-1", 0, rows)
        assert ([rows[0]], []) == (one.read("M-1"), two.read("M-1"))
