"""``letter batch --joint``: one letter signed by every household of the sheet."""

from __future__ import annotations

import json
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from .conftest import Run


COMMON = ("--set", "landlord=SA Immo", "--set", "landlord_address=Avenue Louise 1, 1050 Ixelles",
          "--set", "building=Rue de Brabant 142", "--set", "subject_text=Chauffage en panne")


@pytest.fixture(autouse=True)
def _uls_installed() -> None:
    if not any(ep.name == "uls" for ep in entry_points(group="clss_housing")):
        pytest.skip("the uls plugin is not installed")


def test_every_row_signs(run: Run, tmp_path: Path) -> None:
    """Every household is listed, in file order, in one document."""
    sheet = tmp_path / "m.csv"
    sheet.write_text("tenant;apartment;lang\nAïcha Benali;2e gauche;fr\nJan Peeters;;nl\n"
                     "Famille Diallo;rez;fr\n", encoding="utf-8")
    result = run("letter", "batch", "uls-joint", "--csv", str(sheet), "--lang", "fr",
                 "--out", str(tmp_path / "out"), "--format", "txt", "--joint", *COMMON, "--json")
    assert 0 == result.exit_code, result.output
    (path,) = json.loads(result.stdout)["written"]
    text = Path(path).read_text(encoding="utf-8")
    assert Path(path).name == "uls-joint-fr-joint.txt"
    positions = [text.index(n) for n in ("- Aïcha Benali, 2e gauche", "- Jan Peeters",
                                         "- Famille Diallo, rez")]
    assert positions == sorted(positions)


def test_row_without_name_refuses_the_letter(run: Run, tmp_path: Path) -> None:
    """A household without a name: exit 1, its line named, no letter written."""
    sheet = tmp_path / "m.csv"
    sheet.write_text("tenant;apartment\nAïcha Benali;2e\n;3e\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("letter", "batch", "uls-joint", "--csv", str(sheet), "--lang", "fr",
                 "--out", str(out), "--format", "txt", "--joint", *COMMON)
    assert 1 == result.exit_code
    assert "line 3" in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_letter_without_households_refused(run: Run, tmp_path: Path) -> None:
    """A letter that lists no households cannot be joint."""
    sheet = tmp_path / "m.csv"
    sheet.write_text("tenant\nA\n", encoding="utf-8")
    result = run("letter", "batch", "L10", "--csv", str(sheet), "--lang", "fr",
                 "--out", str(tmp_path / "o"), "--format", "txt", "--joint")
    assert 1 == result.exit_code
    assert "households" in result.stderr
