"""
No input breaks a casebook: malformed values, files and names, driven through the CLI.

Every command given a malformed value exits 0, 1 or 2 (never 70), and when it
refuses (non-zero) the ledger is byte-for-byte as it was.  Terminal output
escapes control characters and bidi overrides; JSON stays exact.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from collections.abc import Callable
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clss_housing.casebook import Casebook
from clss_housing.ledger.codec import encode_entry, utcnow
from clss_housing.ledger.entries import Payment, RentDue
from clss_housing.money import Money
from tests.cli.conftest import Run


def fingerprint(path: Path) -> str:
    """Every byte of the ledger files (database and journal), hashed."""
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        part = Path(f"{path}{suffix}")
        digest.update(part.read_bytes() if part.exists() else b"-")
    with closing(sqlite3.connect(path)) as conn:
        for line in conn.iterdump():
            digest.update(line.encode())
    return digest.hexdigest()


#: Text an adversary might type: Unicode digits, junk, huge numbers, controls, names.
HOSTILE = st.one_of(
    st.sampled_from([
        "\u0667\u0665\u0660", "\uff17\uff15\uff10", "\U0001d7d5\U0001d7d3\U0001d7ce",
        "5 \u20ac\u20ac",
        "9" * 40, "9" * 5000, "1e400", "NaN", "-0", "1.000", "1,5,5", "\x1b[31m", "\u202eevil",
        "9999-12-31", "0001-01-01", "2026-02-30", "Jean Dupont", "", " ", "=", "corrects=0",
        "reason=" + "x" * 20_000, "count=99999999999999999999", "hearing_date=9999-12-31",
        "source=cpas", "outcome=\x00", "-1000000,01", "1000000,00", "+", "€",
    ]),
    st.text(max_size=30),
    st.text(alphabet="0123456789.,-+ €E", max_size=50),
)


@pytest.fixture
def ledger(run: Run, open_case: Callable[..., str], db_path: Path) -> tuple[str, Path]:
    case_id = open_case()
    assert 0 == run("case", "record", case_id, "rent_due", "--amount", "750",
                    "--date", "2026-02-01").exit_code
    return case_id, db_path


class TestFuzzCommands:
    """Hypothesis over the command line's input grammar."""

    @settings(max_examples=120, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(
        kind=st.one_of(st.sampled_from(["payment", "rent_due", "adjustment", "note",
                                        "hearing_scheduled", "correction", "aid_paid",
                                        "payment_plan_agreed", "case_opened"]), HOSTILE),
        amount=st.one_of(st.none(), HOSTILE),
        on=st.one_of(st.none(), HOSTILE),
        sets=st.lists(HOSTILE, max_size=3),
    )
    def test_record_never_crashes(
        self, run: Run, ledger: tuple[str, Path], kind: str, amount: str | None,
        on: str | None, sets: list[str],
    ) -> None:
        """``case record`` with any values: exit 0, 1 or 2; on refusal nothing changes."""
        case_id, path = ledger
        before = fingerprint(path)
        args = ["case", "record", case_id, kind]
        if amount is not None:
            args += ["--amount", amount]
        if on is not None:
            args += ["--date", on]
        for pair in sets:
            args += ["--set", pair]
        result = run(*args)
        assert result.exit_code in (0, 1, 2), (args, result.output)
        if result.exit_code:
            assert before == fingerprint(path)
        for line in (result.stdout + result.stderr).splitlines():
            assert "\x1b" not in line
            assert "\u202e" not in line

    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(as_of=st.one_of(st.none(), HOSTILE), within=st.one_of(st.none(), HOSTILE))
    def test_reading_commands_never_crash(
        self, run: Run, ledger: tuple[str, Path], as_of: str | None, within: str | None
    ) -> None:
        """``deadlines``, ``case show`` and ``case list`` with any dates: never 70."""
        case_id, path = ledger
        before = fingerprint(path)
        for base in (["deadlines"], ["case", "show", case_id], ["case", "list"]):
            args = list(base)
            if as_of is not None:
                args += ["--as-of", as_of]
            if within is not None and base == ["deadlines"]:
                args += ["--within", within]
            result = run(*args)
            assert result.exit_code in (0, 1, 2), (args, result.output)
        assert before == fingerprint(path)

    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(lines=st.lists(st.lists(HOSTILE, min_size=1, max_size=4), max_size=4),
           quote=st.booleans())
    def test_import_never_crashes(
        self, run: Run, ledger: tuple[str, Path], tmp_path: Path, lines: list[list[str]],
        quote: bool,
    ) -> None:
        """``import payments`` with any CSV lines: never 70; refused files change nothing."""
        case_id, path = ledger
        before = fingerprint(path)
        body = "\n".join(";".join(cells) for cells in lines)
        source = tmp_path / "payments.csv"
        source.write_text("date;amount;reference\n" + ('"' if quote else "") + body + "\n",
                          encoding="utf-8", errors="surrogatepass")
        result = run("import", "payments", case_id, str(source))
        assert result.exit_code in (0, 1, 2), result.output
        if result.exit_code:
            assert before == fingerprint(path)


    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(rent=HOSTILE, charges=st.one_of(st.none(), HOSTILE),
           lease=st.one_of(st.none(), HOSTILE), lang=st.one_of(st.none(), HOSTILE),
           tenant=st.text(min_size=1, max_size=40))
    def test_open_never_crashes(
        self, run: Run, ledger: tuple[str, Path], rent: str, charges: str | None,
        lease: str | None, lang: str | None, tenant: str,
    ) -> None:
        """``case open`` with any values: exit 0, 1 or 2; on refusal nothing changes."""
        _, path = ledger
        before = fingerprint(path)
        args = ["case", "open", "--tenant", tenant, "--landlord", "L", "--address", "A",
                "--rent", rent]
        for option, value in (("--charges", charges), ("--lease-start", lease),
                              ("--lang", lang)):
            if value is not None:
                args += [option, value]
        result = run(*args)
        assert result.exit_code in (0, 1, 2), (args, result.output)
        if result.exit_code:
            assert before == fingerprint(path)


class TestBoundaries:
    """The findings of the adversarial review, one by one."""

    @pytest.mark.parametrize("amount", [
        "9999999999999999999999999999999999999999", "\u0667\u0665\u0660", "\uff17\uff15\uff10",
        "\U0001d7d5\U0001d7d3\U0001d7ce", "5 \u20ac\u20ac", "1000000,01", "9" * 5000,
    ])
    def test_absurd_amounts_refused(
        self, run: Run, ledger: tuple[str, Path], amount: str
    ) -> None:
        """Absurd or non-ASCII amounts: exit 1 naming the field, ledger unchanged."""
        case_id, path = ledger
        before = fingerprint(path)
        result = run("case", "record", case_id, "payment", "--amount", amount)
        assert 1 == result.exit_code, result.output
        assert "amount:" in result.stderr
        assert before == fingerprint(path)

    def test_name_typed_as_amount_not_echoed(self, run: Run, ledger: tuple[str, Path]) -> None:
        """A name typed where an amount belongs is not echoed back."""
        case_id, _ = ledger
        result = run("case", "record", case_id, "payment", "--amount", "Fatima Benali")
        assert 1 == result.exit_code
        assert "Benali" not in result.stderr

    def test_deadlines_date_overflow(self, run: Run, ledger: tuple[str, Path]) -> None:
        """``deadlines --as-of 9999-12-31 --within 3660``: exit 1 with the allowed range."""
        result = run("deadlines", "--as-of", "9999-12-31", "--within", "3660")
        assert 1 == result.exit_code
        assert "2199-12-31" in result.stderr

    def test_stored_absurd_values_do_not_break_reading(
        self, run: Run, ledger: tuple[str, Path], db_url: str
    ) -> None:
        """Entries stored by an older version with absurd values: show, history, list read."""
        case_id, _ = ledger
        with Casebook.open(db_url) as book:
            view = book.load(case_id)
            row, personal, _ = encode_entry(
                case_id, view.version + 1, RentDue(date=date(2026, 3, 1), amount=Money(10**42)),
                view.head_hash, utcnow(),
            )
            book.store.append(case_id, view.version, [row], personal)
            later, personal, _ = encode_entry(
                case_id, view.version + 2, Payment(date=date(9999, 12, 31), amount=Money(5)),
                row.hash, utcnow(),
            )
            book.store.append(case_id, view.version + 1, [later], personal)
        for args in (["case", "show", case_id], ["case", "history", case_id], ["case", "list"],
                     ["case", "show", case_id, "--json"], ["case", "list", "--json"],
                     ["deadlines"]):
            result = run(*args)
            assert result.exit_code in (0, 1), (args, result.output)
            assert "internal error" not in result.stderr
        assert 0 == run("case", "history", case_id).exit_code
        assert 0 == run("case", "list").exit_code

    def test_control_characters_escaped_for_people(
        self, run: Run, open_case: Callable[..., str]
    ) -> None:
        """Escape sequences and bidi overrides in a name never reach the terminal raw."""
        hostile = "Eve\x1b]0;pwned\x07\x1b[2J\u202eevil\r\x08"
        case_id = open_case(tenant=hostile)
        for args in (["case", "list"], ["case", "show", case_id], ["case", "history", case_id]):
            result = run(*args)
            assert 0 == result.exit_code, result.output
            for char in ("\x1b", "\x07", "\u202e", "\r", "\x08"):
                assert char not in result.stdout
            assert "Eve\\x1b]0;pwned" in result.stdout
        shown = json.loads(run("case", "show", case_id, "--json").stdout)
        assert hostile == shown["tenant"]


class TestBatchFiles:
    """``letter batch`` refuses empty, unterminated and malformed files with exit 1."""

    def batch(self, run: Run, source: Path, out: Path) -> tuple[int, str]:
        option = "--xlsx" if source.suffix == ".xlsx" else "--csv"
        result = run("letter", "batch", "L16", option, str(source), "--lang", "fr",
                     "--out", str(out), "--format", "txt", "--as-of", "2026-03-01")
        return result.exit_code, result.stderr

    def test_empty_csv(self, run: Run, tmp_path: Path) -> None:
        """An empty CSV is an error, not "Wrote 0 letters"."""
        source = tmp_path / "members.csv"
        source.write_text("", encoding="utf-8")
        code, err = self.batch(run, source, tmp_path / "out")
        assert 1 == code
        assert "empty" in err

    def test_header_only_csv(self, run: Run, tmp_path: Path) -> None:
        """A header without rows is an error too."""
        source = tmp_path / "members.csv"
        source.write_text("tenant;tenant_address\n", encoding="utf-8")
        code, err = self.batch(run, source, tmp_path / "out")
        assert 1 == code
        assert "no data rows" in err

    def test_unterminated_quote(self, run: Run, tmp_path: Path) -> None:
        """An unterminated quote is refused with its line before any letter is written."""
        source = tmp_path / "members.csv"
        source.write_text('tenant;tenant_address\nA;"Rue 1\nB;Rue 2\n', encoding="utf-8")
        out = tmp_path / "out"
        code, err = self.batch(run, source, out)
        assert 1 == code
        assert "line 2" in err
        assert not out.exists() or not any(out.glob("*.txt"))

    def test_duplicate_column(self, run: Run, tmp_path: Path) -> None:
        """A column named twice is refused naming it."""
        source = tmp_path / "members.csv"
        source.write_text("tenant;Tenant\nA;B\n", encoding="utf-8")
        code, err = self.batch(run, source, tmp_path / "out")
        assert 1 == code
        assert "tenant" in err

    @pytest.mark.parametrize("content", [b"", b"PK\x03\x04garbage", b"not a zip at all"])
    def test_malformed_xlsx(self, run: Run, tmp_path: Path, content: bytes) -> None:
        """A damaged workbook: exit 1 with a clear message."""
        source = tmp_path / "members.xlsx"
        source.write_bytes(content)
        code, err = self.batch(run, source, tmp_path / "out")
        assert 1 == code
        assert "xlsx" in err

    def test_zip_without_workbook(self, run: Run, tmp_path: Path) -> None:
        """A valid zip that is not a workbook: exit 1."""
        source = tmp_path / "members.xlsx"
        with zipfile.ZipFile(source, "w") as archive:
            archive.writestr("hello.txt", "hi")
        code, err = self.batch(run, source, tmp_path / "out")
        assert 1 == code
        assert "xlsx" in err

    def test_zip_bomb(self, run: Run, tmp_path: Path) -> None:
        """A workbook that would expand hugely is refused before it is opened."""
        source = tmp_path / "members.xlsx"
        with zipfile.ZipFile(source, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 50_000_000)
        code, err = self.batch(run, source, tmp_path / "out")
        assert 1 == code
        assert "unpacks" in err
