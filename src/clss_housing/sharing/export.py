"""
The tenant's right of access: everything held about one case, as JSON and as a readable document.

Article 15 of the General Data Protection Regulation (Regulation (EU) 2016/679)
gives the person concerned access to the personal data held about them and to
information on the recipients to whom it was disclosed.  ``case export CASE``
answers such a request with every entry of the case (with who recorded it), the
consents and referrals, and the access log of the case (who read it, when, with
which command).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from clss_housing.ledger.access import AccessRow
from clss_housing.ledger.codec import Recorded
from clss_housing.ledger.entries import (
    ConsentGiven,
    ConsentWithdrawn,
    Referral,
    ReferralAccepted,
    ReferralClosed,
    ReferralDeclined,
    entry_fields,
)
from clss_housing.view import CaseView


__all__ = ["EXPORT_FORMAT", "export_document", "render_export"]

#: ``format`` of the JSON export.
EXPORT_FORMAT: Final = "clss-housing-export/1"

_WORDS: Final[Mapping[str, Mapping[str, str]]] = {
    "fr": {
        "title": "Données détenues sur le dossier {case}",
        "intro": (
            "Réponse à une demande d'accès (article 15 du règlement (UE) 2016/679, RGPD) : "
            "toutes les écritures du dossier, qui les a enregistrées, les consentements, les "
            "renvois et les consultations du dossier."
        ),
        "entries": "Écritures",
        "consents": "Consentements",
        "referrals": "Renvois",
        "access": "Consultations du dossier",
        "by": "par",
        "unknown": "auteur inconnu (écriture antérieure)",
        "none": "aucune",
        "erased": "Données personnelles effacées le {when}.",
    },
    "nl": {
        "title": "Gegevens over dossier {case}",
        "intro": (
            "Antwoord op een verzoek om inzage (artikel 15 van Verordening (EU) 2016/679, AVG): "
            "alle boekingen van het dossier, wie ze registreerde, de toestemmingen, de "
            "doorverwijzingen en de raadplegingen van het dossier."
        ),
        "entries": "Boekingen",
        "consents": "Toestemmingen",
        "referrals": "Doorverwijzingen",
        "access": "Raadplegingen van het dossier",
        "by": "door",
        "unknown": "onbekende auteur (oudere boeking)",
        "none": "geen",
        "erased": "Persoonsgegevens gewist op {when}.",
    },
}


def _value(value: object) -> object:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    cents = getattr(value, "cents", None)
    if isinstance(cents, int):
        return str(value)
    return str(value)


def _entry(recorded: Recorded) -> dict[str, Any]:
    entry = recorded.entry
    fields = {spec.key: _value(getattr(entry, spec.name)) for spec in entry_fields(type(entry))}
    fields.pop("by", None)  # a lease notice's own field: given_by below
    if hasattr(entry, "given_by"):
        fields["given_by"] = entry.given_by
    return {
        "sequence": recorded.sequence, "kind": entry.kind, "recorded_at":
        recorded.recorded_at.isoformat(), "fields": fields,
        "by": recorded.by.as_json() if recorded.by is not None else None,
    }


def export_document(
    view: CaseView, access: Sequence[AccessRow], *, erased_at: str | None = None
) -> dict[str, Any]:
    """The JSON export of one case (see the module docstring)."""
    entries = [_entry(r) for r in view.records]
    consent_kinds = (ConsentGiven, ConsentWithdrawn)
    referral_kinds = (Referral, ReferralAccepted, ReferralDeclined, ReferralClosed)
    return {
        "format": EXPORT_FORMAT,
        "case": view.case_id,
        "erased_at": erased_at,
        "entries": entries,
        "consents": [e for e, r in zip(entries, view.records, strict=True)
                     if isinstance(r.entry, consent_kinds)],
        "referrals": [e for e, r in zip(entries, view.records, strict=True)
                      if isinstance(r.entry, referral_kinds)],
        "access_log": [
            {"at": a.at, "by": {"user": a.by_user, "partner": a.by_partner},
             "command": a.command}
            for a in access
        ],
    }


def _line(item: Mapping[str, Any], words: Mapping[str, str]) -> str:
    fields = item["fields"]
    details = ", ".join(f"{k}: {v}" for k, v in fields.items() if v not in (None, ""))
    by = item["by"]
    who = f"{words['by']} {by['user']}@{by['partner']}" if by else words["unknown"]
    return f"- #{item['sequence']} {item['kind']} — {details} ({who})"


def render_export(document: Mapping[str, Any], lang: str) -> str:
    """The export as a readable Markdown document in French or Dutch."""
    words = _WORDS["nl" if lang == "nl" else "fr"]
    out = [f"# {words['title'].format(case=document['case'])}", "", words["intro"], ""]
    if document.get("erased_at"):
        out += [words["erased"].format(when=document["erased_at"]), ""]
    for key, title in (("entries", "entries"), ("consents", "consents"),
                       ("referrals", "referrals")):
        out += [f"## {words[title]}", ""]
        items = document[key]
        out += [_line(i, words) for i in items] if items else [words["none"]]
        out.append("")
    out += [f"## {words['access']}", ""]
    rows = document["access_log"]
    out += [f"- {a['at'][:19].replace('T', ' ')} UTC — {a['by']['user']}@{a['by']['partner']}"
            f" — {a['command']}" for a in rows] if rows else [words["none"]]
    return "\n".join(out) + "\n"
