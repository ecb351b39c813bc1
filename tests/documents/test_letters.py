"""Every letter renders in French and Dutch, in text, Markdown, HTML and DOCX."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from clss_housing.documents.catalogue import letter, letter_ids
from clss_housing.documents.formatting import format_date, format_money
from clss_housing.documents.letterhead import Letterhead
from clss_housing.documents.render import FORMATS, render_letter, write_letter
from clss_housing.errors import ValidationError
from clss_housing.testing.samples import (
    SAMPLE_CASE,
    SAMPLE_DATE,
    SAMPLE_LETTERHEAD,
    sample_values,
)
from clss_housing.view import CaseView

from .conftest import docx_text, style_name, text_of


ALL = [(letter_id, lang) for letter_id in letter_ids() if letter_id in SAMPLE_CASE
       for lang in ("fr", "nl")]


def render(views: dict[str, CaseView], letter_id: str, lang: str, fmt: str,
           letterhead: Letterhead | None = None) -> bytes:
    return render_letter(views[SAMPLE_CASE[letter_id]], letter_id, lang=lang, fmt=fmt,
                         values=sample_values(letter_id, lang), as_of=SAMPLE_DATE,
                         letterhead=letterhead)


class TestEveryLetter:
    @pytest.mark.parametrize(("letter_id", "lang"), ALL)
    def test_renders_in_every_format(self, views: dict[str, CaseView], letter_id: str,
                                     lang: str) -> None:
        """It renders the letter in all four formats, each holding the same key facts."""
        spec = letter(letter_id)
        view = views[SAMPLE_CASE[letter_id]]
        expected = [view.opened.tenant, format_date(SAMPLE_DATE, lang), spec.legal_basis(lang)[0]]
        if spec.registered:
            expected.append("Recommandé" if lang == "fr" else "Aangetekend")
        for fmt in FORMATS:
            text = text_of(fmt, render(views, letter_id, lang, fmt))
            for fact in expected:
                assert fact.casefold() in text.casefold(), (fmt, fact)
            assert "\ue000" not in text

    @pytest.mark.parametrize(("letter_id", "lang"), [
        ("L1", "fr"), ("L1", "nl"), ("L2", "fr"), ("L3", "nl"), ("L5", "fr"), ("referral", "nl"),
    ])
    def test_amounts_in_the_letters_language(self, views: dict[str, CaseView], letter_id: str,
                                             lang: str) -> None:
        """It writes the arrears as Babel does for the letter's language, in every format."""
        arrears = views["arrears"].balance(SAMPLE_DATE).arrears
        amount = format_money(arrears, lang)
        assert amount == ("2\u202f825,00\xa0€" if lang == "fr" else "€\xa02.825,00")
        for fmt in FORMATS:
            assert amount in text_of(fmt, render(views, letter_id, lang, fmt))


class TestDocx:
    @pytest.mark.parametrize(("letter_id", "lang"), ALL)
    def test_round_trip_of_every_letter(self, views: dict[str, CaseView], letter_id: str,
                                        lang: str) -> None:
        """python-docx reads back the letterhead, the letter's blocks and every table."""
        data = render(views, letter_id, lang, "docx", letterhead=SAMPLE_LETTERHEAD)
        document = docx.Document(io.BytesIO(data))
        header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
        assert SAMPLE_LETTERHEAD.name in header
        styles = {style_name(p) for p in document.paragraphs}
        assert {"Sender", "Recipient", "Place Date", "Subject", "Signature"} <= styles
        markdown = render(views, letter_id, lang, "md").decode()
        rules = [line for line in markdown.splitlines()
                 if line.startswith("|") and set(line) <= set("|-: ")]
        assert len(rules) == len(document.tables)
        subject = letter(letter_id).title[lang]
        assert any(p.text for p in document.paragraphs if style_name(p) == "Subject"), subject

    def test_is_a_real_letter(self, views: dict[str, CaseView]) -> None:
        """It builds sender, addressee, place and date, subject, tables and a signature."""
        data = render(views, "L1", "fr", "docx", letterhead=SAMPLE_LETTERHEAD)
        document = docx.Document(io.BytesIO(data))
        styles = [style_name(p) for p in document.paragraphs]
        for name in ("Sender", "Recipient", "Place Date", "Registered", "Subject",
                     "Heading 2", "Signature", "Small"):
            assert name in styles
        by_style = {style_name(p): p.text for p in document.paragraphs}
        assert "Schaerbeek, le 2 mars 2026" == by_style["Place Date"]
        assert by_style["Subject"].startswith("Objet : Votre mise en demeure du 5 janvier 2026")
        assert "Recommandé" == by_style["Registered"]
        assert 2 == len(document.tables)
        assert ["N°", "Échéance", "Montant"] == [c.text for c in document.tables[1].rows[0].cells]
        assert "250,00\xa0€" == document.tables[1].rows[1].cells[2].text

    def test_letterhead_and_page_numbers(self, views: dict[str, CaseView]) -> None:
        """It puts the letterhead in the page header and PAGE/NUMPAGES fields in the footer."""
        data = render(views, "L16", "nl", "docx", letterhead=SAMPLE_LETTERHEAD)
        document = docx.Document(io.BytesIO(data))
        header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
        assert SAMPLE_LETTERHEAD.name in header
        footer = document.sections[0].footer._element.xml
        assert "PAGE" in footer
        assert "NUMPAGES" in footer
        assert "Pagina" in footer
        assert "nl-BE" in zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()

    def test_without_letterhead_no_header(self, views: dict[str, CaseView]) -> None:
        """It leaves the page header empty without a letterhead."""
        document = docx.Document(io.BytesIO(render(views, "L9", "fr", "docx")))
        assert "" == "".join(p.text for p in document.sections[0].header.paragraphs)

    def test_is_a_valid_package(self, views: dict[str, CaseView]) -> None:
        """It writes a zip whose members all check out, with no leftover thumbnail."""
        data = render(views, "L5", "nl", "docx")
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            assert package.testzip() is None
            names = package.namelist()
        assert "word/document.xml" in names
        assert "docProps/thumbnail.jpeg" not in names

    def test_same_letter_same_bytes(self, views: dict[str, CaseView]) -> None:
        """It gives the same bytes for the same letter (fixed zip timestamps)."""
        assert render(views, "L7", "fr", "docx") == render(views, "L7", "fr", "docx")


class TestTextFormats:
    def test_html_is_a_page(self, views: dict[str, CaseView]) -> None:
        """It writes a standalone HTML5 page in the letter's language."""
        page = render(views, "L2", "nl", "html").decode()
        assert page.startswith("<!DOCTYPE html>")
        assert '<html lang="nl-BE">' in page
        assert "<table>" in page
        assert "<h2>" in page

    def test_markdown_structure(self, views: dict[str, CaseView]) -> None:
        """It writes Markdown headings, bold subject and pipe tables."""
        text = render(views, "L1", "nl", "md").decode()
        assert "## Erkend bedrag" in text
        assert "**Aangetekend**" in text
        assert "|--:|---|--:|" in text

    def test_text_has_no_markup(self, views: dict[str, CaseView]) -> None:
        """It writes plain text without markup characters of its own."""
        text = render(views, "L3", "fr", "txt").decode()
        assert "**" not in text
        assert "::" not in text
        assert "<" not in text


class TestWriting:
    def test_writes_to_a_file(self, views: dict[str, CaseView], tmp_path: Path) -> None:
        """It writes the file named, in the format of its suffix."""
        out = write_letter(views["lease"], "L10", lang="fr", out=tmp_path / "lettre.docx",
                           values=sample_values("L10", "fr"), as_of=SAMPLE_DATE)
        assert "Mise en demeure" in docx_text(out.read_bytes())

    def test_writes_into_a_folder(self, views: dict[str, CaseView], tmp_path: Path) -> None:
        """It names the file itself when given a folder."""
        out = write_letter(views["lease"], "L10", lang="nl", out=tmp_path, fmt="md",
                           values=sample_values("L10", "nl"), as_of=SAMPLE_DATE)
        assert tmp_path == out.parent
        assert out.name == f"L10-{views['lease'].case_id}-nl.md"

    def test_needs_a_format(self, views: dict[str, CaseView], tmp_path: Path) -> None:
        """It refuses an unknown format before rendering."""
        with pytest.raises(ValidationError):
            write_letter(views["lease"], "L10", lang="fr", out=tmp_path / "x.pdf")
        with pytest.raises(ValidationError):
            render_letter(views["lease"], "L10", lang="fr", fmt="pdf")

    def test_refuses_a_language_without_template(self, views: dict[str, CaseView]) -> None:
        """It refuses a language the letter has no template in."""
        with pytest.raises(ValidationError):
            render_letter(views["lease"], "L10", lang="de", fmt="txt")
