"""
Service de Santé Mentale Le Méridien: profile, referral letters, consent-only health notes.

* **Referrals**: ``ssm-referral`` (the CLSS worker refers a household to the
  service; only under a consent in force for the service) and ``ssm-follow-up``
  (the service tells the worker the household is followed: that is itself health
  data, so only under a ``health`` consent in force for the service).
* **Redaction**: summaries sent to ``ssm-le-meridien`` show the categories the
  tenant consented to; health notes only under a consent of scope ``health``
  in force at the summary's date.
* **Nothing back**: the plugin never reacts to entries and contributes no
  rule: no health detail leaves the service through clss-housing.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Final

import attrs

from clss_housing.documents import LegalRef, Letterhead, LetterSpec, consents_in_force
from clss_housing.plugins import PartnerProfile, PluginLetter, hookimpl


if TYPE_CHECKING:
    from clss_housing.view import CaseView


__all__ = [
    "PARTNER_ID",
    "PROFILE",
    "SsmPolicy",
    "clss_housing_letters",
    "clss_housing_partners",
    "clss_housing_redaction_policy",
]

PARTNER_ID: Final = "ssm-le-meridien"

PROFILE = PartnerProfile(
    id=PARTNER_ID,
    name_fr="Service de Santé Mentale Le Méridien",
    name_nl="Centrum voor Geestelijke Gezondheidszorg Le Méridien",
    address="Rue du Méridien 68\n1210 Saint-Josse-ten-Noode",
    contact="02 218 56 08",
    letterhead=Letterhead(name="Service de Santé Mentale Le Méridien",
                          lines=("Rue du Méridien 68", "1210 Saint-Josse-ten-Noode"),
                          phone="02 218 56 08"),
    health_data=True,
    kind="mental_health",
)


@attrs.frozen
class SsmPolicy:
    """The service sees only what the tenant consented to; health only under a health consent."""

    def visible_categories(self, view: CaseView, partner: str, as_of: date) -> frozenset[str]:
        """The categories with a consent in force for ``partner`` at ``as_of``."""
        return consents_in_force(view, partner, as_of)


_SPECS = (
    LetterSpec(
        id="ssm-referral",
        title={"fr": "Orientation vers le Service de Santé Mentale Le Méridien",
               "nl": "Doorverwijzing naar het CGG Le Méridien"},
        addressee={"fr": "le SSM Le Méridien", "nl": "het CGG Le Méridien"},
        purpose={"fr": "Orienter un ménage, avec son accord, vers le service de santé mentale.",
                 "nl": "Een gezin, met zijn akkoord, doorverwijzen naar het centrum."},
        basis=(LegalRef("cp", "458"),),
        registered=False,
        required=("tenant", "tenant_address", "reason", "worker_name", "organisation"),
        optional=("phone", "email", "hearing_date"),
        sender="worker",
        confidence="high",
        consent_partner=PARTNER_ID,
    ),
    LetterSpec(
        id="ssm-follow-up",
        title={"fr": "Confirmation de prise en charge", "nl": "Bevestiging van begeleiding"},
        addressee={"fr": "le travailleur du CLSS", "nl": "de medewerker van het CLSS"},
        purpose={"fr": "Confirmer qu'un ménage est suivi, sans aucun détail de santé.",
                 "nl": "Bevestigen dat een gezin begeleid wordt, zonder gezondheidsgegevens."},
        basis=(LegalRef("cp", "458"),),
        registered=False,
        required=("tenant", "worker_name", "organisation"),
        sender="worker",
        confidence="high",
        consent_partner=PARTNER_ID,
        consent_scope="health",
    ),
)


@hookimpl
def clss_housing_partners() -> list[PartnerProfile]:
    """Contribute the service's profile."""
    return [PROFILE]


@hookimpl
def clss_housing_letters() -> list[PluginLetter]:
    """Contribute the referral and follow-up letters."""
    package = __package__ or "clss_housing_ssm_le_meridien"
    return [PluginLetter.from_package(spec, package) for spec in _SPECS]


@hookimpl
def clss_housing_redaction_policy(partner: str) -> SsmPolicy | None:
    """The service's consent-only policy for its own partner id, else no opinion."""
    return SsmPolicy() if partner.strip().lower() == PARTNER_ID else None
