"""One LibreOffice conversion (CI): a letter and a summary open in a real word processor.

Skipped without LibreOffice (``soffice``); CI installs it and sets
``CLSS_HOUSING_REQUIRE_LIBREOFFICE=1`` so that the test fails instead of skipping.
The summary of a typical case converts to exactly one A4 page.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from clss_housing.documents.render import render_letter
from clss_housing.documents.summary import render_summary
from clss_housing.testing.samples import SAMPLE_CASE, SAMPLE_DATE, sample_values
from clss_housing.view import CaseView


if os.environ.get("CLSS_HOUSING_REQUIRE_LIBREOFFICE") and shutil.which("soffice") is None:
    raise RuntimeError("CLSS_HOUSING_REQUIRE_LIBREOFFICE is set but soffice is not installed")

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="LibreOffice is not installed (apt-get install "
                                       "libreoffice-writer)")


def to_pdf(docx: Path, work: Path) -> bytes:
    """Convert ``docx`` with LibreOffice (headless); the PDF's bytes."""
    soffice = shutil.which("soffice")
    assert soffice is not None
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{work / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(work), str(docx)],
        check=True, capture_output=True, timeout=180,
    )
    return (work / (docx.stem + ".pdf")).read_bytes()


def pages(pdf: bytes) -> int:
    """The number of pages of a PDF (its page objects)."""
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_letter_and_summary_convert(views: dict[str, CaseView], tmp_path: Path) -> None:
    """L1 converts to a PDF; the arrears household's summary fits one page."""
    letter = tmp_path / "L1.docx"
    letter.write_bytes(render_letter(views[SAMPLE_CASE["L1"]], "L1", lang="fr", fmt="docx",
                                     values=sample_values("L1", "fr"), as_of=SAMPLE_DATE))
    assert to_pdf(letter, tmp_path).startswith(b"%PDF")
    summary = tmp_path / "summary.docx"
    summary.write_bytes(render_summary(views["arrears"], "lead", fmt="docx", as_of=SAMPLE_DATE,
                                       chart=False))
    assert 1 == pages(to_pdf(summary, tmp_path))
