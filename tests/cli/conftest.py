"""Fixtures for the command-line tests: a SQLite ledger per test, a runner, snapshots."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from clss_housing.cli import cli


Run = Callable[..., Result]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A ledger file that does not exist yet."""
    return tmp_path / "ledger.db"


@pytest.fixture
def db_url(db_path: Path) -> str:
    """The ``--db`` URL of :func:`db_path` (absolute: ``sqlite:////…``)."""
    return f"sqlite:///{db_path}"


@pytest.fixture
def run(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run ``clss-housing --db <ledger> ARGS…`` in-process; stdout and stderr kept apart."""
    monkeypatch.delenv("CLSS_HOUSING_DB", raising=False)
    monkeypatch.delenv("CLSS_HOUSING_DEBUG", raising=False)
    monkeypatch.delenv("CLSS_HOUSING_LANG", raising=False)
    monkeypatch.delenv("CLSS_HOUSING_CONFIG", raising=False)
    monkeypatch.delenv("CLSS_HOUSING_KEY_FILE", raising=False)  # the key beside the ledger
    monkeypatch.delenv("CLSS_HOUSING_KEY_STORE", raising=False)

    def invoke(*args: str, input: str | None = None, db: str | None = None) -> Result:
        runner = CliRunner()
        return runner.invoke(cli, ["--db", db or db_url, *args], input=input)

    return invoke


@pytest.fixture
def open_case(run: Run) -> Callable[..., str]:
    """Open a case (rent 750, charges 50, opened 2026-01-01) and return its id."""

    def make(*extra: str, tenant: str = "Élise Dupont-Vandenbroucke") -> str:
        result = run(
            "case", "open", "--tenant", tenant, "--landlord", "Jean-Marc Dubois",
            "--address", "Rue de Brabant 142, 1030 Schaerbeek", "--rent", "750",
            "--charges", "50", "--date", "2026-01-01", *extra,
        )
        assert 0 == result.exit_code, result.output
        return result.stdout.strip()

    return make


def ledger_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the ledger's tables, for before/after comparisons."""
    with closing(sqlite3.connect(path)) as conn:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("entries", "personal")
        }


@pytest.fixture
def snapshot(db_path: Path) -> Callable[[], tuple[dict[str, list[tuple[Any, ...]]], bytes]]:
    """Take the ledger's rows and its file's bytes."""

    def take() -> tuple[dict[str, list[tuple[Any, ...]]], bytes]:
        return ledger_rows(db_path), db_path.read_bytes()

    return take
