"""
The store conformance suite: what every :class:`~clss_housing.store.Store` must do.

:class:`StoreContract` holds the behaviour every store shares; a test module
subclasses it and says how to make a fresh, empty store::

    class TestMemoryStore(StoreContract):
        def make_store(self) -> Store:
            return MemoryStore()

:class:`PersistentStoreContract` adds what stores that outlive their Python
object must do: keep data across a reopen, refuse rows the database refuses
without leaving half a batch, let two processes append to one case at once
(nothing lost, nothing interleaved, every loser told), and survive a process
killed in the middle of an append.  Its subclasses also give the URL another
process opens the same store with (:meth:`PersistentStoreContract.store_url`).

Rows are built with the real codec (:func:`encode_entry`) and, end to end,
with the real :class:`~clss_housing.casebook.Casebook`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clss_housing
from clss_housing.casebook import Casebook
from clss_housing.errors import ConcurrencyError, StoreError, ValidationError
from clss_housing.integrity import make_seal
from clss_housing.ledger.codec import GENESIS_HASH, PersonalRow, StoredRow, encode_entry
from clss_housing.ledger.entries import (
    ERASED,
    CaseOpened,
    Entry,
    Note,
    Payment,
    RentDue,
)
from clss_housing.ledger.seal import (
    Anchor,
    CasebookKey,
    Seal,
    anchor_term,
    key_check,
    row_mac,
    xor_hex,
)
from clss_housing.money import Money
from clss_housing.store import Store
from tests.strategies import any_entry


__all__ = [
    "PersistentStoreContract",
    "StoreContract",
    "encode",
    "opening",
    "sample_entries",
    "vault_key",
]

WORKER = Path(__file__).with_name("_worker.py")
SRC = Path(clss_housing.__file__).resolve().parents[1]

#: The casebook key of the seal tests.
SECRET = bytes(range(32))

#: Entries each process appends in the two-process race.
RACE_COUNT = 30
#: Seconds to wait for a subprocess before failing.
PROCESS_TIMEOUT = 120.0


def opening(day: date = date(2026, 1, 5)) -> CaseOpened:
    """An opening entry whose personal fields are easy to spot in raw storage."""
    return CaseOpened(
        date=day,
        tenant="Émilie Dupont-Nguyen",
        landlord="Immo Zoë & Fils",
        address="Rue de la Loi 16, 1000 Bruxelles",
        rent=Money(82_500),
        charges=Money(4_500),
    )


def sample_entries(count: int, *, day: date = date(2026, 2, 1)) -> list[Entry]:
    """``count`` entries after an opening: rent, payments (with a reference) and notes."""
    out: list[Entry] = []
    for i in range(count):
        when = day + timedelta(days=i)
        if i % 3 == 0:
            out.append(RentDue(date=when, amount=Money(82_500)))
        elif i % 3 == 1:
            out.append(Payment(date=when, amount=Money(40_000 + i), reference=f"virement {i}"))
        else:
            out.append(Note(date=when, text=f"appel au locataire n°{i} — rappel 😀"))
    return out


def encode(
    case_id: str,
    entries: Sequence[Entry],
    *,
    after: Sequence[StoredRow] = (),
    start: int | None = None,
) -> tuple[list[StoredRow], list[PersonalRow]]:
    """
    Stored rows and vault rows of ``entries``, continuing the chain of ``after``.

    ``start`` forces the first sequence (for rows that are meant to be stale).
    """
    prev = after[-1].hash if after else GENESIS_HASH
    first = start if start is not None else len(after) + 1
    rows: list[StoredRow] = []
    vault: list[PersonalRow] = []
    for sequence, entry in enumerate(entries, start=first):
        moment = datetime(2026, 3, 1, 9, 30, tzinfo=UTC) + timedelta(seconds=sequence)
        row, personal, _ = encode_entry(case_id, sequence, entry, prev, moment)
        rows.append(row)
        vault.extend(personal)
        prev = row.hash
    return rows, vault


def vault_key(row: PersonalRow) -> tuple[str, int, str]:
    """Sort key of vault rows (stores need not return them in any order)."""
    return (row.case_id, row.sequence, row.key)


def _case() -> str:
    return f"C-{uuid.uuid4().hex[:12]}"


class StoreContract:
    """Behaviour every store shares.  Subclasses implement :meth:`make_store`."""

    def make_store(self) -> Store:
        """A store on this test's backing (empty the first time it is called in a test)."""
        raise NotImplementedError

    def reopen(self, store: Store) -> Store:
        """Close ``store`` and open it again; stores that do not persist return it as is."""
        return store

    # -- plumbing -------------------------------------------------------------------------

    @pytest.fixture(autouse=True)
    def _close_stores(self) -> Iterator[None]:
        self._opened: list[Store] = []
        self._shared: Store | None = None
        yield
        for store in self._opened:
            store.close()

    def new_store(self) -> Store:
        """A store made by :meth:`make_store`, closed when the test ends."""
        store = self.make_store()
        self._opened.append(store)
        return store

    def reopened(self, store: Store) -> Store:
        """Reopen ``store`` (see :meth:`reopen`), closed when the test ends."""
        again = self.reopen(store)
        self._opened.append(again)
        return again

    def shared_store(self) -> Store:
        """One store per test function, shared by all hypothesis examples."""
        if self._shared is None:
            self._shared = self.new_store()
        return self._shared

    def filled(self, store: Store, case_id: str, count: int = 4) -> list[StoredRow]:
        """Append an opening and ``count`` entries to ``case_id`` in one batch."""
        rows, vault = encode(case_id, [opening(), *sample_entries(count)])
        store.append(case_id, 0, rows, vault)
        return rows

    # -- an empty store -------------------------------------------------------------------

    def test_empty_store(self) -> None:
        """It starts with no case, and an unknown case reads as empty at version 0."""
        store = self.new_store()
        assert [] == store.case_ids()
        assert [] == list(store.iter_rows())
        assert 0 == store.version("NOPE-1")
        assert [] == store.read("NOPE-1")
        assert [] == store.read_personal("NOPE-1")
        assert 0 == store.erase_personal("NOPE-1")

    def test_is_a_store(self) -> None:
        """It satisfies the runtime-checkable Store protocol and has a URL."""
        store = self.new_store()
        assert isinstance(store, Store)
        assert isinstance(store.url, str)

    # -- appending and reading ------------------------------------------------------------

    def test_round_trip(self) -> None:
        """It reads back exactly the rows and vault rows that were appended."""
        store = self.new_store()
        rows, vault = encode("RT-1", [opening(), *sample_entries(5)])
        store.append("RT-1", 0, rows, vault)
        assert rows == store.read("RT-1")
        assert sorted(vault, key=vault_key) == sorted(store.read_personal("RT-1"), key=vault_key)

    def test_append_in_steps(self) -> None:
        """It appends batch after batch, each at the version the previous one left."""
        store = self.new_store()
        first, v1 = encode("ST-1", [opening()])
        second, v2 = encode("ST-1", sample_entries(3), after=first)
        third, v3 = encode("ST-1", sample_entries(1), after=first + second)
        store.append("ST-1", 0, first, v1)
        store.append("ST-1", 1, second, v2)
        store.append("ST-1", 4, third, v3)
        assert first + second + third == store.read("ST-1")
        assert 5 == store.version("ST-1")
        assert sorted(v1 + v2 + v3, key=vault_key) == sorted(
            store.read_personal("ST-1"), key=vault_key
        )

    def test_read_after(self) -> None:
        """It reads only the rows after a given sequence."""
        store = self.new_store()
        rows = self.filled(store, "RA-1", 5)
        assert rows[2:] == store.read("RA-1", after=2)
        assert [] == store.read("RA-1", after=len(rows))

    def test_version_counts_rows(self) -> None:
        """It reports the number of rows of each case."""
        store = self.new_store()
        self.filled(store, "V-1", 2)
        self.filled(store, "V-2", 6)
        assert (3, 7, 0) == (store.version("V-1"), store.version("V-2"), store.version("V-3"))

    def test_case_ids_sorted(self) -> None:
        """It lists every case id once, in code-point order whatever the insertion order."""
        store = self.new_store()
        for case_id in ("b-2", "A-1", "a-1", "Z.9", "b-10", "0-x"):
            self.filled(store, case_id, 1)
        assert ["0-x", "A-1", "Z.9", "a-1", "b-10", "b-2"] == store.case_ids()

    def test_iter_rows_order(self) -> None:
        """It yields every row by case id, then sequence, whatever order they were appended in."""
        store = self.new_store()
        a1, _ = encode("I-b", [opening()])
        b1, _ = encode("I-a", [opening()])
        a2, _ = encode("I-b", sample_entries(2), after=a1)
        b2, _ = encode("I-a", sample_entries(3), after=b1)
        store.append("I-b", 0, a1)
        store.append("I-a", 0, b1)
        store.append("I-b", 1, a2)
        store.append("I-a", 1, b2)
        assert b1 + b2 + a1 + a2 == list(store.iter_rows())

    def test_large_batch(self) -> None:
        """It stores a batch of hundreds of rows and a 20,000-character note byte for byte."""
        store = self.new_store()
        long_note = Note(date=date(2026, 2, 1), text=("é€😀 abc " * 2500)[:20_000])
        rows, vault = encode("BIG-1", [opening(), long_note, *sample_entries(300)])
        store.append("BIG-1", 0, rows, vault)
        assert rows == store.read("BIG-1")
        assert sorted(vault, key=vault_key) == sorted(store.read_personal("BIG-1"), key=vault_key)

    def test_empty_batch(self) -> None:
        """It accepts an empty batch at the current version and changes nothing."""
        store = self.new_store()
        rows = self.filled(store, "E-1", 1)
        store.append("E-1", 2, [])
        assert rows == store.read("E-1")

    # -- optimistic concurrency -----------------------------------------------------------

    @pytest.mark.parametrize("stated", [0, 1, 4, 7])
    def test_stale_append_changes_nothing(self, stated: int) -> None:
        """It refuses an append at any version but the current one and leaves the case as it was."""
        store = self.new_store()
        rows = self.filled(store, "S-1", 4)  # at version 5
        vault = store.read_personal("S-1")
        stale, stale_vault = encode("S-1", sample_entries(2), start=stated + 1)
        with pytest.raises(ConcurrencyError) as caught:
            store.append("S-1", stated, stale, stale_vault)
        assert ("S-1", stated) == (caught.value.case_id, caught.value.expected)
        assert rows == store.read("S-1")
        assert vault == store.read_personal("S-1")
        assert 5 == store.version("S-1")
        assert ["S-1"] == store.case_ids()

    def test_stale_empty_append_refused(self) -> None:
        """It refuses even an empty batch stated at a stale version."""
        store = self.new_store()
        self.filled(store, "SE-1", 1)
        with pytest.raises(ConcurrencyError):
            store.append("SE-1", 0, [])

    def test_new_case_starts_at_zero(self) -> None:
        """It refuses to start a case at any version but 0 and creates nothing."""
        store = self.new_store()
        rows, _ = encode("N-1", sample_entries(1), start=2)
        with pytest.raises(ConcurrencyError):
            store.append("N-1", 1, rows)
        assert ([], []) == (store.case_ids(), store.read("N-1"))

    def test_same_batch_twice(self) -> None:
        """It stores a batch once; sending it again at the same version is a conflict."""
        store = self.new_store()
        rows, vault = encode("T-1", [opening(), *sample_entries(2)])
        store.append("T-1", 0, rows, vault)
        with pytest.raises(ConcurrencyError):
            store.append("T-1", 0, rows, vault)
        assert rows == store.read("T-1")
        assert len(vault) == len(store.read_personal("T-1"))

    def test_conflict_message_is_safe(self) -> None:
        """It says what conflicted without quoting any personal value."""
        store = self.new_store()
        self.filled(store, "M-1", 1)
        rows, vault = encode("M-1", [opening()])
        with pytest.raises(ConcurrencyError) as caught:
            store.append("M-1", 0, rows, vault)
        message = str(caught.value)
        assert "M-1" in message
        assert not any(p.value in message for p in vault)

    def test_threads_never_lose_an_append(self) -> None:
        """It keeps every append of four threads racing on one case, each retrying when told."""
        store = self.new_store()
        book = Casebook(store)
        case_id = book.open_case(**_opening_kwargs(), case_id="TH-1")
        told = [0]
        lock = threading.Lock()

        def work(name: str) -> None:
            for i in range(8):
                while True:
                    view = book.load(case_id)
                    try:
                        book.append(view, [_ref_payment(name, i)])
                    except ConcurrencyError:
                        with lock:
                            told[0] += 1
                        continue
                    break

        threads = [threading.Thread(target=work, args=(n,)) for n in "ABCD"]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=PROCESS_TIMEOUT)
        view = book.load(case_id)
        assert 33 == view.version
        assert [] == book.verify(case_id)
        for name in "ABCD":
            assert [f"{name}-{i}" for i in range(8)] == _references(view.records, name)

    # -- batches are all or nothing -------------------------------------------------------

    @pytest.mark.parametrize(
        "second",
        [
            pytest.param({"sequence": 3}, id="gap"),
            pytest.param({"sequence": 1}, id="repeat"),
            pytest.param({"case_id": "OTHER-1"}, id="other-case"),
        ],
    )
    def test_bad_second_row_stores_nothing(self, second: dict[str, Any]) -> None:
        """It refuses a batch whose second row is out of place and stores none of it."""
        store = self.new_store()
        rows, vault = encode("B-1", [opening(), *sample_entries(2)])
        rows[1] = attrs.evolve(rows[1], **second)
        with pytest.raises(StoreError):
            store.append("B-1", 0, rows, vault)
        assert ([], [], 0) == (store.read("B-1"), store.read_personal("B-1"), store.version("B-1"))
        assert [] == store.case_ids()

    @pytest.mark.parametrize(
        ("expected", "first", "case_id"),
        [
            pytest.param(-1, 0, "K-1", id="negative-version"),
            pytest.param(0, 2, "K-1", id="not-next-sequence"),
            pytest.param(2, 2, "K-1", id="behind-version"),
            pytest.param(0, 1, "K-2", id="row-of-other-case"),
        ],
    )
    def test_check_batch_refusals(self, expected: int, first: int, case_id: str) -> None:
        """It refuses a batch that is not the next sequences of the case named, writing nothing."""
        store = self.new_store()
        rows, _ = encode(case_id, [opening()], start=first)
        with pytest.raises(StoreError):
            store.append("K-1", expected, rows)
        assert [] == store.case_ids()

    @pytest.mark.parametrize(
        "change",
        [
            pytest.param({"case_id": "K-9"}, id="other-case"),
            pytest.param({"sequence": 3}, id="outside-batch"),
            pytest.param({"sequence": 0}, id="before-batch"),
        ],
    )
    def test_vault_rows_must_belong_to_the_batch(self, change: dict[str, Any]) -> None:
        """It refuses vault rows that belong to no row of the batch, writing nothing."""
        store = self.new_store()
        rows, vault = encode("K-1", [opening(), *sample_entries(1)])
        vault[0] = attrs.evolve(vault[0], **change)
        with pytest.raises(StoreError):
            store.append("K-1", 0, rows, vault)
        assert ([], []) == (store.case_ids(), store.read_personal("K-1"))

    # -- personal data --------------------------------------------------------------------

    def test_erase_personal(self) -> None:
        """It removes one case's vault rows for good and leaves its rows and other cases alone."""
        store = self.new_store()
        rows = self.filled(store, "P-1", 4)
        self.filled(store, "P-2", 4)
        vault_1 = store.read_personal("P-1")
        vault_2 = store.read_personal("P-2")
        assert len(vault_1) == store.erase_personal("P-1")
        assert [] == store.read_personal("P-1")
        assert rows == store.read("P-1")
        assert sorted(vault_2, key=vault_key) == sorted(store.read_personal("P-2"), key=vault_key)
        assert 0 == store.erase_personal("P-1")

    def test_append_after_erasure(self) -> None:
        """It keeps a case writable after erasure; only new personal values are kept."""
        store = self.new_store()
        rows = self.filled(store, "PA-1", 1)
        store.erase_personal("PA-1")
        more, vault = encode("PA-1", [Note(date=date(2026, 4, 1), text="nouveau")], after=rows)
        store.append("PA-1", 2, more, vault)
        assert vault == store.read_personal("PA-1")

    # -- through the casebook -------------------------------------------------------------

    def test_casebook_end_to_end(self) -> None:
        """It carries a casebook: open, record, load, list and verify."""
        book = Casebook(self.new_store())
        case_id = book.open_case(**_opening_kwargs())
        book.record(case_id, RentDue(date=date(2026, 2, 1), amount=Money(82_500)))
        book.record_many(
            case_id,
            [
                Payment(date=date(2026, 2, 3), amount=Money(50_000), reference="virement février"),
                Note(date=date(2026, 2, 4), text="La locataire appelle: « je paie le reste »"),
            ],
        )
        view = book.load(case_id)
        assert 4 == view.version
        assert "Émilie Dupont-Nguyen" == view.opened.tenant
        assert Money(32_500) == view.balance().arrears
        assert [] == book.verify()
        assert [case_id] == book.case_ids()
        assert [4] == [v.version for v in book.views()]

    def test_casebook_stale_view(self) -> None:
        """It refuses an append from a view another writer overtook, through the casebook."""
        store = self.new_store()
        book = Casebook(store)
        case_id = book.open_case(**_opening_kwargs())
        stale = book.load(case_id)
        book.record(case_id, RentDue(date=date(2026, 2, 1), amount=Money(82_500)))
        before = store.read(case_id)
        with pytest.raises(ConcurrencyError):
            book.append(stale, [Payment(date=date(2026, 2, 2), amount=Money(1), reference="x")])
        assert before == store.read(case_id)

    def test_casebook_erasure(self) -> None:
        """It erases personal data through the casebook; amounts, dates and verify still work."""
        book = Casebook(self.new_store())
        case_id = book.open_case(**_opening_kwargs())
        book.record(case_id, RentDue(date=date(2026, 2, 1), amount=Money(82_500)))
        book.record(
            case_id, Payment(date=date(2026, 2, 3), amount=Money(50_000), reference="virement")
        )
        book.record(case_id, Note(date=date(2026, 2, 4), text="message privé"))
        balance = book.load(case_id).balance()
        assert 5 == book.erase_personal_data(case_id)
        view = book.load(case_id)
        assert (ERASED, ERASED, ERASED) == (
            view.opened.tenant,
            view.opened.landlord,
            view.opened.address,
        )
        payment, note = view.records[2].entry, view.records[3].entry
        assert isinstance(payment, Payment)
        assert isinstance(note, Note)
        assert (ERASED, ERASED) == (payment.reference, note.text)
        assert (Money(50_000), date(2026, 2, 3)) == (payment.amount, payment.date)
        assert balance == view.balance()
        assert [] == book.verify()

    # -- the keyed seal (heads, anchor, MACs) ---------------------------------------------

    def sealed_batch(
        self, store: Store, case_id: str, rows: list[StoredRow], vault: list[PersonalRow],
        *, secret: bytes = SECRET, expected_version: int = 0,
    ) -> Seal:
        """Append ``rows`` with MACs and the seal a keyed casebook would give them."""
        old = store.read_head(case_id)
        rows = [attrs.evolve(row, mac=row_mac(secret, row)) for row in rows]
        before = old.vault_count if old is not None else 0
        seal = make_seal(
            secret, old, case_id=case_id, version=expected_version + len(rows),
            head_hash=rows[-1].hash if rows else (old.head_hash if old else GENESIS_HASH),
            vault_count=before + len(vault), erased_at=None,
        )
        store.append(case_id, expected_version, rows, vault, seal)
        return seal

    def test_seal_round_trip(self) -> None:
        """It keeps each row's MAC, the case heads and the anchor as the seal gives them."""
        store = self.new_store()
        assert (None, {}, None) == (store.read_anchor(), store.read_heads(),
                                    store.read_head("SE-1"))
        rows, vault = encode("SE-1", [opening(), *sample_entries(3)])
        seal = self.sealed_batch(store, "SE-1", rows, vault)
        assert [row_mac(SECRET, r) for r in rows] == [r.mac for r in store.read("SE-1")]
        assert seal.head == store.read_head("SE-1")
        assert {"SE-1": seal.head} == store.read_heads()
        assert Anchor(anchor_term(SECRET, seal.head), key_check(SECRET)) == store.read_anchor()
        more, more_vault = encode("SE-1", sample_entries(2), after=rows)
        second = self.sealed_batch(store, "SE-1", more, more_vault, expected_version=4)
        other_rows, other_vault = encode("SE-2", [opening()])
        third = self.sealed_batch(store, "SE-2", other_rows, other_vault)
        expected = xor_hex(anchor_term(SECRET, second.head), anchor_term(SECRET, third.head))
        anchor = store.read_anchor()
        assert anchor is not None
        assert expected == anchor.digest
        assert 6 == second.head.version

    def test_seal_with_a_changed_head_is_a_conflict(self) -> None:
        """It refuses (and writes nothing of) an append whose head changed since it was read."""
        store = self.new_store()
        rows, vault = encode("SC-1", [opening()])
        first = self.sealed_batch(store, "SC-1", rows, vault)
        more, more_vault = encode("SC-1", sample_entries(1), after=rows)
        stale = make_seal(SECRET, None, case_id="SC-1", version=2, head_hash=more[-1].hash,
                          vault_count=len(vault) + len(more_vault), erased_at=None)
        with pytest.raises(ConcurrencyError):
            store.append("SC-1", 1, more, more_vault, stale)
        assert (1, first.head) == (store.version("SC-1"), store.read_head("SC-1"))

    def test_seal_with_another_key_is_refused(self) -> None:
        """It refuses a seal made with another key than the anchor's, writing nothing."""
        store = self.new_store()
        rows, vault = encode("SK-1", [opening()])
        self.sealed_batch(store, "SK-1", rows, vault)
        anchor = store.read_anchor()
        other, other_vault = encode("SK-2", [opening()])
        with pytest.raises(StoreError, match="another key"):
            self.sealed_batch(store, "SK-2", other, other_vault, secret=b"\x01" * 32)
        assert ([], anchor) == (store.read("SK-2"), store.read_anchor())

    def test_empty_sealed_append_seals_a_case(self) -> None:
        """It accepts a sealed append of no rows: a case written before the seal gets a head."""
        store = self.new_store()
        rows = self.filled(store, "SL-1", 2)
        seal = make_seal(SECRET, None, case_id="SL-1", version=3, head_hash=rows[-1].hash,
                         vault_count=len(store.read_personal("SL-1")), erased_at=None)
        store.append("SL-1", 3, [], [], seal)
        assert (rows, seal.head) == (store.read("SL-1"), store.read_head("SL-1"))

    def test_sealed_erasure(self) -> None:
        """It updates the head and anchor in the erasure's transaction."""
        store = self.new_store()
        rows, vault = encode("SX-1", [opening()])
        first = self.sealed_batch(store, "SX-1", rows, vault)
        erased = make_seal(SECRET, first.head, case_id="SX-1", version=1,
                           head_hash=rows[-1].hash, vault_count=0,
                           erased_at="2026-04-01T10:00:00+00:00")
        assert len(vault) == store.erase_personal("SX-1", erased)
        assert erased.head == store.read_head("SX-1")
        anchor = store.read_anchor()
        assert anchor is not None
        assert anchor_term(SECRET, erased.head) == anchor.digest

    def test_reseal(self) -> None:
        """It replaces MACs, heads and the anchor at once, and refuses a stale key check."""
        store = self.new_store()
        rows, vault = encode("RK-1", [opening(), *sample_entries(2)])
        seal = self.sealed_batch(store, "RK-1", rows, vault)
        other = bytes(range(1, 33))
        macs = [(r.case_id, r.sequence, row_mac(other, r)) for r in rows]
        head = attrs.evolve(seal.head, mac="x")
        anchor = Anchor("1" * 64, key_check(other))
        with pytest.raises(ConcurrencyError):
            store.reseal(macs, [head], anchor, key_check(other))
        assert seal.head == store.read_head("RK-1")
        store.reseal(macs, [head], anchor, key_check(SECRET))
        assert [m for _, _, m in macs] == [r.mac for r in store.read("RK-1")]
        assert (head, anchor) == (store.read_head("RK-1"), store.read_anchor())
        assert [r.payload for r in rows] == [r.payload for r in store.read("RK-1")]

    def test_keyed_casebook_verifies(self) -> None:
        """A keyed casebook on this store writes MACs and heads, and verifies."""
        book = Casebook(self.new_store(), key=CasebookKey(None, SECRET))
        case_id = book.open_case(**_opening_kwargs())
        book.record(case_id, Note(date=date(2026, 2, 4), text="x"))
        report = book.verify_report()
        assert (True, True, ()) == (report.ok, report.keyed, report.warnings)
        book.erase_personal_data(case_id)
        assert [] == book.verify()
        with pytest.raises(ValidationError, match="erased"):
            book.record(case_id, Note(date=date(2026, 2, 5), text="nouveau"))
        book.record(case_id, RentDue(date=date(2026, 3, 1), amount=Money(100)))
        assert [] == book.verify()
        fresh = CasebookKey(None, bytes(range(2, 34)))
        assert 3 == book.rotate_key(fresh)
        assert [] == book.verify()
        old = Casebook(book.store, key=CasebookKey(None, SECRET))
        assert ["(casebook)"] == [p.case_id for p in old.verify()]

    # -- properties -----------------------------------------------------------------------

    # One method run by a subclass per store: several "executors" by design.  Examples
    # saved for one store are valid inputs for every other, so sharing them is harmless.
    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[
            HealthCheck.differing_executors,
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
        ],
    )
    @given(
        ops=st.lists(
            st.tuples(
                st.sampled_from([0, 0, 0, -1, 1, -2]),
                st.lists(any_entry(), max_size=3),
            ),
            min_size=1,
            max_size=6,
        )
    )
    def test_behaves_like_a_list(self, ops: list[tuple[int, list[Entry]]]) -> None:
        """It matches a list model: an append at the version extends it, any other is refused."""
        store = self.shared_store()
        case_id = _case()
        model: list[StoredRow] = []
        model_vault: list[PersonalRow] = []
        for offset, entries in ops:
            stated = len(model) + offset
            if stated < 0:
                continue
            rows, vault = encode(
                case_id, entries, after=model if offset == 0 else (), start=stated + 1
            )
            if offset == 0:
                store.append(case_id, stated, rows, vault)
                model += rows
                model_vault += vault
            else:
                with pytest.raises(ConcurrencyError):
                    store.append(case_id, stated, rows, vault)
            assert model == store.read(case_id)
            assert len(model) == store.version(case_id)
            assert sorted(model_vault, key=vault_key) == sorted(
                store.read_personal(case_id), key=vault_key
            )


class PersistentStoreContract:
    """
    What stores that outlive their Python object must do.

    Mix into a :class:`StoreContract` subclass; implement :meth:`store_url`.
    """

    def store_url(self) -> str:
        """The URL another process opens this test's store with."""
        raise NotImplementedError

    # The StoreContract side of the mix-in, for type checkers.
    def new_store(self) -> Store:  # pragma: no cover - provided by StoreContract
        """See :meth:`StoreContract.new_store`."""
        raise NotImplementedError

    def reopened(self, store: Store) -> Store:  # pragma: no cover - provided by StoreContract
        """See :meth:`StoreContract.reopened`."""
        raise NotImplementedError

    def bad_row(self, row: StoredRow) -> StoredRow:
        """A row that passes the batch checks but that the database refuses (NULL payload)."""
        return attrs.evolve(row, payload=None)  # type: ignore[arg-type]

    # -- persistence ----------------------------------------------------------------------

    def test_reopen_keeps_everything(self) -> None:
        """It finds every row and vault row again after a reopen."""
        store = self.new_store()
        rows, vault = encode("R-1", [opening(), *sample_entries(4)])
        store.append("R-1", 0, rows, vault)
        store = self.reopened(store)
        assert rows == store.read("R-1")
        assert sorted(vault, key=vault_key) == sorted(store.read_personal("R-1"), key=vault_key)
        assert (["R-1"], 5) == (store.case_ids(), store.version("R-1"))

    def test_reopen_keeps_the_seal(self) -> None:
        """It finds MACs, heads and the anchor again after a reopen."""
        store = self.new_store()
        rows, vault = encode("RS-1", [opening(), *sample_entries(2)])
        # sealed_batch comes from StoreContract, the other base of every concrete suite.
        seal = self.sealed_batch(store, "RS-1", rows, vault)  # type: ignore[attr-defined]
        anchor = store.read_anchor()
        store = self.reopened(store)
        assert (seal.head, anchor) == (store.read_head("RS-1"), store.read_anchor())
        assert all(r.mac == row_mac(SECRET, r) for r in store.read("RS-1"))

    def test_reopen_after_erasure(self) -> None:
        """It keeps erased values gone after a reopen."""
        store = self.new_store()
        rows, vault = encode("RE-1", [opening()])
        store.append("RE-1", 0, rows, vault)
        store.erase_personal("RE-1")
        store = self.reopened(store)
        assert ([], rows) == (store.read_personal("RE-1"), store.read("RE-1"))

    def test_url_reopens(self) -> None:
        """It can be opened again from its own URL."""
        from clss_housing.store import open_store

        store = self.new_store()
        rows, _ = encode("U-1", [opening()])
        store.append("U-1", 0, rows)
        other = open_store(self.store_url())
        try:
            assert rows == other.read("U-1")
            assert store.url == other.url
        finally:
            other.close()

    def test_two_objects_one_store(self) -> None:
        """It refuses a stale append made through a second object on the same storage."""
        first = self.new_store()
        second = self.new_store()
        rows, vault = encode("TW-1", [opening()])
        first.append("TW-1", 0, rows, vault)
        assert 1 == second.version("TW-1")
        with pytest.raises(ConcurrencyError):
            second.append("TW-1", 0, rows, vault)
        more, _ = encode("TW-1", sample_entries(1), after=rows)
        second.append("TW-1", 1, more)
        assert rows + more == first.read("TW-1")

    # -- a row the database refuses -------------------------------------------------------

    def test_database_refusal_rolls_back(self) -> None:
        """It rolls the whole batch back when the database refuses its second row."""
        store = self.new_store()
        head = self.filled_case(store, "DB-1")
        rows, vault = encode("DB-1", sample_entries(3), after=head)
        rows[1] = self.bad_row(rows[1])
        with pytest.raises(StoreError) as caught:
            store.append("DB-1", 1, rows, vault)
        assert not isinstance(caught.value, ConcurrencyError)
        assert head == store.read("DB-1")
        good, good_vault = encode("DB-1", sample_entries(1), after=head)
        store.append("DB-1", 1, good, good_vault)
        assert head + good == store.read("DB-1")

    def test_duplicate_vault_row_rolls_back(self) -> None:
        """It treats a vault row given twice as a refused batch, not as a lost race."""
        store = self.new_store()
        rows, vault = encode("DV-1", [opening()])
        with pytest.raises(StoreError) as caught:
            store.append("DV-1", 0, rows, [*vault, vault[0]])
        assert not isinstance(caught.value, ConcurrencyError)
        assert ([], []) == (store.read("DV-1"), store.read_personal("DV-1"))

    def filled_case(self, store: Store, case_id: str) -> list[StoredRow]:
        """Open ``case_id`` with one row."""
        rows, vault = encode(case_id, [opening()])
        store.append(case_id, 0, rows, vault)
        return rows

    # -- other processes ------------------------------------------------------------------

    @pytest.mark.slow
    def test_two_processes_race(self, tmp_path: Path) -> None:
        """It keeps all 60 appends of two racing processes, in order, and tells every loser."""
        store = self.new_store()
        book = Casebook(store)
        case_id = book.open_case(**_opening_kwargs(), case_id="RACE-1")
        sync = tmp_path / "sync"
        sync.mkdir()
        names = ("A", "B")
        procs = [
            _spawn("race", self.store_url(), case_id, name, str(RACE_COUNT), str(sync))
            for name in names
        ]
        try:
            _wait_for(lambda: all((sync / f"ready-{n}").exists() for n in names), procs)
            (sync / "go").touch()
            results = [_result(proc) for proc in procs]
        finally:
            for proc in procs:
                _stop(proc)
        view = book.load(case_id)
        assert 1 + 2 * RACE_COUNT == view.version
        assert list(range(1, 2 + 2 * RACE_COUNT)) == [r.sequence for r in view.records]
        assert [] == book.verify(case_id)
        by_sequence = {r.sequence: r.entry for r in view.records}
        for name, result in zip(names, results, strict=True):
            assert [f"{name}-{i}" for i in range(RACE_COUNT)] == _references(view.records, name)
            # Every append a worker was told succeeded is stored where it was told, as its own.
            assert RACE_COUNT == len(result["sequences"])
            for i, sequence in enumerate(result["sequences"]):
                entry = by_sequence[sequence]
                assert isinstance(entry, Payment)
                assert f"{name}-{i}" == entry.reference
            # Every other attempt was refused with a ConcurrencyError: losers were told.
            assert RACE_COUNT + result["conflicts"] == result["attempts"]
        # The race really happened: the processes collided and were told.
        assert sum(r["conflicts"] for r in results) > 0

    @pytest.mark.slow
    def test_killed_in_the_middle(self, tmp_path: Path) -> None:
        """It leaves no half-written batch when the writing process is killed mid-transaction."""
        store = self.new_store()
        book = Casebook(store)
        case_id = book.open_case(**_opening_kwargs(), case_id="KILL-1")
        book.record(case_id, RentDue(date=date(2026, 2, 1), amount=Money(82_500)))
        before, vault_before = store.read(case_id), store.read_personal(case_id)
        marker = tmp_path / "inside"
        proc = _spawn("stall", self.store_url(), case_id, str(marker))
        try:
            _wait_for(marker.exists, [proc])
            # The writer is inside its transaction with one row inserted: others see nothing.
            assert before == store.read(case_id)
        finally:
            _stop(proc)
        assert proc.returncode != 0  # it was killed, it did not finish
        store = self.reopened(store)
        assert before == store.read(case_id)
        assert vault_before == store.read_personal(case_id)
        book = Casebook(store)
        assert [] == book.verify(case_id)
        book.record(case_id, _ref_payment("after", 0))
        assert 3 == store.version(case_id)
        assert [] == book.verify(case_id)


# -- helpers ------------------------------------------------------------------------------


def _opening_kwargs() -> dict[str, Any]:
    o = opening()
    return {
        "tenant": o.tenant,
        "landlord": o.landlord,
        "address": o.address,
        "rent": o.rent,
        "charges": o.charges,
        "date": o.date,
    }


def _ref_payment(name: str, index: int) -> Payment:
    return Payment(
        date=date(2026, 2, 1) + timedelta(days=index),
        amount=Money(1_000 + index),
        reference=f"{name}-{index}",
    )


def _references(records: Sequence[Any], name: str) -> list[str]:
    return [
        r.entry.reference
        for r in records
        if isinstance(r.entry, Payment) and r.entry.reference.startswith(f"{name}-")
    ]


def _spawn(*args: str) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH", "")) if p)
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _stop(proc: subprocess.Popen[str]) -> None:
    """Kill the process if it still runs (SIGKILL on POSIX), reap it and close its pipes."""
    if proc.poll() is None:
        proc.kill()
    proc.communicate(timeout=PROCESS_TIMEOUT)


def _wait_for(condition: Any, procs: Sequence[subprocess.Popen[str]]) -> None:
    deadline = time.monotonic() + PROCESS_TIMEOUT
    while not condition():
        for proc in procs:
            if proc.poll() is not None:
                out, err = proc.communicate()
                pytest.fail(f"worker exited early ({proc.returncode}):\n{out}\n{err}")
        if time.monotonic() > deadline:
            pytest.fail("worker did not get ready in time")
        time.sleep(0.01)


def _result(proc: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = proc.communicate(timeout=PROCESS_TIMEOUT)
    assert 0 == proc.returncode, err
    result: dict[str, Any] = json.loads(out)
    return result
