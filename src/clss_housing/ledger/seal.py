"""
The keyed seal of a casebook: row MACs, case heads and the casebook anchor.

The SHA-256 chain of :mod:`clss_housing.ledger.codec` shows that rows were
changed, but anyone who can write to the database can also recompute it, and
it cannot show that the *last* entries, a whole case or a personal-data row
were deleted.  The seal adds what needs a secret:

* **the casebook key**: 32 random bytes kept *outside* the database, in a key
  file (``CLSS_HOUSING_KEY_FILE``, or ``<ledger>.db.key`` beside a SQLite
  ledger), created on first write with mode ``0600``;
* **a MAC per entry**: ``HMAC-SHA256(key, "entry", case, sequence, hash)``;
  since ``hash`` covers every stored byte of the row and the previous hash,
  an entry edited and the chain recomputed without the key fails here;
* **a head per case**: ``(version, last hash, number of personal-data rows,
  erased at)`` and its MAC, updated in the same transaction as every append
  and erasure: deleting the last entries, a personal-data row, or moving one
  to another case no longer matches it;
* **the anchor**: the XOR over every case of ``HMAC(key, "anchor", head)``,
  also updated in each transaction.  Deleting a whole case *and* its head
  changes the XOR, and without the key nobody can compute the term to take
  out.  The anchor also keeps a key check, so a wrong key file is named as such;
* **an exported head** (``case verify --export-head FILE``): every case's
  version and last hash, signed, to keep elsewhere; ``case verify --against
  FILE`` then detects a rollback of the whole database to an older copy, which
  nothing inside the database can.

Ledgers written before the seal: their rows have no MAC (``mac`` is empty)
and stay verified by the chain exactly as before; a case gets its head at its
next write, or for every case at once with ``case verify --seal`` (after the
chain is checked).  Entries written before that stay "without MAC": the head
then vouches for them through the chain.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Final

import attrs

from clss_housing.errors import ValidationError
from clss_housing.ledger.codec import StoredRow


__all__ = [
    "EMPTY_ANCHOR",
    "HEAD_FORMAT",
    "KEY_ENV",
    "Anchor",
    "CaseHead",
    "CasebookKey",
    "Seal",
    "anchor_term",
    "head_mac",
    "key_check",
    "row_mac",
    "sign_export",
    "xor_hex",
]

#: The environment variable naming the casebook key file.
KEY_ENV: Final = "CLSS_HOUSING_KEY_FILE"
#: The anchor of a casebook without heads (XOR of nothing).
EMPTY_ANCHOR: Final = "0" * 64
#: ``format`` of an exported head file.
HEAD_FORMAT: Final = "clss-housing-head/1"


@attrs.frozen
class CaseHead:
    """What the seal records of one case: its length, last hash and personal-data rows."""

    case_id: str
    version: int
    head_hash: str
    vault_count: int
    erased_at: str | None
    mac: str
    #: who erased the personal data (``USER@PARTNER``, store schema 3); ``None`` before.
    erased_by: str | None = None


@attrs.frozen
class Anchor:
    """The casebook anchor: XOR of the keyed terms of every head, and the key check."""

    digest: str
    key_check: str


@attrs.frozen
class Seal:
    """
    The head update a store applies in the same transaction as an append or erasure.

    Attributes:
        expected_mac: the MAC of the case's head as the writer read it (``None``
            when the case had no head); another one found means a concurrent change.
        head: the new head.
        anchor_delta: XOR to apply to the anchor's digest.
        key_check: the key check of the writer's key (a different one in the
            anchor means another key file: the store refuses).
    """

    expected_mac: str | None
    head: CaseHead
    anchor_delta: str
    key_check: str


class CasebookKey:
    """
    The secret of one casebook, read from (or created in) a key file.

    Args:
        path: the key file, or ``None`` for a key held in memory only.
        secret: the key itself (for ``memory:`` casebooks and tests).
    """

    def __init__(self, path: Path | None = None, secret: bytes | None = None) -> None:
        self.path = path
        self._secret = secret
        #: True once this object created the key file (so a command can say where it is).
        self.created = False

    @classmethod
    def ephemeral(cls) -> CasebookKey:
        """A random key that lives as long as the object (``memory:`` casebooks)."""
        return cls(None, secrets.token_bytes(32))

    def exists(self) -> bool:
        """True when the key is in memory or its file exists."""
        return self._secret is not None or (self.path is not None and self.path.exists())

    def secret(self, *, create: bool = False) -> bytes | None:
        """
        The key's bytes; ``None`` when the file does not exist and ``create`` is false.

        Raises:
            ValidationError: the key file cannot be read or created, or is malformed.
        """
        if self._secret is not None:
            return self._secret
        if self.path is None:
            return None
        try:
            text = self.path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            if not create:
                return None
            return self._create()
        except (OSError, UnicodeDecodeError):
            raise ValidationError(
                "key file", str(self.path), "cannot be read; check its permissions"
            ) from None
        try:
            secret = bytes.fromhex(text)
        except ValueError:
            secret = b""
        if len(secret) != 32:
            raise ValidationError(
                "key file", str(self.path), "is not a clss-housing key (64 hexadecimal digits)"
            )
        self._secret = secret
        return secret

    def _create(self) -> bytes:
        assert self.path is not None
        secret = secrets.token_bytes(32)
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it first: use theirs
            return self.secret(create=False) or secret
        except OSError as exc:
            raise ValidationError(
                "key file", str(self.path), f"cannot be created ({exc.strerror})"
            ) from None
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secret.hex() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        self._secret = secret
        self.created = True
        return secret


def _mac(key: bytes, *parts: object) -> str:
    message = "\n".join(str(part) for part in parts).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def row_mac(key: bytes, row: StoredRow) -> str:
    """The MAC of one entry (over its chain hash, which covers every stored byte)."""
    return _mac(key, "entry", row.case_id, row.sequence, row.hash)


def _head_fields(head: CaseHead) -> tuple[object, ...]:
    fields = (head.case_id, head.version, head.head_hash, head.vault_count, head.erased_at or "")
    # Who erased takes part only when recorded, so heads sealed before keep their MAC.
    return fields if head.erased_by is None else (*fields, "erased by", head.erased_by)


def head_mac(key: bytes, head: CaseHead) -> str:
    """The MAC of a case head (its ``mac`` field left out)."""
    return _mac(key, "head", *_head_fields(head))


def anchor_term(key: bytes, head: CaseHead | None) -> str:
    """The head's term in the anchor's XOR (zero for no head)."""
    if head is None:
        return EMPTY_ANCHOR
    return _mac(key, "anchor", *_head_fields(head))


def key_check(key: bytes) -> str:
    """A value that tells keys apart without revealing them."""
    return _mac(key, "key check")[:32]


def xor_hex(a: str, b: str) -> str:
    """XOR of two 256-bit hex strings."""
    return f"{int(a, 16) ^ int(b, 16):064x}"


def sign_export(key: bytes, cases: Mapping[str, Mapping[str, object]], anchor: str) -> str:
    """The MAC of an exported head's ``cases`` and ``anchor``."""
    body = json.dumps({"cases": cases, "anchor": anchor}, sort_keys=True, separators=(",", ":"))
    return _mac(key, "export", body)
