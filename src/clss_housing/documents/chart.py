"""The timeline chart of a case summary (PNG and SVG).

The chart shows what the recipient may see: the arrears over time (only when
finance facts are visible), the procedure milestones by category, the open
deadlines and the summary's date.  Labels are entry kinds and rule names,
never free text.

matplotlib is optional (the ``charts`` extra: ``pip install "clss-housing[charts]"``).
With it, :func:`timeline_chart` draws PNG and SVG through matplotlib's object API
(``Figure`` and the Agg canvas), so no global backend is switched and nothing is
shown on screen.  Without it, SVG is drawn by :func:`svg_timeline`, a small
writer of this module (same lanes, marks, labels and arrears curve, plainer
axes), and PNG is not available (:func:`timeline_chart` returns ``None``): a
raster picture needs a font renderer.  The HTML summary embeds the SVG either
way; a DOCX summary, which needs a raster picture, says the chart is left out.
"""

from __future__ import annotations

import importlib.util
import io
import itertools
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Final, Literal
from xml.sax.saxutils import escape

import attrs


__all__ = ["ChartEvent", "available", "svg_timeline", "timeline_chart"]

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
    """Matplotlib is installed (PNG charts, and matplotlib's SVG); it is not imported here."""
    try:
        return importlib.util.find_spec("matplotlib") is not None
    except (ImportError, ValueError):  # a broken or blocked installation
        return False


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
    Draw the timeline; ``None`` for PNG when matplotlib is not installed.

    Args:
        events: milestones and deadlines to mark.
        arrears: ``(date, cents)`` steps of the arrears, or ``None`` to leave the curve out.
        as_of: the summary's date (a vertical line).
        lang: language of the lane names.
        fmt: ``png`` (150 dpi) or ``svg`` (deterministic: fixed ids, no date).  Without
            matplotlib, ``svg`` comes from :func:`svg_timeline`.
        width_cm: the width of the picture.
    """
    try:
        # lazy: matplotlib is heavy and only needed to draw a chart.
        from matplotlib import dates as mdates
        from matplotlib import rc_context
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        if fmt == "svg":
            return svg_timeline(events, arrears, as_of=as_of, lang=lang, width_cm=width_cm)
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


# -- the SVG writer (no matplotlib) ----------------------------------------------------------------

_WIDTH: Final = 640
_LEFT: Final = 86
_RIGHT: Final = 16
_LANE_HEIGHT: Final = 26
_CURVE_HEIGHT: Final = 110
_AXIS_HEIGHT: Final = 22
_TOP: Final = 20
_MONTH_STEPS: Final = (1, 2, 3, 6, 12, 24, 60)


def _month_ticks(start: date, end: date) -> list[date]:
    """First days of months from *start* to *end*, evenly spaced, at most 8."""
    first = start if start.day == 1 else date(start.year + start.month // 12,
                                               start.month % 12 + 1, 1)
    months = (end.year - first.year) * 12 + end.month - first.month + 1
    step = next((s for s in _MONTH_STEPS if months <= 8 * s), 12 * (months // 96 + 1))
    ticks = []
    for index in range(months // step + 1):
        total = first.month - 1 + index * step
        tick = date(first.year + total // 12, total % 12 + 1, 1)
        if tick <= end:
            ticks.append(tick)
    return ticks


def _amount_ticks(top_cents: int) -> list[int]:
    """Round euro amounts (in cents) from 0 to at least *top_cents*, at most five."""
    top = max(1, -(-top_cents // 100))  # whole euros, rounded up
    step = 1
    while -(-top // step) > 4:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return [n * step * 100 for n in range(-(-top // step) + 1)]


def _euros(cents: int) -> str:
    whole = str(cents // 100)
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return "\u202f".join(groups)


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def svg_timeline(
    events: Sequence[ChartEvent],
    arrears: Sequence[tuple[date, int]] | None,
    *,
    as_of: date,
    lang: str,
    width_cm: float = 16.0,
) -> bytes:
    """
    Draw the timeline as SVG without matplotlib: same content, plainer drawing.

    The picture is deterministic (the same input gives the same bytes) and holds
    only the lane names, the entries' kind labels, the dates and the arrears
    amounts given, all escaped.

    Args:
        events: milestones and deadlines to mark.
        arrears: ``(date, cents)`` steps of the arrears, or ``None`` to leave the curve out.
        as_of: the summary's date (a dashed vertical line).
        lang: language of the lane names (``fr``, ``nl``, ``en``).
        width_cm: the width of the picture.

    Returns:
        The UTF-8 SVG document.
    """
    names = _LANE_NAMES.get(lang, _LANE_NAMES["en"])
    lanes = [lane for lane in _LANES if any(e.lane == lane for e in events)]
    if any(e.lane == "deadline" for e in events):
        lanes.append("deadline")
    days = [e.day for e in events] + [d for d, _ in arrears or ()] + [as_of]
    start, end = min(days) - timedelta(days=10), max(days) + timedelta(days=10)
    span = max(1, (end - start).days)
    plot_width = _WIDTH - _LEFT - _RIGHT

    def x(day: date) -> float:
        return _LEFT + plot_width * (day - start).days / span

    curve_height = _CURVE_HEIGHT if arrears else 0
    lanes_top = _TOP + curve_height + (12 if arrears else 0)
    lanes_height = _LANE_HEIGHT * max(1, len(lanes)) + 14
    axis_y = lanes_top + lanes_height
    height = axis_y + _AXIS_HEIGHT
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width_cm:g}cm" '
        f'height="{width_cm * height / _WIDTH:.2f}cm" viewBox="0 0 {_WIDTH} {height}" '
        'font-family="DejaVu Sans, Arial, sans-serif" font-size="9" role="img">',
        f"<title>{escape(names['arrears'] if arrears else names['legal'])} — "
        f"{as_of.isoformat()}</title>",
        f'<rect width="{_WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    if arrears:
        top_cents = max(c for _, c in arrears)
        ticks = _amount_ticks(top_cents)
        scale_top = max(ticks[-1], 1)
        base = _TOP + curve_height

        def y(cents: int) -> float:
            return base - curve_height * cents / scale_top

        for tick in ticks:
            out.append(f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{_num(y(tick))}" '
                       f'y2="{_num(y(tick))}" stroke="#dddddd" stroke-width="0.5"/>')
            out.append(f'<text x="{_LEFT - 4}" y="{_num(y(tick) + 3)}" text-anchor="end">'
                       f"{_euros(tick)}</text>")
        points = []
        steps = [*arrears, (as_of, arrears[-1][1])]
        for (day, cents), (next_day, _) in itertools.pairwise(steps):
            points += [(x(day), y(cents)), (x(next_day), y(cents))]
        line = " ".join(f"{_num(px)},{_num(py)}" for px, py in points)
        area = f"{_num(points[0][0])},{_num(base)} {line} {_num(points[-1][0])},{_num(base)}"
        colour = _COLOURS["finance"]
        out.append(f'<polygon points="{area}" fill="{colour}" fill-opacity="0.15"/>')
        out.append(f'<polyline points="{line}" fill="none" stroke="{colour}" '
                   'stroke-width="1.4"/>')
        out.append(f'<text x="10" y="{_num(_TOP + curve_height / 2)}" '
                   f'transform="rotate(-90 10 {_num(_TOP + curve_height / 2)})" '
                   f'text-anchor="middle">{escape(names["arrears"])}</text>')
    for row, lane in enumerate(lanes):
        lane_y = lanes_top + 14 + _LANE_HEIGHT * row + _LANE_HEIGHT / 2
        colour = _COLOURS.get(lane, "#546e7a")
        out.append(f'<text x="{_LEFT - 6}" y="{_num(lane_y + 3)}" text-anchor="end">'
                   f"{escape(names.get(lane, lane))}</text>")
        out.append(f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{_num(lane_y)}" '
                   f'y2="{_num(lane_y)}" stroke="#eeeeee" stroke-width="0.5"/>')
        picked = [e for e in events if e.lane == lane]
        for index, event in enumerate(picked):
            cx = x(event.day)
            if lane == "deadline":
                out.append(f'<polygon points="{_num(cx - 4)},{_num(lane_y - 3)} '
                           f'{_num(cx + 4)},{_num(lane_y - 3)} {_num(cx)},{_num(lane_y + 4)}" '
                           f'fill="{colour}"/>')
            else:
                out.append(f'<circle cx="{_num(cx)}" cy="{_num(lane_y)}" r="3.5" '
                           f'fill="{colour}"/>')
            dy = (-5, 11, -12)[index % 3]
            # about 4 px a character at font-size 7: a label that would leave the picture
            # is written leftwards of its mark
            if cx + 4 + 4 * len(event.label) > _WIDTH - 2:
                anchor, tx = ' text-anchor="end"', cx - 4
            else:
                anchor, tx = "", cx + 4
            out.append(f'<text x="{_num(tx)}" y="{_num(lane_y + dy)}" font-size="7"{anchor} '
                       f'fill="#333333">{escape(event.label)}</text>')
    today = x(as_of)
    out.append(f'<line x1="{_num(today)}" x2="{_num(today)}" y1="{_TOP}" y2="{axis_y}" '
               'stroke="#333333" stroke-width="0.8" stroke-dasharray="4 3"/>')
    out.append(f'<text x="{_num(today)}" y="{_TOP - 5}" text-anchor="middle" '
               f'font-size="7" fill="#333333">{escape(names["today"])}</text>')
    out.append(f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{axis_y}" y2="{axis_y}" '
               'stroke="#333333" stroke-width="0.8"/>')
    for month in _month_ticks(start, end):
        tx = x(month)
        out.append(f'<line x1="{_num(tx)}" x2="{_num(tx)}" y1="{axis_y}" y2="{axis_y + 4}" '
                   'stroke="#333333" stroke-width="0.8"/>')
        out.append(f'<text x="{_num(tx)}" y="{axis_y + 14}" text-anchor="middle">'
                   f"{month.strftime('%d/%m/%Y')}</text>")
    out.append("</svg>")
    return ("\n".join(out) + "\n").encode("utf-8")
