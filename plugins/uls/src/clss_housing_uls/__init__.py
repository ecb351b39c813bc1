"""clss-housing plugin of the Union des Locataires de Schaerbeek."""

from __future__ import annotations


__all__: list[str] = []
