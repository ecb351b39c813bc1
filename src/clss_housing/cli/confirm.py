"""
Dates that are probably typing mistakes: asked about before anything is written.

A date before 2000 or more than a year after today is allowed (old leases,
hearings fixed far ahead) but is more often a slip (``2036`` for ``2026``).
The command shows it and asks; ``--yes`` confirms in scripts; without a
terminal and without ``--yes`` the command is refused (exit 1) and says so.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Final

import click

from clss_housing.cli.messages import message
from clss_housing.errors import ValidationError
from clss_housing.ledger.entries import Entry, entry_fields


__all__ = ["EARLIEST_LIKELY", "confirm_dates", "entry_dates", "unlikely"]

#: Dates before this day are asked about.
EARLIEST_LIKELY: Final = date(2000, 1, 1)


def _year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day + timedelta(days=365)


def unlikely(day: date, today: date) -> bool:
    """Whether ``day`` is before 2000 or more than a year after ``today``."""
    return day < EARLIEST_LIKELY or day > _year_after(today)


def entry_dates(entry: Entry) -> list[tuple[str, date]]:
    """Every date an entry carries, with its field name (``date``, ``hearing_date``…)."""
    found: list[tuple[str, date]] = []
    for spec in entry_fields(type(entry)):
        value = getattr(entry, spec.name, None)
        if spec.type == "date" and isinstance(value, date):
            found.append((spec.key, value))
    return found


def _interactive() -> bool:
    return sys.stdin.isatty()


def confirm_dates(found: Sequence[tuple[str, date]], *, yes: bool, today: date) -> None:
    """
    Ask about the unlikely dates among ``found`` (field, date); refuse without an answer.

    Raises:
        ValidationError: an unlikely date, no ``--yes`` and no terminal to ask,
            or the person answered no; nothing has been written.
    """
    odd = [(field, day) for field, day in found if unlikely(day, today)]
    if not odd:
        return
    listed = ", ".join(f"{field} {day.isoformat()}" for field, day in odd)
    field, day = odd[0]
    if yes:
        click.echo(message("date.unlikely_kept", dates=listed), err=True)
        return
    if not _interactive():
        raise ValidationError(field, day.isoformat(), message("date.unlikely_needs_yes"))
    if not click.confirm(message("date.unlikely_prompt", dates=listed), default=False, err=True):
        raise ValidationError(field, day.isoformat(), message("date.unlikely_declined"))
