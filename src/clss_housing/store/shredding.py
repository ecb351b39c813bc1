"""
Crypto-shredding: personal data encrypted per case, erased by destroying the case's key.

Deleting rows cannot reach copies a store does not control: PostgreSQL's
write-ahead log and its archives, replicas, and every backup taken before an
erasure.  With a **key store**, each case's personal values (names, address,
free text) are encrypted with that case's own data key (AES-256-GCM, from the
``cryptography`` package) before they reach the database, so those copies
only ever hold ciphertext.  ``case erase`` deletes the vault rows *and*
destroys the case key; from then on no copy of the database, old or new, can
be read for that case.

* :class:`KeyStore` is the protocol a deployment may implement over a KMS or
  Vault; :class:`SQLiteKeyStore` keeps keys in a small SQLite file kept
  **apart from the ledger** (``secure_delete``, journal truncated after each
  destruction), :class:`MemoryKeyStore` in memory (tests).
* :class:`EncryptingStore` wraps any :class:`~clss_housing.store.Store`:
  values are encrypted on :meth:`~EncryptingStore.append` and decrypted on
  :meth:`~EncryptingStore.read_personal`; a value whose key is gone reads as
  erased, and :meth:`~EncryptingStore.undecryptable` counts such values so
  ``verify`` can name a lost or replaced key store.

The associated data of each ciphertext is ``case, sequence, key``: a value
moved to another case or entry does not decrypt.  The commitment in the
chained payload stays ``SHA-256(salt ‖ plaintext)``, so the hash chain and the
seal are unchanged.

Keys are precious: losing the key store loses every name (amounts, dates and
states stay).  Back it up apart from the database, with a short retention so
that an erasure reaches its backups too.
"""

from __future__ import annotations

import base64
import secrets
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Final, Protocol, runtime_checkable

import attrs

from clss_housing.errors import StoreError
from clss_housing.ledger.codec import PersonalRow, StoredRow, utcnow
from clss_housing.ledger.seal import Anchor, CaseHead, Seal
from clss_housing.store.base import Store


__all__ = ["ENCRYPTED_PREFIX", "EncryptingStore", "KeyStore", "MemoryKeyStore", "SQLiteKeyStore"]

#: Prefix of an encrypted vault value (version 1: AES-256-GCM, 96-bit nonce).
ENCRYPTED_PREFIX: Final = "aesgcm1:"


@runtime_checkable
class KeyStore(Protocol):
    """Where the per-case data keys live, apart from the ledger database."""

    def get(self, case_id: str) -> bytes | None:
        """The case's key, or ``None`` (never made, or destroyed)."""

    def create(self, case_id: str) -> bytes:
        """
        The case's key, made on first use.

        Raises:
            StoreError: the case's key was destroyed (its data was erased).
        """

    def destroy(self, case_id: str) -> bool:
        """Destroy the case's key for good; True if there was one."""

    def destroyed(self, case_id: str) -> bool:
        """True when the case's key was destroyed."""

    def close(self) -> None:
        """Release files and connections."""


class MemoryKeyStore:
    """Keys in memory, for tests and throw-away casebooks."""

    def __init__(self) -> None:
        self._keys: dict[str, bytes] = {}
        self._gone: set[str] = set()
        self._lock = threading.Lock()

    def get(self, case_id: str) -> bytes | None:
        """The case's key, if any."""
        with self._lock:
            return self._keys.get(case_id)

    def create(self, case_id: str) -> bytes:
        """The case's key, made on first use."""
        with self._lock:
            if case_id in self._gone:
                raise StoreError(f"the key of case {case_id!r} was destroyed")
            return self._keys.setdefault(case_id, secrets.token_bytes(32))

    def destroy(self, case_id: str) -> bool:
        """Forget the case's key."""
        with self._lock:
            self._gone.add(case_id)
            return self._keys.pop(case_id, None) is not None

    def destroyed(self, case_id: str) -> bool:
        """True after :meth:`destroy`."""
        with self._lock:
            return case_id in self._gone

    def close(self) -> None:
        """Nothing to release."""


class SQLiteKeyStore:
    """
    Keys in a small SQLite file, kept apart from the ledger (``<ledger>.db.keys`` by default).

    ``secure_delete`` overwrites a destroyed key's bytes in the file, and the
    journal is truncated after each destruction.  A destroyed case keeps a
    tombstone (its id and when), so its key is never made again by mistake.
    The file is created with mode 0600.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            if not self.path.exists():
                self.path.touch(mode=0o600, exist_ok=True)
            self._conn = sqlite3.connect(str(self.path), isolation_level=None,
                                         check_same_thread=False, timeout=30.0)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.execute("PRAGMA secure_delete=ON")
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS case_keys (case_id TEXT PRIMARY KEY, key BLOB,"
                " created_at TEXT NOT NULL, destroyed_at TEXT)"
            )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the key store {self.path}: {exc}") from None
        self._lock = threading.Lock()

    def _one(self, case_id: str) -> tuple[bytes | None, str | None] | None:
        found = self._conn.execute(
            "SELECT key, destroyed_at FROM case_keys WHERE case_id = ?", (case_id,)
        ).fetchone()
        return (found[0], found[1]) if found else None

    def get(self, case_id: str) -> bytes | None:
        """The case's key, if any."""
        with self._lock:
            try:
                found = self._one(case_id)
            except sqlite3.Error as exc:
                raise StoreError(f"reading the key store {self.path} failed: {exc}") from None
        return bytes(found[0]) if found and found[0] is not None else None

    def create(self, case_id: str) -> bytes:
        """The case's key, made on first use (in its own transaction)."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    found = self._one(case_id)
                    if found is not None and found[1] is not None:
                        raise StoreError(f"the key of case {case_id!r} was destroyed")
                    if found is not None and found[0] is not None:
                        key = bytes(found[0])
                    else:
                        key = secrets.token_bytes(32)
                        self._conn.execute(
                            "INSERT INTO case_keys (case_id, key, created_at) VALUES (?, ?, ?)",
                            (case_id, key, utcnow().isoformat(timespec="seconds")),
                        )
                    self._conn.execute("COMMIT")
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                raise StoreError(f"writing the key store {self.path} failed: {exc}") from None
            return key

    def destroy(self, case_id: str) -> bool:
        """Overwrite the case's key, keep a tombstone, and truncate the journal."""
        with self._lock:
            try:
                had = self._one(case_id)
                self._conn.execute("BEGIN IMMEDIATE")
                self._conn.execute("DELETE FROM case_keys WHERE case_id = ?", (case_id,))
                self._conn.execute(
                    "INSERT INTO case_keys (case_id, key, created_at, destroyed_at)"
                    " VALUES (?, NULL, ?, ?)",
                    (case_id, "", utcnow().isoformat(timespec="seconds")),
                )
                self._conn.execute("COMMIT")
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error as exc:
                raise StoreError(
                    f"destroying a key in {self.path} failed: {exc}; erase the case again"
                ) from None
            return had is not None and had[0] is not None

    def destroyed(self, case_id: str) -> bool:
        """True after :meth:`destroy`."""
        with self._lock:
            found = self._one(case_id)
        return found is not None and found[1] is not None

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._conn.close()


def _aad(case_id: str, sequence: int, key: str) -> bytes:
    return f"{case_id}\n{sequence}\n{key}".encode()


def _cipher(key: bytes) -> Any:
    try:
        # lazy: cryptography is the optional crypto extra, needed only to encrypt.
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    except ImportError:  # pragma: no cover - depends on the installation
        raise StoreError(
            "crypto-shredding needs the cryptography package: pip install 'clss-housing[crypto]'"
        ) from None
    return AESGCM(key)


class EncryptingStore:
    """
    A store whose personal values are encrypted with per-case keys from a :class:`KeyStore`.

    Every other call goes to the wrapped store unchanged.
    """

    def __init__(self, inner: object, keys: KeyStore) -> None:
        if not isinstance(inner, Store):
            raise StoreError("EncryptingStore wraps a Store")
        self.inner: Store = inner
        self.keys = keys
        self.url = inner.url

    # -- personal data ------------------------------------------------------------------

    def _encrypt(self, row: PersonalRow) -> PersonalRow:
        key = self.keys.get(row.case_id) or self.keys.create(row.case_id)
        nonce = secrets.token_bytes(12)
        sealed = _cipher(key).encrypt(
            nonce, row.value.encode("utf-8"), _aad(row.case_id, row.sequence, row.key)
        )
        text = ENCRYPTED_PREFIX + base64.b64encode(nonce + sealed).decode("ascii")
        return attrs.evolve(row, value=text)

    def _decrypt(self, row: PersonalRow, key: bytes | None) -> PersonalRow | None:
        value = row.value
        if not isinstance(value, str) or not value.startswith(ENCRYPTED_PREFIX):
            return row  # written before the key store: kept in clear
        if key is None:
            return None
        try:
            raw = base64.b64decode(value[len(ENCRYPTED_PREFIX):], validate=True)
            plain = _cipher(key).decrypt(
                raw[:12], raw[12:], _aad(row.case_id, row.sequence, row.key)
            )
            return attrs.evolve(row, value=plain.decode("utf-8"))
        except Exception:  # noqa: BLE001 - InvalidTag, bad base64, bad UTF-8: unreadable
            return None  # tampered, moved, or another key

    def append(
        self,
        case_id: str,
        expected_version: int,
        rows: Sequence[StoredRow],
        personal: Sequence[PersonalRow] = (),
        seal: Seal | None = None,
    ) -> None:
        """Encrypt the personal values, then append through the wrapped store."""
        hidden = [self._encrypt(row) for row in personal]
        if seal is None:
            self.inner.append(case_id, expected_version, rows, hidden)
        else:
            self.inner.append(case_id, expected_version, rows, hidden, seal)

    def read_personal(self, case_id: str) -> list[PersonalRow]:
        """The case's vault rows, decrypted; those whose key is gone are left out (erased)."""
        key = self.keys.get(case_id)
        out = []
        for row in self.inner.read_personal(case_id):
            clear = self._decrypt(row, key)
            if clear is not None:
                out.append(clear)
        return out

    def undecryptable(self, case_id: str) -> int:
        """How many of the case's stored personal values cannot be decrypted."""
        key = self.keys.get(case_id)
        return sum(
            1 for row in self.inner.read_personal(case_id) if self._decrypt(row, key) is None
        )

    def erase_personal(self, case_id: str, seal: Seal | None = None) -> int:
        """Delete the vault rows, then destroy the case's key."""
        if seal is None:
            count = self.inner.erase_personal(case_id)
        else:
            count = self.inner.erase_personal(case_id, seal)
        self.keys.destroy(case_id)
        return count

    # -- everything else goes through ------------------------------------------------------

    def read(self, case_id: str, after: int = 0) -> list[StoredRow]:
        """Rows of the wrapped store."""
        return self.inner.read(case_id, after)

    def version(self, case_id: str) -> int:
        """Version in the wrapped store."""
        return self.inner.version(case_id)

    def case_ids(self) -> list[str]:
        """Case ids of the wrapped store."""
        return self.inner.case_ids()

    def iter_rows(self) -> Iterator[StoredRow]:
        """Rows of the wrapped store."""
        return self.inner.iter_rows()

    def read_head(self, case_id: str) -> CaseHead | None:
        """Head in the wrapped store."""
        return self.inner.read_head(case_id)

    def read_heads(self) -> dict[str, CaseHead]:
        """Heads in the wrapped store."""
        return self.inner.read_heads()

    def read_anchor(self) -> Anchor | None:
        """Anchor in the wrapped store."""
        return self.inner.read_anchor()

    def reseal(
        self,
        macs: Sequence[tuple[str, int, str]],
        heads: Sequence[CaseHead],
        anchor: Anchor,
        expected_key_check: str,
    ) -> None:
        """Reseal the wrapped store."""
        self.inner.reseal(macs, heads, anchor, expected_key_check)

    def append_access(self, make: Any) -> Any:
        """Append to the wrapped store's access log (clss_housing.ledger.access)."""
        return self.inner.append_access(make)  # type: ignore[attr-defined]

    def read_access(self) -> Any:
        """The wrapped store's access log."""
        return self.inner.read_access()  # type: ignore[attr-defined]

    def read_partners(self) -> list[tuple[str, str]]:
        """Partner records of the wrapped store (clss_housing.sharing.registry)."""
        return self.inner.read_partners()  # type: ignore[attr-defined, no-any-return]

    def put_partner(self, partner_id: str, record: str) -> None:
        """Store a partner record in the wrapped store."""
        self.inner.put_partner(partner_id, record)  # type: ignore[attr-defined]

    def close(self) -> None:
        """Close the wrapped store and the key store."""
        try:
            self.inner.close()
        finally:
            self.keys.close()
