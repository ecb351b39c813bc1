"""
Smoke test of the benchmark runner: it runs on tiny sizes and prints ratios.

No timing is asserted here: performance is judged by ``bench/run.py`` as
ratios against floors measured in the same run, never by the test suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest


ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "bench" / "run.py"
LEDGER = (
    "ledger.sqlite_append",
    "ledger.import_payments",
    "ledger.load_fold",
    "ledger.fold_1m",
    "ledger.view_memory",
)

QuickRun = tuple[subprocess.CompletedProcess[str], dict[str, object]]


def _run(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p
    )
    return subprocess.run(
        [sys.executable, str(RUN), *args, "--tmp", str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=120, check=False, cwd=ROOT,
    )


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> QuickRun:
    tmp = tmp_path_factory.mktemp("bench")
    out = tmp / "results.json"
    done = _run("--quick", "--no-fail", "--json", str(out), tmp_path=tmp)
    report = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    return done, report


class TestQuickRun:
    """The quick run of every registered benchmark."""

    def test_exits_cleanly(self, quick_run: QuickRun) -> None:
        """It exits 0 with --no-fail (no benchmark errored)."""
        done, _ = quick_run
        assert 0 == done.returncode, done.stdout + done.stderr

    def test_prints_a_table_with_every_ledger_benchmark(self, quick_run: QuickRun) -> None:
        """It prints the table header and one line per ledger benchmark."""
        done, _ = quick_run
        lines = done.stdout.splitlines()
        assert any(line.split()[:6] == ["benchmark", "ours", "floor", "ratio", "target", "result"]
                   for line in lines if line.strip())
        for name in LEDGER:
            assert any(line.startswith(name + " ") for line in lines), name

    def test_reports_positive_ratios_with_targets(self, quick_run: QuickRun) -> None:
        """Each ratio benchmark reports a positive ratio, two timed sides and a target."""
        _, report = quick_run
        results = report["results"]
        assert isinstance(results, list)
        ratios = [r for r in results if r["kind"] == "ratio"]
        assert ratios
        for r in ratios:
            assert r["ratio"] > 0, r["name"]
            assert r["ours"] > 0, r["name"]
            assert r["floor"] > 0, r["name"]
            assert r["target"] >= 1, r["name"]

    def test_reports_view_memory_in_bytes(self, quick_run: QuickRun) -> None:
        """The memory benchmark reports a byte count against a 200 KB limit."""
        _, report = quick_run
        results = report["results"]
        assert isinstance(results, list)
        memory = {r["name"]: r for r in results}["ledger.view_memory"]
        assert "bytes" == memory["unit"]
        assert 200 * 1024 == memory["target"]
        assert memory["ours"] > 0


class TestSelection:
    """Choosing benchmarks by name."""

    def test_unknown_name_exits_2(self, tmp_path: Path) -> None:
        """It exits 2 and lists the known benchmarks when nothing matches --only."""
        done = _run("--quick", "--only", "no.such.benchmark", tmp_path=tmp_path)
        assert 2 == done.returncode
        assert "ledger.fold_1m" in done.stderr

    def test_list_names_every_ledger_benchmark(self, tmp_path: Path) -> None:
        """It lists the registered benchmarks without running them."""
        done = _run("--list", tmp_path=tmp_path)
        assert 0 == done.returncode
        assert set(LEDGER) <= set(done.stdout.split())


def _harness() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location("_bench_harness", ROOT / "bench" / "_harness.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("_bench_harness", module)
    spec.loader.exec_module(sys.modules["_bench_harness"])
    return sys.modules["_bench_harness"]


class TestPairedRatio:
    """The verdict statistic: the median of per-round ratios."""

    def test_constant_factor(self) -> None:
        """When ours is k times the floor in every round, the ratio is k."""
        harness = _harness()
        floor = [1.0, 2.0, 0.5, 3.0, 1.5]
        assert 2.0 == pytest.approx(harness.paired_ratio([2 * f for f in floor], floor))

    def test_one_noisy_round_does_not_move_it(self) -> None:
        """A slow moment hitting one side of one round leaves the median where it was."""
        harness = _harness()
        floor = [1.0] * 7
        ours = [1.5] * 7
        ours[3] = 40.0
        assert 1.5 == pytest.approx(harness.paired_ratio(ours, floor))

    def test_unpaired_samples_refused(self) -> None:
        """Samples of different lengths are not pairs."""
        harness = _harness()
        with pytest.raises(ValueError, match="same length"):
            harness.paired_ratio([1.0, 2.0], [1.0])
