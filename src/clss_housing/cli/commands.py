"""``clss-housing import payments``, ``deadlines``, ``workflow diagram`` and ``demo``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click

from clss_housing.bank_presets import parse_mapping, read_payments_file, skip_duplicates
from clss_housing.cli.case import RECENT_DAYS, display_lang, tenant_names
from clss_housing.cli.confirm import confirm_dates
from clss_housing.cli.context import AppContext, pass_app, redact_url, today
from clss_housing.cli.demo import build_demo
from clss_housing.cli.messages import message
from clss_housing.cli.output import emit_json, format_money, shorten, table
from clss_housing.cli.parsing import parse_case_id, parse_date, parse_days, parse_int
from clss_housing.deadlines import (
    case_deadlines,
    casebook_deadlines,
    casebook_irregularities,
    write_ics,
)
from clss_housing.errors import ValidationError
from clss_housing.importers import InvalidRow, import_report
from clss_housing.workflow.diagram import render_diagram


__all__ = ["deadlines_command", "demo_command", "import_group", "workflow_group"]

_JSON_HELP = message("help.json")
_MAX_LISTED = 20


# -- import payments ------------------------------------------------------------------------------


@click.group("import")
def import_group() -> None:
    """Import facts from files (bank and spreadsheet exports)."""


@import_group.command("payments")
@click.argument("case_id", metavar="CASE")
@click.argument("file", metavar="FILE.csv")
@click.option("--skip-invalid", is_flag=True,
              help="Import the valid rows even if some rows are invalid (they are listed).")
# -- bank exports (clss_housing.bank_presets) --
@click.option("--counterparty", metavar="IBAN|NAME",
              help="For a bank export: the landlord's account number or name; only the "
                   "payments sent to it are imported.")
@click.option("--mapping", "mapping", multiple=True, metavar="COLUMN=HEADER",
              help="For another layout: the file's column holding the date, amount or "
                   "reference (repeat), e.g. --mapping date=\"Date opération\".")
@click.option("--allow-duplicates", is_flag=True,
              help="Import rows whose date, amount and reference are already in the case.")
# -- end bank exports --
@click.option("--yes", is_flag=True,
              help="Import rows dated before 2000 or more than a year ahead without asking.")
@click.option("--json", "as_json", is_flag=True, help=_JSON_HELP)
@pass_app
def import_payments_command(
    app: AppContext, case_id: str, file: str, skip_invalid: bool, counterparty: str | None,
    mapping: tuple[str, ...], allow_duplicates: bool, yes: bool, as_json: bool,
) -> None:
    """
    Append one payment per row of FILE.csv to case CASE.

    \b
    The first line names the columns: date and amount (also datum; montant,
    bedrag), and optionally reference (also référence, referentie,
    communication, mededeling); other columns are ignored.  Separator ';', ','
    or tab; UTF-8 with or without BOM; blank lines are ignored.
    Dates: YYYY-MM-DD or DD/MM/YYYY (as Belgian spreadsheets export them).
    Amounts: 1234.56, 1234,56 or 1.234,56, more than zero.

    Nothing is imported when a row is invalid (each one is listed with its line
    number, the header being line 1) unless --skip-invalid is given.

    \b
    Exports of BNP Paribas Fortis, KBC, Belfius, ING and Argenta (FR and NL) are
    recognised from their header; give --counterparty: only the money sent to
    it becomes payments.  Other layouts: --mapping.  Rows already in the case
    (same date, amount and reference) are listed and skipped unless
    --allow-duplicates.
    """  # noqa: D301 - \b keeps click from rewrapping
    case_id = parse_case_id(case_id)
    app.current_case = case_id
    # -- bank exports (clss_housing.bank_presets) --
    bank = read_payments_file(file, mapping=parse_mapping(mapping), counterparty=counterparty)
    report = bank.report
    for line in bank.describe():
        click.echo(line, err=True)
    duplicates: tuple[int, ...] = ()
    # -- end bank exports --
    if report.invalid and not skip_invalid:
        if as_json:
            emit_json({
                "case": case_id,
                "appended": 0,
                "invalid": [row.to_json() for row in report.invalid],
            })
        _list_invalid(report.invalid)
        raise ValidationError("file", None, message(
            "import.refused", count=len(report.invalid), valid=len(report.payments),
        ))
    confirm_dates([("date", p.date) for p in report.payments], yes=yes, today=today())
    book = app.casebook()
    # -- bank exports: duplicates --
    if not allow_duplicates:
        report, duplicates = skip_duplicates(report, book.load(case_id).entries())
        if duplicates:
            shown = ", ".join(str(n) for n in duplicates[:_MAX_LISTED])
            more = f" (+{len(duplicates) - _MAX_LISTED})" if len(duplicates) > _MAX_LISTED else ""
            click.echo(message("import.skipped_duplicates", count=len(duplicates),
                               lines=shown + more), err=True)
    # -- end bank exports --
    result = import_report(book, case_id, report, skip_invalid=skip_invalid)
    if result.invalid:
        click.echo(message("import.skipped", count=len(result.invalid)), err=True)
        _list_invalid(result.invalid)
    if result.possible_duplicates:
        click.echo(message("import.duplicates", count=result.possible_duplicates), err=True)
    if as_json:
        emit_json({**result.to_json(), **bank.to_json(), "duplicates": list(duplicates)})
    elif result.appended:
        click.echo(message(
            "import.done", count=result.appended, case=case_id, first=result.first_sequence,
            last=result.last_sequence, total=format_money(result.total, display_lang()),
        ))
    elif duplicates:  # bank exports: every row was already in the case
        click.echo("Nothing new to import: every payment of the file is already in the case.")
    else:
        click.echo(message("import.nothing"))


def _list_invalid(rows: tuple[object, ...]) -> None:
    for row in rows[:_MAX_LISTED]:
        assert isinstance(row, InvalidRow)
        click.echo("  " + message(
            "import.invalid_row", line=row.line, column=row.column, reason=row.reason,
        ), err=True)
    if len(rows) > _MAX_LISTED:
        click.echo("  " + message("import.more_invalid", count=len(rows) - _MAX_LISTED), err=True)


# -- deadlines ------------------------------------------------------------------------------------


@click.command("deadlines")
@click.option("--as-of", metavar="DATE", help="First day of the window (default today).")
@click.option("--within", metavar="DAYS", default="30", show_default=True,
              help="Length of the window in days.")
@click.option("--case", "case_id", metavar="CASE", help="Only this case's deadlines.")
@click.option("--ics", "ics_path", metavar="FILE",
              help="Also write them as an iCalendar (.ics) file for the workers' calendars.")
@click.option("--remind", "remind", metavar="DAYS",
              help="With --ics: a reminder DAYS days before each deadline (0: on the day).")
@click.option("--json", "as_json", is_flag=True, help=_JSON_HELP)
@pass_app
def deadlines_command(
    app: AppContext, as_of: str | None, within: str, case_id: str | None,
    ics_path: str | None, remind: str | None, as_json: bool,
) -> None:
    """
    List every case's deadlines falling from --as-of to --as-of + DAYS, by date.

    Deadlines passed in the 30 days before --as-of are listed too, marked
    passed.  A case with irregularities is marked (column "!", JSON key
    case_irregularities: the codes).  Each deadline says how its date was
    reached, in the case's language.
    """
    start = today() if as_of is None else parse_date(as_of, "as-of")
    days = parse_days(within, "within")
    remind_days = None if remind is None else parse_int(remind, "remind")
    if remind_days is not None and not 0 <= remind_days <= 366:
        raise ValidationError("remind", remind, message("remind.bad"))
    end = start + timedelta(days=days)
    case = parse_case_id(case_id) if case_id is not None else None
    book = app.casebook()
    settings = book.env.settings
    rules = book.env.rules
    low = start - timedelta(days=RECENT_DAYS)
    if case is None:
        listed = casebook_deadlines(
            book, start, days, settings=settings, rules=rules, passed_days=RECENT_DAYS
        )
    else:
        app.current_case = case
        listed = [
            d for d in case_deadlines(book.load(case), start, settings=settings, rules=rules)
            if d.date is not None and low <= d.date <= end
        ]
    involved = app.involved_cases(start)  # acting as a partner: its cases only
    if involved is not None:
        listed = [d for d in listed if d.case in involved]
    found = sorted(listed, key=lambda d: (d.date or start, d.case, d.rule))
    listed_cases = {d.case for d in found}
    by_case = casebook_irregularities(
        book, start, case_ids=listed_cases, settings=settings, rules=rules
    )
    irregular = {c: [i.code for i in by_case.get(c, [])] for c in sorted(listed_cases)}
    if ics_path is not None:
        count = write_ics(
            Path(ics_path), [d for d in found if d.status != "passed"],
            latest_rules=frozenset(r.id for r in rules if r.scope == "latest"),
            versions={c: book.load(c).version for c in listed_cases},
            remind_days=remind_days,
        )
        click.echo(message("deadlines.ics", count=count, path=ics_path), err=as_json)
    if as_json:
        emit_json([
            {**d.to_json(), "case_irregularities": irregular.get(d.case, [])} for d in found
        ])
        return
    if not found:
        click.echo(message("deadlines.none", start=start.isoformat(), end=end.isoformat()))
        return
    names = tenant_names(book, sorted(irregular))
    rows = []
    for d in found:
        delta = (d.date - start).days if d.date else None
        if delta is None:
            left = ""
        elif delta < 0:
            left = message("label.passed_ago", days=-delta)
        elif delta == 0:
            left = message("label.today")
        else:
            left = message("label.days", days=delta)
        codes = irregular.get(d.case, [])
        rows.append([
            d.date.isoformat() if d.date else "—", left, d.case,
            shorten(names.get(d.case, ""), 28), shorten(d.title or d.rule, 44),
            shorten(str(d.basis), 40), f"!{len(codes)}" if codes else "",
        ])
    lines = table(
        [message("label.date"), message("label.in_days"), message("label.case"),
         message("label.tenant"), message("label.deadline"), message("label.basis"),
         message("label.irregular_short")],
        rows, align=["<", ">", "<", "<", "<", "<", ">"],
    ).split("\n")
    out = lines[:2]
    for line, d in zip(lines[2:], found, strict=True):
        out.append(line)
        if d.explanation:
            out.append("    " + d.explanation)
    click.echo("\n".join(out))
    flagged = [c for c, codes in irregular.items() if codes]
    if flagged:
        click.echo(message("deadlines.irregular", count=len(flagged), cases=", ".join(flagged)))

# -- workflow diagram -----------------------------------------------------------------------------


@click.group("workflow")
def workflow_group() -> None:
    """The workflow tracks of a case."""


@workflow_group.command("diagram")
@click.argument("track", metavar="TRACK")
@click.option("--out", "out", required=True, metavar="FILE",
              help="Where to write the diagram: .svg, or .png by the file's suffix.")
def diagram_command(track: str, out: str) -> None:
    """Draw the state diagram of TRACK (pre_procedure, hearing, rehousing, lease_negotiation)."""
    path = Path(out)
    if not path.parent.exists():
        raise ValidationError("--out", None, message("out.no_folder"))
    render_diagram(track.strip(), path)
    click.echo(message("diagram.done", track=track.strip(), path=str(path)))


# -- demo -----------------------------------------------------------------------------------------


@click.command("demo")
@click.option("--out", "out", default="clss-demo", show_default=True, metavar="DIR",
              help="Folder for the demo's documents (created if needed).")
@pass_app
def demo_command(app: AppContext, out: str) -> None:
    """
    Build a realistic sample casebook in the database and write its documents.

    Each run adds a new set of Schaerbeek households (new case ids), with dates
    relative to today so that deadlines are meaningful.
    """
    out_dir = Path(out)
    if out_dir.exists() and not out_dir.is_dir():
        raise ValidationError("--out", None, message("out.is_file"))
    book = app.casebook(create=True)
    report = build_demo(book, out_dir, today=today())
    click.echo(message("demo.intro", count=len(report.case_ids), db=_shown_db(app.db_url)))
    click.echo("")
    click.echo(report.summary_table(lang=display_lang()))
    click.echo("")
    click.echo(message("demo.wrote", count=len(report.files), path=str(out_dir)))
    for path in report.files:
        click.echo(f"  {path}")
    click.echo(message("demo.again"))


def _shown_db(url: str) -> str:
    return redact_url(url)

