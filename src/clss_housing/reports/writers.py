"""
The activity report written as Markdown, CSV, HTML (with inline SVG charts) or XLSX.

Every writer prints only :attr:`~clss_housing.reports.activity.Cell.shown`
(``<5`` for a suppressed cell), fixed labels and group names (partner ids of
the installed profiles, postcodes, area ids, months): never a name, an
address, a free text or a case id.  The output depends on the report only,
so the same casebook gives the same bytes (the XLSX file has fixed
timestamps), before and after an erasure.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Final
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from clss_housing.errors import ValidationError
from clss_housing.reports.activity import (
    NONE_GROUP,
    OTHER_GROUP,
    PREVIOUS,
    TOTAL,
    ActivityReport,
    ReportTable,
)


__all__ = ["REPORT_FORMATS", "REPORT_LANGS", "label", "render_report"]

REPORT_FORMATS: Final = ("xlsx", "csv", "html", "md")
REPORT_LANGS: Final = ("fr", "nl", "en")

_L: Final[Mapping[str, tuple[str, str, str]]] = {
    # (fr, nl, en)
    "title": ("Rapport d'activité", "Activiteitenverslag", "Activity report"),
    "period": ("Période", "Periode", "Period"),
    "previous_period": ("Période précédente", "Vorige periode", "Previous period"),
    "figure": ("Indicateur", "Indicator", "Figure"),
    "method": (
        "Ménages comptés une fois par indicateur et par colonne. Une case derrière moins de "
        "5 ménages est affichée « <5 », ainsi que les cases qui permettraient de la retrouver "
        "par soustraction. Aucun nom, adresse, texte libre ni numéro de dossier.",
        "Huishoudens één keer geteld per indicator en per kolom. Een vak achter minder dan "
        "5 huishoudens staat als „<5”, net als de vakken waarmee men het door aftrekken zou "
        "terugvinden. Geen naam, adres, vrije tekst of dossiernummer.",
        "Households counted once per figure and per column. A cell behind fewer than 5 "
        "households reads \"<5\", and so do the cells that would let it be found back by "
        "subtraction. No name, address, free text or case id.",
    ),
    "amounts": ("Montants en euros.", "Bedragen in euro.", "Amounts in euros."),
    "col:*total": ("Période", "Periode", "Period"),
    "col:*previous": ("Période précédente", "Vorige periode", "Previous period"),
    "col:none": ("aucun", "geen", "none"),
    "col:other": ("autres", "andere", "other"),
    "t:households": ("Ménages et dossiers", "Huishoudens en dossiers", "Households and cases"),
    "t:stages": ("Étapes atteintes", "Bereikte stappen", "Stages reached"),
    "t:evictions_avoided": ("Expulsions évitées", "Vermeden uithuiszettingen",
                            "Evictions avoided"),
    "t:payment_plans": ("Plans de paiement", "Afbetalingsplannen", "Payment plans"),
    "t:arrears": ("Arriérés", "Achterstallen", "Arrears"),
    "t:aid": ("Aides payées par source", "Betaalde steun per bron", "Aid paid by source"),
    "t:referrals": ("Orientations vers les partenaires", "Doorverwijzingen naar partners",
                    "Referrals to partners"),
    "households_followed": ("Ménages suivis", "Gevolgde huishoudens", "Households followed"),
    "cases_new": ("Nouveaux dossiers", "Nieuwe dossiers", "New cases"),
    "cases_closed": ("Dossiers clôturés", "Afgesloten dossiers", "Cases closed"),
    "lang_fr": ("… dont dossiers en français", "… waarvan dossiers in het Frans",
                "… of which cases in French"),
    "lang_nl": ("… dont dossiers en néerlandais", "… waarvan dossiers in het Nederlands",
                "… of which cases in Dutch"),
    "stage_notice": ("Mise en demeure reçue", "Ingebrekestelling ontvangen",
                     "Formal notice received"),
    "stage_petition": ("Requête déposée", "Verzoekschrift ingediend", "Petition filed"),
    "stage_hearing": ("Audience fixée", "Zitting vastgelegd", "Hearing scheduled"),
    "stage_judgment_eviction": ("Jugement : expulsion", "Vonnis: uithuiszetting",
                                "Judgment: eviction"),
    "stage_judgment_payment_terms": ("Jugement : termes de paiement",
                                     "Vonnis: betalingstermijnen", "Judgment: payment terms"),
    "stage_judgment_dismissed": ("Jugement : demande rejetée", "Vonnis: vordering afgewezen",
                                 "Judgment: claim dismissed"),
    "stage_eviction_scheduled": ("Expulsion fixée", "Uithuiszetting vastgelegd",
                                 "Eviction scheduled"),
    "stage_eviction_carried_out": ("Expulsion exécutée", "Uithuiszetting uitgevoerd",
                                   "Eviction carried out"),
    "stage_eviction_cancelled": ("Expulsion annulée", "Uithuiszetting afgelast",
                                 "Eviction cancelled"),
    "eviction_avoided": ("Expulsions évitées", "Vermeden uithuiszettingen",
                         "Evictions avoided"),
    "plans_agreed": ("Plans convenus", "Afgesproken plannen", "Plans agreed"),
    "plans_honoured": ("Plans respectés jusqu'au bout", "Plannen volledig nageleefd",
                       "Plans honoured to the end"),
    "plans_defaulted": ("Plans non respectés", "Niet nageleefde plannen", "Plans defaulted"),
    "arrears_intake_households": ("Ménages avec arriérés à l'ouverture",
                                  "Huishoudens met achterstal bij opening",
                                  "Households with arrears at intake"),
    "arrears_intake_sum": ("Arriérés à l'ouverture : somme", "Achterstal bij opening: som",
                           "Arrears at intake: sum"),
    "arrears_intake_median": ("Arriérés à l'ouverture : médiane",
                              "Achterstal bij opening: mediaan", "Arrears at intake: median"),
    "arrears_settled_households": ("Ménages ayant apuré leurs arriérés",
                                   "Huishoudens die hun achterstal aanzuiverden",
                                   "Households whose arrears were settled"),
    "arrears_settled_sum": ("Arriérés apurés : somme", "Aangezuiverde achterstal: som",
                            "Arrears settled: sum"),
    "arrears_settled_median": ("Arriérés apurés : médiane", "Aangezuiverde achterstal: mediaan",
                               "Arrears settled: median"),
    "aid_cpas_households": ("CPAS : ménages aidés", "OCMW: geholpen huishoudens",
                            "CPAS: households helped"),
    "aid_cpas_sum": ("CPAS : montant payé", "OCMW: betaald bedrag", "CPAS: amount paid"),
    "aid_fonds_logement_households": ("Fonds du Logement : ménages aidés",
                                      "Woningfonds: geholpen huishoudens",
                                      "Fonds du Logement: households helped"),
    "aid_fonds_logement_sum": ("Fonds du Logement : montant payé",
                               "Woningfonds: betaald bedrag", "Fonds du Logement: amount paid"),
    "aid_other_households": ("Autres : ménages aidés", "Andere: geholpen huishoudens",
                             "Other: households helped"),
    "aid_other_sum": ("Autres : montant payé", "Andere: betaald bedrag", "Other: amount paid"),
    "referral_none": ("Aucune orientation", "Geen doorverwijzing", "No referral"),
    "referral_other": ("Autres partenaires", "Andere partners", "Other partners"),
}
_INDEX: Final = {"fr": 0, "nl": 1, "en": 2}
_FIXED_TIME: Final = (1980, 1, 1, 0, 0, 0)
_MODIFIED: Final = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def label(key: str, lang: str) -> str:
    """The fixed label ``key`` in ``lang`` (a referral row names its partner id)."""
    found = _L.get(key)
    if found is not None:
        return found[_INDEX[lang]]
    if key.startswith("referral_"):
        return key[len("referral_"):]
    if key.startswith("col:"):
        return key[len("col:"):]
    return key


def _column(column: str, lang: str) -> str:
    if column in (TOTAL, PREVIOUS, NONE_GROUP, OTHER_GROUP):
        return label(f"col:{column}", lang)
    return column


def _heading(report: ActivityReport, lang: str) -> list[str]:
    return [
        f"{label('period', lang)}: {report.start.isoformat()} – {report.end.isoformat()}",
        f"{label('previous_period', lang)}: {report.previous_start.isoformat()} – "
        f"{report.previous_end.isoformat()}",
    ]


def _grid(table: ReportTable, lang: str) -> list[list[str]]:
    rows = [[label("figure", lang), *(_column(c, lang) for c in table.columns)]]
    for row in table.rows:
        rows.append([label(row, lang), *(table.cell(row, c).shown for c in table.columns)])
    return rows


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;")


def report_md(report: ActivityReport, lang: str) -> str:
    """The report as Markdown: one table per section."""
    out = [f"# {label('title', lang)}", "", *(f"- {line}" for line in _heading(report, lang)),
           "", label("method", lang), label("amounts", lang), ""]
    for table in report.tables:
        grid = _grid(table, lang)
        out += [f"## {label('t:' + table.id, lang)}", ""]
        out.append("| " + " | ".join(_md_cell(c) for c in grid[0]) + " |")
        out.append("|" + "|".join([" --- "] + [" ---: "] * (len(grid[0]) - 1)) + "|")
        out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in grid[1:]]
        out.append("")
    return "\n".join(out)


def report_csv(report: ActivityReport, lang: str) -> str:
    """The report as CSV: ``table, figure, column, value`` (ids, then the label columns)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["table", "figure", "column", "value", "table_label", "figure_label",
                     "column_label", "period_from", "period_to"])
    for table in report.tables:
        for row in table.rows:
            for column in table.columns:
                writer.writerow([
                    table.id, row, column.lstrip("*"), table.cell(row, column).shown,
                    label("t:" + table.id, lang), label(row, lang), _column(column, lang),
                    report.start.isoformat(), report.end.isoformat(),
                ])
    return buffer.getvalue()


def _svg_bars(table: ReportTable, lang: str) -> str:
    """A horizontal bar chart of the shown counts of the period column (inline SVG)."""
    values = []
    for row in table.rows:
        cell = table.cell(row, TOTAL)
        if cell.kind == "count" and not cell.hidden:
            values.append((label(row, lang), cell.value))
    if not values:
        return ""
    width, bar_h, left = 560, 18, 250
    top = max(v for _, v in values) or 1
    height = bar_h * len(values) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="{html.escape(label("t:" + table.id, lang))}">']
    for i, (name, value) in enumerate(values):
        y = 5 + i * bar_h
        w = int((width - left - 50) * value / top)
        parts.append(f'<text x="{left - 6}" y="{y + 13}" font-size="11" text-anchor="end">'
                     f"{html.escape(name)}</text>")
        parts.append(f'<rect x="{left}" y="{y + 2}" width="{w}" height="{bar_h - 5}" '
                     f'fill="#3b6ea5"/>')
        parts.append(f'<text x="{left + w + 4}" y="{y + 13}" font-size="11">{value}</text>')
    parts.append("</svg>")
    return "".join(parts)


def report_html(report: ActivityReport, lang: str) -> str:
    """The report as one HTML page with a bar chart (inline SVG) per table of counts."""
    esc = html.escape
    out = [
        "<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
        f"<title>{esc(label('title', lang))}</title>",
        "<style>body{font-family:Arial,sans-serif;font-size:10.5pt;max-width:70em;margin:1em auto}"
        "table{border-collapse:collapse;margin:.4em 0 1em}"
        "td,th{border:1px solid #999;padding:.2em .5em}td.n{text-align:right}"
        "th{background:#eee}</style>",
        "</head>", "<body>", f"<h1>{esc(label('title', lang))}</h1>", "<ul>",
        *(f"<li>{esc(line)}</li>" for line in _heading(report, lang)), "</ul>",
        f"<p>{esc(label('method', lang))} {esc(label('amounts', lang))}</p>",
    ]
    for table in report.tables:
        grid = _grid(table, lang)
        out.append(f"<h2>{esc(label('t:' + table.id, lang))}</h2>")
        out.append("<table>")
        out.append("<tr>" + "".join(f"<th>{esc(c)}</th>" for c in grid[0]) + "</tr>")
        for row in grid[1:]:
            out.append("<tr><td>" + esc(row[0]) + "</td>"
                       + "".join(f'<td class="n">{esc(c)}</td>' for c in row[1:]) + "</tr>")
        out.append("</table>")
        chart = _svg_bars(table, lang)
        if chart:
            out.append(f"<figure>{chart}</figure>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _fixed_zip(data: bytes, moment: str) -> bytes:
    """
    Rewrite a zip with fixed timestamps, so equal content gives equal bytes.

    openpyxl stamps ``dcterms:modified`` with the time of saving: it is set to ``moment``.
    """
    out = io.BytesIO()
    with ZipFile(io.BytesIO(data)) as source, ZipFile(out, "w", ZIP_DEFLATED) as target:
        for name in source.namelist():
            info = ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = ZIP_DEFLATED
            blob = source.read(name)
            if name == "docProps/core.xml":
                blob = _MODIFIED.sub(rb"\g<1>" + moment.encode() + rb"\g<2>", blob)
            target.writestr(info, blob)
    return out.getvalue()


def report_xlsx(report: ActivityReport, lang: str) -> bytes:
    """The report as an XLSX workbook: a cover sheet, then one sheet per table."""
    # lazy: openpyxl is heavy and only the XLSX writer needs it.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    cover = book.active
    cover.title = label("title", lang)[:31]
    for line in [label("title", lang), *_heading(report, lang), label("method", lang),
                 label("amounts", lang)]:
        cover.append([line])
    cover["A1"].font = Font(bold=True, size=14)
    for table in report.tables:
        sheet = book.create_sheet(label("t:" + table.id, lang)[:31])
        for row in _grid(table, lang):
            sheet.append([_number(c) for c in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 48
    moment = datetime(report.end.year, report.end.month, report.end.day)
    book.properties.created = moment
    book.properties.modified = moment
    book.properties.creator = "clss-housing"
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue(), f"{report.end.isoformat()}T00:00:00Z")


def _number(text: str) -> object:
    """A shown cell as a number where it is one (so spreadsheets can sum), else the text."""
    if text.isdigit():
        return int(text)
    return text


def render_report(report: ActivityReport, fmt: str, lang: str = "fr") -> bytes:
    """
    Write ``report`` as ``fmt`` (``xlsx``, ``csv``, ``html`` or ``md``) in ``lang`` (fr, nl, en).

    Raises:
        ValidationError: an unknown format or language.
    """
    if lang not in REPORT_LANGS:
        raise ValidationError("lang", lang, f"must be one of: {', '.join(REPORT_LANGS)}")
    if fmt == "md":
        return report_md(report, lang).encode("utf-8")
    if fmt == "csv":
        return report_csv(report, lang).encode("utf-8")
    if fmt == "html":
        return report_html(report, lang).encode("utf-8")
    if fmt == "xlsx":
        return report_xlsx(report, lang)
    raise ValidationError("format", fmt, f"must be one of: {', '.join(REPORT_FORMATS)}")
