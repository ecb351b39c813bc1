"""The documentation site builds with warnings as errors (``mkdocs build --strict``)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest


ROOT = Path(__file__).resolve().parent.parent
NEEDED = ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python")


def _missing() -> list[str]:
    missing = []
    for name in NEEDED:
        try:
            found = importlib.util.find_spec(name) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            missing.append(name)
    return missing


pytestmark = pytest.mark.skipif(
    bool(_missing()),
    reason="the docs extra is not installed (mkdocs, mkdocs-material, mkdocstrings[python])",
)


class TestDocsBuild:
    """The MkDocs site, its generated pages and its API reference."""

    def test_it_builds_strictly_with_generated_pages(self, tmp_path: Path) -> None:
        """It builds without a warning and renders the CLI, rules, API and translated pages."""
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p
        )
        env["NO_MKDOCS_2_WARNING"] = "1"
        site = tmp_path / "site"
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict",
             "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
        )
        assert 0 == result.returncode, result.stderr[-3000:]
        cli = (site / "reference" / "cli" / "index.html").read_text(encoding="utf-8")
        assert "clss-housing case record" in cli
        rules = (site / "reference" / "rules" / "index.html").read_text(encoding="utf-8")
        assert "pre_court_waiting_period" in rules
        api = (site / "api" / "casebook" / "index.html").read_text(encoding="utf-8")
        assert 'id="clss_housing.casebook.Casebook.record"' in api
        for page in ("fr/guide-equipes", "nl/gids-medewerkers", "fr/collectifs",
                     "nl/collectieven", "diagrams", "letters", "architecture", "tutorial",
                     "day-in-the-life", "fr/journee", "nl/dag"):
            assert (site / page / "index.html").exists(), page
        self.check_api_pages_render_no_raw_restructuredtext(site)

    def check_api_pages_render_no_raw_restructuredtext(self, site: Path) -> None:
        """No page of the API reference shows a raw role, ``Example::`` or directive."""
        raw = re.compile(r":(class|func|meth|attr|data|mod|exc):(<code>|`)|\w::\s*<|\.\. \w+::")
        pages = sorted((site / "api").rglob("index.html"))
        assert len(pages) >= 10
        for page in pages:
            text = page.read_text(encoding="utf-8")
            found = raw.search(text)
            where = "" if found is None else text[found.start() - 80:found.end() + 80]
            assert found is None, f"{page.relative_to(site)}: {where}"
            assert "<autoref" not in text, page
        casebook = (site / "api" / "casebook" / "index.html").read_text(encoding="utf-8")
        assert 'href="#clss_housing.casebook.Casebook"><code>Casebook</code></a> turns' in casebook
        assert '<span class="gp">&gt;&gt;&gt; </span>' in casebook  # the example, highlighted


def _griffe_rst() -> ModuleType:
    spec = importlib.util.spec_from_file_location("griffe_rst", ROOT / "docs" / "griffe_rst.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestRstToMarkdown:
    """The docstrings' reStructuredText habits become Markdown mkdocstrings renders."""

    def test_a_literal_block_becomes_a_fenced_block(self) -> None:
        """``Example::`` and its indented doctest become ``Example:`` and a ``pycon`` fence."""
        text = "Intro.\n\nExample::\n\n    >>> 1 + 1\n    2\n\nAfter."
        assert ("Intro.\n\nExample:\n\n```pycon\n>>> 1 + 1\n2\n```\n\nAfter."
                == _griffe_rst().rst_to_markdown(text))

    def test_an_indented_literal_block_keeps_its_indentation(self) -> None:
        """A block inside an ``Args:`` item stays inside it; a plain block is ``text``."""
        text = "Args:\n    x: the form::\n\n        a = 1\n\n    y: other."
        assert ("Args:\n    x: the form:\n\n    ```text\n    a = 1\n    ```\n\n    y: other."
                == _griffe_rst().rst_to_markdown(text))

    def test_roles_without_an_object_become_code_and_versions_a_note(self) -> None:
        """Unresolvable roles are shown as code (title after ``~``), never raw."""
        out = _griffe_rst().rst_to_markdown(
            "See :class:`~a.b.Casebook`, :func:`render` and :mod:`x.y`.\n\n"
            ".. versionadded:: 0.1.0")
        assert "See `Casebook`, `render()` and `x.y`.\n\n*Added in version 0.1.0.*" == out

    def test_roles_of_the_package_link_to_their_page(self) -> None:
        """A role naming a clss_housing object becomes an optional cross-reference."""
        out = _griffe_rst().rst_to_markdown(
            ":meth:`~clss_housing.casebook.Casebook.record`")
        assert ('<autoref optional identifier="clss_housing.casebook.Casebook.record">'
                "<code>record()</code></autoref>") == out
