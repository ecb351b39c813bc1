"""Tests for rule records, settings and rule packs (rules as data)."""

from __future__ import annotations

import re
from datetime import date

import attrs
import pytest

from clss_housing.deadlines import (
    RULES,
    Anchor,
    Condition,
    Counting,
    DeadlineSettings,
    Rule,
    RulePack,
    Text,
    brussels_rules,
    rule,
    rules_table,
)
from clss_housing.errors import NotFoundError, ValidationError


CLI_IDS = (
    "pre_court_waiting_period",
    "appeal",
    "opposition",
    "earliest_eviction",
    "bailiff_notice",
    "payment_plan_instalment",
    "guarantee_return",
    "indexation",
)
DOMAIN_REFS = ("R1", "R2", "R6", "R7", "R8", "R9", "R11", "R13", "R19", "R20", "R21", "R22")


def make_rule(**changes: object) -> Rule:
    fields: dict[str, object] = {
        "id": "sample",
        "title": Text(fr="Exemple", nl="Voorbeeld", en="Sample"),
        "description": Text(fr="Exemple", nl="Voorbeeld", en="Sample"),
        "track": "hearing",
        "triggers": ("judgment_served",),
        "counting": Counting(method="months", amount=1, shift=True),
        "basis": Text(fr="Code judiciaire art. 1", nl="Gerechtelijk Wetboek art. 1",
                      en="Judicial Code art. 1"),
        "valid_from": date(2018, 1, 1),
        "region": "BE",
        "confidence": "medium",
    }
    fields.update(changes)
    return Rule(**fields)  # type: ignore[arg-type]


class TestBrusselsPack:
    """The Brussels pack covers the CLI ids and reference rules, each with its basis."""

    def test_cli_ids(self) -> None:
        """It has every rule id of CLI.md."""
        assert set(CLI_IDS) <= set(RULES.ids)

    def test_domain_rules(self) -> None:
        """It covers R1, R2, R6–R9, R11, R13, R19–R22."""
        refs = {ref.strip() for r in RULES for ref in r.domain_ref.split(",") if ref}
        assert set(DOMAIN_REFS) <= refs

    @pytest.mark.parametrize("item", list(RULES), ids=lambda r: r.id)
    def test_each_rule_cites_an_article(self, item: Rule) -> None:
        """Every rule cites an article in each language, or names the act setting the date."""
        if item.counting.method == "fixed_date":
            assert all((item.basis.fr, item.basis.nl, item.basis.en))
        else:
            for lang in ("fr", "nl", "en"):
                assert re.search(r"\bart(\.|ikel|icle)", item.basis.get(lang))
        assert item.title.fr != item.title.nl

    def test_brussels_rules_is_the_pack(self) -> None:
        """brussels_rules() and rule() read the same pack."""
        assert RULES is brussels_rules()
        assert RULES.rule("appeal") is rule("appeal")

    def test_valid_from(self) -> None:
        """The 2023 eviction rules follow the reform date, the 2024 rules start on 1 Nov 2024."""
        settings = DeadlineSettings(eviction_reform_in_force=date(2023, 8, 31))
        assert date(2023, 9, 1) == RULES.rule("earliest_eviction").effective_valid_from(
            DeadlineSettings()
        )
        assert date(2023, 8, 31) == RULES.rule("bailiff_notice").effective_valid_from(settings)
        assert date(2024, 11, 1) == RULES.rule("guarantee_return").valid_from


class TestRulesTable:
    """rules_table: one documentation row per rule."""

    def test_rows(self) -> None:
        """It gives one row per rule with the documented keys."""
        rows = rules_table()
        assert list(RULES.ids) == [r["id"] for r in rows]
        assert {"id", "trigger", "deadline", "counting", "basis", "valid_from",
                "confidence"} <= set(rows[0])

    def test_appeal_row(self) -> None:
        """It describes the appeal rule's trigger, counting and basis."""
        row = {r["id"]: r for r in rules_table(lang="nl")}["appeal"]
        assert row["trigger"].startswith("judgment (default=false unless appeal_on_default")
        assert "counted from judgment_served; cancelled by appeal_filed" in row["trigger"]
        assert ("1 month(s) from the day after, C.j. arts 52, 54; art. 50 al. 2 (15 Sept); "
                "art. 53 shift") == row["counting"]
        assert "Gerechtelijk Wetboek art. 1051, 52, 54, 50 lid 2, 53" == row["basis"]
        assert ("1970-11-01", "medium", "federal") == (
            row["valid_from"], row["confidence"], row["regime"]
        )
        assert "1970" in row["valid_from_source"]


class TestRuleValidation:
    """A rule is checked when it is built, so a typo in a pack fails at import."""

    def test_valid(self) -> None:
        """It builds a well-formed rule."""
        assert "sample" == make_rule().id

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"id": "Bad Id"}, "id"),
            ({"triggers": ("no_such_kind",)}, "triggers"),
            ({"triggers": ()}, "triggers"),
            ({"unless": ("nope",)}, "unless"),
            ({"track": "court"}, "track"),
            ({"region": "WAL"}, "region"),
            ({"confidence": "certain"}, "confidence"),
            ({"valid_from": "2018-01-01"}, "valid_from"),
            ({"when": (Condition("outcome", ("eviction",)),)}, "when"),
            ({"anchor": Anchor(kinds=("nope",))}, "triggers"),
            ({"anchor": Anchor(field="eviction_date")}, "anchor"),
            ({"valid_from_setting": "hearing_min_days"}, "valid_from_setting"),
            ({"enabled_setting": "no_such_setting"}, "enabled_setting"),
        ],
    )
    def test_invalid(self, changes: dict[str, object], field: str) -> None:
        """It names the field at fault."""
        with pytest.raises(ValidationError) as caught:
            make_rule(**changes)
        assert field == caught.value.field

    def test_counting_setting_types(self) -> None:
        """A counting may only name a setting of the right type."""
        with pytest.raises(ValidationError, match="amount_setting"):
            Counting(method="days", amount_setting="civil_delays_art53")
        with pytest.raises(ValidationError, match="shift_setting"):
            Counting(method="days", shift_setting="hearing_min_days")
        with pytest.raises(ValidationError, match="method"):
            Counting(method="weeks")  # type: ignore[arg-type]

    def test_condition_unless_setting(self) -> None:
        """A condition is waived while its setting is on."""
        from clss_housing.ledger.entries import Judgment

        condition = Condition("default", (False,), unless_setting="appeal_on_default_judgments")
        default = Judgment(date=date(2026, 1, 5), outcome="eviction", default=True)
        assert True is condition.holds(default, DeadlineSettings())
        assert False is condition.holds(
            default, DeadlineSettings(appeal_on_default_judgments=False)
        )


class TestRulePack:
    """RulePack: unique ids, overrides by id, lookups."""

    def test_duplicate_ids(self) -> None:
        """It refuses two rules with the same id."""
        with pytest.raises(ValidationError, match="duplicate"):
            RulePack("x", (make_rule(), make_rule()))

    def test_override_in_place_and_append(self) -> None:
        """A rule with an existing id replaces it in place; a new id is appended."""
        appeal = attrs.evolve(RULES.rule("appeal"), confidence="low")
        pack = RULES.with_rules([appeal, make_rule()], name="partner")
        assert [*RULES.ids, "sample"] == list(pack.ids)
        assert "low" == pack.rule("appeal").confidence
        assert "medium" == RULES.rule("appeal").confidence
        assert "partner" == pack.name

    def test_without(self) -> None:
        """It drops rules by id."""
        pack = RULES.without("appeal", "opposition")
        assert "appeal" not in pack
        assert len(RULES) - 2 == len(pack)

    def test_lookup(self) -> None:
        """It raises NotFoundError for an unknown id, or gives None with get()."""
        with pytest.raises(NotFoundError):
            RULES.rule("nope")
        assert None is RULES.get("nope")

    def test_extra_must_be_rules(self) -> None:
        """It refuses anything but rules."""
        with pytest.raises(ValidationError):
            RULES.with_rules(["appeal"])  # type: ignore[list-item]


class TestSettings:
    """DeadlineSettings: documented defaults, validated values."""

    def test_defaults(self) -> None:
        """Its defaults are the Brussels values."""
        settings = DeadlineSettings()
        assert (15, 40, 2, 3, 1) == (
            settings.bailiff_notice_working_days,
            settings.hearing_min_days,
            settings.guarantee_return_months,
            settings.indexation_retroactive_months,
            settings.waiting_period_months,
        )
        assert (False, True) == (
            settings.saturday_is_working_day, settings.appeal_on_default_judgments
        )
        assert date(2023, 9, 1) == settings.calendar.moratorium_valid_from

    def test_calendar_follows_settings(self) -> None:
        """Its calendar uses the moratorium and Saturday settings."""
        settings = DeadlineSettings(saturday_is_working_day=True, moratorium_end=(3, 31))
        assert True is settings.calendar.saturday_is_working_day
        assert True is settings.calendar.in_winter_moratorium(date(2027, 3, 20))

    @pytest.mark.parametrize(
        "changes",
        [
            {"bailiff_notice_working_days": -1},
            {"hearing_min_days": 1.5},
            {"month_end": "first"},
            {"notice_delivery": "pigeon"},
            {"moratorium_start": (2, 30)},
            {"eviction_reform_in_force": "2023-09-01"},
            {"saturday_is_working_day": 1},
        ],
    )
    def test_invalid(self, changes: dict[str, object]) -> None:
        """It refuses a bad value."""
        with pytest.raises(ValidationError):
            DeadlineSettings(**changes)  # type: ignore[arg-type]

    def test_text(self) -> None:
        """A text gives each language and refuses others."""
        text = Text(fr="a", nl="b", en="c")
        assert ("a", "b", "c") == (text.get("fr"), text.get("nl"), text.get("en"))
        with pytest.raises(ValidationError, match="lang"):
            text.get("de")
