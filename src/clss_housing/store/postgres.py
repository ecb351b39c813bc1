"""
PostgreSQL store (``postgresql://user@host:port/dbname[?schema=NAME]``), with psycopg 3.

For shared deployments: several processes and machines may write to one
casebook at once.

* **Namespace.** Every table lives in one PostgreSQL schema, ``public`` unless
  the URL says ``?schema=NAME`` (or ``PostgresStore(url, schema=NAME)``); the
  schema is created on first use.  ``schema`` is not a libpq parameter: it is
  taken out of the URL before connecting, every other parameter
  (``sslmode``, ``connect_timeout``, …) goes to libpq unchanged.
* **Optimistic concurrency.** An append is one transaction: it reads the
  case's last sequence, refuses a stale ``expected_version`` with
  :class:`~clss_housing.errors.ConcurrencyError`, then inserts.  Two writers
  that both read the same version race on the primary key
  ``(case_id, sequence)``: the second one waits for the first to commit, gets
  a unique violation, and is told with a ``ConcurrencyError``.  Nothing of a
  refused append is written.
* **Migrations.** A ``schema_version`` table and forward :data:`MIGRATIONS`,
  applied in one transaction under a ``pg_advisory_xact_lock`` so that
  processes opening a new casebook at the same moment do not trip over each
  other.
* **Erasure.** :meth:`PostgresStore.erase_personal` deletes the vault rows,
  waits for the transactions that could still read them to end, and then
  rewrites the vault table with ``VACUUM FULL``: a plain ``VACUUM`` frees dead
  tuples but leaves their bytes in the page's free space, where they can be
  read back.  Copies that PostgreSQL keeps outside its tables (WAL segments
  not yet recycled, WAL archives, base backups, replication slots holding old
  rows) are beyond a store's reach and follow the server's retention.
* **Errors.** Driver errors become :class:`~clss_housing.errors.StoreError`
  whose message names the operation, the server, the error class and SQLSTATE;
  messages of data and constraint errors (which can quote stored values) are
  left out, so no personal data reaches a log.
* **Connections.** One connection per store object, guarded by a lock; it is
  re-opened when the server dropped it.  A read is retried once on the new
  connection; an append only when the connection was found dead before its
  transaction began (when it is lost later, the error says to reload the case
  and look, since the commit may or may not have happened).
  :meth:`PostgresStore.iter_rows` streams with a server-side cursor on a
  connection of its own, so a long read never blocks writers.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final, TypeVar
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import attrs
import psycopg
from psycopg import errors as pg_errors
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from clss_housing.errors import ConcurrencyError, StoreError
from clss_housing.ledger.access import AccessRow
from clss_housing.ledger.codec import GENESIS_HASH, PersonalRow, StoredRow
from clss_housing.ledger.seal import EMPTY_ANCHOR, Anchor, CaseHead, Seal, xor_hex
from clss_housing.store.base import check_batch, check_seal


__all__ = ["DEFAULT_SCHEMA", "LATEST", "MIGRATIONS", "PostgresStore", "split_url"]

log = logging.getLogger(__name__)

_T = TypeVar("_T")
_Connection = psycopg.Connection[tuple[Any, ...]]
_Cursor = psycopg.Cursor[tuple[Any, ...]]

#: The schema used when the URL names none.
DEFAULT_SCHEMA: Final = "public"

#: ``version -> statements`` applied in order to bring a schema to that version.
#: ``{schema}`` is replaced by the quoted schema name.
MIGRATIONS: Final[dict[int, tuple[str, ...]]] = {
    1: (
        """
        CREATE TABLE {schema}.entries (
            case_id     TEXT COLLATE "C" NOT NULL,
            sequence    INTEGER NOT NULL CHECK (sequence >= 1),
            kind        TEXT    NOT NULL,
            schema      INTEGER NOT NULL,
            recorded_at TEXT    NOT NULL,
            payload     TEXT    NOT NULL,
            prev_hash   TEXT    NOT NULL,
            hash        TEXT    NOT NULL,
            CONSTRAINT entries_pkey PRIMARY KEY (case_id, sequence)
        )
        """,
        """
        CREATE TABLE {schema}.personal (
            case_id  TEXT COLLATE "C" NOT NULL,
            sequence INTEGER NOT NULL,
            key      TEXT    NOT NULL,
            salt     TEXT    NOT NULL,
            value    TEXT    NOT NULL,
            CONSTRAINT personal_pkey PRIMARY KEY (case_id, sequence, key)
        )
        """,
    ),
    # The keyed seal (clss_housing.ledger.seal): a MAC per entry (empty for rows written
    # before), a head per case and the casebook anchor.
    2: (
        "ALTER TABLE {schema}.entries ADD COLUMN mac TEXT",
        """
        CREATE TABLE {schema}.heads (
            case_id     TEXT COLLATE "C" NOT NULL,
            version     INTEGER NOT NULL,
            head_hash   TEXT    NOT NULL,
            vault_count INTEGER NOT NULL,
            erased_at   TEXT,
            mac         TEXT    NOT NULL,
            CONSTRAINT heads_pkey PRIMARY KEY (case_id)
        )
        """,
        """
        CREATE TABLE {schema}.anchor (
            id        INTEGER NOT NULL CHECK (id = 1),
            digest    TEXT    NOT NULL,
            key_check TEXT    NOT NULL,
            CONSTRAINT anchor_pkey PRIMARY KEY (id)
        )
        """,
        # The row exists from the start (an empty key check means "not sealed yet"), so
        # that the first sealed writers lock it instead of racing to insert it.
        "INSERT INTO {schema}.anchor (id, digest, key_check) VALUES (1, repeat('0', 64), '')",
    ),
    # Who recorded each entry (clss_housing.ledger.actor; empty for rows written before)
    # and who erased a case's personal data.
    3: (
        "ALTER TABLE {schema}.entries ADD COLUMN by_user TEXT",
        "ALTER TABLE {schema}.entries ADD COLUMN by_partner TEXT",
        "ALTER TABLE {schema}.heads ADD COLUMN erased_by TEXT",
        # The partner registry (clss_housing.sharing.registry): one JSON record per partner.
        """
        CREATE TABLE {schema}.partners (
            id     TEXT COLLATE "C" NOT NULL,
            record TEXT NOT NULL,
            CONSTRAINT partners_pkey PRIMARY KEY (id)
        )
        """,
        # The access log (clss_housing.ledger.access): append-only, chained like the ledger.
        """
        CREATE TABLE {schema}.access_log (
            sequence   INTEGER NOT NULL,
            at         TEXT    NOT NULL,
            case_id    TEXT COLLATE "C" NOT NULL,
            by_user    TEXT    NOT NULL,
            by_partner TEXT    NOT NULL,
            command    TEXT    NOT NULL,
            prev_hash  TEXT    NOT NULL,
            hash       TEXT    NOT NULL,
            mac        TEXT,
            CONSTRAINT access_log_pkey PRIMARY KEY (sequence)
        )
        """,
        # The log's last row for writers who may not read the log (partner roles).
        """
        CREATE FUNCTION {schema}.clss_access_tail(OUT sequence INTEGER, OUT hash TEXT)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            SELECT a.sequence, a.hash FROM {schema}.access_log AS a
            ORDER BY a.sequence DESC LIMIT 1
        $$
        """,
    ),
}
#: The schema version this code writes.
LATEST: Final = max(MIGRATIONS)

_SCHEMA_NAME: Final = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}\Z")
_COLUMNS: Final = (
    "case_id",
    "sequence",
    "kind",
    "schema",
    "recorded_at",
    "payload",
    "prev_hash",
    "hash",
    "mac",
    "by_user",
    "by_partner",
)
_HEAD_COLUMNS: Final = (
    "case_id", "version", "head_hash", "vault_count", "erased_at", "mac", "erased_by"
)
_PERSONAL_COLUMNS: Final = ("case_id", "sequence", "key", "salt", "value")
_ACCESS_COLUMNS: Final = (
    "sequence", "at", "case_id", "by_user", "by_partner", "command", "prev_hash", "hash", "mac"
)
#: Primary-key constraint whose violation means "another writer got there first".
_ENTRIES_PKEY: Final = "entries_pkey"
#: Rows fetched per round trip by :meth:`PostgresStore.iter_rows`.
_ITERSIZE: Final = 2000


def split_url(url: str) -> tuple[str, str | None]:
    """
    Split a store URL into the libpq connection string and the ``schema`` it names.

    Returns:
        ``(conninfo, schema)``; ``schema`` is ``None`` when the URL has no ``?schema=``.

    Raises:
        StoreError: the URL is not a ``postgresql://`` URL or names ``schema`` twice.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise StoreError(f"not a PostgreSQL URL: {_redact(url)!r}")
    query = parse_qsl(parts.query, keep_blank_values=True)
    schemas = [value for key, value in query if key == "schema"]
    if len(schemas) > 1:
        raise StoreError(f"the URL {_redact(url)!r} names more than one schema")
    if not schemas:
        return url, None
    rest = [(key, value) for key, value in query if key != "schema"]
    return urlunsplit(parts._replace(query=_encode_query(rest))), schemas[0]


def _encode_query(pairs: Sequence[tuple[str, str]]) -> str:
    # libpq decodes %XX only: a space must stay %20, never "+".
    return urlencode(pairs, quote_via=quote)


def _with_schema(url: str, schema: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "schema"]
    query.append(("schema", schema))
    return urlunsplit(parts._replace(query=_encode_query(query)))


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[-1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))


def _lock_key(schema: str) -> int:
    """A stable 64-bit advisory-lock key for migrating ``schema``."""
    digest = hashlib.sha256(f"clss_housing.migrate:{schema}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _describe_error(exc: psycopg.Error) -> str:
    """
    A one-line description of a driver error that is safe to log.

    Data and integrity errors can quote the values of a row, so only their
    class, SQLSTATE, constraint and column are kept.
    """
    parts = [type(exc).__name__]
    if exc.sqlstate:
        parts.append(f"SQLSTATE {exc.sqlstate}")
    diag = exc.diag
    if isinstance(exc, psycopg.DataError | psycopg.IntegrityError):
        if diag.constraint_name:
            parts.append(f"constraint {diag.constraint_name}")
        if diag.column_name:
            parts.append(f"column {diag.column_name}")
        return ", ".join(parts)
    text = diag.message_primary or str(exc)
    return ", ".join(parts) + ": " + " ".join(text.split())


class _Queries:
    """The statements of one schema, composed once."""

    def __init__(self, schema: str) -> None:
        s = sql.Identifier(schema)
        entries = sql.SQL("{}.entries").format(s)
        personal = sql.SQL("{}.personal").format(s)
        cols = sql.SQL(", ").join(map(sql.Identifier, _COLUMNS))
        pcols = sql.SQL(", ").join(map(sql.Identifier, _PERSONAL_COLUMNS))
        self.create_schema = sql.SQL("CREATE SCHEMA {}").format(s)
        self.create_versions = sql.SQL(
            "CREATE TABLE {}.schema_version (version INTEGER NOT NULL)"
        ).format(s)
        self.current_version = sql.SQL("SELECT max(version) FROM {}.schema_version").format(s)
        self.add_version = sql.SQL("INSERT INTO {}.schema_version (version) VALUES (%s)").format(s)
        self.max_sequence = sql.SQL("SELECT max(sequence) FROM {} WHERE case_id = %s").format(
            entries
        )
        self.insert_entry = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
            entries, cols, sql.SQL(", ").join(sql.Placeholder() * len(_COLUMNS))
        )
        self.insert_personal = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
            personal, pcols, sql.SQL(", ").join(sql.Placeholder() * len(_PERSONAL_COLUMNS))
        )
        self.read = sql.SQL(
            "SELECT {} FROM {} WHERE case_id = %s AND sequence > %s ORDER BY sequence"
        ).format(cols, entries)
        self.read_personal = sql.SQL(
            "SELECT {} FROM {} WHERE case_id = %s ORDER BY sequence, key"
        ).format(pcols, personal)
        # A loose index scan: one index probe per case instead of reading every row.
        self.case_ids = sql.SQL(
            "WITH RECURSIVE ids AS ("
            " (SELECT case_id FROM {e} ORDER BY case_id LIMIT 1)"
            " UNION ALL"
            " SELECT (SELECT e.case_id FROM {e} AS e WHERE e.case_id > ids.case_id"
            "         ORDER BY e.case_id LIMIT 1)"
            " FROM ids WHERE ids.case_id IS NOT NULL"
            ") SELECT case_id FROM ids WHERE case_id IS NOT NULL"
        ).format(e=entries)
        self.all_rows = sql.SQL("SELECT {} FROM {} ORDER BY case_id, sequence").format(
            cols, entries
        )
        self.delete_personal = sql.SQL("DELETE FROM {} WHERE case_id = %s").format(personal)
        heads = sql.SQL("{}.heads").format(s)
        anchor = sql.SQL("{}.anchor").format(s)
        hcols = sql.SQL(", ").join(map(sql.Identifier, _HEAD_COLUMNS))
        self.head = sql.SQL("SELECT {} FROM {} WHERE case_id = %s").format(hcols, heads)
        self.head_for_update = sql.SQL("SELECT {} FROM {} WHERE case_id = %s FOR UPDATE").format(
            hcols, heads
        )
        self.heads = sql.SQL("SELECT {} FROM {} ORDER BY case_id").format(hcols, heads)
        self.upsert_head = sql.SQL(
            "INSERT INTO {} ({}) VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (case_id)"
            " DO UPDATE SET version = EXCLUDED.version, head_hash = EXCLUDED.head_hash,"
            " vault_count = EXCLUDED.vault_count, erased_at = EXCLUDED.erased_at,"
            " mac = EXCLUDED.mac, erased_by = EXCLUDED.erased_by"
        ).format(heads, hcols)
        self.anchor = sql.SQL("SELECT digest, key_check FROM {} WHERE id = 1").format(anchor)
        self.set_mac = sql.SQL(
            "UPDATE {} SET mac = %s WHERE case_id = %s AND sequence = %s"
        ).format(entries)
        self.anchor_for_update = sql.SQL(
            "SELECT digest, key_check FROM {} WHERE id = 1 FOR UPDATE"
        ).format(anchor)
        self.upsert_anchor = sql.SQL(
            "INSERT INTO {} (id, digest, key_check) VALUES (1, %s, %s) ON CONFLICT (id) DO UPDATE"
            " SET digest = EXCLUDED.digest, key_check = EXCLUDED.key_check"
        ).format(anchor)
        self.vacuum_personal = sql.SQL("VACUUM FULL {}").format(personal)
        # Sessions of this database whose snapshot or transaction began before the
        # transaction %s committed: the rows it deleted are still visible to them.
        # Autovacuum workers are left out: vacuums ignore each other's snapshots.
        self.older_sessions = sql.SQL(
            "SELECT count(*) FROM pg_catalog.pg_stat_activity"
            " WHERE pid <> pg_backend_pid() AND datname = current_database()"
            " AND backend_type <> 'autovacuum worker'"
            " AND ((backend_xmin IS NOT NULL AND age(backend_xmin) >= age(%s::xid))"
            " OR (backend_xid IS NOT NULL AND age(backend_xid) >= age(%s::xid)))"
        )


class PostgresStore:
    """
    A casebook in one PostgreSQL schema.

    Args:
        url: ``postgresql://user[:password]@host[:port]/dbname[?schema=NAME&…]``.
        schema: the schema to use; overrides the URL's ``?schema=`` (default ``public``).
        erase_wait: seconds :meth:`erase_personal` waits for older transactions to end.

    Raises:
        StoreError: bad URL or schema name, server unreachable, or a schema written
            by a newer clss-housing.
    """

    def __init__(self, url: str, *, schema: str | None = None, erase_wait: float = 30.0) -> None:
        conninfo, url_schema = split_url(url)
        chosen = schema if schema is not None else (url_schema or DEFAULT_SCHEMA)
        if not _SCHEMA_NAME.match(chosen):
            raise StoreError(
                f"schema name {chosen!r} is not allowed "
                "(letters, digits and '_', not starting with a digit, at most 63)"
            )
        try:
            params = conninfo_to_dict(conninfo)
        except psycopg.Error as exc:
            raise StoreError(f"invalid PostgreSQL URL {_redact(url)!r}: {exc}") from None
        self.schema = chosen
        self._erase_wait = erase_wait
        self.url = url if schema is None or schema == url_schema else _with_schema(url, chosen)
        self._conninfo = conninfo
        self._connect_timeout = None if "connect_timeout" in params else 10
        host = params.get("host") or params.get("hostaddr") or "localhost"
        port = params.get("port") or "5432"
        self._where = f"PostgreSQL {host}:{port}/{params.get('dbname', '')} schema {chosen}"
        self._q = _Queries(chosen)
        self._lock = threading.RLock()
        self._closed = False
        self._conn: _Connection | None = None
        try:
            self._conn = self._connect()
            self._migrate(self._conn)
        except BaseException:
            self._discard()
            raise

    def __repr__(self) -> str:
        return f"PostgresStore({_redact(self.url)!r})"

    # -- connections ----------------------------------------------------------------------

    def _connect(self) -> _Connection:
        kwargs: dict[str, Any] = {"autocommit": True}
        if self._connect_timeout is not None:
            kwargs["connect_timeout"] = self._connect_timeout
        try:
            return psycopg.connect(self._conninfo, **kwargs)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to {self._where}: {_describe_error(exc)}") from None

    def _connection(self) -> _Connection:
        """The store's connection, re-opened if the server dropped it."""
        if self._closed:
            raise StoreError(f"the store on {self._where} is closed")
        conn = self._conn
        if conn is None or conn.closed or conn.broken:
            self._discard()
            log.info("re-opening the connection to the PostgreSQL store")
            self._conn = conn = self._connect()
        return conn

    def _discard(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(psycopg.Error):  # closing a dead connection
                conn.close()

    def _fail(self, action: str, exc: psycopg.Error) -> StoreError:
        return StoreError(f"{action} on {self._where} failed: {_describe_error(exc)}")

    def _read(self, action: str, query: Callable[[_Connection], _T]) -> _T:
        """Run a read; on a dropped connection, reconnect and try once more."""
        with self._lock:
            for attempt in (1, 2):
                conn = self._connection()
                try:
                    return query(conn)
                except psycopg.OperationalError as exc:
                    if attempt == 1 and conn.broken:
                        continue
                    raise self._fail(action, exc) from None
                except psycopg.Error as exc:
                    raise self._fail(action, exc) from None
        raise AssertionError("unreachable")  # pragma: no cover

    # -- schema ---------------------------------------------------------------------------

    def _migrate(self, conn: _Connection) -> None:
        q = self._q
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_lock_key(self.schema),))
                found = conn.execute(
                    "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = %s", (self.schema,)
                ).fetchone()
                if found is None:
                    conn.execute(q.create_schema)
                found = conn.execute(
                    "SELECT 1 FROM pg_catalog.pg_tables"
                    " WHERE schemaname = %s AND tablename = 'schema_version'",
                    (self.schema,),
                ).fetchone()
                if found is None:
                    conn.execute(q.create_versions)
                row = conn.execute(q.current_version).fetchone()
                current = int(row[0] or 0) if row else 0
                if current > LATEST:
                    raise StoreError(
                        f"{self._where} was written by a newer clss-housing "
                        f"(schema {current}, this one knows up to {LATEST})"
                    )
                schema = sql.Identifier(self.schema)
                for version in range(current + 1, LATEST + 1):
                    for statement in MIGRATIONS[version]:
                        conn.execute(sql.SQL(statement).format(schema=schema))
                    conn.execute(q.add_version, (version,))
                    log.info("PostgreSQL store migrated to schema version %d", version)
        except psycopg.Error as exc:
            raise self._fail("preparing the tables", exc) from None

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""

        def query(conn: _Connection) -> int:
            row = conn.execute(self._q.current_version).fetchone()
            return int(row[0] or 0) if row else 0

        return self._read("reading the schema version", query)

    # -- writing --------------------------------------------------------------------------

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
            for attempt in (1, 2):
                conn = self._connection()
                begun = False
                try:
                    with conn.transaction(), conn.cursor() as cur:
                        begun = True
                        row = cur.execute(self._q.max_sequence, (case_id,)).fetchone()
                        current = int(row[0] or 0) if row else 0
                        if current != expected_version:
                            raise ConcurrencyError(case_id, expected_version, current)
                        anchor = (
                            self._check_seal(cur, case_id, seal) if seal is not None else None
                        )
                        self._insert(cur, rows, personal)
                        if seal is not None:
                            self._apply(cur, seal, anchor)
                    return
                except pg_errors.UniqueViolation as exc:
                    if exc.diag.constraint_name == _ENTRIES_PKEY:
                        raise ConcurrencyError(case_id, expected_version) from None
                    raise self._fail("append", exc) from None
                except psycopg.OperationalError as exc:
                    if not begun and attempt == 1 and conn.broken:
                        continue  # the connection was dead before BEGIN: nothing was sent
                    raise StoreError(
                        f"append on {self._where} failed: {_describe_error(exc)}; "
                        "if the connection was lost during the commit, reload the case "
                        "to see whether the entries were stored"
                    ) from None
                except psycopg.Error as exc:
                    raise self._fail("append", exc) from None

    def _check_seal(self, cur: _Cursor, case_id: str, seal: Seal) -> Anchor | None:
        """Inside the transaction: lock the head and anchor rows, check them; the anchor."""
        found = cur.execute(self._q.head_for_update, (case_id,)).fetchone()
        current = CaseHead(*found) if found else None
        row = cur.execute(self._q.anchor_for_update).fetchone()
        anchor = Anchor(*row) if row and row[1] else None  # key check '': not sealed yet
        check_seal(case_id, seal, current, anchor)
        return anchor

    def _apply(self, cur: _Cursor, seal: Seal, anchor: Anchor | None) -> None:
        """Inside the transaction (rows locked): store the head, fold the delta into the anchor."""
        head = seal.head
        cur.execute(self._q.upsert_head, (head.case_id, head.version, head.head_hash,
                                          head.vault_count, head.erased_at, head.mac,
                                          head.erased_by))
        digest = xor_hex(anchor.digest if anchor else EMPTY_ANCHOR, seal.anchor_delta)
        cur.execute(self._q.upsert_anchor, (digest, seal.key_check))

    def read_head(self, case_id: str) -> CaseHead | None:
        """The case's head, if sealed."""

        def query(conn: _Connection) -> CaseHead | None:
            found = conn.execute(self._q.head, (case_id,)).fetchone()
            return CaseHead(*found) if found else None

        return self._read("reading a case head", query)

    def read_heads(self) -> dict[str, CaseHead]:
        """Every head."""

        def query(conn: _Connection) -> dict[str, CaseHead]:
            return {v[0]: CaseHead(*v) for v in conn.execute(self._q.heads).fetchall()}

        return self._read("reading the case heads", query)

    def read_anchor(self) -> Anchor | None:
        """The anchor, if any."""

        def query(conn: _Connection) -> Anchor | None:
            found = conn.execute(self._q.anchor).fetchone()
            return Anchor(*found) if found and found[1] else None  # '': not sealed yet

        return self._read("reading the anchor", query)

    def _insert(
        self, cur: _Cursor, rows: Sequence[StoredRow], personal: Sequence[PersonalRow]
    ) -> None:
        """Insert the rows of one append (inside its transaction)."""
        params = [
            (r.case_id, r.sequence, r.kind, r.schema, r.recorded_at, r.payload, r.prev_hash, r.hash,
             r.mac, r.by_user, r.by_partner)
            for r in rows
        ]
        if len(params) == 1:
            cur.execute(self._q.insert_entry, params[0])
        elif params:
            cur.executemany(self._q.insert_entry, params)
        if personal:
            cur.executemany(
                self._q.insert_personal,
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
            conn = self._connection()
            try:
                with conn.transaction(), conn.cursor() as cur:
                    row = cur.execute(self._q.anchor_for_update).fetchone()
                    if row is None or row[1] != expected_key_check:
                        raise ConcurrencyError("(casebook)", 0)
                    if macs:
                        cur.executemany(self._q.set_mac,
                                        [(mac, cid, seq) for cid, seq, mac in macs])
                    if heads:
                        cur.executemany(self._q.upsert_head, [
                            (h.case_id, h.version, h.head_hash, h.vault_count, h.erased_at, h.mac,
                             h.erased_by)
                            for h in heads
                        ])
                    cur.execute(self._q.upsert_anchor, (anchor.digest, anchor.key_check))
            except psycopg.Error as exc:
                raise self._fail("resealing", exc) from None

    def erase_personal(self, case_id: str, seal: Seal | None = None) -> int:
        """
        Delete the case's vault rows, then rewrite the vault table (``VACUUM FULL``).

        PostgreSQL keeps a deleted row for every transaction that began before
        the deletion and may still read it, and no rewrite can drop it before
        they end.  So between the deletion and the rewrite this waits (up to
        ``erase_wait`` seconds) until no session of this database that it can
        see (those of the same role, or all of them for a role with
        ``pg_read_all_stats``) holds a snapshot or transaction that old.

        Raises:
            StoreError: the deletion failed; or the rows were deleted but an older
                transaction still holds them, or the table could not be rewritten
                (for example: the role does not own it).  Running the erasure again
                later finishes the job.
        """
        with self._lock:
            conn = self._connection()
            try:
                with conn.transaction(), conn.cursor() as cur:
                    anchor = self._check_seal(cur, case_id, seal) if seal is not None else None
                    count = cur.execute(self._q.delete_personal, (case_id,)).rowcount
                    if seal is not None:
                        self._apply(cur, seal, anchor)
                    row = cur.execute("SELECT xid(pg_current_xact_id())").fetchone()
                deadline = time.monotonic() + self._erase_wait
                holders = self._wait_for_older_snapshots(conn, str(row[0]) if row else None)
            except psycopg.Error as exc:
                raise self._fail("erasure", exc) from None
            deleted = f"the personal data of case {case_id!r} was deleted from {self._where}"
            if holders:
                raise StoreError(
                    f"{deleted}, but {holders} older transaction(s) may still read it, so it "
                    f"is still on disk after waiting {self._erase_wait:g} s; erase again "
                    "once they have ended"
                )
            problem = self._rewrite_vault(conn, deadline)
            if problem:
                raise StoreError(
                    f"{deleted}, but its table was not rewritten ({problem}); erase again "
                    "later, as the owner of the personal table"
                )
            return max(count, 0)

    def _rewrite_vault(self, conn: _Connection, deadline: float) -> str | None:
        """
        ``VACUUM FULL`` the vault table; return why it did not happen, if it did not.

        Each attempt waits at most a quarter of a second for its exclusive lock,
        so appends queued behind it are never held up for long; attempts repeat
        until ``deadline``.
        """
        warnings: list[str] = []

        def notice(diag: psycopg.errors.Diagnostic) -> None:
            if diag.severity_nonlocalized in ("WARNING", "ERROR"):
                warnings.append(diag.message_primary or "")

        conn.add_notice_handler(notice)
        try:
            conn.execute("SET lock_timeout = '250ms'")
            while True:
                try:
                    conn.execute(self._q.vacuum_personal)
                except pg_errors.LockNotAvailable as exc:
                    if time.monotonic() >= deadline:
                        return _describe_error(exc)
                    time.sleep(0.05)
                    continue
                except psycopg.Error as exc:
                    return _describe_error(exc)
                break
        finally:
            conn.remove_notice_handler(notice)
            with contextlib.suppress(psycopg.Error):
                conn.execute("RESET lock_timeout")
        return "; ".join(warnings) or None

    def _wait_for_older_snapshots(self, conn: _Connection, xid: str | None) -> int:
        """Wait until no visible session can still read rows ``xid`` deleted; count those left."""
        if xid is None:  # pragma: no cover - pg_current_xact_id() always answers
            return 0
        deadline = time.monotonic() + self._erase_wait
        delay = 0.01
        while True:
            row = conn.execute(self._q.older_sessions, (xid, xid)).fetchone()
            holders = int(row[0]) if row else 0
            if holders == 0 or time.monotonic() >= deadline:
                return holders
            time.sleep(delay)
            delay = min(delay * 2, 0.25)

    # -- partner registry -----------------------------------------------------------------

    def read_partners(self) -> list[tuple[str, str]]:
        """Every stored partner record ``(id, JSON)``, by id."""
        statement = sql.SQL("SELECT id, record FROM {}.partners ORDER BY id").format(
            sql.Identifier(self.schema)
        )

        def query(conn: _Connection) -> list[tuple[str, str]]:
            return [(str(i), str(r)) for i, r in conn.execute(statement).fetchall()]

        return self._read("reading the partners", query)

    def put_partner(self, partner_id: str, record: str) -> None:
        """Store (or replace) one partner record."""
        statement = sql.SQL(
            "INSERT INTO {}.partners (id, record) VALUES (%s, %s)"
            " ON CONFLICT (id) DO UPDATE SET record = EXCLUDED.record"
        ).format(sql.Identifier(self.schema))
        with self._lock:
            conn = self._connection()
            try:
                with conn.transaction():
                    conn.execute(statement, (partner_id, record))
            except psycopg.Error as exc:
                raise self._fail("writing a partner", exc) from None

    # -- access log -----------------------------------------------------------------------

    def append_access(self, make: Callable[[int, str], AccessRow]) -> AccessRow:
        """Append the row ``make(next sequence, previous hash)`` to the access log atomically."""
        table = sql.SQL("{}.access_log").format(sql.Identifier(self.schema))
        last_q = sql.SQL(
            "SELECT sequence, hash FROM {}.clss_access_tail() WHERE sequence IS NOT NULL"
        ).format(sql.Identifier(self.schema))
        insert = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
            table, sql.SQL(", ").join(map(sql.Identifier, _ACCESS_COLUMNS)),
            sql.SQL(", ").join(sql.Placeholder() * len(_ACCESS_COLUMNS)),
        )
        with self._lock:
            conn = self._connection()
            try:
                with conn.transaction():
                    # One writer at a time on the log: its rows form one chain.
                    conn.execute("SELECT pg_advisory_xact_lock(%s)",
                                 (_lock_key(self.schema + ".access"),))
                    last = conn.execute(last_q).fetchone()
                    row = make(int(last[0]) + 1 if last else 1,
                               str(last[1]) if last else GENESIS_HASH)
                    conn.execute(insert, attrs.astuple(row))
            except psycopg.Error as exc:
                raise self._fail("writing the access log", exc) from None
            return row

    def read_access(self) -> list[AccessRow]:
        """The whole access log, in order."""
        statement = sql.SQL("SELECT {} FROM {}.access_log ORDER BY sequence").format(
            sql.SQL(", ").join(map(sql.Identifier, _ACCESS_COLUMNS)), sql.Identifier(self.schema)
        )

        def query(conn: _Connection) -> list[AccessRow]:
            return [AccessRow(*values) for values in conn.execute(statement).fetchall()]

        return self._read("reading the access log", query)

    # -- reading --------------------------------------------------------------------------

    def read(self, case_id: str, after: int = 0) -> list[StoredRow]:
        """Rows after sequence ``after``."""

        def query(conn: _Connection) -> list[StoredRow]:
            cur = conn.execute(self._q.read, (case_id, after))
            return [StoredRow(*values) for values in cur.fetchall()]

        return self._read("reading a case", query)

    def read_personal(self, case_id: str) -> list[PersonalRow]:
        """Vault rows of the case."""

        def query(conn: _Connection) -> list[PersonalRow]:
            cur = conn.execute(self._q.read_personal, (case_id,))
            return [PersonalRow(*values) for values in cur.fetchall()]

        return self._read("reading personal data", query)

    def version(self, case_id: str) -> int:
        """Number of rows of the case."""

        def query(conn: _Connection) -> int:
            row = conn.execute(self._q.max_sequence, (case_id,)).fetchone()
            return int(row[0] or 0) if row else 0

        return self._read("reading a case version", query)

    def case_ids(self) -> list[str]:
        """Every case id, sorted."""

        def query(conn: _Connection) -> list[str]:
            return [c for (c,) in conn.execute(self._q.case_ids).fetchall()]

        return self._read("listing cases", query)

    def iter_rows(self) -> Iterator[StoredRow]:
        """
        Every row, by case then sequence, streamed from one consistent snapshot.

        Uses a server-side cursor on a connection of its own, closed when the
        iteration ends or the iterator is discarded.
        """
        with self._lock:
            if self._closed:
                raise StoreError(f"the store on {self._where} is closed")
        conn = self._connect()
        try:
            with conn.transaction(), conn.cursor(name="clss_housing_rows") as cur:
                cur.itersize = _ITERSIZE
                cur.execute(self._q.all_rows)
                for values in cur:
                    yield StoredRow(*values)
        except psycopg.Error as exc:
            raise self._fail("reading every case", exc) from None
        finally:
            conn.close()

    def close(self) -> None:
        """Close the connection; later calls raise :class:`StoreError`."""
        with self._lock:
            self._closed = True
            self._discard()
