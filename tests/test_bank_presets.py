"""
Bank exports (:mod:`clss_housing.bank_presets`): presets, ``--mapping``, duplicates.

The sample exports of ``tests/data/bank_exports/`` are written in the layouts of the
banks' exports as public open-source readers reproduce them; where each layout comes
from, and what in each file is not from a source, is in
``tests/data/bank_exports/README.md`` and in each preset's ``source``.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clss_housing.bank_presets import (
    PRESETS,
    BankPreset,
    detect_preset,
    parse_mapping,
    read_payments_file,
    skip_duplicates,
)
from clss_housing.casebook import Casebook
from clss_housing.errors import ValidationError
from clss_housing.importers import ImportReport, InvalidRow
from clss_housing.ledger.entries import Payment
from clss_housing.money import Money


DATA = Path(__file__).parent / "data" / "bank_exports"
LANDLORD_IBAN = "BE68 5390 0754 7034"
#: (sample file, preset id, lines of the three rent payments, skipped lines, other transactions)
SAMPLES = [
    ("bnp-paribas-fortis-fr.csv", "bnp-paribas-fortis-fr", (2, 4, 8), (6, 7), 2),
    ("bnp-paribas-fortis-nl.csv", "bnp-paribas-fortis-nl", (2, 4, 8), (6, 7), 2),
    ("kbc-nl.csv", "kbc-nl", (2, 4, 7), (6,), 2),
    ("belfius-fr.csv", "belfius-fr", (14, 16, 19), (18,), 2),
    ("belfius-nl.csv", "belfius-nl", (14, 16, 19), (18,), 2),
    ("ing-fr.csv", "ing-fr", (2, 4, 7), (6,), 2),
    ("ing-nl.csv", "ing-nl", (2, 4, 7), (6,), 2),
    ("argenta-nl.xlsx", "argenta-nl", (2, 4, 7), (6,), 2),
]
RENTS = [(date(2026, 1, 3), 75000), (date(2026, 2, 3), 75000), (date(2026, 3, 4), 150000)]


def payment(day: date, cents: int, reference: str = "") -> Payment:
    return Payment(date=day, amount=Money(cents), reference=reference)


class TestPresets:
    @pytest.mark.parametrize(("name", "preset", "lines", "skipped", "other"), SAMPLES)
    def test_each_sample_gives_the_rent_payments_to_the_landlord(
        self, name: str, preset: str, lines: tuple[int, ...], skipped: tuple[int, ...],
        other: int,
    ) -> None:
        """It recognises the bank, keeps the debits to the landlord, lists what it leaves."""
        result = read_payments_file(DATA / name, counterparty=LANDLORD_IBAN)
        assert result.preset is not None
        assert preset == result.preset.id
        assert RENTS == [(p.date, p.amount.cents) for p in result.report.payments]
        assert lines == result.report.lines
        assert skipped == tuple(row.line for row in result.skipped)
        assert other == result.other
        assert () == result.report.invalid
        assert result.report.payments[0].reference.endswith("2026")

    def test_the_counterparty_may_be_a_part_of_its_name(self) -> None:
        """A name (any case, part of it) selects the same rows as the account number."""
        by_name = read_payments_file(DATA / "belfius-fr.csv", counterparty="immo brabant")
        by_iban = read_payments_file(DATA / "belfius-fr.csv", counterparty="be68539007547034")
        assert by_name.report.payments == by_iban.report.payments

    def test_a_refused_transfer_is_skipped_with_its_reason(self) -> None:
        """The transfer the bank refused (BNP Paribas Fortis) is not a payment."""
        result = read_payments_file(DATA / "bnp-paribas-fortis-nl.csv",
                                    counterparty=LANDLORD_IBAN)
        assert "the bank refused this transaction" == result.skipped[0].reason
        assert "money received from the counterparty" in result.skipped[1].reason

    def test_a_bank_export_needs_a_counterparty(self) -> None:
        """Without --counterparty it refuses, naming the bank and the option, quoting no data."""
        with pytest.raises(ValidationError) as caught:
            read_payments_file(DATA / "ing-fr.csv")
        assert "--counterparty" == caught.value.field
        message = str(caught.value)
        assert "ING Belgique export of 6 transactions" in message
        assert "IMMO" not in message
        assert "BE68" not in message

    def test_a_too_short_counterparty_is_refused(self) -> None:
        """Two letters would select almost every transaction."""
        with pytest.raises(ValidationError, match="too short"):
            read_payments_file(DATA / "ing-nl.csv", counterparty="sa")

    def test_the_summary_says_what_was_recognised_and_left(self) -> None:
        """It names the bank, counts the payments and other transactions, lists the skipped."""
        result = read_payments_file(DATA / "kbc-nl.csv", counterparty=LANDLORD_IBAN)
        assert ["Recognised a KBC export (NL): 3 payments to the counterparty, 2 other "
                "transactions not imported.",
                "  line 6: skipped, money received from the counterparty, not a payment to it "
                "(record a refund with `case record CASE adjustment`)"] == result.describe()
        assert {"bank": "kbc-nl", "skipped": [{"line": 6, "reason": result.skipped[0].reason}],
                "other_transactions": 2} == result.to_json()

    def test_every_preset_has_a_source_and_reads_columns_of_its_layout(self) -> None:
        """No preset without its source; every column it reads is in its header."""
        assert len({p.id for p in PRESETS}) == len(PRESETS)
        for preset in PRESETS:
            assert preset.source
            assert set(preset.used()) <= set(preset.columns), preset.id

    @pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.id)
    def test_each_layout_is_recognised_as_itself_only(self, preset: BankPreset) -> None:
        """Its own header (in upper case, without accents) gives it; no other preset claims it."""
        shouting = [c.upper().replace("É", "E").replace("È", "E") for c in preset.columns]
        assert preset is detect_preset(shouting)
        assert [preset] == [p for p in PRESETS if p.matches(preset.columns)]

    def test_a_plain_payments_file_is_read_as_before(self) -> None:
        """A file in the plain format goes to the plain reader, unchanged."""
        result = read_payments_file(Path(__file__).parent / "data" / "payments_ok.csv")
        assert result.preset is None
        assert result.report.payments

    def test_a_counterparty_for_a_plain_file_is_refused(self) -> None:
        """--counterparty means nothing for a file that is not a known bank export."""
        with pytest.raises(ValidationError, match="works with a recognised bank export"):
            read_payments_file(Path(__file__).parent / "data" / "payments_ok.csv",
                               counterparty=LANDLORD_IBAN)

    def test_bad_rows_keep_the_files_line_numbers(self, tmp_path: Path) -> None:
        """An unreadable date in a bank export is reported on its line of the file."""
        text = (DATA / "ing-fr.csv").read_text(encoding="utf-8").replace(
            "03/02/2026;03/02/2026", "31/02/2026;03/02/2026")
        sample = tmp_path / "ing.csv"
        sample.write_text(text, encoding="utf-8")
        result = read_payments_file(sample, counterparty=LANDLORD_IBAN)
        assert [4] == [row.line for row in result.report.invalid]
        assert "date" == result.report.invalid[0].column


class TestMapping:
    def test_a_mapping_names_the_columns_of_another_layout(self, tmp_path: Path) -> None:
        """Columns named otherwise are read with the plain format's rules."""
        sample = tmp_path / "autre.csv"
        sample.write_text("Date opération;Libellé;Montant payé\n"
                          "05/03/2026;loyer mars;750,00\n\n"
                          "05/04/2026;loyer avril;1.250,00\n", encoding="utf-8")
        mapping = parse_mapping(["date=Date opération", "amount=Montant payé",
                                 "reference=libellé"])
        result = read_payments_file(sample, mapping=mapping)
        assert [payment(date(2026, 3, 5), 75000, "loyer mars"),
                payment(date(2026, 4, 5), 125000, "loyer avril")] == list(result.report.payments)
        assert (2, 4) == result.report.lines

    def test_a_mapping_to_a_missing_column_is_refused(self, tmp_path: Path) -> None:
        """The option is named, not the file's content."""
        sample = tmp_path / "autre.csv"
        sample.write_text("Jour,Somme\n05/03/2026,750\n", encoding="utf-8")
        with pytest.raises(ValidationError) as caught:
            read_payments_file(sample, mapping={"date": "Jour", "amount": "Montant"})
        assert ("--mapping", "amount") == (caught.value.field, caught.value.value)

    @pytest.mark.parametrize(
        ("items", "problem"),
        [(["date"], "must be COLUMN=HEADER"), (["payee=Nom"], "must name one of"),
         (["date=A", "date=B"], "is given twice"), (["amount= "], "must be COLUMN=HEADER")],
    )
    def test_bad_mapping_options_are_refused(self, items: list[str], problem: str) -> None:
        """Each bad --mapping says what is allowed."""
        with pytest.raises(ValidationError, match=problem):
            parse_mapping(items)

    def test_a_mapping_for_a_known_bank_is_refused(self) -> None:
        """A recognised export needs no mapping: saying so avoids a silent mismatch."""
        with pytest.raises(ValidationError, match="is not needed"):
            read_payments_file(DATA / "ing-nl.csv", mapping={"date": "Valutadatum"},
                               counterparty=LANDLORD_IBAN)


class TestDuplicates:
    def test_a_file_imported_twice_is_all_duplicates(self) -> None:
        """After importing a file, reading it again leaves nothing new, listing every line."""
        book = Casebook.open("memory:")
        case = book.open_case(tenant="A. Tenant", landlord="SA Immo Brabant",
                              address="Rue de Brabant 112, 1030 Schaerbeek",
                              rent=Money.parse("750"), date=date(2026, 1, 1))
        first = read_payments_file(DATA / "bnp-paribas-fortis-fr.csv", counterparty=LANDLORD_IBAN)
        kept, duplicates = skip_duplicates(first.report, book.load(case).entries())
        assert ((), kept) == (duplicates, first.report)
        book.append(book.load(case), kept.payments)
        again, duplicates = skip_duplicates(first.report, book.load(case).entries())
        assert () == again.payments
        assert first.report.lines == duplicates

    @settings(max_examples=80, deadline=None)
    @given(
        ledger=st.lists(st.tuples(st.integers(1, 5), st.integers(1, 3)), max_size=8),
        rows=st.lists(st.tuples(st.integers(1, 5), st.integers(1, 3)), max_size=8),
    )
    def test_each_recorded_payment_cancels_one_row_at_most(
        self, ledger: list[tuple[int, int]], rows: list[tuple[int, int]]
    ) -> None:
        """Kept + duplicates = the rows; a key is dropped as often as the ledger holds it."""
        def pay(day: int, cents: int) -> Payment:
            return payment(date(2026, 1, day), cents * 100, "ref")

        report = ImportReport(payments=tuple(pay(*r) for r in rows),
                              lines=tuple(range(2, len(rows) + 2)), invalid=(),
                              separator=";", columns={})
        kept, duplicates = skip_duplicates(report, [pay(*r) for r in ledger])
        assert len(kept.payments) + len(duplicates) == len(rows)
        assert sorted(kept.lines + duplicates) == list(report.lines)
        for key in set(rows):
            dropped = sum(1 for line in duplicates if rows[line - 2] == key)
            assert dropped == min(ledger.count(key), rows.count(key))

    def test_invalid_rows_are_kept_for_the_caller(self) -> None:
        """Duplicates never hide an invalid row."""
        bad = InvalidRow(3, "date", "is missing")
        report = ImportReport(payments=(), lines=(), invalid=(bad,), separator=";", columns={})
        assert (bad,) == skip_duplicates(report, [])[0].invalid


def test_the_canonical_rows_survive_separators_and_quotes_in_references(tmp_path: Path) -> None:
    """A communication with ';' and quotes is kept whole (written back with csv quoting)."""
    text = (DATA / "ing-nl.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    rows[1][10] = 'HUUR; "JANUARI"'
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    sample = tmp_path / "ing.csv"
    sample.write_text(out.getvalue(), encoding="utf-8")
    result = read_payments_file(sample, counterparty=LANDLORD_IBAN)
    assert 'HUUR; "JANUARI"' == result.report.payments[0].reference


@settings(max_examples=60, deadline=None)
@given(
    transactions=st.lists(
        st.tuples(st.integers(1, 28), st.integers(-500_000_00, 500_000_00).filter(bool),
                  st.booleans()),
        max_size=12),
    preset=st.sampled_from([p for p in PRESETS if p.file_type == "csv"]),
)
def test_any_export_gives_exactly_the_debits_to_the_counterparty(
    tmp_path_factory: pytest.TempPathFactory,
    transactions: list[tuple[int, int, bool]], preset: BankPreset,
) -> None:
    """Payments = the money sent to the landlord, in order; the rest is counted or skipped."""
    def euros(cents: int) -> str:
        sign = "-" if cents < 0 else ""
        whole = f"{abs(cents) // 100:,}".replace(",", ".")
        return f"{sign}{whole},{abs(cents) % 100:02d}"

    header = list(preset.columns)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for day, cents, to_landlord in transactions:
        row = [""] * len(header)
        row[header.index(preset.date)] = f"{day:02d}/03/2026"
        row[header.index(preset.amount)] = euros(cents)
        row[header.index(preset.counterparty[0])] = LANDLORD_IBAN if to_landlord else ""
        writer.writerow(row)
    sample = tmp_path_factory.mktemp("export") / "export.csv"
    sample.write_text(out.getvalue(), encoding="utf-8")
    result = read_payments_file(sample, counterparty=LANDLORD_IBAN)
    assert preset == result.preset
    expected = [(date(2026, 3, d), -c) for d, c, mine in transactions if mine and c < 0]
    assert expected == [(p.date, p.amount.cents) for p in result.report.payments]
    assert sum(1 for *_, mine in transactions if not mine) == result.other
    assert sum(1 for _, c, mine in transactions if mine and c > 0) == len(result.skipped)
