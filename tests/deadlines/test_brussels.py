"""
Worked examples of the Brussels rule pack, through ``case_deadlines`` on a real casebook.

Every expected date was counted by hand on a printed 2025–2027 calendar (the
comment of each example shows the count), never taken from the code under
test.  Belgian legal holidays used: 2025 — 21 Apr, 1 May, 29 May, 9 Jun, 21 Jul,
15 Aug, 1 Nov (Sat), 11 Nov, 25 Dec; 2026 — 1 Jan, 6 Apr, 1 May, 14 May, 25 May,
21 Jul, 15 Aug (Sat), 1 Nov (Sun), 11 Nov, 25 Dec; 2027 — 1 Jan, 29 Mar, 1 May
(Sat), 6 May, 17 May, 21 Jul, 15 Aug (Sun), 1 Nov, 11 Nov, 25 Dec (Sat).

Cases are built in a realistic order (notice → petition → CPAS → hearing →
judgment → service → eviction notice) so that the workflow check accepts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

import pytest

from clss_housing.casebook import Casebook
from clss_housing.deadlines import (
    RULES,
    Deadline,
    DeadlineSettings,
    case_deadlines,
    deemed_receipt,
    legal_interest_rate,
)
from clss_housing.errors import ValidationError
from clss_housing.ledger.entries import (
    AppealFiled,
    Correction,
    CpasInformed,
    Entry,
    EvictionCancelled,
    EvictionScheduled,
    HearingAdjourned,
    HearingScheduled,
    IndexationRequested,
    Judgment,
    JudgmentServed,
    KeysReturned,
    LeaseNotice,
    NoticeReceived,
    Payment,
    PaymentPlanAgreed,
    PetitionFiled,
)
from clss_housing.money import Money


try:  # the casebook will run the workflow check by default; run it here already
    from clss_housing.workflow import workflow_check
except ImportError:  # pragma: no cover - before the workflow package exists
    workflow_check = None  # type: ignore[assignment]


DAY = timedelta(days=1)


# -- building cases ----------------------------------------------------------------------------


def new_book() -> Casebook:
    book = Casebook.open("memory:")
    if workflow_check is not None:
        book.add_check(workflow_check)
    return book


def new_case(
    book: Casebook, *, lease_start: date | None = None, case_id: str = "BXL-1", lang: str = "fr"
) -> str:
    return book.open_case(
        tenant="A. Locataire", landlord="B. Bailleur", address="Rue Royale 1, 1030 Schaerbeek",
        rent=Money.parse("750"), lease_start=lease_start, lang=lang,
        date=date(2023, 1, 2), case_id=case_id,
    )


def record(book: Casebook, case_id: str, *entries: Entry) -> list[int]:
    return [r.sequence for r in book.record_many(case_id, list(entries))]


def court(
    book: Casebook,
    case_id: str,
    *,
    judgment_on: date,
    outcome: str = "eviction",
    default: bool = False,
) -> None:
    """Notice, eviction petition, CPAS, hearing and judgment, in a lawful order before it."""
    hearing = judgment_on - 14 * DAY
    petition = hearing - 50 * DAY
    notice = petition - 40 * DAY
    record(
        book, case_id,
        NoticeReceived(date=notice),
        PetitionFiled(date=petition),
        CpasInformed(date=petition + 4 * DAY),
        HearingScheduled(date=petition + 7 * DAY, hearing_date=hearing),
        Judgment(date=judgment_on, outcome=outcome, default=default),
    )


def served_case(
    served: date, *, outcome: str = "eviction", default: bool = False
) -> tuple[Casebook, str]:
    book = new_book()
    case_id = new_case(book)
    court(book, case_id, judgment_on=served - 10 * DAY, outcome=outcome, default=default)
    record(book, case_id, JudgmentServed(date=served))
    return book, case_id


def by_rule(deadlines: Sequence[Deadline], rule_id: str) -> Deadline:
    found = [d for d in deadlines if d.rule == rule_id]
    assert 1 == len(found), f"{rule_id}: {found}"
    return found[0]


def deadline_of(
    book: Casebook, case_id: str, rule_id: str, as_of: date,
    settings: DeadlineSettings | None = None,
) -> Deadline:
    return by_rule(case_deadlines(book.load(case_id), as_of, settings=settings), rule_id)


# -- R1 and R22: the waiting period after the formal notice -----------------------------------


class TestWaitingPeriod:
    """R1, CBL art. 233quater: one month after the formal notice (art. 54 counting)."""

    def test_cli_example(self) -> None:
        """It gives 5 February for a notice of 5 January (court action from the 6th)."""
        book = new_book()
        case_id = new_case(book)
        record(book, case_id, NoticeReceived(date=date(2026, 1, 5)))
        found = deadline_of(book, case_id, "pre_court_waiting_period", date(2026, 1, 6))
        assert date(2026, 2, 5) == found.date
        assert "open" == found.status
        assert "pre_procedure" == found.track
        assert "Code bruxellois du Logement art. 233quater" in found.basis

    def test_month_end_not_shifted_by_default(self) -> None:
        """It gives 28 Feb 2026 (a Saturday) for 31 Jan: February has no 31st; no art. 53 shift."""
        book = new_book()
        case_id = new_case(book)
        record(book, case_id, NoticeReceived(date=date(2026, 1, 31)))
        found = deadline_of(book, case_id, "pre_court_waiting_period", date(2026, 2, 1))
        assert date(2026, 2, 28) == found.date

    def test_month_end_shifted_when_configured(self) -> None:
        """With civil_delays_art53, 31 Jan → Sat 28 Feb 2026 → Mon 2 March."""
        book = new_book()
        case_id = new_case(book)
        record(book, case_id, NoticeReceived(date=date(2026, 1, 31)))
        settings = DeadlineSettings(civil_delays_art53=True)
        found = deadline_of(book, case_id, "pre_court_waiting_period", date(2026, 2, 1), settings)
        assert date(2026, 3, 2) == found.date

    def test_all_saints_shift(self) -> None:
        """With the shift, 1 Oct 2025 → Sat 1 Nov (a holiday) → Sun 2 Nov → Mon 3 Nov 2025."""
        book = new_book()
        case_id = new_case(book)
        record(book, case_id, NoticeReceived(date=date(2025, 10, 1)))
        plain = deadline_of(book, case_id, "pre_court_waiting_period", date(2025, 10, 2))
        settings = DeadlineSettings(civil_delays_art53=True)
        shifted = deadline_of(
            book, case_id, "pre_court_waiting_period", date(2025, 10, 2), settings
        )
        assert (date(2025, 11, 1), date(2025, 11, 3)) == (plain.date, shifted.date)

    def test_latest_notice_counts(self) -> None:
        """It counts from the latest notice when a reminder follows the first one."""
        book = new_book()
        case_id = new_case(book)
        record(
            book, case_id,
            NoticeReceived(date=date(2026, 3, 2)),
            NoticeReceived(date=date(2026, 3, 16)),
        )
        found = case_deadlines(book.load(case_id), date(2026, 3, 20))
        assert [("pre_court_waiting_period", date(2026, 4, 16))] == [
            (d.rule, d.date) for d in found
        ]

    def test_posting_date_and_deemed_receipt(self) -> None:
        """R22: posted Wed 24 Dec 2025 → 26, 29, 30 Dec (25th closed) → waiting to 30 Jan 2026."""
        book = new_book()
        case_id = new_case(book)
        record(book, case_id, NoticeReceived(date=date(2025, 12, 24)))
        settings = DeadlineSettings(notice_date_is_posting_date=True)
        found = case_deadlines(book.load(case_id), date(2025, 12, 24), settings=settings)
        assert [
            ("notice_deemed_received", date(2025, 12, 30)),
            ("pre_court_waiting_period", date(2026, 1, 30)),
        ] == [(d.rule, d.date) for d in found]
        assert date(2025, 12, 30) == deemed_receipt(date(2025, 12, 24), settings=settings)

    def test_deemed_receipt_with_acknowledgment(self) -> None:
        """R22 with a receipt acknowledged: the day after presentation (Sat 1 Nov 2025 → 2 Nov)."""
        settings = DeadlineSettings(notice_delivery="registered_ar")
        assert date(2025, 11, 2) == deemed_receipt(date(2025, 11, 1), settings=settings)


# -- R2: 40 days before the hearing ------------------------------------------------------------


class TestHearingMinDate:
    """R2, CBL (ord. 22 June 2023): an eviction request is heard at least 40 days later."""

    def test_forty_days(self) -> None:
        """It gives 11 April 2026 for a petition of 2 March 2026 (29 days in March + 11)."""
        book = new_book()
        case_id = new_case(book)
        record(
            book, case_id,
            NoticeReceived(date=date(2026, 1, 20)),
            PetitionFiled(date=date(2026, 3, 2)),
        )
        found = deadline_of(book, case_id, "hearing_min_date", date(2026, 3, 3))
        assert date(2026, 4, 11) == found.date

    def test_not_for_a_request_without_eviction(self) -> None:
        """It gives no minimum hearing date for a request that does not ask for eviction."""
        book = new_book()
        case_id = new_case(book)
        record(book, case_id, PetitionFiled(date=date(2026, 3, 2), eviction=False))
        assert [] == case_deadlines(book.load(case_id), date(2026, 3, 3))

    def test_hearing_date_and_adjournment(self) -> None:
        """It shows the hearing date, and a hearing adjourned without a date as not computable."""
        book = new_book()
        case_id = new_case(book)
        record(
            book, case_id,
            NoticeReceived(date=date(2026, 1, 20)),
            PetitionFiled(date=date(2026, 3, 2)),
            HearingScheduled(date=date(2026, 3, 9), hearing_date=date(2026, 4, 20)),
        )
        found = deadline_of(book, case_id, "hearing", date(2026, 3, 10))
        assert (date(2026, 4, 20), "open") == (found.date, found.status)
        record(book, case_id, HearingAdjourned(date=date(2026, 4, 20)))
        later = deadline_of(book, case_id, "hearing", date(2026, 4, 21))
        assert (None, "cannot be computed: new hearing date missing") == (
            later.date, later.status
        )
        record(book, case_id,
               HearingAdjourned(date=date(2026, 4, 22), hearing_date=date(2026, 6, 1)))
        assert date(2026, 6, 1) == deadline_of(book, case_id, "hearing", date(2026, 4, 22)).date


# -- R6 and R7: appeal and opposition ----------------------------------------------------------

APPEAL_EXAMPLES = [
    # (service, last day to appeal): art. 54, then art. 50 al. 2, then art. 53.
    pytest.param(date(2026, 9, 23), date(2026, 10, 23), id="cli-23-sept"),
    # starts 1 Jul, would end 31 Jul (art. 54 from the dies a quo): both in the judicial
    # holidays → 15 Sept (Tue)
    pytest.param(date(2026, 6, 30), date(2026, 9, 15), id="court-holidays"),
    # starts 30 Jun, before the holidays: not extended → Wed 29 Jul
    pytest.param(date(2026, 6, 29), date(2026, 7, 29), id="court-holidays-not-started"),
    # starts 1 Aug, ends Mon 31 Aug, still the holidays → 15 Sept
    pytest.param(date(2026, 7, 31), date(2026, 9, 15), id="court-holidays-end-august"),
    # starts 2 Aug, would end Mon 1 Sept 2025: after the holidays → not extended
    pytest.param(date(2025, 8, 1), date(2025, 9, 1), id="court-holidays-ends-after"),
    # 2027: starts 6 Jul, would end 5 Aug → 15 Sept 2027 (Wed)
    pytest.param(date(2027, 7, 5), date(2027, 9, 15), id="court-holidays-2027"),
    # Sun 20 Jul 2025 → Mon 21 Jul (national day) → Tue 22 Jul
    pytest.param(date(2025, 6, 20), date(2025, 7, 22), id="sunday-then-21-july"),
    # Wed 21 Jul 2027 (national day) → Thu 22 Jul
    pytest.param(date(2027, 6, 21), date(2027, 7, 22), id="21-july-2027"),
    # Mon 6 Apr 2026 is Easter Monday → Tue 7 Apr
    pytest.param(date(2026, 3, 6), date(2026, 4, 7), id="easter-monday"),
    # Thu 29 May 2025 is Ascension → Fri 30 May
    pytest.param(date(2025, 4, 29), date(2025, 5, 30), id="ascension-2025"),
    # Thu 14 May 2026 is Ascension → Fri 15 May
    pytest.param(date(2026, 4, 14), date(2026, 5, 15), id="ascension-2026"),
    # Sun 1 Nov 2026 (All Saints) → Mon 2 Nov, which is not a legal holiday
    pytest.param(date(2026, 10, 1), date(2026, 11, 2), id="all-saints-sunday"),
    # Thu 11 Nov 2027 (Armistice) → Fri 12 Nov
    pytest.param(date(2027, 10, 11), date(2027, 11, 12), id="armistice"),
    # Fri 25 Dec 2026 → Sat, Sun → Mon 28 Dec (26 Dec is not a legal holiday anyway)
    pytest.param(date(2026, 11, 25), date(2026, 12, 28), id="christmas"),
    # Fri 1 Jan 2027 → Sat, Sun → Mon 4 Jan
    pytest.param(date(2026, 12, 1), date(2027, 1, 4), id="new-year"),
    # 31 Jan 2025: February has 28 days → Fri 28 Feb 2025 (month end, last day)
    pytest.param(date(2025, 1, 31), date(2025, 2, 28), id="month-end"),
]


class TestAppeal:
    """R6, C.j. art. 1051: one month from service (arts 54, 50 al. 2, 53)."""

    @pytest.mark.parametrize(("served", "expected"), APPEAL_EXAMPLES)
    def test_worked_examples(self, served: date, expected: date) -> None:
        """It gives the last day to appeal a contradictory judgment served on that day."""
        book, case_id = served_case(served)
        found = deadline_of(book, case_id, "appeal", served)
        assert expected == found.date
        # arts 52-54 were read in secondary sources only: medium (1051 itself is high)
        assert ("open", "hearing", "medium") == (found.status, found.track, found.confidence)
        assert "Code judiciaire art. 1051" in found.basis
        assert ("federal", date(1970, 11, 1)) == (found.regime, found.valid_from)

    def test_month_end_rolling_forward(self) -> None:
        """Served 30 Jan 2025: starts 31 Jan, no 31 Feb; other reading: Sat 1 Mar → 3 Mar."""
        book, case_id = served_case(date(2025, 1, 30))
        plain = deadline_of(book, case_id, "appeal", date(2025, 2, 1))
        settings = DeadlineSettings(month_end="next_month_first")
        found = deadline_of(book, case_id, "appeal", date(2025, 2, 1), settings)
        assert (date(2025, 2, 28), date(2025, 3, 3)) == (plain.date, found.date)

    def test_dutch_basis(self) -> None:
        """It cites the Gerechtelijk Wetboek for a Dutch-speaking case."""
        book = new_book()
        case_id = new_case(book, lang="nl")
        court(book, case_id, judgment_on=date(2026, 9, 10))
        record(book, case_id, JudgmentServed(date=date(2026, 9, 23)))
        found = deadline_of(book, case_id, "appeal", date(2026, 9, 23))
        assert "Gerechtelijk Wetboek art. 1051, 52, 54, 50 lid 2, 53" == found.basis
        assert "Einde van de beroepstermijn" == found.title

    def test_passed_stays_listed(self) -> None:
        """It lists the appeal deadline as passed once the date is behind."""
        book, case_id = served_case(date(2026, 9, 23))
        found = deadline_of(book, case_id, "appeal", date(2026, 10, 24))
        assert (date(2026, 10, 23), "passed") == (found.date, found.status)

    def test_appeal_filed_cancels(self) -> None:
        """It drops the appeal deadline once an appeal is lodged."""
        book, case_id = served_case(date(2026, 9, 23))
        record(book, case_id, AppealFiled(date=date(2026, 10, 2)))
        rules = {d.rule for d in case_deadlines(book.load(case_id), date(2026, 10, 3))}
        assert "appeal" not in rules


class TestOpposition:
    """R7, C.j. art. 1048: opposition to a default judgment within a month of service."""

    def test_default_judgment_in_the_summer(self) -> None:
        """Served 15 Jul 2026: would end Sat 15 Aug, in the holidays → 15 Sept (Tue)."""
        book, case_id = served_case(date(2026, 7, 15), default=True)
        found = case_deadlines(book.load(case_id), date(2026, 7, 16))
        dates = {d.rule: d.date for d in found if d.rule in ("appeal", "opposition")}
        assert {"appeal": date(2026, 9, 15), "opposition": date(2026, 9, 15)} == dates

    def test_without_the_holiday_extension(self) -> None:
        """Without art. 50 for opposition: Sat 15 Aug (holiday) → Sun → Mon 17 Aug 2026."""
        book, case_id = served_case(date(2026, 7, 15), default=True)
        settings = DeadlineSettings(opposition_court_holidays=False)
        found = deadline_of(book, case_id, "opposition", date(2026, 7, 16), settings)
        assert date(2026, 8, 17) == found.date

    def test_no_appeal_on_default_when_configured(self) -> None:
        """With appeal_on_default_judgments off, a default judgment shows opposition only."""
        book, case_id = served_case(date(2026, 3, 10), default=True)
        settings = DeadlineSettings(appeal_on_default_judgments=False)
        rules = [d.rule for d in case_deadlines(book.load(case_id), date(2026, 3, 11),
                                               settings=settings)]
        assert "opposition" in rules
        assert "appeal" not in rules

    def test_no_opposition_on_contradictory_judgment(self) -> None:
        """It gives no opposition deadline for a contradictory judgment."""
        book, case_id = served_case(date(2026, 3, 10))
        rules = [d.rule for d in case_deadlines(book.load(case_id), date(2026, 3, 11))]
        assert "opposition" not in rules


# -- R8 + R11: the earliest eviction -----------------------------------------------------------

EVICTION_EXAMPLES = [
    # (service, first day an eviction may take place): month after service, then day after,
    # then out of the moratorium (1 Nov – 15 Mar) to 16 March.
    # 20 Sept → 20 Oct → 21 Oct 2026, before the moratorium
    pytest.param(date(2026, 9, 20), date(2026, 10, 21), id="before-winter"),
    # 10 Oct → 10 Nov → 11 Nov 2026: inside the moratorium → 16 Mar 2027
    pytest.param(date(2026, 10, 10), date(2027, 3, 16), id="moratorium"),
    # 30 Sept → starts 1 Oct → ends 31 Oct → 1 Nov 2026: inside → 16 Mar 2027 (the case)
    pytest.param(date(2026, 9, 30), date(2027, 3, 16), id="served-30-sept"),
    # 29 Sept → starts 30 Sept → ends Thu 29 Oct → Fri 30 Oct 2026, before the moratorium
    pytest.param(date(2026, 9, 29), date(2026, 10, 30), id="eve-of-moratorium"),
    # 1 Oct → 1 Nov → 2 Nov 2026: inside → 16 Mar 2027
    pytest.param(date(2026, 10, 1), date(2027, 3, 16), id="moratorium-first-days"),
    # 12 Feb → 12 Mar → 13 Mar 2027: inside → 16 Mar 2027
    pytest.param(date(2027, 2, 12), date(2027, 3, 16), id="moratorium-last-days"),
    # 15 Feb → 15 Mar → 16 Mar 2027: the moratorium has just ended
    pytest.param(date(2027, 2, 15), date(2027, 3, 16), id="moratorium-over"),
    # 31 Aug → 30 Sept (September has 30 days) → Thu 1 Oct 2026
    pytest.param(date(2026, 8, 31), date(2026, 10, 1), id="month-end"),
    # 31 Jan → 28 Feb → 1 Mar 2025, inside the winter 2024–2025 → Sun 16 Mar 2025 →
    # Mon 17 Mar (no execution on a Sunday, C.j. art. 47)
    pytest.param(date(2025, 1, 31), date(2025, 3, 17), id="month-end-in-winter"),
]


class TestEarliestEviction:
    """R8 + R11, CBL arts 233undecies and 233duodecies."""

    @pytest.mark.parametrize(("served", "expected"), EVICTION_EXAMPLES)
    def test_worked_examples(self, served: date, expected: date) -> None:
        """It gives the first day an eviction ordered and served that day may take place."""
        book, case_id = served_case(served)
        found = deadline_of(book, case_id, "earliest_eviction", served)
        assert expected == found.date

    def test_not_for_payment_terms(self) -> None:
        """It gives no eviction date for a judgment granting payment terms."""
        book, case_id = served_case(date(2026, 9, 20), outcome="payment_terms")
        rules = [d.rule for d in case_deadlines(book.load(case_id), date(2026, 9, 21))]
        assert "earliest_eviction" not in rules
        assert "appeal" in rules

    def test_not_served_cannot_be_computed(self) -> None:
        """It lists appeal and eviction as not computable while the judgment is not served."""
        book = new_book()
        case_id = new_case(book)
        court(book, case_id, judgment_on=date(2026, 9, 10))
        found = case_deadlines(book.load(case_id), date(2026, 9, 11))
        pending = [(d.rule, d.date, d.status) for d in found if d.date is None]
        assert [
            ("appeal", None, "cannot be computed: service date missing"),
            ("earliest_eviction", None, "cannot be computed: service date missing"),
        ] == pending
        assert found[-2:] == [d for d in found if d.date is None]  # undated come last

    def test_served_without_judgment(self) -> None:
        """It cannot tell the periods of a service whose judgment was corrected away."""
        book = new_book()
        case_id = new_case(book)
        court(book, case_id, judgment_on=date(2026, 9, 10))
        (served,) = record(book, case_id, JudgmentServed(date=date(2026, 9, 23)))
        judgment_seq = served - 1
        record(book, case_id, Correction(date=date(2026, 9, 24), corrects=judgment_seq,
                                         reason="wrong case"))
        found = case_deadlines(book.load(case_id), date(2026, 9, 25))
        pending = {(d.rule, d.status, d.trigger_sequence) for d in found if d.date is None}
        assert {
            ("appeal", "cannot be computed: judgment missing", served),
            ("opposition", "cannot be computed: judgment missing", served),
            ("earliest_eviction", "cannot be computed: judgment missing", served),
        } == pending

    def test_cancelled_eviction(self) -> None:
        """It drops the earliest eviction date once the eviction is called off."""
        book, case_id = served_case(date(2026, 9, 20))
        record(book, case_id, EvictionCancelled(date=date(2026, 10, 1)))
        rules = [d.rule for d in case_deadlines(book.load(case_id), date(2026, 10, 2))]
        assert "earliest_eviction" not in rules

    def test_before_the_reform(self) -> None:
        """A service of 20 Aug 2023 predates the ordinance: federal art. 1344quater applies.

        Starts 21 Aug, ends 20 Sept, first day Thu 21 Sept 2023 (no moratorium then).
        """
        book, case_id = served_case(date(2023, 8, 20))
        found = deadline_of(book, case_id, "earliest_eviction", date(2023, 8, 21))
        assert (date(2023, 9, 21), "federal_pre_2023") == (found.date, found.regime)
        assert "1344quater" in found.basis

    def test_reform_date_is_a_setting(self) -> None:
        """With the reform in force from 15 Aug 2023, 20 Aug → 20 Sept → 21 Sept 2023."""
        book, case_id = served_case(date(2023, 8, 20))
        settings = DeadlineSettings(eviction_reform_in_force=date(2023, 8, 15))
        found = deadline_of(book, case_id, "earliest_eviction", date(2023, 8, 21), settings)
        assert date(2023, 9, 21) == found.date

    def test_entries_after_as_of_ignored(self) -> None:
        """It ignores a service dated after the day asked: the eviction cannot be computed yet."""
        book, case_id = served_case(date(2026, 9, 20))
        found = deadline_of(book, case_id, "earliest_eviction", date(2026, 9, 15))
        assert "cannot be computed: service date missing" == found.status


# -- R9 + R11: the bailiff's notice ------------------------------------------------------------

BAILIFF_EXAMPLES = [
    # (notice, 15th working day after it, moved out of the moratorium)
    # Tue 28 Apr 2026: 29, 30, (1 May), 4–8, 11–13, (14 May Ascension), 15, 18–21 → Thu 21 May
    pytest.param(date(2026, 4, 28), date(2026, 5, 21), id="1-may-and-ascension"),
    # Fri 20 Mar 2026: 23–27, 30, 31, 1–3 Apr, (6 Apr Easter Monday), 7–10, 13 → Mon 13 Apr
    pytest.param(date(2026, 3, 20), date(2026, 4, 13), id="easter-monday"),
    # Wed 1 Jul 2026: 2, 3, 6–10, 13–17, 20, (21 Jul), 22, 23 → Thu 23 Jul
    pytest.param(date(2026, 7, 1), date(2026, 7, 23), id="21-july"),
    # Thu 10 Dec 2026: 11, 14–18, 21–24, (25 Dec), 28–31, (1 Jan), 4 Jan → in winter → 16 Mar
    pytest.param(date(2026, 12, 10), date(2027, 3, 16), id="christmas-in-winter"),
    # Thu 15 Oct 2026: the 15th working day is 5 Nov 2026, inside the moratorium → 16 Mar 2027
    pytest.param(date(2026, 10, 15), date(2027, 3, 16), id="into-the-moratorium"),
]


def bailiff_case(notice: date, eviction: date) -> tuple[Casebook, str]:
    book = new_book()
    case_id = new_case(book)
    court(book, case_id, judgment_on=notice - 60 * DAY)
    record(
        book, case_id,
        JudgmentServed(date=notice - 50 * DAY),
        EvictionScheduled(date=notice, eviction_date=eviction),
    )
    return book, case_id


class TestBailiffNotice:
    """R9 + R11: at least 15 working days' notice, never in the winter moratorium."""

    @pytest.mark.parametrize(("notice", "expected"), BAILIFF_EXAMPLES)
    def test_worked_examples(self, notice: date, expected: date) -> None:
        """It gives the first date the eviction may take place after the bailiff's notice."""
        book, case_id = bailiff_case(notice, expected)
        found = deadline_of(book, case_id, "bailiff_notice", notice)
        assert expected == found.date

    def test_saturday_as_working_day(self) -> None:
        """Counting Saturdays, 28 Apr 2026: 29, 30, 2, 4–9, 11–13, 15, 16, 18 → Mon 18 May."""
        book, case_id = bailiff_case(date(2026, 4, 28), date(2026, 5, 21))
        settings = DeadlineSettings(saturday_is_working_day=True)
        found = deadline_of(book, case_id, "bailiff_notice", date(2026, 4, 28), settings)
        assert date(2026, 5, 18) == found.date

    def test_scheduled_eviction_date(self) -> None:
        """It also lists the eviction date announced by the bailiff."""
        book, case_id = bailiff_case(date(2026, 4, 28), date(2026, 5, 27))
        found = deadline_of(book, case_id, "eviction_date", date(2026, 4, 28))
        assert date(2026, 5, 27) == found.date


# -- payment plans, guarantee, indexation, lease notice ----------------------------------------


def plan_case(*entries: Entry) -> tuple[Casebook, str]:
    book = new_book()
    case_id = new_case(book)
    record(
        book, case_id,
        NoticeReceived(date=date(2026, 1, 20)),
        PaymentPlanAgreed(date=date(2026, 2, 10), instalment=Money.parse("150"),
                          first_due=date(2026, 3, 5), count=4),
        *entries,
    )
    return book, case_id


class TestPaymentPlan:
    """Each instalment of the agreed plan that payments do not cover yet."""

    def test_uncovered_instalments(self) -> None:
        """A payment of 150 covers instalment 1; 2 is overdue, 3 and 4 are to come."""
        book, case_id = plan_case(Payment(date=date(2026, 3, 4), amount=Money.parse("150")))
        found = [
            d for d in case_deadlines(book.load(case_id), date(2026, 4, 20))
            if d.rule == "payment_plan_instalment"
        ]
        assert [
            (2, date(2026, 4, 5), "passed", "150.00"),
            (3, date(2026, 5, 5), "open", "150.00"),
            (4, date(2026, 6, 5), "open", "150.00"),
        ] == [(d.instalment, d.date, d.status, str(d.amount)) for d in found]
        assert "Échéance du plan d'apurement 2/4" == found[0].title

    def test_partly_covered(self) -> None:
        """A further 100 leaves 50.00 due on instalment 2."""
        book, case_id = plan_case(
            Payment(date=date(2026, 3, 4), amount=Money.parse("150")),
            Payment(date=date(2026, 4, 6), amount=Money.parse("100")),
        )
        found = [
            d for d in case_deadlines(book.load(case_id), date(2026, 4, 20))
            if d.rule == "payment_plan_instalment"
        ]
        assert ["50.00", "150.00", "150.00"] == [str(d.amount) for d in found]

    def test_month_end_instalments(self) -> None:
        """From 31 Jan 2026, monthly instalments fall on 31 Jan, 28 Feb and 31 Mar."""
        book = new_book()
        case_id = new_case(book)
        record(book, case_id, PaymentPlanAgreed(
            date=date(2026, 1, 15), instalment=Money.parse("80"),
            first_due=date(2026, 1, 31), count=3,
        ))
        found = case_deadlines(book.load(case_id), date(2026, 1, 15))
        assert [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)] == [
            d.date for d in found
        ]


class TestGuaranteeReturn:
    """R20, CBL arts 248–249: two months after the keys (leases from 1 Nov 2024)."""

    def test_two_months(self) -> None:
        """Keys 29 Jun 2026 → starts 30 Jun → Sat 29 Aug (no shift by default), else Mon 31 Aug."""
        book = new_book()
        case_id = new_case(book, lease_start=date(2024, 12, 1))
        record(book, case_id, KeysReturned(date=date(2026, 6, 29)))
        plain = deadline_of(book, case_id, "guarantee_return", date(2026, 7, 1))
        settings = DeadlineSettings(civil_delays_art53=True)
        shifted = deadline_of(book, case_id, "guarantee_return", date(2026, 7, 1), settings)
        assert (date(2026, 8, 29), date(2026, 8, 31)) == (plain.date, shifted.date)
        assert "" == plain.note

    def test_month_end(self) -> None:
        """Keys 31 Dec 2025 → 28 Feb 2026."""
        book = new_book()
        case_id = new_case(book, lease_start=date(2025, 1, 1))
        record(book, case_id, KeysReturned(date=date(2025, 12, 31)))
        found = deadline_of(book, case_id, "guarantee_return", date(2026, 1, 2))
        assert date(2026, 2, 28) == found.date

    def test_older_lease(self) -> None:
        """It gives no date for a lease that started before 1 November 2024."""
        book = new_book()
        case_id = new_case(book, lease_start=date(2023, 5, 1))
        record(book, case_id, KeysReturned(date=date(2026, 6, 30)))
        assert [] == case_deadlines(book.load(case_id), date(2026, 7, 1))

    def test_unknown_lease_start(self) -> None:
        """It gives the date with a note when the lease start is unknown."""
        book = new_book()
        case_id = new_case(book)
        record(book, case_id, KeysReturned(date=date(2026, 6, 30)))
        found = deadline_of(book, case_id, "guarantee_return", date(2026, 7, 1))
        assert date(2026, 8, 31) == found.date  # starts 1 Jul → eve of 1 Sept
        assert "lease start unknown" in found.note


class TestIndexation:
    """R19, old Civil Code art. 1728bis: back at most 3 months before the month of the request."""

    def test_retroactivity_limit(self) -> None:
        """A request of 15 May 2026 can reach back to 1 February 2026 (Feb, Mar, Apr)."""
        book = new_book()
        case_id = new_case(book)
        record(book, case_id, IndexationRequested(date=date(2026, 5, 15),
                                                  from_date=date(2026, 2, 1)))
        found = deadline_of(book, case_id, "indexation", date(2026, 5, 15))
        assert (date(2026, 2, 1), "passed") == (found.date, found.status)

    def test_across_the_year(self) -> None:
        """A request of 10 Jan 2027 can reach back to 1 October 2026."""
        book = new_book()
        case_id = new_case(book)
        record(book, case_id, IndexationRequested(date=date(2027, 1, 10),
                                                  from_date=date(2026, 12, 1)))
        found = deadline_of(book, case_id, "indexation", date(2027, 1, 10))
        assert date(2026, 10, 1) == found.date


class TestLeaseNotice:
    """R13: a lease notice runs from the 1st of the month after its receipt."""

    @pytest.mark.parametrize(
        ("received", "months", "expected"),
        [
            # received 10 Mar → runs 1 Apr – 30 Jun 2026 (starts the 1st of next month)
            (date(2026, 3, 10), 3, date(2026, 6, 30)),
            # received 15 Dec 2026, landlord's 6 months → 1 Jan – 30 Jun 2027
            (date(2026, 12, 15), 6, date(2027, 6, 30)),
            # counter-notice received 31 Mar → April only → 30 Apr 2026
            (date(2026, 3, 31), 1, date(2026, 4, 30)),
        ],
    )
    def test_notice_period(self, received: date, months: int, expected: date) -> None:
        """It gives the last day of the notice period."""
        book = new_book()
        case_id = new_case(book)
        record(book, case_id, LeaseNotice(date=received, given_by="landlord", months=months))
        found = deadline_of(book, case_id, "lease_notice_end", received)
        assert expected == found.date


class TestLegalInterest:
    """R21: the legal interest rate by year (law of 5 May 1865, art. 2)."""

    @pytest.mark.parametrize(
        ("year", "rate"),
        [(2023, "5.25"), (2024, "5.75"), (2025, "4.50"), (2026, "4.50")],
    )
    def test_rates(self, year: int, rate: str) -> None:
        """It gives the published legal rate as a Decimal."""
        assert Decimal(rate) == legal_interest_rate(year)

    def test_unknown_year(self) -> None:
        """It refuses a year with no published rate, naming the field."""
        with pytest.raises(ValidationError, match="year: 2031 has no legal interest rate"):
            legal_interest_rate(2031)

    def test_informational_rule(self) -> None:
        """The late_interest rule gives no deadline."""
        assert "informational" == RULES.rule("late_interest").counting.method
