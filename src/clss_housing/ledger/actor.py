"""
Who recorded an entry: a user of one partner organisation.

Every entry written since store schema 3 names its *actor*, ``USER@PARTNER``
(``marie@cpas-schaerbeek``); the actor is stored beside the row (columns
``by_user`` and ``by_partner``) and is covered by the row's chain hash, hence
by its MAC.  Entries written before carry no actor: they read as ``by =
None`` ("unknown"), never as an invented one.

On a single-organisation SQLite casebook the actor defaults to the system
user at the partner :data:`LOCAL_PARTNER`; a shared (PostgreSQL) casebook
requires one (``--as USER@PARTNER`` or ``CLSS_HOUSING_ACTOR``).
"""

from __future__ import annotations

import getpass
import re
from typing import Final

import attrs

from clss_housing.errors import ValidationError


__all__ = [
    "ACTOR_ENV",
    "LOCAL_PARTNER",
    "Actor",
    "check_partner_id",
    "check_user",
    "local_actor",
    "parse_actor",
]

#: The environment variable naming the actor (``USER@PARTNER``) when ``--as`` is not given.
ACTOR_ENV: Final = "CLSS_HOUSING_ACTOR"
#: The partner of the default actor of a single-organisation casebook.
LOCAL_PARTNER: Final = "local"

_USER: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}\Z")
_PARTNER: Final = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}\Z")


def check_user(user: object) -> str:
    """Return ``user`` if it is a user name an actor may carry."""
    if not isinstance(user, str) or not _USER.match(user):
        raise ValidationError(
            "actor user", user if isinstance(user, str) and len(user) <= 80 else None,
            "is not a user name (letters, digits, '.', '_', '+' or '-', at most 64 "
            "characters, starting with a letter or digit)",
        )
    return user


def check_partner_id(partner: object) -> str:
    """Return ``partner`` if it is well-formed as a partner id (it may still be unknown)."""
    if not isinstance(partner, str) or not _PARTNER.match(partner):
        raise ValidationError(
            "partner", partner if isinstance(partner, str) and len(partner) <= 80 else None,
            "is not a partner id (lower-case letters, digits, '.', '_' or '-', at most 64 "
            "characters)",
        )
    return partner


@attrs.frozen
class Actor:
    """
    A user acting for a partner organisation.

    Attributes:
        user: the user's name or login (``marie``), not personal data of a tenant.
        partner: the partner's id in the casebook's registry (``cpas-schaerbeek``),
            or :data:`LOCAL_PARTNER` on a single-organisation casebook.
    """

    user: str = attrs.field(validator=lambda _i, _a, v: check_user(v))
    partner: str = attrs.field(validator=lambda _i, _a, v: check_partner_id(v))

    def __str__(self) -> str:
        return f"{self.user}@{self.partner}"

    @property
    def is_local(self) -> bool:
        """True for the single-organisation actor (sees every case, as before partners)."""
        return self.partner == LOCAL_PARTNER

    def as_json(self) -> dict[str, str]:
        """The JSON form used by the CLI (key ``by``)."""
        return {"user": self.user, "partner": self.partner}


def parse_actor(text: str) -> Actor:
    """
    Parse ``USER@PARTNER``.

    Raises:
        ValidationError: not of that form, or a part is malformed.
    """
    if not isinstance(text, str) or text.count("@") != 1:
        raise ValidationError(
            "actor", text if isinstance(text, str) and len(text) <= 80 else None,
            "must be USER@PARTNER (for example marie@cpas-schaerbeek)",
        )
    user, partner = text.split("@")
    return Actor(check_user(user), check_partner_id(partner.lower()))


def local_actor(user: str | None = None) -> Actor:
    """The default actor of a single-organisation casebook: the system user at ``local``."""
    if user is None:
        try:
            user = getpass.getuser()
        except (OSError, KeyError):  # no login name (containers without passwd entry)
            user = "system"
    cleaned = re.sub(r"[^A-Za-z0-9._+-]", "-", user)[:64].lstrip("._+-") or "system"
    return Actor(cleaned, LOCAL_PARTNER)
