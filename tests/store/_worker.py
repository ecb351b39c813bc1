"""
A separate process for the multi-process store tests (run as a script, not collected).

``race URL CASE_ID NAME COUNT SYNC_DIR``
    Touch ``SYNC_DIR/ready-NAME``, wait for ``SYNC_DIR/go``, then append
    ``COUNT`` payments (reference ``NAME-i``) to the case one by one, each time
    reloading the case and retrying when told of a concurrent append.  Prints
    one JSON line: ``{"name", "attempts", "conflicts", "sequences"}``, where
    ``sequences`` are the sequences the successful appends got.

``stall URL CASE_ID MARKER``
    Start appending three payments in one batch, but stop inside the store's
    transaction right after the first row is inserted: write ``MARKER`` and
    sleep until killed.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from clss_housing.casebook import Casebook
from clss_housing.errors import ConcurrencyError
from clss_housing.ledger.codec import PersonalRow, StoredRow
from clss_housing.ledger.entries import Entry, Payment
from clss_housing.money import Money
from clss_housing.store import open_store


__all__ = ["main", "payment"]

_WAIT = 60.0


def payment(name: str, index: int) -> Payment:
    """The ``index``-th payment of worker ``name`` (its reference says whose it is)."""
    return Payment(
        date=date(2026, 1, 1) + timedelta(days=index),
        amount=Money(10_000 + index),
        reference=f"{name}-{index}",
    )


def race(url: str, case_id: str, name: str, count: int, sync_dir: Path) -> dict[str, Any]:
    """Append ``count`` payments against a competing process; report what happened."""
    book = Casebook(open_store(url))
    (sync_dir / f"ready-{name}").touch()
    deadline = time.monotonic() + _WAIT
    while not (sync_dir / "go").exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"{name}: never told to go")
        time.sleep(0.002)
    attempts = conflicts = 0
    sequences: list[int] = []
    for index in range(count):
        entries: list[Entry] = [payment(name, index)]
        while True:
            view = book.load(case_id)
            attempts += 1
            try:
                after = book.append(view, entries)
            except ConcurrencyError:
                conflicts += 1
                continue
            sequences.append(after.version)
            break
        # A moment of "think time" lets the other process in; without it one SQLite
        # writer can win every lock in a row and the two would barely interleave.
        time.sleep(random.uniform(0, 0.003))
    book.close()
    return {"name": name, "attempts": attempts, "conflicts": conflicts, "sequences": sequences}


def stall(url: str, case_id: str, marker: Path) -> None:
    """Begin a three-entry append and hang inside its transaction after the first insert."""
    store = open_store(url)
    original: Callable[..., None] = store._insert  # type: ignore[attr-defined]

    def paused(*args: Any) -> None:
        *head, rows, personal = args
        first: Sequence[StoredRow] = rows[:1]
        kept: list[PersonalRow] = [p for p in personal if p.sequence == first[0].sequence]
        original(*head, first, kept)
        marker.write_text("inside the transaction\n")
        time.sleep(_WAIT * 2)
        raise SystemExit("stall: was never killed")

    setattr(store, "_insert", paused)  # noqa: B010 - replacing a method on one instance
    book = Casebook(store)
    book.record_many(case_id, [payment("stalled", i) for i in range(3)])
    raise SystemExit("stall: the append returned")


def main(argv: Sequence[str]) -> int:
    """Run one worker command."""
    command, *args = argv
    if command == "race":
        url, case_id, name, count, sync_dir = args
        result = race(url, case_id, name, int(count), Path(sync_dir))
        print(json.dumps(result), flush=True)
        return 0
    if command == "stall":
        url, case_id, marker = args
        stall(url, case_id, Path(marker))
        return 1
    raise SystemExit(f"unknown worker command {command!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
