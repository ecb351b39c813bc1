"""
Ledger benchmarks (issue 2, "How fast").

=========================  ==================================================  ======
benchmark                  floor (same logical work, most direct tool)         target
=========================  ==================================================  ======
ledger.sqlite_append       raw ``sqlite3`` insert of the same stored row (and  2x
                           its vault row), same table, same PRAGMAs (WAL,
                           ``synchronous=FULL``), one transaction per insert
ledger.import_payments     ``csv`` + the same payload JSON text per row + one  3x
                           ``executemany`` per table in one transaction
ledger.load_fold           ``SELECT`` the case's rows (and vault rows),        3x
                           ``json.loads`` each payload, sum the totals
ledger.fold_1m             a hand-written loop over the same entry records,    3x
                           in integer cents, computing the same totals
ledger.view_memory         (limit) a loaded 200-entry view kept alive          200 KB
=========================  ==================================================  ======
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import secrets
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from _harness import (
    Benchmark,
    BenchmarkSkipped,
    Config,
    Limit,
    Subject,
    benchmark,
    format_bytes,
    traced_allocation,
)

from clss_housing.balance import Balance, fold_balance
from clss_housing.casebook import Casebook
from clss_housing.ledger.codec import GENESIS_HASH, encode_entry
from clss_housing.ledger.entries import (
    Adjustment,
    AidPaid,
    ChargesDue,
    CpasInformed,
    Entry,
    HearingScheduled,
    Note,
    NoticeReceived,
    Payment,
    Referral,
    RentDue,
)
from clss_housing.money import Money
from clss_housing.store.sqlite import MIGRATIONS


__all__ = [
    "case_entries",
    "floor_fold",
    "in_memory_entries",
    "payment_csv",
]

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA secure_delete=ON",
    "PRAGMA foreign_keys=ON",
)
INSERT_ENTRY = (
    "INSERT INTO entries (case_id, sequence, kind, schema, recorded_at, payload, prev_hash, hash)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_PERSONAL = (
    "INSERT INTO personal (case_id, sequence, key, salt, value) VALUES (?, ?, ?, ?, ?)"
)
START = date(2024, 1, 1)
AID_SOURCES = ("cpas", "fonds_logement", "other")

Totals = tuple[int, int, int, int, dict[str, int]]


# -- data -----------------------------------------------------------------------------------


def open_kwargs() -> dict[str, Any]:
    """The opening facts of every benchmark case (fictitious household)."""
    return {
        "tenant": "Amina El Idrissi",
        "landlord": "SCRL Les Jardins",
        "address": "Rue Royale 12, 1030 Schaerbeek",
        "rent": Money(75000),
        "charges": Money(8000),
        "date": START,
    }


def case_entries(count: int, seed: int = 1) -> list[Entry]:
    """
    ``count`` entries of a realistic case after its opening.

    Each month: rent and charges due, one or two payments with a bank
    reference, now and then CPAS aid, an indexation adjustment, a note or a
    procedure fact.  No corrections, so every entry counts.
    """
    rng = random.Random(seed)
    out: list[Entry] = []
    month = 0
    while len(out) < count:
        first = _add_months(START, month)
        out.append(RentDue(date=first, amount=Money(75000)))
        out.append(ChargesDue(date=first, amount=Money(8000)))
        for _ in range(rng.choice((1, 1, 2))):
            out.append(Payment(
                date=first + timedelta(days=rng.randrange(2, 27)),
                amount=Money(rng.randrange(20000, 83000)),
                reference=f"VIR/{rng.randrange(10**9):09d} loyer {first:%m/%Y}",
            ))
        roll = rng.random()
        if roll < 0.25:
            out.append(AidPaid(date=first + timedelta(days=10),
                               amount=Money(rng.randrange(10000, 40000)),
                               source=rng.choice(AID_SOURCES)))
        elif roll < 0.35:
            out.append(Adjustment(date=first, amount=Money(rng.choice((1850, -2500))),
                                  reason="indexation (santé) et régularisation"))
        elif roll < 0.6:
            out.append(Note(date=first + timedelta(days=14),
                            text="Entretien au bureau; la locataire apporte ses extraits."))
        elif roll < 0.7:
            out.append(NoticeReceived(date=first + timedelta(days=3),
                                      amount=Money(rng.randrange(100000, 300000))))
        elif roll < 0.8:
            out.append(Referral(date=first + timedelta(days=5), partner="cpas"))
        month += 1
    return out[:count]


def in_memory_entries(count: int, seed: int = 2) -> tuple[list[Entry], list[dict[str, Any]]]:
    """
    ``count`` distinct entry objects and the same facts as plain dicts.

    The mix: 25 % rent, 10 % charges, 30 % payments, 10 % aid, 5 %
    adjustments (signed), 20 % procedure facts.  Amounts and dates come from
    small pools shared by both forms, so neither side gets a cache advantage.
    """
    rng = random.Random(seed)
    dates = [START + timedelta(days=d) for d in range(730)]
    amounts = [rng.randrange(100, 120000) for _ in range(500)]
    money = {cents: Money(cents) for cents in amounts}
    signed = [1850, -2500, 4200, -900]
    money.update({cents: Money(cents) for cents in signed})
    entries: list[Entry] = []
    dicts: list[dict[str, Any]] = []
    for _ in range(count):
        when = rng.choice(dates)
        roll = rng.random()
        if roll < 0.25:
            cents = rng.choice(amounts)
            entries.append(RentDue(date=when, amount=money[cents]))
            dicts.append({"kind": "rent_due", "date": when, "amount": cents})
        elif roll < 0.35:
            cents = rng.choice(amounts)
            entries.append(ChargesDue(date=when, amount=money[cents]))
            dicts.append({"kind": "charges_due", "date": when, "amount": cents})
        elif roll < 0.65:
            cents = rng.choice(amounts)
            entries.append(Payment(date=when, amount=money[cents], reference="VIR"))
            dicts.append({"kind": "payment", "date": when, "amount": cents, "reference": "VIR"})
        elif roll < 0.75:
            cents = rng.choice(amounts)
            source = rng.choice(AID_SOURCES)
            entries.append(AidPaid(date=when, amount=money[cents], source=source))
            dicts.append({"kind": "aid_paid", "date": when, "amount": cents, "source": source})
        elif roll < 0.80:
            cents = rng.choice(signed)
            entries.append(Adjustment(date=when, amount=money[cents], reason="index"))
            dicts.append({"kind": "adjustment", "date": when, "amount": cents, "reason": "index"})
        elif roll < 0.87:
            entries.append(HearingScheduled(date=when, hearing_date=when + timedelta(days=30)))
            dicts.append({"kind": "hearing_scheduled", "date": when,
                          "hearing_date": when + timedelta(days=30)})
        elif roll < 0.94:
            entries.append(CpasInformed(date=when))
            dicts.append({"kind": "cpas_informed", "date": when})
        else:
            entries.append(Note(date=when, text="appel"))
            dicts.append({"kind": "note", "date": when, "text": "appel", "category": "general"})
    return entries, dicts


def floor_fold(rows: list[dict[str, Any]]) -> Totals:
    """The floor: rent, charges, adjustments, paid and aid by source over plain dicts."""
    rent = charges = adjustments = paid = 0
    aid: dict[str, int] = {}
    for row in rows:
        kind = row["kind"]
        if kind == "rent_due":
            rent += row["amount"]
        elif kind == "payment":
            paid += row["amount"]
        elif kind == "charges_due":
            charges += row["amount"]
        elif kind == "aid_paid":
            source = row["source"]
            aid[source] = aid.get(source, 0) + row["amount"]
        elif kind == "adjustment":
            adjustments += row["amount"]
    return rent, charges, adjustments, paid, aid


def floor_fold_entries(entries: list[Entry]) -> Totals:
    """
    The floor on the same objects we fold: one loop over the entry records.

    Walking the very entries the library walks (slotted attrs records holding
    ``Money``) rather than plain dicts makes the floor do the same memory
    accesses; only the dispatch and the bookkeeping are the library's own.
    """
    rent = charges = adjustments = paid = 0
    aid: dict[str, int] = {}
    for entry in entries:
        kind = entry.kind
        if kind == "rent_due":
            rent += entry.amount.cents  # type: ignore[attr-defined]
        elif kind == "payment":
            paid += entry.amount.cents  # type: ignore[attr-defined]
        elif kind == "charges_due":
            charges += entry.amount.cents  # type: ignore[attr-defined]
        elif kind == "aid_paid":
            source = entry.source  # type: ignore[attr-defined]
            aid[source] = aid.get(source, 0) + entry.amount.cents  # type: ignore[attr-defined]
        elif kind == "adjustment":
            adjustments += entry.amount.cents  # type: ignore[attr-defined]
    return rent, charges, adjustments, paid, aid


def balance_totals(balance: Balance) -> Totals:
    """Our :class:`Balance` as the floor's tuple, to check both did the same work."""
    return (
        balance.rent.cents,
        balance.charges.cents,
        balance.adjustments.cents,
        balance.paid.cents,
        {k: v.cents for k, v in balance.aid_by_source.items()},
    )


def _same_totals(ours: object, floor: object) -> None:
    assert isinstance(ours, Balance)
    if balance_totals(ours) != floor:
        raise AssertionError(f"ours {balance_totals(ours)} != floor {floor}")


def payment_csv(path: Path, count: int, seed: int = 3) -> None:
    """
    A bank export of ``count`` payments as Belgian spreadsheets write it.

    ``;`` separator, a UTF-8 BOM, ``dd/mm/yyyy``-free ISO dates, amounts such
    as ``1.234,56`` and a free-text bank reference.
    """
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(["date", "amount", "reference"])
        for index in range(count):
            when = START + timedelta(days=index % 1500)
            cents = rng.randrange(1000, 250000)
            euros, rest = divmod(cents, 100)
            amount = f"{euros:,}".replace(",", ".") + f",{rest:02d}"
            out.writerow([when.isoformat(), amount, f"VIR/{index:09d} loyer {when:%m/%Y}"])


def _add_months(start: date, months: int) -> date:
    index = start.month - 1 + months
    return date(start.year + index // 12, index % 12 + 1, 1)


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    return conn


def _floor_db(path: Path) -> sqlite3.Connection:
    """A database with exactly the ledger's tables and PRAGMAs, without the library."""
    conn = _connect(path)
    for version in sorted(MIGRATIONS):
        for statement in MIGRATIONS[version]:
            conn.execute(statement)
    return conn


def _open_book(path: Path) -> Casebook:
    return Casebook.open(f"sqlite:///{path}")


# -- 1. one append, its own transaction --------------------------------------------------------


@benchmark("ledger.sqlite_append")
def sqlite_append(cfg: Config) -> Benchmark:
    """Casebook.append of one payment vs a raw insert of the same rows."""
    ops = cfg.size(100, 5)
    pool = [e for e in case_entries(400) if isinstance(e, Payment)]
    book = _open_book(cfg.tmp / "ours.db")
    case_id = book.open_case(**open_kwargs(), case_id="2024-BENCH1")
    view = book.load(case_id)
    counter = {"ours": 0}

    def ours() -> object:
        nonlocal view
        start = counter["ours"]
        for index in range(start, start + ops):
            view = book.append(view, [pool[index % len(pool)]])
        counter["ours"] = start + ops
        return view.version

    # The floor inserts rows encoded (untimed) by the same codec, so it writes the
    # very bytes we write: the payload, the chain columns and the vault row.
    conn = _floor_db(cfg.tmp / "floor.db")
    floor_state: dict[str, Any] = {"seq": 0, "prev": GENESIS_HASH, "rows": []}

    def prepare_floor() -> None:
        rows = []
        for _ in range(ops):
            seq = floor_state["seq"] + 1
            entry = pool[seq % len(pool)]
            row, personal, _ = encode_entry(
                "2024-BENCH1", seq, entry, floor_state["prev"], datetime.now(UTC)
            )
            rows.append((
                (row.case_id, row.sequence, row.kind, row.schema, row.recorded_at,
                 row.payload, row.prev_hash, row.hash),
                [(p.case_id, p.sequence, p.key, p.salt, p.value) for p in personal],
            ))
            floor_state["seq"], floor_state["prev"] = seq, row.hash
        floor_state["rows"] = rows

    def floor() -> object:
        execute = conn.execute
        for entry_row, personal_rows in floor_state["rows"]:
            execute("BEGIN")
            execute(INSERT_ENTRY, entry_row)
            for personal_row in personal_rows:
                execute(INSERT_PERSONAL, personal_row)
            execute("COMMIT")
        return floor_state["seq"]

    def close() -> None:
        book.close()
        conn.close()

    return Benchmark(
        name="ledger.sqlite_append",
        what="append one payment (own transaction, fsync) vs raw sqlite3 insert",
        ours=Subject(ours, ops=ops, label="Casebook.append(view, [payment])"),
        floor=Subject(floor, ops=ops, prepare=prepare_floor,
                      label="BEGIN; INSERT entry; INSERT vault row; COMMIT"),
        target=2.0,
        stat="median",
        repeat=cfg.size(7, 2),
        close=close,
    )


# -- 2. import payments from CSV ---------------------------------------------------------------


@benchmark("ledger.import_payments")
def import_payments(cfg: Config) -> Benchmark:
    """clss_housing.importers.import_payments vs csv + json + one executemany."""
    try:
        from clss_housing import importers
    except ImportError:
        raise BenchmarkSkipped("clss_housing.importers does not exist yet") from None
    count = cfg.size(100_000, 2_000)
    source = cfg.tmp / "payments.csv"
    payment_csv(source, count)
    runs = {"ours": 0, "floor": 0}
    book_box: dict[str, Casebook] = {}

    def prepare_ours() -> None:
        if "book" in book_box:
            book_box.pop("book").close()
        runs["ours"] += 1
        book = _open_book(cfg.tmp / f"ours-{runs['ours']}.db")
        book.open_case(**open_kwargs(), case_id="2024-IMPORT")
        book_box["book"] = book

    def ours() -> object:
        result = importers.import_payments(book_box["book"], "2024-IMPORT", source)
        return result.total.cents if result.appended == count else -1

    conn_box: dict[str, sqlite3.Connection] = {}

    def prepare_floor() -> None:
        if "conn" in conn_box:
            conn_box.pop("conn").close()
        runs["floor"] += 1
        conn_box["conn"] = _floor_db(cfg.tmp / f"floor-{runs['floor']}.db")

    def floor() -> object:
        conn = conn_box["conn"]
        entries: list[tuple[object, ...]] = []
        vault: list[tuple[object, ...]] = []
        stamp = datetime.now(UTC).isoformat(timespec="microseconds")
        paid = 0
        with source.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh, delimiter=";")
            next(reader)
            for seq, (day, amount, reference) in enumerate(reader, start=2):
                cents = int(amount.replace(".", "").replace(",", ""))
                date.fromisoformat(day)
                payload: dict[str, object] = {"amount": cents, "date": day}
                if reference:
                    salt = secrets.token_hex(16)
                    digest = hashlib.sha256(bytes.fromhex(salt) + reference.encode()).hexdigest()
                    payload["reference"] = {"pii": digest}
                    vault.append(("2024-IMPORT", seq, "reference", salt, reference))
                text = json.dumps(payload, sort_keys=True, separators=(",", ":"),
                                  ensure_ascii=False)
                entries.append(("2024-IMPORT", seq, "payment", 1, stamp, text, "", ""))
                paid += cents
        conn.execute("BEGIN")
        conn.executemany(INSERT_ENTRY, entries)
        conn.executemany(INSERT_PERSONAL, vault)
        conn.execute("COMMIT")
        return paid

    def same(ours_paid: object, floor_paid: object) -> None:
        if ours_paid != floor_paid:
            raise AssertionError(f"imported {ours_paid} cents, floor {floor_paid}")

    def close() -> None:
        if "book" in book_box:
            book_box.pop("book").close()
        if "conn" in conn_box:
            conn_box.pop("conn").close()

    return Benchmark(
        name="ledger.import_payments",
        what=f"import {count:,} payments from a ';' CSV vs csv + json + executemany",
        ours=Subject(ours, prepare=prepare_ours, label="importers.import_payments"),
        floor=Subject(floor, prepare=prepare_floor,
                      label="csv.reader + json.dumps + executemany, one transaction"),
        target=3.0,
        repeat=cfg.size(3, 1),
        same=same,
        note=lambda r: f"{count / r.ours:,.0f} rows/s (floor {count / (r.floor or 1):,.0f})",
        close=close,
    )


# -- 3. load and fold a 200-entry case ---------------------------------------------------------


def _load_fixture(cfg: Config, entries: int) -> tuple[Casebook, str]:
    book = _open_book(cfg.tmp / "cases.db")
    for index in range(cfg.size(20, 3)):
        case_id = book.open_case(**open_kwargs(), case_id=f"2024-L{index:05d}")
        book.record_many(case_id, case_entries(entries - 1, seed=index))
    return book, "2024-L00001"


@benchmark("ledger.load_fold")
def load_fold(cfg: Config) -> Benchmark:
    """casebook.load(case).balance() vs SELECT + json.loads + a dict fold."""
    book, case_id = _load_fixture(cfg, 200)
    # Short runs, many of them: a long run is more likely to be interrupted on a busy
    # machine, which would inflate the slower side's minimum more than the floor's.
    ops = cfg.size(3, 2)
    conn = _connect(cfg.tmp / "cases.db")

    def ours() -> object:
        result = None
        for _ in range(ops):
            result = book.load(case_id).balance()
        return result

    def floor() -> object:
        result = None
        for _ in range(ops):
            rows = conn.execute(
                "SELECT case_id, sequence, kind, schema, recorded_at, payload, prev_hash, hash"
                " FROM entries WHERE case_id = ? ORDER BY sequence",
                (case_id,),
            ).fetchall()
            vault = conn.execute(
                "SELECT case_id, sequence, key, salt, value FROM personal WHERE case_id = ?",
                (case_id,),
            ).fetchall()
            payloads = [{"kind": r[2], **json.loads(r[5])} for r in rows]
            result = floor_fold(payloads)
            del vault
        return result

    def close() -> None:
        book.close()
        conn.close()

    return Benchmark(
        name="ledger.load_fold",
        what="load a 200-entry case from SQLite and fold its balance vs SELECT + json.loads",
        ours=Subject(ours, ops=ops, label="casebook.load(case_id).balance()"),
        floor=Subject(floor, ops=ops, label="SELECT rows and vault rows, json.loads, dict fold"),
        target=3.0,
        repeat=cfg.size(41, 2),
        same=_same_totals,
        close=close,
    )


# -- 4. fold a million entries -----------------------------------------------------------------


@benchmark("ledger.fold_1m")
def fold_1m(cfg: Config) -> Benchmark:
    """fold_balance over entry objects vs one direct loop over the same objects."""
    count = cfg.size(1_000_000, 50_000)
    entries, _ = in_memory_entries(count)
    return Benchmark(
        name="ledger.fold_1m",
        what=f"fold {count:,} in-memory entries into a balance vs a loop over the same records",
        ours=Subject(lambda: fold_balance(entries), ops=1, label="balance.fold_balance(entries)"),
        floor=Subject(lambda: floor_fold_entries(entries), ops=1,
                      label="for entry in entries: … (the same records)"),
        target=3.0,
        repeat=cfg.size(5, 2),
        same=_same_totals,
        note=lambda r: f"{count / r.ours / 1e6:.1f} M entries/s",
    )


# -- 5. memory of a loaded view ----------------------------------------------------------------


@benchmark("ledger.view_memory")
def view_memory(cfg: Config) -> Limit:
    """Bytes a loaded 200-entry view keeps alive (tracemalloc)."""
    book, case_id = _load_fixture(cfg, 200)
    book.load(case_id).balance()  # warm caches: compiled converters, SQLite pages
    peak_box: dict[str, int] = {}

    def measure() -> float:
        kept, peak, view = traced_allocation(lambda: book.load(case_id))
        peak_box["peak"] = peak
        assert getattr(view, "version", None) == 200
        del view
        return float(kept)

    return Limit(
        name="ledger.view_memory",
        what="memory kept alive by a loaded 200-entry CaseView",
        measure=measure,
        limit=200 * 1024,
        unit="bytes",
        note=lambda r: f"peak while loading {format_bytes(peak_box.get('peak', 0))}",
        close=book.close,
    )
