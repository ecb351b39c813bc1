"""
``clss-housing report …``: anonymised reports across the casebook.

``report activity`` writes the activity report for the CPAS and the COCOM
(:mod:`clss_housing.reports`); ``report record-areas`` records, for cases that
have none yet, the postcode of the address typed at opening as a
non-personal ``area_recorded`` entry, so that the report can group by area
without reading an address and stays the same after an erasure.
"""

from __future__ import annotations

import click

from clss_housing.cli.context import AppContext, pass_app
from clss_housing.cli.messages import message
from clss_housing.cli.output import emit_json
from clss_housing.cli.parsing import parse_choice, parse_date, parse_out_file
from clss_housing.documents.paths import write_atomic
from clss_housing.ledger.entries import ERASED, AreaRecorded
from clss_housing.reports import (
    GROUPINGS,
    REPORT_FORMATS,
    REPORT_LANGS,
    activity_report,
    area_of_address,
    case_views,
    render_report,
)


__all__ = ["report_group"]


@click.group("report")
def report_group() -> None:
    """Anonymised reports across the casebook (activity report for funders)."""


@report_group.command("activity")
@click.option("--from", "start", required=True, metavar="DATE", help="First day (YYYY-MM-DD).")
@click.option("--to", "end", required=True, metavar="DATE", help="Last day (YYYY-MM-DD).")
@click.option("--by", metavar="month|quarter|partner|neighbourhood",
              help="Columns per month, quarter, partner or neighbourhood.")
@click.option("--format", "fmt", default="xlsx", show_default=True, metavar="xlsx|csv|html|md",
              help="The report's format.")
@click.option("--lang", default="fr", show_default=True, metavar="fr|nl|en",
              help="The language of the labels.")
@click.option("--out", "out", required=True, metavar="FILE", help="The file to write.")
@click.option("--json", "as_json", is_flag=True, help="Print {from, to, by, format, path} as JSON.")
@pass_app
def activity_command(
    app: AppContext, start: str, end: str, by: str | None, fmt: str, lang: str, out: str,
    as_json: bool,
) -> None:
    """
    Write the anonymised activity report of the casebook from --from to --to.

    \b
    Households followed, new and closed cases, stages reached, evictions
    avoided, payment plans, arrears at intake and settled, aid by source,
    referrals to partners and the cases' languages, with the previous period
    of the same length beside. No name, address, free text or case id; a
    figure behind fewer than 5 households reads "<5" (and so do the cells
    that would reveal it).
    """  # noqa: D301 - \b keeps click from rewrapping
    first = parse_date(start, "from")
    last = parse_date(end, "to")
    grouping = None if by is None else parse_choice(by, GROUPINGS, "by")
    form = parse_choice(fmt, REPORT_FORMATS, "format")
    language = parse_choice(lang, REPORT_LANGS, "lang")
    target = parse_out_file(out)
    env = app.env
    report = activity_report(
        case_views(app.casebook().store), first, last, by=grouping, partners=env.partners,
        workflow=env.workflow,
    )
    write_atomic(target, render_report(report, form, language))
    if as_json:
        emit_json({"from": first.isoformat(), "to": last.isoformat(), "by": grouping,
                   "format": form, "path": str(target)})
    else:
        click.echo(message("report.done", start=first.isoformat(), end=last.isoformat(),
                           path=target))


@report_group.command("record-areas")
@click.option("--json", "as_json", is_flag=True, help="Print {recorded, without_postcode}.")
@pass_app
def record_areas_command(app: AppContext, as_json: bool) -> None:
    """
    Record the postcode of each case's address as a non-personal area entry.

    Only cases without an area entry are touched; the entry is dated on the
    case's opening day. A case whose address has no Brussels postcode (or was
    erased) is counted, never shown.
    """
    book = app.casebook()
    recorded = missing = 0
    for case_id in book.case_ids():
        view = book.load(case_id)
        if any(isinstance(x, AreaRecorded) for x in view.entries()):
            continue
        address = view.opened.address
        found = None if address == ERASED else area_of_address(address)
        if found is None:
            missing += 1
            continue
        book.record(case_id, AreaRecorded(date=view.opened.date, postcode=found[0]))
        recorded += 1
    if as_json:
        emit_json({"recorded": recorded, "without_postcode": missing})
    else:
        click.echo(message("report.areas", recorded=recorded, missing=missing))
