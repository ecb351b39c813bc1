"""Actors: who recorded each entry, under the chain hash and MAC; old entries read as unknown."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clss_housing.casebook import Casebook, default_actor
from clss_housing.errors import ValidationError
from clss_housing.integrity import make_seal
from clss_housing.ledger.actor import Actor, local_actor, parse_actor
from clss_housing.ledger.codec import GENESIS_HASH, chain_hash, encode_entry
from clss_housing.ledger.entries import CaseOpened, Note, RentDue
from clss_housing.ledger.seal import CasebookKey, row_mac
from clss_housing.money import Money
from clss_housing.store.memory import MemoryStore
from clss_housing.store.sqlite import MIGRATIONS, SQLiteStore
from tests.cli.conftest import Run


users = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,20}", fullmatch=True)
partners = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,20}", fullmatch=True)


class TestActor:
    @given(users, partners)
    def test_round_trip(self, user: str, partner: str) -> None:
        """USER@PARTNER parses back to the actor it prints."""
        actor = Actor(user, partner)
        assert actor == parse_actor(str(actor))

    @pytest.mark.parametrize(
        "text", ["marie", "marie@", "@cpas", "a@b@c", "ma rie@cpas", "marie@CP AS", "x\n@cpas", ""]
    )
    def test_malformed_refused(self, text: str) -> None:
        """Anything but one well-formed USER@PARTNER is refused, naming the field."""
        with pytest.raises(ValidationError) as info:
            parse_actor(text)
        assert info.value.field in ("actor", "actor user", "partner")

    def test_local_actor_is_well_formed(self) -> None:
        """Odd system user names are cleaned, never refused."""
        assert Actor("jean-pierre", "local") == local_actor("jean pierre")
        assert "system" == local_actor("...").user

    def test_default_actor(self) -> None:
        """CLSS_HOUSING_ACTOR wins; SQLite defaults to local; PostgreSQL has none."""
        env = {"CLSS_HOUSING_ACTOR": "marie@cpas-schaerbeek"}
        assert Actor("marie", "cpas-schaerbeek") == default_actor("postgresql://h/db", env)
        assert default_actor("postgresql://h/db", {}) is None
        local = default_actor("sqlite:///x.db", {})
        assert local is not None
        assert local.is_local


class TestHash:
    @given(users, partners, users, partners)
    def test_actor_is_hashed(self, u1: str, p1: str, u2: str, p2: str) -> None:
        """Two rows differing only by actor hash differently; no actor hashes as before."""
        args = ("0" * 64, "C-1", 1, "note", 1, "2026-01-01T00:00:00.000000+00:00", '{"a":1}')
        with_a = chain_hash(*args, (u1, p1))
        with_b = chain_hash(*args, (u2, p2))
        assert (with_a == with_b) == ((u1, p1) == (u2, p2))
        assert chain_hash(*args) != with_a
        assert chain_hash(*args, None) == chain_hash(*args)


class TestCasebook:
    def test_entries_record_the_actor(self) -> None:
        """Each entry names the actor of the casebook that wrote it; the chain verifies."""
        store = MemoryStore()
        marie = Actor("marie", "cpas-schaerbeek")
        with Casebook(store, plugins=None, key=CasebookKey.ephemeral(), actor=marie) as book:
            cid = book.open_case(tenant="T", landlord="L", address="A", rent=Money(1),
                                 date=date(2026, 1, 1))
            other = Casebook(store, key=book.key, actor=Actor("jan", "local"))
            other.record(cid, RentDue(date=date(2026, 2, 1), amount=Money(1)))
            history = book.history(cid)
            # An alias (the plugin's package name) resolves to the partner's id.
            assert [Actor("marie", "cpas"), Actor("jan", "local")] == [
                r.by for r in history
            ]
            assert [] == book.verify()

    def test_shared_store_without_actor_refuses_writes(self) -> None:
        """A casebook without an actor (shared store, none given) writes nothing."""
        store = MemoryStore()
        book = Casebook(store, actor=None)
        with pytest.raises(ValidationError, match="--as USER@PARTNER"):
            book.open_case(tenant="T", landlord="L", address="A", rent=Money(1))
        assert [] == store.case_ids()

    def test_erased_by(self) -> None:
        """The sealed head records who erased; later appends keep it."""
        eraser = Actor("dpo", "local")
        with Casebook(MemoryStore(), key=CasebookKey.ephemeral(), actor=eraser) as book:
            cid = book.open_case(tenant="T", landlord="L", address="A", rent=Money(1),
                                 date=date(2026, 1, 1))
            assert book.erased_by(cid) is None
            book.erase_personal_data(cid)
            book.record(cid, RentDue(date=date(2026, 2, 1), amount=Money(1)))
            assert eraser == book.erased_by(cid)
            assert [] == book.verify()


def write_schema_2(path: Path, key: bytes) -> str:
    """A ledger as the integrity version wrote it: schema 2, MACs, no actor columns."""
    case_id = "2026-SCHEMA2"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        for version in (1, 2):
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
        prev = GENESIS_HASH
        vault = 0
        entries = [
            CaseOpened(date=date(2026, 1, 1), tenant="Ancienne", landlord="L",
                       address="Rue 1", rent=Money(70_000)),
            RentDue(date=date(2026, 2, 1), amount=Money(70_000)),
            Note(date=date(2026, 2, 2), text="note", note_category="health"),
        ]
        for sequence, entry in enumerate(entries, start=1):
            row, personal, _ = encode_entry(case_id, sequence, entry, prev,
                                            datetime(2026, 2, 3, tzinfo=UTC))
            conn.execute("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (row.case_id, row.sequence, row.kind, row.schema, row.recorded_at,
                          row.payload, row.prev_hash, row.hash, row_mac(key, row)))
            conn.executemany("INSERT INTO personal VALUES (?, ?, ?, ?, ?)",
                             [(p.case_id, p.sequence, p.key, p.salt, p.value) for p in personal])
            vault += len(personal)
            prev = row.hash
        seal = make_seal(key, None, case_id=case_id, version=3, head_hash=prev,
                         vault_count=vault, erased_at=None)
        h = seal.head
        conn.execute("INSERT INTO heads VALUES (?, ?, ?, ?, ?, ?)",
                     (h.case_id, h.version, h.head_hash, h.vault_count, h.erased_at, h.mac))
        conn.execute("INSERT INTO anchor VALUES (1, ?, ?)", (seal.anchor_delta, seal.key_check))
        conn.commit()
    return case_id


class TestOldLedgers:
    def test_schema_2_ledger_opens_verifies_and_reads_unknown(
        self, tmp_path: Path, run: Run, db_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Schema 2 migrates to 3; old entries have no actor (null), never an invented one."""
        key = CasebookKey(tmp_path / "k.key")
        secret = key.secret(create=True)
        assert secret is not None
        monkeypatch.setenv("CLSS_HOUSING_KEY_FILE", str(tmp_path / "k.key"))
        case_id = write_schema_2(db_path, secret)
        with Casebook(SQLiteStore(db_path), key=key) as book:
            assert 3 == book.store.schema_version  # type: ignore[attr-defined]
            assert [None, None, None] == [r.by for r in book.history(case_id)]
            assert [] == book.verify()
        monkeypatch.setenv("CLSS_HOUSING_KEY_FILE", str(tmp_path / "k.key"))
        result = run("--as", "anna@local", "case", "record", case_id, "rent_due",
                     "--amount", "1")
        assert 0 == result.exit_code, result.output
        items = json.loads(run("case", "history", case_id, "--json").stdout)
        anna = {"user": "anna", "partner": "local"}
        assert [None, None, None, anna] == [i["by"] for i in items]
        assert "(unknown)" in run("case", "history", case_id).stdout
        assert 0 == run("case", "verify").exit_code


class TestCli:
    def test_as_option_and_environment(
        self, run: Run, open_case: object, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """--as wins over CLSS_HOUSING_ACTOR; a malformed one is refused with exit 1."""
        assert callable(open_case)
        case_id = open_case()
        monkeypatch.setenv("CLSS_HOUSING_ACTOR", "env-user@local")
        assert 0 == run("case", "record", case_id, "rent_due", "--amount", "1").exit_code
        assert 0 == run("--as", "anna@local", "case", "record", case_id, "rent_due",
                        "--amount", "1").exit_code
        items = json.loads(run("case", "history", case_id, "--json").stdout)
        assert ["tester", "env-user", "anna"] == [i["by"]["user"] for i in items]
        before = run("case", "history", case_id, "--json").stdout
        bad = run("--as", "anna", "case", "record", case_id, "rent_due", "--amount", "1")
        assert 1 == bad.exit_code
        assert "--as" in bad.stderr
        assert before == run("case", "history", case_id, "--json").stdout

    def test_show_says_who_erased(self, run: Run, open_case: object) -> None:
        """`case show` (text and JSON) names who erased the personal data."""
        assert callable(open_case)
        case_id = open_case()
        assert 0 == run("--as", "dpo@local", "case", "erase", case_id, "--person",
                        "--yes").exit_code
        shown = json.loads(run("case", "show", case_id, "--json").stdout)
        assert {"user": "dpo", "partner": "local"} == shown["erased_by"]
        assert "erased by dpo@local" in run("case", "show", case_id).stdout

    def test_lease_notice_keeps_its_by_as_given_by(self, run: Run, open_case: object) -> None:
        """A lease notice's own 'by' (tenant/landlord) is listed as given_by in history."""
        assert callable(open_case)
        case_id = open_case()
        result = run("case", "record", case_id, "lease_notice", "--set", "by=landlord",
                     "--set", "months=3")
        assert 0 == result.exit_code, result.output
        item = json.loads(run("case", "history", case_id, "--json").stdout)[-1]
        assert ("landlord", "tester") == (item["given_by"], item["by"]["user"])
