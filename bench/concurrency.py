"""
Writers racing on one case: N processes × M appends each, on SQLite or PostgreSQL.

Not part of ``run.py`` (it measures failures, not a ratio)::

    python bench/concurrency.py --db sqlite:////tmp/race.db --processes 8 --appends 50
    python bench/concurrency.py --db postgresql://postgres@127.0.0.1/test?schema=race

Reports appends lost (0 expected), duplicated (0 expected), and the share of appends
that gave up with a ConcurrencyError after every retry (the CLI's exit 4).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from datetime import date
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from clss_housing.casebook import Casebook
from clss_housing.errors import ConcurrencyError
from clss_housing.ledger.entries import Payment
from clss_housing.money import Money


CASE = "2026-RACE01"


def writer(args: tuple[str, int, int]) -> tuple[int, int]:
    url, worker, appends = args
    done = conflicts = 0
    with Casebook.open(url) as book:
        for index in range(appends):
            entry = Payment(date=date(2026, 1, 1), amount=Money(1 + index),
                            reference=f"w{worker}-{index}")
            try:
                book.record(CASE, entry)
                done += 1
            except ConcurrencyError:
                conflicts += 1
    return done, conflicts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--appends", type=int, default=50)
    options = parser.parse_args()
    with Casebook.open(options.db) as book:
        book.open_case(tenant="T", landlord="L", address="A", rent=Money(50_000),
                       date=date(2026, 1, 1), case_id=CASE)
    jobs = [(options.db, w, options.appends) for w in range(options.processes)]
    with multiprocessing.Pool(options.processes) as pool:
        results = pool.map(writer, jobs)
    done = sum(d for d, _ in results)
    conflicts = sum(c for _, c in results)
    with Casebook.open(options.db) as book:
        view = book.load(CASE)
        references = [getattr(r.entry, "reference", None) for r in view.records[1:]]
        problems = book.verify()
    total = options.processes * options.appends
    print(f"appends asked {total}, stored {len(references)}, reported done {done}")
    unique = len(set(references))
    print(f"lost {done - unique}, duplicated {len(references) - unique}")
    share = 100 * conflicts / total
    print(f"gave up (exit 4) {conflicts} = {share:.1f} %; verify problems {problems}")


if __name__ == "__main__":
    main()
