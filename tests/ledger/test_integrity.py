"""
Tests of ledger integrity: the hash chain detects any tampering with stored history.

Histories are written straight to a store (no casebook checks) and then
tampered with behind the library's back: by changing a row of a
:class:`MemoryStore` or by an ``UPDATE`` on an SQLite file.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Final

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from clss_housing.casebook import Casebook
from clss_housing.errors import IntegrityError, NotFoundError, ValidationError
from clss_housing.ledger.codec import (
    GENESIS_HASH,
    ChainProblem,
    PersonalRow,
    StoredRow,
    chain_hash,
    index_vault,
    verify_rows,
)
from clss_housing.ledger.entries import CaseOpened, Entry, Note, Payment, RentDue
from clss_housing.money import Money
from clss_housing.store.memory import MemoryStore
from clss_housing.store.sqlite import SQLiteStore
from tests.strategies import case_histories, encode_history


TARGET: Final = "2026-TARGET"
OTHER: Final = "2026-OTHER"
COLUMNS: Final = ("payload", "kind", "recorded_at", "prev_hash", "hash", "schema", "sequence")
#: Columns whose change is reported at exactly the tampered sequence.
EXACT: Final = frozenset(COLUMNS) - {"sequence"}

History = tuple[Any, list[Entry]]


def fill(store: MemoryStore | SQLiteStore, *histories: tuple[str, History]) -> None:
    """Write each case's whole history to ``store`` in one append."""
    for case_id, (opened, entries) in histories:
        rows, personal = encode_history(case_id, [opened, *entries])
        store.append(case_id, 0, rows, personal)


@contextmanager
def sqlite_store() -> Iterator[SQLiteStore]:
    """A fresh SQLite ledger in a temporary folder (hypothesis examples cannot use tmp_path)."""
    with tempfile.TemporaryDirectory() as folder:
        store = SQLiteStore(Path(folder) / "ledger.db")
        try:
            yield store
        finally:
            store.close()


def raw_sql(store: SQLiteStore, sql: str, *params: object) -> None:
    """Run one statement on the store's file through a separate connection, as an intruder."""
    conn = sqlite3.connect(store.path)
    try:
        with conn:
            conn.execute(sql, params)
    finally:
        conn.close()


def changed(data: st.DataObject, value: str | int) -> str | int:
    """``value`` with one character (a digit, for numbers) replaced by another."""
    text = str(value)
    position = data.draw(st.integers(0, len(text) - 1), label="position")
    # The strategies drawn from must not depend on the value (hypothesis replays draws).
    if isinstance(value, int):
        digit = data.draw(st.integers(1, 9), label="digit increment")
        new_digit = str((int(text[position]) + digit) % 10)
        return int(text[:position] + new_digit + text[position + 1:])
    char = data.draw(st.characters(codec="utf-8", exclude_characters="\x00"), label="char")
    if char == text[position]:
        char = "X" if char != "X" else "Y"
    return text[:position] + char + text[position + 1:]


def assert_reported(
    problems: list[ChainProblem], column: str, tampered: int
) -> None:
    """Exactly the target case is reported, at (or, for sequences, before) the tampered row."""
    assert [TARGET] == [p.case_id for p in problems]
    if column in EXACT:
        assert tampered == problems[0].sequence
    else:
        assert 1 <= problems[0].sequence <= tampered
    assert problems[0].reason


histories = case_histories(max_size=5)


def fixed_history() -> History:
    """A small, fixed history with personal data (tenant, landlord, address, one note)."""
    opened = CaseOpened(
        date=date(2026, 1, 5), tenant="Karim Ben Ali", landlord="SA Immo", address="Rue Haute 1",
        rent=Money(75000),
    )
    return opened, [
        RentDue(date=date(2026, 2, 1), amount=Money(75000)),
        Payment(date=date(2026, 2, 3), amount=Money(50000)),
        Note(date=date(2026, 2, 4), text="Karim a appelé"),
        RentDue(date=date(2026, 3, 1), amount=Money(75000)),
    ]


class TestIntact:
    """Untouched history verifies."""

    @settings(max_examples=30, deadline=None)
    @given(histories, histories)
    def test_intact_memory(self, first: History, second: History) -> None:
        """It reports nothing for intact cases."""
        store = MemoryStore()
        fill(store, (TARGET, first), (OTHER, second))
        book = Casebook(store)
        assert [] == book.verify()
        assert [] == book.verify(TARGET)
        book.check_integrity()

    def test_encoded_history(self) -> None:
        """It keeps vault rows as PersonalRow records linked to their entry."""
        rows, personal = encode_history(TARGET, [fixed_history()[0], *fixed_history()[1]])
        assert all(isinstance(p, PersonalRow) for p in personal)
        assert {1, 4} == {p.sequence for p in personal}
        assert all(isinstance(r, StoredRow) for r in rows)
        assert GENESIS_HASH == rows[0].prev_hash
        assert None is verify_rows(TARGET, rows)

    def test_unknown_and_malformed_case(self) -> None:
        """It refuses to verify a case that does not exist or a malformed id."""
        book = Casebook(MemoryStore())
        with pytest.raises(NotFoundError):
            book.verify("2026-NOPE")
        with pytest.raises(ValidationError):
            book.verify("../etc/passwd")
        assert [] == book.verify()

    def test_every_column_is_hashed(self) -> None:
        """It changes the hash when any hashed value changes by one character."""
        args: list[Any] = [
            "0" * 64, "C-1", 2, "rent_due", 1, "2026-01-01T00:00:00.000000+00:00", "{}",
        ]
        base = chain_hash(*args)
        for index, value in enumerate(args):
            other = value + 1 if isinstance(value, int) else "1" + value[1:]
            changed_args = list(args)
            changed_args[index] = other
            assert base != chain_hash(*changed_args)


class TestSingleChangeDetected:
    """Any single changed character of a stored row is found by ``verify``."""

    @settings(max_examples=100, deadline=None)
    @given(target=histories, other=histories, data=st.data())
    def test_memory_store(self, target: History, other: History, data: st.DataObject) -> None:
        """It reports the tampered case at the tampered row of a memory store."""
        store = MemoryStore()
        fill(store, (TARGET, target), (OTHER, other))
        rows = store._rows[TARGET]
        index = data.draw(st.integers(0, len(rows) - 1), label="row")
        column = data.draw(st.sampled_from(COLUMNS), label="column")
        new: Any = changed(data, getattr(rows[index], column))
        rows[index] = attrs.evolve(rows[index], **{column: new})
        assert_reported(Casebook(store).verify(), column, index + 1)
        with pytest.raises(IntegrityError) as info:
            Casebook(store).check_integrity(TARGET)
        assert TARGET == info.value.case_id

    def test_every_position_of_a_fixed_history(self) -> None:
        """It detects a change at every single position of every column of every row."""
        opened, entries = fixed_history()
        rows, personal = encode_history(TARGET, [opened, *entries])
        vault = index_vault(personal)
        checked = 0
        for index, row in enumerate(rows):
            for column in COLUMNS:
                value = getattr(row, column)
                text = str(value)
                for position in range(len(text)):
                    replacement = "7" if text[position] != "7" else "8"
                    new = text[:position] + replacement + text[position + 1:]
                    tampered = list(rows)
                    changes: dict[str, Any] = {
                        column: int(new) if isinstance(value, int) else new
                    }
                    tampered[index] = attrs.evolve(row, **changes)
                    problem = verify_rows(TARGET, tampered, vault)
                    assert problem is not None, (index, column, position)
                    if column in EXACT:
                        assert index + 1 == problem.sequence
                    else:
                        assert problem.sequence <= index + 1
                    checked += 1
        assert checked > 5 * 64 * 2

    @settings(max_examples=30, deadline=None)
    @given(target=histories, other=histories, data=st.data())
    def test_sqlite_file(self, target: History, other: History, data: st.DataObject) -> None:
        """It reports the tampered case at the tampered row of an SQLite file changed by UPDATE."""
        with sqlite_store() as store:
            fill(store, (TARGET, target), (OTHER, other))
            rows = store.read(TARGET)
            index = data.draw(st.integers(0, len(rows) - 1), label="row")
            column = data.draw(st.sampled_from(COLUMNS), label="column")
            new = changed(data, getattr(rows[index], column))
            if column == "sequence":
                assume(isinstance(new, int) and new >= 1)
                assume(new not in {r.sequence for r in rows})  # the primary key refuses those
            raw_sql(
                store,
                f"UPDATE entries SET {column} = ? WHERE case_id = ? AND sequence = ?",
                new, TARGET, index + 1,
            )
            assert [new] == [getattr(r, column) for r in store.read(TARGET)
                             if r.sequence == (new if column == "sequence" else index + 1)]
            assert_reported(Casebook(store).verify(), column, index + 1)


class TestRowsRemovedOrMoved:
    """Deleted, swapped and foreign rows break the chain."""

    @settings(max_examples=50, deadline=None)
    @given(target=case_histories(min_size=1, max_size=6), data=st.data())
    def test_deleted_row_memory(self, target: History, data: st.DataObject) -> None:
        """It reports a row deleted from the middle of a case at the gap."""
        store = MemoryStore()
        fill(store, (TARGET, target))
        rows = store._rows[TARGET]
        index = data.draw(st.integers(0, len(rows) - 2))
        del rows[index]
        reason = f"sequence {index + 1} is missing or out of order"
        assert [ChainProblem(TARGET, index + 1, reason)] == Casebook(store).verify()

    @settings(max_examples=50, deadline=None)
    @given(target=case_histories(min_size=2, max_size=6), data=st.data())
    def test_swapped_rows_memory(self, target: History, data: st.DataObject) -> None:
        """It reports two swapped rows at the first of them."""
        store = MemoryStore()
        fill(store, (TARGET, target))
        rows = store._rows[TARGET]
        i = data.draw(st.integers(0, len(rows) - 2))
        j = data.draw(st.integers(i + 1, len(rows) - 1))
        rows[i], rows[j] = rows[j], rows[i]
        assert [i + 1] == [p.sequence for p in Casebook(store).verify()]

    @settings(max_examples=50, deadline=None)
    @given(target=case_histories(min_size=2, max_size=6), data=st.data())
    def test_swapped_contents_memory(self, target: History, data: st.DataObject) -> None:
        """It reports two rows whose contents were swapped (sequences kept) at the first."""
        store = MemoryStore()
        fill(store, (TARGET, target))
        rows = store._rows[TARGET]
        i = data.draw(st.integers(0, len(rows) - 2))
        j = data.draw(st.integers(i + 1, len(rows) - 1))
        rows[i], rows[j] = (
            attrs.evolve(rows[j], sequence=rows[i].sequence),
            attrs.evolve(rows[i], sequence=rows[j].sequence),
        )
        assert [i + 1] == [p.sequence for p in Casebook(store).verify()]

    def test_deleted_and_swapped_rows_sqlite(self) -> None:
        """It reports rows deleted or swapped in an SQLite file."""
        history = fixed_history()
        with sqlite_store() as store:
            fill(store, (TARGET, history), (OTHER, history))
            raw_sql(store, "DELETE FROM entries WHERE case_id = ? AND sequence = 3", TARGET)
            assert [ChainProblem(TARGET, 3, "sequence 3 is missing or out of order")] \
                == Casebook(store).verify()
        with sqlite_store() as store:
            fill(store, (TARGET, history))
            rows = store.read(TARGET)
            for row, seq in ((rows[3], 2), (rows[1], 4)):
                raw_sql(
                    store,
                    "UPDATE entries SET kind = ?, payload = ?, recorded_at = ?, prev_hash = ?, "
                    "hash = ? WHERE case_id = ? AND sequence = ?",
                    row.kind, row.payload, row.recorded_at, row.prev_hash, row.hash, TARGET, seq,
                )
            assert [2] == [p.sequence for p in Casebook(store).verify()]

    def test_row_from_another_case(self) -> None:
        """It refuses a row copied from another case, even with its hash intact."""
        store = MemoryStore()
        fill(store, (TARGET, fixed_history()), (OTHER, fixed_history()))
        store._rows[TARGET][2] = store._rows[OTHER][2]
        problems = Casebook(store).verify()
        assert [(TARGET, 3)] == [(p.case_id, p.sequence) for p in problems]

    def test_whole_case_rehashed_from_other_case(self) -> None:
        """It refuses rows whose own hashes link but that belong to another case id."""
        rows, _ = encode_history(OTHER, [fixed_history()[0], *fixed_history()[1]])
        problem = verify_rows(TARGET, rows)
        assert ChainProblem(TARGET, 1, "row belongs to another case") == problem


class TestVault:
    """Personal values are checked against their digests; erasure is not tampering."""

    @settings(max_examples=50, deadline=None)
    @given(target=histories, data=st.data())
    def test_tampered_personal_value_memory(self, target: History, data: st.DataObject) -> None:
        """It reports a changed personal value (or salt) at its entry."""
        store = MemoryStore()
        fill(store, (TARGET, target))
        vault = store._vault[TARGET]
        index = data.draw(st.integers(0, len(vault) - 1))
        column = data.draw(st.sampled_from(("value", "salt")))
        if column == "salt":
            new: Any = "f" * 32 if vault[index].salt != "f" * 32 else "e" * 32
        else:
            new = changed(data, vault[index].value)
        vault[index] = attrs.evolve(vault[index], **{column: new})
        problems = Casebook(store).verify()
        assert [(TARGET, vault[index].sequence)] == [(p.case_id, p.sequence) for p in problems]
        assert "personal field" in problems[0].reason

    def test_tampered_personal_value_sqlite(self) -> None:
        """It reports a personal value changed in an SQLite file."""
        with sqlite_store() as store:
            fill(store, (TARGET, fixed_history()))
            raw_sql(
                store,
                "UPDATE personal SET value = 'Someone Else' WHERE case_id = ? AND key = 'tenant'",
                TARGET,
            )
            problems = Casebook(store).verify()
            assert [(TARGET, 1)] == [(p.case_id, p.sequence) for p in problems]
            assert "'tenant'" in problems[0].reason
            assert "Someone Else" not in problems[0].reason

    def test_malformed_salt(self) -> None:
        """It reports a salt that is not hex instead of crashing."""
        store = MemoryStore()
        fill(store, (TARGET, fixed_history()))
        store._vault[TARGET][0] = attrs.evolve(store._vault[TARGET][0], salt="not hex")
        assert [1] == [p.sequence for p in Casebook(store).verify()]

    @settings(max_examples=30, deadline=None)
    @given(target=histories, other=histories)
    def test_erased_vault_is_not_a_problem(self, target: History, other: History) -> None:
        """It verifies a case whose personal data was erased, wholly or in part."""
        store = MemoryStore()
        fill(store, (TARGET, target), (OTHER, other))
        del store._vault[OTHER][0]
        book = Casebook(store)
        assert [] == book.verify()
        assert 0 < book.erase_personal_data(TARGET)
        assert [] == store.read_personal(TARGET)
        assert [] == book.verify()

    def test_erased_vault_sqlite(self) -> None:
        """It verifies an SQLite case after erasure, whose vault rows are gone from the file."""
        with sqlite_store() as store:
            fill(store, (TARGET, fixed_history()))
            book = Casebook(store)
            assert 4 == book.erase_personal_data(TARGET)
            assert [] == book.verify()
            assert b"Karim" not in store.path.read_bytes()


class TestUndecodableBytes:
    def test_bytes_that_are_not_utf8_are_reported_at_their_row(self, tmp_path: Path) -> None:
        """It reports a row whose stored bytes are not valid UTF-8 instead of failing to read."""
        url = f"sqlite:///{tmp_path / 'ledger.db'}"
        with Casebook.open(url) as book:
            case_id = book.open_case(
                tenant="T", landlord="L", address="A", rent=Money(1000), date=date(2026, 1, 1)
            )
            book.record(case_id, Payment(date=date(2026, 1, 2), amount=Money(500)))
            book.record(case_id, Payment(date=date(2026, 1, 3), amount=Money(500)))
        conn = sqlite3.connect(tmp_path / "ledger.db")
        conn.execute("UPDATE entries SET payload = CAST(X'7B22FF22' AS TEXT) WHERE sequence = 2")
        conn.commit()
        conn.close()
        with Casebook.open(url) as book:
            problems = book.verify()
        assert [(case_id, 2)] == [(p.case_id, p.sequence) for p in problems]
