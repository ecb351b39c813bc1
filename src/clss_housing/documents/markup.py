r"""The small document language templates write, and the tokens that keep values apart.

A letter template is Jinja; what it renders is *markup*: sections introduced by
``::name`` lines, and in them Markdown-like blocks (``## heading``, paragraphs,
``- item`` lists, ``| a | b |`` tables, ``![chart]`` images, ``**bold**``).
Lines of a paragraph are joined with a space, except a line starting with
``,``, ``.`` or ``)``, which is glued to the previous one (so templates can put
``{% if %}`` parts on lines of their own); a line ending with ``\`` is a hard
line break.

Every value a template prints with ``{{ … }}`` is replaced by an opaque
*token* (``\ue000<n>\ue001``) while the markup is parsed, and only put back
by the writer of each format with that format's escaping.  So a tenant called
``# **Ali** | <b>`` can neither become a heading, nor bold, nor a table cell,
nor HTML: values never reach the markup parser.  (Values made only of letters,
digits, spaces and punctuation that means nothing to the parser or to any
format, such as ``5 février 2026`` or ``Rue Royale 1``, are printed in place:
see ``clss_housing.documents.render``.)

    >>> doc = parse("::subject\nObjet : \ue0000\ue001\n::body\nHello **you**.\n")
    >>> doc[0].name, doc[0].lines
    ('subject', ((('Objet : \ue0000\ue001', False),),))
    >>> doc[1].blocks
    (Para(inline=(('Hello ', False), ('you', True), ('.', False))),)

Parsed documents are cached by their markup (a bounded cache: see
``render.clear_caches``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Final, NamedTuple, TypeAlias


__all__ = [
    "TOKEN_CLOSE",
    "TOKEN_OPEN",
    "Block",
    "BulletList",
    "Heading",
    "Image",
    "Inline",
    "Para",
    "Run",
    "Section",
    "Table",
    "filler",
    "parse",
    "plain",
    "token",
]

TOKEN_OPEN: Final = "\ue000"  # noqa: S105 - not a password
TOKEN_CLOSE: Final = "\ue001"  # noqa: S105 - not a password
_TOKEN_RE: Final = re.compile("\ue000(\\d+)\ue001")

#: A run of text (with tokens) and whether it is bold.
Run: TypeAlias = tuple[str, bool]
#: A line of runs.
Inline: TypeAlias = tuple[Run, ...]


def token(index: int) -> str:
    """The token standing for value number ``index``."""
    return f"{TOKEN_OPEN}{index}{TOKEN_CLOSE}"


class Para(NamedTuple):
    """A paragraph (a newline in its text is a hard line break)."""

    inline: Inline


class Heading(NamedTuple):
    """A heading of level 1 to 3."""

    level: int
    inline: Inline


class BulletList(NamedTuple):
    """A bulleted list."""

    items: tuple[Inline, ...]


class Table(NamedTuple):
    """
    A table; ``rows[0]`` is the header; ``align`` is ``l``/``r``/``c`` per column.

    A header whose cells are all empty (``| | |``) means a table without header.
    """

    align: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]

    @property
    def has_header(self) -> bool:
        """The first row is a real header (not all empty)."""
        return any(text for cell in self.rows[0] for text, _bold in cell)


class Image(NamedTuple):
    """An image the writer takes from the document's images by name."""

    name: str


Block: TypeAlias = Para | Heading | BulletList | Table | Image


class Section(NamedTuple):
    """A named part of the document: either lines (address blocks…) or flowing blocks."""

    name: str
    lines: tuple[Inline, ...]
    blocks: tuple[Block, ...]


#: Sections whose lines are kept as lines (address blocks, signature…).
LINE_SECTIONS: Final = frozenset({
    "letterhead", "sender", "recipient", "place_date", "registered", "reference", "subject",
    "signature", "copy", "basis", "title", "meta",
})

_SECTION_RE: Final = re.compile(r"^::([a-z_]+)\s*$")
_ALIGN_RE: Final = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")
_IMAGE_RE: Final = re.compile(r"^!\[([A-Za-z0-9_-]+)\]\s*$")
#: A paragraph line starting with one of these is glued to the previous one (no space).
_GLUE: Final = frozenset(",.)")


def _inline(text: str) -> Inline:
    parts = text.split("**")
    runs = tuple((part, index % 2 == 1) for index, part in enumerate(parts) if part)
    return runs


def _cells(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [cell.strip() for cell in inner.split("|")]


def _align(line: str) -> tuple[str, ...]:
    out = []
    for cell in _cells(line):
        left, right = cell.startswith(":"), cell.endswith(":")
        out.append("c" if left and right else "r" if right else "l")
    return tuple(out)


def _flow(lines: Sequence[str]) -> tuple[Block, ...]:
    blocks: list[Block] = []
    para: list[str] = []
    items: list[Inline] = []
    rows: list[tuple[Inline, ...]] = []
    align: tuple[str, ...] = ()

    def flush() -> None:
        nonlocal align
        if para:
            text = ""
            for line in para:
                if text and not text.endswith("\n") and line[0] not in _GLUE:
                    text += " "
                if line.endswith("\\"):
                    text += line[:-1].rstrip() + "\n"
                else:
                    text += line
            blocks.append(Para(_inline(text.rstrip("\n"))))
            para.clear()
        if items:
            blocks.append(BulletList(tuple(items)))
            items.clear()
        if rows:
            width = max(len(r) for r in rows)
            padded = tuple(r + ((),) * (width - len(r)) for r in rows)
            blocks.append(Table((align + ("l",) * width)[:width], padded))
            rows.clear()
            align = ()

    for raw in lines:
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("|"):
            if not rows:
                flush()
            if _ALIGN_RE.match(line):
                align = _align(line)
            else:
                rows.append(tuple(_inline(c) for c in _cells(line)))
        elif line.startswith("- "):
            if not items:
                flush()
            items.append(_inline(line[2:].strip()))
        elif line.startswith("#"):
            flush()
            level = len(line) - len(line.lstrip("#"))
            blocks.append(Heading(min(level, 3), _inline(line[level:].strip())))
        elif (image := _IMAGE_RE.match(line)) is not None:
            flush()
            blocks.append(Image(image.group(1)))
        else:
            if items or rows:
                flush()
            para.append(line)
    flush()
    return tuple(blocks)


@lru_cache(maxsize=256)
def parse(markup: str) -> tuple[Section, ...]:
    """Parse rendered markup into sections (cached: markup holds tokens, not values)."""
    sections: list[Section] = []
    name = "body"
    lines: list[str] = []

    def close() -> None:
        if name in LINE_SECTIONS:
            kept = tuple(_inline(line.strip()) for line in lines if line.strip())
            if kept:
                sections.append(Section(name, kept, ()))
        else:
            blocks = _flow(lines)
            if blocks:
                sections.append(Section(name, (), blocks))

    for line in markup.splitlines():
        match = _SECTION_RE.match(line)
        if match:
            close()
            name, lines = match.group(1), []
        else:
            lines.append(line)
    close()
    return tuple(sections)


def filler(values: Sequence[str]) -> Callable[[str], str]:
    """A function putting (already escaped) ``values`` back in place of their tokens."""
    if not values:
        return lambda text: text

    def repl(match: re.Match[str]) -> str:
        return values[int(match.group(1))]

    def fill(text: str) -> str:
        if TOKEN_OPEN not in text:
            return text
        return _TOKEN_RE.sub(repl, text)

    return fill


def plain(inline: Inline, fill: Callable[[str], str]) -> str:
    """The text of an inline, values put back, formatting dropped."""
    return "".join(fill(text) for text, _bold in inline)
