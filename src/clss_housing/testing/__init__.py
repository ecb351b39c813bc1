"""Test helpers for partner plugins (:mod:`clss_housing.testing.plugin_contract`)."""

from __future__ import annotations


__all__: list[str] = []
