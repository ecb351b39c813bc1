"""
Output for people and for scripts: aligned tables, money in the case's style, JSON.

Tables need no extra dependency.  Amounts shown to people use Babel with the
Belgian locale of the case (``fr`` → ``1 750,00 €``, ``nl`` → ``€ 1.750,00``);
JSON always uses two-decimal strings (``"1750.00"``).
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import localcontext
from typing import Final, Literal

import click
from babel.numbers import format_currency, format_decimal

from clss_housing.money import Money


__all__ = [
    "LOCALES",
    "MIN_COLUMN",
    "emit_json",
    "fit_widths",
    "format_money",
    "format_months",
    "key_values",
    "printable",
    "shorten",
    "table",
    "terminal_width",
]

#: Invisible characters that reorder or hide text on a terminal (bidirectional overrides,
#: isolates and marks; line and paragraph separators).  Joiners used by emoji are kept.
_HIDING: Final = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u2028\u2029\ufeff"
)


def printable(text: str) -> str:
    r"""
    Return ``text`` safe for a terminal: control characters and bidi overrides made visible.

    ESC, BEL, backspace, carriage return, DEL, the C1 controls and the characters
    that reorder text (``U+202E``…) are replaced by their escape (``\\x1b``,
    ``\\u202e``), so a name cannot move the cursor, recolour the screen,
    change the window title or make text read backwards.  Tabs and newlines
    become spaces.  JSON output is never passed through this: it stays exact.
    """
    if text.isprintable() and not _HIDING.intersection(text):
        return text
    out = []
    for char in text:
        code = ord(char)
        if char in "\t\n":
            out.append(" ")
        elif code < 0x20 or 0x7F <= code < 0xA0:
            out.append(f"\\x{code:02x}")
        elif char in _HIDING:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)

#: Case language → Babel locale used for amounts shown to people.
LOCALES: Final = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_GB"}

Align = Literal["<", ">"]


def format_money(amount: Money | None, lang: str = "fr") -> str:
    """Return an amount as people of ``lang`` write it (``1 750,00 €``); empty for ``None``."""
    if amount is None:
        return ""
    value = amount.to_decimal()
    with localcontext() as context:  # exact for amounts longer than the default 28 digits
        context.prec = max(28, len(value.as_tuple().digits) + 4)
        return format_currency(value, "EUR", locale=LOCALES.get(lang, "fr_BE"))


def format_months(months: object, lang: str = "fr") -> str:
    """Return a number of months with two decimals in the style of ``lang``."""
    locale = LOCALES.get(lang, "fr_BE")
    with localcontext() as context:  # exact for figures longer than the default 28 digits
        context.prec = max(28, len(str(months)) + 4)
        return format_decimal(months, format="#,##0.00", locale=locale)  # type: ignore[arg-type]


def shorten(text: str, width: int = 48) -> str:
    """Cut ``text`` to ``width`` characters on one line, with an ellipsis when cut."""
    flat = " ".join(printable(text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


#: The narrowest a text column is cut to when a table must fit the terminal.
MIN_COLUMN: Final = 8


def terminal_width() -> int | None:
    """
    The width a table must fit: the terminal's when stdout is one, else ``None``.

    Piped or redirected output is never cut (scripts and files get every
    character); ``COLUMNS`` overrides the terminal's own width.
    """
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size((100, 24)).columns


def fit_widths(
    widths: Sequence[int], aligns: Sequence[Align], limit: int, *, indent: int = 0,
    minimum: Sequence[int] | None = None,
) -> list[int]:
    """
    Narrow the widest left-aligned (text) columns until the table fits ``limit``.

    Right-aligned columns (amounts, counts) are never cut; no text column
    goes below ``max(MIN_COLUMN, its minimum)``.  The result may still be
    wider than ``limit`` when nothing more can be cut.
    """
    fitted = list(widths)
    floor = [max(MIN_COLUMN, m) if a == "<" else w
             for w, m, a in zip(widths, minimum or [0] * len(widths), aligns, strict=True)]

    def total() -> int:
        return indent + sum(fitted) + 2 * max(len(fitted) - 1, 0)

    while total() > limit:
        cuttable = [i for i, w in enumerate(fitted) if aligns[i] == "<" and w > floor[i]]
        if not cuttable:
            break
        widest = max(cuttable, key=lambda i: fitted[i])
        fitted[widest] -= 1
    return fitted


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    align: Sequence[Align] | None = None,
    indent: int = 0,
    width: int | None = None,
) -> str:
    """
    Lay ``rows`` out under ``headers`` in aligned columns, separated by two spaces.

    Args:
        headers: the column titles.
        rows: the cells, already formatted as text.
        align: ``"<"`` (left) or ``">"`` (right, for amounts) per column.
        indent: spaces before every line.
        width: fit this many columns, cutting text cells with "…"
            (:func:`fit_widths`); by default the terminal's width when stdout
            is a terminal, no limit when it is piped.

    Returns:
        The table, lines joined by newlines, without a trailing newline.
    """
    body = [[printable(str(cell)) for cell in row] for row in rows]
    headers = [printable(str(h)) for h in headers]
    widths = [len(h) for h in headers]
    for row in body:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], len(cell))
    aligns: Sequence[Align] = align or ["<"] * len(headers)
    pad = " " * indent
    limit = width if width is not None else terminal_width()
    if limit is not None:
        widths = fit_widths(widths, aligns, limit, indent=indent)

    def cut(cell: str, size: int) -> str:
        return cell if len(cell) <= size else cell[: size - 1] + "…"

    def line(cells: Sequence[str]) -> str:
        parts = [
            f"{cut(cell, widths[i]):{aligns[i]}{widths[i]}}" for i, cell in enumerate(cells)
        ]
        return (pad + "  ".join(parts)).rstrip()

    rule = pad + "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in body)])


def key_values(pairs: Sequence[tuple[str, str]], *, indent: int = 0) -> str:
    """Lay out ``label  value`` lines with the values aligned (control characters escaped)."""
    pairs = [(printable(label), printable(value)) for label, value in pairs]
    width = max((len(label) for label, _ in pairs), default=0)
    pad = " " * indent
    return "\n".join(f"{pad}{label:<{width}}  {value}".rstrip() for label, value in pairs)


def _default(value: object) -> object:
    if isinstance(value, Money):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def emit_json(document: object) -> None:
    """Print one JSON document on stdout (UTF-8, indented, amounts as strings)."""
    click.echo(json.dumps(document, ensure_ascii=False, indent=2, default=_default))
