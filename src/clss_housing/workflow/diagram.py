"""
State diagrams of the workflow tracks, drawn from the same machines the engine checks with.

:func:`diagram_dot` writes Graphviz DOT from a track's shared
``transitions`` machine (its events, sources, destinations and guard
objects) and its table (initial and end states), so a diagram can never
drift from the rules.  :func:`render_diagram` runs Graphviz's ``dot``
program to make an SVG or a PNG.

* a double border marks an end state, a dot points at the initial state;
* an arrow is labelled with its trigger (the entry kind) and, in brackets,
  the guards that must pass;
* facts recorded without a change of state are listed inside the state
  (``↺ cpas_informed``).

Example::

    >>> diagram_dot("lease_negotiation").splitlines()[0]
    'digraph "lease_negotiation" {'
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from clss_housing.errors import ClssHousingError, ValidationError
from clss_housing.workflow.engine import TRACKS, machine, track_table
from clss_housing.workflow.tracks import Guard


__all__ = ["FORMATS", "diagram_dot", "render_diagram", "write_all_diagrams"]

#: The file formats :func:`render_diagram` writes, by suffix.
FORMATS: Final = ("svg", "png")

_FONT: Final = "Helvetica"
_TIMEOUT_SECONDS: Final = 60


def _quote(text: str) -> str:
    """A DOT double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _edge_label(trigger: str, guards: Iterable[Guard]) -> str:
    labels = [g.label for g in guards]
    return trigger + (f"\n[{', '.join(labels)}]" if labels else "")


def diagram_dot(track: str) -> str:
    """
    The diagram of ``track`` as Graphviz DOT text.

    Raises:
        ValidationError: ``track`` is not a track.
    """
    table = track_table(track)
    spec = machine(track)
    ends = {s.name for s in table.ends}
    loops: dict[str, list[str]] = {name: [] for name in table.state_names}
    edges: dict[tuple[str, str], list[str]] = {}
    for trigger, event in spec.events.items():
        for source, transitions in event.transitions.items():
            for t in transitions:
                guards = [c.func for c in t.conditions if isinstance(c.func, Guard)]
                label = _edge_label(trigger, guards)
                dest = source if t.dest is None else t.dest
                if dest == source:
                    loops[source].append(label.replace("\n", " "))
                else:
                    edges.setdefault((source, dest), []).append(label)

    lines = [
        f"digraph {_quote(track)} {{",
        f"  graph [label={_quote(f'{table.title} ({track})')}, labelloc=t, fontsize=18,"
        f" fontname={_quote(_FONT)}, rankdir=TB, nodesep=0.4, ranksep=0.5];",
        f"  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f4f6fb\", color=\"#4a5a80\","
        f" fontname={_quote(_FONT)}, fontsize=12];",
        f"  edge [color=\"#4a5a80\", fontname={_quote(_FONT)}, fontsize=10];",
        '  "__start" [shape=point, width=0.15, label=""];',
    ]
    for name in table.state_names:
        rows = [f"<B>{_html(name)}</B>"]
        rows.extend(
            f'<FONT POINT-SIZE="9">&#8634; {_html(label)}</FONT>'
            for label in dict.fromkeys(loops[name])
        )
        attributes = [f"label=<{'<BR/>'.join(rows)}>"]
        if name in ends:
            attributes.append('peripheries=2, fillcolor="#e3f1e3"')
        lines.append(f"  {_quote(name)} [{', '.join(attributes)}];")
    lines.append(f"  \"__start\" -> {_quote(table.initial.name)};")
    for (source, dest), labels in edges.items():
        lines.append(
            f"  {_quote(source)} -> {_quote(dest)} [label={_quote(chr(10).join(labels))}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_program() -> str:
    found = shutil.which("dot")
    if found is None:
        raise ValidationError(
            "format", None, "needs Graphviz's dot program: apt-get install graphviz"
        )
    return found


def render_diagram(track: str, out: Path) -> Path:
    """
    Write the diagram of ``track`` to ``out``, as SVG or PNG by its suffix.

    Args:
        track: the track name.
        out: the file to write (``.svg`` or ``.png``); its folder must exist.

    Returns:
        ``out``.

    Raises:
        ValidationError: unknown track, unsupported suffix, or no Graphviz
            ``dot`` program installed.
        ClssHousingError: ``dot`` failed.
    """
    out = Path(out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValidationError("format", out.suffix or out.name, "must be .svg or .png")
    source = diagram_dot(track)
    program = _dot_program()
    # The command is fixed and the input is our own DOT text: nothing untrusted runs.
    done = subprocess.run(  # noqa: S603
        [program, f"-T{fmt}"],
        input=source.encode("utf-8"),
        capture_output=True,
        check=False,
        timeout=_TIMEOUT_SECONDS,
    )
    if done.returncode != 0 or not done.stdout:
        message = done.stderr.decode("utf-8", "replace").strip()[:500]
        raise ClssHousingError(f"dot failed on the {track!r} diagram: {message}")
    out.write_bytes(done.stdout)
    return out


def write_all_diagrams(folder: Path, formats: Iterable[str] = FORMATS) -> list[Path]:
    """
    Write every track's diagram into ``folder`` as ``<track>.<format>``.

    Creates ``folder`` when missing.

    Returns:
        The files written, track by track.

    Raises:
        ValidationError: an unsupported format, or no Graphviz ``dot`` program.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [render_diagram(track, folder / f"{track}.{fmt}") for track in TRACKS for fmt in formats]
