"""Tests of ``clss-housing letter list|render|batch`` and ``clss-housing summary``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import Result
from openpyxl import Workbook

from clss_housing.casebook import Casebook
from clss_housing.testing.samples import SAMPLE_DATE, build_sample_cases, sample_values


Run = Callable[..., Result]

TENANT = "Aïcha El Idrissi-Dupont"
HEALTH = "hospitalisation en décembre"
AS_OF = SAMPLE_DATE.isoformat()
SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def cases(db_url: str) -> dict[str, str]:
    """The sample households in the test's ledger; their case ids by name."""
    book = Casebook.open(db_url)
    try:
        return build_sample_cases(book)
    finally:
        book.close()


def sets(letter_id: str, lang: str = "fr") -> list[str]:
    """The ``--set`` options a worker would type for ``letter_id``."""
    out: list[str] = []
    for key, value in sample_values(letter_id, lang).items():
        out += ["--set", f"{key}={value}"]
    return out


def docx_text(path: Path) -> str:
    """Every paragraph and table cell of a DOCX file."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for tbl in document.tables:
        parts += [cell.text for row in tbl.rows for cell in row.cells]
    return "\n".join(parts)


class TestLetterList:
    """``letter list``."""

    def test_json_shape(self, run: Run) -> None:
        """It lists every letter with its id, title, addressee, languages and typed needs."""
        result = run("letter", "list", "--json")
        assert 0 == result.exit_code, result.output
        letters = json.loads(result.stdout)
        assert 14 <= len(letters)
        ids = [item["id"] for item in letters]
        assert {"L1", "L2", "L3", "L5", "L7", "L16", "referral"} <= set(ids)
        for item in letters:
            assert {"id", "title", "addressee", "languages", "needs"} <= set(item)
            assert {"fr", "nl"} <= set(item["languages"])
            for need in item["needs"]:
                assert {"name", "type"} == set(need)
                assert need["type"] in ("date", "amount", "int", "text")
        l3 = next(item for item in letters if item["id"] == "L3")
        assert ["landlord_address", "court"] == [n["name"] for n in l3["needs"]]

    def test_table(self, run: Run) -> None:
        """It shows a table of the letters without touching any database."""
        result = run("letter", "list")
        assert 0 == result.exit_code
        assert "L14" in result.stdout
        assert "landlord_address" in result.stdout


class TestLetterRender:
    """``letter render``."""

    @pytest.mark.parametrize("fmt", ["docx", "txt", "html", "md"])
    def test_each_format(
        self, run: Run, cases: dict[str, str], tmp_path: Path, fmt: str
    ) -> None:
        """It writes the letter in the format asked, with the tenant's name intact."""
        out = tmp_path / f"l1.{fmt}"
        result = run("letter", "render", "L1", "--case", cases["arrears"], "--lang", "fr",
                     "--format", fmt, "--out", str(out), "--as-of", AS_OF, *sets("L1"))
        assert 0 == result.exit_code, result.output
        assert str(out) in result.stdout
        text = docx_text(out) if fmt == "docx" else out.read_text(encoding="utf-8")
        assert TENANT in text
        assert "Chaussée de Haecht 300" in text

    def test_dutch_docx(self, run: Run, cases: dict[str, str], tmp_path: Path) -> None:
        """It writes a Dutch letter for a Dutch case."""
        out = tmp_path / "l7.docx"
        result = run("letter", "render", "L7", "--case", cases["eviction"], "--lang", "nl",
                     "--format", "docx", "--out", str(out), "--as-of", AS_OF,
                     *sets("L7", "nl"))
        assert 0 == result.exit_code, result.output
        assert "Jan Peeters" in docx_text(out)

    def test_missing_facts(self, run: Run, cases: dict[str, str], tmp_path: Path) -> None:
        """It refuses with exit 1, names every missing fact and writes no file."""
        out = tmp_path / "l1.docx"
        result = run("letter", "render", "L1", "--case", cases["arrears"], "--lang", "fr",
                     "--format", "docx", "--out", str(out), "--as-of", AS_OF)
        assert 1 == result.exit_code
        assert ["ledger.db", "ledger.db.key", "ledger.db.keys"] == sorted(
            p.name for p in tmp_path.iterdir()
        )
        assert "3 facts are missing; nothing was written" in result.stderr
        for name in ("landlord_address", "instalment", "first_due"):
            assert name in result.stderr.splitlines()[-1]
        assert "--set landlord_address=TEXT" in result.stderr
        assert "--set first_due=DATE" in result.stderr

    def test_set_never_overrides_ledger(
        self, run: Run, cases: dict[str, str], tmp_path: Path
    ) -> None:
        """It keeps the ledger's tenant over --set tenant=… and warns that it did."""
        out = tmp_path / "l1.txt"
        result = run("letter", "render", "L1", "--case", cases["arrears"], "--lang", "fr",
                     "--format", "txt", "--out", str(out), "--as-of", AS_OF, *sets("L1"),
                     "--set", "tenant=Someone Else")
        assert 0 == result.exit_code, result.output
        assert "Warning: --set tenant not used" in result.stderr
        text = out.read_text(encoding="utf-8")
        assert (True, False) == (TENANT in text, "Someone Else" in text)

    @pytest.mark.parametrize(
        ("option", "value"),
        [("letter", "L99"), ("--lang", "de"), ("--format", "pdf"), ("--as-of", "2026-13-01"),
         ("--case", "no-such-case"), ("--set", "no equals sign"), ("--set", "nofact=1")],
    )
    def test_refusals(
        self, run: Run, cases: dict[str, str], tmp_path: Path, option: str, value: str
    ) -> None:
        """It refuses a bad value of a known argument with exit 1 (not 2) and writes nothing."""
        args = {"letter": "L1", "--case": cases["arrears"], "--lang": "fr", "--format": "txt",
                "--as-of": AS_OF}
        extra: list[str] = []
        if option == "--set":
            extra = ["--set", value]
        else:
            args[option] = value
        out = tmp_path / "x.txt"
        result = run("letter", "render", args.pop("letter"),
                     *[part for pair in args.items() for part in pair],
                     "--out", str(out), *sets("L1"), *extra)
        assert 1 == result.exit_code, result.output
        assert result.stderr.startswith("Error:")
        assert not out.exists()

    def test_missing_option_is_usage(self, run: Run, cases: dict[str, str]) -> None:
        """It keeps exit 2 for a required option left out."""
        result = run("letter", "render", "L1", "--case", cases["arrears"], "--lang", "fr")
        assert 2 == result.exit_code


class TestLetterBatch:
    """``letter batch``."""

    HEADER = "tenant;tenant_address;guarantee_amount;new_address\n"

    def test_one_invalid_row(self, run: Run, tmp_path: Path) -> None:
        """It writes the valid rows, lists the invalid one by line and exits 1."""
        members = tmp_path / "members.csv"
        members.write_text(
            self.HEADER
            + "Aïcha;Rue X 1, 1030 Schaerbeek;1600;Rue Y 2\n"
            + "Jan;Koningsstraat 2, 1210 Sint-Joost-ten-Node;;Rue Z 3\n"
            + "../../etc/passwd;Rue W 4, 1030 Schaerbeek;1200;Rue V 5\n",
            encoding="utf-8",
        )
        out = tmp_path / "out"
        result = run("letter", "batch", "L16", "--csv", str(members), "--lang", "fr",
                     "--out", str(out), "--format", "txt", "--as-of", AS_OF)
        assert 1 == result.exit_code, result.output
        assert "line 3:" in result.stderr
        assert "guarantee_amount" in result.stderr
        written = sorted(p.name for p in out.iterdir())
        assert 3 == len(written)
        assert "L16-fr-combined.docx" in written
        assert all(p.resolve().parent == out.resolve() for p in out.iterdir())
        assert [] == list(tmp_path.glob("etc*"))
        texts = [p.read_text(encoding="utf-8") for p in out.glob("*.txt")]
        assert any("Aïcha" in t for t in texts)

    def test_json_report(self, run: Run, tmp_path: Path) -> None:
        """It prints the report as JSON, the invalid rows with their line numbers."""
        members = tmp_path / "members.csv"
        members.write_text(self.HEADER + "Jan;Rue 1;;Rue 2\n", encoding="utf-8")
        result = run("letter", "batch", "L16", "--csv", str(members), "--lang", "nl",
                     "--out", str(tmp_path / "out"), "--json")
        assert 1 == result.exit_code
        report = json.loads(result.stdout)
        assert ([], 2) == (report["written"], report["invalid"][0]["line"])

    def test_xlsx(self, run: Run, tmp_path: Path) -> None:
        """It reads an XLSX file too (through --xlsx) and writes DOCX by default."""
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["Tenant", "Tenant address", "Guarantee amount", "New address"])
        sheet.append(["Jan De Smedt", "Rue 1, 1030 Schaerbeek", 1500, "Rue 2"])
        sheet.append(["Sofie Van Acker", "Rue 3, 1030 Schaerbeek", 1300, "Rue 4"])
        source = tmp_path / "members.xlsx"
        book.save(source)
        out = tmp_path / "out"
        result = run("letter", "batch", "L16", "--xlsx", str(source), "--lang", "nl",
                     "--out", str(out), "--as-of", AS_OF)
        assert 0 == result.exit_code, result.output
        assert "Wrote 2 letters" in result.stdout
        assert "Sofie Van Acker" in docx_text(out / "L16-nl-combined.docx")

    def test_bad_lang(self, run: Run, tmp_path: Path) -> None:
        """It refuses a bad language with exit 1 before writing anything."""
        members = tmp_path / "members.csv"
        members.write_text(self.HEADER, encoding="utf-8")
        out = tmp_path / "out"
        result = run("letter", "batch", "L16", "--csv", str(members), "--lang", "en",
                     "--out", str(out))
        assert (1, False) == (result.exit_code, out.exists())


class TestSummary:
    """``summary CASE --for PARTNER``."""

    @pytest.mark.parametrize("fmt", ["md", "html", "docx"])
    def test_partner_without_consent(
        self, run: Run, cases: dict[str, str], tmp_path: Path, fmt: str
    ) -> None:
        """It leaves a health note out for the CPAS (consent: finance only) and counts it."""
        out = tmp_path / f"cpas.{fmt}"
        result = run("summary", cases["arrears"], "--for", "cpas", "--format", fmt,
                     "--out", str(out), "--as-of", AS_OF)
        assert 0 == result.exit_code, result.output
        text = docx_text(out) if fmt == "docx" else out.read_text(encoding="utf-8")
        assert HEALTH not in text
        assert "1 note non affichée" in text
        assert TENANT in text
        assert "Not shown to cpas" in result.stdout
        assert "1 note not shown" in result.stdout

    def test_lead_sees_everything(
        self, run: Run, cases: dict[str, str], tmp_path: Path
    ) -> None:
        """It shows the health note to the lead worker."""
        out = tmp_path / "lead.md"
        result = run("summary", cases["arrears"], "--for", "lead", "--format", "md",
                     "--out", str(out), "--as-of", AS_OF)
        assert 0 == result.exit_code, result.output
        assert HEALTH in out.read_text(encoding="utf-8")
        assert "not shown" not in result.stdout

    @pytest.mark.parametrize(("option", "value"), [("--format", "txt"), ("--for", " ")])
    def test_refusals(
        self, run: Run, cases: dict[str, str], tmp_path: Path, option: str, value: str
    ) -> None:
        """It refuses a bad format or an empty partner with exit 1 and writes nothing."""
        args = {"--for": "cpas", "--format": "md", option: value}
        out = tmp_path / "s.md"
        result = run("summary", cases["arrears"], *[p for pair in args.items() for p in pair],
                     "--out", str(out))
        assert (1, False) == (result.exit_code, out.exists())


class TestSubprocess:
    """The real ``clss-housing`` process."""

    def test_letter_list(self, tmp_path: Path) -> None:
        """It lists the letters as JSON from a real process, with exit 0."""
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        env.pop("CLSS_HOUSING_DB", None)
        done = subprocess.run(
            [sys.executable, "-m", "clss_housing", "--db", f"sqlite:///{tmp_path}/x.db",
             "letter", "list", "--json"],
            capture_output=True, env=env, check=False, timeout=120,
        )
        assert 0 == done.returncode, done.stderr.decode()
        assert "L1" == json.loads(done.stdout.decode("utf-8"))[0]["id"]
        assert not (tmp_path / "x.db").exists()


class TestPartnerPlugins:
    """Installed partner plugins show in ``letter list`` and lend their letterhead."""

    @pytest.fixture(autouse=True)
    def _needs_uls(self) -> None:
        pytest.importorskip(
            "clss_housing_uls",
            reason="the ULS plugin is not installed (pip install ./plugins/uls)",
        )

    def test_plugin_letters_are_listed(self, run: Run) -> None:
        """It lists the letters an installed plugin contributes beside the core ones."""
        result = run("letter", "list", "--json")
        assert 0 == result.exit_code, result.output
        ids = {item["id"] for item in json.loads(result.stdout)}
        assert {"uls-repairs", "uls-joint", "L1"} <= ids

    def test_letterhead_of_a_partner(
        self, run: Run, cases: dict[str, str], tmp_path: Path
    ) -> None:
        """It prints the partner's letterhead at the top of the letter."""
        out = tmp_path / "l2.txt"
        result = run("letter", "render", "L2", "--case", cases["arrears"], "--lang", "fr",
                     "--format", "txt", "--out", str(out), "--letterhead", "ul-schaerbeek",
                     *sets("L2"))
        assert 0 == result.exit_code, result.output
        assert "Union des Locataires de Schaerbeek" in out.read_text(encoding="utf-8")

    def test_unknown_partner_is_refused(
        self, run: Run, cases: dict[str, str], tmp_path: Path
    ) -> None:
        """It exits 1 naming the option and writes nothing for a partner no plugin provides."""
        out = tmp_path / "l2.txt"
        result = run("letter", "render", "L2", "--case", cases["arrears"], "--lang", "fr",
                     "--format", "txt", "--out", str(out), "--letterhead", "nobody",
                     *sets("L2"))
        assert 1 == result.exit_code
        assert "--letterhead" in result.stderr
        assert not out.exists()
