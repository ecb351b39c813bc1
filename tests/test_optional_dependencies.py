"""The core works without its optional extras: no psycopg (postgresql), no matplotlib (charts)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run_without(modules: tuple[str, ...], code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter where importing ``modules`` fails."""
    blocker = textwrap.dedent(f"""
        import sys
        for name in {modules!r}:
            sys.modules[name] = None  # an import of it now raises ImportError
    """)
    return subprocess.run([sys.executable, "-c", blocker + textwrap.dedent(code)],
                          capture_output=True, text=True, check=False, timeout=120)


def test_cli_and_a_sqlite_casebook_without_psycopg(tmp_path: object) -> None:
    """Without the postgresql extra the command line loads and a SQLite casebook works."""
    done = _run_without(("psycopg",), f"""
        from click.testing import CliRunner
        from clss_housing.cli import cli
        db = "sqlite:///" + {str(tmp_path)!r} + "/book.db"
        result = CliRunner().invoke(cli, ["--db", db, "case", "open", "--tenant", "A",
                                          "--landlord", "B", "--address", "Rue X 1",
                                          "--rent", "700", "--date", "2026-01-01"])
        assert result.exit_code == 0, result.output
        print("ok")
    """)
    assert 0 == done.returncode, done.stderr[-3000:]
    assert "ok" in done.stdout


def test_postgres_url_without_psycopg_says_what_to_install() -> None:
    """A PostgreSQL URL without psycopg is refused with the install command (exit 1)."""
    done = _run_without(("psycopg",), """
        from click.testing import CliRunner
        from clss_housing.cli import cli
        result = CliRunner().invoke(cli, ["--db", "postgresql://u@127.0.0.1:1/x", "case",
                                          "list"])
        print(result.exit_code)
        print(result.output)
    """)
    assert 0 == done.returncode, done.stderr[-3000:]
    code, _, output = done.stdout.partition("\n")
    assert "1" == code.strip(), output
    assert "clss-housing[postgresql]" in output
