"""
Deadline benchmarks (issue 3, "How fast").

=========================  ==================================================  ======
benchmark                  floor (same logical work, most direct tool)         target
=========================  ==================================================  ======
deadlines.within_30        ``SELECT`` every row of the casebook and            3x
                           ``json.loads`` the payloads the library decodes
                           too (the kinds the rules read, and every row of
                           a case with a payment plan)
=========================  ==================================================  ======

The casebook: 10,000 cases × 50 entries in SQLite (500,000 rows), each case
with rent, charges and payments and a handful of dated procedure facts (formal
notice, petition, hearing, judgment and its service, eviction notice, payment
plan, indexation, lease notice, keys returned) in the months before the
benchmark's day, so that many deadlines fall in the 30-day window.  The rows
are written by the library's own codec (hash chain and vault included) in
one bulk insert, which keeps the setup short.
"""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import UTC, date, datetime, timedelta

from _harness import Benchmark, Config, Result, Subject, benchmark, format_seconds

from clss_housing.casebook import Casebook
from clss_housing.deadlines.engine import _compiled, casebook_deadlines
from clss_housing.ledger.codec import GENESIS_HASH, encode_entry
from clss_housing.ledger.entries import (
    CaseOpened,
    ChargesDue,
    Entry,
    EvictionScheduled,
    HearingScheduled,
    IndexationRequested,
    Judgment,
    JudgmentServed,
    KeysReturned,
    LeaseNotice,
    NoticeReceived,
    Payment,
    PaymentPlanAgreed,
    PetitionFiled,
    RentDue,
)
from clss_housing.money import Money
from clss_housing.store.sqlite import SQLiteStore
from ledger import open_kwargs


__all__ = ["AS_OF", "build_casebook", "case_history"]

#: The benchmark's "today".
AS_OF = date(2026, 3, 2)


def case_history(count: int, rng: random.Random) -> list[Entry]:
    """``count`` entries after the opening: money every month, procedure facts near the end."""
    start = AS_OF - timedelta(days=30 * 14)
    procedure: list[Entry] = []
    near = AS_OF - timedelta(days=rng.randrange(20, 120))
    step = timedelta(days=rng.randrange(5, 15))
    script = rng.choice(("court", "court", "plan", "lease", "index"))
    if script == "court":
        procedure = [
            NoticeReceived(date=near, amount=Money(rng.randrange(100000, 400000))),
            PetitionFiled(date=near + step),
            HearingScheduled(date=near + 2 * step, hearing_date=near + 5 * step),
            Judgment(date=near + 5 * step, outcome=rng.choice(("eviction", "payment_terms")),
                     default=rng.random() < 0.3),
            JudgmentServed(date=near + 6 * step),
            EvictionScheduled(date=near + 7 * step, eviction_date=near + 12 * step),
        ]
    elif script == "plan":
        procedure = [
            NoticeReceived(date=near),
            PaymentPlanAgreed(date=near + step, instalment=Money(15000),
                              first_due=near + 2 * step, count=12),
        ]
    elif script == "lease":
        procedure = [
            LeaseNotice(date=near, given_by=rng.choice(("tenant", "landlord")), months=3),
            KeysReturned(date=near + 6 * step),
        ]
    else:
        procedure = [
            IndexationRequested(date=near, from_date=near - timedelta(days=60),
                                rent=Money(77000)),
        ]
    procedure = [e for e in procedure if e.date <= AS_OF]
    money: list[Entry] = []
    month = 0
    while len(money) + len(procedure) < count:
        first = start + timedelta(days=30 * month)
        money.append(RentDue(date=first, amount=Money(75000)))
        money.append(ChargesDue(date=first, amount=Money(8000)))
        money.append(Payment(date=first + timedelta(days=rng.randrange(1, 20)),
                             amount=Money(rng.randrange(40000, 83000))))
        month += 1
    merged = sorted([*money[: count - len(procedure)], *procedure], key=lambda e: e.date)
    return merged


def build_casebook(path: str, cases: int, per_case: int, seed: int = 7) -> None:
    """Write ``cases`` cases of ``per_case`` entries with the ledger's codec, in one transaction."""
    SQLiteStore(path).close()  # creates the schema
    rng = random.Random(seed)
    moment = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    opened = CaseOpened(**open_kwargs())
    rows: list[tuple[object, ...]] = []
    vault: list[tuple[object, ...]] = []
    for index in range(cases):
        case_id = f"2025-D{index:06d}"
        prev = GENESIS_HASH
        for sequence, entry in enumerate([opened, *case_history(per_case - 1, rng)], start=1):
            row, personal, _ = encode_entry(case_id, sequence, entry, prev, moment)
            rows.append((row.case_id, row.sequence, row.kind, row.schema, row.recorded_at,
                         row.payload, row.prev_hash, row.hash))
            vault.extend((p.case_id, p.sequence, p.key, p.salt, p.value) for p in personal)
            prev = row.hash
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO entries (case_id, sequence, kind, schema, recorded_at, payload, prev_hash,"
        " hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.executemany(
        "INSERT INTO personal (case_id, sequence, key, salt, value) VALUES (?, ?, ?, ?, ?)",
        vault)
    conn.execute("COMMIT")
    conn.close()


@benchmark("deadlines.within_30")
def within_30(cfg: Config) -> Benchmark:
    """casebook_deadlines(book, today, 30) vs reading and decoding every row."""
    cases = cfg.size(10_000, 100)
    per_case = 50
    path = str(cfg.tmp / "casebook.db")
    build_casebook(path, cases, per_case)
    book = Casebook.open(f"sqlite:///{path}")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    found: dict[str, int] = {}

    def ours() -> object:
        deadlines = casebook_deadlines(book, AS_OF, 30)
        found["deadlines"] = len(deadlines)
        return len({d.case for d in deadlines})

    # The floor decodes what the library decodes (deadlines/engine.py, _lean_views): the
    # kinds a rule reads, the opening and corrections; and, for a case with a payment
    # plan, every row (the instalments depend on every payment).
    wanted = _compiled(None).wanted

    def floor() -> object:
        rows = conn.execute(
            "SELECT case_id, sequence, kind, schema, recorded_at, payload, prev_hash, hash"
            " FROM entries ORDER BY case_id, sequence"
        ).fetchall()
        decoded = 0
        start = 0
        for index in range(1, len(rows) + 1):
            if index < len(rows) and rows[index][0] == rows[start][0]:
                continue
            case = rows[start:index]
            plan = any(r[2] == "payment_plan_agreed" for r in case)
            payloads = [json.loads(r[5]) for r in case if plan or r[2] in wanted]
            decoded += len(payloads)
            start = index
        return len(rows)

    def same(ours_cases: object, floor_rows: object) -> None:
        if floor_rows != cases * per_case:
            raise AssertionError(f"the floor read {floor_rows} rows, not {cases * per_case}")
        if not ours_cases:
            raise AssertionError("no deadline fell in the window: the data tests nothing")

    def note(result: Result) -> str:
        return (f"absolute {format_seconds(result.ours)} for {cases:,} cases × {per_case}"
                f" entries, {found.get('deadlines', 0):,} deadlines")

    def close() -> None:
        book.close()
        conn.close()

    return Benchmark(
        name="deadlines.within_30",
        what=f"deadlines --within 30 over {cases:,} cases × {per_case} entries vs read + decode",
        ours=Subject(ours, label="casebook_deadlines(book, as_of, 30)"),
        floor=Subject(floor, label="SELECT every row, json.loads what the library decodes"),
        target=3.0,
        repeat=cfg.size(3, 1),
        same=same,
        note=note,
        close=close,
    )
