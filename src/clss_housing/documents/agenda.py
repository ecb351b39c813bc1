"""
The daily agenda: what falls due in the next days across a casebook, grouped by day.

A worker's morning question is "what must happen this week, and what is
wrong?".  :func:`build_agenda` answers it from the ledger, with the rules and
settings in force (a casebook's ``book.env``):

* every dated deadline of every case falling from ``as_of`` to
  ``as_of + within`` days (hearings among them, flagged as such);
* the irregularities in force at ``as_of`` (a petition filed too early, an
  eviction set inside the winter moratorium…), to check today;
* the payment plans in default at ``as_of``, to follow up today.

:func:`render_agenda` writes it as plain text, Markdown or HTML in French,
Dutch or English.  An agenda names cases by their id only; tenants' names are
added only when the caller passes them (a worker's own screen), never by
default, since agendas are mailed.

Example::

    >>> from datetime import date
    >>> agenda = build_agenda([], as_of=date(2026, 12, 7), within=7, lang="fr")
    >>> print(render_agenda(agenda, "txt").splitlines()[0])
    Agenda du lundi 7 décembre 2026 au lundi 14 décembre 2026
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any, Final, Literal

import attrs

from clss_housing.deadlines.engine import window_deadlines
from clss_housing.deadlines.irregularities import case_irregularities
from clss_housing.deadlines.rules import Rules
from clss_housing.documents.formatting import format_date, format_money
from clss_housing.documents.redaction import normalise_partner
from clss_housing.errors import ValidationError
from clss_housing.ledger.entries import ConsentGiven, Referral
from clss_housing.view import CaseView


__all__ = [
    "AGENDA_FORMATS",
    "AGENDA_LANGS",
    "Agenda",
    "AgendaItem",
    "build_agenda",
    "involves",
    "render_agenda",
]

AGENDA_FORMATS: Final = ("txt", "md", "html")
AGENDA_LANGS: Final = ("fr", "nl", "en")
#: The longest window an agenda covers (a year).
MAX_WITHIN: Final = 366

ItemKind = Literal["deadline", "hearing", "irregularity", "plan_default"]

_WORDS: Final[Mapping[str, Mapping[str, str]]] = {
    "fr": {
        "title": "Agenda du {start} au {end}",
        "for": "Pour le partenaire : {partner}",
        "check": "À vérifier aujourd'hui",
        "nothing": "Rien à signaler sur cette période.",
        "case": "dossier",
        "irregularity": "Irrégularité",
        "plan_default": "Plan de paiement en défaut : {shortfall} de retard sur les mensualités",
        "basis": "base",
        "confidence": "fiabilité",
        "high": "élevée", "medium": "moyenne", "low": "faible",
        "count": "{n} élément(s)",
    },
    "nl": {
        "title": "Agenda van {start} tot {end}",
        "for": "Voor de partner: {partner}",
        "check": "Vandaag na te kijken",
        "nothing": "Niets te melden in deze periode.",
        "case": "dossier",
        "irregularity": "Onregelmatigheid",
        "plan_default": ("Afbetalingsplan niet nageleefd: {shortfall} achterstand op de "
                         "afbetalingen"),
        "basis": "grondslag",
        "confidence": "betrouwbaarheid",
        "high": "hoog", "medium": "gemiddeld", "low": "laag",
        "count": "{n} punt(en)",
    },
    "en": {
        "title": "Agenda from {start} to {end}",
        "for": "For partner: {partner}",
        "check": "To check today",
        "nothing": "Nothing to report for this period.",
        "case": "case",
        "irregularity": "Irregularity",
        "plan_default": "Payment plan in default: {shortfall} behind on the instalments",
        "basis": "basis",
        "confidence": "confidence",
        "high": "high", "medium": "medium", "low": "low",
        "count": "{n} item(s)",
    },
}


@attrs.frozen
class AgendaItem:
    """
    One line of the agenda.

    Attributes:
        day: the day it falls on (``as_of`` for what is to check today).
        case: the case id.
        kind: ``deadline``, ``hearing``, ``irregularity`` or ``plan_default``.
        title: what it is, in the agenda's language.
        basis: the legal basis (empty for a plan in default: the agreement is the basis).
        confidence: of the rule (``high``/``medium``/``low``), for deadlines.
    """

    day: date
    case: str
    kind: ItemKind
    title: str
    basis: str = ""
    confidence: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The item as JSON (dates ISO)."""
        return {"day": self.day.isoformat(), "case": self.case, "kind": self.kind,
                "title": self.title, "basis": self.basis, "confidence": self.confidence}


@attrs.frozen
class Agenda:
    """What falls due from ``as_of`` to ``as_of + within`` days, and what to check today."""

    as_of: date
    within: int
    lang: str
    partner: str | None
    items: tuple[AgendaItem, ...]

    @property
    def end(self) -> date:
        """The last day covered."""
        return self.as_of + timedelta(days=self.within)

    def days(self) -> list[tuple[date, list[AgendaItem]]]:
        """The dated items (deadlines and hearings), grouped by day, in order."""
        grouped: dict[date, list[AgendaItem]] = {}
        for item in self.items:
            if item.kind in ("deadline", "hearing"):
                grouped.setdefault(item.day, []).append(item)
        return sorted(grouped.items())

    def to_check(self) -> list[AgendaItem]:
        """Irregularities and plans in default, to check today."""
        return [i for i in self.items if i.kind in ("irregularity", "plan_default")]

    def to_json(self) -> dict[str, Any]:
        """The agenda as JSON."""
        return {"as_of": self.as_of.isoformat(), "end": self.end.isoformat(),
                "lang": self.lang, "partner": self.partner,
                "items": [i.to_json() for i in self.items]}


def involves(view: CaseView, partner: str, as_of: date) -> bool:
    """
    Tell whether ``partner`` takes part in the case at ``as_of``.

    A partner takes part once the case records a referral to it or a consent
    given for it (until who recorded each entry is kept, these are the facts
    that name a partner).
    """
    wanted = normalise_partner(partner)
    for entry in view.entries(as_of):
        if not isinstance(entry, Referral | ConsentGiven):
            continue
        if normalise_partner(entry.partner) == wanted:
            return True
    return False


def _check(as_of: date, within: int, lang: str) -> None:
    if lang not in AGENDA_LANGS:
        raise ValidationError("lang", lang, f"must be one of: {', '.join(AGENDA_LANGS)}")
    if isinstance(within, bool) or not isinstance(within, int) or not 0 <= within <= MAX_WITHIN:
        raise ValidationError("within", within, f"must be a whole number of days from 0 to "
                                                f"{MAX_WITHIN}")
    if as_of > date.max - timedelta(days=within):
        raise ValidationError("as-of", as_of.isoformat(), "leaves no room for the window")


def build_agenda(
    views: Iterable[CaseView],
    *,
    as_of: date,
    within: int = 7,
    lang: str = "fr",
    partner: str | None = None,
    rules: Rules | None = None,
    settings: Any = None,
) -> Agenda:
    """
    The agenda of the cases in ``views`` (one pass; each view is dropped after use).

    Args:
        views: the cases (``book.views()``: no personal data is read).
        as_of: the first day.
        within: how many days after ``as_of`` (0 to 366).
        lang: ``fr``, ``nl`` or ``en``.
        partner: keep only the cases this partner takes part in (see :func:`involves`).
        rules: the deadline rules in force (``book.env.rules``; the Brussels pack if None).
        settings: the deadline settings in force (``book.env.settings``).

    Raises:
        ValidationError: a bad language, window or date.
    """
    _check(as_of, within, lang)
    words = _WORDS[lang]
    items: list[AgendaItem] = []
    for view in views:
        if partner is not None and not involves(view, partner, as_of):
            continue
        for d in window_deadlines([view], as_of, within, rules=rules, settings=settings,
                                  lang=lang):
            if d.date is None:
                continue
            kind: ItemKind = "hearing" if d.rule == "hearing" else "deadline"
            title = d.title or d.rule
            items.append(AgendaItem(d.date, d.case, kind, title, d.basis, d.confidence))
        for irregular in case_irregularities(view, as_of=as_of, rules=rules, settings=settings,
                                             lang=lang):
            items.append(AgendaItem(as_of, view.case_id, "irregularity", irregular.message,
                                    irregular.basis))
        plan = view.payment_plan(as_of)
        if plan is not None and plan.in_default:
            shortfall = format_money(plan.shortfall, lang)
            items.append(AgendaItem(as_of, view.case_id, "plan_default",
                                    words["plan_default"].format(shortfall=shortfall)))
    order = {"hearing": 0, "deadline": 1, "irregularity": 2, "plan_default": 3}
    items.sort(key=lambda i: (i.day, order[i.kind], i.case, i.title))
    return Agenda(as_of, within, lang, partner, tuple(items))


def _line(item: AgendaItem, words: Mapping[str, str], names: Mapping[str, str]) -> str:
    who = f"{words['case']} {item.case}"
    if item.case in names:
        who += f" ({names[item.case]})"
    head = words["irregularity"] + " — " if item.kind == "irregularity" else ""
    text = f"{head}{item.title} — {who}"
    extra = []
    if item.basis:
        extra.append(f"{words['basis']}: {item.basis}")
    if item.confidence:
        extra.append(f"{words['confidence']}: {words.get(item.confidence, item.confidence)}")
    return text + (f" ({'; '.join(extra)})" if extra else "")


def render_agenda(
    agenda: Agenda,
    fmt: str,
    *,
    names: Mapping[str, str] | None = None,
) -> str:
    """
    Write the agenda as ``txt``, ``md`` or ``html``.

    Args:
        agenda: what :func:`build_agenda` returned.
        fmt: the format.
        names: tenants' names by case id, to show beside the ids (a worker's own
            screen); leave out for anything sent by mail.

    Raises:
        ValidationError: an unknown format.
    """
    if fmt not in AGENDA_FORMATS:
        raise ValidationError("format", fmt, f"must be one of: {', '.join(AGENDA_FORMATS)}")
    words = _WORDS[agenda.lang]
    names = names or {}
    title = words["title"].format(start=format_date(agenda.as_of, agenda.lang, "EEEE d MMMM y"),
                                  end=format_date(agenda.end, agenda.lang, "EEEE d MMMM y"))
    sections: list[tuple[str, list[str]]] = []
    check = agenda.to_check()
    if check:
        sections.append((words["check"], [_line(i, words, names) for i in check]))
    for day, items in agenda.days():
        heading = format_date(day, agenda.lang, "EEEE d MMMM y")
        sections.append((heading, [_line(i, words, names) for i in items]))
    intro = [words["for"].format(partner=agenda.partner)] if agenda.partner else []
    if fmt == "html":
        return _html(agenda.lang, title, intro, sections, words)
    out: list[str] = []
    if fmt == "md":
        out += [f"# {_md(title)}", ""]
        out += [_md(line) for line in intro] + ([""] if intro else [])
        for heading, lines in sections:
            out += [f"## {_md(heading)}", "", *(f"- {_md(line)}" for line in lines), ""]
        if not sections:
            out += [words["nothing"], ""]
        return "\n".join(out)
    out += [title, "=" * len(title), ""]
    out += intro + ([""] if intro else [])
    for heading, lines in sections:
        out += [heading, "-" * len(heading), *(f"  • {line}" for line in lines), ""]
    if not sections:
        out += [words["nothing"], ""]
    return "\n".join(out)


def _md(text: str) -> str:
    escaped = text
    for char in "\\`*_{}[]<>#|!":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def _html(
    lang: str,
    title: str,
    intro: list[str],
    sections: list[tuple[str, list[str]]],
    words: Mapping[str, str],
) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8"><title>{e(title)}</title></head><body>',
        f"<h1>{e(title)}</h1>",
        *(f"<p>{e(line)}</p>" for line in intro),
    ]
    for heading, lines in sections:
        parts.append(f"<h2>{e(heading)}</h2><ul>")
        parts += [f"<li>{e(line)}</li>" for line in lines]
        parts.append("</ul>")
    if not sections:
        parts.append(f"<p>{e(words['nothing'])}</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
