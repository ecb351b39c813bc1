"""
Shared test configuration: hypothesis profiles and the PostgreSQL server.

Hypothesis profiles: ``dev`` (the default), ``ci`` (chosen when ``CI`` is set:
derandomised, no deadline) and ``fast`` (few examples).  ``HYPOTHESIS_PROFILE``
names one explicitly and wins over ``CI``.

PostgreSQL tests run against the server named by ``CLSS_HOUSING_TEST_POSTGRES``
and are skipped, with the reason, when it is unset (they fail instead when
``CLSS_HOUSING_REQUIRE_POSTGRES`` is set).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings


__all__ = ["POSTGRES_ENV", "REQUIRE_ENV", "postgres_url"]

settings.register_profile("dev")
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("fast", max_examples=10)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

POSTGRES_ENV = "CLSS_HOUSING_TEST_POSTGRES"
#: When set (the ``postgres`` nox session, ``.ci/run``), a missing server fails instead of skipping.
REQUIRE_ENV = "CLSS_HOUSING_REQUIRE_POSTGRES"


@pytest.fixture(autouse=True)
def _actor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests write as ``tester@local`` unless they name another actor (a shared store needs one)."""
    monkeypatch.setenv("CLSS_HOUSING_ACTOR", "tester@local")


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The URL of a PostgreSQL database the tests may write to, or a skip."""
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        reason = f"set {POSTGRES_ENV}=postgresql://user@host:port/db to run the PostgreSQL tests"
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(f"{REQUIRE_ENV} is set but {POSTGRES_ENV} is not: {reason}")
        pytest.skip(reason)
    return url


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line speaks English in tests unless a test asks otherwise (not the locale)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
