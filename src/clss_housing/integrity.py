"""
Checking a casebook: hash chains, the keyed seal, and exported heads.

:func:`verify_store` is what ``case verify`` runs.  It never raises on what
it finds stored: any value of any type in any column becomes a
:class:`~clss_housing.ledger.codec.ChainProblem` naming the case and the
first broken sequence.  What it checks:

* every case's SHA-256 chain and its personal-data digests (as before);
* with the casebook key: each entry's MAC, the case head (entries deleted at
  the end, a personal-data row deleted or moved, a whole case deleted), and
  the anchor over every head (a case deleted *with* its head);
* with an exported head (:func:`export_head`, ``--against``): that no case
  lost entries or had them replaced since the export (a rollback of the
  whole database to an older copy).

Warnings (not failures): cases written before the seal (no MAC, checked by
their chain only) and entries stored with values beyond today's bounds
(:mod:`clss_housing.limits`).
"""

from __future__ import annotations

import hmac
import importlib.util
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from clss_housing.errors import (
    ClssHousingError,
    IntegrityError,
    NotFoundError,
    StoreError,
    ValidationError,
)
from clss_housing.ledger.codec import (
    ChainProblem,
    PersonalRow,
    StoredRow,
    decode_row,
    index_vault,
    utcnow,
    verify_rows,
)
from clss_housing.ledger.seal import (
    EMPTY_ANCHOR,
    HEAD_FORMAT,
    KEY_ENV,
    Anchor,
    CasebookKey,
    CaseHead,
    Seal,
    anchor_term,
    head_mac,
    key_check,
    row_mac,
    sign_export,
    xor_hex,
)
from clss_housing.limits import entry_out_of_bounds
from clss_housing.store import Store
from clss_housing.store.shredding import MemoryKeyStore, SQLiteKeyStore, is_encrypted


__all__ = [
    "CASEBOOK",
    "KEY_STORE_ENV",
    "KEY_STORE_OFF",
    "VerifyReport",
    "check_head_file",
    "crypto_available",
    "default_key",
    "default_key_store",
    "export_head",
    "key_store_path",
    "make_seal",
    "verify_store",
]

#: The "case" named by problems of the casebook as a whole (the anchor, the key).
CASEBOOK: Final = "(casebook)"


def default_key(url: str) -> CasebookKey | None:
    """
    The key of the casebook at ``url`` when none is given.

    ``CLSS_HOUSING_KEY_FILE`` if set; else ``<file>.key`` beside a SQLite
    ledger; a random in-memory key for ``memory:``; none for PostgreSQL
    (a deployment provides the file: see the integrity documentation).
    """
    named = os.environ.get(KEY_ENV, "").strip()
    if named:
        return CasebookKey(Path(named))
    if url.startswith("memory:") or url == "sqlite:///:memory:":
        return CasebookKey.ephemeral()
    if url.startswith("sqlite:///"):
        return CasebookKey(Path(url[len("sqlite:///"):] + ".key"))
    return None


#: The environment variable naming the key store of crypto-shredding (``off`` turns it off).
KEY_STORE_ENV: Final = "CLSS_HOUSING_KEY_STORE"

#: Values of ``CLSS_HOUSING_KEY_STORE`` that turn crypto-shredding off.
KEY_STORE_OFF: Final = frozenset({"off", "none", "0", "no"})


def crypto_available() -> bool:
    """True when the ``cryptography`` package can be imported (it is a core dependency)."""
    return importlib.util.find_spec("cryptography") is not None


def key_store_path(url: str) -> Path | None:
    """
    Where the key store of the casebook at ``url`` lives, if it is a file.

    ``CLSS_HOUSING_KEY_STORE`` if set (and not ``off``); else ``<file>.keys``
    beside a SQLite ledger; else none (``memory:`` keeps keys in memory; a
    PostgreSQL deployment must name the file: see the integrity documentation).
    """
    named = os.environ.get(KEY_STORE_ENV, "").strip()
    if named.lower() in KEY_STORE_OFF:
        return None
    if named:
        return Path(named)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return Path(url[len("sqlite:///"):] + ".keys")
    return None


def default_key_store(url: str = "") -> Any:
    """
    The key store of crypto-shredding for the casebook at ``url``, or ``None`` (no encryption).

    Personal data is encrypted by default whenever ``cryptography`` is installed:
    ``CLSS_HOUSING_KEY_STORE`` names a key-store file (``off`` turns encryption
    off); without it a SQLite ledger keeps its keys in ``<file>.keys`` beside it
    and ``memory:`` in memory.  PostgreSQL has no default (the key store must not
    live in the database, nor silently on whichever machine runs the command):
    without ``CLSS_HOUSING_KEY_STORE`` its personal data is stored unencrypted and
    ``case open`` and ``case verify`` say so.

    Returns a :class:`~clss_housing.store.shredding.SQLiteKeyStore` (or a
    :class:`~clss_housing.store.shredding.MemoryKeyStore` for ``memory:``).
    """
    named = os.environ.get(KEY_STORE_ENV, "").strip()
    if named.lower() in KEY_STORE_OFF:
        return None
    if not named and not crypto_available():
        return None
    path = key_store_path(url)
    if path is not None:
        return SQLiteKeyStore(path)
    if url.startswith("memory:") or url == "sqlite:///:memory:":
        return MemoryKeyStore()
    return None


def make_seal(
    secret: bytes,
    old: CaseHead | None,
    *,
    case_id: str,
    version: int,
    head_hash: str,
    vault_count: int,
    erased_at: str | None,
    erased_by: str | None = None,
) -> Seal:
    """The seal moving a case from its head ``old`` (or none) to the state given."""
    unsigned = CaseHead(case_id, version, head_hash, vault_count, erased_at, "", erased_by)
    head = attrs.evolve(unsigned, mac=head_mac(secret, unsigned))
    delta = xor_hex(anchor_term(secret, old), anchor_term(secret, head))
    return Seal(old.mac if old is not None else None, head, delta, key_check(secret))


@attrs.frozen
class VerifyReport:
    """
    What ``case verify`` found.

    Attributes:
        problems: one per broken case (its first broken sequence), and casebook-level ones.
        warnings: what is not broken but not fully vouched for.
        checked: number of cases checked.
        keyed: whether the key was available and matched the casebook.
    """

    problems: tuple[ChainProblem, ...]
    warnings: tuple[str, ...]
    checked: int
    keyed: bool

    @property
    def ok(self) -> bool:
        """True when nothing is broken."""
        return not self.problems


def _first_missing_personal(rows: list[StoredRow], vault: Mapping[tuple[int, str], Any]) -> int:
    for row in rows:
        try:
            payload = json.loads(row.payload)
        except (TypeError, ValueError):
            continue
        if not isinstance(payload, dict):
            continue
        for key, value in payload.items():
            if isinstance(value, dict) and "pii" in value and (row.sequence, key) not in vault:
                return row.sequence
    return 1


def _check_case(
    store: Store,
    case_id: str,
    head: CaseHead | None,
    secret: bytes | None,
    warnings: list[str],
    *,
    must_exist: bool,
) -> ChainProblem | None:
    rows = store.read(case_id)
    if not rows:
        if head is not None:
            return ChainProblem(
                case_id, 1,
                f"the case was deleted: its head records {head.version} entries, none is stored",
            )
        if must_exist:
            raise NotFoundError("case", case_id)
        return None
    problem = _key_store_problem(store, case_id)
    if problem is not None:
        return problem
    vault_rows: list[PersonalRow] = store.read_personal(case_id)
    vault = index_vault(vault_rows)
    problem = verify_rows(case_id, rows, vault)
    if problem is not None:
        return problem
    for row in rows:
        try:
            field = entry_out_of_bounds(decode_row(row, vault).entry)
        except ClssHousingError as exc:
            return ChainProblem(case_id, row.sequence, f"the entry cannot be read ({exc})")
        if field is not None:
            warnings.append(
                f"case {case_id} entry {row.sequence}: {field} lies beyond today's bounds "
                "(stored by an older version); record a correction"
            )
    if secret is None:
        return None
    legacy = 0
    keyed = False
    for row in rows:
        if row.mac is None:
            if keyed:
                return ChainProblem(
                    case_id, row.sequence,
                    "has no MAC although earlier entries have one (written without the key)",
                )
            legacy += 1
        elif not hmac.compare_digest(row.mac, row_mac(secret, row)):
            return ChainProblem(
                case_id, row.sequence,
                "its MAC does not match: the entry was changed, or the chain recomputed "
                "without the key",
            )
        else:
            keyed = True
    if head is None:
        if keyed:
            return ChainProblem(case_id, len(rows), "the case head is missing (deleted)")
        warnings.append(
            f"case {case_id}: written before the keyed seal; checked by its hash chain only "
            "(`clss-housing case verify --seal` seals it)"
        )
        return None
    wrong = _wrong_head(head)
    if wrong:
        return ChainProblem(case_id, len(rows), wrong)
    if not hmac.compare_digest(head.mac, head_mac(secret, head)):
        return ChainProblem(case_id, len(rows), "the case head's MAC does not match (edited)")
    if head.version > len(rows):
        missing = (
            f"entry {head.version} is" if head.version == len(rows) + 1
            else f"entries {len(rows) + 1} to {head.version} are"
        )
        return ChainProblem(
            case_id, len(rows) + 1,
            f"{missing} missing (deleted): the case head records {head.version} entries",
        )
    if head.version < len(rows):
        return ChainProblem(
            case_id, head.version + 1, "entries after the case head were added without the key"
        )
    if head.head_hash != rows[-1].hash:
        return ChainProblem(case_id, len(rows), "the last entry is not the one the head records")
    if len(vault_rows) != head.vault_count:
        if head.erased_at is not None and head.vault_count == 0:
            return ChainProblem(
                case_id, vault_rows[0].sequence,
                "personal-data rows are stored although the case's personal data was erased",
            )
        return ChainProblem(
            case_id, _first_missing_personal(rows, vault),
            f"the case head records {head.vault_count} personal-data rows but "
            f"{len(vault_rows)} are stored (deleted, added or moved)",
        )
    if legacy:
        warnings.append(
            f"case {case_id}: entries 1 to {legacy} were written before the keyed seal (no MAC); "
            "the case head vouches for them through the chain"
        )
    return None


def _key_store_problem(store: Store, case_id: str) -> ChainProblem | None:
    """Encrypted personal values that cannot be read: the key store is missing, or another."""
    inner = getattr(store, "inner", store)
    stored: list[PersonalRow] = inner.read_personal(case_id)
    encrypted = [row for row in stored if is_encrypted(row.value)]
    if not encrypted:
        return None
    first = encrypted[0].sequence
    keys = getattr(store, "keys", None)
    if keys is None:
        return ChainProblem(
            case_id, first,
            f"{len(encrypted)} personal values are encrypted but no key store is configured "
            f"(set {KEY_STORE_ENV} to the key-store file, or restore it from its backup)",
        )
    unreadable = getattr(store, "undecryptable", None)
    count = unreadable(case_id) if callable(unreadable) else 0
    if not count:
        return None
    path = getattr(keys, "path", None)
    exists = getattr(keys, "exists", None)
    if path is not None and callable(exists) and not exists():
        return ChainProblem(
            case_id, first,
            f"{count} personal values cannot be decrypted: the key store {path} is missing "
            f"(restore it from its backup, or set {KEY_STORE_ENV} to where it is)",
        )
    generation = getattr(store, "generation", None)
    if callable(generation) and generation(case_id) > 1:
        return ChainProblem(
            case_id, first,
            f"{count} personal values cannot be decrypted: the case's key was destroyed by an "
            "erasure (this database is a copy from before it, or the rows were put back)",
        )
    where = f" {path}" if path is not None else ""
    return ChainProblem(
        case_id, first,
        f"{count} personal values cannot be decrypted: the key store{where} does not hold "
        "this case's key (it is another casebook's key store, an older copy, or was "
        "replaced), or the values were moved or changed",
    )


def _wrong_head(head: CaseHead) -> str | None:
    for name, expected in (("version", int), ("head_hash", str), ("vault_count", int),
                           ("mac", str)):
        if type(getattr(head, name)) is not expected:
            return f"the case head's {name} has the wrong type (edited)"
    if head.erased_at is not None and type(head.erased_at) is not str:
        return "the case head's erased_at has the wrong type (edited)"
    return None


def _safely(case_id: str, check: Any) -> ChainProblem | None:
    try:
        result: ChainProblem | None = check()
    except NotFoundError:
        raise
    except StoreError:
        raise
    except Exception as exc:  # noqa: BLE001 - verify reports whatever is stored, never crashes
        return ChainProblem(case_id, 0, f"cannot be checked ({type(exc).__name__})")
    return result


def verify_store(
    store: Store,
    key: CasebookKey | None,
    case_id: str | None = None,
    *,
    against: Mapping[str, Any] | None = None,
) -> VerifyReport:
    """
    Check one case or the whole casebook; see the module.

    Raises:
        NotFoundError: ``case_id`` names no case (and no head).
        StoreError: the database could not be read.
    """
    problems: list[ChainProblem] = []
    warnings: list[str] = []
    secret = key.secret(create=False) if key is not None else None
    anchor: Anchor | None = store.read_anchor()
    heads: dict[str, CaseHead] = store.read_heads()
    keyed = secret is not None
    if anchor is not None and secret is None:
        where = f" ({key.path})" if key is not None and key.path is not None else ""
        problems.append(ChainProblem(
            CASEBOOK, 0,
            f"the casebook is sealed with a key but its key file is missing{where}; set "
            "CLSS_HOUSING_KEY_FILE to it (restore it from its backup)",
        ))
    elif anchor is not None and secret is not None and anchor.key_check != key_check(secret):
        problems.append(ChainProblem(
            CASEBOOK, 0, "the key file is not this casebook's key (CLSS_HOUSING_KEY_FILE)"
        ))
        secret, keyed = None, False
    elif secret is None:
        warnings.append(
            "no casebook key: entry MACs and case heads were not checked (hash chains only)"
        )
    ids = [case_id] if case_id is not None else sorted(set(store.case_ids()) | set(heads))
    for cid in ids:
        def check(cid: str = cid) -> ChainProblem | None:
            return _check_case(store, cid, heads.get(cid), secret, warnings,
                               must_exist=case_id is not None)

        problem = _safely(cid, check)
        if problem is not None:
            problems.append(problem)
    if case_id is None and secret is not None and (anchor is not None or heads):
        expected = EMPTY_ANCHOR
        for head in heads.values():
            if _wrong_head(head) is None:
                expected = xor_hex(expected, anchor_term(secret, head))
        if anchor is None:
            problems.append(ChainProblem(CASEBOOK, 0, "the casebook anchor is missing (deleted)"))
        elif not hmac.compare_digest(str(anchor.digest), expected):
            problems.append(ChainProblem(
                CASEBOOK, 0,
                "the case heads do not add up to the casebook anchor: a case and its head "
                "were deleted, or a head was replaced",
            ))
    if against is not None:
        problems.extend(_against(store, secret, against, case_id))
    return VerifyReport(tuple(problems), tuple(warnings), len(ids), keyed)


def _last_hashes(rows: Iterable[StoredRow]) -> dict[str, dict[str, object]]:
    cases: dict[str, dict[str, object]] = {}
    for row in rows:
        cases[row.case_id] = {"version": row.sequence, "hash": row.hash}
    return cases


def export_head(store: Store, key: CasebookKey | None) -> dict[str, Any]:
    """
    The casebook head to keep elsewhere: every case's version and last hash, signed.

    Raises:
        IntegrityError: the casebook does not verify (a broken state is not exported).
    """
    report = verify_store(store, key)
    if report.problems:
        first = report.problems[0]
        raise IntegrityError(first.case_id, first.sequence, first.reason)
    secret = key.secret(create=False) if key is not None else None
    cases = _last_hashes(store.iter_rows())
    anchor = store.read_anchor()
    digest = anchor.digest if anchor is not None else EMPTY_ANCHOR
    return {
        "format": HEAD_FORMAT,
        "exported_at": utcnow().isoformat(timespec="seconds"),
        "cases": cases,
        "anchor": digest,
        "mac": sign_export(secret, cases, digest) if secret is not None else None,
    }


def check_head_file(text: str) -> dict[str, Any]:
    """
    Read an exported head file.

    Raises:
        ValidationError: the text is not a head exported by ``case verify --export-head``.
    """
    refused = ValidationError(
        "--against", None, "is not a head file written by `clss-housing case verify --export-head`"
    )
    try:
        document = json.loads(text)
    except ValueError:
        raise refused from None
    if not isinstance(document, dict) or document.get("format") != HEAD_FORMAT:
        raise refused
    cases = document.get("cases")
    if not isinstance(cases, dict) or not isinstance(document.get("anchor"), str):
        raise refused
    for info in cases.values():
        if (not isinstance(info, dict) or type(info.get("version")) is not int
                or info["version"] < 1 or not isinstance(info.get("hash"), str)):
            raise refused
    return document


def _against(
    store: Store, secret: bytes | None, document: Mapping[str, Any], only: str | None
) -> list[ChainProblem]:
    problems: list[ChainProblem] = []
    cases: dict[str, dict[str, Any]] = document["cases"]
    if secret is not None and document.get("mac") != sign_export(
        secret, cases, document["anchor"]
    ):
        problems.append(ChainProblem(
            CASEBOOK, 0,
            "the head file was not signed with this casebook's key, or it was edited",
        ))
    for cid, info in sorted(cases.items()):
        if only is not None and cid != only:
            continue
        version, expected = info["version"], info["hash"]
        rows = store.read(cid, after=version - 1)
        if not rows:
            have = store.version(cid)
            problems.append(ChainProblem(
                cid, have + 1,
                f"rolled back or deleted: the exported head records {version} entries, the "
                f"database has {have}",
            ))
        elif rows[0].hash != expected:
            problems.append(ChainProblem(
                cid, version,
                "entry differs from the exported head (history rewritten or replaced)",
            ))
    return problems
