"""
Run the benchmarks and print ours / floor ratios measured in the same run.

Usage::

    python bench/run.py                      # everything, full sizes
    python bench/run.py --quick --no-fail    # tiny sizes (the smoke test)
    python bench/run.py --only ledger        # one module (prefix), a name or a glob
    python bench/run.py --json results.json  # also write every sample as JSON

Exit status: 0 when every ratio meets its target, 1 when one misses it
(unless ``--no-fail``), 2 when a benchmark could not run at all.

Benchmark modules live next to this file and register factories with
:func:`_harness.benchmark`; add a module's name to :data:`MODULES` to run it.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import shutil
import sqlite3
import sys
import tempfile
import traceback
from pathlib import Path


HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:  # pragma: no cover - python bench/run.py already does this
    sys.path.insert(0, str(HERE))
try:
    import clss_housing  # noqa: F401
except ImportError:  # run from a checkout without installing the package
    sys.path.insert(0, str(ROOT / "src"))

from _harness import (  # noqa: E402
    REGISTRY,
    BenchmarkSkipped,
    Config,
    Result,
    format_bytes,
    format_seconds,
    run_benchmark,
    select,
)


__all__ = ["MODULES", "main"]

#: Benchmark modules (files in ``bench/``), imported in this order.
MODULES = ("ledger", "workflow", "deadlines", "documents", "reports", "sharing")


def _load_modules() -> dict[str, str]:
    """Import the benchmark modules; return ``module -> reason`` for those that cannot load."""
    broken: dict[str, str] = {}
    for module in MODULES:
        if (HERE / f"{module}.py").exists():
            try:
                importlib.import_module(module)
            except ImportError as exc:  # what it measures is not written yet
                broken[module] = f"cannot import: {exc}"
    return broken


def _cell(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s/op":
        return format_seconds(value)
    if unit == "bytes":
        return format_bytes(value)
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:.3g} {unit}"


def _row(result: Result) -> list[str]:
    if result.kind == "ratio":
        ratio = f"{result.ratio:.2f}x" if result.ratio is not None else "-"
        target = f"<= {result.target:g}x"
    else:
        ratio = "-"
        target = f"<= {_cell(result.target, result.unit)}"
        ratio = _cell(result.ours, result.unit) if result.unit == "x" else ratio
    return [
        result.name,
        _cell(result.ours, result.unit),
        _cell(result.floor, result.unit),
        ratio,
        target,
        "PASS" if result.passed else "FAIL",
        result.note,
    ]


def _print_table(rows: list[list[str]]) -> None:
    header = ["benchmark", "ours", "floor", "ratio", "target", "result", "note"]
    table = [header, *rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(header) - 1)]
    for index, row in enumerate(table):
        cells = [c.ljust(w) if i in (0, 5) else c.rjust(w) for i, (c, w) in
                 enumerate(zip(row, widths, strict=False))]
        print("  ".join([*cells, row[-1]]).rstrip())
        if index == 0:
            print("  ".join("-" * w for w in widths) + "  ----")


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="tiny sizes (smoke test)")
    parser.add_argument(
        "--only", action="append", default=[], metavar="NAME",
        help="run only this benchmark, module prefix or glob (repeatable)",
    )
    parser.add_argument("--json", metavar="FILE", help="write results and samples as JSON")
    parser.add_argument(
        "--no-fail", action="store_true", help="exit 0 even when a ratio misses its target"
    )
    parser.add_argument("--repeat", type=int, help="override the timed repetitions per side")
    parser.add_argument(
        "--tmp", metavar="DIR",
        help="scratch directory for databases and files (default: the system temp dir)",
    )
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the selected benchmarks, print the table and return the exit status."""
    args = _parse(argv)
    broken = _load_modules()
    names = list(select(args.only))
    if args.list:
        print("\n".join(REGISTRY))
        return 0
    if not names:
        print(f"no benchmark matches {args.only}; known: {', '.join(REGISTRY)}",
              file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="clss-bench-", dir=args.tmp))
    print(
        f"clss-housing benchmarks{' (quick)' if args.quick else ''}: "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{platform.system()} {platform.machine()}, scratch {tmp}",
        flush=True,
    )
    rows: list[list[str]] = [
        [f"{module}.*", "-", "-", "-", "-", "SKIP", reason] for module, reason in broken.items()
        if not args.only or any(p.split(".")[0] == module for p in args.only)
    ]
    results: list[Result] = []
    errors = 0
    try:
        for name in names:
            print(f"  running {name} …", file=sys.stderr, flush=True)
            cfg = Config(quick=args.quick, tmp=tmp / name)
            cfg.tmp.mkdir(parents=True)
            try:
                result = run_benchmark(REGISTRY[name](cfg), args.repeat)
            except BenchmarkSkipped as exc:
                rows.append([name, "-", "-", "-", "-", "SKIP", str(exc)])
                continue
            except Exception as exc:  # noqa: BLE001 - report it, run the others
                traceback.print_exc()
                rows.append([name, "-", "-", "-", "-", "ERROR", type(exc).__name__])
                errors += 1
                continue
            results.append(result)
            rows.append(_row(result))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print()
    _print_table(rows)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "quick": args.quick,
                    "python": platform.python_version(),
                    "sqlite": sqlite3.sqlite_version,
                    "platform": platform.platform(),
                    "results": [r.as_dict() for r in results],
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    if errors:
        return 2
    if any(not r.passed for r in results) and not args.no_fail:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
