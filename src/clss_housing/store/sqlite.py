"""
SQLite store (``sqlite:///relative.db``, ``sqlite:////absolute.db``): the embedded default.

* WAL journal, ``synchronous=FULL``: a committed append survives a crash or
  power cut, and a process killed in the middle of an append leaves nothing
  of it behind (SQLite rolls the open transaction back on the next open).
* One ``BEGIN IMMEDIATE`` transaction per append: the version check and the
  inserts happen under the database's write lock, and the primary key
  ``(case_id, sequence)`` is the last line of defence.
* ``secure_delete`` and a WAL checkpoint after an erasure, so erased personal
  data does not linger in free pages or in the journal.
* A ``schema_version`` table and forward migrations (:data:`MIGRATIONS`).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar

import attrs

from clss_housing.errors import ConcurrencyError, StoreError
from clss_housing.ledger.access import AccessRow
from clss_housing.ledger.codec import GENESIS_HASH, PersonalRow, StoredRow
from clss_housing.ledger.seal import EMPTY_ANCHOR, Anchor, CaseHead, Seal, xor_hex
from clss_housing.store.base import check_batch, check_seal


__all__ = ["MIGRATIONS", "SQLiteStore"]

#: ``version -> statements`` applied in order to bring a database to that version.
MIGRATIONS: Final[dict[int, tuple[str, ...]]] = {
    1: (
        """
        CREATE TABLE entries (
            case_id     TEXT    NOT NULL,
            sequence    INTEGER NOT NULL CHECK (sequence >= 1),
            kind        TEXT    NOT NULL,
            schema      INTEGER NOT NULL,
            recorded_at TEXT    NOT NULL,
            payload     TEXT    NOT NULL,
            prev_hash   TEXT    NOT NULL,
            hash        TEXT    NOT NULL,
            PRIMARY KEY (case_id, sequence)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE personal (
            case_id  TEXT    NOT NULL,
            sequence INTEGER NOT NULL,
            key      TEXT    NOT NULL,
            salt     TEXT    NOT NULL,
            value    TEXT    NOT NULL,
            PRIMARY KEY (case_id, sequence, key)
        ) WITHOUT ROWID
        """,
    ),
    # The keyed seal (clss_housing.ledger.seal): a MAC per entry (empty for rows written
    # before), a head per case and the casebook anchor.
    2: (
        "ALTER TABLE entries ADD COLUMN mac TEXT",
        """
        CREATE TABLE heads (
            case_id     TEXT    NOT NULL PRIMARY KEY,
            version     INTEGER NOT NULL,
            head_hash   TEXT    NOT NULL,
            vault_count INTEGER NOT NULL,
            erased_at   TEXT,
            mac         TEXT    NOT NULL
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE anchor (
            id        INTEGER PRIMARY KEY CHECK (id = 1),
            digest    TEXT NOT NULL,
            key_check TEXT NOT NULL
        )
        """,
    ),
    # Who recorded each entry (clss_housing.ledger.actor; empty for rows written before)
    # and who erased a case's personal data.
    3: (
        "ALTER TABLE entries ADD COLUMN by_user TEXT",
        "ALTER TABLE entries ADD COLUMN by_partner TEXT",
        "ALTER TABLE heads ADD COLUMN erased_by TEXT",
        # The partner registry (clss_housing.sharing.registry): one JSON record per partner.
        """
        CREATE TABLE partners (
            id     TEXT NOT NULL PRIMARY KEY,
            record TEXT NOT NULL
        ) WITHOUT ROWID
        """,
        # The access log (clss_housing.ledger.access): append-only, chained like the ledger.
        """
        CREATE TABLE access_log (
            sequence   INTEGER NOT NULL PRIMARY KEY,
            at         TEXT    NOT NULL,
            case_id    TEXT    NOT NULL,
            by_user    TEXT    NOT NULL,
            by_partner TEXT    NOT NULL,
            command    TEXT    NOT NULL,
            prev_hash  TEXT    NOT NULL,
            hash       TEXT    NOT NULL,
            mac        TEXT
        )
        """,
    ),
}
LATEST: Final = max(MIGRATIONS)

_T = TypeVar("_T")

_COLUMNS: Final = (
    "case_id, sequence, kind, schema, recorded_at, payload, prev_hash, hash, mac, "
    "by_user, by_partner"
)
_HEAD_COLUMNS: Final = "case_id, version, head_hash, vault_count, erased_at, mac, erased_by"
_ACCESS_COLUMNS: Final = (
    "sequence, at, case_id, by_user, by_partner, command, prev_hash, hash, mac"
)
#: Rows fetched at a time when every row is walked.
_BATCH: Final = 1000


def _batches(cursor: sqlite3.Cursor) -> Iterator[Any]:
    """The cursor's rows, fetched :data:`_BATCH` at a time."""
    while batch := cursor.fetchmany(_BATCH):
        yield from batch


def _row(values: tuple[object, ...]) -> StoredRow:
    return StoredRow(*values)  # type: ignore[arg-type]


class SQLiteStore:
    """A ledger in one SQLite file."""

    def __init__(self, path: str | Path, *, url: str | None = None, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.url = url or f"sqlite:///{self.path}"
        try:
            self._conn = sqlite3.connect(
                str(self.path), timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the SQLite ledger {self.path}: {exc}") from None
        try:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.execute("PRAGMA secure_delete=ON")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.Error as exc:
            self._conn.close()
            raise StoreError(f"cannot open the SQLite ledger {self.path}: {exc}") from None
        except BaseException:
            self._conn.close()
            raise
        self._lock = threading.RLock()

    # -- schema -------------------------------------------------------------------------------

    def _migrate(self) -> None:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            found = conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]
            current = int(found or 0)
            if current > LATEST:
                raise StoreError(
                    f"{self.path} was written by a newer clss-housing "
                    f"(schema {current}, this one knows up to {LATEST})"
                )
            for version in range(current + 1, LATEST + 1):
                for statement in MIGRATIONS[version]:
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        return self._read(
            lambda conn: int(conn.execute("SELECT max(version) FROM schema_version").fetchone()[0])
        )

    def _read(self, query: Callable[[sqlite3.Connection], _T]) -> _T:
        """Run a read under the lock, mapping driver errors to :class:`StoreError`."""
        with self._lock:
            try:
                return query(self._conn)
            except sqlite3.OperationalError as exc:
                if "decode" not in str(exc):
                    raise StoreError(f"reading {self.path} failed: {exc}") from None
            except sqlite3.Error as exc:
                raise StoreError(f"reading {self.path} failed: {exc}") from None
            # Stored bytes that are not UTF-8 (tampering, disk damage): read them with
            # replacement characters so that ``verify`` reports the broken row instead of
            # every read failing.
            self._conn.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
            try:
                return query(self._conn)
            except sqlite3.Error as exc:
                raise StoreError(f"reading {self.path} failed: {exc}") from None
            finally:
                self._conn.text_factory = str

    # -- writing ------------------------------------------------------------------------------

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
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot start a write on {self.path}: {exc}") from None
            try:
                found = conn.execute(
                    "SELECT max(sequence) FROM entries WHERE case_id = ?", (case_id,)
                ).fetchone()[0]
                current = int(found or 0)
                if current != expected_version:
                    raise ConcurrencyError(case_id, expected_version, current)
                anchor = self._check_seal(case_id, seal) if seal is not None else None
                self._insert(rows, personal)
                if seal is not None:
                    self._apply(seal, anchor)
                conn.execute("COMMIT")
            except sqlite3.IntegrityError as exc:
                conn.execute("ROLLBACK")
                if str(exc).startswith("UNIQUE constraint failed: entries."):
                    raise ConcurrencyError(case_id, expected_version) from None
                # Not a lost race: a row the schema refuses (its message names columns only).
                raise StoreError(f"append to {self.path} refused: {exc}") from None
            except sqlite3.Error as exc:
                conn.execute("ROLLBACK")
                raise StoreError(f"append to {self.path} failed: {exc}") from None
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def _check_seal(self, case_id: str, seal: Seal) -> Anchor | None:
        """Inside the write transaction: the head unchanged and the same key; the anchor."""
        anchor = self._anchor(self._conn)
        check_seal(case_id, seal, self._head(self._conn, case_id), anchor)
        return anchor

    def _apply(self, seal: Seal, anchor: Anchor | None) -> None:
        """Inside the write transaction: store the head, fold the delta into the anchor."""
        conn = self._conn
        head = seal.head
        conn.execute(
            f"INSERT OR REPLACE INTO heads ({_HEAD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
            (head.case_id, head.version, head.head_hash, head.vault_count, head.erased_at,
             head.mac, head.erased_by),
        )
        digest = xor_hex(anchor.digest if anchor else EMPTY_ANCHOR, seal.anchor_delta)
        conn.execute(
            "INSERT OR REPLACE INTO anchor (id, digest, key_check) VALUES (1, ?, ?)",
            (digest, seal.key_check),
        )

    @staticmethod
    def _head(conn: sqlite3.Connection, case_id: str) -> CaseHead | None:
        found = conn.execute(
            f"SELECT {_HEAD_COLUMNS} FROM heads WHERE case_id = ?", (case_id,)  # noqa: S608
        ).fetchone()
        return CaseHead(*found) if found else None

    @staticmethod
    def _anchor(conn: sqlite3.Connection) -> Anchor | None:
        found = conn.execute("SELECT digest, key_check FROM anchor WHERE id = 1").fetchone()
        return Anchor(*found) if found else None

    def read_head(self, case_id: str) -> CaseHead | None:
        """The case's head, if sealed."""
        return self._read(lambda conn: self._head(conn, case_id))

    def read_heads(self) -> dict[str, CaseHead]:
        """Every head."""
        return self._read(
            lambda conn: {
                values[0]: CaseHead(*values)
                for values in conn.execute(
                    f"SELECT {_HEAD_COLUMNS} FROM heads ORDER BY case_id"  # noqa: S608
                ).fetchall()
            }
        )

    def read_anchor(self) -> Anchor | None:
        """The anchor, if any."""
        return self._read(self._anchor)

    def _insert(self, rows: Sequence[StoredRow], personal: Sequence[PersonalRow]) -> None:
        self._conn.executemany(
            f"INSERT INTO entries ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
            [
                (r.case_id, r.sequence, r.kind, r.schema, r.recorded_at, r.payload,
                 r.prev_hash, r.hash, r.mac, r.by_user, r.by_partner)
                for r in rows
            ],
        )
        if personal:
            self._conn.executemany(
                "INSERT INTO personal (case_id, sequence, key, salt, value) VALUES (?, ?, ?, ?, ?)",
                [(p.case_id, p.sequence, p.key, p.salt, p.value) for p in personal],
            )

    def reseal(
        self,
        macs: Sequence[tuple[str, int, str]],
        heads: Sequence[CaseHead],
        anchor: Anchor,
        expected_key_check: str,
    ) -> None:
        """Replace MACs, heads and the anchor in one transaction (key rotation)."""
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    current = self._anchor(conn)
                    if current is None or current.key_check != expected_key_check:
                        raise ConcurrencyError("(casebook)", 0)
                    conn.executemany(
                        "UPDATE entries SET mac = ? WHERE case_id = ? AND sequence = ?",
                        [(mac, case_id, sequence) for case_id, sequence, mac in macs],
                    )
                    conn.executemany(
                        f"INSERT OR REPLACE INTO heads ({_HEAD_COLUMNS})"  # noqa: S608
                        " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [(h.case_id, h.version, h.head_hash, h.vault_count, h.erased_at, h.mac,
                          h.erased_by)
                         for h in heads],
                    )
                    conn.execute(
                        "INSERT OR REPLACE INTO anchor (id, digest, key_check) VALUES (1, ?, ?)",
                        (anchor.digest, anchor.key_check),
                    )
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                raise StoreError(f"resealing {self.path} failed: {exc}") from None

    def erase_personal(self, case_id: str, seal: Seal | None = None) -> int:
        """
        Delete the case's vault rows, overwrite the freed pages and empty the journal.

        Raises:
            StoreError: the deletion failed, or another connection kept reading
                the journal (which still holds the old pages) past the timeout;
                erasing again once it is done finishes the job.
        """
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    anchor = self._check_seal(case_id, seal) if seal is not None else None
                    cur = conn.execute("DELETE FROM personal WHERE case_id = ?", (case_id,))
                    if seal is not None:
                        self._apply(seal, anchor)
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            except sqlite3.Error as exc:
                raise StoreError(f"erasure on {self.path} failed: {exc}") from None
            if busy:
                raise StoreError(
                    f"the personal data of case {case_id!r} was deleted from {self.path}, but "
                    "another connection is still reading the journal that holds the old "
                    "pages; erase again once it is done"
                )
            return cur.rowcount

    # -- partner registry ---------------------------------------------------------------------

    def read_partners(self) -> list[tuple[str, str]]:
        """Every stored partner record ``(id, JSON)``, by id."""
        return self._read(
            lambda conn: [
                (str(i), str(r))
                for i, r in conn.execute("SELECT id, record FROM partners ORDER BY id").fetchall()
            ]
        )

    def put_partner(self, partner_id: str, record: str) -> None:
        """Store (or replace) one partner record."""
        with self._lock:
            try:
                self._conn.execute(
                    "INSERT OR REPLACE INTO partners (id, record) VALUES (?, ?)",
                    (partner_id, record),
                )
            except sqlite3.Error as exc:
                raise StoreError(f"writing a partner to {self.path} failed: {exc}") from None

    # -- access log ---------------------------------------------------------------------------

    def append_access(self, make: Callable[[int, str], AccessRow]) -> AccessRow:
        """Append the row ``make(next sequence, previous hash)`` to the access log atomically."""
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    last = conn.execute(
                        "SELECT sequence, hash FROM access_log ORDER BY sequence DESC LIMIT 1"
                    ).fetchone()
                    row = make(int(last[0]) + 1 if last else 1, str(last[1]) if last else
                               GENESIS_HASH)
                    conn.execute(
                        f"INSERT INTO access_log ({_ACCESS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: E501, S608
                        attrs.astuple(row),
                    )
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                raise StoreError(f"writing the access log of {self.path} failed: {exc}") from None
            return row

    def read_access(self) -> list[AccessRow]:
        """The whole access log, in order."""
        return self._read(
            lambda conn: [
                AccessRow(*values)
                for values in conn.execute(
                    f"SELECT {_ACCESS_COLUMNS} FROM access_log ORDER BY sequence"  # noqa: S608
                ).fetchall()
            ]
        )

    # -- reading ------------------------------------------------------------------------------

    def read(self, case_id: str, after: int = 0) -> list[StoredRow]:
        """Rows after sequence ``after``."""
        return self._read(
            lambda conn: [
                StoredRow(*values)
                for values in conn.execute(
                    f"SELECT {_COLUMNS} FROM entries "  # noqa: S608
                    "WHERE case_id = ? AND sequence > ? ORDER BY sequence",
                    (case_id, after),
                ).fetchall()
            ]
        )

    def read_personal(self, case_id: str) -> list[PersonalRow]:
        """Vault rows of the case."""
        return self._read(
            lambda conn: [
                PersonalRow(*values)
                for values in conn.execute(
                    "SELECT case_id, sequence, key, salt, value FROM personal WHERE case_id = ?",
                    (case_id,),
                ).fetchall()
            ]
        )

    def version(self, case_id: str) -> int:
        """Number of rows of the case."""
        return self._read(
            lambda conn: int(
                conn.execute(
                    "SELECT max(sequence) FROM entries WHERE case_id = ?", (case_id,)
                ).fetchone()[0]
                or 0
            )
        )

    def case_ids(self) -> list[str]:
        """Every case id, sorted."""
        return self._read(
            lambda conn: [
                c
                for (c,) in conn.execute(
                    "SELECT DISTINCT case_id FROM entries ORDER BY case_id"
                ).fetchall()
            ]
        )

    def iter_rows(self) -> Iterator[StoredRow]:
        """
        Every row, by case then sequence, streamed from one snapshot.

        A file ledger is read on a connection of its own, in batches, inside one read
        transaction: memory stays flat however large the casebook, and appends made
        meanwhile are not seen half-way.  An in-memory database has no second
        connection, so it is read at once.
        """
        query = f"SELECT {_COLUMNS} FROM entries ORDER BY case_id, sequence"  # noqa: S608
        self._read(lambda conn: conn.execute("SELECT 1"))  # a closed store refuses here
        if str(self.path) == ":memory:":
            for values in self._read(lambda conn: conn.execute(query).fetchall()):
                yield StoredRow(*values)
            return
        try:
            conn = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None,
                                   check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"reading {self.path} failed: {exc}") from None
        try:
            conn.execute("BEGIN")
            done = 0
            try:
                for values in _batches(conn.execute(query)):
                    yield StoredRow(*values)
                    done += 1
            except sqlite3.OperationalError as exc:
                if "decode" not in str(exc):
                    raise
                # Bytes that are not UTF-8 (tampering, disk damage): read on in the same
                # snapshot with replacement characters, so that verify reports the broken
                # row instead of failing; the rows already given are skipped.
                conn.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
                for index, values in enumerate(_batches(conn.execute(query))):
                    if index >= done:
                        yield StoredRow(*values)
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(f"reading {self.path} failed: {exc}") from None
        finally:
            conn.close()

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()
