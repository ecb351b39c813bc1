"""``case correct``: facts given at opening corrected by a new entry, the opening kept."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .conftest import Run


Snapshot = Callable[[], tuple[dict[str, list[tuple[Any, ...]]], bytes]]


def test_rent_and_name_corrected(run: Run, open_case: Callable[..., str]) -> None:
    """Views use the corrected facts; the opening entry stays as it was; verify passes."""
    case = open_case(tenant="Jan Peters")
    result = run("case", "correct", case.lower(), "--rent", "760", "--tenant", "Jan Peeters",
                 "--reason", "rent misread on the lease", "--date", "2026-02-01")
    assert 0 == result.exit_code, result.output
    assert "rent, tenant" in result.stdout
    assert "Peeters" not in result.stdout + result.stderr  # no personal data echoed
    shown = json.loads(run("case", "show", case, "--json", "--as-of", "2026-03-01").stdout)
    assert "760.00" == shown["rent"]
    assert "Jan Peeters" == shown["tenant"]
    listed = run("case", "list").stdout
    assert "Jan Peeters" in listed
    history = json.loads(run("case", "history", case, "--json").stdout)
    assert "750.00" == history[0]["rent"]
    assert "case_facts_corrected" == history[1]["kind"]
    assert 0 == run("case", "verify", case).exit_code


def test_lease_start_and_later_correction_wins(run: Run, open_case: Callable[..., str]) -> None:
    """A second correction of the same fact wins; untouched facts keep their value."""
    case = open_case()
    for rent in ("760", "765"):
        assert 0 == run("case", "correct", case, "--rent", rent, "--reason", "x").exit_code
    assert 0 == run("case", "correct", case, "--lease-start", "01/09/2024",
                    "--reason", "y").exit_code
    shown = json.loads(run("case", "show", case, "--json").stdout)
    assert ("765.00", "50.00", "2024-09-01") == (
        shown["rent"], shown["charges"], shown["lease_start"]
    )


def test_nothing_to_correct_refused(
    run: Run, open_case: Callable[..., str], snapshot: Snapshot
) -> None:
    """Without any fact, or with a bad amount: exit 1, the ledger untouched."""
    case = open_case()
    before = snapshot()
    empty = run("case", "correct", case, "--reason", "nothing")
    bad = run("case", "correct", case, "--rent", "-5", "--reason", "x")
    assert 1 == empty.exit_code == bad.exit_code
    assert "at least one" in empty.stderr
    assert "rent" in bad.stderr
    assert before == snapshot()


def test_a_facts_correction_cannot_be_cancelled(run: Run, open_case: Callable[..., str]) -> None:
    """A `correction` naming it is refused, pointing at `case correct`."""
    case = open_case()
    assert 0 == run("case", "correct", case, "--rent", "760", "--reason", "x").exit_code
    result = run("case", "record", case, "correction", "--set", "corrects=2",
                 "--set", "reason=oops")
    assert 1 == result.exit_code
    assert "case correct" in result.stderr
