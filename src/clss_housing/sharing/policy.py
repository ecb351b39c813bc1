"""
What a partner may see of a case at a date: the ONE policy of a shared casebook.

Partner P (known by its id and aliases) sees, at date D:

* **nothing** unless P is *involved* in the case at D: P opened it, recorded an
  entry dated on or before D in it, or accepted a referral to it
  (``referral_accepted`` dated on or before D).  A partner not involved is
  refused ("not involved: ask for a referral");
* when involved: the case's identity, balance, workflow states and deadlines
  (derived figures, computed from the whole ledger);
* of the entries dated on or before D: the opening (identity), every entry P
  recorded itself, and an entry of category X only while a consent of scope X
  for P is in force at D (the last ``consent_given`` / ``consent_withdrawn``
  for P and X dated on or before D wins; a note's category is its own
  ``category``).  An accepted referral makes P involved; it grants no category.

The lead (the ``local`` actor of a single-organisation casebook) sees
everything, as before partners.  The same rules are written in SQL for
PostgreSQL's row-level security (:mod:`clss_housing.sharing.pg`), and a
property test holds both to a hand-written model.
"""

from __future__ import annotations

from datetime import date
from typing import Final

import attrs

from clss_housing.documents.redaction import consents_in_force
from clss_housing.errors import ValidationError
from clss_housing.ledger.codec import Recorded
from clss_housing.ledger.entries import CaseOpened, Entry, Note, ReferralAccepted
from clss_housing.view import CaseView


__all__ = ["NOT_INVOLVED", "Sight", "entry_category", "sight", "visible_history"]

#: The refusal's reason (field ``--as``) when a partner not involved asks to read a case.
NOT_INVOLVED: Final = "is not involved in this case: ask for a referral"


def entry_category(entry: Entry) -> str:
    """The category that governs who may read ``entry`` (a note's own, else its kind's)."""
    if isinstance(entry, Note):
        return entry.note_category
    return type(entry).category


def _norm(text: str) -> str:
    return text.strip().casefold()


@attrs.frozen
class Sight:
    """
    What one partner may see of one case at one date.

    Attributes:
        partner: the partner's id (``None``: the lead, who sees everything).
        as_of: the date.
        involved: whether the partner is involved at ``as_of`` (always for the lead).
        scopes: the consent scopes in force for the partner at ``as_of``.
        visible: the sequences of the entries it may see (every one for the lead).
    """

    partner: str | None
    as_of: date
    involved: bool
    scopes: frozenset[str]
    visible: frozenset[int]

    def require_involved(self) -> None:
        """
        Refuse a partner not involved in the case.

        Raises:
            ValidationError: field ``--as``: not involved, ask for a referral.
        """
        if not self.involved:
            raise ValidationError("--as", self.partner, NOT_INVOLVED)


def _is(recorded: Recorded, names: frozenset[str]) -> bool:
    return recorded.by is not None and _norm(recorded.by.partner) in names


def sight(
    view: CaseView, partner: str | None, as_of: date, *, aliases: frozenset[str] = frozenset()
) -> Sight:
    """
    Apply the policy (see the module docstring).

    Args:
        view: the whole case.
        partner: the partner's id, or ``None`` for the lead (sees everything).
        as_of: the date of the reading.
        aliases: the partner's other ids (normalised), from the registry.
    """
    if partner is None:
        every = frozenset(r.sequence for r in view.records)
        return Sight(None, as_of, True, frozenset(), every)
    names = aliases | {_norm(partner)}
    dated = [r for r in view.records if r.entry.date <= as_of]
    opened = bool(view.records) and _is(view.records[0], names)
    involved = opened or any(
        _is(r, names)
        or (isinstance(r.entry, ReferralAccepted) and _norm(r.entry.partner) in names)
        for r in dated
    )
    scopes = consents_in_force(view, partner, as_of, aliases=names)
    if not involved:
        return Sight(partner, as_of, False, scopes, frozenset())
    visible = frozenset(
        r.sequence
        for r in dated
        if isinstance(r.entry, CaseOpened) or _is(r, names) or entry_category(r.entry) in scopes
    )
    return Sight(partner, as_of, True, scopes, visible)


def visible_history(view: CaseView, seen: Sight) -> tuple[Recorded, ...]:
    """The entries of ``view`` that ``seen`` lets its partner see, in order."""
    if seen.partner is None:
        return view.records
    return tuple(r for r in view.records if r.sequence in seen.visible)
