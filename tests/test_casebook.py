"""Tests of the casebook: opening cases, recording, concurrency, checks, listeners, erasure."""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clss_housing.casebook import Casebook, new_case_id, validate_case_id
from clss_housing.errors import ConcurrencyError, NotFoundError, ValidationError
from clss_housing.ledger.codec import PersonalRow, Recorded, StoredRow, encode_entry
from clss_housing.ledger.entries import (
    ERASED,
    AidPaid,
    CaseOpened,
    Correction,
    Entry,
    Note,
    Payment,
    RentDue,
)
from clss_housing.ledger.seal import Seal
from clss_housing.money import Money
from clss_housing.store.memory import MemoryStore
from clss_housing.store.sqlite import SQLiteStore
from clss_housing.view import CaseView
from tests.strategies import LEDGER_KINDS, case_histories, encode_history, entries_of


TENANT = "Karim Ben Ali-خالد"
D = date(2026, 1, 5)


def open_demo(book: Casebook, case_id: str | None = "2026-DEMO01") -> str:
    """Open a case with a rent of 750 and personal data that must never leak."""
    return book.open_case(
        tenant=TENANT, landlord="SA Immo <&>", address="Rue Haute 1, 1000 Bruxelles",
        rent=Money(75000), date=D, case_id=case_id,
    )


def rent(day: int = 1, month: int = 2) -> RentDue:
    """Rent of 750 due on ``day``/``month`` 2026."""
    return RentDue(date=date(2026, month, day), amount=Money(75000))


class SneakyStore(MemoryStore):
    """A memory store where another writer appends one entry first, on the first append only."""

    def __init__(self, sneak: Entry) -> None:
        super().__init__()
        self.sneak: Entry | None = None
        self.pending = sneak
        self.appends = 0

    def arm(self) -> None:
        """Make the next append lose the race."""
        self.sneak = self.pending

    def append(
        self,
        case_id: str,
        expected_version: int,
        rows: Sequence[StoredRow],
        personal: Sequence[PersonalRow] = (),
        seal: Seal | None = None,
    ) -> None:
        """Let the other writer in first (once), then append as asked."""
        self.appends += 1
        if self.sneak is not None:
            entry, self.sneak = self.sneak, None
            current = self.read(case_id)
            row, vault, _ = encode_entry(
                case_id, len(current) + 1, entry, current[-1].hash, datetime.now(UTC)
            )
            super().append(case_id, len(current), [row], vault)
        super().append(case_id, expected_version, rows, personal, seal)


Snapshot = tuple[list[StoredRow], dict[str, list[PersonalRow]]]


def snapshot(store: MemoryStore | SQLiteStore) -> Snapshot:
    """Every stored row and vault row of the store."""
    rows = list(store.iter_rows())
    return rows, {c: sorted(store.read_personal(c), key=repr) for c in store.case_ids()}


class TestCaseIds:
    """Case ids are safe to use in file names, URLs and commands."""

    def test_new_case_id(self) -> None:
        """It makes ids from the year and six unambiguous characters."""
        case_id = new_case_id(date(2027, 5, 1))
        assert re.fullmatch(r"2027-[0-9A-HJKMNP-TV-Z]{6}", case_id)
        assert case_id == validate_case_id(case_id)

    @pytest.mark.parametrize(
        "case_id", ["", "-x", ".hidden", "a/b", "a b", "a" * 65, "abc\n", "é", "a\x00", 42]
    )
    def test_invalid(self, case_id: Any) -> None:
        """It refuses ids that are empty, too long, or hold separators or odd characters."""
        with pytest.raises(ValidationError) as info:
            validate_case_id(case_id)
        assert "case" == info.value.field


class TestOpenCase:
    """Opening a case writes its first entry."""

    def test_open(self) -> None:
        """It writes a case_opened entry and returns the case id."""
        book = Casebook(MemoryStore())
        case_id = open_demo(book)
        view = book.load(case_id)
        assert 1 == view.version
        assert TENANT == view.opened.tenant
        assert Money(0) == view.opened.charges
        assert D == view.opened.date
        assert [case_id] == book.case_ids()

    def test_generated_id_and_clock(self) -> None:
        """It makes an id and dates the opening from the clock when none is given."""
        moment = datetime(2026, 4, 2, 8, 0, tzinfo=UTC)
        book = Casebook(MemoryStore(), clock=lambda: moment)
        case_id = book.open_case(tenant="T", landlord="L", address="A", rent=Money(1))
        assert case_id.startswith("2026-")
        assert date(2026, 4, 2) == book.load(case_id).opened.date
        assert moment == book.load(case_id).records[0].recorded_at

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"tenant": ""}, "tenant"),
            ({"tenant": TENANT * 20}, "tenant"),
            ({"landlord": " "}, "landlord"),
            ({"address": None}, "address"),
            ({"rent": Money(0)}, "rent"),
            ({"rent": 750.0}, "rent"),
            ({"rent": "750"}, "rent"),
            ({"charges": Money(-1)}, "charges"),
            ({"lang": "en"}, "lang"),
            ({"date": datetime(2026, 1, 5, 9, 0)}, "date"),
            ({"lease_start": "2020-01-01"}, "lease_start"),
            ({"case_id": "bad id"}, "case"),
        ],
    )
    def test_invalid(self, changes: dict[str, Any], field: str) -> None:
        """It refuses an invalid field, names it, keeps personal data out and writes nothing."""
        book = Casebook(MemoryStore())
        fields: dict[str, Any] = {
            "tenant": TENANT, "landlord": "L", "address": "A", "rent": Money(75000), "date": D,
        }
        fields.update(changes)
        with pytest.raises(ValidationError) as info:
            book.open_case(**fields)
        assert field == info.value.field
        assert "Karim" not in str(info.value)
        assert [] == book.case_ids()

    def test_existing_id(self) -> None:
        """It refuses to open a case under an id already taken."""
        book = Casebook(MemoryStore())
        open_demo(book)
        before = snapshot(book.store)  # type: ignore[arg-type]
        with pytest.raises(ConcurrencyError):
            open_demo(book)
        assert before == snapshot(book.store)  # type: ignore[arg-type]


class TestRecord:
    """Recording entries."""

    def test_record_and_load(self) -> None:
        """It appends an entry at the next sequence and returns it recorded."""
        book = Casebook(MemoryStore())
        case_id = open_demo(book)
        result = book.record(case_id, rent())
        assert (case_id, 2, rent()) == (result.case_id, result.sequence, result.entry)
        assert result == book.load(case_id).records[1]
        assert book.load(case_id).records == book.history(case_id)
        assert Money(75000) == book.load(case_id).balance().arrears

    def test_record_many_is_one_append(self) -> None:
        """It appends a batch atomically, at consecutive sequences with one recorded_at."""
        store = SneakyStore(Note(date=D, text="x"))
        book = Casebook(store)
        case_id = open_demo(book)
        results = book.record_many(
            case_id,
            [rent(), Payment(date=date(2026, 2, 3), amount=Money(70000)),
             AidPaid(date=date(2026, 2, 4), amount=Money(5000), source="cpas")],
        )
        assert [2, 3, 4] == [r.sequence for r in results]
        assert 1 == len({r.recorded_at for r in results})
        assert 2 == store.appends
        assert Money(0) == book.load(case_id).balance().arrears
        assert [] == book.record_many(case_id, [])

    def test_batch_checks_see_earlier_entries(self) -> None:
        """It checks each entry of a batch against the case with the batch's earlier entries."""
        book = Casebook(MemoryStore())
        case_id = open_demo(book)
        seen: list[int] = []
        book.add_check(lambda view, entry: seen.append(view.version))
        book.record_many(
            case_id,
            [Payment(date=D, amount=Money(1)), Correction(date=D, corrects=2, reason="wrong")],
        )
        assert [1, 2] == seen
        assert [CaseOpened] == [type(e) for e in book.load(case_id).entries()]

    def test_append_view(self) -> None:
        """It appends to the case as a view shows it and returns the view after."""
        book = Casebook(MemoryStore())
        case_id = open_demo(book)
        view = book.load(case_id)
        after = book.append(view, [rent(), rent(1, 3)])
        assert 3 == after.version
        assert book.load(case_id) == after
        with pytest.raises(ConcurrencyError):
            book.append(view, [rent()])
        with pytest.raises(NotFoundError):
            book.append(CaseView("2026-NOPE00", ()), [rent()])

    def test_unknown_and_malformed_case(self) -> None:
        """It refuses to record in a case that does not exist or under a malformed id."""
        book = Casebook(MemoryStore())
        with pytest.raises(NotFoundError):
            book.record("2026-NOPE00", rent())
        with pytest.raises(ValidationError):
            book.record("../x", rent())
        with pytest.raises(NotFoundError):
            book.load("2026-NOPE00")

    def test_opening_cannot_be_recorded(self) -> None:
        """It refuses a second case_opened through record."""
        book = Casebook(MemoryStore())
        case_id = open_demo(book)
        opening = book.load(case_id).opened
        with pytest.raises(ValidationError) as info:
            book.record(case_id, opening)
        assert "kind" == info.value.field

    def test_not_an_entry(self) -> None:
        """It refuses something that is not a ledger entry."""
        book = Casebook(MemoryStore())
        case_id = open_demo(book)
        with pytest.raises(ValidationError) as info:
            book.record(case_id, {"kind": "payment"})  # type: ignore[arg-type]
        assert "entry" == info.value.field

    def test_views_leave_personal_data_out(self) -> None:
        """It lists every case without reading the vault."""
        book = Casebook(MemoryStore())
        first = open_demo(book, "2026-AAAAAA")
        second = open_demo(book, "2026-BBBBBB")
        book.record(first, Note(date=D, text=f"{TENANT} called"))
        views = list(book.views())
        assert [first, second] == [v.case_id for v in views]
        assert [2, 1] == [v.version for v in views]
        assert ERASED == views[0].opened.tenant
        assert ERASED == views[0].records[1].entry.text  # type: ignore[attr-defined]
        assert Money(75000) == views[1].monthly_rent

    def test_sqlite_round_trip(self) -> None:
        """It keeps cases in an SQLite file across reopening."""
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'book.db'}"
            with Casebook.open(url) as book:
                case_id = open_demo(book)
                book.record(case_id, rent())
                view = book.load(case_id)
            with Casebook.open(url) as book:
                assert view == book.load(case_id)
                assert [] == book.verify()


class TestCorrections:
    """A correction must name an entry that can be corrected."""

    @pytest.mark.parametrize(
        ("target", "why"),
        [(9, "names no entry"), (1, "case_opened"), (4, "correction"), (3, "already corrected")],
    )
    def test_refused(self, target: int, why: str) -> None:
        """It refuses corrections of nothing, of the opening, of a correction, or twice."""
        book = Casebook(MemoryStore())
        case_id = open_demo(book)
        book.record_many(
            case_id,
            [rent(), Payment(date=D, amount=Money(1)), Correction(date=D, corrects=3, reason="x")],
        )
        with pytest.raises(ValidationError) as info:
            book.record(case_id, Correction(date=D, corrects=target, reason="y"))
        assert "corrects" == info.value.field
        assert target == info.value.value
        assert why in str(info.value)

    def test_accepted(self) -> None:
        """It accepts a correction of a money entry and the fold forgets that entry."""
        book = Casebook(MemoryStore())
        case_id = open_demo(book)
        book.record(case_id, rent())
        book.record(case_id, Correction(date=D, corrects=2, reason="wrong month"))
        assert Money(0) == book.load(case_id).balance().due


class TestConcurrency:
    """Optimistic concurrency: a stale writer is told and writes nothing."""

    def test_expected_version(self) -> None:
        """It appends at the version stated and refuses a stale one without writing."""
        book = Casebook(MemoryStore())
        case_id = open_demo(book)
        book.record(case_id, rent(), expected_version=1)
        before = snapshot(book.store)  # type: ignore[arg-type]
        with pytest.raises(ConcurrencyError) as info:
            book.record(case_id, rent(1, 3), expected_version=1)
        assert (case_id, 1, 2) == (info.value.case_id, info.value.expected, info.value.actual)
        assert before == snapshot(book.store)  # type: ignore[arg-type]

    def test_retry_after_concurrent_append(self) -> None:
        """It reloads, checks again and appends when another writer got in first."""
        store = SneakyStore(Payment(date=date(2026, 2, 2), amount=Money(100)))
        book = Casebook(store)
        case_id = open_demo(book)
        book.record(case_id, rent())
        store.arm()
        result = book.record(case_id, Note(date=D, text="mine"))
        assert 4 == result.sequence
        assert ["case_opened", "rent_due", "payment", "note"] == [
            r.entry.kind for r in book.history(case_id)
        ]
        assert [] == book.verify()

    def test_no_retry_with_expected_version(self) -> None:
        """It does not retry an append that stated its version: the caller decides."""
        store = SneakyStore(Payment(date=date(2026, 2, 2), amount=Money(100)))
        book = Casebook(store)
        case_id = open_demo(book)
        store.arm()
        with pytest.raises(ConcurrencyError):
            book.record(case_id, Note(date=D, text="mine"), expected_version=1)
        assert ["case_opened", "payment"] == [r.entry.kind for r in book.history(case_id)]

    @pytest.mark.parametrize("retries", [0, -1])
    def test_no_retries_left(self, retries: int) -> None:
        """It gives up at once when no retry is allowed."""
        store = SneakyStore(Payment(date=date(2026, 2, 2), amount=Money(100)))
        book = Casebook(store)
        case_id = open_demo(book)
        store.arm()
        with pytest.raises(ConcurrencyError):
            book.record(case_id, Note(date=D, text="mine"), retries=retries)

    def test_retry_checks_again(self) -> None:
        """It refuses on retry an entry the other writer's append made invalid."""
        store = SneakyStore(Correction(date=D, corrects=2, reason="theirs"))
        book = Casebook(store)
        case_id = open_demo(book)
        book.record(case_id, rent())
        store.arm()
        with pytest.raises(ValidationError) as info:
            book.record(case_id, Correction(date=D, corrects=2, reason="mine"))
        assert "already corrected" in str(info.value)
        assert 3 == book.load(case_id).version


class TestChecksAndListeners:
    """Extra checks refuse; listeners hear of appends."""

    def test_check_refuses(self) -> None:
        """It runs added checks before the append and writes nothing when one refuses."""
        def no_aid(view: CaseView, entry: Entry) -> None:
            if isinstance(entry, AidPaid):
                raise ValidationError("source", entry.source, "no aid in this test")

        book = Casebook(MemoryStore(), checks=[no_aid])
        case_id = open_demo(book)
        with pytest.raises(ValidationError):
            book.record_many(
                case_id, [rent(), AidPaid(date=D, amount=Money(1), source="cpas")]
            )
        assert 1 == book.load(case_id).version

    def test_listeners(self) -> None:
        """It tells every listener of each append, after it is stored, once."""
        heard: list[tuple[int, list[int]]] = []
        book = Casebook(MemoryStore())

        def listener(view: CaseView, recorded: Sequence[Recorded]) -> None:
            assert view.version == book.store.version(view.case_id)
            heard.append((view.version, [r.sequence for r in recorded]))

        book.add_listener(listener)
        case_id = open_demo(book)
        book.record_many(case_id, [rent(), rent(1, 3)])
        with pytest.raises(ValidationError):
            book.record(case_id, Correction(date=D, corrects=1, reason="x"))
        assert [(1, [1]), (3, [2, 3])] == heard

    def test_failing_listener(self, caplog: pytest.LogCaptureFixture) -> None:
        """It keeps the append when a listener fails, tells the others, logs no personal data."""
        later: list[int] = []

        def failing(view: CaseView, recorded: Sequence[Recorded]) -> None:
            raise RuntimeError(f"cannot write to {view.opened.tenant} at {view.opened.address}")

        book = Casebook(MemoryStore(), listeners=[failing])
        book.add_listener(lambda view, recorded: later.append(view.version))
        with caplog.at_level(logging.DEBUG):
            case_id = open_demo(book)
            result = book.record(case_id, Note(date=D, text=f"{TENANT} at home"))
        assert 2 == result.sequence
        assert 2 == book.load(case_id).version
        assert [1, 2] == later
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert 2 == len(warnings)
        assert "failing" in caplog.text
        assert "RuntimeError" in caplog.text
        assert "Karim" not in caplog.text
        assert "Rue Haute" not in caplog.text
        assert all(r.exc_info is None for r in caplog.records)


class TestErasure:
    """Right to erasure: personal data gone for good, everything else kept."""

    def test_erase(self) -> None:
        """It removes names, address and free text; amounts, dates and verify stay."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "book.db"
            book = Casebook(SQLiteStore(path))
            case_id = open_demo(book)
            book.record_many(
                case_id,
                [rent(), Payment(date=date(2026, 2, 3), amount=Money(50000), reference="Karim"),
                 Note(date=date(2026, 2, 4), text=f"{TENANT} lost his job")],
            )
            before = book.load(case_id)
            assert 5 == book.erase_personal_data(case_id)
            after = book.load(case_id)
            assert [] == book.verify()
            assert ERASED == after.opened.tenant == after.opened.landlord == after.opened.address
            assert ERASED == after.records[3].entry.text  # type: ignore[attr-defined]
            assert before.balance() == after.balance()
            assert [r.entry.date for r in before.records] == [r.entry.date for r in after.records]
            assert [r.hash for r in before.records] == [r.hash for r in after.records]
            assert before.opened.rent == after.opened.rent
            assert 0 == book.erase_personal_data(case_id)
            book.record(case_id, rent(1, 3))  # the case goes on
            assert [] == book.verify()
            book.close()
            for file in Path(folder).iterdir():
                assert b"Karim" not in file.read_bytes(), file.name

    def test_erase_unknown_case(self) -> None:
        """It refuses to erase a case that does not exist."""
        with pytest.raises(NotFoundError):
            Casebook(MemoryStore()).erase_personal_data("2026-NOPE00")


# -- refused commands change nothing ------------------------------------------------------------


@st.composite
def refused_commands(draw: st.DrawFn, version: int) -> tuple[str, Any]:
    """An invalid command for a case at ``version`` (its entries drawn from LEDGER_KINDS)."""
    valid = st.lists(entries_of(*[k for k in LEDGER_KINDS if k != "correction"]), max_size=3)
    choices = ["beyond", "opening", "stale_version", "check", "reopen"]
    if version >= 2:
        choices.append("stale_view")
    kind = draw(st.sampled_from(choices))
    if kind == "beyond":
        return kind, Correction(
            date=D, corrects=version + draw(st.integers(1, 5)), reason="not there"
        )
    if kind == "opening":
        return kind, Correction(date=D, corrects=1, reason="the opening")
    if kind == "stale_version":
        stale = draw(st.integers(0, 50).filter(lambda v: v != version))
        return kind, (stale, draw(valid))
    return kind, draw(valid)  # check, reopen, stale_view: valid entries before the bad one


def refuse_marked(view: CaseView, entry: Entry) -> None:
    """A check refusing the note that tests use as a marker."""
    if isinstance(entry, Note) and entry.text == "REFUSE ME":
        raise ValidationError("text", None, "refused by a test check")


class TestRefusedAppendChangesNothing:
    """Whatever the case and the refused command, stored rows and vault stay identical."""

    def run(self, store: MemoryStore | SQLiteStore, data: st.DataObject) -> None:
        """Write a drawn history, run a drawn invalid command, compare before and after."""
        opened, entries = data.draw(case_histories(max_size=8), label="history")
        rows, personal = encode_history("2026-REFUSE", [opened, *entries])
        store.append("2026-REFUSE", 0, rows, personal)
        other_rows, other_personal = encode_history("2026-OTHERS", [opened])
        store.append("2026-OTHERS", 0, other_rows, other_personal)
        book = Casebook(store, checks=[refuse_marked])
        view = book.load("2026-REFUSE")
        kind, command = data.draw(refused_commands(view.version), label="command")
        before = snapshot(store)
        error: type[Exception] = ValidationError
        action: Callable[[], object]
        if kind in ("beyond", "opening"):
            action = lambda: book.record("2026-REFUSE", command)  # noqa: E731
        elif kind == "stale_version":
            error = ConcurrencyError
            stale, batch = command
            action = lambda: book.record_many(  # noqa: E731
                "2026-REFUSE", [*batch, Note(date=D, text="ok")], expected_version=stale
            )
        elif kind == "check":
            action = lambda: book.record_many(  # noqa: E731
                "2026-REFUSE", [*command, Note(date=D, text="REFUSE ME")]
            )
        elif kind == "reopen":
            action = lambda: book.record_many("2026-REFUSE", [*command, opened])  # noqa: E731
        else:
            error = ConcurrencyError
            stale_view = CaseView(view.case_id, view.records[:-1])
            action = lambda: book.append(stale_view, [*command, Note(date=D, text="ok")])  # noqa: E731
        with pytest.raises(error):
            action()
        assert before == snapshot(store)
        assert [] == book.verify()

    @settings(max_examples=60, deadline=None)
    @given(st.data())
    def test_memory(self, data: st.DataObject) -> None:
        """It leaves a memory store unchanged."""
        self.run(MemoryStore(), data)

    @settings(max_examples=20, deadline=None)
    @given(st.data())
    def test_sqlite(self, data: st.DataObject) -> None:
        """It leaves an SQLite file's rows and vault unchanged."""
        with tempfile.TemporaryDirectory() as folder:
            store = SQLiteStore(Path(folder) / "ledger.db")
            try:
                self.run(store, data)
            finally:
                store.close()
