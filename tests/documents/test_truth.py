"""Truth: every statement of a letter holds at its date, or the letter is refused.

One test per precondition of the letters: a consent absent or withdrawn, a payment
plan in the past or not matching the debt, a notice period the lease does not allow,
winter dates, an expired deadline, a rule that does not apply to the lease.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar, Final

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from clss_housing.balance import add_months_clamped
from clss_housing.casebook import Casebook
from clss_housing.deadlines.indexation import indexation_earliest_effect
from clss_housing.deadlines.rules import DeadlineSettings
from clss_housing.documents.catalogue import letter
from clss_housing.documents.facts import CaseFacts, collect_facts
from clss_housing.documents.legal import (
    tenant_notice,
)
from clss_housing.documents.render import render_letter
from clss_housing.errors import ValidationError
from clss_housing.ledger.entries import (
    ConsentGiven,
    ConsentWithdrawn,
    IndexationRequested,
    KeysReturned,
    LeaseNotice,
    NoticeReceived,
    Payment,
    PaymentPlanAgreed,
    Referral,
    RentDue,
)
from clss_housing.money import Money
from clss_housing.plugins import PluginEnvironment
from clss_housing.view import CaseView


#: The installed plugins (their letters and partner profiles), as the command line has them.
_ENV: Final = PluginEnvironment.installed()


def _book() -> Casebook:
    return Casebook.open("memory:", plugins=_ENV)


def _case(book: Casebook, *, lease_start: date | None = date(2021, 3, 1),
          civility: str = "neutral", lang: str = "fr") -> str:
    return book.open_case(tenant="Alex Durand", landlord="Immo B", address="Rue X 1, 1030 "
                          "Schaerbeek", rent=Money.parse("800"), lease_start=lease_start,
                          date=date(2025, 9, 1), civility=civility, lang=lang)


def _text(view: CaseView | None, letter_id: str, values: dict[str, str], on: date,
          lang: str = "fr") -> str:
    text = render_letter(view, letter_id, lang=lang, fmt="txt", values=values, as_of=on,
                         catalogue=_ENV.catalogue, rules=_ENV.rules,
                         partners=_ENV.partners).decode()
    return text.replace("\u202f", " ").replace("\xa0", " ")


REFERRAL = {"partner_name": "CPAS", "worker_name": "Camille", "organisation": "ULS"}


class TestConsent:
    def test_referral_without_consent_is_refused(self) -> None:
        """It refuses a referral when the ledger holds no consent for the partner."""
        book = _book()
        case = _case(book)
        book.record(case, Referral(date=date(2026, 1, 5), partner="cpas"))
        with pytest.raises(ValidationError) as caught:
            _text(book.load(case), "referral", REFERRAL, date(2026, 2, 1))
        assert caught.value.field == "consent"

    def test_withdrawn_consent_is_refused(self) -> None:
        """It refuses once the consent was withdrawn before the letter's date."""
        book = _book()
        case = _case(book)
        book.record_many(case, [
            Referral(date=date(2026, 1, 5), partner="cpas"),
            ConsentGiven(date=date(2026, 1, 5), partner="cpas", scope="general"),
            ConsentWithdrawn(date=date(2026, 1, 20), partner="cpas", scope="general"),
        ])
        view = book.load(case)
        assert "accord" in _text(view, "referral", REFERRAL, date(2026, 1, 10))
        with pytest.raises(ValidationError):
            _text(view, "referral", REFERRAL, date(2026, 2, 1))

    def test_sections_follow_the_scopes(self) -> None:
        """It prints the arrears only under a finance consent."""
        book = _book()
        case = _case(book)
        book.record_many(case, [
            RentDue(date=date(2026, 1, 1), amount=Money.parse("800")),
            Referral(date=date(2026, 1, 5), partner="cpas"),
            ConsentGiven(date=date(2026, 1, 5), partner="cpas", scope="general"),
        ])
        text = _text(book.load(case), "referral", REFERRAL, date(2026, 2, 1))
        assert "800,00" not in text
        book.record(case, ConsentGiven(date=date(2026, 1, 6), partner="cpas", scope="finance"))
        assert "800,00" in _text(book.load(case), "referral", REFERRAL, date(2026, 2, 1))

    def test_alias_of_a_partner_counts(self) -> None:
        """A consent recorded under the plugin's name counts for the profile id."""
        from clss_housing.documents.redaction import consents_in_force

        book = _book()
        case = _case(book)
        book.record(case, ConsentGiven(date=date(2026, 1, 5), partner="cpas-schaerbeek",
                                       scope="finance"))
        scopes = consents_in_force(book.load(case), "cpas", date(2026, 2, 1),
                                   aliases=frozenset({"cpas", "cpas-schaerbeek"}))
        assert {"finance"} == scopes


class TestPlan:
    def test_recorded_plan_in_the_past_asks_for_a_new_date(self) -> None:
        """A proposal never starts on a past date: the old plan's date is not used."""
        book = _book()
        case = _case(book)
        book.record_many(case, [
            RentDue(date=date(2025, 10, 1), amount=Money.parse("800")),
            RentDue(date=date(2025, 11, 1), amount=Money.parse("800")),
            PaymentPlanAgreed(date=date(2025, 11, 5), instalment=Money.parse("300"),
                              first_due=date(2025, 12, 1), count=3),
        ])
        facts = collect_facts(letter("L5"), book.load(case), {"court": "JP"},
                              as_of=date(2026, 3, 2), lang="fr")
        assert "first_due" in facts.missing

    def test_plan_in_the_past_is_refused(self) -> None:
        """It refuses a proposed first instalment on or before the letter's date."""
        book = _book()
        case = _case(book)
        book.record(case, RentDue(date=date(2026, 1, 1), amount=Money.parse("800")))
        with pytest.raises(ValidationError) as caught:
            _text(book.load(case), "L3", {"landlord_address": "A", "court": "JP",
                                          "instalment": "100", "first_due": "2026-02-01"},
                  date(2026, 3, 2))
        assert caught.value.field == "set.first_due"

    @settings(max_examples=30, deadline=None)
    @given(arrears=st.integers(1, 500_000), instalment=st.integers(100, 100_000))
    def test_schedule_covers_the_acknowledged_debt(self, arrears: int, instalment: int) -> None:
        """The proposed schedule sums to the acknowledged arrears, every due date after today."""
        on = date(2026, 3, 2)
        values = {"tenant": "A", "tenant_address": "B", "landlord": "C",
                  "landlord_address": "D", "notice_date": "2026-02-01",
                  "arrears": str(Money(arrears)), "instalment": str(Money(instalment)),
                  "first_due": "2026-04-05"}
        if -(-arrears // instalment) > 240:
            with pytest.raises(ValidationError):
                collect_facts(letter("L1"), None, values, as_of=on, lang="fr")
            return
        facts = collect_facts(letter("L1"), None, values, as_of=on, lang="fr")
        schedule = facts.context["schedule"]
        assert sum(row["amount"].cents for row in schedule) == arrears
        assert all(row["due"] > on for row in schedule)

    def test_count_not_matching_the_debt_is_refused(self) -> None:
        """An instalment count that does not cover the debt is refused, naming it."""
        values = {"tenant": "A", "tenant_address": "B", "landlord": "C", "landlord_address": "D",
                  "notice_date": "2026-02-01", "arrears": "1310", "instalment": "300",
                  "first_due": "2026-04-05", "instalment_count": "7"}
        with pytest.raises(ValidationError) as caught:
            _text(None, "L1", values, date(2026, 3, 2))
        assert caught.value.field == "set.instalment_count"

    def test_acknowledged_amount_is_stated_and_no_expired_deadline(self) -> None:
        """L1 states the amount acknowledged; it never quotes a deadline already over."""
        book = _book()
        case = _case(book)
        book.record_many(case, [
            RentDue(date=date(2025, 12, 1), amount=Money.parse("800")),
            NoticeReceived(date=date(2025, 12, 5), amount=Money.parse("800")),
        ])
        values = {"landlord_address": "A", "instalment": "200", "first_due": "2026-04-05",
                  "contested_amount": "100"}
        text = _text(book.load(case), "L1", values, date(2026, 3, 2))
        assert "Je reconnais devoir la somme de 700,00" in text
        assert "délai d'un mois" not in text


class TestStatement:
    @settings(max_examples=30, deadline=None)
    @given(st.lists(st.tuples(st.integers(0, 200), st.booleans(), st.integers(1, 90_000)),
                    min_size=1, max_size=30))
    def test_date_order_and_running_balance(self, rows: list[tuple[int, bool, int]]) -> None:
        """Rows are in date order, each balance is the previous plus debit minus credit."""
        book = _book()
        case = _case(book)
        start = date(2025, 9, 2)
        entries = [(RentDue if due else Payment)(date=start + timedelta(days=day),
                                                 amount=Money(cents))
                   for day, due, cents in rows]
        book.record_many(case, entries)  # recorded in typing order, not date order
        facts = CaseFacts(book.load(case), date(2026, 6, 1), "fr")
        statement = facts.statement
        assert [r["date"] for r in statement] == sorted(r["date"] for r in statement)
        running = 0
        for row in statement:
            running += (row["debit"].cents if row["debit"] else 0) - (
                row["credit"].cents if row["credit"] else 0)
            assert row["balance"].cents == running
        tail = facts.statement_tail(5)
        if len(statement) > 5:
            assert tail[0]["carried"]
            assert len(tail) == 6
            assert tail[0]["balance"] == statement[-6]["balance"]
        else:
            assert tail == statement


class TestNotice:
    def test_one_month_without_landlord_notice_is_refused(self) -> None:
        """A one-month notice without the landlord's notice is refused, naming the fact."""
        book = _book()
        case = _case(book)
        with pytest.raises(ValidationError) as caught:
            _text(book.load(case), "L9", {"landlord_address": "A", "lease_type": "nine_year",
                                          "notice_months": "1"}, date(2026, 3, 2))
        assert caught.value.field == "set.notice_months"

    def test_indemnity_in_the_second_year(self) -> None:
        """A nine-year lease ending in its second year owes two months of rent."""
        book = _book()
        case = _case(book, lease_start=date(2025, 3, 1))
        text = _text(book.load(case), "L9", {"landlord_address": "A",
                                             "lease_type": "nine_year"}, date(2026, 3, 2))
        assert "2 mois de loyer" in text
        assert "1 600,00" in text
        assert "30 juin 2026" in text

    def test_counter_notice_after_the_landlords(self) -> None:
        """After the landlord's notice the tenant gives one month, without indemnity."""
        book = _book()
        case = _case(book, lease_start=date(2025, 3, 1))
        book.record(case, LeaseNotice(date=date(2026, 2, 1), given_by="landlord", months=6))
        text = _text(book.load(case), "L9", {"landlord_address": "A",
                                             "lease_type": "short"}, date(2026, 3, 2))
        assert "contre-préavis d'un mois" in text
        assert "30 avril 2026" in text
        assert "indemnité de" not in text

    @given(st.dates(date(2018, 1, 1), date(2030, 12, 31)),
           st.dates(date(2018, 1, 1), date(2030, 12, 31)))
    def test_notice_always_three_months_from_next_month(self, start: date, on: date) -> None:
        """The notice runs from the first of next month for three months."""
        notice = tenant_notice("nine_year", start, on)
        assert notice.start.day == 1
        assert notice.start > on
        assert (notice.end + timedelta(days=1)).day == 1
        assert notice.indemnity_months in (0, 1, 2, 3)


class TestIndexation:
    def test_anniversary_limit_applies(self) -> None:
        """A lease of 1 October 2025: never indexed before 1 October 2026."""
        book = _book()
        case = _case(book, lease_start=date(2025, 10, 1))
        book.record(case, IndexationRequested(date=date(2026, 11, 20),
                                              from_date=date(2026, 8, 1)))
        text = _text(book.load(case), "L11", {"landlord_address": "A"}, date(2026, 11, 25))
        assert "1er octobre 2026" in text
        assert "qu'à partir du 1er août 2026" not in text

    @given(st.dates(date(2018, 1, 1), date(2030, 12, 31)),
           st.dates(date(2018, 1, 1), date(2030, 12, 31)))
    def test_both_limits(self, start: date, request: date) -> None:
        """The earliest date is never before the anniversary nor three months back."""
        assume(request >= start)
        earliest = indexation_earliest_effect(start, request)
        assert earliest >= indexation_earliest_effect(None, request)
        assert earliest > start


class TestWinter:
    def test_never_proposes_a_date_in_the_moratorium(self) -> None:
        """L6 in winter never asks to postpone to a date inside the moratorium."""
        book = _book()
        case = _case(book)
        values = {"bailiff": "Me X", "rehousing_date": "2027-02-01",
                  "eviction_date": "2026-12-10"}
        text = _text(book.load(case), "L6", values, date(2026, 11, 20))
        assert "reporter l'expulsion jusqu'au" not in text
        assert "confirmer" not in text
        assert "ne pas procéder" in text

    @given(st.dates(date(2020, 1, 1), date(2035, 12, 31)))
    def test_first_day_after_is_outside(self, day: date) -> None:
        """The first day after the moratorium is never inside it."""
        calendar = DeadlineSettings().calendar
        after = calendar.after_winter_moratorium(day)
        assert not calendar.in_winter_moratorium(after)
        assert after >= day


class TestGuarantee:
    def test_old_lease_claims_no_penalty(self) -> None:
        """A lease from before November 2024: no two-month deadline, no 10 % penalty."""
        book = _book()
        case = _case(book, lease_start=date(2023, 1, 1))
        book.record(case, KeysReturned(date=date(2026, 2, 1)))
        text = _text(book.load(case), "L13", {"landlord_address": "A",
                                              "guarantee_amount": "1600"}, date(2026, 2, 5))
        assert "10 %" not in text
        assert "deux mois" not in text

    def test_new_lease_states_the_deadline(self) -> None:
        """A lease from 2025: the deadline and the penalty are stated."""
        book = _book()
        case = _case(book, lease_start=date(2025, 1, 1))
        book.record(case, KeysReturned(date=date(2026, 2, 1)))
        text = _text(book.load(case), "L13", {"landlord_address": "A",
                                              "guarantee_amount": "1600"}, date(2026, 2, 5))
        assert "10 %" in text
        assert "deux mois" in text


class TestLanguage:
    def test_civility_names_the_tenant(self) -> None:
        """A referral names the tenant with the case's form of address, no "(e)"."""
        book = _book()
        case = _case(book, civility="madame")
        book.record_many(case, [Referral(date=date(2026, 1, 5), partner="cpas"),
                                ConsentGiven(date=date(2026, 1, 5), partner="cpas",
                                             scope="general")])
        view = book.load(case)
        assert "Madame Alex Durand" in _text(view, "referral", REFERRAL, date(2026, 2, 1))
        assert "mevrouw Alex Durand" in _text(view, "referral", REFERRAL, date(2026, 2, 1),
                                              "nl")

    def test_registered_dutch_letters_close_formally(self) -> None:
        """A registered formal notice in Dutch closes with "Hoogachtend"."""
        book = _book()
        case = _case(book, lang="nl")
        text = _text(book.load(case), "L10", {"landlord_address": "A"}, date(2026, 2, 1), "nl")
        assert "Hoogachtend," in text
        assert "Met vriendelijke groeten" not in text


class TestPluginLetters:

    def test_ssm_letters_need_consent_and_cite_no_eviction_article(self) -> None:
        """SSM letters: refused without consent; the follow-up needs a health consent."""
        book = _book()
        case = _case(book)
        values = {"reason": "logement", "worker_name": "Camille", "organisation": "ULS"}
        with pytest.raises(ValidationError):
            _text(book.load(case), "ssm-referral", values, date(2026, 2, 1))
        book.record(case, ConsentGiven(date=date(2026, 1, 5), partner="ssm-le-meridien",
                                       scope="general"))
        text = _text(book.load(case), "ssm-referral", values, date(2026, 2, 1))
        assert "233quater" not in text
        assert "aucune information de santé" not in text
        follow = {"worker_name": "Camille", "organisation": "ULS"}
        with pytest.raises(ValidationError) as caught:
            _text(book.load(case), "ssm-follow-up", follow, date(2026, 2, 1))
        assert "health" in caught.value.reason
        book.record(case, ConsentGiven(date=date(2026, 1, 6), partner="ssm-le-meridien",
                                       scope="health"))
        assert "(e)" not in _text(book.load(case), "ssm-follow-up", follow, date(2026, 2, 1))

    def test_joint_letter_names_its_subject_once(self) -> None:
        """The ULS joint letter has its subject once, without a double full stop."""
        values = {"landlord": "B", "landlord_address": "A", "building": "Rue X 1",
                  "subject_text": "Chauffage en panne.", "households": "A, B"}
        text = _text(None, "uls-joint", values, date(2026, 2, 1))
        assert 1 == text.count("Chauffage en panne")
        assert ".." not in text

    def test_cpas_letters_ask_for_a_receipt(self) -> None:
        """CPAS letters ask for the acknowledgment of receipt and provide for a proxy."""
        values = {"tenant": "A", "tenant_address": "Rue X 1, 1030 Schaerbeek",
                  "arrears": "900", "household": "1 adulte", "monthly_income": "1200"}
        text = _text(None, "cpas-arrears-aid", values, date(2026, 2, 1))
        assert "accusé de réception" in text
        assert "désignée par écrit" in text
        assert "Boulevard Auguste Reyers 70" in text


class TestGuaranteeLoan:
    def test_more_than_two_months_is_refused(self) -> None:
        """L16 refuses a guarantee above two months of the new rent (CBL art. 248)."""
        values = {"tenant": "A", "tenant_address": "B", "guarantee_amount": "2400",
                  "new_rent": "800"}
        with pytest.raises(ValidationError) as caught:
            _text(None, "L16", values, date(2026, 2, 1))
        assert caught.value.field == "set.guarantee_amount"


class TestNewLetters:
    def test_appeal_reminder_after_the_deadline_is_refused(self, views: dict[str, CaseView]
                                                          ) -> None:
        """L18 is refused once the appeal period has ended."""
        values = {"worker_name": "Camille", "organisation": "ULS"}
        assert "16 mars 2026" in _text(views["judgment"], "L18", values, date(2026, 3, 2))
        with pytest.raises(ValidationError) as caught:
            _text(views["judgment"], "L18", values, date(2026, 3, 17))
        assert caught.value.field == "appeal_deadline"

    def test_appeal_reminder_for_a_default_judgment_is_refused(self) -> None:
        """A default judgment is opposed, not appealed: L18 is refused."""
        from clss_housing.ledger.entries import (
            HearingScheduled,
            Judgment,
            JudgmentServed,
            PetitionFiled,
        )

        book = _book()
        case = _case(book)
        book.record_many(case, [
            NoticeReceived(date=date(2025, 10, 1), amount=Money.parse("800")),
            PetitionFiled(date=date(2025, 11, 10)),
            HearingScheduled(date=date(2025, 11, 12), hearing_date=date(2026, 1, 20)),
            Judgment(date=date(2026, 1, 20), outcome="eviction", default=True),
            JudgmentServed(date=date(2026, 2, 16)),
        ])
        with pytest.raises(ValidationError) as caught:
            _text(book.load(case), "L18", {"worker_name": "C", "organisation": "U",
                                           "appeal_deadline": "2026-03-16",
                                           "judgment_date": "2026-01-20",
                                           "service_date": "2026-02-16"}, date(2026, 3, 2))
        assert caught.value.field in ("judgment", "appeal_deadline")

    @pytest.mark.parametrize(("relation", "hearing", "field"), [
        ("friend", "2026-03-30", "set.proxy_relation"),
        ("spouse", "2026-03-02", "hearing_date"),
    ])
    def test_proxy_preconditions(self, relation: str, hearing: str, field: str) -> None:
        """L19: only a tie art. 728 §2 allows, and only for a coming hearing."""
        values = {"tenant": "A", "tenant_address": "B", "landlord": "C", "court": "JP",
                  "hearing_date": hearing, "proxy_name": "D", "proxy_relation": relation}
        with pytest.raises(ValidationError) as caught:
            _text(None, "L19", values, date(2026, 3, 2))
        assert caught.value.field == field

    def test_agreement_in_the_past_is_refused(self) -> None:
        """L20: an agreement's schedule never starts on or before its date."""
        values = {"tenant": "A", "tenant_address": "B", "landlord": "C", "landlord_address": "D",
                  "arrears": "900", "instalment": "300", "first_due": "2026-03-01"}
        with pytest.raises(ValidationError):
            _text(None, "L20", values, date(2026, 3, 2))

    def test_legal_aid_urgency_only_with_dates_to_come(self, views: dict[str, CaseView]
                                                       ) -> None:
        """L21 cites the appeal deadline as urgent only while it is still to come."""
        values = {"reason": "appel"}
        before = _text(views["judgment"], "L21", values, date(2026, 3, 2))
        after = _text(views["judgment"], "L21", values, date(2026, 3, 20))
        assert "16 mars 2026" in before
        assert "16 mars 2026" not in after
        assert "urgente" not in after


class TestLandlordNotice:
    LEASE: ClassVar[dict[str, str]] = {
        "tenant": "A", "tenant_address": "B", "landlord": "C", "landlord_address": "D",
        "rent": "800", "landlord_notice_date": "2026-02-20",
    }

    def test_short_lease_without_reason_is_contested(self) -> None:
        """A short lease ended early without reason: the notice is contested."""
        values = {**self.LEASE, "landlord_notice_months": "3", "lease_type": "short",
                  "notice_ground": "no_reason", "lease_start": "2025-06-01"}
        text = _text(None, "L22", values, date(2026, 3, 2))
        assert "je conteste la validité" in text
        assert "31 mai 2026" in text

    def test_nine_year_without_reason_owes_an_indemnity(self) -> None:
        """Nine-year lease ended without reason in its first triennium: nine months' rent."""
        values = {**self.LEASE, "landlord_notice_months": "6", "lease_type": "nine_year",
                  "notice_ground": "no_reason", "lease_start": "2023-09-01"}
        text = _text(None, "L22", values, date(2026, 3, 2))
        assert "indemnité de 9 mois de loyer, soit 7 200,00" in text
        assert "31 août 2026" in text

    @given(st.sampled_from(["nine_year", "long", "short"]),
           st.sampled_from(["end_of_term", "personal_occupation", "works", "no_reason"]),
           st.dates(date(2020, 1, 1), date(2030, 12, 31)), st.integers(1, 12))
    def test_end_never_before_the_legal_period(self, lease_type: str, ground: str,
                                               received: date, months: int) -> None:
        """The notice never ends before the legal period, counted from next month."""
        from clss_housing.documents.legal import landlord_notice

        notice = landlord_notice(lease_type, ground, received, months)
        legal = 3 if lease_type == "short" else 6
        assert notice.start.day == 1
        assert notice.start > received
        assert ("too_short" in notice.defects) == (months < legal)
        assert notice.end >= notice.start + timedelta(days=28 * legal)


class TestMoreLetters:
    """Truth of letters L23-L32: each date-bound premise refused or worded as it stands."""

    LANDLORD: ClassVar[dict[str, str]] = {"landlord_address": "Rue Y 2, 1030 Schaerbeek"}

    def test_extension_asked_less_than_a_month_before_the_end_is_refused(self) -> None:
        """It refuses L23 when the lease ends within a month of the letter's date."""
        book = _book()
        view = book.load(_case(book))
        values = {**self.LANDLORD, "circumstances": "hospitalisation"}
        with pytest.raises(ValidationError) as caught:
            _text(view, "L23", {**values, "lease_end": "2026-03-31"}, date(2026, 3, 2))
        assert caught.value.field == "set.lease_end"
        text = _text(view, "L23", {**values, "lease_end": "2026-04-02"}, date(2026, 3, 2))
        assert "prend fin le 2 avril 2026" in text

    @settings(max_examples=30, deadline=None)
    @given(on=st.dates(date(2025, 1, 1), date(2027, 12, 31)),
           days=st.integers(min_value=0, max_value=120))
    def test_extension_only_a_month_ahead(self, on: date, days: int) -> None:
        """It writes L23 exactly when one month after the letter's date is not past the end."""
        end = on + timedelta(days=days)
        values = {"tenant": "A", "tenant_address": "Rue X 1, 1030 Schaerbeek", "landlord": "B",
                  **self.LANDLORD, "circumstances": "c", "lease_end": end.isoformat()}
        allowed = add_months_clamped(on, 1) <= end
        try:
            _text(None, "L23", values, on)
            written = True
        except ValidationError:
            written = False
        assert written == allowed

    def test_departure_in_the_past_is_refused(self) -> None:
        """It refuses L25 for a departure day already past."""
        book = _book()
        view = book.load(_case(book))
        with pytest.raises(ValidationError):
            _text(view, "L25", {**self.LANDLORD, "departure_date": "2026-03-01"},
                  date(2026, 3, 2))

    def test_dirl_complaint_needs_a_running_lease(self) -> None:
        """It refuses L26 once the keys were handed back, and a notice dated after it."""
        book = _book()
        case = _case(book)
        values = {**self.LANDLORD, "defects": "humidité"}
        assert "bail toujours en cours" in _text(book.load(case), "L26", values,
                                                 date(2026, 3, 2))
        with pytest.raises(ValidationError):
            _text(book.load(case), "L26", {**values, "repair_notice_date": "2026-03-03"},
                  date(2026, 3, 2))
        book.record(case, KeysReturned(date=date(2026, 2, 27)))
        with pytest.raises(ValidationError) as caught:
            _text(book.load(case), "L26", values, date(2026, 3, 2))
        assert caught.value.field == "keys_returned"

    def test_guarantee_release_after_the_keys_only(self) -> None:
        """It refuses L27 before the keys are back and a landlord's share above the guarantee."""
        values = {"tenant": "A", "tenant_address": "Rue X 1, 1030 Schaerbeek", "landlord": "B",
                  **self.LANDLORD, "guarantee_amount": "1600", "bank": "Banque",
                  "guarantee_account": "BE00", "keys_returned_date": "2026-03-10"}
        with pytest.raises(ValidationError):
            _text(None, "L27", values, date(2026, 3, 2))
        values["keys_returned_date"] = "2026-02-27"
        with pytest.raises(ValidationError) as caught:
            _text(None, "L27", {**values, "landlord_share": "1600,01"}, date(2026, 3, 2))
        assert caught.value.field == "set.landlord_share"

    @settings(max_examples=30, deadline=None)
    @given(guarantee=st.integers(min_value=1, max_value=500_000),
           share=st.integers(min_value=0, max_value=500_000))
    def test_release_split_adds_up(self, guarantee: int, share: int) -> None:
        """It splits the guarantee so that both shares add up to it, in cents."""
        assume(share <= guarantee)
        g, s = Money(guarantee), Money(share)
        values = {"tenant": "A", "tenant_address": "Rue X 1, 1030 Schaerbeek", "landlord": "B",
                  **self.LANDLORD, "guarantee_amount": str(g), "bank": "Banque",
                  "guarantee_account": "BE00", "keys_returned_date": "2026-02-27",
                  "landlord_share": str(s)}
        facts = collect_facts(letter("L27"), None, values, as_of=date(2026, 3, 2), lang="fr")
        assert facts.context["tenant_share"] == Money(guarantee - share)
        assert facts.context["landlord_share"] == s

    def test_emergency_housing_states_only_a_coming_eviction(self) -> None:
        """It names a winter eviction date with its limit, and no past one."""
        values = {"tenant": "A", "tenant_address": "Rue X 1, 1030 Schaerbeek",
                  "reason": "expulsion", "eviction_date": "2026-03-10"}
        text = _text(None, "L32", values, date(2026, 3, 2))
        assert "interdit de l'exécuter avant le 16 mars 2026" in text
        text = _text(None, "L32", values, date(2026, 3, 11))
        assert "10 mars 2026" not in text
        text = _text(None, "L32", {**values, "eviction_date": "2026-04-10"}, date(2026, 3, 2))
        assert "10 avril 2026" in text
        assert "trêve" not in text
