"""The `sheet` and `report` commands: files written, bad values refused with exit 1."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from tests.cli.conftest import Run


class TestSheetCommand:
    @pytest.mark.parametrize("lang", ["fr", "nl", "ar", "en"])
    def test_writes_each_language(
        self, run: Run, open_case: Callable[..., str], tmp_path: Path, lang: str
    ) -> None:
        case = open_case()
        assert 0 == run("case", "record", case, "notice_received", "--date", "2026-02-02").exit_code
        out = tmp_path / f"s-{lang}.html"
        result = run("sheet", case, "--lang", lang, "--format", "html", "--out", str(out),
                     "--as-of", "2026-02-10", "--json")
        assert 0 == result.exit_code, result.output
        assert {"case": case, "lang": lang, "format": "html", "path": str(out)} == json.loads(
            result.stdout)
        page = out.read_text(encoding="utf-8")
        assert f'lang="{lang}"' in page
        assert "Élise" not in page
        assert "Brabant" not in page

    def test_docx_arabic_is_bidi(
        self, run: Run, open_case: Callable[..., str], tmp_path: Path
    ) -> None:
        case = open_case()
        out = tmp_path / "s.docx"
        result = run("sheet", case, "--lang", "ar", "--format", "docx", "--out", str(out),
                     "--as-of", "2026-02-10")
        assert 0 == result.exit_code, result.output
        document = docx.Document(io.BytesIO(out.read_bytes()))
        assert all(p._p.pPr is not None and p._p.pPr.find(qn("w:bidi")) is not None
                   for p in document.paragraphs if p.text)

    @pytest.mark.parametrize(("args", "field"), [
        (["--lang", "de"], "lang"),
        (["--format", "pdf"], "format"),
        (["--as-of", "2026-13-01"], "as-of"),
    ])
    def test_bad_values_exit_1(
        self, run: Run, open_case: Callable[..., str], tmp_path: Path, args: list[str], field: str
    ) -> None:
        case = open_case()
        out = tmp_path / "s.txt"
        result = run("sheet", case, "--out", str(out), *args)
        assert 1 == result.exit_code
        assert field in result.stderr
        assert not out.exists()

    def test_unknown_case_exit_1(self, run: Run, open_case: Callable[..., str],
                                 tmp_path: Path) -> None:
        open_case()
        result = run("sheet", "2026-NOPE00", "--out", str(tmp_path / "s.txt"))
        assert 1 == result.exit_code


class TestReportCommand:
    @pytest.mark.parametrize("fmt", ["xlsx", "csv", "html", "md"])
    def test_writes_each_format(
        self, run: Run, open_case: Callable[..., str], tmp_path: Path, fmt: str
    ) -> None:
        for _ in range(3):
            open_case()
        areas = run("report", "record-areas", "--json")
        assert 0 == areas.exit_code, areas.output
        assert {"recorded": 3, "without_postcode": 0} == json.loads(areas.stdout)
        again = run("report", "record-areas", "--json")
        assert {"recorded": 0, "without_postcode": 0} == json.loads(again.stdout)
        out = tmp_path / f"r.{fmt}"
        result = run("report", "activity", "--from", "2026-01-01", "--to", "2026-03-31",
                     "--by", "neighbourhood", "--format", fmt, "--out", str(out))
        assert 0 == result.exit_code, result.output
        data = out.read_bytes()
        assert data
        assert b"Dupont" not in data
        assert b"Brabant" not in data

    @pytest.mark.parametrize(("args", "field"), [
        (["--from", "2026-03-01", "--to", "2026-01-01"], "to"),
        (["--from", "2026-01-01", "--to", "2026-03-01", "--by", "street"], "by"),
        (["--from", "2026-01-01", "--to", "2026-03-01", "--format", "pdf"], "format"),
        (["--from", "yesterday", "--to", "2026-03-01"], "from"),
    ])
    def test_bad_values_exit_1(
        self, run: Run, open_case: Callable[..., str], tmp_path: Path, args: list[str], field: str
    ) -> None:
        open_case()
        out = tmp_path / "r.md"
        result = run("report", "activity", *args, "--out", str(out))
        assert 1 == result.exit_code, result.output
        assert field in result.stderr
        assert not out.exists()
