"""
``clss-housing audit CASE`` / ``audit --by USER``: who read a case's personal data.

The access log (:mod:`clss_housing.ledger.access`) is checked before it is
listed: a changed log exits 3, like ``case verify``.  Listing it is itself not
logged (it holds no personal data of the tenant).
"""

from __future__ import annotations

import click

from clss_housing.casebook import validate_case_id
from clss_housing.cli.context import AppContext, pass_app, today
from clss_housing.cli.messages import message
from clss_housing.cli.output import emit_json, table
from clss_housing.errors import ValidationError
from clss_housing.ledger.access import AccessRow
from clss_housing.sharing.export import export_document, render_export


__all__ = ["access_item", "audit_command", "export_command"]


def access_item(row: AccessRow) -> dict[str, object]:
    """One reading as ``audit --json`` lists it."""
    return {
        "sequence": row.sequence, "at": row.at, "case": row.case_id,
        "by": {"user": row.by_user, "partner": row.by_partner}, "command": row.command,
    }


@click.command("audit")
@click.argument("case_id", metavar="CASE", required=False)
@click.option("--by", "user", metavar="USER", help="Only the readings by this user.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@pass_app
def audit_command(app: AppContext, case_id: str | None, user: str | None, as_json: bool) -> None:
    """List who read a case (or what a user read), from the tamper-evident access log."""
    if case_id is None and not user:
        raise ValidationError("CASE", None, message("audit.what"))
    case = validate_case_id(case_id.strip()) if case_id else None
    book = app.casebook()
    actor = book.actor
    if actor is not None and not actor.is_local:
        raise ValidationError("--as", str(actor), message("audit.lead_only"))
    rows = book.access_log(case_id=case, user=user.strip() if user else None)
    if as_json:
        emit_json([access_item(r) for r in rows])
        return
    click.echo(table(
        ["#", message("label.when"), message("label.case"), message("label.by"),
         message("label.command")],
        [[str(r.sequence), r.at[:19].replace("T", " "), r.case_id,
          f"{r.by_user}@{r.by_partner}", r.command] for r in rows],
    ))


@click.command("export")
@click.argument("case_id", metavar="CASE")
@click.option("--format", "fmt", type=click.Choice(("json", "md")), default="json",
              show_default=True, help="JSON, or a readable Markdown document.")
@click.option("--lang", type=click.Choice(("fr", "nl")), default=None,
              help="Language of the readable document (default: the case's).")
@pass_app
def export_command(app: AppContext, case_id: str, fmt: str, lang: str | None) -> None:
    """The tenant's right of access (GDPR art. 15): everything held about the case."""
    case = validate_case_id(case_id.strip())
    app.current_case = case
    book = app.casebook()
    actor = book.actor
    if actor is not None and not actor.is_local:
        raise ValidationError("--as", str(actor), message("export.lead_only"))
    view, _seen = app.read_case(case, today(), "case export")
    document = export_document(view, book.access_log(case_id=case),
                               erased_at=book.erased_at(case))
    if fmt == "json":
        emit_json(document)
    else:
        click.echo(render_export(document, lang or view.lang), nl=False)
