"""Plain text, Markdown and HTML writers for parsed markup.

Each writer takes the parsed sections (:mod:`clss_housing.documents.markup`)
and the values the template printed, escapes the values for its format and
puts them back in place of their tokens:

* text: values as they are;
* Markdown: characters with a Markdown meaning are backslash-escaped, so a
  value renders as the same text;
* HTML: ``html.escape`` (``&``, ``<``, ``>``, ``"``, ``'``), and the template's
  own text is escaped too: no raw HTML ever passes through.

Line breaks inside a value are kept (``<br>`` in HTML, a hard break in
Markdown).  Nothing is wrapped, so a name is never split over two lines.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Final

from clss_housing.documents.markup import (
    Block,
    BulletList,
    Heading,
    Image,
    Inline,
    Para,
    Section,
    Table,
    filler,
)


__all__ = ["md_escape", "write_html", "write_md", "write_txt"]

Fill = Callable[[str], str]

# -- plain text ----------------------------------------------------------------------------------


def _txt_inline(inline: Inline, fill: Fill) -> str:
    if len(inline) == 1:
        return fill(inline[0][0])
    return "".join([fill(text) for text, _bold in inline])


def _txt_table(table: Table, fill: Fill) -> list[str]:
    rows = table.rows if table.has_header else table.rows[1:]
    cells = [[_txt_inline(c, fill).replace("\n", " ") for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(table.align))]
    out = []
    for index, row in enumerate(cells):
        parts = [
            cell.rjust(w) if a == "r" else cell.center(w) if a == "c" else cell.ljust(w)
            for cell, w, a in zip(row, widths, table.align, strict=True)
        ]
        out.append("  ".join(parts).rstrip())
        if index == 0 and table.has_header:
            out.append("  ".join("-" * w for w in widths))
    return out


def _txt_blocks(blocks: Sequence[Block], fill: Fill) -> list[str]:
    chunks: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            chunks.append(_txt_inline(block.inline, fill))
        elif isinstance(block, Heading):
            text = _txt_inline(block.inline, fill)
            rule = "=" if block.level == 1 else "-"
            chunks.append(f"{text}\n{rule * max(3, len(text))}")
        elif isinstance(block, BulletList):
            chunks.append("\n".join(f"- {_txt_inline(i, fill)}" for i in block.items))
        elif isinstance(block, Table):
            chunks.append("\n".join(_txt_table(block, fill)))
    return chunks


def write_txt(sections: Sequence[Section], values: Sequence[str]) -> str:
    """Write sections as plain UTF-8 text (values unescaped)."""
    fill = filler(values)
    chunks: list[str] = []
    for section in sections:
        if section.lines:
            lines = [_txt_inline(line, fill) for line in section.lines]
            if section.name in ("registered", "title"):
                lines = [line.upper() for line in lines]
            chunks.append("\n".join(lines))
        else:
            chunks.extend(_txt_blocks(section.blocks, fill))
    return "\n\n".join(chunks) + "\n"


# -- Markdown ------------------------------------------------------------------------------------

_MD_SPECIAL: Final = re.compile(r"([\\`*_{}\[\]<>#|~&!])")
_MD_LIST_MARK: Final = re.compile(r"^([ \t]*)([-+=])", re.MULTILINE)
_MD_NUMBERED: Final = re.compile(r"^([ \t]*\d+)([.)])", re.MULTILINE)


def md_escape(value: str) -> str:
    """Escape a value so that Markdown renders it as the same text."""
    escaped = _MD_SPECIAL.sub(r"\\\1", value)
    escaped = _MD_LIST_MARK.sub(r"\1\\\2", escaped)
    return _MD_NUMBERED.sub(r"\1\\\2", escaped)


def _md_inline(inline: Inline, fill: Fill, *, in_table: bool = False) -> str:
    out = []
    for text, bold in inline:
        filled = fill(text)
        if bold and filled.strip():
            filled = f"**{filled}**"
        out.append(filled)
    joined = "".join(out)
    return joined.replace("\n", " " if in_table else "\\\n")


def _md_blocks(blocks: Sequence[Block], fill: Fill) -> list[str]:
    chunks: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            chunks.append(_md_inline(block.inline, fill))
        elif isinstance(block, Heading):
            chunks.append("#" * block.level + " " + _md_inline(block.inline, fill))
        elif isinstance(block, BulletList):
            chunks.append("\n".join(f"- {_md_inline(i, fill)}" for i in block.items))
        elif isinstance(block, Table):
            rows = [
                "| " + " | ".join(_md_inline(c, fill, in_table=True) for c in row) + " |"
                for row in block.rows
            ]
            marks = {"l": "---", "r": "--:", "c": ":-:"}
            rows.insert(1, "|" + "|".join(marks[a] for a in block.align) + "|")
            chunks.append("\n".join(rows))
    return chunks


def write_md(sections: Sequence[Section], values: Sequence[str]) -> str:
    """Write sections as Markdown (CommonMark with pipe tables)."""
    fill = filler([md_escape(v) for v in values])
    chunks: list[str] = []
    for section in sections:
        if section.lines:
            lines = [_md_inline(line, fill) for line in section.lines]
            if section.name == "title":
                chunks.append("# " + " ".join(lines))
            elif section.name in ("registered", "subject"):
                chunks.append("\\\n".join(f"**{line}**" for line in lines))
            elif section.name == "basis":
                chunks.append("\\\n".join(f"*{line}*" for line in lines))
            else:
                chunks.append("\\\n".join(lines))
        else:
            chunks.extend(_md_blocks(section.blocks, fill))
    return "\n\n".join(chunks) + "\n"


# -- HTML ----------------------------------------------------------------------------------------

_CSS: Final = """
body{font-family:Arial,"Liberation Sans",sans-serif;font-size:11pt;line-height:1.4;
margin:0;background:#f4f4f4;color:#111}
article{background:#fff;max-width:17cm;margin:1cm auto;padding:2cm 2.2cm}
.letterhead{border-bottom:2px solid #1f4e79;padding-bottom:.4em;margin-bottom:1.5em;
color:#1f4e79}
.letterhead p{margin:0}.letterhead p:first-child{font-weight:bold;font-size:13pt}
.sender,.recipient{font-style:normal;margin:0 0 1.2em}.recipient{margin-left:50%}
.place_date{text-align:right}.registered{font-weight:bold;text-transform:uppercase}
.subject{font-weight:bold}.signature{margin-top:2.5em}
.basis,.copy,.meta{font-size:9pt;color:#555}
table{border-collapse:collapse;margin:.6em 0;width:100%}
th,td{border:1px solid #999;padding:.2em .5em;vertical-align:top}th{background:#e7e6e6}
td.r,th.r{text-align:right}td.c,th.c{text-align:center}
figure{margin:1em 0}figure img{max-width:100%}
@media print{body{background:#fff}article{margin:0;padding:0}}
"""


def _html_inline(inline: Inline, fill: Fill) -> str:
    out = []
    for text, bold in inline:
        filled = fill(html.escape(text, quote=True))
        out.append(f"<strong>{filled}</strong>" if bold else filled)
    return "".join(out).replace("\n", "<br>\n")


def _html_blocks(blocks: Sequence[Block], fill: Fill, images: Mapping[str, str]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            out.append(f"<p>{_html_inline(block.inline, fill)}</p>")
        elif isinstance(block, Heading):
            level = block.level
            out.append(f"<h{level}>{_html_inline(block.inline, fill)}</h{level}>")
        elif isinstance(block, BulletList):
            items = "".join(f"<li>{_html_inline(i, fill)}</li>" for i in block.items)
            out.append(f"<ul>{items}</ul>")
        elif isinstance(block, Table):
            rows = []
            for index, row in enumerate(block.rows):
                tag = "th" if index == 0 else "td"
                cells = "".join(
                    f'<{tag} class="{a}">{_html_inline(c, fill)}</{tag}>'
                    for c, a in zip(row, block.align, strict=True)
                )
                rows.append(f"<tr>{cells}</tr>")
            head = f"<thead>{rows[0]}</thead>" if block.has_header else ""
            out.append(f"<table>{head}<tbody>{''.join(rows[1:])}</tbody></table>")
        elif isinstance(block, Image) and block.name in images:
            src = html.escape(images[block.name], quote=True)
            out.append(f'<figure><img src="{src}" alt="{html.escape(block.name)}"></figure>')
    return out


def write_html(
    sections: Sequence[Section],
    values: Sequence[str],
    *,
    lang: str,
    title: str,
    images: Mapping[str, str] | None = None,
) -> str:
    """
    Write sections as a standalone HTML5 page (inline CSS, A4-friendly print).

    Args:
        sections: the parsed markup.
        values: the printed values, unescaped (they are escaped here).
        lang: ``fr``/``nl``/``en`` for ``<html lang>``.
        title: the page title (escaped here).
        images: image name -> URL (``data:`` URIs for embedded charts).
    """
    fill = filler([html.escape(v, quote=True) for v in values])
    images = images or {}
    body: list[str] = []
    for section in sections:
        name = section.name
        if section.lines:
            lines = [_html_inline(line, fill) for line in section.lines]
            if name in ("sender", "recipient"):
                body.append(f'<address class="{name}">' + "<br>\n".join(lines) + "</address>")
            elif name == "letterhead":
                body.append('<header class="letterhead">'
                            + "".join(f"<p>{line}</p>" for line in lines) + "</header>")
            elif name == "title":
                body.append(f"<h1>{' '.join(lines)}</h1>")
            else:
                body.append(f'<p class="{name}">' + "<br>\n".join(lines) + "</p>")
        else:
            inner = "\n".join(_html_blocks(section.blocks, fill, images))
            body.append(f'<section class="{name}">\n{inner}\n</section>')
    locale = {"fr": "fr-BE", "nl": "nl-BE"}.get(lang, lang)
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(locale)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title, quote=True)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n<article>\n" + "\n".join(body) + "\n</article>\n</body>\n</html>\n"
    )
