"""Redaction by consent: what a partner may see of a case (shared professional secrecy).

Every ledger entry has a category (``entry_category``: a note's own category,
else its kind's: ``general``, ``housing``, ``health``, ``finance``, ``legal``).
A partner sees the entries of a category only while a ``consent_given`` for
that partner and that scope is in force at the summary's date: the consent
entries dated on or before it are read in date order (ledger order for the
same day) and the last one for a (partner, scope) pair wins, so a
``consent_withdrawn`` ends it.  The lead worker (:data:`LEAD`) sees everything.

What is left out is counted, never silently dropped::

    >>> from datetime import date
    >>> from clss_housing.casebook import Casebook
    >>> from clss_housing.ledger.entries import Note
    >>> from clss_housing.money import Money
    >>> book = Casebook.open("memory:")
    >>> case = book.open_case(tenant="A", landlord="B", address="C", rent=Money(80000),
    ...                       date=date(2026, 1, 1))
    >>> _ = book.record(case, Note(date=date(2026, 1, 2), text="…", note_category="health"))
    >>> seen = redact(book.load(case), "cpas", date(2026, 2, 1))
    >>> seen.hidden_notes, len(seen.shown)
    (1, 0)

The policy is pluggable: anything with the :class:`RedactionPolicy` method can
replace :class:`ConsentPolicy` (a partner plugin with stricter rules, say).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Final, Protocol, runtime_checkable

import attrs

from clss_housing.documents.partners import PartnerProfile, partner_aliases
from clss_housing.ledger.entries import (
    CaseOpened,
    ConsentGiven,
    ConsentWithdrawn,
    Correction,
    Entry,
    Note,
    entry_category,
)
from clss_housing.view import CaseView


__all__ = [
    "LEAD",
    "ConsentPolicy",
    "Redacted",
    "RedactionPolicy",
    "consents_in_force",
    "normalise_partner",
    "redact",
]

#: The partner id of the lead worker, who sees every category.
LEAD: Final = "lead"


def normalise_partner(partner: str) -> str:
    """Partner ids compare without case and surrounding spaces (``CPAS`` is ``cpas``)."""
    return partner.strip().casefold()


def consents_in_force(
    view: CaseView, partner: str, as_of: date, *, aliases: frozenset[str] | None = None
) -> frozenset[str]:
    """
    The scopes ``partner`` has the tenant's consent for at ``as_of``.

    Consent entries dated on or before ``as_of`` count, in date order then ledger
    order; for each scope the last one wins (given: in force; withdrawn: not).  A
    consent recorded under another id of the same partner counts too: ``aliases``
    (normalised ids, from the partner profiles:
    :func:`clss_housing.documents.partners.partner_aliases`, ``cpas-schaerbeek`` is ``cpas``).
    """
    wanted = (aliases or frozenset()) | {normalise_partner(partner)}
    events: list[tuple[date, int, str, bool]] = []
    for index, entry in enumerate(view.entries(as_of)):
        if isinstance(entry, (ConsentGiven, ConsentWithdrawn)) and (
            normalise_partner(entry.partner) in wanted
        ):
            events.append((entry.date, index, entry.scope, isinstance(entry, ConsentGiven)))
    state: dict[str, bool] = {}
    for _day, _index, scope, given in sorted(events):
        state[scope] = given
    return frozenset(scope for scope, given in state.items() if given)


@runtime_checkable
class RedactionPolicy(Protocol):
    """Decides which categories of a case a partner may see at a date."""

    def visible_categories(
        self, view: CaseView, partner: str, as_of: date
    ) -> frozenset[str] | None:
        """The categories ``partner`` may see at ``as_of``; ``None`` means every category."""
        ...


@attrs.frozen
class ConsentPolicy:
    """
    The default policy: the lead worker sees all; others see what consent allows.

    Attributes:
        lead: the partner id that sees everything.
        always: categories shown to every partner without consent (none by default).
        partners: the partner profiles by id (a casebook's ``book.env.partners``): a
            consent recorded under one of a partner's aliases counts for it.
    """

    lead: str = LEAD
    always: frozenset[str] = frozenset()
    partners: Mapping[str, PartnerProfile] = attrs.field(factory=dict, eq=False)

    def visible_categories(
        self, view: CaseView, partner: str, as_of: date
    ) -> frozenset[str] | None:
        """The categories ``partner`` may see at ``as_of`` (``None``: all, for the lead)."""
        if normalise_partner(partner) == normalise_partner(self.lead):
            return None
        aliases = partner_aliases(partner, self.partners)
        return consents_in_force(view, partner, as_of, aliases=aliases) | self.always


@attrs.frozen
class Redacted:
    """
    A case as one partner may see it at a date.

    Attributes:
        partner: the recipient.
        as_of: the date.
        categories: the categories shown (``None``: all).
        shown: the timeline entries shown, as ``(sequence, entry)``, in ledger order.
        hidden: entries left out, counted by category (notes apart, under ``"note"``).
    """

    partner: str
    as_of: date
    categories: frozenset[str] | None
    shown: tuple[tuple[int, Entry], ...]
    hidden: Mapping[str, int]

    def allows(self, category: str) -> bool:
        """The partner may see facts of ``category``."""
        return self.categories is None or category in self.categories

    @property
    def hidden_notes(self) -> int:
        """How many notes were left out."""
        return self.hidden.get("note", 0)

    @property
    def hidden_total(self) -> int:
        """How many entries were left out in all."""
        return sum(self.hidden.values())


def redact(
    view: CaseView, partner: str, as_of: date, policy: RedactionPolicy | None = None
) -> Redacted:
    """
    Keep the entries ``partner`` may see at ``as_of``; count the others.

    The opening entry (the parties) is never part of the timeline: identity is
    always shown, like the balance, the track states and the deadlines.
    """
    policy = policy or ConsentPolicy()
    categories = policy.visible_categories(view, partner, as_of)
    corrected = {r.entry.corrects for r in view.records if isinstance(r.entry, Correction)}
    shown: list[tuple[int, Entry]] = []
    hidden: Counter[str] = Counter()
    for record in view.records:
        entry = record.entry
        if entry.date > as_of or isinstance(entry, CaseOpened):
            continue
        if record.sequence in corrected or isinstance(entry, Correction):
            continue
        category = entry_category(entry)
        if categories is None or category in categories:
            shown.append((record.sequence, entry))
        else:
            hidden["note" if isinstance(entry, Note) else category] += 1
    return Redacted(partner, as_of, categories, tuple(shown), dict(sorted(hidden.items())))
