"""Build the letter gallery: a PNG of the first page of every letter in French and Dutch.

Each letter of the catalogue, with the installed partner plugins' letters (the ULS and
CPAS de Schaerbeek letters), is rendered as DOCX for the sample households of
:mod:`clss_housing.testing.samples`, converted to PDF by LibreOffice
(headless), and its first page rasterised by ``pdftoppm`` (poppler).  The
pictures and ``index.md`` (the catalogue with the pictures) are written next
to this script, so staff can pick the right letter by looking.

Usage::

    python docs/letters/build_gallery.py [--out DIR] [--dpi 60] [--keep-docx]

Needs ``soffice`` (``apt-get install libreoffice-writer``) and ``pdftoppm``
(``apt-get install poppler-utils``); exits with status 2 when either is missing.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from clss_housing.casebook import Casebook
from clss_housing.documents import render_letter, render_summary
from clss_housing.documents.catalogue import LetterSpec
from clss_housing.plugins import PluginEnvironment
from clss_housing.testing.samples import (
    SAMPLE_CASE,
    SAMPLE_DATE,
    SAMPLE_LETTERHEAD,
    build_sample_cases,
    sample_values,
)


HERE = Path(__file__).resolve().parent
LANGS = ("fr", "nl")


def render_all(work: Path, env: PluginEnvironment) -> list[Path]:
    """Write every letter of ``env`` (and a summary per language) as DOCX into ``work``."""
    book = Casebook.open("memory:", plugins=env)
    cases = build_sample_cases(book)
    views = {name: book.load(case_id) for name, case_id in cases.items()}
    written = []
    for spec in env.catalogue.all():
        household = SAMPLE_CASE.get(spec.id)
        if household is None:  # a letter without sample facts (the SSM letters need consent)
            continue
        for lang in LANGS:
            # The worker's letters and the union's collective letters carry its letterhead.
            union = spec.id.startswith("uls-")
            head = SAMPLE_LETTERHEAD if spec.sender == "worker" or union else None
            data = render_letter(views[household], spec.id, lang=lang, fmt="docx",
                                 values=sample_values(spec.id, lang), as_of=SAMPLE_DATE,
                                 letterhead=head, catalogue=env.catalogue,
                                 rules=env.rules.rules, partners=env.partners)
            path = work / f"{spec.id}.{lang}.docx"
            path.write_bytes(data)
            written.append(path)
    for lang, household in (("fr", "arrears"), ("nl", "eviction")):
        data = render_summary(views[household], "lead", fmt="docx", as_of=SAMPLE_DATE,
                              letterhead=SAMPLE_LETTERHEAD, chart=False)  # as `summary` writes
        path = work / f"summary.{lang}.docx"
        path.write_bytes(data)
        written.append(path)
    return written


def to_png(docs: list[Path], work: Path, out: Path, dpi: int) -> list[Path]:
    """Convert the DOCX files to PDF in one LibreOffice run, then page 1 of each to PNG."""
    profile = work / "lo-profile"
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    assert soffice is not None
    assert pdftoppm is not None
    subprocess.run(  # noqa: S603 - fixed program, our own file names
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(work), *map(str, docs)],
        check=True, capture_output=True, timeout=600,
    )
    pictures = []
    for doc in docs:
        pdf = doc.with_suffix(".pdf")
        target = out / doc.stem
        subprocess.run(  # noqa: S603 - fixed program, our own file names
            [pdftoppm, "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile",
             str(pdf), str(target)],
            check=True, capture_output=True, timeout=120,
        )
        picture = target.parent / f"{target.name}.png"
        _shrink(picture)
        pictures.append(picture)
    return pictures


def _shrink(picture: Path) -> None:
    """Reduce the picture to 64 colours when Pillow is installed (a third of the size)."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(picture) as image:
        small = image.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    small.save(picture, optimize=True)


def index(specs: list[LetterSpec], pictures: Path = HERE) -> str:
    """
    The gallery page: one section per letter with its facts and both pictures.

    A letter whose pictures are not in ``pictures`` yet gets a line saying so instead
    of a broken image.
    """
    lines = [
        "# Letter gallery",
        "",
        "The first page of every standard letter and of the partner plugins' letters, in",
        "French and Dutch, rendered from the",
        "DOCX for the sample households of `clss_housing.testing.samples` (fictitious",
        f"people, {SAMPLE_DATE.isoformat()}).  Regenerate with",
        "`python docs/letters/build_gallery.py` (LibreOffice and poppler needed).",
        "",
        "`needs` are the facts a case cannot supply (give them with `--set NAME=VALUE`).",
        "",
    ]
    for spec in specs:
        if spec.id not in SAMPLE_CASE:
            continue
        needs = ", ".join(f"`{f.name}` ({f.type})" for f in spec.needs) or "—"
        lines += [
            f"## {spec.id} — {spec.title['fr']} / {spec.title['nl']}",
            "",
            f"- **Addressee:** {spec.addressee['fr']} / {spec.addressee['nl']}",
            f"- **Purpose:** {spec.purpose['fr']}",
            f"- **Legal basis:** {'; '.join(spec.legal_basis('fr'))} / "
            f"{'; '.join(spec.legal_basis('nl'))}",
            f"- **Registered post:** {'yes' if spec.registered else 'no'}",
            f"- **Needs:** {needs}",
            "",
        ]
        if all((pictures / f"{spec.id}.{lang}.png").exists() for lang in LANGS):
            lines += [
                "| Français | Nederlands |",
                "|---|---|",
                f"| ![{spec.id} fr]({spec.id}.fr.png) | ![{spec.id} nl]({spec.id}.nl.png) |",
                "",
            ]
        else:
            lines += ["*(pictures not built yet: run `build_gallery.py`)*", ""]
    lines += [
        "## Case summary (lead worker) / Overzicht van het dossier",
        "",
        "| Français | Nederlands |",
        "|---|---|",
        "| ![summary fr](summary.fr.png) | ![summary nl](summary.nl.png) |",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Build the gallery; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the pictures")
    parser.add_argument("--dpi", type=int, default=60, help="resolution of the pictures")
    parser.add_argument("--keep-docx", action="store_true", help="keep the DOCX and PDF files")
    args = parser.parse_args(argv)
    missing = [tool for tool in ("soffice", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        print(f"missing tools: {', '.join(missing)} (apt-get install libreoffice-writer "
              "poppler-utils)", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = PluginEnvironment.installed()
        docs = render_all(work, env)
        pictures = to_png(docs, work, args.out, args.dpi)
        if args.keep_docx:
            for doc in docs:
                shutil.copy(doc, args.out / doc.name)
                shutil.copy(doc.with_suffix(".pdf"), args.out / doc.with_suffix(".pdf").name)
    specs = list(PluginEnvironment.installed().catalogue.all())
    (args.out / "index.md").write_text(index(specs, args.out), encoding="utf-8")
    print(f"{len(pictures)} pictures and index.md written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
