"""
The core letters as a built-in plugin.

The core letters (L1…L16, ``referral``) live in the catalogue already; this
plugin declares them through ``clss_housing_letters`` so that ``plugins``
lists them like any partner's letters.  Partner letters with the same id
replace them (:func:`clss_housing.plugin_wiring.install_letters`).
"""

from __future__ import annotations

from clss_housing.documents.catalogue import _BUILTIN, LetterSpec
from clss_housing.hookspecs import hookimpl


__all__ = ["clss_housing_letters"]


@hookimpl
def clss_housing_letters() -> list[LetterSpec]:
    """Contribute the core letters of the catalogue."""
    return list(_BUILTIN)
