"""Batch letters for collectives: CSV and XLSX rows, invalid rows, a combined DOCX, flat memory."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import textwrap
import zipfile
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest

from clss_housing.casebook import Casebook
from clss_housing.documents.batch import read_rows, render_batch
from clss_housing.errors import NotFoundError, ValidationError

from .conftest import docx_text, style_name


HEADER = ["tenant", "tenant_address", "landlord", "landlord_address", "lease_start"]
AS_OF = date(2026, 3, 2)


def member(index: int) -> list[str]:
    return [f"Membre {index} Zoë & Fils", f"Rue Royale {index}, 1030 Schaerbeek",
            "SA Immo <Bruxelles>", "Avenue Louise 1, 1050 Ixelles", "2024-01-01"]


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ";", bom: bool = False,
              header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=delimiter)
        out.writerow(header)
        out.writerows(rows)
    return path


class TestCsv:
    @pytest.mark.parametrize(("delimiter", "bom"), [(";", False), (",", True), ("\t", False)])
    def test_one_document_per_row(self, tmp_path: Path, delimiter: str, bom: bool) -> None:
        """It writes one letter per member, whatever the separator and BOM."""
        source = write_csv(tmp_path / "members.csv", [member(i) for i in range(3)],
                           delimiter=delimiter, bom=bom)
        report = render_batch("L10", source, lang="fr", fmt="txt", out_dir=tmp_path / "out",
                              as_of=AS_OF)
        assert report.ok
        assert 3 == report.rows == len(report.written)
        first = report.written[0].read_text(encoding="utf-8")
        assert "Membre 0 Zoë & Fils" in first
        assert "SA Immo <Bruxelles>" in first
        assert report.written[0].name == "L10-00002-Membre 0 Zoë & Fils.txt"

    def test_invalid_rows_have_line_numbers_and_reasons(self, tmp_path: Path) -> None:
        """It reports each invalid row with its line (header = 1) and reason, and goes on."""
        rows = [member(0), member(1), member(2), member(3)]
        rows[1][1] = ""  # no address
        rows[2][4] = "31/02/2024"  # no such date
        rows.insert(3, ["", "", "", "", ""])  # a blank row is skipped
        source = write_csv(tmp_path / "members.csv", rows)
        report = render_batch("L10", source, lang="nl", fmt="docx", out_dir=tmp_path / "out",
                              as_of=AS_OF)
        assert not report.ok
        assert [3, 4] == [r.line for r in report.invalid]
        assert ("tenant_address",) == report.invalid[0].missing
        assert "set.lease_start" in report.invalid[1].reason
        assert 2 == len(report.written)
        assert [2, 6] == sorted(int(p.name.split("-")[1]) for p in report.written)

    def test_mapping_renames_columns(self, tmp_path: Path) -> None:
        """It maps spreadsheet columns to facts."""
        header = ["Nom", "Adresse", "landlord", "landlord_address", "Début du bail"]
        source = write_csv(tmp_path / "m.csv", [member(1)], header=header)
        report = render_batch("L10", source, lang="fr", fmt="md", out_dir=tmp_path / "out",
                              mapping={"Nom": "tenant", "Adresse": "tenant_address",
                                       "Début du bail": "lease_start"}, as_of=AS_OF)
        assert report.ok, report.invalid

    def test_rows_can_name_cases(self, tmp_path: Path) -> None:
        """It reads the facts a case records and the row's own facts together."""
        book = Casebook.open("memory:")
        case = book.open_case(tenant="Jan Peeters", landlord="M. Janssens",
                              address="Koningsstraat 2, 1210 Sint-Joost-ten-Node",
                              rent=__import__("clss_housing.money").money.Money(78000),
                              lang="nl", date=date(2025, 1, 1))
        source = tmp_path / "cases.csv"
        source.write_text(f"case;guarantee_amount\n{case};1560\nnope;1200\n", encoding="utf-8")
        report = render_batch("L16", source, lang="nl", fmt="txt", out_dir=tmp_path / "out",
                              casebook=book, as_of=AS_OF)
        assert 1 == len(report.written)
        assert "Jan Peeters" in report.written[0].read_text(encoding="utf-8")
        assert [3] == [r.line for r in report.invalid]
        with pytest.raises(NotFoundError):
            book.load("nope")

    def test_progress(self, tmp_path: Path) -> None:
        """It reports progress after every row, with the number of rows."""
        source = write_csv(tmp_path / "m.csv", [member(i) for i in range(4)])
        seen: list[tuple[int, int | None]] = []
        render_batch("L10", source, lang="fr", fmt="txt", out_dir=tmp_path / "out",
                     progress=lambda done, total: seen.append((done, total)), as_of=AS_OF)
        assert [(1, 4), (2, 4), (3, 4), (4, 4)] == seen

    def test_refuses_other_files(self, tmp_path: Path) -> None:
        """It refuses a file that is neither CSV nor XLSX."""
        (tmp_path / "m.pdf").write_bytes(b"%PDF")
        with pytest.raises(ValidationError):
            render_batch("L10", tmp_path / "m.pdf", lang="fr", out_dir=tmp_path / "out")


class TestCombined:
    def test_combined_docx_has_every_letter(self, tmp_path: Path) -> None:
        """It writes one DOCX with every letter, each starting on a new page."""
        source = write_csv(tmp_path / "m.csv", [member(i) for i in range(3)])
        report = render_batch("L10", source, lang="fr", fmt="txt", out_dir=tmp_path / "out",
                              as_of=AS_OF)
        assert report.combined is not None
        assert "L10-fr-combined.docx" == report.combined.name
        data = report.combined.read_bytes()
        text = docx_text(data)
        for index in range(3):
            assert f"Membre {index} Zoë & Fils" in text
        xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        assert 2 == xml.count("<w:pageBreakBefore/>")
        paragraphs = docx.Document(io.BytesIO(data)).paragraphs
        assert 3 == sum(style_name(p) == "Subject" for p in paragraphs)

    def test_no_combined_without_valid_rows(self, tmp_path: Path) -> None:
        """It writes no combined document when no row was valid."""
        source = write_csv(tmp_path / "m.csv", [["", "", "", "", ""], ["x", "", "", "", ""]])
        report = render_batch("L10", source, lang="fr", out_dir=tmp_path / "out", as_of=AS_OF)
        assert report.combined is None
        assert [3] == [r.line for r in report.invalid]


class TestXlsx:
    def test_reads_typed_cells(self, tmp_path: Path) -> None:
        """It reads an XLSX sheet with real dates and numbers as facts."""
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["Tenant", "tenant_address", "guarantee_amount", "new_lease_start"])
        sheet.append(["Aïcha", "Rue X 1, 1030 Schaerbeek", 1600.5, date(2026, 4, 1)])
        sheet.append(["Jan", "Rue Y 2, 1000 Bruxelles", "abc", None])
        book.save(tmp_path / "m.xlsx")
        report = render_batch("L16", tmp_path / "m.xlsx", lang="fr", fmt="txt",
                              out_dir=tmp_path / "out", as_of=AS_OF)
        assert 1 == len(report.written)
        text = report.written[0].read_text(encoding="utf-8")
        assert "1\u202f600,50\xa0€" in text
        assert "1er avril 2026" in text
        assert [3] == [r.line for r in report.invalid]
        assert "set.guarantee_amount" in report.invalid[0].reason

    def test_read_rows_streams(self, tmp_path: Path) -> None:
        """It yields rows lazily with lowered column names."""
        source = write_csv(tmp_path / "m.csv", [member(1)])
        rows, total = read_rows(source)
        assert 1 == total
        line, row = next(iter(rows))
        assert 2 == line
        assert "Membre 1 Zoë & Fils" == row["tenant"]


class TestMemory:
    def test_memory_stays_flat(self, tmp_path: Path) -> None:
        """It uses about as much memory for 1,200 members as for 300 (documents are not kept).

        Measured in a fresh interpreter, so that what earlier tests left in the process
        (caches, imports, uncollected garbage) cannot tilt the comparison either way.
        """
        small = write_csv(tmp_path / "small.csv", [member(i) for i in range(300)])
        large = write_csv(tmp_path / "large.csv", [member(i) for i in range(1200)])
        script = textwrap.dedent(f"""
            import json, tracemalloc
            from datetime import date
            from pathlib import Path
            from clss_housing.documents.batch import render_batch
            tmp = Path({str(tmp_path)!r})
            as_of = date.fromisoformat({AS_OF.isoformat()!r})
            # Build the DOCX skeleton and compile the template once, outside the measure.
            render_batch("L10", tmp / "small.csv", lang="fr", fmt="docx", out_dir=tmp / "warm",
                         as_of=as_of)
            def peak(name, out):
                tracemalloc.start()
                try:
                    report = render_batch("L10", tmp / name, lang="fr", fmt="docx",
                                          out_dir=tmp / out, as_of=as_of)
                    assert report.ok
                    return tracemalloc.get_traced_memory()[1]
                finally:
                    tracemalloc.stop()
            print(json.dumps([peak("small.csv", "a"), peak("large.csv", "b")]))
        """)
        assert small.exists()
        assert large.exists()
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              check=False, timeout=300)
        assert 0 == done.returncode, done.stderr[-2000:]
        small_peak, large_peak = json.loads(done.stdout.strip().splitlines()[-1])
        assert large_peak < small_peak * 1.5 + 512 * 1024, (small_peak, large_peak)


class TestRowLanguage:
    """Each row's ``lang`` column chooses its letter's language."""

    def test_lang_column(self, tmp_path: Path) -> None:
        """fr, NL, empty (--lang) and an unknown language (invalid row, line named)."""
        rows = [[*member(i), code] for i, code in enumerate(["fr", " NL ", "", "de"])]
        source = write_csv(tmp_path / "m.csv", rows, header=[*HEADER, "lang"])
        report = render_batch("L10", source, lang="fr", fmt="txt", out_dir=tmp_path / "out",
                              as_of=AS_OF)
        assert [5] == [r.line for r in report.invalid]
        assert "de" in report.invalid[0].reason
        texts = [p.read_text(encoding="utf-8") for p in report.written]
        assert [True, False, True] == ["Madame, Monsieur" in t for t in texts]
        assert "Geachte mevrouw, geachte heer" in texts[1]
        assert {"fr", "nl"} == set(report.combined_by_lang)
        assert "L10-nl-combined.docx" == report.combined_by_lang["nl"].name
        combined_nl = docx_text(report.combined_by_lang["nl"].read_bytes())
        assert "Membre 1" in combined_nl
        assert "Membre 0" not in combined_nl
        assert report.combined == report.combined_by_lang["fr"]
        assert {"fr", "nl"} == set(report.to_json()["combined_by_lang"])
