"""
Ledger entries: the immutable facts a case is made of.

Every entry is a frozen attrs record with a stable ``kind`` tag (the ids of
``CLI.md``), a ``date`` (the day the fact happened, not the day it was typed)
and its own validated payload.  Two families exist:

* money facts (:class:`RentDue`, :class:`Payment`, :class:`AidPaid`, …) whose
  ``amount`` is :class:`~clss_housing.money.Money`;
* procedure facts (:class:`NoticeReceived`, :class:`Judgment`, …).

A mistake is never edited away: a :class:`Correction` names the sequence it
corrects and the fold ignores the corrected entry from then on.

Fields holding personal data (names, address, free text) are marked
``personal``; the codec keeps them out of the hash chain so that they can be
erased for good (see :mod:`clss_housing.ledger.codec`).

Example::

    >>> from datetime import date
    >>> Payment(date=date(2026, 3, 2), amount=Money.parse("650,00")).kind
    'payment'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, ClassVar, Final, Literal, TypeAlias

import attrs

from clss_housing.errors import ValidationError
from clss_housing.money import Money


__all__ = [
    "ALL_ENTRY_TYPES",
    "CATEGORIES",
    "CIVILITIES",
    "ENTRY_TYPES",
    "ERASED",
    "MONEY_KINDS",
    "OPENING_FACTS",
    "Adjustment",
    "AidPaid",
    "AppealFiled",
    "AreaRecorded",
    "ArrearsSettled",
    "CaseFactsCorrected",
    "CaseOpened",
    "ChargesDue",
    "ConciliationOutcome",
    "ConciliationRequested",
    "ConsentGiven",
    "ConsentWithdrawn",
    "Correction",
    "CpasInformed",
    "CpasObjection",
    "EmergencyHousing",
    "Entry",
    "EvictionCancelled",
    "EvictionCarriedOut",
    "EvictionScheduled",
    "FieldSpec",
    "HearingAdjourned",
    "HearingScheduled",
    "HousingOffer",
    "HousingSearchStarted",
    "IndexationRequested",
    "Judgment",
    "JudgmentServed",
    "KeysReturned",
    "LeaseAgreement",
    "LeaseCounterProposal",
    "LeaseNegotiationFailed",
    "LeaseNotice",
    "LeaseProposal",
    "LeaseSigned",
    "NeedsAssessed",
    "NegotiationStarted",
    "Note",
    "NoticeReceived",
    "Payment",
    "PaymentPlanAgreed",
    "PaymentPlanDefaulted",
    "PersonalDataReopened",
    "PetitionFiled",
    "Referral",
    "ReferralAccepted",
    "ReferralClosed",
    "ReferralDeclined",
    "RehousingApplication",
    "RentDue",
    "apply_fact_corrections",
    "entry_fields",
    "entry_type",
]

#: What an erased personal field reads as after a right-to-erasure request.
ERASED: Final = "[erased]"

#: Forms of address of a case's tenant in letters (``case open --civility``); ``neutral``
#: (the default, and the reading of ledgers written before it existed) names no gender.
CIVILITIES: Final = ("madame", "monsieur", "neutral")

#: Redaction categories (``CLI.md``: consent scopes).
CATEGORIES: Final = ("general", "housing", "health", "finance", "legal")

FieldType: TypeAlias = Literal["date", "amount", "int", "bool", "text", "choice"]


@attrs.frozen
class FieldSpec:
    """
    How one payload field is typed, spelled on the command line and validated.

    ``key`` is the name used in ``--set KEY=VALUE``, in JSON and in storage.
    """

    name: str
    key: str
    type: FieldType
    required: bool
    personal: bool
    choices: tuple[str, ...] = ()
    help: str = ""


# -- field factories ---------------------------------------------------------------------------


def _check_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and not _meta(attribute).get("required", True):
        return
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationError(
            _meta(attribute).get("key", attribute.name), value, "must be a date (YYYY-MM-DD)"
        )


def _meta(attribute: attrs.Attribute[Any]) -> Mapping[str, Any]:
    return attribute.metadata.get("clss", {})  # type: ignore[no-any-return]


def _date_field(*, required: bool = True, key: str | None = None, help: str = "") -> Any:
    meta = {"type": "date", "required": required, "help": help}
    if key:
        meta["key"] = key
    return attrs.field(
        default=None if not required else attrs.NOTHING,
        validator=_check_date,
        metadata={"clss": meta},
    )


def _money_field(
    *, sign: Literal["positive", "nonzero", "nonnegative"] = "positive",
    required: bool = True, key: str = "amount", help: str = "", default: Money | None = None,
) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and not required:
            return
        if not isinstance(value, Money):
            raise ValidationError(key, value, "must be an amount (Money), e.g. 1234,56")
        if sign == "positive" and value.cents <= 0:
            raise ValidationError(key, str(value), "must be greater than zero")
        if sign == "nonzero" and value.cents == 0:
            raise ValidationError(key, str(value), "must not be zero")
        if sign == "nonnegative" and value.cents < 0:
            raise ValidationError(key, str(value), "must not be negative")

    if default is not None:  # an optional amount with a default never holds None
        return attrs.field(
            default=default,
            converter=attrs.converters.default_if_none(default),
            validator=check,
            metadata={"clss": {"type": "amount", "required": False, "key": key, "help": help}},
        )
    return attrs.field(
        default=None if not required else attrs.NOTHING,
        validator=check,
        metadata={"clss": {"type": "amount", "required": required, "key": key, "help": help}},
    )


def _choice_field(
    choices: tuple[str, ...], *, default: str | None = None, key: str | None = None,
    help: str = "",
) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in choices:
            raise ValidationError(
                key or attribute.name, value, f"must be one of: {', '.join(choices)}"
            )

    meta: dict[str, Any] = {
        "type": "choice", "required": default is None, "choices": choices, "help": help,
    }
    if key:
        meta["key"] = key
    return attrs.field(
        default=attrs.NOTHING if default is None else default,
        validator=check,
        metadata={"clss": meta},
    )


def _text_field(
    *, personal: bool = False, required: bool = True, max_length: int = 10_000,
    key: str | None = None, help: str = "",
) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        name = key or attribute.name
        if not isinstance(value, str):
            raise ValidationError(name, None if personal else value, "must be text",
                                  personal=personal)
        if required and not value.strip():
            raise ValidationError(name, None, "must not be empty")
        if len(value) > max_length:
            raise ValidationError(name, None, f"is longer than {max_length} characters",
                                  personal=personal)
        if "\x00" in value:
            raise ValidationError(name, None, "contains a NUL character", personal=personal)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates (e.g. undecodable bytes from argv)
            raise ValidationError(name, None, "is not valid Unicode text") from None

    meta: dict[str, Any] = {
        "type": "text", "required": required, "personal": personal, "help": help,
    }
    if key:
        meta["key"] = key
    return attrs.field(
        default=attrs.NOTHING if required else "", validator=check, metadata={"clss": meta},
    )


def _int_field(*, minimum: int = 1, maximum: int = 10_000, help: str = "") -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) is not int or not minimum <= value <= maximum:
            raise ValidationError(
                attribute.name, value, f"must be a whole number from {minimum} to {maximum}"
            )

    return attrs.field(
        validator=check, metadata={"clss": {"type": "int", "required": True, "help": help}}
    )


def _bool_field(*, default: bool, help: str = "") -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) is not bool:
            raise ValidationError(attribute.name, value, "must be true or false")

    return attrs.field(
        default=default, validator=check,
        metadata={"clss": {"type": "bool", "required": False, "help": help}},
    )


# -- the base record ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Entry:
    """
    Base of every ledger entry.

    Class attributes: ``kind`` (the stable tag), ``category`` (redaction
    category of the facts it carries) and ``is_money``.
    """

    kind: ClassVar[str] = ""
    #: The payload version of this kind: raised by one (with an upcaster in
    #: :data:`clss_housing.ledger.codec.UPCASTERS`) when its stored form changes.
    schema: ClassVar[int] = 1
    category: ClassVar[str] = "general"
    is_money: ClassVar[bool] = False
    title: ClassVar[str] = ""

    date: date = _date_field(help="the day the fact happened")

    @property
    def amount_or_none(self) -> Money | None:
        """The entry's amount, for kinds that have one."""
        value = getattr(self, "amount", None)
        return value if isinstance(value, Money) else None


def _kind(
    kind: str, *, category: str, title: str, money: bool = False,
) -> Callable[[type[Entry]], type[Entry]]:
    def deco(cls: type[Entry]) -> type[Entry]:
        cls.kind = kind
        cls.category = category
        cls.is_money = money
        cls.title = title
        return cls

    return deco


# -- opening ---------------------------------------------------------------------------------


@_kind("case_opened", category="general", title="case opened")
@attrs.frozen(kw_only=True)
class CaseOpened(Entry):
    """The first entry of every case: the household, the landlord and the lease."""

    tenant: str = _text_field(personal=True, max_length=300)
    landlord: str = _text_field(personal=True, max_length=300)
    address: str = _text_field(personal=True, max_length=500)
    rent: Money = _money_field(key="rent", help="monthly rent")
    charges: Money = _money_field(
        key="charges", sign="nonnegative", required=False, help="monthly charges",
        default=Money.ZERO,
    )
    lease_start: date | None = _date_field(required=False, key="lease_start")
    lang: str = _choice_field(("fr", "nl"), default="fr")
    civility: str = _choice_field(CIVILITIES, default="neutral",
                                  help="form of address in letters: madame, monsieur, neutral")


# -- money -----------------------------------------------------------------------------------


@_kind("rent_due", category="finance", title="rent due", money=True)
@attrs.frozen(kw_only=True)
class RentDue(Entry):
    """Rent that fell due on ``date``."""

    amount: Money = _money_field()


@_kind("charges_due", category="finance", title="charges due", money=True)
@attrs.frozen(kw_only=True)
class ChargesDue(Entry):
    """Charges (advance or settlement) that fell due on ``date``."""

    amount: Money = _money_field()


@_kind("payment", category="finance", title="payment", money=True)
@attrs.frozen(kw_only=True)
class Payment(Entry):
    """A payment by the household to the landlord."""

    amount: Money = _money_field()
    reference: str = _text_field(personal=True, required=False, max_length=500)


AID_SOURCES: Final = ("cpas", "fonds_logement", "other")


@_kind("aid_paid", category="finance", title="aid paid", money=True)
@attrs.frozen(kw_only=True)
class AidPaid(Entry):
    """Money paid towards the rent by a third party (CPAS, Fonds du Logement…)."""

    amount: Money = _money_field()
    source: str = _choice_field(AID_SOURCES)


@_kind("adjustment", category="finance", title="adjustment", money=True)
@attrs.frozen(kw_only=True)
class Adjustment(Entry):
    """
    A signed change of what is owed.

    Positive adds to the debt (indexation arrears, a charges settlement),
    negative removes from it (a credit note).
    """

    amount: Money = _money_field(sign="nonzero")
    reason: str = _text_field(personal=True, max_length=1000)


# -- pre-procedure ---------------------------------------------------------------------------


@_kind("notice_received", category="legal", title="formal notice received")
@attrs.frozen(kw_only=True)
class NoticeReceived(Entry):
    """
    The landlord's formal notice (mise en demeure / ingebrekestelling).

    Dated on its day of sending (CBL art. 233quater); ``amount`` is what it claims.
    """

    amount: Money | None = _money_field(required=False, help="amount the notice claims")


@_kind("negotiation_started", category="legal", title="negotiation with the landlord")
@attrs.frozen(kw_only=True)
class NegotiationStarted(Entry):
    """Support worker or tenant opened a negotiation with the landlord."""


@_kind("payment_plan_agreed", category="finance", title="payment plan agreed")
@attrs.frozen(kw_only=True)
class PaymentPlanAgreed(Entry):
    """A payment plan (plan d'apurement): ``count`` instalments, monthly from ``first_due``."""

    instalment: Money = _money_field(key="instalment")
    first_due: date = _date_field(key="first_due")
    count: int = _int_field(minimum=1, maximum=240)


@_kind("payment_plan_defaulted", category="finance", title="payment plan defaulted")
@attrs.frozen(kw_only=True)
class PaymentPlanDefaulted(Entry):
    """The landlord or the worker records that the payment plan is not kept."""


@_kind("arrears_settled", category="finance", title="arrears settled")
@attrs.frozen(kw_only=True)
class ArrearsSettled(Entry):
    """The arrears the landlord claimed were paid off or settled: no court action follows."""


# -- justice of the peace --------------------------------------------------------------------


@_kind("petition_filed", category="legal", title="petition filed")
@attrs.frozen(kw_only=True)
class PetitionFiled(Entry):
    """The landlord's request (requête) to the justice of the peace."""

    eviction: bool = _bool_field(default=True, help="the request asks for eviction")


@_kind("cpas_informed", category="legal", title="CPAS informed")
@attrs.frozen(kw_only=True)
class CpasInformed(Entry):
    """The CPAS was informed of the eviction request (Code judiciaire art. 1344ter)."""


@_kind("cpas_objection", category="legal", title="objection to informing the CPAS")
@attrs.frozen(kw_only=True)
class CpasObjection(Entry):
    """
    The tenant objected to the CPAS being informed of the eviction request.

    Code judiciaire art. 1344ter: in the minutes of a voluntary appearance, or with
    the clerk within two days of the convocation, or with the bailiff within two
    days of service.  Whether this right survives in the Brussels 2023 regime is
    not verified (setting ``cpas_objection_allowed``).
    """


@_kind("conciliation_requested", category="legal", title="conciliation requested")
@attrs.frozen(kw_only=True)
class ConciliationRequested(Entry):
    """Free conciliation asked of the justice of the peace (Code judiciaire art. 731)."""


@_kind("conciliation_outcome", category="legal", title="conciliation outcome")
@attrs.frozen(kw_only=True)
class ConciliationOutcome(Entry):
    """Minutes of agreement or of non-agreement."""

    outcome: str = _choice_field(("agreement", "no_agreement"))


@_kind("hearing_scheduled", category="legal", title="hearing scheduled")
@attrs.frozen(kw_only=True)
class HearingScheduled(Entry):
    """The court set a hearing on ``hearing_date``."""

    hearing_date: date = _date_field(key="hearing_date")


@_kind("hearing_adjourned", category="legal", title="hearing adjourned")
@attrs.frozen(kw_only=True)
class HearingAdjourned(Entry):
    """The hearing was adjourned, to ``hearing_date`` when known."""

    hearing_date: date | None = _date_field(required=False, key="hearing_date")


@_kind("judgment", category="legal", title="judgment")
@attrs.frozen(kw_only=True)
class Judgment(Entry):
    """The judgment, given contradictorily or by default."""

    outcome: str = _choice_field(("eviction", "payment_terms", "dismissed"))
    default: bool = _bool_field(default=False, help="given by default (tenant absent)")


@_kind("judgment_served", category="legal", title="judgment served")
@attrs.frozen(kw_only=True)
class JudgmentServed(Entry):
    """The judgment was served by a bailiff (signification): periods start running."""


@_kind("appeal_filed", category="legal", title="appeal filed")
@attrs.frozen(kw_only=True)
class AppealFiled(Entry):
    """An appeal (Code judiciaire art. 1051) or an opposition (art. 1048) was lodged."""

    remedy: str = _choice_field(("appeal", "opposition"), default="appeal")


@_kind("eviction_scheduled", category="legal", title="eviction scheduled")
@attrs.frozen(kw_only=True)
class EvictionScheduled(Entry):
    """The bailiff's notice (dated ``date``) of the eviction on ``eviction_date``."""

    eviction_date: date = _date_field(key="eviction_date")


@_kind("eviction_carried_out", category="legal", title="eviction carried out")
@attrs.frozen(kw_only=True)
class EvictionCarriedOut(Entry):
    """The eviction took place."""


@_kind("eviction_cancelled", category="legal", title="eviction cancelled")
@attrs.frozen(kw_only=True)
class EvictionCancelled(Entry):
    """The eviction was called off (agreement, payment, decision)."""


# -- partners and consent --------------------------------------------------------------------


@_kind("referral", category="general", title="referral")
@attrs.frozen(kw_only=True)
class Referral(Entry):
    """
    The household was referred to a partner (a registered partner's id, e.g. ``cpas``).

    The referral then waits for the partner's answer: ``referral_accepted`` (the
    partner becomes involved in the case), ``referral_declined`` or, later,
    ``referral_closed``.  ``reason`` was added without a schema change: referrals
    written before read with an empty reason.
    """

    partner: str = _text_field(max_length=100)
    reason: str = _text_field(personal=True, max_length=1000, required=False)


@_kind("referral_accepted", category="general", title="referral accepted")
@attrs.frozen(kw_only=True)
class ReferralAccepted(Entry):
    """``partner`` accepted the referral: it is involved in the case (consent still governs)."""

    partner: str = _text_field(max_length=100)


@_kind("referral_declined", category="general", title="referral declined")
@attrs.frozen(kw_only=True)
class ReferralDeclined(Entry):
    """``partner`` declined the referral, for ``reason``."""

    partner: str = _text_field(max_length=100)
    reason: str = _text_field(personal=True, max_length=1000)


@_kind("referral_closed", category="general", title="referral closed")
@attrs.frozen(kw_only=True)
class ReferralClosed(Entry):
    """``partner``'s follow-up of the referral ended."""

    partner: str = _text_field(max_length=100)


@_kind("consent_given", category="general", title="consent given")
@attrs.frozen(kw_only=True)
class ConsentGiven(Entry):
    """The tenant agrees that ``partner`` sees facts of category ``scope``."""

    partner: str = _text_field(max_length=100)
    scope: str = _choice_field(CATEGORIES)


@_kind("consent_withdrawn", category="general", title="consent withdrawn")
@attrs.frozen(kw_only=True)
class ConsentWithdrawn(Entry):
    """The tenant withdraws a consent given to ``partner`` for ``scope``."""

    partner: str = _text_field(max_length=100)
    scope: str = _choice_field(CATEGORIES)


# -- rehousing -------------------------------------------------------------------------------

HOUSING_CHANNELS: Final = (
    "social_housing", "ais", "fonds_logement", "rent_allowance", "relocation_allowance",
    "private", "emergency", "other",
)


@_kind("needs_assessed", category="housing", title="housing needs assessed")
@attrs.frozen(kw_only=True)
class NeedsAssessed(Entry):
    """The household's housing needs were assessed."""


@_kind("housing_search_started", category="housing", title="housing search started")
@attrs.frozen(kw_only=True)
class HousingSearchStarted(Entry):
    """An active search for housing started."""


@_kind("rehousing_application", category="housing", title="rehousing application")
@attrs.frozen(kw_only=True)
class RehousingApplication(Entry):
    """An application lodged with a social landlord, an AIS, the Fonds du Logement, etc."""

    channel: str = _choice_field(HOUSING_CHANNELS, key="with")


@_kind("housing_offer", category="housing", title="housing offer")
@attrs.frozen(kw_only=True)
class HousingOffer(Entry):
    """A dwelling was offered to the household."""

    channel: str = _choice_field(HOUSING_CHANNELS, default="other", key="with")


@_kind("emergency_housing", category="housing", title="emergency housing")
@attrs.frozen(kw_only=True)
class EmergencyHousing(Entry):
    """The household was placed in emergency or transit housing."""


@_kind("lease_signed", category="housing", title="lease signed")
@attrs.frozen(kw_only=True)
class LeaseSigned(Entry):
    """A lease was signed (a new dwelling, or the outcome of a lease negotiation)."""

    rent: Money | None = _money_field(key="rent", required=False, help="monthly rent")


# -- lease negotiation -----------------------------------------------------------------------

NEGOTIATION_SUBJECTS: Final = ("new_lease", "rent", "plan_terms")


@_kind("lease_proposal", category="housing", title="lease proposal")
@attrs.frozen(kw_only=True)
class LeaseProposal(Entry):
    """A proposal on a new lease, the rent or payment-plan terms."""

    subject: str = _choice_field(NEGOTIATION_SUBJECTS, default="new_lease")


@_kind("lease_counter_proposal", category="housing", title="counter-proposal")
@attrs.frozen(kw_only=True)
class LeaseCounterProposal(Entry):
    """The other side answered with a counter-proposal."""


@_kind("lease_agreement", category="housing", title="agreement reached")
@attrs.frozen(kw_only=True)
class LeaseAgreement(Entry):
    """Both sides agreed on the terms."""


@_kind("lease_negotiation_failed", category="housing", title="negotiation failed")
@attrs.frozen(kw_only=True)
class LeaseNegotiationFailed(Entry):
    """The negotiation ended without agreement."""


# -- lease events that start legal periods ----------------------------------------------------


@_kind("lease_notice", category="housing", title="notice to end the lease")
@attrs.frozen(kw_only=True)
class LeaseNotice(Entry):
    """Notice to end the lease received on ``date`` (CBL; notice runs from the next month)."""

    given_by: str = _choice_field(("tenant", "landlord"), key="by")
    months: int = _int_field(minimum=1, maximum=12, help="length of the notice period")


@_kind("indexation_requested", category="finance", title="indexation requested")
@attrs.frozen(kw_only=True)
class IndexationRequested(Entry):
    """
    The landlord's written indexation request (old Civil Code art. 1728bis).

    It claims the indexed rent from ``from_date`` on.
    """

    from_date: date = _date_field(key="from_date", help="month the indexed rent is claimed from")
    rent: Money | None = _money_field(key="rent", required=False, help="indexed rent asked")


@_kind("keys_returned", category="housing", title="keys returned")
@attrs.frozen(kw_only=True)
class KeysReturned(Entry):
    """The keys were handed back at the end of the lease (starts the guarantee return)."""


# -- area (for anonymised reports) ------------------------------------------------------------

_POSTCODE_RE: Final = re.compile(r"^[1-9][0-9]{3}$")
_AREA_RE: Final = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def _check_postcode(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not _POSTCODE_RE.match(value):
        raise ValidationError("postcode", value, "must be a Belgian postcode of four digits")


def _check_area(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value != "" and (not isinstance(value, str) or not _AREA_RE.match(value)):
        raise ValidationError(
            "neighbourhood", value,
            "must be an area id: lower-case letters, digits, '_' or '-' (e.g. colignon)",
        )


@_kind("area_recorded", category="general", title="area recorded")
@attrs.frozen(kw_only=True)
class AreaRecorded(Entry):
    """
    The household's area, kept apart from the address so that it survives an erasure.

    ``postcode`` (four digits) and, when known, ``neighbourhood`` (an area id
    such as ``colignon``): neither is personal data, and the anonymised
    activity report groups cases by them.
    """

    postcode: str = attrs.field(
        validator=_check_postcode,
        metadata={"clss": {"type": "text", "required": True, "key": "postcode",
                           "help": "four-digit postcode"}},
    )
    neighbourhood: str = attrs.field(
        default="", validator=_check_area,
        metadata={"clss": {"type": "text", "required": False, "key": "neighbourhood",
                           "help": "area id, e.g. colignon or brabant"}},
    )


# -- notes and corrections -------------------------------------------------------------------


@_kind("note", category="general", title="note")
@attrs.frozen(kw_only=True)
class Note(Entry):
    """A free-text note of the worker, with the category that governs who may read it."""

    text: str = _text_field(personal=True, max_length=20_000)
    note_category: str = _choice_field(CATEGORIES, default="general", key="category")


@_kind("correction", category="general", title="correction")
@attrs.frozen(kw_only=True)
class Correction(Entry):
    """Cancels the effect of the entry at sequence ``corrects``; record the right one after."""

    corrects: int = _int_field(minimum=1, maximum=10**9)
    reason: str = _text_field(personal=True, max_length=1000)


@_kind("personal_data_reopened", category="general", title="personal data reopened")
@attrs.frozen(kw_only=True)
class PersonalDataReopened(Entry):
    """
    After an erasure, a new intake or consent opens the case to personal data again.

    Only an erased case can be reopened.  With crypto-shredding the names,
    addresses and free text recorded after it are encrypted with a new case key
    (the erased one stays destroyed).
    """

    basis: str = _choice_field(("intake", "consent"), default="consent",
                               help="what allows recording personal data again: intake, consent")


#: The facts of the opening a :class:`CaseFactsCorrected` may correct, by attribute name.
OPENING_FACTS: Final = ("tenant", "landlord", "address", "rent", "charges", "lease_start")


@_kind("case_facts_corrected", category="general", title="case facts corrected")
@attrs.frozen(kw_only=True)
class CaseFactsCorrected(Entry):
    """
    Corrects facts stated when the case was opened (a typing mistake, a rent misread).

    Each field given replaces the opening's from then on, in every view,
    letter and computation; the fields left empty keep their value.  The
    opening entry itself is never rewritten (the ledger is append-only), and
    names and address go to the personal-data vault like the opening's.
    """

    tenant: str = _text_field(personal=True, required=False, max_length=300)
    landlord: str = _text_field(personal=True, required=False, max_length=300)
    address: str = _text_field(personal=True, required=False, max_length=500)
    rent: Money | None = _money_field(key="rent", required=False, help="monthly rent")
    charges: Money | None = _money_field(
        key="charges", sign="nonnegative", required=False, help="monthly charges",
    )
    lease_start: date | None = _date_field(required=False, key="lease_start")
    reason: str = _text_field(personal=True, max_length=1000)

    def __attrs_post_init__(self) -> None:
        if not self.changes():
            raise ValidationError(
                "case_facts_corrected", None,
                "corrects nothing: give at least one of tenant, landlord, address, rent, "
                "charges, lease_start",
            )

    def changes(self) -> dict[str, Any]:
        """The corrected facts, by attribute name (the empty ones left out)."""
        found: dict[str, Any] = {}
        for name in OPENING_FACTS:
            value = getattr(self, name)
            if value is not None and value != "":
                found[name] = value
        return found


def apply_fact_corrections(opened: CaseOpened, corrections: Iterable[Entry]) -> CaseOpened:
    """``opened`` with the facts of every :class:`CaseFactsCorrected` applied, in order."""
    for entry in corrections:
        if isinstance(entry, CaseFactsCorrected):
            opened = attrs.evolve(opened, **entry.changes())
    return opened


# -- registry helpers ------------------------------------------------------------------------

#: Every entry kind, in ledger-schema order (a new kind is added here).
ALL_ENTRY_TYPES: Final[tuple[type[Entry], ...]] = (
    CaseOpened,
    RentDue,
    ChargesDue,
    Payment,
    AidPaid,
    Adjustment,
    NoticeReceived,
    NegotiationStarted,
    PaymentPlanAgreed,
    PaymentPlanDefaulted,
    ArrearsSettled,
    PetitionFiled,
    CpasInformed,
    CpasObjection,
    ConciliationRequested,
    ConciliationOutcome,
    HearingScheduled,
    HearingAdjourned,
    Judgment,
    JudgmentServed,
    AppealFiled,
    EvictionScheduled,
    EvictionCarriedOut,
    EvictionCancelled,
    Referral,
    ConsentGiven,
    ConsentWithdrawn,
    ReferralAccepted,
    ReferralDeclined,
    ReferralClosed,
    NeedsAssessed,
    HousingSearchStarted,
    RehousingApplication,
    HousingOffer,
    EmergencyHousing,
    LeaseSigned,
    LeaseProposal,
    LeaseCounterProposal,
    LeaseAgreement,
    LeaseNegotiationFailed,
    LeaseNotice,
    IndexationRequested,
    KeysReturned,
    AreaRecorded,
    Note,
    Correction,
    PersonalDataReopened,


    CaseFactsCorrected,
)



def _by_kind(types: tuple[type[Entry], ...]) -> Mapping[str, type[Entry]]:
    found: dict[str, type[Entry]] = {}
    for cls in types:
        if not cls.kind or cls.kind in found:
            raise RuntimeError(f"bad or duplicate entry kind: {cls.kind!r}")
        found[cls.kind] = cls
    return MappingProxyType(found)


#: The entry class of each kind.
ENTRY_TYPES: Final[Mapping[str, type[Entry]]] = _by_kind(ALL_ENTRY_TYPES)
MONEY_KINDS: Final = frozenset(k for k, t in ENTRY_TYPES.items() if t.is_money)

def entry_type(kind: str) -> type[Entry]:
    """
    The entry class for ``kind``.

    Raises:
        ValidationError: for an unknown kind, listing the kinds allowed.
    """
    try:
        return ENTRY_TYPES[kind]
    except KeyError:
        allowed = ", ".join(k for k in ENTRY_TYPES if k != "case_opened")
        raise ValidationError(
            "kind", kind, f"is not a known entry kind; known: {allowed}"
        ) from None


def entry_fields(cls: type[Entry]) -> tuple[FieldSpec, ...]:
    """The payload fields of an entry class (``date`` first), with their CLI spelling."""
    found = _FIELDS.get(cls)
    return found if found is not None else _field_specs(cls)


def _field_specs(cls: type[Entry]) -> tuple[FieldSpec, ...]:
    specs = []
    for a in attrs.fields(cls):
        meta = _meta(a)
        specs.append(
            FieldSpec(
                name=a.name,
                key=meta.get("key", a.name),
                type=meta["type"],
                required=meta.get("required", True),
                personal=meta.get("personal", False),
                choices=tuple(meta.get("choices", ())),
                help=meta.get("help", ""),
            )
        )
    return tuple(specs)


def entry_category(entry: Entry) -> str:
    """The redaction category of an entry (a note's own category, else its kind's)."""
    if isinstance(entry, Note):
        return entry.note_category
    return entry.category


_FIELDS: Final[Mapping[type[Entry], tuple[FieldSpec, ...]]] = MappingProxyType(
    {cls: _field_specs(cls) for cls in ALL_ENTRY_TYPES}
)
