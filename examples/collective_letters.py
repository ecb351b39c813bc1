"""
Lettres collectives / Collective letters: one letter per household of a building.

Pour qui / Who it is for: a tenant collective (or the union supporting it)
asking the landlord of a building to carry out repairs — every household sends
its own formal notice (letter ``L12``, *mise en demeure d'effectuer des
réparations* / *ingebrekestelling om herstellingen uit te voeren*), with its
own defects, on the same day.

Le tableau / The spreadsheet: ``examples/data/immeuble-rue-de-brabant.csv``
(open it in LibreOffice or Excel).  One line per household: ``tenant``,
``tenant_address``, ``lang`` (``fr`` or ``nl``) and ``defects``.  The landlord
and its address are the same for everyone and are given on the command line.
An ``.xlsx`` copy is made next to it the first time, to show that both work.

Comment l'utiliser / How to run it (from the project folder)::

    python examples/collective_letters.py
    python examples/collective_letters.py --out lettres \
        --sheet examples/data/immeuble-rue-de-brabant.xlsx
    python examples/collective_letters.py --format txt

The letters go to ``./lettres-collectives/fr`` and ``./lettres-collectives/nl``
(one file per household, plus one combined DOCX per language to print in one
go).  A line that lacks a fact (here, a household without defects listed) is
reported with its line number and gets no letter; the others are written.

Exit code 0 when the letters were written (even if some lines were incomplete:
read the report).
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from clss_housing.documents import BatchReport, render_batch


__all__ = ["DATA", "collective_letters", "main", "make_xlsx"]

#: The sample building's spreadsheet.
DATA = Path(__file__).resolve().parent / "data" / "immeuble-rue-de-brabant.csv"

LANDLORD = "SA Immo Brabant"
LANDLORD_ADDRESS = "Avenue Louise 500, 1050 Ixelles"


def make_xlsx(csv_path: Path, xlsx_path: Path) -> Path:
    """
    Copy a ``;``-separated CSV into a one-sheet XLSX (with openpyxl).

    Args:
        csv_path: the CSV file (UTF-8).
        xlsx_path: the workbook to write.

    Returns:
        ``xlsx_path``.
    """
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle, delimiter=";"):
            sheet.append(row)
    workbook.save(xlsx_path)
    return xlsx_path


def _split_by_language(sheet: Path, folder: Path) -> dict[str, tuple[Path, list[int]]]:
    """One CSV per language (``lang`` column), with each member's line in *sheet*."""
    if sheet.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(sheet, read_only=True)
        active = book.active
        assert active is not None
        rows = [["" if c is None else str(c) for c in row]
                for row in active.iter_rows(values_only=True)]
        book.close()
    else:
        with sheet.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle, delimiter=";"))
    header, body = rows[0], rows[1:]
    column = [h.strip().lower() for h in header].index("lang")
    out: dict[str, tuple[Path, list[int]]] = {}
    for lang in ("fr", "nl"):
        lines = [n for n, r in enumerate(body, start=2)
                 if len(r) > column and r[column].strip().lower() == lang]
        members = [body[n - 2] for n in lines]
        if not members:
            continue
        path = folder / f"members-{lang}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow([h for i, h in enumerate(header) if i != column])
            writer.writerows([[c for i, c in enumerate(r) if i != column] for r in members])
        out[lang] = (path, lines)
    return out


def collective_letters(sheet: Path, out_dir: Path, *, fmt: str = "docx",
                       as_of: date | None = None) -> dict[str, tuple[BatchReport, list[int]]]:
    """
    Write letter L12 for every household of *sheet*, in each household's language.

    Args:
        sheet: the CSV or XLSX file (columns ``tenant``, ``tenant_address``, ``lang``, ``defects``).
        out_dir: where the letters go (``fr/`` and ``nl/`` inside).
        fmt: the format of each letter (``docx``, ``txt``, ``html``, ``md``).
        as_of: the letters' date (today by default).

    Returns:
        For each language, the batch report and the line in *sheet* of each of
        its rows (the report's line ``n`` is the sheet's ``lines[n - 2]``).
    """
    common = {"landlord": LANDLORD, "landlord_address": LANDLORD_ADDRESS}
    reports: dict[str, tuple[BatchReport, list[int]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for lang, (members, lines) in _split_by_language(sheet, Path(tmp)).items():
            report = render_batch("L12", members, lang=lang, fmt=fmt,
                                  out_dir=out_dir / lang, values=common, as_of=as_of)
            reports[lang] = (report, lines)
    return reports


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options, make the XLSX copy if absent, write the letters and the report."""
    parser = argparse.ArgumentParser(description="Lettres collectives / Collective letters")
    parser.add_argument("--sheet", type=Path, default=DATA, help="the CSV or XLSX of the building")
    parser.add_argument("--out", type=Path, default=Path("lettres-collectives"),
                        help="output folder (default ./lettres-collectives)")
    parser.add_argument("--format", default="docx", choices=("docx", "txt", "html", "md"))
    parser.add_argument("--db", help="not used: the spreadsheet carries every fact")
    args = parser.parse_args(argv)
    xlsx = DATA.with_suffix(".xlsx")
    if not xlsx.exists():
        try:
            make_xlsx(DATA, xlsx)
            print(f"Copie Excel créée / Excel copy made: {xlsx}")
        except OSError:
            pass  # a read-only checkout: the CSV is enough
    reports = collective_letters(args.sheet, args.out, fmt=args.format)
    total = 0
    for lang, (report, lines) in reports.items():
        total += len(report.written)
        print(f"[{lang}] lettres écrites / letters written: {len(report.written)}"
              f" (sur / of {report.rows})")
        if report.combined is not None:
            print(f"[{lang}] à imprimer / to print: {report.combined}")
        for row in report.invalid:
            missing = ", ".join(row.missing) or row.reason
            print(f"[{lang}] ligne / line {lines[row.line - 2]}:"
                  f" pas de lettre / no letter — {missing}")
    print(f"Total: {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
