"""Tests of the track diagrams (DOT text, SVG and PNG through Graphviz)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from clss_housing.errors import ValidationError
from clss_housing.workflow.diagram import diagram_dot, render_diagram, write_all_diagrams
from clss_housing.workflow.engine import TRACKS
from clss_housing.workflow.tracks import TABLES


if os.environ.get("CLSS_HOUSING_REQUIRE_GRAPHVIZ") and shutil.which("dot") is None:
    raise RuntimeError("CLSS_HOUSING_REQUIRE_GRAPHVIZ is set but Graphviz's dot is not installed")

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None,
    reason="Graphviz's dot program is not installed (apt-get install graphviz)",
)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "workflows"


class TestDot:
    @pytest.mark.parametrize("track", TRACKS)
    def test_names_every_state_and_trigger(self, track: str) -> None:
        """It draws every state and every trigger of the table."""
        text = diagram_dot(track)
        table = TABLES[track]
        for state in table.state_names:
            assert f"<B>{state}</B>" in text
        for trigger in table.triggers:
            assert trigger in text
        assert f'"__start" -> "{table.initial.name}";' in text

    def test_marks_end_states(self) -> None:
        """It gives end states a double border and the others a single one."""
        lines = diagram_dot("lease_negotiation").splitlines()
        signed = next(line for line in lines if line.startswith('  "signed" ['))
        proposal = next(line for line in lines if line.startswith('  "proposal" ['))
        assert "peripheries=2" in signed
        assert "peripheries=2" not in proposal

    def test_labels_guards(self) -> None:
        """It labels a guarded arrow with its trigger and its guards."""
        text = diagram_dot("hearing")
        assert (
            '"hearing_scheduled" -> "eviction_ordered" [label="judgment\\n[outcome = eviction]"];'
            in text
        )
        assert "eviction_date in moratorium" in text

    def test_staying_transitions_inside_the_state(self) -> None:
        """It lists facts recorded without a change of state inside the state."""
        lines = diagram_dot("hearing").splitlines()
        adjourned = next(line for line in lines if line.startswith('  "adjourned" ['))
        assert "&#8634; cpas_informed" in adjourned
        assert "&#8634; hearing_adjourned" in adjourned
        assert '"adjourned" -> "adjourned"' not in "\n".join(lines)

    def test_unknown_track(self) -> None:
        """It refuses a track that does not exist."""
        with pytest.raises(ValidationError) as info:
            diagram_dot("court")
        assert "track" == info.value.field

    def test_deterministic(self) -> None:
        """It writes the same text every time."""
        assert diagram_dot("rehousing") == diagram_dot("rehousing")


class TestRender:
    @needs_dot
    def test_svg(self, tmp_path: Path) -> None:
        """It writes an SVG naming the states."""
        out = render_diagram("pre_procedure", tmp_path / "pre.svg")
        text = out.read_text(encoding="utf-8")
        assert "<svg" in text
        assert "referred_to_court" in text

    @needs_dot
    def test_png(self, tmp_path: Path) -> None:
        """It writes a PNG when the suffix says so, whatever its case."""
        out = render_diagram("hearing", tmp_path / "hearing.PNG")
        assert b"\x89PNG\r\n\x1a\n" == out.read_bytes()[:8]

    def test_bad_suffix(self, tmp_path: Path) -> None:
        """It refuses a format it cannot write, and writes nothing."""
        with pytest.raises(ValidationError) as info:
            render_diagram("hearing", tmp_path / "hearing.pdf")
        assert "format" == info.value.field
        assert [] == list(tmp_path.iterdir())

    def test_without_dot(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """It says how to install Graphviz when dot is missing."""
        monkeypatch.setattr(shutil, "which", lambda name: None)
        with pytest.raises(ValidationError) as info:
            render_diagram("hearing", tmp_path / "hearing.svg")
        assert "apt-get install graphviz" in str(info.value)
        assert [] == list(tmp_path.iterdir())

    @needs_dot
    def test_write_all(self, tmp_path: Path) -> None:
        """It writes an SVG and a PNG per track into a new folder."""
        written = write_all_diagrams(tmp_path / "workflows")
        assert [f"{t}.{f}" for t in TRACKS for f in ("svg", "png")] == [p.name for p in written]
        assert all(p.stat().st_size > 0 for p in written)


class TestCommittedDiagrams:
    @pytest.mark.parametrize("track", TRACKS)
    def test_docs_are_current(self, track: str) -> None:
        """It finds the committed diagrams and every state of the table in the SVG."""
        svg = DOCS / f"{track}.svg"
        assert (DOCS / f"{track}.png").is_file()
        text = svg.read_text(encoding="utf-8")
        for state in TABLES[track].state_names:
            assert f">{state}</text>" in text, state
