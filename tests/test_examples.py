"""The runnable examples of ``examples/`` run to the end and say what they did."""

from __future__ import annotations

import csv
import importlib.util
import os
import secrets
import subprocess
import sys
from datetime import date
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from clss_housing import Casebook
from clss_housing.cli.demo import build_demo


ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = EXAMPLES / "data" / "immeuble-rue-de-brabant.csv"
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
        schema = f"clss_example_{secrets.token_hex(6)}"
        if POSTGRES:  # a schema of its own, dropped afterwards: other runs share the database
            url = POSTGRES + ("&" if "?" in POSTGRES else "?") + f"schema={schema}"
            args = ["--db", url]
        else:
            args = ["--db", f"sqlite:///{tmp_path / 'p.db'}"]
        try:
            result = run_example("partner_app.py", *args, "--today", "2026-03-10", cwd=tmp_path)
        finally:
            if POSTGRES:
                with psycopg.connect(POSTGRES, autocommit=True) as conn:
                    conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                        sql.Identifier(schema)))
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

    def test_demo_builds_a_temporary_casebook_and_writes_report_and_letters(
        self, tmp_path: Path
    ) -> None:
        """With --demo it lists the demo's deadlines, writes HTML and DOCX, leaves no database."""
        result = run_example("morning_report.py", "--demo", "--days", "14", "--out", "report",
                             "--today", "2026-12-04", cwd=tmp_path)
        assert 0 == result.returncode, result.stderr
        assert "Demo cases (temporary casebook)" in result.stdout
        assert "pre_court_waiting_period" in result.stdout
        html = (tmp_path / "report" / "morning-report.html").read_text(encoding="utf-8")
        assert "Morning report" in html
        assert "pre_court_waiting_period" not in html  # titles, not rule ids, for staff
        letters = sorted(p.name for p in (tmp_path / "report" / "lettres-brieven").iterdir())
        assert letters, "no letter written"
        assert all(name.endswith(".docx") for name in letters)
        assert all(name in html for name in letters)
        assert b"PK" == (tmp_path / "report" / "lettres-brieven" / letters[0]).read_bytes()[:2]
        assert ["report"] == [p.name for p in tmp_path.iterdir()]

    def test_without_db_it_reads_clss_housing_db_in_the_current_folder(
        self, tmp_path: Path
    ) -> None:
        """It uses ./clss-housing.db, the CLI's default, without --db or the variable."""
        with Casebook.open(f"sqlite:///{tmp_path / 'clss-housing.db'}") as book:
            build_demo(book, tmp_path / "demo-files", today=date(2026, 12, 4))
        before = (tmp_path / "clss-housing.db").read_bytes()
        result = run_example("morning_report.py", "--days", "14", "--today", "2026-12-04",
                             "--out", "report", cwd=tmp_path)
        assert 0 == result.returncode, result.stderr
        assert "adding" not in result.stdout
        assert "Demo cases" not in result.stdout
        deadlines = [line for line in result.stdout.splitlines() if line.startswith("  2026-")]
        assert deadlines, result.stdout
        assert before == (tmp_path / "clss-housing.db").read_bytes()

    def test_the_variable_names_the_casebook_when_db_is_not_given(self, tmp_path: Path) -> None:
        """CLSS_HOUSING_DB comes before the default file, as for the CLI."""
        spec = importlib.util.spec_from_file_location("morning_report",
                                                      EXAMPLES / "morning_report.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        assert "sqlite:///clss-housing.db" == module.database_url(None, {})
        assert "sqlite:///x.db" == module.database_url(None, {"CLSS_HOUSING_DB": "sqlite:///x.db"})
        assert "memory:" == module.database_url("memory:", {"CLSS_HOUSING_DB": "sqlite:///x.db"})

    def test_a_missing_casebook_is_refused_and_not_created(self, tmp_path: Path) -> None:
        """With no ./clss-housing.db it says what to do, exits 1 and creates nothing."""
        result = run_example("morning_report.py", cwd=tmp_path)
        assert 1 == result.returncode
        assert "Traceback" not in result.stderr
        assert "no casebook at clss-housing.db" in result.stderr
        assert "clss-housing demo" in result.stderr
        assert [] == list(tmp_path.iterdir())

    def test_it_reports_nothing_due_on_an_empty_casebook(self, tmp_path: Path) -> None:
        """An empty casebook gives an empty report, and no demo household is added to it."""
        db = f"sqlite:///{tmp_path / 'm.db'}"
        with Casebook.open(db):
            pass
        first = run_example("morning_report.py", "--db", db, "--days", "0",
                            "--today", "2020-01-01", cwd=tmp_path)
        assert 0 == first.returncode, first.stderr
        assert "No case in the casebook" in first.stdout
        assert "Échéances / Deadlines: 0" in first.stdout
        with Casebook.open(db) as book:
            assert [] == list(book.case_ids())


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


    def test_a_comma_separated_sheet_gives_the_same_letters(self, tmp_path: Path) -> None:
        """A CSV saved with commas (quoted addresses) is read like the ``;`` one."""
        rows = list(csv.reader(DATA.read_text(encoding="utf-8").splitlines(), delimiter=";"))
        sheet = tmp_path / "commas.csv"
        with sheet.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
        assert '"Rue de Brabant 112 boîte 1, 1030 Schaerbeek"' in sheet.read_text(encoding="utf-8")
        result = run_example("collective_letters.py", "--sheet", str(sheet), "--format", "txt",
                             "--out", "out", cwd=tmp_path)
        assert 0 == result.returncode, result.stderr
        assert "[fr] lettres écrites / letters written: 3 (sur / of 4)" in result.stdout
        assert "[nl] lettres écrites / letters written: 2 (sur / of 2)" in result.stdout
        letter = sorted((tmp_path / "out" / "fr").glob("*.txt"))[0].read_text(encoding="utf-8")
        assert "1030 Schaerbeek" in letter

    def test_a_sheet_without_lang_is_refused_with_a_clear_message(self, tmp_path: Path) -> None:
        """No ``lang`` column nor --lang: exit 1, what to do in FR and EN, nothing written."""
        sheet = tmp_path / "no-lang.csv"
        sheet.write_text("tenant;tenant_address;defects\n"
                         "Aïcha Benali;Rue de Brabant 112, 1030 Schaerbeek;Humidité\n",
                         encoding="utf-8")
        result = run_example("collective_letters.py", "--sheet", str(sheet), "--out", "out",
                             cwd=tmp_path)
        assert 1 == result.returncode
        assert "Traceback" not in result.stderr
        assert "pas de colonne « lang »" in result.stderr
        assert 'no "lang" column' in result.stderr
        assert "--lang" in result.stderr
        assert "Aïcha" not in result.stderr  # no personal data in errors
        assert not (tmp_path / "out").exists()

    def test_a_sheet_without_lang_is_written_in_the_language_given(self, tmp_path: Path) -> None:
        """``--lang nl`` gives every row of a sheet without ``lang`` a Dutch letter."""
        sheet = tmp_path / "no-lang.csv"
        sheet.write_text("tenant,tenant_address,defects\n"
                         'Jan Peeters,"Brabantstraat 112, 1030 Schaarbeek",Verwarming\n',
                         encoding="utf-8")
        result = run_example("collective_letters.py", "--sheet", str(sheet), "--lang", "nl",
                             "--format", "txt", "--out", "out", cwd=tmp_path)
        assert 0 == result.returncode, result.stderr
        assert "[nl] lettres écrites / letters written: 1 (sur / of 1)" in result.stdout
        assert not (tmp_path / "out" / "fr").exists()

    def test_a_row_in_another_language_is_reported_by_line(self, tmp_path: Path) -> None:
        """A ``lang`` that is neither fr nor nl is named with its line and gets no letter."""
        sheet = tmp_path / "langs.csv"
        sheet.write_text("tenant;tenant_address;lang;defects\n"
                         "A B;Rue X 1, 1030 Schaerbeek;fr;Humidité\n"
                         "C D;Rue X 2, 1030 Schaerbeek;en;Leak\n",
                         encoding="utf-8")
        result = run_example("collective_letters.py", "--sheet", str(sheet), "--format", "txt",
                             "--out", "out", cwd=tmp_path)
        assert 0 == result.returncode, result.stderr
        assert "ligne / line 3: pas de lettre / no letter — lang en" in result.stdout
        assert "Total: 1" in result.stdout

    @pytest.mark.parametrize(
        ("content", "expected"),
        [
            (None, "file not found"),
            (b"", "empty file"),
            (b"\xff\xfetenant;lang\n\xe9;fr\n", "not UTF-8"),
        ],
    )
    def test_an_unusable_sheet_exits_1_without_traceback(
        self, tmp_path: Path, content: bytes | None, expected: str
    ) -> None:
        """A missing, empty or non-UTF-8 sheet is refused with a message, exit 1."""
        sheet = tmp_path / "sheet.csv"
        if content is not None:
            sheet.write_bytes(content)
        result = run_example("collective_letters.py", "--sheet", str(sheet), "--out", "out",
                             cwd=tmp_path)
        assert 1 == result.returncode
        assert "Traceback" not in result.stderr
        assert expected in result.stderr


@pytest.mark.parametrize("name", ["partner_app.py", "morning_report.py", "collective_letters.py"])
def test_each_example_explains_how_to_run_it(name: str) -> None:
    """It starts with a docstring that shows the command to run."""
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    assert text.startswith('"""')
    assert f"python examples/{name}" in text
