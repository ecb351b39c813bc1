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

The sheet may be separated by ``;`` (French-language Excel), ``,`` or tabs.  A
sheet without a ``lang`` column needs ``--lang fr`` or ``--lang nl`` (the
language of every row that has none); a row whose language is neither ``fr``
nor ``nl`` is reported with its line number and gets no letter.

Exit code 0 when the letters were written (even if some lines were incomplete:
read the report); 1 when the sheet cannot be used (missing, unreadable, empty,
no ``lang`` column without ``--lang``), with a message saying what to fix.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from clss_housing import ClssHousingError
from clss_housing.documents import BatchReport, render_batch


__all__ = ["DATA", "LANGUAGES", "SheetError", "collective_letters", "main", "make_xlsx",
           "read_sheet"]

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


class SheetError(Exception):
    """The sheet cannot be used as it is; the message (French / English) says what to fix."""


#: The languages letter L12 is written in.
LANGUAGES = ("fr", "nl")


def read_sheet(sheet: Path) -> list[list[str]]:
    """
    Read every row of a CSV (``;``, ``,`` or tab separated, UTF-8) or XLSX sheet.

    The CSV separator is the one the header line uses most, as ``clss-housing
    letter batch`` does.

    Raises:
        SheetError: the file is missing, unreadable or empty.
    """
    if not sheet.is_file():
        raise SheetError(f"fichier introuvable / file not found: {sheet}")
    try:
        if sheet.suffix.lower() in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook

            book = load_workbook(sheet, read_only=True, data_only=True)
            try:
                active = book.active
                rows = [] if active is None else [
                    ["" if c is None else str(c) for c in row]
                    for row in active.iter_rows(values_only=True)]
            finally:
                book.close()
        else:
            with sheet.open(encoding="utf-8-sig", newline="") as handle:
                text = handle.read()
            first = text.split("\n", 1)[0]
            delimiter = max((";", ",", "\t"), key=first.count)
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except UnicodeDecodeError:
        raise SheetError(f"{sheet}: le fichier n'est pas en UTF-8 (enregistrez-le en "
                         "« CSV UTF-8 ») / the file is not UTF-8 "
                         "(save it as \"CSV UTF-8\")") from None
    except (OSError, ValueError, KeyError, csv.Error) as error:
        raise SheetError(f"{sheet}: illisible / cannot be read ({type(error).__name__})") from None
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise SheetError(f"{sheet}: fichier vide / empty file")
    return rows


def _split_by_language(
    sheet: Path, folder: Path, default_lang: str | None = None
) -> tuple[dict[str, tuple[Path, list[int]]], list[tuple[int, str]]]:
    """
    One CSV per language (``lang`` column, else *default_lang*), with each member's line.

    Returns:
        For each language, its CSV and the line in *sheet* of each of its rows; and
        the lines left out, with the reason (a language other than ``fr`` or ``nl``).

    Raises:
        SheetError: no ``lang`` column and no default language.
    """
    rows = read_sheet(sheet)
    header, body = rows[0], rows[1:]
    names = [h.strip().lower() for h in header]
    column = names.index("lang") if "lang" in names else None
    if column is None and default_lang is None:
        raise SheetError(
            f"{sheet}: pas de colonne « lang » (fr ou nl) ; ajoutez-la ou donnez --lang fr|nl "
            f"/ no \"lang\" column (fr or nl); add one or give --lang fr|nl. "
            f"Colonnes / columns: {', '.join(h.strip() for h in header)}")
    by_lang: dict[str, list[int]] = {lang: [] for lang in LANGUAGES}
    skipped: list[tuple[int, str]] = []
    for n, row in enumerate(body, start=2):
        value = row[column].strip().lower() if column is not None and len(row) > column else ""
        lang = value or default_lang or ""
        if lang in by_lang:
            by_lang[lang].append(n)
        else:
            shown = value or "(vide / empty)"
            skipped.append((n, f"lang {shown}: fr ou nl / fr or nl"))
    out: dict[str, tuple[Path, list[int]]] = {}
    keep = [i for i in range(len(header)) if i != column]
    for lang, lines in by_lang.items():
        if not lines:
            continue
        path = folder / f"members-{lang}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow([header[i] for i in keep])
            for n in lines:
                row = body[n - 2]
                writer.writerow([row[i] if i < len(row) else "" for i in keep])
        out[lang] = (path, lines)
    return out, skipped


def collective_letters(
    sheet: Path, out_dir: Path, *, fmt: str = "docx", as_of: date | None = None,
    default_lang: str | None = None,
) -> tuple[dict[str, tuple[BatchReport, list[int]]], list[tuple[int, str]]]:
    """
    Write letter L12 for every household of *sheet*, in each household's language.

    Args:
        sheet: the CSV or XLSX file (columns ``tenant``, ``tenant_address``, ``lang``, ``defects``).
        out_dir: where the letters go (``fr/`` and ``nl/`` inside).
        fmt: the format of each letter (``docx``, ``txt``, ``html``, ``md``).
        as_of: the letters' date (today by default).
        default_lang: the language of rows without one (and of every row when the
            sheet has no ``lang`` column).

    Returns:
        For each language, the batch report and the line in *sheet* of each of
        its rows (the report's line ``n`` is the sheet's ``lines[n - 2]``); and the
        lines of *sheet* given no letter because of their language, with the reason.

    Raises:
        SheetError: the sheet cannot be read or has no ``lang`` column (and no default).
        ClssHousingError: the batch refused the rows (e.g. an unreadable split file).
    """
    common = {"landlord": LANDLORD, "landlord_address": LANDLORD_ADDRESS}
    reports: dict[str, tuple[BatchReport, list[int]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        split, skipped = _split_by_language(sheet, Path(tmp), default_lang)
        for lang, (members, lines) in split.items():
            report = render_batch("L12", members, lang=lang, fmt=fmt,
                                  out_dir=out_dir / lang, values=common, as_of=as_of)
            reports[lang] = (report, lines)
    return reports, skipped


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options, make the XLSX copy if absent, write the letters and the report."""
    parser = argparse.ArgumentParser(description="Lettres collectives / Collective letters")
    parser.add_argument("--sheet", type=Path, default=DATA, help="the CSV or XLSX of the building")
    parser.add_argument("--out", type=Path, default=Path("lettres-collectives"),
                        help="output folder (default ./lettres-collectives)")
    parser.add_argument("--format", default="docx", choices=("docx", "txt", "html", "md"))
    parser.add_argument("--lang", choices=LANGUAGES,
                        help="language of the rows without one (needed if the sheet has no "
                             "lang column)")
    parser.add_argument("--db", help="not used: the spreadsheet carries every fact")
    args = parser.parse_args(argv)
    xlsx = DATA.with_suffix(".xlsx")
    if not xlsx.exists():
        try:
            make_xlsx(DATA, xlsx)
            print(f"Copie Excel créée / Excel copy made: {xlsx}")
        except OSError:
            pass  # a read-only checkout: the CSV is enough
    try:
        reports, skipped = collective_letters(args.sheet, args.out, fmt=args.format,
                                              default_lang=args.lang)
    except (SheetError, ClssHousingError) as error:
        print(f"Erreur / Error: {error}", file=sys.stderr)
        return 1
    total = 0
    for line, reason in skipped:
        print(f"ligne / line {line}: pas de lettre / no letter — {reason}")
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
