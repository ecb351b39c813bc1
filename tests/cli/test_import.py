"""Tests of ``clss-housing import payments CASE FILE.csv``."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from clss_housing.casebook import Casebook
from clss_housing.money import Money


Run = Callable[..., Result]
OpenCase = Callable[..., str]
Snapshot = Callable[[], tuple[dict[str, list[tuple[Any, ...]]], bytes]]

DATA = Path(__file__).parent.parent / "data"


def history(run: Run, case_id: str) -> list[dict[str, Any]]:
    result = run("case", "history", case_id, "--json")
    assert 0 == result.exit_code, result.output
    items: list[dict[str, Any]] = json.loads(result.stdout)
    return items


class TestImportPayments:
    """Appending payments from spreadsheet and bank exports."""

    def test_belgian_export(self, run: Run, open_case: OpenCase) -> None:
        """It imports a BOM, ';'-separated, DD/MM/YYYY, 1.234,56 file with blank lines."""
        case_id = open_case()
        result = run("import", "payments", case_id, str(DATA / "payments_be_semicolon_bom.csv"))
        assert 0 == result.exit_code, result.output
        assert (
            f"Imported 3 payments into case {case_id} (entries 2 to 4), total 3\u202f134,56\xa0€."
            "\n"
        ) == result.stdout
        assert "" == result.stderr
        payments = history(run, case_id)[1:]
        assert [("2026-01-05", "1234.56", "Loyer janvier"), ("2026-02-05", "650.00",
                "Loyer février"), ("2026-03-06", "1250.00", "")] == [
            (p["date"], p["amount"], p["reference"]) for p in payments
        ]
        assert 1 == len({p["recorded_at"] for p in payments})

    def test_json(self, run: Run, open_case: OpenCase) -> None:
        """It prints the appended count, the sequences and the total with --json."""
        case_id = open_case()
        result = run("import", "payments", case_id, str(DATA / "payments_ok.csv"), "--json")
        doc = json.loads(result.stdout)
        assert {"case": case_id, "appended": 3, "invalid": [], "first_sequence": 2,
                "last_sequence": 4, "total": "2534.56", "possible_duplicates": 0,
                "bank": None, "skipped": [], "other_transactions": 0, "duplicates": []} == doc

    def test_invalid_rows_refuse_the_file(
        self, run: Run, open_case: OpenCase, snapshot: Snapshot
    ) -> None:
        """It lists every invalid row by line and reason, exits 1 and appends nothing."""
        case_id = open_case()
        before = snapshot()
        result = run("import", "payments", case_id, str(DATA / "payments_bad_rows.csv"))
        assert (1, "") == (result.exit_code, result.stdout)
        lines = result.stderr.splitlines()
        assert lines[0].startswith("  line 3, date: '2026-13-45' is not a date")
        assert lines[1].startswith("  line 4, amount: '-50,00' must be more than zero")
        assert lines[2].startswith("  line 5, amount: is not an amount")
        assert lines[3].startswith("  line 7, amount: '0' must be more than zero")
        assert lines[4].startswith("Error: file: 4 invalid rows; nothing was imported")
        assert "--skip-invalid" in lines[4]
        assert before == snapshot()

    def test_invalid_rows_json(self, run: Run, open_case: OpenCase, snapshot: Snapshot) -> None:
        """It prints the invalid rows as JSON on stdout and still exits 1."""
        case_id = open_case()
        before = snapshot()
        result = run("import", "payments", case_id, str(DATA / "payments_bad_rows.csv"), "--json")
        doc = json.loads(result.stdout)
        assert (1, 0) == (result.exit_code, doc["appended"])
        assert [3, 4, 5, 7] == [row["line"] for row in doc["invalid"]]
        assert all({"line", "column", "reason"} == set(row) for row in doc["invalid"])
        assert before == snapshot()

    def test_skip_invalid(self, run: Run, open_case: OpenCase) -> None:
        """It appends the valid rows with --skip-invalid, exits 0 and reports the skipped rows."""
        case_id = open_case()
        result = run("import", "payments", case_id, str(DATA / "payments_bad_rows.csv"),
                     "--skip-invalid", "--json")
        assert 0 == result.exit_code, result.output
        doc = json.loads(result.stdout)
        assert (2, [3, 4, 5, 7]) == (doc["appended"], [row["line"] for row in doc["invalid"]])
        assert {"line", "reason"} <= set(doc["invalid"][0])
        assert result.stderr.startswith("Skipped 4 invalid rows:\n  line 3, date:")
        assert ["650.00", "700.00"] == [p["amount"] for p in history(run, case_id)[1:]]

    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("payments_missing_amount.csv", "Error: header: has no amount column"),
            ("payments_latin1.csv", "Error: file: is not UTF-8 text: byte 0xE9 on line 3"),
            ("does_not_exist.csv", "Error: file: does not exist or is not a file"),
        ],
    )
    def test_unusable_files(
        self, run: Run, open_case: OpenCase, snapshot: Snapshot, name: str, expected: str
    ) -> None:
        """It refuses a file without an amount column, not in UTF-8 or missing (exit 1)."""
        case_id = open_case()
        before = snapshot()
        result = run("import", "payments", case_id, str(DATA / name))
        assert 1 == result.exit_code
        assert result.stderr.startswith(expected), result.stderr
        assert before == snapshot()

    def test_unknown_case(self, run: Run, open_case: OpenCase, snapshot: Snapshot) -> None:
        """It refuses an unknown case with exit 1."""
        open_case()
        before = snapshot()
        result = run("import", "payments", "2026-NOPE00", str(DATA / "payments_ok.csv"))
        assert (1, "Error: case '2026-NOPE00' not found\n") == (result.exit_code, result.stderr)
        assert before == snapshot()

    def test_imported_twice(self, run: Run, open_case: OpenCase) -> None:
        """It skips and lists the rows already recorded; --allow-duplicates imports them."""
        case_id = open_case()
        run("import", "payments", case_id, str(DATA / "payments_ok.csv"))
        result = run("import", "payments", case_id, str(DATA / "payments_ok.csv"))
        assert 0 == result.exit_code
        assert ("Skipped 3 rows already in the case (same date, amount and reference), "
                "lines 2, 3, 4; --allow-duplicates imports them.\n") == result.stderr
        assert "Nothing new to import" in result.stdout
        assert 3 == len(history(run, case_id)[1:])
        forced = run("import", "payments", case_id, str(DATA / "payments_ok.csv"),
                     "--allow-duplicates")
        assert 0 == forced.exit_code
        assert "3 imported rows have the same date, amount and reference" in forced.stderr
        assert 6 == len(history(run, case_id)[1:])

    def test_no_rows(self, run: Run, open_case: OpenCase) -> None:
        """It says so when the file has a header and no rows."""
        case_id = open_case()
        result = run("import", "payments", case_id, str(DATA / "payments_header_only.csv"))
        assert (0, "The file holds no payment rows; nothing was imported.\n") == (
            result.exit_code, result.stdout,
        )

    def test_many_invalid_rows_are_summarised(
        self, run: Run, open_case: OpenCase, tmp_path: Path
    ) -> None:
        """It lists the first 20 invalid rows on stderr and counts the rest."""
        case_id = open_case()
        path = tmp_path / "bad.csv"
        path.write_text("date;amount\n" + "2026-01-01;x\n" * 25, encoding="utf-8")
        result = run("import", "payments", case_id, str(path))
        assert 1 == result.exit_code
        assert "… and 5 more invalid rows (use --json to list them all)" in result.stderr


@pytest.mark.slow
class TestLargeImport:
    """A year of bank data in one file."""

    def test_hundred_thousand_rows(
        self, run: Run, open_case: OpenCase, tmp_path: Path, db_url: str
    ) -> None:
        """It imports 100,000 payments in one append within seconds (not minutes)."""
        case_id = open_case()
        path = tmp_path / "big.csv"
        start = date(2020, 1, 1)
        lines = ["Date;Montant;Communication"]
        total = 0
        for i in range(100_000):
            cents = 100 + i % 90_000
            total += cents
            day = start + timedelta(days=i % 2000)
            shown = day.strftime("%d/%m/%Y") if i % 2 else day.isoformat()
            lines.append(f"{shown};{cents // 100},{cents % 100:02d};virement {i}")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        began = time.perf_counter()
        result = run("import", "payments", case_id, str(path), "--json")
        elapsed = time.perf_counter() - began
        assert 0 == result.exit_code, result.output
        assert (100_000, 2, 100_001) == tuple(
            json.loads(result.stdout)[k] for k in ("appended", "first_sequence", "last_sequence")
        )
        assert str(Money(total)) == json.loads(result.stdout)["total"]
        assert 100_001 == Casebook.open(db_url).store.version(case_id)
        assert elapsed < 60, f"100,000 rows took {elapsed:.1f} s"
