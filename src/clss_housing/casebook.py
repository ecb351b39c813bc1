"""
The application layer: a casebook of cases over one store.

A :class:`Casebook` turns commands (open a case, record a fact) into ledger
entries, checks them against the case as it stands (corrections, workflows,
plugins' checks), and appends them with optimistic concurrency.  Everything
it returns is derived from the stored entries.

Example::

    >>> from datetime import date
    >>> book = Casebook.open("memory:")
    >>> case_id = book.open_case(tenant="A. Tenant", landlord="B. Owner",
    ...                          address="Rue Royale 1, 1030 Schaerbeek",
    ...                          rent=Money.parse("750"), date=date(2026, 1, 1))
    >>> _ = book.record(case_id, RentDue(date=date(2026, 2, 1), amount=Money(75000)))
    >>> str(book.load(case_id).balance().arrears)
    '750.00'
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Final, TypeAlias

import attrs

from clss_housing.errors import (
    ConcurrencyError,
    IntegrityError,
    NotFoundError,
    StoreError,
    ValidationError,
)
from clss_housing.integrity import (
    VerifyReport,
    default_key,
    default_key_store,
    export_head,
    make_seal,
    verify_store,
)
from clss_housing.ledger.access import AccessRow, make_access_row, verify_access
from clss_housing.ledger.actor import ACTOR_ENV, Actor, local_actor, parse_actor
from clss_housing.ledger.codec import (
    ChainProblem,
    PersonalRow,
    Recorded,
    StoredRow,
    canonical_json,
    decode_row,
    encode_entry,
    format_recorded_at,
    index_vault,
    utcnow,
)
from clss_housing.ledger.entries import (
    ERASED,
    CaseOpened,
    Correction,
    Entry,
    PersonalDataReopened,
    entry_fields,
)
from clss_housing.ledger.seal import (
    EMPTY_ANCHOR,
    Anchor,
    CasebookKey,
    CaseHead,
    anchor_term,
    head_mac,
    key_check,
    row_mac,
    xor_hex,
)
from clss_housing.limits import check_entry
from clss_housing.money import Money
from clss_housing.plugins.environment import PluginEnvironment
from clss_housing.sharing.pg import login_partners
from clss_housing.sharing.policy import Sight, sight
from clss_housing.sharing.referrals import check_referral
from clss_housing.sharing.registry import (
    AccessTable,
    Partner,
    PartnerRegistry,
    PartnerTable,
    registry_of,
)
from clss_housing.store import Store, open_store
from clss_housing.store.shredding import EncryptingStore, KeyStore
from clss_housing.view import CaseView


__all__ = [
    "AppendListener",
    "Casebook",
    "CommandCheck",
    "default_actor",
    "is_shared_url",
    "new_case_id",
    "validate_case_id",
]

log = logging.getLogger(__name__)

#: ``check(view, entry)`` raises a :class:`~clss_housing.errors.ClssHousingError` to refuse.
CommandCheck: TypeAlias = Callable[[CaseView, Entry], None]
#: ``listener(view_after, appended)`` is told of every successful append.
AppendListener: TypeAlias = Callable[[CaseView, Sequence[Recorded]], None]

#: ``Casebook.open(key=...)`` not given: the key comes from :func:`default_key`.
_DEFAULT_KEY: Final = object()
#: ``actor`` not given: the system user at ``local``, or none on a shared store.
_DEFAULT_ACTOR: Final = object()

_CASE_ID: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")  # \Z: no trailing newline
_ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U


def backoff(attempt: int) -> float:
    """Seconds to wait before retry ``attempt + 1``: exponential from 5 ms, capped, jittered."""
    base: float = min(0.5, 0.005 * 2.0**attempt)
    return base * (0.5 + secrets.randbelow(1000) / 1000)


def new_case_id(today: date | None = None) -> str:
    """A fresh case id such as ``2026-7KQ3FM``: the year and six unambiguous characters."""
    year = (today or date.today()).year
    return f"{year}-" + "".join(secrets.choice(_ALPHABET) for _ in range(6))


def validate_case_id(case_id: str) -> str:
    """Return ``case_id`` if well-formed, else raise :class:`ValidationError`."""
    if not isinstance(case_id, str) or not _CASE_ID.match(case_id):
        raise ValidationError(
            "case", case_id,
            "is not a case id (letters, digits, '.', '_' or '-', at most 64 characters)",
        )
    return case_id


def is_shared_url(url: str) -> bool:
    """True for a store several organisations share (PostgreSQL): an actor is required."""
    return url.split(":", 1)[0].lower() in ("postgresql", "postgres")


def default_actor(url: str, environ: Mapping[str, str]) -> Actor | None:
    """
    The actor when none is given.

    ``CLSS_HOUSING_ACTOR`` if set, else the system user at ``local`` on a
    single-organisation store, else ``None`` (a shared store: writes refused).

    Raises:
        ValidationError: ``CLSS_HOUSING_ACTOR`` is not ``USER@PARTNER``.
    """
    named = environ.get(ACTOR_ENV, "").strip()
    if named:
        return parse_actor(named)
    return None if is_shared_url(url) else local_actor()


def check_correction(view: CaseView, entry: Entry) -> None:
    """A correction must name an earlier entry that is not a correction or the opening."""
    if not isinstance(entry, Correction):
        return
    target = entry.corrects
    if target > view.version:
        raise ValidationError(
            "corrects", target, f"names no entry: the case has entries 1 to {view.version}"
        )
    kind = view.records[target - 1].entry.kind
    if kind in ("case_opened", "correction", "case_facts_corrected"):
        how = (
            "; record a case_facts_corrected entry (`clss-housing case correct`) instead"
            if kind != "correction" else ""
        )
        raise ValidationError(
            "corrects", target, f"names a {kind} entry, which cannot be corrected{how}"
        )
    for r in view.records:
        if isinstance(r.entry, Correction) and r.entry.corrects == target:
            raise ValidationError(
                "corrects", target, f"was already corrected by entry {r.sequence}"
            )


#: Entry kinds whose ``partner`` field names a partner of the registry.
PARTNER_FIELDS: Final = (
    "referral", "referral_accepted", "referral_declined", "referral_closed",
    "consent_given", "consent_withdrawn",
)


def check_not_opening(view: CaseView, entry: Entry) -> None:
    """``case_opened`` is written by :meth:`Casebook.open_case` only."""
    if isinstance(entry, CaseOpened):
        raise ValidationError("kind", "case_opened", "is recorded by opening a case, not by record")


class _PendingView(CaseView):
    """
    The case as it would stand in the middle of a batch append, as command checks see it.

    It shows ``base`` and the first entries of the batch recorded so far, and
    answers ``version`` and ``head_hash`` without building its ``records``
    tuple; that tuple is put together only when a check reads it.  Checking
    an n-entry batch (a payments import) thus costs O(n), not O(n²).  It is
    equal in content to ``CaseView(case_id, records)``.
    """

    __slots__ = ("_added", "_base", "_count", "_records")

    _added: Sequence[Recorded]
    _base: tuple[Recorded, ...]
    _count: int
    _records: tuple[Recorded, ...] | None

    @classmethod
    def of(
        cls, case_id: str, base: tuple[Recorded, ...], added: Sequence[Recorded]
    ) -> _PendingView:
        """``base`` followed by the entries of ``added`` at this moment (later ones unseen)."""
        pending = object.__new__(cls)
        set_slot = object.__setattr__
        set_slot(pending, "case_id", case_id)
        set_slot(pending, "_base", base)
        set_slot(pending, "_added", added)
        set_slot(pending, "_count", len(added))
        set_slot(pending, "_records", None)
        return pending

    @property
    def records(self) -> tuple[Recorded, ...]:
        """Every recorded entry, in sequence order (built on first use)."""
        found = self._records
        if found is None:
            found = self._base + tuple(self._added[: self._count])
            object.__setattr__(self, "_records", found)
        return found

    @records.setter
    def records(self, value: tuple[Recorded, ...]) -> None:  # attrs' __init__ (evolve)
        object.__setattr__(self, "_records", value)

    @property
    def version(self) -> int:
        """Number of entries, without building the records tuple."""
        if self._records is not None:
            return len(self._records)
        return len(self._base) + self._count

    @property
    def head_hash(self) -> str:
        """Hash of the last entry, without building the records tuple."""
        if self._records is None and self._count:
            return self._added[self._count - 1].hash
        return super().head_hash


def _decode_all(
    case_id: str, rows: Sequence[StoredRow], vault: Mapping[tuple[int, str], PersonalRow]
) -> tuple[Recorded, ...]:
    """Decode a case's rows; a row that cannot be decoded is an integrity failure (exit 3)."""
    decoded = []
    for row in rows:
        try:
            decoded.append(decode_row(row, vault))
        except IntegrityError:
            raise
        except Exception as exc:  # noqa: BLE001 - stored bytes of any type, tampered or damaged
            sequence = row.sequence if type(row.sequence) is int else 0
            raise IntegrityError(
                case_id, sequence,
                f"the stored entry cannot be read ({type(exc).__name__}); run "
                "`clss-housing case verify`",
            ) from None
    return tuple(decoded)


class Casebook:
    """
    The cases of one store, and the only way to write to them.

    Args:
        store: where the ledgers live (see :func:`clss_housing.store.open_store`).
        plugins: the :class:`~clss_housing.plugins.PluginEnvironment` whose rules,
            letters, workflow extensions and reactions apply (the installed
            plugins when ``None``; ``PluginEnvironment.core()`` for none).
        clock: gives the moment written as ``recorded_at`` (tz-aware).
        checks: extra command checks run before every append, after the built-in ones.
        listeners: extra listeners told of every append, after the plugins'.

    Attributes:
        env: the plugin environment in force: ``env.rules``, ``env.catalogue``,
            ``env.workflow``, ``env.partners``, ``env.settings``.
        key: the casebook key (:mod:`clss_housing.ledger.seal`); without one, entries
            are written without MAC and heads, as before the seal (and a sealed
            casebook refuses the write).
        actor: who acts through this casebook (:class:`~clss_housing.ledger.actor.Actor`);
            every entry written records it.  One casebook object is one actor's
            session, as one database connection is one login: the actor is fixed
            when the casebook is opened (where a shared store checks it against the
            login role), not passed per call, so that no call can write in another
            partner's name.  ``None`` on a shared store means "not given": writes are
            refused until an actor is named.
    """

    def __init__(
        self,
        store: Store,
        *,
        plugins: PluginEnvironment | None = None,
        clock: Callable[[], datetime] = utcnow,
        checks: Iterable[CommandCheck] = (),
        listeners: Iterable[AppendListener] = (),
        key: CasebookKey | None = None,
        actor: Actor | object | None = _DEFAULT_ACTOR,
    ) -> None:
        if actor is _DEFAULT_ACTOR:
            actor = default_actor(getattr(store, "url", ""), os.environ)
        if actor is not None and not isinstance(actor, Actor):
            raise ValidationError("actor", None, "is not an Actor (USER@PARTNER)")
        self.store = store
        self.actor: Actor | None = actor
        self.env = plugins if plugins is not None else PluginEnvironment.installed()
        self.key = key
        # The last head this casebook wrote per case, to skip a read before each append; the
        # store checks it in the transaction, and a mismatch (ConcurrencyError) drops it.
        self._heads: dict[str, CaseHead] = {}
        self._clock = clock
        self._checks: list[CommandCheck] = [
            check_not_opening, check_correction, self._check_partner, self._check_referral,
            self.env.workflow.check,
            *checks,
        ]
        self._actor_checked = False
        self._actor_aliases: tuple[str, frozenset[str]] | None = None
        #: Refuse referrals and consents naming an unregistered partner: always on a shared
        #: store and from the command line; a single-organisation library user may keep
        #: free-text partner ids (as before the registry) by leaving it off.
        self.strict_partners = is_shared_url(getattr(store, "url", ""))
        self._listeners: list[AppendListener] = [self.env.listener(), *listeners]

    @classmethod
    def open(
        cls,
        url: str,
        *,
        plugins: PluginEnvironment | None = None,
        clock: Callable[[], datetime] = utcnow,
        checks: Iterable[CommandCheck] = (),
        listeners: Iterable[AppendListener] = (),
        key: CasebookKey | object | None = _DEFAULT_KEY,
        key_store: object = None,
        actor: Actor | object | None = _DEFAULT_ACTOR,
    ) -> Casebook:
        """
        Open the casebook stored at ``url`` (``memory:``, ``sqlite:///…``, ``postgresql://…``).

        The installed plugins apply unless ``plugins`` says otherwise (see the class).
        Without a ``key`` argument the key is :func:`~clss_housing.integrity.default_key`:
        ``CLSS_HOUSING_KEY_FILE``, or ``<file>.key`` beside a SQLite ledger (created on
        the first write, mode 0600), a random one for ``memory:``.  Personal data is
        encrypted per case and erasure destroys the case's key (crypto-shredding) with
        ``key_store`` (a :class:`~clss_housing.store.shredding.KeyStore`), or by default
        with :func:`~clss_housing.integrity.default_key_store` (``<file>.keys`` beside a
        SQLite ledger, ``CLSS_HOUSING_KEY_STORE``); ``key_store=False`` turns it off.

        ``actor`` is who records entries (see the class).  Without one it is
        :func:`default_actor`: ``CLSS_HOUSING_ACTOR``, else on a single-organisation
        casebook (``memory:``, SQLite) the system user at ``local``; a shared one
        (PostgreSQL) then has no actor and refuses writes.
        """
        chosen = default_key(url) if key is _DEFAULT_KEY else key
        if chosen is not None and not isinstance(chosen, CasebookKey):
            raise ValidationError("key", None, "is not a CasebookKey")
        if is_shared_url(url) and isinstance(actor, Actor):
            allowed = login_partners(url)  # None: roles not installed, or the owner
            if allowed is not None and actor.partner not in allowed:
                raise ValidationError(
                    "--as", str(actor),
                    "names another partner than the one the login role of the URL acts for "
                    f"(it acts for {', '.join(sorted(allowed)) or 'no partner'}); nothing was done",
                )
        store = open_store(url)
        found = default_key_store(url) if key_store is None else key_store
        if found is not None and found is not False:
            if not isinstance(found, KeyStore):
                store.close()
                raise ValidationError("key_store", None, "is not a KeyStore")
            store = EncryptingStore(store, found)
        return cls(store, plugins=plugins, clock=clock, checks=checks, listeners=listeners,
                   key=chosen, actor=actor)

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def __enter__(self) -> Casebook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add_check(self, check: CommandCheck) -> None:
        """Run ``check`` before every append (workflows and plugins register theirs here)."""
        self._checks.append(check)

    def add_listener(self, listener: AppendListener) -> None:
        """Tell ``listener`` of every append, after it is stored."""
        self._listeners.append(listener)

    # -- reading ------------------------------------------------------------------------------

    def case_ids(self) -> list[str]:
        """Every case id, sorted."""
        return self.store.case_ids()

    def load(self, case_id: str) -> CaseView:
        """
        The case as its ledger makes it.

        Raises:
            NotFoundError: no case has that id.
        """
        validate_case_id(case_id)
        rows = self.store.read(case_id)
        if not rows:
            raise NotFoundError("case", case_id)
        vault = index_vault(self.store.read_personal(case_id))
        return CaseView(case_id, _decode_all(case_id, rows, vault))

    def views(self) -> Iterator[CaseView]:
        """Every case, read in one pass over the store (personal data left out)."""
        current: str | None = None
        batch: list[StoredRow] = []
        for row in self.store.iter_rows():
            if row.case_id != current and batch:
                yield CaseView(batch[0].case_id, _decode_all(batch[0].case_id, batch, {}))
                batch = []
            current = row.case_id
            batch.append(row)
        if batch:
            yield CaseView(batch[0].case_id, _decode_all(batch[0].case_id, batch, {}))

    def history(self, case_id: str) -> tuple[Recorded, ...]:
        """Every recorded entry of the case, in order."""
        return self.load(case_id).records

    def verify(self, case_id: str | None = None) -> list[ChainProblem]:
        """
        Check hash chains and the keyed seal: of one case, or of every case.

        Returns one :class:`~clss_housing.ledger.codec.ChainProblem` per broken
        case (its first broken sequence), and casebook-level ones (case
        ``(casebook)``); an empty list means all is intact.
        """
        return list(self.verify_report(case_id).problems)

    def verify_report(
        self, case_id: str | None = None, *, against: Mapping[str, Any] | None = None
    ) -> VerifyReport:
        """
        Everything ``case verify`` reports: problems, warnings, cases checked.

        Args:
            case_id: one case, or every case (and the anchor) when ``None``.
            against: a head exported earlier (:meth:`export_head`), to detect a rollback.
        """
        if case_id is not None:
            validate_case_id(case_id)
        return verify_store(self.store, self.key, case_id, against=against)

    def export_head(self) -> dict[str, Any]:
        """
        The casebook head to keep elsewhere (``case verify --export-head``).

        Raises:
            IntegrityError: the casebook does not verify.
        """
        return export_head(self.store, self.key)

    def rotate_key(self, new: CasebookKey) -> int:
        """
        Reseal every entry, head and the anchor with ``new`` (a key file not yet existing).

        The casebook is verified with the current key first; the new key file is
        created, then everything is resealed in one transaction.  Entries written
        before the seal keep no MAC.  Afterwards only ``new`` opens the casebook.

        Returns:
            The number of entry MACs rewritten.

        Raises:
            ValidationError: no current key, or the new key file already exists.
            IntegrityError: the casebook does not verify; nothing changed.
            ConcurrencyError: another rotation happened meanwhile; nothing changed.
        """
        old = self._secret()
        if old is None or self.store.read_anchor() is None:
            raise ValidationError("key", None, "the casebook is not sealed with a key yet")
        if new.path is not None and new.path.exists():
            raise ValidationError(
                "new key file", None, "already exists; name a file that does not exist yet"
            )
        self.check_integrity()
        secret = new.secret(create=True)
        assert secret is not None
        macs = [
            (row.case_id, row.sequence, row_mac(secret, row))
            for row in self.store.iter_rows()
            if row.mac is not None
        ]
        heads = []
        digest = EMPTY_ANCHOR
        for head in self.store.read_heads().values():
            unsigned = attrs.evolve(head, mac="")
            resealed = attrs.evolve(unsigned, mac=head_mac(secret, unsigned))
            heads.append(resealed)
            digest = xor_hex(digest, anchor_term(secret, resealed))
        self.store.reseal(macs, heads, Anchor(digest, key_check(secret)), key_check(old))
        self._heads.clear()
        self.key = new
        return len(macs)

    def seal(self) -> int:
        """
        Give every case written before the keyed seal its head (after checking its chain).

        Returns:
            The number of cases sealed.

        Raises:
            ValidationError: the casebook has no key.
            IntegrityError: the casebook does not verify; nothing is sealed.
        """
        secret = self._secret()
        if secret is None:
            raise ValidationError("key", None, "sealing needs the casebook key (a key file)")
        self.check_integrity()
        heads = self.store.read_heads()
        sealed = 0
        for cid in self.store.case_ids():
            if cid in heads:
                continue
            rows = self.store.read(cid)
            seal = make_seal(
                secret, None, case_id=cid, version=len(rows), head_hash=rows[-1].hash,
                vault_count=len(self.store.read_personal(cid)), erased_at=None,
            )
            self.store.append(cid, len(rows), [], [], seal)
            sealed += 1
        return sealed

    def check_integrity(self, case_id: str | None = None) -> None:
        """Like :meth:`verify` but raises :class:`IntegrityError` on the first broken case."""
        problems = self.verify(case_id)
        if problems:
            p = problems[0]
            raise IntegrityError(p.case_id, p.sequence, p.reason)

    # -- writing ------------------------------------------------------------------------------

    def open_case(
        self,
        *,
        tenant: str,
        landlord: str,
        address: str,
        rent: Money,
        charges: Money | None = None,
        lease_start: date | None = None,
        lang: str = "fr",
        date: date | None = None,
        case_id: str | None = None,
        civility: str = "neutral",
    ) -> str:
        """
        Open a case and return its id.

        Raises:
            ValidationError: a field is invalid (the field is named); nothing is written.
            ConcurrencyError: ``case_id`` was given and already exists.
        """
        opened = CaseOpened(
            date=date or self._clock().date(),
            tenant=tenant,
            landlord=landlord,
            address=address,
            rent=rent,
            charges=Money(0) if charges is None else charges,
            lease_start=lease_start,
            lang=lang,
            civility=civility,
        )
        cid = validate_case_id(case_id) if case_id else new_case_id(opened.date)
        self._write(CaseView(cid, ()), [opened])
        return cid

    def append(self, view: CaseView, entries: Sequence[Entry]) -> CaseView:
        """
        Append ``entries`` to the case exactly as ``view`` shows it.

        Every entry is checked in turn against the case as it would stand;
        the batch is written atomically at ``view.version``.

        Returns:
            The view after the append.

        Raises:
            ValidationError: a check refused an entry; nothing written.
            TransitionNotAllowed: a workflow track refused an entry; nothing written.
            ConcurrencyError: someone else appended first; nothing written.
        """
        if not view.records:
            raise NotFoundError("case", view.case_id)
        return self._write(view, entries)

    def record(
        self,
        case_id: str,
        entry: Entry,
        *,
        expected_version: int | None = None,
        retries: int = 12,
    ) -> Recorded:
        """
        Record one entry in a case.

        With ``expected_version`` the append happens only if the case is still
        at that version.  Without it, the case is reloaded and the entry checked
        again when another writer got there first, up to ``retries`` times.

        Raises:
            NotFoundError: no case has that id.
            ValidationError: the entry or a check refused it; nothing written.
            TransitionNotAllowed: a workflow track does not allow it now; nothing written.
            ConcurrencyError: the case changed and retrying did not help; nothing written.
        """
        return self.record_many(
            case_id, [entry], expected_version=expected_version, retries=retries
        )[0]

    def record_many(
        self,
        case_id: str,
        entries: Sequence[Entry],
        *,
        expected_version: int | None = None,
        retries: int = 12,
    ) -> list[Recorded]:
        """
        Record several entries in one atomic append (see :meth:`record`).

        Between attempts it waits a jittered, exponentially growing delay (about
        5 ms, 10 ms, 20 ms… up to 0.5 s), so that writers racing on one case
        spread out instead of colliding again.
        """
        attempts = 1 if expected_version is not None else max(0, retries) + 1
        for attempt in range(attempts):
            view = self.load(case_id)
            if expected_version is not None and view.version != expected_version:
                raise ConcurrencyError(case_id, expected_version, view.version)
            try:
                after = self._write(view, entries)
            except ConcurrencyError:
                if attempt + 1 >= attempts:
                    raise
                log.info("concurrent append on a case, retrying (%d)", attempt + 1)
                time.sleep(backoff(attempt))
                continue
            return list(after.records[view.version:])
        raise AssertionError("unreachable")  # pragma: no cover

    def erase_personal_data(self, case_id: str) -> int:
        """
        Erase the tenant's personal data (names, address, free text) for good.

        Amounts, dates, states and the hash chain stay; erased fields read as
        ``[erased]``.  Returns the number of values erased.
        """
        view = self.load(case_id)
        actor = self._require_actor()
        secret = self._secret()
        old = self.store.read_head(case_id)
        store = self.store
        if isinstance(store, EncryptingStore):
            # Erasing an erased case again keeps its key generation (see _closed).
            again = self._closed(view, view.records, old)
            if secret is None:
                return store.erase_personal(case_id, new_erasure=not again)
        elif secret is None:
            return store.erase_personal(case_id)
        # The latest erasure (a reopened case may be erased again), on the casebook's clock
        # so that it compares with the entries' recorded_at.
        erased_at = self._clock().isoformat(timespec="seconds")
        erased_by = str(actor)  # the latest erasure's actor, with its time
        seal = make_seal(
            secret, old, case_id=case_id, version=view.version, head_hash=view.head_hash,
            vault_count=0, erased_at=erased_at, erased_by=erased_by,
        )
        self._heads.pop(case_id, None)
        if isinstance(store, EncryptingStore):
            return store.erase_personal(case_id, seal, new_erasure=not again)
        return store.erase_personal(case_id, seal)

    def erased_at(self, case_id: str) -> str | None:
        """When the case's personal data was erased (UTC, ISO), from its sealed head."""
        head = self.store.read_head(case_id)
        return head.erased_at if head is not None else None

    def erased_by(self, case_id: str) -> Actor | None:
        """
        Who erased the case's personal data, from its sealed head.

        ``None`` when it was not erased, or erased before the eraser was recorded.
        """
        head = self.store.read_head(case_id)
        if head is None or head.erased_by is None:
            return None
        user, _, partner = head.erased_by.partition("@")
        return Actor(user, partner)

    def _require_actor(self) -> Actor:
        """
        The actor of a write, its partner checked against the registry (an alias resolves).

        Raises:
            ValidationError: none was given (a shared casebook), or its partner is not
                registered; nothing is written.
        """
        if self.actor is None:
            raise ValidationError(
                "actor", None,
                "a shared casebook records who writes: give --as USER@PARTNER or set "
                "CLSS_HOUSING_ACTOR (library: Casebook.open(url, actor=Actor(user, partner))); "
                "nothing was written",
            )
        if not self._actor_checked:
            self.actor = self.check_actor(self.actor)
            self._actor_checked = True
        return self.actor

    def check_actor(self, actor: Actor) -> Actor:
        """
        ``actor`` with its partner resolved in the registry (``local`` is always known).

        Raises:
            ValidationError: the partner is not registered (field ``--as``, with a
                did-you-mean).
        """
        found = self.partners().require(actor.partner, "--as", allow_local=True)
        return actor if found is None else Actor(actor.user, found.id)

    def sight(self, view: CaseView, as_of: date) -> Sight:
        """
        What this casebook's actor may see of ``view`` at ``as_of`` (the sharing policy).

        The ``local`` actor is the lead and sees everything; a partner sees what the
        policy allows.  The caller decides what to do when it is not involved
        (:meth:`~clss_housing.sharing.policy.Sight.require_involved`).

        Raises:
            ValidationError: a shared casebook without an actor.
        """
        actor = self._require_actor()
        if actor.is_local:
            return sight(view, None, as_of)
        known = self._actor_aliases
        if known is None or known[0] != actor.partner:  # read once per actor of the session
            known = self._actor_aliases = (actor.partner, self._aliases(actor.partner))
        return sight(view, actor.partner, as_of, aliases=known[1])

    # -- access log ---------------------------------------------------------------------------

    def log_access(self, case_id: str, command: str) -> AccessRow | None:
        """
        Append a reading of ``case_id`` by this casebook's actor to the access log.

        Readings by partners, and every reading on a shared (PostgreSQL) store, are
        logged.  On a single-organisation store (SQLite, ``memory:``) the ``local``
        actor's own readings are not: nothing is shared there, and a reading then
        leaves the ledger file byte for byte as it was.  Returns ``None`` when
        nothing was logged.

        Raises:
            ValidationError: a shared casebook without an actor.
        """
        actor = self._require_actor()
        if not isinstance(self.store, AccessTable):
            return None
        if actor.is_local and not is_shared_url(self.store.url):
            return None
        secret = self._secret()
        at = format_recorded_at(self._clock())

        def make(sequence: int, prev_hash: str) -> AccessRow:
            return make_access_row(
                sequence, prev_hash, at=at, case_id=case_id, user=actor.user,
                partner=actor.partner, command=command, key=secret,
            )

        return self.store.append_access(make)

    def access_log(
        self, *, case_id: str | None = None, user: str | None = None
    ) -> list[AccessRow]:
        """
        The access log (of one case, or by one user), after checking its chain.

        Raises:
            IntegrityError: the log was changed (case ``(access log)``).
        """
        if not isinstance(self.store, AccessTable):
            return []
        rows = self.store.read_access()
        key = self.key.secret(create=False) if self.key is not None else None
        problem = verify_access(rows, key)
        if problem is not None:
            raise IntegrityError("(access log)", 0, problem)
        return [r for r in rows if (case_id is None or r.case_id == case_id)
                and (user is None or r.by_user == user)]

    # -- partner registry ---------------------------------------------------------------------

    def partners(self) -> PartnerRegistry:
        """
        The partner registry: the plugins' profiles overlaid by the partners stored here.

        See :mod:`clss_housing.sharing.registry`.
        """
        return registry_of(self.env.partners, self.store)

    def add_partner(self, partner: Partner) -> Partner:
        """
        Register (or update) a partner in this casebook.

        Raises:
            ValidationError: one of its aliases is already another partner's id or alias.
            StoreError: the store keeps no partner records.
        """
        registry = self.partners()
        for name in (partner.id, *partner.aliases):
            other = registry.resolve(name)
            if other is not None and other.id != partner.id:
                raise ValidationError(
                    "aliases", name, f"already names the partner {other.id}"
                )
        if not isinstance(self.store, PartnerTable):
            raise StoreError("this store keeps no partner records")
        stored = attrs.evolve(partner, source="casebook")
        self.store.put_partner(stored.id, canonical_json(stored.as_json()))
        return stored

    def _check_may_write(self, view: CaseView, actor: Actor, entries: Sequence[Entry]) -> None:
        """
        A partner writes only in a case it is involved in, or to answer a referral to it.

        Raises:
            ValidationError: field ``--as``: not involved, ask for a referral.
        """
        answering = all(
            entry.kind in PARTNER_FIELDS[1:3]
            and self.canonical_partner(str(getattr(entry, "partner", ""))) == actor.partner
            for entry in entries
        )
        if not answering:
            sight(view, actor.partner, date.max,
                  aliases=self._aliases(actor.partner)).require_involved()

    def _aliases(self, partner: str) -> frozenset[str]:
        found = self.partners().resolve(partner)
        return frozenset(a.strip().casefold() for a in (found.aliases if found else ()))

    def canonical_partner(self, name: str) -> str:
        """The registry id ``name`` resolves to (alias: its partner), else ``name`` normalised."""
        found = self.partners().resolve(name)
        return found.id if found is not None else name.strip().casefold()

    def _check_referral(self, view: CaseView, entry: Entry) -> None:
        """A referral answer needs a referral waiting for it (aliases resolved)."""
        if entry.kind in PARTNER_FIELDS[1:4]:
            check_referral(view, entry, self.canonical_partner)

    def _check_partner(self, view: CaseView, entry: Entry) -> None:
        """A referral or consent must name a registered partner (an alias is accepted)."""
        if self.strict_partners and entry.kind in PARTNER_FIELDS:
            self.partners().require(str(getattr(entry, "partner", "")), "partner")

    def _secret(self) -> bytes | None:
        """
        The key's bytes for a write: created on the first write of an unsealed casebook.

        Raises:
            ValidationError: the casebook is sealed but its key is missing (or there
                is no key at all): writing would leave entries nobody can vouch for.
        """
        key = self.key
        secret = key.secret(create=False) if key is not None else None
        if secret is not None:
            return secret
        if self.store.read_anchor() is not None:
            where = f" {key.path}" if key is not None and key.path is not None else ""
            raise ValidationError(
                "key file", None,
                f"this casebook is sealed with a key, but its key file{where} is missing; "
                "set CLSS_HOUSING_KEY_FILE to the key file (restore it from its backup); "
                "nothing was written",
            )
        return key.secret(create=True) if key is not None else None

    def personal_data_closed(self, case_id: str) -> bool:
        """
        True when the case's personal data was erased and no new intake or consent reopened it.

        Such a case refuses new names, addresses and free text until a
        ``personal_data_reopened`` entry is recorded.
        """
        view = self.load(case_id)
        return self._closed(view, view.records, self.store.read_head(case_id))

    def _closed(
        self, view: CaseView, records: Sequence[Recorded], head: CaseHead | None
    ) -> bool:
        """See :meth:`personal_data_closed`; ``records`` are the case's entries so far."""
        if not records:
            return False
        erased_at = head.erased_at if head is not None else None
        if erased_at is None and getattr(records[0].entry, "tenant", "") != ERASED:
            return False
        reopened = [r for r in records if isinstance(r.entry, PersonalDataReopened)]
        if not reopened:
            return True
        # Each erasure under a key store destroys one key generation: more erasures than
        # reopenings means the latest erasure came after the latest reopening.
        generation = getattr(self.store, "generation", None)
        if callable(generation) and generation(view.case_id) - 1 > len(reopened):
            return True
        if erased_at is not None:
            last = reopened[-1].recorded_at.isoformat(timespec="seconds")
            return last < erased_at
        # Unsealed and without a key store: erased again if a value since the reopening is.
        since = reopened[-1].sequence
        return any(
            getattr(r.entry, spec.name, None) == ERASED
            for r in records if r.sequence > since
            for spec in entry_fields(type(r.entry)) if spec.personal
        )

    def _check_erasure(
        self, view: CaseView, recorded: Sequence[tuple[Recorded, bool]], head: CaseHead | None
    ) -> None:
        """Refuse personal data in an erased case, and a reopening of a case never erased."""
        closed = self._closed(view, view.records, head)
        for rec, carries in recorded:
            if isinstance(rec.entry, PersonalDataReopened):
                if not closed:
                    raise ValidationError(
                        "kind", "personal_data_reopened",
                        f"only reopens a case whose personal data was erased; case "
                        f"{view.case_id} can record personal data already; nothing was written",
                    )
                closed = False
            elif closed and carries:
                raise ValidationError(
                    "personal data", None,
                    f"the personal data of case {view.case_id} was erased; new names, "
                    "addresses or free text cannot be recorded in it unless a new intake or "
                    "consent reopens it (record a personal_data_reopened entry first, which "
                    "opens a new case key), or record the entry without them; nothing was "
                    "written",
                )

    # -- internals ----------------------------------------------------------------------------

    def _write(self, view: CaseView, entries: Sequence[Entry]) -> CaseView:
        if not entries:
            return view
        actor = self._require_actor()
        if view.records and not actor.is_local:
            self._check_may_write(view, actor, entries)
        moment = self._clock()
        rows: list[StoredRow] = []
        personal: list[PersonalRow] = []
        recorded: list[Recorded] = []
        carries: list[bool] = []  # whether each entry carries personal values
        base = view.records
        head = view.head_hash
        for entry in entries:
            if not isinstance(entry, Entry):
                raise ValidationError("entry", type(entry).__name__, "is not a ledger entry")
            check_entry(entry)
            if base or recorded:
                # The case as it would stand; its records tuple is only built if a check reads it.
                current = _PendingView.of(view.case_id, base, recorded)
                for check in self._checks:
                    check(current, entry)
            row, pers, rec = encode_entry(
                view.case_id, len(base) + len(recorded) + 1, entry, head, moment, actor
            )
            rows.append(row)
            personal.extend(pers)
            recorded.append(rec)
            carries.append(bool(pers))
            head = rec.hash
        secret = self._secret()
        seal = None
        old = None
        if secret is not None:
            rows = [attrs.evolve(row, mac=row_mac(secret, row)) for row in rows]
            if view.records:
                old = self._heads.get(view.case_id) or self.store.read_head(view.case_id)
            before = old.vault_count if old is not None else (
                len(self.store.read_personal(view.case_id)) if view.records else 0
            )
            seal = make_seal(
                secret, old, case_id=view.case_id, version=view.version + len(rows),
                head_hash=head, vault_count=before + len(personal),
                erased_at=old.erased_at if old is not None else None,
                erased_by=old.erased_by if old is not None else None,
            )
        elif view.records:
            old = self.store.read_head(view.case_id)
        self._check_erasure(view, list(zip(recorded, carries, strict=True)), old)
        if seal is None:  # stores written before the seal take four arguments
            self.store.append(view.case_id, view.version, rows, personal)
        else:
            try:
                self.store.append(view.case_id, view.version, rows, personal, seal)
            except ConcurrencyError:
                self._heads.pop(view.case_id, None)
                raise
            self._heads[view.case_id] = seal.head
        after = CaseView(view.case_id, (*base, *recorded))
        self._notify(after, recorded)
        return after

    def _notify(self, view: CaseView, recorded: Sequence[Recorded]) -> None:
        for listener in self._listeners:
            try:
                listener(view, recorded)
            except Exception as exc:  # noqa: BLE001 - a listener never undoes or blocks an append
                # The exception's message may quote personal data: log its type and frames only.
                log.warning(
                    "a listener failed after an append to a case (%s: %s); the entries are"
                    " stored\n%s",
                    getattr(listener, "__qualname__", type(listener).__qualname__),
                    type(exc).__qualname__,
                    "".join(traceback.format_tb(exc.__traceback__)).rstrip(),
                )
