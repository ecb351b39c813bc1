"""
The ledger entry kinds, for ``from clss_housing.entries import Payment``.

A public shim over :mod:`clss_housing.ledger.entries`, where they are defined.
"""

from clss_housing.ledger.entries import *  # noqa: F403
from clss_housing.ledger.entries import __all__ as __all__
