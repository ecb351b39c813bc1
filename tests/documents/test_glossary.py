"""The glossary of legal terms: the same keys in French and Dutch, used by the templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clss_housing.documents.formatting import LANGS
from clss_housing.documents.glossary import glossary, glossary_keys
from clss_housing.errors import ValidationError


TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "clss_housing" / "documents" / "templates"


def test_every_key_exists_in_both_languages() -> None:
    """It has the same terms in French and Dutch, none empty, none left untranslated."""
    keys = glossary_keys()
    assert keys["fr"] == keys["nl"]
    for key in keys["fr"]:
        assert glossary("fr")[key].strip()
        assert glossary("nl")[key].strip()
    same = {k for k in keys["fr"] if glossary("fr")[k] == glossary("nl")[k]}
    assert not same, same


def test_every_term_a_template_uses_exists() -> None:
    """It defines every ``term.KEY`` that a letter template (core or ULS plugin) uses."""
    used: set[str] = set()
    sources = [*TEMPLATES.rglob("*.j2"),
               *(TEMPLATES.parents[3] / "plugins").rglob("src/**/*.j2")]
    for path in sources:
        used |= set(re.findall(r"term\.(\w+)", path.read_text(encoding="utf-8")))
    assert used, "no template uses the glossary"
    for lang in LANGS:
        assert used <= set(glossary(lang)), used - set(glossary(lang))


def test_templates_no_longer_hard_code_repeated_terms() -> None:
    """It leaves no repeated legal term written out in a core letter's text."""
    words = {"fr": ("Code bruxellois du Logement", "juge de paix", "justice de paix",
                    "Code judiciaire"),
             "nl": ("Brusselse Huisvestingscode", "vrederechter", "Gerechtelijk Wetboek")}
    for path in (TEMPLATES / "letters").glob("*.j2"):
        lang = path.name.split(".")[-2]
        text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", "", path.read_text(encoding="utf-8"),
                      flags=re.S)
        for word in words[lang]:
            assert re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is None, (
                path.name, word)


def test_unknown_language_is_refused() -> None:
    """It refuses a language without letters."""
    with pytest.raises(ValidationError):
        glossary("de")
