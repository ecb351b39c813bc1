"""
Manage the command line's gettext catalogues with Babel (run by ``nox -s i18n_*``).

``extract``: write ``src/clss_housing/locale/clss_housing.pot`` from the
English messages (:data:`clss_housing.cli.messages.ENGLISH`, message id as
gettext context) and from every help text of the command tree.
``update``: merge the template into the ``fr`` and ``nl`` ``.po`` files
(new texts appear untranslated, changed English texts become fuzzy).
``compile``: write the ``.mo`` files shipped in the wheel (committed, so an
editable install and ``pip install .`` both find them without a build step).
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from clss_housing.cli.app import cli
from clss_housing.cli.i18n import DOMAIN, short_help
from clss_housing.cli.messages import ENGLISH


LOCALE = Path(__file__).resolve().parent.parent / "src" / "clss_housing" / "locale"
POT = LOCALE / f"{DOMAIN}.pot"
LANGS = ("fr", "nl")
HEADINGS = ("Usage: ", "Options", "Commands", "Arguments", "Show this message and exit.")


def _help_texts(command: click.Command, seen: set[str]) -> list[str]:
    texts: list[str] = []

    def add(text: str | None) -> None:
        if text:
            cleaned = inspect.cleandoc(text).partition("\f")[0].strip()
            if cleaned and cleaned not in seen:
                seen.add(cleaned)
                texts.append(cleaned)

    add(command.help)
    add(command.short_help or (short_help(command) if command.help else None))
    for param in command.params:
        add(getattr(param, "help", None))
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            texts.extend(_help_texts(sub, seen))
    return texts


def template() -> Catalog:
    """The catalogue template: every message and help text in English."""
    catalog = Catalog(domain=DOMAIN, project="clss-housing", msgid_bugs_address="")
    for key, text in ENGLISH.items():
        catalog.add(text, context=key)
    for text in (*HEADINGS, *_help_texts(cli, set())):
        catalog.add(text, auto_comments=["help"])
    return catalog


def extract() -> None:
    """Write the template."""
    LOCALE.mkdir(parents=True, exist_ok=True)
    with POT.open("wb") as out:
        write_po(out, template(), width=100, omit_header=False)


def update() -> None:
    """Merge the template into each language's ``.po``."""
    tpl = template()
    for lang in LANGS:
        po = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        if po.exists():
            with po.open("rb") as src:
                catalog = read_po(src, locale=lang, domain=DOMAIN)
        else:
            catalog = Catalog(locale=lang, domain=DOMAIN, project="clss-housing")
        catalog.update(tpl, no_fuzzy_matching=True)
        with po.open("wb") as out:
            write_po(out, catalog, width=100, ignore_obsolete=True)


def compile_all() -> None:
    """Write each language's ``.mo`` (fuzzy entries left out)."""
    for lang in LANGS:
        po = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        with po.open("rb") as src:
            catalog = read_po(src, locale=lang, domain=DOMAIN)
        with po.with_suffix(".mo").open("wb") as out:
            write_mo(out, catalog, use_fuzzy=False)


if __name__ == "__main__":
    actions = {"extract": extract, "update": update, "compile": compile_all}
    if len(sys.argv) != 2 or sys.argv[1] not in actions:
        sys.exit("usage: python tools/i18n.py extract|update|compile")
    actions[sys.argv[1]]()
