"""Tables that fit the terminal: text columns cut with "…", amounts never; pipes uncut."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clss_housing.cli import output
from clss_housing.cli.output import MIN_COLUMN, fit_widths, table

from .conftest import Run


@given(
    st.lists(st.tuples(st.integers(1, 80), st.sampled_from(["<", ">"])), min_size=1, max_size=9),
    st.integers(20, 200),
)
def test_fit_widths(columns: list[tuple[int, str]], limit: int) -> None:
    """Fits when it can; never cuts an amount, nor a text column below the floor."""
    widths = [w for w, _ in columns]
    aligns = [a for _, a in columns]
    fitted = fit_widths(widths, aligns, limit)  # type: ignore[arg-type]
    total = sum(fitted) + 2 * (len(fitted) - 1)
    for before, after, align in zip(widths, fitted, aligns, strict=True):
        assert after <= before
        if align == ">":
            assert after == before
        else:
            assert after >= min(before, MIN_COLUMN)
    if total > limit:  # could not fit: every text column is at its floor
        assert all(a == ">" or f == min(w, MIN_COLUMN)
                   for f, w, a in zip(fitted, widths, aligns, strict=True))


def test_table_cut_to_width() -> None:
    """Every line fits; the long text is cut with an ellipsis; the amount is whole."""
    text = table(["Case", "Tenant", "Arrears"],
                 [["2026-AAAAAA", "A very long household name " * 3, "1.234.567,89 €"]],
                 align=["<", "<", ">"], width=50)
    lines = text.split("\n")
    assert all(len(line) <= 50 for line in lines)
    assert "…" in lines[2]
    assert lines[2].endswith("1.234.567,89 €")


def test_piped_output_is_not_cut(
    run: Run, open_case: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a terminal the table keeps every character; with one it fits COLUMNS."""
    open_case(tenant="Famille " + "Très-Longue-Nom-De-Famille " * 4)
    piped = run("case", "list")
    assert "Famille" in piped.stdout
    assert max(len(line) for line in piped.stdout.splitlines()) > 100
    monkeypatch.setattr(output, "terminal_width", lambda: 80)
    fitted = run("case", "list")
    assert "…" in fitted.stdout
    widest = max(len(line) for line in fitted.stdout.splitlines())
    assert widest < max(len(line) for line in piped.stdout.splitlines())
