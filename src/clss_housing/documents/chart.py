"""The timeline chart of a case summary (PNG and SVG), drawn with matplotlib.

The chart shows what the recipient may see: the arrears over time (only when
finance facts are visible), the procedure milestones by category, the open
deadlines and the summary's date.  Labels are entry kinds and rule names,
never free text.  matplotlib is optional: without it :func:`timeline_chart`
returns ``None`` and the summary says the chart is unavailable.

matplotlib is used through its object API (``Figure`` and the Agg canvas), so
no global backend is switched and nothing is shown on screen.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Final, Literal

import attrs


__all__ = ["ChartEvent", "available", "timeline_chart"]

_LANES: Final = ("legal", "housing", "finance", "health", "general")
_COLOURS: Final = {
    "legal": "#1f4e79", "housing": "#2e7d32", "finance": "#b26a00", "health": "#8e24aa",
    "general": "#546e7a", "deadline": "#c62828",
}
_LANE_NAMES: Final = {
    "fr": {"legal": "juridique", "housing": "logement", "finance": "finances", "health": "santé",
           "general": "général", "deadline": "délais", "arrears": "Arriérés (€)",
           "today": "aujourd'hui"},
    "nl": {"legal": "juridisch", "housing": "huisvesting", "finance": "financiën",
           "health": "gezondheid", "general": "algemeen", "deadline": "termijnen",
           "arrears": "Achterstal (€)", "today": "vandaag"},
    "en": {"legal": "legal", "housing": "housing", "finance": "finance", "health": "health",
           "general": "general", "deadline": "deadlines", "arrears": "Arrears (€)",
           "today": "today"},
}


@attrs.frozen
class ChartEvent:
    """One mark on the timeline: a date, a lane (category or ``deadline``) and a short label."""

    day: date
    lane: str
    label: str


def available() -> bool:
    """Matplotlib can be imported."""
    try:
        # lazy: matplotlib is heavy and only needed to draw a chart.
        import matplotlib  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the installation
        return False
    return True


def timeline_chart(
    events: Sequence[ChartEvent],
    arrears: Sequence[tuple[date, int]] | None,
    *,
    as_of: date,
    lang: str,
    fmt: Literal["png", "svg"] = "png",
    width_cm: float = 16.0,
) -> bytes | None:
    """
    Draw the timeline; ``None`` when matplotlib is not installed.

    Args:
        events: milestones and deadlines to mark.
        arrears: ``(date, cents)`` steps of the arrears, or ``None`` to leave the curve out.
        as_of: the summary's date (a vertical line).
        lang: language of the lane names.
        fmt: ``png`` (150 dpi) or ``svg`` (deterministic: fixed ids, no date).
        width_cm: the width of the picture.
    """
    try:
        # lazy: matplotlib is heavy and only needed to draw a chart.
        from matplotlib import dates as mdates
        from matplotlib import rc_context
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:  # pragma: no cover - depends on the installation
        return None
    names = _LANE_NAMES.get(lang, _LANE_NAMES["en"])
    lanes = [lane for lane in _LANES if any(e.lane == lane for e in events)]
    if any(e.lane == "deadline" for e in events):
        lanes.append("deadline")
    days = [e.day for e in events] + [d for d, _ in arrears or ()] + [as_of]
    start, end = min(days) - timedelta(days=10), max(days) + timedelta(days=10)
    with rc_context({"svg.hashsalt": "clss-housing", "font.size": 7,
                     "svg.fonttype": "none"}):
        height = 1.0 + (1.3 if arrears else 0) + 0.32 * len(lanes)
        figure = Figure(figsize=(width_cm / 2.54, height), dpi=150, layout="constrained")
        FigureCanvasAgg(figure)
        rows = 2 if arrears else 1
        ratios = [1.2, 1.0] if arrears else [1.0]
        axes = figure.subplots(rows, 1, sharex=True, height_ratios=ratios, squeeze=False)
        marks = axes[-1][0]
        if arrears:
            curve = axes[0][0]
            xs = [d for d, _ in arrears] + [as_of]
            ys = [c / 100 for _, c in arrears] + [arrears[-1][1] / 100]
            curve.step(xs, ys, where="post", color=_COLOURS["finance"], linewidth=1.4)
            curve.fill_between(xs, ys, step="post", alpha=0.15, color=_COLOURS["finance"])
            curve.set_ylabel(names["arrears"])
            curve.grid(axis="y", linewidth=0.3)
            curve.axvline(as_of, color="#333333", linestyle="--", linewidth=0.8)
            curve.set_ylim(bottom=0)
        for row, lane in enumerate(lanes):
            picked = [e for e in events if e.lane == lane]
            y = len(lanes) - row
            marker = "v" if lane == "deadline" else "o"
            marks.scatter([e.day for e in picked], [y] * len(picked), s=18, marker=marker,
                          color=_COLOURS.get(lane, "#546e7a"), zorder=3)
            for index, event in enumerate(picked):
                marks.annotate(event.label, (mdates.date2num(event.day), y),  # type: ignore[no-untyped-call]
                               xytext=(2, (4, -8, 10)[index % 3]),
                               textcoords="offset points", fontsize=5.5, color="#333333")
        marks.set_yticks(range(len(lanes), 0, -1), [names.get(lane, lane) for lane in lanes])
        marks.set_ylim(0.3, len(lanes) + 0.8)
        marks.axvline(as_of, color="#333333", linestyle="--", linewidth=0.8)
        marks.annotate(names["today"], (mdates.date2num(as_of), len(lanes) + 0.55),  # type: ignore[no-untyped-call]
                       fontsize=5.5, ha="center", color="#333333")
        marks.grid(axis="x", linewidth=0.3)
        marks.set_xlim(start, end)
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)  # type: ignore[no-untyped-call]
        marks.xaxis.set_major_locator(locator)
        marks.xaxis.set_major_formatter(mdates.DateFormatter("%d/%m/%Y"))  # type: ignore[no-untyped-call]
        for axis_row in axes:
            for side in ("top", "right"):
                axis_row[0].spines[side].set_visible(False)
        buffer = io.BytesIO()
        if fmt == "svg":
            figure.savefig(buffer, format="svg", metadata={"Date": None})
        else:
            figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
