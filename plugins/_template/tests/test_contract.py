"""The shared plugin contract, run for the template plugin."""

from __future__ import annotations

import types

from clss_housing.testing.plugin_contract import PluginContract


class TestMyorgContract(PluginContract):
    """It meets the clss-housing plugin contract."""

    entry_point_name = "myorg"

    def plugin_module(self) -> types.ModuleType:
        """Return the plugin module."""
        from clss_housing_myorg import plugin

        return plugin
