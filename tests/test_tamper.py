"""
The tamper matrix: every change an adversary with write access to the database can make
is found by ``case verify`` (exit 3), on SQLite and on PostgreSQL.

A keyed casebook holds a 30-entry case (and a second case).  Each test changes
the stored bytes behind the library's back, as someone with the database file
or a database login (but not the key file) could, and runs ``case verify``.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from clss_housing.casebook import Casebook
from clss_housing.cli import cli
from clss_housing.ledger.codec import GENESIS_HASH, chain_hash
from clss_housing.ledger.entries import Note, Payment, RentDue
from clss_housing.ledger.seal import KEY_ENV
from clss_housing.money import Money


CASE = "2026-TAMPER"
OTHER = "2026-OTHER1"


class Backend:
    """Raw access to one casebook's tables, behind the store's back."""

    url: str

    def execute(self, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def snapshot(self) -> Callable[[], None]:
        """Save the whole database; the callable puts the copy back (a rollback)."""
        raise NotImplementedError

    def retype_payload(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Release the connection."""


class SQLiteBackend(Backend):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.url = f"sqlite:///{path}"

    def execute(self, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        conn = sqlite3.connect(self.path)
        try:
            rows = conn.execute(statement.replace("%s", "?"), params).fetchall()
            conn.commit()
            return rows
        finally:
            conn.close()

    def snapshot(self) -> Callable[[], None]:
        self.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        copy = self.path.with_name("copy.db")
        shutil.copyfile(self.path, copy)

        def restore() -> None:
            self.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copyfile(copy, self.path)

        return restore

    def retype_payload(self) -> None:
        self.execute("UPDATE entries SET payload = CAST(payload AS BLOB) WHERE sequence = 5")


class PostgresBackend(Backend):
    def __init__(self, url: str, schema: str) -> None:
        import psycopg

        self.schema = schema
        self.url = f"{url}{'&' if '?' in url else '?'}schema={schema}"
        self.conn = psycopg.connect(url, autocommit=True)
        self.conn.execute(f'SET search_path TO "{schema}"')

    def execute(self, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        cur = self.conn.execute(statement, params)
        return cur.fetchall() if cur.description else []

    def snapshot(self) -> Callable[[], None]:
        saved = {
            table: self.execute(f"SELECT * FROM {table}")
            for table in ("entries", "personal", "heads", "anchor")
        }

        def restore() -> None:
            for table, rows in saved.items():
                self.execute(f"DELETE FROM {table}")
                for row in rows:
                    marks = ", ".join(["%s"] * len(row))
                    self.execute(f"INSERT INTO {table} VALUES ({marks})", row)

        return restore

    def retype_payload(self) -> None:
        self.execute("ALTER TABLE entries ALTER COLUMN payload TYPE bytea "
                     "USING convert_to(payload, 'UTF8')")

    def close(self) -> None:
        self.conn.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')
        self.conn.close()


def build(book: Casebook) -> None:
    """A 30-entry case with personal data everywhere, and a second small case."""
    start = date(2026, 1, 1)
    book.open_case(tenant="Nadia El Amrani", landlord="Immo Zoë", address="Rue Haute 3",
                   rent=Money(80_000), date=start, case_id=CASE)
    entries: list[Any] = []
    for i in range(29):
        day = start + timedelta(days=i + 1)
        if i % 3 == 0:
            entries.append(RentDue(date=day, amount=Money(80_000)))
        elif i % 3 == 1:
            entries.append(Payment(date=day, amount=Money(10_000 + i), reference=f"ref {i}"))
        else:
            entries.append(Note(date=day, text=f"appel {i}"))
    book.record_many(CASE, entries)
    book.open_case(tenant="Other", landlord="L", address="A", rent=Money(50_000), date=start,
                   case_id=OTHER)


@pytest.fixture(params=["sqlite", "postgres"])
def backend(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Backend]:
    monkeypatch.delenv("CLSS_HOUSING_DEBUG", raising=False)
    monkeypatch.setenv(KEY_ENV, str(tmp_path / "casebook.key"))
    # Personal values are encrypted (crypto-shredding), as in a configured deployment.
    monkeypatch.setenv("CLSS_HOUSING_KEY_STORE", str(tmp_path / "casebook.keys"))
    chosen: Backend
    if request.param == "sqlite":
        chosen = SQLiteBackend(tmp_path / "ledger.db")
    else:
        url = request.getfixturevalue("postgres_url")
        chosen = PostgresBackend(url, f"clss_tamper_{secrets.token_hex(5)}")
    with Casebook.open(chosen.url) as book:
        build(book)
    try:
        yield chosen
    finally:
        chosen.close()


def verify(backend: Backend, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", backend.url, "case", "verify", *args])
    return result.exit_code, result.stderr


def assert_broken(backend: Backend, *args: str) -> str:
    code, err = verify(backend, *args)
    assert 3 == code, err
    assert "internal error" not in err
    return err


def flip(value: Any) -> Any:
    """One changed byte (or one more, for numbers)."""
    if isinstance(value, int):
        return value + 1
    text = str(value)
    last = text[-1]
    return text[:-1] + ("0" if last != "0" else "1")


ENTRY_COLUMNS = ["kind", "schema", "recorded_at", "payload", "prev_hash", "hash", "mac", "by_user",
                 "by_partner",
                 "sequence", "case_id"]
PERSONAL_COLUMNS = ["salt", "value", "key", "sequence", "case_id"]
HEAD_COLUMNS = ["version", "head_hash", "vault_count", "erased_at", "mac", "case_id"]


def test_untouched_casebook_verifies(backend: Backend) -> None:
    """The baseline: the keyed casebook verifies, with no warning."""
    code, err = verify(backend)
    assert (0, "") == (code, err)


@pytest.mark.parametrize("column", ENTRY_COLUMNS)
def test_one_byte_of_an_entry(backend: Backend, column: str) -> None:
    """One changed byte in any column of entry 12."""
    (value,) = backend.execute(
        f"SELECT {column} FROM entries WHERE case_id = %s AND sequence = 12",
        (CASE,),
    )[0]
    value = ("note" if value != "note" else "payment") if column == "kind" else flip(value)
    if column == "sequence":
        value = 99
    backend.execute(
        f"UPDATE entries SET {column} = %s WHERE case_id = %s AND sequence = 12",
        (value, CASE),
    )
    assert_broken(backend)


@pytest.mark.parametrize("column", PERSONAL_COLUMNS)
def test_one_byte_of_a_personal_row(backend: Backend, column: str) -> None:
    """One changed byte, or a re-pointed row, in the personal-data table."""
    where = "case_id = %s AND sequence = 1 AND key = 'tenant'"
    (value,) = backend.execute(f"SELECT {column} FROM personal WHERE {where}", (CASE,))[0]
    changed = {"case_id": OTHER, "key": "landlord_x", "sequence": 3}.get(column, flip(value))
    if column == "case_id":  # re-pointed onto the other case, in place of its own tenant row
        backend.execute("DELETE FROM personal WHERE case_id = %s AND key = 'tenant'", (OTHER,))
    backend.execute(f"UPDATE personal SET {column} = %s WHERE {where}", (changed, CASE))
    assert_broken(backend)


@pytest.mark.parametrize("column", HEAD_COLUMNS)
def test_one_byte_of_a_head(backend: Backend, column: str) -> None:
    """One changed byte in the case head."""
    (value,) = backend.execute(f"SELECT {column} FROM heads WHERE case_id = %s", (CASE,))[0]
    changed = "2026-04-01T00:00:00+00:00" if column == "erased_at" else flip(value)
    backend.execute(f"UPDATE heads SET {column} = %s WHERE case_id = %s", (changed, CASE))
    assert_broken(backend)


@pytest.mark.parametrize("column", ["digest", "key_check"])
def test_one_byte_of_the_anchor(backend: Backend, column: str) -> None:
    """One changed byte in the anchor."""
    (value,) = backend.execute(f"SELECT {column} FROM anchor")[0]
    backend.execute(f"UPDATE anchor SET {column} = %s", (flip(value),))
    assert_broken(backend)


@pytest.mark.parametrize(
    "condition",
    ["sequence = 15", "sequence = 30", "sequence >= 20", "sequence >= 1"],
    ids=["middle", "last", "last 11", "whole case"],
)
def test_deleted_entries(backend: Backend, condition: str) -> None:
    """Deleting the middle, the last, the last 11 or every entry of the case."""
    backend.execute(f"DELETE FROM entries WHERE case_id = %s AND {condition}", (CASE,))
    err = assert_broken(backend)
    assert CASE in err


def test_deleted_case_with_its_head_and_personal_data(backend: Backend) -> None:
    """A whole case removed from every table: the anchor no longer adds up."""
    for table in ("entries", "personal", "heads"):
        backend.execute(f"DELETE FROM {table} WHERE case_id = %s", (CASE,))
    err = assert_broken(backend)
    assert "anchor" in err


@pytest.mark.parametrize("what", ["head", "anchor", "personal row"])
def test_deleted_seal_rows(backend: Backend, what: str) -> None:
    """Deleting the head, the anchor or one personal-data row."""
    statement = {
        "head": "DELETE FROM heads WHERE case_id = %s",
        "anchor": "DELETE FROM anchor WHERE id = 1 OR %s = %s",
        "personal row": "DELETE FROM personal WHERE case_id = %s AND sequence = 3",
    }[what]
    backend.execute(statement, (CASE,) if what != "anchor" else (CASE, CASE))
    assert_broken(backend)


def test_swapped_entries(backend: Backend) -> None:
    """Two entries' payloads swapped."""
    rows = backend.execute(
        "SELECT sequence, payload FROM entries WHERE case_id = %s AND sequence IN (4, 7)",
        (CASE,),
    )
    (a, pa), (b, pb) = rows
    backend.execute("UPDATE entries SET payload = %s WHERE case_id = %s AND sequence = %s",
                    (pb, CASE, a))
    backend.execute("UPDATE entries SET payload = %s WHERE case_id = %s AND sequence = %s",
                    (pa, CASE, b))
    assert_broken(backend)


def test_amount_edited_and_chain_recomputed(backend: Backend) -> None:
    """An amount changed and every hash recomputed without the key: the MACs disagree."""
    rows = backend.execute(
        "SELECT sequence, kind, schema, recorded_at, payload, by_user, by_partner FROM entries "
        "WHERE case_id = %s ORDER BY sequence", (CASE,),
    )
    prev = GENESIS_HASH
    for sequence, kind, schema, recorded_at, payload, by_user, by_partner in rows:
        if sequence == 2:
            data = json.loads(payload)
            data["amount"] = 1
            payload = json.dumps(data, sort_keys=True, separators=(",", ":"))
        digest = chain_hash(prev, CASE, sequence, kind, schema, recorded_at, payload,
                            (by_user, by_partner))
        backend.execute(
            "UPDATE entries SET payload = %s, prev_hash = %s, hash = %s "
            "WHERE case_id = %s AND sequence = %s", (payload, prev, digest, CASE, sequence),
        )
        prev = digest
    backend.execute("UPDATE heads SET head_hash = %s WHERE case_id = %s", (prev, CASE))
    err = assert_broken(backend)
    assert "sequence 2" in err


def test_macs_stripped_and_head_deleted(backend: Backend) -> None:
    """Making the case look written before the seal: the anchor still counts its head."""
    backend.execute("UPDATE entries SET mac = NULL WHERE case_id = %s", (CASE,))
    backend.execute("DELETE FROM heads WHERE case_id = %s", (CASE,))
    assert_broken(backend)


def test_retyped_payload_column(backend: Backend) -> None:
    """A payload stored as BLOB/bytea: verify reports it (exit 3), never crashes."""
    backend.retype_payload()
    assert_broken(backend)


def test_rollback_found_against_an_exported_head(backend: Backend, tmp_path: Path) -> None:
    """The whole database rolled back to an older copy: found with --against."""
    restore = backend.snapshot()
    with Casebook.open(backend.url) as book:
        book.record(CASE, Note(date=date(2026, 3, 1), text="après la copie"))
    head = tmp_path / "head.json"
    code, err = verify(backend, "--export-head", str(head))
    assert 0 == code, err
    restore()
    assert 0 == verify(backend)[0]  # the old copy is self-consistent...
    err = assert_broken(backend, "--against", str(head))  # ...but older than the head kept
    assert "rolled back" in err


def test_wrong_or_missing_key(backend: Backend, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Verify names a missing or foreign key file clearly (exit 3)."""
    monkeypatch.setenv(KEY_ENV, str(tmp_path / "missing.key"))
    assert "key file is missing" in assert_broken(backend)
    other = tmp_path / "other.key"
    other.write_text(hashlib.sha256(b"x").hexdigest() + "\n", encoding="ascii")
    monkeypatch.setenv(KEY_ENV, str(other))
    assert "not this casebook's key" in assert_broken(backend)
    result = CliRunner().invoke(cli, ["--db", backend.url, "case", "record", CASE, "payment",
                                      "--amount", "5"])
    assert 74 != result.exit_code or "another key" in result.stderr
    assert result.exit_code != 0
