"""
Every sentence the command line shows people, in one place.

Messages are looked up by a stable id and formatted with :func:`message`.
:data:`ENGLISH` is the source; the French and Dutch texts are gettext
catalogues (``src/clss_housing/locale``) keyed by the same ids (the gettext
context) — see :mod:`clss_housing.cli.i18n` for how the language is chosen.
An id added here without a translation yet shows in English.  Placeholders
are ``str.format`` fields, so a translation may reorder them.

Messages never carry personal data: placeholders only ever receive case ids,
kinds, field names, dates, amounts, counts and file line numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from clss_housing.cli.i18n import UI_LANGUAGES, translations, ui_language


__all__ = ["ENGLISH", "UI_LANGUAGES", "current_language", "message"]

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
    "hint.did_you_mean": "Did you mean: {names}?",
    "hint.transition": "See the allowed next steps with: clss-housing case show {case}",
    "db.missing": (
        "no ledger at {path}; check --db or CLSS_HOUSING_DB "
        "(`clss-housing case open` creates a new ledger)"
    ),
    "db.bad": "{text}",
    "date.bad": (
        "is not a date; write it as YYYY-MM-DD or DD/MM/YYYY (e.g. 2026-03-05 or 05/03/2026)"
    ),
    "date.bad_csv": "is not a date; write it as YYYY-MM-DD or DD/MM/YYYY",
    "date.unlikely_needs_yes": (
        "is before 2000 or more than a year ahead, which is often a typing mistake; "
        "nothing was written. Check it, or give --yes to record it as it is"
    ),
    "date.unlikely_prompt": (
        "Unusual date (before 2000 or more than a year ahead): {dates}. Is it right?"
    ),
    "date.unlikely_kept": "Note: unusual date kept as given (--yes): {dates}.",
    "date.unlikely_declined": "was not confirmed; nothing was written",
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
    "correct.done": (
        "Corrected {fields} of case {case} (entry {sequence}); the opening entry is kept as "
        "it was."
    ),
    "erase.done": (
        "Erased {count} personal values of case {case}. Amounts, dates and states are kept; "
        "`clss-housing case verify {case}` still passes."
    ),
    "erase.key_destroyed": (
        "The case's encryption key was destroyed: copies of the database (backups, the "
        "write-ahead log) can no longer be read for this case once key-store backups older "
        "than today are gone. New personal data needs a new intake or consent first "
        "(`case record {case} personal_data_reopened`)."
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
    "keystore.created": (
        "Created the key store {path}: the per-case keys that encrypt names, addresses and "
        "notes. Back it up apart from the database (`clss-housing admin backup`): losing it "
        "loses every name."
    ),
    "keystore.none": (
        "Notice: no key store is configured (CLSS_HOUSING_KEY_STORE), so names, addresses and "
        "notes are stored unencrypted and an erasure cannot reach backups or the database's "
        "write-ahead log."
    ),
    # -- admin backup / restore -------------------------------------------------------------
    "backup.not_empty": "the folder {path} already holds files; name a new or empty folder",
    "backup.cannot_write": "cannot write {path} ({text}); nothing was restored or overwritten",
    "backup.not_a_file": (
        "only a SQLite file or a PostgreSQL database can be backed up (memory: holds nothing "
        "to keep)"
    ),
    "backup.no_pg_dump": (
        "pg_dump was not found on PATH, so the PostgreSQL database cannot be copied from here. "
        "Install the PostgreSQL client tools (same major version as the server), or run on the "
        "server: pg_dump --format=custom --no-owner --file ledger.pgdump [--schema NAME] DBURL; "
        "then copy the key store (CLSS_HOUSING_KEY_STORE) and the key file "
        "(CLSS_HOUSING_KEY_FILE) to another place"
    ),
    "backup.pg_dump_failed": "pg_dump failed (exit {code}): {text}",
    "backup.done": (
        "Backed up {count} files: the database to {path}, the key store and key file to {keys}. "
        "Read {path}/README.txt: keep the keys apart from the database copy, and only briefly."
    ),
    "backup.no_key_store": (
        "Notice: this casebook has no key store (its personal data is not encrypted); the "
        "backup keeps names, addresses and notes in clear until it is destroyed."
    ),
    "backup.readme_no_keys": "(no key store: personal data in this backup is NOT encrypted)",
    "backup.readme_no_key": "(no casebook key file: the ledger is not sealed)",
    "backup.readme": (
        "clss-housing backup\n"
        "===================\n\n"
        "Files\n"
        "- {ledger}: the ledger database.\n"
        "- {keys}: the key store, the per-case keys that encrypt names, addresses and notes.\n"
        "- {key}: the casebook key that seals the ledger (entry MACs, case heads).\n"
        "- manifest.json: what was written, with each file's SHA-256.\n\n"
        "Keep them apart\n"
        "- Store the key store and the key file on another medium or machine than the "
        "database copy (use `clss-housing admin backup DIR --keys-to KEYDIR`). Whoever holds "
        "both can read every name; whoever holds only the database reads none.\n"
        "- Keep key-store copies only briefly (for example 30 days) and destroy older ones. "
        "`case erase` destroys a case's key in the live key store; a key-store copy taken "
        "before the erasure can still decrypt that case in any database copy of the same "
        "age. The erasure reaches the backups once every older key-store copy is gone.\n"
        "- Losing every copy of the key store loses every name, address and note (amounts, "
        "dates and states stay).\n\n"
        "Restore (SQLite)\n"
        "  clss-housing --db sqlite:////path/to/new.db admin restore THISDIR "
        "[--keys-from KEYDIR]\n"
        "restores the database, puts the key store beside it (new.db.keys, or "
        "CLSS_HOUSING_KEY_STORE) and the key file (new.db.key, or CLSS_HOUSING_KEY_FILE), "
        "then verifies the casebook. The target files must not exist.\n\n"
        "Restore (PostgreSQL)\n"
        "  createdb NEWDB   (or use an empty schema)\n"
        "  pg_restore --no-owner --dbname postgresql://USER@HOST/NEWDB ledger.pgdump\n"
        "  copy keys.db to the path CLSS_HOUSING_KEY_STORE will name, and casebook.key to "
        "the path CLSS_HOUSING_KEY_FILE will name (mode 0600)\n"
        "  clss-housing --db postgresql://USER@HOST/NEWDB case verify\n"
    ),
    "restore.not_backup": "{path} is not a clss-housing backup (no readable manifest.json)",
    "restore.missing": "the backup file {name} is missing from {path}",
    "restore.damaged": (
        "the backup file {name} does not match its SHA-256 in manifest.json (damaged or "
        "changed); nothing was restored"
    ),
    "restore.postgresql": (
        "this is a PostgreSQL backup: restore it with pg_restore as its README.txt says "
        "(nothing was restored)"
    ),
    "restore.needs_sqlite": (
        "restore writes a SQLite file: give --db sqlite:///PATH naming a file that does not "
        "exist yet"
    ),
    "restore.no_key_store": (
        "the backup holds a key store but CLSS_HOUSING_KEY_STORE is off; set it to where the "
        "key store should go (nothing was restored)"
    ),
    "restore.exists": "{path} already exists; restore into a new file (nothing was restored)",
    "restore.no_folder": "the folder {path} does not exist (nothing was restored)",
    "restore.done": "Restored {files}.",
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
    "remind.bad": "must be a whole number of days from 0 to 366",
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
    "import.skipped_duplicates": (
        "Skipped {count} rows already in the case (same date, amount and reference), "
        "lines {lines}; --allow-duplicates imports them."
    ),
    "sheet.done": "Sheet of case {case} ({lang}, {format}) written to {path}",
    "report.done": "Activity report {start} – {end} written to {path}",
    "report.areas": "Areas recorded: {recorded}; cases without a Brussels postcode: {missing}",
    "config.bad_toml": "is not a readable TOML file ({reason})",
    "partner.unknown": "is not an installed partner ({known})",
    "label.origin_default": "default",
    "label.origin_file": "file",
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
    "joint.done": "Wrote the joint letter {letter} signed by {count} households to {path}.",
    "joint.refused": "{count} problems; no joint letter was written:",
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
    "label.erased_on": (
        "personal data erased on {when} (UTC); new personal data is refused until a "
        "personal_data_reopened entry (new intake or consent)"
    ),
    "label.reopened": (
        "personal data erased on {when} (UTC); reopened since by a new intake or consent"
    ),
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

def current_language() -> str:
    """Return the interface language (``--ui-lang``, ``CLSS_HOUSING_LANG``, the locale, ``en``)."""
    return ui_language()


def message(key: str, /, **values: object) -> str:
    """
    Format the message ``key`` in the interface language.

    Args:
        key: the message id (see :data:`ENGLISH`).
        **values: the placeholders' values (never personal data).

    Returns:
        The formatted sentence.
    """
    english = ENGLISH[key]
    lang = ui_language()
    template = english if lang == "en" else translations(lang).pgettext(key, english)
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        # A translation naming a placeholder the message does not have: English rather than fail.
        return english.format(**values)
