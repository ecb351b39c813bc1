"""
Activity report benchmarks (issue 15).

=========================  ==================================================  ======
benchmark                  floor (same logical work, most direct tool)         target
=========================  ==================================================  ======
reports.activity_year      ``SELECT`` every row of the casebook and            15x
                           ``json.loads`` every payload
reports.activity_memory    (limit) peak traced memory of the report over        4x
                           2,000 cases / over 200 cases (10x the cases)
=========================  ==================================================  ======

The casebook is the one of the deadline benchmark (:func:`deadlines.build_casebook`):
cases of 50 entries with rent, payments and procedure facts.  The report covers
the year before the benchmark's day, by quarter.

The report reads one case at a time (:func:`clss_housing.reports.case_views`),
so its memory does not grow with the entries of the casebook; what does grow
is the list of case ids and, for the two medians (arrears at intake and
settled), one integer per household with arrears in each column.  Ten times
the cases must cost less than four times the memory.
"""

from __future__ import annotations

import json
import sqlite3
import tracemalloc
from datetime import date

from _harness import Benchmark, Config, Limit, Result, Subject, benchmark, format_bytes

from clss_housing.casebook import Casebook
from clss_housing.reports import activity_report, case_views
from deadlines import build_casebook


__all__: list[str] = []

START, END = date(2025, 3, 2), date(2026, 3, 1)


def _report(book: Casebook) -> object:
    report = activity_report(case_views(book.store), START, END, by="quarter",
                             workflow=book.env.workflow)
    return report.tables[0].cell("households_followed", "*total").value


@benchmark("reports.activity_year")
def activity_year(cfg: Config) -> Benchmark:
    """activity_report over every case vs reading and decoding every row."""
    cases = cfg.size(2_000, 40)
    path = str(cfg.tmp / "report.db")
    build_casebook(path, cases, 50)
    book = Casebook.open(f"sqlite:///{path}")
    conn = sqlite3.connect(path, isolation_level=None)

    def floor() -> object:
        seen = set()
        for case_id, payload in conn.execute(
            "SELECT case_id, payload FROM entries ORDER BY case_id, sequence"
        ):
            json.loads(payload)
            seen.add(case_id)
        return len(seen)

    def same(ours: object, theirs: object) -> None:
        if not isinstance(ours, int) or ours > theirs:  # type: ignore[operator]
            raise AssertionError(f"report counted {ours} households of {theirs} cases")

    def close() -> None:
        conn.close()
        book.close()

    return Benchmark(
        name="reports.activity_year",
        what=f"activity report by quarter over {cases:,} cases × 50 entries / decode every row",
        ours=Subject(lambda: _report(book), label="activity_report(case_views(book.store), …)"),
        floor=Subject(floor, label="SELECT + json.loads every row"),
        target=15.0,
        repeat=cfg.size(3, 1),
        same=same,
        close=close,
    )


def _peak(path: str) -> int:
    book = Casebook.open(f"sqlite:///{path}")
    try:
        tracemalloc.start()
        _report(book)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        book.close()


@benchmark("reports.activity_memory")
def activity_memory(cfg: Config) -> Limit:
    """Peak memory of the report over many cases relative to few cases (it must stream)."""
    big, small = cfg.size(2_000, 60), cfg.size(200, 6)
    build_casebook(str(cfg.tmp / "big.db"), big, 50)
    build_casebook(str(cfg.tmp / "small.db"), small, 50)
    peaks: dict[str, int] = {}

    def measure() -> float:
        peaks["small"] = _peak(str(cfg.tmp / "small.db"))
        peaks["big"] = _peak(str(cfg.tmp / "big.db"))
        return peaks["big"] / peaks["small"]

    def note(result: Result) -> str:
        return (f"peak {format_bytes(peaks['big'])} for {big:,} cases vs "
                f"{format_bytes(peaks['small'])} for {small:,}")

    return Limit(
        name="reports.activity_memory",
        what=f"peak traced memory of the report over {big:,} cases / over {small:,}",
        measure=measure,
        limit=4.0,
        unit="x",
        note=note,
    )
