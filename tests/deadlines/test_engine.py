"""Tests for the deadline engine: case and casebook deadlines, irregularities, overrides."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import attrs
import pytest

from clss_housing.casebook import Casebook
from clss_housing.deadlines import (
    IRREGULARITY_CODES,
    RULES,
    Counting,
    DeadlineSettings,
    Rule,
    Text,
    case_deadlines,
    case_irregularities,
    casebook_deadlines,
    deadline_date,
    rule,
)
from clss_housing.errors import NotFoundError, ValidationError
from clss_housing.ledger.entries import (
    Correction,
    CpasInformed,
    CpasObjection,
    Entry,
    EvictionScheduled,
    HearingScheduled,
    IndexationRequested,
    Judgment,
    JudgmentServed,
    KeysReturned,
    NoticeReceived,
    PetitionFiled,
)
from clss_housing.money import Money


try:
    from clss_housing.workflow import workflow_check
except ImportError:  # pragma: no cover - before the workflow package exists
    workflow_check = None  # type: ignore[assignment]


DAY = timedelta(days=1)


def new_book(url: str = "memory:") -> Casebook:
    book = Casebook.open(url)
    if workflow_check is not None:
        book.add_check(workflow_check)
    return book


def new_case(book: Casebook, case_id: str, *, lang: str = "fr") -> str:
    return book.open_case(
        tenant="A. Locataire", landlord="B. Bailleur", address="Rue Haute 5, 1000 Bruxelles",
        rent=Money.parse("700"), date=date(2025, 1, 2), case_id=case_id, lang=lang,
    )


def record(book: Casebook, case_id: str, *entries: Entry) -> list[int]:
    return [r.sequence for r in book.record_many(case_id, list(entries))]


def eviction_case(
    book: Casebook, case_id: str, *, served: date, notice: date | None = None,
    eviction: date | None = None,
) -> str:
    """A case up to service of an eviction judgment, and the bailiff's notice if given."""
    new_case(book, case_id)
    judgment_on = served - 10 * DAY
    hearing = judgment_on - 14 * DAY
    petition = hearing - 50 * DAY
    record(
        book, case_id,
        NoticeReceived(date=petition - 40 * DAY),
        PetitionFiled(date=petition),
        CpasInformed(date=petition + 4 * DAY),
        HearingScheduled(date=petition + 7 * DAY, hearing_date=hearing),
        Judgment(date=judgment_on, outcome="eviction"),
        JudgmentServed(date=served),
    )
    if notice is not None and eviction is not None:
        record(book, case_id, EvictionScheduled(date=notice, eviction_date=eviction))
    return case_id


# -- case_deadlines --------------------------------------------------------------------------


class TestCaseDeadlines:
    """case_deadlines: ordering, statuses, JSON, languages and arguments."""

    def test_sorted_by_date_undated_last(self) -> None:
        """It sorts dated deadlines by date and lists undated ones last."""
        book = new_book()
        new_case(book, "C-1")
        record(
            book, "C-1",
            NoticeReceived(date=date(2026, 1, 5)),
            PetitionFiled(date=date(2026, 2, 10)),
            CpasInformed(date=date(2026, 2, 14)),
            HearingScheduled(date=date(2026, 2, 20), hearing_date=date(2026, 3, 30)),
            Judgment(date=date(2026, 4, 10), outcome="eviction"),
        )
        found = case_deadlines(book.load("C-1"), date(2026, 4, 11))
        assert [
            ("pre_court_waiting_period", date(2026, 2, 5), "passed"),
            ("hearing_min_date", date(2026, 3, 22), "passed"),
            ("appeal", None, "cannot be computed: service date missing"),
            ("earliest_eviction", None, "cannot be computed: service date missing"),
        ] == [(d.rule, d.date, d.status) for d in found]

    def test_due_today_is_open(self) -> None:
        """It marks a deadline falling on the day asked as open, the day after as passed."""
        book = new_book()
        new_case(book, "C-1")
        record(book, "C-1", NoticeReceived(date=date(2026, 1, 5)))
        view = book.load("C-1")
        assert "open" == case_deadlines(view, date(2026, 2, 5))[0].status
        assert "passed" == case_deadlines(view, date(2026, 2, 6))[0].status

    def test_json(self) -> None:
        """It gives the CLI's JSON keys with ISO dates and null for an unknown date."""
        book = new_book()
        eviction_case(book, "C-1", served=date(2026, 9, 23))
        found = {d.rule: d.to_json() for d in case_deadlines(book.load("C-1"), date(2026, 9, 24))}
        appeal = found["appeal"]
        assert {"case", "rule", "date", "basis", "track"} <= set(appeal)
        assert ("C-1", "appeal", "2026-10-23", "hearing") == (
            appeal["case"], appeal["rule"], appeal["date"], appeal["track"]
        )
        assert isinstance(appeal["trigger_sequence"], int)

    def test_json_pending(self) -> None:
        """It writes a null date for a deadline that cannot be computed."""
        book = new_book()
        new_case(book, "C-1")
        record(
            book, "C-1",
            PetitionFiled(date=date(2026, 2, 10)),
            HearingScheduled(date=date(2026, 2, 20), hearing_date=date(2026, 3, 30)),
            Judgment(date=date(2026, 4, 10), outcome="dismissed"),
        )
        found = case_deadlines(book.load("C-1"), date(2026, 4, 11))
        (appeal,) = [d for d in found if d.rule == "appeal"]
        assert None is appeal.to_json()["date"]
        assert False is appeal.computed

    def test_english(self) -> None:
        """It gives titles and bases in the language asked."""
        book = new_book()
        new_case(book, "C-1")
        record(book, "C-1", NoticeReceived(date=date(2026, 1, 5)))
        (found,) = case_deadlines(book.load("C-1"), date(2026, 1, 5), lang="en")
        assert "End of the waiting period after the formal notice" == found.title
        assert found.basis.startswith("Brussels Housing Code art. 233quater")

    def test_bad_arguments(self) -> None:
        """It refuses a datetime, unknown settings or an unknown language, naming the field."""
        book = new_book()
        new_case(book, "C-1")
        view = book.load("C-1")
        from datetime import datetime

        with pytest.raises(ValidationError, match="as_of"):
            case_deadlines(view, datetime(2026, 1, 1))
        with pytest.raises(ValidationError, match="settings"):
            case_deadlines(view, date(2026, 1, 1), settings={})  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="lang"):
            case_deadlines(view, date(2026, 1, 1), lang="de")

    def test_corrected_entries_left_out(self) -> None:
        """It ignores a corrected notice."""
        book = new_book()
        new_case(book, "C-1")
        (seq,) = record(book, "C-1", NoticeReceived(date=date(2026, 1, 5)))
        record(book, "C-1", Correction(date=date(2026, 1, 6), corrects=seq, reason="typo"))
        assert [] == case_deadlines(book.load("C-1"), date(2026, 1, 7))

    def test_second_judgment_after_appeal(self) -> None:
        """Each judgment has its own service: a new judgment gets its own appeal deadline."""
        book = new_book()
        eviction_case(book, "C-1", served=date(2026, 3, 10))
        from clss_housing.ledger.entries import AppealFiled

        record(
            book, "C-1",
            AppealFiled(date=date(2026, 3, 20)),
            HearingScheduled(date=date(2026, 3, 25), hearing_date=date(2026, 6, 1)),
            Judgment(date=date(2026, 6, 15), outcome="eviction"),
        )
        found = case_deadlines(book.load("C-1"), date(2026, 6, 16))
        appeals = [(d.date, d.status) for d in found if d.rule == "appeal"]
        # The first appeal was lodged; the second judgment is not served yet.
        assert [(None, "cannot be computed: service date missing")] == appeals


class TestOverrides:
    """Rules are data: a pack with a rule of the same id overrides the built-in one."""

    def test_override_counting(self) -> None:
        """A partner's 2-month waiting period replaces the built-in one."""
        base = RULES.rule("pre_court_waiting_period")
        longer = attrs.evolve(
            base, counting=attrs.evolve(base.counting, amount=2, amount_setting=None)
        )
        pack = RULES.with_rules([longer])
        book = new_book()
        new_case(book, "C-1")
        record(book, "C-1", NoticeReceived(date=date(2026, 1, 5)))
        (found,) = case_deadlines(book.load("C-1"), date(2026, 1, 5), rules=pack)
        assert date(2026, 3, 5) == found.date

    def test_settings_change_the_count(self) -> None:
        """A setting changes the count of the rules that name it."""
        settings = DeadlineSettings(waiting_period_months=2)
        found = deadline_date(rule("pre_court_waiting_period"), date(2026, 1, 5),
                              settings=settings)
        assert date(2026, 3, 5) == found

    def test_plain_list_of_rules(self) -> None:
        """It accepts any sequence of rules, e.g. a plugin's extra rule alone."""
        extra = Rule(
            id="keys_followup",
            title=Text(fr="Suivi", nl="Opvolging", en="Follow-up"),
            description=Text(fr="Suivi", nl="Opvolging", en="Follow-up"),
            track="rehousing",
            triggers=("keys_returned",),
            counting=Counting(method="days", amount=10, shift=True),
            basis=Text(fr="Pratique", nl="Praktijk", en="Practice"),
            valid_from=date(2018, 1, 1),
            region="BXL",
            confidence="low",
        )
        book = new_book()
        new_case(book, "C-1")
        record(book, "C-1", KeysReturned(date=date(2026, 12, 15)))
        (found,) = case_deadlines(book.load("C-1"), date(2026, 12, 15), rules=[extra])
        # 15 Dec + 10 days = Fri 25 Dec (Christmas) → Sat, Sun → Mon 28 Dec 2026
        assert ("keys_followup", date(2026, 12, 28), "low") == (
            found.rule, found.date, found.confidence
        )

    def test_unknown_rule(self) -> None:
        """It raises NotFoundError for an unknown rule id."""
        with pytest.raises(NotFoundError):
            rule("no_such_rule")


# -- casebook_deadlines ------------------------------------------------------------------------


def three_cases(book: Casebook) -> None:
    # A: served 23 Sept 2026 → appeal Fri 23 Oct, earliest eviction Sat 24 Oct 2026
    eviction_case(book, "A-1", served=date(2026, 9, 23))
    # B: notice 1 Oct 2026 → waiting period ends 1 Nov 2026
    new_case(book, "B-2")
    record(book, "B-2", NoticeReceived(date=date(2026, 10, 1)))
    # C: keys returned, lease start unknown → guarantee 2 months later (1 Dec 2026)
    new_case(book, "C-3")
    record(book, "C-3", KeysReturned(date=date(2026, 10, 1)))


class TestCasebookDeadlines:
    """casebook_deadlines: every case, only the window, sorted by date then case."""

    def test_window(self) -> None:
        """It lists the dated deadlines of [as_of, as_of + within] across cases, sorted."""
        book = new_book()
        three_cases(book)
        found = casebook_deadlines(book, date(2026, 10, 20), 30)
        # A-1 served 23 Sept: appeal Fri 23 Oct 2026; earliest eviction the day after,
        # Sat 24 Oct → Mon 26 Oct (no execution on a weekend, C.j. art. 47).
        assert [
            ("A-1", "appeal", date(2026, 10, 23)),
            ("A-1", "earliest_eviction", date(2026, 10, 26)),
            ("B-2", "pre_court_waiting_period", date(2026, 11, 1)),
        ] == [(d.case, d.rule, d.date) for d in found]

    def test_window_bounds_inclusive(self) -> None:
        """It includes deadlines falling on the first and on the last day of the window."""
        book = new_book()
        three_cases(book)
        found = casebook_deadlines(book, date(2026, 10, 23), 9)
        assert [date(2026, 10, 23), date(2026, 10, 26), date(2026, 11, 1)] == [
            d.date for d in found
        ]
        assert [] == casebook_deadlines(book, date(2026, 10, 27), 4)

    def test_same_day_sorted_by_case(self) -> None:
        """Two cases with a deadline the same day come in case order."""
        book = new_book()
        for case_id in ("Z-9", "M-5"):
            new_case(book, case_id)
            record(book, case_id, NoticeReceived(date=date(2026, 1, 5)))
        found = casebook_deadlines(book, date(2026, 1, 5), 40)
        assert ["M-5", "Z-9"] == [d.case for d in found]

    def test_within_must_be_a_count(self) -> None:
        """It refuses a negative or non-integer window."""
        book = new_book()
        with pytest.raises(ValidationError, match="within"):
            casebook_deadlines(book, date(2026, 1, 1), -1)
        with pytest.raises(ValidationError, match="within"):
            casebook_deadlines(book, date(2026, 1, 1), True)

    def test_sqlite(self, tmp_path: Path) -> None:
        """It reads a SQLite casebook the same way as a memory one."""
        url = f"sqlite:///{tmp_path / 'book.db'}"
        book = new_book(url)
        three_cases(book)
        memory = new_book()
        three_cases(memory)
        expected = casebook_deadlines(memory, date(2026, 10, 1), 90)
        found = casebook_deadlines(book, date(2026, 10, 1), 90)
        book.close()
        assert [d.to_json() for d in expected] == [d.to_json() for d in found]
        assert 4 == len(found)
        assert ("C-3", "guarantee_return", date(2026, 12, 1)) == (
            found[-1].case, found[-1].rule, found[-1].date
        )


# -- irregularities ----------------------------------------------------------------------------


def codes(book: Casebook, case_id: str, **options: object) -> list[str]:
    return [i.code for i in case_irregularities(book.load(case_id), **options)]  # type: ignore[arg-type]


class TestIrregularities:
    """case_irregularities: what breaks a rule, with its basis."""

    def test_petition_too_early(self) -> None:
        """A petition on the last day of the waiting period (5 Feb for 5 Jan) is too early."""
        book = new_book()
        new_case(book, "C-1")
        record(
            book, "C-1",
            NoticeReceived(date=date(2026, 1, 5)),
            PetitionFiled(date=date(2026, 2, 5)),
            CpasInformed(date=date(2026, 2, 9)),
        )
        (found,) = case_irregularities(book.load("C-1"), lang="en")
        assert ("petition_before_waiting_period_end", date(2026, 2, 5), 3) == (
            found.code, found.date, found.sequence
        )
        assert "court action was possible only from 2026-02-06" in found.message
        assert "233quater" in found.basis

    def test_petition_in_time(self) -> None:
        """A petition on the day after the waiting period is regular."""
        book = new_book()
        new_case(book, "C-1")
        record(
            book, "C-1",
            NoticeReceived(date=date(2026, 1, 5)),
            PetitionFiled(date=date(2026, 2, 6)),
            CpasInformed(date=date(2026, 2, 10)),
        )
        assert [] == codes(book, "C-1")

    def test_hearing_too_soon(self) -> None:
        """A hearing on 10 Apr 2026 for a petition of 2 Mar is one day short of 40 days."""
        book = new_book()
        new_case(book, "C-1")
        record(
            book, "C-1",
            NoticeReceived(date=date(2026, 1, 20)),
            PetitionFiled(date=date(2026, 3, 2)),
            CpasInformed(date=date(2026, 3, 3)),
            HearingScheduled(date=date(2026, 3, 5), hearing_date=date(2026, 4, 10)),
        )
        (found,) = case_irregularities(book.load("C-1"), lang="fr")
        assert "hearing_too_soon" == found.code
        assert ("Audience fixée le 2026-04-10, moins de 40 jours après la requête en "
                "expulsion du 2026-03-02 (au plus tôt le 2026-04-11).") == found.message

    def test_hearing_on_day_forty(self) -> None:
        """A hearing 40 days after the petition is regular."""
        book = new_book()
        new_case(book, "C-1")
        record(
            book, "C-1",
            NoticeReceived(date=date(2026, 1, 20)),
            PetitionFiled(date=date(2026, 3, 2)),
            CpasInformed(date=date(2026, 3, 3)),
            HearingScheduled(date=date(2026, 3, 5), hearing_date=date(2026, 4, 11)),
        )
        assert [] == codes(book, "C-1")

    def test_eviction_in_winter_with_short_notice(self) -> None:
        """31 Dec 2026 is in the moratorium and only 14 working days after a notice of 10 Dec."""
        book = new_book()
        eviction_case(book, "C-1", served=date(2026, 9, 1), notice=date(2026, 12, 10),
                      eviction=date(2026, 12, 31))
        found = case_irregularities(book.load("C-1"), lang="en")
        assert ["eviction_in_moratorium", "eviction_notice_too_short"] == [i.code for i in found]
        assert "earliest 2027-03-16" in found[0].message
        assert "233duodecies" in found[0].basis
        assert ("with 14 working days' notice from 2026-12-10; at least 15 are required "
                "(earliest 2027-01-04)") in found[1].message

    def test_notice_one_day_short(self) -> None:
        """Notice 1 Jul 2026, eviction 22 Jul: 14 working days (21 July is a holiday)."""
        book = new_book()
        eviction_case(book, "C-1", served=date(2026, 5, 4), notice=date(2026, 7, 1),
                      eviction=date(2026, 7, 22))
        assert ["eviction_notice_too_short"] == codes(book, "C-1")

    def test_notice_long_enough(self) -> None:
        """Notice 1 Jul 2026, eviction 23 Jul: the 15th working day, regular."""
        book = new_book()
        eviction_case(book, "C-1", served=date(2026, 5, 4), notice=date(2026, 7, 1),
                      eviction=date(2026, 7, 23))
        assert [] == codes(book, "C-1")

    def test_eviction_before_month_after_service(self) -> None:
        """Served 1 Sept 2026: no eviction before 2 Oct, even with enough notice."""
        book = new_book()
        eviction_case(book, "C-1", served=date(2026, 9, 1), notice=date(2026, 9, 5),
                      eviction=date(2026, 9, 30))
        (found,) = case_irregularities(book.load("C-1"), lang="nl")
        assert "eviction_before_service_month" == found.code
        assert "(ten vroegste 2026-10-02)" in found.message

    def test_indexation_too_far_back(self) -> None:
        """An indexation asked on 15 May 2026 from 1 Jan 2026 reaches back too far."""
        book = new_book()
        new_case(book, "C-1")
        record(
            book, "C-1",
            IndexationRequested(date=date(2026, 5, 15), from_date=date(2026, 1, 1)),
            IndexationRequested(date=date(2026, 5, 20), from_date=date(2026, 2, 1)),
        )
        found = case_irregularities(book.load("C-1"), lang="en")
        assert [("indexation_too_far_back", 2, date(2026, 1, 1))] == [
            (i.code, i.sequence, i.date) for i in found
        ]
        assert "it is due only from 2026-02-01 (not before the lease's anniversary, nor more " \
            "than 3 months" in found[0].message

    def test_as_of_limits(self) -> None:
        """It ignores entries dated after the day asked."""
        book = new_book()
        new_case(book, "C-1")
        record(
            book, "C-1",
            NoticeReceived(date=date(2026, 1, 5)),
            PetitionFiled(date=date(2026, 2, 5)),
        )
        assert [] == codes(book, "C-1", as_of=date(2026, 2, 4))

    def test_corrected_petition(self) -> None:
        """A corrected petition is not reported."""
        book = new_book()
        new_case(book, "C-1")
        (_, petition) = record(
            book, "C-1",
            NoticeReceived(date=date(2026, 1, 5)),
            PetitionFiled(date=date(2026, 2, 5)),
        )
        record(book, "C-1", Correction(date=date(2026, 2, 6), corrects=petition, reason="x"))
        assert [] == codes(book, "C-1")

    def test_json(self) -> None:
        """It gives a JSON-ready form with ISO dates."""
        book = new_book()
        new_case(book, "C-1")
        record(book, "C-1", NoticeReceived(date=date(2026, 1, 5)),
               PetitionFiled(date=date(2026, 2, 1)), CpasInformed(date=date(2026, 2, 5)))
        (found,) = case_irregularities(book.load("C-1"))
        data = found.to_json()
        assert ("C-1", "petition_before_waiting_period_end", "2026-02-01") == (
            data["case"], data["code"], data["date"]
        )
        assert data["code"] in IRREGULARITY_CODES

    def test_without_the_rule(self) -> None:
        """A pack without the waiting-period rule does not check it."""
        book = new_book()
        new_case(book, "C-1")
        record(book, "C-1", NoticeReceived(date=date(2026, 1, 5)),
               PetitionFiled(date=date(2026, 2, 1)), CpasInformed(date=date(2026, 2, 5)))
        pack = RULES.without("pre_court_waiting_period")
        assert [] == codes(book, "C-1", rules=pack)


class TestCasebookIrregularities:
    """casebook_irregularities: every case's irregularities in one pass, lean."""

    def test_same_as_one_case(self) -> None:
        """It gives, per case, what case_irregularities gives, and [] for regular cases."""
        from clss_housing.deadlines import casebook_irregularities

        book = new_book()
        new_case(book, "C-1")
        new_case(book, "C-2")
        record(book, "C-1", NoticeReceived(date=date(2026, 1, 5)),
               PetitionFiled(date=date(2026, 2, 5)))
        as_of = date(2026, 3, 1)
        found = casebook_irregularities(book, as_of)
        assert {"C-1", "C-2"} == set(found)
        assert case_irregularities(book.load("C-1"), as_of=as_of) == found["C-1"]
        assert ["petition_before_waiting_period_end", "cpas_not_informed"] == [
            i.code for i in found["C-1"]
        ]
        assert [] == found["C-2"]
        assert {"C-2"} == set(casebook_irregularities(book, as_of, case_ids={"C-2"}))


class TestCpasNotInformed:
    """cpas_not_informed: Code judiciaire art. 1344ter (configurable days, objection)."""

    def petition(self, *extra: Entry) -> Casebook:
        book = new_book()
        new_case(book, "C-1")
        record(book, "C-1", NoticeReceived(date=date(2026, 1, 5)),
               PetitionFiled(date=date(2026, 2, 10)), *extra)
        return book

    def test_days_counted(self) -> None:
        """Reported only once cpas_information_days (15) have passed: on 26 Feb, not 25."""
        book = self.petition()
        assert [] == codes(book, "C-1", as_of=date(2026, 2, 25))
        assert ["cpas_not_informed"] == codes(book, "C-1", as_of=date(2026, 2, 26))
        (found,) = case_irregularities(book.load("C-1"), as_of=date(2026, 3, 1), lang="en")
        assert "1344ter" in found.basis
        assert "within 15 days (by 2026-02-25)" in found.message

    def test_informed_in_time(self) -> None:
        """A cpas_informed within the days clears it; one after them does not."""
        assert [] == codes(self.petition(CpasInformed(date=date(2026, 2, 25))), "C-1")
        late = self.petition(CpasInformed(date=date(2026, 2, 26)))
        assert ["cpas_not_informed"] == codes(late, "C-1")

    def test_setting_changes_days(self) -> None:
        """cpas_information_days moves the limit."""
        book = self.petition(CpasInformed(date=date(2026, 2, 26)))
        assert [] == codes(book, "C-1", settings=DeadlineSettings(cpas_information_days=16))

    def test_objection(self) -> None:
        """The tenant's objection clears it while cpas_objection_allowed."""
        book = self.petition(CpasObjection(date=date(2026, 2, 12)))
        assert [] == codes(book, "C-1")
        refused = DeadlineSettings(cpas_objection_allowed=False)
        assert ["cpas_not_informed"] == codes(book, "C-1", settings=refused)

    def test_not_for_other_requests(self) -> None:
        """A petition without an eviction claim is not checked."""
        book = new_book()
        new_case(book, "C-1")
        record(book, "C-1", NoticeReceived(date=date(2026, 1, 5)),
               PetitionFiled(date=date(2026, 2, 10), eviction=False))
        assert [] == codes(book, "C-1")


class TestEvictionOnNonWorkingDay:
    """eviction_on_non_working_day: Code judiciaire art. 47."""

    def test_sunday(self) -> None:
        """An eviction set on Sunday 4 Oct 2026 needs the judge's leave; Monday 5 is fine."""
        book = new_book()
        eviction_case(book, "C-1", served=date(2026, 5, 4), notice=date(2026, 9, 1),
                      eviction=date(2026, 10, 4))
        assert ["eviction_on_non_working_day"] == codes(book, "C-1")
        (found,) = case_irregularities(book.load("C-1"), lang="en")
        assert "(earliest 2026-10-05)" in found.message
        assert [] == codes(book, "C-1", settings=DeadlineSettings(execution_art47=False))

    def test_federal_notice_before_reform(self) -> None:
        """Before the reform five working days suffice (art. 1344quater), not fifteen."""
        book = new_book()
        eviction_case(book, "C-1", served=date(2023, 3, 1), notice=date(2023, 6, 1),
                      eviction=date(2023, 6, 8))
        assert [] == codes(book, "C-1")
        short = new_book()
        eviction_case(short, "C-1", served=date(2023, 3, 1), notice=date(2023, 6, 1),
                      eviction=date(2023, 6, 7))
        (found,) = case_irregularities(short.load("C-1"), lang="en")
        assert ("eviction_notice_too_short", True) == (found.code, "1344quater" in found.basis)
