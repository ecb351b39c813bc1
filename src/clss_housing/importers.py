"""
Import of payments from a CSV file, as bank and spreadsheet exports give them.

The file (``CLI.md``):

* a header row naming a ``date`` and an ``amount`` column and optionally a
  ``reference`` column — case and spaces do not matter, and the French and
  Dutch spellings are accepted (``datum``; ``montant``, ``bedrag``;
  ``référence``, ``referentie``, ``communication``, ``mededeling``); other
  columns are ignored;
* ``;``, ``,`` or tab as separator, detected from the header line;
* UTF-8, with or without a byte-order mark; blank lines are ignored;
* dates ``YYYY-MM-DD`` or, as Belgian spreadsheets export them,
  ``DD/MM/YYYY`` (also ``DD.MM.YYYY`` and ``DD-MM-YYYY``);
* amounts ``1234.56``, ``1234,56`` or ``1.234,56``, more than zero.

Line numbers count the header as line 1.  :func:`read_payments_csv` checks a
file without touching any ledger; :func:`import_payments` appends every
valid row to a case in *one* atomic append, and nothing at all when a row is
invalid unless ``skip_invalid`` is set.

Example::

    >>> report = read_payments_csv("payments.csv")            # doctest: +SKIP
    >>> result = import_payments(book, "2026-7KQ3FM", "payments.csv")  # doctest: +SKIP
    >>> result.appended                                        # doctest: +SKIP
    12
"""

from __future__ import annotations

import csv
import io
import os
import re
import time
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Final

import attrs

from clss_housing.casebook import Casebook, backoff
from clss_housing.errors import ConcurrencyError, ValidationError
from clss_housing.ledger.entries import Payment
from clss_housing.limits import DATE_FORMS, check_date, read_date
from clss_housing.money import Money, check_entry_amount


__all__ = [
    "COLUMN_ALIASES",
    "MAX_FILE_BYTES",
    "ImportReport",
    "ImportResult",
    "InvalidRow",
    "import_payments",
    "import_report",
    "parse_payments_text",
    "read_payments_csv",
]

#: Canonical column → accepted header spellings (accents, case and spaces ignored), by priority.
COLUMN_ALIASES: Final[Mapping[str, tuple[str, ...]]] = {
    "date": ("date", "datum"),
    "amount": ("amount", "montant", "bedrag"),
    "reference": ("reference", "referentie", "communication", "mededeling"),
}
_REQUIRED: Final = ("date", "amount")
_SEPARATORS: Final = (";", ",", "\t")
_SIMPLE_AMOUNT: Final = re.compile(r"^(\d{1,12})(?:[.,](\d{1,2}))?$", re.ASCII)
# "1.234,56" as Belgian spreadsheets export it: read here as Money.parse would, only faster.
_GROUPED_AMOUNT: Final = re.compile(r"^(\d{1,3}(?:\.\d{3}){1,3}),(\d{1,2})$", re.ASCII)
_RETRIES: Final = 3
#: The largest payments file read (a bank export of years of payments is far smaller).
MAX_FILE_BYTES: Final = 20_000_000


@attrs.frozen
class InvalidRow:
    """
    A row that cannot become a payment.

    Attributes:
        line: the line in the file (the header is line 1).
        column: ``date``, ``amount``, ``reference`` or ``row`` (the whole row).
        reason: what is wrong, in plain words (never the reference text).
    """

    line: int
    column: str
    reason: str

    def to_json(self) -> dict[str, object]:
        """Return ``{"line", "column", "reason"}``."""
        return {"line": self.line, "column": self.column, "reason": self.reason}

    def __str__(self) -> str:
        return f"line {self.line}, {self.column}: {self.reason}"


@attrs.frozen
class ImportReport:
    """
    What a payments file holds, before anything is recorded.

    Attributes:
        payments: one :class:`~clss_housing.ledger.entries.Payment` per valid row, in file order.
        lines: the file line of each payment.
        invalid: the rows refused, in file order.
        separator: the separator found in the header line.
        columns: canonical column (``date``…) → the header as the file spells it.
    """

    payments: tuple[Payment, ...]
    lines: tuple[int, ...]
    invalid: tuple[InvalidRow, ...]
    separator: str
    columns: Mapping[str, str]

    @property
    def ok(self) -> bool:
        """True when every row is valid."""
        return not self.invalid

    @property
    def total(self) -> Money:
        """The sum of the valid payments."""
        return Money(sum(p.amount.cents for p in self.payments))


@attrs.frozen
class ImportResult:
    """
    What :func:`import_payments` recorded.

    Attributes:
        case_id: the case.
        appended: number of payments appended (0 when the file held none).
        first_sequence: sequence of the first payment appended, or ``None``.
        last_sequence: sequence of the last payment appended, or ``None``.
        total: the sum appended.
        invalid: rows skipped (only with ``skip_invalid``).
        possible_duplicates: appended rows with the same date, amount and
            reference as a payment the case already had (a file imported twice?).
    """

    case_id: str
    appended: int
    first_sequence: int | None
    last_sequence: int | None
    total: Money
    invalid: tuple[InvalidRow, ...]
    possible_duplicates: int

    def to_json(self) -> dict[str, object]:
        """Return the ``import payments --json`` document."""
        return {
            "case": self.case_id,
            "appended": self.appended,
            "invalid": [row.to_json() for row in self.invalid],
            "first_sequence": self.first_sequence,
            "last_sequence": self.last_sequence,
            "total": str(self.total),
            "possible_duplicates": self.possible_duplicates,
        }


# -- reading ------------------------------------------------------------------------------------


def _fold(header: str) -> str:
    """Header cell → comparable form: no BOM, accents, case or surrounding spaces."""
    text = header.replace("\ufeff", "").strip().strip('"').strip().casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _detect_separator(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in _SEPARATORS}
    best = max(_SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def _map_columns(header: Sequence[str]) -> dict[str, int]:
    folded = [_fold(cell) for cell in header]
    found: dict[str, int] = {}
    for column, aliases in COLUMN_ALIASES.items():
        # Different spellings (a bank's "mededeling" and "referentie"): the first alias wins.
        for alias in aliases:
            positions = [i for i, cell in enumerate(folded) if cell == alias]
            if len(positions) > 1:
                raise ValidationError(
                    "header", alias,
                    f"names the {column} column {len(positions)} times; keep only one",
                )
            if positions:
                found[column] = positions[0]
                break
    missing = [column for column in _REQUIRED if column not in found]
    if missing:
        described = "; ".join(
            f"{column} (or {', '.join(COLUMN_ALIASES[column][1:])})" for column in missing
        )
        # The cells are not echoed: a file without a header starts with data (maybe personal).
        looks_like_data = any(_looks_like_data(cell) for cell in header)
        hint = (
            " The first line looks like data: add a header row such as date;amount;reference."
            if looks_like_data else ""
        )
        raise ValidationError(
            "header", None,
            f"has no {' and no '.join(missing)} column; the first line must name {described}."
            + hint,
        )
    seen: dict[str, int] = {}
    for index, cell in enumerate(folded):
        if cell and cell in seen:
            # A header cell (the file has date and amount columns, so this is a header).
            shown = cell if len(cell) <= 40 and cell.isprintable() else None
            raise ValidationError(
                "header", shown,
                f"names a column twice (columns {seen[cell] + 1} and {index + 1}); "
                "every column must have its own name",
            )
        seen[cell] = index
    return found


def _looks_like_data(cell: str) -> bool:
    text = cell.strip()
    if not text:
        return False
    try:
        _parse_date(text)
    except ValidationError:
        return bool(_SIMPLE_AMOUNT.match(text))
    return True


def _parse_date(text: str) -> date:
    parsed = read_date(text)
    if parsed is not None:
        return check_date(parsed)
    if not text:
        raise ValidationError("date", None, "is missing")
    shown = text if len(text) <= 32 and not any(c.isalpha() for c in text) else None
    raise ValidationError("date", shown, f"is not a date; write it as {DATE_FORMS}")


def _parse_amount(text: str) -> Money:
    match = _SIMPLE_AMOUNT.match(text) or _GROUPED_AMOUNT.match(text)
    if match:
        units, decimals = match.groups()
        cents = int(units.replace(".", "")) * 100 + (
            int(decimals.ljust(2, "0")) if decimals else 0
        )
        amount = Money(cents)
    elif not text:
        raise ValidationError("amount", None, "is missing")
    else:
        amount = Money.parse(text)
    check_entry_amount(amount)
    if amount.cents <= 0:
        raise ValidationError(
            "amount", text,
            "must be more than zero (record a refund or credit note with "
            "`case record CASE adjustment` instead)",
        )
    return amount


def _row_problem(line: int, exc: ValidationError) -> InvalidRow:
    column = exc.field if exc.field in COLUMN_ALIASES else "row"
    shown = "" if exc.value is None else f"{exc.value!r} "
    return InvalidRow(line, column, f"{shown}{exc.reason}")


def _strict_rows(
    reader: Iterator[list[str]], separator: str
) -> Iterator[tuple[int, list[str]]]:
    """
    ``(line, row)`` of a strict CSV reader, with its errors made refusals naming the line.

    ``line`` is where the row starts.  A row whose quoted field runs over several
    lines and holds a line that looks like another row comes with ``-line``.
    """
    start = 1
    row_reader = reader
    line_num = getattr(reader, "line_num", 0)
    while True:
        try:
            row = next(row_reader)
        except StopIteration:
            return
        except csv.Error as exc:
            end = getattr(reader, "line_num", line_num)
            reason = str(exc)
            if "end of data" in reason or "EOF" in reason:
                raise ValidationError(
                    "file", None,
                    f"line {start}: a quoted field opened on this line is never closed (it "
                    f"runs to the end of the file, line {end}); add the closing quote (\")",
                ) from None
            if "field larger" in reason:
                raise ValidationError(
                    "file", None,
                    f"line {start}: a field is larger than {csv.field_size_limit()} characters; "
                    "this is not a payments export",
                ) from None
            raise ValidationError(
                "file", None, f"line {start}: is not valid CSV ({reason})"
            ) from None
        end = getattr(reader, "line_num", start)
        swallowed = end > start and any(
            "\n" in cell and any(
                part.count(separator) >= 1 and _looks_like_data(part.split(separator)[0])
                for part in cell.splitlines()[1:]
            )
            for cell in row
        )
        yield (-start if swallowed else start), row
        start = end + 1


def parse_payments_text(text: str) -> ImportReport:
    """
    Read payments from the text of a CSV file (see the module for the format).

    Args:
        text: the whole file, decoded (a leading byte-order mark is ignored).

    Returns:
        The valid payments and the invalid rows.

    Raises:
        ValidationError: the file as a whole is unusable: no header row, or a
            header without a ``date`` or an ``amount`` column (field ``header``).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    first_line = next((ln for ln in io.StringIO(text) if ln.strip()), "")
    if not first_line:
        raise ValidationError(
            "file", None, "is empty; expected a header row naming date and amount"
        )
    separator = _detect_separator(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    rows = _strict_rows(reader, separator)
    header: list[str] | None = None
    for _, row in rows:
        if row and any(cell.strip() for cell in row):
            header = row
            break
    assert header is not None
    columns = _map_columns(header)
    width = len(header)
    date_at = columns["date"]
    amount_at = columns["amount"]
    reference_at = columns.get("reference")
    payments: list[Payment] = []
    lines: list[int] = []
    invalid: list[InvalidRow] = []
    parse_date, parse_amount = _parse_date, _parse_amount
    dates: dict[str, date] = {}  # exports repeat few distinct dates many times
    for line, row in rows:
        if not row:
            continue
        if line < 0:  # a quoted field that swallowed what looks like further rows
            invalid.append(InvalidRow(
                -line, "row",
                "a quoted field runs over several lines and holds what looks like further "
                "rows; check for a missing closing quote (\")",
            ))
            continue
        cells = len(row)
        if cells > width and any(cell.strip() for cell in row[width:]):
            invalid.append(InvalidRow(
                line, "row",
                f"has {cells} fields but the header has {width}"
                + (
                    "; with ',' as separator, write amounts with a decimal comma in quotes "
                    '("1234,56") or use \';\' as separator' if separator == "," else ""
                ),
            ))
            continue
        raw_date = row[date_at].strip() if date_at < cells else ""
        raw_amount = row[amount_at].strip() if amount_at < cells else ""
        if not raw_date and not raw_amount and not any(cell.strip() for cell in row):
            continue  # a blank line, or one made of separators only
        try:
            on = dates.get(raw_date)
            if on is None:
                on = dates[raw_date] = parse_date(raw_date)
            amount = parse_amount(raw_amount)
            reference = ""
            if reference_at is not None and reference_at < cells:
                reference = row[reference_at].strip()
            payments.append(Payment(date=on, amount=amount, reference=reference))
        except ValidationError as exc:
            invalid.append(_row_problem(line, exc))
            continue
        lines.append(line)
    names = {column: header[index].strip() for column, index in columns.items()}
    return ImportReport(
        payments=tuple(payments),
        lines=tuple(lines),
        invalid=tuple(invalid),
        separator=separator,
        columns=names,
    )


def read_payments_csv(path: str | os.PathLike[str]) -> ImportReport:
    """
    Read payments from a CSV file without recording anything.

    Args:
        path: the file (UTF-8, with or without a byte-order mark).

    Returns:
        The valid payments (with their line numbers) and the invalid rows.

    Raises:
        ValidationError: the file does not exist, is not UTF-8, is empty, or its
            header has no ``date`` or ``amount`` column (field ``file`` or ``header``).
    """
    file = Path(path)
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            raise ValidationError(
                "file", None,
                f"is larger than {MAX_FILE_BYTES // 1_000_000} MB; split it into smaller files",
            )
        data = file.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise ValidationError("file", None, "does not exist or is not a file") from None
    except PermissionError:
        raise ValidationError("file", None, "cannot be read (permission denied)") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ValidationError(
            "file", None,
            f"is not UTF-8 text: byte 0x{data[exc.start]:02X} on line {line} cannot be read. "
            "Save it again as \"CSV UTF-8\" (in LibreOffice: character set Unicode (UTF-8))",
        ) from None
    return parse_payments_text(text)


# -- recording ----------------------------------------------------------------------------------


def import_report(
    casebook: Casebook,
    case_id: str,
    report: ImportReport,
    *,
    skip_invalid: bool = False,
) -> ImportResult:
    """
    Append the payments of a report to a case in one atomic append.

    Args:
        casebook: where the case lives.
        case_id: the case.
        report: from :func:`read_payments_csv` or :func:`parse_payments_text`.
        skip_invalid: append the valid rows even when some rows are invalid.

    Returns:
        What was appended.

    Raises:
        ValidationError: some rows are invalid and ``skip_invalid`` is false
            (field ``file``; the rows are in ``report.invalid``); nothing appended.
        NotFoundError: the case does not exist.
        ConcurrencyError: other writers kept changing the case; nothing appended.
    """
    if report.invalid and not skip_invalid:
        first = report.invalid[0]
        raise ValidationError(
            "file", None,
            f"has {len(report.invalid)} invalid rows (first: {first}); nothing was imported",
        )
    payments = report.payments
    for attempt in range(_RETRIES + 1):
        view = casebook.load(case_id)
        if not payments:
            return ImportResult(case_id, 0, None, None, Money(0), report.invalid, 0)
        before = {
            (e.date, e.amount.cents, e.reference)
            for e in view.entries()
            if isinstance(e, Payment)
        }
        duplicates = (
            sum(1 for p in payments if (p.date, p.amount.cents, p.reference) in before)
            if before else 0
        )
        try:
            after = casebook.append(view, payments)
        except ConcurrencyError:
            if attempt >= _RETRIES:
                raise
            time.sleep(backoff(attempt))
            continue
        return ImportResult(
            case_id=case_id,
            appended=len(payments),
            first_sequence=view.version + 1,
            last_sequence=after.version,
            total=report.total,
            invalid=report.invalid,
            possible_duplicates=duplicates,
        )
    raise AssertionError("unreachable")  # pragma: no cover


def import_payments(
    casebook: Casebook,
    case_id: str,
    path: str | os.PathLike[str],
    *,
    skip_invalid: bool = False,
) -> ImportResult:
    """
    Read a payments CSV file and append its payments to a case in one atomic append.

    Nothing is appended when a row is invalid, unless ``skip_invalid`` is
    true; then the valid rows are appended and the others listed in the
    result's ``invalid``.

    Args:
        casebook: where the case lives.
        case_id: the case.
        path: the CSV file (see the module for its format).
        skip_invalid: append the valid rows even when some rows are invalid.

    Returns:
        What was appended.

    Raises:
        ValidationError: the file is unusable, or has invalid rows without ``skip_invalid``.
        NotFoundError: the case does not exist.
        ConcurrencyError: other writers kept changing the case; nothing appended.
    """
    return import_report(casebook, case_id, read_payments_csv(path), skip_invalid=skip_invalid)
