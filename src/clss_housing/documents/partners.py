"""
Partner profiles: who the organisations of a CLSS are.

Partner plugins contribute a :class:`PartnerProfile` through the
``clss_housing_partners`` hook; a casebook's ``book.env.partners`` holds them by
id.  The lead worker's organisation and the recipients of case summaries are
named by the profile ``id`` (free text such as ``cpas`` or ``ul-schaerbeek``, as
in ``consent_given --set partner=ID``).

    >>> p = PartnerProfile(id="cpas", name_fr="CPAS de Schaerbeek",
    ...                    name_nl="OCMW van Schaarbeek")
    >>> p.name("nl")
    'OCMW van Schaarbeek'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

import attrs

from clss_housing.documents.letterhead import Letterhead
from clss_housing.errors import ValidationError


__all__ = ["PartnerProfile", "partner_aliases", "resolve_partner"]

_ID: Final = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
_LANGS: Final = ("fr", "nl")


def _check_id(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not _ID.match(value):
        raise ValidationError(
            "partner", value,
            "must be lower-case letters, digits, '.', '_' or '-' (e.g. ul-schaerbeek)",
        )


def _check_text(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(attribute.name, value, "must be non-empty text")


def _check_langs(
    instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: object
) -> None:
    if not isinstance(value, tuple) or not value or any(v not in _LANGS for v in value):
        raise ValidationError("languages", value, "must list fr and/or nl")


@attrs.frozen
class PartnerProfile:
    """
    A CLSS partner as its plugin describes it.

    Attributes:
        id: the stable partner id used in consents, referrals and ``summary --for``.
        name_fr, name_nl: the organisation's name in French and Dutch.
        address: postal address (one line or several, one per line).
        contact: phone / e-mail / opening hours, one line.
        languages: the languages it writes in.
        letterhead: printed on its letters and summaries, when given.
        health_data: whether it may receive health notes at all (still only under consent).
        aliases: other ids the same partner is recorded under (e.g. its plugin's name,
            ``cpas-schaerbeek`` for ``cpas``): consents and summaries resolve them.
    """

    id: str = attrs.field(validator=_check_id)
    name_fr: str = attrs.field(validator=_check_text)
    name_nl: str = attrs.field(validator=_check_text)
    address: str = ""
    contact: str = ""
    languages: tuple[str, ...] = attrs.field(
        default=("fr", "nl"), converter=tuple, validator=_check_langs
    )
    letterhead: Letterhead | None = None
    health_data: bool = False
    aliases: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    #: cpas, tenant_union, mental_health, medical, family or other (the partner registry's kind).
    kind: str = "other"

    def name(self, lang: str) -> str:
        """The name in ``lang`` (French for anything but ``nl``)."""
        return self.name_nl if lang == "nl" else self.name_fr


def _norm(partner: str) -> str:
    return partner.strip().casefold()


def resolve_partner(
    partner: str, profiles: Mapping[str, PartnerProfile]
) -> PartnerProfile | None:
    """The profile of ``profiles`` whose id or one of whose aliases is ``partner``, or ``None``."""
    wanted = _norm(partner)
    for profile in profiles.values():
        if _norm(profile.id) == wanted or wanted in {_norm(a) for a in profile.aliases}:
            return profile
    return None


def partner_aliases(partner: str, profiles: Mapping[str, PartnerProfile]) -> frozenset[str]:
    """Every id ``partner`` is known by (normalised): itself, its profile's id and aliases."""
    profile = resolve_partner(partner, profiles)
    names = {_norm(partner)}
    if profile is not None:
        names |= {_norm(profile.id), *(_norm(a) for a in profile.aliases)}
    return frozenset(names)
