"""
PostgreSQL enforcement of the sharing policy: one role per partner and row-level security.

``clss-housing admin pg-roles`` (run by the schema's owner) calls
:func:`install_pg_roles`, which is idempotent:

* one group role per partner, ``clss_<schema>_<partner>`` (``NOLOGIN``); each of
  the partner's staff has a login role that is a member of it (``--grant
  LOGIN=PARTNER``, or ``GRANT`` by the DBA).  The mapping is kept in
  ``partner_roles``; :func:`login_partners` answers "which partner is this
  login?", and the casebook refuses ``--as USER@PARTNER`` for another partner;
* two state tables kept by a trigger on every append to ``entries`` (and rebuilt
  from the ledger by each run): ``involved (case_id, partner)`` — a partner that
  recorded in the case or accepted a referral to it — and ``consent_state
  (case_id, partner, scope, in_force)`` — the last consent entry appended for
  that partner and scope (partner aliases resolved through ``partner_names``);
* row-level security (partners read their own rows of ``involved`` and
  ``consent_state``: which cases they are in, which scopes they were given):

  - ``entries`` (kinds, dates, amounts, categories: never names or free text)
    — a partner's roles read the rows of the cases it is involved in, so that
    balances, states and deadlines can be computed; they insert only rows that
    name their own partner as actor;
  - ``personal`` (names, addresses, the text of notes) — a partner reads the
    personal values of an entry only when it is involved and the entry is the
    opening, was recorded by it, or its category is under a consent in force
    for it.  A health note's text is thus unreadable, even with plain SQL,
    before the tenant's consent and after its withdrawal;
  - ``access_log`` — a partner inserts its own readings and reads none.

The schema's owner (who runs migrations, ``pg-roles``, ``case verify`` and
erasure) is not subject to these policies.  Consent here follows the order the
entries were appended; the Python policy follows their dates (they agree when
consents are recorded in date order, as the CLI does by default).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from clss_housing.errors import StoreError, ValidationError
from clss_housing.ledger.entries import ALL_ENTRY_TYPES
from clss_housing.sharing.registry import Partner


try:  # the postgresql extra: without it, importing this module still works, and every
    # function here refuses with how to install it (SQLite users never need it)
    import psycopg
    from psycopg import sql

    from clss_housing.store.postgres import split_url
except ImportError:  # pragma: no cover - depends on the installation
    psycopg = None  # type: ignore[assignment]


__all__ = ["group_role", "install_pg_roles", "login_partners"]

_ROLE: Final = re.compile(r"^[a-z_][a-z0-9_]{0,62}\Z")


def group_role(schema: str, partner: str) -> str:
    """The group role of ``partner`` in ``schema`` (lower-case, at most 63 characters)."""
    name = re.sub(r"[^a-z0-9_]", "_", f"clss_{schema}_{partner}".lower())[:63]
    return name


def _schema_of(url: str) -> tuple[str, str]:
    if psycopg is None:  # pragma: no cover - depends on the installation
        raise StoreError("PostgreSQL needs psycopg 3: pip install 'clss-housing[postgresql]'")
    conninfo, schema = split_url(url)
    return conninfo, schema or "public"


_TABLES: Final = """
CREATE TABLE IF NOT EXISTS {s}.partner_roles (
    role    TEXT NOT NULL PRIMARY KEY,
    partner TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS {s}.partner_names (
    name    TEXT NOT NULL PRIMARY KEY,
    partner TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS {s}.kind_category (
    kind     TEXT NOT NULL PRIMARY KEY,
    category TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS {s}.involved (
    case_id TEXT COLLATE "C" NOT NULL,
    partner TEXT NOT NULL,
    PRIMARY KEY (case_id, partner)
);
CREATE TABLE IF NOT EXISTS {s}.consent_state (
    case_id  TEXT COLLATE "C" NOT NULL,
    partner  TEXT NOT NULL,
    scope    TEXT NOT NULL,
    in_force BOOLEAN NOT NULL,
    PRIMARY KEY (case_id, partner, scope)
);
CREATE OR REPLACE FUNCTION {s}.clss_partner_of(name TEXT) RETURNS TEXT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce((SELECT partner FROM {s}.partner_names
                     WHERE partner_names.name = lower(btrim($1))), lower(btrim($1)))
$$;
CREATE OR REPLACE FUNCTION {s}.clss_partners() RETURNS SETOF TEXT
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT partner FROM {s}.partner_roles
    WHERE pg_catalog.pg_has_role(current_user, partner_roles.role, 'MEMBER')
$$;
CREATE OR REPLACE FUNCTION {s}.clss_track_entry() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    body JSONB := NEW.payload::jsonb;
BEGIN
    IF NEW.by_partner IS NOT NULL THEN
        INSERT INTO {s}.involved VALUES (NEW.case_id, {s}.clss_partner_of(NEW.by_partner))
        ON CONFLICT DO NOTHING;
    END IF;
    IF NEW.kind = 'referral_accepted' THEN
        INSERT INTO {s}.involved VALUES (NEW.case_id, {s}.clss_partner_of(body->>'partner'))
        ON CONFLICT DO NOTHING;
    ELSIF NEW.kind IN ('consent_given', 'consent_withdrawn') THEN
        INSERT INTO {s}.consent_state
        VALUES (NEW.case_id, {s}.clss_partner_of(body->>'partner'), body->>'scope',
                NEW.kind = 'consent_given')
        ON CONFLICT (case_id, partner, scope) DO UPDATE SET in_force = EXCLUDED.in_force;
    END IF;
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS clss_track_entry ON {s}.entries;
CREATE TRIGGER clss_track_entry AFTER INSERT ON {s}.entries
    FOR EACH ROW EXECUTE FUNCTION {s}.clss_track_entry();
ALTER TABLE {s}.entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE {s}.personal ENABLE ROW LEVEL SECURITY;
ALTER TABLE {s}.access_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE {s}.involved ENABLE ROW LEVEL SECURITY;
ALTER TABLE {s}.consent_state ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS clss_read ON {s}.involved;
CREATE POLICY clss_read ON {s}.involved FOR SELECT
    USING (partner IN (SELECT {s}.clss_partners()));
DROP POLICY IF EXISTS clss_read ON {s}.consent_state;
CREATE POLICY clss_read ON {s}.consent_state FOR SELECT
    USING (partner IN (SELECT {s}.clss_partners()));
DROP POLICY IF EXISTS clss_read ON {s}.entries;
CREATE POLICY clss_read ON {s}.entries FOR SELECT
    USING (EXISTS (SELECT 1 FROM {s}.involved i WHERE i.case_id = entries.case_id));
DROP POLICY IF EXISTS clss_write ON {s}.entries;
CREATE POLICY clss_write ON {s}.entries FOR INSERT
    WITH CHECK (by_partner IN (SELECT {s}.clss_partners()));
DROP POLICY IF EXISTS clss_read ON {s}.personal;
CREATE POLICY clss_read ON {s}.personal FOR SELECT USING (EXISTS (
    SELECT 1 FROM {s}.entries e
    WHERE e.case_id = personal.case_id AND e.sequence = personal.sequence AND (
        e.kind = 'case_opened'
        OR e.by_partner IN (SELECT {s}.clss_partners())
        OR EXISTS (
            SELECT 1 FROM {s}.consent_state cs
            WHERE cs.case_id = e.case_id AND cs.in_force
              AND cs.scope = CASE WHEN e.kind = 'note'
                                  THEN coalesce(e.payload::jsonb->>'category', 'general')
                                  ELSE (SELECT k.category FROM {s}.kind_category k
                                        WHERE k.kind = e.kind) END))));
DROP POLICY IF EXISTS clss_write ON {s}.personal;
CREATE POLICY clss_write ON {s}.personal FOR INSERT WITH CHECK (true);
DROP POLICY IF EXISTS clss_write ON {s}.access_log;
CREATE POLICY clss_write ON {s}.access_log FOR INSERT
    WITH CHECK (by_partner IN (SELECT {s}.clss_partners()));
"""

_REBUILD: Final = """
DELETE FROM {s}.involved;
INSERT INTO {s}.involved
    SELECT DISTINCT case_id, {s}.clss_partner_of(by_partner) FROM {s}.entries
    WHERE by_partner IS NOT NULL
    UNION
    SELECT DISTINCT case_id, {s}.clss_partner_of(payload::jsonb->>'partner') FROM {s}.entries
    WHERE kind = 'referral_accepted'
    ON CONFLICT DO NOTHING;
DELETE FROM {s}.consent_state;
INSERT INTO {s}.consent_state
    SELECT DISTINCT ON (case_id, p, scope) case_id, p, scope, kind = 'consent_given'
    FROM (SELECT case_id, sequence, kind, {s}.clss_partner_of(payload::jsonb->>'partner') AS p,
                 payload::jsonb->>'scope' AS scope
          FROM {s}.entries WHERE kind IN ('consent_given', 'consent_withdrawn')) AS c
    ORDER BY case_id, p, scope, sequence DESC;
"""


def _statements(text: str, schema: str) -> list[sql.Composed]:
    # Statements end with ";" at the end of a line outside function bodies ($$…$$).
    parts: list[str] = []
    current: list[str] = []
    inside = False
    for line in text.splitlines():
        current.append(line)
        inside ^= line.count("$$") % 2 == 1
        if not inside and line.rstrip().endswith(";"):
            parts.append("\n".join(current).strip())
            current = []
    return [sql.SQL(part).format(s=sql.Identifier(schema))
            for part in parts if part]


def install_pg_roles(
    url: str, partners: Iterable[Partner], grants: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """
    Create or update the partner roles, state tables, trigger and policies (idempotent).

    Args:
        url: the casebook's PostgreSQL URL, connecting as the schema's owner.
        partners: the registry's partners (one group role each).
        grants: ``{login role: partner id}``: make each existing login role a member
            of its partner's group role.

    Returns:
        ``{"schema", "roles": {partner: role}, "granted": {login: role}}``.

    Raises:
        ValidationError: a login role name is malformed or names an unknown partner.
        StoreError: the server refused (not the owner, …); nothing is changed.
    """
    conninfo, schema = _schema_of(url)
    chosen = list(partners)
    by_id = {p.id: p for p in chosen}
    roles = {p.id: group_role(schema, p.id) for p in chosen}
    granted: dict[str, str] = {}
    for login, wanted in (grants or {}).items():
        if not _ROLE.match(login):
            raise ValidationError("--grant", login, "is not a login role name (a-z, 0-9, _)")
        if wanted not in by_id:
            raise ValidationError("--grant", wanted, "is not a registered partner")
        granted[login] = roles[wanted]
    s = sql.Identifier(schema)
    try:
        with psycopg.connect(conninfo, autocommit=False) as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"{schema}.pg-roles",))
            for statement in _statements(_TABLES, schema):
                conn.execute(statement)
            conn.execute(sql.SQL("DELETE FROM {}.kind_category").format(s))
            for cls in ALL_ENTRY_TYPES:
                conn.execute(sql.SQL("INSERT INTO {}.kind_category VALUES (%s, %s)").format(s),
                             (cls.kind, cls.category))
            conn.execute(sql.SQL("DELETE FROM {}.partner_names").format(s))
            for partner in chosen:
                for name in {partner.id, *partner.aliases}:
                    conn.execute(
                        sql.SQL("INSERT INTO {}.partner_names VALUES (%s, %s)"
                                " ON CONFLICT (name) DO NOTHING").format(s),
                        (name.lower(), partner.id),
                    )
            for statement in _statements(_REBUILD, schema):
                conn.execute(statement)
            for partner_id, role in roles.items():
                _ensure_role(conn, role)
                conn.execute(
                    sql.SQL("INSERT INTO {}.partner_roles VALUES (%s, %s) ON CONFLICT (role)"
                            " DO UPDATE SET partner = EXCLUDED.partner").format(s),
                    (role, partner_id),
                )
                _grant(conn, schema, role)
            for login, role in granted.items():
                conn.execute(sql.SQL("GRANT {} TO {}").format(
                    sql.Identifier(role), sql.Identifier(login)))
    except psycopg.Error as exc:
        state = getattr(exc, "sqlstate", None) or "?"
        raise StoreError(
            f"admin pg-roles on schema {schema} failed ({type(exc).__name__}, SQLSTATE {state}); "
            "run it as the schema's owner; nothing was changed"
        ) from None
    return {"schema": schema, "roles": roles, "granted": granted}


def _ensure_role(conn: psycopg.Connection[Any], role: str) -> None:
    found = conn.execute("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = %s", (role,))
    if found.fetchone() is None:
        conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))


def _grant(conn: psycopg.Connection[Any], schema: str, role: str) -> None:
    s, r = sql.Identifier(schema), sql.Identifier(role)
    statements: Sequence[str] = (
        "GRANT USAGE ON SCHEMA {s} TO {r}",
        "GRANT SELECT ON {s}.schema_version, {s}.partners, {s}.partner_roles,"
        " {s}.partner_names, {s}.kind_category, {s}.involved, {s}.consent_state TO {r}",
        "GRANT SELECT, INSERT ON {s}.entries, {s}.personal TO {r}",
        "GRANT SELECT, INSERT, UPDATE ON {s}.heads, {s}.anchor TO {r}",
        "GRANT INSERT ON {s}.access_log TO {r}",
        "GRANT EXECUTE ON FUNCTION {s}.clss_partners(), {s}.clss_partner_of(TEXT),"
        " {s}.clss_access_tail() TO {r}",
    )
    for text in statements:
        conn.execute(sql.SQL(text).format(s=s, r=r))


def login_partners(url: str) -> frozenset[str] | None:
    """
    The partners the URL's login role acts for; ``None`` when roles are not installed.

    Raises:
        StoreError: the server cannot be reached.
    """
    conninfo, schema = _schema_of(url)
    try:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            found = conn.execute(
                "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = %s"
                " AND tablename = 'partner_roles'", (schema,)
            ).fetchone()
            if found is None:
                return None
            rows = conn.execute(
                sql.SQL("SELECT partner FROM {}.partner_roles WHERE"
                        " pg_catalog.pg_has_role(current_user, role, 'MEMBER')").format(
                    sql.Identifier(schema))
            ).fetchall()
            owner = conn.execute(
                "SELECT pg_catalog.pg_has_role(current_user, nspowner, 'MEMBER')"
                " FROM pg_catalog.pg_namespace WHERE nspname = %s", (schema,)
            ).fetchone()
    except psycopg.Error as exc:
        raise StoreError(f"reading the partner roles failed ({type(exc).__name__})") from None
    if owner is not None and owner[0]:
        return None  # the owner acts for no partner in particular (the lead)
    return frozenset(str(r[0]) for r in rows)
