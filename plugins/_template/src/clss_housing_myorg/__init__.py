"""clss-housing plugin template: copy, rename ``myorg``, fill in."""

from __future__ import annotations


__all__: list[str] = []
