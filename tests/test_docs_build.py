"""The documentation site builds with warnings as errors (``mkdocs build --strict``)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

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
                     "nl/collectieven", "diagrams", "letters", "architecture", "tutorial"):
            assert (site / page / "index.html").exists(), page
