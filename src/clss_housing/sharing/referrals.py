"""
Referrals as a workflow: ``referral`` → ``referral_accepted`` / ``_declined`` → ``_closed``.

A referral to partner P is *open* from the ``referral`` until P declines it or
its follow-up is closed.  P may accept or decline only an open referral it has
not answered yet, and close only one it accepted.  An accepted referral makes P
involved in the case (:mod:`clss_housing.sharing.policy`); it grants no
category of facts: consent does.
"""

from __future__ import annotations

from collections.abc import Callable
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


_STATE_OF: Final = {
    Referral: "pending", ReferralAccepted: "accepted", ReferralDeclined: "declined",
    ReferralClosed: "closed",
}


def referral_states(
    view: CaseView, canonical: Callable[[str], str] = _norm
) -> dict[str, str]:
    """
    The state of the latest referral to each partner of the case.

    Keys are ``canonical(partner)``: the registry's id when given one that resolves
    aliases (``cpas-schaerbeek`` is ``cpas``), else the normalised id as written.
    """
    states: dict[str, str] = {}
    for record in view.records:
        state = _STATE_OF.get(type(record.entry))
        if state is not None:
            states[canonical(str(getattr(record.entry, "partner", "")))] = state
    return states


def check_referral(
    view: CaseView, entry: Entry, canonical: Callable[[str], str] = _norm
) -> None:
    """
    Refuse an answer to a referral that is not waiting for it (a casebook command check).

    Raises:
        ValidationError: field ``kind``, naming the referral's state.
    """
    if not isinstance(entry, (ReferralAccepted, ReferralDeclined, ReferralClosed)):
        return
    state = referral_states(view, canonical).get(canonical(entry.partner))
    needed = "accepted" if isinstance(entry, ReferralClosed) else "pending"
    if state != needed:
        shown = state or "none"
        raise ValidationError(
            "kind", entry.kind,
            f"needs a referral to this partner that is {needed} (it is {shown}); "
            "record a referral first" if state is None else
            f"needs a referral to this partner that is {needed} (it is {shown})",
        )
