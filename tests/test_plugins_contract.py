"""The three partner plugins meet the contract; broken plugins stay harmless."""

from __future__ import annotations

import importlib
import sys
import types
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from clss_housing.casebook import Casebook
from clss_housing.deadlines.brussels import brussels_rules
from clss_housing.documents import ConsentPolicy, LetterCatalogue
from clss_housing.ledger.entries import Note, PetitionFiled
from clss_housing.money import Money
from clss_housing.plugins import (
    ExtraTransition,
    PluginEnvironment,
    PluginHost,
    TrackExtension,
    extend_table,
)
from clss_housing.testing.plugin_contract import PluginContract


PLUGINS = Path(__file__).resolve().parents[1] / "plugins"
for _folder in ("uls", "cpas-schaerbeek", "ssm-le-meridien"):
    _src = str(PLUGINS / _folder / "src")
    if _src not in sys.path:
        sys.path.append(_src)


class TestUlsContract(PluginContract):
    """It holds for the Union des Locataires de Schaerbeek."""

    entry_point_name = "uls"

    def plugin_module(self) -> types.ModuleType:
        """Return the plugin module."""
        return importlib.import_module("clss_housing_uls.plugin")


class TestCpasContract(PluginContract):
    """It holds for the CPAS de Schaerbeek."""

    entry_point_name = "cpas-schaerbeek"

    def plugin_module(self) -> object:
        """Return a fresh plugin object (the entry point names the class)."""
        return importlib.import_module("clss_housing_cpas_schaerbeek.plugin").CpasSchaerbeek()


class TestSsmContract(PluginContract):
    """It holds for the Service de Santé Mentale Le Méridien."""

    entry_point_name = "ssm-le-meridien"

    def plugin_module(self) -> types.ModuleType:
        """Return the plugin module."""
        return importlib.import_module("clss_housing_ssm_le_meridien.plugin")


# -- broken plugins ------------------------------------------------------------------------------


class _Raising:
    """A plugin whose every hook raises."""

    from clss_housing import hookimpl

    @hookimpl
    def clss_housing_partners(self) -> object:
        raise RuntimeError("boom")

    @hookimpl
    def clss_housing_deadline_rules(self) -> object:
        raise RuntimeError("boom")

    @hookimpl
    def clss_housing_letters(self) -> object:
        raise RuntimeError("boom")

    @hookimpl
    def clss_housing_entries_appended(self, view: object, recorded: object) -> None:
        raise RuntimeError("boom")

    @hookimpl
    def clss_housing_redaction_policy(self, partner: str) -> object:
        raise RuntimeError("boom")

    @hookimpl
    def clss_housing_workflow_extensions(self, track: str) -> object:
        raise RuntimeError("boom")


class _Garbage:
    """A plugin whose every hook returns the wrong thing."""

    from clss_housing import hookimpl

    @hookimpl
    def clss_housing_partners(self) -> object:
        return ["not a profile", 42]

    @hookimpl
    def clss_housing_deadline_rules(self) -> object:
        return {"appeal": "tomorrow"}

    @hookimpl
    def clss_housing_letters(self) -> object:
        return [object()]

    @hookimpl
    def clss_housing_redaction_policy(self, partner: str) -> object:
        return "show everything"

    @hookimpl
    def clss_housing_workflow_extensions(self, track: str) -> object:
        return ["extra state"]


def _case(book: Casebook) -> str:
    return book.open_case(tenant="A. Exemple", landlord="B. Exemple",
                          address="Rue Exemple 1, 1030 Schaerbeek",
                          rent=Money.parse("700"), lang="fr", date=date(2026, 1, 1))


def _host() -> PluginHost:
    return PluginHost(load_entry_points=False, extra=[("raising", _Raising()),
                                                      ("garbage", _Garbage())])


def _env(*extra: tuple[str, object]) -> PluginEnvironment:
    return PluginEnvironment.from_host(PluginHost(load_entry_points=False, extra=extra))


class TestBrokenPlugins:
    """A plugin that raises or returns garbage is named and skipped."""

    def test_rules_stay_the_brussels_pack(self) -> None:
        """It keeps the Brussels rules when plugins raise or return garbage."""
        env = PluginEnvironment.from_host(_host())
        assert brussels_rules().ids == env.rules.ids
        assert {"raising", "garbage"} <= {f.plugin for f in env.failures}

    def test_append_is_neither_blocked_nor_altered(self) -> None:
        """It stores the entry although a plugin's reaction raises."""
        host = _host()
        book = Casebook.open("memory:", plugins=PluginEnvironment.from_host(host))
        case = _case(book)
        book.record(case, PetitionFiled(date=date(2026, 2, 2), eviction=True))
        assert ["case_opened", "petition_filed"] == [r.entry.kind for r in book.load(case).records]
        assert [] == book.verify(case)
        assert any(f.hook == "clss_housing_entries_appended" for f in host.failures)

    def test_redaction_falls_back_to_consent(self) -> None:
        """It uses the core consent policy when plugins raise or return garbage."""
        assert ConsentPolicy() == PluginEnvironment.from_host(_host()).redaction_policy("cpas")

    def test_letters_are_skipped(self) -> None:
        """It takes no letter from a raising or garbage plugin."""
        env = PluginEnvironment.from_host(_host())
        assert LetterCatalogue.core().ids() == env.catalogue.ids()

    def test_workflow_stays_the_core_tracks(self) -> None:
        """It keeps the built-in tracks when an extension raises or is garbage."""
        from clss_housing.workflow import TABLES

        env = PluginEnvironment.from_host(_host())
        assert all(env.workflow.table(name) is TABLES[name] for name in TABLES)

    def test_import_failure_is_reported(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """It names a plugin module that raises on import and registers the others."""
        (tmp_path / "clss_broken_on_import.py").write_text("raise RuntimeError('boom')\n")
        monkeypatch.syspath_prepend(str(tmp_path))
        host = PluginHost(load_entry_points=False, builtins=("clss_housing.plugins.builtin",
                                                             "clss_broken_on_import"))
        assert [("clss_broken_on_import", "import")] == [(f.plugin, f.hook)
                                                          for f in host.failures]
        assert ["clss_housing.plugins.builtin"] == [i.name for i in host.plugins()]


class _FakeEntryPoint:
    group = "clss_housing"

    def __init__(self, name: str, target: object, error: Exception | None = None) -> None:
        self.name, self._target, self._error = name, target, error

    def load(self) -> object:
        if self._error is not None:
            raise self._error
        return self._target


class _FakeDist:
    version = "9.9"

    def __init__(self, *eps: _FakeEntryPoint) -> None:
        self.entry_points = eps


@pytest.fixture
def broken_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend three broken plugins are installed (each command builds its own environment)."""
    dist = _FakeDist(
        _FakeEntryPoint("broken-import", None, ImportError("no module named x")),
        _FakeEntryPoint("raising", _Raising()),
        _FakeEntryPoint("garbage", _Garbage()),
    )
    monkeypatch.setattr("importlib.metadata.distributions", lambda: [dist])


class TestBrokenPluginsInTheCli:
    """A broken plugin cannot break the CLI."""

    def test_plugins_command_names_them(self, broken_installed: None) -> None:
        """It exits 0 and names each broken plugin."""
        from clss_housing.cli.app import cli

        result = CliRunner().invoke(cli, ["plugins"])
        assert 0 == result.exit_code
        for name in ("broken-import", "raising", "garbage"):
            assert name in result.output

    def test_case_record_still_works(self, broken_installed: None, tmp_path: Path) -> None:
        """It records an entry while every hook of a plugin raises."""
        from clss_housing.cli.app import cli

        db = f"sqlite:///{tmp_path / 'book.db'}"
        runner = CliRunner()
        opened = runner.invoke(cli, ["--db", db, "case", "open", "--tenant", "A. Exemple",
                                     "--landlord", "B. Exemple", "--address",
                                     "Rue Exemple 1, 1030 Schaerbeek", "--rent", "700",
                                     "--date", "2026-01-01", "--json"])
        assert 0 == opened.exit_code, opened.output
        import json

        case = json.loads(opened.output)["id"]
        recorded = runner.invoke(cli, ["--db", db, "case", "record", case, "petition_filed",
                                       "--date", "2026-02-02", "--set", "eviction=true"])
        assert 0 == recorded.exit_code, recorded.output
        shown = runner.invoke(cli, ["--db", db, "case", "show", case, "--json"])
        assert 0 == shown.exit_code, shown.output


# -- wiring ---------------------------------------------------------------------------------------


class TestActiveRules:
    """Plugin rules override or extend the Brussels pack."""

    def test_plugin_rule_is_appended(self) -> None:
        """It appends a new rule id after the Brussels rules."""
        cpas = importlib.import_module("clss_housing_cpas_schaerbeek.plugin").CpasSchaerbeek()
        pack = _env(("cpas-schaerbeek", cpas)).rules
        assert (*brussels_rules().ids, "cpas_intake_contact") == pack.ids

    def test_plugin_rule_overrides_builtin(self) -> None:
        """It replaces a built-in rule of the same id, in place."""
        import attrs

        from clss_housing import hookimpl

        builtin = brussels_rules().rule("appeal")
        settled = attrs.evolve(builtin, confidence="high", note="settled by counsel")

        class Lawyer:
            @hookimpl
            def clss_housing_deadline_rules(self) -> object:
                return [settled]

        pack = _env(("lawyer", Lawyer())).rules
        assert brussels_rules().ids == pack.ids
        assert settled == pack.rule("appeal")


class TestWorkflowExtensions:
    """Track extensions add rows and guards before the machine is built."""

    def test_extra_transition_is_added(self) -> None:
        """It adds a row from a named state and keeps the original rows first."""
        from clss_housing.workflow import track_table

        table = track_table("hearing")
        source = table.state_names[0]
        ext = TrackExtension("hearing", (ExtraTransition("note", (source,), None),))
        extended = extend_table(table, [ext])
        assert table.transitions == extended.transitions[: len(table.transitions)]
        assert "note" == extended.transitions[-1]["trigger"]

    def test_unknown_state_is_refused(self) -> None:
        """It refuses an extension naming a state the track lacks."""
        from clss_housing.errors import ValidationError
        from clss_housing.workflow import track_table

        ext = TrackExtension("hearing", (ExtraTransition("note", ("nowhere",), None),))
        with pytest.raises(ValidationError):
            extend_table(track_table("hearing"), [ext])

    def test_no_extension_keeps_table(self) -> None:
        """It returns the very table when no plugin extends the track."""
        from clss_housing.workflow import track_table

        table = track_table("rehousing")
        assert table is extend_table(table, [])


class TestListener:
    """Reactions run after the append, once per append."""

    def test_cpas_intake_task(self) -> None:
        """It prepares a CPAS intake task for a petition and none for a note."""
        cpas = importlib.import_module("clss_housing_cpas_schaerbeek.plugin").CpasSchaerbeek()
        env = _env(("cpas-schaerbeek", cpas))
        host = env.host
        book = Casebook.open("memory:", plugins=env)
        case = _case(book)
        before = len(cpas.tasks)
        book.record(case, Note(date=date(2026, 2, 1), text="x"))
        book.record(case, PetitionFiled(date=date(2026, 2, 2), eviction=True))
        assert before + 1 == len(cpas.tasks)
        assert [] == host.failures
