"""
The partner registry of a shared casebook: who the CLSS partners are.

A partner is a record (id, names in French and Dutch, kind, languages, contact,
aliases).  The registry is the installed plugins' partner profiles
(``book.env.partners``), which seed it, overlaid by the records stored in the
casebook with ``partner add`` (a stored record of the same id wins).  Every
partner id a person types — ``--as USER@PARTNER``, a referral, a consent,
``summary --for`` — goes through :meth:`PartnerRegistry.require`: an alias
resolves to its partner, an unknown id is refused with the closest known ids
(``cpsa`` → did you mean ``cpas``?).

    >>> reg = PartnerRegistry([Partner("cpas", "CPAS", "OCMW", "cpas", aliases=("ocmw",))])
    >>> reg.require("OCMW", "partner").id
    'cpas'
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Final, Protocol, runtime_checkable

import attrs

from clss_housing.documents.partners import PartnerProfile
from clss_housing.errors import StoreError, ValidationError
from clss_housing.ledger.access import AccessRow
from clss_housing.ledger.actor import LOCAL_PARTNER, check_partner_id


__all__ = [
    "PARTNER_KINDS",
    "AccessTable",
    "Partner",
    "PartnerRegistry",
    "PartnerTable",
    "registry_of",
]

#: The kinds of partner a registry knows.
PARTNER_KINDS: Final = ("cpas", "tenant_union", "mental_health", "medical", "family", "other")
_LANGS: Final = ("fr", "nl")


def _kind(_i: object, _a: object, value: object) -> None:
    if value not in PARTNER_KINDS:
        raise ValidationError("kind", value, f"must be one of {', '.join(PARTNER_KINDS)}")


def _name(_i: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip() or len(value) > 200 or "\n" in value:
        raise ValidationError(attribute.name, None, "must be one line (1 to 200 characters)")


def _langs(_i: object, _a: object, value: object) -> None:
    if not isinstance(value, tuple) or not value or any(v not in _LANGS for v in value):
        raise ValidationError("languages", value, "must list fr and/or nl")


def _aliases(_i: object, _a: object, value: object) -> None:
    if not isinstance(value, tuple):
        raise ValidationError("aliases", value, "must be a list of partner ids")
    for alias in value:
        check_partner_id(alias)


def _tuple(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


@attrs.frozen
class Partner:
    """
    One CLSS partner organisation.

    Attributes:
        id: the stable id used in ``--as``, consents, referrals and summaries.
        name_fr, name_nl: its name in French and Dutch.
        kind: one of :data:`PARTNER_KINDS`.
        languages: the languages it works in.
        contact: phone / e-mail, one line.
        aliases: other ids it is known by (a plugin's package name…).
        source: ``plugin`` (seeded from an installed profile) or ``casebook`` (stored).
    """

    id: str = attrs.field(validator=lambda _i, _a, v: check_partner_id(v))
    name_fr: str = attrs.field(validator=_name)
    name_nl: str = attrs.field(validator=_name)
    kind: str = attrs.field(default="other", validator=_kind)
    languages: tuple[str, ...] = attrs.field(default=("fr", "nl"), converter=_tuple,
                                             validator=_langs)
    contact: str = ""
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_aliases)
    source: str = "casebook"

    def name(self, lang: str) -> str:
        """The name in ``lang`` (French for anything but ``nl``)."""
        return self.name_nl if lang == "nl" else self.name_fr

    def as_json(self) -> dict[str, object]:
        """The record as ``partner show --json`` prints it and the store keeps it."""
        return {
            "id": self.id, "name_fr": self.name_fr, "name_nl": self.name_nl, "kind": self.kind,
            "languages": list(self.languages), "contact": self.contact,
            "aliases": list(self.aliases), "source": self.source,
        }

    @classmethod
    def from_json(cls, text: str) -> Partner:
        """Rebuild a stored record."""
        try:
            data = json.loads(text)
            return cls(
                data["id"], data["name_fr"], data["name_nl"], data.get("kind", "other"),
                tuple(data.get("languages", ("fr", "nl"))), data.get("contact", ""),
                tuple(data.get("aliases", ())), "casebook",
            )
        except (ValueError, KeyError, TypeError):
            raise StoreError("a stored partner record cannot be read") from None

    @classmethod
    def from_profile(cls, profile: PartnerProfile) -> Partner:
        """The record a plugin's partner profile seeds."""
        kind = profile.kind if profile.kind in PARTNER_KINDS else "other"
        return cls(profile.id, profile.name_fr, profile.name_nl, kind, profile.languages,
                   profile.contact, profile.aliases, "plugin")


@runtime_checkable
class PartnerTable(Protocol):
    """What a store offers to keep partner records (every store of the project does)."""

    def read_partners(self) -> list[tuple[str, str]]:
        """Every stored record ``(id, JSON)``, by id."""

    def put_partner(self, partner_id: str, record: str) -> None:
        """Store or replace one record."""


@runtime_checkable
class AccessTable(Protocol):
    """What a store offers to keep the access log (every store of the project does)."""

    def append_access(self, make: Callable[[int, str], AccessRow]) -> AccessRow:
        """Append ``make(next sequence, previous hash)`` atomically."""

    def read_access(self) -> list[AccessRow]:
        """The whole log, in order."""


def _norm(text: str) -> str:
    return text.strip().casefold()


class PartnerRegistry:
    """The partners of one casebook (see the module docstring); read-only."""

    def __init__(self, partners: Iterable[Partner]) -> None:
        self._by_id: dict[str, Partner] = {p.id: p for p in partners}
        self._names: dict[str, str] = {}
        for partner in self._by_id.values():
            for alias in partner.aliases:
                self._names.setdefault(_norm(alias), partner.id)
        for partner in self._by_id.values():
            self._names[_norm(partner.id)] = partner.id  # an id wins over another's alias

    def __iter__(self) -> Iterator[Partner]:
        return iter(sorted(self._by_id.values(), key=lambda p: p.id))

    def __len__(self) -> int:
        return len(self._by_id)

    def resolve(self, name: str) -> Partner | None:
        """The partner whose id or alias is ``name`` (case-insensitive), or ``None``."""
        found = self._names.get(_norm(name)) if isinstance(name, str) else None
        return self._by_id[found] if found is not None else None

    def suggestions(self, name: str) -> list[str]:
        """Known ids and aliases closest to ``name`` (for a did-you-mean)."""
        return difflib.get_close_matches(_norm(name), sorted(self._names), n=3, cutoff=0.6)

    def require(self, name: str, field: str, *, allow_local: bool = False) -> Partner | None:
        """
        The partner ``name`` names; ``None`` only for ``local`` when ``allow_local``.

        Raises:
            ValidationError: ``name`` is no partner's id or alias; the message lists the
                closest known ids, or every id when none is close.
        """
        if allow_local and isinstance(name, str) and _norm(name) == LOCAL_PARTNER:
            return None
        found = self.resolve(name)
        if found is not None:
            return found
        close = self.suggestions(name) if isinstance(name, str) else []
        if close:
            hint = "did you mean " + " or ".join(close) + "?"
        elif self._by_id:
            hint = "known partners: " + ", ".join(sorted(self._by_id))
        else:
            hint = "no partner is registered yet: add it with `clss-housing partner add`"
        shown = name if isinstance(name, str) and len(name) <= 80 else None
        raise ValidationError(field, shown, f"is not a registered partner; {hint}")


def registry_of(profiles: Mapping[str, PartnerProfile], store: object) -> PartnerRegistry:
    """The registry of a casebook: plugin profiles overlaid by the store's records."""
    partners = {pid: Partner.from_profile(p) for pid, p in profiles.items()}
    if isinstance(store, PartnerTable):
        for pid, record in store.read_partners():
            partners[pid] = Partner.from_json(record)
    return PartnerRegistry(partners.values())
