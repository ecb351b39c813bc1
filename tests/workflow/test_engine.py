"""Tests of the workflow engine: shared machines, compiled tables, replay and the live check."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from transitions import Machine

from clss_housing.casebook import Casebook
from clss_housing.errors import TransitionNotAllowed, ValidationError
from clss_housing.ledger.codec import GENESIS_HASH, Recorded, encode_entry
from clss_housing.ledger.entries import (
    CaseOpened,
    Correction,
    Entry,
    Note,
    Payment,
    entry_type,
)
from clss_housing.money import Money
from clss_housing.view import CaseView
from clss_housing.workflow import engine
from clss_housing.workflow.engine import (
    TRACKS,
    TrackStates,
    all_states,
    compiled,
    end_states,
    initial_states,
    machine,
    next_steps,
    replay,
    states_of,
    step,
    track_states,
    track_table,
    transition,
    workflow_check,
)
from clss_housing.workflow.tracks import TABLES


D = date(2026, 1, 5)
INITIAL = {
    "pre_procedure": "no_notice",
    "hearing": "not_started",
    "rehousing": "not_started",
    "lease_negotiation": "none",
}


def e(kind: str, day: date = D, **fields: Any) -> Entry:
    """An entry of ``kind`` dated ``day``."""
    return entry_type(kind)(date=day, **fields)


def plan() -> Entry:
    return e("payment_plan_agreed", instalment=Money(10000), first_due=D, count=6)


def states(*entries: Entry) -> TrackStates:
    return replay(entries)


HEARD = [
    e("petition_filed"), e("cpas_informed"),
    e("hearing_scheduled", hearing_date=date(2026, 3, 20)),
]


@pytest.fixture
def book() -> Iterator[Casebook]:
    casebook = Casebook.open("memory:")
    yield casebook
    casebook.close()


def open_case(book: Casebook) -> str:
    return book.open_case(
        tenant="A. Tenant", landlord="B. Owner", address="Rue Royale 1, 1030 Schaerbeek",
        rent=Money(75000), date=date(2026, 1, 1),
    )


class TestReplayPaths:
    def test_nothing_happened(self) -> None:
        """It puts every track in its initial state for an empty ledger."""
        assert INITIAL == replay(()).as_dict()
        assert INITIAL == initial_states()

    @pytest.mark.parametrize(
        ("entries", "expected"),
        [
            ([e("notice_received")], "notice_received"),
            ([e("notice_received"), e("negotiation_started")], "negotiating"),
            ([e("notice_received"), e("negotiation_started"), plan()], "plan_active"),
            ([e("notice_received"), plan(), e("payment_plan_defaulted")], "plan_in_default"),
            ([plan(), e("payment_plan_defaulted"), e("notice_received")], "notice_received"),
            ([e("notice_received"), plan(), e("arrears_settled")], "resolved"),
            ([e("notice_received"), e("petition_filed")], "referred_to_court"),
            ([e("notice_received"), e("notice_received")], "notice_received"),
            ([e("notice_received"), e("negotiation_started"), e("notice_received")],
             "negotiating"),
            ([e("petition_filed"), plan(), e("payment_plan_defaulted")], "referred_to_court"),
        ],
    )
    def test_pre_procedure(self, entries: Sequence[Entry], expected: str) -> None:
        """It follows the support before court: notice, negotiation, plan, settlement."""
        result = replay(entries)
        assert expected == result["pre_procedure"]
        assert 0 == result.skipped

    def test_hearing_to_eviction(self) -> None:
        """It follows a case from the petition to the eviction, through an opposition."""
        path = [
            (e("petition_filed"), "petition_filed"),
            (e("cpas_informed"), "cpas_informed"),
            (e("conciliation_requested"), "conciliation_requested"),
            (e("conciliation_outcome", outcome="no_agreement"), "conciliation_failed"),
            (e("hearing_scheduled", hearing_date=date(2026, 3, 2)), "hearing_scheduled"),
            (e("hearing_adjourned"), "adjourned"),
            (e("hearing_scheduled", hearing_date=date(2026, 4, 2)), "hearing_scheduled"),
            (e("judgment", outcome="eviction", default=True), "eviction_ordered"),
            (e("cpas_informed"), "eviction_ordered"),
            (e("judgment_served"), "judgment_served"),
            (e("appeal_filed", remedy="opposition"), "appeal_or_opposition_filed"),
            (e("hearing_scheduled", hearing_date=date(2026, 6, 1)), "hearing_scheduled"),
            (e("judgment", outcome="eviction"), "eviction_ordered"),
            (e("judgment_served"), "judgment_served"),
            (e("eviction_scheduled", eviction_date=date(2026, 9, 15)), "eviction_scheduled"),
            (e("eviction_carried_out", date(2026, 9, 15)), "evicted"),
        ]
        current = replay(())
        for entry, expected in path:
            current = step(current, entry)
            assert expected == current["hearing"], entry.kind
        assert "referred_to_court" == current["pre_procedure"]
        assert [s for _, s in path] == [
            replay([x for x, _ in path[: i + 1]])["hearing"] for i in range(len(path))
        ]

    @pytest.mark.parametrize(
        ("outcome", "expected"),
        [("eviction", "eviction_ordered"), ("payment_terms", "payment_terms"),
         ("dismissed", "dismissed")],
    )
    def test_judgment_outcome_selects_the_state(self, outcome: str, expected: str) -> None:
        """It lets the judgment's outcome choose the destination."""
        assert expected == states(*HEARD, e("judgment", outcome=outcome))["hearing"]

    @pytest.mark.parametrize(
        ("outcome", "expected"),
        [("agreement", "conciliation_agreed"), ("no_agreement", "conciliation_failed")],
    )
    def test_conciliation_outcome(self, outcome: str, expected: str) -> None:
        """It lets the conciliation's outcome choose the destination."""
        got = states(
            e("petition_filed"), e("conciliation_requested"),
            e("conciliation_outcome", outcome=outcome),
        )
        assert expected == got["hearing"]

    @pytest.mark.parametrize(
        ("eviction_date", "expected"),
        [
            (date(2026, 10, 31), "eviction_scheduled"),
            (date(2026, 11, 1), "suspended_moratorium"),
            (date(2027, 3, 15), "suspended_moratorium"),
            (date(2027, 3, 16), "eviction_scheduled"),
        ],
    )
    def test_winter_moratorium(self, eviction_date: date, expected: str) -> None:
        """It suspends an eviction dated from 1 November to 15 March."""
        served = [*HEARD, e("judgment", outcome="eviction"), e("judgment_served")]
        got = states(*served, e("eviction_scheduled", eviction_date=eviction_date))
        assert expected == got["hearing"]

    def test_rescheduled_after_the_winter(self) -> None:
        """It moves a suspended eviction to a new date, or cancels it."""
        suspended = [
            *HEARD, e("judgment", outcome="payment_terms"), e("judgment_served"),
            e("eviction_scheduled", eviction_date=date(2026, 12, 1)),
        ]
        assert "suspended_moratorium" == states(*suspended)["hearing"]
        again = states(*suspended, e("eviction_scheduled", eviction_date=date(2027, 3, 22)))
        assert "eviction_scheduled" == again["hearing"]
        assert "cancelled" == states(*suspended, e("eviction_cancelled"))["hearing"]

    def test_appeal_does_not_suspend(self) -> None:
        """It allows an eviction date after an appeal, not after an opposition."""
        judged = [*HEARD, e("judgment", outcome="eviction", default=True), e("judgment_served")]
        notice = e("eviction_scheduled", eviction_date=date(2026, 9, 1))
        after_appeal = states(*judged, e("appeal_filed", remedy="appeal"), notice)
        assert "eviction_scheduled" == after_appeal["hearing"]
        after_opposition = states(*judged, e("appeal_filed", remedy="opposition"), notice)
        assert "appeal_or_opposition_filed" == after_opposition["hearing"]
        assert 1 == after_opposition.skipped

    def test_rehousing(self) -> None:
        """It follows a search from the assessment to a signed lease."""
        path = [
            (e("needs_assessed"), "needs_assessed"),
            (e("housing_search_started"), "searching"),
            (e("rehousing_application", channel="social_housing"), "applications_pending"),
            (e("rehousing_application", channel="ais"), "applications_pending"),
            (e("housing_offer", channel="ais"), "offer_received"),
            (e("lease_signed", rent=Money(62000)), "housed"),
        ]
        current = replay(())
        for entry, expected in path:
            current = step(current, entry)
            assert expected == current["rehousing"]

    def test_emergency_housing(self) -> None:
        """It places a household in emergency housing, from which the search goes on."""
        got = states(e("emergency_housing"), e("housing_search_started"),
                     e("housing_offer"), e("lease_signed"))
        assert "housed" == got["rehousing"]
        assert "emergency_housing" == states(e("needs_assessed"),
                                             e("emergency_housing"))["rehousing"]

    def test_lease_negotiation(self) -> None:
        """It follows proposals and counter-proposals to an agreement and a signature."""
        path = [
            (e("lease_proposal", subject="rent"), "proposal"),
            (e("lease_counter_proposal"), "counter_proposal"),
            (e("lease_counter_proposal"), "counter_proposal"),
            (e("lease_agreement"), "agreement"),
            (e("lease_signed"), "signed"),
            (e("lease_proposal", subject="plan_terms"), "proposal"),
            (e("lease_negotiation_failed"), "failed"),
        ]
        current = replay(())
        for entry, expected in path:
            current = step(current, entry)
            assert expected == current["lease_negotiation"]

    def test_one_entry_drives_several_tracks(self) -> None:
        """It applies a shared kind to every track whose state accepts it."""
        both = states(e("notice_received"), e("petition_filed"))
        assert ("referred_to_court", "petition_filed") == (both["pre_procedure"], both["hearing"])
        settled = states(e("notice_received"), e("arrears_settled"), e("petition_filed"))
        assert ("resolved", "petition_filed") == (settled["pre_procedure"], settled["hearing"])
        signed = states(
            e("housing_search_started"), e("lease_proposal"), e("lease_agreement"),
            e("lease_signed"),
        )
        assert ("housed", "signed") == (signed["rehousing"], signed["lease_negotiation"])
        only_rehousing = states(e("housing_search_started"), e("lease_proposal"),
                                e("lease_signed"))
        assert ("housed", "proposal") == (
            only_rehousing["rehousing"], only_rehousing["lease_negotiation"]
        )

    def test_free_kinds_change_nothing(self) -> None:
        """It lets money, notes and other free kinds through without a change of state."""
        start = states(e("notice_received"))
        for entry in [
            Payment(date=D, amount=Money(100)), Note(date=D, text="called"),
            e("referral", partner="cpas"), e("lease_notice", given_by="tenant", months=3),
        ]:
            assert start is step(start, entry)
            workflow_check(CaseView("X", ()), entry)
        assert states(Payment(date=D, amount=Money(100))) == replay(())

    def test_facts(self) -> None:
        """It keeps the latest applied entry of each kind for the guards."""
        first = e("judgment", outcome="eviction", default=True)
        second = e("judgment", outcome="dismissed")
        got = states(*HEARD, first, e("judgment_served"), e("appeal_filed", remedy="opposition"),
                     e("hearing_scheduled", hearing_date=D), second)
        assert second is got.facts["judgment"]
        assert "payment" not in got.facts


class TestRefusals:
    def test_judgment_before_the_petition(self) -> None:
        """It names the track, its state, the trigger and what is allowed now."""
        with pytest.raises(TransitionNotAllowed) as info:
            step(replay(()), e("judgment", outcome="eviction"))
        error = info.value
        assert ("hearing", "not_started", "judgment") == (error.track, error.state, error.trigger)
        assert ("petition_filed",) == error.allowed
        assert error.reason is None
        assert isinstance(error, ValueError)

    def test_opposition_after_a_contradictory_judgment(self) -> None:
        """It refuses an opposition to a judgment that was not given by default."""
        judged = states(*HEARD, e("judgment", outcome="eviction", default=False))
        with pytest.raises(TransitionNotAllowed) as info:
            step(judged, e("appeal_filed", remedy="opposition"))
        error = info.value
        assert ("hearing", "eviction_ordered") == (error.track, error.state)
        assert (
            "cpas_informed", "judgment_served", "appeal_filed", "eviction_cancelled",
        ) == error.allowed
        assert "needs remedy = appeal, or opposition after a default judgment" == error.reason
        assert "appeal_or_opposition_filed" == step(
            judged, e("appeal_filed", remedy="appeal")
        )["hearing"]

    def test_eviction_after_a_dismissal(self) -> None:
        """It refuses an eviction date after a judgment that dismissed the claim."""
        served = states(*HEARD, e("judgment", outcome="dismissed"), e("judgment_served"))
        with pytest.raises(TransitionNotAllowed) as info:
            step(served, e("eviction_scheduled", eviction_date=date(2026, 6, 1)))
        assert "judgment_served" == info.value.state
        assert "eviction_scheduled" not in info.value.allowed
        assert "judgment allows eviction" in (info.value.reason or "")

    def test_eviction_before_service(self) -> None:
        """It refuses an eviction date before the judgment was served."""
        judged = states(*HEARD, e("judgment", outcome="eviction"))
        with pytest.raises(TransitionNotAllowed) as info:
            step(judged, e("eviction_scheduled", eviction_date=date(2026, 6, 1)))
        assert ("hearing", "eviction_ordered") == (info.value.track, info.value.state)

    def test_shared_kind_refused_everywhere(self) -> None:
        """It names the home track and says the other track refused too."""
        filed = states(e("notice_received"), e("petition_filed"))
        with pytest.raises(TransitionNotAllowed) as info:
            step(filed, e("petition_filed"))
        error = info.value
        assert ("hearing", "petition_filed") == (error.track, error.state)
        assert "track 'pre_procedure' in state 'referred_to_court' refuses it too" == error.reason
        assert "'petition_filed' is not allowed on track 'hearing'" in str(error)

    def test_shared_kind_names_the_active_track(self) -> None:
        """It names the track that has started when the home track has not."""
        proposed = states(e("lease_proposal"))
        with pytest.raises(TransitionNotAllowed) as info:
            step(proposed, e("lease_signed"))
        error = info.value
        assert ("lease_negotiation", "proposal") == (error.track, error.state)
        assert (
            "lease_counter_proposal", "lease_agreement", "lease_negotiation_failed",
        ) == error.allowed
        assert "track 'rehousing' in state 'not_started' refuses it too" == error.reason

    def test_plan_default_without_a_plan(self) -> None:
        """It refuses a plan default before any plan was agreed."""
        with pytest.raises(TransitionNotAllowed) as info:
            step(states(e("petition_filed")), e("payment_plan_defaulted"))
        assert ("pre_procedure", "referred_to_court") == (info.value.track, info.value.state)
        assert ("payment_plan_agreed",) == info.value.allowed


class TestCasebook:
    def test_refused_record_leaves_the_store_unchanged(self, book: Casebook) -> None:
        """It refuses through the casebook and writes nothing."""
        case = open_case(book)
        book.record(case, e("notice_received"))
        before = book.store.read(case)
        with pytest.raises(TransitionNotAllowed) as info:
            book.record(case, e("judgment_served"))
        assert ("hearing", "not_started") == (info.value.track, info.value.state)
        assert before == book.store.read(case)
        assert 2 == book.load(case).version

    def test_refused_batch_writes_nothing(self, book: Casebook) -> None:
        """It refuses a whole batch when one of its entries is not allowed."""
        case = open_case(book)
        before = book.store.read(case)
        with pytest.raises(TransitionNotAllowed):
            book.record_many(case, [e("petition_filed"), e("petition_filed")])
        assert before == book.store.read(case)

    def test_batch_checked_in_order(self, book: Casebook) -> None:
        """It checks each entry of a batch against the case as the batch leaves it."""
        case = open_case(book)
        book.record_many(case, [*HEARD, e("judgment", outcome="eviction"), e("judgment_served")])
        view = book.load(case)
        assert "judgment_served" == track_states(view)["hearing"]
        assert "referred_to_court" == track_states(view)["pre_procedure"]

    def test_correction_then_replay_skips(self, book: Casebook) -> None:
        """It skips, and counts, an entry a correction left without its predecessor."""
        case = open_case(book)
        book.record(case, e("petition_filed"))  # sequence 2
        book.record(case, e("cpas_informed"))
        book.record(case, Correction(date=D, corrects=2, reason="wrong case"))
        view = book.load(case)
        assert "not_started" == track_states(view)["hearing"]
        assert 1 == states_of(view).skipped
        assert 1 == replay(view.entries()).skipped
        with pytest.raises(TransitionNotAllowed):
            book.record(case, e("cpas_informed"))
        book.record(case, e("petition_filed"))
        assert "petition_filed" == track_states(book.load(case))["hearing"]

    def test_as_of(self, book: Casebook) -> None:
        """It leaves out entries dated after ``as_of``."""
        case = open_case(book)
        book.record(case, e("notice_received", date(2026, 1, 5)))
        book.record(case, e("petition_filed", date(2026, 2, 9)))
        view = book.load(case)
        assert "notice_received" == track_states(view, date(2026, 2, 8))["pre_procedure"]
        assert "referred_to_court" == track_states(view, date(2026, 2, 9))["pre_procedure"]
        assert ("hearing", "petition_filed") in next_steps(view, date(2026, 2, 8))

    def test_next_steps(self, book: Casebook) -> None:
        """It lists what may be recorded now, track by track."""
        case = open_case(book)
        assert [
            ("pre_procedure", "notice_received"),
            ("pre_procedure", "negotiation_started"),
            ("pre_procedure", "payment_plan_agreed"),
            ("pre_procedure", "arrears_settled"),
            ("pre_procedure", "petition_filed"),
            ("hearing", "petition_filed"),
            ("rehousing", "needs_assessed"),
            ("rehousing", "housing_search_started"),
            ("rehousing", "rehousing_application"),
            ("rehousing", "emergency_housing"),
            ("lease_negotiation", "lease_proposal"),
        ] == next_steps(book.load(case))

    def test_next_steps_are_recordable(self, book: Casebook) -> None:
        """It only lists steps that a matching entry can pass."""
        case = open_case(book)
        book.record_many(case, [*HEARD, e("judgment", outcome="dismissed"),
                                e("judgment_served")])
        hearing = [t for track, t in next_steps(book.load(case)) if track == "hearing"]
        assert ["cpas_informed", "appeal_filed"] == hearing


class TestStatesCache:
    def test_cached_per_head(self, book: Casebook) -> None:
        """It answers the same view twice from the cache."""
        case = open_case(book)
        book.record(case, e("notice_received"))
        view = book.load(case)
        assert states_of(view) is states_of(view)
        assert states_of(view) is states_of(book.load(case))

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.sampled_from(sorted({
        t for table in TABLES.values() for t in table.triggers
    } | {"payment", "correction"})), max_size=25), st.data())
    def test_incremental_equals_replay(self, kinds: list[str], data: st.DataObject) -> None:
        """It advances cached states entry by entry to what a full replay gives."""
        records: list[Recorded] = []
        prev = GENESIS_HASH
        moment = datetime(2026, 1, 1, tzinfo=UTC)
        opened = CaseOpened(date=D, tenant="T", landlord="L", address="A", rent=Money(50000))
        case_id = f"INC-{data.draw(st.integers(0, 10**9))}"
        for sequence, kind in enumerate(["case_opened", *kinds], start=1):
            if kind == "case_opened":
                entry: Entry = opened
            elif kind == "correction":
                entry = Correction(date=D, corrects=data.draw(st.integers(1, sequence - 1)),
                                   reason="r")
            else:
                entry = data.draw(_entries(kind))
            _, _, rec = encode_entry(case_id, sequence, entry, prev,
                                     moment + timedelta(minutes=sequence))
            prev = rec.hash
            records.append(rec)
            view = CaseView(case_id, tuple(records))
            assert replay(view.entries()) == states_of(view)


def _entries(kind: str) -> st.SearchStrategy[Entry]:
    days = st.dates(date(2025, 1, 1), date(2027, 12, 31))
    fields: dict[str, st.SearchStrategy[Any]] = {
        "judgment": st.fixed_dictionaries({
            "outcome": st.sampled_from(["eviction", "payment_terms", "dismissed"]),
            "default": st.booleans(),
        }),
        "conciliation_outcome": st.fixed_dictionaries(
            {"outcome": st.sampled_from(["agreement", "no_agreement"])}
        ),
        "appeal_filed": st.fixed_dictionaries(
            {"remedy": st.sampled_from(["appeal", "opposition"])}
        ),
        "eviction_scheduled": st.fixed_dictionaries({"eviction_date": days}),
        "hearing_scheduled": st.fixed_dictionaries({"hearing_date": days}),
        "rehousing_application": st.fixed_dictionaries(
            {"channel": st.sampled_from(["social_housing", "ais"])}
        ),
        "payment_plan_agreed": st.fixed_dictionaries({
            "instalment": st.just(Money(5000)), "first_due": days, "count": st.integers(1, 12),
        }),
        "payment": st.fixed_dictionaries({"amount": st.just(Money(100))}),
    }
    return fields.get(kind, st.just({})).map(lambda f: entry_type(kind)(date=D, **f))


class TestMachines:
    @pytest.mark.parametrize("name", TRACKS)
    def test_one_shared_machine(self, name: str) -> None:
        """It builds one model-less machine per track, without auto transitions."""
        spec = machine(name)
        assert spec is machine(name)
        assert isinstance(spec, Machine)
        assert [] == spec.models
        assert set(TABLES[name].triggers) == set(spec.events)
        assert not [event for event in spec.events if event.startswith("to_")]
        assert set(all_states(name)) == set(spec.states)

    @pytest.mark.parametrize("name", TRACKS)
    def test_compiled_from_the_machine(self, name: str) -> None:
        """It compiles exactly the machine's transitions into the table."""
        spec = machine(name)
        expected = {
            (source, trigger): len(transitions)
            for trigger, event in spec.events.items()
            for source, transitions in event.transitions.items()
        }
        table = compiled(name)
        assert expected == {key: len(options) for key, options in table.items()}
        with pytest.raises(TypeError):
            table[("x", "y")] = ()  # type: ignore[index]

    def test_machine_errors_are_wrapped(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """It turns a transitions error on a bad configuration into a ValidationError."""
        config = TABLES["rehousing"].machine_config()
        monkeypatch.setattr(
            type(TABLES["rehousing"]), "machine_config", lambda self: {**config, "bogus": 1}
        )
        try:
            with pytest.raises(ValidationError) as info:
                engine.Workflow().machine("rehousing")
            assert "workflow.rehousing" == info.value.field
        finally:
            monkeypatch.undo()
        assert isinstance(engine.Workflow().machine("rehousing"), Machine)

    def test_transition(self) -> None:
        """It checks one command against one track like a dict lookup with guards."""
        assert "agreement" == transition("lease_negotiation", "proposal", e("lease_agreement"))
        assert transition("lease_negotiation", "none", e("lease_agreement")) is None
        assert "dismissed" == transition("hearing", "adjourned",
                                         e("judgment", outcome="dismissed"))
        assert "adjourned" == transition("hearing", "adjourned", e("cpas_informed"))
        assert transition("hearing", "adjourned", Payment(date=D, amount=Money(1))) is None
        opposition = e("appeal_filed", remedy="opposition")
        assert transition("hearing", "eviction_ordered", opposition) is None
        assert "appeal_or_opposition_filed" == transition(
            "hearing", "eviction_ordered", opposition,
            {"judgment": e("judgment", outcome="eviction", default=True)},
        )
        with pytest.raises(ValidationError):
            transition("court", "x", opposition)

    def test_lookups(self) -> None:
        """It answers the tables' states and end states, and refuses unknown tracks."""
        assert ("resolved", "referred_to_court") == end_states("pre_procedure")
        assert "none" == all_states("lease_negotiation")[0]
        assert TABLES["hearing"] is track_table("hearing")
        for lookup in (track_table, all_states, end_states, machine, compiled):
            with pytest.raises(ValidationError) as info:
                lookup("court")
            assert "track" == info.value.field

    def test_track_states_record(self) -> None:
        """It reads one track's state by name and refuses an unknown one."""
        current = states(e("notice_received"))
        assert "notice_received" == current["pre_procedure"]
        with pytest.raises(ValidationError):
            current["court"]


class TestNoMachinePerCase:
    def test_machines_built_once(self, book: Casebook, monkeypatch: pytest.MonkeyPatch) -> None:
        """It builds one machine per track however many cases are loaded and checked."""
        built: list[object] = []
        original = Machine.__init__

        def counting(self: Machine, *args: Any, **kwargs: Any) -> None:
            built.append(self)
            original(self, *args, **kwargs)

        monkeypatch.setattr(Machine, "__init__", counting)
        flow = book.env.workflow
        try:
            ids = [open_case(book) for _ in range(100)]
            for case in ids:
                book.record_many(case, [e("notice_received"), e("petition_filed"),
                                        e("needs_assessed")])
            for case in ids:
                view = book.load(case)
                assert "petition_filed" == flow.track_states(view)["hearing"]
                flow.next_steps(view)
            assert len(TRACKS) == len(built)
            assert all(flow.machine(name).models == [] for name in TRACKS)
        finally:
            monkeypatch.undo()
