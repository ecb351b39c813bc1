"""Tests of the declarative track tables and their guards."""

from __future__ import annotations

import enum
from datetime import date

import pytest

from clss_housing.errors import ValidationError
from clss_housing.ledger.entries import (
    ENTRY_TYPES,
    AppealFiled,
    EvictionScheduled,
    Judgment,
    PaymentPlanAgreed,
)
from clss_housing.money import Money
from clss_housing.workflow.tracks import (
    HEARING,
    LEASE_NEGOTIATION,
    PRE_PROCEDURE,
    REHOUSING,
    SHARED_KIND_HOME,
    TABLES,
    TRACKS,
    Guard,
    TrackTable,
    any_of,
    eviction_date_in_moratorium,
    field_in,
    has_fact,
    last_field_in,
    not_,
)


D = date(2026, 1, 5)


class TestTheFourTracks:
    def test_names_and_order(self) -> None:
        """It lists the four tracks in the order case show prints them."""
        assert ("pre_procedure", "hearing", "rehousing", "lease_negotiation") == TRACKS
        assert [PRE_PROCEDURE, HEARING, REHOUSING, LEASE_NEGOTIATION] == list(TABLES.values())

    def test_states(self) -> None:
        """It names the states of the issue's procedures."""
        assert {
            "no_notice", "notice_received", "negotiating", "plan_active", "plan_in_default",
            "resolved", "referred_to_court",
        } == set(PRE_PROCEDURE.state_names)
        assert {
            "not_started", "petition_filed", "cpas_informed", "conciliation_requested",
            "conciliation_agreed", "conciliation_failed", "hearing_scheduled", "adjourned",
            "eviction_ordered", "payment_terms", "dismissed", "judgment_served",
            "appeal_or_opposition_filed", "eviction_scheduled", "suspended_moratorium",
            "evicted", "cancelled",
        } == set(HEARING.state_names)
        assert {
            "not_started", "needs_assessed", "searching", "applications_pending",
            "offer_received", "emergency_housing", "housed",
        } == set(REHOUSING.state_names)
        assert {
            "none", "proposal", "counter_proposal", "agreement", "signed", "failed",
        } == set(LEASE_NEGOTIATION.state_names)

    @pytest.mark.parametrize("table", list(TABLES.values()), ids=list(TABLES))
    def test_enum_values_are_the_names(self, table: TrackTable) -> None:
        """It spells every state the same as its Enum member and its value."""
        assert [s.name for s in table.states] == [s.value for s in table.states]

    @pytest.mark.parametrize("table", list(TABLES.values()), ids=list(TABLES))
    def test_triggers_are_recordable_kinds(self, table: TrackTable) -> None:
        """It only uses entry kinds that can be recorded as triggers."""
        assert set(table.triggers) <= set(ENTRY_TYPES) - {"case_opened", "correction"}

    def test_shared_kinds_have_a_home(self) -> None:
        """It gives every kind several tracks know a home track that knows it."""
        owners: dict[str, list[str]] = {}
        for name, table in TABLES.items():
            for trigger in table.triggers:
                owners.setdefault(trigger, []).append(name)
        shared = {kind for kind, names in owners.items() if len(names) > 1}
        assert {"petition_filed", "lease_signed"} == shared
        assert shared == set(SHARED_KIND_HOME)
        for kind, home in SHARED_KIND_HOME.items():
            assert home in owners[kind]

    def test_free_kinds(self) -> None:
        """It leaves money, notes, consent, referrals and lease events to no track."""
        known = {t for table in TABLES.values() for t in table.triggers}
        free = {
            "rent_due", "charges_due", "payment", "aid_paid", "adjustment", "note", "referral",
            "consent_given", "consent_withdrawn", "correction", "lease_notice",
            "indexation_requested", "keys_returned", "case_opened",
        }
        assert set() == known & free

    def test_machine_config(self) -> None:
        """It shapes each table as transitions' Machine arguments, shared and model-less."""
        config = HEARING.machine_config()
        assert config["model"] is None
        assert config["auto_transitions"] is False
        assert config["ignore_invalid_triggers"] is False
        assert config["states"] is HEARING.states
        assert len(HEARING.transitions) == len(config["transitions"])


class _Toy(enum.Enum):
    a = "a"
    b = "b"


class _Other(enum.Enum):
    z = "z"


def _toy(**changes: object) -> TrackTable:
    fields: dict[str, object] = {
        "name": "toy", "title": "Toy", "states": _Toy, "initial": _Toy.a, "ends": (_Toy.b,),
        "transitions": ({"trigger": "needs_assessed", "source": [_Toy.a], "dest": _Toy.b},),
    }
    fields.update(changes)
    return TrackTable(**fields)  # type: ignore[arg-type]


class TestTableValidation:
    def test_a_valid_table(self) -> None:
        """It accepts a small valid table."""
        assert ("needs_assessed",) == _toy().triggers

    @pytest.mark.parametrize(
        "row",
        [
            {"trigger": "no_such_kind", "source": [_Toy.a], "dest": _Toy.b},
            {"trigger": "case_opened", "source": [_Toy.a], "dest": _Toy.b},
            {"trigger": "needs_assessed", "source": [], "dest": _Toy.b},
            {"trigger": "needs_assessed", "source": [_Other.z], "dest": _Toy.b},
            {"trigger": "needs_assessed", "source": [_Toy.a], "dest": _Other.z},
            {"trigger": "needs_assessed", "source": [_Toy.a], "dest": _Toy.b,
             "conditions": [lambda *a: True]},
        ],
        ids=["unknown-kind", "opening", "no-source", "foreign-source", "foreign-dest",
             "bare-callable"],
    )
    def test_refuses_a_bad_row(self, row: dict[str, object]) -> None:
        """It refuses a row naming an unknown kind, a foreign state or a bare callable."""
        with pytest.raises(ValidationError) as info:
            _toy(transitions=(row,))
        assert "workflow.toy" == info.value.field

    def test_refuses_a_foreign_initial_or_end(self) -> None:
        """It refuses an initial or end state that is not one of the table's."""
        with pytest.raises(ValidationError):
            _toy(initial=_Other.z)
        with pytest.raises(ValidationError):
            _toy(ends=(_Other.z,))


def _judgment(outcome: str = "eviction", default: bool = False) -> Judgment:
    return Judgment(date=D, outcome=outcome, default=default)


class TestFieldIn:
    def test_passes_on_the_listed_values(self) -> None:
        """It passes when the entry's field holds one of the values."""
        guard = field_in("judgment", "outcome", "eviction", "payment_terms")
        assert guard({}, _judgment("eviction"))
        assert guard({}, _judgment("payment_terms"))
        assert not guard({}, _judgment("dismissed"))

    def test_reads_the_cli_key(self) -> None:
        """It finds a field by its CLI key (``with`` is the attribute ``channel``)."""
        guard = field_in("rehousing_application", "with", "ais")
        assert "with = ais" == guard.label
        assert ("channel", ("ais",)) == guard.entry_choice()

    def test_bool_fields(self) -> None:
        """It tests yes/no fields too."""
        guard = field_in("judgment", "default", True)
        assert guard({}, _judgment(default=True))
        assert not guard({}, _judgment(default=False))
        assert "default = true" == guard.label

    def test_missing_entry(self) -> None:
        """It fails on an entry of another kind or no entry at all."""
        guard = field_in("judgment", "outcome", "eviction")
        assert not guard({}, None)
        assert not guard({}, AppealFiled(date=D))

    @pytest.mark.parametrize(
        ("kind", "key", "values"),
        [
            ("judgment", "nope", ("eviction",)),
            ("judgment", "outcome", ("evicted",)),
            ("judgment", "outcome", ()),
            ("judgment", "outcome", ("eviction", "payment_terms", "dismissed")),
            ("hearing_scheduled", "hearing_date", (D,)),
            ("no_such_kind", "x", ("y",)),
        ],
        ids=["unknown-key", "unknown-value", "no-value", "every-value", "date-field",
             "unknown-kind"],
    )
    def test_refuses_a_typo(self, kind: str, key: str, values: tuple[object, ...]) -> None:
        """It refuses a field or value the entry kind does not have, so tables fail at import."""
        with pytest.raises(ValidationError):
            field_in(kind, key, *values)

    def test_is_always_possible(self) -> None:
        """It counts as possible whatever the facts: some value passes."""
        assert field_in("judgment", "outcome", "eviction").possible({})

    def test_repr(self) -> None:
        """It shows how it was built."""
        assert "field_in('judgment', 'outcome', 'eviction')" == repr(
            field_in("judgment", "outcome", "eviction")
        )


class TestLastFieldIn:
    def test_reads_the_facts(self) -> None:
        """It passes when the latest entry of the kind has the value, not the recorded one."""
        guard = last_field_in("judgment", "default", True)
        assert guard({"judgment": _judgment(default=True)}, AppealFiled(date=D))
        assert not guard({"judgment": _judgment(default=False)}, _judgment(default=True))
        assert not guard({}, _judgment(default=True))

    def test_possible_depends_on_the_facts(self) -> None:
        """It is possible only when the facts pass."""
        guard = last_field_in("judgment", "outcome", "eviction", "payment_terms")
        assert guard.possible({"judgment": _judgment("payment_terms")})
        assert not guard.possible({"judgment": _judgment("dismissed")})
        assert not guard.possible({})

    def test_name_and_reason(self) -> None:
        """It uses its name as label and says the test in its reason."""
        guard = last_field_in("judgment", "default", True, name="default judgment")
        assert "default judgment" == guard.label
        assert "needs default judgment (last judgment: default = true)" == guard.reason

    def test_refuses_unknown_values(self) -> None:
        """It refuses values the field cannot hold."""
        with pytest.raises(ValidationError):
            last_field_in("judgment", "outcome", "evicted")


class TestHasFact:
    def test_passes_after_the_kind(self) -> None:
        """It passes once an entry of the kind was applied."""
        guard = has_fact("payment_plan_agreed")
        plan = PaymentPlanAgreed(date=D, instalment=Money(5000), first_due=D, count=3)
        assert guard({"payment_plan_agreed": plan}, None)
        assert not guard({}, None)
        assert not guard.possible({})

    def test_refuses_an_unknown_kind(self) -> None:
        """It refuses a kind that does not exist."""
        with pytest.raises(ValidationError):
            has_fact("plan")


def _eviction(day: date) -> EvictionScheduled:
    return EvictionScheduled(date=D, eviction_date=day)


class TestMoratorium:
    @pytest.mark.parametrize(
        ("day", "inside"),
        [
            (date(2026, 10, 31), False),
            (date(2026, 11, 1), True),
            (date(2026, 12, 25), True),
            (date(2027, 3, 15), True),
            (date(2027, 3, 16), False),
            (date(2026, 7, 1), False),
            (date(2023, 2, 1), False),  # before the ordinance of 22 June 2023
            (date(2023, 11, 1), True),  # the first winter it covers
        ],
    )
    def test_window(self, day: date, inside: bool) -> None:
        """It covers 1 November to 15 March inclusive, from the winter 2023-2024 on."""
        assert inside == eviction_date_in_moratorium()({}, _eviction(day))

    def test_refuses_a_non_date_field(self) -> None:
        """It refuses a field that is not a date."""
        with pytest.raises(ValidationError):
            eviction_date_in_moratorium("judgment", "outcome")

    def test_label_and_reason(self) -> None:
        """It explains itself without personal data."""
        guard = eviction_date_in_moratorium()
        assert "eviction_date in moratorium" == guard.label
        assert "1 November - 15 March" in guard.reason
        assert guard.possible({})
        assert not guard({}, None)


class TestCombinators:
    def test_any_of(self) -> None:
        """It passes when one guard passes and is possible when one is."""
        guard = any_of(
            field_in("appeal_filed", "remedy", "appeal"),
            last_field_in("judgment", "default", True),
            name="remedy open",
        )
        opposition = AppealFiled(date=D, remedy="opposition")
        assert guard({}, AppealFiled(date=D, remedy="appeal"))
        assert not guard({"judgment": _judgment(default=False)}, opposition)
        assert guard({"judgment": _judgment(default=True)}, opposition)
        assert guard.possible({})
        assert guard.uses_entry
        assert "remedy open" == guard.label
        assert "needs remedy open" == guard.reason

    def test_any_of_without_name(self) -> None:
        """It joins the labels of its guards when it has no name."""
        guard = any_of(has_fact("judgment"), has_fact("appeal_filed"))
        assert "a judgment before or a appeal_filed before" == guard.label
        assert not guard.possible({})
        assert not guard.uses_entry

    def test_any_of_needs_a_guard(self) -> None:
        """It refuses an empty list of guards."""
        with pytest.raises(ValidationError):
            any_of()

    def test_not(self) -> None:
        """It inverts a guard; on an entry field it stays possible."""
        inside = eviction_date_in_moratorium()
        outside = not_(inside)
        assert outside({}, _eviction(date(2026, 6, 1)))
        assert not outside({}, _eviction(date(2026, 12, 1)))
        assert outside.possible({})
        assert "not eviction_date in moratorium" == outside.label
        facts_only = not_(has_fact("judgment"))
        assert facts_only.possible({})
        assert not facts_only.possible({"judgment": _judgment()})

    def test_guards_are_values(self) -> None:
        """It builds equal, hashable guards from equal arguments."""
        one = field_in("judgment", "outcome", "eviction")
        assert one == field_in("judgment", "outcome", "eviction")
        assert hash(one) == hash(field_in("judgment", "outcome", "eviction"))
        assert isinstance(one, Guard)

    def test_test_matches_call(self) -> None:
        """It gives the same answer as a plain function and as a call."""
        guard = not_(field_in("judgment", "outcome", "dismissed"))
        plain = guard.test()
        for outcome in ("eviction", "payment_terms", "dismissed"):
            entry = _judgment(outcome)
            assert guard({}, entry) == plain({}, entry)
