"""
Tests for the judicial calendar (Code judiciaire arts 50, 52–54, 53bis; CBL art. 233duodecies).

Every expected date below was worked out by hand from a printed calendar, never
from the code under test.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import attrs
import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clss_housing.deadlines.calendar import JudicialCalendar, belgian_legal_holidays


CAL = JudicialCalendar()
SAT_CAL = JudicialCalendar(saturday_is_working_day=True)
ROLL_CAL = JudicialCalendar(month_end="next_month_first")

EASTER_MONDAYS = [date(2025, 4, 21), date(2026, 4, 6), date(2027, 3, 29)]
ASCENSIONS = [date(2025, 5, 29), date(2026, 5, 14), date(2027, 5, 6)]
WHIT_MONDAYS = [date(2025, 6, 9), date(2026, 5, 25), date(2027, 5, 17)]
FIXED = [
    date(year, month, day)
    for year in (2025, 2026, 2027)
    for month, day in ((1, 1), (5, 1), (7, 21), (8, 15), (11, 1), (11, 11), (12, 25))
]


def closed_art53(d: date) -> bool:
    """Saturday, Sunday or legal holiday: the days art. 53 moves a deadline off."""
    return d.weekday() >= 5 or CAL.is_public_holiday(d)


class TestLegalHolidays:
    """Belgian legal holidays (C.j. art. 53; royal decree of 18 April 1974)."""

    @pytest.mark.parametrize("day", EASTER_MONDAYS + ASCENSIONS + WHIT_MONDAYS + FIXED)
    def test_legal_holidays(self, day: date) -> None:
        """It knows the movable and fixed legal holidays of 2025–2027."""
        assert True is CAL.is_public_holiday(day)
        assert CAL.holiday_name(day)

    @pytest.mark.parametrize(
        "day",
        [
            date(2025, 12, 26),  # St Stephen's day: not a legal holiday
            date(2026, 12, 26),
            date(2025, 11, 2),  # All Souls: not a legal holiday
            date(2026, 11, 2),
            date(2027, 11, 2),
            date(2025, 4, 18),  # Good Friday
            date(2026, 5, 8),  # Iris day (Brussels region only)
            date(2026, 7, 11),  # Flemish community day
            date(2026, 9, 27),  # French community day
            date(2026, 11, 15),  # King's day / German-speaking community day
        ],
    )
    def test_not_legal_holidays(self, day: date) -> None:
        """It does not treat regional, community or customary days off as legal holidays."""
        assert False is CAL.is_public_holiday(day)
        assert None is CAL.holiday_name(day)

    def test_exact_list_2026(self) -> None:
        """It returns exactly the ten legal holidays of 2026, in date order."""
        expected = [
            date(2026, 1, 1),
            date(2026, 4, 6),
            date(2026, 5, 1),
            date(2026, 5, 14),
            date(2026, 5, 25),
            date(2026, 7, 21),
            date(2026, 8, 15),
            date(2026, 11, 1),
            date(2026, 11, 11),
            date(2026, 12, 25),
        ]
        assert expected == list(belgian_legal_holidays(2026))

    @pytest.mark.parametrize(
        ("year", "easter_sunday", "whit_sunday"),
        [
            (2025, date(2025, 4, 20), date(2025, 6, 8)),
            (2026, date(2026, 4, 5), date(2026, 5, 24)),
            (2027, date(2027, 3, 28), date(2027, 5, 16)),
        ],
    )
    def test_drops_library_sundays(self, year: int, easter_sunday: date, whit_sunday: date) -> None:
        """It drops Easter Sunday and Whit Sunday, which the holidays library returns for BE."""
        library = holidays.country_holidays("BE", years=year, language="en_US")
        legal = belgian_legal_holidays(year)
        assert {easter_sunday, whit_sunday} == set(library) - set(legal)
        assert dict(library) == {
            **legal,
            easter_sunday: library[easter_sunday],
            whit_sunday: library[whit_sunday],
        }

    def test_ascension_on_labour_day(self) -> None:
        """It accepts the year 2008, when Ascension fell on 1 May (nine distinct dates)."""
        expected = [
            date(2008, 1, 1),
            date(2008, 3, 24),
            date(2008, 5, 1),
            date(2008, 5, 12),
            date(2008, 7, 21),
            date(2008, 8, 15),
            date(2008, 11, 1),
            date(2008, 11, 11),
            date(2008, 12, 25),
        ]
        assert expected == list(belgian_legal_holidays(2008))

    def test_year_without_data(self) -> None:
        """It refuses a year the holidays library has no Belgian data for."""
        with pytest.raises(ValueError, match="year"):
            CAL.is_public_holiday(date(1850, 1, 1))

    def test_extra_holidays(self) -> None:
        """It treats extra holidays like legal ones, for art. 53 and working days."""
        cal = JudicialCalendar(extra_holidays={date(2026, 12, 24)})
        assert frozenset({date(2026, 12, 24)}) == cal.extra_holidays
        assert True is cal.is_public_holiday(date(2026, 12, 24))
        expected_name = "Additional holiday"
        assert expected_name == cal.holiday_name(date(2026, 12, 24))
        assert date(2026, 12, 28) == cal.shift_art53(date(2026, 12, 24))
        assert False is cal.is_working_day(date(2026, 12, 24))


class TestWorkingDays:
    """Working days ("jours ouvrables") for counts such as the 15-day bailiff notice."""

    def test_weekdays_and_weekend(self) -> None:
        """It counts Monday to Friday, never Sunday, and Saturday only when configured."""
        assert True is CAL.is_working_day(date(2026, 5, 22))  # Friday
        assert False is CAL.is_working_day(date(2026, 5, 23))  # Saturday
        assert False is CAL.is_working_day(date(2026, 5, 24))  # Sunday
        assert True is SAT_CAL.is_working_day(date(2026, 5, 23))
        assert False is SAT_CAL.is_working_day(date(2026, 5, 24))

    def test_holidays_are_not_working_days(self) -> None:
        """It excludes legal holidays, also a Saturday holiday when Saturdays count."""
        assert False is CAL.is_working_day(date(2026, 5, 25))  # Whit Monday
        assert False is SAT_CAL.is_working_day(date(2026, 8, 15))  # Saturday, Assumption
        assert True is CAL.is_working_day(date(2025, 12, 26))

    def test_next_working_day(self) -> None:
        """It returns the day itself when it is a working day, else the next one."""
        assert date(2026, 5, 26) == CAL.next_working_day(date(2026, 5, 23))
        assert date(2026, 5, 26) == CAL.next_working_day(date(2026, 5, 26))
        assert date(2027, 1, 2) == SAT_CAL.next_working_day(date(2027, 1, 1))

    @pytest.mark.parametrize(
        ("cal", "trigger", "expected"),
        [
            # 21-24 Dec, 28-31 Dec, 4-8 Jan, 11-12 Jan (25 Dec and 1 Jan are Fridays).
            (CAL, date(2026, 12, 18), date(2027, 1, 12)),
            # Saturdays 19 Dec, 26 Dec and 2 Jan count too.
            (SAT_CAL, date(2026, 12, 18), date(2027, 1, 7)),
            # 19, 22-24, 26, 29-31 Dec, 2, 5-9, 12 Jan (25 Dec and 1 Jan are Thursdays).
            (CAL, date(2025, 12, 18), date(2026, 1, 12)),
            # Easter Monday 6 Apr skipped; Good Friday 3 Apr counts.
            (CAL, date(2026, 3, 31), date(2026, 4, 22)),
            # Ascension 14 May and Whit Monday 25 May skipped.
            (CAL, date(2026, 5, 8), date(2026, 6, 2)),
        ],
    )
    def test_fifteen_working_days(
        self, cal: JudicialCalendar, trigger: date, expected: date
    ) -> None:
        """It finds the fifteenth working day after a bailiff's notice across holidays."""
        n = 15
        assert expected == cal.add_working_days(trigger, n)
        assert n == cal.working_days_between(trigger, expected)

    @pytest.mark.parametrize(
        ("start", "end", "expected"),
        [
            (date(2025, 7, 18), date(2025, 7, 25), 4),  # Mon 21 July skipped
            (date(2025, 7, 25), date(2025, 7, 25), 0),
            (date(2025, 7, 25), date(2025, 7, 18), 0),
            (date(2026, 12, 24), date(2027, 1, 4), 5),  # 28-31 Dec, 4 Jan
        ],
    )
    def test_working_days_between(self, start: date, end: date, expected: int) -> None:
        """It counts working days d with start < d <= end, and 0 for an empty range."""
        assert expected == CAL.working_days_between(start, end)

    def test_zero_working_days(self) -> None:
        """It returns the trigger itself for zero working days."""
        assert date(2025, 7, 26) == CAL.add_working_days(date(2025, 7, 26), 0)


class TestShiftArt53:
    """The art. 53 carry-over of a last day falling on a Saturday, Sunday or legal holiday."""

    @pytest.mark.parametrize(
        ("last_day", "expected"),
        [
            (date(2025, 5, 17), date(2025, 5, 19)),  # Saturday
            (date(2025, 5, 19), date(2025, 5, 19)),  # Monday: unchanged
            (date(2025, 11, 1), date(2025, 11, 3)),  # Saturday, All Saints
            (date(2026, 11, 1), date(2026, 11, 2)),  # Sunday; 2 Nov is not a holiday
            (date(2025, 12, 25), date(2025, 12, 26)),  # Thursday; 26 Dec is not a holiday
            (date(2027, 12, 25), date(2027, 12, 27)),  # Saturday, Christmas
            (date(2026, 4, 4), date(2026, 4, 7)),  # Saturday before Easter Monday
            (date(2026, 5, 23), date(2026, 5, 26)),  # Saturday before Whit Monday
            (date(2025, 5, 29), date(2025, 5, 30)),  # Ascension
            (date(2027, 7, 21), date(2027, 7, 22)),  # National day
            (date(2026, 8, 15), date(2026, 8, 17)),  # Saturday, Assumption
            (date(2025, 11, 11), date(2025, 11, 12)),  # Armistice
            (date(2027, 1, 1), date(2027, 1, 4)),  # Friday, New Year
        ],
    )
    def test_shift(self, last_day: date, expected: date) -> None:
        """It moves the last day to the next day that is not Saturday, Sunday or a holiday."""
        assert expected == CAL.shift_art53(last_day)

    def test_saturday_always_moves(self) -> None:
        """It moves a Saturday even when Saturdays count as working days elsewhere."""
        assert date(2025, 5, 19) == SAT_CAL.shift_art53(date(2025, 5, 17))


class TestAddDays:
    """Delays in days (C.j. arts 52 and 53)."""

    @pytest.mark.parametrize(
        ("trigger", "days", "expected"),
        [
            (date(2025, 5, 2), 15, date(2025, 5, 19)),  # ends Sat 17 May
            (date(2025, 12, 10), 15, date(2025, 12, 26)),  # ends Christmas (Thu)
            (date(2026, 4, 1), 5, date(2026, 4, 7)),  # ends Easter Monday
            (date(2027, 7, 6), 15, date(2027, 7, 22)),  # ends 21 July (Wed)
            (date(2025, 10, 17), 15, date(2025, 11, 3)),  # ends Sat 1 Nov, then Sunday
            (date(2026, 2, 2), 8, date(2026, 2, 10)),  # ends on a Tuesday: unchanged
        ],
    )
    def test_add_days(self, trigger: date, days: int, expected: date) -> None:
        """It skips the trigger day, counts every calendar day and applies art. 53."""
        assert expected == CAL.add_days(trigger, days)

    def test_unshifted(self) -> None:
        """It returns the raw last day when shift is off."""
        assert date(2025, 5, 17) == CAL.add_days(date(2025, 5, 2), 15, shift=False)


class TestAddMonths:
    """Delays in months (C.j. art. 54, "de quantième à veille de quantième")."""

    @pytest.mark.parametrize(
        ("trigger", "months", "expected"),
        [
            (date(2019, 9, 23), 1, date(2019, 10, 23)),  # droitbelge.be news 1009 worked example
            (date(2026, 1, 5), 1, date(2026, 2, 5)),  # formal notice, a Thursday
            (date(2025, 10, 1), 1, date(2025, 11, 3)),  # ends Sat 1 Nov (All Saints)
            (date(2025, 11, 25), 1, date(2025, 12, 26)),  # ends Christmas
            (date(2025, 6, 9), 12, date(2026, 6, 9)),  # twelve months
            (date(2026, 1, 31), 1, date(2026, 3, 2)),  # clamps to Sat 28 Feb 2026
            (date(2027, 1, 31), 1, date(2027, 3, 1)),  # clamps to Sun 28 Feb 2027
        ],
    )
    def test_add_months(self, trigger: date, months: int, expected: date) -> None:
        """It ends on the trigger's day of month, months later, then applies art. 53."""
        assert expected == CAL.add_months(trigger, months)

    @pytest.mark.parametrize(
        ("cal", "trigger", "months", "expected"),
        [
            (CAL, date(2027, 1, 31), 1, date(2027, 2, 28)),
            (CAL, date(2027, 1, 29), 1, date(2027, 2, 28)),
            (CAL, date(2025, 12, 31), 2, date(2026, 2, 28)),
            # starts 1 Feb: the 1st exists in March → eve = 28 Feb, whatever the setting
            (ROLL_CAL, date(2027, 1, 31), 1, date(2027, 2, 28)),
            # starts 30 Jan: no 30 Feb → the other reading ends on 1 March
            (ROLL_CAL, date(2027, 1, 29), 1, date(2027, 3, 1)),
            (ROLL_CAL, date(2026, 3, 31), 1, date(2026, 4, 30)),  # starts 1 Apr
            (ROLL_CAL, date(2026, 3, 30), 1, date(2026, 5, 1)),  # starts 31 Mar: no 31 Apr
        ],
    )
    def test_month_end(
        self, cal: JudicialCalendar, trigger: date, months: int, expected: date
    ) -> None:
        """It clamps or rolls over a day missing in the target month, as configured."""
        assert expected == cal.add_months(trigger, months, shift=False)

    def test_zero_months(self) -> None:
        """It returns the trigger itself for zero months."""
        assert date(2026, 2, 5) == CAL.add_months(date(2026, 2, 5), 0)


class TestCourtHolidays:
    """Appeal delays and the judicial holidays (C.j. arts 50 al. 2, 54, 53, 1051)."""

    @pytest.mark.parametrize(
        ("served", "expected"),
        [
            (date(2026, 6, 30), date(2026, 9, 15)),  # starts 1 July, would end 30 July
            (date(2026, 6, 29), date(2026, 7, 29)),  # starts 30 June: not extended
            (date(2025, 6, 30), date(2025, 9, 15)),
            (date(2027, 6, 30), date(2027, 9, 15)),  # 15 Sept 2027 is a Wednesday
            (date(2027, 7, 15), date(2027, 9, 15)),  # would end Sun 15 Aug
            (date(2026, 7, 31), date(2026, 9, 15)),  # would end Mon 31 Aug
            (date(2025, 7, 31), date(2025, 9, 15)),  # would end Sun 31 Aug (unshifted!)
            (date(2024, 7, 31), date(2024, 9, 16)),  # Sat 31 Aug; 15 Sept is a Sunday
            (date(2029, 7, 31), date(2029, 9, 17)),  # 15 Sept 2029 is a Saturday
            (date(2026, 8, 1), date(2026, 9, 1)),  # would end 1 Sept: not extended
            (date(2026, 5, 20), date(2026, 6, 22)),  # no holiday: ends Sat 20 June
        ],
    )
    def test_appeal_deadline(self, served: date, expected: date) -> None:
        """It extends to 15 September only when the delay starts and ends in July–August."""
        assert expected == CAL.appeal_deadline(served)

    def test_extend_day_delays(self) -> None:
        """It extends a delay in days that starts and ends in the holidays, not one ending later."""
        assert date(2026, 9, 15) == CAL.extend_for_court_holidays(
            date(2026, 7, 10), date(2026, 7, 25)
        )
        assert date(2026, 9, 4) == CAL.extend_for_court_holidays(
            date(2026, 8, 20), date(2026, 9, 4)
        )

    def test_deadline_before_trigger(self) -> None:
        """It refuses a deadline earlier than its trigger."""
        with pytest.raises(ValueError, match="deadline"):
            CAL.extend_for_court_holidays(date(2026, 7, 10), date(2026, 7, 9))


class TestWinterMoratorium:
    """The Brussels winter moratorium on evictions (CBL art. 233duodecies)."""

    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (date(2025, 10, 31), False),
            (date(2025, 11, 1), True),
            (date(2026, 1, 15), True),
            (date(2026, 3, 15), True),
            (date(2026, 3, 16), False),
            (date(2026, 7, 1), False),
            (date(2023, 10, 31), False),
            (date(2023, 11, 1), True),  # first protected winter
            (date(2023, 1, 15), False),  # before the ordinance of 22 June 2023
            (date(2022, 11, 15), False),
        ],
    )
    def test_in_moratorium(self, day: date, expected: bool) -> None:
        """It bars evictions from 1 November to 15 March inclusive, from winter 2023–2024."""
        assert expected is CAL.in_winter_moratorium(day)

    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (date(2025, 11, 1), date(2026, 3, 16)),
            (date(2026, 1, 15), date(2026, 3, 16)),
            (date(2026, 3, 15), date(2026, 3, 16)),
            (date(2027, 12, 31), date(2028, 3, 16)),
            (date(2025, 10, 31), date(2025, 10, 31)),
            (date(2023, 1, 15), date(2023, 1, 15)),
        ],
    )
    def test_after_moratorium(self, day: date, expected: date) -> None:
        """It returns the day itself outside the moratorium, else the following 16 March."""
        assert expected == CAL.after_winter_moratorium(day)

    def test_configurable_window(self) -> None:
        """It follows a configured window and start of validity."""
        cal = JudicialCalendar(moratorium_end=(3, 31), moratorium_valid_from=date(2024, 1, 1))
        assert True is cal.in_winter_moratorium(date(2026, 3, 20))
        assert date(2026, 4, 1) == cal.after_winter_moratorium(date(2026, 3, 20))
        assert False is cal.in_winter_moratorium(date(2023, 12, 1))
        summer = JudicialCalendar(moratorium_start=(7, 1), moratorium_end=(8, 31))
        assert date(2026, 9, 1) == summer.after_winter_moratorium(date(2026, 7, 15))
        assert False is summer.in_winter_moratorium(date(2026, 12, 15))


class TestDeemedReceived:
    """Postal notifications (C.j. art. 53bis)."""

    @pytest.mark.parametrize(
        ("cal", "posted", "method", "expected"),
        [
            # 24 Dec (1), 25 Dec holiday, 26 Dec (2), weekend, 29 Dec (3).
            (CAL, date(2025, 12, 23), "registered", date(2025, 12, 29)),
            # 22 May (1), weekend, Whit Monday, 26 May (2), 27 May (3).
            (CAL, date(2026, 5, 21), "registered", date(2026, 5, 27)),
            (SAT_CAL, date(2026, 5, 21), "registered", date(2026, 5, 26)),
            (CAL, date(2026, 2, 2), "ordinary", date(2026, 2, 5)),
            # Presentation date + 1 calendar day, even a holiday.
            (CAL, date(2026, 12, 24), "registered_ar", date(2026, 12, 25)),
            (CAL, date(2026, 7, 20), "judicial_letter", date(2026, 7, 21)),
        ],
    )
    def test_deemed_received(
        self, cal: JudicialCalendar, posted: date, method: str, expected: date
    ) -> None:
        """It takes the third working day after posting, or the day after presentation."""
        assert expected == cal.deemed_received(posted, method=method)  # type: ignore[arg-type]

    def test_unknown_method(self) -> None:
        """It refuses an unknown delivery method."""
        with pytest.raises(ValueError, match="method"):
            CAL.deemed_received(date(2026, 2, 2), method="pigeon")  # type: ignore[arg-type]


class TestValidation:
    """Input checks."""

    @pytest.mark.parametrize("bad", [datetime(2026, 1, 5, 12, 0), "2026-01-05", None, 20260105])
    def test_not_a_date(self, bad: object) -> None:
        """It refuses datetimes and non-dates with a TypeError."""
        with pytest.raises(TypeError, match=r"datetime\.date"):
            CAL.add_days(bad, 1)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"datetime\.date"):
            CAL.is_working_day(bad)  # type: ignore[arg-type]

    def test_negative_counts(self) -> None:
        """It refuses negative day, month and working-day counts with a ValueError."""
        with pytest.raises(ValueError, match="days"):
            CAL.add_days(date(2026, 1, 5), -1)
        with pytest.raises(ValueError, match="months"):
            CAL.add_months(date(2026, 1, 5), -1)
        with pytest.raises(ValueError, match="must not be negative"):
            CAL.add_working_days(date(2026, 1, 5), -1)

    def test_non_int_counts(self) -> None:
        """It refuses booleans and floats as counts."""
        with pytest.raises(TypeError, match="int"):
            CAL.add_days(date(2026, 1, 5), True)
        with pytest.raises(TypeError, match="int"):
            CAL.add_months(date(2026, 1, 5), 1.0)  # type: ignore[arg-type]

    def test_bad_options(self) -> None:
        """It refuses invalid options at construction."""
        with pytest.raises(ValueError, match="month_end"):
            JudicialCalendar(month_end="nearest")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="moratorium_start"):
            JudicialCalendar(moratorium_start=(2, 29))
        with pytest.raises(ValueError, match="moratorium_end"):
            JudicialCalendar(moratorium_end=(13, 1))
        with pytest.raises(TypeError, match="extra_holidays"):
            JudicialCalendar(extra_holidays={datetime(2026, 1, 5, 0, 0)})
        with pytest.raises(TypeError):
            JudicialCalendar(saturday_is_working_day="yes")  # type: ignore[arg-type]

    def test_frozen(self) -> None:
        """It cannot be changed after construction."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            CAL.month_end = "next_month_first"  # type: ignore[misc]


calendars = st.sampled_from([CAL, SAT_CAL, ROLL_CAL])
days_ = st.dates(min_value=date(1995, 1, 1), max_value=date(2090, 12, 31))
date_pairs = st.tuples(days_, days_).map(sorted)


props = settings(deadline=None)


class TestProperties:
    """Properties that hold for every date."""

    @props
    @given(day=days_)
    def test_shift_is_smallest_open_day(self, day: date) -> None:
        """It returns the first day on or after the input that is not closed under art. 53."""
        shifted = CAL.shift_art53(day)
        assert shifted >= day
        assert False is closed_art53(shifted)
        assert all(closed_art53(day + timedelta(i)) for i in range((shifted - day).days))

    @props
    @given(cal=calendars, day=days_, days=st.integers(0, 400), months=st.integers(0, 48))
    def test_shifted_results_are_open(
        self, cal: JudicialCalendar, day: date, days: int, months: int
    ) -> None:
        """It never ends a shifted delay on a Saturday, Sunday or legal holiday."""
        assert False is closed_art53(cal.add_days(day, days))
        assert False is closed_art53(cal.add_months(day, months))
        assert False is closed_art53(cal.appeal_deadline(day))

    @props
    @given(cal=calendars, pair=date_pairs, days=st.integers(0, 400), months=st.integers(0, 48))
    def test_monotonic(
        self, cal: JudicialCalendar, pair: list[date], days: int, months: int
    ) -> None:
        """It never gives an earlier deadline for a later trigger (month_end=last_day).

        The other month-end reading is not monotonic: served 29 Jan 2027 → 1 Mar,
        served 31 Jan → 28 Feb (see test_other_reading_not_monotonic).
        """
        early, late = pair
        assert cal.add_days(early, days) <= cal.add_days(late, days)
        if cal.month_end != "last_day":
            return
        assert cal.add_months(early, months) <= cal.add_months(late, months)
        assert cal.add_months(early, months, shift=False) <= cal.add_months(
            late, months, shift=False
        )

    @props
    @given(cal=calendars, pair=date_pairs, n=st.integers(0, 40))
    def test_working_days_monotonic(self, cal: JudicialCalendar, pair: list[date], n: int) -> None:
        """It never gives an earlier n-th working day for a later trigger."""
        early, late = pair
        assert cal.add_working_days(early, n) <= cal.add_working_days(late, n)

    @props
    @given(cal=calendars, day=days_, n=st.integers(0, 60))
    def test_count_inverts_add(self, cal: JudicialCalendar, day: date, n: int) -> None:
        """It counts back exactly n working days to the n-th working day."""
        assert n == cal.working_days_between(day, cal.add_working_days(day, n))

    @props
    @given(day=days_)
    def test_after_moratorium_is_free(self, day: date) -> None:
        """It never returns a day inside the moratorium, nor one before the input."""
        after = CAL.after_winter_moratorium(day)
        assert after >= day
        assert False is CAL.in_winter_moratorium(after)


def test_other_reading_not_monotonic() -> None:
    """With month_end=next_month_first a later act can end earlier (why it is not the default)."""
    assert date(2027, 3, 1) == ROLL_CAL.add_months(date(2027, 1, 29), 1, shift=False)
    assert date(2027, 2, 28) == ROLL_CAL.add_months(date(2027, 1, 31), 1, shift=False)
