"""
Crypto-shredding by default, reopening after erasure, backups, and erasure forensics.

The forensics tests grep every byte the casebook left on disk (SQLite: the
ledger, its WAL, the key store and key file; PostgreSQL: the table files and
``pg_wal`` after a CHECKPOINT) for the tenant's name, address and note.
"""

from __future__ import annotations

import json
import secrets
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from clss_housing.casebook import Casebook
from clss_housing.cli import cli
from clss_housing.errors import ValidationError
from clss_housing.integrity import KEY_STORE_ENV, default_key_store
from clss_housing.ledger.entries import ERASED, Note, PersonalDataReopened
from clss_housing.ledger.seal import CasebookKey
from clss_housing.money import Money
from clss_housing.store.shredding import (
    ENCRYPTED_PREFIX,
    EncryptingStore,
    MemoryKeyStore,
    SQLiteKeyStore,
    key_name,
)


pytest.importorskip("cryptography")


def texts() -> tuple[str, str, str]:
    """A name, an address and a note nobody else writes (the PostgreSQL WAL is shared)."""
    tag = secrets.token_hex(6)
    return f"Quentinette Zabrowska-{tag}", f"Rue du Zephyr {tag}, 1030", f"note-secrete-{tag}"


def every_file(folder: Path) -> Iterator[Path]:
    yield from (p for p in sorted(folder.rglob("*")) if p.is_file())


def holds(paths: Iterator[Path], needles: tuple[str, ...]) -> list[tuple[str, str]]:
    """Which (file, text) pairs are found, in UTF-8 (as stored)."""
    found = []
    for path in paths:
        data = path.read_bytes()
        found += [(path.name, n) for n in needles if n.encode() in data]
    return found


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CLSS_HOUSING_DB", "CLSS_HOUSING_KEY_FILE", KEY_STORE_ENV, "CLSS_HOUSING_LANG",
                 "CLSS_HOUSING_CONFIG", "CLSS_HOUSING_DEBUG"):
        monkeypatch.delenv(name, raising=False)


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", f"sqlite:///{db}", *args])


def open_and_note(db: Path, name: str, address: str, note: str) -> tuple[str, Result]:
    opened = run(db, "case", "open", "--tenant", name, "--landlord", "Immo Q", "--address",
                 address, "--rent", "700", "--date", "2026-01-01")
    assert 0 == opened.exit_code, opened.output
    case_id = opened.stdout.strip()
    noted = run(db, "case", "record", case_id, "note", "--date", "2026-01-02", "--set",
                f"text={note}")
    assert 0 == noted.exit_code, noted.output
    return case_id, opened


# -- encryption by default ---------------------------------------------------------------------


@pytest.mark.usefixtures("cli_env")
def test_sqlite_encrypts_by_default_and_says_where_the_keys_are(tmp_path: Path) -> None:
    name, address, note = texts()
    db = tmp_path / "ledger.db"
    case_id, opened = open_and_note(db, name, address, note)
    assert f"Created the key store {db}.keys" in opened.stderr
    assert (tmp_path / "ledger.db.keys").stat().st_mode & 0o777 == 0o600
    assert [] == holds(every_file(tmp_path), (name, address, note))
    shown = json.loads(run(db, "case", "show", case_id, "--json").stdout)
    assert (name, address) == (shown["tenant"], shown["address"])
    assert 0 == run(db, "case", "verify").exit_code


def test_default_key_store_choices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_STORE_ENV, raising=False)
    found = default_key_store(f"sqlite:///{tmp_path / 'a.db'}")
    assert isinstance(found, SQLiteKeyStore)
    assert tmp_path / "a.db.keys" == found.path
    assert not found.exists()  # made on the first key, not on opening
    assert isinstance(default_key_store("memory:"), MemoryKeyStore)
    assert None is default_key_store("postgresql://u@h/db")
    monkeypatch.setenv(KEY_STORE_ENV, str(tmp_path / "k"))
    named = default_key_store("postgresql://u@h/db")
    assert isinstance(named, SQLiteKeyStore)
    assert tmp_path / "k" == named.path
    monkeypatch.setenv(KEY_STORE_ENV, "off")
    assert None is default_key_store(f"sqlite:///{tmp_path / 'a.db'}")


def test_plaintext_rows_of_older_ledgers_stay_readable(tmp_path: Path) -> None:
    """A ledger written without a key store reads on; new rows are encrypted."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with Casebook.open(url, key_store=False) as old:
        case_id = old.open_case(tenant="Ancien Nom", landlord="L", address="Rue A 1",
                                rent=Money(50_000), date=date(2026, 1, 1))
    with Casebook.open(url) as book:
        assert isinstance(book.store, EncryptingStore)
        book.record(case_id, Note(date=date(2026, 1, 2), text="nouvelle note"))
        values = {r.key: r.value for r in book.store.inner.read_personal(case_id)}
        assert "Ancien Nom" == values["tenant"]
        assert values["text"].startswith(ENCRYPTED_PREFIX)
        assert "Ancien Nom" == book.load(case_id).opened.tenant
        assert [] == book.verify()


@pytest.mark.usefixtures("cli_env")
def test_verify_names_a_missing_or_foreign_key_store(tmp_path: Path) -> None:
    name, address, note = texts()
    db = tmp_path / "ledger.db"
    case_id, _ = open_and_note(db, name, address, note)
    keys = tmp_path / "ledger.db.keys"
    keys.rename(tmp_path / "elsewhere")
    missing = run(db, "case", "verify")
    assert 3 == missing.exit_code
    assert f"the key store {keys} is missing" in missing.stderr
    assert not keys.exists()  # verify did not make an empty one
    shown = run(db, "case", "show", case_id)
    assert 3 == shown.exit_code  # not "[erased]": that would not be true
    assert ERASED not in shown.stdout
    assert "cannot be decrypted" in shown.stderr
    assert 3 == run(db, "case", "erase", case_id, "--person", "--yes").exit_code
    other = tmp_path / "other.db"
    open_and_note(other, *texts())
    shutil.copyfile(tmp_path / "other.db.keys", keys)
    foreign = run(db, "case", "verify")
    assert 3 == foreign.exit_code
    assert "does not hold this case's key" in foreign.stderr
    assert name not in foreign.stderr + foreign.stdout
    assert case_id in foreign.stderr


# -- reopening after erasure -------------------------------------------------------------------


@pytest.mark.usefixtures("cli_env")
def test_erased_case_refuses_personal_data_until_reopened(tmp_path: Path) -> None:
    name, address, note = texts()
    db = tmp_path / "ledger.db"
    case_id, _ = open_and_note(db, name, address, note)
    early = run(db, "case", "record", case_id, "personal_data_reopened", "--set", "basis=intake")
    assert 1 == early.exit_code
    assert "only reopens a case whose personal data was erased" in early.stderr
    assert 0 == run(db, "case", "erase", case_id, "--person", "--yes").exit_code
    refused = run(db, "case", "record", case_id, "note", "--set", "text=encore")
    assert 1 == refused.exit_code
    assert "personal_data_reopened" in refused.stderr
    assert 0 == run(db, "case", "record", case_id, "rent_due", "--amount", "700").exit_code
    shown = run(db, "case", "show", case_id)
    assert "new personal data is refused" in shown.stdout
    reopened = run(db, "case", "record", case_id, "personal_data_reopened", "--set",
                   "basis=consent")
    assert 0 == reopened.exit_code, reopened.output
    assert "reopened since" in run(db, "case", "show", case_id).stdout
    assert 0 == run(db, "case", "record", case_id, "note", "--set", "text=after").exit_code
    assert 0 == run(db, "case", "verify").exit_code
    history = json.loads(run(db, "case", "history", case_id, "--json").stdout)
    assert "after" in json.dumps(history)
    keys = SQLiteKeyStore(tmp_path / "ledger.db.keys")
    try:
        assert keys.destroyed(key_name(case_id, 1))
        assert keys.get(key_name(case_id, 2)) is not None
    finally:
        keys.close()
    assert 0 == run(db, "case", "erase", case_id, "--person", "--yes").exit_code
    again = run(db, "case", "record", case_id, "note", "--set", "text=x")
    assert 1 == again.exit_code
    assert 0 == run(db, "case", "verify").exit_code


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(["note", "erase", "reopen"]), max_size=12))
def test_reopening_follows_its_model(steps: list[str]) -> None:
    """Personal data is accepted exactly when the case was never erased or reopened since."""
    with Casebook.open("memory:", key_store=MemoryKeyStore()) as book:
        case_id = book.open_case(tenant="T", landlord="L", address="A", rent=Money(100),
                                 date=date(2026, 1, 1))
        erased = False
        for step in steps:
            if step == "erase":
                book.erase_personal_data(case_id)
                erased = True
            elif step == "reopen":
                if erased:
                    book.record(case_id, PersonalDataReopened(date=date(2026, 1, 2)))
                    erased = False
                else:
                    with pytest.raises(ValidationError):
                        book.record(case_id, PersonalDataReopened(date=date(2026, 1, 2)))
            elif erased:
                with pytest.raises(ValidationError):
                    book.record(case_id, Note(date=date(2026, 1, 2), text="n"))
            else:
                book.record(case_id, Note(date=date(2026, 1, 2), text="n"))
            assert erased == book.personal_data_closed(case_id)
        assert [] == book.verify()
        notes = [r.entry for r in book.load(case_id).records if isinstance(r.entry, Note)]
        assert all(n.text in ("n", ERASED) for n in notes)


# -- backup and restore ------------------------------------------------------------------------


@pytest.mark.usefixtures("cli_env")
def test_restore_drill(tmp_path: Path) -> None:
    """Back up with the keys apart, restore both, verify, read the names back."""
    name, address, note = texts()
    db = tmp_path / "live" / "ledger.db"
    db.parent.mkdir()
    case_id, _ = open_and_note(db, name, address, note)
    done = run(db, "admin", "backup", str(tmp_path / "bk"), "--keys-to", str(tmp_path / "kbk"))
    assert 0 == done.exit_code, done.output
    assert {"README.txt", "ledger.db", "manifest.json"} == {
        p.name for p in (tmp_path / "bk").iterdir()}
    assert {"README.txt", "keys.db", "casebook.key", "manifest.json"} == {
        p.name for p in (tmp_path / "kbk").iterdir()}
    readme = (tmp_path / "bk" / "README.txt").read_text()
    assert "short" in readme or "briefly" in readme
    assert [] == holds(every_file(tmp_path / "bk"), (name, address, note))
    target = tmp_path / "restored" / "new.db"
    target.parent.mkdir()
    without_keys = run(target, "admin", "restore", str(tmp_path / "bk"))
    assert 1 == without_keys.exit_code
    assert not target.exists()
    restored = run(target, "admin", "restore", str(tmp_path / "bk"), "--keys-from",
                   str(tmp_path / "kbk"))
    assert 0 == restored.exit_code, restored.output
    assert "Every case is intact (1 checked)." in restored.stdout
    shown = json.loads(run(target, "case", "show", case_id, "--json").stdout)
    assert (name, address) == (shown["tenant"], shown["address"])
    twice = run(target, "admin", "restore", str(tmp_path / "bk"), "--keys-from",
                str(tmp_path / "kbk"))
    assert 1 == twice.exit_code
    assert "already exists" in twice.stderr


@pytest.mark.usefixtures("cli_env")
def test_backup_refusals(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    open_and_note(db, *texts())
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "x").write_text("x")
    assert 1 == run(db, "admin", "backup", str(busy)).exit_code
    assert 0 == run(db, "admin", "backup", str(tmp_path / "bk")).exit_code
    (tmp_path / "bk" / "keys.db").write_bytes(b"changed")
    damaged = run(tmp_path / "r.db", "admin", "restore", str(tmp_path / "bk"))
    assert 1 == damaged.exit_code
    assert "does not match its SHA-256" in damaged.stderr
    assert not (tmp_path / "r.db").exists()
    assert 1 == run(tmp_path / "r.db", "admin", "restore", str(busy)).exit_code


@pytest.mark.usefixtures("cli_env")
def test_erasure_reaches_a_backup_once_old_key_copies_are_gone(tmp_path: Path) -> None:
    """A backup from before an erasure, read with the live key store, shows nothing."""
    name, address, note = texts()
    db = tmp_path / "ledger.db"
    case_id, _ = open_and_note(db, name, address, note)
    assert 0 == run(db, "admin", "backup", str(tmp_path / "bk")).exit_code
    assert 0 == run(db, "case", "erase", case_id, "--person", "--yes").exit_code
    live = SQLiteKeyStore(db.parent / "ledger.db.keys")
    with Casebook.open(f"sqlite:///{tmp_path / 'bk' / 'ledger.db'}", key_store=live,
                       key=CasebookKey(tmp_path / "ledger.db.key")) as old:
        assert ERASED == old.load(case_id).opened.tenant
        problems = old.verify()
        assert "destroyed by an erasure" in problems[0].reason


# -- erasure forensics -------------------------------------------------------------------------


@pytest.mark.usefixtures("cli_env")
def test_sqlite_erasure_forensics(tmp_path: Path) -> None:
    """After `case erase` no file of the ledger or its key store holds the texts."""
    name, address, note = texts()
    db = tmp_path / "ledger.db"
    before = tmp_path / "before"
    case_id, _ = open_and_note(db, name, address, note)
    before.mkdir()
    shutil.copyfile(db, before / "ledger.db")
    assert 0 == run(db, "case", "erase", case_id, "--person", "--yes").exit_code
    files = [p for p in every_file(tmp_path) if p.parent == tmp_path]
    assert {"ledger.db", "ledger.db.keys", "ledger.db.key"} <= {p.name for p in files}
    assert [] == holds(iter(files), (name, address, note))
    with Casebook.open(f"sqlite:///{before / 'ledger.db'}",
                       key_store=SQLiteKeyStore(tmp_path / "ledger.db.keys"),
                       key=CasebookKey(tmp_path / "ledger.db.key")) as copy:
        assert ERASED == copy.load(case_id).opened.tenant


@pytest.mark.postgres
def test_postgres_erasure_forensics(postgres_url: str, tmp_path: Path) -> None:
    """Table files and pg_wal after a CHECKPOINT hold none of the texts (only ciphertext)."""
    psycopg = pytest.importorskip("psycopg")
    name, address, note = texts()
    schema = f"clss_forensic_{secrets.token_hex(5)}"
    url = f"{postgres_url}{'&' if '?' in postgres_url else '?'}schema={schema}"
    keys = SQLiteKeyStore(tmp_path / "keys.db")
    try:
        with Casebook.open(url, key_store=keys, key=CasebookKey(tmp_path / "key")) as book:
            case_id = book.open_case(tenant=name, landlord="L", address=address,
                                     rent=Money(70_000), date=date(2026, 1, 1))
            book.record(case_id, Note(date=date(2026, 1, 2), text=note))
            book.erase_personal_data(case_id)
            assert [] == book.verify()
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute("CHECKPOINT")
            data_dir = Path(conn.execute("SHOW data_directory").fetchone()[0])
            tables = [row[0] for row in conn.execute(
                "SELECT pg_relation_filepath(c.oid) FROM pg_class c JOIN pg_namespace n"
                " ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind IN ('r', 't', 'i')"
                " AND pg_relation_filepath(c.oid) IS NOT NULL", (schema,))]
        wal = data_dir / "pg_wal"
        try:
            segments = [p for p in wal.iterdir() if p.is_file()]
            files = [f for t in tables for f in (data_dir / t).parent.glob(
                (data_dir / t).name + "*")]
            found = holds(iter([*files, *segments, *every_file(tmp_path)]),
                          (name, address, note))
        except PermissionError as exc:
            pytest.skip(f"the server's files under {data_dir} are not readable here: {exc}")
        assert tables
        assert segments
        assert [] == found
    finally:
        keys.close()
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.mark.postgres
def test_postgres_backup_and_notice(postgres_url: str, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """pg_dump writes the database; the key store is copied apart; no key store is said."""
    psycopg = pytest.importorskip("psycopg")
    for name in ("CLSS_HOUSING_DB", "CLSS_HOUSING_KEY_FILE", KEY_STORE_ENV):
        monkeypatch.delenv(name, raising=False)
    schema = f"clss_backup_{secrets.token_hex(5)}"
    url = f"{postgres_url}{'&' if '?' in postgres_url else '?'}schema={schema}"
    runner = CliRunner()

    def call(*args: str) -> Result:
        return runner.invoke(cli, ["--db", url, *args])

    try:
        plain = call("case", "open", "--tenant", "T", "--landlord", "L", "--address", "A",
                     "--rent", "700")
        assert 0 == plain.exit_code, plain.output
        assert "stored unencrypted" in plain.stderr
        monkeypatch.setenv(KEY_STORE_ENV, str(tmp_path / "keys.db"))
        monkeypatch.setenv("CLSS_HOUSING_KEY_FILE", str(tmp_path / "casebook.key"))
        opened = call("case", "open", "--tenant", "T2", "--landlord", "L", "--address", "A",
                      "--rent", "700")
        assert 0 == opened.exit_code, opened.output
        assert "stored unencrypted" not in opened.stderr
        if shutil.which("pg_dump") is None:
            pytest.skip("pg_dump is not installed here")
        done = call("admin", "backup", str(tmp_path / "bk"), "--keys-to", str(tmp_path / "kbk"))
        assert 0 == done.exit_code, done.output
        assert (tmp_path / "bk" / "ledger.pgdump").stat().st_size > 0
        assert (tmp_path / "kbk" / "keys.db").exists()
        refused = call("admin", "restore", str(tmp_path / "bk"))
        assert 1 == refused.exit_code
        assert "pg_restore" in refused.stderr
        monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
        missing = call("admin", "backup", str(tmp_path / "bk2"))
        assert 1 == missing.exit_code
        assert "pg_dump was not found" in missing.stderr
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_reopening_without_seal_or_key_store() -> None:
    """Without a key and a key store the erased values themselves tell a second erasure."""
    with Casebook.open("memory:", key=None, key_store=False) as book:
        case_id = book.open_case(tenant="T", landlord="L", address="A", rent=Money(100),
                                 date=date(2026, 1, 1))
        book.erase_personal_data(case_id)
        assert book.personal_data_closed(case_id)
        book.record(case_id, PersonalDataReopened(date=date(2026, 1, 2)))
        book.record(case_id, Note(date=date(2026, 1, 3), text="again"))
        assert not book.personal_data_closed(case_id)
        book.erase_personal_data(case_id)
        assert book.personal_data_closed(case_id)
        with pytest.raises(ValidationError):
            book.record(case_id, Note(date=date(2026, 1, 4), text="no"))
