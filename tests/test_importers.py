"""Tests of the payments CSV import (:mod:`clss_housing.importers`), without the CLI."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clss_housing.casebook import Casebook
from clss_housing.errors import ConcurrencyError, NotFoundError, ValidationError
from clss_housing.importers import (
    ImportReport,
    InvalidRow,
    import_payments,
    import_report,
    parse_payments_text,
    read_payments_csv,
)
from clss_housing.ledger.entries import Payment
from clss_housing.money import MAX_ENTRY_AMOUNT, Money


DATA = Path(__file__).parent / "data"


def payment(day: str, cents: int, reference: str = "") -> Payment:
    return Payment(date=date.fromisoformat(day), amount=Money(cents), reference=reference)


@pytest.fixture
def book() -> Casebook:
    return Casebook.open("memory:")


@pytest.fixture
def case_id(book: Casebook) -> str:
    return book.open_case(
        tenant="Amélie Lefèvre", landlord="J.-M. Dubois", address="Rue de Brabant 142",
        rent=Money(75000), date=date(2026, 1, 1),
    )


class TestReadingFiles:
    """Reading the fixture files as spreadsheets and banks export them."""

    def test_comma_file(self) -> None:
        """It reads a comma-separated file with ISO dates and a quoted grouped amount."""
        report = read_payments_csv(DATA / "payments_ok.csv")
        assert () == report.invalid
        assert "," == report.separator
        assert (
            payment("2026-01-05", 65000, "Loyer janvier"),
            payment("2026-02-05", 65000, "Loyer février"),
            payment("2026-03-05", 123456, "Rappel & régularisation"),
        ) == report.payments
        assert (2, 3, 4) == report.lines

    def test_belgian_spreadsheet_export(self) -> None:
        """It reads a BOM, ';', CRLF, DD/MM/YYYY, 1.234,56 and skips blank and empty lines."""
        report = read_payments_csv(DATA / "payments_be_semicolon_bom.csv")
        assert () == report.invalid
        assert ";" == report.separator
        assert {"date": "Date", "amount": "Montant", "reference": "Communication"} == dict(
            report.columns
        )
        assert (
            payment("2026-01-05", 123456, "Loyer janvier"),
            payment("2026-02-05", 65000, "Loyer février"),
            payment("2026-03-06", 125000, ""),
        ) == report.payments
        assert (2, 5, 6) == report.lines

    def test_dutch_headers_and_extra_columns(self) -> None:
        """It accepts Datum/Bedrag/Mededeling, DD-MM-YYYY and a euro sign; ignores other columns."""
        report = read_payments_csv(DATA / "payments_nl.csv")
        assert () == report.invalid
        assert (
            payment("2026-01-05", 70000, "Huur januari"),
            payment("2026-02-05", 70000, "Huur februari"),
        ) == report.payments

    def test_bad_rows(self) -> None:
        """It reports each bad row by line (header = 1), column and reason, keeping the good."""
        report = read_payments_csv(DATA / "payments_bad_rows.csv")
        assert [(3, "date"), (4, "amount"), (5, "amount"), (7, "amount")] == [
            (row.line, row.column) for row in report.invalid
        ]
        assert "'2026-13-45' is not a date" in report.invalid[0].reason
        assert "more than zero" in report.invalid[1].reason
        assert "is not an amount" in report.invalid[2].reason
        assert "more than zero" in report.invalid[3].reason
        assert (2, 8) == report.lines
        assert Money(135000) == report.total
        assert False is report.ok

    def test_missing_column(self) -> None:
        """It refuses a header without an amount column, naming it and its other spellings."""
        with pytest.raises(ValidationError) as caught:
            read_payments_csv(DATA / "payments_missing_amount.csv")
        assert "header" == caught.value.field
        assert "no amount column" in str(caught.value)
        assert "montant" in str(caught.value)

    def test_no_header_row(self) -> None:
        """It says when the first line is data, without echoing that data."""
        with pytest.raises(ValidationError) as caught:
            parse_payments_text("2026-01-05;650,00;Loyer Dupont\n")
        assert "no date and no amount column" in str(caught.value)
        assert "looks like data" in str(caught.value)
        assert "Dupont" not in str(caught.value)

    def test_not_utf8(self) -> None:
        """It refuses a Latin-1 file with the byte and line at fault and how to fix it."""
        with pytest.raises(ValidationError) as caught:
            read_payments_csv(DATA / "payments_latin1.csv")
        assert "file" == caught.value.field
        assert "not UTF-8" in str(caught.value)
        assert "0xE9 on line 3" in str(caught.value)

    def test_missing_file(self, tmp_path: Path) -> None:
        """It refuses a file that does not exist, without echoing its name."""
        with pytest.raises(ValidationError) as caught:
            read_payments_csv(tmp_path / "dupont.csv")
        assert "does not exist" in str(caught.value)
        assert "dupont" not in str(caught.value)

    def test_header_only(self) -> None:
        """It reads a file with a header and no rows as no payments."""
        report = read_payments_csv(DATA / "payments_header_only.csv")
        assert ((), ()) == (report.payments, report.invalid)

    def test_unquoted_decimal_comma_with_comma_separator(self) -> None:
        """It refuses a row split in too many fields rather than reading 650,00 as 650."""
        report = read_payments_csv(DATA / "payments_comma_unquoted.csv")
        assert [InvalidRow(2, "row", report.invalid[0].reason)] == list(report.invalid)
        assert "in quotes" in report.invalid[0].reason
        assert (payment("2026-02-05", 65000),) == report.payments


class TestParsingText:
    """Details of the format, on small texts."""

    @pytest.mark.parametrize(
        ("header", "expected"),
        [
            ("date;amount", {"date": "date", "amount": "amount"}),
            (" DATE ; AMOUNT ; Reference ", {"date": "DATE", "amount": "AMOUNT",
                                             "reference": "Reference"}),
            ("Datum;Bedrag;Referentie", {"date": "Datum", "amount": "Bedrag",
                                         "reference": "Referentie"}),
            ("date;montant;référence", {"date": "date", "amount": "montant",
                                        "reference": "référence"}),
            ("date;amount;Mededeling;Referentie", {"date": "date", "amount": "amount",
                                                   "reference": "Referentie"}),
        ],
    )
    def test_header_spellings(self, header: str, expected: dict[str, str]) -> None:
        """It maps English, French and Dutch header spellings, preferring 'reference'."""
        assert expected == dict(parse_payments_text(header + "\n").columns)

    @pytest.mark.parametrize(
        ("text", "cents"),
        [("650", 65000), ("650,5", 65050), ("650.05", 65005), ("1.234,56", 123456),
         ("1,234.56", 123456), ("1 234,56", 123456), ("€ 12,00", 1200), ("+7", 700)],
    )
    def test_amount_spellings(self, text: str, cents: int) -> None:
        """It reads every amount spelling Money.parse accepts."""
        report = parse_payments_text(f'date;amount\n2026-01-05;"{text}"\n')
        assert [Money(cents)] == [p.amount for p in report.payments]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [("2026-01-05", date(2026, 1, 5)), ("05/01/2026", date(2026, 1, 5)),
         ("5/1/2026", date(2026, 1, 5)), ("05.01.2026", date(2026, 1, 5)),
         ("29-02-2028", date(2028, 2, 29))],
    )
    def test_date_spellings(self, text: str, expected: date) -> None:
        """It reads ISO dates and day-first Belgian dates."""
        report = parse_payments_text(f"date;amount\n{text};10\n")
        assert [expected] == [p.date for p in report.payments]

    @pytest.mark.parametrize(
        "text", ["2026-02-30", "01/13/2026", "2026/01/05", "5 janvier 2026", "20260105", "05/01/26"]
    )
    def test_bad_dates(self, text: str) -> None:
        """It refuses impossible, month-first, short-year and spelled-out dates."""
        report = parse_payments_text(f"date;amount\n{text};10\n")
        assert [(2, "date")] == [(r.line, r.column) for r in report.invalid]

    def test_missing_cells(self) -> None:
        """It reports a row without an amount or date as missing, by line."""
        report = parse_payments_text("date;amount\n2026-01-05\n;12\n")
        assert [(2, "amount", "is missing"), (3, "date", "is missing")] == [
            (r.line, r.column, r.reason) for r in report.invalid
        ]

    def test_reference_not_echoed(self) -> None:
        """It never puts a reference (free text, maybe personal) in a reason."""
        secret = "Dupont " + "x" * 600
        report = parse_payments_text(f"date;amount;reference\n2026-01-05;10;{secret}\n")
        assert [(2, "reference")] == [(r.line, r.column) for r in report.invalid]
        assert "Dupont" not in report.invalid[0].reason

    def test_tab_separator(self) -> None:
        """It detects a tab separator from the header line."""
        report = parse_payments_text("date\tamount\treference\n2026-01-05\t10,00\tloyer\n")
        assert ("\t", (payment("2026-01-05", 1000, "loyer"),)) == (
            report.separator, report.payments,
        )

    def test_quoted_multiline_reference(self) -> None:
        """It counts physical lines, so a quoted line break shifts later line numbers."""
        report = parse_payments_text('date;amount;reference\n2026-01-05;10;"a\nb"\nbad;1;x\n')
        assert ["a\nb"] == [p.reference for p in report.payments]
        assert [4] == [r.line for r in report.invalid]

    def test_empty_text(self) -> None:
        """It refuses a file with nothing in it."""
        with pytest.raises(ValidationError, match="is empty"):
            parse_payments_text("\ufeff\n\n")

    def test_duplicate_column(self) -> None:
        """It refuses a header that names the same column twice."""
        with pytest.raises(ValidationError, match="2 times"):
            parse_payments_text("date;amount;Amount\n")

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(
        rows=st.lists(
            st.tuples(
                st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
                st.integers(min_value=1, max_value=MAX_ENTRY_AMOUNT),
                st.text(
                    st.characters(blacklist_categories=("Cs", "Cc")), max_size=20,
                ).map(str.strip),
            ),
            max_size=15,
        ),
        separator=st.sampled_from([";", ",", "\t"]),
        bom=st.booleans(),
        day_first=st.booleans(),
        comma_decimals=st.booleans(),
        blank_every=st.integers(min_value=0, max_value=3),
    )
    def test_round_trip(
        self,
        rows: list[tuple[date, int, str]],
        separator: str,
        bom: bool,
        day_first: bool,
        comma_decimals: bool,
        blank_every: int,
    ) -> None:
        """It reads back exactly the payments written, whatever the spreadsheet's conventions."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
        writer.writerow(["Datum", "Montant", "Communication"])
        expected_lines = []
        line = 1
        for index, (day, cents, reference) in enumerate(rows):
            if blank_every and index % blank_every == 0:
                out.write("\r\n")
                line += 1
            amount = str(Money(cents))
            if comma_decimals:
                amount = amount.replace(".", ",")
            shown = day.strftime("%d/%m/%Y") if day_first else day.isoformat()
            writer.writerow([shown, amount, reference])
            line += 1
            expected_lines.append(line)
        text = ("\ufeff" if bom else "") + out.getvalue()
        report = parse_payments_text(text)
        assert () == report.invalid
        assert [(d, Money(c), r) for d, c, r in rows] == [
            (p.date, p.amount, p.reference) for p in report.payments
        ]
        assert tuple(expected_lines) == report.lines


class TestImporting:
    """Appending a file's payments to a case."""

    def test_one_atomic_append(
        self, book: Casebook, case_id: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """It appends every payment in one store append, in file order."""
        calls = []
        original = book.store.append

        def spy(*args: object, **kwargs: object) -> None:
            calls.append(len(args[2]))  # type: ignore[arg-type]
            original(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(book.store, "append", spy)
        result = import_payments(book, case_id, DATA / "payments_be_semicolon_bom.csv")
        assert [3] == calls
        assert (3, 2, 4, Money(123456 + 65000 + 125000)) == (
            result.appended, result.first_sequence, result.last_sequence, result.total,
        )
        view = book.load(case_id)
        assert ["case_opened", "payment", "payment", "payment"] == [
            r.entry.kind for r in view.records
        ]
        assert Money(123456 + 65000 + 125000) == view.balance().paid

    def test_refuses_file_with_invalid_rows(self, book: Casebook, case_id: str) -> None:
        """It appends nothing from a file with an invalid row."""
        with pytest.raises(ValidationError, match="4 invalid rows"):
            import_payments(book, case_id, DATA / "payments_bad_rows.csv")
        assert 1 == book.load(case_id).version

    def test_skip_invalid(self, book: Casebook, case_id: str) -> None:
        """It appends the valid rows and lists the others with skip_invalid."""
        result = import_payments(book, case_id, DATA / "payments_bad_rows.csv", skip_invalid=True)
        assert (2, [3, 4, 5, 7]) == (result.appended, [r.line for r in result.invalid])
        assert {"case", "appended", "invalid", "first_sequence", "last_sequence", "total",
                "possible_duplicates"} == set(result.to_json())
        assert {"line": 3, "column": "date", "reason": result.invalid[0].reason} == (
            result.to_json()["invalid"][0]  # type: ignore[index]
        )

    def test_possible_duplicates(self, book: Casebook, case_id: str) -> None:
        """It counts rows already recorded, as when a file is imported twice."""
        first = import_payments(book, case_id, DATA / "payments_ok.csv")
        again = import_payments(book, case_id, DATA / "payments_ok.csv")
        assert (0, 3) == (first.possible_duplicates, again.possible_duplicates)
        assert 7 == book.load(case_id).version

    def test_empty_report(self, book: Casebook, case_id: str) -> None:
        """It appends nothing and says so for a file without rows."""
        result = import_payments(book, case_id, DATA / "payments_header_only.csv")
        assert (0, None, None) == (result.appended, result.first_sequence, result.last_sequence)
        assert 1 == book.load(case_id).version

    def test_unknown_case(self, book: Casebook) -> None:
        """It refuses a case that does not exist."""
        with pytest.raises(NotFoundError):
            import_payments(book, "2026-NOPE00", DATA / "payments_ok.csv")

    def test_retries_after_a_concurrent_append(
        self, book: Casebook, case_id: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """It reloads the case and appends again when another writer got there first."""
        original = book.append
        failures = [ConcurrencyError(case_id, 1, 2)]

        def flaky(view: object, entries: object) -> object:
            if failures:
                raise failures.pop()
            return original(view, entries)  # type: ignore[arg-type]

        monkeypatch.setattr(book, "append", flaky)
        result = import_payments(book, case_id, DATA / "payments_ok.csv")
        assert (3, 4) == (result.appended, book.load(case_id).version)

    def test_gives_up_after_retries(
        self, book: Casebook, case_id: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """It raises the concurrency error when every attempt loses, appending nothing."""

        def always(view: object, entries: object) -> object:
            raise ConcurrencyError(case_id, 1, 2)

        monkeypatch.setattr(book, "append", always)
        with pytest.raises(ConcurrencyError):
            import_payments(book, case_id, DATA / "payments_ok.csv")
        assert 1 == book.load(case_id).version

    def test_report_reuse(self, book: Casebook, case_id: str) -> None:
        """It appends a report read earlier (check first, then import)."""
        report: ImportReport = read_payments_csv(DATA / "payments_nl.csv")
        assert 2 == import_report(book, case_id, report).appended


class TestHostileFiles:
    """Files crafted or damaged so that they would lose or invent rows: refused by line."""

    def test_unterminated_quote_is_an_error_with_its_line(self) -> None:
        """A quote never closed does not swallow the next rows: the file is refused."""
        text = 'date;amount;reference\n2026-01-05;10;"loyer\n2026-01-06;20;x\n2026-01-07;30;y\n'
        with pytest.raises(ValidationError, match="line 2: a quoted field") as info:
            parse_payments_text(text)
        assert "line 4" in str(info.value)

    def test_quote_closed_rows_later_is_a_row_error(self) -> None:
        """A quoted field that holds what looks like another row is reported, not imported."""
        text = 'date;amount;reference\n2026-01-05;10;"loyer\n2026-01-06;20;x"\n2026-01-07;30;y\n'
        report = parse_payments_text(text)
        assert [2] == [r.line for r in report.invalid]
        assert "closing quote" in report.invalid[0].reason
        assert [4] == list(report.lines)

    def test_one_megabyte_field(self) -> None:
        """A field past the CSV reader's limit is a refusal naming the line."""
        text = "date;amount;reference\n2026-01-05;10;ok\n2026-01-06;10;" + "x" * 1_000_000 + "\n"
        with pytest.raises(ValidationError, match="line 3"):
            parse_payments_text(text)

    def test_five_thousand_digit_amount(self) -> None:
        """A 5000-digit amount is an invalid row, not a crash."""
        report = parse_payments_text("date;amount\n2026-01-05;" + "9" * 5000 + "\n")
        assert [(2, "amount")] == [(r.line, r.column) for r in report.invalid]
        assert len(report.invalid[0].reason) < 200

    @pytest.mark.parametrize("amount", ["1000000,01", "2.000.000,00", "999999999999"])
    def test_amount_beyond_maximum(self, amount: str) -> None:
        """Amounts beyond the maximum per entry are invalid rows naming the allowed range."""
        report = parse_payments_text(f"date;amount\n2026-01-05;{amount}\n")
        assert "1.000.000,00" in report.invalid[0].reason

    @pytest.mark.parametrize(
        "amount", ["\u0667\u0665\u0660", "\uff17\uff15\uff10", "5 \u20ac\u20ac"]
    )
    def test_unicode_digits_refused(self, amount: str) -> None:
        """Only ASCII digits make an amount."""
        report = parse_payments_text(f"date;amount\n2026-01-05;{amount}\n")
        assert [(2, "amount")] == [(r.line, r.column) for r in report.invalid]

    @pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "\u0660\u0661/01/2026"])
    def test_dates_out_of_range_or_not_ascii(self, day: str) -> None:
        """Dates outside 1900-2199 or in other digits are invalid rows."""
        report = parse_payments_text(f"date;amount\n{day};10\n")
        assert [(2, "date")] == [(r.line, r.column) for r in report.invalid]

    def test_duplicate_other_column(self) -> None:
        """Any column named twice is refused, naming the column."""
        with pytest.raises(ValidationError, match="names a column twice") as info:
            parse_payments_text("date;amount;note;Note\n2026-01-05;10;a;b\n")
        assert "note" == info.value.value

    def test_file_too_large(self, tmp_path: Path) -> None:
        """A file past the size limit is refused before it is read."""
        from clss_housing.importers import MAX_FILE_BYTES

        path = tmp_path / "big.csv"
        with path.open("wb") as handle:
            handle.write(b"date;amount\n")
            handle.truncate(MAX_FILE_BYTES + 1)
        with pytest.raises(ValidationError, match="larger than"):
            read_payments_csv(path)
