"""The tenant's "where you stand" sheet: four languages, RTL, truth and no leaks."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from importlib import resources
from typing import Any

import attrs
import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from clss_housing.casebook import Casebook
from clss_housing.deadlines import case_deadlines
from clss_housing.documents.sheet import (
    SHEET_FORMATS,
    SHEET_LANGS,
    Sheet,
    build_sheet,
    glossary,
    glossary_keys,
    render_sheet,
    state_keys,
)
from clss_housing.errors import ValidationError
from clss_housing.ledger.codec import decode_row, index_vault
from clss_housing.ledger.entries import (
    CaseOpened,
    Entry,
    Note,
    NoticeReceived,
    PaymentPlanAgreed,
)
from clss_housing.money import Money
from clss_housing.testing.samples import build_sample_cases
from clss_housing.view import CaseView
from clss_housing.workflow import TRACKS, all_states, initial_states
from tests.strategies import case_histories, encode_history


AS_OF = date(2026, 2, 20)
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
#: Entries that may read the same as in English (a bare placeholder, an international word).
SAME_AS_ENGLISH = {"deadline.other", "help.contact", "date.separator"}


def _one_instalment(deadlines: list) -> list:  # type: ignore[type-arg]
    """The engine's deadlines as the sheet lists them: the next plan instalment only."""
    out, seen = [], False
    for d in deadlines:
        if d.rule == "payment_plan_instalment":
            if seen:
                continue
            seen = True
        out.append(d)
    return out


def words_date(value: date, lang: str) -> str:
    """A date as the sheet writes it in ``lang`` (Babel, day month year)."""
    from babel.dates import format_date

    locale = {"fr": "fr_BE", "nl": "nl_BE", "ar": "ar", "en": "en_GB"}[lang]
    return format_date(value, "d MMMM y", locale=locale)


@pytest.fixture(scope="module")
def book() -> Casebook:
    book = Casebook.open("memory:")
    build_sample_cases(book)
    return book


def _sheet(book: Casebook, case: str, lang: str, **kw: Any) -> Sheet:
    env = book.env
    return build_sheet(book.load(case), AS_OF, lang, rules=env.rules,
                       settings=env.settings, workflow=env.workflow, partners=env.partners, **kw)


class TestGlossary:
    @pytest.mark.parametrize("lang", SHEET_LANGS)
    def test_every_key_translated(self, lang: str) -> None:
        """Each glossary has exactly the keys the sheet uses, none empty."""
        table = glossary(lang)
        assert set(glossary_keys()) == set(table)
        assert [k for k, v in table.items() if not v.strip()] == []

    @pytest.mark.parametrize("lang", ["fr", "nl", "ar"])
    def test_no_entry_left_in_english(self, lang: str) -> None:
        """An entry identical to the English one is an untranslated string."""
        english, table = glossary("en"), glossary(lang)
        same = {k for k in table if table[k] == english[k]} - SAME_AS_ENGLISH
        assert set() == same

    @pytest.mark.parametrize("lang", ["fr", "nl", "ar"])
    def test_placeholders_match_english(self, lang: str) -> None:
        english, table = glossary("en"), glossary(lang)
        for key, text in table.items():
            assert set(_PLACEHOLDER.findall(english[key])) == set(_PLACEHOLDER.findall(text)), key

    def test_arabic_is_arabic(self) -> None:
        """Every Arabic entry but a bare placeholder has Arabic letters."""
        for key, text in glossary("ar").items():
            if key not in ("deadline.other", "date.separator"):
                assert re.search("[\u0600-\u06ff]", text), key

    def test_files_are_the_only_source(self) -> None:
        """The glossaries are JSON files shipped with the package."""
        for lang in SHEET_LANGS:
            raw = resources.files("clss_housing.documents").joinpath(
                "sheet_i18n", f"{lang}.json").read_text(encoding="utf-8")
            assert isinstance(json.loads(raw), dict)

    def test_unknown_language_refused(self, book: Casebook) -> None:
        with pytest.raises(ValidationError, match="lang"):
            _sheet(book, "sample-arrears", "de")


class TestEveryState:
    @pytest.mark.parametrize("lang", SHEET_LANGS)
    def test_every_state_renders_in_every_format(self, book: Casebook, lang: str) -> None:
        """Each non-initial state of each track is explained, in each format."""
        words = glossary(lang)
        start = initial_states()
        assert len(state_keys()) == sum(len(all_states(t)) - 1 for t in TRACKS)
        for track in TRACKS:
            for state in all_states(track):
                if state == start[track]:
                    continue
                states = {**start, track: state}
                sheet = _sheet(book, "sample-lease", lang, states=states)
                expected = words[f"state.{track}.{state}"]
                for fmt in ("html", "txt"):
                    text = render_sheet(sheet, fmt).decode("utf-8")
                    assert expected.replace("'", "&#39;") in text or expected in text
                document = docx.Document(io.BytesIO(render_sheet(sheet, "docx")))
                assert expected in [p.text for p in document.paragraphs]

    @pytest.mark.parametrize("lang", SHEET_LANGS)
    def test_real_cases_render(self, book: Casebook, lang: str) -> None:
        for case in book.case_ids():
            for fmt in SHEET_FORMATS:
                assert render_sheet(_sheet(book, case, lang), fmt)


class TestRightToLeft:
    def test_html_is_rtl_in_arabic(self, book: Casebook) -> None:
        page = render_sheet(_sheet(book, "sample-eviction", "ar"), "html").decode()
        assert '<html lang="ar" dir="rtl">' in page
        latin = render_sheet(_sheet(book, "sample-eviction", "fr"), "html").decode()
        assert '<html lang="fr" dir="ltr">' in latin

    def test_docx_paragraphs_are_bidi_with_an_arabic_font(self, book: Casebook) -> None:
        data = render_sheet(_sheet(book, "sample-eviction", "ar"), "docx")
        document = docx.Document(io.BytesIO(data))
        paragraphs = [p for p in document.paragraphs if p.text]
        assert paragraphs
        for p in paragraphs:
            ppr = p._p.pPr
            assert ppr is not None, p.text
            assert ppr.find(qn("w:bidi")) is not None, p.text
            for run in p.runs:
                rpr = run._r.rPr
                assert rpr is not None
                assert rpr.find(qn("w:rtl")) is not None
                fonts = rpr.find(qn("w:rFonts"))
                assert fonts is not None
                assert fonts.get(qn("w:cs")) == "Arial"

    def test_docx_bidi_in_schema_order(self, book: Casebook) -> None:
        """w:bidi precedes spacing, alignment and run properties in w:pPr; the page is RTL."""
        data = render_sheet(_sheet(book, "sample-arrears", "ar"), "docx")
        document = docx.Document(io.BytesIO(data))
        later = {qn(f"w:{t}") for t in ("spacing", "ind", "jc", "rPr", "sectPr")}
        for p in document.paragraphs:
            ppr = p._p.pPr
            assert ppr is not None
            tags = [child.tag for child in ppr]
            at = tags.index(qn("w:bidi"))
            assert not later & set(tags[:at]), tags
        sect = [child.tag for child in document.sections[0]._sectPr]
        assert qn("w:bidi") in sect
        assert sect.index(qn("w:bidi")) < sect.index(qn("w:docGrid"))

    def test_docx_left_to_right_elsewhere(self, book: Casebook) -> None:
        data = render_sheet(_sheet(book, "sample-eviction", "nl"), "docx")
        for p in docx.Document(io.BytesIO(data)).paragraphs:
            assert p._p.pPr is None or p._p.pPr.find(qn("w:bidi")) is None

    def test_arabic_dates_have_western_digits(self, book: Casebook) -> None:
        text = render_sheet(_sheet(book, "sample-eviction", "ar"), "txt").decode()
        assert "10 مارس 2026" in text
        assert not re.search("[\u0660-\u0669]", text)  # no Arabic-Indic digits


class TestTruth:
    @pytest.mark.parametrize("case", ["sample-arrears", "sample-eviction", "sample-lease"])
    @pytest.mark.parametrize("lang", SHEET_LANGS)
    def test_dates_are_the_engines(self, book: Casebook, case: str, lang: str) -> None:
        """Every upcoming deadline of the engine is on the sheet, with its date, in order."""
        env = book.env
        sheet = _sheet(book, case, lang)
        engine = _one_instalment([
            d for d in case_deadlines(book.load(case), AS_OF, rules=env.rules,
                                      settings=env.settings)
            if d.date is not None and d.date >= AS_OF])
        assert len(engine) == len(sheet.dates)
        words = glossary(lang)
        for deadline, (when, title, _) in zip(engine, sheet.dates, strict=True):
            assert deadline.date is not None
            assert str(deadline.date.year) in when
            assert str(deadline.date.day) in when
            key = f"deadline.{deadline.rule}"
            if key in words and deadline.rule != "other":
                assert title.startswith(words[key])

    def test_hearing_action_uses_the_hearing_date(self, book: Casebook) -> None:
        text = render_sheet(_sheet(book, "sample-arrears", "en"), "txt").decode()
        assert "The hearing is on 30 March 2026." in text
        assert "you owe €1,900.00" in text

    def test_moratorium_only_when_it_applies(self, book: Casebook) -> None:
        env = book.env
        view = book.load("sample-lease")
        winter = build_sheet(view, date(2026, 2, 20), "en", settings=env.settings)
        summer = build_sheet(view, date(2026, 6, 1), "en", settings=env.settings)
        assert "moratorium" in [k for k, _ in winter.rights]
        assert "moratorium" not in [k for k, _ in summer.rights]

    def test_partners_only_from_profiles(self, book: Casebook) -> None:
        sheet = _sheet(book, "sample-arrears", "fr")
        profile = book.env.partners["cpas"]
        assert [p.name for p in sheet.partners] == [profile.name("fr")]
        assert sheet.partners[0].contact == profile.contact


class TestNoLeak:
    @pytest.mark.parametrize("lang", SHEET_LANGS)
    @pytest.mark.parametrize("fmt", SHEET_FORMATS)
    def test_no_note_nor_identity(self, book: Casebook, lang: str, fmt: str) -> None:
        """Worker notes, the tenant's and landlord's names and the address never appear."""
        view = book.load("sample-arrears")
        data = render_sheet(_sheet(book, "sample-arrears", lang), fmt)
        if fmt == "docx":
            document = docx.Document(io.BytesIO(data))
            data = "\n".join(p.text for p in document.paragraphs).encode()
        text = data.decode("utf-8")
        for secret in ("hospitalisation", "Santé", view.opened.tenant, view.opened.landlord,
                       "Josaphat", "sample-arrears"):
            assert secret not in text


SENTINEL = "NOTE-SENTINEL-Qx7"


class TestAnyHistory:
    @settings(max_examples=40, deadline=None)
    @given(case_histories(max_size=14), st.integers(0, 400), st.sampled_from(SHEET_LANGS))
    def test_any_history_renders_true_dates_and_no_note(
        self, history: tuple[CaseOpened, list[Entry]], shift: int, lang: str
    ) -> None:
        """For any ledger: every open engine date is on the sheet; no note text is."""
        opened, entries = history
        entries = [attrs.evolve(x, text=SENTINEL) if isinstance(x, Note) else x for x in entries]
        rows, personal = encode_history("h-1", [opened, *entries])
        vault = index_vault(personal)
        view = CaseView("h-1", tuple(decode_row(row, vault) for row in rows))
        as_of = opened.date + timedelta(days=shift)
        sheet = build_sheet(view, as_of, lang)
        engine = _one_instalment([d for d in case_deadlines(view, as_of)
                                  if d.date is not None and d.date >= as_of])
        assert [words_date(d.date, lang) for d in engine] == [when for when, _, _ in sheet.dates]
        for fmt in ("txt", "html"):
            text = render_sheet(sheet, fmt).decode("utf-8")
            assert SENTINEL not in text
            if opened.tenant.strip() and len(opened.tenant) > 6:
                assert opened.tenant not in text


def test_long_payment_plan_shows_the_next_instalment_only() -> None:
    """A 24-month plan gives one date line (the next instalment) and says how many follow."""
    book = Casebook.open("memory:")
    cid = book.open_case(tenant="T", landlord="L", address="Rue A 1, 1030 Schaerbeek",
                         rent=Money.parse("700"), date=date(2026, 1, 5))
    book.record(cid, NoticeReceived(date=date(2026, 1, 6)))
    book.record(cid, PaymentPlanAgreed(date=date(2026, 1, 20), instalment=Money.parse("50"),
                                       first_due=date(2026, 2, 1), count=24))
    sheet = build_sheet(book.load(cid), date(2026, 1, 25), "en")
    plan_lines = [t for _, t, _ in sheet.dates if t.startswith("Payment plan instalment")]
    assert 1 == len(plan_lines)
    assert any("23 more instalments follow" in m for _, _, m in sheet.dates)
