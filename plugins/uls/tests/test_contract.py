"""The shared plugin contract, run for the Union des Locataires de Schaerbeek plugin."""

from __future__ import annotations

import types

from clss_housing.testing.plugin_contract import PluginContract


class TestUlsContract(PluginContract):
    """It meets the clss-housing plugin contract."""

    entry_point_name = "uls"

    def plugin_module(self) -> types.ModuleType:
        """Return the plugin module."""
        from clss_housing_uls import plugin

        return plugin
