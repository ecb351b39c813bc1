"""
Stateful tests of the four tracks: a real casebook against a plain-dict model.

Each track has a ``RuleBasedStateMachine`` that records random entries of
its triggers (with random field values) through :class:`Casebook.record` on a
``memory:`` store, plus unrelated kinds and corrections.  A hand-written
model (dicts of ``state -> next state``, written from the issue, not from the
engine's tables) predicts whether each command is allowed.  Invariants: the
replayed ledger equals the model, a refused command changes no stored row.
The static checks of the tables (every state reachable, every state can
reach an end state) close the file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any, ClassVar, TypeAlias

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from clss_housing.casebook import Casebook
from clss_housing.errors import TransitionNotAllowed
from clss_housing.ledger.entries import Correction, Note, entry_type
from clss_housing.money import Money
from clss_housing.workflow.engine import TRACKS, compiled, track_states
from clss_housing.workflow.tracks import TABLES


# -- the model ---------------------------------------------------------------------------------

Fields: TypeAlias = Mapping[str, Any]
Facts: TypeAlias = Mapping[str, Fields]
#: A model destination: a state, SAME (the state stays), or a function of (facts, fields).
Dest: TypeAlias = "str | Callable[[Facts, Fields], str | None]"
SAME = "="


def winter(day: date) -> bool:
    """1 November - 15 March, from the winter 2023-2024 on (CBL art. 233duodecies)."""
    return day >= date(2023, 11, 1) and ((day.month, day.day) >= (11, 1)
                                          or (day.month, day.day) <= (3, 15))


def each(states: str, dest: Dest) -> dict[str, Dest]:
    return dict.fromkeys(states.split(), dest)


def judgment_dest(facts: Facts, fields: Fields) -> str:
    return {"eviction": "eviction_ordered", "payment_terms": "payment_terms",
            "dismissed": "dismissed"}[fields["outcome"]]


def appeal_dest(facts: Facts, fields: Fields) -> str | None:
    if fields["remedy"] == "appeal" or facts.get("judgment", {}).get("default"):
        return "appeal_or_opposition_filed"
    return None


def evicts(facts: Facts) -> bool:
    return facts.get("judgment", {}).get("outcome") in ("eviction", "payment_terms")


def eviction_dest(after_appeal: bool) -> Callable[[Facts, Fields], str | None]:
    def dest(facts: Facts, fields: Fields) -> str | None:
        if not evicts(facts):
            return None
        if after_appeal and facts["appeal_filed"]["remedy"] != "appeal":
            return None  # an opposition suspends execution
        return "suspended_moratorium" if winter(fields["eviction_date"]) else "eviction_scheduled"

    return dest


def cancel_if_evicts(facts: Facts, fields: Fields) -> str | None:
    return "cancelled" if evicts(facts) else None


PRE_OPEN = "no_notice notice_received negotiating plan_active plan_in_default"
SEARCH = "searching applications_pending offer_received emergency_housing"

MODEL: dict[str, dict[str, dict[str, Dest]]] = {
    "pre_procedure": {
        "notice_received": {
            **each("no_notice plan_in_default resolved", "notice_received"),
            **each("notice_received negotiating", SAME),
        },
        "negotiation_started": each("no_notice notice_received plan_in_default", "negotiating"),
        "payment_plan_agreed": {
            **each("no_notice notice_received negotiating plan_in_default", "plan_active"),
            **each("plan_active referred_to_court", SAME),
        },
        "payment_plan_defaulted": {
            "plan_active": "plan_in_default",
            "referred_to_court": lambda f, _: SAME if "payment_plan_agreed" in f else None,
        },
        "arrears_settled": each(PRE_OPEN, "resolved"),
        "petition_filed": each(PRE_OPEN, "referred_to_court"),
    },
    "hearing": {
        "petition_filed": {"not_started": "petition_filed"},
        "cpas_informed": {
            "petition_filed": "cpas_informed",
            **each("conciliation_requested conciliation_failed hearing_scheduled adjourned"
                   " eviction_ordered payment_terms judgment_served appeal_or_opposition_filed"
                   " eviction_scheduled suspended_moratorium", SAME),
        },
        "conciliation_requested": each("petition_filed cpas_informed", "conciliation_requested"),
        "conciliation_outcome": {
            "conciliation_requested": lambda _, e: {
                "agreement": "conciliation_agreed", "no_agreement": "conciliation_failed",
            }[e["outcome"]],
        },
        "hearing_scheduled": each(
            "petition_filed cpas_informed conciliation_failed adjourned"
            " appeal_or_opposition_filed", "hearing_scheduled"),
        "hearing_adjourned": each("hearing_scheduled adjourned", "adjourned"),
        "judgment": each("hearing_scheduled adjourned", judgment_dest),
        "judgment_served": each("eviction_ordered payment_terms dismissed", "judgment_served"),
        "appeal_filed": each("eviction_ordered payment_terms dismissed judgment_served",
                             appeal_dest),
        "eviction_scheduled": {
            **each("judgment_served eviction_scheduled suspended_moratorium cancelled",
                   eviction_dest(after_appeal=False)),
            "appeal_or_opposition_filed": eviction_dest(after_appeal=True),
        },
        "eviction_carried_out": each("eviction_scheduled suspended_moratorium", "evicted"),
        "eviction_cancelled": {
            **each("eviction_ordered payment_terms eviction_scheduled suspended_moratorium",
                   "cancelled"),
            **each("judgment_served appeal_or_opposition_filed", cancel_if_evicts),
        },
    },
    "rehousing": {
        "needs_assessed": {"not_started": "needs_assessed"},
        "housing_search_started": each("not_started needs_assessed emergency_housing",
                                       "searching"),
        "rehousing_application": each(f"not_started needs_assessed {SEARCH}",
                                      "applications_pending"),
        "housing_offer": each(SEARCH, "offer_received"),
        "lease_signed": each(SEARCH, "housed"),
        "emergency_housing": each(
            "not_started needs_assessed searching applications_pending offer_received",
            "emergency_housing"),
    },
    "lease_negotiation": {
        "lease_proposal": each("none agreement signed failed", "proposal"),
        "lease_counter_proposal": each("proposal counter_proposal", "counter_proposal"),
        "lease_agreement": each("proposal counter_proposal", "agreement"),
        "lease_signed": {"agreement": "signed"},
        "lease_negotiation_failed": each("proposal counter_proposal agreement", "failed"),
    },
}

MODEL_INITIAL = {
    "pre_procedure": "no_notice", "hearing": "not_started", "rehousing": "not_started",
    "lease_negotiation": "none",
}


def model_step(
    states: dict[str, str], facts: dict[str, Fields], kind: str, fields: Fields
) -> dict[str, str] | None:
    """The states after ``kind``: ``None`` if every track knowing it refuses."""
    knowing = [track for track in TRACKS if kind in MODEL[track]]
    if not knowing:
        return dict(states)
    after = dict(states)
    applied = False
    for track in knowing:
        dest = MODEL[track][kind].get(states[track])
        if callable(dest):
            dest = dest(facts, fields)
        if dest is None:
            continue
        after[track] = states[track] if dest == SAME else dest
        applied = True
    return after if applied else None


def model_replay(ledger: list[tuple[int, str, Fields]], corrected: set[int]) -> dict[str, str]:
    """Fold the model over the uncorrected entries, skipping those no track accepts."""
    states = dict(MODEL_INITIAL)
    facts: dict[str, Fields] = {}
    for sequence, kind, fields in ledger:
        if sequence in corrected:
            continue
        after = model_step(states, facts, kind, fields)
        if after is not None:
            states = after
            if any(kind in MODEL[t] for t in TRACKS):
                facts[kind] = fields
    return states


# -- field strategies --------------------------------------------------------------------------

DAYS = st.dates(date(2025, 1, 1), date(2027, 12, 31))
EVICTION_DAYS = st.one_of(
    DAYS,
    st.sampled_from([date(2026, 10, 31), date(2026, 11, 1), date(2027, 3, 15),
                     date(2027, 3, 16), date(2026, 12, 24)]),
)
NO_FIELDS: st.SearchStrategy[dict[str, Any]] = st.just({})
FIELDS: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "judgment": st.fixed_dictionaries({
        "outcome": st.sampled_from(["eviction", "payment_terms", "dismissed"]),
        "default": st.booleans(),
    }),
    "conciliation_outcome": st.fixed_dictionaries(
        {"outcome": st.sampled_from(["agreement", "no_agreement"])}
    ),
    "appeal_filed": st.fixed_dictionaries({"remedy": st.sampled_from(["appeal", "opposition"])}),
    "eviction_scheduled": st.fixed_dictionaries({"eviction_date": EVICTION_DAYS}),
    "hearing_scheduled": st.fixed_dictionaries({"hearing_date": DAYS}),
    "hearing_adjourned": st.fixed_dictionaries({"hearing_date": st.none() | DAYS}),
    "payment_plan_agreed": st.fixed_dictionaries({
        "instalment": st.integers(1, 100_000).map(Money),
        "first_due": DAYS,
        "count": st.integers(1, 24),
    }),
    "notice_received": st.fixed_dictionaries(
        {"amount": st.none() | st.integers(1, 500_000).map(Money)}
    ),
    "petition_filed": st.fixed_dictionaries({"eviction": st.booleans()}),
    "rehousing_application": st.fixed_dictionaries(
        {"channel": st.sampled_from(["social_housing", "ais", "fonds_logement", "private"])}
    ),
    "housing_offer": st.fixed_dictionaries(
        {"channel": st.sampled_from(["social_housing", "ais", "other"])}
    ),
    "lease_signed": st.fixed_dictionaries(
        {"rent": st.none() | st.integers(1, 200_000).map(Money)}
    ),
    "lease_proposal": st.fixed_dictionaries(
        {"subject": st.sampled_from(["new_lease", "rent", "plan_terms"])}
    ),
}


# -- the machines ------------------------------------------------------------------------------


class TrackMachine(RuleBasedStateMachine):
    """Drive one casebook case with commands of one track, against the model."""

    TRACK: ClassVar[str] = ""

    def __init__(self) -> None:
        super().__init__()
        self.book = Casebook.open("memory:")
        self.case = self.book.open_case(
            tenant="A. Tenant", landlord="B. Owner", address="Rue Royale 1",
            rent=Money(75000), date=date(2025, 1, 1),
        )
        self.day = date(2025, 1, 2)
        self.ledger: list[tuple[int, str, Fields]] = []  # (sequence, kind, fields)
        self.corrected: set[int] = set()
        self.sequence = 1  # the opening
        self.refused = 0

    def teardown(self) -> None:
        self.book.close()

    def model(self) -> dict[str, str]:
        return model_replay(self.ledger, self.corrected)

    def model_facts(self) -> dict[str, Fields]:
        states = dict(MODEL_INITIAL)
        facts: dict[str, Fields] = {}
        for sequence, kind, fields in self.ledger:
            if sequence in self.corrected:
                continue
            after = model_step(states, facts, kind, fields)
            if after is not None:
                states = after
                if any(kind in MODEL[t] for t in TRACKS):
                    facts[kind] = fields
        return facts

    def submit(self, kind: str, fields: Fields) -> None:
        self.day += timedelta(days=3)
        entry = entry_type(kind)(date=self.day, **fields)
        states = self.model()
        expected = model_step(states, self.model_facts(), kind, fields)
        before = self.book.store.read(self.case)
        if expected is None:
            with pytest.raises(TransitionNotAllowed) as info:
                self.book.record(self.case, entry)
            error = info.value
            assert kind == error.trigger
            assert states[error.track] == error.state
            assert kind in MODEL[error.track]
            assert before == self.book.store.read(self.case)
            self.refused += 1
            return
        recorded = self.book.record(self.case, entry)
        self.sequence += 1
        assert self.sequence == recorded.sequence
        self.ledger.append((self.sequence, kind, dict(fields)))
        assert expected == self.model()

    # Commands of other kinds, always allowed.
    @rule(paid=st.integers(1, 100_000))
    def record_payment(self, paid: int) -> None:
        self.submit("payment", {"amount": Money(paid)})

    @rule()
    def record_note(self) -> None:
        self.day += timedelta(days=1)
        self.book.record(self.case, Note(date=self.day, text="called the tenant"))
        self.sequence += 1
        self.ledger.append((self.sequence, "note", {}))

    def correctable(self) -> list[int]:
        return [s for s, k, _ in self.ledger if s not in self.corrected and k != "correction"]

    @precondition(lambda self: bool(self.correctable()))
    @rule(data=st.data())
    def correct_an_entry(self, data: st.DataObject) -> None:
        target = data.draw(st.sampled_from(self.correctable()))
        self.book.record(self.case, Correction(date=self.day, corrects=target, reason="typo"))
        self.sequence += 1
        self.corrected.add(target)
        self.ledger.append((self.sequence, "correction", {}))

    @rule(data=st.data(), steps=st.integers(1, 6))
    def advance(self, data: st.DataObject, steps: int) -> None:
        """Record triggers the model allows now (their fields may still refuse), to go deep."""
        for _ in range(steps):
            states = self.model()
            triggers = [
                kind for kind, by_state in MODEL[self.TRACK].items()
                if states[self.TRACK] in by_state
            ]
            if not triggers:
                return
            kind = data.draw(st.sampled_from(triggers))
            self.submit(kind, data.draw(FIELDS.get(kind, NO_FIELDS)))

    @invariant()
    def replay_equals_model(self) -> None:
        assert self.model() == track_states(self.book.load(self.case))

    @invariant()
    def ledger_length(self) -> None:
        assert self.sequence == self.book.load(self.case).version


def _trigger_rule(kind: str) -> Callable[[TrackMachine, dict[str, Any]], None]:
    """A rule recording ``kind`` with random fields, whether the track allows it or not."""

    @rule(fields=FIELDS.get(kind, NO_FIELDS))
    def record(self: TrackMachine, fields: dict[str, Any]) -> None:
        self.submit(kind, fields)

    record.__name__ = f"record_{kind}"
    return record


class PreProcedureMachine(TrackMachine):
    TRACK = "pre_procedure"
    record_notice_received = _trigger_rule("notice_received")
    record_negotiation_started = _trigger_rule("negotiation_started")
    record_payment_plan_agreed = _trigger_rule("payment_plan_agreed")
    record_payment_plan_defaulted = _trigger_rule("payment_plan_defaulted")
    record_arrears_settled = _trigger_rule("arrears_settled")
    record_petition_filed = _trigger_rule("petition_filed")


class HearingMachine(TrackMachine):
    TRACK = "hearing"
    record_petition_filed = _trigger_rule("petition_filed")
    record_cpas_informed = _trigger_rule("cpas_informed")
    record_conciliation_requested = _trigger_rule("conciliation_requested")
    record_conciliation_outcome = _trigger_rule("conciliation_outcome")
    record_hearing_scheduled = _trigger_rule("hearing_scheduled")
    record_hearing_adjourned = _trigger_rule("hearing_adjourned")
    record_judgment = _trigger_rule("judgment")
    record_judgment_served = _trigger_rule("judgment_served")
    record_appeal_filed = _trigger_rule("appeal_filed")
    record_eviction_scheduled = _trigger_rule("eviction_scheduled")
    record_eviction_carried_out = _trigger_rule("eviction_carried_out")
    record_eviction_cancelled = _trigger_rule("eviction_cancelled")


class RehousingMachine(TrackMachine):
    TRACK = "rehousing"
    record_needs_assessed = _trigger_rule("needs_assessed")
    record_housing_search_started = _trigger_rule("housing_search_started")
    record_rehousing_application = _trigger_rule("rehousing_application")
    record_housing_offer = _trigger_rule("housing_offer")
    record_lease_signed = _trigger_rule("lease_signed")
    record_emergency_housing = _trigger_rule("emergency_housing")
    # The other track lease_signed drives.
    record_lease_proposal = _trigger_rule("lease_proposal")
    record_lease_agreement = _trigger_rule("lease_agreement")


class LeaseNegotiationMachine(TrackMachine):
    TRACK = "lease_negotiation"
    record_lease_proposal = _trigger_rule("lease_proposal")
    record_lease_counter_proposal = _trigger_rule("lease_counter_proposal")
    record_lease_agreement = _trigger_rule("lease_agreement")
    record_lease_signed = _trigger_rule("lease_signed")
    record_lease_negotiation_failed = _trigger_rule("lease_negotiation_failed")
    record_housing_search_started = _trigger_rule("housing_search_started")


_SETTINGS = settings(max_examples=30, stateful_step_count=30, deadline=None)

PreProcedureMachine.TestCase.settings = _SETTINGS
HearingMachine.TestCase.settings = settings(
    max_examples=40, stateful_step_count=40, deadline=None
)
RehousingMachine.TestCase.settings = _SETTINGS
LeaseNegotiationMachine.TestCase.settings = _SETTINGS

TestPreProcedureTrack = PreProcedureMachine.TestCase
TestHearingTrack = HearingMachine.TestCase
TestRehousingTrack = RehousingMachine.TestCase
TestLeaseNegotiationTrack = LeaseNegotiationMachine.TestCase


# -- the model and the machines agree on every rule --------------------------------------------


class TestModelMatchesTheTables:
    @pytest.mark.parametrize("track", TRACKS)
    def test_same_state_trigger_pairs(self, track: str) -> None:
        """It models exactly the (state, trigger) pairs the compiled table holds."""
        modelled = {(s, k) for k, by_state in MODEL[track].items() for s in by_state}
        assert modelled == set(compiled(track))

    def test_machines_cover_every_trigger(self) -> None:
        """It gives every trigger of a track a rule in that track's machine."""
        machines = {
            "pre_procedure": PreProcedureMachine, "hearing": HearingMachine,
            "rehousing": RehousingMachine, "lease_negotiation": LeaseNegotiationMachine,
        }
        for track, cls in machines.items():
            for trigger in TABLES[track].triggers:
                assert hasattr(cls, f"record_{trigger}"), (track, trigger)


# -- static checks of the tables ---------------------------------------------------------------


def _graph(track: str) -> dict[str, set[str]]:
    """state -> states one transition away (guards ignored, staying transitions dropped)."""
    edges: dict[str, set[str]] = {s: set() for s in TABLES[track].state_names}
    for (source, _trigger), options in compiled(track).items():
        for _guards, dest in options:
            if dest is not None and dest != source:
                edges[source].add(dest)
    return edges


def _reachable(edges: Mapping[str, set[str]], start: str) -> set[str]:
    seen = {start}
    todo = [start]
    while todo:
        for nxt in edges[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


class TestStaticChecks:
    @pytest.mark.parametrize("track", TRACKS)
    def test_no_state_is_unreachable(self, track: str) -> None:
        """It reaches every state of the table from the initial state."""
        edges = _graph(track)
        assert set(edges) == _reachable(edges, TABLES[track].initial.name)

    @pytest.mark.parametrize("track", TRACKS)
    def test_every_state_can_end(self, track: str) -> None:
        """It can reach an end state from every state."""
        edges = _graph(track)
        ends = {s.name for s in TABLES[track].ends}
        stuck = {s for s in edges if not _reachable(edges, s) & ends}
        assert set() == stuck

    def test_the_checks_can_fail(self) -> None:
        """It finds an unreachable state and a dead end in a broken graph."""
        edges = {"a": {"b"}, "b": set(), "c": {"a"}}
        assert {"a", "b"} == _reachable(edges, "a")
        assert not _reachable(edges, "b") & {"c"}
