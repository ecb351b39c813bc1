"""clss-housing plugin of the Service de Santé Mentale Le Méridien."""

from __future__ import annotations


__all__: list[str] = []
