"""
clss-housing: the shared engine of Brussels eviction-prevention casework.

A tenant ledger (append-only, hash-chained), case workflows, Belgian legal
deadlines, letters and redacted case summaries in French and Dutch.

The public API is what this module exports; everything else is either a
documented submodule or private.
"""

from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from clss_housing.balance import Ageing, Balance, Instalment, PlanStatus
from clss_housing.casebook import Casebook, new_case_id
from clss_housing.errors import (
    ClssHousingError,
    ConcurrencyError,
    IntegrityError,
    MissingFactsError,
    NotFoundError,
    PluginError,
    StoreError,
    TransitionNotAllowed,
    ValidationError,
)
from clss_housing.ledger import entries
from clss_housing.ledger.codec import ChainProblem, Recorded
from clss_housing.ledger.entries import ENTRY_TYPES, ERASED, Entry, entry_type
from clss_housing.money import Money
from clss_housing.plugins.hookspecs import hookimpl
from clss_housing.store import Store, open_store
from clss_housing.view import CaseView


__all__ = [
    "ENTRY_TYPES",
    "ERASED",
    "Ageing",
    "Balance",
    "CaseView",
    "Casebook",
    "ChainProblem",
    "ClssHousingError",
    "ConcurrencyError",
    "Entry",
    "Instalment",
    "IntegrityError",
    "MissingFactsError",
    "Money",
    "NotFoundError",
    "PlanStatus",
    "PluginError",
    "Recorded",
    "Store",
    "StoreError",
    "TransitionNotAllowed",
    "ValidationError",
    "entries",
    "entry_type",
    "hookimpl",
    "new_case_id",
    "open_store",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    if name == "__version__":
        try:
            return version("clss-housing")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            return "0+unknown"
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*__all__, "__version__"])
