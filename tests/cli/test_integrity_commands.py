"""``case verify`` with the keyed seal, migration of older ledgers, and erasure through the CLI."""

from __future__ import annotations

import json
import sqlite3
import stat
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from clss_housing.casebook import Casebook
from clss_housing.ledger.codec import GENESIS_HASH, encode_entry
from clss_housing.ledger.entries import CaseOpened, Note, RentDue
from clss_housing.money import Money
from clss_housing.store.sqlite import MIGRATIONS, SQLiteStore
from tests.cli.conftest import Run


def write_schema_1(path: Path) -> str:
    """A ledger as the version before the seal wrote it (schema 1, eight columns)."""
    case_id = "2025-LEGACY"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        for statement in MIGRATIONS[1]:
            conn.execute(statement)
        conn.execute("INSERT INTO schema_version (version) VALUES (1)")
        prev = GENESIS_HASH
        entries = [
            CaseOpened(date=date(2025, 1, 1), tenant="Ancien Locataire", landlord="L",
                       address="Rue 1", rent=Money(70_000)),
            RentDue(date=date(2025, 2, 1), amount=Money(70_000)),
            Note(date=date(2025, 2, 2), text="note ancienne"),
        ]
        for sequence, entry in enumerate(entries, start=1):
            row, personal, _ = encode_entry(case_id, sequence, entry, prev,
                                            datetime(2025, 2, 3, tzinfo=UTC))
            conn.execute("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         (row.case_id, row.sequence, row.kind, row.schema, row.recorded_at,
                          row.payload, row.prev_hash, row.hash))
            conn.executemany("INSERT INTO personal VALUES (?, ?, ?, ?, ?)",
                             [(p.case_id, p.sequence, p.key, p.salt, p.value) for p in personal])
            prev = row.hash
        conn.commit()
    return case_id


class TestKeyFile:
    def test_created_beside_the_ledger_with_mode_0600(
        self, open_case: Callable[..., str], db_path: Path
    ) -> None:
        """The first write creates `<ledger>.key`, readable by its owner only."""
        open_case()
        key = Path(f"{db_path}.key")
        assert key.exists()
        assert 0o600 == stat.S_IMODE(key.stat().st_mode)
        assert 64 == len(key.read_text(encoding="ascii").strip())

    def test_case_open_says_where_the_key_is(self, run: Run, db_path: Path) -> None:
        """The command that creates the key says where it is; later ones do not."""
        args = ("case", "open", "--tenant", "T", "--landlord", "L", "--address", "A",
                "--rent", "500")
        first = run(*args)
        assert 0 == first.exit_code
        assert f"{db_path}.key" in first.stderr
        second = run(*args)
        assert (0, "") == (second.exit_code, second.stderr)

    def test_reading_creates_no_key(self, run: Run, db_path: Path) -> None:
        """Reading commands never create a key file (nor a ledger)."""
        assert 1 == run("case", "list").exit_code
        assert not Path(f"{db_path}.key").exists()

    def test_sealed_casebook_without_its_key_refuses_writes(
        self, run: Run, open_case: Callable[..., str], db_path: Path
    ) -> None:
        """Without the key file a write is refused (exit 1, ledger unchanged) and verify says so."""
        case_id = open_case()
        key = Path(f"{db_path}.key")
        key.rename(db_path.with_name("elsewhere.key"))
        result = run("case", "record", case_id, "rent_due", "--amount", "10")
        assert 1 == result.exit_code
        assert "key file" in result.stderr
        assert 1 == json.loads(run("case", "show", case_id, "--json").stdout)["version"]
        verified = run("case", "verify")
        assert 3 == verified.exit_code
        assert "key file is missing" in verified.stderr
        assert not key.exists()


class TestVerifyOptions:
    def test_json_document(self, run: Run, open_case: Callable[..., str]) -> None:
        """`case verify --json` keeps its keys and adds keyed and warnings."""
        open_case()
        document = json.loads(run("case", "verify", "--json").stdout)
        assert {"ok": True, "checked": 1, "keyed": True, "problems": [], "warnings": []} == document

    def test_export_and_against(self, run: Run, open_case: Callable[..., str],
                                tmp_path: Path) -> None:
        """An exported head verifies against the same casebook, and later writes are fine."""
        case_id = open_case()
        head = tmp_path / "head.json"
        assert 0 == run("case", "verify", "--export-head", str(head)).exit_code
        exported = json.loads(head.read_text(encoding="utf-8"))
        assert {case_id} == set(exported["cases"])
        assert 0 == run("case", "record", case_id, "rent_due", "--amount", "10").exit_code
        assert 0 == run("case", "verify", "--against", str(head)).exit_code

    def test_bad_head_files_refused(self, run: Run, open_case: Callable[..., str],
                                    tmp_path: Path) -> None:
        """A malformed head file or a folder as target is a refusal (exit 1), never a crash."""
        open_case()
        bad = tmp_path / "bad.json"
        for text in ("", "{", "[]", '{"format": "x"}', '{"format": "clss-housing-head/1"}'):
            bad.write_text(text, encoding="utf-8")
            result = run("case", "verify", "--against", str(bad))
            assert 1 == result.exit_code, (text, result.output)
        assert 1 == run("case", "verify", "--against", str(tmp_path / "nope.json")).exit_code
        assert 1 == run("case", "verify", "--export-head", str(tmp_path)).exit_code
        assert 1 == run("case", "verify", "--export-head",
                        str(tmp_path / "no" / "head.json")).exit_code

    def test_edited_head_file_is_found(self, run: Run, open_case: Callable[..., str],
                                       tmp_path: Path) -> None:
        """A head file edited by hand no longer carries a valid signature."""
        open_case()
        head = tmp_path / "head.json"
        run("case", "verify", "--export-head", str(head))
        document = json.loads(head.read_text(encoding="utf-8"))
        document["anchor"] = "0" * 64
        head.write_text(json.dumps(document), encoding="utf-8")
        result = run("case", "verify", "--against", str(head))
        assert 3 == result.exit_code
        assert "signed" in result.stderr


class TestKeyRotation:
    def test_rotate_key(self, run: Run, open_case: Callable[..., str], db_path: Path,
                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """`--rotate-key` reseals with a new key file; the old key no longer verifies."""
        case_id = open_case()
        run("case", "record", case_id, "rent_due", "--amount", "10")
        key = Path(f"{db_path}.key")
        old = key.read_text(encoding="ascii")
        result = run("case", "verify", "--rotate-key")
        assert 0 == result.exit_code, result.output
        assert "new key" in result.stderr
        assert old != key.read_text(encoding="ascii")
        assert 0o600 == stat.S_IMODE(key.stat().st_mode)
        assert not Path(f"{key}.new").exists()
        assert 0 == run("case", "verify").exit_code
        assert 0 == run("case", "record", case_id, "rent_due", "--amount", "10").exit_code
        stale = tmp_path / "old.key"
        stale.write_text(old, encoding="ascii")
        monkeypatch.setenv("CLSS_HOUSING_KEY_FILE", str(stale))
        assert 3 == run("case", "verify").exit_code


class TestOlderLedgers:
    def test_schema_1_ledger_is_migrated_and_verifies(self, run: Run, db_path: Path) -> None:
        """A ledger of the version before the seal opens, reads and verifies (with a note)."""
        case_id = write_schema_1(db_path)
        shown = json.loads(run("case", "show", case_id, "--json").stdout)
        assert "Ancien Locataire" == shown["tenant"]
        result = run("case", "verify")
        assert 0 == result.exit_code, result.output
        assert "no casebook key" in result.stderr  # nothing sealed yet: no key file either
        assert 3 == SQLiteStore(db_path).schema_version

    def test_next_write_and_seal(self, run: Run, db_path: Path) -> None:
        """A legacy case is sealed at its next write; `--seal` seals the others."""
        case_id = write_schema_1(db_path)
        with Casebook(SQLiteStore(db_path)) as book:  # no key: written as before the seal
            other = book.open_case(tenant="T", landlord="L", address="A", rent=Money(1),
                                   date=date(2025, 1, 1))
        assert 0 == run("case", "record", case_id, "rent_due", "--amount", "10").exit_code
        document = json.loads(run("case", "verify", "--json").stdout)
        assert document["ok"]
        assert any(other in w for w in document["warnings"])
        assert 0 == run("case", "verify", "--seal").exit_code
        document = json.loads(run("case", "verify", "--json").stdout)
        assert document["ok"]
        assert not any("written before the keyed seal;" in w for w in document["warnings"])
        with closing(sqlite3.connect(db_path)) as conn:
            conn.execute("DELETE FROM entries WHERE case_id = ? AND sequence = 3", (case_id,))
            conn.commit()
        assert 3 == run("case", "verify").exit_code


class TestErasure:
    def test_erased_case_refuses_new_personal_data(
        self, run: Run, open_case: Callable[..., str]
    ) -> None:
        """After erasure: show says when; a note is refused; a rent entry is not."""
        case_id = open_case()
        assert 0 == run("case", "erase", case_id, "--person", "--yes").exit_code
        shown = run("case", "show", case_id)
        assert "personal data erased on" in shown.stdout
        assert json.loads(run("case", "show", case_id, "--json").stdout)["erased_at"]
        refused = run("case", "record", case_id, "note", "--set", "text=Nouveau nom")
        assert 1 == refused.exit_code
        assert "erased" in refused.stderr
        assert "Nouveau" not in refused.stderr
        assert 0 == run("case", "record", case_id, "rent_due", "--amount", "750").exit_code
        assert 0 == run("case", "verify").exit_code
