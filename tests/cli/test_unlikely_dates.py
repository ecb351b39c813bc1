"""Dates before 2000 or more than a year ahead are asked about; --yes in scripts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clss_housing.cli import confirm
from clss_housing.cli.confirm import unlikely

from .conftest import Run


Snapshot = Callable[[], tuple[dict[str, list[tuple[Any, ...]]], bytes]]


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)),
       st.dates(min_value=date(2001, 1, 1), max_value=date(2100, 12, 31)))
def test_unlikely_is_outside_the_window(day: date, today: date) -> None:
    """Unlikely exactly when before 2000 or beyond one year (366 days at most) from today."""
    if day < date(2000, 1, 1) or day > today + timedelta(days=366):
        assert unlikely(day, today)
    if date(2000, 1, 1) <= day <= today + timedelta(days=365):
        assert not unlikely(day, today)


class TestRecord:
    """``case record`` with an unusual date."""

    def test_refused_without_terminal(
        self, run: Run, open_case: Callable[..., str], snapshot: Snapshot
    ) -> None:
        """No --yes and no terminal: exit 1, --yes explained, nothing written."""
        case = open_case()
        before = snapshot()
        far = (date.today() + timedelta(days=400)).isoformat()
        result = run("case", "record", case, "payment", "--amount", "10", "--date", far)
        assert 1 == result.exit_code
        assert "--yes" in result.stderr
        assert far in result.stderr
        assert before == snapshot()

    def test_field_dates_too(self, run: Run, open_case: Callable[..., str]) -> None:
        """A --set date field is checked as well (hearing_date 2036)."""
        case = open_case()
        result = run("case", "record", case, "hearing_scheduled", "--date", "2026-02-01",
                     "--set", "hearing_date=01/12/2036")
        assert 1 == result.exit_code
        assert "hearing_date" in result.stderr

    def test_yes(self, run: Run, open_case: Callable[..., str]) -> None:
        """--yes records it and notes it."""
        case = open_case()
        result = run("case", "record", case, "payment", "--amount", "10", "--date",
                     "1999-12-31", "--yes")
        assert 0 == result.exit_code, result.output
        assert "1999-12-31" in result.stderr

    @pytest.mark.parametrize(("answer", "code"), [("y\n", 0), ("n\n", 1)])
    def test_asks_on_a_terminal(
        self, run: Run, open_case: Callable[..., str], monkeypatch: pytest.MonkeyPatch,
        answer: str, code: int,
    ) -> None:
        """On a terminal the person is asked; no keeps nothing."""
        case = open_case()
        monkeypatch.setattr(confirm, "_interactive", lambda: True)
        result = run("case", "record", case, "payment", "--amount", "10", "--date",
                     "1999-12-31", input=answer)
        assert code == result.exit_code, result.output
        assert "1999-12-31" in result.stderr


def test_open_and_import(run: Run, open_case: Callable[..., str], tmp_path: Path) -> None:
    """``case open --lease-start 1899``-like slips and imported rows are checked the same way."""
    refused = run("case", "open", "--tenant", "A", "--landlord", "B", "--address", "C",
                  "--rent", "700", "--lease-start", "01/01/1999")
    assert 1 == refused.exit_code
    assert "lease_start" in refused.stderr
    case = open_case()
    rows = tmp_path / "rows.csv"
    rows.write_text("date;amount\n05/01/2026;100\n05/01/1998;100\n", encoding="utf-8")
    result = run("import", "payments", case, str(rows))
    assert 1 == result.exit_code
    assert "--yes" in result.stderr
    accepted = run("import", "payments", case, str(rows), "--yes")
    assert 0 == accepted.exit_code, accepted.output
