"""Development sessions: ``nox -s tests``, ``nox -s lint``, ``nox -s mypy``, ``nox -s bench``…"""

from __future__ import annotations

import os
from pathlib import Path

import nox


nox.needs_version = ">=2024.4"
nox.options.sessions = ["lint", "mypy", "tests"]
nox.options.reuse_existing_virtualenvs = True

ROOT = Path(__file__).parent
PLUGINS = sorted(str(p) for p in (ROOT / "plugins").glob("*/pyproject.toml"))


def _plugin_dirs() -> list[str]:
    """The partner plugins (not the ``_template`` to copy)."""
    return [str(Path(p).parent) for p in PLUGINS if not Path(p).parent.name.startswith("_")]


@nox.session
def tests(session: nox.Session) -> None:
    """Run the suite with the partner plugins (PostgreSQL: set CLSS_HOUSING_TEST_POSTGRES)."""
    session.install("-e", ".[test]")
    session.install(*_plugin_dirs())
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff: lint and formatting check."""
    session.install("-e", ".", "ruff", "import-linter")
    session.run("ruff", "check", "src", "tests", "bench", "examples", "noxfile.py")
    session.run("lint-imports")


@nox.session
def mypy(session: nox.Session) -> None:
    """Strict type checking of the library and its tests."""
    session.install("-e", ".[test]", "mypy")
    session.run("mypy", "--strict", *(session.posargs or ["src", "tests"]))


@nox.session
def postgres(session: nox.Session) -> None:
    """The store conformance suite against the PostgreSQL server in CLSS_HOUSING_TEST_POSTGRES."""
    if not os.environ.get("CLSS_HOUSING_TEST_POSTGRES"):
        session.error("set CLSS_HOUSING_TEST_POSTGRES=postgresql://user@host:port/dbname")
    session.install("-e", ".[test]")
    session.run(
        "python", "-m", "pytest", "tests/store", *session.posargs,
        env={"CLSS_HOUSING_REQUIRE_POSTGRES": "1"},
    )


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks: prints ratios against floors measured in the same run."""
    session.install("-e", ".[test]")
    session.run("python", "bench/run.py", *session.posargs)


@nox.session
def gallery(session: nox.Session) -> None:
    """Letter gallery: PNG previews of every letter (needs LibreOffice and pdftoppm)."""
    session.install("-e", ".")
    session.run("python", "docs/letters/build_gallery.py", *session.posargs)


@nox.session
def diagrams(session: nox.Session) -> None:
    """Workflow diagrams (SVG and PNG) into docs/workflows (needs Graphviz's dot)."""
    session.install("-e", ".")
    session.run(
        "python", "-c",
        "from pathlib import Path; from clss_housing.workflow.diagram import write_all_diagrams;"
        " write_all_diagrams(Path('docs/workflows'))",
    )


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site with warnings as errors (mkdocs build --strict)."""
    session.install("-e", ".[docs]")
    session.run(
        "mkdocs", "build", "--strict", "--site-dir", "site", *session.posargs,
        env={"NO_MKDOCS_2_WARNING": "1"},
    )


@nox.session
def examples(session: nox.Session) -> None:
    """Run the runnable examples (PostgreSQL too when CLSS_HOUSING_TEST_POSTGRES is set)."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", "tests/test_examples.py", *session.posargs)


@nox.session
def i18n_extract(session: nox.Session) -> None:
    """Write the catalogue template (locale/clss_housing.pot) from messages and help texts."""
    session.install("-e", ".")
    session.run("python", "tools/i18n.py", "extract")


@nox.session
def i18n_update(session: nox.Session) -> None:
    """Merge the template into the fr and nl catalogues (new texts untranslated, changed fuzzy)."""
    session.install("-e", ".")
    session.run("python", "tools/i18n.py", "update")


@nox.session
def i18n_compile(session: nox.Session) -> None:
    """Compile the fr and nl catalogues to the .mo files shipped in the wheel (committed)."""
    session.install("-e", ".")
    session.run("python", "tools/i18n.py", "compile")
