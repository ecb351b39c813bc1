"""Safety: escaping in every format, markup injection, the template sandbox, any Unicode name."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clss_housing.documents.catalogue import FACTS, LetterCatalogue, letter, list_letters
from clss_housing.documents.render import (
    FORMATS,
    TemplateSource,
    render_letter,
    template_source,
)
from clss_housing.errors import MissingFactsError, PluginError, ValidationError

from .conftest import style_name, text_of


NASTY = "Zoë & <Sons> \"Ltd\" 'ß' — علي 🏠 **x** | # ::body"

#: Typed values for every non-text fact, so any letter renders without a case.
TYPED = {
    "date": "2026-04-01",
    "amount": "1.234,56",
    "int": "3",
}


#: Facts whose value is checked against the law or a list: a valid value, not ``text``.
CHECKED = {"lease_type": "nine_year", "contested_amount": "100", "notice_months": None,
           "proxy_relation": "spouse", "notice_ground": "works",
           "instalment_count": None, "keys_returned_date": "2026-02-27",
           "repair_notice_date": "2026-02-02", "lease_end": "2026-06-30"}


def all_values(spec_id: str, text: str) -> dict[str, str]:
    """Every fact of a letter: text facts set to ``text``, the others to a fixed value."""
    spec = letter(spec_id)
    values = {f.name: (text if f.type == "text" else TYPED[f.type]) for f in spec.facts()}
    for name, value in CHECKED.items():
        if name in values:
            if value is None:
                del values[name]
            else:
                values[name] = value
    return values


class TestEscaping:
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_nasty_names_survive_every_format(self, fmt: str) -> None:
        """It keeps a name with markup, HTML, Arabic and emoji intact in every format."""
        data = render_letter(None, "L3", lang="fr", fmt=fmt, values=all_values("L3", NASTY),
                             as_of=date(2026, 3, 2))
        assert NASTY in text_of(fmt, data)

    def test_html_is_escaped(self) -> None:
        """It never lets a value's HTML through."""
        data = render_letter(None, "L16", lang="nl", fmt="html",
                             values=all_values("L16", "<script>alert(1)</script>"))
        page = data.decode()
        assert "<script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    def test_values_cannot_make_markup(self) -> None:
        """It never turns a value into a heading, a list, a table or a section."""
        value = "## Heading\n- item\n| a | b |\n::body\n**bold**"
        text = render_letter(None, "L12", lang="fr", fmt="md",
                             values=all_values("L12", value)).decode()
        assert "\n## Heading" not in text
        assert "\\#\\# Heading" in text
        data = render_letter(None, "L12", lang="fr", fmt="docx", values=all_values("L12", value))
        styles = {style_name(p) for p in docx.Document(io.BytesIO(data)).paragraphs}
        assert "Heading 2" not in styles
        assert "List Bullet" not in styles

    def test_docx_xml_is_escaped(self) -> None:
        """It escapes & and < in the DOCX XML and drops characters XML forbids."""
        data = render_letter(None, "L9", lang="fr", fmt="docx",
                             values=all_values("L9", "A & <B>\x01\x0b"))
        xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        assert "A &amp; &lt;B&gt;" in xml
        assert "\x01" not in xml
        assert "A & <B>" in text_of("docx", data)


class TestSandbox:
    def test_user_templates_run_sandboxed(self) -> None:
        """It runs a user's template in the sandbox and reports what it refuses."""
        source = TemplateSource("evil", "{{ ''.__class__.__mro__[1].__subclasses__() }}", "user")
        assert source.sandboxed
        with pytest.raises(PluginError) as caught:
            render_letter(None, "L16", lang="fr", fmt="txt", values=all_values("L16", "X"),
                          template=source)
        assert "evil" == caught.value.plugin

    def test_plugin_template_extends_the_layout(self) -> None:
        """It lets a plugin's template extend the built-in layout, sandboxed."""
        text = ('{% extends "letters/_base.fr.j2" %}{% block recipient %}Fonds{% endblock %}'
                "{% block body %}Bonjour {{ tenant }}, {{ guarantee_amount }}.{% endblock %}")
        core = LetterCatalogue.core()
        catalogue = core.with_letter(core.letter("L16"), {"fr": text})
        source = template_source("L16", "fr", catalogue)
        out = render_letter(None, "L16", lang="fr", fmt="txt", values=all_values("L16", "Zoë"),
                            catalogue=catalogue).decode()
        assert "Bonjour Zoë, 1\u202f234,56\xa0€." in out
        assert source.sandboxed
        # The core catalogue still renders the package's own template.
        plain = render_letter(None, "L16", lang="fr", fmt="txt",
                              values=all_values("L16", "Zoë")).decode()
        assert "Bonjour Zoë" not in plain
        assert not template_source("L16", "fr").sandboxed

    def test_reserved_characters_refused(self) -> None:
        """It refuses a template holding the token characters."""
        with pytest.raises(ValidationError):
            TemplateSource("x", "\ue000", "user")

    def test_syntax_errors_name_the_template(self) -> None:
        """It reports a broken plugin template by name."""
        with pytest.raises(PluginError):
            render_letter(None, "L16", lang="fr", fmt="txt", values=all_values("L16", "X"),
                          template=TemplateSource("broken", "{% if %}", "plugin"))

    def test_undefined_values_are_missing_facts(self) -> None:
        """It refuses to print an unknown value instead of leaving a blank."""
        source = TemplateSource("blank", "::body\nHello {{ nobody }}.", "user")
        with pytest.raises(MissingFactsError) as caught:
            render_letter(None, "L16", lang="fr", fmt="txt", values=all_values("L16", "X"),
                          template=source)
        assert ("nobody",) == caught.value.missing


UNICODE = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn")), min_size=1,
    max_size=30,
).map(str.strip).filter(bool)


class TestAnyUnicode:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(spec=st.sampled_from([s for s in list_letters() if not s.consent_partner]),
           text=UNICODE, lang=st.sampled_from(["fr", "nl"]))
    def test_any_text_fact_appears_intact(self, spec: object, text: str, lang: str) -> None:
        """It prints any Unicode text fact intact in all four formats; the DOCX reopens."""
        letter_id = spec.id  # type: ignore[attr-defined]
        values = all_values(letter_id, text)
        for fmt in FORMATS:
            data = render_letter(None, letter_id, lang=lang, fmt=fmt, values=values,
                                 as_of=date(2026, 3, 2))
            shown = text_of(fmt, data)
            assert text in shown, fmt


def test_every_fact_type_has_a_sample() -> None:
    """It covers every fact type in the values above."""
    assert {f.type for f in FACTS.values()} - {"text"} <= set(TYPED)
