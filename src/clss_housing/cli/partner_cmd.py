"""
``clss-housing partner add|list|show``: the partner registry of the casebook.

The registry is the installed plugins' partner profiles (``source: plugin``)
overlaid by partners stored in the casebook (``source: casebook``); see
:mod:`clss_housing.sharing.registry`.
"""

from __future__ import annotations

import click

from clss_housing.cli.context import AppContext, pass_app
from clss_housing.cli.messages import message
from clss_housing.cli.output import emit_json, key_values, table
from clss_housing.sharing.registry import PARTNER_KINDS, Partner


__all__ = ["partner_group"]

_JSON_HELP = "Print JSON instead of a table."


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--alias a --alias b,c`` → ``("a", "b", "c")``."""
    return tuple(v.strip().lower() for text in values for v in text.split(",") if v.strip())


@click.group("partner")
def partner_group() -> None:
    """The partners of a shared casebook: add, list, show."""


@partner_group.command("add")
@click.argument("partner_id", metavar="ID")
@click.option("--name-fr", required=True, help="The partner's name in French.")
@click.option("--name-nl", required=True, help="The partner's name in Dutch.")
@click.option("--kind", required=True, type=click.Choice(PARTNER_KINDS),
              help="What kind of partner it is.")
@click.option("--lang", "languages", multiple=True, type=click.Choice(("fr", "nl")),
              help="A language it works in (repeat; default both).")
@click.option("--contact", default="", help="Phone / e-mail, one line.")
@click.option("--alias", "aliases", multiple=True,
              help="Another id it is known by (repeat, or comma-separated).")
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
@pass_app
def add_command(
    app: AppContext, partner_id: str, name_fr: str, name_nl: str, kind: str,
    languages: tuple[str, ...], contact: str, aliases: tuple[str, ...], as_json: bool,
) -> None:
    """Register a partner (or update one) in the casebook."""
    partner = Partner(
        partner_id.strip().lower(), name_fr.strip(), name_nl.strip(), kind,
        languages or ("fr", "nl"), contact.strip(), _split(aliases),
    )
    stored = app.casebook(create=True).add_partner(partner)
    if as_json:
        emit_json(stored.as_json())
    else:
        click.echo(message("partner.added", partner=stored.id))


@partner_group.command("list")
@click.option("--json", "as_json", is_flag=True, help=_JSON_HELP)
@pass_app
def list_command(app: AppContext, as_json: bool) -> None:
    """List the registered partners (installed plugins' and the casebook's)."""
    registry = app.casebook().partners()
    if as_json:
        emit_json([p.as_json() for p in registry])
        return
    rows = [[p.id, p.kind, p.name_fr, ",".join(p.languages), ",".join(p.aliases), p.source]
            for p in registry]
    click.echo(table(
        [message("label.partner"), message("label.partner_kind"), message("label.name"),
         message("label.lang_short"), message("label.aliases"), message("label.source")],
        rows,
    ))


@partner_group.command("show")
@click.argument("partner_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
@pass_app
def show_command(app: AppContext, partner_id: str, as_json: bool) -> None:
    """Show one partner (an alias is accepted; an unknown id gets a did-you-mean)."""
    partner = app.casebook().partners().require(partner_id, "partner")
    assert partner is not None  # require returns None only with allow_local
    if as_json:
        emit_json(partner.as_json())
        return
    click.echo(key_values([
        (message("label.partner"), partner.id),
        (message("label.name") + " (fr)", partner.name_fr),
        (message("label.name") + " (nl)", partner.name_nl),
        (message("label.partner_kind"), partner.kind),
        (message("label.lang"), ", ".join(partner.languages)),
        (message("label.contact"), partner.contact or "-"),
        (message("label.aliases"), ", ".join(partner.aliases) or "-"),
        (message("label.source"), partner.source),
    ]))
