"""
Rapport du matin / Morning report: what is due this week, and the letters to send.

Pour qui / Who it is for: the staff of a tenant union or a CPAS housing cell.
No Python knowledge is needed — run one command and open the HTML file.

Comment l'utiliser / How to run it (from the project folder)::

    python examples/morning_report.py
    python examples/morning_report.py --out rapport --days 14
    python examples/morning_report.py --db sqlite:///autre-dossier.db
    python examples/morning_report.py --demo

What it does:

1. opens the same casebook as the ``clss-housing`` command: ``--db``, else the
   ``CLSS_HOUSING_DB`` variable, else ``clss-housing.db`` in the current folder.
   When that file does not exist it says so and stops (exit 1) rather than
   creating an empty one; ``clss-housing demo`` makes a sample casebook there.
   ``--demo`` instead works on a temporary casebook filled with the five demo
   households (the same as ``clss-housing demo``), which is deleted afterwards —
   demo households are never added to a real casebook;
2. lists every deadline of every case falling in the next seven days
   (``--days`` to change), sorted by date;
3. for each deadline, proposes the letters that usually answer it, in the
   tenant's language, and writes each letter as a Word (DOCX) file when the
   case holds every fact it needs — otherwise it names the facts to complete
   (``clss-housing letter render … --set fact=value``);
4. writes ``morning-report.html`` in the output folder (default
   ``./morning-report``) and prints a short summary.

Exit code 0 when the report was written, 1 when the casebook cannot be opened
(the message says why and what to do).
"""

from __future__ import annotations

import argparse
import html
import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import attrs

from clss_housing import Casebook, MissingFactsError, StoreError, ValidationError
from clss_housing.cli.context import DEFAULT_DB, redact_url
from clss_housing.cli.demo import build_demo
from clss_housing.deadlines import Deadline, casebook_deadlines
from clss_housing.documents import letter, render_letter, safe_filename


__all__ = ["LETTERS_FOR_RULE", "LetterToSend", "database_url", "main", "morning_report"]

#: The letters that usually answer a deadline (rule id → letter ids).
LETTERS_FOR_RULE: dict[str, tuple[str, ...]] = {
    "pre_court_waiting_period": ("L1", "L2"),
    "notice_deemed_received": ("L1",),
    "hearing_min_date": ("L3",),
    "hearing": ("L5",),
    "appeal": (),
    "opposition": (),
    "earliest_eviction": ("L6", "L7"),
    "bailiff_notice": ("L6", "L7"),
    "eviction_date": ("L6", "L7"),
    "payment_plan_instalment": (),
    "guarantee_return": ("L13",),
    "indexation": ("L11",),
    "lease_notice_end": ("L14", "L16"),
}


@attrs.frozen
class LetterToSend:
    """A letter proposed for a deadline: written to ``path``, or blocked by ``missing`` facts."""

    deadline: Deadline
    letter_id: str
    lang: str
    title: str
    path: Path | None
    missing: tuple[str, ...]


def morning_report(
    book: Casebook, today: date, days: int, out_dir: Path
) -> tuple[Path, list[Deadline], list[LetterToSend]]:
    """
    Write the morning report of *book* for ``[today, today + days]`` into *out_dir*.

    Args:
        book: the casebook.
        today: the report's day.
        days: how many days ahead to look.
        out_dir: the folder for the HTML report and the letters (created if needed).

    Returns:
        The HTML file, the deadlines listed and the letters proposed.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    letters_dir = out_dir / "lettres-brieven"
    deadlines = casebook_deadlines(book, today, days)
    proposals: list[LetterToSend] = []
    for deadline in deadlines:
        view = book.load(deadline.case)
        for letter_id in LETTERS_FOR_RULE.get(deadline.rule, ()):
            spec = letter(letter_id)
            lang = view.lang if view.lang in spec.languages else spec.languages[0]
            title = spec.title.get(lang, letter_id)
            try:
                data = render_letter(view, letter_id, lang=lang, fmt="docx", as_of=today)
            except MissingFactsError as exc:
                proposals.append(LetterToSend(deadline, letter_id, lang, title, None, exc.missing))
                continue
            except ValidationError:
                continue
            letters_dir.mkdir(exist_ok=True)
            path = letters_dir / safe_filename(f"{letter_id}-{deadline.case}-{lang}.docx")
            path.write_bytes(data)
            proposals.append(LetterToSend(deadline, letter_id, lang, title, path, ()))
    report = out_dir / "morning-report.html"
    report.write_text(_html(book, today, days, deadlines, proposals, out_dir), encoding="utf-8")
    return report, deadlines, proposals


def _html(book: Casebook, today: date, days: int, deadlines: Sequence[Deadline],
          proposals: Sequence[LetterToSend], out_dir: Path) -> str:
    esc = html.escape
    rows = []
    for d in deadlines:
        tenant = book.load(d.case).opened.tenant
        letters = []
        for p in proposals:
            if p.deadline is not d:
                continue
            if p.path is not None:
                href = p.path.relative_to(out_dir).as_posix()
                letters.append(f'<a href="{esc(href)}">{esc(p.letter_id)}</a> — {esc(p.title)}')
            else:
                letters.append(f"{esc(p.letter_id)} — {esc(p.title)} "
                               f"<em>(à compléter / to complete: {esc(', '.join(p.missing))})</em>")
        rows.append(
            "<tr>"
            f"<td>{esc(str(d.date))}</td><td>{esc(d.case)}</td><td>{esc(tenant)}</td>"
            f"<td>{esc(d.title)}<br><small>{esc(d.basis)}</small></td>"
            f"<td>{'<br>'.join(letters) or '—'}</td>"
            "</tr>"
        )
    nothing = '<tr><td colspan="5">Rien cette semaine / Nothing due this week</td></tr>'
    body = "\n".join(rows) or nothing
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>Rapport du matin / Morning report {today.isoformat()}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #999;padding:.4em;vertical-align:top}}th{{background:#eee}}</style>
</head><body>
<h1>Rapport du matin / Morning report</h1>
<p>{today.isoformat()} — échéances des {days} prochains jours / deadlines in the next {days} days:
<strong>{len(deadlines)}</strong>.</p>
<table><thead><tr><th>Date</th><th>Dossier / Case</th><th>Locataire / Tenant</th>
<th>Échéance / Deadline</th><th>Lettres à envoyer / Letters to send</th></tr></thead>
<tbody>
{body}
</tbody></table>
</body></html>
"""


def database_url(option: str | None, environ: Mapping[str, str]) -> str:
    """The casebook to open, chosen as ``clss-housing`` does: option, variable, default."""
    return option or environ.get("CLSS_HOUSING_DB") or DEFAULT_DB


def _missing_sqlite_file(url: str) -> Path | None:
    """The SQLite file named by *url* when it does not exist (it would be created empty)."""
    if not url.startswith("sqlite:///"):
        return None
    name = url[len("sqlite:///"):]
    if not name or name == ":memory:" or Path(name).exists():
        return None
    return Path(name)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options, open the casebook (or a temporary demo one), write the report."""
    parser = argparse.ArgumentParser(description="Rapport du matin / Morning report")
    parser.add_argument("--db", help="database URL (default: CLSS_HOUSING_DB, else "
                        "sqlite:///clss-housing.db in the current folder)")
    parser.add_argument("--demo", action="store_true",
                        help="use a temporary casebook with the demo households instead")
    parser.add_argument("--out", type=Path, default=Path("morning-report"),
                        help="output folder (default ./morning-report)")
    parser.add_argument("--days", type=int, default=7, help="days ahead (default 7)")
    parser.add_argument("--today", type=date.fromisoformat, default=date.today(),
                        help="report day YYYY-MM-DD (default today)")
    args = parser.parse_args(argv)
    if args.days < 0:
        parser.error("--days must be 0 or more")
    if args.demo and args.db:
        parser.error("--demo and --db cannot be used together")
    with tempfile.TemporaryDirectory() as tmp:
        if args.demo:
            url = f"sqlite:///{Path(tmp) / 'demo.db'}"
        else:
            url = database_url(args.db, os.environ)
            missing = _missing_sqlite_file(url)
            if missing is not None:
                print(f"Erreur : pas de base de dossiers à {missing} / Error: no casebook at "
                      f"{missing}.\n"
                      "Créez-en une avec `clss-housing demo` ou `clss-housing case open`, donnez "
                      "--db URL, ou essayez --demo. / Make one with `clss-housing demo` or "
                      "`clss-housing case open`, give --db URL, or try --demo.",
                      file=sys.stderr)
                return 1
        try:
            book = Casebook.open(url)
        except StoreError as exc:
            print(f"Erreur / Error: {redact_url(str(exc))}", file=sys.stderr)
            return 1
        with book:
            if args.demo:
                print("Dossiers de démonstration (base temporaire) / "
                      "Demo cases (temporary casebook)")
                build_demo(book, Path(tmp) / "demo-files", today=args.today)
            elif not book.case_ids():
                print("Aucun dossier dans la base / No case in the casebook")
            report, deadlines, proposals = morning_report(book, args.today, args.days, args.out)
    written = [p for p in proposals if p.path is not None]
    print(f"Échéances / Deadlines: {len(deadlines)}")
    for d in deadlines:
        print(f"  {d.date}  {d.case}  {d.rule}")
    print(f"Lettres écrites / Letters written: {len(written)}")
    print(f"Lettres à compléter / Letters to complete: {len(proposals) - len(written)}")
    print(f"Rapport / Report: {report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
