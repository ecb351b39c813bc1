"""
``clss-housing sheet CASE``: the household's own "where you stand" sheet.

The sheet is written in French, Dutch, Arabic or English (``--lang``, the
case's language by default) as HTML, DOCX or text; see
:mod:`clss_housing.documents.sheet`.
"""

from __future__ import annotations

import click

from clss_housing.cli.context import AppContext, pass_app, today
from clss_housing.cli.messages import message
from clss_housing.cli.output import emit_json
from clss_housing.cli.parsing import parse_case_id, parse_choice, parse_date, parse_out_file
from clss_housing.documents.paths import write_atomic
from clss_housing.documents.sheet import SHEET_FORMATS, SHEET_LANGS, build_sheet, render_sheet


__all__ = ["sheet_command"]


@click.command("sheet")
@click.argument("case_id", metavar="CASE")
@click.option("--lang", metavar="fr|nl|ar|en",
              help="The sheet's language (default: the case's language).")
@click.option("--format", "fmt", default="html", show_default=True, metavar="html|docx|txt",
              help="The sheet's format.")
@click.option("--out", "out", required=True, metavar="FILE", help="The file to write.")
@click.option("--as-of", metavar="DATE", help="The sheet's date (YYYY-MM-DD, default today).")
@click.option("--json", "as_json", is_flag=True, help="Print {case, lang, format, path} as JSON.")
@pass_app
def sheet_command(
    app: AppContext, case_id: str, lang: str | None, fmt: str, out: str, as_of: str | None,
    as_json: bool,
) -> None:
    """
    Write the household's "where you stand" sheet for case CASE.

    One page in plain language: what they owe, what has happened, the next
    dates and what each means, what they can do now and by when, who can
    help (the partners' profiles) and the rights that apply at the sheet's
    date. Worker notes never appear.
    """
    form = parse_choice(fmt, SHEET_FORMATS, "format")
    language = None if lang is None else parse_choice(lang, SHEET_LANGS, "lang")
    on = today() if as_of is None else parse_date(as_of, "as-of")
    target = parse_out_file(out)
    case = parse_case_id(case_id)
    app.current_case = case
    view, _seen = app.read_case(case, on, "sheet")
    env = app.env
    sheet = build_sheet(
        view, on, language or view.lang, rules=env.rules, settings=env.settings,
        workflow=env.workflow, partners=env.partners,
    )
    write_atomic(target, render_sheet(sheet, form))
    if as_json:
        emit_json({"case": case, "lang": sheet.lang, "format": form, "path": str(target)})
    else:
        click.echo(message("sheet.done", case=case, lang=sheet.lang, format=form, path=target))
