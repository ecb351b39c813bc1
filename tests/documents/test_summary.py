"""Case summaries: every section, three formats, the timeline chart, the case's language."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from clss_housing.documents.summary import render_summary, summary_chart, write_summary
from clss_housing.errors import ValidationError
from clss_housing.testing.samples import SAMPLE_DATE, SAMPLE_LETTERHEAD
from clss_housing.view import CaseView

from .conftest import html_text, style_name


class TestSections:
    def test_every_section_in_the_cases_language(self, views: dict[str, CaseView]) -> None:
        """It writes every section, in Dutch for a Dutch case."""
        text = render_summary(views["eviction"], "lead", fmt="md", as_of=SAMPLE_DATE).decode()
        for heading in ("# Overzicht van het dossier", "## Partijen",
                        "## Stand van de procedures", "## Saldo en achterstal",
                        "## Termijnen en volgende stappen", "## Onregelmatigheden",
                        "## Tijdlijn", "## Betrokken partners"):
            assert heading in text
        assert "Datum: 2 maart 2026" in text
        assert "opgeschort (wintermoratorium)" in text
        assert "€\xa05.740,00" in text

    def test_french_case_in_french(self, views: dict[str, CaseView]) -> None:
        """It writes a French case's summary in French, and English when asked."""
        assert "# Synthèse du dossier" in render_summary(
            views["arrears"], "lead", fmt="md", as_of=SAMPLE_DATE).decode()
        assert "# Case summary" in render_summary(
            views["arrears"], "lead", fmt="md", as_of=SAMPLE_DATE, lang="en").decode()

    def test_payment_plan_needs_finance_consent(self, views: dict[str, CaseView]) -> None:
        """It shows the payment plan section's content only with finance visible."""
        text = render_summary(views["eviction"], "ais", fmt="md", as_of=SAMPLE_DATE).decode()
        assert "Niet getoond" in text


class TestFormats:
    def test_html_embeds_the_chart(self, views: dict[str, CaseView]) -> None:
        """It embeds the timeline as an SVG data URI in HTML."""
        page = render_summary(views["arrears"], "lead", fmt="html", as_of=SAMPLE_DATE).decode()
        assert 'src="data:image/svg+xml;base64,' in page
        assert "Aïcha El Idrissi-Dupont" in html_text(page.encode())

    def test_docx_embeds_the_chart(self, views: dict[str, CaseView]) -> None:
        """It embeds the timeline as a PNG picture in DOCX."""
        data = render_summary(views["arrears"], "cpas", fmt="docx", as_of=SAMPLE_DATE,
                              letterhead=SAMPLE_LETTERHEAD)
        package = zipfile.ZipFile(io.BytesIO(data))
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        assert 1 == len(media)
        assert package.read(media[0])[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(package.read(media[0])) > 5000
        document = docx.Document(io.BytesIO(data))
        assert 1 == len(document.inline_shapes)
        assert "Title" in {style_name(p) for p in document.paragraphs}

    def test_chart_alone(self, views: dict[str, CaseView]) -> None:
        """It draws the chart alone as PNG or SVG, the SVG the same every time."""
        svg = summary_chart(views["eviction"], "lead", fmt="svg", as_of=SAMPLE_DATE)
        assert svg is not None
        assert svg.startswith(b"<?xml")
        assert svg == summary_chart(views["eviction"], "lead", fmt="svg", as_of=SAMPLE_DATE)
        png = summary_chart(views["eviction"], "lead", fmt="png", as_of=SAMPLE_DATE)
        assert png is not None
        assert png.startswith(b"\x89PNG")

    def test_refuses_unknown_format(self, views: dict[str, CaseView]) -> None:
        """It refuses a format it cannot write."""
        with pytest.raises(ValidationError):
            render_summary(views["lease"], "lead", fmt="pdf")

    def test_write(self, views: dict[str, CaseView], tmp_path: Path) -> None:
        """It writes the summary in the format of the file's suffix."""
        out = write_summary(views["lease"], "lead", out=tmp_path / "s.md", as_of=SAMPLE_DATE)
        assert out.read_text(encoding="utf-8").startswith("# Synthèse du dossier")
