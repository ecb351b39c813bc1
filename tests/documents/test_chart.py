"""The timeline chart without matplotlib: the SVG writer, and summaries that say what they lack."""

from __future__ import annotations

import base64
import io
import re
import sys
import zipfile
from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clss_housing.documents import chart
from clss_housing.documents.chart import ChartEvent, svg_timeline, timeline_chart
from clss_housing.documents.summary import render_summary, summary_chart
from clss_housing.testing.samples import SAMPLE_DATE
from clss_housing.view import CaseView

from .conftest import docx_text


SVG = "{http://www.w3.org/2000/svg}"
EVENTS = [
    ChartEvent(date(2026, 1, 5), "legal", "Mise en demeure"),
    ChartEvent(date(2026, 2, 10), "housing", "Visite <DIRL> & co"),
    ChartEvent(date(2026, 3, 1), "deadline", "Délai d'attente"),
]
ARREARS = [(date(2026, 1, 1), 75000), (date(2026, 2, 1), 150000), (date(2026, 2, 15), 90000)]


@pytest.fixture
def without_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import matplotlib`` fail, as on an installation without the charts extra."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)


def _marks_x(svg: bytes) -> list[float]:
    root = ElementTree.fromstring(svg)
    xs = [float(c.get("cx", "0")) for c in root.iter(f"{SVG}circle")]
    for polygon in root.iter(f"{SVG}polygon"):
        if polygon.get("fill-opacity") is None:  # the deadline triangles, not the curve's area
            xs += [float(p.split(",")[0]) for p in polygon.get("points", "").split()]
    return xs


class TestSvgWriter:
    def test_it_draws_lanes_labels_curve_and_today_in_the_language(self) -> None:
        """It names the lanes in French, marks each event, draws the curve and today's line."""
        svg = svg_timeline(EVENTS, ARREARS, as_of=date(2026, 2, 20), lang="fr")
        root = ElementTree.fromstring(svg)
        texts = [t.text for t in root.iter(f"{SVG}text")]
        for name in ("juridique", "logement", "délais", "Arriérés (€)", "aujourd'hui",
                     "Mise en demeure", "Visite <DIRL> & co", "Délai d'attente"):
            assert name in texts, name
        assert "1\u202f500" in texts  # a round amount of the arrears axis, in euros
        assert 2 == len(list(root.iter(f"{SVG}circle")))
        assert 1 == len(list(root.iter(f"{SVG}polyline")))
        assert any(t and t.startswith("01/02/2026") for t in texts)
        assert b"&lt;DIRL&gt; &amp; co" in svg

    def test_without_arrears_it_leaves_the_curve_out(self) -> None:
        """It draws no curve and no amount when finance is not visible."""
        svg = svg_timeline(EVENTS, None, as_of=date(2026, 2, 20), lang="nl")
        root = ElementTree.fromstring(svg)
        assert [] == list(root.iter(f"{SVG}polyline"))
        assert "Achterstal (€)" not in svg.decode()
        assert "juridisch" in svg.decode()

    @settings(max_examples=60, deadline=None)
    @given(
        offsets=st.lists(st.tuples(st.integers(0, 3000), st.sampled_from(
            ["legal", "housing", "finance", "health", "general", "deadline"]),
            st.text(max_size=30)), min_size=1, max_size=12),
        amounts=st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 10**9)), max_size=6),
        today=st.integers(0, 3000),
        lang=st.sampled_from(["fr", "nl", "en"]),
    )
    def test_any_input_gives_the_same_well_formed_svg_with_marks_inside(
        self, offsets: list[tuple[int, str, str]], amounts: list[tuple[int, int]], today: int,
        lang: str,
    ) -> None:
        """It is valid XML, the same bytes every time, every mark inside the plot."""
        origin = date(2020, 1, 1)
        events = [ChartEvent(origin + timedelta(days=d), lane,
                             "".join(ch for ch in label if ch.isprintable()))
                  for d, lane, label in offsets]
        arrears = sorted((origin + timedelta(days=d), c) for d, c in amounts) or None
        as_of = origin + timedelta(days=today)
        svg = svg_timeline(events, arrears, as_of=as_of, lang=lang)
        assert svg == svg_timeline(events, arrears, as_of=as_of, lang=lang)
        ElementTree.fromstring(svg)
        low, high = chart._LEFT - 4.05, chart._WIDTH - chart._RIGHT + 4.05
        assert all(low <= x <= high for x in _marks_x(svg))


@pytest.mark.usefixtures("without_matplotlib")
class TestWithoutMatplotlib:
    def test_svg_comes_from_the_writer_and_png_is_not_available(self) -> None:
        """It says matplotlib is absent, draws SVG with the writer and gives no PNG."""
        assert not chart.available()
        as_of = date(2026, 2, 20)
        assert svg_timeline(EVENTS, ARREARS, as_of=as_of, lang="en") == timeline_chart(
            EVENTS, ARREARS, as_of=as_of, lang="en", fmt="svg")
        assert timeline_chart(EVENTS, ARREARS, as_of=as_of, lang="en", fmt="png") is None

    def test_html_summary_embeds_the_svg(self, views: dict[str, CaseView]) -> None:
        """The HTML summary still has its chart, drawn without matplotlib."""
        page = render_summary(views["arrears"], "lead", fmt="html", as_of=SAMPLE_DATE).decode()
        found = re.search(r'data:image/svg\+xml;base64,([^"]+)"', page)
        assert found is not None
        svg = base64.b64decode(found.group(1))
        assert b"matplotlib" not in svg
        ElementTree.fromstring(svg)
        assert "Word" not in page  # no "chart not included" note in HTML
        assert summary_chart(views["arrears"], "lead", fmt="png", as_of=SAMPLE_DATE) is None

    def test_docx_summary_says_the_chart_is_left_out(self, views: dict[str, CaseView]) -> None:
        """The DOCX summary has no picture and says why, in the case's language."""
        data = render_summary(views["arrears"], "lead", fmt="docx", as_of=SAMPLE_DATE)
        media = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
                 if n.startswith("word/media/")]
        assert [] == media
        text = docx_text(data)
        assert "Graphique non inclus : un document Word demande matplotlib" in text
        assert "clss-housing[charts]" in text


def test_with_matplotlib_the_docx_summary_has_no_missing_note(views: dict[str, CaseView]) -> None:
    """With the charts extra, the DOCX has its picture and no note about a missing chart."""
    pytest.importorskip("matplotlib")
    data = render_summary(views["arrears"], "lead", fmt="docx", as_of=SAMPLE_DATE)
    assert "Graphique non inclus" not in docx_text(data)
