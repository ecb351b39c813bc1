"""The runnable examples of ``examples/`` run to the end and say what they did."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
POSTGRES = os.environ.get("CLSS_HOUSING_TEST_POSTGRES")


def run_example(name: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``examples/<name>`` in *cwd* with the source tree importable; return the result."""
    env = dict(os.environ)
    env.pop("CLSS_HOUSING_DB", None)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p
    )
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-W", "error", str(EXAMPLES / name), *args],
        cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120,
        check=False,
    )


class TestPartnerApp:
    """The developer's example: a casebook embedded in a partner application."""

    def test_it_records_entries_and_reacts_through_listener_and_plugin(
        self, tmp_path: Path
    ) -> None:
        """It stores the entries, the plugin makes a reminder of the notice, it prints the dues."""
        args = ["--db", POSTGRES] if POSTGRES else ["--db", f"sqlite:///{tmp_path / 'p.db'}"]
        result = run_example("partner_app.py", *args, "--today", "2026-03-10", cwd=tmp_path)
        assert 0 == result.returncode, result.stderr
        out = result.stdout
        assert "Entries stored (listener saw): case_opened, rent_due, rent_due, payment," \
            " notice_received" in out
        # notice on 28 Feb 2026: starts 1 Mar, ends 31 Mar (C.j. arts 52, 54)
        assert "pre_court_waiting_period 2026-03-31" in out
        assert "Due in the next 45 days for this case: 1" in out
        assert "Plugin problems" not in out

    def test_it_defaults_to_a_temporary_sqlite_casebook(self, tmp_path: Path) -> None:
        """It runs without any database option and leaves no database in the current folder."""
        result = run_example("partner_app.py", cwd=tmp_path)
        assert 0 == result.returncode, result.stderr
        assert "Case opened: " in result.stdout
        assert [] == list(tmp_path.iterdir())


class TestMorningReport:
    """The staff example: the morning report of what is due, with the letters to send."""

    def test_it_builds_the_demo_and_writes_the_report_and_letters(self, tmp_path: Path) -> None:
        """It fills an empty casebook with the demo, lists deadlines and writes HTML and DOCX."""
        result = run_example("morning_report.py", "--days", "14", "--out", "report",
                             cwd=tmp_path)
        assert 0 == result.returncode, result.stderr
        assert "Empty casebook: adding the demo cases" in result.stdout
        assert "pre_court_waiting_period" in result.stdout
        html = (tmp_path / "report" / "morning-report.html").read_text(encoding="utf-8")
        assert "Morning report" in html
        assert "pre_court_waiting_period" not in html  # titles, not rule ids, for staff
        letters = sorted(p.name for p in (tmp_path / "report" / "lettres-brieven").iterdir())
        assert letters, "no letter written"
        assert all(name.endswith(".docx") for name in letters)
        assert all(name in html for name in letters)
        assert b"PK" == (tmp_path / "report" / "lettres-brieven" / letters[0]).read_bytes()[:2]

    def test_it_reports_nothing_due_on_an_existing_empty_window(self, tmp_path: Path) -> None:
        """It says so when no deadline falls in the window asked."""
        db = f"sqlite:///{tmp_path / 'm.db'}"
        first = run_example("morning_report.py", "--db", db, "--days", "0",
                            "--today", "2020-01-01", cwd=tmp_path)
        assert 0 == first.returncode, first.stderr
        assert "Échéances / Deadlines: 0" in first.stdout
        again = run_example("morning_report.py", "--db", db, "--days", "0",
                            "--today", "2020-01-01", cwd=tmp_path)
        assert "adding the demo" not in again.stdout  # the casebook is no longer empty


class TestCollectiveLetters:
    """The collective's example: one letter per household from a spreadsheet."""

    def test_it_writes_one_letter_per_complete_household_in_its_language(
        self, tmp_path: Path
    ) -> None:
        """It writes 3 French and 2 Dutch letters, and names the incomplete line of the sheet."""
        result = run_example("collective_letters.py", "--format", "txt", "--out", "out",
                             cwd=tmp_path)
        assert 0 == result.returncode, result.stderr
        assert "[fr] lettres écrites / letters written: 3 (sur / of 4)" in result.stdout
        assert "[nl] lettres écrites / letters written: 2 (sur / of 2)" in result.stdout
        assert "ligne / line 7: pas de lettre / no letter — defects" in result.stdout
        dutch = sorted((tmp_path / "out" / "nl").glob("*.txt"))
        assert 2 == len(dutch)
        assert "Ingebrekestelling" in dutch[0].read_text(encoding="utf-8")

    def test_it_reads_the_xlsx_copy_too(self, tmp_path: Path) -> None:
        """It gives the same letters from an XLSX workbook as from the CSV."""
        spec = importlib.util.spec_from_file_location("collective_letters",
                                                      EXAMPLES / "collective_letters.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        xlsx = module.make_xlsx(module.DATA, tmp_path / "building.xlsx")
        result = run_example("collective_letters.py", "--sheet", str(xlsx), "--format", "docx",
                             "--out", "out", cwd=tmp_path)
        assert 0 == result.returncode, result.stderr
        assert "Total: 5" in result.stdout
        assert (tmp_path / "out" / "fr" / "L12-fr-combined.docx").exists()


@pytest.mark.parametrize("name", ["partner_app.py", "morning_report.py", "collective_letters.py"])
def test_each_example_explains_how_to_run_it(name: str) -> None:
    """It starts with a docstring that shows the command to run."""
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    assert text.startswith('"""')
    assert f"python examples/{name}" in text
