"""
Union des Locataires de Schaerbeek: its profile, letterhead and collective letters.

Letters (fr/nl, signed by the households, on the union's letterhead):

* ``uls-repairs`` — repairs in a building, from its tenants together;
* ``uls-indexation`` — disputing an indexation claimed too far back or too high;
* ``uls-joint`` — a joint letter signed by several households.
"""

from __future__ import annotations

from clss_housing.documents import Fact, LegalRef, Letterhead, LetterSpec
from clss_housing.plugins import PartnerProfile, PluginLetter, hookimpl


__all__ = [
    "LETTERHEAD",
    "PROFILE",
    "clss_housing_letters",
    "clss_housing_partners",
]

#: The union's letterhead (contact details as published; check before printing).
LETTERHEAD = Letterhead(
    name="Union des Locataires de Schaerbeek",
    lines=("Rue Royale Sainte-Marie 6", "1030 Schaerbeek"),
    phone="02 216 98 56",
    email="info@uls.be",
)

PROFILE = PartnerProfile(
    id="ul-schaerbeek",
    name_fr="Union des Locataires de Schaerbeek",
    name_nl="Huurdersunie van Schaarbeek",
    address="Rue Royale Sainte-Marie 6\n1030 Schaerbeek",
    contact="02 216 98 56 · info@uls.be",
    letterhead=LETTERHEAD,
    kind="tenant_union",
)

#: The facts of the collective letters that the core catalogue does not have.
OWN_FACTS = (
    Fact("households", "text", False,
         "the households signing, one per line or separated by ';'"),
    Fact("building", "text", False, "the building's address"),
    Fact("subject_text", "text", False, "what the joint letter is about"),
)


_SPECS = (
    LetterSpec(
        id="uls-repairs",
        title={"fr": "Demande collective de réparations",
               "nl": "Collectieve vraag om herstellingen"},
        addressee={"fr": "le bailleur", "nl": "de verhuurder"},
        purpose={"fr": "Les locataires d'un immeuble demandent ensemble les réparations.",
                 "nl": "De huurders van een gebouw vragen samen de herstellingen."},
        basis=(LegalRef("cbl"),),
        registered=True,
        required=("landlord", "landlord_address", "building", "defects", "households"),
        optional=("repair_days",),
        sender="tenant",
        confidence="medium",
        own_facts=OWN_FACTS,
    ),
    LetterSpec(
        id="uls-indexation",
        title={"fr": "Contestation de l'indexation du loyer",
               "nl": "Betwisting van de indexering van de huur"},
        addressee={"fr": "le bailleur", "nl": "de verhuurder"},
        purpose={"fr": "Contester une indexation réclamée trop loin en arrière ou trop haute.",
                 "nl": "Een te ver terugwerkende of te hoge indexering betwisten."},
        basis=(LegalRef("old_cc", "1728bis"), LegalRef("cbl", "224/2")),
        registered=True,
        required=("tenant", "tenant_address", "landlord", "landlord_address",
                  "indexation_request_date", "indexation_from", "indexed_rent"),
        optional=("lease_start", "households"),
        sender="tenant",
        confidence="medium",
        own_facts=OWN_FACTS,
    ),
    LetterSpec(
        id="uls-joint",
        title={"fr": "Lettre commune des locataires", "nl": "Gezamenlijke brief van de huurders"},
        addressee={"fr": "le bailleur", "nl": "de verhuurder"},
        purpose={"fr": "Une lettre signée par plusieurs ménages d'un immeuble.",
                 "nl": "Een brief ondertekend door meerdere gezinnen van een gebouw."},
        basis=(LegalRef("cbl"),),
        registered=False,
        required=("landlord", "landlord_address", "building", "subject_text", "households"),
        sender="tenant",
        confidence="high",
        own_facts=OWN_FACTS,
    ),
)


@hookimpl
def clss_housing_partners() -> list[PartnerProfile]:
    """Contribute the union's profile."""
    return [PROFILE]


@hookimpl
def clss_housing_letters() -> list[PluginLetter]:
    """Contribute the collective letters with their French and Dutch templates."""
    package = __package__ or "clss_housing_uls"
    return [PluginLetter.from_package(spec, package) for spec in _SPECS]
