"""Hypothesis properties of the deadline rules and the engine."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from clss_housing.casebook import Casebook
from clss_housing.deadlines import (
    RULES,
    DeadlineSettings,
    Rule,
    case_deadlines,
    casebook_deadlines,
    deadline_date,
)
from clss_housing.ledger.entries import (
    CpasInformed,
    Entry,
    EvictionScheduled,
    HearingScheduled,
    Judgment,
    JudgmentServed,
    KeysReturned,
    NoticeReceived,
    Payment,
    PaymentPlanAgreed,
    PetitionFiled,
)
from clss_housing.money import Money


DAY = timedelta(days=1)
DATES = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
SETTINGS = st.builds(
    DeadlineSettings,
    saturday_is_working_day=st.booleans(),
    month_end=st.sampled_from(["last_day", "next_month_first"]),
    civil_delays_art53=st.booleans(),
    opposition_court_holidays=st.booleans(),
)
DATED_RULES = [r for r in RULES if r.counting.method not in ("informational",)]
# Any date, or one of the edges where counting changes: the judicial holidays and the
# moratorium, and month ends.
STARTS = st.one_of(
    DATES,
    st.builds(lambda y, d: date(y, 6, 25) + d * DAY, st.integers(2024, 2028), st.integers(0, 45)),
    st.builds(lambda y, d: date(y, 9, 25) + d * DAY, st.integers(2024, 2028), st.integers(0, 50)),
    st.builds(lambda y, m, d: date(y, m, 28) + d * DAY, st.integers(2024, 2028),
              st.integers(1, 12), st.integers(0, 4)),
)


def without_court_holidays(item: Rule) -> Rule:
    """The rule without the art. 50 al. 2 extension (the one non-monotonic step)."""
    counting = attrs.evolve(item.counting, court_holidays=False, court_holidays_setting=None)
    return attrs.evolve(item, counting=counting)


def closed(d: date, settings: DeadlineSettings) -> bool:
    """Saturday, Sunday or legal holiday: the days C.j. art. 53 moves a last day off."""
    return d.weekday() >= 5 or settings.calendar.is_public_holiday(d)


def shifts(item: Rule, settings: DeadlineSettings) -> bool:
    counting = item.counting
    return counting.shift or (
        counting.shift_setting is not None and bool(getattr(settings, counting.shift_setting))
    )


class TestRuleProperties:
    """Invariants of every rule of the pack, for any start date and settings."""

    @settings(max_examples=300, deadline=None)
    @given(start=DATES, options=SETTINGS, index=st.integers(0, len(DATED_RULES) - 1))
    def test_shifted_deadlines_fall_on_working_days(
        self, start: date, options: DeadlineSettings, index: int
    ) -> None:
        """A rule that applies art. 53 never ends on a Saturday, Sunday or legal holiday."""
        item = DATED_RULES[index]
        found = deadline_date(item, start, settings=options, amount=3)
        assert found is not None
        if shifts(item, options):
            assert not closed(found, options)

    @settings(max_examples=300, deadline=None)
    @given(start=DATES, options=SETTINGS)
    def test_earliest_eviction_never_in_the_moratorium(
        self, start: date, options: DeadlineSettings
    ) -> None:
        """earliest_eviction and bailiff_notice never fall from 1 November to 15 March."""
        for rule_id in ("earliest_eviction", "bailiff_notice"):
            found = deadline_date(RULES.rule(rule_id), start, settings=options)
            assert found is not None
            assert found > start
            assert not options.calendar.in_winter_moratorium(found)
            assert found.month not in (11, 12, 1, 2)
            assert not (found.month == 3 and found.day <= 15)

    @settings(max_examples=400, deadline=None)
    @given(
        first=STARTS, gap=st.integers(0, 120), options=SETTINGS,
        index=st.integers(0, len(DATED_RULES) - 1),
    )
    def test_monotonic(self, first: date, gap: int, options: DeadlineSettings, index: int) -> None:
        """A later start never gives an earlier deadline (art. 50 al. 2 aside, see below)."""
        item = without_court_holidays(DATED_RULES[index])
        options = attrs.evolve(options, month_end="last_day")  # the other reading is not
        second = first + gap * DAY
        early = deadline_date(item, first, settings=options, amount=2)
        late = deadline_date(item, second, settings=options, amount=2)
        assert early is not None
        assert late is not None
        assert early <= late

    @settings(max_examples=300, deadline=None)
    @given(start=STARTS, options=SETTINGS)
    def test_court_holidays_only_extend(self, start: date, options: DeadlineSettings) -> None:
        """The art. 50 al. 2 extension never shortens a period, and ends on 15 September."""
        for rule_id in ("appeal", "opposition"):
            item = RULES.rule(rule_id)
            plain = deadline_date(without_court_holidays(item), start, settings=options)
            found = deadline_date(item, start, settings=options)
            assert plain is not None
            assert found is not None
            assert plain <= found
            assert found in (plain, options.calendar.shift_art53(date(start.year, 9, 15)))

    def test_court_holidays_not_monotonic(self) -> None:
        """Art. 50 al. 2 is the exception: served 31 Jul 2026 → 15 Sept, 1 Aug → Tue 1 Sept."""
        appeal = RULES.rule("appeal")
        assert date(2026, 9, 15) == deadline_date(appeal, date(2026, 7, 31))
        assert date(2026, 9, 1) == deadline_date(appeal, date(2026, 8, 1))

    @settings(max_examples=200, deadline=None)
    @given(start=DATES, options=SETTINGS)
    def test_appeal_at_least_a_month(self, start: date, options: DeadlineSettings) -> None:
        """The appeal period is never shorter than the plain art. 54 month."""
        plain = options.calendar.add_months(start, 1, shift=False)
        found = deadline_date(RULES.rule("appeal"), start, settings=options)
        assert found is not None
        assert plain <= found <= max(plain, date(start.year, 9, 15)) + 5 * DAY


# -- through the engine -----------------------------------------------------------------------


def build_case(book: Casebook, case_id: str, served: date, kind: int, notice_gap: int) -> None:
    """A case whose procedure stops at a stage chosen by *kind*, dated around *served*."""
    book.open_case(tenant="T", landlord="L", address="A", rent=Money(70000),
                   date=date(2023, 1, 2), case_id=case_id)
    judgment_on = served - 10 * DAY
    hearing = judgment_on - 14 * DAY
    petition = hearing - 50 * DAY
    entries: list[Entry] = [NoticeReceived(date=petition - 40 * DAY)]
    if kind == 0:
        entries += [
            PaymentPlanAgreed(date=petition, instalment=Money(15000),
                              first_due=petition + notice_gap * DAY, count=6),
            Payment(date=petition + 40 * DAY, amount=Money(20000)),
        ]
    if kind >= 1:
        entries += [
            PetitionFiled(date=petition),
            CpasInformed(date=petition + 4 * DAY),
            HearingScheduled(date=petition + 7 * DAY, hearing_date=hearing),
            Judgment(date=judgment_on, outcome="eviction"),
        ]
    if kind >= 2:
        entries.append(JudgmentServed(date=served))
    if kind >= 3:
        notice = served + notice_gap * DAY
        entries.append(EvictionScheduled(date=notice, eviction_date=notice + 30 * DAY))
    entries.append(KeysReturned(date=served + 3 * notice_gap * DAY))
    book.record_many(case_id, entries)


CASES = st.lists(
    st.tuples(DATES, st.integers(0, 3), st.integers(1, 60)), min_size=1, max_size=8
)


class TestEngineProperties:
    """Invariants of case_deadlines and casebook_deadlines on random casebooks."""

    @settings(max_examples=40, deadline=None)
    @given(cases=CASES, as_of=DATES, within=st.integers(0, 120))
    def test_window_and_order(
        self, cases: list[tuple[date, int, int]], as_of: date, within: int
    ) -> None:
        """casebook_deadlines gives only dated deadlines inside the window, sorted."""
        book = Casebook.open("memory:")
        for number, (served, kind, gap) in enumerate(cases):
            build_case(book, f"P-{number}", served, kind, gap)
        found = casebook_deadlines(book, as_of, within)
        end = as_of + within * DAY
        keys = [(d.date, d.case) for d in found]
        assert keys == sorted(keys)
        for item in found:
            assert item.date is not None
            assert as_of <= item.date <= end
            assert "open" == item.status
        every = [
            d for view in book.views() for d in case_deadlines(view, as_of)
            if d.date is not None and as_of <= d.date <= end
        ]
        assert sorted(d.to_json()["date"] + d.case + d.rule for d in every) == sorted(
            d.to_json()["date"] + d.case + d.rule for d in found
        )

    @settings(max_examples=40, deadline=None)
    @given(served=DATES, kind=st.integers(0, 3), gap=st.integers(1, 60), as_of=DATES)
    def test_case_deadlines_order_and_status(
        self, served: date, kind: int, gap: int, as_of: date
    ) -> None:
        """case_deadlines sorts by date, undated last, and the status matches the date."""
        book = Casebook.open("memory:")
        build_case(book, "P-1", served, kind, gap)
        found = case_deadlines(book.load("P-1"), as_of)
        dated = [d for d in found if d.date is not None]
        assert found[: len(dated)] == dated
        assert [d.date for d in dated] == sorted(d.date for d in dated)  # type: ignore[type-var]
        for item in found:
            if item.date is None:
                assert item.status.startswith("cannot be computed: ")
            else:
                assert ("passed" if item.date < as_of else "open") == item.status
