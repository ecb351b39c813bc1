"""
Bounds on what one ledger entry may say, checked on every write.

The command line, the importers and the API all end in
:meth:`~clss_housing.casebook.Casebook.append`, which refuses an entry whose
amounts or dates lie outside these bounds, so no caller can store a value
that later breaks a computation (a balance, a deadline, a table):

* amounts: at most :data:`~clss_housing.money.MAX_ENTRY_AMOUNT` (1 000 000,00 €)
  either way per entry;
* dates: from :data:`MIN_DATE` (1900-01-01) to :data:`MAX_DATE` (2199-12-31),
  leaving room for every deadline computed from a date (years later at most)
  to stay a valid calendar date.

Ledgers written before these bounds existed may hold values beyond them; they
are still read (computations are exact for any size) and ``case verify``
lists them as warnings.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from clss_housing.errors import ValidationError
from clss_housing.ledger.entries import Entry, entry_fields
from clss_housing.money import MAX_ENTRY_AMOUNT, Money, check_entry_amount


__all__ = [
    "DATE_FORMS",
    "MAX_DATE",
    "MIN_DATE",
    "check_date",
    "check_entry",
    "entry_out_of_bounds",
    "read_date",
]

#: The date forms accepted everywhere a person types a date (``case record --date``,
#: ``--set``, imported files, letter facts): ISO, and day first as Belgians write it.
DATE_FORMS: Final = "YYYY-MM-DD or DD/MM/YYYY (also DD.MM.YYYY, DD-MM-YYYY)"

_ISO: Final = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
_DAY_FIRST: Final = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$", re.ASCII)


def read_date(text: str) -> date | None:
    """
    Read a date typed by a person: ``YYYY-MM-DD``, or day first ``DD/MM/YYYY``.

    The day-first form also takes ``.`` or ``-`` as separator and one-digit
    days and months (``1/2/2026`` is 1 February 2026, never 2 January).  The
    one parser of dates shared by ``case record``, ``--set``, the importers and
    the letters' facts.

    Returns:
        The date, or ``None`` when ``text`` is not a date in one of these forms
        (the caller names the field in its own error).  The range is not
        checked here (see :func:`check_date`).
    """
    value = text.strip()
    iso = _ISO.match(value)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        first = _DAY_FIRST.match(value)
        if first is None:
            return None
        day, month, year = int(first[1]), int(first[3]), int(first[4])
    try:
        return date(year, month, day)
    except ValueError:
        return None

#: The earliest date an entry (or a command-line date) may carry.
MIN_DATE: Final = date(1900, 1, 1)
#: The latest date an entry (or a command-line date) may carry.
MAX_DATE: Final = date(2199, 12, 31)


def check_date(value: date, field: str = "date") -> date:
    """
    Refuse a date before :data:`MIN_DATE` or after :data:`MAX_DATE`.

    Raises:
        ValidationError: naming ``field`` and the allowed range.
    """
    if not MIN_DATE <= value <= MAX_DATE:
        raise ValidationError(
            field, value.isoformat(),
            f"is out of range; dates from {MIN_DATE.isoformat()} to {MAX_DATE.isoformat()} "
            "are accepted",
        )
    return value


def check_entry(entry: Entry, *, maximum: int = MAX_ENTRY_AMOUNT) -> None:
    """
    Refuse an entry with an amount or a date beyond the bounds.

    Raises:
        ValidationError: naming the field at fault and the allowed range.
    """
    for spec in entry_fields(type(entry)):
        value = getattr(entry, spec.name, None)
        if isinstance(value, Money):
            check_entry_amount(value, spec.key, maximum=maximum)
        elif isinstance(value, date):
            check_date(value, spec.key)


def entry_out_of_bounds(entry: Entry, *, maximum: int = MAX_ENTRY_AMOUNT) -> str | None:
    """Say which field of a stored entry lies beyond the bounds, or ``None``."""
    try:
        check_entry(entry, maximum=maximum)
    except ValidationError as exc:
        return exc.field
    return None
