r"""
iCalendar (RFC 5545) export of deadlines, for the workers' calendars.

Written by hand, to the letter of RFC 5545: CRLF line endings, content lines
folded at 75 octets (never inside a UTF-8 character), TEXT values escaped
(``\``, ``;``, ``,`` and newlines), one all-day ``VEVENT`` per dated deadline
(``DTSTART;VALUE=DATE`` and an exclusive ``DTEND`` the next day).

An event's ``UID`` names what it is, not when: the case, the rule and the
ledger entry that started it (and the instalment number, for a payment
plan).  For a rule that keeps only the *latest* trigger (the hearing: a
``hearing_adjourned`` replaces the ``hearing_scheduled``) the entry is left
out, so an adjourned hearing is the same event with a new date.  ``SEQUENCE``
is the case's ledger length when exported: it grows with every entry, so a
calendar re-importing the file replaces the older version of each event
(RFC 5545 §3.8.7.4) instead of keeping both.  ``remind_days`` adds a
``VALARM`` (display reminder) that many days before the day.

Nothing personal goes in: an event names the case id and the deadline's title,
and describes its legal basis, status and confidence.  A caller who wants more
(a tenant's name, for a worker's own calendar) passes ``labels`` explicitly.

Example::

    >>> from datetime import date, datetime, UTC
    >>> from clss_housing.deadlines.engine import Deadline
    >>> d = Deadline(case="2026-7KQ3FM", rule="appeal", date=date(2026, 10, 23),
    ...              basis="Code judiciaire art. 1051", track="hearing",
    ...              title="Fin du délai d'appel", status="open", confidence="high",
    ...              trigger_sequence=9)
    >>> text = to_ics([d], stamp=datetime(2026, 10, 1, tzinfo=UTC))
    >>> [line for line in text.split("\r\n") if line.startswith(("UID", "DTSTART"))]
    ['UID:2026-7KQ3FM-appeal-9@clss-housing', 'DTSTART;VALUE=DATE:20261023']
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Final


if TYPE_CHECKING:
    from clss_housing.deadlines.engine import Deadline


__all__ = ["PRODID", "escape_text", "fold_line", "ics_uid", "to_ics", "write_ics"]

#: The product identifier written in every calendar.
PRODID: Final = "-//clss-housing//deadlines 0.1//EN"

_CRLF: Final = "\r\n"
_LIMIT: Final = 75
_NEWLINES: Final = re.compile(r"\r\n|\r|\n")
# Control characters other than HTAB are not allowed in TEXT values (RFC 5545 §3.3.11).
_CONTROLS: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(value: str) -> str:
    r"""
    Escape *value* as an RFC 5545 TEXT value.

    Backslash, semicolon and comma get a backslash; any newline becomes ``\n``;
    other control characters (but tab) are dropped.

    .. versionadded:: 0.1.0
    """
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = _NEWLINES.sub("\\\\n", value)
    return _CONTROLS.sub("", value)


def fold_line(line: str) -> str:
    """
    Fold one content line so that no physical line exceeds 75 octets (RFC 5545 §3.1).

    Continuation lines start with one space (counted in their 75 octets); a
    UTF-8 character is never split.  Lines are joined with CRLF, without a
    final one.

    .. versionadded:: 0.1.0
    """
    if len(line.encode("utf-8")) <= _LIMIT:
        return line
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, _LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, _LIMIT - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return (_CRLF + " ").join(parts)


def ics_uid(deadline: Deadline, *, latest: bool = False) -> str:
    """
    Return the stable UID of a dated deadline: ``<case>-<rule>-<entry>@clss-housing``.

    ``<entry>`` is the sequence of the ledger entry that started the deadline;
    it is left out when ``latest`` (a rule whose later trigger replaces the
    earlier one: an adjourned hearing keeps its UID).  A payment plan's
    instalment adds ``-n<number>``.

    Since 0.2.0 the date is no longer part of the UID.

    .. versionadded:: 0.1.0

    Raises:
        ValueError: the deadline has no date.

    """
    if deadline.date is None:
        msg = f"deadline {deadline.rule!r} of case {deadline.case!r} has no date"
        raise ValueError(msg)
    parts = [deadline.case, deadline.rule]
    if not latest:
        parts.append(str(deadline.trigger_sequence))
    if deadline.instalment is not None:
        parts.append(f"n{deadline.instalment}")
    return "-".join(parts) + "@clss-housing"


def _stamp(moment: datetime | None) -> str:
    moment = datetime.now(UTC) if moment is None else moment
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _alarm(days: int, summary: str) -> list[str]:
    trigger = "PT0S" if days == 0 else f"-P{days}D"
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape_text(summary)}",
        f"TRIGGER:{trigger}",
        "END:VALARM",
    ]


def _event(
    deadline: Deadline, stamp: str, label: str | None, *, uid: str, sequence: int,
    remind_days: int | None,
) -> list[str]:
    assert deadline.date is not None
    summary = f"{deadline.case}: {deadline.title}"
    if label:
        summary += f" ({label})"
    lines = [
        deadline.basis,
        f"status: {deadline.status}",
        f"confidence: {deadline.confidence}",
        f"rule: {deadline.rule}",
    ]
    if deadline.explanation:
        lines.append(deadline.explanation)
    description = "\n".join(lines)
    alarm = [] if remind_days is None else _alarm(remind_days, summary)
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"SEQUENCE:{sequence}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{deadline.date:%Y%m%d}",
        f"DTEND;VALUE=DATE:{deadline.date + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"CATEGORIES:{escape_text(deadline.track)}",
        "TRANSP:TRANSPARENT",
        *alarm,
        "END:VEVENT",
    ]


def to_ics(
    deadlines: Iterable[Deadline],
    *,
    name: str = "clss-housing deadlines",
    stamp: datetime | None = None,
    labels: Mapping[str, str] | None = None,
    latest_rules: Collection[str] = (),
    versions: Mapping[str, int] | None = None,
    remind_days: int | None = None,
) -> str:
    """
    Return an iCalendar document with one all-day event per dated deadline.

    Undated deadlines ("cannot be computed") are left out; a second deadline
    with the same UID (same case, rule and entry) is left out too.

    .. versionadded:: 0.1.0

    Args:
        deadlines: The deadlines, e.g. from
            :func:`~clss_housing.deadlines.engine.case_deadlines`.
        name: The calendar's display name (``X-WR-CALNAME``).
        stamp: ``DTSTAMP`` of every event (now, UTC, by default; pass one for
            reproducible output).  A naive datetime is read as UTC.
        labels: Optional extra text per case id added to the summary.  Only
            pass personal data (a tenant's name) when the calendar stays with
            the worker who may see it.
        latest_rules: Ids of the rules whose latest trigger replaces the
            earlier ones (``scope="latest"``, e.g. ``hearing``): one event per
            case and rule, whatever the entry.
        versions: Each case's ledger length, the events' ``SEQUENCE`` (else
            the deadline's trigger sequence).
        remind_days: Add a reminder this many days before each event (0: on
            the day); ``None``: no reminder.

    Returns:
        The document, CRLF line endings, ending with a CRLF.

    """
    when = _stamp(stamp)
    if remind_days is not None and not 0 <= remind_days <= 366:
        msg = f"remind_days must be from 0 to 366, not {remind_days}"
        raise ValueError(msg)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    seen: set[str] = set()
    for deadline in deadlines:
        if deadline.date is None:
            continue
        uid = ics_uid(deadline, latest=deadline.rule in latest_rules)
        if uid in seen:
            continue
        seen.add(uid)
        label = None if labels is None else labels.get(deadline.case)
        sequence = deadline.trigger_sequence if versions is None else versions.get(
            deadline.case, deadline.trigger_sequence
        )
        lines.extend(_event(deadline, when, label, uid=uid, sequence=sequence,
                            remind_days=remind_days))
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + _CRLF for line in lines)


def write_ics(path: str | Path, deadlines: Iterable[Deadline], **options: object) -> int:
    """
    Write :func:`to_ics` to *path* (UTF-8, CRLF kept) and return the number of events.

    *options* are those of :func:`to_ics`.

    .. versionadded:: 0.1.0
    """
    text = to_ics(deadlines, **options)  # type: ignore[arg-type]
    Path(path).write_bytes(text.encode("utf-8"))
    return text.count(_CRLF + "BEGIN:VEVENT" + _CRLF)
