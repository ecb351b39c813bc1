"""
The language the command line speaks to people, and its gettext catalogues.

The interface language is, first found: the global ``--ui-lang`` option,
``CLSS_HOUSING_LANG``, then the locale (``LC_ALL``, ``LC_MESSAGES``,
``LANG``); English otherwise.  A command's own ``--lang`` is the language of
the *document* it writes and is not affected.  JSON output is never
translated.

Catalogues are gettext ``.mo`` files under ``clss_housing/locale`` (domain
``clss_housing``), shipped in the wheel as package data and committed next to
their ``.po`` sources (``nox -s i18n_extract``, ``i18n_update``,
``i18n_compile``).  Messages are looked up with ``pgettext(id, english)``: the
context is the stable message id of :mod:`clss_housing.cli.messages`, the
msgid is its English text, so an id added without a translation, or an
English text changed after translation, shows in English until the
catalogue catches up.  Help texts are looked up by their English text.
"""

from __future__ import annotations

import difflib
import gettext
import inspect
import os
import re
from collections.abc import Iterable, Mapping
from importlib.resources import files
from typing import Final

import click


__all__ = [
    "DOMAIN",
    "UI_LANGUAGES",
    "TranslatingFormatter",
    "did_you_mean",
    "resolve_language",
    "translate_help",
    "translations",
    "ui_language",
]

#: The gettext domain of the command line's catalogues.
DOMAIN: Final = "clss_housing"
#: The languages the command line speaks (English is the source).
UI_LANGUAGES: Final = ("en", "fr", "nl")

_LOCALE_VARS: Final = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


def resolve_language(option: str | None, environ: Mapping[str, str]) -> str:
    """
    Return the interface language from ``--ui-lang``, ``CLSS_HOUSING_LANG`` or the locale.

    Args:
        option: the value of ``--ui-lang`` (already checked), or ``None``.
        environ: the environment (``os.environ``).

    Returns:
        One of :data:`UI_LANGUAGES`; ``en`` when nothing names a known language.
    """
    if option:
        return option
    explicit = environ.get("CLSS_HOUSING_LANG", "").strip().lower()[:2]
    if explicit in UI_LANGUAGES:
        return explicit
    for name in _LOCALE_VARS:
        value = environ.get(name, "").strip()
        if not value:
            continue
        code = value.split(":")[0][:2].lower()
        return code if code in UI_LANGUAGES else "en"
    return "en"


def ui_language() -> str:
    """The interface language of the command running now (see :func:`resolve_language`)."""
    ctx = click.get_current_context(silent=True)
    option: str | None = None
    if ctx is not None:
        value = ctx.find_root().params.get("ui_lang")
        option = value if isinstance(value, str) and value in UI_LANGUAGES else None
    return resolve_language(option, os.environ)


def translations(lang: str) -> gettext.NullTranslations:
    """
    Return the catalogue of ``lang`` (gettext keeps the parsed files).

    English, and a language without a compiled catalogue, get the null
    translation: every text stays in English.
    """
    if lang == "en":
        return gettext.NullTranslations()
    localedir = str(files("clss_housing") / "locale")
    return gettext.translation(DOMAIN, localedir, languages=[lang], fallback=True)


def translate_help(text: str, lang: str | None = None) -> str:
    """Return the help text ``text`` in the interface language (itself when untranslated)."""
    language = lang or ui_language()
    if language == "en" or not text:
        return text
    catalogue = translations(language)
    key = inspect.cleandoc(text)
    translated = catalogue.gettext(key)
    if translated != key:
        return translated
    # "help text  [default: x]": translate the help, keep click's suffix.
    match = re.match(r"^(.*?)(\s+\[[^\]]*\])+$", text, flags=re.DOTALL)
    if match:
        head = match.group(1)
        translated = catalogue.gettext(head)
        if translated != head:
            return translated + text[len(head):]
    return text


class TranslatingFormatter(click.HelpFormatter):
    """Click's help formatter, writing help texts and headings in the interface language."""

    def write_text(self, text: str) -> None:
        """Write a paragraph, translated."""
        super().write_text(translate_help(text))

    def write_heading(self, heading: str) -> None:
        """Write a heading ("Options", "Commands"), translated."""
        super().write_heading(translate_help(heading))

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """Write the usage line, its prefix translated."""
        super().write_usage(prog, args, translate_help(prefix or "Usage: "))

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        """Write a definition list, each definition translated."""
        super().write_dl(
            [(term, translate_help(text)) for term, text in rows], col_max, col_spacing
        )


class TranslatingContext(click.Context):
    """A click context whose help is written by :class:`TranslatingFormatter`."""

    formatter_class = TranslatingFormatter


def localise_tree(command: click.Command) -> None:
    """Give ``command`` and every sub-command translated help and short help (at import)."""
    command.context_class = TranslatingContext
    if not command.short_help and command.help:
        # The first sentence whole (click would cut it to the width): it has a translation.
        command.short_help = short_help(command)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            localise_tree(sub)


def short_help(command: click.Command) -> str:
    """The first sentence of a command's help, as the command lists show it."""
    if command.short_help:
        return command.short_help
    text = inspect.cleandoc(command.help or "").partition("\f")[0]
    first = text.split("\n\n")[0].replace("\n", " ").strip()
    end = first.find(". ")
    return first if end < 0 else first[: end + 1]


def did_you_mean(value: str, choices: Iterable[str]) -> list[str]:
    """The known names closest to the mistyped ``value`` (difflib), best first."""
    options = list(choices)
    folded = {choice.lower(): choice for choice in options}
    close = difflib.get_close_matches(value.lower(), list(folded), n=3, cutoff=0.6)
    return [folded[item] for item in close]
