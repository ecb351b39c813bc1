"""
What every command shares: the database URL, the lazily opened casebook, exit codes.

The casebook is opened only once a command has checked its own arguments, so
that a refused command never creates or touches a database.  Reading commands
refuse a SQLite file that does not exist instead of creating an empty one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Final, TypeVar

import attrs
import click

from clss_housing.casebook import Casebook
from clss_housing.cli.messages import message
from clss_housing.deadlines.settings_file import LoadedSettings, find_settings_file, load_settings
from clss_housing.errors import StoreError, ValidationError
from clss_housing.ledger.actor import parse_actor
from clss_housing.plugins import PluginEnvironment
from clss_housing.sharing.policy import Sight
from clss_housing.view import CaseView


if TYPE_CHECKING:
    from clss_housing.deadlines.rules import DeadlineSettings


__all__ = [
    "DEFAULT_DB",
    "EXIT_CONFLICT",
    "EXIT_INTEGRITY",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_REFUSED",
    "EXIT_STORE",
    "EXIT_USAGE",
    "AppContext",
    "open_casebook",
    "pass_app",
    "redact_url",
    "today",
]

#: The command did what was asked.
EXIT_OK: Final = 0
#: The command was refused: a bad value, a transition not allowed, missing facts.
EXIT_REFUSED: Final = 1
#: Usage error only: an unknown command or option, a required option absent (click's own).
EXIT_USAGE: Final = 2
#: ``case verify`` found a broken hash chain.
EXIT_INTEGRITY: Final = 3
#: A concurrent writer kept changing the case; retrying did not resolve it.
EXIT_CONFLICT: Final = 4
#: An unexpected internal error (``EX_SOFTWARE``).
EXIT_INTERNAL: Final = 70
#: The database failed after it was opened (``EX_IOERR``).
EXIT_STORE: Final = 74

DEFAULT_DB: Final = "sqlite:///clss-housing.db"

_PASSWORD: Final = re.compile(r"(://[^:/@\s]+:)[^@\s]+@")


def redact_url(text: str) -> str:
    """Hide any password written in a database URL inside ``text``."""
    return _PASSWORD.sub(r"\1***@", text)


def today() -> date:
    """Return today's date (the default of ``--date`` and ``--as-of``)."""
    return date.today()


def _sqlite_path(url: str) -> Path | None:
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///"):]
        if path and path != ":memory:":
            return Path(path)
    return None


def open_casebook(
    url: str,
    *,
    create: bool = False,
    plugins: PluginEnvironment | None = None,
    actor: str | None = None,
) -> Casebook:
    """
    Open the casebook at ``url`` for a command.

    Args:
        url: the ``--db`` URL.
        create: create a SQLite file that does not exist yet (``case open``,
            ``demo``); otherwise such a URL is refused.
        plugins: the plugin environment (the installed plugins by default).
        actor: ``--as USER@PARTNER`` (or ``CLSS_HOUSING_ACTOR``), if given.

    Raises:
        ValidationError: the URL is not usable (field ``--db``), or the actor is
            malformed (field ``--as``); nothing is created.
    """
    chosen = None
    if actor is not None:
        try:
            chosen = parse_actor(actor)
        except ValidationError as exc:
            raise ValidationError("--as", None, exc.reason) from None
    path = _sqlite_path(url)
    if path is not None and not create and not path.exists():
        raise ValidationError("--db", None, message("db.missing", path=str(path)))
    try:
        if chosen is None:
            book = Casebook.open(url, plugins=plugins)
        else:
            book = Casebook.open(url, plugins=plugins, actor=chosen)
    except StoreError as exc:
        raise ValidationError("--db", None, message("db.bad", text=redact_url(str(exc)))) from None
    book.strict_partners = True  # the command line accepts registered partners only
    if chosen is not None:
        try:  # the partner of --as must be registered (an alias resolves to its id)
            book.actor = book.check_actor(chosen)
        except BaseException:
            book.close()
            raise
    return book


@attrs.define
class AppContext:
    """State shared by the commands of one invocation."""

    db_url: str
    #: The case the command works on, once known (for hints in error messages).
    current_case: str | None = None
    _book: Casebook | None = None
    #: ``--config FILE`` (the deadline settings file), if given.
    config: str | None = None
    _settings: LoadedSettings | None = None
    _env: PluginEnvironment | None = None
    #: ``--as USER@PARTNER`` (or ``CLSS_HOUSING_ACTOR``), if given.
    actor: str | None = None

    def loaded_settings(self) -> LoadedSettings:
        """
        Return the deadline settings in force and where each came from (read once).

        ``--config``, else ``CLSS_HOUSING_CONFIG``, else ``clss-housing.toml``
        beside the database; the defaults when there is no file.

        Raises:
            ValidationError: the file names no file or holds a bad value (exit 1).

        """
        if self._settings is None:
            path = find_settings_file(self.config, os.environ, self.db_url, Path.cwd())
            self._settings = load_settings(path)
        return self._settings

    def settings(self) -> DeadlineSettings:
        """Return the :class:`DeadlineSettings` in force (see :meth:`loaded_settings`)."""
        return self.loaded_settings().settings

    @property
    def env(self) -> PluginEnvironment:
        """The installed plugins' environment with the settings in force (built once)."""
        if self._env is None:
            self._env = PluginEnvironment.installed(settings=self.settings())
        return self._env

    def casebook(self, *, create: bool = False) -> Casebook:
        """Return the casebook, opening it on first use (closed when the command ends)."""
        if self._book is None:
            self._book = open_casebook(
                self.db_url, create=create, plugins=self.env, actor=self.actor
            )
            click.get_current_context().call_on_close(self.close)
        return self._book

    def read_case(self, case_id: str, as_of: date, command: str) -> tuple[CaseView, Sight]:
        """
        Load a case for a reading command, as the actor may see it (the sharing policy).

        A partner not involved in the case is refused (exit 1: "not involved: ask
        for a referral"); the reading is appended to the access log.

        Returns:
            The whole case (derived figures come from it) and what the actor may see.
        """
        book = self.casebook()
        view = book.load(case_id)
        seen = book.sight(view, as_of)
        seen.require_involved()
        book.log_access(case_id, command)
        return view, seen

    def involved_cases(self, as_of: date) -> frozenset[str] | None:
        """
        The cases the actor's partner is involved in at ``as_of``; ``None`` for the lead.

        For casebook-wide listings (``deadlines``, ``agenda``) acting as a partner.
        """
        book = self.casebook()
        actor = book.actor
        if actor is not None and actor.is_local:
            return None
        return frozenset(v.case_id for v in book.views() if book.sight(v, as_of).involved)

    def close(self) -> None:
        """Close the casebook if it was opened."""
        if self._book is not None:
            book, self._book = self._book, None
            book.close()


F = TypeVar("F", bound=Callable[..., object])

#: Decorator giving a command the :class:`AppContext` as first argument.
pass_app: Callable[[F], F] = click.make_pass_decorator(AppContext)  # type: ignore[assignment]


def current_app() -> AppContext:
    """The :class:`AppContext` of the command running now."""
    app = click.get_current_context().find_object(AppContext)
    if app is None:  # pragma: no cover - every command runs under the group that makes it
        raise RuntimeError("no clss-housing command is running")
    return app
