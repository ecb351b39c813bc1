"""The command-line fixtures (a SQLite ledger per test, a runner) for the shared-casebook tests."""

from __future__ import annotations

from tests.cli.conftest import db_path, db_url, open_case, run


__all__ = ["db_path", "db_url", "open_case", "run"]
