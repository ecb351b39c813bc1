"""``python -m clss_housing …`` runs the ``clss-housing`` command line."""

from __future__ import annotations

from clss_housing.cli import main


__all__: list[str] = []

if __name__ == "__main__":
    main()
