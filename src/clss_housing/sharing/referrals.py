"""
Referrals as a workflow: ``referral`` → ``referral_accepted`` / ``_declined`` → ``_closed``.

A referral to partner P is *open* from the ``referral`` until P declines it or
its follow-up is closed.  P may accept or decline only an open referral it has
not answered yet, and close only one it accepted.  An accepted referral makes P
involved in the case (:mod:`clss_housing.sharing.policy`); it grants no
category of facts: consent does.
"""

from __future__ import annotations

from typing import Final

from clss_housing.errors import ValidationError
from clss_housing.ledger.entries import (
    Entry,
    Referral,
    ReferralAccepted,
    ReferralClosed,
    ReferralDeclined,
)
from clss_housing.view import CaseView


__all__ = ["REFERRAL_STATES", "check_referral", "referral_states"]

#: The states of a referral to one partner.
REFERRAL_STATES: Final = ("pending", "accepted", "declined", "closed")


def _norm(text: str) -> str:
    return text.strip().casefold()


def referral_states(view: CaseView) -> dict[str, str]:
    """The state of the latest referral to each partner (normalised id) of the case."""
    states: dict[str, str] = {}
    for record in view.records:
        entry = record.entry
        if isinstance(entry, Referral):
            states[_norm(entry.partner)] = "pending"
        elif isinstance(entry, ReferralAccepted):
            states[_norm(entry.partner)] = "accepted"
        elif isinstance(entry, ReferralDeclined):
            states[_norm(entry.partner)] = "declined"
        elif isinstance(entry, ReferralClosed):
            states[_norm(entry.partner)] = "closed"
    return states


def check_referral(view: CaseView, entry: Entry) -> None:
    """
    Refuse an answer to a referral that is not waiting for it (a casebook command check).

    Raises:
        ValidationError: field ``kind``, naming the referral's state.
    """
    if not isinstance(entry, (ReferralAccepted, ReferralDeclined, ReferralClosed)):
        return
    state = referral_states(view).get(_norm(entry.partner))
    needed = "accepted" if isinstance(entry, ReferralClosed) else "pending"
    if state != needed:
        shown = state or "none"
        raise ValidationError(
            "kind", entry.kind,
            f"needs a referral to this partner that is {needed} (it is {shown}); "
            "record a referral first" if state is None else
            f"needs a referral to this partner that is {needed} (it is {shown})",
        )
