"""Facts: from the ledger first, explicit values second, missing ones found before rendering."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from clss_housing.documents.catalogue import FACTS, letter
from clss_housing.documents.facts import collect_facts, parse_fact, winter_moratorium
from clss_housing.documents.render import prepare_letter, render_letter, write_letter
from clss_housing.errors import MissingFactsError, ValidationError
from clss_housing.money import Money
from clss_housing.testing.samples import SAMPLE_DATE, sample_values
from clss_housing.view import CaseView


class TestParsing:
    @pytest.mark.parametrize("raw", ["2026-04-05", "05/04/2026", "5.4.2026", date(2026, 4, 5)])
    def test_dates(self, raw: object) -> None:
        """It reads ISO and Belgian day-first dates."""
        assert date(2026, 4, 5) == parse_fact(FACTS["first_due"], raw)

    @pytest.mark.parametrize(("raw", "cents"), [
        ("1.234,56", 123456), ("1234.56", 123456), ("250", 25000), (250, 25000),
        (1234.5, 123450), (Money(100), 100),
    ])
    def test_amounts(self, raw: object, cents: int) -> None:
        """It reads amounts as typed by people and spreadsheets."""
        assert Money(cents) == parse_fact(FACTS["instalment"], raw)

    @pytest.mark.parametrize(("fact", "raw"), [
        ("first_due", "31/02/2026"), ("first_due", "tomorrow"), ("instalment", "12,345"),
        ("instalment", "-5"), ("instalment", 1.005), ("notice_months", "three"),
        ("notice_months", 2.5),
    ])
    def test_refuses_bad_values_naming_the_fact(self, fact: str, raw: object) -> None:
        """It refuses a bad value with a ValidationError naming ``set.<fact>``."""
        with pytest.raises(ValidationError) as caught:
            parse_fact(FACTS[fact], raw)
        assert f"set.{fact}" == caught.value.field

    def test_empty_is_absent(self) -> None:
        """It treats an empty value as not given."""
        assert parse_fact(FACTS["court"], "  ") is None

    def test_text_is_never_echoed(self) -> None:
        """It never puts a text value in an error message."""
        with pytest.raises(ValidationError) as caught:
            parse_fact(FACTS["court"], "secret\x00name")
        assert "secret" not in str(caught.value)


class TestLedgerFirst:
    def test_case_supplies_what_it_records(self, views: dict[str, CaseView]) -> None:
        """It reads tenant, arrears and the formal notice from the ledger."""
        facts = collect_facts(letter("L1"), views["arrears"], sample_values("L1", "fr"),
                              as_of=SAMPLE_DATE, lang="fr")
        assert "Aïcha El Idrissi-Dupont" == facts.values["tenant"]
        assert Money(282500) == facts.values["arrears"]
        assert date(2026, 1, 5) == facts.values["notice_date"]
        assert Money(147500) == facts.values["notice_amount"]
        assert () == facts.missing

    def test_explicit_values_never_override_the_ledger(self, views: dict[str, CaseView]) -> None:
        """It keeps the ledger's value and reports the explicit one as ignored."""
        values = {**sample_values("L1", "fr"), "tenant": "Someone Else", "arrears": "1,00",
                  "notice_date": "2020-01-01"}
        facts = collect_facts(letter("L1"), views["arrears"], values, as_of=SAMPLE_DATE,
                              lang="fr")
        assert "Aïcha El Idrissi-Dupont" == facts.values["tenant"]
        assert Money(282500) == facts.values["arrears"]
        assert date(2026, 1, 5) == facts.values["notice_date"]
        assert {"tenant", "arrears", "notice_date"} == set(facts.ignored)
        text = render_letter(views["arrears"], "L1", lang="fr", fmt="txt", values=values,
                             as_of=SAMPLE_DATE).decode()
        assert "Someone Else" not in text

    def test_explicit_values_fill_what_the_ledger_lacks(self, views: dict[str, CaseView]) -> None:
        """It takes an explicit value for a fact the case could supply but does not record."""
        facts = collect_facts(letter("L13"), views["arrears"],
                              {**sample_values("L13", "fr"), "keys_returned_date": "2026-02-01"},
                              as_of=SAMPLE_DATE, lang="fr")
        assert date(2026, 2, 1) == facts.values["keys_returned_date"]
        # A lease of 2021: the two-month return (CBL art. 248, 2024) is not claimed.
        assert "guarantee_deadline" not in facts.context

    def test_dates_after_the_letter_do_not_count(self, views: dict[str, CaseView]) -> None:
        """It leaves out entries dated after the letter's date."""
        facts = collect_facts(letter("L1"), views["arrears"], sample_values("L1", "fr"),
                              as_of=date(2026, 1, 1), lang="fr")
        assert ("notice_date",) == facts.missing

    def test_unknown_names_are_refused(self, views: dict[str, CaseView]) -> None:
        """It refuses a --set name that is no fact of the letter, listing the facts."""
        with pytest.raises(ValidationError) as caught:
            collect_facts(letter("L10"), views["lease"], {"landlord_adress": "x"},
                          as_of=SAMPLE_DATE, lang="fr")
        assert "landlord_address" in str(caught.value)


class TestMissingFacts:
    def test_lists_every_missing_fact(self, views: dict[str, CaseView]) -> None:
        """It names every missing fact in one error, in the letter's order."""
        with pytest.raises(MissingFactsError) as caught:
            prepare_letter(views["arrears"], "L1", lang="fr", as_of=SAMPLE_DATE)
        assert ("landlord_address", "instalment", "first_due") == caught.value.missing
        assert "L1" == caught.value.document

    def test_without_a_case_everything_is_needed(self) -> None:
        """It needs every required fact from the values when there is no case."""
        with pytest.raises(MissingFactsError) as caught:
            render_letter(None, "L3", lang="nl", fmt="docx", values={"tenant": "X"})
        assert ("tenant_address", "landlord", "landlord_address", "court", "arrears") == (
            caught.value.missing)

    @pytest.mark.parametrize("fmt", ["docx", "txt", "html", "md"])
    def test_writes_no_file(self, views: dict[str, CaseView], tmp_path: Path, fmt: str) -> None:
        """It writes nothing when a fact is missing."""
        out = tmp_path / f"letter.{fmt}"
        with pytest.raises(MissingFactsError):
            write_letter(views["eviction"], "L6", lang="nl", out=out, as_of=SAMPLE_DATE)
        assert [] == list(tmp_path.iterdir())


class TestDerived:
    @pytest.mark.parametrize(("day", "expected"), [
        (date(2026, 3, 10), (date(2025, 11, 1), date(2026, 3, 15), True)),
        (date(2026, 11, 1), (date(2026, 11, 1), date(2027, 3, 15), True)),
        (date(2026, 3, 16), (date(2026, 11, 1), date(2027, 3, 15), False)),
    ])
    def test_winter_moratorium(self, day: date, expected: tuple[date, date, bool]) -> None:
        """It finds the moratorium holding a date, or the next one."""
        assert expected == winter_moratorium(day)

    def test_proposed_plan_covers_the_arrears(self, views: dict[str, CaseView]) -> None:
        """It splits the arrears in instalments, the last one the remainder."""
        facts = collect_facts(letter("L1"), views["arrears"], sample_values("L1", "fr"),
                              as_of=SAMPLE_DATE, lang="fr")
        schedule = facts.context["schedule"]
        assert 12 == len(schedule) == facts.context["instalment_count"]
        assert Money(7500) == schedule[-1]["amount"]
        assert Money(282500) == facts.context["plan_total"]
        assert date(2027, 3, 5) == schedule[-1]["due"]

    def test_notice_period(self, views: dict[str, CaseView]) -> None:
        """It starts the tenant's notice on the first day of the next month."""
        facts = collect_facts(letter("L9"), views["lease"], sample_values("L9", "fr"),
                              as_of=SAMPLE_DATE, lang="fr")
        assert (date(2026, 4, 1), date(2026, 6, 30)) == (
            facts.context["notice_start"], facts.context["notice_end"])

    def test_indexation_too_far_back(self, views: dict[str, CaseView]) -> None:
        """It flags an indexation claimed before the three months preceding the request."""
        facts = collect_facts(letter("L11"), views["lease"], sample_values("L11", "fr"),
                              as_of=SAMPLE_DATE, lang="fr")
        assert facts.context["retroactive_excess"]
        assert date(2025, 11, 1) == facts.context["retroactive_limit"]
