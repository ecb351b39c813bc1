"""Deadline settings read from a TOML file (issue 8 §5)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clss_housing.deadlines import RULES, DeadlineSettings
from clss_housing.deadlines.settings_file import (
    SETTINGS_FILE_NAME,
    SETTINGS_HELP,
    find_settings_file,
    load_settings,
    setting_uses,
    settings_from_toml,
    settings_rows,
)
from clss_housing.errors import ValidationError


FULL = """
[deadlines]
saturday_is_working_day = true
month_end = "next_month_first"
extra_holidays = [2027-05-08, "2027-11-15"]
moratorium_start = "11-15"
moratorium_end = [3, 1]
eviction_reform_in_force = 2023-08-31
waiting_period_months = 2
civil_delays_art53 = true
notice_date_is_posting_date = true
notice_delivery = "registered_ar"
hearing_min_days = 41
appeal_on_default_judgments = false
opposition_court_holidays = false
eviction_delay_months = 2
bailiff_notice_working_days = 16
guarantee_return_months = 3
indexation_retroactive_months = 4
execution_art47 = false
former_bailiff_notice_working_days = 6
cpas_information_days = 20
cpas_objection_allowed = false
"""


def test_every_setting_can_be_set() -> None:
    """Each DeadlineSettings value is read from the file, and its origin named."""
    loaded = settings_from_toml(FULL, "union.toml")
    assert DeadlineSettings(
        saturday_is_working_day=True, month_end="next_month_first",
        extra_holidays=frozenset({date(2027, 5, 8), date(2027, 11, 15)}),  # type: ignore[arg-type]
        moratorium_start=(11, 15), moratorium_end=(3, 1),
        eviction_reform_in_force=date(2023, 8, 31), waiting_period_months=2,
        civil_delays_art53=True, notice_date_is_posting_date=True,
        notice_delivery="registered_ar", hearing_min_days=41,
        appeal_on_default_judgments=False, opposition_court_holidays=False,
        eviction_delay_months=2, bailiff_notice_working_days=16, guarantee_return_months=3,
        indexation_retroactive_months=4, execution_art47=False,
        former_bailiff_notice_working_days=6, cpas_information_days=20,
        cpas_objection_allowed=False,
    ) == loaded.settings
    names = {a.name for a in attrs.fields(DeadlineSettings)}
    assert {f"union.toml: [deadlines] {n}" for n in names} == set(loaded.origins.values())
    assert names == set(SETTINGS_HELP)


def test_defaults_without_table() -> None:
    """A file without [deadlines] (or no file) gives the defaults, origin 'default'."""
    assert DeadlineSettings() == settings_from_toml("[other]\nx = 1\n", "f.toml").settings
    loaded = load_settings(None)
    assert (DeadlineSettings(), None, {"default"}) == (
        loaded.settings, loaded.path, set(loaded.origins.values())
    )


@pytest.mark.parametrize(
    ("text", "key", "allowed"),
    [
        ('month_end = "first"', "month_end", "last_day, next_month_first"),
        ("execution_art47 = 1", "execution_art47", "true or false"),
        ("cpas_information_days = -3", "cpas_information_days", "whole number"),
        ("cpas_information_days = true", "cpas_information_days", "whole number"),
        ('eviction_reform_in_force = "1 Sept"', "eviction_reform_in_force", "YYYY-MM-DD"),
        ('moratorium_start = "02-30"', "moratorium_start", "MM-DD"),
        ("extra_holidays = 2027-05-08", "extra_holidays", "list of dates"),
        ('notice_delivery = "pigeon"', "notice_delivery", "registered"),
        ("month_ends = 1", "month_ends", "is not a setting; known: saturday_is_working_day"),
    ],
)
def test_bad_value_names_file_key_and_allowed(text: str, key: str, allowed: str) -> None:
    """A bad value is refused with the file, the key and what is allowed."""
    with pytest.raises(ValidationError) as caught:
        settings_from_toml(f"[deadlines]\n{text}\n", "union.toml")
    assert f"union.toml: [deadlines] {key}" in str(caught.value)
    assert allowed in str(caught.value)


def test_not_toml() -> None:
    """A file that is not TOML is refused naming it."""
    with pytest.raises(ValidationError, match=r"union\.toml.*not valid TOML"):
        settings_from_toml("[deadlines\n", "union.toml")


def test_unreadable_file(tmp_path: Path) -> None:
    """A missing file is refused."""
    with pytest.raises(ValidationError, match="cannot be read"):
        load_settings(tmp_path / "missing.toml")


def test_find_order(tmp_path: Path) -> None:
    """--config, then CLSS_HOUSING_CONFIG, then clss-housing.toml beside the database."""
    given = tmp_path / "given.toml"
    given.write_text("", encoding="utf-8")
    env_file = tmp_path / "env.toml"
    env_file.write_text("", encoding="utf-8")
    folder = tmp_path / "data"
    folder.mkdir()
    beside = folder / SETTINGS_FILE_NAME
    db = f"sqlite:///{folder / 'ledger.db'}"
    env = {"CLSS_HOUSING_CONFIG": str(env_file)}
    assert given == find_settings_file(str(given), env, db, tmp_path)
    assert env_file == find_settings_file(None, env, db, tmp_path)
    assert find_settings_file(None, {}, db, tmp_path) is None
    beside.write_text("", encoding="utf-8")
    assert beside == find_settings_file(None, {}, db, tmp_path)
    assert find_settings_file(None, {}, "memory:", tmp_path) is None
    with pytest.raises(ValidationError, match="--config"):
        find_settings_file(str(tmp_path / "nope.toml"), {}, db, tmp_path)
    with pytest.raises(ValidationError, match="CLSS_HOUSING_CONFIG"):
        find_settings_file(None, {"CLSS_HOUSING_CONFIG": "nope.toml"}, db, tmp_path)


def test_uses() -> None:
    """Each setting lists the rules and checks it changes."""
    uses = setting_uses(RULES)
    assert {"pre_court_waiting_period", "appeal", "opposition", "earliest_eviction",
            "guarantee_return"} <= set(uses["month_end"])
    assert ["earliest_eviction", "bailiff_notice", "check eviction_on_non_working_day"] == (
        uses["execution_art47"]
    )
    assert ["check cpas_not_informed"] == uses["cpas_information_days"]
    assert all(uses.values()), [n for n, u in uses.items() if not u]
    rows = settings_rows(load_settings(None), RULES)
    assert {"name", "value", "origin", "changes", "meaning"} == set(rows[0])


@settings(max_examples=50, deadline=None)
@given(days=st.integers(0, 400), flag=st.booleans())
def test_round_trip(days: int, flag: bool) -> None:
    """What is written is what is read."""
    text = f"[deadlines]\ncpas_information_days = {days}\nexecution_art47 = {str(flag).lower()}\n"
    loaded = settings_from_toml(text, "f.toml").settings
    assert (days, flag) == (loaded.cpas_information_days, loaded.execution_art47)
