"""
``clss-housing case …``: open, list, record, show, history, verify, erase.

Every command checks its arguments before it opens the database, so a
refused command (exit 1) writes nothing, and reading commands never create a
database that does not exist.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Final

import click

from clss_housing.casebook import Casebook
from clss_housing.cli.confirm import confirm_dates, entry_dates
from clss_housing.cli.context import EXIT_INTEGRITY, EXIT_REFUSED, AppContext, pass_app, today
from clss_housing.cli.i18n import UI_LANGUAGES, ui_language
from clss_housing.cli.messages import message
from clss_housing.cli.output import (
    emit_json,
    format_money,
    format_months,
    key_values,
    printable,
    shorten,
    table,
)
from clss_housing.cli.parsing import (
    build_entry,
    parse_case_id,
    parse_date,
    parse_lang,
    parse_money,
)
from clss_housing.cli.shapes import (
    case_document,
    case_list_item,
    history_item,
    irregularity_items,
)
from clss_housing.documents.formatting import kind_label, state_label, track_label
from clss_housing.errors import ValidationError
from clss_housing.integrity import check_head_file
from clss_housing.ledger.codec import Recorded, index_vault
from clss_housing.ledger.entries import (
    ERASED,
    CaseFactsCorrected,
    CaseOpened,
    Correction,
    entry_fields,
)
from clss_housing.ledger.seal import CasebookKey
from clss_housing.money import Money
from clss_housing.plugins import PluginEnvironment
from clss_housing.sharing.policy import visible_history
from clss_housing.sharing.referrals import referral_states
from clss_housing.view import CaseView


__all__ = [
    "RECENT_DAYS", "TRACKS", "case_group", "display_lang", "render_case", "tenant_names",
]

#: The four workflow tracks, in the order tables show them.
TRACKS = ("pre_procedure", "hearing", "rehousing", "lease_negotiation")

_JSON_HELP = message("help.json")
_YES_HELP = "Confirm an unusual date (before 2000 or more than a year ahead) without asking."


def display_lang() -> str:
    """
    Return the language of amounts in tables that mix cases.

    ``--ui-lang`` or ``CLSS_HOUSING_LANG`` when given, else ``fr`` (amounts as
    Brussels writes them: ``1.234,56 €``).
    """
    ctx = click.get_current_context(silent=True)
    chosen = ctx.find_root().params.get("ui_lang") if ctx is not None else None
    if isinstance(chosen, str) and chosen in UI_LANGUAGES:
        return chosen
    lang = os.environ.get("CLSS_HOUSING_LANG", "fr").strip().lower()[:2]
    return lang if lang in UI_LANGUAGES else "fr"


def _state(state: object) -> str:
    """A workflow state as people read it, in the interface language (its id when unknown)."""
    return state_label(str(state), ui_language()) if state else ""


def _as_of(text: str | None) -> date:
    return today() if text is None else parse_date(text, "as-of")


def _shown(text: object) -> Money:
    """An amount of a JSON document read back for display (unbounded: stored sums may be large)."""
    return Money.parse(str(text), maximum=None)


def _case(case_id: str) -> str:
    return parse_case_id(case_id)


def tenant_names(book: Casebook, case_ids: Sequence[str]) -> dict[str, str]:
    """Return each case's tenant name (``[erased]`` after erasure), read from the vault only."""
    names: dict[str, str] = {}
    for case_id in case_ids:
        vault = index_vault(book.store.read_personal(case_id))
        # The opening's name, or the latest `case_facts_corrected` one.
        given = [seq for (seq, field), row in vault.items() if field == "tenant" and row.value]
        kept = vault.get((max(given), "tenant")) if given else None
        names[case_id] = kept.value if kept is not None else ERASED
    return names


@click.group("case")
def case_group() -> None:
    """Open, list, record, show, verify and erase cases."""


# -- case open ------------------------------------------------------------------------------------


@case_group.command("open")
@click.option("--tenant", required=True, metavar="NAME", help="The tenant or household.")
@click.option("--landlord", required=True, metavar="NAME", help="The landlord or agency.")
@click.option("--address", required=True, metavar="TEXT", help="The dwelling's address.")
@click.option("--rent", required=True, metavar="AMOUNT", help="Monthly rent, e.g. 750 or 750,00.")
@click.option("--charges", metavar="AMOUNT", help="Monthly charges (default 0).")
@click.option("--lease-start", metavar="DATE", help="Start of the lease (YYYY-MM-DD).")
@click.option("--lang", default="fr", show_default=True, metavar="fr|nl",
              help="Language of the case's letters.")
@click.option("--civility", default="neutral", show_default=True,
              metavar="madame|monsieur|neutral",
              help="How letters address and name the tenant (neutral: no gender).")
@click.option("--date", "opened_on", metavar="DATE",
              help="Day the case was opened (YYYY-MM-DD, default today).")
@click.option("--yes", is_flag=True, help=_YES_HELP)
@click.option("--json", "as_json", is_flag=True, help=_JSON_HELP)
@pass_app
def open_command(
    app: AppContext,
    tenant: str,
    landlord: str,
    address: str,
    rent: str,
    charges: str | None,
    lease_start: str | None,
    lang: str,
    civility: str,
    opened_on: str | None,
    yes: bool,
    as_json: bool,
) -> None:
    """Open a case and print its id."""
    opened = CaseOpened(
        date=today() if opened_on is None else parse_date(opened_on, "date"),
        tenant=tenant,
        landlord=landlord,
        address=address,
        rent=parse_money(rent, "rent"),
        charges=Money(0) if charges is None else parse_money(charges, "charges"),
        lease_start=None if lease_start is None else parse_date(lease_start, "lease-start"),
        lang=parse_lang(lang),
        civility=civility.strip().lower(),
    )
    confirm_dates(entry_dates(opened), yes=yes, today=today())
    book = app.casebook(create=True)
    case_id = book.open_case(
        tenant=opened.tenant,
        landlord=opened.landlord,
        address=opened.address,
        rent=opened.rent,
        charges=opened.charges,
        lease_start=opened.lease_start,
        lang=opened.lang,
        date=opened.date,
        civility=opened.civility,
    )
    if not as_json and book.key is not None and book.key.created and book.key.path is not None:
        click.echo(message("key.created", path=str(book.key.path)), err=True)
    if not as_json:
        _say_key_store(book)
    if as_json:
        emit_json({"id": case_id})
    else:
        click.echo(case_id)


# -- case correct ---------------------------------------------------------------------------------


@case_group.command("correct")
@click.argument("case_id", metavar="CASE")
@click.option("--tenant", metavar="NAME", help="The right name of the tenant or household.")
@click.option("--landlord", metavar="NAME", help="The right name of the landlord or agency.")
@click.option("--address", metavar="TEXT", help="The right address of the dwelling.")
@click.option("--rent", metavar="AMOUNT", help="The right monthly rent, e.g. 760 or 760,00.")
@click.option("--charges", metavar="AMOUNT", help="The right monthly charges.")
@click.option("--lease-start", metavar="DATE", help="The right start of the lease.")
@click.option("--reason", required=True, metavar="TEXT",
              help="Why the opening's facts were wrong (kept in the ledger).")
@click.option("--date", "on", metavar="DATE", help="Day of the correction (default today).")
@click.option("--yes", is_flag=True, help=_YES_HELP)
@click.option("--json", "as_json", is_flag=True, help=_JSON_HELP)
@pass_app
def correct_command(
    app: AppContext,
    case_id: str,
    tenant: str | None,
    landlord: str | None,
    address: str | None,
    rent: str | None,
    charges: str | None,
    lease_start: str | None,
    reason: str,
    on: str | None,
    yes: bool,
    as_json: bool,
) -> None:
    """
    Correct facts given when the case was opened (rent, charges, names, address, lease start).

    The opening entry is kept as it was (the ledger is append-only); a
    case_facts_corrected entry records the right values and the reason, and
    from then on every view, letter and computation uses them.
    """
    case_id = _case(case_id)
    entry = CaseFactsCorrected(
        date=today() if on is None else parse_date(on, "date"),
        tenant=tenant or "",
        landlord=landlord or "",
        address=address or "",
        rent=None if rent is None else parse_money(rent, "rent"),
        charges=None if charges is None else parse_money(charges, "charges"),
        lease_start=None if lease_start is None else parse_date(lease_start, "lease-start"),
        reason=reason,
    )
    confirm_dates(entry_dates(entry), yes=yes, today=today())
    app.current_case = case_id
    recorded = app.casebook().record(case_id, entry)
    if as_json:
        emit_json({"case": case_id, **history_item(recorded)})
        return
    click.echo(message(
        "correct.done", sequence=recorded.sequence, case=case_id,
        fields=", ".join(sorted(entry.changes())),
    ))


#: ``case list --status`` with ``--referred-to``: which referral states each choice keeps.
REFERRAL_FILTERS_STATES: Final = {
    "any": frozenset({"pending", "accepted", "declined", "closed"}),
    "open": frozenset({"pending", "accepted"}),
    "pending": frozenset({"pending"}),
    "accepted": frozenset({"accepted"}),
    "declined": frozenset({"declined"}),
    "closed": frozenset({"closed"}),
}
REFERRAL_FILTERS: Final = tuple(REFERRAL_FILTERS_STATES)


# -- case list ------------------------------------------------------------------------------------


@case_group.command("list")
@click.option("--as-of", metavar="DATE",
              help="Show arrears and states at this date (default today).")
@click.option("--referred-to", "referred_to", metavar="PARTNER",
              help="Only the cases referred to this partner (its inbox).")
@click.option("--status", type=click.Choice(REFERRAL_FILTERS), default=None,
              help="With --referred-to: the referral's state (open = pending or accepted).")
@click.option("--json", "as_json", is_flag=True, help=_JSON_HELP)
@pass_app
def list_command(
    app: AppContext, as_of: str | None, referred_to: str | None, status: str | None,
    as_json: bool,
) -> None:
    """List every case with its arrears and track states (a partner: the cases it is in)."""
    when = _as_of(as_of)
    if status is not None and not referred_to:
        raise ValidationError("--status", status, message("list.status_needs_partner"))
    book = app.casebook()
    views = [v for v in book.views() if book.sight(v, when).involved]
    if referred_to:
        partner = book.partners().require(referred_to, "--referred-to")
        assert partner is not None
        wanted = REFERRAL_FILTERS_STATES[status or "any"]
        views = [
            v for v in views
            if referral_states(v, book.canonical_partner).get(partner.id) in wanted
        ]
    names = tenant_names(book, [v.case_id for v in views])
    items = [case_list_item(view, names[view.case_id], when, book.env) for view in views]
    if as_json:
        emit_json(items)
        return
    if not items:
        click.echo(message("list.empty"))
        return
    lang = display_lang()
    rows = [
        [
            item["id"],
            shorten(item["tenant"], 32),
            item["lang"],
            format_money(_shown(item["arrears"]), lang),
            format_months(item["arrears_months"], lang),
            *(_state(item["tracks"].get(track, "")) for track in TRACKS),
            _irregular_mark(item["irregularities"]),
        ]
        for item in items
    ]
    headers = [
        message("label.case"), message("label.tenant"), message("label.lang_short"),
        message("label.arrears"), message("label.months"),
        *(track_label(track, ui_language()) for track in TRACKS),
        message("label.irregular_short"),
    ]
    click.echo(table(headers, rows, align=["<", "<", "<", ">", ">", "<", "<", "<", "<", ">"]))
    flagged = sum(1 for item in items if item["irregularities"])
    if flagged:
        click.echo(message("list.irregular", count=flagged))


def _irregular_mark(codes: Sequence[str]) -> str:
    """The mark of a case with irregularities in a table (``!2``), empty without."""
    return f"!{len(codes)}" if codes else ""


# -- case record ----------------------------------------------------------------------------------


@case_group.command("record")
@click.argument("case_id", metavar="CASE")
@click.argument("kind", metavar="KIND")
@click.option("--date", "on", metavar="DATE", help="Day the fact happened (default today).")
@click.option("--amount", metavar="AMOUNT", help="Amount, e.g. 1234.56, 1234,56 or 1.234,56.")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
              help="A field of the entry (repeat for several), e.g. --set source=cpas.")
@click.option("--yes", is_flag=True, help=_YES_HELP)
@click.option("--json", "as_json", is_flag=True, help=_JSON_HELP)
@pass_app
def record_command(
    app: AppContext,
    case_id: str,
    kind: str,
    on: str | None,
    amount: str | None,
    sets: tuple[str, ...],
    yes: bool,
    as_json: bool,
) -> None:
    """
    Append one entry of kind KIND to case CASE.

    \b
    Money: rent_due, charges_due, payment, aid_paid (--set source=cpas|fonds_logement|other),
      adjustment (signed --amount, --set reason=…).
    Procedure: notice_received, petition_filed, cpas_informed, conciliation_requested,
      conciliation_outcome, hearing_scheduled (--set hearing_date=DATE), judgment,
      judgment_served, appeal_filed, eviction_scheduled, payment_plan_agreed, referral,
      consent_given, note, correction (--set corrects=N --set reason=…) and more.
    A bad kind or field lists what that kind takes.
    """  # noqa: D301 - \b keeps click from rewrapping
    case_id = _case(case_id)
    entry = build_entry(
        kind,
        on=today() if on is None else parse_date(on, "date"),
        amount=amount,
        sets=sets,
    )
    confirm_dates(entry_dates(entry), yes=yes, today=today())
    app.current_case = case_id
    book = app.casebook()
    when = max(today(), entry.date)
    before = _irregularity_keys(book.load(case_id), when, book.env)
    recorded = book.record(case_id, entry)
    _warn_irregularities(book.load(case_id), when, book.env, before)
    if as_json:
        emit_json({"case": case_id, **history_item(recorded)})
        return
    click.echo(message(
        "record.done", kind=entry.kind, sequence=recorded.sequence, case=case_id,
        date=entry.date.isoformat(),
    ))
    if entry.is_money:
        view = book.load(case_id)
        when = max(today(), entry.date)
        arrears = view.balance(when).arrears
        click.echo(
            f"{message('label.arrears')} ({when.isoformat()}): "
            f"{format_money(arrears, view.lang)} — "
            + message("label.arrears_months",
                      months=format_months(view.arrears_months(when), view.lang))
        )


def _irregularity_keys(view: CaseView, when: date, env: PluginEnvironment) -> set[tuple[str, int]]:
    return {(i["code"], i["sequence"]) for i in irregularity_items(view, when, env)}


def _unencrypted(book: Casebook) -> bool:
    """True when the casebook is a real database without a key store (no crypto-shredding)."""
    return getattr(book.store, "keys", None) is None and not book.store.url.startswith("memory:")


def _say_key_store(book: Casebook) -> None:
    """Say where a key store was just created, or that there is none (stderr)."""
    keys = getattr(book.store, "keys", None)
    if keys is None:
        if _unencrypted(book):
            click.echo(message("keystore.none"), err=True)
        return
    path = getattr(keys, "path", None)
    if getattr(keys, "created", False) and path is not None:
        click.echo(message("keystore.created", path=str(path)), err=True)


def _warn_irregularities(
    view: CaseView, when: date, env: PluginEnvironment, before: set[tuple[str, int]]
) -> None:
    """Warn on stderr of each irregularity the entry just recorded created or revealed."""
    for item in irregularity_items(view, when, env):
        if (item["code"], item["sequence"]) in before:
            continue
        click.echo(message(
            "record.irregularity", code=item["code"], text=item["message"], basis=item["basis"],
        ), err=True)


# -- case show ------------------------------------------------------------------------------------


#: Deadlines passed this many days ago or less stay shown (marked passed).
RECENT_DAYS = 30


def _recent_or_open(deadline: dict[str, object], as_of: date) -> bool:
    """Whether a deadline is shown: open, undated, or passed within :data:`RECENT_DAYS`."""
    if deadline.get("status") != "passed":
        return True
    when = deadline.get("date")
    return isinstance(when, str) and (as_of - date.fromisoformat(when)).days <= RECENT_DAYS


def render_case(document: dict[str, object]) -> str:
    """Return the ``case show`` screen for people, from the ``case show --json`` document."""
    doc = document
    lang = str(doc["lang"])

    def money(key: str, source: dict[str, object] | None = None) -> str:
        return format_money(_shown((source or doc)[key]), lang)

    balance = doc["balance"]
    assert isinstance(balance, dict)
    out: list[str] = []
    out.append(f"{message('label.case')} {doc['id']}   "
               f"({message('label.as_of').lower()} {doc['as_of']}, "
               f"{doc['version']} {message('label.entries').lower()})")
    identity = [
        (message("label.tenant"), str(doc["tenant"])),
        (message("label.landlord"), str(doc["landlord"])),
        (message("label.address"), str(doc["address"])),
        (message("label.lang"), lang),
        (message("label.rent"), f"{money('rent')} + {message('label.charges').lower()} "
                                f"{money('charges')}"),
        (message("label.opened"), str(doc["opened"])),
    ]
    if doc.get("lease_start"):
        identity.append((message("label.lease_start"), str(doc["lease_start"])))
    if doc.get("erased_at"):
        label = "label.erased_on" if doc.get("personal_data_closed", True) else "label.reopened"
        erased = message(label, when=doc["erased_at"])
        identity.append((message("label.erased"), erased))
        who = doc.get("erased_by")
        if isinstance(who, dict):
            identity.append(("", message("label.erased_by", who=f"{who['user']}@{who['partner']}")))
    out.append(key_values(identity, indent=2))
    out.append("")
    out.append(message("label.balance"))
    figures = [
        (message("label.due"), money("due", balance)),
        (message("label.paid"), money("paid", balance)),
        (message("label.aid"), money("aid", balance)),
        (message("label.arrears"), money("arrears", balance)),
    ]
    if _shown(doc["credit"]):
        figures.append((message("label.credit"), money("credit")))
    width = max(len(v) for _, v in figures)
    aid_by_source = doc.get("aid_by_source") or {}
    assert isinstance(aid_by_source, dict)
    lines = []
    for label, value in figures:
        extra = ""
        if label == message("label.aid") and aid_by_source:
            extra = "   (" + ", ".join(
                f"{source} {format_money(_shown(amount), lang)}"
                for source, amount in aid_by_source.items()
            ) + ")"
        if label == message("label.arrears"):
            months = format_months(doc["arrears_months"], lang)
            extra = "   " + message("label.arrears_months", months=months)
        lines.append((label, f"{value:>{width}}{extra}"))
    out.append(key_values(lines, indent=2))
    ageing = doc.get("ageing")
    if isinstance(ageing, dict) and _shown(balance["arrears"]):
        out.append("")
        out.append(message("label.ageing"))
        out.append(table(
            list(ageing), [[format_money(_shown(v), lang) for v in ageing.values()]],
            align=[">"] * len(ageing), indent=2,
        ))
    plan = doc.get("payment_plan")
    if isinstance(plan, dict):
        out.append("")
        out.append(message("label.plan"))
        status = message("label.plan_default" if plan["in_default"] else "label.plan_kept")
        schedule = plan["schedule"]
        assert isinstance(schedule, list)
        out.append("  " + message(
            "label.plan_line",
            agreed=plan["agreed_on"], count=plan["count"], instalment=money("instalment", plan),
            first=schedule[0]["due"] if schedule else "", paid=money("paid_to_date", plan),
            due=money("due_to_date", plan), status=status,
        ))
    tracks = doc["tracks"]
    assert isinstance(tracks, dict)
    out.append("")
    out.append(message("label.tracks"))
    lang = ui_language()
    out.append(key_values(
        [(track_label(track, lang), _state(state)) for track, state in tracks.items()], indent=2
    ))
    deadlines = doc["deadlines"]
    assert isinstance(deadlines, list)
    out.append("")
    out.append(message("label.deadlines"))
    as_of = date.fromisoformat(str(doc["as_of"]))
    shown = [d for d in deadlines if _recent_or_open(d, as_of)]
    if shown:
        rows = []
        for d in shown:
            when = d.get("date")
            if when:
                delta = (date.fromisoformat(when) - as_of).days
                if delta < 0:
                    left = message("label.passed_ago", days=-delta)
                elif delta == 0:
                    left = message("label.today")
                else:
                    left = message("label.days", days=delta)
            else:
                left = shorten(str(d.get("status", "")), 40)
            rows.append([
                when or "—", left, shorten(str(d.get("title") or d["rule"]), 48), d["rule"],
                shorten(str(d["basis"]), 40),
            ])
        laid = table(
            [message("label.date"), message("label.in_days"), message("label.deadline"),
             message("label.rule"), message("label.basis")],
            rows, align=["<", ">", "<", "<", "<"], indent=2,
        ).split("\n")
        # the header and its rule, then each deadline with how its date was reached
        out.extend(laid[:2])
        for text_line, d in zip(laid[2:], shown, strict=True):
            out.append(text_line)
            if d.get("explanation"):
                out.append("      " + message(
                    "label.explanation", text=d["explanation"],
                    regime=d.get("regime", ""), confidence=d.get("confidence", ""),
                ))
    else:
        out.append("  " + message("label.none"))
    passed = len(deadlines) - len(shown)
    if passed:
        out.append("  " + message("label.passed", count=passed))
    irregularities = doc.get("irregularities") or []
    assert isinstance(irregularities, list)
    out.append("")
    out.append(message("label.irregularities"))
    if irregularities:
        for item in irregularities:
            out.append(f"  ! #{item['sequence']} {item['message']}")
            out.append(f"    ({item['basis']})")
    else:
        out.append("  " + message("label.none"))
    steps = doc["next_steps"]
    assert isinstance(steps, list)
    out.append("")
    out.append(message("label.next_steps"))
    if steps:
        by_track: dict[str, list[str]] = {}
        for step in steps:
            by_track.setdefault(step["track"], []).append(step["trigger"])
        pairs = [(track_label(t, lang), ", ".join(triggers)) for t, triggers in by_track.items()]
        out.append(key_values(pairs, indent=2))
    else:
        out.append("  " + message("label.none"))
    return "\n".join(out)


@case_group.command("show")
@click.argument("case_id", metavar="CASE")
@click.option("--as-of", metavar="DATE",
              help="Show the case as it stood on this date (default today); "
                   "later entries are left out.")
@click.option("--json", "as_json", is_flag=True, help=_JSON_HELP)
@pass_app
def show_command(app: AppContext, case_id: str, as_of: str | None, as_json: bool) -> None:
    """Show a case: identity, balance, arrears, tracks, deadlines and next steps."""
    case_id = _case(case_id)
    when = _as_of(as_of)
    app.current_case = case_id
    book = app.casebook()
    view, _seen = app.read_case(case_id, when, "case show")
    document = case_document(view, when, book.env)
    document["erased_at"] = book.erased_at(case_id)  # personal data erased (sealed head), or None
    # True while new personal data is refused (erased, and no new intake or consent since).
    document["personal_data_closed"] = book.personal_data_closed(case_id)
    eraser = book.erased_by(case_id)  # who erased it; None when not recorded (before actors)
    document["erased_by"] = eraser.as_json() if eraser is not None else None
    if as_json:
        emit_json(document)
    else:
        click.echo(render_case(document))


# -- case history ---------------------------------------------------------------------------------


def _details(record: Recorded, corrected_by: dict[int, int]) -> str:
    entry = record.entry
    parts = []
    for spec in entry_fields(type(entry)):
        if spec.key in ("date", "amount"):
            continue
        value = getattr(entry, spec.name)
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            shown = message("label.yes") if value else message("label.no")
        elif isinstance(value, Money):
            shown = format_money(value, "fr")
        elif isinstance(value, date):
            shown = value.isoformat()
        else:
            shown = str(value)
        parts.append(f"{spec.key}={shown}")
    text = " ".join(parts)
    if isinstance(entry, Correction):
        text = f"→ #{entry.corrects} " + text.replace(f"corrects={entry.corrects} ", "")
    if record.sequence in corrected_by:
        text = f"[{message('label.corrected_by', sequence=corrected_by[record.sequence])}] {text}"
    return shorten(text, 60)


@case_group.command("history")
@click.argument("case_id", metavar="CASE")
@click.option("--json", "as_json", is_flag=True, help=_JSON_HELP)
@pass_app
def history_command(app: AppContext, case_id: str, as_json: bool) -> None:
    """List every entry of a case in the order it was recorded."""
    case_id = _case(case_id)
    app.current_case = case_id
    view, seen = app.read_case(case_id, today(), "case history")
    records = visible_history(view, seen)  # a partner sees only what the policy allows
    if as_json:
        emit_json([history_item(r) for r in records])
        return
    corrected_by = {
        r.entry.corrects: r.sequence for r in records if isinstance(r.entry, Correction)
    }
    rows = [
        [
            str(r.sequence),
            r.entry.date.isoformat(),
            kind_label(r.entry.kind, ui_language()),
            format_money(getattr(r.entry, "amount", None), view.lang),
            _details(r, corrected_by) if r.sequence > 1 else _opening_details(r, view.lang),
            r.recorded_at.strftime("%Y-%m-%d %H:%M"),
            str(r.by) if r.by is not None else message("label.by_unknown"),
        ]
        for r in records
    ]
    click.echo(table(
        [message("label.seq"), message("label.date"), message("label.kind"),
         message("label.amount"), message("label.details"), message("label.recorded"),
         message("label.by")],
        rows, align=[">", "<", "<", ">", "<", "<", "<"],
    ))


def _opening_details(record: Recorded, lang: str) -> str:
    opened = record.entry
    assert isinstance(opened, CaseOpened)
    rent = format_money(opened.rent, lang)
    return shorten(f"{opened.tenant} — {message('label.rent').lower()} {rent}", 60)


# -- case verify ----------------------------------------------------------------------------------


@case_group.command("verify")
@click.argument("case_id", metavar="[CASE]", required=False)
@click.option("--export-head", "export_to", metavar="FILE",
              help="Also write the casebook head (every case's length and last hash, signed) "
                   "to FILE, to keep elsewhere.")
@click.option("--against", "against", metavar="FILE",
              help="Also compare with a head written earlier by --export-head: finds a "
                   "rollback of the whole database to an older copy.")
@click.option("--seal", is_flag=True,
              help="Give cases written before the keyed seal their head (after checking them).")
@click.option("--rotate-key", "rotate", is_flag=True,
              help="Reseal the casebook with a new key, replacing the key file (after checking "
                   "it with the current one).")
@click.option("--json", "as_json", is_flag=True, help=_JSON_HELP)
@pass_app
def verify_command(
    app: AppContext, case_id: str | None, export_to: str | None, against: str | None,
    seal: bool, rotate: bool, as_json: bool,
) -> None:
    """
    Check the hash chains, entry MACs and case heads of one case or of every case.

    Exits 0 when everything is intact, 3 when something is broken (naming the
    case and its first broken sequence).  The key is read from
    CLSS_HOUSING_KEY_FILE, or from the .key file beside a SQLite ledger.
    """
    if case_id is not None:
        case_id = _case(case_id)
        app.current_case = case_id
    head_file = None if against is None else _read_head_file(against)
    if export_to is not None:
        _check_writable(export_to, "--export-head")
    book = app.casebook()
    if seal:
        sealed = book.seal()
        if not as_json:
            click.echo(message("verify.sealed", count=sealed), err=True)
    if rotate:
        _rotate(book)
    report = book.verify_report(
        case_id, against=None if head_file is None else check_head_file(head_file)
    )
    problems = report.problems
    unencrypted = _unencrypted(book)
    if as_json:
        emit_json({
            "ok": not problems,
            "checked": report.checked,
            "keyed": report.keyed,
            "problems": [
                {"case": p.case_id, "sequence": p.sequence, "reason": p.reason} for p in problems
            ],
            "warnings": [*report.warnings, *([message("keystore.none")] if unencrypted else [])],
        })
    elif unencrypted:
        click.echo(message("keystore.none"), err=True)
    for p in problems:
        click.echo(printable(message("error.prefix", text=message(
            "verify.broken", case=p.case_id, sequence=p.sequence, reason=p.reason,
        ))), err=True)
    if not as_json:
        for warning in report.warnings[:_MAX_WARNINGS]:
            click.echo(printable(message("verify.note", text=warning)), err=True)
        if len(report.warnings) > _MAX_WARNINGS:
            click.echo(message("verify.more_notes", count=len(report.warnings) - _MAX_WARNINGS),
                       err=True)
    if problems:
        if not as_json and case_id is None:
            click.echo(message("verify.summary", broken=len(problems), count=report.checked),
                       err=True)
        raise click.exceptions.Exit(EXIT_INTEGRITY)
    if export_to is not None:
        _write_head(book.export_head(), export_to)
        if not as_json:
            click.echo(message("verify.exported", path=export_to), err=True)
    if not as_json:
        if case_id is not None:
            click.echo(message("verify.ok_one", case=case_id, entries=book.store.version(case_id)))
        else:
            click.echo(message("verify.ok_all", count=report.checked))


_MAX_WARNINGS = 20


def _rotate(book: Casebook) -> None:
    """Reseal with a new key written beside the current key file, then put it in its place."""
    current = book.key
    if current is None or current.path is None:
        raise ValidationError("--rotate-key", None, message("key.no_file"))
    fresh = current.path.with_name(current.path.name + ".new")
    count = book.rotate_key(CasebookKey(fresh))
    fresh.replace(current.path)
    book.key = CasebookKey(current.path)
    click.echo(message("key.rotated", count=count, path=str(current.path)), err=True)


def _read_head_file(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise ValidationError("--against", None, message("file.missing")) from None


def _check_writable(path: str, option: str) -> None:
    target = Path(path)
    if target.is_dir():
        raise ValidationError(option, None, message("out.is_folder"))
    if not target.parent.exists():
        raise ValidationError(option, None, message("out.no_folder"))


def _write_head(document: dict[str, object], path: str) -> None:

    temporary = Path(path).with_name(Path(path).name + ".tmp")
    temporary.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    temporary.replace(path)


# -- case erase -----------------------------------------------------------------------------------


def stdin_is_interactive() -> bool:
    """Tell whether a person can answer a question on stdin."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


@case_group.command("erase")
@click.argument("case_id", metavar="CASE")
@click.option("--person", is_flag=True,
              help="Erase the tenant's personal data: names, address, free-text notes.")
@click.option("--yes", "confirmed", is_flag=True, help="Do not ask for confirmation.")
@click.option("--json", "as_json", is_flag=True, help=_JSON_HELP)
@pass_app
def erase_command(
    app: AppContext, case_id: str, person: bool, confirmed: bool, as_json: bool
) -> None:
    """
    Erase for good a tenant's personal data (right to erasure).

    Amounts, dates and states stay, and `case verify` still passes.  Asks
    for confirmation unless --yes is given.
    """
    if not person:
        raise click.UsageError(message("erase.person_needed"))
    case_id = _case(case_id)
    app.current_case = case_id
    if not confirmed and not stdin_is_interactive():
        raise ValidationError("--yes", None, message("erase.not_tty"))
    book = app.casebook()
    book.load(case_id)
    if not confirmed and not click.confirm(message("erase.prompt", case=case_id), err=True):
        click.echo(message("error.prefix", text=message("erase.declined")), err=True)
        raise click.exceptions.Exit(EXIT_REFUSED)
    count = book.erase_personal_data(case_id)
    if as_json:
        emit_json({"case": case_id, "erased": count})
    else:
        click.echo(message("erase.done", count=count, case=case_id))
        if getattr(book.store, "keys", None) is not None:
            click.echo(message("erase.key_destroyed", case=case_id))
