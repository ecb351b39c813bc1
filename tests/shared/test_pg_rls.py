"""Row-level security on PostgreSQL: partner roles, consent state, plain SQL, the CLI."""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from collections.abc import Iterator
from datetime import date

import psycopg
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg import sql

from clss_housing.casebook import Casebook
from clss_housing.cli import cli
from clss_housing.errors import ValidationError
from clss_housing.ledger.actor import Actor
from clss_housing.ledger.entries import (
    ConsentGiven,
    ConsentWithdrawn,
    Entry,
    Note,
    Referral,
    ReferralAccepted,
    RentDue,
)
from clss_housing.ledger.seal import CasebookKey
from clss_housing.money import Money
from clss_housing.sharing.pg import group_role, install_pg_roles
from clss_housing.sharing.policy import sight


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


_PARTNERS = ("cpas", "ssm-le-meridien")
_EVENT = st.tuples(
    st.sampled_from(("note", "consent_given", "consent_withdrawn", "referral", "accept",
                     "rent")),
    st.sampled_from((*_PARTNERS, "local")),  # who records it
    st.sampled_from(_PARTNERS),  # the partner it names
    st.sampled_from(("health", "finance", "general")),
)


def _entry(kind: str, day: date, partner: str, scope: str) -> Entry:
    if kind == "note":
        return Note(date=day, text=f"texte {scope}", note_category=scope)
    if kind == "consent_given":
        return ConsentGiven(date=day, partner=partner, scope=scope)
    if kind == "consent_withdrawn":
        return ConsentWithdrawn(date=day, partner=partner, scope=scope)
    if kind == "referral":
        return Referral(date=day, partner=partner)
    if kind == "accept":
        return ReferralAccepted(date=day, partner=partner)
    return RentDue(date=day, amount=Money(100))


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(opener=st.sampled_from((*_PARTNERS, "local")), events=st.lists(_EVENT, max_size=10))
def test_sql_policy_agrees_with_python(
    postgres_url: str, shared: tuple[str, str, str, str], opener: str,
    events: list[tuple[str, str, str, str]],
) -> None:
    """Random ledgers: what each partner's role reads with plain SQL is what the policy shows."""
    url, schema, ssm_login, cpas_login = shared
    key = CasebookKey(None, hashlib.sha256(schema.encode()).digest())  # one key per schema
    books = {p: Casebook.open(url, key=key, actor=Actor("u", p)) for p in (*_PARTNERS, "local")}
    try:
        cid = books[opener].open_case(tenant="T", landlord="L", address="A", rent=Money(1),
                                      date=date(2026, 1, 1))
        for n, (kind, by, partner, scope) in enumerate(events):
            # Refused (not involved, no referral waiting…): nothing written, both policies agree.
            with contextlib.suppress(ValidationError):
                books[by].record(cid, _entry(kind, date(2026, 1, 2 + n), partner, scope))
        owner = books["local"]
        install_pg_roles(url, list(owner.partners()),
                         {ssm_login: "ssm-le-meridien", cpas_login: "cpas"})
        view = owner.load(cid)
        personal = {r.sequence for r in owner.store.read_personal(cid)}
        for partner, login in (("cpas", cpas_login), ("ssm-le-meridien", ssm_login)):
            seen = sight(view, partner, date.max)
            with psycopg.connect(postgres_url, autocommit=True) as conn:
                conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(login)))
                s = sql.Identifier(schema)
                rows = conn.execute(sql.SQL("SELECT count(*) FROM {}.entries WHERE case_id = %s")
                                    .format(s), (cid,)).fetchone()
                readable = {r[0] for r in conn.execute(
                    sql.SQL("SELECT DISTINCT sequence FROM {}.personal WHERE case_id = %s")
                    .format(s), (cid,)).fetchall()}
            assert seen.involved == bool(rows and rows[0])
            assert readable == personal & set(seen.visible)
    finally:
        for book in books.values():
            book.close()
