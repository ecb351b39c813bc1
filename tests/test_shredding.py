"""Crypto-shredding: per-case keys in a key store apart from the ledger; erasure destroys them."""

from __future__ import annotations

import json
import secrets
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from clss_housing.casebook import Casebook
from clss_housing.cli import cli
from clss_housing.errors import StoreError
from clss_housing.integrity import KEY_STORE_ENV
from clss_housing.ledger.entries import ERASED, Note, Payment
from clss_housing.ledger.seal import CasebookKey
from clss_housing.money import Money
from clss_housing.store.shredding import (
    ENCRYPTED_PREFIX,
    EncryptingStore,
    KeyStore,
    MemoryKeyStore,
    SQLiteKeyStore,
)


pytest.importorskip("cryptography")

NAME = "Ysaline Vandermeulen-Kabongo"
ADDRESS = "Rue des Palais 77, 1030 Schaerbeek"
NOTE = "rappel confidentiel n°4417"


def fill(book: Casebook) -> str:
    case_id = book.open_case(tenant=NAME, landlord="Immo X", address=ADDRESS,
                             rent=Money(70_000), date=date(2026, 1, 1))
    book.record(case_id, Note(date=date(2026, 1, 2), text=NOTE))
    book.record(case_id, Payment(date=date(2026, 1, 3), amount=Money(100), reference="vir 1"))
    return case_id


def every_byte(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file())


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def book(folder: Path) -> Iterator[Casebook]:
    with Casebook.open(f"sqlite:///{folder / 'ledger.db'}",
                       key_store=SQLiteKeyStore(folder / "ledger.db.keys")) as opened:
        yield opened


class TestKeyStores:
    @pytest.mark.parametrize("make", [MemoryKeyStore, "sqlite"])
    def test_create_get_destroy(self, make: object, tmp_path: Path) -> None:
        """A key is made once, read back, destroyed for good, and never made again."""
        keys: KeyStore = SQLiteKeyStore(tmp_path / "k") if make == "sqlite" else MemoryKeyStore()
        try:
            assert isinstance(keys, KeyStore)
            assert None is keys.get("C-1")
            key = keys.create("C-1")
            assert (32, key, key) == (len(key), keys.create("C-1"), keys.get("C-1"))
            assert keys.destroy("C-1")
            assert (None, True) == (keys.get("C-1"), keys.destroyed("C-1"))
            with pytest.raises(StoreError, match="destroyed"):
                keys.create("C-1")
            assert not keys.destroyed("C-2")
        finally:
            keys.close()

    def test_sqlite_key_store_is_private_and_overwrites(self, tmp_path: Path) -> None:
        """The key file is 0600, and a destroyed key's bytes are gone from every file."""
        keys = SQLiteKeyStore(tmp_path / "keys.db")
        key = keys.create("C-1")
        keys.destroy("C-1")
        keys.close()
        assert 0o600 == (tmp_path / "keys.db").stat().st_mode & 0o777
        assert key not in every_byte(tmp_path)


class TestEncryptedVault:
    def test_database_holds_ciphertext_only(self, book: Casebook, folder: Path) -> None:
        """Names, address and notes never reach the ledger database in clear."""
        case_id = fill(book)
        view = book.load(case_id)
        assert (NAME, ADDRESS) == (view.opened.tenant, view.opened.address)
        with closing(sqlite3.connect(folder / "ledger.db")) as conn:
            values = [v for (v,) in conn.execute("SELECT value FROM personal")]
        assert values
        assert all(v.startswith(ENCRYPTED_PREFIX) for v in values)
        raw = (folder / "ledger.db").read_bytes() + (
            (folder / "ledger.db-wal").read_bytes() if (folder / "ledger.db-wal").exists() else b""
        )
        for text in (NAME, ADDRESS, NOTE):
            assert text.encode() not in raw
        assert [] == book.verify()

    def test_erasure_forensics(self, book: Casebook, folder: Path, tmp_path: Path) -> None:
        """After erasure no file holds the texts, and a copy taken before cannot be read."""
        case_id = fill(book)
        backup = tmp_path / "backup"
        backup.mkdir()
        shutil.copyfile(folder / "ledger.db", backup / "ledger.db")
        wal = folder / "ledger.db-wal"
        if wal.exists():
            shutil.copyfile(wal, backup / "ledger.db-wal")
        assert 5 == book.erase_personal_data(case_id)
        book.close()
        for text in (NAME, ADDRESS, NOTE, "vir 1"):
            assert text.encode() not in every_byte(folder)
            assert text.encode() not in every_byte(backup)
        keys = SQLiteKeyStore(folder / "ledger.db.keys")
        with Casebook.open(f"sqlite:///{backup / 'ledger.db'}", key_store=keys,
                           key=CasebookKey(folder / "ledger.db.key")) as old:
            opened = old.load(case_id).opened
            assert (ERASED, ERASED) == (opened.tenant, opened.address)
            problems = old.verify()
            assert [case_id] == [p.case_id for p in problems]
            assert "cannot be decrypted" in problems[0].reason

    def test_lost_key_store_is_named(self, book: Casebook, folder: Path) -> None:
        """With another (empty) key store, verify names the missing keys instead of passing."""
        case_id = fill(book)
        book.close()
        with Casebook.open(f"sqlite:///{folder / 'ledger.db'}",
                           key_store=MemoryKeyStore()) as other:
            problems = other.verify()
        assert [case_id] == [p.case_id for p in problems]
        assert "key store" in problems[0].reason

    def test_moved_ciphertext_does_not_decrypt(self, book: Casebook, folder: Path) -> None:
        """A value moved to another entry fails its associated data."""
        case_id = fill(book)
        with closing(sqlite3.connect(folder / "ledger.db")) as conn:
            conn.execute("DELETE FROM personal WHERE sequence = 2 AND key = 'text'")
            conn.execute("UPDATE personal SET sequence = 2, key = 'text' WHERE key = 'tenant'")
            conn.commit()
        assert case_id in [p.case_id for p in book.verify()]

    def test_wraps_only_stores(self) -> None:
        with pytest.raises(StoreError):
            EncryptingStore(object(), MemoryKeyStore())


@pytest.mark.postgres
def test_postgres_holds_ciphertext_only(postgres_url: str, tmp_path: Path) -> None:
    """On PostgreSQL the vault (and so its WAL and backups) holds ciphertext only."""
    import psycopg

    schema = f"clss_shred_{secrets.token_hex(5)}"
    url = f"{postgres_url}{'&' if '?' in postgres_url else '?'}schema={schema}"
    keys = SQLiteKeyStore(tmp_path / "keys")
    try:
        with Casebook.open(url, key_store=keys) as book:
            case_id = fill(book)
            with psycopg.connect(postgres_url) as conn:
                before = [v for (v,) in conn.execute(
                    f'SELECT value FROM "{schema}".personal')]
            assert before
            assert all(v.startswith(ENCRYPTED_PREFIX) for v in before)
            book.erase_personal_data(case_id)
            assert None is keys.get(case_id)
            assert [] == book.verify()
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_cli_with_key_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`CLSS_HOUSING_KEY_STORE` turns crypto-shredding on for the command line."""
    monkeypatch.setenv(KEY_STORE_ENV, str(tmp_path / "keys.db"))
    db = ["--db", f"sqlite:///{tmp_path / 'ledger.db'}"]
    runner = CliRunner()
    opened = runner.invoke(cli, [*db, "case", "open", "--tenant", NAME, "--landlord", "L",
                                 "--address", ADDRESS, "--rent", "700", "--json"])
    assert 0 == opened.exit_code, opened.output
    case_id = json.loads(opened.stdout)["id"]
    shown = json.loads(runner.invoke(cli, [*db, "case", "show", case_id, "--json"]).stdout)
    assert NAME == shown["tenant"]
    assert 0 == runner.invoke(cli, [*db, "case", "erase", case_id, "--person", "--yes"]).exit_code
    assert 0 == runner.invoke(cli, [*db, "case", "verify"]).exit_code
    assert NAME.encode() not in every_byte(tmp_path)
