"""
Document benchmarks (issue 4, "How fast").

=========================  ==================================================  ======
benchmark                  floor (same logical work, most direct tool)         target
=========================  ==================================================  ======
documents.docx_letter      copy a prebuilt DOCX of the same letter with        3x
                           ``zipfile`` and replace placeholders in its
                           ``word/document.xml`` with the XML-escaped values
documents.text_letter      a bare Jinja2 render of the same template with the  2x
                           same context (same loader and whitespace options,
                           values printed in the letter's language)
documents.batch_1000       (limit) peak memory of a 1,000-member DOCX batch    1.25x
                           over a 100-member batch: it must stay flat
=========================  ==================================================  ======

Both single-letter benchmarks start from the same prepared facts (a case of
60 entries and the worker's extra values) so that ours and the floor render
from the same context; the note also gives the full path from the case view
(:func:`render_letter`, facts collected) in letters per second.
"""

from __future__ import annotations

import io
import json
import os
import re
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, unescape

import jinja2
from _harness import Benchmark, Config, Limit, Result, Subject, benchmark, format_bytes

from clss_housing.casebook import Casebook
from clss_housing.documents.facts import Facts
from clss_housing.documents.formatting import (
    format_date,
    format_decimal,
    format_money,
    format_value,
)
from clss_housing.documents.render import (
    TEMPLATE_DIR,
    letter_sections,
    prepare_letter,
    render_facts,
    render_letter,
)
from clss_housing.testing.samples import sample_values
from clss_housing.view import CaseView
from ledger import case_entries, open_kwargs


__all__ = ["AS_OF", "LETTER", "docx_template", "fill_docx", "prepared"]

AS_OF = date(2026, 3, 2)
#: A letter a case can supply (with the worker's few extra values): the CPAS aid request.
LETTER = "L2"
LANG = "fr"
DOCUMENT = "word/document.xml"
_TEXT_NODE = re.compile(r"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)")


def prepared() -> tuple[CaseView, dict[str, str], Facts]:
    """A case view, the worker's values and the prepared facts of :data:`LETTER`."""
    book = Casebook.open("memory:")
    kwargs = open_kwargs()
    kwargs["tenant"] = "Amina El Idrissi & Youssef Benali"  # an '&' the writers must escape
    case_id = book.open_case(**kwargs, case_id="2024-DOC1")
    book.record_many(case_id, case_entries(60))
    view = book.load(case_id)
    values = sample_values(LETTER, LANG)
    facts = prepare_letter(view, LETTER, lang=LANG, values=values, as_of=AS_OF)
    return view, values, facts


def docx_template(document: bytes, values: list[str]) -> tuple[PrecompressedDocx, list[str]]:
    """
    Turn a rendered DOCX into the floor's prebuilt template.

    Every part but ``word/document.xml`` is deflated **once**, here, and kept as
    ready-made zip bytes, so that filling a letter only deflates
    ``word/document.xml`` and copies the rest as it is: the least work any
    template filler can do (copying uncompressed parts would make the floor
    do more than we do, and flatter us).  Every printed value found in a text
    node of ``word/document.xml`` is replaced by a placeholder ``{{n}}``;
    filling them back with the XML-escaped values gives the very same XML.
    Returns the template and the values in placeholder order.
    """
    escaped = sorted({escape(v) for v in values if v.strip()}, key=len, reverse=True)
    order: list[str] = []

    def to_placeholder(text: str) -> str:
        for value in escaped:
            if value in text:
                order.append(value)
                text = text.replace(value, "{{%d}}" % (len(order) - 1))  # noqa: UP031
        return text

    def node(match: re.Match[str]) -> str:
        return match[1] + to_placeholder(match[2]) + match[3]

    source = zipfile.ZipFile(io.BytesIO(document))
    parts: list[tuple[str, bytes | None, bytes | None]] = []
    body = ""
    for item in source.infolist():
        data = source.read(item)
        if item.filename == DOCUMENT:
            body = _TEXT_NODE.sub(node, data.decode("utf-8"))
            parts.append((item.filename, None, None))
        else:
            parts.append((item.filename, data, _deflate(data)))
    return PrecompressedDocx(tuple(parts), body), order


def _deflate(blob: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(blob) + packer.flush()


_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")


@dataclass(frozen=True)
class PrecompressedDocx:
    """The floor's template: per part its name, raw and deflated bytes; the body to fill."""

    parts: tuple[tuple[str, bytes | None, bytes | None], ...]
    body: str


_PLACEHOLDER = re.compile(r"\{\{(\d+)\}\}")


def fill_docx(template: PrecompressedDocx, values: list[str]) -> bytes:
    """The floor: deflate the filled ``word/document.xml``, copy the pre-deflated parts."""
    body = _PLACEHOLDER.sub(lambda m: values[int(m[1])], template.body).encode("utf-8")
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, raw, packed in template.parts:
        if raw is None:
            raw, packed = body, _deflate(body)
        assert packed is not None
        crc = zlib.crc32(raw) & 0xFFFFFFFF
        encoded = name.encode("utf-8")
        head = _LOCAL.pack(0x04034B50, 20, 0x0800, 8, 0, 33, crc, len(packed), len(raw),
                           len(encoded), 0) + encoded
        central.append(_CENTRAL.pack(0x02014B50, 20, 20, 0x0800, 8, 0, 33, crc, len(packed),
                                     len(raw), len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
        out += (head, packed)
        offset += len(head) + len(packed)
    directory = b"".join(central)
    end = _END.pack(0x06054B50, 0, 0, len(central), len(central), len(directory), offset, 0)
    return b"".join(out) + directory + end


@benchmark("documents.docx_letter")
def docx_letter(cfg: Config) -> Benchmark:
    """render_facts(facts, fmt="docx") vs zipfile copy + placeholder replacement."""
    view, values, facts = prepared()
    ours_once = render_facts(facts, fmt="docx")
    _, printed = letter_sections(facts)
    template, order = docx_template(ours_once, printed)
    # The floor escapes the values itself, as any template filler must.
    raw = [unescape(v) for v in order]
    ops = cfg.size(200, 5)

    def ours() -> object:
        data = b""
        for _ in range(ops):
            data = render_facts(facts, fmt="docx")
        return data

    def floor() -> object:
        data = b""
        for _ in range(ops):
            data = fill_docx(template, [escape(v) for v in raw])
        return data

    def same(ours_data: object, floor_data: object) -> None:
        assert isinstance(ours_data, bytes)
        assert isinstance(floor_data, bytes)
        mine = zipfile.ZipFile(io.BytesIO(ours_data))
        theirs = zipfile.ZipFile(io.BytesIO(floor_data))
        if mine.read(DOCUMENT) != theirs.read(DOCUMENT):
            raise AssertionError("the floor's word/document.xml differs from ours")
        if sorted(mine.namelist()) != sorted(theirs.namelist()):
            raise AssertionError("the floor's DOCX has other parts than ours")

    full = _full_path_rate(view, values, "docx")

    def note(result: Result) -> str:
        return (f"{1 / result.ours:,.0f} letters/s (floor {1 / (result.floor or 1):,.0f});"
                f" from the case view {full():,.0f} letters/s")

    return Benchmark(
        name="documents.docx_letter",
        what="one DOCX letter from its facts vs pre-deflated parts + placeholders",
        ours=Subject(ours, ops=ops, label='render_facts(facts, fmt="docx")'),
        floor=Subject(floor, ops=ops,
                      label="pre-deflated parts copied, document.xml filled and deflated"),
        target=3.0,
        repeat=cfg.size(9, 2),
        same=same,
        note=note,
    )


def _full_path_rate(view: CaseView, values: dict[str, str], fmt: str) -> Any:
    """Letters per second of render_letter from the case view, measured on demand."""
    import time

    def rate() -> float:
        count = 20
        render_letter(view, LETTER, lang=LANG, fmt=fmt, values=values, as_of=AS_OF)
        start = time.perf_counter()
        for _ in range(count):
            render_letter(view, LETTER, lang=LANG, fmt=fmt, values=values, as_of=AS_OF)
        return count / (time.perf_counter() - start)

    return rate


@benchmark("documents.text_letter")
def text_letter(cfg: Config) -> Benchmark:
    """render_facts(facts, fmt="txt") vs a bare Jinja2 render of the same template."""
    view, values, facts = prepared()
    lang = LANG
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=lambda value: "" if value is None else format_value(value, lang),
    )
    env.filters.update(
        money=lambda v: format_money(v, lang),
        date=lambda v, style="long": format_date(v, lang, style),
        numdate=lambda v: format_date(v, lang, "numeric"),
        decimal=lambda v: format_decimal(v, lang),
    )
    template = env.get_template(f"letters/{LETTER}.{lang}.j2")
    context = dict(facts.context)
    _, printed = letter_sections(facts)
    ops = cfg.size(300, 5)

    def ours() -> object:
        text = b""
        for _ in range(ops):
            text = render_facts(facts, fmt="txt")
        return text.decode("utf-8")

    def floor() -> object:
        text = ""
        for _ in range(ops):
            text = template.render(context)
        return text

    def same(ours_text: object, floor_text: object) -> None:
        assert isinstance(ours_text, str)
        assert isinstance(floor_text, str)
        for value in printed:
            first = value.splitlines()[0] if value.strip() else ""
            if first and (first not in ours_text or first not in floor_text):
                raise AssertionError("ours and the floor do not print the same values")

    full = _full_path_rate(view, values, "txt")

    def note(result: Result) -> str:
        return (f"{1 / result.ours:,.0f} letters/s (floor {1 / (result.floor or 1):,.0f});"
                f" from the case view {full():,.0f} letters/s")

    return Benchmark(
        name="documents.text_letter",
        what="one text letter from its facts vs a bare Jinja2 render",
        ours=Subject(ours, ops=ops, label='render_facts(facts, fmt="txt")'),
        floor=Subject(floor, ops=ops, label="jinja2 Template.render(context)"),
        target=2.0,
        repeat=cfg.size(9, 2),
        same=same,
        note=note,
    )


_CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    from datetime import date
    from pathlib import Path
    from clss_housing.documents.batch import render_batch

    source, out, letter, lang = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
    # warm up: imports, the skeleton and the compiled template, outside what is compared
    render_batch(letter, source, lang=lang, fmt="docx", out_dir=out / "warm",
                 as_of=date(2026, 3, 2), combined=False)
    start = time.perf_counter()
    report = render_batch(letter, source, lang=lang, fmt="docx", out_dir=out / "run",
                          as_of=date(2026, 3, 2))
    elapsed = time.perf_counter() - start
    # VmHWM: this process's own peak RSS (ru_maxrss keeps the parent's across exec).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    peak = int(line.split()[1]) * 1024
    except OSError:
        pass
    print(json.dumps({"seconds": elapsed, "written": len(report.written),
                      "invalid": len(report.invalid), "peak": peak}))
    """
)


def _members_csv(path: Path, count: int) -> None:
    names = ("Amina El Idrissi", "Jan Peeters", "Marie Dubois & fils", "Yusuf Kaya",
             "Sofia Rossi", "Nguyễn Văn An")
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("tenant;tenant_address;guarantee_amount\n")
        for index in range(count):
            fh.write(f"{names[index % len(names)]} {index};"
                     f"Rue Royale {index % 300 + 1}, 1030 Schaerbeek;"
                     f"{1000 + index % 900},00\n")


def _run_batch(cfg: Config, count: int) -> dict[str, Any]:
    folder = cfg.tmp / f"batch-{count}"
    folder.mkdir()
    source = folder / "members.csv"
    _members_csv(source, count)
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parent.parent / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(source), str(folder), "L16", LANG],
        capture_output=True, text=True, env=env, check=True, timeout=1800,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if result["written"] != count:
        raise AssertionError(f"the batch wrote {result['written']} of {count} letters")
    return result


@benchmark("documents.batch_1000")
def batch_1000(cfg: Config) -> Limit:
    """Peak memory of a 1,000-member DOCX batch relative to a 100-member one (flat)."""
    big = cfg.size(1000, 20)
    small = cfg.size(100, 5)
    runs: dict[str, dict[str, Any]] = {}

    def measure() -> float:
        runs["small"] = _run_batch(cfg, small)
        runs["big"] = _run_batch(cfg, big)
        return float(runs["big"]["peak"] / runs["small"]["peak"])

    def note(result: Result) -> str:
        b, s = runs["big"], runs["small"]
        return (f"{big:,} letters in {b['seconds']:.2f} s ({big / b['seconds']:,.0f}/s);"
                f" peak RSS {format_bytes(b['peak'])} vs {format_bytes(s['peak'])}"
                f" for {small:,}")

    return Limit(
        name="documents.batch_1000",
        what=f"peak memory of a {big:,}-member DOCX batch / a {small:,}-member one",
        measure=measure,
        limit=1.25,
        unit="x",
        note=note,
    )
