"""
Stored form of entries: converter, canonical JSON, hash chain, personal-data vault.

A stored row is ``(case_id, sequence, kind, schema, recorded_at, payload,
prev_hash, hash)`` where ``payload`` is canonical JSON (sorted keys, no
spaces, UTF-8) of the entry without its personal fields.  Each personal
field is replaced in the payload by ``{"pii": sha256(salt + value)}`` and its
value and random salt go to a separate *vault* row.  Erasing the vault makes
the personal data unrecoverable (the digest of a random salt says nothing)
while the chain, amounts, dates and states stay verifiable.

``hash = sha256(prev_hash, case_id, sequence, kind, schema, recorded_at,
[by user, by partner,] payload bytes)``: any change of a stored byte breaks the
chain at that row.  The actor (who recorded the entry, store schema 3) takes
part only when the row has one, so rows written before keep their hash.

Payloads are versioned per kind (``schema``); :data:`UPCASTERS` turns an old
payload into the current one when it is read, so old ledgers stay readable.
"""

from __future__ import annotations

import functools
import hashlib
import json
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any, Final

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from clss_housing.errors import ValidationError
from clss_housing.ledger.actor import Actor
from clss_housing.ledger.entries import (
    ALL_ENTRY_TYPES,
    ERASED,
    Entry,
    entry_fields,
    entry_type,
)
from clss_housing.money import Money


__all__ = [
    "GENESIS_HASH",
    "UPCASTERS",
    "ChainProblem",
    "PersonalRow",
    "Recorded",
    "StoredRow",
    "canonical_json",
    "chain_hash",
    "decode_row",
    "encode_entry",
    "format_recorded_at",
    "index_vault",
    "make_converter",
    "schema_version",
    "structure",
    "unstructure",
    "upcast",
    "utcnow",
    "verify_rows",
]

#: ``prev_hash`` of the first entry of every case.
GENESIS_HASH: Final = "0" * 64

#: The project's upcasters: ``(kind, version) -> function(payload) -> payload of version + 1``.
#: A kind's current version is its entry class's ``schema``; when a kind's payload
#: changes, its ``schema`` goes up by one and the upcaster from the old version is
#: added here, so that ledgers written before stay readable.  No kind has changed yet.
UPCASTERS: Final[Mapping[tuple[str, int], Callable[[dict[str, Any]], dict[str, Any]]]] = (
    MappingProxyType({})
)


def schema_version(kind: str) -> int:
    """The current payload version of ``kind`` (its entry class's ``schema``)."""
    return entry_type(kind).schema


@attrs.frozen
class StoredRow:
    """
    One entry as a store keeps it.  Every field but ``mac`` takes part in the chain hash.

    ``mac`` is the keyed MAC of the row (:mod:`clss_housing.ledger.seal`), or
    ``None`` for rows written without a casebook key (and by versions before it).
    ``by_user`` and ``by_partner`` name who recorded the entry (both ``None``
    for rows written before actors); they take part in the chain hash.
    """

    case_id: str
    sequence: int
    kind: str
    schema: int
    recorded_at: str
    payload: str
    prev_hash: str
    hash: str
    mac: str | None = None
    by_user: str | None = None
    by_partner: str | None = None

    @property
    def by(self) -> tuple[str, str] | None:
        """``(user, partner)`` of the row, or ``None`` when it names no actor."""
        if self.by_user is None and self.by_partner is None:
            return None
        return (str(self.by_user), str(self.by_partner))


@attrs.frozen
class PersonalRow:
    """One personal value of one entry, kept apart from the chain so it can be erased."""

    case_id: str
    sequence: int
    key: str
    salt: str
    value: str


@attrs.frozen
class Recorded:
    """An entry as recorded in a case: its place in the chain and when it was written."""

    case_id: str
    sequence: int
    recorded_at: datetime
    entry: Entry
    hash: str
    prev_hash: str
    #: who recorded it; ``None`` for entries written before actors were recorded (unknown).
    by: Actor | None = None


# Built once: ``json.dumps`` with options builds a new encoder on every call.
_CANONICAL: Final = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(obj: object) -> str:
    """Sorted keys, no insignificant spaces, non-ASCII kept: the form that is hashed."""
    return _CANONICAL.encode(obj)


def chain_hash(
    prev_hash: str,
    case_id: str,
    sequence: int,
    kind: str,
    schema: int,
    recorded_at: str,
    payload: str,
    by: tuple[str, str] | None = None,
) -> str:
    """
    SHA-256 (hex) of one row linked to the previous one.

    ``by`` (user, partner) is hashed between the timestamp and the payload when
    the row names an actor.  A payload is canonical JSON and starts with ``{``,
    and neither part may hold a line break, so a row with an actor can never
    hash like one without.
    """
    h = hashlib.sha256()
    h.update(f"{prev_hash}\n{case_id}\n{sequence}\n{kind}\n{schema}\n{recorded_at}\n".encode())
    if by is not None:
        h.update(f"by\n{by[0]}\n{by[1]}\n".encode())
    h.update(payload.encode("utf-8"))
    return h.hexdigest()


def pii_digest(salt: str, value: str) -> str:
    """The commitment to a personal value stored in the chained payload."""
    return hashlib.sha256(bytes.fromhex(salt) + value.encode("utf-8")).hexdigest()


def _structure_date(value: object, _: object) -> date:
    if not isinstance(value, str):
        raise ValidationError("date", value, "must be a date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError("date", value, "must be a date (YYYY-MM-DD)") from None


def _structure_money(value: object, _: object) -> Money:
    if type(value) is not int:
        raise ValidationError("amount", value, "stored amounts are integer cents")
    return Money(value)


def make_converter() -> cattrs.Converter:
    """
    The converter used for every stored payload.

    Dates are ISO strings, amounts integer cents, and each field is stored
    under its stable key (``with``, ``category``, ``by``…).
    """
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(Money, lambda m: m.cents)
    conv.register_structure_hook(Money, _structure_money)
    for cls in ALL_ENTRY_TYPES:
        renames = {
            spec.name: override(rename=spec.key)
            for spec in entry_fields(cls)
            if spec.key != spec.name
        }
        conv.register_unstructure_hook(
            cls, make_dict_unstructure_fn(cls, conv, **renames)  # type: ignore[arg-type]
        )
        conv.register_structure_hook(
            cls, make_dict_structure_fn(cls, conv, **renames)  # type: ignore[arg-type]
        )
    return conv


_CONVERTER: Final = make_converter()
_PERSONAL_KEYS: Final = {
    cls.kind: tuple(spec.key for spec in entry_fields(cls) if spec.personal)
    for cls in ALL_ENTRY_TYPES
}


def unstructure(entry: Entry) -> dict[str, Any]:
    """The entry's payload as plain JSON-able data, personal values included."""
    result: dict[str, Any] = _CONVERTER.unstructure(entry)
    return result


def structure(kind: str, payload: Mapping[str, Any]) -> Entry:
    """Rebuild an entry of ``kind`` from its (current-schema) payload."""
    cls = entry_type(kind)
    try:
        return _CONVERTER.structure(payload, cls)
    except cattrs.BaseValidationError as exc:
        # Flatten the ExceptionGroup into the first real cause, keeping our own errors.
        for leaf in _leaves(exc):
            if isinstance(leaf, ValidationError):
                raise leaf from None
        messages = "; ".join(cattrs.transform_error(exc))
        raise ValidationError(kind, None, f"payload is invalid: {messages}") from None


def _leaves(exc: BaseException) -> Iterable[BaseException]:
    if isinstance(exc, BaseExceptionGroup):
        for sub in exc.exceptions:
            yield from _leaves(sub)
    else:
        yield exc


def format_recorded_at(moment: datetime) -> str:
    """Timestamps are stored as UTC ISO 8601 with microseconds and ``+00:00``."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def encode_entry(
    case_id: str,
    sequence: int,
    entry: Entry,
    prev_hash: str,
    recorded_at: datetime,
    by: Actor | None = None,
) -> tuple[StoredRow, list[PersonalRow], Recorded]:
    """
    Turn an entry into its stored row, its vault rows and its recorded form.

    Personal values that are empty stay in the payload (nothing to protect).
    ``by`` is who records it (hashed with the row).
    """
    payload = unstructure(entry)
    personal: list[PersonalRow] = []
    for key in _PERSONAL_KEYS[entry.kind]:
        value = payload.get(key)
        if isinstance(value, str) and value:
            salt = secrets.token_hex(16)
            personal.append(PersonalRow(case_id, sequence, key, salt, value))
            payload[key] = {"pii": pii_digest(salt, value)}
    text = canonical_json(payload)
    stamp = format_recorded_at(recorded_at)
    schema = entry.schema
    pair = (by.user, by.partner) if by is not None else None
    digest = chain_hash(prev_hash, case_id, sequence, entry.kind, schema, stamp, text, pair)
    row = StoredRow(
        case_id, sequence, entry.kind, schema, stamp, text, prev_hash, digest, None,
        by.user if by is not None else None, by.partner if by is not None else None,
    )
    recorded = Recorded(case_id, sequence, recorded_at, entry, digest, prev_hash, by)
    return row, personal, recorded


def upcast(
    kind: str,
    schema: int,
    payload: dict[str, Any],
    upcasters: Mapping[tuple[str, int], Callable[[dict[str, Any]], dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    """Bring a payload of ``kind`` stored at an older version to the kind's current version."""
    if type(schema) is not int:
        raise ValidationError("schema", schema, "must be a whole number")
    known = UPCASTERS if upcasters is None else upcasters
    current = schema_version(kind)
    while schema < current:
        upcaster = known.get((kind, schema))
        if upcaster is None:
            raise ValidationError(
                "schema", schema, f"no upcaster is known for {kind!r} payloads of this schema"
            )
        payload = upcaster(payload)
        schema += 1
    if schema > current:
        raise ValidationError(
            "schema", schema,
            f"was written by a newer clss-housing (this one reads {kind!r} version {current})",
        )
    return payload


@functools.lru_cache(maxsize=1024)
def _actor(user: str, partner: str) -> Actor:
    """One (immutable) actor per user and partner, instead of one per row read."""
    return Actor(user, partner)


def decode_row(row: StoredRow, vault: Mapping[tuple[int, str], PersonalRow]) -> Recorded:
    """
    Rebuild a recorded entry from its row and the case's vault.

    A personal value missing from the vault (erased) reads as :data:`ERASED`.
    """
    payload = json.loads(row.payload)
    for key in _PERSONAL_KEYS.get(row.kind, ()):
        value = payload.get(key)
        if isinstance(value, dict):
            kept = vault.get((row.sequence, key))
            payload[key] = ERASED if kept is None else kept.value
    if row.schema != entry_type(row.kind).schema:
        payload = upcast(row.kind, row.schema, payload)
    entry = structure(row.kind, payload)
    pair = row.by
    return Recorded(
        row.case_id,
        row.sequence,
        datetime.fromisoformat(row.recorded_at),
        entry,
        row.hash,
        row.prev_hash,
        _actor(pair[0], pair[1]) if pair is not None else None,
    )


def index_vault(rows: Sequence[PersonalRow]) -> dict[tuple[int, str], PersonalRow]:
    """Vault rows of one case keyed by ``(sequence, key)``."""
    return {(r.sequence, r.key): r for r in rows}


@attrs.frozen
class ChainProblem:
    """The first broken place of one case's chain, as reported by ``verify``."""

    case_id: str
    sequence: int
    reason: str


_ROW_TYPES: Final = (
    ("case_id", str), ("sequence", int), ("kind", str), ("schema", int),
    ("recorded_at", str), ("payload", str), ("prev_hash", str), ("hash", str),
)
_PERSONAL_TYPES: Final = (
    ("case_id", str), ("sequence", int), ("key", str), ("salt", str), ("value", str),
)


def _wrong_type(row: object, columns: Sequence[tuple[str, type]]) -> str | None:
    for name, expected in columns:
        value = getattr(row, name)
        if type(value) is not expected:
            return (
                f"stored column {name!r} holds {type(value).__name__}, not "
                f"{'text' if expected is str else 'a whole number'}"
            )
    for name in ("mac", "by_user", "by_partner"):
        value = getattr(row, name, None)
        if value is not None and type(value) is not str:
            return f"stored column {name!r} holds {type(value).__name__}, not text"
    if (getattr(row, "by_user", None) is None) != (getattr(row, "by_partner", None) is None):
        return "the row names a user without a partner, or a partner without a user"
    return None


def verify_rows(
    case_id: str,
    rows: Sequence[StoredRow],
    vault: Mapping[tuple[int, str], PersonalRow] | None = None,
) -> ChainProblem | None:
    """
    Check one case's rows against their hash chain (and the vault's digests).

    Returns the first problem found, or ``None`` when the chain is intact.
    Erased personal values are not a problem; a changed one is, and so is a
    personal-data row that no entry refers to (moved from elsewhere).  A
    stored value of the wrong type (a column retyped, a BLOB) is a problem,
    never a crash.
    """
    prev = GENESIS_HASH
    for expected_seq, row in enumerate(rows, start=1):
        wrong = _wrong_type(row, _ROW_TYPES)
        if wrong:
            seq = row.sequence if type(row.sequence) is int else expected_seq
            return ChainProblem(case_id, seq, wrong)
        if row.case_id != case_id:
            return ChainProblem(case_id, expected_seq, "row belongs to another case")
        if row.sequence != expected_seq:
            return ChainProblem(
                case_id, expected_seq, f"sequence {expected_seq} is missing or out of order"
            )
        if row.prev_hash != prev:
            return ChainProblem(case_id, row.sequence, "does not link to the previous entry")
        digest = chain_hash(
            row.prev_hash, row.case_id, row.sequence, row.kind, row.schema, row.recorded_at,
            row.payload, row.by,
        )
        if digest != row.hash:
            return ChainProblem(case_id, row.sequence, "content does not match its hash")
        if vault is not None:
            problem = _check_personal(row, vault)
            if problem:
                return ChainProblem(case_id, row.sequence, problem)
        prev = row.hash
    if vault is not None:
        return _orphan_personal(case_id, rows, vault)
    return None


def _orphan_personal(
    case_id: str, rows: Sequence[StoredRow], vault: Mapping[tuple[int, str], PersonalRow]
) -> ChainProblem | None:
    """A personal-data row that no entry's payload refers to."""
    for (sequence, key), item in sorted(vault.items(), key=lambda kv: repr(kv[0])):
        wrong = _wrong_type(item, _PERSONAL_TYPES)
        if wrong:
            return ChainProblem(case_id, sequence if type(sequence) is int else 0,
                                f"personal data: {wrong}")
        if item.case_id != case_id:
            return ChainProblem(case_id, sequence, "a personal-data row belongs to another case")
        row = rows[sequence - 1] if 1 <= sequence <= len(rows) else None
        referred = False
        if row is not None and key in _PERSONAL_KEYS.get(row.kind, ()):
            try:
                referred = isinstance(json.loads(row.payload).get(key), dict)
            except (ValueError, AttributeError):
                referred = False
        if not referred:
            return ChainProblem(
                case_id, sequence,
                f"a personal-data row ({key!r}) is not referred to by entry {sequence} "
                "(moved from another entry or case)",
            )
    return None


def _check_personal(row: StoredRow, vault: Mapping[tuple[int, str], PersonalRow]) -> str | None:
    keys = _PERSONAL_KEYS.get(row.kind)
    if keys is None:
        return f"unknown entry kind {row.kind!r}"
    if not keys:
        return None
    try:
        payload = json.loads(row.payload)
    except ValueError:  # pragma: no cover - the hash matched, so it was valid JSON when written
        return "payload is not valid JSON"
    for key in keys:
        value = payload.get(key)
        kept = vault.get((row.sequence, key))
        if isinstance(value, dict) and kept is not None:
            try:
                ok = pii_digest(kept.salt, kept.value) == value.get("pii")
            except (ValueError, TypeError, AttributeError):  # a value of the wrong type
                ok = False
            if not ok:
                return f"personal field {key!r} does not match its digest"
    return None


def utcnow() -> datetime:
    """The current moment, timezone-aware (UTC)."""
    return datetime.now(UTC)
