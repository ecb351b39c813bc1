"""
The ``clss-housing`` command: the root group, global options and exit codes.

Exit codes follow ``CLI.md``: ``0`` success; ``1`` refused (a bad value for a
known argument, a transition not allowed, missing facts); ``2`` usage errors
only (click's own: unknown command or option, a required option absent); ``3``
integrity failure; ``4`` a concurrency conflict that retrying did not
resolve; ``74`` the database failed; ``70`` any other internal error.  Errors
go to stderr and never show personal data or a traceback (unless
``CLSS_HOUSING_DEBUG=1``).
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence
from typing import Any, NoReturn

import click

import clss_housing
from clss_housing.cli.admin_cmd import admin_group
from clss_housing.cli.agenda_cmd import agenda_command
from clss_housing.cli.audit_cmd import audit_command, export_command
from clss_housing.cli.backup_cmd import backup_command, restore_command
from clss_housing.cli.case import case_group
from clss_housing.cli.commands import (
    deadlines_command,
    demo_command,
    import_group,
    workflow_group,
)
from clss_housing.cli.context import (
    DEFAULT_DB,
    EXIT_CONFLICT,
    EXIT_INTEGRITY,
    EXIT_INTERNAL,
    EXIT_REFUSED,
    EXIT_STORE,
    AppContext,
    open_casebook,
    redact_url,
)
from clss_housing.cli.documents_cmd import letter_group, summary_command
from clss_housing.cli.i18n import UI_LANGUAGES, did_you_mean, localise_tree
from clss_housing.cli.messages import message
from clss_housing.cli.output import printable
from clss_housing.cli.partner_cmd import partner_group
from clss_housing.cli.plugins_cmd import plugins_command
from clss_housing.cli.report_cmd import report_group
from clss_housing.cli.rules_cmd import rules_command
from clss_housing.cli.sheet_cmd import sheet_command
from clss_housing.errors import (
    ClssHousingError,
    ConcurrencyError,
    IntegrityError,
    NotFoundError,
    StoreError,
    TransitionNotAllowed,
    ValidationError,
)
from clss_housing.ledger.entries import ALL_ENTRY_TYPES


__all__ = ["ClssGroup", "cli", "exit_code_for", "main"]


def _debug() -> bool:
    return os.environ.get("CLSS_HOUSING_DEBUG", "").strip().lower() in ("1", "true", "yes")


def exit_code_for(error: ClssHousingError) -> int:
    """Return the exit code of ``CLI.md`` for an error of the library."""
    if isinstance(error, IntegrityError):
        return EXIT_INTEGRITY
    if isinstance(error, ConcurrencyError):
        return EXIT_CONFLICT
    if isinstance(error, StoreError):
        return EXIT_STORE
    return EXIT_REFUSED


def printable_lines(text: str) -> str:
    """``text`` with its control characters escaped, line breaks kept."""
    return "\n".join(printable(line) for line in text.split("\n"))


def _candidates(error: ClssHousingError, app: AppContext) -> tuple[str, list[str]]:
    """The mistyped name of ``error`` and the names it could have meant (never personal data)."""
    if isinstance(error, NotFoundError) and isinstance(error.ident, str):
        if error.what == "letter":
            return error.ident, list(app.env.catalogue.ids())
        if error.what == "case":
            book = open_casebook(app.db_url, plugins=app.env)
            try:
                return error.ident, list(book.case_ids())
            finally:
                book.close()
    if isinstance(error, ValidationError) and isinstance(error.value, str):
        if error.field == "kind":
            return error.value, [cls.kind for cls in ALL_ENTRY_TYPES if cls.kind != "case_opened"]
        if error.field in ("--letterhead", "--for", "partner"):
            names = [p.id for p in app.env.partners.values()]
            names += [a for p in app.env.partners.values() for a in p.aliases]
            return error.value, names
    return "", []


def _suggestion(error: ClssHousingError, ctx: click.Context) -> str | None:
    """"Did you mean …?" for a mistyped kind, letter, partner or case id, if one is close."""
    app = ctx.obj
    if not isinstance(app, AppContext) or "did you mean" in str(error).lower():
        return None  # outside a command, or the error suggests already
    try:
        typed, names = _candidates(error, app)
    except ClssHousingError:
        return None  # no hint rather than a second error
    if isinstance(error, NotFoundError) and error.what == "case":
        close = _close_case_ids(typed, names)
    else:
        close = did_you_mean(typed, names) if typed else []
    return message("hint.did_you_mean", names=", ".join(close)) if close else None


def _close_case_ids(typed: str, known: list[str]) -> list[str]:
    """
    Case ids one slip away from ``typed``: same length, at most one character off or two swapped.

    Generated ids share their year (``2026-``), so a similarity ratio would suggest
    an unrelated case; only a single typing slip counts.
    """
    wanted = typed.strip().upper()
    found = []
    for case_id in known:
        other = case_id.upper()
        if len(other) != len(wanted) or other == wanted:
            continue
        diff = [i for i, (a, b) in enumerate(zip(wanted, other, strict=True)) if a != b]
        swapped = (len(diff) == 2 and diff[1] == diff[0] + 1
                   and wanted[diff[0]] == other[diff[1]] and wanted[diff[1]] == other[diff[0]])
        if len(diff) == 1 or swapped:
            found.append(case_id)
    return found[:3]


def _explain(error: ClssHousingError, ctx: click.Context) -> str:
    text = redact_url(str(error))
    if isinstance(error, ConcurrencyError):
        return message("error.conflict", text=text)
    if isinstance(error, StoreError):
        return message("error.store", text=text)
    if isinstance(error, IntegrityError):
        return message("error.integrity", text=text)
    lines = [message("error.prefix", text=text)]
    hint = _suggestion(error, ctx)
    if hint:
        lines.append(hint)
    if isinstance(error, TransitionNotAllowed):
        app = ctx.obj
        case_id = app.current_case if isinstance(app, AppContext) else None
        if case_id:
            lines.append(message("hint.transition", case=case_id))
    return "\n".join(lines)


class ClssGroup(click.Group):
    """
    A click group that turns library errors into the exit codes of ``CLI.md``.

    Click keeps exit code 2 for usage errors; a ``BadParameter`` about a
    *value* (not a missing option) becomes a refusal (exit 1).
    """

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, mapping errors to messages on stderr and exit codes."""
        try:
            return super().invoke(ctx)
        except click.exceptions.MissingParameter:
            raise
        except click.BadParameter as exc:
            click.echo(printable(message("error.prefix", text=exc.format_message())), err=True)
            raise click.exceptions.Exit(EXIT_REFUSED) from None
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except ClssHousingError as exc:
            if _debug():
                traceback.print_exc()
            click.echo(printable_lines(_explain(exc, ctx)), err=True)
            raise click.exceptions.Exit(exit_code_for(exc)) from None
        except (OverflowError, RecursionError):
            # A computation beyond what dates or numbers can hold (a date past 9999-12-31
            # reached from an old ledger's entry): a refusal, not an internal error.
            if _debug():
                raise
            click.echo(message("error.prefix", text=message("error.overflow")), err=True)
            raise click.exceptions.Exit(EXIT_REFUSED) from None
        except Exception as exc:
            if _debug():
                raise
            click.echo(message("error.internal", kind=type(exc).__name__), err=True)
            raise click.exceptions.Exit(EXIT_INTERNAL) from None


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return

    click.echo(f"clss-housing {clss_housing.__version__}")
    ctx.exit(0)


@click.group(
    cls=ClssGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--db",
    "db_url",
    envvar="CLSS_HOUSING_DB",
    default=DEFAULT_DB,
    show_default=True,
    metavar="URL",
    help=(
        "Where the ledger lives: sqlite:///relative.db, sqlite:////absolute.db, "
        "postgresql://user@host:port/dbname or memory:. Also read from CLSS_HOUSING_DB."
    ),
)
@click.option(
    "--config",
    "config",
    metavar="FILE",
    default=None,
    help=(
        "Deadline settings file (TOML, [deadlines] table). Also read from "
        "CLSS_HOUSING_CONFIG; else clss-housing.toml beside the database is used if present."
    ),
)
@click.option(
    "--ui-lang",
    "ui_lang",
    type=click.Choice(UI_LANGUAGES, case_sensitive=False),
    default=None,
    help=(
        "Language of messages, tables and help: fr, nl or en. Else CLSS_HOUSING_LANG, else "
        "the locale (LANG). A command's own --lang is the language of the document it writes."
    ),
)
@click.option(
    "--as",
    "actor",
    envvar="CLSS_HOUSING_ACTOR",
    default=None,
    metavar="USER@PARTNER",
    help=(
        "Who is acting (recorded with every entry, and what a partner may see). Also read "
        "from CLSS_HOUSING_ACTOR. Required on a shared (PostgreSQL) casebook; on SQLite the "
        "default is the system user at 'local'."
    ),
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the version and exit.",
)
@click.pass_context
def cli(
    ctx: click.Context, db_url: str, config: str | None, ui_lang: str | None, actor: str | None
) -> None:
    """
    Eviction-prevention casework: tenant ledgers, procedures, deadlines.

    Exit codes: 0 done; 1 refused (a bad value, a transition not allowed,
    missing facts); 2 usage error; 3 integrity failure; 4 concurrent change;
    70/74 internal or database failure.
    """
    ctx.obj = AppContext(db_url=db_url.strip(), config=config, actor=(actor or "").strip() or None)


cli.add_command(case_group)
cli.add_command(import_group)
cli.add_command(deadlines_command)
cli.add_command(workflow_group)
cli.add_command(demo_command)
cli.add_command(letter_group)
cli.add_command(summary_command)
cli.add_command(plugins_command)
cli.add_command(agenda_command)
cli.add_command(rules_command)
cli.add_command(sheet_command)
cli.add_command(partner_group)
cli.add_command(audit_command)
cli.add_command(admin_group)
case_group.add_command(export_command)
cli.add_command(report_group)
admin_group.add_command(backup_command)
admin_group.add_command(restore_command)
localise_tree(cli)


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """
    Run the command line (the ``clss-housing`` console script).

    Args:
        argv: the arguments, without the program name; ``sys.argv[1:]`` when ``None``.
    """
    cli.main(
        args=list(argv) if argv is not None else sys.argv[1:],
        prog_name="clss-housing",
    )
    sys.exit(0)  # pragma: no cover - click's standalone mode always exits
