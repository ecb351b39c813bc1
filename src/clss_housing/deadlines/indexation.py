"""
Rent indexation: the earliest day an indexed rent can be due (rule R19).

Old Civil Code art. 1728bis, as taken over for Brussels leases by the Brussels
Housing Code art. 224/2 (source: Bruxelles Logement, "Indexation des loyers",
https://logement.brussels/louer/bail/indexation-des-loyers/): the landlord must
ask for the indexation in writing; the indexed rent is due

1. at the earliest from the **anniversary** of the lease's entry into force (no
   indexation during the first year), and
2. at most for the **three months before the month of the request** (the
   request of 10 September reaches back to 1 June at the earliest).

Both limits apply: the earliest day is the later of the two.  One function,
:func:`indexation_earliest_effect`, is used by the ``indexation`` rule, the
``indexation_too_far_back`` irregularity and the L11 letter.

Example::

    >>> from datetime import date
    >>> indexation_earliest_effect(date(2020, 3, 1), date(2026, 9, 10))
    datetime.date(2026, 6, 1)
    >>> indexation_earliest_effect(date(2026, 3, 1), date(2026, 12, 15))  # first year
    datetime.date(2027, 3, 1)
"""

from __future__ import annotations

import calendar as stdlib_calendar
from datetime import date, datetime
from typing import TYPE_CHECKING

from clss_housing.errors import ValidationError


if TYPE_CHECKING:
    from clss_housing.deadlines.rules import DeadlineSettings


__all__ = ["first_anniversary", "indexation_earliest_effect", "retroactivity_limit"]


def _plain_date(value: object, name: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValidationError(name, value, "must be a date (YYYY-MM-DD)")
    return value


def first_anniversary(lease_start: date) -> date:
    """
    Return the first anniversary of a lease that entered into force on *lease_start*.

    A lease starting on 29 February has its anniversary on 1 March in a common
    year (the year has not run before then).
    """
    lease_start = _plain_date(lease_start, "lease_start")
    year = lease_start.year + 1
    if lease_start.month == 2 and lease_start.day == 29 and not stdlib_calendar.isleap(year):
        return date(year, 3, 1)
    return date(year, lease_start.month, lease_start.day)


def retroactivity_limit(request_date: date, months: int = 3) -> date:
    """Return the first day of the *months*-th month before the month of *request_date*."""
    request_date = _plain_date(request_date, "request_date")
    if isinstance(months, bool) or not isinstance(months, int) or months < 0:
        raise ValidationError("months", months, "must be a whole number ≥ 0")
    years, month = divmod(request_date.month - 1 - months, 12)
    return date(request_date.year + years, month + 1, 1)


def indexation_earliest_effect(
    lease_start: date | None,
    request_date: date,
    *,
    settings: DeadlineSettings | None = None,
) -> date:
    """
    Return the earliest day from which an indexed rent asked on *request_date* is due.

    The later of (1) the lease's first anniversary and (2) the first day of the
    month three months before the month of the written request (old Civil Code
    art. 1728bis; Brussels Housing Code art. 224/2).  With *lease_start* unknown
    (``None``) only the second limit can be applied: say so to the user.

    .. versionadded:: 0.2.0

    Args:
        lease_start: The day the lease entered into force (the case's lease start).
        request_date: The day of the landlord's written request.
        settings: The deadline settings; ``indexation_retroactive_months``
            (3 by default) is the number of months.

    Raises:
        ValidationError: a date is not a date, or the request is before the lease start.

    """
    months = 3 if settings is None else settings.indexation_retroactive_months
    limit = retroactivity_limit(request_date, months)
    if lease_start is None:
        return limit
    lease_start = _plain_date(lease_start, "lease_start")
    if request_date < lease_start:
        raise ValidationError("request_date", request_date, "must not be before the lease start")
    return max(limit, first_anniversary(lease_start))
