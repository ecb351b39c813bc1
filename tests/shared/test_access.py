"""The access log verifies like the ledger; the tenant's export (GDPR art. 15)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from clss_housing.ledger.access import make_access_row, verify_access
from clss_housing.ledger.codec import GENESIS_HASH
from tests.cli.conftest import Run


def _log(n: int, key: bytes | None) -> list:  # type: ignore[type-arg]
    rows = []
    prev = GENESIS_HASH
    for seq in range(1, n + 1):
        row = make_access_row(seq, prev, at=f"2026-01-0{seq}", case_id="C", user="u",
                              partner="cpas", command="case show", key=key)
        rows.append(row)
        prev = row.hash
    return rows


def test_chain_and_mac() -> None:
    """An intact log verifies; a changed, dropped or re-hashed row does not."""
    key = b"k" * 32
    rows = _log(3, key)
    assert verify_access(rows, key) is None
    assert verify_access(rows[:1] + rows[2:], key) is not None
    changed = make_access_row(2, rows[0].hash, at="2026-01-02", case_id="C", user="mallory",
                              partner="cpas", command="case show", key=None)
    assert verify_access([rows[0], changed, rows[2]], key) is not None  # chain broken
    forged = _log(3, b"x" * 32)
    assert verify_access(forged, key) is not None  # recomputed without the key: MACs differ


def _as_partner_reads(run: Run, case_id: str) -> None:
    assert 0 == run("case", "record", case_id, "referral", "--set", "partner=cpas").exit_code
    assert 0 == run("--as", "eva@cpas", "case", "record", case_id, "referral_accepted",
                    "--set", "partner=cpas").exit_code
    assert 0 == run("--as", "eva@cpas", "case", "show", case_id).exit_code


def test_audit_and_tampering(run: Run, open_case: object, db_path: Path) -> None:
    """audit lists the partner's reading; a changed log exits 3; partners may not audit."""
    assert callable(open_case)
    case_id = open_case()
    _as_partner_reads(run, case_id)
    rows = json.loads(run("audit", case_id, "--json").stdout)
    assert [("eva", "cpas", "case show")] == [
        (r["by"]["user"], r["by"]["partner"], r["command"]) for r in rows]
    assert rows == json.loads(run("audit", "--by", "eva", "--json").stdout)
    assert 1 == run("--as", "eva@cpas", "audit", case_id).exit_code
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("UPDATE access_log SET by_user = 'someone'")
        conn.commit()
    assert 3 == run("audit", case_id).exit_code


def test_export(run: Run, open_case: object) -> None:
    """The export lists entries with their actor, referrals and readings, in JSON and FR/NL."""
    assert callable(open_case)
    case_id = open_case()
    _as_partner_reads(run, case_id)
    document = json.loads(run("case", "export", case_id).stdout)
    assert case_id == document["case"]
    assert ["case_opened", "referral", "referral_accepted"] == [
        e["kind"] for e in document["entries"]]
    assert 2 == len(document["referrals"])
    assert [{"user": "eva", "partner": "cpas"}] == [a["by"] for a in document["access_log"]]
    assert "Élise Dupont-Vandenbroucke" == document["entries"][0]["fields"]["tenant"]
    fr = run("case", "export", case_id, "--format", "md").stdout
    assert "article 15 du règlement (UE) 2016/679" in fr
    nl = run("case", "export", case_id, "--format", "md", "--lang", "nl").stdout
    assert "Doorverwijzingen" in nl
    assert "eva@cpas" in nl
    assert 1 == run("--as", "eva@cpas", "case", "export", case_id).exit_code
