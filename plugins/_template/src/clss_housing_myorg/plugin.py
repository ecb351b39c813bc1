"""
Template partner plugin: a profile and one letter.  Delete what you do not need.

Every hook is optional; see ``clss_housing.plugins.hookspecs`` for all of them
(rules, workflow extensions, redaction policy, reactions to entries).
"""

from __future__ import annotations

from clss_housing.documents import LegalRef, Letterhead, LetterSpec
from clss_housing.plugins import PartnerProfile, PluginLetter, hookimpl


__all__ = ["PROFILE", "clss_housing_letters", "clss_housing_partners"]

PROFILE = PartnerProfile(
    id="myorg",
    name_fr="Mon Organisation",
    name_nl="Mijn Organisatie",
    address="Rue Exemple 1\n1030 Schaerbeek",
    contact="02 000 00 00",
    letterhead=Letterhead(name="Mon Organisation", lines=("Rue Exemple 1", "1030 Schaerbeek")),
)

_LETTER = LetterSpec(
    id="myorg-hello",
    title={"fr": "Lettre d'exemple", "nl": "Voorbeeldbrief"},
    addressee={"fr": "le bailleur", "nl": "de verhuurder"},
    purpose={"fr": "Montrer la forme d'une lettre de plugin.",
             "nl": "De vorm van een pluginbrief tonen."},
    basis=(LegalRef("cbl", "219"),),
    registered=False,
    required=("tenant", "tenant_address", "landlord", "landlord_address"),
)


@hookimpl
def clss_housing_partners() -> list[PartnerProfile]:
    """Contribute the organisation's profile."""
    return [PROFILE]


@hookimpl
def clss_housing_letters() -> list[PluginLetter]:
    """Contribute the organisation's letters with their templates."""
    return [PluginLetter.from_package(_LETTER, __package__ or "clss_housing_myorg")]
