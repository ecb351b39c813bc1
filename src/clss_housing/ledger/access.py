"""
The access log: who read a case's personal data, when, with which command.

One append-only chain for the whole casebook.  Each row is
``(sequence, at, case_id, by_user, by_partner, command, prev_hash, hash, mac)``
with ``hash = sha256(prev_hash, sequence, at, case_id, by_user, by_partner,
command)`` and ``mac = HMAC(casebook key, "access", sequence, hash)`` (empty
without a key): a row changed, removed from the middle or inserted breaks the
chain, and with the key a recomputed chain is caught by the MACs, as for the
ledger (:mod:`clss_housing.ledger.seal`).  The log holds no personal data of
the tenant: a case id, a staff user, a partner id and a command name.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

import attrs

from clss_housing.ledger.codec import GENESIS_HASH


__all__ = ["AccessRow", "access_hash", "access_mac", "make_access_row", "verify_access"]


@attrs.frozen
class AccessRow:
    """One reading of a case, as the access log keeps it."""

    sequence: int
    at: str
    case_id: str
    by_user: str
    by_partner: str
    command: str
    prev_hash: str
    hash: str
    mac: str | None = None


def access_hash(
    prev_hash: str, sequence: int, at: str, case_id: str, user: str, partner: str, command: str
) -> str:
    """SHA-256 (hex) of one access row linked to the previous one."""
    text = f"{prev_hash}\n{sequence}\n{at}\n{case_id}\n{user}\n{partner}\n{command}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def access_mac(key: bytes, row: AccessRow) -> str:
    """The keyed MAC of one access row (over its hash)."""
    message = f"access\n{row.sequence}\n{row.hash}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def make_access_row(
    sequence: int, prev_hash: str, *, at: str, case_id: str, user: str, partner: str,
    command: str, key: bytes | None,
) -> AccessRow:
    """The row appended at ``sequence`` after a row whose hash is ``prev_hash``."""
    digest = access_hash(prev_hash, sequence, at, case_id, user, partner, command)
    row = AccessRow(sequence, at, case_id, user, partner, command, prev_hash, digest)
    return row if key is None else attrs.evolve(row, mac=access_mac(key, row))


def verify_access(rows: Sequence[AccessRow], key: bytes | None) -> str | None:
    """
    Check the access log's chain (and MACs when ``key`` is given).

    Returns:
        ``None`` when intact, else a sentence naming the first broken row.
    """
    prev = GENESIS_HASH
    for expected, row in enumerate(rows, start=1):
        if row.sequence != expected:
            return f"access log row {expected} is missing or out of order"
        if row.prev_hash != prev:
            return f"access log row {expected} does not link to the previous row"
        digest = access_hash(row.prev_hash, row.sequence, row.at, row.case_id, row.by_user,
                             row.by_partner, row.command)
        if digest != row.hash:
            return f"access log row {expected}: content does not match its hash"
        if key is not None and row.mac is not None and not hmac.compare_digest(
            row.mac, access_mac(key, row)
        ):
            return f"access log row {expected}: its MAC does not match (changed without the key)"
        prev = row.hash
    return None
