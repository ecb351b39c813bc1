"""
The PostgreSQL store: the store contract, plus URLs, schemas, erasure and error mapping.

Runs against ``CLSS_HOUSING_TEST_POSTGRES`` (skipped with the reason when it is
unset).  Every test works in a fresh schema of its own, dropped afterwards, so
runs never collide and no table is left behind.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Generator, Iterator
from datetime import date
from typing import cast
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import attrs
import psycopg
import pytest
from psycopg import sql

from clss_housing.casebook import Casebook
from clss_housing.errors import ConcurrencyError, StoreError
from clss_housing.ledger.codec import StoredRow
from clss_housing.ledger.entries import Note
from clss_housing.store import Store, open_store
from clss_housing.store.postgres import DEFAULT_SCHEMA, LATEST, PostgresStore, split_url
from tests.store.contract import (
    PersistentStoreContract,
    StoreContract,
    encode,
    opening,
    sample_entries,
)


pytestmark = pytest.mark.postgres


def with_query(url: str, **params: str) -> str:
    """``url`` with query parameters set (replacing any of the same name)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in params]
    return urlunsplit(parts._replace(query=urlencode([*query, *params.items()])))


def _drop(url: str, schema: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture
def schema(postgres_url: str) -> Iterator[str]:
    """A fresh schema name, dropped (with everything in it) after the test."""
    name = f"clss_test_{secrets.token_hex(6)}"
    yield name
    _drop(postgres_url, name)


@pytest.fixture
def admin(postgres_url: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """A plain connection to the test database, for looking behind the store's back."""
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        yield conn


class TestPostgresStore(StoreContract, PersistentStoreContract):
    """The conformance suite on a PostgreSQL schema."""

    @pytest.fixture(autouse=True)
    def _schema(self, postgres_url: str, schema: str) -> None:
        self.url = with_query(postgres_url, schema=schema)

    def make_store(self) -> Store:
        return PostgresStore(self.url)

    def reopen(self, store: Store) -> Store:
        store.close()
        return self.make_store()

    def store_url(self) -> str:
        return self.url


class TestPostgresUrl:
    """The ``?schema=`` parameter and the other parts of the URL."""

    def test_split(self) -> None:
        """It takes ``schema`` out of the query and leaves libpq's parameters."""
        assert ("postgresql://u@h:5/db?sslmode=disable", "s1") == split_url(
            "postgresql://u@h:5/db?schema=s1&sslmode=disable"
        )
        assert ("postgres://u@h/db", None) == split_url("postgres://u@h/db")

    def test_split_keeps_encoded_parameters(self) -> None:
        """It keeps percent-encoded spaces of libpq parameters as libpq expects them."""
        url = "postgresql://u@h/db?options=-c%20statement_timeout%3D5000&schema=s"
        assert ("postgresql://u@h/db?options=-c%20statement_timeout%3D5000", "s") == split_url(url)

    def test_default_schema(self) -> None:
        """It uses ``public`` when the URL names no schema."""
        assert "public" == DEFAULT_SCHEMA

    def test_two_schemas_refused(self) -> None:
        """It refuses a URL naming two schemas."""
        with pytest.raises(StoreError, match="more than one schema"):
            split_url("postgresql://u@h/db?schema=a&schema=b")

    def test_open_store(self, postgres_url: str, schema: str) -> None:
        """It opens a PostgresStore in the URL's schema and keeps the URL to reopen it."""
        url = with_query(postgres_url, schema=schema)
        store = open_store(url)
        try:
            assert isinstance(store, PostgresStore)
            assert (schema, url) == (store.schema, store.url)
        finally:
            store.close()

    def test_schema_argument(self, postgres_url: str, schema: str) -> None:
        """It lets ``schema=`` override the URL, and its URL then names that schema."""
        store = PostgresStore(with_query(postgres_url, schema="ignored_one"), schema=schema)
        try:
            assert schema == store.schema
            assert ("", schema) == ("", split_url(store.url)[1])
        finally:
            store.close()

    def test_schemas_are_separate(self, postgres_url: str, schema: str) -> None:
        """It keeps the cases of two schemas of one database apart."""
        other = schema + "_b"
        one = PostgresStore(postgres_url, schema=schema)
        two = PostgresStore(postgres_url, schema=other)
        try:
            rows, _ = encode("SEP-1", [opening()])
            one.append("SEP-1", 0, rows)
            assert (["SEP-1"], []) == (one.case_ids(), two.case_ids())
            two.append("SEP-1", 0, rows)  # no conflict: another ledger
        finally:
            one.close()
            two.close()
            _drop(postgres_url, other)

    @pytest.mark.parametrize(
        "name", ["bad-name", "1starts_with_digit", "x" * 64, "a;drop", "", "é", "ok\n"]
    )
    def test_bad_schema_name(self, postgres_url: str, name: str) -> None:
        """It refuses a schema name that is not a plain identifier, before connecting."""
        with pytest.raises(StoreError, match="schema name"):
            PostgresStore(postgres_url, schema=name)

    def test_unknown_parameter(self, postgres_url: str) -> None:
        """It refuses a URL parameter libpq does not know."""
        with pytest.raises(StoreError, match="invalid PostgreSQL URL"):
            PostgresStore(with_query(postgres_url, colour="blue"))

    def test_unreachable_server(self) -> None:
        """It reports an unreachable server as StoreError without echoing the password."""
        url = "postgresql://someone:s3cr3t-pw@127.0.0.1:1/nothing?schema=x&connect_timeout=2"
        with pytest.raises(StoreError, match="cannot connect") as caught:
            PostgresStore(url)
        assert "s3cr3t-pw" not in str(caught.value)


class TestPostgresSchema:
    """The schema version table and forward migrations."""

    def test_latest_version(
        self, postgres_url: str, schema: str, admin: psycopg.Connection[tuple[object, ...]]
    ) -> None:
        """It creates the schema and records every migration once, up to the latest."""
        PostgresStore(postgres_url, schema=schema).close()
        PostgresStore(postgres_url, schema=schema).close()
        versions = admin.execute(
            sql.SQL("SELECT version FROM {}.schema_version ORDER BY version").format(
                sql.Identifier(schema)
            )
        ).fetchall()
        assert [(v,) for v in range(1, LATEST + 1)] == versions

    def test_newer_schema_refused(
        self, postgres_url: str, schema: str, admin: psycopg.Connection[tuple[object, ...]]
    ) -> None:
        """It refuses a schema written by a newer version."""
        store = PostgresStore(postgres_url, schema=schema)
        assert LATEST == store.schema_version
        store.close()
        admin.execute(
            sql.SQL("INSERT INTO {}.schema_version VALUES (%s)").format(sql.Identifier(schema)),
            (LATEST + 1,),
        )
        with pytest.raises(StoreError, match="newer"):
            PostgresStore(postgres_url, schema=schema)

    def test_concurrent_first_open(
        self, postgres_url: str, schema: str, admin: psycopg.Connection[tuple[object, ...]]
    ) -> None:
        """It lets eight connections create the same new schema at once, migrating it once."""
        barrier = threading.Barrier(8)
        failures: list[BaseException] = []

        def open_one() -> None:
            barrier.wait()
            try:
                PostgresStore(postgres_url, schema=schema).close()
            except BaseException as exc:  # noqa: BLE001 - reported below
                failures.append(exc)

        threads = [threading.Thread(target=open_one) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert [] == failures
        count = admin.execute(
            sql.SQL("SELECT count(*) FROM {}.schema_version").format(sql.Identifier(schema))
        ).fetchone()
        assert (LATEST,) == count


class TestPostgresConnections:
    """Reconnecting, closing, streaming and the mapping of driver errors."""

    @pytest.fixture
    def store(self, postgres_url: str, schema: str) -> Iterator[PostgresStore]:
        store = PostgresStore(postgres_url, schema=schema)
        yield store
        store.close()

    def test_reconnects(
        self, store: PostgresStore, admin: psycopg.Connection[tuple[object, ...]]
    ) -> None:
        """It reconnects when the server dropped its connection between calls."""
        rows, _ = encode("RC-1", [opening()])
        store.append("RC-1", 0, rows)
        assert store._conn is not None
        admin.execute("SELECT pg_terminate_backend(%s)", (store._conn.info.backend_pid,))
        assert rows == store.read("RC-1")
        more, _ = encode("RC-1", sample_entries(1), after=rows)
        admin.execute("SELECT pg_terminate_backend(%s)", (store._conn.info.backend_pid,))
        store.append("RC-1", 1, more)  # the dead connection failed at BEGIN: safe to redo
        assert rows + more == store.read("RC-1")

    def test_connection_lost_inside_an_append(self, store: PostgresStore) -> None:
        """It never retries an append that lost its connection half-way, and nothing is kept."""
        rows, vault = encode("LA-1", [opening(), *sample_entries(2)])
        original = store._insert

        def die(cur: psycopg.Cursor[tuple[object, ...]], *args: object) -> None:
            original(cur, rows[:1], vault)
            cur.execute("SELECT pg_terminate_backend(pg_backend_pid())")

        setattr(store, "_insert", die)  # noqa: B010 - replacing one instance's method
        with pytest.raises(StoreError, match="reload the case"):
            store.append("LA-1", 0, rows, vault)
        del store._insert  # back to the class's method
        assert ([], []) == (store.read("LA-1"), store.read_personal("LA-1"))
        store.append("LA-1", 0, rows, vault)
        assert rows == store.read("LA-1")

    def test_closed(self, store: PostgresStore) -> None:
        """It raises StoreError for every call on a closed store."""
        store.close()
        rows, _ = encode("CL-1", [opening()])
        for call in (
            lambda: store.read("CL-1"),
            lambda: store.read_personal("CL-1"),
            lambda: store.version("CL-1"),
            store.case_ids,
            lambda: list(store.iter_rows()),
            lambda: store.append("CL-1", 0, rows),
            lambda: store.erase_personal("CL-1"),
        ):
            with pytest.raises(StoreError, match="closed"):
                call()

    def test_driver_errors_mapped(
        self, store: PostgresStore, schema: str, admin: psycopg.Connection[tuple[object, ...]]
    ) -> None:
        """It turns driver errors into StoreError naming the error, not psycopg exceptions."""
        admin.execute(sql.SQL("DROP TABLE {}.entries").format(sql.Identifier(schema)))
        rows, _ = encode("DE-1", [opening()])
        with pytest.raises(StoreError, match="UndefinedTable"):
            store.append("DE-1", 0, rows)
        with pytest.raises(StoreError, match="UndefinedTable"):
            store.read("DE-1")
        with pytest.raises(StoreError, match="UndefinedTable"):
            list(store.iter_rows())

    def test_refused_row_message_is_safe(self, store: PostgresStore) -> None:
        """It names the column a refused row broke, not the values of the row."""
        rows, vault = encode("RM-1", [opening()])
        bad = [vault[0], attrs.evolve(vault[1], value=None)]  # type: ignore[arg-type]
        with pytest.raises(StoreError) as caught:
            store.append("RM-1", 0, rows, bad)
        message = str(caught.value)
        assert "column value" in message
        assert not any(p.value in message for p in vault)

    def test_iter_rows_streams_a_snapshot(self, store: PostgresStore) -> None:
        """It streams past one fetch batch from a snapshot, while the store stays writable."""
        rows, _ = encode("IT-1", [opening(), *sample_entries(2100)])
        store.append("IT-1", 0, rows)
        stream = store.iter_rows()
        assert rows[0] == next(stream)
        late, _ = encode("IT-0", [opening()])
        store.append("IT-0", 0, late)  # not blocked by the open cursor
        assert rows[1:] == list(stream)
        assert late + rows == list(store.iter_rows())

    def test_iter_rows_abandoned(self, store: PostgresStore) -> None:
        """It closes the streaming connection when the iterator is dropped half-way."""
        rows, _ = encode("AB-1", [opening(), *sample_entries(5)])
        store.append("AB-1", 0, rows)
        stream = cast(Generator[StoredRow, None, None], store.iter_rows())
        next(stream)
        stream.close()
        assert rows == list(store.iter_rows())


def vars_of(row: StoredRow) -> list[object]:
    """The field values of an attrs row, in order."""
    return list(attrs.astuple(row, recurse=False))


class TestPostgresErasure:
    """Erased values are gone from the table's pages, not only from query results."""

    @pytest.fixture
    def pageinspect(
        self, schema: str, admin: psycopg.Connection[tuple[object, ...]]
    ) -> Iterator[str]:
        """
        The schema holding the ``pageinspect`` functions (superusers only).

        An extension exists once per database, so concurrent runs take turns
        (advisory lock) and the one that installed it removes it afterwards.
        """
        is_super = admin.execute(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
        ).fetchone()
        if not is_super or not is_super[0]:
            pytest.skip("reading raw pages needs a superuser (pageinspect)")
        key = 0x636C7373  # "clss"
        # Poll rather than block: a session blocked on a lock keeps a snapshot, which an
        # erasure in the run holding the lock would wait for.
        while admin.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone() != (True,):
            time.sleep(0.05)
        try:
            found = admin.execute(
                "SELECT extnamespace::regnamespace::text FROM pg_extension"
                " WHERE extname = 'pageinspect'"
            ).fetchone()
            if found is not None:
                yield str(found[0])
                return
            ident = sql.Identifier(schema)
            admin.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(ident))
            admin.execute(sql.SQL("CREATE EXTENSION pageinspect SCHEMA {}").format(ident))
            try:
                yield schema
            finally:
                admin.execute("DROP EXTENSION IF EXISTS pageinspect")
        finally:
            admin.execute("SELECT pg_advisory_unlock(%s)", (key,))

    def test_values_leave_the_pages(
        self,
        postgres_url: str,
        schema: str,
        admin: psycopg.Connection[tuple[object, ...]],
        pageinspect: str,
    ) -> None:
        """It rewrites the vault table so no page still holds an erased value."""
        where = pageinspect
        store = PostgresStore(postgres_url, schema=schema)
        try:
            book = Casebook(store)
            erased = book.open_case(
                tenant="Zénobie Erasable",
                landlord="Propriétaire Unique-Erasable",
                address="Impasse Secrète 13, 1000 Bruxelles",
                rent=opening().rent,
                date=date(2026, 1, 1),
            )
            # Filler rows after the erased ones, so that the erased tuples sit in the middle.
            for i in range(40):
                book.record(erased, Note(date=date(2026, 1, 2), text=f"note privée {i:04d}"))
            kept = book.open_case(
                tenant="Kept Tenant",
                landlord="Kept Landlord",
                address="Kept Street 1",
                rent=opening().rent,
                date=date(2026, 1, 1),
            )
            values = [p.value.encode() for p in store.read_personal(erased)]
            table = f"{schema}.personal"

            def pages() -> bytes:
                count = admin.execute(
                    "SELECT pg_relation_size(%s::regclass) / current_setting('block_size')::int",
                    (table,),
                ).fetchone()
                assert count is not None
                raw = sql.SQL("SELECT {}.get_raw_page(%s, %s)").format(sql.Identifier(where))
                out = b""
                for page in range(int(str(count[0]))):
                    found = admin.execute(raw, (table, page)).fetchone()
                    assert found is not None
                    out += cast(bytes, found[0])
                return out

            assert all(v in pages() for v in values)  # the check below can fail
            assert 43 == store.erase_personal(erased)
            left = pages()
            assert [] == [v for v in values if v in left]
            assert b"Kept Tenant" in left
            assert [] == book.verify()
            assert "Kept Tenant" == book.load(kept).opened.tenant
        finally:
            store.close()


class TestPostgresErasureWaits:
    """Erasure waits for transactions that could still read the deleted values."""

    def hold_snapshot(self, url: str, schema: str) -> psycopg.Connection[tuple[object, ...]]:
        """A connection inside a repeatable-read transaction that has read the vault."""
        conn = psycopg.connect(url)
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.execute(
            sql.SQL("SELECT count(*) FROM {}.personal").format(sql.Identifier(schema))
        ).fetchone()
        return conn

    def test_waits(self, postgres_url: str, schema: str) -> None:
        """It holds the rewrite back until an older snapshot has ended, then erases."""
        store = PostgresStore(postgres_url, schema=schema)
        reader = None
        try:
            rows, vault = encode("W-1", [opening()])
            store.append("W-1", 0, rows, vault)
            reader = self.hold_snapshot(postgres_url, schema)
            result: list[int | BaseException] = []

            def erase() -> None:
                try:
                    result.append(store.erase_personal("W-1"))
                except BaseException as exc:  # noqa: BLE001 - reported below
                    result.append(exc)

            worker = threading.Thread(target=erase)
            worker.start()
            worker.join(timeout=0.5)
            assert worker.is_alive()  # still waiting for the reader
            reader.commit()
            worker.join(timeout=30)
            assert [len(vault)] == result
        finally:
            if reader is not None:
                reader.close()
            store.close()

    def test_gives_up(self, postgres_url: str, schema: str) -> None:
        """It says so when an older transaction outlasts the wait; erasing again finishes."""
        store = PostgresStore(postgres_url, schema=schema, erase_wait=0.2)
        try:
            rows, vault = encode("G-1", [opening()])
            store.append("G-1", 0, rows, vault)
            reader = self.hold_snapshot(postgres_url, schema)
            try:
                with pytest.raises(StoreError, match="older transaction") as caught:
                    store.erase_personal("G-1")
                assert not any(p.value in str(caught.value) for p in vault)
                assert [] == store.read_personal("G-1")
            finally:
                reader.close()
            patient = PostgresStore(postgres_url, schema=schema)
            try:
                assert 0 == patient.erase_personal("G-1")
            finally:
                patient.close()
        finally:
            store.close()


class TestPostgresConcurrencyError:
    """The unique key is the last line of defence."""

    @pytest.mark.parametrize("size", [1, 3])
    def test_pkey_conflict_is_a_concurrency_error(
        self, postgres_url: str, schema: str, size: int
    ) -> None:
        """It reports a row that appeared between its version check and its insert as a conflict."""
        store = PostgresStore(postgres_url, schema=schema)
        try:
            rows, vault = encode("PK-1", [opening(), *sample_entries(size - 1)])
            original = store._insert

            def sneak(*args: object) -> None:
                # Another writer commits sequence 1 right after our version check.
                with psycopg.connect(postgres_url, autocommit=True) as other:
                    other.execute(
                        sql.SQL(
                            "INSERT INTO {}.entries"
                            " SELECT %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s"
                        ).format(sql.Identifier(schema)),
                        vars_of(rows[0]),
                    )
                original(*args)  # type: ignore[arg-type]

            setattr(store, "_insert", sneak)  # noqa: B010 - replacing one instance's method
            with pytest.raises(ConcurrencyError):
                store.append("PK-1", 0, rows, vault)
            assert (rows[:1], []) == (store.read("PK-1"), store.read_personal("PK-1"))
        finally:
            store.close()
