"""The shared plugin contract, run for the CPAS de Schaerbeek plugin."""

from __future__ import annotations

import types

from clss_housing.testing.plugin_contract import PluginContract


class TestCpasContract(PluginContract):
    """It meets the clss-housing plugin contract."""

    entry_point_name = "cpas-schaerbeek"

    def plugin_module(self) -> types.ModuleType:
        """Return the plugin module."""
        from clss_housing_cpas_schaerbeek import plugin

        return plugin


class TestIntake:
    """The intake reaction and the CPAS's redaction policy."""

    def test_petition_prepares_a_task(self) -> None:
        """It prepares one intake task when an eviction request is recorded."""
        from datetime import date

        from clss_housing_cpas_schaerbeek import plugin

        from clss_housing.casebook import Casebook
        from clss_housing.ledger.entries import PetitionFiled
        from clss_housing.money import Money
        from clss_housing.plugins import PluginEnvironment, PluginHost

        host = PluginHost(load_entry_points=False, extra=[("cpas-schaerbeek", plugin)])
        book = Casebook.open("memory:", plugins=PluginEnvironment.from_host(host))
        case = book.open_case(tenant="A. Exemple", landlord="B. Exemple",
                              address="Rue Exemple 1, 1030 Schaerbeek",
                              rent=Money.parse("700"), lang="fr", date=date(2026, 1, 1))
        # TASKS keeps the last 1000 tasks of the process: count this case's, not the length.
        before = sum(task.case_id == case for task in plugin.TASKS)
        book.record(case, PetitionFiled(date=date(2026, 2, 2), eviction=True))
        assert sum(task.case_id == case for task in plugin.TASKS) == before + 1
        assert (case, date(2026, 2, 9)) == (plugin.TASKS[-1].case_id, plugin.TASKS[-1].due)

    def test_health_stays_hidden_under_health_consent(self) -> None:
        """It hides health notes from the CPAS even when a health consent is in force."""
        from datetime import date

        from clss_housing_cpas_schaerbeek.plugin import CpasPolicy

        from clss_housing.casebook import Casebook
        from clss_housing.ledger.entries import ConsentGiven
        from clss_housing.money import Money

        book = Casebook.open("memory:")
        case = book.open_case(tenant="A. Exemple", landlord="B. Exemple",
                              address="Rue Exemple 1, 1030 Schaerbeek",
                              rent=Money.parse("700"), lang="fr", date=date(2026, 1, 1))
        for scope in ("health", "finance"):
            book.record(case, ConsentGiven(date=date(2026, 1, 2), partner="cpas", scope=scope))
        shown = CpasPolicy().visible_categories(book.load(case), "cpas", date(2026, 2, 1))
        assert frozenset({"finance"}) == shown
