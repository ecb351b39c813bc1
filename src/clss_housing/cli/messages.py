"""
Every sentence the command line shows people, in one place.

Messages are looked up by a stable id and formatted with :func:`message`.
They are in English for now; a translation adds a dictionary per language
to :data:`CATALOGUES` (``fr``, ``nl``) with the same ids, and
``CLSS_HOUSING_LANG`` picks it.  Placeholders are ``str.format`` fields, so a
translation may reorder them.

Messages never carry personal data: placeholders only ever receive case ids,
kinds, field names, dates, amounts, counts and file line numbers.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Final


__all__ = ["CATALOGUES", "ENGLISH", "current_language", "message"]

ENGLISH: Final[Mapping[str, str]] = {
    # -- errors and refusals ------------------------------------------------------------------
    "error.prefix": "Error: {text}",
    "error.internal": (
        "Error: an unexpected internal error occurred ({kind}). Nothing more was written than "
        "what had already been confirmed. Set CLSS_HOUSING_DEBUG=1 to see the details."
    ),
    "error.store": (
        "Error: the database failed: {text}. Set CLSS_HOUSING_DEBUG=1 to see the details."
    ),
    "error.conflict": (
        "Error: {text}. Another person or program changed the case at the same time and "
        "retrying did not help; nothing was written. Try again."
    ),
    "error.integrity": "Error: {text}",
    "error.overflow": (
        "a date or a figure computed from this case lies beyond what can be represented "
        "(for example a date after 9999-12-31); nothing was written. "
        "Run `clss-housing case verify` to find entries with out-of-range values"
    ),
    "hint.transition": "See the allowed next steps with: clss-housing case show {case}",
    "db.missing": (
        "no ledger at {path}; check --db or CLSS_HOUSING_DB "
        "(`clss-housing case open` creates a new ledger)"
    ),
    "db.bad": "{text}",
    "date.bad": "is not a date; write it as YYYY-MM-DD (e.g. 2026-03-05)",
    "date.bad_csv": "is not a date; write it as YYYY-MM-DD or DD/MM/YYYY",
    "int.bad": "is not a whole number",
    "bool.bad": "is not yes or no; write true/false, yes/no, 1/0, oui/non or ja/nee",
    "choice.bad": "must be one of: {choices}",
    "lang.bad": "must be one of: fr, nl",
    "set.no_equals": "must be written KEY=VALUE (e.g. --set source=cpas)",
    "set.twice": "is given twice",
    "set.unknown": "is not a field of {kind}; {kind} takes: {keys}",
    "set.unknown_none": "is not a field of {kind}; {kind} takes no --set fields",
    "set.use_option": "is given with --{option}, not --set",
    "field.required": "is required for {kind}; give it with {how}",
    "amount.not_taken": "is not taken: {kind} has no amount; leave out --amount",
    "kind.opening": "cases are opened with `clss-housing case open`, not recorded",
    "within.bad": "must be a whole number of days from 0 to 3660",
    "file.missing": "does not exist or is not a file",
    "erase.not_tty": (
        "erasing personal data cannot be undone and needs a confirmation; "
        "no terminal to ask, so give --yes to confirm"
    ),
    "erase.prompt": (
        "Erase for good the personal data (names, address, free text) of case {case}? "
        "Amounts, dates and states are kept. This cannot be undone."
    ),
    "erase.declined": "nothing was erased",
    "erase.person_needed": "give --person to erase the tenant's personal data",
    "out.no_folder": "names a folder that does not exist",
    "out.is_file": "is a file, not a folder",
    # -- success ------------------------------------------------------------------------------
    "record.done": "Recorded {kind} as entry {sequence} of case {case} ({date}).",
    "erase.done": (
        "Erased {count} personal values of case {case}. Amounts, dates and states are kept; "
        "`clss-housing case verify {case}` still passes."
    ),
    "verify.ok_all": "Every case is intact ({count} checked).",
    "verify.ok_one": "Case {case} is intact ({entries} entries).",
    "verify.broken": "case {case} is broken at sequence {sequence}: {reason}",
    "verify.summary": "{broken} of {count} cases are broken.",
    "verify.note": "Note: {text}",
    "key.no_file": "needs a casebook key file (CLSS_HOUSING_KEY_FILE)",
    "key.rotated": (
        "Resealed the casebook with a new key ({count} entry MACs, every head and the anchor); "
        "the key file {path} now holds the new key. Replace its copies kept apart: the old key "
        "no longer opens this casebook."
    ),
    "key.created": (
        "Created the casebook key {path} (it seals the ledger; keep a copy apart from the "
        "database backups: without it `case verify` cannot vouch for the ledger)."
    ),
    "verify.more_notes": "… and {count} more notes (use --json to list them all)",
    "verify.sealed": "Sealed {count} cases written before the keyed seal.",
    "verify.exported": "Wrote the casebook head to {path}; keep it apart from the database.",
    "list.empty": "No cases yet. Open one with `clss-housing case open`.",
    "deadlines.none": "No deadline between {start} and {end}.",
    "deadlines.irregular": (
        "! {count} case(s) with irregularities: {cases} (see clss-housing case show CASE)"
    ),
    "list.irregular": (
        "! {count} case(s) with irregularities (column !); see clss-housing case show CASE"
    ),
    "record.irregularity": "Warning: irregularity {code}: {text} ({basis})",
    "rules.file_none": "no settings file (defaults)",
    "rules.settings_from": "Deadline settings in force — file: {file}",
    "deadlines.ics": "Wrote {count} deadlines to the calendar file {path}.",
    "import.done": (
        "Imported {count} payments into case {case} (entries {first} to {last}), "
        "total {total}."
    ),
    "import.nothing": "The file holds no payment rows; nothing was imported.",
    "import.invalid_row": "line {line}, {column}: {reason}",
    "import.more_invalid": "… and {count} more invalid rows (use --json to list them all)",
    "import.refused": (
        "{count} invalid rows; nothing was imported. Correct them, or give --skip-invalid "
        "to import the {valid} valid rows only."
    ),
    "import.skipped": "Skipped {count} invalid rows:",
    "import.duplicates": (
        "Note: {count} imported rows have the same date, amount and reference as payments "
        "already in the case. Was this file imported before?"
    ),
    "diagram.done": "Wrote the {track} diagram to {path}.",
    "demo.intro": "Demo casebook: {count} households added to {db}.",
    "demo.wrote": "Wrote {count} files to {path}:",
    "demo.again": "Run it again to add another set of households (new case ids).",
    "demo.title": "clss-housing demo casebook — {date}",
    "demo.households": "Households",
    "demo.deadlines": "Deadlines in the next {days} days",
    # -- documents ----------------------------------------------------------------------------
    "out.is_folder": "is a folder; give the file to write",
    "partner.empty": "must name the partner (e.g. cpas, lead)",
    "set.no_equals_fact": "must be written NAME=VALUE (e.g. --set landlord_address=TEXT)",
    "letter.missing": "{count} facts are missing; nothing was written:",
    "letter.from_case": "record it in the case's ledger, or give it with --set {name}={type}",
    "letter.give_with": "give it with --set {name}={type}",
    "letter.ignored": (
        "Warning: --set {names} not used: the case's ledger records it, and the ledger wins."
    ),
    "letter.done": "Wrote letter {letter} of case {case} ({lang}) to {path}.",
    "batch.progress": "Letters",
    "batch.done": "Wrote {count} letters {letter} for {rows} rows to {path}.",
    "batch.combined": "Combined for printing: {path}",
    "batch.invalid": "{count} of {rows} rows were invalid (no letter for them):",
    "batch.invalid_row": "line {line}: {reason}",
    "batch.more_invalid": "… and {count} more invalid rows (use --json to list them all)",
    "summary.done": "Wrote the summary of case {case} for {partner} to {path}.",
    "summary.hidden": "Not shown to {partner} (no consent in force): {what}.",
    "label.letter": "Letter",
    "label.addressee": "To",
    "label.title": "Title",
    "label.needs": "Give with --set",
    # -- table headings and labels --------------------------------------------------------------
    "label.case": "Case",
    "label.tenant": "Tenant",
    "label.landlord": "Landlord",
    "label.address": "Address",
    "label.lang": "Language",
    "label.lang_short": "Lang",
    "label.rent": "Rent",
    "label.charges": "Charges",
    "label.lease_start": "Lease start",
    "label.erased": "Erased",
    "label.erased_on": "personal data erased on {when} (UTC); new personal data is refused",
    "label.opened": "Opened",
    "label.as_of": "As of",
    "label.entries": "Entries",
    "label.balance": "Balance",
    "label.due": "Due",
    "label.paid": "Paid",
    "label.aid": "Aid",
    "label.arrears": "Arrears",
    "label.credit": "Credit",
    "label.months": "Months",
    "label.arrears_months": "{months} months of rent",
    "help.json": "Print one JSON document on stdout instead of a table.",
    "label.ageing": "Arrears by age (days)",
    "label.plan": "Payment plan",
    "label.plan_line": (
        "agreed {agreed}: {count} × {instalment} from {first}; paid towards it {paid} "
        "of {due} due so far — {status}"
    ),
    "label.plan_kept": "kept",
    "label.plan_default": "IN DEFAULT",
    "label.tracks": "Tracks",
    "label.track": "Track",
    "label.state": "State",
    "label.deadlines": "Deadlines",
    "label.irregularities": "Irregularities",
    "label.irregular_short": "!",
    "label.passed_ago": "passed {days} d ago",
    "label.explanation": "{text} [{regime}, confidence {confidence}]",
    "label.setting": "Setting",
    "label.value": "Value",
    "label.origin": "From",
    "label.changes": "Changes",
    "label.regime": "Regime",
    "label.valid_from": "Valid from",
    "label.confidence": "Confidence",
    "label.deadline": "Deadline",
    "label.passed": "({count} passed deadlines not shown; see --json)",
    "label.next_steps": "Next steps allowed now",
    "label.none": "none",
    "label.date": "Date",
    "label.rule": "Rule",
    "label.basis": "Basis",
    "label.in_days": "In",
    "label.days": "{days} d",
    "label.today": "today",
    "label.trigger": "Record",
    "label.seq": "#",
    "label.kind": "Kind",
    "label.amount": "Amount",
    "label.details": "Details",
    "label.recorded": "Recorded (UTC)",
    "label.corrected_by": "corrected by #{sequence}",
    "label.source": "Source",
    "label.yes": "yes",
    "label.no": "no",
    # -- agenda ---------------------------------------------------------------------------------
    "agenda.no_config": (
        "sending by e-mail needs a [mail] table in the configuration file (--config FILE, "
        "CLSS_HOUSING_CONFIG, or clss-housing.toml beside the database); none was found"
    ),
    "agenda.no_mail_table": "has no [mail] table (host, sender…): see docs/howto/agenda.md",
    "agenda.no_names_by_mail": "tenants' names are never sent by e-mail; drop --names",
    "agenda.subject": "clss-housing agenda of {date}",
    "agenda.mailed": "Sent the agenda ({count} items) to {to}.",
    "agenda.written": "Wrote the agenda ({count} items) to {path}.",
    # -- shared casebook: actors, partners, access (issue 12) --------------------------------
    "label.by": "By",
    "label.by_unknown": "(unknown)",
    "label.erased_by": "erased by {who}",
    "label.partner": "Partner",
    "label.partner_kind": "Kind",
    "label.name": "Name",
    "label.contact": "Contact",
    "label.aliases": "Aliases",
    "partner.added": "Registered partner {partner}.",
    "admin.pg_only": "row-level security needs a PostgreSQL casebook (postgresql://…)",
    "admin.grant_form": "must be LOGIN=PARTNER (an existing login role and a partner id)",
    "admin.roles_done": "Partner roles and row-level security are in place ({count} partners, "
                        "schema {schema}).",
    "list.status_needs_partner": "needs --referred-to PARTNER (the referrals' partner)",
    "export.lead_only": (
        "the tenant's data is exported by the lead organisation (an actor at 'local'), which "
        "answers access requests"
    ),
    "label.when": "When (UTC)",
    "label.command": "Command",
    "audit.what": "name a case, or a user with --by",
    "audit.lead_only": (
        "the access log is read by the lead organisation (an actor at 'local') and, for a "
        "tenant, through `case export`"
    ),
    "summary.other_partner": (
        "acting as a partner, you may write a summary for your own partner only (its consents)"
    ),
}

#: Language code → message catalogue.  Missing ids fall back to English.
CATALOGUES: Final[dict[str, Mapping[str, str]]] = {"en": ENGLISH}


def current_language() -> str:
    """Return the message language: ``CLSS_HOUSING_LANG`` if it has a catalogue, else ``en``."""
    lang = os.environ.get("CLSS_HOUSING_LANG", "en").strip().lower()[:2]
    return lang if lang in CATALOGUES else "en"


def message(key: str, /, **values: object) -> str:
    """
    Format the message ``key`` in the current language.

    Args:
        key: the message id (see :data:`ENGLISH`).
        **values: the placeholders' values (never personal data).

    Returns:
        The formatted sentence.
    """
    catalogue = CATALOGUES.get(current_language(), ENGLISH)
    template = catalogue.get(key) or ENGLISH[key]
    return template.format(**values)
