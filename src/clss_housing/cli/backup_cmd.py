"""
``clss-housing admin backup DIR`` and ``admin restore DIR``: the database and its keys, apart.

With crypto-shredding the keys are precious (losing the key store loses every
name) and dangerous to keep for long (an old copy of the key store can still
decrypt what was erased since).  So a backup writes:

* ``ledger.db`` (SQLite, taken with SQLite's online backup API while others may
  be writing) or ``ledger.pgdump`` (PostgreSQL, ``pg_dump --format=custom``);
* ``keys.db``, the key store (online backup too), and ``casebook.key``, the key
  that seals the ledger, into the same folder or the one ``--keys-to`` names;
* ``README.txt`` saying how to keep them (apart, the keys with a short
  retention) and how to restore, and ``manifest.json`` with each file's SHA-256.

The database is copied *before* the key store: a case opened in between has a
key and no rows (harmless); a case erased in between has rows whose key is
gone (what its erasure asked for).

``admin restore DIR`` restores a SQLite backup into the ``--db`` file (which
must not exist yet), its key store and key file beside it (or where
``CLSS_HOUSING_KEY_STORE`` / ``CLSS_HOUSING_KEY_FILE`` say), then runs the same
check as ``case verify``.  A PostgreSQL backup is restored with ``pg_restore``
(see the README it comes with).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Final
from urllib.parse import parse_qs, urlsplit, urlunsplit

import click

from clss_housing.cli.context import EXIT_INTEGRITY, AppContext, open_casebook, pass_app, redact_url
from clss_housing.cli.messages import message
from clss_housing.cli.output import printable
from clss_housing.errors import ValidationError
from clss_housing.integrity import default_key, key_store_path


__all__ = ["backup_command", "restore_command"]

LEDGER_SQLITE: Final = "ledger.db"
LEDGER_PG: Final = "ledger.pgdump"
KEY_STORE_FILE: Final = "keys.db"
KEY_FILE: Final = "casebook.key"
MANIFEST: Final = "manifest.json"
README: Final = "README.txt"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy a SQLite file with the online backup API (consistent while others write)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        out = sqlite3.connect(str(target))
        try:
            src.backup(out)
        finally:
            out.close()
    finally:
        src.close()
    os.chmod(target, 0o600)


def _empty_dir(path: Path, option: str) -> None:
    """Make ``path`` (or accept it empty); refuse a folder that already holds files."""
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise ValidationError(option, None, message("backup.not_empty", path=str(path)))
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise ValidationError(option, None, message(
            "backup.cannot_write", path=str(path), text=exc.strerror or "")) from None


def _pg_dump(url: str, target: Path) -> None:
    """``pg_dump`` the casebook's schema to ``target``, or refuse saying how to do it by hand."""
    parts = urlsplit(url)
    schemas = parse_qs(parts.query).get("schema") or []
    schema = schemas[0] if schemas else None
    conninfo = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    program = shutil.which("pg_dump")
    if program is None:
        raise ValidationError("pg_dump", None, message("backup.no_pg_dump"))
    command = [program, "--format=custom", "--no-owner", "--file", str(target)]
    if schema:
        command += ["--schema", schema]
    command.append(conninfo)
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise ValidationError("pg_dump", None, message(
            "backup.pg_dump_failed", code=done.returncode,
            text=redact_url(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""),
        ))


def backup(url: str, directory: Path, keys_to: Path | None = None) -> dict[str, object]:
    """
    Write the backup of the casebook at ``url`` into ``directory``; return its manifest.

    Raises:
        ValidationError: the folder is not empty, the casebook is not a file
            or PostgreSQL database, or ``pg_dump`` is missing or failed.
    """
    _empty_dir(directory, "DIR")
    key_dir = directory if keys_to is None else keys_to
    if keys_to is not None:
        _empty_dir(keys_to, "--keys-to")
    files: dict[str, str] = {}
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        source = Path(url[len("sqlite:///"):])
        if not source.exists():
            raise ValidationError("--db", None, message("db.missing", path=str(source)))
        _sqlite_copy(source, directory / LEDGER_SQLITE)
        files[LEDGER_SQLITE] = _sha256(directory / LEDGER_SQLITE)
        kind = "sqlite"
    elif url.startswith(("postgresql://", "postgres://")):
        _pg_dump(url, directory / LEDGER_PG)
        files[LEDGER_PG] = _sha256(directory / LEDGER_PG)
        kind = "postgresql"
    else:
        raise ValidationError("--db", None, message("backup.not_a_file"))
    # The key store after the database: see the module's docstring.
    store_path = key_store_path(url)
    if store_path is not None and store_path.exists():
        _sqlite_copy(store_path, key_dir / KEY_STORE_FILE)
        files[KEY_STORE_FILE] = _sha256(key_dir / KEY_STORE_FILE)
    key = default_key(url)
    if key is not None and key.path is not None and key.path.exists():
        shutil.copyfile(key.path, key_dir / KEY_FILE)
        os.chmod(key_dir / KEY_FILE, 0o600)
        files[KEY_FILE] = _sha256(key_dir / KEY_FILE)
    manifest: dict[str, object] = {
        "format": 1,
        "kind": kind,
        "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "files": files,
        "keys_apart": keys_to is not None,
    }
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    (directory / MANIFEST).write_text(text, encoding="utf-8")
    if keys_to is not None:
        (keys_to / MANIFEST).write_text(text, encoding="utf-8")
    readme = message(
        "backup.readme",
        ledger=LEDGER_SQLITE if kind == "sqlite" else LEDGER_PG,
        keys=KEY_STORE_FILE if KEY_STORE_FILE in files else message("backup.readme_no_keys"),
        key=KEY_FILE if KEY_FILE in files else message("backup.readme_no_key"),
    )
    (directory / README).write_text(readme, encoding="utf-8")
    if keys_to is not None:
        (keys_to / README).write_text(readme, encoding="utf-8")
    return manifest


def _checked(folder: Path, name: str, expected: object) -> Path | None:
    """The backup file ``name`` in ``folder`` if the manifest lists it; refuse a damaged one."""
    if not isinstance(expected, str):
        return None
    path = folder / name
    if not path.exists():
        raise ValidationError("DIR", None, message("restore.missing", name=name, path=str(folder)))
    if _sha256(path) != expected:
        raise ValidationError("DIR", None, message("restore.damaged", name=name))
    return path


def restore(directory: Path, url: str, keys_from: Path | None = None) -> list[Path]:
    """
    Restore the SQLite backup in ``directory`` to the ledger file ``url`` names; return the files.

    Nothing is written unless every file checks out and no target exists.

    Raises:
        ValidationError: not a backup, a damaged or missing file, a PostgreSQL
            backup (restored with ``pg_restore``), or a target that exists.
    """
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
        kind = manifest["kind"]
        if not isinstance(files, dict):
            raise TypeError
    except (OSError, ValueError, KeyError, TypeError):
        raise ValidationError("DIR", None, message("restore.not_backup", path=str(directory)))\
            from None
    if kind != "sqlite":
        raise ValidationError("DIR", None, message("restore.postgresql"))
    if not url.startswith("sqlite:///") or url == "sqlite:///:memory:":
        raise ValidationError("--db", None, message("restore.needs_sqlite"))
    key_dir = directory if keys_from is None else keys_from
    ledger = _checked(directory, LEDGER_SQLITE, files.get(LEDGER_SQLITE))
    keys = _checked(key_dir, KEY_STORE_FILE, files.get(KEY_STORE_FILE))
    key = _checked(key_dir, KEY_FILE, files.get(KEY_FILE))
    if ledger is None:
        raise ValidationError("DIR", None, message("restore.not_backup", path=str(directory)))
    target = Path(url[len("sqlite:///"):])
    store_target = key_store_path(url)
    casebook_key = default_key(url)
    key_target = casebook_key.path if casebook_key is not None else None
    plan: list[tuple[Path, Path, bool]] = [(ledger, target, True)]
    if keys is not None:
        if store_target is None:
            raise ValidationError("CLSS_HOUSING_KEY_STORE", None, message("restore.no_key_store"))
        plan.append((keys, store_target, True))
    if key is not None and key_target is not None:
        plan.append((key, key_target, False))
    for _, dest, _ in plan:
        for existing in (dest, Path(f"{dest}-wal"), Path(f"{dest}-journal")):
            if existing.exists():
                raise ValidationError("--db", None, message("restore.exists", path=str(existing)))
        if not dest.parent.exists():
            raise ValidationError("--db", None, message("restore.no_folder", path=str(dest.parent)))
    written: list[Path] = []
    try:
        for source, dest, is_sqlite in plan:
            if is_sqlite:
                _sqlite_copy(source, dest)
            else:
                shutil.copyfile(source, dest)
                os.chmod(dest, 0o600)
            written.append(dest)
    except (OSError, sqlite3.Error) as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise ValidationError("--db", None, message(
            "backup.cannot_write", path=str(target), text=str(exc))) from None
    return written


@click.command(name="backup")
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--keys-to", "keys_to", metavar="KEYDIR", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="Write the key store and the key file to this other folder (best: another "
                   "disk or machine), not beside the database copy.")
@click.option("--json", "as_json", is_flag=True, help="Print the manifest as JSON.")
@pass_app
def backup_command(app: AppContext, directory: Path, keys_to: Path | None, as_json: bool) -> None:
    """
    Back up the database and its key store to DIR, as separate files with a README.

    SQLite is copied with its online backup API (others may keep writing);
    PostgreSQL with pg_dump. Keep the key store and key file apart from the
    database copy, and keep them only briefly: an erasure reaches a backup only
    once every key-store copy older than it is gone.
    """
    if keys_to is not None and keys_to.resolve() == directory.resolve():
        keys_to = None
    manifest = backup(app.db_url, directory, keys_to)
    if as_json:
        click.echo(json.dumps(manifest, indent=2, sort_keys=True))
        return
    files = manifest["files"]
    count = len(files) if isinstance(files, dict) else 0
    click.echo(printable(message(
        "backup.done", path=str(directory), keys=str(keys_to or directory), count=count,
    )))
    if not isinstance(files, dict) or KEY_STORE_FILE not in files:
        click.echo(message("backup.no_key_store"), err=True)


@click.command(name="restore")
@click.argument("directory", metavar="DIR",
                type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--keys-from", "keys_from", metavar="KEYDIR", default=None,
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="The folder holding the key store and key file, if kept apart.")
@pass_app
def restore_command(app: AppContext, directory: Path, keys_from: Path | None) -> None:
    """
    Restore a SQLite backup from DIR into the --db file (which must not exist), then verify it.

    The key store goes to CLSS_HOUSING_KEY_STORE or beside the database
    (.keys), the key file to CLSS_HOUSING_KEY_FILE or beside it (.key).
    Exits 3 when the restored casebook does not verify.
    """
    written = restore(directory, app.db_url, keys_from)
    book = open_casebook(app.db_url)
    try:
        report = book.verify_report(None)
    finally:
        book.close()
    click.echo(printable(message("restore.done", files=", ".join(str(p) for p in written))))
    for p in report.problems:
        click.echo(printable(message("error.prefix", text=message(
            "verify.broken", case=p.case_id, sequence=p.sequence, reason=p.reason,
        ))), err=True)
    if report.problems:
        raise click.exceptions.Exit(EXIT_INTEGRITY)
    click.echo(message("verify.ok_all", count=report.checked))
