"""One plugin environment per casebook: each sees exactly its own plugins, nothing leaks."""

from __future__ import annotations

import importlib
import sys
from datetime import date
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clss_housing import hookimpl
from clss_housing.casebook import Casebook
from clss_housing.deadlines import case_deadlines
from clss_housing.deadlines.brussels import brussels_rules
from clss_housing.documents import LetterSpec, render_summary
from clss_housing.documents.catalogue import LegalRef
from clss_housing.errors import NotFoundError, TransitionNotAllowed
from clss_housing.ledger.entries import Note, PetitionFiled
from clss_housing.money import Money
from clss_housing.plugins import (
    ExtraTransition,
    PluginEnvironment,
    PluginHost,
    PluginLetter,
    TrackExtension,
)


PLUGINS = Path(__file__).resolve().parents[1] / "plugins"
for _folder in ("uls", "cpas-schaerbeek", "ssm-le-meridien"):
    _src = str(PLUGINS / _folder / "src")
    if _src not in sys.path:
        sys.path.append(_src)


def _rule_plugin(rule_id: str) -> object:
    """A plugin giving one extra rule, a copy of the appeal rule under another id."""
    rule = attrs.evolve(brussels_rules().rule("appeal"), id=rule_id)

    class RulePlugin:
        @hookimpl
        def clss_housing_deadline_rules(self) -> object:
            return [rule]

    return RulePlugin()


def _letter_plugin(letter_id: str) -> object:
    spec = LetterSpec(
        id=letter_id, title={"fr": "Essai", "nl": "Test"},
        addressee={"fr": "Bailleur", "nl": "Verhuurder"}, purpose={"fr": "Essai", "nl": "Test"},
        basis=(LegalRef("cbl"),), registered=False, required=("tenant",),
    )
    letter = PluginLetter(spec, {"fr": "{{ tenant }}", "nl": "{{ tenant }}"})

    class LetterPlugin:
        @hookimpl
        def clss_housing_letters(self) -> object:
            return [letter]

    return LetterPlugin()


def _env(*extra: tuple[str, object]) -> PluginEnvironment:
    return PluginEnvironment.from_host(PluginHost(load_entry_points=False, extra=extra))


def _case(book: Casebook) -> str:
    return book.open_case(tenant="A. Exemple", landlord="B. Exemple",
                          address="Rue Exemple 1, 1030 Schaerbeek",
                          rent=Money.parse("700"), lang="fr", date=date(2026, 1, 1))


class TestIsolation:
    def test_a_hundred_hosts_each_see_their_own_plugins(self) -> None:
        """Hosts built and dropped in a loop never inherit another host's rules or letters."""
        core = brussels_rules().ids
        for n in range(100):
            plugins: list[tuple[str, object]] = []
            if n % 2:
                plugins.append((f"rules-{n}", _rule_plugin(f"rule_{n}")))
            if n % 3:
                plugins.append((f"letters-{n}", _letter_plugin(f"letter-{n}")))
            env = _env(*plugins)
            expected_rules = (*core, f"rule_{n}") if n % 2 else core
            assert expected_rules == env.rules.ids
            mine = [i for i in env.catalogue.ids() if i.startswith("letter-")]
            assert ([f"letter-{n}"] if n % 3 else []) == mine
            assert [] == list(env.failures)
            del env

    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.booleans(), min_size=1, max_size=6))
    def test_environments_never_share_state(self, with_rule: list[bool]) -> None:
        """Any sequence of environments: each one's rules are exactly its plugins' rules."""
        envs = [
            _env(*([(f"p{i}", _rule_plugin(f"extra_{i}"))] if flag else []))
            for i, flag in enumerate(with_rule)
        ]
        for i, (flag, env) in enumerate(zip(with_rule, envs, strict=True)):
            extra = [r for r in env.rules.ids if r.startswith("extra_")]
            assert ([f"extra_{i}"] if flag else []) == extra


class TestCasebookGetsTheEnvironment:
    def test_open_builds_the_installed_plugins(self) -> None:
        """A library user gets the installed plugins' rules, letters and partners by default."""
        with Casebook.open("memory:") as book:
            assert "cpas_intake_contact" in book.env.rules.ids
            assert "uls-joint" in book.env.catalogue.ids()
            assert {"cpas", "ul-schaerbeek"} <= set(book.env.partners)

    def test_core_environment_has_no_partner(self) -> None:
        """``PluginEnvironment.core()`` gives the core alone."""
        with Casebook.open("memory:", plugins=PluginEnvironment.core()) as book:
            assert brussels_rules().ids == book.env.rules.ids
            with pytest.raises(NotFoundError):
                book.env.catalogue.letter("uls-joint")
            assert {} == dict(book.env.partners)

    def test_listener_comes_with_the_casebook(self) -> None:
        """A plugin's reaction runs for a library user without any extra call."""
        cpas = importlib.import_module("clss_housing_cpas_schaerbeek.plugin").CpasSchaerbeek()
        env = _env(("cpas-schaerbeek", cpas))
        with Casebook.open("memory:", plugins=env) as book:
            case = _case(book)
            before = len(cpas.tasks)
            book.record(case, Note(date=date(2026, 2, 1), text="x"))
            book.record(case, PetitionFiled(date=date(2026, 2, 2), eviction=True))
            assert before + 1 == len(cpas.tasks)

    def test_workflow_extension_applies_to_this_casebook_only(self) -> None:
        """A plugin's extra transition is allowed in its casebook, refused in a core one."""

        class Extension:
            @hookimpl
            def clss_housing_workflow_extensions(self, track: str) -> object:
                if track != "rehousing":
                    return []
                return [TrackExtension("rehousing", (ExtraTransition(
                    "lease_signed", ("not_started",), None),))]

        extended = _env(("ext", Extension()))
        with Casebook.open("memory:", plugins=extended) as book:
            case = _case(book)
            from clss_housing.ledger.entries import entry_type

            book.record(case, entry_type("lease_signed")(date=date(2026, 2, 1)))
        with Casebook.open("memory:", plugins=PluginEnvironment.core()) as book:
            case = _case(book)
            with pytest.raises(TransitionNotAllowed):
                book.record(case, entry_type("lease_signed")(date=date(2026, 2, 1)))


class TestOneRuleSetEverywhere:
    def test_summary_uses_the_plugin_rules(self) -> None:
        """The CPAS intake deadline of the CPAS plugin is in the summary as in ``case show``."""
        cpas = importlib.import_module("clss_housing_cpas_schaerbeek.plugin").CpasSchaerbeek()
        env = _env(("cpas-schaerbeek", cpas))
        with Casebook.open("memory:", plugins=env) as book:
            case = _case(book)
            book.record(case, PetitionFiled(date=date(2026, 2, 2), eviction=True))
            view = book.load(case)
            on = date(2026, 2, 3)
            deadlines = case_deadlines(view, on, rules=env.rules, settings=env.settings)
            intake = [d for d in deadlines if d.rule == "cpas_intake_contact"]
            assert intake
            text = render_summary(view, "lead", fmt="md", as_of=on, rules=env.rules,
                                  settings=env.settings, workflow=env.workflow).decode()
            title = intake[0].title
            assert title
            assert title in text
            core = render_summary(view, "lead", fmt="md", as_of=on).decode()
            assert title not in core
