"""
The ``clss-housing`` command line (see ``CLI.md`` for the contract scripts rely on).

:func:`main` is the console script; :data:`cli` is the click group, for
embedding or for testing with ``click.testing.CliRunner``.
"""

from __future__ import annotations

from clss_housing.cli.app import cli, main


__all__ = ["cli", "main"]
