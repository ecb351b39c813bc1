"""
``clss-housing letter list|render|batch`` and ``clss-housing summary``: the documents of a case.

Every value is checked here, before the database is opened and before any
file is written: a bad language or format, a malformed ``--set`` or an
unknown letter is a refusal (exit 1), never a usage error.  A letter is
rendered completely before it is written (atomically), so a missing fact
leaves no file behind.  ``--set`` values never override what the ledger
records; the ones the ledger overrode are named in a warning on stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import Any, Final

import click

from clss_housing.cli.context import EXIT_REFUSED, AppContext, current_app, pass_app, today
from clss_housing.cli.messages import message
from clss_housing.cli.output import emit_json, shorten, table
from clss_housing.cli.parsing import parse_case_id, parse_date, parse_lang
from clss_housing.documents import render_batch, write_summary
from clss_housing.documents.batch import BatchReport, render_joint
from clss_housing.documents.partners import resolve_partner
from clss_housing.documents.paths import write_atomic
from clss_housing.documents.redaction import redact
from clss_housing.documents.render import prepare_letter, render_facts
from clss_housing.documents.summary import hidden_lines, resolve_recipient
from clss_housing.errors import MissingFactsError, NotFoundError, ValidationError
from clss_housing.view import CaseView


__all__ = [
    "LETTER_FORMATS",
    "SUMMARY_CLI_FORMATS",
    "letter_group",
    "parse_fact_sets",
    "summary_command",
]

#: Formats of ``letter render`` and ``letter batch``.
LETTER_FORMATS: Final = ("docx", "txt", "html", "md")
#: Formats of ``summary``.
SUMMARY_CLI_FORMATS: Final = ("docx", "md", "html")
#: Rows from which ``letter batch`` shows a progress bar (on a terminal only).
PROGRESS_FROM: Final = 50
_MAX_LISTED: Final = 20
_JSON_HELP = message("help.json")


# -- checking values ------------------------------------------------------------------------------


def _format(text: str, allowed: Sequence[str]) -> str:
    value = text.strip().lower().lstrip(".")
    if value not in allowed:
        raise ValidationError("format", text, message("choice.bad", choices=", ".join(allowed)))
    return value


def _as_of(text: str | None) -> date:
    return today() if text is None else parse_date(text, "as-of")


def _out_file(text: str) -> Path:
    path = Path(text)
    if path.is_dir():
        raise ValidationError("--out", None, message("out.is_folder"))
    if not path.parent.is_dir():
        raise ValidationError("--out", None, message("out.no_folder"))
    return path


def parse_fact_sets(pairs: Sequence[str]) -> dict[str, str]:
    """
    Turn ``--set NAME=VALUE`` texts into explicit facts by name (typed later by the engine).

    Raises:
        ValidationError: a pair without ``=`` or an empty name, or a name given twice.
    """
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            # The text may be personal: never echoed.
            raise ValidationError("set", None, message("set.no_equals_fact"))
        if key in values:
            raise ValidationError("set", key, message("set.twice"))
        values[key] = raw
    return values


def _letter(letter_id: str) -> Any:
    """The letter of the plugin environment's catalogue (core and installed plugins), any case."""
    catalogue = current_app().env.catalogue
    wanted = letter_id.strip()
    same = [known for known in catalogue.ids() if known.casefold() == wanted.casefold()]
    return catalogue.letter(same[0] if len(same) == 1 else wanted)


def _letterhead(partner: str | None) -> Any:
    """The letterhead of an installed partner plugin's profile, or ``None``."""
    if partner is None:
        return None
    profiles = current_app().env.partners
    profile = resolve_partner(partner, profiles) if partner.strip() else None
    if profile is None:
        known = ", ".join(sorted(profiles)) or "none installed"
        raise ValidationError("--letterhead", partner, message("partner.unknown", known=known))
    if profile.letterhead is None:
        raise NotFoundError("letterhead of partner", profile.id)
    return profile.letterhead


def _missing_hint(error: MissingFactsError, spec: Any) -> None:
    click.echo(message("letter.missing", count=len(error.missing)), err=True)
    for name in error.missing:
        try:
            fact = spec.fact(name)
        except KeyError:
            fact = None
        kind = fact.type if fact is not None else "text"
        help_ = fact.help if fact is not None else ""
        how = "letter.from_case" if fact is not None and fact.from_case else "letter.give_with"
        source = message(how, name=name, type=kind.upper())
        click.echo(f"  {name} ({kind}): {help_} — {source}", err=True)


def _warn_ignored(ignored: Sequence[str]) -> None:
    if ignored:
        click.echo(message("letter.ignored", names=", ".join(ignored)), err=True)


# -- letter ---------------------------------------------------------------------------------------


@click.group("letter")
def letter_group() -> None:
    """List, render and batch-render the standard letters (French and Dutch)."""


@letter_group.command("list")
@click.option("--json", "as_json", is_flag=True, help=_JSON_HELP)
def list_command(as_json: bool) -> None:
    """List the letters: id, addressee, title and the facts to give with --set."""
    specs = current_app().env.catalogue.all()
    if as_json:
        emit_json([spec.to_json("fr") for spec in specs])
        return
    rows = [
        [spec.id, shorten(spec.addressee["fr"], 26), shorten(spec.title["fr"], 48),
         ", ".join(f.name for f in spec.needs) or message("label.none")]
        for spec in specs
    ]
    click.echo(table(
        [message("label.letter"), message("label.addressee"), message("label.title"),
         message("label.needs")],
        rows,
    ))


@letter_group.command("render")
@click.argument("letter_id", metavar="LETTER")
@click.option("--case", "case_id", required=True, metavar="CASE",
              help="The case the letter is for.")
@click.option("--lang", required=True, metavar="fr|nl", help="The letter's language.")
@click.option("--format", "fmt", required=True, metavar="docx|txt|html|md",
              help="The document's format.")
@click.option("--out", "out", required=True, metavar="FILE", help="The file to write.")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
              help="A fact the case cannot supply (repeatable); never overrides the ledger.")
@click.option("--as-of", metavar="DATE", help="The letter's date (YYYY-MM-DD, default today).")
@click.option("--letterhead", "letterhead_of", metavar="PARTNER",
              help="Print the letterhead of this partner (from its installed plugin).")
@pass_app
def render_command(
    app: AppContext,
    letter_id: str,
    case_id: str,
    lang: str,
    fmt: str,
    out: str,
    sets: tuple[str, ...],
    as_of: str | None,
    letterhead_of: str | None,
) -> None:
    """
    Write letter LETTER for case CASE to FILE.

    Nothing is written when a fact the letter needs is unknown: every missing
    fact is named, with how to give it.
    """
    language = parse_lang(lang)
    form = _format(fmt, LETTER_FORMATS)
    on = _as_of(as_of)
    values = parse_fact_sets(sets)
    spec = _letter(letter_id)
    target = _out_file(out)
    head = _letterhead(letterhead_of)
    case = parse_case_id(case_id)
    app.current_case = case
    view, _seen = app.read_case(case, on, "letter")
    try:
        facts = prepare_letter(
            view, spec.id, lang=language, values=values, as_of=on, letterhead=head,
            catalogue=app.env.catalogue, rules=app.env.rules, partners=app.env.partners,
        )
    except MissingFactsError as error:
        _missing_hint(error, spec)
        raise
    _warn_ignored(facts.ignored)
    data = render_facts(facts, fmt=form, letterhead=head, catalogue=app.env.catalogue)
    written = write_atomic(target, data)
    click.echo(message("letter.done", letter=spec.id, case=case, lang=language,
                       path=str(written)))


class _LazyCasebook:
    """Opens the casebook only when a batch row names a case."""

    def __init__(self, app: AppContext) -> None:
        self._app = app

    def load(self, case_id: str) -> CaseView:
        return self._app.casebook().load(parse_case_id(case_id))


def _progress(stack: ExitStack) -> Callable[[int, int | None], None] | None:
    if not sys.stderr.isatty():
        return None
    bar: list[Any] = []

    def update(done: int, total: int | None) -> None:
        if not bar:
            if total is None or total < PROGRESS_FROM:
                bar.append(None)
            else:
                bar.append(stack.enter_context(click.progressbar(
                    length=total, label=message("batch.progress"), file=sys.stderr,
                )))
        if bar[0] is not None:
            bar[0].update(1)

    return update


@letter_group.command("batch")
@click.argument("letter_id", metavar="LETTER")
@click.option("--csv", "--xlsx", "--rows", "rows_file", required=True, metavar="FILE",
              help="The members: a .csv or .xlsx file, one member per row, header on line 1.")
@click.option("--lang", required=True, metavar="fr|nl",
              help="The letters' language; a row's own `lang` column (fr or nl) wins.")
@click.option("--out", "out", required=True, metavar="DIR",
              help="The folder to write to (created if needed).")
@click.option("--format", "fmt", default="docx", show_default=True, metavar="docx|txt|html|md",
              help="The format of each member's document (a combined DOCX is always added).")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
              help="A fact common to every row (a row's own value wins; repeatable).")
@click.option("--as-of", metavar="DATE", help="The letters' date (YYYY-MM-DD, default today).")
@click.option("--letterhead", "letterhead_of", metavar="PARTNER",
              help="Print the letterhead of this partner (from its installed plugin).")
@click.option("--joint", is_flag=True,
              help="Write ONE letter signed by every household of the sheet (e.g. uls-joint).")
@click.option("--json", "as_json", is_flag=True, help=_JSON_HELP)
@pass_app
def batch_command(
    app: AppContext,
    letter_id: str,
    rows_file: str,
    lang: str,
    out: str,
    fmt: str,
    sets: tuple[str, ...],
    as_of: str | None,
    letterhead_of: str | None,
    joint: bool,
    as_json: bool,
) -> None:
    """
    Write letter LETTER once per member row of FILE (CSV or XLSX) into DIR.

    \b
    Columns are facts, named as `letter list` shows them (case ignored); a
    `case` column takes the facts the case's ledger records. Each valid row
    gives one document with a safe, unique name, in the row's `lang` (else
    --lang), and every letter is also put in <LETTER>-<lang>-combined.docx
    (one per language) for printing. With --joint, one letter only, signed by
    every row's household (tenant, and tenant_address or apartment), the other
    facts given with --set. Invalid rows are listed
    with their line number (the header is line 1); exit 1 if any.
    """  # noqa: D301 - \b keeps click from rewrapping
    language = parse_lang(lang)
    form = _format(fmt, LETTER_FORMATS)
    on = _as_of(as_of)
    values = parse_fact_sets(sets)
    spec = _letter(letter_id)
    source = Path(rows_file)
    if not source.is_file():
        raise ValidationError("--csv", None, message("file.missing"))
    out_dir = Path(out)
    if out_dir.exists() and not out_dir.is_dir():
        raise ValidationError("--out", None, message("out.is_file"))
    head = _letterhead(letterhead_of)
    if joint:
        report = render_joint(
            spec.id, source, lang=language, fmt=form, out_dir=out_dir,
            catalogue=app.env.catalogue, rules=app.env.rules.rules, partners=app.env.partners,
            values=values, as_of=on, letterhead=head,
        )
        _report_joint(report, as_json)
        return
    with ExitStack() as stack:
        report = render_batch(
            spec.id, source, lang=language, fmt=form, out_dir=out_dir,
            casebook=_LazyCasebook(app), progress=None if as_json else _progress(stack),
            catalogue=app.env.catalogue, rules=app.env.rules, partners=app.env.partners,
            values=values, as_of=on, letterhead=head,
        )
    if as_json:
        emit_json(report.to_json())
    else:
        click.echo(message("batch.done", count=len(report.written), rows=report.rows,
                           letter=spec.id, path=str(out_dir)))
        if report.combined is not None:
            click.echo(message("batch.combined", path=str(report.combined)))
    if report.invalid:
        click.echo(message("batch.invalid", count=len(report.invalid), rows=report.rows),
                   err=True)
        for row in report.invalid[:_MAX_LISTED]:
            click.echo("  " + message("batch.invalid_row", line=row.line, reason=row.reason),
                       err=True)
        if len(report.invalid) > _MAX_LISTED:
            click.echo("  " + message("batch.more_invalid",
                                      count=len(report.invalid) - _MAX_LISTED), err=True)
        raise click.exceptions.Exit(EXIT_REFUSED)


def _report_joint(report: BatchReport, as_json: bool) -> None:
    if as_json:
        emit_json(report.to_json())
    elif report.written:
        click.echo(message("joint.done", letter=report.letter, count=report.rows,
                           path=str(report.written[0])))
    if report.invalid:
        click.echo(message("joint.refused", count=len(report.invalid)), err=True)
        for row in report.invalid[:_MAX_LISTED]:
            click.echo("  " + message("batch.invalid_row", line=row.line, reason=row.reason),
                       err=True)
        raise click.exceptions.Exit(EXIT_REFUSED)


# -- summary --------------------------------------------------------------------------------------


@click.command("summary")
@click.argument("case_id", metavar="CASE")
@click.option("--for", "partner", required=True, metavar="PARTNER",
              help="Who receives it (cpas, ul-schaerbeek…; `lead` sees everything).")
@click.option("--format", "fmt", required=True, metavar="docx|md|html",
              help="The document's format.")
@click.option("--out", "out", required=True, metavar="FILE", help="The file to write.")
@click.option("--as-of", metavar="DATE", help="The summary's date (YYYY-MM-DD, default today).")
@click.option("--letterhead", "letterhead_of", metavar="PARTNER",
              help="Print the letterhead of this partner (from its installed plugin).")
@click.option("--chart", is_flag=True,
              help="Add the timeline chart (html, docx) after the one-page summary.")
@pass_app
def summary_command(
    app: AppContext, case_id: str, partner: str, fmt: str, out: str, as_of: str | None,
    letterhead_of: str | None, chart: bool,
) -> None:
    """
    Write the summary of case CASE as PARTNER may see it, in the case's language.

    Identity, balance, states and deadlines are always shown; notes and
    entries of a category only under a consent of that scope for PARTNER in
    force at the summary's date.  What is left out is counted.  PARTNER is an
    installed partner's id or alias, a partner the case names, or `lead`.
    """
    who = partner.strip()
    if not who:
        raise ValidationError("--for", None, message("partner.empty"))
    form = _format(fmt, SUMMARY_CLI_FORMATS)
    on = _as_of(as_of)
    target = _out_file(out)
    head = _letterhead(letterhead_of)
    case = parse_case_id(case_id)
    app.current_case = case
    book = app.casebook()
    if who.casefold() != "lead":  # a registered partner (id or alias), with a did-you-mean
        recipient = book.partners().require(who, "--for")
        actor = book.actor
        if (actor is not None and not actor.is_local and recipient is not None
                and recipient.id != actor.partner):
            raise ValidationError("--for", who, message("summary.other_partner"))
    elif book.actor is not None and not book.actor.is_local:
        raise ValidationError("--for", who, message("summary.other_partner"))
    view, _seen = app.read_case(case, on, "summary")
    env = app.env
    who = resolve_recipient(view, who, env.partners)
    policy = env.redaction_policy(who)
    written = write_summary(view, who, out=target, fmt=form, as_of=on, policy=policy,
                            letterhead=head, chart=chart, rules=env.rules,
                            settings=env.settings, workflow=env.workflow, partners=env.partners)
    hidden = hidden_lines(redact(view, who, on, policy=policy), "en")
    click.echo(message("summary.done", case=case, partner=who, path=str(written)))
    if hidden:
        click.echo(message("summary.hidden", partner=who, what="; ".join(hidden)))
