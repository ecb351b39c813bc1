"""
Stores: where ledgers live, opened from a URL.

``memory:``, ``sqlite:///relative.db``, ``sqlite:////absolute.db`` and
``postgresql://user@host:port/dbname`` (needs the ``postgresql`` extra).  A
PostgreSQL URL may add ``?schema=NAME`` to keep the casebook in its own
schema (default ``public``); its other parameters go to libpq.
"""

from __future__ import annotations

from pathlib import Path

from clss_housing.errors import StoreError
from clss_housing.store.base import Store
from clss_housing.store.memory import MemoryStore
from clss_housing.store.sqlite import SQLiteStore


__all__ = ["Store", "open_store"]

_SCHEMES = "memory:, sqlite:///relative.db, sqlite:////absolute.db, postgresql://user@host:port/db"


def open_store(url: str) -> Store:
    """
    Open the store a URL names.

    Raises:
        StoreError: for an unknown scheme or a store that cannot be opened.
    """
    if url == "memory:" or url.startswith("memory:"):
        return MemoryStore(url)
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///"):]
        if not path:
            raise StoreError(f"the URL {url!r} names no file; expected {_SCHEMES}")
        if path != ":memory:":
            parent = Path(path).parent
            if not parent.exists():
                raise StoreError(f"the folder {str(parent)!r} of {url!r} does not exist")
        return SQLiteStore(path, url=url)
    if url.startswith(("postgresql://", "postgres://")):
        try:
            # lazy: psycopg is an optional dependency (the postgresql extra).
            from clss_housing.store.postgres import PostgresStore
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise StoreError(
                "PostgreSQL needs psycopg 3: pip install 'clss-housing[postgresql]'"
                f" ({exc})"
            ) from None
        store: Store = PostgresStore(url)
        return store
    raise StoreError(f"unknown database URL {url!r}; expected one of {_SCHEMES}")
