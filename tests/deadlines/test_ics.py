"""Tests for the iCalendar export (RFC 5545), read back with a tiny parser."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clss_housing.deadlines import Deadline, escape_text, fold_line, ics_uid, to_ics, write_ics


STAMP = datetime(2026, 10, 1, 8, 30, tzinfo=UTC)


def deadline(**changes: object) -> Deadline:
    fields: dict[str, object] = {
        "case": "2026-7KQ3FM",
        "rule": "appeal",
        "date": date(2026, 10, 23),
        "basis": "Code judiciaire art. 1051, 54, 50 al. 2, 53",
        "track": "hearing",
        "title": "Fin du délai d'appel",
        "status": "open",
        "confidence": "high",
        "trigger_sequence": 9,
    }
    fields.update(changes)
    return Deadline(**fields)  # type: ignore[arg-type]


# -- a tiny RFC 5545 reader, for the tests only ----------------------------------------------


def physical_lines(text: str) -> list[str]:
    """Split on CRLF, checking that no bare CR or LF is left and that the text ends with CRLF."""
    assert text.endswith("\r\n")
    lines = text[:-2].split("\r\n")
    for line in lines:
        assert "\n" not in line
        assert "\r" not in line
    return lines


def unfold(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line.startswith(" "):
            out[-1] += line[1:]
        else:
            out.append(line)
    return out


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def parse(text: str) -> list[dict[str, str]]:
    """The events of a calendar as {NAME[;PARAMS]: unescaped value} dicts."""
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in unfold(physical_lines(text)):
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events.append(current)
            current = None
        elif current is not None:
            current[name] = unescape(value)
    return events


# -- tests ---------------------------------------------------------------------------------


class TestDocument:
    """The calendar document: envelope, line endings, line lengths."""

    def test_envelope(self) -> None:
        """It wraps events in a VCALENDAR with version, product id and name."""
        lines = unfold(physical_lines(to_ics([deadline()], stamp=STAMP, name="ULS; équipe")))
        assert ["BEGIN:VCALENDAR", "VERSION:2.0"] == lines[:2]
        assert lines[2].startswith("PRODID:")
        assert "X-WR-CALNAME:ULS\\; équipe" in lines
        assert "END:VCALENDAR" == lines[-1]

    def test_event(self) -> None:
        """It writes an all-day event with a stable UID and no personal data."""
        (event,) = parse(to_ics([deadline()], stamp=STAMP))
        assert {
            "UID": "2026-7KQ3FM-appeal-9@clss-housing",
            "SEQUENCE": "9",
            "DTSTAMP": "20261001T083000Z",
            "DTSTART;VALUE=DATE": "20261023",
            "DTEND;VALUE=DATE": "20261024",
            "SUMMARY": "2026-7KQ3FM: Fin du délai d'appel",
            "DESCRIPTION": "Code judiciaire art. 1051, 54, 50 al. 2, 53\nstatus: open\n"
                           "confidence: high\nrule: appeal",
            "CATEGORIES": "hearing",
            "TRANSP": "TRANSPARENT",
        } == event

    def test_explanation(self) -> None:
        """It adds how the date was reached to the description."""
        import attrs

        explained = attrs.evolve(deadline(), explanation="fin le vendredi 23 octobre 2026")
        (event,) = parse(to_ics([explained], stamp=STAMP))
        assert event["DESCRIPTION"].endswith("rule: appeal\nfin le vendredi 23 octobre 2026")

    def test_escaping(self) -> None:
        """It escapes backslash, semicolon, comma and newlines in TEXT values."""
        text = to_ics([deadline(title="a,b;c\\d\ne")], stamp=STAMP)
        raw = unfold(physical_lines(text))
        assert "SUMMARY:2026-7KQ3FM: a\\,b\\;c\\\\d\\ne" in raw
        assert "2026-7KQ3FM: a,b;c\\d\ne" == parse(text)[0]["SUMMARY"]

    def test_folding(self) -> None:
        """It folds long lines at 75 octets without splitting a UTF-8 character."""
        title = "Échéance du plan d'apurement — très long intitulé " * 6
        text = to_ics([deadline(title=title)], stamp=STAMP)
        lines = physical_lines(text)
        assert all(len(line.encode("utf-8")) <= 75 for line in lines)
        assert any(line.startswith(" ") for line in lines)
        assert f"2026-7KQ3FM: {title}" == parse(text)[0]["SUMMARY"]

    def test_undated_and_duplicates_left_out(self) -> None:
        """It leaves out undated deadlines and a second one with the same UID."""
        items = [
            deadline(),
            deadline(date=None, status="cannot be computed: service date missing"),
            deadline(date=date(2026, 10, 30)),
            deadline(rule="earliest_eviction", date=date(2026, 10, 24)),
        ]
        events = parse(to_ics(items, stamp=STAMP))
        assert ["20261023", "20261024"] == [e["DTSTART;VALUE=DATE"] for e in events]

    def test_labels_only_when_asked(self) -> None:
        """It adds a label to the summary only for the cases given."""
        text = to_ics([deadline(), deadline(case="OTHER-1")], stamp=STAMP,
                      labels={"OTHER-1": "Famille D."})
        summaries = [e["SUMMARY"] for e in parse(text)]
        assert ["2026-7KQ3FM: Fin du délai d'appel",
                "OTHER-1: Fin du délai d'appel (Famille D.)"] == summaries

    def test_stamp_to_utc(self) -> None:
        """It writes DTSTAMP in UTC whatever the time zone given; naive means UTC."""
        brussels = timezone(timedelta(hours=2))
        aware = parse(to_ics([deadline()], stamp=datetime(2026, 10, 1, 10, 30, tzinfo=brussels)))
        naive = parse(to_ics([deadline()], stamp=datetime(2026, 10, 1, 8, 30)))
        assert "20261001T083000Z" == aware[0]["DTSTAMP"] == naive[0]["DTSTAMP"]

    def test_default_stamp_is_now(self) -> None:
        """It stamps with the current UTC time when none is given."""
        (event,) = parse(to_ics([deadline()]))
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])

    def test_write(self, tmp_path: Path) -> None:
        """It writes the bytes with CRLF kept and counts the events."""
        path = tmp_path / "deadlines.ics"
        count = write_ics(path, [deadline(), deadline(rule="opposition")], stamp=STAMP)
        assert 2 == count
        data = path.read_bytes()
        assert data.startswith(b"BEGIN:VCALENDAR\r\n")
        assert 2 == len(parse(data.decode("utf-8")))

    def test_uid_needs_a_date(self) -> None:
        """It refuses to make a UID for an undated deadline."""
        with pytest.raises(ValueError, match="no date"):
            ics_uid(deadline(date=None))


class TestPrimitives:
    """escape_text and fold_line on any text."""

    @settings(max_examples=200)
    @given(st.text(st.characters(blacklist_categories=["Cs"]), max_size=300))
    def test_round_trip(self, value: str) -> None:
        """Any text folds to lines of at most 75 octets and reads back (newlines normalised)."""
        line = "SUMMARY:" + escape_text(value)
        folded = fold_line(line)
        parts = folded.split("\r\n")
        assert all(len(p.encode("utf-8")) <= 75 for p in parts)
        assert all(p.startswith(" ") for p in parts[1:])
        assert line == unfold(parts)[0]
        expected = re.sub(r"\r\n|\r|\n", "\n", value)
        expected = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", expected)
        assert expected == unescape(unfold(parts)[0][len("SUMMARY:"):])

    def test_short_line_unchanged(self) -> None:
        """It leaves a line of exactly 75 octets alone."""
        line = "X" * 75
        assert line == fold_line(line)
        assert "X" * 75 + "\r\n X" == fold_line("X" * 76)


class TestUpdates:
    """Stable UIDs with SEQUENCE: a changed date updates its event; reminders."""

    def test_uid_ignores_the_date(self) -> None:
        """The same case, rule and entry keep their UID when the date moves."""
        assert ics_uid(deadline()) == ics_uid(deadline(date=date(2026, 11, 30)))
        assert ics_uid(deadline()) != ics_uid(deadline(trigger_sequence=12))
        assert ics_uid(deadline(instalment=1)) != ics_uid(deadline(instalment=2))

    def test_latest_rule_keeps_its_uid_across_entries(self) -> None:
        """A hearing adjourned (a later entry) is the same event, with a higher SEQUENCE."""
        first = deadline(rule="hearing", trigger_sequence=5, date=date(2026, 11, 3))
        adjourned = deadline(rule="hearing", trigger_sequence=8, date=date(2026, 12, 8))
        (before,) = parse(to_ics([first], stamp=STAMP, latest_rules={"hearing"},
                                 versions={"2026-7KQ3FM": 5}))
        (after,) = parse(to_ics([adjourned], stamp=STAMP, latest_rules={"hearing"},
                                versions={"2026-7KQ3FM": 8}))
        assert before["UID"] == after["UID"] == "2026-7KQ3FM-hearing@clss-housing"
        assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
        assert "20261208" == after["DTSTART;VALUE=DATE"]

    @pytest.mark.parametrize(("days", "trigger"), [(0, "PT0S"), (2, "-P2D"), (14, "-P14D")])
    def test_reminder(self, days: int, trigger: str) -> None:
        """--remind DAYS adds a display alarm that many days before."""
        text = to_ics([deadline()], stamp=STAMP, remind_days=days)
        raw = unfold(physical_lines(text))
        start = raw.index("BEGIN:VALARM")
        assert raw[start:start + 5] == [
            "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:2026-7KQ3FM: Fin du délai d'appel",
            f"TRIGGER:{trigger}", "END:VALARM",
        ]
        assert raw.index("END:VALARM") < raw.index("END:VEVENT")
        assert "BEGIN:VALARM" not in to_ics([deadline()], stamp=STAMP)

    def test_reminder_range(self) -> None:
        """A negative or huge reminder is refused."""
        with pytest.raises(ValueError, match="remind_days"):
            to_ics([deadline()], remind_days=-1)
