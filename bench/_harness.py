"""
Timing helpers and the benchmark registry.

Every benchmark compares *our* code with a *floor*: the same logical work done
with the most direct tool (raw ``sqlite3``, a dict loop, ``zipfile``…),
measured in the same process, in the same run, on the same data.  Only the
ratio ``ours / floor`` is judged, so the figures hold on a slow laptop as on a
fast server.  Nothing here is a timed assertion of the test suite.

How a ratio is measured (:func:`measure_pair`):

* **Warm-up.**  Each side runs once untimed first (imports, caches, SQLite
  page cache, compiled cattrs functions), and the two results are compared
  with the benchmark's ``same`` check so a floor that does less work than we
  do is caught rather than flattering us.
* **Interleaving.**  Repetitions alternate ours / floor (and swap the order
  every other round), so a slow moment of the machine hits both sides.
* **Garbage collection.**  ``gc.collect()`` runs before every timed run so no
  run pays for the garbage of the previous one; the collector then stays
  *enabled* while timing (unlike ``timeit``), because code that allocates more
  objects really does pay for more collections in use, and hiding that would
  flatter us.  A benchmark may turn it off (``gc_enabled=False``).
* **Statistic: the paired median.**  Each round times ours and the floor one
  right after the other; the round's ratio is ``ours / floor`` of that round,
  and the reported ratio is the **median of the per-round ratios**.  Pairing
  cancels what a slow moment of the machine does to both sides of a round;
  the median discards the rounds where only one side was hit.  (Taking each
  side's minimum separately would compare two different lucky moments and
  flatter whichever side is noisier.)  The times shown beside the ratio are
  each side's median, for the reader; the verdict uses the paired ratio only.
* Times are per logical operation (``Subject.ops`` operations per run) and
  come from :func:`time.perf_counter`.
"""

from __future__ import annotations

import fnmatch
import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeAlias


__all__ = [
    "REGISTRY",
    "Benchmark",
    "BenchmarkSkipped",
    "Config",
    "Limit",
    "Result",
    "Stat",
    "Subject",
    "benchmark",
    "format_bytes",
    "format_seconds",
    "measure_pair",
    "paired_ratio",
    "run_benchmark",
    "select",
    "traced_allocation",
]

Stat: TypeAlias = Literal["min", "median"]


class BenchmarkSkipped(Exception):  # noqa: N818 - it is a signal, not an error
    """Raised by a factory whose subject does not exist yet (the row reads SKIP)."""


@dataclass(frozen=True)
class Config:
    """
    What a benchmark factory is told.

    Attributes:
        quick: shrink sizes and repetitions (the smoke test).
        tmp: a scratch directory on the disk under test, removed after the run.
    """

    quick: bool
    tmp: Path

    def size(self, full: int, quick: int) -> int:
        """``full`` normally, ``quick`` with ``--quick``."""
        return quick if self.quick else full


@dataclass(frozen=True)
class Subject:
    """
    One side of a comparison.

    Attributes:
        run: the timed work; its return value is handed to ``Benchmark.same``.
        ops: logical operations one call of ``run`` performs (times are per op).
        prepare: untimed work before every call of ``run`` (fresh file, reset table…).
        label: a few words saying what this side does, shown in ``--json``.
    """

    run: Callable[[], object]
    ops: int = 1
    prepare: Callable[[], None] | None = None
    label: str = ""


@dataclass
class Benchmark:
    """
    A ratio benchmark: ``ours`` must take at most ``target`` times ``floor``.

    Attributes:
        name: dotted id, e.g. ``ledger.sqlite_append``.
        ours: our code path.
        floor: the same logical work with the most direct tool.
        target: the largest acceptable ratio.
        what: one line for the table's reader.
        stat: kept for the reader (``min``: CPU-bound, ``median``: latency-bound); the
            ratio is always the paired median (see the module docstring).
        repeat: timed runs of each side.
        same: called once with both warm-up results; raises if they disagree.
        gc_enabled: leave the cyclic collector on while timing.
        note: extra text for the result from the measured result (e.g. letters per second).
        close: releases files and connections.
    """

    name: str
    ours: Subject
    floor: Subject
    target: float
    what: str = ""
    stat: Stat = "min"
    repeat: int = 5
    same: Callable[[object, object], None] | None = None
    gc_enabled: bool = True
    note: Callable[[Result], str] | None = None
    close: Callable[[], None] | None = None


@dataclass
class Limit:
    """
    An absolute measurement against a limit (memory, a count): ``measure() <= limit``.

    Attributes:
        name: dotted id.
        measure: returns the measured value (in ``unit``).
        limit: the largest acceptable value.
        unit: ``bytes`` (formatted as KB/MB) or any label.
        what: one line for the table's reader.
        note: extra text computed from the result.
        close: releases files and connections.
    """

    name: str
    measure: Callable[[], float]
    limit: float
    unit: str = "bytes"
    what: str = ""
    note: Callable[[Result], str] | None = None
    close: Callable[[], None] | None = None


@dataclass
class Result:
    """One line of the report."""

    name: str
    kind: Literal["ratio", "limit"]
    what: str
    ours: float
    floor: float | None
    ratio: float | None
    target: float
    passed: bool
    unit: str = "s/op"
    stat: str = ""
    samples_ours: list[float] = field(default_factory=list)
    samples_floor: list[float] = field(default_factory=list)
    note: str = ""

    def as_dict(self) -> dict[str, object]:
        """A JSON-able form."""
        return {
            "name": self.name,
            "kind": self.kind,
            "what": self.what,
            "ours": self.ours,
            "floor": self.floor,
            "ratio": self.ratio,
            "target": self.target,
            "passed": self.passed,
            "unit": self.unit,
            "stat": self.stat,
            "samples_ours": self.samples_ours,
            "samples_floor": self.samples_floor,
            "note": self.note,
        }


Factory: TypeAlias = Callable[[Config], "Benchmark | Limit"]

#: ``name -> factory``; factories build their data only when selected.
REGISTRY: dict[str, Factory] = {}


def benchmark(name: str) -> Callable[[Factory], Factory]:
    """Register a factory ``(config) -> Benchmark | Limit`` under ``name``."""

    def deco(factory: Factory) -> Factory:
        if name in REGISTRY:
            raise RuntimeError(f"benchmark {name!r} registered twice")
        REGISTRY[name] = factory
        return factory

    return deco


def select(patterns: list[str]) -> Iterator[str]:
    """
    Registered names matching any pattern, in registration order.

    A pattern is an exact name, a prefix (``ledger`` → ``ledger.*``) or a glob.
    """
    for name in REGISTRY:
        if not patterns or any(
            name == p or name.startswith(p + ".") or fnmatch.fnmatchcase(name, p)
            for p in patterns
        ):
            yield name


def _time_once(subject: Subject, gc_enabled: bool) -> tuple[float, object]:
    if subject.prepare is not None:
        subject.prepare()
    gc.collect()
    was_enabled = gc.isenabled()
    if not gc_enabled:
        gc.disable()
    try:
        start = time.perf_counter()
        value = subject.run()
        elapsed = time.perf_counter() - start
    finally:
        if was_enabled:
            gc.enable()
    return elapsed / subject.ops, value


def paired_ratio(ours: list[float], floor: list[float]) -> float:
    """The median of the per-round ratios ``ours[i] / floor[i]`` (see the module docstring)."""
    if len(ours) != len(floor) or not ours:
        raise ValueError("paired samples must be two non-empty lists of the same length")
    ratios = [o / f if f > 0 else float("inf") for o, f in zip(ours, floor, strict=True)]
    return statistics.median(ratios)


def measure_pair(bench: Benchmark, repeat: int | None = None) -> Result:
    """Warm up, check both sides agree, then time them interleaved (see the module docstring)."""
    rounds = repeat or bench.repeat
    _, ours_value = _time_once(bench.ours, bench.gc_enabled)
    _, floor_value = _time_once(bench.floor, bench.gc_enabled)
    if bench.same is not None:
        bench.same(ours_value, floor_value)
    del ours_value, floor_value
    ours: list[float] = []
    floor: list[float] = []
    for index in range(rounds):
        order = ((bench.ours, ours), (bench.floor, floor))
        for subject, samples in order if index % 2 == 0 else order[::-1]:
            elapsed, _ = _time_once(subject, bench.gc_enabled)
            samples.append(elapsed)
    ours_t, floor_t = statistics.median(ours), statistics.median(floor)
    ratio = paired_ratio(ours, floor)
    return Result(
        name=bench.name,
        kind="ratio",
        what=bench.what,
        ours=ours_t,
        floor=floor_t,
        ratio=ratio,
        target=bench.target,
        passed=ratio <= bench.target,
        stat="paired median",
        samples_ours=ours,
        samples_floor=floor,
    )


def run_benchmark(item: Benchmark | Limit, repeat: int | None = None) -> Result:
    """Measure one benchmark, then release what it holds."""
    try:
        if isinstance(item, Benchmark):
            result = measure_pair(item, repeat)
        else:
            value = item.measure()
            result = Result(
                name=item.name,
                kind="limit",
                what=item.what,
                ours=value,
                floor=None,
                ratio=None,
                target=item.limit,
                passed=value <= item.limit,
                unit=item.unit,
            )
        if item.note is not None:
            result.note = item.note(result)
        return result
    finally:
        if item.close is not None:
            item.close()


def traced_allocation(build: Callable[[], object]) -> tuple[int, int, object]:
    """
    Bytes still allocated by ``build()`` while its result is kept alive, and the peak.

    Runs ``build`` under :mod:`tracemalloc` after a collection; returns
    ``(kept, peak, result)`` where ``kept`` is the growth of traced memory
    with the result alive and ``peak`` the highest point reached meanwhile.
    """
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        value = build()
        gc.collect()
        after, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return after - before, peak - before, value


def format_seconds(seconds: float) -> str:
    """``1.23 µs``, ``4.56 ms``, ``7.89 s``."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def format_bytes(count: float) -> str:
    """``512 B``, ``123.4 KB``, ``5.6 MB`` (1 KB = 1024 bytes)."""
    if count < 1024:
        return f"{count:.0f} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count / (1024 * 1024):.1f} MB"
