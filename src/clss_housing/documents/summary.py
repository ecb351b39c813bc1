"""Case summaries for a partner, redacted by the tenant's consent (md, html, docx).

A summary is dated and written in the case's language by default.  It shows
the parties, each workflow track's state, the balance and the ageing of the
arrears, the payment plan, the open deadlines and irregularities, the
timeline of the ledger, the next steps and a timeline chart (SVG in HTML, PNG
in DOCX; without matplotlib the DOCX says the chart is left out).  Redaction is
part of the rendering (:mod:`~clss_housing.documents.redaction`):
identity, balance, states and deadlines are always shown; every other fact
only under a consent in force; what is left out is counted.

    >>> from datetime import date
    >>> from clss_housing.casebook import Casebook
    >>> from clss_housing.testing.samples import build_sample_cases
    >>> book = Casebook.open("memory:")
    >>> case = build_sample_cases(book)["arrears"]
    >>> text = render_summary(book.load(case), "cpas", fmt="md",
    ...                       as_of=date(2026, 3, 2)).decode()
    >>> "1 note non affichée" in text
    True
"""

from __future__ import annotations

import base64
import difflib
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, Final

from clss_housing.deadlines.irregularities import case_irregularities
from clss_housing.deadlines.rules import Rules
from clss_housing.documents.chart import ChartEvent, timeline_chart
from clss_housing.documents.docx import PLACEHOLDER_PNG
from clss_housing.documents.facts import CaseFacts
from clss_housing.documents.formatting import (
    LABELS,
    SUMMARY_LANGS,
    category_label,
    check_lang,
    format_value,
    kind_label,
    rule_label,
    state_label,
    track_label,
)
from clss_housing.documents.letterhead import Letterhead
from clss_housing.documents.markup import parse
from clss_housing.documents.partners import PartnerProfile, partner_aliases, resolve_partner
from clss_housing.documents.paths import write_atomic
from clss_housing.documents.redaction import (
    LEAD,
    Redacted,
    RedactionPolicy,
    consents_in_force,
    normalise_partner,
    redact,
)
from clss_housing.documents.render import TemplateSource, render_markup, write_document
from clss_housing.errors import ValidationError
from clss_housing.ledger.entries import (
    ConsentGiven,
    ConsentWithdrawn,
    Entry,
    Referral,
    entry_category,
    entry_fields,
)
from clss_housing.view import CaseView
from clss_housing.workflow.engine import Workflow, builtin_workflow


__all__ = [
    "SUMMARY_FORMATS",
    "SUMMARY_TEMPLATE",
    "entry_details",
    "hidden_lines",
    "render_summary",
    "resolve_recipient",
    "summary_chart",
    "summary_context",
    "write_summary",
]

#: Formats a summary renders in (``txt`` as a bonus for e-mails).
SUMMARY_FORMATS: Final = ("md", "html", "docx", "txt")
#: The built-in summary template (language-neutral: the words come from the labels).
SUMMARY_TEMPLATE: Final = TemplateSource("summary/summary.j2")

_CHOICES: Final[Mapping[str, tuple[str, str, str]]] = {
    "eviction": ("expulsion", "uithuiszetting", "eviction"),
    "payment_terms": ("termes et délais", "afbetalingstermijnen", "payment terms"),
    "dismissed": ("demande rejetée", "vordering afgewezen", "claim dismissed"),
    "agreement": ("accord", "akkoord", "agreement"),
    "no_agreement": ("pas d'accord", "geen akkoord", "no agreement"),
    "appeal": ("appel", "hoger beroep", "appeal"),
    "opposition": ("opposition", "verzet", "opposition"),
    "social_housing": ("logement social", "sociale woning", "social housing"),
    "ais": ("AIS", "SVK", "social rental agency"),
    "fonds_logement": ("Fonds du Logement", "Woningfonds", "Housing Fund"),
    "cpas": ("CPAS", "OCMW", "CPAS"),
    "tenant": ("locataire", "huurder", "tenant"),
    "landlord": ("bailleur", "verhuurder", "landlord"),
    "rent_allowance": ("allocation-loyer", "huurtoelage", "rent allowance"),
    "relocation_allowance": ("allocation de relogement", "herhuisvestingstoelage",
                             "relocation allowance"),
    "private": ("marché privé", "privémarkt", "private market"),
    "emergency": ("urgence", "noodopvang", "emergency"),
    "other": ("autre", "andere", "other"),
    "new_lease": ("nouveau bail", "nieuwe huurovereenkomst", "new lease"),
    "rent": ("loyer", "huur", "rent"),
    "plan_terms": ("plan d'apurement", "afbetalingsplan", "payment plan"),
    # bool fields, printed when true
    "field:eviction": ("demande d'expulsion", "vordering tot uithuiszetting", "eviction claimed"),
    "field:default": ("par défaut", "bij verstek", "by default"),
}
_INDEX: Final = {"fr": 0, "nl": 1, "en": 2}
_SCOPED: Final = frozenset({"consent_given", "consent_withdrawn"})


def entry_details(entry: Entry, lang: str) -> str:
    """The payload of an entry, formatted for a summary's timeline (the date left out)."""
    parts: list[str] = []
    for spec in entry_fields(type(entry)):
        if spec.name == "date":
            continue
        value = getattr(entry, spec.name)
        if value is None or value == "" or (spec.type == "bool" and value is False
                                            and spec.name != "default"):
            continue
        if (spec.name == "scope" and entry.kind in _SCOPED) or spec.name == "note_category":
            parts.append(category_label(str(value), lang))
        elif spec.type == "choice":
            labels = _CHOICES.get(str(value))
            parts.append(labels[_INDEX[lang]] if labels else str(value).replace("_", " "))
        elif spec.type == "bool":
            if value:
                labels = _CHOICES.get(f"field:{spec.name}")
                parts.append(labels[_INDEX[lang]] if labels else spec.name.replace("_", " "))
        else:
            parts.append(format_value(value, lang))
    return " · ".join(parts)


_NOTE_WORDS: Final = {
    "fr": ("{n} note non affichée", "{n} notes non affichées"),
    "nl": ("{n} notitie niet getoond", "{n} notities niet getoond"),
    "en": ("{n} note not shown", "{n} notes not shown"),
}
_ENTRY_WORDS: Final = {
    "fr": ("{n} écriture « {c} » non affichée", "{n} écritures « {c} » non affichées"),
    "nl": ("{n} boeking ({c}) niet getoond", "{n} boekingen ({c}) niet getoond"),
    "en": ("{n} {c} entry not shown", "{n} {c} entries not shown"),
}


def hidden_lines(redacted: Redacted, lang: str) -> list[str]:
    """What was left out, counted (``3 notes non affichées``…), one line per category."""
    out = []
    for category, count in redacted.hidden.items():
        words = _NOTE_WORDS if category == "note" else _ENTRY_WORDS
        one, many = words[lang]
        pattern = one if count == 1 else many
        out.append(pattern.format(n=count, c=category_label(category, lang)))
    return out


def _tracks(
    view: CaseView, as_of: date, workflow: Workflow | None
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    flow = workflow or builtin_workflow()
    return flow.track_states(view, as_of), flow.next_steps(view, as_of)


def _latest(timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The notes and the latest :data:`TIMELINE_ROWS` other events, in ledger order."""
    others = [row for row in timeline if not row["note"]]
    keep = {id(row) for row in others[-TIMELINE_ROWS:]}
    return [row for row in timeline if row["note"] or id(row) in keep]


def _initial_states(workflow: Workflow | None) -> dict[str, str]:
    return dict((workflow or builtin_workflow()).initial_states())


def _arrears_steps(entries: list[Entry]) -> list[tuple[date, int]]:
    """``(date, arrears in cents)`` after each day with money entries."""
    running = 0
    steps: dict[date, int] = {}
    for entry in sorted((e for e in entries if e.is_money), key=lambda e: e.date):
        cents = entry.amount.cents  # type: ignore[attr-defined]
        running += cents if entry.kind in ("rent_due", "charges_due", "adjustment") else -cents
        steps[entry.date] = max(0, running)
    return sorted(steps.items())


def _short(text: str, size: int = 34) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


#: What to do about a deadline, per rule, in words (fr, nl, en); rules left out are
#: informative dates that ask for no step.
_ACTIONS: Final[Mapping[str, tuple[str, str, str]]] = {
    "pre_court_waiting_period": (
        "répondre à la mise en demeure et proposer un plan d'apurement (lettre L1)",
        "de ingebrekestelling beantwoorden en een afbetalingsplan voorstellen (brief L1)",
        "answer the formal notice and propose a payment plan (letter L1)"),
    "hearing": (
        "préparer la note d'audience (lettre L5) et comparaître ou se faire représenter",
        "de nota voor de zitting voorbereiden (brief L5) en verschijnen of zich laten "
        "vertegenwoordigen",
        "prepare the hearing note (letter L5) and attend or be represented"),
    "appeal": ("décider d'un appel, avec un avocat ou le bureau d'aide juridique",
               "beslissen over hoger beroep, met een advocaat of het bureau voor juridische "
               "bijstand",
               "decide on an appeal, with a lawyer or the legal aid office"),
    "opposition": ("faire opposition au jugement rendu par défaut",
                   "verzet aantekenen tegen het verstekvonnis",
                   "oppose the default judgment"),
    "earliest_eviction": ("trouver un relogement avant cette date",
                          "vóór die datum een nieuwe woning vinden",
                          "find new housing before that date"),
    "bailiff_notice": ("informer l'huissier de toute solution de relogement (lettre L6)",
                       "de gerechtsdeurwaarder op de hoogte brengen van een herhuisvesting "
                       "(brief L6)",
                       "tell the bailiff about any rehousing solution (letter L6)"),
    "eviction_date": ("informer l'huissier d'un relogement (L6) ou rappeler la trêve "
                      "hivernale (L7)",
                      "de gerechtsdeurwaarder informeren over een herhuisvesting (L6) of aan "
                      "het wintermoratorium herinneren (L7)",
                      "tell the bailiff about rehousing (L6) or recall the winter "
                      "moratorium (L7)"),
    "payment_plan_instalment": ("payer l'échéance du plan d'apurement",
                                "de afbetaling van het afbetalingsplan betalen",
                                "pay the payment-plan instalment"),
    "guarantee_return": ("réclamer la garantie locative si elle n'est pas restituée (L13)",
                         "de huurwaarborg opeisen als hij niet wordt terugbetaald (L13)",
                         "claim the rental guarantee if it is not returned (L13)"),
    "indexation": ("vérifier l'indexation demandée et la contester si elle est irrégulière "
                   "(L11)",
                   "de gevraagde indexering nagaan en betwisten als ze onregelmatig is (L11)",
                   "check the indexation asked and contest it if irregular (L11)"),
    "lease_notice_end": ("libérer le logement et convenir de l'état des lieux de sortie",
                         "de woning verlaten en de plaatsbeschrijving bij vertrek afspreken",
                         "leave the dwelling and agree on the check-out inventory"),
}
_NO_STEP: Final = frozenset({"notice_deemed_received", "hearing_min_date", "late_interest"})
#: Next steps and deadlines listed on the one-page summary, at most.
SUMMARY_ROWS: Final = 5
#: Timeline events listed, the latest (notes are always listed; money entries never:
#: the balance sums them).
TIMELINE_ROWS: Final = 5


def resolve_recipient(
    view: CaseView, partner: str, partners: Mapping[str, PartnerProfile] | None = None
) -> str:
    """
    The partner id a summary is for, or a refusal naming the known ones.

    An installed profile's id (an alias resolves to it), a partner the case's ledger
    names (referral, consent), or ``lead``.

    Raises:
        ValidationError: an unknown partner, with the closest known ids as a suggestion.
    """
    wanted = normalise_partner(partner)
    if wanted == LEAD:
        return LEAD
    profiles = partners or {}
    profile = resolve_partner(wanted, profiles)
    if profile is not None:
        return profile.id
    named = _ledger_partners(view.entries())
    if wanted in named:
        return wanted
    known = sorted({LEAD, *profiles, *named,
                    *(a for p in profiles.values() for a in p.aliases)})
    close = difflib.get_close_matches(wanted, known, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise ValidationError("--for", partner,
                          f"is not a known partner (installed: {', '.join(known)}){hint}")


def _ledger_partners(entries: list[Entry]) -> list[str]:
    """Partner ids the ledger names (referrals, consents), normalised, first seen first."""
    seen: dict[str, None] = {}
    for entry in entries:
        if isinstance(entry, (Referral, ConsentGiven, ConsentWithdrawn)):
            seen.setdefault(normalise_partner(entry.partner), None)
    return list(seen)


def _partners(
    view: CaseView, redacted: Redacted, recipient: str, as_of: date, lang: str,
    profiles: Mapping[str, PartnerProfile],
) -> list[dict[str, Any]]:
    """
    The partners involved and the consents in force for each.

    Shown only as far as the recipient may see: the recipient's own row always; the
    other partners come from referrals and consents, ``general`` entries; a partner
    handling health data (a mental-health service) is named only to a recipient who
    may see the ``health`` category.
    """
    ids = _ledger_partners(view.entries(as_of)) if redacted.allows("general") else []
    if normalise_partner(recipient) != LEAD:  # its own consents are no secret to it
        ids = [normalise_partner(recipient), *ids]
    rows: list[dict[str, Any]] = []
    done: set[str] = set()
    for ident in ids:
        profile = resolve_partner(ident, profiles)
        key = profile.id if profile is not None else ident
        if key in done:
            continue
        done.add(key)
        if profile is not None and profile.health_data and not redacted.allows("health"):
            continue
        scopes = consents_in_force(view, key, as_of,
                                   aliases=partner_aliases(key, profiles))
        rows.append({
            "name": profile.name(lang) if profile is not None else key,
            "recipient": key == normalise_partner(recipient)
            or (profile is not None and resolve_partner(recipient, profiles) == profile),
            "consents": [category_label(c, lang) for c in sorted(scopes)],
        })
    return rows


#: Deadlines that reveal what a hidden section holds: shown only with that category
#: (the payment plan's instalment dates and amounts are the plan, a ``finance`` fact).
_DERIVED_CATEGORY: Final = {"payment_plan_instalment": "finance"}


def _visible_deadlines(facts: CaseFacts, redacted: Redacted,
                       as_of: date, lang: str) -> list[dict[str, Any]]:
    """Open deadlines (always shown), without those derived from a hidden section."""
    rows = []
    for d in facts.deadlines:
        if d.date is not None and d.date < as_of:
            continue
        derived = _DERIVED_CATEGORY.get(d.rule)
        if derived is not None and not redacted.allows(derived):
            continue
        rows.append({"date": d.date, "title": d.title or rule_label(d.rule, lang),
                     "basis": d.basis, "status": d.status, "rule": d.rule})
    rows.sort(key=lambda r: (r["date"] is None, r["date"] or as_of))
    return rows


def _next_steps(deadlines: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """
    What to do, by when: each open deadline that calls for a step, in words.

    Sets ``action`` on the deadline rows (empty for dates that ask for no step) and
    returns the rows with a step.
    """
    steps = []
    for row in deadlines:
        words = _ACTIONS.get(row["rule"])
        row["action"] = "" if row["rule"] in _NO_STEP or words is None else words[_INDEX[lang]]
        if row["action"] and row["date"] is not None:
            steps.append({"date": row["date"], "action": row["action"], "title": row["title"]})
    return steps[:SUMMARY_ROWS]


def summary_context(
    view: CaseView,
    partner: str,
    *,
    as_of: date,
    lang: str,
    policy: RedactionPolicy | None = None,
    letterhead: Letterhead | None = None,
    rules: Rules | None = None,
    settings: Any = None,
    workflow: Workflow | None = None,
    partners: Mapping[str, PartnerProfile] | None = None,
) -> dict[str, Any]:
    """
    Everything the summary template prints, already redacted for ``partner``.

    ``rules``, ``settings``, ``workflow`` and ``partners`` (the partner profiles by
    id) are the environment's (a casebook's ``book.env``); the core's when not given.
    """
    redacted = redact(view, partner, as_of, policy)
    facts = CaseFacts(view, as_of, lang, rules, settings)
    opened = view.opened
    balance = facts.balance
    states, steps = _tracks(view, as_of, workflow)
    irregularities = list(
        case_irregularities(view, as_of=as_of, lang=lang, rules=rules, settings=settings)
    )
    deadlines = _visible_deadlines(facts, redacted, as_of, lang)
    finance = redacted.allows("finance")
    plan = facts.plan if finance else None
    # Money entries are summed up in the balance table; the timeline lists the events.
    timeline = [
        {"date": entry.date, "sequence": sequence,
         "label": kind_label(entry.kind, lang, entry.title), "details": entry_details(entry, lang),
         "note": entry.kind == "note"}
        for sequence, entry in redacted.shown if not entry.is_money
    ]
    consents = (
        [LABELS[lang]["all_categories"]] if redacted.categories is None
        else [category_label(c, lang) for c in sorted(redacted.categories)]
    )
    arrears_months = view.arrears_months(as_of)
    return {
        "lang": lang, "today": as_of, "label": LABELS[lang], "partner": partner,
        "case_id": view.case_id, "tenant": opened.tenant, "landlord": opened.landlord,
        "tenant_address": opened.address, "rent": opened.rent, "charges": opened.charges,
        "lease_start": opened.lease_start, "opened_on": opened.date,
        "letterhead": letterhead,
        "letterhead_lines": letterhead.text_lines() if letterhead is not None else (),
        # Tracks still in their initial state say nothing: left out to keep one page.
        "tracks": [{"track": track_label(t, lang), "state": state_label(s, lang)}
                   for t, s in states.items() if s != _initial_states(workflow).get(t)],
        "next_steps": _next_steps(deadlines, lang),  # also sets each deadline's action
        "possible_entries": [{"track": track_label(t, lang), "step": kind_label(k, lang)}
                             for t, k in steps],
        "partners": _partners(view, redacted, partner, as_of, lang, partners or {}),
        "balance": balance, "arrears": balance.arrears, "arrears_months": arrears_months,
        "ageing": [row for row in facts.ageing if row["amount"]] if balance.arrears else [],
        "finance_visible": finance,
        "plan": plan,
        "plan_rows": [{"number": i.number, "due": i.due, "amount": i.amount,
                       "covered": i.covered} for i in plan.schedule] if plan else [],
        "deadlines": deadlines[:SUMMARY_ROWS],
        "irregularities": [{"message": i.message, "basis": i.basis} for i in irregularities],
        "timeline": _latest(timeline),
        "timeline_earlier": len(timeline) - len(_latest(timeline)),
        "hidden": hidden_lines(redacted, lang),
        "consents": consents,
        "lead": redacted.categories is None,
        "redacted": redacted,
    }


def _chart_events(context: Mapping[str, Any], view: CaseView) -> list[ChartEvent]:
    lang = context["lang"]
    redacted: Redacted = context["redacted"]
    events = [
        ChartEvent(entry.date, _lane(entry), _short(kind_label(entry.kind, lang, entry.title)))
        for _sequence, entry in redacted.shown if not entry.is_money
    ]
    instalment_seen = False
    for deadline in context["deadlines"]:
        if deadline["date"] is None:
            continue
        if "/" in deadline["title"] and any(ch.isdigit() for ch in deadline["title"]):
            if instalment_seen:  # only the next instalment of a payment plan
                continue
            instalment_seen = True
        events.append(ChartEvent(deadline["date"], "deadline", _short(deadline["title"])))
    return events


def _lane(entry: Entry) -> str:
    return entry_category(entry)


def summary_chart(
    view: CaseView,
    partner: str,
    *,
    fmt: str = "png",
    as_of: date | None = None,
    lang: str | None = None,
    policy: RedactionPolicy | None = None,
) -> bytes | None:
    """
    The summary's timeline chart alone, ``png`` or ``svg``.

    SVG is always drawn (by matplotlib when installed, else by
    :func:`~clss_housing.documents.chart.svg_timeline`); PNG needs matplotlib
    (``clss-housing[charts]``) and is ``None`` without it.
    """
    as_of = as_of or date.today()
    lang = check_lang(lang or view.lang, SUMMARY_LANGS)
    context = summary_context(view, partner, as_of=as_of, lang=lang, policy=policy)
    return _chart(context, view, fmt)


def _chart(context: Mapping[str, Any], view: CaseView, fmt: str) -> bytes | None:
    redacted: Redacted = context["redacted"]
    steps = _arrears_steps(view.entries(context["today"])) if redacted.allows("finance") else None
    return timeline_chart(_chart_events(context, view), steps or None, as_of=context["today"],
                          lang=context["lang"], fmt="svg" if fmt == "svg" else "png")


def render_summary(
    view: CaseView,
    partner: str,
    *,
    fmt: str,
    as_of: date | None = None,
    lang: str | None = None,
    policy: RedactionPolicy | None = None,
    letterhead: Letterhead | None = None,
    chart: bool = True,
    rules: Rules | None = None,
    settings: Any = None,
    workflow: Workflow | None = None,
    partners: Mapping[str, PartnerProfile] | None = None,
) -> bytes:
    """
    Render the summary of a case for ``partner``.

    Args:
        view: the case.
        partner: the recipient's partner id (``cpas``, ``ul-schaerbeek``…; ``lead`` sees all).
        fmt: ``md``, ``html``, ``docx`` (or ``txt``).
        as_of: the summary's date (today by default); later entries are left out and
            consents are read at this date.
        lang: ``fr``, ``nl`` or ``en``; the case's language by default.
        policy: the redaction policy (:class:`~clss_housing.documents.redaction.ConsentPolicy`).
        letterhead: the sending partner's letterhead (DOCX header, top of text formats).
        chart: draw the timeline chart (HTML and DOCX).
        rules: the deadline rules in force (a casebook's ``book.env.rules``).
        settings: the deadline settings in force.
        workflow: the workflow tracks (a casebook's ``book.env.workflow``).
        partners: the partner profiles by id (``book.env.partners``): names, aliases
            and which partner handles health data.

    Raises:
        ValidationError: unknown format or language, or an empty partner id.
    """
    if fmt not in SUMMARY_FORMATS:
        raise ValidationError("format", fmt, f"must be one of: {', '.join(SUMMARY_FORMATS)}")
    if not partner or not partner.strip():
        raise ValidationError("partner", partner, "must not be empty")
    as_of = as_of or date.today()
    lang = check_lang(lang or view.lang, SUMMARY_LANGS)
    context = summary_context(view, partner, as_of=as_of, lang=lang, policy=policy,
                              letterhead=letterhead, rules=rules, settings=settings,
                              workflow=workflow, partners=partners)
    picture: bytes | None = None
    if chart and fmt in ("html", "docx"):
        picture = _chart(context, view, "svg" if fmt == "html" else "png")
    context["chart"] = picture is not None and fmt in ("html", "docx")
    context["chart_missing"] = chart and fmt in ("html", "docx") and picture is None
    title = f"{LABELS[lang]['summary']} — {view.case_id}"
    markup, printed = render_markup(SUMMARY_TEMPLATE, context, lang=lang, document="summary")
    sections = parse(markup)
    images = None
    urls = None
    if picture is not None and fmt == "docx":
        width, height = _png_size(picture)
        cx = 16 * 360000
        images = {"timeline": (picture, cx, cx * height // max(1, width))}
    if picture is not None and fmt == "html":
        urls = {"timeline": "data:image/svg+xml;base64," + base64.b64encode(picture).decode()}
    return write_document(fmt, sections, printed, lang=lang, title=title, doc_id="summary",
                          letterhead=letterhead, images=images, image_urls=urls)


def _png_size(data: bytes) -> tuple[int, int]:
    if data[:8] != PLACEHOLDER_PNG[:8]:  # pragma: no cover - matplotlib writes PNG
        return 16, 9
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def write_summary(
    view: CaseView,
    partner: str,
    *,
    out: Path,
    fmt: str | None = None,
    as_of: date | None = None,
    lang: str | None = None,
    policy: RedactionPolicy | None = None,
    letterhead: Letterhead | None = None,
    rules: Rules | None = None,
    settings: Any = None,
    workflow: Workflow | None = None,
    partners: Mapping[str, PartnerProfile] | None = None,
    chart: bool = True,
) -> Path:
    """
    Render a summary and write it atomically to ``out`` (format from the suffix by default).

    ``chart=False`` leaves out the timeline chart (the summary then fits one page).

    Raises:
        ValidationError: no known format, or the folder does not exist.
    """
    out = Path(out)
    fmt = fmt or out.suffix.lstrip(".").lower()
    data = render_summary(view, partner, fmt=fmt, as_of=as_of, lang=lang, policy=policy,
                          letterhead=letterhead, rules=rules, settings=settings,
                          workflow=workflow, partners=partners, chart=chart)
    return write_atomic(out, data)

