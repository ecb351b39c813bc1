"""
The shared casebook on PostgreSQL: reading a case through row-level security.

=========================  ==================================================  ======
benchmark                  floor                                               target
=========================  ==================================================  ======
sharing.show_rls           the same ``case show`` work (load a 200-entry case,  1.3x
                           the policy, the balance) as the schema's owner,
                           who is not subject to the policies
=========================  ==================================================  ======

Needs a PostgreSQL server: ``CLSS_HOUSING_BENCH_POSTGRES`` or
``CLSS_HOUSING_TEST_POSTGRES`` (``postgresql://postgres@127.0.0.1:5432/test``);
skipped otherwise.  A fresh schema and two roles are created and dropped.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from datetime import date, timedelta

import psycopg
from _harness import Benchmark, BenchmarkSkipped, Config, Subject, benchmark
from psycopg import sql

from clss_housing.casebook import Casebook
from clss_housing.ledger.actor import Actor
from clss_housing.ledger.entries import (
    ConsentGiven,
    Note,
    Payment,
    Referral,
    ReferralAccepted,
    RentDue,
)
from clss_housing.ledger.seal import CasebookKey
from clss_housing.money import Money
from clss_housing.sharing.pg import group_role, install_pg_roles


def _server() -> str:
    url = (os.environ.get("CLSS_HOUSING_BENCH_POSTGRES")
           or os.environ.get("CLSS_HOUSING_TEST_POSTGRES") or "").strip()
    if not url:
        raise BenchmarkSkipped("set CLSS_HOUSING_BENCH_POSTGRES to a PostgreSQL URL")
    return url


@benchmark("sharing.show_rls")
def show_rls(cfg: Config) -> Benchmark:
    """case show's work as a partner login role (RLS) vs as the owner."""
    server = _server()
    tag = secrets.token_hex(4)
    schema = f"clss_bench_{tag}"
    login = f"clss_bench_{tag}_ssm"
    url = f"{server}?schema={schema}"
    key = CasebookKey(None, hashlib.sha256(schema.encode()).digest())
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(login)))
    owner = Casebook.open(url, key=key, actor=Actor("lead", "local"))
    size = cfg.size(200, 20)
    cid = owner.open_case(tenant="T", landlord="L", address="A", rent=Money(75_000),
                          date=date(2024, 1, 1))
    entries = [Referral(date=date(2024, 1, 2), partner="ssm-le-meridien"),
               ReferralAccepted(date=date(2024, 1, 3), partner="ssm-le-meridien"),
               ConsentGiven(date=date(2024, 1, 4), partner="ssm-le-meridien", scope="finance")]
    day = date(2024, 1, 5)
    while len(entries) < size - 1:
        day += timedelta(days=3)
        entries += [RentDue(date=day, amount=Money(75_000)),
                    Payment(date=day, amount=Money(50_000)),
                    Note(date=day, text="suivi", note_category="health")]
    owner.record_many(cid, entries[: size - 1])
    install_pg_roles(url, list(owner.partners()), {login: "ssm-le-meridien"})
    partner = Casebook.open(url.replace("postgres@", f"{login}@", 1), key=key,
                            actor=Actor("bob", "ssm-le-meridien"))
    as_of = date(2030, 1, 1)

    def show(book: Casebook) -> object:
        view = book.load(cid)
        seen = book.sight(view, as_of)
        return (view.balance().arrears, len(seen.visible) > 0)

    def same(a: object, b: object) -> None:
        if a != b:
            raise AssertionError(f"partner and owner disagree: {a} != {b}")

    def close() -> None:
        partner.close()
        owner.close()
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                sql.Identifier(schema)))
            for role in (login, *(group_role(schema, p) for p in
                                  ("cpas", "ssm-le-meridien", "ul-schaerbeek"))):
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))

    return Benchmark(
        name="sharing.show_rls",
        ours=Subject(lambda: show(partner), label="partner login role, through RLS"),
        floor=Subject(lambda: show(owner), label="the schema's owner (no policies)"),
        target=1.3,
        what=f"case show's work on a {size}-entry case as a partner vs the owner",
        same=same,
        repeat=cfg.size(15, 3),
        close=close,
    )
