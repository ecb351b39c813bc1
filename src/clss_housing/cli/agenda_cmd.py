"""``clss-housing agenda``: what falls due in the next days, by day, on screen or by e-mail."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import click

from clss_housing.cli.case import tenant_names
from clss_housing.cli.context import AppContext, pass_app, today
from clss_housing.cli.mail import MailSettings, check_address, send_mail
from clss_housing.cli.messages import message
from clss_housing.cli.output import emit_json
from clss_housing.cli.parsing import parse_date, parse_days
from clss_housing.deadlines.settings_file import find_settings_file
from clss_housing.documents.agenda import (
    AGENDA_FORMATS,
    AGENDA_LANGS,
    build_agenda,
    render_agenda,
)
from clss_housing.documents.formatting import format_date
from clss_housing.documents.paths import write_atomic
from clss_housing.errors import ValidationError


__all__ = ["agenda_command"]

def _mail_settings(app: AppContext) -> MailSettings:
    path = find_settings_file(app.config, os.environ, app.db_url, Path.cwd())
    if path is None:
        raise ValidationError("--mail-to", None, message("agenda.no_config"))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValidationError(str(path), None, message("config.bad_toml", reason=exc)) from None
    table = data.get("mail")
    if not isinstance(table, dict):
        raise ValidationError(f"{path}: mail", None, message("agenda.no_mail_table"))
    return MailSettings.from_table(table, str(path))


@click.command("agenda")
@click.option("--as-of", metavar="DATE", help="The first day (YYYY-MM-DD, default today).")
@click.option("--within", default="7", show_default=True, metavar="DAYS",
              help="How many days after --as-of to cover.")
@click.option("--for", "partner", metavar="PARTNER",
              help="Only the cases this partner takes part in (a referral to it or a consent "
                   "given for it).")
@click.option("--format", "fmt", type=click.Choice(AGENDA_FORMATS), default="txt",
              show_default=True, help="txt, md or html.")
@click.option("--lang", default="fr", show_default=True, metavar="fr|nl|en",
              help="The agenda's language.")
@click.option("--names", is_flag=True,
              help="Show tenants' names beside the case ids (on screen or in --out only; "
                   "never in a mail).")
@click.option("--out", metavar="FILE", help="Write the agenda to FILE instead of the screen.")
@click.option("--mail-to", metavar="ADDRESS",
              help="Send the agenda to ADDRESS through the [mail] server of the configuration "
                   "file (no names, only case ids).")
@click.option("--json", "as_json", is_flag=True, help="Print the agenda as JSON.")
@pass_app
def agenda_command(
    app: AppContext, as_of: str | None, within: str, partner: str | None, fmt: str, lang: str,
    names: bool, out: str | None, mail_to: str | None, as_json: bool,
) -> None:
    """
    The agenda of the coming days: deadlines and hearings by day, then what to check today.

    What to check today: irregularities in force (a petition filed too early, an
    eviction set in the winter moratorium…) and payment plans in default.
    """
    start = today() if as_of is None else parse_date(as_of, "as-of")
    days = parse_days(within, "within")
    language = lang.strip().lower()
    if language not in AGENDA_LANGS:
        allowed = ", ".join(AGENDA_LANGS)
        raise ValidationError("--lang", lang, message("choice.bad", choices=allowed))
    if mail_to is not None:
        if names:
            raise ValidationError("--names", None, message("agenda.no_names_by_mail"))
        check_address(mail_to, "--mail-to")
        settings = _mail_settings(app)
    book = app.casebook()
    env = book.env
    involved = app.involved_cases(start)  # acting as a partner: its cases only
    views = (v for v in book.views() if involved is None or v.case_id in involved)
    agenda = build_agenda(views, as_of=start, within=days, lang=language,
                          partner=partner.strip() if partner else None,
                          rules=env.rules, settings=env.settings)
    if as_json:
        emit_json(agenda.to_json())
        return
    shown = tenant_names(book, sorted({i.case for i in agenda.items})) if names else None
    text = render_agenda(agenda, fmt, names=shown)
    if mail_to is not None:
        subject = message("agenda.subject", date=format_date(start, language, "dd/MM/y"))
        send_mail(settings, mail_to, subject, render_agenda(agenda, "txt"),
                  render_agenda(agenda, "html"))
        click.echo(message("agenda.mailed", count=len(agenda.items), to=mail_to))
        return
    if out is not None:
        target = Path(out)
        if not target.parent.exists():
            raise ValidationError("--out", None, message("out.no_folder"))
        write_atomic(target, text.encode("utf-8"))
        click.echo(message("agenda.written", count=len(agenda.items), path=str(target)))
        return
    click.echo(text, nl=False)
