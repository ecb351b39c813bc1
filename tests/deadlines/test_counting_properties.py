"""Hypothesis properties of the one month count (Code judiciaire arts 52-54) and what uses it."""

from __future__ import annotations

import calendar as stdlib_calendar
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from clss_housing.deadlines import (
    DeadlineSettings,
    JudicialCalendar,
    deadline_date,
    first_anniversary,
    indexation_earliest_effect,
    retroactivity_limit,
    rule,
)


DAY = timedelta(days=1)
CAL = JudicialCalendar()
ROLL = JudicialCalendar(month_end="next_month_first")
ACTS = st.dates(min_value=date(1999, 1, 1), max_value=date(2098, 12, 31))
MONTH_ENDS = st.builds(
    lambda y, m: date(y, m, stdlib_calendar.monthrange(y, m)[1]),
    st.integers(2000, 2098), st.integers(1, 12),
)
MONTHS = st.integers(1, 36)
props = settings(max_examples=300, deadline=None)


def target(act: date, months: int, day: int) -> date | None:
    """The date with day number *day*, *months* months after *act*'s month, if it exists."""
    years, index = divmod(act.month - 1 + months, 12)
    year, month = act.year + years, index + 1
    if day > stdlib_calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


@props
@given(act=ACTS, months=MONTHS)
def test_never_before_the_acts_day_number(act: date, months: int) -> None:
    """The end is never before the act's day number in the target month, where it exists."""
    same = target(act, months, act.day)
    if same is not None:
        assert CAL.add_months(act, months, shift=False) >= same
        assert ROLL.add_months(act, months, shift=False) >= same


@props
@given(act=ACTS, months=MONTHS)
def test_eve_of_the_dies_a_quo(act: date, months: int) -> None:
    """The end is the eve of the dies a quo's day number (art. 54) when that day exists."""
    start = act + DAY
    quantieme = target(start, months, start.day)
    end = CAL.add_months(act, months, shift=False)
    if quantieme is not None:
        assert quantieme - DAY == end
    else:  # the day number is missing: the last day of that month
        assert (end + DAY).day == 1
        assert end.month == (start.month - 1 + months) % 12 + 1


@props
@given(act=MONTH_ENDS, months=MONTHS)
def test_month_end_to_month_end(act: date, months: int) -> None:
    """A period starting the day after a month end ends on a month end (both readings)."""
    for cal in (CAL, ROLL):
        end = cal.add_months(act, months, shift=False)
        assert 1 == (end + DAY).day
        assert months == (end.year - act.year) * 12 + end.month - act.month


@props
@given(act=ACTS)
def test_one_month_length(act: date) -> None:
    """One month covers 28 to 31 days after the act (29 to 32 with the other reading)."""
    assert 28 <= (CAL.add_months(act, 1, shift=False) - act).days <= 31
    assert 28 <= (ROLL.add_months(act, 1, shift=False) - act).days <= 32


@props
@given(pair=st.lists(ACTS, min_size=2, max_size=2).map(sorted), months=MONTHS)
def test_monotonic_with_last_day(pair: list[date], months: int) -> None:
    """A later act never ends earlier (default month_end)."""
    early, late = pair
    assert CAL.add_months(early, months, shift=False) <= CAL.add_months(late, months, shift=False)


@props
@given(act=st.dates(min_value=date(2023, 9, 1), max_value=date(2040, 12, 31)))
def test_earliest_eviction_lawful_day(act: date) -> None:
    """The first eviction day is after the month, outside the moratorium, on a working day."""
    found = deadline_date(rule("earliest_eviction"), act)
    assert found is not None
    assert found > CAL.add_months(act, 1, shift=False)
    assert not CAL.in_winter_moratorium(found)
    assert found.weekday() < 5
    assert not CAL.is_public_holiday(found)


@props
@given(act=st.dates(min_value=date(1999, 1, 1), max_value=date(2023, 8, 31)))
def test_federal_eviction_before_reform(act: date) -> None:
    """Before the reform: the day after the month, moved off weekends and holidays only."""
    found = deadline_date(rule("earliest_eviction"), act)
    first = CAL.add_months(act, 1, shift=False) + DAY
    assert found == CAL.next_execution_day(first)


@props
@given(act=ACTS)
def test_all_month_rules_use_the_one_count(act: date) -> None:
    """Every month-based rule starts from the same art. 54 end (before its own modifiers)."""
    plain = CAL.add_months(act, 1, shift=False)
    options = DeadlineSettings()
    assert plain == deadline_date(rule("pre_court_waiting_period"), act, settings=options)
    assert deadline_date(rule("appeal"), act) >= plain  # type: ignore[operator]
    assert deadline_date(rule("opposition"), act) >= plain  # type: ignore[operator]
    assert CAL.add_months(act, 2, shift=False) == deadline_date(rule("guarantee_return"), act)


@props
@given(lease=st.one_of(st.none(), ACTS), gap=st.integers(0, 4000))
def test_indexation_both_limits(lease: date | None, gap: int) -> None:
    """The earliest effect is the later of the anniversary and the 3-month limit."""
    request = (lease or date(2000, 1, 1)) + timedelta(days=gap)
    found = indexation_earliest_effect(lease, request)
    limit = retroactivity_limit(request, 3)
    assert found >= limit
    assert 1 == limit.day
    if lease is None:
        assert found == limit
    else:
        assert found >= first_anniversary(lease)
        assert found in (limit, first_anniversary(lease))
