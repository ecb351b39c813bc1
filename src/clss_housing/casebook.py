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
import re
import secrets
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Final, TypeAlias

from clss_housing.errors import (
    ConcurrencyError,
    IntegrityError,
    NotFoundError,
    ValidationError,
)
from clss_housing.ledger.codec import (
    ChainProblem,
    PersonalRow,
    Recorded,
    StoredRow,
    decode_row,
    encode_entry,
    index_vault,
    utcnow,
    verify_rows,
)
from clss_housing.ledger.entries import CaseOpened, Correction, Entry
from clss_housing.money import Money
from clss_housing.store import Store, open_store
from clss_housing.view import CaseView
from clss_housing.workflow.engine import workflow_check


__all__ = ["AppendListener", "Casebook", "CommandCheck", "new_case_id", "validate_case_id"]

log = logging.getLogger(__name__)

#: ``check(view, entry)`` raises a :class:`~clss_housing.errors.ClssHousingError` to refuse.
CommandCheck: TypeAlias = Callable[[CaseView, Entry], None]
#: ``listener(view_after, appended)`` is told of every successful append.
AppendListener: TypeAlias = Callable[[CaseView, Sequence[Recorded]], None]

_CASE_ID: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")  # \Z: no trailing newline
_ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U


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
    if kind in ("case_opened", "correction"):
        raise ValidationError(
            "corrects", target, f"names a {kind} entry, which cannot be corrected"
        )
    for r in view.records:
        if isinstance(r.entry, Correction) and r.entry.corrects == target:
            raise ValidationError(
                "corrects", target, f"was already corrected by entry {r.sequence}"
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


class Casebook:
    """
    The cases of one store, and the only way to write to them.

    Args:
        store: where the ledgers live (see :func:`clss_housing.store.open_store`).
        clock: gives the moment written as ``recorded_at`` (tz-aware).
        checks: extra command checks run before every append, after the built-in ones.
    """

    def __init__(
        self,
        store: Store,
        *,
        clock: Callable[[], datetime] = utcnow,
        checks: Iterable[CommandCheck] = (),
        listeners: Iterable[AppendListener] = (),
    ) -> None:
        self.store = store
        self._clock = clock
        self._checks: list[CommandCheck] = [
            check_not_opening, check_correction, workflow_check, *checks
        ]
        self._listeners: list[AppendListener] = list(listeners)

    @classmethod
    def open(cls, url: str, **kwargs: object) -> Casebook:
        """Open the casebook stored at ``url`` (``memory:``, ``sqlite:///…``, ``postgresql://…``)."""
        return cls(open_store(url), **kwargs)  # type: ignore[arg-type]

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
        return CaseView(case_id, tuple(decode_row(row, vault) for row in rows))

    def views(self) -> Iterator[CaseView]:
        """Every case, read in one pass over the store (personal data left out)."""
        current: str | None = None
        batch: list[StoredRow] = []
        for row in self.store.iter_rows():
            if row.case_id != current and batch:
                yield CaseView(batch[0].case_id, tuple(decode_row(r, {}) for r in batch))
                batch = []
            current = row.case_id
            batch.append(row)
        if batch:
            yield CaseView(batch[0].case_id, tuple(decode_row(r, {}) for r in batch))

    def history(self, case_id: str) -> tuple[Recorded, ...]:
        """Every recorded entry of the case, in order."""
        return self.load(case_id).records

    def verify(self, case_id: str | None = None) -> list[ChainProblem]:
        """
        Check hash chains: of one case, or of every case.

        Returns one :class:`~clss_housing.ledger.codec.ChainProblem` per broken
        case (its first broken sequence); an empty list means all is intact.
        """
        ids = [validate_case_id(case_id)] if case_id is not None else self.store.case_ids()
        problems = []
        for cid in ids:
            rows = self.store.read(cid)
            if not rows and case_id is not None:
                raise NotFoundError("case", cid)
            problem = verify_rows(cid, rows, index_vault(self.store.read_personal(cid)))
            if problem is not None:
                problems.append(problem)
        return problems

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
        retries: int = 3,
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
        retries: int = 3,
    ) -> list[Recorded]:
        """Record several entries in one atomic append (see :meth:`record`)."""
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
                continue
            return list(after.records[view.version:])
        raise AssertionError("unreachable")  # pragma: no cover

    def erase_personal_data(self, case_id: str) -> int:
        """
        Erase the tenant's personal data (names, address, free text) for good.

        Amounts, dates, states and the hash chain stay; erased fields read as
        ``[erased]``.  Returns the number of values erased.
        """
        self.load(case_id)
        return self.store.erase_personal(case_id)

    # -- internals ----------------------------------------------------------------------------

    def _write(self, view: CaseView, entries: Sequence[Entry]) -> CaseView:
        if not entries:
            return view
        moment = self._clock()
        rows: list[StoredRow] = []
        personal: list[PersonalRow] = []
        recorded: list[Recorded] = []
        base = view.records
        head = view.head_hash
        for entry in entries:
            if not isinstance(entry, Entry):
                raise ValidationError("entry", type(entry).__name__, "is not a ledger entry")
            if base or recorded:
                # The case as it would stand; its records tuple is only built if a check reads it.
                current = _PendingView.of(view.case_id, base, recorded)
                for check in self._checks:
                    check(current, entry)
            row, pers, rec = encode_entry(
                view.case_id, len(base) + len(recorded) + 1, entry, head, moment
            )
            rows.append(row)
            personal.extend(pers)
            recorded.append(rec)
            head = rec.hash
        self.store.append(view.case_id, view.version, rows, personal)
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
