"""The SQLite store: the store contract, plus its schema, WAL, erasure and error mapping."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from clss_housing.errors import ConcurrencyError, StoreError
from clss_housing.ledger.entries import Note
from clss_housing.store import Store, open_store
from clss_housing.store.sqlite import LATEST, SQLiteStore
from tests.store.contract import (
    PersistentStoreContract,
    StoreContract,
    encode,
    opening,
    sample_entries,
)


class TestSQLiteStore(StoreContract, PersistentStoreContract):
    """The conformance suite on a SQLite file."""

    @pytest.fixture(autouse=True)
    def _path(self, tmp_path: Path) -> None:
        self.path = tmp_path / "ledger.db"

    def make_store(self) -> Store:
        return SQLiteStore(self.path, url=self.store_url())

    def reopen(self, store: Store) -> Store:
        store.close()
        return self.make_store()

    def store_url(self) -> str:
        return f"sqlite:///{self.path}"


def _query(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


class TestSQLiteSchema:
    """The schema version table, forward migrations and the journal mode."""

    def test_latest_version(self, tmp_path: Path) -> None:
        """It records every migration it applied, up to the latest, in ``schema_version``."""
        path = tmp_path / "s.db"
        store = SQLiteStore(path)
        try:
            assert LATEST == store.schema_version
        finally:
            store.close()
        assert [(v,) for v in range(1, LATEST + 1)] == _query(
            path, "SELECT version FROM schema_version ORDER BY version"
        )

    def test_empty_file_is_migrated(self, tmp_path: Path) -> None:
        """It turns an empty existing file into a ledger."""
        path = tmp_path / "empty.db"
        path.write_bytes(b"")
        store = SQLiteStore(path)
        try:
            rows, _ = encode("E-1", [opening()])
            store.append("E-1", 0, rows)
            assert rows == store.read("E-1")
        finally:
            store.close()
        tables = {name for (name,) in _query(path, "SELECT name FROM sqlite_master")}
        assert {"entries", "personal", "schema_version"} <= tables

    def test_reopen_does_not_migrate_again(self, tmp_path: Path) -> None:
        """It applies each migration once, however often the file is opened."""
        path = tmp_path / "twice.db"
        SQLiteStore(path).close()
        SQLiteStore(path).close()
        assert [(LATEST,)] == _query(path, "SELECT count(*) FROM schema_version")

    def test_newer_schema_refused(self, tmp_path: Path) -> None:
        """It refuses a file written by a newer version and leaves the file as it was."""
        path = tmp_path / "new.db"
        SQLiteStore(path).close()
        conn = sqlite3.connect(path)
        conn.execute("INSERT INTO schema_version (version) VALUES (?)", (LATEST + 1,))
        conn.commit()
        conn.close()
        with pytest.raises(StoreError, match="newer"):
            SQLiteStore(path)
        assert [(LATEST + 1,)] == _query(path, "SELECT max(version) FROM schema_version")

    def test_wal_mode(self, tmp_path: Path) -> None:
        """It puts the database in WAL mode, which other connections see."""
        path = tmp_path / "wal.db"
        store = SQLiteStore(path)
        try:
            assert [("wal",)] == _query(path, "PRAGMA journal_mode")
        finally:
            store.close()


class TestSQLiteErrors:
    """Driver errors come out as StoreError, never as ``sqlite3`` exceptions."""

    def test_directory(self, tmp_path: Path) -> None:
        """It refuses a path that is a folder."""
        with pytest.raises(StoreError, match="cannot open"):
            SQLiteStore(tmp_path)

    def test_not_a_database(self, tmp_path: Path) -> None:
        """It refuses a file that is not an SQLite database."""
        path = tmp_path / "junk.db"
        path.write_bytes(b"this is not a database, just text " * 200)
        with pytest.raises(StoreError):
            SQLiteStore(path)

    def test_missing_folder(self, tmp_path: Path) -> None:
        """It refuses a URL whose folder does not exist."""
        with pytest.raises(StoreError, match="does not exist"):
            open_store(f"sqlite:///{tmp_path}/no/such/folder/x.db")

    def test_closed_store(self, tmp_path: Path) -> None:
        """It raises StoreError for reads and writes on a closed store."""
        store = SQLiteStore(tmp_path / "c.db")
        store.close()
        rows, _ = encode("C-1", [opening()])
        for call in (
            lambda: store.read("C-1"),
            lambda: store.read_personal("C-1"),
            lambda: store.version("C-1"),
            store.case_ids,
            lambda: list(store.iter_rows()),
            lambda: store.append("C-1", 0, rows),
            lambda: store.erase_personal("C-1"),
        ):
            with pytest.raises(StoreError):
                call()

    def test_read_only_file(self, tmp_path: Path) -> None:
        """It maps a write the file system refuses to StoreError, not to a conflict."""
        path = tmp_path / "ro.db"
        SQLiteStore(path).close()
        store = SQLiteStore(path)
        try:
            store._conn.execute("PRAGMA query_only=ON")
            rows, _ = encode("RO-1", [opening()])
            with pytest.raises(StoreError) as caught:
                store.append("RO-1", 0, rows)
            assert not isinstance(caught.value, ConcurrencyError)
        finally:
            store.close()


class TestSQLiteErasure:
    """Erased personal values are gone from the files, not merely hidden."""

    def test_values_leave_the_files(self, tmp_path: Path) -> None:
        """It overwrites erased values in the database file and empties the journal."""
        path = tmp_path / "erase.db"
        store = SQLiteStore(path)
        try:
            rows, vault = encode("ER-1", [opening(), *sample_entries(6)])
            store.append("ER-1", 0, rows, vault)
            other = Note(date=date(2026, 1, 2), text="à garder: autre ménage")
            kept, kept_vault = encode("ER-2", [other])
            store.append("ER-2", 0, kept, kept_vault)
            secrets = [p.value.encode() for p in vault]

            def stored() -> bytes:
                return b"".join(
                    p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("erase.db")
                )

            assert all(s in stored() for s in secrets)  # the check below can fail
            store.erase_personal("ER-1")
            assert [] == [s for s in secrets if s in stored()]
            assert [p.value for p in kept_vault] == [p.value for p in store.read_personal("ER-2")]
        finally:
            store.close()

    def test_reader_holding_the_journal(self, tmp_path: Path) -> None:
        """It says so when a reader keeps the old pages in the journal; erasing again finishes."""
        path = tmp_path / "held.db"
        store = SQLiteStore(path, timeout=0.2)
        reader = sqlite3.connect(path, isolation_level=None)
        try:
            rows, vault = encode("H-1", [opening()])
            store.append("H-1", 0, rows, vault)
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM personal").fetchone()
            with pytest.raises(StoreError, match="erase again") as caught:
                store.erase_personal("H-1")
            assert not any(p.value in str(caught.value) for p in vault)
            reader.execute("COMMIT")
            assert 0 == store.erase_personal("H-1")
            stored = b"".join(p.read_bytes() for p in tmp_path.iterdir())
            assert [] == [p.value for p in vault if p.value.encode() in stored]
        finally:
            reader.close()
            store.close()


class TestIterRowsStreams:
    """Walking every row reads one snapshot in batches, on a connection of its own."""

    def test_snapshot_while_another_write_lands(self, tmp_path: Path) -> None:
        """An append made during the walk is not seen half-way; the next walk sees it."""
        store = SQLiteStore(tmp_path / "walk.db")
        try:
            for index in range(3):
                rows, vault = encode(f"W-{index}", [opening()])
                store.append(f"W-{index}", 0, rows, vault)
            walk = store.iter_rows()
            first = next(walk)
            rows, vault = encode("W-9", [opening()])
            store.append("W-9", 0, rows, vault)
            seen = [first.case_id, *(row.case_id for row in walk)]
            assert ["W-0", "W-1", "W-2"] == seen
            assert "W-9" in [row.case_id for row in store.iter_rows()]
        finally:
            store.close()

    def test_many_rows_in_batches(self, tmp_path: Path) -> None:
        """More rows than one batch come back complete and in order."""
        store = SQLiteStore(tmp_path / "many.db")
        try:
            ids = [f"M-{index:05d}" for index in range(2500)]
            for case_id in ids:
                rows, vault = encode(case_id, [opening()])
                store.append(case_id, 0, rows, vault)
            assert ids == [row.case_id for row in store.iter_rows()]
        finally:
            store.close()

    def test_bytes_that_are_not_utf8_are_read_with_replacement(self, tmp_path: Path) -> None:
        """A stored payload that is not UTF-8 does not stop the walk; later rows still come."""
        path = tmp_path / "bad.db"
        store = SQLiteStore(path)
        try:
            for case_id in ("B-1", "B-2", "B-3"):
                rows, vault = encode(case_id, [opening()])
                store.append(case_id, 0, rows, vault)
            with sqlite3.connect(path) as raw:
                raw.execute("UPDATE entries SET payload = CAST(X'7bff7d' AS TEXT)"
                            " WHERE case_id = 'B-2'")
            seen = list(store.iter_rows())
            assert ["B-1", "B-2", "B-3"] == [row.case_id for row in seen]
            assert "\ufffd" in seen[1].payload
        finally:
            store.close()
