"""``clss-housing rules``: the deadline rules in force, and ``--settings``: their settings."""

from __future__ import annotations

import click

from clss_housing.cli.context import AppContext, pass_app
from clss_housing.cli.messages import message
from clss_housing.cli.output import emit_json, shorten, table
from clss_housing.cli.parsing import parse_lang
from clss_housing.deadlines import rules_table
from clss_housing.deadlines.settings_file import settings_rows


__all__ = ["rules_command"]


@click.command("rules")
@click.option("--settings", "show_settings", is_flag=True,
              help="Show the deadline settings in force, where each came from and which "
                   "rules and checks each one changes.")
@click.option("--lang", default="en", show_default=True, metavar="fr|nl|en",
              help="Language of the legal bases.")
@click.option("--json", "as_json", is_flag=True, help=message("help.json"))
@pass_app
def rules_command(app: AppContext, show_settings: bool, lang: str, as_json: bool) -> None:
    """
    List the deadline rules in force (with plugins'), or with --settings the settings.

    Settings come from --config FILE, else CLSS_HOUSING_CONFIG, else
    clss-housing.toml beside the database ([deadlines] table); a bad value is
    refused naming the file, the key and what is allowed.
    """
    lang = "en" if lang.strip().lower() == "en" else parse_lang(lang)
    loaded = app.loaded_settings()
    pack = app.env.rules
    if show_settings:
        rows = settings_rows(loaded, pack.rules)
        if as_json:
            emit_json({
                "file": None if loaded.path is None else str(loaded.path),
                "settings": rows,
            })
            return
        shown = message("rules.file_none") if loaded.path is None else str(loaded.path)
        click.echo(message("rules.settings_from", file=shown))
        click.echo(table(
            [message("label.setting"), message("label.value"), message("label.origin"),
             message("label.changes")],
            [[row["name"], shorten(row["value"], 30),
              message("label.origin_default" if row["origin"] == "default"
                      else "label.origin_file"),
              shorten(", ".join(row["changes"]) or "—", 70)] for row in rows],
            align=["<", "<", "<", "<"],
        ))
        return
    found = rules_table(pack.rules, lang=lang)
    if as_json:
        emit_json(found)
        return
    click.echo(table(
        [message("label.rule"), message("label.regime"), message("label.valid_from"),
         message("label.confidence"), message("label.basis")],
        [[r["id"], r["regime"], r["valid_from"][:10], r["confidence"], shorten(r["basis"], 60)]
         for r in found],
        align=["<", "<", "<", "<", "<"],
    ))
