r"""DOCX letters and summaries: a python-docx skeleton built once, filled per case.

Building a letter with python-docx costs tens of milliseconds; filling a
prepared DOCX costs a fraction of one.  So python-docx builds, once per
document kind, language and letterhead (and caches), a *skeleton*: page setup
(A4), the styles of a letter (sender and addressee blocks, place and date,
subject, "Recommandé / Aangetekend", signature…), the document's language, the
partner's letterhead in the page header (with its logo), page numbers in the
footer (``PAGE`` / ``NUMPAGES`` fields), the document properties, and for
summaries a picture frame for the timeline chart.  Every part of the package
but ``word/document.xml`` is then kept as a ready-made zip.

Per case, :func:`body_xml` turns the parsed markup into WordprocessingML
paragraphs and tables using those styles, with **every text XML-escaped** (and
characters XML 1.0 forbids removed), and :func:`docx_document` appends that
one part to a copy of the ready-made zip.  A name such as ``Smith & <Sons>``
cannot corrupt the file.

    >>> from clss_housing.documents.markup import parse
    >>> sk = skeleton("demo", "fr", "Démo", None)
    >>> data = docx_document(sk, parse("::body\nBonjour \ue0000\ue001\n"), ["A & <B>"])
    >>> import docx, io
    >>> docx.Document(io.BytesIO(data)).paragraphs[0].text
    'Bonjour A & <B>'
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import IO, Any, Final
from xml.sax.saxutils import escape as _xml_escape
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

import attrs

from clss_housing.documents.formatting import LABELS
from clss_housing.documents.letterhead import Letterhead
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


__all__ = [
    "PAGE_BREAK",
    "Skeleton",
    "body_xml",
    "docx_document",
    "skeleton",
    "write_combined",
    "xml_text",
]

#: Fixed timestamp of every zip member, so the same letter gives the same bytes.
_ZIP_TIME: Final = (2020, 1, 1, 0, 0, 0)
#: Text width of an A4 page with 2.5 cm margins, in twentieths of a point.
_TEXT_WIDTH: Final = 9070
_EMU_PER_CM: Final = 360000

# -- escaping ------------------------------------------------------------------------------------

_XML_INVALID: Final = re.compile(
    "[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def xml_text(value: str) -> str:
    """Escape text for a ``<w:t>`` element; characters XML 1.0 forbids are dropped."""
    if _XML_INVALID.search(value):
        value = _XML_INVALID.sub("", value)
    return _xml_escape(value.replace("\r\n", "\n").replace("\r", "\n"))


# -- the skeleton ---------------------------------------------------------------------------------


@attrs.frozen
class Skeleton:
    """
    A DOCX prepared by python-docx, minus its body.

    Attributes:
        prefix: ``word/document.xml`` up to and including ``<w:body>``.
        suffix: from the section properties to the end.
        package: every other part, as the local entries of a zip (compressed once).
        central: their central-directory records; count: how many.
        image_part: zip name of the picture frame's image (summaries), else ``None``.
        image_xml: the picture paragraph, with ``{cx}``/``{cy}`` for its size in EMU.
    """

    prefix: str
    suffix: str
    package: bytes = attrs.field(repr=False)
    central: bytes = attrs.field(repr=False)
    count: int
    image_part: str | None = None
    image_xml: str | None = attrs.field(default=None, repr=False)


def _png(width: int, height: int) -> bytes:
    """A white PNG of the given size (the placeholder in the picture frame)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    raw = b"".join(b"\x00" + b"\xff" * (3 * width) for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                              0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


PLACEHOLDER_PNG: Final = _png(4, 2)

_LOCALE: Final = {"fr": "fr-BE", "nl": "nl-BE", "en": "en-GB"}


@lru_cache(maxsize=64)
def skeleton(
    doc_id: str, lang: str, title: str, letterhead: Letterhead | None, *, image: bool = False
) -> Skeleton:
    """
    The skeleton of one document kind, language and letterhead (built once, cached).

    Args:
        doc_id: the letter id (``L1``…) or ``summary``; written in the document properties.
        lang: ``fr``, ``nl`` or ``en``: the proofing language and the footer's words.
        title: the document title (properties).
        letterhead: printed in the page header, or ``None``.
        image: add a picture frame (for the summary's chart).
    """
    data = _build_with_python_docx(doc_id, lang, title, letterhead, image=image)
    return _split(data, image=image)


def _build_with_python_docx(
    doc_id: str, lang: str, title: str, letterhead: Letterhead | None, *, image: bool
) -> bytes:
    # lazy: python-docx (with lxml) is loaded only when a skeleton is first built.
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.header_distance = section.footer_distance = Cm(1)

    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:  # pragma: no cover - set by font.name above
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), "Arial")
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), _LOCALE.get(lang, lang))
    language.set(qn("w:bidi"), "ar-SA")
    rpr.append(language)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15

    accent = RGBColor(0x1F, 0x4E, 0x79)
    for name, size in (("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 11), ("Title", 18)):
        style = styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = accent
        style.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
        theme_fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
        if theme_fonts is not None:  # theme fonts would override Arial
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                theme_fonts.attrib.pop(qn(attr), None)

    def add(name: str, **opts: Any) -> None:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        fmt = style.paragraph_format
        fmt.space_after = opts.get("after", Pt(0))
        fmt.space_before = opts.get("before", Pt(0))
        if "indent" in opts:
            fmt.left_indent = opts["indent"]
        if "align" in opts:
            fmt.alignment = opts["align"]
        if opts.get("keep"):
            fmt.keep_with_next = True
        font = style.font
        if "size" in opts:
            font.size = opts["size"]
        if opts.get("bold"):
            font.bold = True
        if opts.get("caps"):
            font.all_caps = True
        if "color" in opts:
            font.color.rgb = opts["color"]

    grey = RGBColor(0x55, 0x55, 0x55)
    add("Sender", after=Pt(18))
    add("Recipient", indent=Cm(8.5), after=Pt(24))
    add("Place Date", align=WD_ALIGN_PARAGRAPH.RIGHT, after=Pt(18))
    add("Registered", bold=True, caps=True, after=Pt(6), keep=True)
    add("Reference", size=Pt(9), color=grey, after=Pt(6), keep=True)
    add("Subject", bold=True, after=Pt(18), keep=True)
    add("Closing", before=Pt(6), after=Pt(6), keep=True)
    add("Signature", before=Pt(30), after=Pt(12))
    add("Small", size=Pt(8.5), color=grey, after=Pt(3))
    add("Table Text", after=Pt(0))
    add("Letterhead Name", size=Pt(13), bold=True, color=accent)
    add("Letterhead Text", size=Pt(8.5), color=accent)

    props = document.core_properties
    props.title = title
    props.subject = doc_id
    props.author = letterhead.name if letterhead is not None else "clss-housing"
    props.language = _LOCALE.get(lang, lang)
    props.keywords = doc_id
    props.comments = ""
    props.last_modified_by = ""

    header = section.header
    first = header.paragraphs[0]
    if letterhead is not None:
        if letterhead.logo_png is not None:
            first.add_run().add_picture(io.BytesIO(letterhead.logo_png), height=Cm(1.4))
            first = header.add_paragraph()
        first.style = styles["Letterhead Name"]
        first.add_run(letterhead.name)
        for line in (*letterhead.lines, letterhead.contact):
            if line:
                header.add_paragraph(line, style=styles["Letterhead Text"])
        rule = header.add_paragraph(style=styles["Letterhead Text"])
        _bottom_border(rule, OxmlElement, qn)

    footer = section.footer.paragraphs[0]
    footer.style = styles["Small"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{LABELS[lang]['page']} ")
    _field(footer, "PAGE", OxmlElement, qn)
    footer.add_run(" / ")
    _field(footer, "NUMPAGES", OxmlElement, qn)

    if image:
        document.add_picture(io.BytesIO(PLACEHOLDER_PNG), width=Cm(16))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _field(paragraph: Any, instruction: str, element: Callable[[str], Any],
           qn: Callable[[str], str]) -> None:
    """Append a complex field (``PAGE``, ``NUMPAGES``) showing ``1`` until Word updates it."""

    def fld(kind: str) -> None:
        run = paragraph.add_run()
        char = element("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)

    fld("begin")
    run = paragraph.add_run()
    instr = element("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    fld("separate")
    paragraph.add_run("1")
    fld("end")


def _bottom_border(paragraph: Any, element: Callable[[str], Any],
                   qn: Callable[[str], str]) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = element("w:pBdr")
    bottom = element("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "1"),
                       ("w:color", "1F4E79")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


_DROPPED_RELS: Final = re.compile(
    r"<Relationship [^>]*Target=\"(?:docProps/thumbnail\.jpeg|stylesWithEffects\.xml)\"/>"
)
_DROPPED_TYPES: Final = re.compile(r"<Override PartName=\"/word/stylesWithEffects\.xml\"[^>]*/>")
_DROPPED_PARTS: Final = frozenset({
    "word/document.xml", "docProps/thumbnail.jpeg", "word/stylesWithEffects.xml",
})
_EXTENT: Final = re.compile(r'\b(cx|cy)="\d+"')


def _split(data: bytes, *, image: bool) -> Skeleton:
    with ZipFile(io.BytesIO(data)) as package:
        parts = [(info.filename, package.read(info)) for info in package.infolist()]
    document = next(blob for name, blob in parts if name == "word/document.xml").decode("utf-8")
    start = document.index("<w:body>") + len("<w:body>")
    end = document.rindex("<w:sectPr")
    middle = document[start:end]
    image_part = image_xml = None
    if image:
        image_xml = _EXTENT.sub(lambda m: f'{m.group(1)}="{{{m.group(1)}}}"', middle)
        image_part = next(name for name, _ in parts if name.startswith("word/media/"))
    local = bytearray()
    central = bytearray()
    count = 0
    for name, blob in parts:
        if name in _DROPPED_PARTS or name == image_part:
            continue
        if name in ("_rels/.rels", "word/_rels/document.xml.rels"):
            blob = _DROPPED_RELS.sub("", blob.decode("utf-8")).encode("utf-8")
        elif name == "[Content_Types].xml":
            blob = _DROPPED_TYPES.sub("", blob.decode("utf-8")).encode("utf-8")
        head, record = _zip_entry(name, blob, len(local))
        local += head
        central += record
        count += 1
    return Skeleton(document[:start], document[end:], bytes(local), bytes(central), count,
                    image_part, image_xml)


# -- a minimal zip writer: the static parts are compressed once, per document only the body ------

_DOS_TIME: Final = 0
_DOS_DATE: Final = ((_ZIP_TIME[0] - 1980) << 9) | (_ZIP_TIME[1] << 5) | _ZIP_TIME[2]
_LOCAL: Final = struct.Struct("<IHHHHHIIIHH")
_CENTRAL: Final = struct.Struct("<IHHHHHHIIIHHHHHII")
_END: Final = struct.Struct("<IHHHHIIH")


def _zip_entry(name: str, blob: bytes, offset: int) -> tuple[bytes, bytes]:
    """The local header and data, and the central record, of one deflated member."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    data = packer.compress(blob) + packer.flush()
    crc = zlib.crc32(blob) & 0xFFFFFFFF
    raw = name.encode("utf-8")
    head = _LOCAL.pack(0x04034B50, 20, 0x0800, 8, _DOS_TIME, _DOS_DATE, crc, len(data),
                       len(blob), len(raw), 0) + raw + data
    record = _CENTRAL.pack(0x02014B50, 20, 20, 0x0800, 8, _DOS_TIME, _DOS_DATE, crc, len(data),
                           len(blob), len(raw), 0, 0, 0, 0, 0, offset) + raw
    return head, record


def _info(name: str) -> ZipInfo:
    info = ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = ZIP_DEFLATED
    return info


# -- the body ------------------------------------------------------------------------------------

_BOLD: Final = "<w:rPr><w:b/><w:bCs/></w:rPr>"
_BREAK_RUN: Final = "<w:r><w:br/></w:r>"
#: A paragraph that starts a new page (between letters of a combined document).
PAGE_BREAK: Final = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'

_LINE_STYLES: Final = {
    "sender": "Sender", "recipient": "Recipient", "place_date": "PlaceDate",
    "registered": "Registered", "reference": "Reference", "subject": "Subject",
    "signature": "Signature", "copy": "Small", "basis": "Small", "meta": "Small",
    "title": "Title",
}


def _run(text: str, bold: bool) -> str:
    if not text:
        return ""
    if "\n" in text or "\t" in text:
        text = (text.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
                .replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">'))
    return f'<w:r>{_BOLD if bold else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _runs(inline: Inline, fill: Callable[[str], str]) -> str:
    return "".join(_run(fill(xml_text(text)), bold) for text, bold in inline)


def _para(style: str, content: str, extra: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{extra}</w:pPr>{content}</w:p>'


def _text_len(inline: Inline, fill: Callable[[str], str]) -> int:
    return sum(len(fill(text)) for text, _ in inline)


_CHAR_TWIPS: Final = 118  # an average character at 10.5 pt, with some room


def _fit(natural: list[int]) -> list[int]:
    """Column widths within the text width; short columns (dates, amounts) keep theirs."""
    total = sum(natural)
    if total <= _TEXT_WIDTH:
        return natural
    short = 16 * _CHAR_TWIPS
    kept = sum(w for w in natural if w <= short)
    flexible = total - kept
    room = _TEXT_WIDTH - kept
    if flexible <= 0 or room < flexible // 4:
        return [_TEXT_WIDTH * w // total for w in natural]
    return [w if w <= short else w * room // flexible for w in natural]


def _table(table: Table, fill: Callable[[str], str], raw_fill: Callable[[str], str]) -> str:
    columns = len(table.align)
    natural = [
        (min(45, max((_text_len(row[i], raw_fill) for row in table.rows), default=1)) + 3)
        * _CHAR_TWIPS
        for i in range(columns)
    ]
    widths = _fit(natural)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    rows = []
    for index, row in enumerate(table.rows):
        if index == 0 and not table.has_header:
            continue
        cells = []
        for cell, align, width in zip(row, table.align, widths, strict=True):
            shade = '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>' if index == 0 else ""
            jc = {"r": '<w:jc w:val="right"/>', "c": '<w:jc w:val="center"/>'}.get(align, "")
            runs = _runs(tuple((t, b or index == 0) for t, b in cell), fill)
            cells.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>'
                f"{_para('TableText', runs, jc)}</w:tc>"
            )
        header = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if index == 0 else (
            "<w:trPr><w:cantSplit/></w:trPr>")
        rows.append(f"<w:tr>{header}{''.join(cells)}</w:tr>")
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(widths)}" '
        'w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
        # Word wants a paragraph between two tables and after a table ending the body.
        + _para("TableText", "")
    )


def _blocks(
    blocks: Sequence[Block],
    fill: Callable[[str], str],
    raw_fill: Callable[[str], str],
    images: Mapping[str, tuple[bytes, int, int]],
    image_xml: str | None,
    style: str = "Normal",
) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Para):
            yield _para(style, _runs(block.inline, fill))
        elif isinstance(block, Heading):
            yield _para(f"Heading{block.level}", _runs(block.inline, fill))
        elif isinstance(block, BulletList):
            for item in block.items:
                yield _para("ListBullet", _runs(item, fill))
        elif isinstance(block, Table):
            yield _table(block, fill, raw_fill)
        elif isinstance(block, Image) and block.name in images and image_xml is not None:
            _png_bytes, cx, cy = images[block.name]
            yield image_xml.replace("{cx}", str(cx)).replace("{cy}", str(cy))


def body_xml(
    sections: Sequence[Section],
    values: Sequence[str],
    *,
    images: Mapping[str, tuple[bytes, int, int]] | None = None,
    image_xml: str | None = None,
    page_break: bool = False,
) -> str:
    """
    The body of ``word/document.xml`` for parsed markup and its (unescaped) values.

    Args:
        sections: the parsed markup; a ``letterhead`` section is left out (it is in the header).
        values: the values the template printed; they are XML-escaped here.
        images: image name -> (PNG bytes, width, height in EMU).
        image_xml: the skeleton's picture paragraph (see :attr:`Skeleton.image_xml`).
        page_break: start on a new page (letters after the first of a combined document).
    """
    fill = filler([xml_text(v) for v in values])
    raw_fill = filler(values)
    images = images or {}
    out: list[str] = []
    for section in sections:
        if section.name == "letterhead":
            continue
        if section.lines:
            style = _LINE_STYLES.get(section.name, "Normal")
            content = _BREAK_RUN.join(_runs(line, fill) for line in section.lines)
            out.append(_para(style, content))
        else:
            style = "Closing" if section.name == "closing" else "Normal"
            out.extend(_blocks(section.blocks, fill, raw_fill, images, image_xml, style))
    if page_break and out:
        first = out[0]
        if first.startswith('<w:p><w:pPr><w:pStyle w:val="'):
            cut = first.index("/>") + 2
            out[0] = first[:cut] + "<w:pageBreakBefore/>" + first[cut:]
        else:
            out.insert(0, PAGE_BREAK)
    return "".join(out)


def docx_document(
    skel: Skeleton,
    sections: Sequence[Section],
    values: Sequence[str],
    *,
    images: Mapping[str, tuple[bytes, int, int]] | None = None,
) -> bytes:
    """Fill ``skel`` with the body for ``sections`` and ``values``; the DOCX bytes."""
    body = body_xml(sections, values, images=images, image_xml=skel.image_xml)
    image = next(iter(images.values()))[0] if images else None
    return _package(skel, body, image)


def _package(skel: Skeleton, body: str, image: bytes | None) -> bytes:
    out = [skel.package]
    central = [skel.central]
    offset = len(skel.package)
    members = [("word/document.xml", (skel.prefix + body + skel.suffix).encode("utf-8"))]
    if skel.image_part is not None:
        members.append((skel.image_part, image or PLACEHOLDER_PNG))
    for name, blob in members:
        head, record = _zip_entry(name, blob, offset)
        out.append(head)
        central.append(record)
        offset += len(head)
    directory = b"".join(central)
    count = skel.count + len(members)
    out.append(directory)
    out.append(_END.pack(0x06054B50, 0, 0, count, count, len(directory), offset, 0))
    return b"".join(out)


def write_combined(skel: Skeleton, bodies: IO[str], out: IO[bytes]) -> None:
    """
    Write one DOCX whose body is read from ``bodies`` (a text file of body XML).

    The body is streamed into the zip in chunks, so a combined document of
    thousands of letters never sits in memory.
    """
    static = skel.package + skel.central + _END.pack(
        0x06054B50, 0, 0, skel.count, skel.count, len(skel.central), len(skel.package), 0
    )
    with ZipFile(out, "w", ZIP_DEFLATED) as package:
        with ZipFile(io.BytesIO(static)) as source:
            for info in source.infolist():
                package.writestr(_info(info.filename), source.read(info))
        if skel.image_part is not None:
            package.writestr(_info(skel.image_part), PLACEHOLDER_PNG)
        with package.open(_info("word/document.xml"), "w") as target:
            target.write(skel.prefix.encode("utf-8"))
            while chunk := bodies.read(1 << 16):
                target.write(chunk.encode("utf-8"))
            target.write(skel.suffix.encode("utf-8"))
