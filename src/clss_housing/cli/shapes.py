"""
The JSON shapes of the command line (``CLI.md``): what scripts rely on.

* :func:`case_document` — ``case show --json``;
* :func:`history_item` — one element of ``case history --json``;
* :func:`case_list_item` — one element of ``case list --json``.

Amounts are strings with two decimals, dates ISO strings.  The tracks, next
steps and deadlines come from :mod:`clss_housing.workflow` and
:mod:`clss_housing.deadlines` (imported when needed).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from clss_housing.balance import Balance, PlanStatus
from clss_housing.deadlines import case_deadlines, case_irregularities
from clss_housing.ledger.codec import Recorded
from clss_housing.ledger.entries import Entry, entry_fields
from clss_housing.money import Money
from clss_housing.plugins import PluginEnvironment
from clss_housing.view import CaseView


__all__ = [
    "balance_document",
    "case_document",
    "case_list_item",
    "entry_values",
    "history_item",
    "irregularity_items",
    "json_value",
    "months_text",
    "plan_document",
]


def json_value(value: object) -> object:
    """Return a field value as JSON data: dates ISO, amounts ``"1750.00"``."""
    if isinstance(value, Money):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def entry_values(entry: Entry) -> dict[str, object]:
    """Return the payload fields of ``entry`` other than ``date`` and ``amount``, by their key."""
    return {
        spec.key: json_value(getattr(entry, spec.name))
        for spec in entry_fields(type(entry))
        if spec.key not in ("date", "amount")
    }


def history_item(recorded: Recorded) -> dict[str, object]:
    """
    Return one entry as ``case history --json`` lists it.

    ``by`` is who recorded it (``{"user", "partner"}``), ``null`` for entries
    written before actors were recorded.  A ``lease_notice``'s own ``by`` field
    (tenant or landlord) is listed as ``given_by`` here, since ``by`` names the actor.
    """
    entry = recorded.entry
    item: dict[str, object] = {
        "sequence": recorded.sequence,
        "kind": entry.kind,
        "date": entry.date.isoformat(),
        "amount": json_value(getattr(entry, "amount", None)),
    }
    values = entry_values(entry)
    if "by" in values:
        values["given_by"] = values.pop("by")
    item.update(values)
    item["recorded_at"] = recorded.recorded_at.isoformat()
    item["by"] = recorded.by.as_json() if recorded.by is not None else None
    return item


def months_text(months: Decimal) -> str:
    """Return arrears in months as a two-decimal string (``"2.50"``)."""
    return f"{months:.2f}"


def balance_document(balance: Balance) -> dict[str, str]:
    """Return the four balance figures of ``CLI.md`` as strings."""
    return {
        "due": str(balance.due),
        "paid": str(balance.paid),
        "aid": str(balance.aid),
        "arrears": str(balance.arrears),
    }


def plan_document(plan: PlanStatus | None) -> dict[str, Any] | None:
    """Return a payment plan's schedule and status, or ``None`` without a plan."""
    if plan is None:
        return None
    return {
        "agreed_on": plan.agreed_on.isoformat(),
        "instalment": str(plan.instalment),
        "count": len(plan.schedule),
        "total": str(plan.total),
        "due_to_date": str(plan.due_to_date),
        "paid_to_date": str(plan.paid_to_date),
        "shortfall": str(plan.shortfall),
        "in_default": plan.in_default,
        "default_recorded": plan.default_recorded,
        "schedule": [
            {
                "number": i.number,
                "due": i.due.isoformat(),
                "amount": str(i.amount),
                "covered": str(i.covered),
                "settled": i.settled,
            }
            for i in plan.schedule
        ],
    }


def irregularity_items(view: CaseView, as_of: date, env: PluginEnvironment) -> list[dict[str, Any]]:
    """
    Return the irregularities of a case in force at ``as_of``, under ``env``'s rules.

    Each is ``{"code", "message", "basis", "sequence", "date"}`` (``CLI.md``).
    """
    found = case_irregularities(view, as_of=as_of, settings=env.settings, rules=env.rules)
    return [
        {
            "code": i.code,
            "message": i.message,
            "basis": i.basis,
            "sequence": i.sequence,
            "date": json_value(i.date),
        }
        for i in found
    ]


def case_document(view: CaseView, as_of: date, env: PluginEnvironment) -> dict[str, Any]:
    """
    Return the ``case show --json`` document of a case at ``as_of``.

    Rules, settings and tracks are those of ``env`` (the casebook's ``book.env``).

    Keys of ``CLI.md``: ``id``, ``version``, ``tracks``, ``balance``,
    ``arrears_months``, ``deadlines``, ``next_steps``, ``irregularities``; and,
    for people and partner tools: ``as_of``, ``tenant``, ``landlord``,
    ``address``, ``lang``, ``rent``, ``charges``, ``lease_start``, ``opened``,
    ``credit``, ``aid_by_source``, ``ageing`` and ``payment_plan``.  Deadlines
    and irregularities follow ``env``'s rules and settings.
    """
    flow = env.workflow
    opened = view.opened
    balance = view.balance(as_of)
    return {
        "id": view.case_id,
        "version": view.version,
        "as_of": as_of.isoformat(),
        "tenant": opened.tenant,
        "landlord": opened.landlord,
        "address": opened.address,
        "lang": opened.lang,
        "rent": str(opened.rent),
        "charges": str(opened.charges),
        "lease_start": json_value(opened.lease_start),
        "opened": opened.date.isoformat(),
        "tracks": dict(flow.track_states(view, as_of)),
        "balance": balance_document(balance),
        "credit": str(balance.credit),
        "aid_by_source": {source: str(m) for source, m in balance.aid_by_source.items()},
        "arrears_months": months_text(view.arrears_months(as_of)),
        "ageing": {label: str(m) for label, m in view.ageing(as_of).buckets},
        "payment_plan": plan_document(view.payment_plan(as_of)),
        "deadlines": [
            d.to_json()
            for d in case_deadlines(view, as_of, rules=env.rules, settings=env.settings)
        ],
        "irregularities": irregularity_items(view, as_of, env),
        "next_steps": [
            {"track": track, "trigger": trigger}
            for track, trigger in flow.next_steps(view, as_of)
        ],
    }


def case_list_item(
    view: CaseView, tenant: str, as_of: date, env: PluginEnvironment
) -> dict[str, Any]:
    """
    Return one case as ``case list --json`` lists it.

    With ``lang``, ``arrears_months`` and ``irregularities`` (the codes of the
    irregularities in force at ``as_of``; empty when none).
    """
    balance = view.balance(as_of)
    return {
        "id": view.case_id,
        "tenant": tenant,
        "tracks": dict(env.workflow.track_states(view, as_of)),
        "arrears": str(balance.arrears),
        "arrears_months": months_text(view.arrears_months(as_of)),
        "lang": view.lang,
        "irregularities": [i["code"] for i in irregularity_items(view, as_of, env)],
    }
