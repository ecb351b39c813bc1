"""
A table of deadlines computed by hand from the law, before the engine was run.

Each row: the rule, the act (the day of the notice, the service, the keys…), the
expected date and the reasoning with its article.  Counting (Code judiciaire):

- art. 52: a delay runs from the day after the act (the *dies a quo*, "dq");
- art. 54: a delay in months ends on the eve of the dq's day number, N months
  later ("de quantième à veille de quantième"); when that day number does not
  exist in the target month, on that month's last day (setting ``month_end``);
- art. 50 al. 2: an appeal delay starting and ending in July-August ends on 15 Sept;
- art. 53: a last day on a Saturday, Sunday or legal holiday moves to the next day
  that is none of those;
- art. 47: no execution on a Saturday, Sunday or legal holiday;
- Brussels Housing Code art. 233undecies (one month after service, then the day
  after) and 233duodecies (no eviction 1 Nov-15 Mar: 16 Mar); before the reform
  (1 Sept 2023) federal art. 1344quater (same month, 5 working days' notice, no
  moratorium);
- old Civil Code art. 1728bis: an indexation is due at the earliest from the
  lease's anniversary, and at most 3 months before the month of the request.

Legal holidays used: 2025: 1 Jan, 21 Apr, 1 May, 29 May, 9 Jun, 21 Jul, 15 Aug,
1 Nov, 11 Nov, 25 Dec; 2026: 1 Jan, 6 Apr, 1 May, 14 May, 25 May, 21 Jul, 15 Aug,
1 Nov, 11 Nov, 25 Dec; 2027: 1 Jan, 29 Mar, 1 May, 6 May, 17 May, 21 Jul, 15 Aug,
1 Nov, 11 Nov, 25 Dec; 2028: Easter Monday 17 Apr, Ascension 25 May.
"""

from __future__ import annotations

from datetime import date

import pytest

from clss_housing.deadlines import (
    DeadlineSettings,
    deadline_date,
    indexation_earliest_effect,
    rule,
)
from tests.deadlines.test_brussels import deadline_of, served_case


D = date
ART53 = DeadlineSettings(civil_delays_art53=True)
ROLL = DeadlineSettings(month_end="next_month_first")
NO_OPPOSITION_HOLIDAYS = DeadlineSettings(opposition_court_holidays=False)
NO_ART47 = DeadlineSettings(execution_art47=False)
REFORM_31_AUG = DeadlineSettings(eviction_reform_in_force=D(2023, 8, 31))

#: (rule, act, expected, settings or None, reasoning)
TABLE = [
    # -- R1, CBL art. 233quater: one month after the formal notice, no art. 53 by default --
    ("pre_court_waiting_period", D(2026, 1, 5), D(2026, 2, 5), None,
     "dq 6 Jan, eve of 6 Feb (CLI contract example)"),
    ("pre_court_waiting_period", D(2026, 1, 31), D(2026, 2, 28), None,
     "dq 1 Feb, eve of 1 Mar = 28 Feb (a Saturday, not moved by default)"),
    ("pre_court_waiting_period", D(2026, 1, 30), D(2026, 2, 28), None,
     "dq 31 Jan, no 31 Feb: last day of February"),
    ("pre_court_waiting_period", D(2026, 1, 28), D(2026, 2, 28), None,
     "dq 29 Jan, no 29 Feb 2026: last day of February"),
    ("pre_court_waiting_period", D(2026, 1, 27), D(2026, 2, 27), None,
     "dq 28 Jan, eve of 28 Feb = 27 Feb"),
    ("pre_court_waiting_period", D(2028, 1, 28), D(2028, 2, 28), None,
     "leap year: dq 29 Jan, 29 Feb exists, eve = 28 Feb"),
    ("pre_court_waiting_period", D(2028, 1, 29), D(2028, 2, 29), None,
     "leap year: dq 30 Jan, no 30 Feb, last day = 29 Feb"),
    ("pre_court_waiting_period", D(2028, 1, 31), D(2028, 2, 29), None,
     "leap year: dq 1 Feb, eve of 1 Mar = 29 Feb"),
    ("pre_court_waiting_period", D(2026, 4, 30), D(2026, 5, 31), None,
     "dq 1 May, eve of 1 Jun = 31 May (not 30 May)"),
    ("pre_court_waiting_period", D(2026, 6, 30), D(2026, 7, 31), None,
     "dq 1 Jul, eve of 1 Aug = 31 Jul (not 30 Jul)"),
    ("pre_court_waiting_period", D(2026, 11, 30), D(2026, 12, 31), None,
     "dq 1 Dec, eve of 1 Jan = 31 Dec"),
    ("pre_court_waiting_period", D(2026, 12, 31), D(2027, 1, 31), None,
     "dq 1 Jan 2027, eve of 1 Feb = 31 Jan (a Sunday, not moved by default)"),
    ("pre_court_waiting_period", D(2026, 3, 31), D(2026, 4, 30), None,
     "dq 1 Apr, eve of 1 May = 30 Apr"),
    ("pre_court_waiting_period", D(2026, 5, 30), D(2026, 6, 30), None,
     "dq 31 May, no 31 Jun: last day of June"),
    ("pre_court_waiting_period", D(2026, 8, 30), D(2026, 9, 30), None,
     "dq 31 Aug, no 31 Sept: last day of September"),
    ("pre_court_waiting_period", D(2026, 12, 30), D(2027, 1, 30), None,
     "dq 31 Dec, eve of 31 Jan = 30 Jan"),
    ("pre_court_waiting_period", D(2026, 1, 31), D(2026, 3, 2), ART53,
     "with civil_delays_art53: Sat 28 Feb 2026 → Mon 2 Mar (art. 53)"),
    ("pre_court_waiting_period", D(2026, 1, 30), D(2026, 3, 1), ROLL,
     "month_end=next_month_first: dq 31 Jan, no 31 Feb → 1 Mar"),
    # -- R6, C.j. art. 1051: appeal, then art. 50 al. 2, then art. 53 ------------------------
    ("appeal", D(2026, 9, 23), D(2026, 10, 23), None,
     "dq 24 Sept, eve of 24 Oct = Fri 23 Oct (CLI contract example)"),
    ("appeal", D(2026, 6, 30), D(2026, 9, 15), None,
     "dq 1 Jul, ends 31 Jul: starts and ends in the holidays → 15 Sept (art. 50)"),
    ("appeal", D(2026, 6, 29), D(2026, 7, 29), None,
     "dq 30 Jun, before the holidays: Wed 29 Jul, not extended"),
    ("appeal", D(2026, 9, 30), D(2026, 11, 2), None,
     "dq 1 Oct, ends Sat 31 Oct → Sun 1 Nov (All Saints) → Mon 2 Nov (art. 53)"),
    ("appeal", D(2025, 9, 30), D(2025, 10, 31), None,
     "dq 1 Oct 2025, ends Fri 31 Oct"),
    ("appeal", D(2027, 1, 31), D(2027, 3, 1), None,
     "dq 1 Feb 2027, ends Sun 28 Feb → Mon 1 Mar (art. 53)"),
    ("appeal", D(2028, 1, 31), D(2028, 2, 29), None,
     "leap year: dq 1 Feb, ends Tue 29 Feb"),
    ("appeal", D(2026, 7, 31), D(2026, 9, 15), None,
     "dq 1 Aug, ends 31 Aug: in the holidays → 15 Sept"),
    ("appeal", D(2026, 8, 14), D(2026, 9, 14), None,
     "dq 15 Aug, ends Mon 14 Sept: after the holidays, not extended"),
    ("appeal", D(2026, 7, 15), D(2026, 9, 15), None,
     "dq 16 Jul, ends 15 Aug (Sat, holiday) in the holidays → 15 Sept (art. 50 first)"),
    ("appeal", D(2027, 8, 15), D(2027, 9, 15), None,
     "dq 16 Aug 2027, ends Wed 15 Sept: the end is not in the holidays"),
    ("appeal", D(2027, 7, 31), D(2027, 9, 15), None,
     "dq 1 Aug 2027, ends 31 Aug → 15 Sept 2027 (Wed)"),
    ("appeal", D(2028, 8, 15), D(2028, 9, 15), None,
     "dq 16 Aug 2028, ends Fri 15 Sept (not in the holidays)"),
    ("appeal", D(2026, 11, 24), D(2026, 12, 24), None,
     "dq 25 Nov, ends Thu 24 Dec"),
    ("appeal", D(2026, 11, 25), D(2026, 12, 28), None,
     "dq 26 Nov, ends Fri 25 Dec (Christmas) → Sat, Sun → Mon 28 Dec"),
    ("appeal", D(2026, 12, 1), D(2027, 1, 4), None,
     "dq 2 Dec, ends Fri 1 Jan 2027 (holiday) → Mon 4 Jan"),
    ("appeal", D(2027, 4, 28), D(2027, 5, 28), None,
     "dq 29 Apr 2027, ends Fri 28 May"),
    ("appeal", D(2027, 4, 6), D(2027, 5, 7), None,
     "dq 7 Apr, ends Thu 6 May 2027 (Ascension) → Fri 7 May"),
    ("appeal", D(2027, 4, 17), D(2027, 5, 18), None,
     "dq 18 Apr, ends Mon 17 May 2027 (Whit Monday) → Tue 18 May"),
    ("appeal", D(2028, 3, 17), D(2028, 4, 18), None,
     "dq 18 Mar, ends Mon 17 Apr 2028 (Easter Monday) → Tue 18 Apr"),
    ("appeal", D(2027, 10, 11), D(2027, 11, 12), None,
     "dq 12 Oct, ends Thu 11 Nov 2027 (Armistice) → Fri 12 Nov"),
    ("appeal", D(2028, 10, 31), D(2028, 11, 30), None,
     "dq 1 Nov 2028, ends Thu 30 Nov"),
    ("appeal", D(2026, 5, 30), D(2026, 6, 30), None,
     "dq 31 May, no 31 Jun → Tue 30 Jun (dq not in the holidays)"),
    # -- R7, C.j. art. 1048: opposition ------------------------------------------------------
    ("opposition", D(2026, 6, 30), D(2026, 9, 15), None,
     "dq 1 Jul, ends 31 Jul, art. 50 extension on by default → 15 Sept"),
    ("opposition", D(2026, 6, 30), D(2026, 7, 31), NO_OPPOSITION_HOLIDAYS,
     "without the art. 50 extension: Fri 31 Jul"),
    # -- R8 + R11, CBL arts 233undecies, 233duodecies; C.j. art. 47 ----------------------------
    ("earliest_eviction", D(2026, 9, 30), D(2027, 3, 16), None,
     "dq 1 Oct, ends 31 Oct, first day 1 Nov: moratorium → Tue 16 Mar 2027 (the issue's case)"),
    ("earliest_eviction", D(2026, 9, 29), D(2026, 10, 30), None,
     "dq 30 Sept, ends Thu 29 Oct, first day Fri 30 Oct"),
    ("earliest_eviction", D(2026, 9, 28), D(2026, 10, 29), None,
     "dq 29 Sept, ends Wed 28 Oct, first day Thu 29 Oct"),
    ("earliest_eviction", D(2026, 9, 23), D(2026, 10, 26), None,
     "ends 23 Oct, first day Sat 24 Oct → Mon 26 Oct (art. 47)"),
    ("earliest_eviction", D(2025, 9, 30), D(2026, 3, 16), None,
     "dq 1 Oct 2025, first day 1 Nov 2025: moratorium → Mon 16 Mar 2026"),
    ("earliest_eviction", D(2026, 2, 14), D(2026, 3, 16), None,
     "dq 15 Feb, ends 14 Mar, first day 15 Mar (last moratorium day) → Mon 16 Mar"),
    ("earliest_eviction", D(2026, 2, 15), D(2026, 3, 16), None,
     "dq 16 Feb, ends 15 Mar, first day Mon 16 Mar: just out of the moratorium"),
    ("earliest_eviction", D(2026, 2, 16), D(2026, 3, 17), None,
     "dq 17 Feb, ends 16 Mar, first day Tue 17 Mar"),
    ("earliest_eviction", D(2025, 2, 14), D(2025, 3, 17), None,
     "first day 15 Mar 2025 (moratorium) → Sun 16 Mar → Mon 17 Mar (art. 47)"),
    ("earliest_eviction", D(2027, 3, 31), D(2027, 5, 3), None,
     "dq 1 Apr, ends Fri 30 Apr, first day Sat 1 May (holiday) → Mon 3 May (art. 47)"),
    ("earliest_eviction", D(2026, 6, 20), D(2026, 7, 22), None,
     "dq 21 Jun, ends 20 Jul, first day Tue 21 Jul (national day) → Wed 22 Jul (art. 47)"),
    ("earliest_eviction", D(2026, 9, 23), D(2026, 10, 24), NO_ART47,
     "execution_art47 off: Sat 24 Oct stays"),
    ("earliest_eviction", D(2023, 10, 5), D(2024, 3, 18), None,
     "first day 6 Nov 2023 (first protected winter) → Sat 16 Mar 2024 → Mon 18 Mar"),
    ("earliest_eviction", D(2026, 10, 31), D(2027, 3, 16), None,
     "dq 1 Nov, ends 30 Nov, first day 1 Dec: moratorium → 16 Mar 2027"),
    # -- before the Brussels reform: C.j. art. 1344quater (law of 30 Nov 1998) ----------------
    ("earliest_eviction", D(2023, 8, 20), D(2023, 9, 21), None,
     "federal: dq 21 Aug, ends 20 Sept, first day Thu 21 Sept 2023, no moratorium"),
    ("earliest_eviction", D(2022, 10, 15), D(2022, 11, 16), None,
     "federal: dq 16 Oct, ends 15 Nov, first day Wed 16 Nov 2022 (no winter moratorium)"),
    ("earliest_eviction", D(2022, 12, 30), D(2023, 1, 31), None,
     "federal: dq 31 Dec, eve of 31 Jan = 30 Jan, first day Tue 31 Jan 2023"),
    ("earliest_eviction", D(2023, 8, 31), D(2023, 10, 2), None,
     "federal (the day before the reform): ends 30 Sept, first day Sun 1 Oct → Mon 2 Oct"),
    ("earliest_eviction", D(2023, 9, 1), D(2023, 10, 2), None,
     "Brussels (reform day): dq 2 Sept, ends 1 Oct, first day Mon 2 Oct"),
    ("earliest_eviction", D(2023, 8, 31), D(2023, 10, 2), REFORM_31_AUG,
     "reform in force 31 Aug: Brussels rule, first day Sun 1 Oct → Mon 2 Oct (art. 47)"),
    ("bailiff_notice", D(2023, 6, 1), D(2023, 6, 8), None,
     "federal: 5 working days after Thu 1 Jun 2023: 2, 5, 6, 7, 8 Jun"),
    ("bailiff_notice", D(2026, 7, 1), D(2026, 7, 23), None,
     "Brussels: 15 working days after Wed 1 Jul 2026, 21 Jul not counted → Thu 23 Jul"),
    ("bailiff_notice", D(2026, 10, 20), D(2027, 3, 16), None,
     "15th working day Tue 10 Nov 2026 (1 Nov a Sunday, 11 Nov later): moratorium → 16 Mar"),
    # -- R20, CBL art. 248: guarantee returned within two months -------------------------------
    ("guarantee_return", D(2026, 12, 31), D(2027, 2, 28), None,
     "dq 1 Jan, eve of 1 Mar = 28 Feb 2027"),
    ("guarantee_return", D(2026, 12, 30), D(2027, 2, 28), None,
     "dq 31 Dec, no 31 Feb: last day of February"),
    ("guarantee_return", D(2027, 12, 30), D(2028, 2, 29), None,
     "leap year: dq 31 Dec 2027, no 31 Feb: 29 Feb 2028"),
    ("guarantee_return", D(2026, 6, 30), D(2026, 8, 31), None,
     "dq 1 Jul, eve of 1 Sept = 31 Aug"),
    # -- R2: hearing at least 40 days after an eviction request (art. 52, no shift) ------------
    ("hearing_min_date", D(2026, 3, 2), D(2026, 4, 11), None,
     "2 Mar + 40 days = Sat 11 Apr (29 days to 31 Mar, 11 more)"),
    # -- R22, C.j. art. 53bis: third working day after posting --------------------------------
    ("notice_deemed_received", D(2026, 12, 24), D(2026, 12, 30), None,
     "posted Thu 24 Dec: 25 Dec holiday, weekend; Mon 28, Tue 29, Wed 30"),
]


@pytest.mark.parametrize(
    ("rule_id", "act", "expected", "settings", "reasoning"),
    TABLE,
    ids=[f"{row[0]}-{row[1].isoformat()}-{index}" for index, row in enumerate(TABLE)],
)
def test_hand_computed(
    rule_id: str, act: date, expected: date, settings: DeadlineSettings | None, reasoning: str
) -> None:
    """The engine gives the date computed by hand from the law."""
    assert expected == deadline_date(rule(rule_id), act, settings=settings), reasoning


INDEXATION = [
    # (lease start, request, expected, reasoning) — old Civil Code art. 1728bis
    (D(2020, 3, 1), D(2026, 9, 10), D(2026, 6, 1),
     "3 months before September: 1 June; anniversary long past"),
    (D(2026, 3, 1), D(2026, 12, 15), D(2027, 3, 1),
     "first year: not before the first anniversary, 1 Mar 2027"),
    (D(2025, 5, 15), D(2026, 6, 2), D(2026, 5, 15),
     "limit 1 Mar 2026 but the first anniversary is 15 May 2026"),
    (D(2024, 2, 29), D(2025, 3, 5), D(2025, 3, 1),
     "lease of 29 Feb: first anniversary 1 Mar 2025 (no 29 Feb 2025); limit 1 Dec 2024"),
    (D(2024, 2, 29), D(2028, 3, 20), D(2027, 12, 1),
     "3 months before March 2028: 1 Dec 2027"),
    (None, D(2026, 1, 20), D(2025, 10, 1),
     "lease start unknown: only the 3-month limit, across the year"),
    (D(2025, 11, 20), D(2026, 11, 30), D(2026, 11, 20),
     "limit 1 Aug 2026; first anniversary 20 Nov 2026"),
    (D(2019, 1, 1), D(2026, 3, 31), D(2025, 12, 1),
     "request on 31 March: December, January, February → 1 Dec 2025"),
]


@pytest.mark.parametrize(("lease_start", "requested", "expected", "reasoning"), INDEXATION)
def test_indexation_hand_computed(
    lease_start: date | None, requested: date, expected: date, reasoning: str
) -> None:
    """indexation_earliest_effect applies both limits of art. 1728bis."""
    assert expected == indexation_earliest_effect(lease_start, requested), reasoning


def test_table_size() -> None:
    """The table holds at least 60 hand-computed cases (issue 8)."""
    assert len(TABLE) + len(INDEXATION) >= 60


@pytest.mark.parametrize(
    ("served", "regime", "basis_part"),
    [
        (D(2023, 8, 20), "federal_pre_2023", "1344quater"),
        (D(2023, 8, 31), "federal_pre_2023", "1344quater"),
        (D(2023, 9, 1), "brussels_2023", "233undecies"),
    ],
)
def test_regime_said(served: date, regime: str, basis_part: str) -> None:
    """Each earliest-eviction date says which regime applied (federal before 1 Sept 2023)."""
    book, case_id = served_case(served)
    found = deadline_of(book, case_id, "earliest_eviction", served)
    assert (regime, True) == (found.regime, basis_part in found.basis)
    assert "1344quater" not in found.explanation  # the explanation says how, not which law


@pytest.mark.parametrize(
    ("rule_id", "settings", "expected"),
    [
        ("pre_court_waiting_period", None, D(2026, 7, 31)),
        ("guarantee_return", DeadlineSettings(guarantee_return_months=1), D(2026, 7, 31)),
        ("opposition", NO_OPPOSITION_HOLIDAYS, D(2026, 7, 31)),
        # 31 Jul is in the judicial holidays, and so is the start: 15 Sept (art. 50 al. 2)
        ("appeal", None, D(2026, 9, 15)),
        # the day after 31 Jul is Sat 1 Aug 2026 → Mon 3 Aug (art. 47)
        ("earliest_eviction", None, D(2026, 8, 3)),
    ],
)
def test_served_30_june_every_month_rule(
    rule_id: str, settings: DeadlineSettings | None, expected: date
) -> None:
    """Served 30 June → the month ends 31 July in every month-based rule (then its own steps)."""
    assert expected == deadline_date(rule(rule_id), D(2026, 6, 30), settings=settings)
