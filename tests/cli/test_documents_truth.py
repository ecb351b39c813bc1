"""CLI: letterheads in every format and command, partner aliases, civility, one-page summaries."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pytest

from clss_housing.casebook import Casebook
from clss_housing.documents.summary import render_summary
from clss_housing.ledger.entries import ConsentGiven, PaymentPlanAgreed, RentDue
from clss_housing.money import Money
from clss_housing.testing.samples import SAMPLE_DATE, build_sample_cases

from .test_documents_commands import Run, sets


AS_OF = SAMPLE_DATE.isoformat()


@pytest.fixture
def cases(db_url: str) -> dict[str, str]:
    """The sample households in the test's ledger; their case ids by name."""
    book = Casebook.open(db_url)
    try:
        return build_sample_cases(book)
    finally:
        book.close()


def header_text(path: Path) -> str:
    """The text of every page header of a DOCX."""
    document = docx.Document(str(path))
    return "\n".join(p.text for s in document.sections for p in s.header.paragraphs)


class TestLetterhead:
    def test_docx_render_carries_the_letterhead(
        self, run: Run, cases: dict[str, str], tmp_path: Path
    ) -> None:
        """`letter render --format docx --letterhead` puts the partner in the page header."""
        out = tmp_path / "l2.docx"
        result = run("letter", "render", "L2", "--case", cases["arrears"], "--lang", "fr",
                     "--format", "docx", "--out", str(out), "--letterhead", "ul-schaerbeek",
                     "--as-of", AS_OF, *sets("L2"))
        assert 0 == result.exit_code, result.output
        assert "Union des Locataires de Schaerbeek" in header_text(out)

    def test_batch_carries_the_letterhead(self, run: Run, tmp_path: Path) -> None:
        """`letter batch --letterhead` puts it on every member's letter."""
        members = tmp_path / "members.csv"
        members.write_text("tenant;tenant_address;guarantee_amount\n"
                           "Aïcha;Rue X 1, 1030 Schaerbeek;1600\n", encoding="utf-8")
        out = tmp_path / "out"
        result = run("letter", "batch", "L16", "--csv", str(members), "--lang", "fr",
                     "--out", str(out), "--format", "docx", "--as-of", AS_OF,
                     "--letterhead", "ul-schaerbeek")
        assert 0 == result.exit_code, result.output
        for path in out.glob("*.docx"):
            assert "Union des Locataires de Schaerbeek" in header_text(path)

    def test_summary_carries_the_letterhead(
        self, run: Run, cases: dict[str, str], tmp_path: Path
    ) -> None:
        """`summary --letterhead` prints the partner at the top."""
        out = tmp_path / "s.md"
        result = run("summary", cases["arrears"], "--for", "lead", "--format", "md",
                     "--out", str(out), "--as-of", AS_OF, "--letterhead", "ul-schaerbeek")
        assert 0 == result.exit_code, result.output
        assert "Union des Locataires de Schaerbeek" in out.read_text(encoding="utf-8")


class TestPartners:
    def test_alias_resolves_to_the_profile(
        self, run: Run, cases: dict[str, str], db_url: str, tmp_path: Path
    ) -> None:
        """A consent recorded under the plugin's name counts for the profile `cpas`."""
        book = Casebook.open(db_url)
        try:
            book.record(cases["lease"], ConsentGiven(date=date(2026, 1, 5),
                                                     partner="cpas-schaerbeek", scope="finance"))
        finally:
            book.close()
        for who in ("cpas", "cpas-schaerbeek"):
            out = tmp_path / f"{who}.md"
            result = run("summary", cases["lease"], "--for", who, "--format", "md",
                         "--out", str(out), "--as-of", AS_OF)
            assert 0 == result.exit_code, result.output
            text = out.read_text(encoding="utf-8")
            assert "Destinataire : cpas" in text
            assert "| CPAS de Schaerbeek (destinataire) | finances |" in text

    def test_unknown_partner_is_refused_with_a_suggestion(
        self, run: Run, cases: dict[str, str], tmp_path: Path
    ) -> None:
        """An unknown recipient exits 1, suggests the close id and writes nothing."""
        out = tmp_path / "s.md"
        result = run("summary", cases["arrears"], "--for", "cpass", "--format", "md",
                     "--out", str(out), "--as-of", AS_OF)
        assert 1 == result.exit_code
        assert "did you mean" in result.stderr
        assert "cpas" in result.stderr
        assert not out.exists()


class TestSummaryRedaction:
    def test_hidden_finance_hides_the_instalment_dates(self) -> None:
        """Without a finance consent, the plan's instalments are not in the deadlines."""
        book = Casebook.open("memory:")
        case = book.open_case(tenant="A", landlord="B", address="Rue X 1, 1030 Schaerbeek",
                              rent=Money.parse("800"), date=date(2026, 1, 1))
        book.record_many(case, [
            RentDue(date=date(2026, 1, 1), amount=Money.parse("800")),
            PaymentPlanAgreed(date=date(2026, 1, 10), instalment=Money.parse("200"),
                              first_due=date(2026, 2, 5), count=4),
        ])
        view = book.load(case)
        lead = render_summary(view, "lead", fmt="md", as_of=date(2026, 1, 20)).decode()
        other = render_summary(view, "cpas", fmt="md", as_of=date(2026, 1, 20)).decode()
        assert "05/02/2026" in lead
        assert "05/02/2026" not in other
        assert "05/03/2026" not in other

    def test_next_steps_are_words_with_a_date(self) -> None:
        """Next steps say what to do and by when, not a list of ledger kinds."""
        book = Casebook.open("memory:")
        cases = build_sample_cases(book)
        text = render_summary(book.load(cases["arrears"]), "lead", fmt="md",
                              as_of=SAMPLE_DATE).decode()
        steps = text[text.index("## Délais et prochaines étapes"):]
        assert ("**30/03/2026** Audience devant le juge de paix : préparer la note "
                "d'audience (lettre L5)") in steps

    @pytest.mark.parametrize("name", ["arrears", "eviction", "lease"])
    def test_fits_on_one_page(self, name: str) -> None:
        """A typical case's summary (no chart) fits one A4 page: its estimated height."""
        book = Casebook.open("memory:")
        cases = build_sample_cases(book)
        data = render_summary(book.load(cases[name]), "lead", fmt="docx", as_of=SAMPLE_DATE,
                              chart=False)
        assert estimated_height(data) <= A4_TEXT_HEIGHT


#: The text height of an A4 page with 2.5 cm margins, in points (24.7 cm).
A4_TEXT_HEIGHT = 700


def estimated_height(data: bytes) -> float:
    """
    The height of a DOCX body in points, estimated from its styles.

    A line of 10.5 pt Arial is 13 pt high and holds 85 characters on 16 cm; each
    paragraph adds its style's space before and after; a table row is 16 pt (more
    lines when a cell is long), plus 8 pt around the table.
    """
    document = docx.Document(io.BytesIO(data))
    height = 0.0
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = paragraph.style
        assert style is not None
        fmt = style.paragraph_format
        spacing = sum(x.pt for x in (fmt.space_before, fmt.space_after) if x is not None)
        size = style.font.size
        line = 13.0 if size is None else size.pt * 1.25
        height += line * (1 + len(text) // 85) + spacing
    for table in document.tables:
        height += 8
        for row in table.rows:
            longest = max(len(cell.text) for cell in row.cells)
            height += 16 * (1 + longest // 60)
    return height
