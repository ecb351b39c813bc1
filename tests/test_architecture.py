"""The architecture the code claims: layers, no cycles, no process-wide registries."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "clss_housing"
SOURCES = sorted(PACKAGE.rglob("*.py"))


def _function_imports() -> list[tuple[Path, int, str]]:
    """``(file, line, function)`` of each function that imports inside its body."""
    found = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = [n for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)]
                if inner:
                    found.append((path, min(n.lineno for n in inner), node.name))
    return found


class TestImports:
    def test_layers_and_no_cycles(self) -> None:
        """import-linter's contracts (pyproject.toml) hold: layers and acyclic packages."""
        linter = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
        if linter is None:
            pytest.fail("lint-imports is not installed (it is in the test extra)")
        done = subprocess.run([linter, "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                              check=False)
        assert 0 == done.returncode, done.stdout[-4000:] + done.stderr[-2000:]

    def test_few_function_level_imports_each_with_a_reason(self) -> None:
        """Fewer than 10 functions import lazily, each for a heavy or optional dependency."""
        found = _function_imports()
        assert len(found) < 10, found
        for path, line, function in found:
            lines = path.read_text(encoding="utf-8").splitlines()
            assert lines[line - 2].strip().startswith("# lazy:"), (
                f"{path.relative_to(ROOT)}:{line} ({function}) needs a '# lazy: reason' line"
            )


_REGISTRY = re.compile(
    r"^_?[A-Z][A-Z0-9_]*\s*(?::\s*(?:dict|set|list|OrderedDict)[^=]*)?=\s*"
    r"(?:\{\}|\[\]|set\(\)|dict\(\)|OrderedDict\(\))\s*$"
)


class TestNoProcessWideState:
    def test_no_id_keyed_caches(self) -> None:
        """No cache is keyed by ``id(...)``: Python reuses ids of dropped objects."""
        offenders = [
            f"{p.relative_to(ROOT)}:{n}"
            for p in SOURCES
            for n, text in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if re.search(r"\[\s*id\(|\(\s*id\(\w+\)\s*,|\.get\(id\(|in _\w+\b.*id\(", text)
        ]
        assert [] == offenders

    def test_no_module_level_mutable_registries(self) -> None:
        """No module assigns an empty dict, list or set at top level to fill it later."""
        offenders = [
            f"{p.relative_to(ROOT)}:{n}: {text.strip()}"
            for p in SOURCES
            for n, text in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if _REGISTRY.match(text)
        ]
        assert [] == offenders

    def test_no_global_statements(self) -> None:
        """No function rebinds a module global."""
        offenders = [
            f"{p.relative_to(ROOT)}:{node.lineno}"
            for p in SOURCES
            for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
            if isinstance(node, ast.Global)
        ]
        assert [] == offenders


class TestEntryKinds:
    def test_every_entry_class_is_a_kind(self) -> None:
        """Every entry class of the ledger module is listed once in ``ALL_ENTRY_TYPES``."""
        from clss_housing.ledger import entries

        defined = {
            value for value in vars(entries).values()
            if isinstance(value, type) and issubclass(value, entries.Entry)
            and value is not entries.Entry
        }
        assert defined == set(entries.ALL_ENTRY_TYPES)
        assert len(entries.ALL_ENTRY_TYPES) == len(entries.ENTRY_TYPES)
