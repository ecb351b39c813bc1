"""Tests of ledger entry records: validation on construction, field specs and the registry."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import attrs
import pytest
from hypothesis import given

from clss_housing.errors import ValidationError
from clss_housing.ledger.entries import (
    ALL_ENTRY_TYPES,
    CATEGORIES,
    ENTRY_TYPES,
    ERASED,
    MONEY_KINDS,
    Adjustment,
    AidPaid,
    CaseOpened,
    ConsentGiven,
    Correction,
    Entry,
    HearingAdjourned,
    Judgment,
    LeaseNotice,
    Note,
    NoticeReceived,
    Payment,
    PaymentPlanAgreed,
    PetitionFiled,
    Referral,
    RehousingApplication,
    RentDue,
    entry_category,
    entry_fields,
    entry_type,
)
from clss_housing.money import Money
from tests.strategies import ENTRY_STRATEGIES, any_entry


D = date(2026, 3, 2)
TENANT = "Émilie Dupont-محمد 🏠"


def bad(value: object) -> Any:
    """A value of the wrong type, passed on purpose."""
    return value


def opened(**changes: Any) -> CaseOpened:
    """A valid opening entry with ``changes`` applied."""
    fields: dict[str, Any] = {
        "date": D, "tenant": TENANT, "landlord": "SA Immo <&>", "address": "Rue Haute 1",
        "rent": Money(75000),
    }
    fields.update(changes)
    return CaseOpened(**fields)


class TestStrategiesCoverEveryKind:
    """``tests/strategies.py`` keeps one strategy per entry kind."""

    def test_every_kind_has_a_strategy(self) -> None:
        """It has a strategy for every class of ENTRY_TYPES and for nothing else."""
        assert set(ENTRY_TYPES.values()) == set(ENTRY_STRATEGIES)

    @given(any_entry())
    def test_strategies_build_valid_entries(self, entry: Entry) -> None:
        """It builds entries that pass their own validators again."""
        assert entry == attrs.evolve(entry)
        assert entry.kind in ENTRY_TYPES


class TestRegistry:
    """Kinds, classes and their field specifications."""

    def test_kinds_are_stable_tags(self) -> None:
        """It registers each class under its own kind, with a category and a title."""
        assert len(ENTRY_TYPES) == len(ALL_ENTRY_TYPES)
        for kind, cls in ENTRY_TYPES.items():
            assert kind == cls.kind
            assert cls.category in CATEGORIES
            assert cls.title
            assert cls is entry_type(kind)

    def test_known_kinds(self) -> None:
        """It keeps the tags the ledger stores (renaming one would orphan stored rows)."""
        expected = {
            "case_opened", "rent_due", "charges_due", "payment", "aid_paid", "adjustment",
            "notice_received", "payment_plan_agreed", "payment_plan_defaulted",
            "petition_filed", "cpas_informed", "hearing_scheduled", "judgment",
            "judgment_served", "appeal_filed", "eviction_scheduled", "referral",
            "consent_given", "consent_withdrawn", "note", "correction",
        }
        assert expected <= set(ENTRY_TYPES)

    def test_money_kinds(self) -> None:
        """It marks exactly the kinds that move the balance as money kinds."""
        assert {"rent_due", "charges_due", "payment", "aid_paid", "adjustment"} == MONEY_KINDS

    def test_unknown_kind(self) -> None:
        """It refuses an unknown kind, naming the field ``kind``."""
        with pytest.raises(ValidationError) as info:
            entry_type("tea_party")
        assert "kind" == info.value.field
        assert "tea_party" == info.value.value

    def test_field_specs(self) -> None:
        """It describes each field with its stored key, type, and whether it is personal."""
        specs = {s.name: s for s in entry_fields(CaseOpened)}
        assert "date" == entry_fields(CaseOpened)[0].name
        assert specs["tenant"].personal
        assert specs["address"].personal
        assert not specs["rent"].personal
        assert "amount" == specs["rent"].type
        assert ("fr", "nl") == specs["lang"].choices
        assert not specs["charges"].required
        channel = {s.name: s for s in entry_fields(RehousingApplication)}["channel"]
        assert "with" == channel.key
        assert "category" == {s.name: s for s in entry_fields(Note)}["note_category"].key
        assert entry_fields(Note) is entry_fields(Note)

    def test_personal_fields(self) -> None:
        """It marks names, addresses and free text as personal, and nothing else."""
        personal = {
            (cls.kind, s.name) for cls in ALL_ENTRY_TYPES for s in entry_fields(cls) if s.personal
        }
        assert {
            ("case_opened", "tenant"), ("case_opened", "landlord"), ("case_opened", "address"),
            ("payment", "reference"), ("adjustment", "reason"), ("note", "text"),
            ("correction", "reason"),
        } <= personal
        assert all(
            s.type == "text" for cls in ALL_ENTRY_TYPES for s in entry_fields(cls) if s.personal
        )

    def test_category(self) -> None:
        """It takes a note's category from the note and other categories from the kind."""
        assert "health" == entry_category(Note(date=D, text="x", note_category="health"))
        assert "finance" == entry_category(RentDue(date=D, amount=Money(1)))

    def test_amount_or_none(self) -> None:
        """It exposes the amount of kinds that have one."""
        assert Money(5) == RentDue(date=D, amount=Money(5)).amount_or_none
        assert None is NoticeReceived(date=D).amount_or_none
        assert None is Judgment(date=D, outcome="dismissed").amount_or_none


class TestValidation:
    """Every entry validates on construction and names the field at fault."""

    @pytest.mark.parametrize(
        ("make", "field"),
        [
            (lambda: RentDue(date=datetime(2026, 3, 2, 10, 0), amount=Money(1)), "date"),
            (lambda: RentDue(date=bad("2026-03-02"), amount=Money(1)), "date"),
            (lambda: RentDue(date=bad(None), amount=Money(1)), "date"),
            (lambda: RentDue(date=D, amount=bad(100)), "amount"),
            (lambda: RentDue(date=D, amount=bad(1.5)), "amount"),
            (lambda: RentDue(date=D, amount=bad("12,50")), "amount"),
            (lambda: RentDue(date=D, amount=Money(0)), "amount"),
            (lambda: Payment(date=D, amount=Money(-1)), "amount"),
            (lambda: Adjustment(date=D, amount=Money(0), reason="x"), "amount"),
            (lambda: AidPaid(date=D, amount=Money(1), source="uncle"), "source"),
            (lambda: opened(rent=Money(0)), "rent"),
            (lambda: opened(charges=Money(-1)), "charges"),
            (lambda: opened(lang="de"), "lang"),
            (lambda: opened(lease_start=datetime(2026, 1, 1)), "lease_start"),
            (lambda: opened(tenant=""), "tenant"),
            (lambda: opened(tenant="   \t"), "tenant"),
            (lambda: opened(landlord=None), "landlord"),
            (lambda: opened(address=42), "address"),
            (lambda: Note(date=D, text="a\x00b"), "text"),
            (lambda: Note(date=D, text="x", note_category="gossip"), "category"),
            (lambda: Referral(date=D, partner="\udce9"), "partner"),
            (lambda: PaymentPlanAgreed(date=D, instalment=Money(1), first_due=D, count=0),
             "count"),
            (lambda: PaymentPlanAgreed(date=D, instalment=Money(1), first_due=D, count=True),
             "count"),
            (lambda: PaymentPlanAgreed(date=D, instalment=Money(1), first_due=D, count=241),
             "count"),
            (lambda: PaymentPlanAgreed(date=D, instalment=Money(0), first_due=D, count=3),
             "instalment"),
            (lambda: PaymentPlanAgreed(date=D, instalment=Money(1), first_due=bad(None), count=3),
             "first_due"),
            (lambda: LeaseNotice(date=D, given_by="tenant", months=13), "months"),
            (lambda: LeaseNotice(date=D, given_by="agent", months=3), "by"),
            (lambda: Judgment(date=D, outcome="eviction", default=bad("no")), "default"),
            (lambda: PetitionFiled(date=D, eviction=bad(1)), "eviction"),
            (lambda: HearingAdjourned(date=D, hearing_date=bad("soon")), "hearing_date"),
            (lambda: RehousingApplication(date=D, channel="castle"), "with"),
            (lambda: ConsentGiven(date=D, partner="cpas", scope="everything"), "scope"),
            (lambda: Referral(date=D, partner=""), "partner"),
            (lambda: Correction(date=D, corrects=0, reason="typo"), "corrects"),
            (lambda: Correction(date=D, corrects=2, reason=""), "reason"),
        ],
    )
    def test_field_named(self, make: Any, field: str) -> None:
        """It refuses the value and names the field (its stored key)."""
        with pytest.raises(ValidationError) as info:
            make()
        assert field == info.value.field
        assert str(info.value).startswith(f"{field}:")

    def test_missing_required_field(self) -> None:
        """It refuses an entry built without a required field."""
        with pytest.raises(TypeError):
            RentDue(date=D)

    def test_positional_arguments_refused(self) -> None:
        """It takes keyword arguments only, so fields cannot be swapped by mistake."""
        with pytest.raises(TypeError):
            RentDue(D, Money(1))  # type: ignore[call-arg]

    def test_frozen(self) -> None:
        """It cannot be changed after construction."""
        entry = RentDue(date=D, amount=Money(1))
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            entry.amount = Money(2)  # type: ignore[misc]

    def test_evolve_validates(self) -> None:
        """It validates again when a changed copy is made."""
        with pytest.raises(ValidationError):
            attrs.evolve(RentDue(date=D, amount=Money(1)), amount=Money(-1))

    def test_optional_fields(self) -> None:
        """It accepts None for optional dates and amounts and empty optional text."""
        assert None is HearingAdjourned(date=D).hearing_date
        assert None is NoticeReceived(date=D, amount=None).amount
        assert "" == Payment(date=D, amount=Money(1)).reference
        assert Money(0) == opened().charges
        assert Money(0) == opened(charges=None).charges
        assert "fr" == opened().lang

    def test_unicode_and_markup_kept(self) -> None:
        """It keeps accents, Arabic, emoji and markup characters as given."""
        assert TENANT == opened().tenant
        assert "SA Immo <&>" == opened().landlord


class TestNoPersonalDataInErrors:
    """Messages name the field but never echo personal values."""

    @pytest.mark.parametrize(
        ("make", "secret"),
        [
            (lambda s: opened(tenant=s * 40), "Zoë Ülker-خالد"),
            (lambda s: opened(landlord=s * 40), "Jan Peeters"),
            (lambda s: opened(address=s * 50), "Rue du Midi 12"),
            (lambda s: opened(tenant=s + "\x00"), "Karim Ben Ali"),
            (lambda s: Note(date=D, text=s * 3000), "diagnosed with"),
            (lambda s: Adjustment(date=D, amount=Money(1), reason=s * 200), "Mme Dubois"),
            (lambda s: Payment(date=D, amount=Money(1), reference=s * 100), "Dubois loyer"),
            (lambda s: Correction(date=D, corrects=2, reason=s * 200), "Mme Dubois"),
        ],
    )
    def test_value_not_echoed(self, make: Any, secret: str) -> None:
        """It leaves the refused personal value out of the message and the error."""
        with pytest.raises(ValidationError) as info:
            make(secret)
        assert secret not in str(info.value)
        assert secret not in repr(info.value.args)
        assert None is info.value.value

    def test_non_text_personal_value_not_echoed(self) -> None:
        """It does not echo a non-text value given for a personal field either."""
        with pytest.raises(ValidationError) as info:
            opened(tenant=["Karim Ben Ali"])
        assert "Karim" not in str(info.value)
        assert "tenant" == info.value.field

    def test_non_personal_value_is_echoed(self) -> None:
        """It shows non-personal values, which helps the person fix them."""
        with pytest.raises(ValidationError) as info:
            AidPaid(date=D, amount=Money(1), source="uncle")
        assert "'uncle'" in str(info.value)


class TestErasedMarker:
    """The marker erased personal fields read as."""

    def test_erased_is_valid_in_every_personal_field(self) -> None:
        """It is accepted by every personal text field, so erased entries still load."""
        assert ERASED == opened(tenant=ERASED, landlord=ERASED, address=ERASED).tenant
        assert ERASED == Note(date=D, text=ERASED).text
        assert ERASED == Correction(date=D, corrects=2, reason=ERASED).reason
