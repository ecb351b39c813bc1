"""The shared plugin contract, run for the CPAS de Schaerbeek plugin."""

from __future__ import annotations

from clss_housing.testing.plugin_contract import PluginContract


class TestCpasContract(PluginContract):
    """It meets the clss-housing plugin contract."""

    entry_point_name = "cpas-schaerbeek"

    def plugin_module(self) -> object:
        """Return a fresh plugin object (the entry point names the class)."""
        from clss_housing_cpas_schaerbeek import plugin

        return plugin.CpasSchaerbeek()


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

        cpas = plugin.CpasSchaerbeek()
        host = PluginHost(load_entry_points=False, extra=[("cpas-schaerbeek", cpas)])
        book = Casebook.open("memory:", plugins=PluginEnvironment.from_host(host))
        case = book.open_case(tenant="A. Exemple", landlord="B. Exemple",
                              address="Rue Exemple 1, 1030 Schaerbeek",
                              rent=Money.parse("700"), lang="fr", date=date(2026, 1, 1))
        before = len(cpas.tasks)
        book.record(case, PetitionFiled(date=date(2026, 2, 2), eviction=True))
        assert len(cpas.tasks) == before + 1
        assert (case, date(2026, 2, 9)) == (cpas.tasks[-1].case_id, cpas.tasks[-1].due)

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
