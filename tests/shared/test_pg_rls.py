"""Row-level security on PostgreSQL: partner roles, consent state, plain SQL, the CLI."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import date

import psycopg
import pytest
from click.testing import CliRunner
from psycopg import sql

from clss_housing.casebook import Casebook
from clss_housing.cli import cli
from clss_housing.errors import ValidationError
from clss_housing.ledger.actor import Actor
from clss_housing.ledger.entries import (
    ConsentGiven,
    ConsentWithdrawn,
    Note,
    Referral,
    ReferralAccepted,
)
from clss_housing.ledger.seal import CasebookKey
from clss_housing.money import Money
from clss_housing.sharing.pg import group_role, install_pg_roles


@pytest.fixture
def shared(postgres_url: str) -> Iterator[tuple[str, str, str, str]]:
    """A fresh schema, two partner login roles (ssm, cpas); everything dropped afterwards."""
    tag = secrets.token_hex(4)
    schema = f"clss_rls_{tag}"
    url = f"{postgres_url}?schema={schema}"
    logins = (f"clss_t_{tag}_ssm", f"clss_t_{tag}_cpas")
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        for login in logins:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(login)))
    try:
        yield url, schema, logins[0], logins[1]
    finally:
        with psycopg.connect(postgres_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
            for role in (*logins, *(group_role(schema, p) for p in
                                    ("cpas", "ssm-le-meridien", "ul-schaerbeek"))):
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def _note_texts(postgres_url: str, login: str, schema: str) -> list[str]:
    """What the login role reads of the personal table with plain SQL."""
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(login)))
        rows = conn.execute(sql.SQL("SELECT value FROM {}.personal WHERE key = 'text'").format(
            sql.Identifier(schema))).fetchall()
        conn.execute("RESET ROLE")
    return [r[0] for r in rows]


def test_health_note_under_consent_with_plain_sql(
    postgres_url: str, shared: tuple[str, str, str, str]
) -> None:
    """Partner B cannot read A's health note before consent, can after, cannot after withdrawal."""
    url, schema, ssm_login, cpas_login = shared
    key = CasebookKey.ephemeral()
    with Casebook.open(url, key=key, actor=Actor("anna", "cpas")) as book:
        cid = book.open_case(tenant="T", landlord="L", address="A", rent=Money(1),
                             date=date(2026, 1, 1))
        book.record(cid, Note(date=date(2026, 1, 2), text="Suivi psy", note_category="health"))
        install_pg_roles(url, list(book.partners()),
                         {ssm_login: "ssm-le-meridien", cpas_login: "cpas"})
        assert ["Suivi psy"] == _note_texts(postgres_url, cpas_login, schema)  # its own note
        assert [] == _note_texts(postgres_url, ssm_login, schema)  # not involved
        book.record(cid, Referral(date=date(2026, 1, 3), partner="ssm-le-meridien"))
        book.record(cid, ReferralAccepted(date=date(2026, 1, 4), partner="ssm-le-meridien"))
        assert [] == _note_texts(postgres_url, ssm_login, schema)  # involved, no consent
        book.record(cid, ConsentGiven(date=date(2026, 1, 5), partner="ssm-le-meridien",
                                      scope="health"))
        assert ["Suivi psy"] == _note_texts(postgres_url, ssm_login, schema)
        book.record(cid, ConsentWithdrawn(date=date(2026, 1, 6), partner="ssm-le-meridien",
                                          scope="health"))
        assert [] == _note_texts(postgres_url, ssm_login, schema)
        # Idempotent: a second run changes nothing of what is visible.
        install_pg_roles(url, list(book.partners()), {ssm_login: "ssm-le-meridien"})
        assert [] == _note_texts(postgres_url, ssm_login, schema)


def test_as_must_match_the_login_role(
    postgres_url: str, shared: tuple[str, str, str, str]
) -> None:
    """Holding the ssm login's URL never lets anyone act as the CPAS; the owner migrates."""
    url, _schema, ssm_login, _cpas_login = shared
    with Casebook.open(url, key=CasebookKey.ephemeral(), actor=Actor("anna", "cpas")) as book:
        install_pg_roles(url, list(book.partners()), {ssm_login: "ssm-le-meridien"})
    login_url = url.replace("postgres@", f"{ssm_login}@", 1)
    with pytest.raises(ValidationError, match="acts for"):
        Casebook.open(login_url, actor=Actor("bob", "cpas"))
    Casebook.open(login_url, actor=Actor("bob", "ssm-le-meridien")).close()
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", login_url, "--as", "bob@cpas", "case", "list"])
    assert 1 == result.exit_code
    assert "acts for" in result.stderr
