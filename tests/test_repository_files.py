"""The repository carries its licence, contribution and security policies, and cites only itself."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parent.parent
PLUGIN_DIRS = sorted(p.parent for p in (ROOT / "plugins").glob("*/pyproject.toml"))
#: Files users do not have: the project must cite the legal sources themselves.
OUTSIDE = ("DOMAIN" + ".md", "../" + "shared")


def test_the_licence_is_the_eupl_1_2_text() -> None:
    """LICENSE holds the EUPL v. 1.2 from its title to the end of its appendix."""
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2\n\n"
                           "EUPL © the European Union 2007, 2016")
    for heading in ("1. Definitions", "2. Scope of the rights granted by the Licence",
                    "5. Obligations of the Licensee", "14. Jurisdiction", "15. Applicable Law",
                    "Appendix"):
        assert f"\n{heading}\n" in text, heading
    assert " ".join(text.split()).endswith("require the production of a new EUPL version.")


@pytest.mark.parametrize("folder", [ROOT, *PLUGIN_DIRS], ids=lambda p: p.name)
def test_every_distribution_ships_the_licence(folder: Path) -> None:
    """Each pyproject declares EUPL-1.2 and ships the same LICENSE file (EUPL art. 5)."""
    project = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "EUPL-1.2" == project["license"]
    assert ["LICENSE"] == project["license-files"]
    assert (ROOT / "LICENSE").read_bytes() == (folder / "LICENSE").read_bytes()


@pytest.mark.parametrize("name", ["CONTRIBUTING.md", "SECURITY.md"])
def test_policies_are_linked_from_the_readme(name: str) -> None:
    """CONTRIBUTING and SECURITY exist and the README points to them."""
    assert (ROOT / name).stat().st_size > 500
    assert f"]({name})" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_security_policy_says_how_to_report_and_what_is_sensitive() -> None:
    """SECURITY.md says to report privately, without real data, and lists the sensitive data."""
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    assert "Do not open a public issue" in text
    assert "Never send real case data" in text
    assert "## What data is sensitive" in text


def test_no_file_refers_to_documents_outside_the_repository() -> None:
    """No source, doc, example, plugin or test cites a file users do not have."""
    offenders = []
    for folder in ("src", "docs", "examples", "plugins", "tests", "bench"):
        for path in (ROOT / folder).rglob("*"):
            if not path.is_file() or "build" in path.relative_to(ROOT).parts:
                continue
            if path.suffix not in {".py", ".md", ".j2", ".toml", ".txt", ".yml", ".json"}:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            offenders += [f"{path.relative_to(ROOT)}: {name}" for name in OUTSIDE if name in text]
    for name in ("README.md", "CHANGELOG.md", "CONTRIBUTING.md", "SECURITY.md", "mkdocs.yml"):
        text = (ROOT / name).read_text(encoding="utf-8")
        offenders += [f"{name}: {bad}" for bad in OUTSIDE if bad in text]
    assert [] == offenders
