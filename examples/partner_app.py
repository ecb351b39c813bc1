"""
A partner application embedding clss-housing: record entries, react to deadlines.

Who this is for: a developer at a partner organisation (a CPAS, a tenant union,
a mental-health service) who wants the casebook inside their own application
rather than through the ``clss-housing`` command line.

What it shows:

1. opening a casebook — PostgreSQL when a URL is given (``--db`` or the
   ``CLSS_HOUSING_DB`` variable), otherwise a throw-away SQLite file;
2. opening a case and recording ledger entries (rent due, a partial payment,
   the landlord's formal notice);
3. reacting to every append in two ways: a plain listener
   (:meth:`Casebook.add_listener`) and a small plugin object implementing the
   ``clss_housing_entries_appended`` hook, registered with a
   :class:`clss_housing.plugins.PluginHost` whose :class:`~clss_housing.plugins.PluginEnvironment`
   the casebook is opened with (``Casebook.open(url, plugins=env)``);
4. printing the deadlines the notice started and what is due in the next weeks.

Run it::

    python examples/partner_app.py
    python examples/partner_app.py --db postgresql://postgres@127.0.0.1:5432/test
    CLSS_HOUSING_DB=postgresql://postgres@127.0.0.1:5432/test python examples/partner_app.py

Nothing here logs or prints personal data other than the demo tenant's name,
which is invented.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from clss_housing import Casebook, CaseView, Money, Recorded, hookimpl
from clss_housing.deadlines import case_deadlines, casebook_deadlines
from clss_housing.ledger.entries import NoticeReceived, Payment, RentDue
from clss_housing.plugins import PluginEnvironment, PluginHost


__all__ = ["ReminderPlugin", "main"]


class ReminderPlugin:
    """
    A partner plugin: after each append, list the case's open deadlines as reminders.

    A real plugin would create tasks in the partner's own system; this one keeps
    them in :attr:`reminders` (case id, rule id, date).
    """

    def __init__(self, as_of: date) -> None:
        """Remember the day the reminders are computed for."""
        self.as_of = as_of
        self.reminders: list[tuple[str, str, date]] = []

    @hookimpl
    def clss_housing_entries_appended(self, view: CaseView, recorded: Sequence[Recorded]) -> None:
        """Turn the case's open, dated deadlines into reminders when a notice was stored."""
        if not any(r.entry.kind == "notice_received" for r in recorded):
            return
        for deadline in case_deadlines(view, self.as_of, lang="en"):
            if deadline.date is not None and deadline.status == "open":
                self.reminders.append((view.case_id, deadline.rule, deadline.date))


def _database_url(given: str | None, folder: Path) -> str:
    """The URL to use: ``--db``, then ``CLSS_HOUSING_DB``, then a SQLite file in *folder*."""
    return given or os.environ.get("CLSS_HOUSING_DB") or f"sqlite:///{folder / 'partner.db'}"


def run(url: str, today: date) -> int:
    """
    Open the casebook at *url*, record a small case and print what is due.

    Args:
        url: the casebook's database URL.
        today: the day the application runs (the notice is dated ten days earlier).

    Returns:
        The process exit code (0).
    """
    host = PluginHost(load_entry_points=False, extra=[("partner-reminders", ReminderPlugin(today))])
    reminders = next(p for p in host.pm.get_plugins() if isinstance(p, ReminderPlugin))
    stored: list[str] = []
    # The plugin environment: the casebook forwards each append to every plugin of
    # the host, failures isolated; its rules, letters and tracks apply to this casebook.
    env = PluginEnvironment.from_host(host)

    with Casebook.open(url, plugins=env) as book:
        # A plain listener too: called after every committed append.
        book.add_listener(lambda view, recorded: stored.extend(r.entry.kind for r in recorded))

        month = today.replace(day=1)
        case_id = book.open_case(
            tenant="Aïcha Benali (demo)", landlord="SA Immo Demo",
            address="Rue de Brabant 12, 1030 Schaerbeek",
            rent=Money.parse("750"), charges=Money.parse("50"), lang="fr",
            date=month - timedelta(days=60),
        )
        book.record_many(case_id, [
            RentDue(date=month - timedelta(days=31), amount=Money.parse("800")),
            RentDue(date=month, amount=Money.parse("800")),
            Payment(date=today - timedelta(days=12), amount=Money.parse("300")),
        ])
        book.record(case_id, NoticeReceived(date=today - timedelta(days=10),
                                            amount=Money.parse("1300")))

        view = book.load(case_id)
        print(f"Case opened: {case_id}")
        print(f"Entries stored (listener saw): {', '.join(stored)}")
        print(f"Arrears on {today.isoformat()}: {view.balance(today).arrears} EUR")
        print("Reminders created by the plugin:")
        for cid, rule_id, when in reminders.reminders:
            print(f"  - {cid} {rule_id} {when.isoformat()}")
        due = [d for d in casebook_deadlines(book, today, 45, lang="en") if d.case == case_id]
        print(f"Due in the next 45 days for this case: {len(due)}")
        for d in due:
            print(f"  {d.date} {d.rule}: {d.title} [{d.basis}]")
        if host.failures:
            print(f"Plugin problems (skipped): {[f.plugin for f in host.failures]}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``--db`` and ``--today`` and run the example."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1] if __doc__ else None)
    parser.add_argument("--db", help="database URL (postgresql://…, sqlite:///…, memory:)")
    parser.add_argument("--today", type=date.fromisoformat, default=date.today(),
                        help="the day to run as (YYYY-MM-DD); default today")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        return run(_database_url(args.db, Path(folder)), args.today)


if __name__ == "__main__":
    sys.exit(main())
