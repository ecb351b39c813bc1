"""
Write ``docs/reference/imports.md``: which part of clss-housing imports which, read from the code.

Run by the MkDocs hook (``docs/hooks.py``) before every build, or by hand::

    PYTHONPATH=src python docs/gen_imports.py

The graph comes from grimp (the import graph import-linter checks), so the
page always shows the imports as they are: for each part of the package
(top-level module or subpackage), in layer order, the parts it imports.  The
layers themselves are the import-linter contract of ``pyproject.toml``, which
the test suite enforces.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path


__all__ = ["imports_markdown", "main"]

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
PACKAGE = "clss_housing"


def _layers() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in contracts if c["type"] == "layers")
    out = []
    for layer in layers:
        parts = layer.replace("|", ":").split(":")
        out.append([p.strip() for p in parts if p.strip()])
    return out


def _part(module: str) -> str:
    bits = module.split(".")
    return ".".join(bits[:2]) if len(bits) > 1 else module


def imports_markdown() -> str:
    """The page: the layers, top to bottom, and what each part imports."""
    import grimp

    graph = grimp.build_graph(PACKAGE, exclude_type_checking_imports=True)
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            source, target = _part(module), _part(imported)
            if source != target and target != PACKAGE and source != PACKAGE:
                edges.setdefault(source, set()).add(target)
    layers = _layers()
    placed = {part for layer in layers for part in layer}
    lines = [
        "# Imports between the parts of the package",
        "",
        "Generated from the code at every documentation build (`docs/gen_imports.py`).",
        "Each row is a layer, from the top (the command line) to the bottom (errors);",
        "a part may import only parts of the layers below it. The test suite checks",
        "this with import-linter (`[tool.importlinter]` in `pyproject.toml`), and also",
        "that no package has an import cycle.",
        "",
        "| layer | part | imports |",
        "| --- | --- | --- |",
    ]
    for number, layer in enumerate(layers, 1):
        for part in layer:
            targets = sorted(edges.get(part, ()))
            shown = ", ".join(f"`{t.removeprefix(PACKAGE + '.')}`" for t in targets) or "—"
            lines.append(f"| {number} | `{part.removeprefix(PACKAGE + '.')}` | {shown} |")
    others = sorted(set(edges) - placed)
    if others:
        lines += ["", "Parts outside the layers: " + ", ".join(f"`{o}`" for o in others)]
    return "\n".join(lines) + "\n"


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` unless it already holds it; tell whether it wrote."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def main() -> None:
    """Write the page."""
    write_if_changed(DOCS / "reference" / "imports.md", imports_markdown())


if __name__ == "__main__":
    sys.exit(main())
