"""Tests of the public API surface: ``__all__``, ``dir()`` and ``__version__``."""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import re
import subprocess
import sys
from types import ModuleType

import pytest

import clss_housing


CORE_MODULES = [
    "clss_housing",
    "clss_housing.balance",
    "clss_housing.casebook",
    "clss_housing.errors",
    "clss_housing.ledger.codec",
    "clss_housing.ledger.entries",
    "clss_housing.money",
    "clss_housing.store",
    "clss_housing.store.base",
    "clss_housing.store.memory",
    "clss_housing.store.sqlite",
    "clss_housing.view",
]


def isort_key(name: str) -> tuple[int, str]:
    """Ruff's isort-style order for ``__all__``: CONSTANTS, then Classes, then functions."""
    if name.isupper():
        return 0, name
    if name[:1].isupper():
        return 1, name
    return 2, name


def module(name: str) -> ModuleType:
    """Import a module by name."""
    return importlib.import_module(name)


class TestAll:
    """What ``from clss_housing import *`` gives."""

    def test_sorted(self) -> None:
        """It lists the public names once each, in isort-style order."""
        names = list(clss_housing.__all__)
        assert sorted(names, key=isort_key) == names
        assert len(set(names)) == len(names)

    def test_every_name_importable(self) -> None:
        """It names only things the package really has, importable one by one."""
        for name in clss_housing.__all__:
            namespace: dict[str, object] = {}
            exec(f"from clss_housing import {name}", namespace)
            assert getattr(clss_housing, name) is namespace[name]

    def test_star_import(self) -> None:
        """It exports exactly ``__all__`` through a star import."""
        namespace: dict[str, object] = {}
        exec("from clss_housing import *", namespace)
        assert set(clss_housing.__all__) == set(namespace) - {"__builtins__"}

    def test_core_names(self) -> None:
        """It exports the names users need for the ledger."""
        expected = {
            "Casebook", "CaseView", "Money", "Entry", "ENTRY_TYPES", "ERASED", "entry_type",
            "open_store", "Store", "Recorded", "ChainProblem", "Balance", "Ageing", "PlanStatus",
            "ClssHousingError", "ValidationError", "ConcurrencyError", "IntegrityError",
            "NotFoundError", "StoreError", "TransitionNotAllowed",
        }
        assert expected <= set(clss_housing.__all__)

    def test_errors_share_one_base(self) -> None:
        """It exports error classes that all derive from ClssHousingError."""
        errors = [
            getattr(clss_housing, n)
            for n in clss_housing.__all__
            if n.endswith(("Error", "Allowed"))
        ]
        assert errors
        assert all(issubclass(e, clss_housing.ClssHousingError) for e in errors)

    @pytest.mark.parametrize("name", CORE_MODULES)
    def test_core_modules_all_is_honest(self, name: str) -> None:
        """It declares an ``__all__`` in each core module whose names all exist, sorted."""
        mod = module(name)
        names = list(mod.__all__)
        assert [n for n in names if not hasattr(mod, n)] == []
        assert len(set(names)) == len(names)
        assert sorted(names, key=isort_key) == names


class TestDirAndVersion:
    """``dir()`` tells the truth and the version is known."""

    def test_dir(self) -> None:
        """It lists the public names and the version, each one gettable."""
        listed = dir(clss_housing)
        assert sorted(listed) == listed
        assert set(clss_housing.__all__) | {"__version__"} == set(listed)
        for name in listed:
            getattr(clss_housing, name)

    def test_version(self) -> None:
        """It gives the installed distribution's version, or a local marker from a source tree."""
        version = clss_housing.__version__
        assert isinstance(version, str)
        assert re.fullmatch(r"\d+(\.\d+)*([.+-]?[0-9A-Za-z.+-]+)?", version)
        try:
            installed = importlib.metadata.version("clss-housing")
        except importlib.metadata.PackageNotFoundError:
            assert "0+unknown" == version
        else:
            assert installed == version

    def test_unknown_attribute(self) -> None:
        """It raises AttributeError, naming the module, for a name it does not have."""
        with pytest.raises(AttributeError, match="clss_housing"):
            clss_housing.no_such_thing  # noqa: B018

    def test_import_is_quiet(self) -> None:
        """It only adds a NullHandler to its logger and prints nothing when imported."""
        code = (
            "import logging, clss_housing; "
            "print([type(h).__name__ for h in logging.getLogger('clss_housing').handlers]); "
            "print(logging.getLogger().handlers)"
        )
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True, text=True, check=True, timeout=60,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
        )
        assert "['NullHandler']\n[]\n" == done.stdout
        assert "" == done.stderr
