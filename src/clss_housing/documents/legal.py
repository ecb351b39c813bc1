"""The legal computations letters state: notice periods and indemnities.

Indexation dates and the winter moratorium come from the deadline engine
(:func:`clss_housing.deadlines.indexation_earliest_effect`, the judicial
calendar of the settings in force), so that a letter and the deadlines agree.

Every date or amount a letter prints is computed here (or by the deadline
engine and the balance), never in a template, and each function names its
legal basis.  Where a letter's precondition fails, these functions raise
:class:`~clss_housing.errors.ValidationError` naming the fact at fault, so that
a letter is refused rather than written with a false sentence.

    >>> from datetime import date
    >>> notice = tenant_notice("nine_year", date(2025, 3, 1), date(2026, 3, 2))
    >>> notice.months, notice.start, notice.end, notice.indemnity_months
    (3, datetime.date(2026, 4, 1), datetime.date(2026, 6, 30), 2)
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

import attrs

from clss_housing.balance import add_months_clamped
from clss_housing.errors import ValidationError


__all__ = [
    "LEASE_TYPES",
    "NOTICE_GROUNDS",
    "LandlordNotice",
    "TenantNotice",
    "landlord_notice",
    "lease_anniversary",
    "tenant_notice",
]

#: Lease types of a main-residence lease (Brussels Housing Code art. 237-239):
#: ``nine_year`` (the default type), ``long`` (more than nine years, governed like a
#: nine-year lease, art. 239) and ``short`` (six months to three years, art. 238).
LEASE_TYPES: Final = ("nine_year", "long", "short")


def lease_anniversary(lease_start: date, years: int) -> date:
    """The ``years``-th anniversary of the lease's entry into force (29 February -> 28)."""
    return add_months_clamped(lease_start, 12 * years)


@attrs.frozen
class TenantNotice:
    """
    A tenant's notice (congé) as the Brussels Housing Code fixes it.

    Attributes:
        months: the notice period (3, or 1 for a counter-notice).
        start: first day of the month after the month the notice is received.
        end: last day of the notice period (the lease ends that day).
        indemnity_months: months of rent owed to the landlord (0: none).
        counter_notice: a counter-notice after the landlord's notice (art. 237 §5, 238).
        basis: the articles applied.
    """

    months: int
    start: date
    end: date
    indemnity_months: int
    counter_notice: bool
    basis: str


def tenant_notice(
    lease_type: str,
    lease_start: date | None,
    received: date,
    *,
    landlord_notice: date | None = None,
) -> TenantNotice:
    """
    The tenant's notice period and indemnity for a notice received on ``received``.

    Rules (Brussels Housing Code; notice starts on the first day of the month after
    the month it is received):

    * after a landlord's notice (``landlord_notice``), the tenant may leave at any time
      with a one-month counter-notice, without indemnity (art. 237 §5 for nine-year and
      long leases, art. 238 for short leases);
    * nine-year and long lease (art. 237 §5, art. 239): three months' notice at any time;
      indemnity of three, two or one month(s) of rent when the lease ends during its
      first, second or third year;
    * short lease of six months to three years (art. 238): three months' notice at any
      time and an indemnity of one month of rent.

    Raises:
        ValidationError: unknown ``lease_type``, or a nine-year or long lease without
            ``lease_start`` (the indemnity depends on it).
    """
    if lease_type not in LEASE_TYPES:
        raise ValidationError("set.lease_type", lease_type,
                              f"must be one of: {', '.join(LEASE_TYPES)}")
    start = add_months_clamped(received.replace(day=1), 1)
    counter = landlord_notice is not None and landlord_notice <= received
    months = 1 if counter else 3
    end = add_months_clamped(start, months) - timedelta(days=1)
    article = "238" if lease_type == "short" else "237 §5"
    if counter:
        return TenantNotice(months, start, end, 0, True, article)
    if lease_type == "short":
        return TenantNotice(months, start, end, 1, False, article)
    if lease_start is None:
        raise ValidationError("lease_start", None,
                              "is needed to compute the indemnity of a nine-year or long "
                              "lease (art. 237 §5); record it with case open --lease-start")
    indemnity = 0
    for year, owed in ((1, 3), (2, 2), (3, 1)):
        if end < lease_anniversary(lease_start, year):
            indemnity = owed
            break
    return TenantNotice(months, start, end, indemnity, False, article)


#: Grounds of a landlord's notice of a main-residence lease.
NOTICE_GROUNDS: Final = ("end_of_term", "personal_occupation", "works", "no_reason")


@attrs.frozen
class LandlordNotice:
    """
    A landlord's notice (congé) checked against the Brussels Housing Code.

    Attributes:
        required_months: the notice the law requires (6 for a nine-year or long lease,
            3 for a short lease).
        given_months: the notice the landlord gave.
        start, end: the notice period, from the first day of the month after the notice
            was received, for the longer of the notice given and the notice required.
        defects: what makes the notice irregular, as keys (``too_short``,
            ``ground_not_allowed``, ``within_first_year``).
        landlord_indemnity_months: months of rent the landlord owes the tenant (0: none).
    """

    required_months: int
    given_months: int
    start: date
    end: date
    defects: tuple[str, ...]
    landlord_indemnity_months: int


def landlord_notice(
    lease_type: str, ground: str, received: date, given_months: int,
    lease_start: date | None = None,
) -> LandlordNotice:
    """
    Check a landlord's notice received on ``received`` (Brussels Housing Code art. 237-239).

    * nine-year and long lease: six months' notice, at the end of the term (no reason),
      at any time for personal occupation, at the end of a triennium for works or,
      without reason, at the end of the first or second triennium with an indemnity of
      nine or six months of rent;
    * short lease: three months' notice, at the term, or before it only for personal
      occupation, expiring after the first year, with one month of rent as indemnity.

    The notice runs from the first day of the month after it was received.  The end of
    a triennium is not checked (the lease's exact terms are not recorded); the indemnity
    of a notice without reason is then given for the triennium the notice ends in.

    Raises:
        ValidationError: unknown ``lease_type`` or ``ground``.
    """
    if lease_type not in LEASE_TYPES:
        raise ValidationError("set.lease_type", lease_type,
                              f"must be one of: {', '.join(LEASE_TYPES)}")
    if ground not in NOTICE_GROUNDS:
        raise ValidationError("set.notice_ground", ground,
                              f"must be one of: {', '.join(NOTICE_GROUNDS)}")
    required = 3 if lease_type == "short" else 6
    start = add_months_clamped(received.replace(day=1), 1)
    end = add_months_clamped(start, max(required, given_months)) - timedelta(days=1)
    defects: list[str] = []
    if given_months < required:
        defects.append("too_short")
    indemnity = 0
    if lease_type == "short":
        if ground in ("works", "no_reason"):
            defects.append("ground_not_allowed")
        if ground == "personal_occupation":
            indemnity = 1
            if lease_start is not None and end < lease_anniversary(lease_start, 1):
                defects.append("within_first_year")
    elif ground == "no_reason" and lease_start is not None:
        if end <= lease_anniversary(lease_start, 3):
            indemnity = 9
        elif end <= lease_anniversary(lease_start, 6):
            indemnity = 6
        else:  # after the second triennium only at the end of the term
            defects.append("ground_not_allowed")
    return LandlordNotice(required, given_months, start, end, tuple(defects), indemnity)
