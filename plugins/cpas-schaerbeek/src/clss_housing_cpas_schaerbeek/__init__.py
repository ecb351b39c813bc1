"""clss-housing plugin of the CPAS de Schaerbeek (OCMW van Schaarbeek)."""

from __future__ import annotations


__all__: list[str] = []
