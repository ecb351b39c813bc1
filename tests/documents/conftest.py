"""Fixtures for the documents tests: the sample casebook and readers of each format."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from typing import Any

import docx
import pytest

from clss_housing.casebook import Casebook
from clss_housing.testing.samples import build_sample_cases
from clss_housing.view import CaseView


@pytest.fixture(scope="session")
def sample_book() -> Iterator[tuple[Casebook, dict[str, str]]]:
    """The three sample households in one in-memory casebook."""
    book = Casebook.open("memory:")
    cases = build_sample_cases(book)
    yield book, cases
    book.close()


@pytest.fixture(scope="session")
def views(sample_book: tuple[Casebook, dict[str, str]]) -> dict[str, CaseView]:
    """The sample cases' views by household name (``arrears``, ``eviction``, ``lease``)."""
    book, cases = sample_book
    return {name: book.load(case_id) for name, case_id in cases.items()}


def docx_text(data: bytes) -> str:
    """Every text of a DOCX as python-docx reads it: header, body paragraphs, table cells."""
    document = docx.Document(io.BytesIO(data))
    parts: list[str] = []
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    parts.extend(p.text for p in document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def style_name(paragraph: Any) -> str:
    """The name of a python-docx paragraph's style ("" when it has none)."""
    style = paragraph.style
    return str(style.name) if style is not None else ""


def html_text(data: bytes) -> str:
    """The visible text of an HTML page (tags dropped, entities decoded)."""
    body = data.decode("utf-8").split("<body>", 1)[1]
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def md_text(data: bytes) -> str:
    """Markdown with its backslash escapes and hard breaks undone."""
    text = data.decode("utf-8").replace("\\\n", "\n")
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def text_of(fmt: str, data: bytes) -> str:
    """The text a reader sees in a document of ``fmt``."""
    if fmt == "docx":
        return docx_text(data)
    if fmt == "html":
        return html_text(data)
    if fmt == "md":
        return md_text(data)
    return data.decode("utf-8")
