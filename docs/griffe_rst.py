"""
Griffe extension: the reStructuredText bits of the docstrings, rendered as Markdown.

The docstrings use the Google style (``Args:``, ``Returns:``…) that mkdocstrings
renders, plus three reStructuredText habits that Python-Markdown would print raw:

* cross-reference roles (``:class:`Casebook```, ``:func:`~clss_housing.documents.render_letter```)
  become links to the object's page (``<autoref optional …>``: an object that is not in the
  API reference is shown as code, without a warning);
* a paragraph ending in ``::`` (``Example::``) followed by an indented block becomes a
  colon and a fenced code block (``pycon`` when it holds ``>>>`` prompts);
* ``.. versionadded:: X`` becomes "*Added in version X.*".

Declared in ``mkdocs.yml`` (``extensions: [docs/griffe_rst.py]`` of the Python handler).
The docstrings themselves stay as they are: ``help()`` and doctest read them unchanged.
"""

from __future__ import annotations

import html
import re
import textwrap
from typing import Any

import griffe


__all__ = ["RstToMarkdown", "rst_to_markdown"]

_ROLE = re.compile(
    r":(?:py:)?(?P<role>class|func|meth|attr|data|mod|exc|obj|const):`(?P<tilde>~?)(?P<target>[^`]+)`"
)
_VERSION = re.compile(r"^(?P<indent>[ \t]*)\.\. versionadded::[ \t]*(?P<version>\S+)[ \t]*$",
                      re.MULTILINE)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _literal_blocks(text: str) -> str:
    """Turn ``para::`` + indented block into ``para:`` + a fenced block."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.rstrip()
        if not stripped.endswith("::") or stripped.endswith(":::"):
            out.append(line)
            i += 1
            continue
        base = _indent(line)
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j >= len(lines) or _indent(lines[j]) <= base:
            out.append(line)  # no block follows: leave it alone
            i += 1
            continue
        block: list[str] = []
        k = j
        while k < len(lines) and (not lines[k].strip() or _indent(lines[k]) > base):
            block.append(lines[k])
            k += 1
        while block and not block[-1].strip():
            block.pop()
        head = stripped[:-2].rstrip()
        pad = " " * base
        if head.strip():
            out.append(f"{head}:")
        body = textwrap.dedent("\n".join(block))
        lang = "pycon" if body.lstrip().startswith(">>>") else "text"
        out += ["", f"{pad}```{lang}", *[f"{pad}{b}" if b else "" for b in body.split("\n")],
                f"{pad}```", ""]
        i = k
    return "\n".join(out)


def _resolve(obj: griffe.Object | griffe.Alias | None, target: str) -> str | None:
    """The full path of *target* seen from *obj*, or ``None``."""
    target = target.strip().lstrip(".").removesuffix("()")
    if target.startswith("clss_housing."):
        return target
    if obj is None:
        return None
    first, _, rest = target.partition(".")
    scope: griffe.Object | griffe.Alias | None = obj
    while scope is not None:
        try:
            path = scope.resolve(first)
        except (griffe.NameResolutionError, griffe.AliasResolutionError, KeyError, ValueError):
            scope = scope.parent
            continue
        return f"{path}.{rest}" if rest else path
    return None


def rst_to_markdown(text: str, obj: griffe.Object | griffe.Alias | None = None) -> str:
    """
    Rewrite the reStructuredText roles, literal blocks and version notes of a docstring.

    Args:
        text: the docstring.
        obj: the object it documents, to resolve short names (``Casebook``).

    Returns:
        The same docstring in Markdown.
    """

    def role(match: re.Match[str]) -> str:
        target = match["target"].strip()
        if "<" in target and target.endswith(">"):  # :class:`title <target>`
            shown, _, target = target[:-1].partition("<")
            shown = shown.strip()
        else:
            plain = target.lstrip(".").lstrip("~")
            shown = plain.rsplit(".", 1)[-1] if match["tilde"] else plain
            if match["role"] in ("func", "meth") and not shown.endswith(")"):
                shown += "()"
        path = _resolve(obj, target)
        code = f"<code>{html.escape(shown)}</code>"
        if path is None:
            return f"`{shown}`"
        return f'<autoref optional identifier="{html.escape(path)}">{code}</autoref>'

    text = _literal_blocks(text)
    text = _ROLE.sub(role, text)
    return _VERSION.sub(lambda m: f"{m['indent']}*Added in version {m['version']}.*", text)


class RstToMarkdown(griffe.Extension):
    """Rewrite every docstring of the loaded packages once their tree is complete."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite ``obj``'s docstring (roles, literal blocks, version notes)."""
        if obj.docstring is not None and obj.docstring.value:
            obj.docstring.value = rst_to_markdown(obj.docstring.value, obj)
