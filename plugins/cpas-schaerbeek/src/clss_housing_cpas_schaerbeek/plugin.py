"""
CPAS de Schaerbeek: profile, intake of eviction notices, aid letters, redaction policy.

* **Intake**: when a case records ``petition_filed`` (the court informs the
  CPAS of an eviction request, Code judiciaire art. 1344ter) or
  ``cpas_informed``, a task "contact the household" is prepared in the
  plugin instance's ``tasks`` (case id, sequence, due date: no personal data;
  one plugin instance per plugin host, so per casebook), and the rule
  ``cpas_intake_contact`` shows the date in ``deadlines``.
* **Letters**: ``cpas-arrears-aid`` (aid towards rent arrears) and
  ``cpas-guarantee`` (a rental-guarantee advance), from the household.
* **Redaction**: the CPAS sees identity, balance and deadlines, plus what the
  tenant consented to; never health notes, even under a health consent.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Final

import attrs

from clss_housing.deadlines.rules import Counting, Rule, Text
from clss_housing.documents import LegalRef, Letterhead, LetterSpec, consents_in_force
from clss_housing.plugins import PartnerProfile, PluginLetter, hookimpl


if TYPE_CHECKING:
    from clss_housing.ledger.codec import Recorded
    from clss_housing.view import CaseView


__all__ = [
    "PARTNER_ID",
    "PROFILE",
    "CpasPolicy",
    "CpasSchaerbeek",
    "IntakeTask",
]

PARTNER_ID: Final = "cpas"
_INTAKE_KINDS: Final = frozenset({"petition_filed", "cpas_informed"})

PROFILE = PartnerProfile(
    id=PARTNER_ID,
    name_fr="CPAS de Schaerbeek",
    name_nl="OCMW van Schaarbeek",
    # Official address and call centre: https://www.cpas-schaerbeek.brussels/faq/
    address="Boulevard Auguste Reyers 70\n1030 Schaerbeek",
    contact="02 240 30 80",
    letterhead=Letterhead(name="CPAS de Schaerbeek",
                          lines=("Boulevard Auguste Reyers 70", "1030 Schaerbeek"),
                          phone="02 240 30 80"),
    aliases=("cpas-schaerbeek",),
    kind="cpas",
)


@attrs.frozen
class IntakeTask:
    """A task the CPAS's intake prepares: contact the household before ``due``."""

    case_id: str
    sequence: int
    kind: str
    due: date


#: Tasks prepared by the intake hook, newest last (bounded; no personal data).


@attrs.frozen
class CpasPolicy:
    """The CPAS sees what the tenant consented to, never health notes."""

    def visible_categories(self, view: CaseView, partner: str, as_of: date) -> frozenset[str]:
        """The consented categories at ``as_of``, without ``health``."""
        return consents_in_force(view, partner, as_of) - {"health"}


INTAKE_RULE = Rule(
    id="cpas_intake_contact",
    title=Text(fr="CPAS : contacter le ménage (requête en expulsion)",
               nl="OCMW: contact opnemen met het gezin (vordering tot uithuiszetting)",
               en="CPAS: contact the household (eviction request)"),
    description=Text(
        fr="Le CPAS informé d'une requête en expulsion propose son aide au ménage.",
        nl="Het OCMW dat op de hoogte is van een vordering tot uithuiszetting biedt hulp aan.",
        en="The CPAS informed of an eviction request offers the household its help.",
    ),
    track="hearing",
    triggers=("petition_filed", "cpas_informed"),
    counting=Counting(method="working_days", amount=5),
    basis=Text(fr="Code judiciaire art. 1344ter (pratique du CPAS de Schaerbeek)",
               nl="Gerechtelijk Wetboek art. 1344ter (praktijk van het OCMW van Schaarbeek)",
               en="Judicial Code art. 1344ter (practice of the CPAS of Schaerbeek)"),
    valid_from=date(2024, 1, 1),
    region="BXL",
    confidence="low",
    scope="latest",
    note="An internal target of the CPAS, not a legal deadline.",
)


_SPECS = (
    LetterSpec(
        id="cpas-arrears-aid",
        title={"fr": "Demande d'aide pour arriérés de loyer",
               "nl": "Aanvraag tot hulp voor huurachterstal"},
        addressee={"fr": "le CPAS de Schaerbeek", "nl": "het OCMW van Schaarbeek"},
        purpose={"fr": "Demander au CPAS une aide pour apurer les arriérés de loyer.",
                 "nl": "Het OCMW om hulp vragen om de huurachterstal aan te zuiveren."},
        basis=(LegalRef("cpas", "1, 57 et 58"),),
        registered=False,
        required=("tenant", "tenant_address", "arrears", "household", "monthly_income"),
        optional=("hearing_date", "phone", "email"),
        confidence="high",
    ),
    LetterSpec(
        id="cpas-guarantee",
        title={"fr": "Demande d'aide à la garantie locative",
               "nl": "Aanvraag tot hulp voor de huurwaarborg"},
        addressee={"fr": "le CPAS de Schaerbeek", "nl": "het OCMW van Schaarbeek"},
        purpose={"fr": "Demander au CPAS d'avancer ou de garantir la garantie locative.",
                 "nl": "Het OCMW vragen de huurwaarborg voor te schieten of te waarborgen."},
        basis=(LegalRef("cpas", "57 et 58"), LegalRef("cbl", "248")),
        registered=False,
        required=("tenant", "tenant_address", "guarantee_amount", "new_address", "household"),
        optional=("new_rent", "new_lease_start", "phone", "email"),
        confidence="medium",
    ),
)


class CpasSchaerbeek:
    """
    The plugin: the entry point names this class, and each plugin host makes its own.

    So the intake tasks it prepares belong to one environment (one casebook's
    plugins), never to the whole process.

    Attributes:
        tasks: the intake tasks prepared, newest last (case id, sequence, kind, due
            date: no personal data); at most 1000 are kept.
    """

    def __init__(self) -> None:
        self.tasks: deque[IntakeTask] = deque(maxlen=1000)

    @hookimpl
    def clss_housing_partners(self) -> list[PartnerProfile]:
        """Contribute the CPAS's profile."""
        return [PROFILE]

    @hookimpl
    def clss_housing_letters(self) -> list[PluginLetter]:
        """Contribute the arrears-aid and rental-guarantee request letters."""
        package = __package__ or "clss_housing_cpas_schaerbeek"
        return [PluginLetter.from_package(spec, package) for spec in _SPECS]

    @hookimpl
    def clss_housing_deadline_rules(self) -> list[Rule]:
        """Contribute the intake contact target."""
        return [INTAKE_RULE]

    @hookimpl
    def clss_housing_redaction_policy(self, partner: str) -> CpasPolicy | None:
        """The CPAS's policy for its own partner id, else no opinion."""
        return CpasPolicy() if partner.strip().lower() == PARTNER_ID else None

    @hookimpl
    def clss_housing_entries_appended(
        self, view: CaseView, recorded: Sequence[Recorded]
    ) -> None:
        """Prepare an intake task for each eviction request or CPAS information appended."""
        for rec in recorded:
            kind = rec.entry.kind
            if kind in _INTAKE_KINDS:
                due = rec.entry.date + timedelta(days=7)
                self.tasks.append(IntakeTask(view.case_id, rec.sequence, kind, due))
