"""The judicial calendar: Belgian legal holidays, working days and procedural delays.

Counting follows the Code judiciaire / Gerechtelijk Wetboek (C.j. / Ger.W.):

- art. 52: a delay runs from the day after the trigger; every calendar day counts;
- art. 53: the last day is included, and moves off a Saturday, Sunday or legal holiday;
- art. 54: delays in months run *de quantième à veille de quantième*, counted
  from the day after the act (the *dies a quo*);
- art. 47: no execution on a Saturday, Sunday or legal holiday;
- art. 50 al. 2: appeal delays starting and ending in July–August end on 15 September;
- art. 53bis: when a notification sent by post is deemed to be received;

and the Brussels winter moratorium on evictions (CBL art. 233duodecies).

Example::

    >>> from datetime import date
    >>> from clss_housing.deadlines.calendar import JudicialCalendar
    >>> cal = JudicialCalendar()
    >>> cal.add_months(date(2019, 9, 23), 1)  # judgment served 23 Sept 2019
    datetime.date(2019, 10, 23)
    >>> cal.add_months(date(2026, 9, 30), 1, shift=False)  # starts 1 Oct: ends 31 Oct
    datetime.date(2026, 10, 31)
    >>> cal.appeal_deadline(date(2026, 6, 30))  # starts and ends in the holidays
    datetime.date(2026, 9, 15)

Legal holidays come from the ``holidays`` library, filtered to the ten legal ones
(see :func:`belgian_legal_holidays`).
"""

from __future__ import annotations

import calendar as stdlib_calendar
import functools
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, Literal, TypeAlias, get_args

import attrs
import holidays
from attrs.validators import in_, instance_of

from clss_housing.errors import ValidationError


if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping


__all__ = ["DeliveryMethod", "JudicialCalendar", "MonthDay", "MonthEnd", "belgian_legal_holidays"]

MonthEnd: TypeAlias = Literal["last_day", "next_month_first"]
"""How :meth:`JudicialCalendar.add_months` treats a day missing in the target month."""

DeliveryMethod: TypeAlias = Literal["registered", "ordinary", "registered_ar", "judicial_letter"]
"""How a notification was sent, for :meth:`JudicialCalendar.deemed_received`."""

MonthDay: TypeAlias = tuple[int, int]
"""A ``(month, day)`` pair that recurs every year, e.g. ``(11, 1)`` for 1 November."""

_ONE_DAY: Final = timedelta(days=1)
# 1 Jan, 1 May, 21 July, 15 Aug, 1 Nov, 11 Nov, 25 Dec, as (month, day).
_FIXED_LEGAL_HOLIDAYS: Final = ((1, 1), (5, 1), (7, 21), (8, 15), (11, 1), (11, 11), (12, 25))
# Easter Monday, Ascension Day, Whit Monday, in days after Easter Sunday.
_EASTER_OFFSETS: Final = (1, 39, 50)
_POSTAL_METHODS: Final = ("registered", "ordinary")
_PRESENTED_METHODS: Final = ("registered_ar", "judicial_letter")


def _easter_sunday(year: int) -> date:
    """Return Easter Sunday of *year* (for Easter Monday, Ascension, Whit Monday; C.j. art. 53)."""
    a, b, c = year % 19, year // 100, year % 100
    h = (19 * a + b - b // 4 - (b - (b + 8) // 25 + 1) // 3 + 15) % 30
    weekday_fix = (32 + 2 * (b % 4) + 2 * (c // 4) - h - c % 4) % 7
    m = (a + 11 * h + 22 * weekday_fix) // 451
    month, day = divmod(h + weekday_fix - 7 * m + 114, 31)
    return date(year, month, day + 1)


@functools.cache
def belgian_legal_holidays(year: int) -> Mapping[date, str]:
    """Return the ten Belgian legal holidays of *year*, as a read-only date → name map.

    These "jours fériés légaux" move the last day of a delay (C.j. art. 53): 1 Jan,
    Easter Monday, 1 May, Ascension, Whit Monday, 21 July, 15 Aug, 1 Nov, 11 Nov and
    25 Dec (royal decree of 18 April 1974, not verified).  Dates and English names
    come from ``holidays.country_holidays("BE")``, which also returns Easter Sunday
    and Whit Sunday: those are dropped (Sundays anyway), and the rest is checked
    against the legal definition so that a library change fails loudly.  2 November
    and 26 December are *not* legal holidays.  Cached per year.

    .. versionadded:: 0.1.0

    Raises:
        ValidationError: The library has no Belgian data for *year* (1901–2100 today).
        RuntimeError: The library lacks one of the ten legal holidays of *year*.

    """
    found = holidays.country_holidays("BE", years=year, language="en_US")
    if not found:
        raise ValidationError("year", year, "has no Belgian holiday data in the holidays library")
    easter = _easter_sunday(year)
    expected = {date(year, month, day) for month, day in _FIXED_LEGAL_HOLIDAYS}
    expected.update(easter + timedelta(days=offset) for offset in _EASTER_OFFSETS)
    legal = {day: name for day, name in found.items() if day in expected}
    if set(legal) != expected:
        missing = ", ".join(str(day) for day in sorted(expected - set(legal)))
        msg = f"the holidays library lacks Belgian legal holidays of {year}: {missing}"
        raise RuntimeError(msg)
    return MappingProxyType(dict(sorted(legal.items())))


def _check_date(value: object, name: str) -> date:
    """Return *value* if it is a plain ``date`` (C.j. arts 52–54 count whole days)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        msg = f"{name} must be a datetime.date (not a datetime), got {type(value).__name__}"
        raise TypeError(msg)
    return value


def _check_count(value: object, name: str) -> int:
    """Return *value* if it is a non-negative int (a delay of C.j. arts 52 and 54)."""
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"{name} must be an int, got {type(value).__name__}"
        raise TypeError(msg)
    if value < 0:
        raise ValidationError(name, value, "must not be negative")
    return value


def _to_date_set(value: Iterable[date]) -> frozenset[date]:
    """Convert the extra holidays (treated like legal ones, C.j. art. 53) to a frozenset."""
    days = frozenset(value)
    for day in days:
        _check_date(day, "extra_holidays item")
    return days


def _validate_date(_instance: object, attribute: attrs.Attribute[date], value: date) -> None:
    """Reject a non-date in a date attribute (e.g. the moratorium's start of validity)."""
    _check_date(value, attribute.name)


def _validate_month_day(
    _instance: object, attribute: attrs.Attribute[MonthDay], value: MonthDay
) -> None:
    """Reject a moratorium ``(month, day)`` that is not valid every year (so not 29 Feb)."""
    try:
        month, day = value
        date(2001, month, day)
    except (TypeError, ValueError) as exc:
        reason = "must be a (month, day) pair valid every year"
        raise ValidationError(attribute.name, value, reason) from exc


@attrs.frozen(kw_only=True)
class JudicialCalendar:
    """Belgian judicial calendar: legal holidays, working days and delay arithmetic.

    Every method is pure; the instance only holds options.

    .. versionadded:: 0.1.0

    Attributes:
        saturday_is_working_day: Whether Saturday counts as a working day ("jour
            ouvrable") in working-day counts (the Brussels 15-working-day bailiff
            notice, C.j. art. 53bis).  Not settled in the sources, hence the option.
            It never affects the art. 53 shift, where Saturday always moves a deadline.
        extra_holidays: More days treated as legal holidays (e.g. a newly decreed
            holiday).
        month_end: Art. 54 when the dies a quo's day number is missing in the
            target month (act 30 Jan, starts 31 Jan, "31 Feb"): ``"last_day"``
            (→ 28/29 Feb) or ``"next_month_first"`` (→ 1 Mar).  The rule is not
            settled in the sources; flag it for review.
        moratorium_start: First day of the winter moratorium, ``(month, day)``.
        moratorium_end: Last day of the winter moratorium, ``(month, day)``.
        moratorium_valid_from: First day the moratorium applies.  The ordinance of
            22 June 2023 entered into force on 31 August or 1 September 2023
            (sources differ); either way the first protected winter is 2023–2024,
            as no general moratorium existed in Brussels before.

    """

    saturday_is_working_day: bool = attrs.field(default=False, validator=instance_of(bool))
    extra_holidays: frozenset[date] = attrs.field(default=frozenset(), converter=_to_date_set)
    month_end: MonthEnd = attrs.field(default="last_day", validator=in_(get_args(MonthEnd)))
    moratorium_start: MonthDay = attrs.field(default=(11, 1), validator=_validate_month_day)
    moratorium_end: MonthDay = attrs.field(default=(3, 15), validator=_validate_month_day)
    moratorium_valid_from: date = attrs.field(default=date(2023, 9, 1), validator=_validate_date)

    # -- holidays and working days ------------------------------------------------

    def is_public_holiday(self, d: date) -> bool:
        """Tell whether *d* is a legal or extra holiday ("jour férié légal", C.j. art. 53)."""
        d = _check_date(d, "d")
        return d in self.extra_holidays or d in belgian_legal_holidays(d.year)

    def holiday_name(self, d: date) -> str | None:
        """Return the (English) name of the legal holiday *d* (C.j. art. 53), or ``None``."""
        d = _check_date(d, "d")
        name = belgian_legal_holidays(d.year).get(d)
        if name is None and d in self.extra_holidays:
            return "Additional holiday"
        return name

    def is_working_day(self, d: date) -> bool:
        """Tell whether *d* counts in a working-day delay ("jour ouvrable", C.j. art. 53bis).

        Sundays and legal holidays never count; Saturday counts only if
        :attr:`saturday_is_working_day`.  Used for the Brussels 15-working-day
        bailiff notice and for art. 53bis postal notifications.
        """
        d = _check_date(d, "d")
        weekday = d.weekday()
        if weekday == stdlib_calendar.SUNDAY:
            return False
        if weekday == stdlib_calendar.SATURDAY and not self.saturday_is_working_day:
            return False
        return not self.is_public_holiday(d)

    def next_working_day(self, d: date) -> date:
        """Return *d* if it is a working day (C.j. art. 53bis sense), else the next one."""
        d = _check_date(d, "d")
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def shift_art53(self, d: date) -> date:
        """Move a last day that is a Saturday, Sunday or legal holiday to the next other day.

        C.j. art. 53 al. 2: a last day that is a Saturday, Sunday or legal holiday is
        carried over to the next working day.  Saturday always moves the deadline,
        whatever :attr:`saturday_is_working_day`.
        """
        d = _check_date(d, "d")
        while d.weekday() >= stdlib_calendar.SATURDAY or self.is_public_holiday(d):
            d += _ONE_DAY
        return d

    # -- delays -------------------------------------------------------------------

    def add_days(self, trigger: date, days: int, *, shift: bool = True) -> date:
        """Return the last day of a delay of *days* days triggered on *trigger*.

        C.j. art. 52: the day of the act is not counted and every calendar day
        counts; C.j. art. 53: the last day is included and, if *shift*, moved off a
        Saturday, Sunday or legal holiday.  E.g. 2 May 2025 + 15 days → 17 May 2025
        (Saturday) → 19 May 2025.

        Raises:
            TypeError: *trigger* is not a date or *days* not an int.
            ValidationError: *days* is negative (a ``ValueError``).

        """
        end = _check_date(trigger, "trigger") + timedelta(days=_check_count(days, "days"))
        return self.shift_art53(end) if shift else end

    def add_months(self, trigger: date, months: int, *, shift: bool = True) -> date:
        """Return the last day of a delay of *months* months triggered on *trigger*.

        The one month-counting function of the package (every month-based rule
        and check goes through it):

        - C.j. art. 52: the delay starts the day after *trigger* (the *dies a quo*);
        - C.j. art. 54: "de quantième à veille de quantième", counted from that
          dies a quo: the delay ends on the eve of the dies a quo's day number,
          *months* later.  Served 23 Sept 2019 → starts 24 Sept → ends 23 Oct 2019;
          served 30 June → starts 1 July → ends 31 July (not 30 July); served
          30 Sept → starts 1 Oct → ends 31 Oct;
        - when the dies a quo's day number does not exist in the target month
          (starts 31 Jan → "31 Feb"), :attr:`month_end` decides: ``"last_day"``
          ends on that month's last day (28/29 Feb), ``"next_month_first"`` on the
          first day of the next month (1 Mar);
        - then C.j. art. 53 if *shift* (a Saturday, Sunday or legal holiday moves
          to the next working day).

        Raises:
            TypeError: *trigger* is not a date or *months* not an int.
            ValidationError: *months* is negative (a ``ValueError``).

        """
        end = self.month_period_end(trigger, months)
        return self.shift_art53(end) if shift else end

    def month_period_end(self, trigger: date, months: int) -> date:
        """Return the unshifted art. 54 end of *months* months after *trigger* (see add_months)."""
        trigger = _check_date(trigger, "trigger")
        months = _check_count(months, "months")
        if months == 0:
            return trigger
        start = trigger + _ONE_DAY  # C.j. art. 52: the dies a quo
        years, month_index = divmod(start.month - 1 + months, 12)
        year, month = start.year + years, month_index + 1
        last = stdlib_calendar.monthrange(year, month)[1]
        if start.day <= last:
            # the eve of the dies a quo's day number in the target month
            return date(year, month, start.day) - _ONE_DAY
        if self.month_end == "last_day":
            return date(year, month, last)
        return date(year, month, last) + _ONE_DAY

    def next_execution_day(self, d: date) -> date:
        """Return *d*, or the next day that is not a Saturday, Sunday or legal holiday.

        C.j. art. 47: no execution (nor service) on a Saturday, Sunday or legal
        holiday without the judge's leave, so the first day an eviction may take
        place moves to the next such day.
        """
        return self.shift_art53(d)

    def add_working_days(self, trigger: date, n: int) -> date:
        """Return the *n*-th working day after *trigger* (which is not counted, C.j. art. 52).

        Used for the Brussels notice of 15 working days before an eviction.
        """
        d = _check_date(trigger, "trigger")
        for _ in range(_check_count(n, "n")):
            d = self.next_working_day(d + _ONE_DAY)
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Count working days d with ``start < d <= end``: start not counted (C.j. art. 52)."""
        d, end = _check_date(start, "start") + _ONE_DAY, _check_date(end, "end")
        count = 0
        while d <= end:
            count += self.is_working_day(d)
            d += _ONE_DAY
        return count

    def extend_for_court_holidays(self, trigger: date, deadline: date) -> date:
        """Extend an appeal deadline that starts and would end in the judicial holidays.

        C.j. art. 50 al. 2: appeal delays that start and expire between 1 July and
        31 August are extended to the fifteenth day of the new judicial year,
        15 September.  Served 30 June → starts 1 July → would end 31 July →
        15 September; served 29 June → starts 30 June → not extended.

        Args:
            trigger: The day of the act (service); the delay starts the next day.
            deadline: The **unshifted** last day (``shift=False``); the art. 53
                shift must come after this extension.

        Returns:
            15 September (unshifted), or *deadline* unchanged.

        Raises:
            ValidationError: *deadline* is before *trigger*.

        """
        start = _check_date(trigger, "trigger") + _ONE_DAY
        deadline = _check_date(deadline, "deadline")
        if deadline < trigger:
            raise ValidationError("deadline", deadline, "must not be before the trigger")
        holidays_start, holidays_end = date(start.year, 7, 1), date(start.year, 8, 31)
        if holidays_start <= start <= holidays_end and holidays_start <= deadline <= holidays_end:
            return date(start.year, 9, 15)
        return deadline

    def appeal_deadline(self, service_date: date, *, months: int = 1) -> date:
        """Return the last day to appeal a judgment served on *service_date*.

        C.j. art. 54 (months, unshifted), then art. 50 al. 2 (judicial holidays),
        then art. 53 (weekend or legal holiday); one month by default
        (C.j. art. 1051).
        """
        end = self.add_months(service_date, months, shift=False)
        return self.shift_art53(self.extend_for_court_holidays(service_date, end))

    # -- notifications (C.j. art. 53bis) ------------------------------------------

    def deemed_received(self, posted: date, *, method: DeliveryMethod) -> date:
        """Return the day from which delays run after a postal notification.

        C.j. art. 53bis, unless proof to the contrary:

        - ``"registered"`` or ``"ordinary"`` letter: the third working day
          (:meth:`is_working_day`) after *posted*, the day it was handed to the post;
        - ``"registered_ar"`` (with acknowledgment of receipt) or
          ``"judicial_letter"`` (pli judiciaire): the day after presentation at the
          addressee's home; *posted* is then read as that **presentation** date.

        Whether that day is the art. 52 trigger (not counted) is for legal review.

        Raises:
            ValidationError: *method* is unknown (a ``ValueError``).

        """
        posted = _check_date(posted, "posted")
        if method in _POSTAL_METHODS:
            return self.add_working_days(posted, 3)
        if method in _PRESENTED_METHODS:
            return posted + _ONE_DAY
        reason = f"must be one of {', '.join(get_args(DeliveryMethod))}"
        raise ValidationError("method", method, reason)

    # -- Brussels winter moratorium (CBL art. 233duodecies) -----------------------

    def _moratorium_last_day(self, d: date) -> date | None:
        """Return the last day of the moratorium holding *d* (CBL art. 233duodecies), if any."""
        d = _check_date(d, "d")
        start, end, today = self.moratorium_start, self.moratorium_end, (d.month, d.day)
        if start <= end:  # a window inside one calendar year
            end_year: int | None = d.year if start <= today <= end else None
        elif today >= start:
            end_year = d.year + 1
        else:
            end_year = d.year if today <= end else None
        if end_year is None or d < self.moratorium_valid_from:
            return None
        return date(end_year, *end)

    def in_winter_moratorium(self, d: date) -> bool:
        """Tell whether no eviction may be executed on *d* (Brussels winter moratorium).

        CBL art. 233duodecies (ordinance of 22 June 2023): from 1 November to
        15 March inclusive, every year from the winter 2023–2024 on (dates before
        :attr:`moratorium_valid_from` are never protected).  The four judge-granted
        exceptions are out of scope here.
        """
        return self._moratorium_last_day(d) is not None

    def after_winter_moratorium(self, d: date) -> date:
        """Return *d*, or the first day after the winter moratorium that holds it.

        CBL art. 233duodecies: an eviction barred on *d* can be executed at the
        earliest on 16 March (the day after :attr:`moratorium_end`).
        """
        last = self._moratorium_last_day(d)
        return d if last is None else last + _ONE_DAY
