"""
Bank exports as they come: presets for the main Belgian banks, ``--mapping``, duplicates.

A tenant's online banking exports *every* transaction of the account, with the
bank's own column names (``Date d'exécution``, ``Uitvoeringsdatum``…), signed
amounts and, for some banks, lines before the header.  This module turns such a
file into the payments :mod:`clss_housing.importers` records:

* :data:`PRESETS` describe the layouts of BNP Paribas Fortis, KBC, Belfius, ING
  Belgium and Argenta exports, in French and Dutch where the layout was found;
  :func:`detect_preset` recognises one from its header row.  A recognised export
  needs a *counterparty* (the landlord's account number or name): only the money
  sent from the account to that counterparty becomes payments; money received
  from it, and transactions the bank refused, are listed as skipped; the other
  transactions of the account are not looked at.
* a file whose columns are named otherwise is read with a *mapping*
  (``date=Date opération``) onto the ``date``, ``amount`` and ``reference`` columns
  of the plain format, with its rules (amounts more than zero).
* :func:`skip_duplicates` leaves out payments whose date, amount and reference
  are already in the case (a file imported twice).

Every other file goes to :func:`clss_housing.importers.read_payments_csv`
unchanged.  Messages never quote a cell of the file (names, account numbers and
communications are personal data).

Where each layout comes from is said on each preset (``source``) and in
``tests/data/bank_exports/README.md``: they are the layouts as public
open-source readers of these exports reproduce them; the banks' own descriptions
of their CSV exports were not found.  The French layouts of KBC's sister bank CBC
and of Argenta were not found either (or not with certainty): give such a file a
``--mapping``.
"""

from __future__ import annotations

import csv
import io
import os
import unicodedata
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Final, Literal

import attrs

from clss_housing.errors import ValidationError
from clss_housing.importers import ImportReport, InvalidRow, parse_payments_text, read_payments_csv
from clss_housing.ledger.entries import Entry, Payment


__all__ = [
    "MAPPING_COLUMNS",
    "PRESETS",
    "BankImport",
    "BankPreset",
    "SkippedRow",
    "detect_preset",
    "parse_mapping",
    "read_payments_file",
    "skip_duplicates",
]

#: The columns a ``--mapping`` may name: the plain format's.
MAPPING_COLUMNS: Final = ("date", "amount", "reference")
#: How many lines before the header a bank may write (Belfius writes its search criteria).
_MAX_PREAMBLE: Final = 40


def _fold(text: object) -> str:
    """A header cell as compared: no BOM, quotes, accents, case or repeated spaces."""
    raw = str(text or "").replace("\ufeff", "").strip().strip('"').strip().casefold()
    decomposed = unicodedata.normalize("NFKD", raw)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@attrs.frozen
class BankPreset:
    """
    The layout of one bank's export in one language.

    Attributes:
        id: stable id (``bnp-paribas-fortis-fr``).
        bank: the bank's name.
        lang: the language of the column names (``fr`` or ``nl``).
        columns: the header row, in order, as the bank writes it.
        date: the column holding the day the transaction was made.
        amount: the signed amount column (``-750,00`` leaves the account).
        reference: the communication column(s), joined by a space.
        counterparty: the columns naming the other party (account number, name).
        refused: ``(column, value)`` pairs marking a transaction the bank refused,
            and columns that are filled only for a refused transaction (``(column, "")``).
        file_type: ``csv`` or ``xlsx``.
        date_form: how the dates are written (for the documentation).
        amount_form: how the amounts are written (for the documentation).
        source: where the layout comes from.
    """

    id: str
    bank: str
    lang: Literal["fr", "nl"]
    columns: tuple[str, ...]
    date: str
    amount: str
    reference: tuple[str, ...]
    counterparty: tuple[str, ...]
    refused: tuple[tuple[str, str], ...] = ()
    file_type: Literal["csv", "xlsx"] = "csv"
    date_form: str = "DD/MM/YYYY"
    amount_form: str = "-1.234,56"
    source: str = ""

    def used(self) -> tuple[str, ...]:
        """Every column the preset reads."""
        return (self.date, self.amount, *self.reference, *self.counterparty,
                *(column for column, _ in self.refused))

    def matches(self, header: Sequence[object]) -> bool:
        """
        The header row is this layout.

        Same number of columns, every column the preset reads, and all the others
        but one (a sign such as "Nº" may be written differently).
        """
        folded = [_fold(cell) for cell in header]
        while folded and not folded[-1]:
            folded.pop()  # a trailing separator
        if len(folded) != len(self.columns):
            return False
        present = set(folded)
        if not all(_fold(c) in present for c in self.used()):
            return False
        return sum(_fold(c) in present for c in self.columns) >= len(self.columns) - 1


_BNP_FR_SOURCE = (
    "ofxstatement plugin for BNP Paribas Fortis, Nick-DT/ofxstatement-be-bnp, "
    "src/ofxstatement/plugins/bnp.py (header list, ';', %d/%m/%Y, UTF-8 with BOM); amounts with "
    "'.' thousands and ',' decimals: bfrisque/ofxstatement-be-bnp, same path"
)
_UNNAMED = (
    "the same header in several independent public open-source readers of these exports "
    "(found by full-text search of public code; the search did not name their repositories)"
)

#: The bank layouts recognised, most specific first.
PRESETS: Final[tuple[BankPreset, ...]] = (
    BankPreset(
        id="bnp-paribas-fortis-fr", bank="BNP Paribas Fortis", lang="fr",
        columns=("Nº de séquence", "Date d'exécution", "Date valeur", "Montant",
                 "Devise du compte", "Numéro de compte", "Type de transaction", "Contrepartie",
                 "Nom de la contrepartie", "Communication", "Détails", "Statut",
                 "Motif du refus"),
        date="Date d'exécution", amount="Montant", reference=("Communication",),
        counterparty=("Contrepartie", "Nom de la contrepartie"),
        refused=(("Motif du refus", ""),),
        source=_BNP_FR_SOURCE,
    ),
    BankPreset(
        id="bnp-paribas-fortis-nl", bank="BNP Paribas Fortis", lang="nl",
        columns=("Volgnummer", "Uitvoeringsdatum", "Valutadatum", "Bedrag", "Valuta rekening",
                 "Rekeningnummer", "Type verrichting", "Tegenpartij", "Naam van de tegenpartij",
                 "Mededeling", "Details", "Status", "Reden van weigering"),
        date="Uitvoeringsdatum", amount="Bedrag", reference=("Mededeling",),
        counterparty=("Tegenpartij", "Naam van de tegenpartij"),
        refused=(("Status", "Geweigerd"), ("Reden van weigering", "")),
        source=_UNNAMED + "; status values Geaccepteerd / Geweigerd from one of them",
    ),
    BankPreset(
        id="kbc-nl", bank="KBC", lang="nl",
        columns=("Rekeningnummer", "Rubrieknaam", "Naam", "Munt", "Afschriftnummer", "Datum",
                 "Omschrijving", "Valuta", "Bedrag", "Saldo", "credit", "debet",
                 "rekeningnummer tegenpartij", "BIC tegenpartij", "Naam tegenpartij",
                 "Adres tegenpartij", "gestructureerde mededeling", "Vrije mededeling"),
        date="Datum", amount="Bedrag",
        reference=("gestructureerde mededeling", "Vrije mededeling"),
        counterparty=("rekeningnummer tegenpartij", "Naam tegenpartij"),
        source=(
            "18 columns, date in column 6, amount in 9, counterparty account and name in 13 and "
            "15: angryzor/ofxstatement-be-kbc, src/ofxstatement/plugins/kbcbe.py; the column "
            "names: a public test fixture replicating a real export (found by full-text search, "
            "repository not named), whose positions agree with that plugin"
        ),
    ),
    BankPreset(
        id="belfius-fr", bank="Belfius", lang="fr",
        columns=("Compte", "Date de comptabilisation", "Numéro d'extrait",
                 "Numéro de transaction", "Compte contrepartie", "Nom contrepartie contient",
                 "Rue et numéro", "Code postal et localité", "Transaction", "Date valeur",
                 "Montant", "Devise", "BIC", "Code pays", "Communications"),
        date="Date de comptabilisation", amount="Montant", reference=("Communications",),
        counterparty=("Compte contrepartie", "Nom contrepartie contient"),
        source=_UNNAMED + "; the search-criteria lines before the header from two of them",
    ),
    BankPreset(
        id="belfius-nl", bank="Belfius", lang="nl",
        columns=("Rekening", "Boekingsdatum", "Afschriftnummer", "Transactienummer",
                 "Rekening tegenpartij", "Naam tegenpartij bevat", "Straat en nummer",
                 "Postcode en plaats", "Transactie", "Valutadatum", "Bedrag", "Devies", "BIC",
                 "Landcode", "Mededelingen"),
        date="Boekingsdatum", amount="Bedrag", reference=("Mededelingen",),
        counterparty=("Rekening tegenpartij", "Naam tegenpartij bevat"),
        source=(
            "renardeau/ofxstatement-be-belfius, src/ofxstatement/plugins/belfius.py (header in a "
            "comment, query lines before it ending with a line starting with ';', ISO-8859-1, "
            "amounts 1.234,56)"
        ),
    ),
    BankPreset(
        id="ing-fr", bank="ING Belgique", lang="fr",
        columns=("Numéro de compte", "Nom du compte", "Compte contrepartie",
                 "Numéro de mouvement", "Date comptable", "Date valeur", "Montant", "Devise",
                 "Libellés", "Détails du mouvement", "Message"),
        date="Date comptable", amount="Montant", reference=("Message",),
        counterparty=("Compte contrepartie",),
        source=_UNNAMED,
    ),
    BankPreset(
        id="ing-nl", bank="ING België", lang="nl",
        columns=("Rekeningnummer", "Naam van de rekening", "Rekening tegenpartij",
                 "Omzetnummer", "Boekingsdatum", "Valutadatum", "Bedrag", "Munteenheid",
                 "Omschrijving", "Detail van de omzet", "Bericht"),
        date="Boekingsdatum", amount="Bedrag", reference=("Bericht",),
        counterparty=("Rekening tegenpartij",),
        source=_UNNAMED,
    ),
    BankPreset(
        id="argenta-nl", bank="Argenta", lang="nl",
        columns=("Rekening", "Boekdatum", "Valutadatum", "Referentie", "Beschrijving",
                 "Bedrag", "Munt", "Verrichtingsdatum", "Rekening tegenpartij",
                 "Naam tegenpartij", "Mededeling"),
        date="Verrichtingsdatum", amount="Bedrag", reference=("Mededeling",),
        counterparty=("Rekening tegenpartij", "Naam tegenpartij"),
        file_type="xlsx", date_form="a date cell", amount_form="a number cell (-125,00)",
        source=(
            "Nick-DT/ofxstatement-be-argenta, ofxstatement/plugins/argenta.py (an XLSX workbook; "
            "header list, date cells, sample row in its docstring)"
        ),
    ),
)
# Argenta's French header is in the same plugin, but its third column reads "Date valeu",
# which looks truncated: not encoded until a second source confirms it.


def detect_preset(header: Sequence[object]) -> BankPreset | None:
    """The preset whose layout is exactly *header* (accents, case and spaces aside), or ``None``."""
    return next((preset for preset in PRESETS if preset.matches(header)), None)


@attrs.frozen
class SkippedRow:
    """A transaction with the counterparty that is not a payment to it."""

    line: int
    reason: str

    def to_json(self) -> dict[str, object]:
        """Return ``{"line", "reason"}``."""
        return {"line": self.line, "reason": self.reason}


@attrs.frozen
class BankImport:
    """
    What a file gives once read as a bank export (or as the plain format).

    Attributes:
        report: the payments and the invalid rows, with the file's own line numbers.
        preset: the bank layout recognised, if any.
        skipped: transactions with the counterparty that are not payments to it.
        other: transactions with other counterparties, not looked at.
    """

    report: ImportReport
    preset: BankPreset | None = None
    skipped: tuple[SkippedRow, ...] = ()
    other: int = 0

    def to_json(self) -> dict[str, object]:
        """``bank`` (the preset id or ``null``), ``skipped`` and ``other_transactions``."""
        return {
            "bank": self.preset.id if self.preset else None,
            "skipped": [row.to_json() for row in self.skipped],
            "other_transactions": self.other,
        }

    def describe(self) -> list[str]:
        """What was recognised and left aside, one line each (no data of the file)."""
        if self.preset is None:
            return []
        lines = [
            f"Recognised a {self.preset.bank} export ({self.preset.lang.upper()}): "
            f"{len(self.report.payments) + len(self.report.invalid)} payments to the "
            f"counterparty, {self.other} other transactions not imported."
        ]
        lines += [f"  line {row.line}: skipped, {row.reason}" for row in self.skipped]
        return lines


def parse_mapping(items: Iterable[str]) -> dict[str, str]:
    """
    Read ``--mapping COLUMN=HEADER`` options into ``{column: header}``.

    Raises:
        ValidationError: an item without ``=``, a column other than ``date``,
            ``amount`` or ``reference``, or a column given twice (field ``--mapping``).
    """
    mapping: dict[str, str] = {}
    for item in items:
        column, sep, header = item.partition("=")
        column = column.strip().casefold()
        if not sep or not header.strip():
            raise ValidationError("--mapping", item,
                                  "must be COLUMN=HEADER, e.g. date=\"Date opération\"")
        if column not in MAPPING_COLUMNS:
            raise ValidationError("--mapping", column,
                                  f"must name one of: {', '.join(MAPPING_COLUMNS)}")
        if column in mapping:
            raise ValidationError("--mapping", column, "is given twice")
        mapping[column] = header.strip()
    return mapping


# -- reading the file ------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, bool]:
    """The text of a CSV file, and whether it was UTF-8 (else Windows-1252, as banks write)."""
    try:
        return data.decode("utf-8-sig"), True
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), False


def _separator(lines: Sequence[str]) -> str:
    """
    The separator of the header.

    That of the first line with 3 or more (a bank's header after its preamble),
    else the first line's own (a short plain header such as ``date,amount``).
    """
    for line in lines:
        best = max((";", ",", "\t"), key=line.count)
        if line.count(best) >= 3:
            return best
    return max((";", ",", "\t"), key=lines[0].count) if lines else ";"


def _csv_rows(text: str) -> list[tuple[int, list[str]]]:
    """Every row of the text with its first line number; the separator is the header's."""
    rows: list[tuple[int, list[str]]] = []
    candidates = [line for line in io.StringIO(text, newline="") if line.strip()][:_MAX_PREAMBLE]
    separator = _separator(candidates)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    start = 1
    for row in reader:
        rows.append((start, row))
        start = reader.line_num + 1
    return rows


def _cell_text(value: object) -> str:
    """An XLSX cell as text: dates ISO, numbers without float noise."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float | int) and not isinstance(value, bool):
        try:
            number = Decimal(repr(value))
        except InvalidOperation:  # nan, inf
            return str(value)
        if number == number.to_integral_value():
            return str(int(number))
        return format(number.normalize(), "f")
    return str(value)


def _xlsx_rows(path: Path) -> list[tuple[int, list[str]]]:
    # lazy: openpyxl is only needed for XLSX bank exports.
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError) as exc:
        reason = f"cannot be read as an XLSX workbook ({type(exc).__name__})"
        raise ValidationError("file", None, reason) from None
    try:
        sheet = book.active
        if sheet is None:
            return []
        return [(n, [_cell_text(c) for c in row])
                for n, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        book.close()


def _find_header(rows: Sequence[tuple[int, list[str]]]) -> tuple[int, BankPreset] | None:
    for index, (_line, row) in enumerate(rows[:_MAX_PREAMBLE]):
        preset = detect_preset(row)
        if preset is not None:
            return index, preset
    return None


def _canonical(rows: Sequence[tuple[int, str, str, str]]) -> tuple[str, list[int]]:
    """``date;amount;reference`` text of *rows*, and the file line of each text line."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(("date", "amount", "reference"))
    lines = [0]
    for line, day, amount, reference in rows:
        writer.writerow((day, amount, " ".join(reference.split())))
        lines.append(line)
    return out.getvalue(), lines


def _report(rows: Sequence[tuple[int, str, str, str]]) -> ImportReport:
    """Parse canonical rows with the plain format's rules; line numbers are the file's."""
    text, lines = _canonical(rows)
    report = parse_payments_text(text)

    def back(line: int) -> int:
        return lines[line - 1] if 1 < line <= len(lines) else line

    return attrs.evolve(
        report,
        lines=tuple(back(n) for n in report.lines),
        invalid=tuple(InvalidRow(back(r.line), r.column, r.reason) for r in report.invalid),
    )


def _iban(text: str) -> str:
    return "".join(text.split()).upper()


def _is_counterparty(cells: Sequence[str], wanted: str) -> bool:
    account = _iban(wanted)
    name = _fold(wanted)
    for cell in cells:
        if not cell.strip():
            continue
        if account and _iban(cell) == account:
            return True
        if name and name in _fold(cell):
            return True
    return False


def _read_preset(rows: Sequence[tuple[int, list[str]]], at: int, preset: BankPreset,
                 counterparty: str | None) -> BankImport:
    header = [_fold(c) for c in rows[at][1]]

    def index(column: str) -> int:
        return header.index(_fold(column))

    body = [(line, row) for line, row in rows[at + 1:] if any(c.strip() for c in row)]
    if counterparty is not None and 0 < len(_fold(counterparty)) < 3:
        raise ValidationError("--counterparty", None,
                              "is too short: give the account number or at least 3 letters "
                              "of the name")
    if counterparty is None or not counterparty.strip():
        raise ValidationError(
            "--counterparty", None,
            f"is needed for this {preset.bank} export of {len(body)} transactions: give the "
            "landlord's account number (IBAN) or name, so that only the payments to them are "
            "imported",
        )
    date_at, amount_at = index(preset.date), index(preset.amount)
    reference_at = [index(c) for c in preset.reference]
    party_at = [index(c) for c in preset.counterparty]
    refused_at = [(index(c), _fold(v)) for c, v in preset.refused]
    payments: list[tuple[int, str, str, str]] = []
    skipped: list[SkippedRow] = []
    other = 0
    for line, row in body:
        cells = [c.strip() for c in row] + [""] * max(0, len(header) - len(row))
        if not _is_counterparty([cells[i] for i in party_at], counterparty):
            other += 1
            continue
        if any((_fold(cells[i]) == value) if value else bool(cells[i])
               for i, value in refused_at):
            skipped.append(SkippedRow(line, "the bank refused this transaction"))
            continue
        amount = cells[amount_at].replace(" ", "").replace("\u00a0", "")
        if amount.startswith("-"):
            amount = amount[1:]
        elif amount:
            skipped.append(SkippedRow(
                line, "money received from the counterparty, not a payment to it (record a "
                      "refund with `case record CASE adjustment`)"))
            continue
        reference = " ".join(cells[i] for i in reference_at if cells[i])
        payments.append((line, cells[date_at], amount, reference))
    return BankImport(_report(payments), preset, tuple(skipped), other)


def _read_mapped(rows: Sequence[tuple[int, list[str]]], mapping: Mapping[str, str]) -> BankImport:
    body = [(line, row) for line, row in rows if any(c.strip() for c in row)]
    if not body:
        raise ValidationError("file", None, "is empty; expected a header row")
    header = [_fold(c) for c in body[0][1]]
    at: dict[str, int] = {}
    for column, name in mapping.items():
        found = [i for i, cell in enumerate(header) if cell == _fold(name)]
        if len(found) != 1:
            raise ValidationError(
                "--mapping", column,
                "names a column the header does not have" if not found
                else "names a column the header has more than once")
        at[column] = found[0]
    missing = [c for c in ("date", "amount") if c not in at]
    if missing:
        raise ValidationError("--mapping", None,
                              f"must name the {' and the '.join(missing)} column")
    rows_out = []
    for line, row in body[1:]:
        cells = [c.strip() for c in row] + [""] * len(header)
        rows_out.append((line, cells[at["date"]], cells[at["amount"]],
                         cells[at["reference"]] if "reference" in at else ""))
    return BankImport(_report(rows_out))


def read_payments_file(
    path: str | os.PathLike[str],
    *,
    mapping: Mapping[str, str] | None = None,
    counterparty: str | None = None,
) -> BankImport:
    """
    Read the payments of a bank export, a mapped file or a plain payments CSV.

    Args:
        path: the CSV (or, for Argenta, XLSX) file.
        mapping: ``{column: header}`` for a file the presets do not know
            (:func:`parse_mapping`).
        counterparty: the landlord's account number or name (a part of it); needed
            for a recognised bank export.

    Returns:
        The payments with the file's line numbers, the preset recognised and what
        was left aside.

    Raises:
        ValidationError: the file cannot be read, a bank export without
            ``counterparty``, a mapping that does not fit the header, or the plain
            format's own refusals.
    """
    file = Path(path)
    if file.suffix.lower() in (".xlsx", ".xlsm"):
        if not file.is_file():
            raise ValidationError("file", None, "does not exist or is not a file")
        rows = _xlsx_rows(file)
        utf8 = True
    else:
        try:
            data = file.read_bytes()
        except OSError:
            return BankImport(read_payments_csv(file))  # its own message for a missing file
        text, utf8 = _decode(data)
        rows = _csv_rows(text)
    found = _find_header(rows)
    if found is not None:
        if mapping:
            raise ValidationError("--mapping", None,
                                  f"is not needed: the file is a {found[1].bank} export")
        return _read_preset(rows, found[0], found[1], counterparty)
    if counterparty is not None:
        raise ValidationError(
            "--counterparty", None,
            "works with a recognised bank export; this file's header is not one "
            f"(known: {', '.join(p.id for p in PRESETS)})")
    if file.suffix.lower() in (".xlsx", ".xlsm") and not mapping:
        raise ValidationError(
            "file", None, "is a workbook that is not a known bank export: give --mapping, or "
                          "save it as CSV UTF-8")
    if mapping:
        if not utf8:
            return BankImport(read_payments_csv(file))  # refuses a non-UTF-8 file, saying how
        return _read_mapped(rows, mapping)
    return BankImport(read_payments_csv(file))


# -- duplicates ----------------------------------------------------------------------------------


def skip_duplicates(
    report: ImportReport, ledger: Iterable[Entry]
) -> tuple[ImportReport, tuple[int, ...]]:
    """
    Leave out the payments already in the ledger (same date, amount and reference).

    A payment of the ledger matches one row only: a file holding the same payment
    twice, with one already recorded, keeps the second.

    Args:
        report: the payments read.
        ledger: the case's effective entries (corrected ones left out).

    Returns:
        The report without the duplicates, and the file lines left out.
    """
    known = Counter((e.date, e.amount.cents, e.reference) for e in ledger
                    if isinstance(e, Payment))
    kept: list[Payment] = []
    kept_lines: list[int] = []
    duplicates: list[int] = []
    for payment, line in zip(report.payments, report.lines, strict=True):
        key = (payment.date, payment.amount.cents, payment.reference)
        if known[key] > 0:
            known[key] -= 1
            duplicates.append(line)
        else:
            kept.append(payment)
            kept_lines.append(line)
    return (attrs.evolve(report, payments=tuple(kept), lines=tuple(kept_lines)),
            tuple(duplicates))
