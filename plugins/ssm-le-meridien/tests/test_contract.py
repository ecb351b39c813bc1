"""The shared plugin contract, run for the Service de Santé Mentale Le Méridien plugin."""

from __future__ import annotations

import types

from clss_housing.testing.plugin_contract import PluginContract


class TestSsmContract(PluginContract):
    """It meets the clss-housing plugin contract."""

    entry_point_name = "ssm-le-meridien"

    def plugin_module(self) -> types.ModuleType:
        """Return the plugin module."""
        from clss_housing_ssm_le_meridien import plugin

        return plugin


class TestConsent:
    """Health notes reach the service only under a health consent in force."""

    def test_health_only_while_consent_in_force(self) -> None:
        """It shows health after a health consent and hides it once the consent is withdrawn."""
        from datetime import date

        from clss_housing_ssm_le_meridien.plugin import PARTNER_ID, SsmPolicy

        from clss_housing.casebook import Casebook
        from clss_housing.ledger.entries import ConsentGiven, ConsentWithdrawn
        from clss_housing.money import Money

        book = Casebook.open("memory:")
        case = book.open_case(tenant="A. Exemple", landlord="B. Exemple",
                              address="Rue Exemple 1, 1030 Schaerbeek",
                              rent=Money.parse("700"), lang="fr", date=date(2026, 1, 1))
        book.record(case, ConsentGiven(date=date(2026, 1, 5), partner=PARTNER_ID, scope="health"))
        book.record(case, ConsentWithdrawn(date=date(2026, 2, 5), partner=PARTNER_ID,
                                           scope="health"))
        view = book.load(case)
        policy = SsmPolicy()
        assert "health" not in policy.visible_categories(view, PARTNER_ID, date(2026, 1, 4))
        assert "health" in policy.visible_categories(view, PARTNER_ID, date(2026, 1, 6))
        assert "health" not in policy.visible_categories(view, PARTNER_ID, date(2026, 2, 6))
