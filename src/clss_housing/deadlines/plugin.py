"""
The Brussels rule pack as a built-in plugin.

Registered by :class:`clss_housing.plugins.PluginHost` before any partner
plugin, so partner rules with the same id override it
(:func:`clss_housing.plugin_wiring.active_rules`).
"""

from __future__ import annotations

from clss_housing.deadlines.brussels import brussels_rules
from clss_housing.deadlines.rules import Rule
from clss_housing.hookspecs import hookimpl


__all__ = ["clss_housing_deadline_rules"]


@hookimpl
def clss_housing_deadline_rules() -> list[Rule]:
    """Contribute the Brussels rule pack (:data:`~clss_housing.deadlines.brussels.RULES`)."""
    return list(brussels_rules())
