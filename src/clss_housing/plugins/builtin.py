"""
The core's own contributions, registered as a plugin before any partner plugin.

The Brussels rule pack and the core letters are declared through the same
hooks as a partner's, so ``plugins`` lists them like any other and a partner
rule or letter with the same id replaces them.
"""

from __future__ import annotations

from clss_housing.deadlines.brussels import brussels_rules
from clss_housing.deadlines.rules import Rule
from clss_housing.documents.catalogue import LetterSpec, core_letters
from clss_housing.plugins.hookspecs import hookimpl


__all__ = ["clss_housing_deadline_rules", "clss_housing_letters"]


@hookimpl
def clss_housing_deadline_rules() -> list[Rule]:
    """Contribute the Brussels rule pack."""
    return list(brussels_rules())


@hookimpl
def clss_housing_letters() -> list[LetterSpec]:
    """Contribute the core letters of the catalogue."""
    return list(core_letters())
