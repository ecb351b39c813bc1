"""
Shared hypothesis strategies for ledger entries and case histories.

One strategy per entry kind lives in :data:`ENTRY_STRATEGIES` (keyed by the
entry class); ``tests/ledger/test_entries.py`` asserts that every class of
``ENTRY_TYPES`` has one, so a new kind cannot be forgotten here.  Text
strategies mix accents, Arabic, emoji and the characters that break markup
(``&<>"'``) on purpose.

Helpers that are not strategies but that several test modules need (turning
an entry list into a stored hash chain without going through the casebook's
checks) live at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

import attrs
from hypothesis import strategies as st

from clss_housing.ledger.codec import GENESIS_HASH, PersonalRow, StoredRow, encode_entry
from clss_housing.ledger.entries import (
    ENTRY_TYPES,
    MONEY_KINDS,
    Adjustment,
    AidPaid,
    AppealFiled,
    AreaRecorded,
    ArrearsSettled,
    CaseFactsCorrected,
    CaseOpened,
    ChargesDue,
    ConciliationOutcome,
    ConciliationRequested,
    ConsentGiven,
    ConsentWithdrawn,
    Correction,
    CpasInformed,
    CpasObjection,
    EmergencyHousing,
    Entry,
    EvictionCancelled,
    EvictionCarriedOut,
    EvictionScheduled,
    HearingAdjourned,
    HearingScheduled,
    HousingOffer,
    HousingSearchStarted,
    IndexationRequested,
    Judgment,
    JudgmentServed,
    KeysReturned,
    LeaseAgreement,
    LeaseCounterProposal,
    LeaseNegotiationFailed,
    LeaseNotice,
    LeaseProposal,
    LeaseSigned,
    NeedsAssessed,
    NegotiationStarted,
    Note,
    NoticeReceived,
    Payment,
    PaymentPlanAgreed,
    PaymentPlanDefaulted,
    PersonalDataReopened,
    PetitionFiled,
    Referral,
    ReferralAccepted,
    ReferralClosed,
    ReferralDeclined,
    RehousingApplication,
    RentDue,
    entry_fields,
)
from clss_housing.money import Money


__all__ = [
    "ENTRY_STRATEGIES",
    "LEDGER_KINDS",
    "NASTY_TOKENS",
    "RECORDABLE_KINDS",
    "amounts",
    "any_entry",
    "case_histories",
    "case_ids",
    "case_opened",
    "choice_of",
    "days",
    "encode_history",
    "entries_of",
    "moments",
    "money_entries",
    "optional_text",
    "positive_amounts",
    "signed_amounts",
    "text",
]

#: Pieces of text that break naive escaping, encodings or truncation.
NASTY_TOKENS: Final = (
    "&", "<", ">", '"', "'", "<b>&amp;</b>", "é", "è", "ç", "à", "ü", "ß", "œ", "Ø", "Ñ",
    "Émilie", "Gödel", "Bruxelles-Ville", "Molenbeek-Saint-Jean", "Schaerbeek/Schaarbeek",
    "مرحبا", "محمد", "شارع", "😀", "🏠", "👩‍👧‍👦", "🇧🇪", "€", "\u00a0", "\u202f", "\t", " ",
    "Ōsaka", "Zoë", "\u0301", "\u200f",
)

#: Kinds whose entries any case accepts whatever its workflow state (money facts, notes,
#: corrections): use these when a test records through a :class:`Casebook`, whose
#: workflow checks may refuse procedure entries out of order.
LEDGER_KINDS: Final = (*sorted(MONEY_KINDS), "note", "correction")

_MIN_DAY: Final = date(2015, 1, 1)
_MAX_DAY: Final = date(2035, 12, 31)


# -- scalars ----------------------------------------------------------------------------------


def text(*, min_size: int = 1, max_size: int = 12, required: bool = True) -> st.SearchStrategy[str]:
    """
    Unicode text built from nasty tokens and any encodable character except NUL.

    With ``required`` the text has a non-blank character (what required fields demand).
    """
    piece = st.one_of(
        st.sampled_from(NASTY_TOKENS),
        st.characters(codec="utf-8", exclude_characters="\x00"),
    )
    result = st.lists(piece, min_size=min_size, max_size=max_size).map("".join)
    if required:
        return result.filter(lambda s: bool(s.strip()))
    return result


def optional_text() -> st.SearchStrategy[str]:
    """Text for optional fields: empty or not."""
    return st.one_of(st.just(""), text(required=False))


def days(min_value: date = _MIN_DAY, max_value: date = _MAX_DAY) -> st.SearchStrategy[date]:
    """Calendar days (never datetimes)."""
    return st.dates(min_value=min_value, max_value=max_value)


def moments() -> st.SearchStrategy[datetime]:
    """Timezone-aware UTC moments, as a casebook's clock gives them."""
    return st.datetimes(
        min_value=datetime(2015, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
    )


def amounts(min_cents: int = 0, max_cents: int = 10_000_000) -> st.SearchStrategy[Money]:
    """Amounts from ``min_cents`` to ``max_cents``."""
    return st.integers(min_cents, max_cents).map(Money)


def positive_amounts(max_cents: int = 10_000_000) -> st.SearchStrategy[Money]:
    """Amounts above zero."""
    return amounts(1, max_cents)


def signed_amounts(max_cents: int = 1_000_000) -> st.SearchStrategy[Money]:
    """Non-zero amounts of either sign (adjustments)."""
    return st.integers(-max_cents, max_cents).filter(bool).map(Money)


def case_ids() -> st.SearchStrategy[str]:
    """Well-formed case ids."""
    return st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True)


def choice_of(cls: type[Entry], name: str) -> st.SearchStrategy[str]:
    """One of the choices the field ``name`` of ``cls`` allows."""
    for spec in entry_fields(cls):
        if spec.name == name:
            return st.sampled_from(spec.choices)
    raise KeyError(f"{cls.__name__} has no field {name!r}")


# -- one strategy per entry kind ---------------------------------------------------------------


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def case_opened() -> st.SearchStrategy[CaseOpened]:
    """Any valid opening entry."""
    return st.builds(
        CaseOpened,
        date=days(),
        tenant=text(),
        landlord=text(),
        address=text(max_size=20),
        rent=positive_amounts(500_000),
        charges=st.one_of(st.none(), amounts(0, 50_000)),
        lease_start=_optional(days()),
        lang=choice_of(CaseOpened, "lang"),
    )


def _bare(cls: type[Entry]) -> st.SearchStrategy[Entry]:
    return st.builds(cls, date=days())


ENTRY_STRATEGIES: Final[dict[type[Entry], st.SearchStrategy[Any]]] = {
    CaseOpened: case_opened(),
    # money
    RentDue: st.builds(RentDue, date=days(), amount=positive_amounts()),
    ChargesDue: st.builds(ChargesDue, date=days(), amount=positive_amounts()),
    Payment: st.builds(Payment, date=days(), amount=positive_amounts(), reference=optional_text()),
    AidPaid: st.builds(
        AidPaid, date=days(), amount=positive_amounts(), source=choice_of(AidPaid, "source")
    ),
    Adjustment: st.builds(Adjustment, date=days(), amount=signed_amounts(), reason=text()),
    # pre-procedure
    NoticeReceived: st.builds(NoticeReceived, date=days(), amount=_optional(positive_amounts())),
    NegotiationStarted: _bare(NegotiationStarted),
    PaymentPlanAgreed: st.builds(
        PaymentPlanAgreed,
        date=days(),
        instalment=positive_amounts(200_000),
        first_due=days(),
        count=st.integers(1, 240),
    ),
    PaymentPlanDefaulted: _bare(PaymentPlanDefaulted),
    ArrearsSettled: _bare(ArrearsSettled),
    # justice of the peace
    PetitionFiled: st.builds(PetitionFiled, date=days(), eviction=st.booleans()),
    CpasInformed: _bare(CpasInformed),
    CpasObjection: _bare(CpasObjection),
    ConciliationRequested: _bare(ConciliationRequested),
    ConciliationOutcome: st.builds(
        ConciliationOutcome, date=days(), outcome=choice_of(ConciliationOutcome, "outcome")
    ),
    HearingScheduled: st.builds(HearingScheduled, date=days(), hearing_date=days()),
    HearingAdjourned: st.builds(HearingAdjourned, date=days(), hearing_date=_optional(days())),
    Judgment: st.builds(
        Judgment, date=days(), outcome=choice_of(Judgment, "outcome"), default=st.booleans()
    ),
    JudgmentServed: _bare(JudgmentServed),
    AppealFiled: st.builds(AppealFiled, date=days(), remedy=choice_of(AppealFiled, "remedy")),
    EvictionScheduled: st.builds(EvictionScheduled, date=days(), eviction_date=days()),
    EvictionCarriedOut: _bare(EvictionCarriedOut),
    EvictionCancelled: _bare(EvictionCancelled),
    # partners and consent
    Referral: st.builds(Referral, date=days(), partner=text(max_size=4)),
    ReferralAccepted: st.builds(ReferralAccepted, date=days(), partner=text(max_size=4)),
    ReferralDeclined: st.builds(ReferralDeclined, date=days(), partner=text(max_size=4),
                                reason=text(max_size=8)),
    ReferralClosed: st.builds(ReferralClosed, date=days(), partner=text(max_size=4)),
    ConsentGiven: st.builds(
        ConsentGiven, date=days(), partner=text(max_size=4), scope=choice_of(ConsentGiven, "scope")
    ),
    ConsentWithdrawn: st.builds(
        ConsentWithdrawn,
        date=days(),
        partner=text(max_size=4),
        scope=choice_of(ConsentWithdrawn, "scope"),
    ),
    # rehousing
    NeedsAssessed: _bare(NeedsAssessed),
    HousingSearchStarted: _bare(HousingSearchStarted),
    RehousingApplication: st.builds(
        RehousingApplication, date=days(), channel=choice_of(RehousingApplication, "channel")
    ),
    HousingOffer: st.builds(
        HousingOffer, date=days(), channel=choice_of(HousingOffer, "channel")
    ),
    EmergencyHousing: _bare(EmergencyHousing),
    LeaseSigned: st.builds(LeaseSigned, date=days(), rent=_optional(positive_amounts(500_000))),
    # lease negotiation
    LeaseProposal: st.builds(
        LeaseProposal, date=days(), subject=choice_of(LeaseProposal, "subject")
    ),
    LeaseCounterProposal: _bare(LeaseCounterProposal),
    LeaseAgreement: _bare(LeaseAgreement),
    LeaseNegotiationFailed: _bare(LeaseNegotiationFailed),
    # lease events
    LeaseNotice: st.builds(
        LeaseNotice,
        date=days(),
        given_by=choice_of(LeaseNotice, "given_by"),
        months=st.integers(1, 12),
    ),
    IndexationRequested: st.builds(
        IndexationRequested,
        date=days(),
        from_date=days(),
        rent=_optional(positive_amounts(500_000)),
    ),
    KeysReturned: _bare(KeysReturned),
    AreaRecorded: st.builds(
        AreaRecorded, date=days(), postcode=st.from_regex(r"\A[1-9][0-9]{3}\Z"),
        neighbourhood=st.sampled_from(("", "colignon", "brabant")),
    ),
    # notes and corrections
    Note: st.builds(
        Note, date=days(), text=text(max_size=30), note_category=choice_of(Note, "note_category")
    ),
    Correction: st.builds(
        Correction, date=days(), corrects=st.integers(1, 10**9), reason=text()
    ),
    PersonalDataReopened: st.builds(
        PersonalDataReopened, date=days(), basis=choice_of(PersonalDataReopened, "basis")
    ),
    # at least the rent is corrected (an entry correcting nothing is refused)
    CaseFactsCorrected: st.builds(
        CaseFactsCorrected, date=days(), reason=text(),
        tenant=st.one_of(st.just(""), text()), landlord=st.one_of(st.just(""), text()),
        address=st.one_of(st.just(""), text(max_size=20)),
        rent=positive_amounts(500_000), charges=_optional(amounts(0, 50_000)),
        lease_start=_optional(days()),
    ),
}


#: Every kind a case can hold after its opening (that has a strategy).
#: (``personal_data_reopened`` is recorded only after an erasure, so it is left out.)
RECORDABLE_KINDS: Final = tuple(
    c.kind for c in ENTRY_STRATEGIES if c.kind not in ("case_opened", "personal_data_reopened")
)


def entries_of(*kinds: str) -> st.SearchStrategy[Entry]:
    """
    Entries of the given kinds (every kind that has a strategy when none is given).

    A kind without a strategy is left out of the default so that only the
    coverage test fails when a new kind is added to the ledger.
    """
    if not kinds:
        return st.one_of(list(ENTRY_STRATEGIES.values()))
    return st.one_of([ENTRY_STRATEGIES[ENTRY_TYPES[k]] for k in kinds])


def any_entry() -> st.SearchStrategy[Entry]:
    """An entry of any kind, the opening included."""
    return entries_of()


def money_entries() -> st.SearchStrategy[Entry]:
    """Rent, charges, payments, aid and adjustments."""
    return entries_of(*sorted(MONEY_KINDS))


# -- case histories ---------------------------------------------------------------------------


@st.composite
def case_histories(
    draw: st.DrawFn,
    *,
    kinds: Collection[str] = RECORDABLE_KINDS,
    min_size: int = 0,
    max_size: int = 12,
) -> tuple[CaseOpened, list[Entry]]:
    """
    An opening entry followed by entries a casebook accepts in that order.

    Dates mostly go forward (an entry may be dated a few days before the
    previous one, never before the opening).  Corrections, when allowed,
    name an earlier entry that is neither the opening, a correction nor
    already corrected; when none exists another kind is drawn instead.
    """
    opened = draw(case_opened())
    kinds = tuple(kinds)
    count = draw(st.integers(min_size, max_size))
    entries: list[Entry] = []
    correctable: list[int] = []  # sequences (the opening is 1)
    day = opened.date
    plain_kinds = tuple(k for k in kinds if k not in ("correction", "case_opened"))
    while len(entries) < count:
        kind = draw(st.sampled_from(kinds))
        day = max(opened.date, day + timedelta(days=draw(st.integers(-3, 40))))
        sequence = len(entries) + 2
        if kind == "correction":
            if not correctable:
                if not plain_kinds:
                    break
                kind = draw(st.sampled_from(plain_kinds))
            else:
                target = draw(st.sampled_from(correctable))
                correctable.remove(target)
                entries.append(Correction(date=day, corrects=target, reason=draw(text())))
                continue
        entry = attrs.evolve(draw(ENTRY_STRATEGIES[ENTRY_TYPES[kind]]), date=day)
        if isinstance(entry, PaymentPlanAgreed):
            entry = attrs.evolve(entry, first_due=day + timedelta(days=draw(st.integers(0, 45))))
        entries.append(entry)
        correctable.append(sequence)
    return opened, entries


# -- helpers ----------------------------------------------------------------------------------


def encode_history(
    case_id: str,
    entries: Sequence[Entry],
    clock: Callable[[int], datetime] | None = None,
) -> tuple[list[StoredRow], list[PersonalRow]]:
    """
    The stored rows and vault rows of a whole case, chained from the genesis hash.

    No casebook check runs: the rows are what a store would hold, so tests of
    integrity and replay can write them straight to a store.  ``clock(sequence)``
    gives each ``recorded_at`` (one minute apart from 2026-01-01 by default).
    """
    start = datetime(2026, 1, 1, tzinfo=UTC)
    tick = clock or (lambda sequence: start + timedelta(minutes=sequence))
    rows: list[StoredRow] = []
    personal: list[PersonalRow] = []
    prev = GENESIS_HASH
    for sequence, entry in enumerate(entries, start=1):
        row, vault, _ = encode_entry(case_id, sequence, entry, prev, tick(sequence))
        rows.append(row)
        personal.extend(vault)
        prev = row.hash
    return rows, personal
