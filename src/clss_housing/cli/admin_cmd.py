"""
``clss-housing admin …``: administration of a shared casebook (run by the schema's owner).

``admin pg-roles`` creates or updates, idempotently, one PostgreSQL role per
registered partner, the consent and involvement state tables and the
row-level-security policies (:mod:`clss_housing.sharing.pg`).
"""

from __future__ import annotations

import click

from clss_housing.cli.context import AppContext, pass_app
from clss_housing.cli.messages import message
from clss_housing.cli.output import emit_json
from clss_housing.errors import ValidationError
from clss_housing.sharing.pg import install_pg_roles


__all__ = ["admin_group", "pg_roles_command"]


@click.group("admin")
def admin_group() -> None:
    """Administration of the casebook (the owner's tasks): backups, restores, PostgreSQL roles."""


@admin_group.command("pg-roles")
@click.option("--grant", "grants", multiple=True, metavar="LOGIN=PARTNER",
              help="Make the existing login role LOGIN act for PARTNER (repeat).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def pg_roles_command(app: AppContext, grants: tuple[str, ...], as_json: bool) -> None:
    """Create or update the partner roles and row-level security (PostgreSQL; idempotent)."""
    if not app.db_url.startswith(("postgresql:", "postgres:")):
        raise ValidationError("--db", None, message("admin.pg_only"))
    pairs: dict[str, str] = {}
    for text in grants:
        login, sep, partner = text.partition("=")
        if not sep or not login.strip() or not partner.strip():
            raise ValidationError("--grant", text, message("admin.grant_form"))
        pairs[login.strip()] = partner.strip()
    book = app.casebook()
    registry = book.partners()
    resolved = {}
    for login, partner in pairs.items():
        found = registry.require(partner, "--grant")
        assert found is not None
        resolved[login] = found.id
    done = install_pg_roles(app.db_url, list(registry), resolved)
    if as_json:
        emit_json(done)
        return
    click.echo(message("admin.roles_done", count=len(done["roles"]), schema=done["schema"]))
    for partner, role in sorted(done["roles"].items()):
        click.echo(f"  {partner}: {role}")
    for login, role in sorted(done["granted"].items()):
        click.echo(f"  {login} → {role}")
