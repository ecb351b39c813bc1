"""``clss-housing plugins`` names each partner and the distribution it comes from."""

from __future__ import annotations

import importlib.util
import json

import pytest
from click.testing import CliRunner

from clss_housing.cli import cli


pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("clss_housing_uls") is None,
    reason="the partner plugins of plugins/ are not installed",
)


def test_text_names_the_partner_and_the_distribution_summary() -> None:
    """The ULS plugin is shown as the Union des Locataires de Schaerbeek, with its summary."""
    result = CliRunner().invoke(cli, ["plugins"])
    assert 0 == result.exit_code, result.output
    lines = result.output.splitlines()
    head = lines.index(next(line for line in lines if line.startswith("uls ")))
    assert lines[head].startswith("uls — Union des Locataires de Schaerbeek (clss-housing-uls ")
    assert ("  clss-housing plugin: Union des Locataires de Schaerbeek "
            "(collective letters, letterhead)") == lines[head + 1]
    assert ("  partner ul-schaerbeek: Union des Locataires de Schaerbeek / "
            "Huurdersunie van Schaarbeek") == lines[head + 2]
    assert "clss_housing.plugins.builtin (built-in)" in lines


def test_json_adds_partners_distribution_and_summary() -> None:
    """The JSON keeps its keys and adds partners, distribution and summary."""
    result = CliRunner().invoke(cli, ["plugins", "--json"])
    assert 0 == result.exit_code, result.output
    plugins = {p["name"]: p for p in json.loads(result.output)["plugins"]}
    cpas = plugins["cpas-schaerbeek"]
    assert {"name", "version", "builtin", "hooks", "profiles", "letters", "rules",
            "partners", "distribution", "summary"} == set(cpas)
    assert [{"id": "cpas", "name_fr": "CPAS de Schaerbeek",
             "name_nl": "OCMW van Schaarbeek"}] == cpas["partners"]
    assert "clss-housing-cpas-schaerbeek" == cpas["distribution"]
    assert cpas["summary"].startswith("clss-housing plugin: CPAS de Schaerbeek")
    builtin = plugins["clss_housing.plugins.builtin"]
    assert (None, None, []) == (builtin["distribution"], builtin["summary"], builtin["partners"])
