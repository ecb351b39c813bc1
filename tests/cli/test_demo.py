"""Tests of the sample casebook (:mod:`clss_housing.cli.demo`) and ``clss-housing demo``."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import docx
import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clss_housing.casebook import Casebook
from clss_housing.cli.demo import DEMO_LETTERS, build_demo, households
from clss_housing.ledger.entries import AidPaid, ConsentGiven, Referral
from clss_housing.money import Money


Run = Callable[..., Result]

TODAY = date(2026, 11, 23)


@pytest.fixture
def book() -> Casebook:
    return Casebook.open("memory:")


class TestHouseholds:
    """The stories the demo tells."""

    def test_built_cases(self, book: Casebook, tmp_path: Path) -> None:
        """It adds five households whose balances and states tell their story."""
        report = build_demo(book, tmp_path, today=TODAY)
        assert 5 == len(set(report.case_ids))
        growing, kept, court, cpas, rehousing = (book.load(c) for c in report.case_ids)

        monthly = [growing.balance(date(2026, month, 28)).arrears for month in range(5, 12)]
        assert monthly == sorted(monthly)
        assert monthly[0] < monthly[-1]
        assert "notice_received" == report.cases[0].tracks["pre_procedure"]

        plan = kept.payment_plan(TODAY)
        assert plan is not None
        assert (False, "plan_active") == (plan.in_default, report.cases[1].tracks["pre_procedure"])

        court_plan = court.payment_plan(TODAY)
        assert court_plan is not None
        assert True is court_plan.in_default
        assert ("referred_to_court", "hearing_scheduled") == (
            report.cases[2].tracks["pre_procedure"], report.cases[2].tracks["hearing"],
        )
        assert "nl" == court.lang

        kinds = [type(e) for e in cpas.entries(TODAY)]
        assert {AidPaid, Referral, ConsentGiven} <= set(kinds)
        assert Money(100000) == cpas.balance(TODAY).aid_by_source["cpas"]

        assert "applications_pending" == report.cases[4].tracks["rehousing"]
        assert "lease_notice" in {e.kind for e in rehousing.entries(TODAY)}
        assert {"fr", "nl"} == {c.lang for c in report.cases}
        assert any("é" in c.tenant for c in report.cases)

    def test_files(self, book: Casebook, tmp_path: Path) -> None:
        """It writes a summary and one case-show JSON per case."""
        out = tmp_path / "demo"
        report = build_demo(book, out, today=TODAY)
        assert out / "casebook-summary.txt" == report.files[0]
        assert all(path.exists() for path in report.files)
        summary = (out / "casebook-summary.txt").read_text(encoding="utf-8")
        for case in report.cases:
            assert case.case_id in summary
            doc = json.loads((out / f"case-{case.case_id}.json").read_text(encoding="utf-8"))
            assert {"id", "version", "tracks", "balance", "arrears_months", "deadlines",
                    "next_steps"} <= set(doc)
            assert str(case.arrears) == doc["balance"]["arrears"]
        assert "Deadlines in the next 60 days" in summary

    def test_letters_and_summaries(self, book: Casebook, tmp_path: Path) -> None:
        """It writes each case's letters as DOCX and its summaries for the CPAS and the lead."""
        report = build_demo(book, tmp_path, today=TODAY)
        growing, _kept, court, cpas, _rehousing = report.case_ids
        for case_id, letters in zip(report.case_ids, DEMO_LETTERS, strict=True):
            lang = book.load(case_id).lang
            for letter_id in letters:
                assert tmp_path / f"{letter_id}-{case_id}-{lang}.docx" in report.files
            for partner in ("cpas", "lead"):
                for fmt in ("md", "docx"):
                    assert tmp_path / f"summary-{case_id}-{partner}.{fmt}" in report.files
        reply = docx.Document(str(tmp_path / f"L1-{growing}-fr.docx"))
        assert "Amélie Lefèvre et Noé Lefèvre" in "\n".join(p.text for p in reply.paragraphs)
        assert (tmp_path / f"L5-{court}-nl.docx").exists()
        health = "Suivi médical en cours"
        shown = (tmp_path / f"summary-{cpas}-cpas.md").read_text(encoding="utf-8")
        assert (False, True) == (health in shown, "1 note non affichée" in shown)
        assert health in (tmp_path / f"summary-{cpas}-lead.md").read_text(encoding="utf-8")

    def test_hearing_is_ahead(self, book: Casebook, tmp_path: Path) -> None:
        """It sets the court case's hearing in the coming weeks, on a weekday."""
        report = build_demo(book, tmp_path, today=TODAY)
        doc = json.loads(
            (tmp_path / f"case-{report.case_ids[2]}.json").read_text(encoding="utf-8")
        )
        hearings = [d for d in doc["deadlines"] if d["rule"] == "hearing"]
        assert 1 == len(hearings)
        day = date.fromisoformat(hearings[0]["date"])
        assert TODAY + timedelta(days=18) <= day <= TODAY + timedelta(days=25)
        assert day.weekday() < 5

    def test_twice(self, book: Casebook, tmp_path: Path) -> None:
        """It adds a new set of cases on each run, leaving earlier ones alone."""
        first = build_demo(book, tmp_path, today=TODAY)
        second = build_demo(book, tmp_path, today=TODAY)
        assert 10 == len(set(first.case_ids) | set(second.case_ids))
        assert 10 == len(book.case_ids())

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.dates(min_value=date(2024, 1, 1), max_value=date(2032, 12, 31)))
    def test_any_day(self, today: date) -> None:
        """It builds on any day: no entry after today, every ledger accepted by the workflows."""
        book = Casebook.open("memory:")
        for household in households(today):
            assert all(e.date <= today for e in household.entries)
            case_id = book.open_case(**household.opening)
            view = book.append(book.load(case_id), household.entries)
            assert view.version == len(household.entries) + 1
        plans = [book.load(c).payment_plan(today) for c in book.case_ids()]
        assert [False, True] == sorted(p.in_default for p in plans if p is not None)


class TestDemoCommand:
    """``clss-housing demo``."""

    def test_runs(self, run: Run, tmp_path: Path, db_url: str) -> None:
        """It builds the casebook, shows balances and lists the files it wrote."""
        out = tmp_path / "clss-demo"
        result = run("demo", "--out", str(out))
        assert 0 == result.exit_code, result.output
        assert "Demo casebook: 5 households added to" in result.stdout
        assert "Amélie Lefèvre" in result.stdout
        assert "referred_to_court" in result.stdout
        assert str(out / "casebook-summary.txt") in result.stdout
        assert ".docx" in result.stdout
        assert 5 == len(Casebook.open(db_url).case_ids())
        again = run("demo", "--out", str(out))
        assert 0 == again.exit_code
        assert 10 == len(Casebook.open(db_url).case_ids())
        assert 0 == run("case", "verify").exit_code

    def test_out_is_a_file(self, run: Run, tmp_path: Path, db_path: Path) -> None:
        """It refuses an --out that is a file, before touching the database."""
        target = tmp_path / "taken"
        target.write_text("x", encoding="utf-8")
        result = run("demo", "--out", str(target))
        assert (1, False) == (result.exit_code, db_path.exists())
        assert "--out" in result.stderr


class TestWithoutPartnerPlugins:
    """What `pip install .` gives a newcomer: the core without any partner plugin."""

    def test_demo_registers_the_partner_it_refers_to(self, tmp_path: Path) -> None:
        """The demo registers the CPAS it refers households to, and runs to the end."""
        from clss_housing.plugins import PluginEnvironment

        with Casebook.open(f"sqlite:///{tmp_path / 'core.db'}",
                           plugins=PluginEnvironment.core()) as book:
            assert book.partners().resolve("cpas") is None
            report = build_demo(book, tmp_path / "out", today=date(2026, 3, 2))
            assert report.cases
            found = book.partners().resolve("cpas")
            assert found is not None
            assert "casebook" == found.source

    def test_an_installed_cpas_profile_is_used_as_it_is(self, tmp_path: Path) -> None:
        """With the CPAS plugin installed, the demo adds no partner record of its own."""
        with Casebook.open(f"sqlite:///{tmp_path / 'full.db'}") as book:
            before = book.partners().resolve("cpas")
            if before is None:
                pytest.skip("the CPAS partner plugin is not installed")
            build_demo(book, tmp_path / "out", today=date(2026, 3, 2))
            after = book.partners().resolve("cpas")
            assert after is not None
            assert before.source == after.source
