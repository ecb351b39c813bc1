"""
One shared casebook for the CLSS partners: the partner registry and what a partner may see.

* :mod:`clss_housing.sharing.registry` — partner records, aliases, did-you-mean.
"""

from __future__ import annotations

from clss_housing.sharing.registry import PARTNER_KINDS, Partner, PartnerRegistry, registry_of


__all__ = ["PARTNER_KINDS", "Partner", "PartnerRegistry", "registry_of"]
