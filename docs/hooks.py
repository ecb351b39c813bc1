"""
MkDocs hook: regenerate the generated reference pages before every build.

Declared in ``mkdocs.yml`` (``hooks: [docs/hooks.py]``).  Writes
``docs/reference/cli.md`` (:mod:`gen_cli`), ``docs/reference/rules.md``
(:mod:`gen_rules`) and ``docs/reference/imports.md`` (:mod:`gen_imports`)
only when their content changed, so ``mkdocs serve`` does not rebuild in a loop.
The source tree (``src/``) is put on ``sys.path`` when the package is not installed.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any


__all__ = ["on_pre_build"]

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, DOCS / f"{name}.py")
    if spec is None or spec.loader is None:  # pragma: no cover - the files are in the repo
        raise ImportError(name)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def on_pre_build(config: Any, **kwargs: Any) -> None:
    """Regenerate the CLI reference and the rules table from the code."""
    try:
        import clss_housing  # noqa: F401
    except ImportError:
        sys.path.insert(0, str(ROOT / "src"))
    gen_cli = _load("gen_cli")
    gen_rules = _load("gen_rules")
    gen_imports = _load("gen_imports")
    gen_cli.write_if_changed(DOCS / "reference" / "cli.md", gen_cli.cli_markdown())
    gen_cli.write_if_changed(DOCS / "reference" / "rules.md", gen_rules.rules_markdown())
    gen_cli.write_if_changed(DOCS / "reference" / "imports.md", gen_imports.imports_markdown())
