"""Tests of ``clss-housing case …`` and the global behaviour of the command line (``CLI.md``)."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st
from psycopg import sql

import clss_housing
from clss_housing.casebook import Casebook
from clss_housing.cli import case as case_module
from clss_housing.cli.output import printable, table
from clss_housing.cli.parsing import BOOL_WORDS, build_entry, parse_bool, parse_date
from clss_housing.errors import ConcurrencyError, StoreError, ValidationError
from clss_housing.ledger.entries import ERASED, Judgment, PaymentPlanAgreed
from clss_housing.money import Money


Run = Callable[..., Result]
OpenCase = Callable[..., str]
Snapshot = Callable[[], tuple[dict[str, list[tuple[Any, ...]]], bytes]]

SRC = Path(clss_housing.__file__).resolve().parent.parent


def tamper(db_path: Path, case_id: str, sequence: int) -> None:
    """Change one stored amount behind the ledger's back."""
    with closing(sqlite3.connect(db_path)) as conn:
        payload = conn.execute(
            "SELECT payload FROM entries WHERE case_id = ? AND sequence = ?", (case_id, sequence)
        ).fetchone()[0]
        changed = payload.replace('000,"date"', '001,"date"')
        assert changed != payload
        conn.execute(
            "UPDATE entries SET payload = ? WHERE case_id = ? AND sequence = ?",
            (changed, case_id, sequence),
        )
        conn.commit()


def record(run: Run, case_id: str, *args: str) -> Result:
    result = run("case", "record", case_id, *args)
    assert 0 == result.exit_code, result.output
    return result


class TestGlobal:
    """Global options, exit codes and error reporting."""

    def test_version(self, run: Run) -> None:
        """It prints the version and exits 0."""
        result = run("--version")
        assert (0, f"clss-housing {clss_housing.__version__}\n") == (
            result.exit_code, result.stdout,
        )

    @pytest.mark.parametrize(
        "args",
        [
            ("frobnicate",),
            ("case", "frobnicate"),
            ("case", "list", "--bogus"),
            ("case", "open", "--tenant", "X"),
            ("case", "record"),
            ("case", "erase", "2026-AAAAAA"),
        ],
    )
    def test_usage_errors_exit_2(self, run: Run, args: tuple[str, ...], db_path: Path) -> None:
        """It exits 2 for an unknown command or option or a required one absent, writing nothing."""
        result = run(*args)
        assert 2 == result.exit_code
        assert "" == result.stdout
        assert False is db_path.exists()

    @pytest.mark.parametrize(
        "command",
        [(), ("case",), ("case", "open"), ("case", "list"), ("case", "record"), ("case", "show"),
         ("case", "history"), ("case", "verify"), ("case", "erase"), ("import", "payments"),
         ("deadlines",), ("workflow", "diagram"), ("demo",)],
    )
    def test_help(self, run: Run, command: tuple[str, ...], db_path: Path) -> None:
        """It shows help for every command without touching the database."""
        result = run(*command, "--help")
        assert (0, False) == (result.exit_code, db_path.exists())
        assert result.stdout.startswith("Usage: ")

    def test_bad_database_url(self, run: Run) -> None:
        """It refuses an unknown database URL with exit 1, naming --db."""
        result = run("case", "list", db="mysql://nobody@example/db")
        assert 1 == result.exit_code
        assert "--db" in result.stderr
        assert "unknown database URL" in result.stderr

    def test_password_hidden(self, run: Run) -> None:
        """It never prints a password written in the database URL."""
        result = run("case", "list", db="oracle://clerk:s3cret@example/db")
        assert 1 == result.exit_code
        assert "s3cret" not in result.stderr
        assert "clerk:***@" in result.stderr

    def test_missing_ledger_not_created(self, run: Run, db_path: Path) -> None:
        """It refuses to read a SQLite ledger that does not exist, and does not create it."""
        result = run("case", "list")
        assert 1 == result.exit_code
        assert "no ledger at" in result.stderr
        assert False is db_path.exists()

    def test_missing_folder(self, run: Run, tmp_path: Path) -> None:
        """It refuses a ledger in a folder that does not exist (exit 1)."""
        result = run(
            "case", "open", "--tenant", "A", "--landlord", "B", "--address", "C", "--rent", "1",
            db=f"sqlite:///{tmp_path}/nowhere/x.db",
        )
        assert 1 == result.exit_code
        assert "does not exist" in result.stderr

    def test_env_database(
        self, run: Run, open_case: OpenCase, db_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """It reads the database URL from CLSS_HOUSING_DB."""
        case_id = open_case()
        monkeypatch.setenv("CLSS_HOUSING_DB", db_url)
        from click.testing import CliRunner

        from clss_housing.cli import cli

        result = CliRunner().invoke(cli, ["case", "list", "--json"])
        assert [case_id] == [item["id"] for item in json.loads(result.stdout)]

    def test_memory_database(self, run: Run) -> None:
        """It accepts memory: (a throw-away ledger per run)."""
        result = run("case", "list", "--json", db="memory:")
        assert (0, []) == (result.exit_code, json.loads(result.stdout))

    def test_internal_error(
        self, run: Run, open_case: OpenCase, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """It exits 70 with a short message and no traceback for an unexpected error."""
        case_id = open_case()

        def boom(*args: object, **kwargs: object) -> object:
            raise RuntimeError("secret detail Élise")

        monkeypatch.setattr(case_module, "case_document", boom)
        result = run("case", "show", case_id)
        assert 70 == result.exit_code
        assert "RuntimeError" in result.stderr
        assert "secret" not in result.stderr
        assert "Traceback" not in result.stderr
        assert "CLSS_HOUSING_DEBUG" in result.stderr

    def test_internal_error_debug(
        self, run: Run, open_case: OpenCase, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """It lets the exception through when CLSS_HOUSING_DEBUG=1."""
        case_id = open_case()

        def boom(*args: object, **kwargs: object) -> object:
            raise RuntimeError("details")

        monkeypatch.setattr(case_module, "case_document", boom)
        monkeypatch.setenv("CLSS_HOUSING_DEBUG", "1")
        result = run("case", "show", case_id)
        assert isinstance(result.exception, RuntimeError)

    def test_concurrency_exit_4(
        self, run: Run, open_case: OpenCase, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """It exits 4 when concurrent writers win every retry."""
        case_id = open_case()

        def lose(self: Casebook, case: str, entry: object, **kwargs: object) -> object:
            raise ConcurrencyError(case, 1, 2)

        monkeypatch.setattr(Casebook, "record", lose)
        result = run("case", "record", case_id, "payment", "--amount", "10")
        assert 4 == result.exit_code
        assert "nothing was written" in result.stderr

    def test_store_failure_exit_74(
        self, run: Run, open_case: OpenCase, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """It exits 74 when the database fails after it was opened."""
        case_id = open_case()

        def broken(self: Casebook, case: str) -> object:
            raise StoreError("disk I/O error")

        monkeypatch.setattr(Casebook, "load", broken)
        result = run("case", "show", case_id)
        assert (74, True) == (result.exit_code, "database failed" in result.stderr)


class TestCaseOpen:
    """``case open``."""

    def test_prints_id(self, run: Run, db_path: Path) -> None:
        """It prints only the new case id and creates the ledger."""
        result = run(
            "case", "open", "--tenant", "Noé Lefèvre", "--landlord", "SA Immo", "--address",
            "Rue Royale Sainte-Marie 87, 1030 Schaerbeek", "--rent", "1.234,56",
            "--lease-start", "2020-09-01", "--lang", "NL",
        )
        assert 0 == result.exit_code, result.output
        case_id = result.stdout.strip()
        assert case_id.count("-") == 1
        assert f"{case_id}\n" == result.stdout
        view = Casebook.open(f"sqlite:///{db_path}").load(case_id)
        assert ("Noé Lefèvre", Money(123456), Money(0), date(2020, 9, 1), "nl") == (
            view.opened.tenant, view.opened.rent, view.opened.charges, view.opened.lease_start,
            view.lang,
        )

    def test_json(self, run: Run) -> None:
        """It prints {"id": …} with --json."""
        result = run(
            "case", "open", "--tenant", "A", "--landlord", "B", "--address", "C", "--rent", "700",
            "--json",
        )
        assert ["id"] == list(json.loads(result.stdout))

    @pytest.mark.parametrize(
        ("option", "value", "field"),
        [
            ("--rent", "abc", "rent"),
            ("--rent", "0", "rent"),
            ("--charges", "-5", "charges"),
            ("--lease-start", "2026-02-30", "lease-start"),
            ("--lang", "de", "lang"),
            ("--date", "2026/01/05", "date"),
            ("--tenant", "  ", "tenant"),
        ],
    )
    def test_bad_values(
        self, run: Run, db_path: Path, option: str, value: str, field: str
    ) -> None:
        """It refuses a bad value with exit 1 naming the field, and creates no ledger."""
        args = {"--tenant": "A", "--landlord": "B", "--address": "C", "--rent": "700"}
        args[option] = value
        flat = [x for pair in args.items() for x in pair]
        result = run("case", "open", *flat)
        assert 1 == result.exit_code
        assert result.stderr.startswith(f"Error: {field}:")
        assert "" == result.stdout
        assert False is db_path.exists()

    def test_personal_value_not_echoed(self, run: Run) -> None:
        """It does not repeat a refused personal value (a too long name) in the error."""
        result = run(
            "case", "open", "--tenant", "Dupont" * 100, "--landlord", "B", "--address", "C",
            "--rent", "700",
        )
        assert 1 == result.exit_code
        assert "Dupont" not in result.stderr


class TestCaseRecord:
    """``case record``: typed --set values, refusals, and a ledger left untouched."""

    def test_payment(self, run: Run, open_case: OpenCase) -> None:
        """It records a payment and says where; amounts in the case's style."""
        case_id = open_case()
        record(run, case_id, "rent_due", "--date", "2026-01-01", "--amount", "750")
        result = record(
            run, case_id, "payment", "--date", "2026-01-05", "--amount", "1.234,56",
            "--set", "reference=virement janvier",
        )
        assert result.stdout.startswith(
            f"Recorded payment as entry 3 of case {case_id} (2026-01-05)."
        )

    def test_json(self, run: Run, open_case: OpenCase) -> None:
        """It prints the recorded entry in the history shape with --json."""
        case_id = open_case()
        result = record(
            run, case_id, "aid_paid", "--date", "2026-02-10", "--amount", "300,5",
            "--set", "source=cpas", "--json",
        )
        document = json.loads(result.stdout)
        recorded_at = document.pop("recorded_at")
        assert {
            "case": case_id, "sequence": 2, "kind": "aid_paid", "date": "2026-02-10",
            "amount": "300.50", "source": "cpas", "by": {"user": "tester", "partner": "local"},
        } == document
        assert recorded_at.endswith("+00:00")

    def test_signed_adjustment(self, run: Run, open_case: OpenCase) -> None:
        """It takes a negative --amount for an adjustment (a credit note)."""
        case_id = open_case()
        result = record(run, case_id, "adjustment", "--date", "2026-02-01", "--amount",
                        "-1.234,50", "--set", "reason=note de crédit", "--json")
        assert ("-1234.50", "note de crédit") == tuple(
            json.loads(result.stdout)[k] for k in ("amount", "reason")
        )

    def test_date_defaults_to_today(self, run: Run, open_case: OpenCase) -> None:
        """It dates the entry today when --date is left out."""
        case_id = open_case()
        result = record(run, case_id, "note", "--set", "text=Appel du CPAS", "--json")
        assert date.today().isoformat() == json.loads(result.stdout)["date"]

    def test_typed_values(self, run: Run, open_case: OpenCase, db_url: str) -> None:
        """It converts --set values by the field's type: amount, date, int, choice, bool."""
        case_id = open_case()
        record(
            run, case_id, "payment_plan_agreed", "--date", "2026-03-01",
            "--set", "instalment=150,00", "--set", "first_due=2026-04-05", "--set", "count=12",
        )
        record(run, case_id, "petition_filed", "--date", "2026-05-01", "--set", "eviction=non")
        record(run, case_id, "hearing_scheduled", "--date", "2026-05-10",
               "--set", "hearing_date=2026-06-16")
        record(run, case_id, "judgment", "--date", "2026-06-16",
               "--set", "outcome=payment_terms", "--set", "default=ja")
        entries = [r.entry for r in Casebook.open(db_url).load(case_id).records]
        assert PaymentPlanAgreed(
            date=date(2026, 3, 1), instalment=Money(15000), first_due=date(2026, 4, 5), count=12
        ) == entries[1]
        assert False is entries[2].eviction  # type: ignore[attr-defined]
        assert Judgment(date=date(2026, 6, 16), outcome="payment_terms", default=True) == (
            entries[4]
        )

    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            (("payment", "--date", "2026-13-45", "--amount", "5"), "date: '2026-13-45'"),
            (("payment", "--amount", "abc"), "amount: is not an amount"),
            (("payment", "--amount", "-5"), "amount: '-5.00' must be greater than zero"),
            (("payment",), "amount: is required for payment; give it with --amount"),
            (("aid_paid", "--amount", "5"), "source: is required for aid_paid; give it with "
                                            "--set source=cpas|fonds_logement|other"),
            (("aid_paid", "--amount", "5", "--set", "source=ocmw"),
             "source: 'ocmw' must be one of: cpas, fonds_logement, other"),
            (("aid_paid", "--amount", "5", "--set", "source=cpas", "--set", "colour=red"),
             "set: 'colour' is not a field of aid_paid; aid_paid takes: "
             "source=cpas|fonds_logement|other"),
            (("notice_received", "--set", "x=1"),
             "set: 'x' is not a field of notice_received; notice_received takes no --set"),
            (("note", "--amount", "5", "--set", "text=x"), "amount: '5' is not taken"),
            (("payment", "--amount", "5", "--set", "amount=5"), "set amount: is given with "
                                                                "--amount"),
            (("payment", "--amount", "5", "--set", "reference"), "set: 'reference' must be "
                                                                 "written KEY=VALUE"),
            (("note", "--set", "text=a", "--set", "text=b"), "set: 'text' is given twice"),
            (("petition_filed", "--set", "eviction=peut-être"), "eviction: 'peut-être' is not "
                                                                "yes or no"),
            (("payment_plan_agreed", "--set", "instalment=10", "--set", "first_due=2026-01-01",
              "--set", "count=twelve"), "count: is not a whole number"),
            (("payment_plan_agreed", "--set", "instalment=10", "--set", "first_due=2026-01-01",
              "--set", "count=0"), "count: 0 must be a whole number from 1 to 240"),
            (("case_opened",), "kind: 'case_opened' cases are opened with"),
            (("frobnicate",), "kind: 'frobnicate' is not a known entry kind; known: rent_due"),
            (("correction", "--set", "corrects=9", "--set", "reason=typo"),
             "corrects: 9 names no entry"),
        ],
    )
    def test_refusals(
        self, run: Run, open_case: OpenCase, snapshot: Snapshot,
        args: tuple[str, ...], expected: str,
    ) -> None:
        """It refuses a bad kind or value with exit 1 and a message naming it; nothing changes."""
        case_id = open_case()
        before = snapshot()
        result = run("case", "record", case_id, *args)
        assert 1 == result.exit_code
        assert result.stderr.startswith(f"Error: {expected}"), result.stderr
        assert "" == result.stdout
        assert before == snapshot()

    def test_refused_transition(self, run: Run, open_case: OpenCase, snapshot: Snapshot) -> None:
        """It refuses an entry the track does not allow now, naming track, state and triggers."""
        case_id = open_case()
        before = snapshot()
        result = run("case", "record", case_id, "judgment", "--set", "outcome=eviction")
        assert 1 == result.exit_code
        assert "track 'hearing' in state 'not_started'" in result.stderr
        assert "allowed now: petition_filed" in result.stderr
        assert f"clss-housing case show {case_id}" in result.stderr
        assert before == snapshot()

    @pytest.mark.parametrize("case_id", ["2026-NOPE00", "../etc", "a b"])
    def test_unknown_case(
        self, run: Run, open_case: OpenCase, snapshot: Snapshot, case_id: str
    ) -> None:
        """It refuses an unknown or malformed case id with exit 1."""
        open_case()
        before = snapshot()
        result = run("case", "record", case_id, "payment", "--amount", "5")
        assert 1 == result.exit_code
        assert result.stderr.startswith("Error: case")
        assert before == snapshot()

    def test_text_not_echoed(self, run: Run, open_case: OpenCase) -> None:
        """It never echoes free text in an error, even typed where a --set key was expected."""
        case_id = open_case()
        result = run("case", "record", case_id, "note", "--set", "Madame Dupont est malade")
        assert 1 == result.exit_code
        assert "Error: set: must be written KEY=VALUE" in result.stderr
        assert "Dupont" not in result.stderr
        result = run("case", "record", case_id, "note", "--set", "Mme Dupont: malade=oui")
        assert (1, False) == (result.exit_code, "Dupont" in result.stderr)
        result = run("case", "record", case_id, "note", "--set", "text=" + "Dupont " * 4000)
        assert 1 == result.exit_code
        assert "Dupont" not in result.stderr


class TestParsing:
    """The value parsers behind --date, --amount and --set."""

    @pytest.mark.parametrize(("word", "value"), sorted(BOOL_WORDS.items()))
    def test_bool_words(self, word: str, value: bool) -> None:
        """It reads yes and no in English, French and Dutch, in any case."""
        assert (value, value) == (parse_bool(word, "x"), parse_bool(word.upper(), "x"))

    @pytest.mark.parametrize("text", ["2026-1-5", "20260105", "2026-W01-1", "2026/1/5", "1/5", ""])
    def test_iso_dates_only(self, text: str) -> None:
        """It accepts only YYYY-MM-DD or DD/MM/YYYY on the command line (not other forms)."""
        with pytest.raises(ValidationError):
            parse_date(text)

    def test_optional_amount(self) -> None:
        """It leaves an optional amount unset (a formal notice without a claimed amount)."""
        entry = build_entry("notice_received", on=date(2026, 1, 5))
        assert None is entry.amount  # type: ignore[attr-defined]

    @settings(max_examples=50)
    @given(st.lists(st.lists(st.text(max_size=8), min_size=3, max_size=3), max_size=6))
    def test_table_columns_line_up(self, rows: list[list[str]]) -> None:
        """It starts every column at the same offset on every line."""
        clean = [[" ".join(printable(cell).split()) or "-" for cell in row] for row in rows]
        lines = table(["a", "bb", "ccc"], clean).split("\n")
        widths = [max(len(r[i]) for r in [["a", "bb", "ccc"], *clean]) for i in range(3)]
        starts = [0, widths[0] + 2, widths[0] + widths[1] + 4]
        for line, cells in zip(lines[2:], clean, strict=True):
            assert [line[s:s + len(c)] for s, c in zip(starts, cells, strict=True)] == cells


class TestCaseShow:
    """``case show``."""

    def build(self, run: Run, case_id: str) -> None:
        record(run, case_id, "rent_due", "--date", "2026-01-01", "--amount", "750")
        record(run, case_id, "charges_due", "--date", "2026-01-01", "--amount", "50")
        record(run, case_id, "payment", "--date", "2026-01-10", "--amount", "300")
        record(run, case_id, "aid_paid", "--date", "2026-01-20", "--amount", "100",
               "--set", "source=cpas")
        record(run, case_id, "notice_received", "--date", "2026-01-05", "--amount", "800")
        record(run, case_id, "rent_due", "--date", "2026-02-01", "--amount", "750")

    def test_json_contract(self, run: Run, open_case: OpenCase) -> None:
        """It prints the keys of CLI.md with amounts as two-decimal strings."""
        case_id = open_case()
        self.build(run, case_id)
        result = run("case", "show", case_id, "--as-of", "2026-01-31", "--json")
        assert 0 == result.exit_code, result.output
        doc = json.loads(result.stdout)
        assert {"id", "version", "tracks", "balance", "arrears_months", "deadlines",
                "next_steps"} <= set(doc)
        assert (case_id, 7) == (doc["id"], doc["version"])
        assert {"due": "800.00", "paid": "300.00", "aid": "100.00", "arrears": "400.00"} == (
            doc["balance"]
        )
        assert "0.53" == doc["arrears_months"]
        assert ["pre_procedure", "hearing", "rehousing", "lease_negotiation"] == list(
            doc["tracks"]
        )
        assert "notice_received" == doc["tracks"]["pre_procedure"]
        assert {"cpas": "100.00"} == doc["aid_by_source"]
        assert all({"track", "trigger"} == set(step) for step in doc["next_steps"])
        assert {"track": "hearing", "trigger": "petition_filed"} in doc["next_steps"]
        rules = {d["rule"]: d for d in doc["deadlines"]}
        assert {"case", "rule", "date", "basis", "track"} <= set(
            rules["pre_court_waiting_period"]
        )
        assert "2026-02-05" == rules["pre_court_waiting_period"]["date"]
        assert "Élise Dupont-Vandenbroucke" == doc["tenant"]

    def test_as_of_leaves_out_later_entries(self, run: Run, open_case: OpenCase) -> None:
        """It leaves out entries dated after --as-of."""
        case_id = open_case()
        self.build(run, case_id)
        early = json.loads(run("case", "show", case_id, "--as-of", "2026-01-04",
                               "--json").stdout)
        late = json.loads(run("case", "show", case_id, "--as-of", "2026-03-01",
                              "--json").stdout)
        assert ("800.00", "no_notice") == (early["balance"]["arrears"],
                                           early["tracks"]["pre_procedure"])
        assert "1150.00" == late["balance"]["arrears"]

    def test_for_people(self, run: Run, open_case: OpenCase) -> None:
        """It shows identity, balance in the case's style, tracks, deadlines and next steps."""
        case_id = open_case()
        self.build(run, case_id)
        result = run("case", "show", case_id, "--as-of", "2026-01-31")
        assert 0 == result.exit_code, result.output
        text = result.stdout
        for expected in ("Élise Dupont-Vandenbroucke", "400,00\xa0€", "0,53 months of rent",
                         "notice_received", "pre_court_waiting_period", "petition_filed",
                         "cpas 100,00\xa0€"):
            assert expected in text

    def test_dutch_case_amounts(self, run: Run, open_case: OpenCase) -> None:
        """It writes a Dutch case's amounts the Dutch way."""
        case_id = open_case("--lang", "nl")
        assert "€\xa0750,00" in run("case", "show", case_id).stdout

    @pytest.mark.parametrize(
        ("args", "code"), [(("2026-NOPE00",), 1), (("X", "--as-of", "2026-02-30"), 1)]
    )
    def test_refusals(self, run: Run, open_case: OpenCase, args: tuple[str, ...],
                      code: int) -> None:
        """It refuses an unknown case or a bad --as-of with exit 1."""
        open_case()
        assert code == run("case", "show", *args).exit_code


class TestCaseList:
    """``case list``."""

    def test_json(self, run: Run, open_case: OpenCase) -> None:
        """It lists id, tenant, tracks and arrears of every case."""
        first = open_case(tenant="Amélie Lefèvre")
        second = open_case(tenant="Jan De Smedt")
        record(run, second, "rent_due", "--date", "2026-01-01", "--amount", "750")
        items = json.loads(run("case", "list", "--json", "--as-of", "2026-01-15").stdout)
        by_id = {item["id"]: item for item in items}
        assert {first, second} == set(by_id)
        assert {"id", "tenant", "tracks", "arrears"} <= set(by_id[first])
        assert ("Jan De Smedt", "750.00", "0.00") == (
            by_id[second]["tenant"], by_id[second]["arrears"], by_id[first]["arrears"],
        )
        assert "not_started" == by_id[first]["tracks"]["hearing"]

    def test_table(self, run: Run, open_case: OpenCase) -> None:
        """It shows a table with one line per case."""
        case_id = open_case()
        lines = run("case", "list").stdout.splitlines()
        assert 3 == len(lines)
        assert lines[2].startswith(f"{case_id}  Élise Dupont-Vandenbroucke")

    def test_empty(self, run: Run) -> None:
        """It says how to start when there are no cases."""
        result = run("case", "list", db="memory:")
        assert "No cases yet" in result.stdout


class TestCaseHistory:
    """``case history``."""

    def test_json(self, run: Run, open_case: OpenCase) -> None:
        """It lists each entry: sequence, kind, date, amount, payload fields, recorded_at."""
        case_id = open_case()
        record(run, case_id, "payment", "--date", "2026-01-05", "--amount", "100")
        record(run, case_id, "note", "--date", "2026-01-06", "--set", "text=Appel",
               "--set", "category=health")
        record(run, case_id, "correction", "--date", "2026-01-07", "--set", "corrects=2",
               "--set", "reason=double saisie")
        items = json.loads(run("case", "history", case_id, "--json").stdout)
        for item in items:
            assert item.pop("recorded_at")
            assert {"user": "tester", "partner": "local"} == item.pop("by")
        assert [
            {"sequence": 1, "kind": "case_opened", "date": "2026-01-01", "amount": None,
             "tenant": "Élise Dupont-Vandenbroucke", "landlord": "Jean-Marc Dubois",
             "address": "Rue de Brabant 142, 1030 Schaerbeek", "rent": "750.00",
             "charges": "50.00", "lease_start": None, "lang": "fr",
             "civility": "neutral"},
            {"sequence": 2, "kind": "payment", "date": "2026-01-05", "amount": "100.00",
             "reference": ""},
            {"sequence": 3, "kind": "note", "date": "2026-01-06", "amount": None,
             "text": "Appel", "category": "health"},
            {"sequence": 4, "kind": "correction", "date": "2026-01-07", "amount": None,
             "corrects": 2, "reason": "double saisie"},
        ] == items

    def test_table(self, run: Run, open_case: OpenCase) -> None:
        """It marks corrected entries in the table."""
        case_id = open_case()
        record(run, case_id, "payment", "--date", "2026-01-05", "--amount", "100")
        record(run, case_id, "correction", "--set", "corrects=2", "--set", "reason=erreur")
        text = run("case", "history", case_id).stdout
        assert "[corrected by #3]" in text
        assert "→ #2" in text


class TestCaseVerify:
    """``case verify``."""

    def test_intact(self, run: Run, open_case: OpenCase) -> None:
        """It exits 0 when every chain is intact."""
        case_id = open_case()
        open_case()
        assert (0, "Every case is intact (2 checked).\n") == (
            run("case", "verify").exit_code, run("case", "verify").stdout,
        )
        assert 0 == run("case", "verify", case_id).exit_code

    def test_tampered(self, run: Run, open_case: OpenCase, db_path: Path) -> None:
        """It exits 3 naming the case and the first broken sequence."""
        case_id = open_case()
        other = open_case()
        record(run, case_id, "rent_due", "--date", "2026-01-01", "--amount", "750")
        record(run, case_id, "payment", "--date", "2026-01-05", "--amount", "750")
        tamper(db_path, case_id, 2)
        result = run("case", "verify")
        assert 3 == result.exit_code
        assert f"case {case_id} is broken at sequence 2" in result.stderr
        assert 0 == run("case", "verify", other).exit_code
        doc = json.loads(run("case", "verify", "--json").stdout)
        assert (False, 2) == (doc["ok"], doc["checked"])
        assert [{"case": case_id, "sequence": 2}] == [
            {k: p[k] for k in ("case", "sequence")} for p in doc["problems"]
        ]

    def test_unknown_case(self, run: Run, open_case: OpenCase) -> None:
        """It refuses an unknown case with exit 1."""
        open_case()
        assert 1 == run("case", "verify", "2026-NOPE00").exit_code


class TestCaseErase:
    """``case erase --person``."""

    def test_erase_with_yes(self, run: Run, open_case: OpenCase) -> None:
        """It erases names, address and notes; amounts stay and verify passes."""
        case_id = open_case()
        record(run, case_id, "payment", "--date", "2026-01-05", "--amount", "100",
               "--set", "reference=Dupont janvier")
        record(run, case_id, "note", "--set", "text=Madame Dupont est malade")
        result = run("case", "erase", case_id, "--person", "--yes")
        assert 0 == result.exit_code, result.output
        assert f"Erased 5 personal values of case {case_id}" in result.stdout
        items = json.loads(run("case", "history", case_id, "--json").stdout)
        assert [ERASED] * 3 == [items[0][k] for k in ("tenant", "landlord", "address")]
        assert (ERASED, "100.00") == (items[1]["reference"], items[1]["amount"])
        assert ERASED == items[2]["text"]
        assert 0 == run("case", "verify", case_id).exit_code

    def test_refuses_without_terminal(
        self, run: Run, open_case: OpenCase, snapshot: Snapshot
    ) -> None:
        """It refuses (exit 1) without --yes when nobody can confirm, explaining --yes."""
        case_id = open_case()
        before = snapshot()
        result = run("case", "erase", case_id, "--person")
        assert 1 == result.exit_code
        assert "--yes" in result.stderr
        assert before == snapshot()

    @pytest.mark.parametrize(("answer", "code"), [("y\n", 0), ("n\n", 1)])
    def test_asks_on_a_terminal(
        self, run: Run, open_case: OpenCase, monkeypatch: pytest.MonkeyPatch,
        snapshot: Snapshot, answer: str, code: int,
    ) -> None:
        """It asks for confirmation on a terminal and erases only on yes."""
        case_id = open_case()
        before = snapshot()
        monkeypatch.setattr(case_module, "stdin_is_interactive", lambda: True)
        result = run("case", "erase", case_id, "--person", input=answer)
        assert code == result.exit_code
        assert "cannot be undone" in result.stderr
        assert (code == 1) is (before == snapshot())

    def test_unknown_case(self, run: Run, open_case: OpenCase) -> None:
        """It refuses an unknown case with exit 1."""
        open_case()
        assert 1 == run("case", "erase", "2026-NOPE00", "--person", "--yes").exit_code


class TestRealProcesses:
    """``python -m clss_housing`` in a real process: the exit codes scripts see."""

    def cli(self, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONIOENCODING": "utf-8"}
        env.pop("CLSS_HOUSING_DB", None)
        return subprocess.run(
            [sys.executable, "-m", "clss_housing", *args],
            cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60,
            check=False,
        )

    def test_exit_codes(self, tmp_path: Path) -> None:
        """It exits 0, 1, 2 and 3 as CLI.md says, using clss-housing.db in the current folder."""
        opened = self.cli(
            tmp_path, "case", "open", "--tenant", "Anaïs Verbeke", "--landlord", "Immo",
            "--address", "Avenue Louis Bertrand 23", "--rent", "700",
        )
        assert 0 == opened.returncode, opened.stderr
        case_id = opened.stdout.strip()
        assert (tmp_path / "clss-housing.db").exists()

        done = self.cli(tmp_path, "case", "record", case_id, "rent_due", "--amount", "700",
                        "--date", "2026-01-01")
        assert 0 == done.returncode, done.stderr
        refused = self.cli(tmp_path, "case", "record", case_id, "payment", "--amount", "abc")
        assert (1, "") == (refused.returncode, refused.stdout)
        assert "amount: is not an amount" in refused.stderr
        usage = self.cli(tmp_path, "case", "record", case_id, "payment", "--amont", "5")
        assert 2 == usage.returncode
        assert 0 == self.cli(tmp_path, "case", "verify").returncode

        tamper(tmp_path / "clss-housing.db", case_id, 2)
        broken = self.cli(tmp_path, "case", "verify")
        assert 3 == broken.returncode
        assert f"case {case_id} is broken at sequence 2" in broken.stderr

    def test_version_and_json(self, tmp_path: Path) -> None:
        """It prints the version, and JSON alone on stdout."""
        assert 0 == self.cli(tmp_path, "--version").returncode
        listed = self.cli(tmp_path, "--db", "memory:", "case", "list", "--json")
        assert (0, [], "") == (listed.returncode, json.loads(listed.stdout), listed.stderr)


class TestDeadlines:
    """``deadlines``: every case's deadlines in a window, by date."""

    def build(self, run: Run, open_case: OpenCase) -> tuple[str, str]:
        first = open_case(tenant="Amélie Lefèvre")
        second = open_case(tenant="Jan De Smedt")
        record(run, first, "notice_received", "--date", "2026-01-05", "--amount", "800")
        record(run, second, "notice_received", "--date", "2026-01-20")
        return first, second

    def test_json(self, run: Run, open_case: OpenCase) -> None:
        """It lists the deadlines in [as-of, as-of + DAYS] of every case, sorted by date."""
        first, second = self.build(run, open_case)
        result = run("deadlines", "--as-of", "2026-01-25", "--within", "30", "--json")
        assert 0 == result.exit_code, result.output
        found = json.loads(result.stdout)
        assert [(first, "pre_court_waiting_period", "2026-02-05"),
                (second, "pre_court_waiting_period", "2026-02-20")] == [
            (d["case"], d["rule"], d["date"]) for d in found
        ]
        assert all({"case", "rule", "date", "basis", "track"} <= set(d) for d in found)
        narrow = run("deadlines", "--as-of", "2026-01-25", "--within", "15", "--json")
        assert [first] == [d["case"] for d in json.loads(narrow.stdout)]

    def test_one_case_to_icalendar(
        self, run: Run, open_case: OpenCase, tmp_path: Path
    ) -> None:
        """It limits the list to one case and writes it as an iCalendar file without names."""
        first, second = self.build(run, open_case)
        ics = tmp_path / "agenda.ics"
        result = run("deadlines", "--as-of", "2026-01-25", "--within", "30",
                     "--case", first, "--ics", str(ics), "--json")
        assert 0 == result.exit_code, result.output
        assert [first] == [d["case"] for d in json.loads(result.stdout)]
        text = ics.read_bytes().decode("utf-8")
        assert text.startswith("BEGIN:VCALENDAR\r\n")
        assert 1 == text.count("BEGIN:VEVENT")
        assert "DTSTART;VALUE=DATE:20260205" in text
        assert second not in text
        assert "Amélie" not in text

    def test_unknown_case_is_refused(self, run: Run, open_case: OpenCase) -> None:
        """It exits 1 naming the case when --case names no case."""
        self.build(run, open_case)
        result = run("deadlines", "--case", "2026-NOPE00")
        assert 1 == result.exit_code
        assert "2026-NOPE00" in result.stderr

    def test_table(self, run: Run, open_case: OpenCase) -> None:
        """It shows date, days left, case and tenant for people."""
        first, _ = self.build(run, open_case)
        text = run("deadlines", "--as-of", "2026-01-25", "--within", "15").stdout
        assert "2026-02-05" in text
        assert "11 d" in text
        assert f"{first}  Amélie Lefèvre" in text

    def test_nothing(self, run: Run, open_case: OpenCase) -> None:
        """It says when no deadline falls in the window."""
        self.build(run, open_case)
        result = run("deadlines", "--as-of", "2027-01-01")
        assert "No deadline between 2027-01-01 and 2027-01-31." == result.stdout.strip()

    @pytest.mark.parametrize(
        ("args", "field"),
        [(("--within", "soon"), "within"), (("--within", "-3"), "within"),
         (("--as-of", "2026-02-30"), "as-of")],
    )
    def test_bad_values(
        self, run: Run, open_case: OpenCase, args: tuple[str, ...], field: str
    ) -> None:
        """It refuses a bad --within or --as-of with exit 1 naming it."""
        open_case()
        result = run("deadlines", *args)
        assert 1 == result.exit_code
        assert result.stderr.startswith(f"Error: {field}:")


class TestWorkflowDiagram:
    """``workflow diagram TRACK --out FILE``."""

    @pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
    def test_svg(self, run: Run, tmp_path: Path) -> None:
        """It writes the track's diagram as SVG."""
        out = tmp_path / "hearing.svg"
        result = run("workflow", "diagram", "hearing", "--out", str(out))
        assert 0 == result.exit_code, result.output
        assert "<svg" in out.read_text(encoding="utf-8")

    @pytest.mark.parametrize(
        ("track", "name", "field"),
        [("trial", "x.svg", "track"), ("hearing", "x.pdf", "format"),
         ("hearing", "missing/x.svg", "--out")],
    )
    def test_refusals(
        self, run: Run, tmp_path: Path, track: str, name: str, field: str
    ) -> None:
        """It refuses an unknown track, format or folder with exit 1 and writes nothing."""
        result = run("workflow", "diagram", track, "--out", str(tmp_path / name))
        assert 1 == result.exit_code
        assert result.stderr.startswith(f"Error: {field}:")
        assert [] == list(tmp_path.iterdir())


@pytest.fixture
def pg_schema_url(postgres_url: str) -> Iterator[str]:
    """``postgres_url`` in a fresh schema of its own, dropped (with its tables) afterwards."""
    name = f"clss_cli_{secrets.token_hex(6)}"
    yield postgres_url + ("&" if "?" in postgres_url else "?") + f"schema={name}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))


@pytest.mark.postgres
class TestPostgres:
    """The same commands against a PostgreSQL ledger."""

    def test_open_record_show_verify(self, run: Run, pg_schema_url: str) -> None:
        """It opens, records, shows and verifies a case in PostgreSQL (a schema of its own)."""
        postgres_url = pg_schema_url
        opened = run("case", "open", "--tenant", "Zoë Peeters", "--landlord", "OVM",
                     "--address", "Brabantstraat 1", "--rent", "600", "--json", db=postgres_url)
        assert 0 == opened.exit_code, opened.output
        case_id = json.loads(opened.stdout)["id"]
        done = run("case", "record", case_id, "rent_due", "--date", "2026-01-01",
                   "--amount", "600", db=postgres_url)
        assert 0 == done.exit_code, done.output
        shown = json.loads(run("case", "show", case_id, "--json", db=postgres_url).stdout)
        assert ("Zoë Peeters", "600.00") == (shown["tenant"], shown["balance"]["arrears"])
        assert 0 == run("case", "verify", case_id, db=postgres_url).exit_code
