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
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from clss_housing.errors import IntegrityError, StoreError
from clss_housing.ledger.codec import PersonalRow, StoredRow, utcnow
from clss_housing.ledger.seal import Anchor, CaseHead, Seal
from clss_housing.store.base import Store


__all__ = [
    "ENCRYPTED_PREFIX",
    "EncryptingStore",
    "KeyStore",
    "MemoryKeyStore",
    "SQLiteKeyStore",
    "is_encrypted",
    "key_name",
]

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
        #: True once this object created the key-store file (``case open`` says where it is).
        self.created = False
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        if self.path.exists():
            self._connection(create=False)

    def exists(self) -> bool:
        """True when the key-store file exists (it is made on the first key)."""
        return self._conn is not None or self.path.exists()

    def _connection(self, *, create: bool) -> sqlite3.Connection | None:
        """The open file; made (mode 0600) only when ``create`` (a key is about to be written)."""
        if self._conn is not None:
            return self._conn
        if not self.path.exists():
            if not create:
                return None
            try:
                self.path.touch(mode=0o600, exist_ok=False)
            except FileExistsError:
                pass
            except OSError as exc:
                raise StoreError(f"cannot create the key store {self.path}: {exc}") from None
            else:
                self.created = True
        try:
            conn = sqlite3.connect(str(self.path), isolation_level=None,
                                   check_same_thread=False, timeout=30.0)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA secure_delete=ON")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS case_keys (case_id TEXT PRIMARY KEY, key BLOB,"
                " created_at TEXT NOT NULL, destroyed_at TEXT)"
            )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the key store {self.path}: {exc}") from None
        self._conn = conn
        return conn

    def _writable(self) -> sqlite3.Connection:
        conn = self._connection(create=True)
        if conn is None:  # pragma: no cover - _connection(create=True) makes the file
            raise StoreError(f"cannot create the key store {self.path}")
        return conn

    def _one(self, case_id: str) -> tuple[bytes | None, str | None] | None:
        conn = self._connection(create=False)
        if conn is None:
            return None
        found = conn.execute(
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
                conn = self._writable()
                conn.execute("BEGIN IMMEDIATE")
                try:
                    found = self._one(case_id)
                    if found is not None and found[1] is not None:
                        raise StoreError(f"the key of case {case_id!r} was destroyed")
                    if found is not None and found[0] is not None:
                        key = bytes(found[0])
                    else:
                        key = secrets.token_bytes(32)
                        conn.execute(
                            "INSERT INTO case_keys (case_id, key, created_at) VALUES (?, ?, ?)",
                            (case_id, key, utcnow().isoformat(timespec="seconds")),
                        )
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                raise StoreError(f"writing the key store {self.path} failed: {exc}") from None
            return key

    def destroy(self, case_id: str) -> bool:
        """Overwrite the case's key, keep a tombstone, and truncate the journal."""
        with self._lock:
            try:
                conn = self._writable()
                had = self._one(case_id)
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("DELETE FROM case_keys WHERE case_id = ?", (case_id,))
                conn.execute(
                    "INSERT INTO case_keys (case_id, key, created_at, destroyed_at)"
                    " VALUES (?, NULL, ?, ?)",
                    (case_id, "", utcnow().isoformat(timespec="seconds")),
                )
                conn.execute("COMMIT")
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
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
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def backup(self, target: Path) -> bool:
        """Copy the key store to ``target`` (SQLite online backup); False if it has no file yet."""
        with self._lock:
            conn = self._connection(create=False)
            if conn is None:
                return False
            try:
                out = sqlite3.connect(str(target))
                try:
                    conn.backup(out)
                finally:
                    out.close()
            except sqlite3.Error as exc:
                raise StoreError(f"copying the key store {self.path} failed: {exc}") from None
            return True


def key_name(case_id: str, generation: int) -> str:
    """
    The key-store name of a case's key: the case id, then ``CASE/2``… after each reopening.

    Case ids never hold ``/``, so names of different cases never meet.
    """
    return case_id if generation == 1 else f"{case_id}/{generation}"


def is_encrypted(value: object) -> bool:
    """True for a vault value encrypted by :class:`EncryptingStore`."""
    return isinstance(value, str) and value.startswith(ENCRYPTED_PREFIX)


def _aad(case_id: str, sequence: int, key: str) -> bytes:
    return f"{case_id}\n{sequence}\n{key}".encode()


def _cipher(key: bytes) -> Any:
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

    def generation(self, case_id: str) -> int:
        """
        The case's current key generation: 1, plus one per erasure (each destroys one key).

        After an erasure the next generation's key is made only when a new intake or
        consent reopens the case to personal data (the casebook checks that).
        """
        gen = 1
        while self.keys.destroyed(key_name(case_id, gen)):
            gen += 1
        return gen

    def _encrypt(self, row: PersonalRow, gen: int) -> PersonalRow:
        name = key_name(row.case_id, gen)
        key = self.keys.get(name) or self.keys.create(name)
        nonce = secrets.token_bytes(12)
        sealed = _cipher(key).encrypt(
            nonce, row.value.encode("utf-8"), _aad(row.case_id, row.sequence, row.key)
        )
        marker = "" if gen == 1 else f"{gen}:"
        text = ENCRYPTED_PREFIX + marker + base64.b64encode(nonce + sealed).decode("ascii")
        return attrs.evolve(row, value=text)

    def _decrypt(self, row: PersonalRow, keys: dict[int, Any]) -> PersonalRow | None:
        """The row in clear; ``keys`` keeps each key generation's cipher for one read."""
        value = row.value
        if not isinstance(value, str) or not value.startswith(ENCRYPTED_PREFIX):
            return row  # written before the key store: kept in clear
        body = value[len(ENCRYPTED_PREFIX):]
        gen, _, rest = body.partition(":")
        try:
            number = int(gen) if rest else 1
        except ValueError:
            return None
        body = rest or body
        if number not in keys:
            key = self.keys.get(key_name(row.case_id, number))
            keys[number] = None if key is None else _cipher(key)
        cipher = keys[number]
        if cipher is None:
            return None
        try:
            raw = base64.b64decode(body, validate=True)
            plain = cipher.decrypt(raw[:12], raw[12:], _aad(row.case_id, row.sequence, row.key))
            return PersonalRow(row.case_id, row.sequence, row.key, row.salt,
                               plain.decode("utf-8"))
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
        gen = self.generation(case_id) if personal else 1
        hidden = [self._encrypt(row, gen) for row in personal]
        if seal is None:
            self.inner.append(case_id, expected_version, rows, hidden)
        else:
            self.inner.append(case_id, expected_version, rows, hidden, seal)

    def read_personal(self, case_id: str) -> list[PersonalRow]:
        """
        The case's vault rows, decrypted; those whose key was destroyed are left out (erased).

        Raises:
            IntegrityError: a value cannot be decrypted although its key was never
                destroyed: the key store is missing, another casebook's or replaced,
                or the value was changed.  Reading it as erased would not be true.
        """
        keys: dict[int, Any] = {}
        out = []
        for row in self.inner.read_personal(case_id):
            clear = self._decrypt(row, keys)
            if clear is not None:
                out.append(clear)
            elif not self._destroyed(row):
                raise IntegrityError(
                    case_id, row.sequence,
                    "a personal value cannot be decrypted: the key store is missing or is "
                    "not this casebook's (or the value was changed); run "
                    "`clss-housing case verify`",
                )
        return out

    def _destroyed(self, row: PersonalRow) -> bool:
        """True when the key generation that encrypted ``row`` was destroyed (an erasure)."""
        body = str(row.value)[len(ENCRYPTED_PREFIX):]
        gen, _, rest = body.partition(":")
        number = int(gen) if rest and gen.isdigit() else 1
        return self.keys.destroyed(key_name(row.case_id, number))

    def undecryptable(self, case_id: str) -> int:
        """How many of the case's stored personal values cannot be decrypted."""
        keys: dict[int, Any] = {}
        return sum(
            1 for row in self.inner.read_personal(case_id) if self._decrypt(row, keys) is None
        )

    def encrypted(self, case_id: str) -> int:
        """How many of the case's stored personal values are encrypted."""
        return sum(1 for row in self.inner.read_personal(case_id) if is_encrypted(row.value))

    def erase_personal(
        self, case_id: str, seal: Seal | None = None, *, new_erasure: bool = True
    ) -> int:
        """
        Delete the vault rows, then destroy the case's current key.

        ``new_erasure=False`` (the case is already erased and was not reopened since)
        deletes rows again without moving on to the next key generation.
        """
        if seal is None:
            count = self.inner.erase_personal(case_id)
        else:
            count = self.inner.erase_personal(case_id, seal)
        gen = self.generation(case_id)
        self.keys.destroy(key_name(case_id, gen if new_erasure or gen == 1 else gen - 1))
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
