"""
The anonymised activity report for the CPAS and the COCOM.

:func:`activity_report` reads every case once, as a stream (one
:class:`~clss_housing.view.CaseView` at a time from :func:`case_views`, personal
data never loaded),
and counts households per figure and per column: the whole period, the
previous period of the same length (period-over-period comparison), and the
groups asked (``month``, ``quarter``, ``partner`` or ``neighbourhood``).

Every figure is defined from ledger facts in ``docs/activity-report.md``.
What leaves this module is anonymised (see :func:`suppress`): no name,
address, free text or case id; a count or an amount behind fewer than five
households is shown as ``<5``, with complementary suppression so that a
hidden cell cannot be found back by subtraction.

    >>> from datetime import date
    >>> from clss_housing.casebook import Casebook
    >>> report = activity_report(case_views(Casebook.open("memory:").store),
    ...                          date(2026, 1, 1), date(2026, 3, 31))
    >>> report.tables[0].cell("households_followed", TOTAL).shown
    '<5'
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Final, Literal

import attrs

from clss_housing.errors import ValidationError
from clss_housing.ledger import entries as e
from clss_housing.ledger.codec import decode_row
from clss_housing.store import Store
from clss_housing.view import CaseView
from clss_housing.workflow import TRACKS, Workflow, builtin_workflow, initial_states


__all__ = [
    "GROUPINGS",
    "PREVIOUS",
    "SUPPRESSED",
    "THRESHOLD",
    "TOTAL",
    "ActivityReport",
    "Cell",
    "ReportTable",
    "activity_report",
    "case_views",
    "suppress",
]

#: The smallest number of households a shown figure may stand for.
THRESHOLD: Final = 5
#: What ``--by`` accepts.
GROUPINGS: Final = ("month", "quarter", "partner", "neighbourhood")
#: What a suppressed cell reads.
SUPPRESSED: Final = "<5"
#: Column ids of the whole period and of the previous one.
TOTAL: Final = "*total"
PREVIOUS: Final = "*previous"
#: Group of the cases no partner or area is recorded for, and of groups too small to name.
NONE_GROUP: Final = "none"
OTHER_GROUP: Final = "other"

Kind = Literal["count", "amount", "median"]

_STAGES: Final = (
    ("stage_notice", "notice_received", None),
    ("stage_petition", "petition_filed", None),
    ("stage_hearing", "hearing_scheduled", None),
    ("stage_judgment_eviction", "judgment", "eviction"),
    ("stage_judgment_payment_terms", "judgment", "payment_terms"),
    ("stage_judgment_dismissed", "judgment", "dismissed"),
    ("stage_eviction_scheduled", "eviction_scheduled", None),
    ("stage_eviction_carried_out", "eviction_carried_out", None),
    ("stage_eviction_cancelled", "eviction_cancelled", None),
)
_AID_SOURCES: Final = e.AID_SOURCES
_LANGS: Final = ("fr", "nl")


# -- the report's shape ---------------------------------------------------------------------------


@attrs.frozen
class Cell:
    """
    One figure in one column: ``value`` (households, or euro cents), ``n`` (households behind it).

    ``hidden`` says the cell is suppressed; ``shown`` is what a reader sees.
    """

    kind: Kind
    value: int
    n: int
    hidden: bool = False

    @property
    def shown(self) -> str:
        """The cell as printed: the count, the amount in euros (``1234.50``), or ``<5``."""
        if self.hidden:
            return SUPPRESSED
        if self.kind == "count":
            return str(self.value)
        sign = "-" if self.value < 0 else ""
        whole, cents = divmod(abs(self.value), 100)
        return f"{sign}{whole}.{cents:02d}"


@attrs.frozen
class ReportTable:
    """
    One table: rows are figures, columns the groups, then ``total`` and ``previous``.

    ``sums`` names rows that add up to another row (``(total_row, part_rows)``):
    suppression then also protects the parts down each column.
    """

    id: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: Mapping[tuple[str, str], Cell]
    sums: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def cell(self, row: str, column: str) -> Cell:
        """The cell of ``row`` in ``column``."""
        return self.cells[(row, column)]


@attrs.frozen
class ActivityReport:
    """The report: its period, grouping and tables (already anonymised)."""

    start: date
    end: date
    previous_start: date
    previous_end: date
    by: str | None
    groups: tuple[str, ...]
    tables: tuple[ReportTable, ...]


# -- suppression ----------------------------------------------------------------------------------


def _needs_hiding(cell: Cell) -> bool:
    return cell.n < THRESHOLD


def suppress(table: ReportTable, groups: Sequence[str]) -> ReportTable:
    """
    Hide every cell behind fewer than :data:`THRESHOLD` households, and enough others.

    Primary suppression: a cell whose ``n`` is below the threshold (zero
    included) is hidden.  Complementary suppression, repeated until nothing
    changes: in a row, when exactly one group cell is hidden while the row's
    total is shown, the smallest shown group cell is hidden too; down a
    column, the same for the parts of a declared sum.  A hidden cell then
    never stands alone beside a shown total, so it cannot be recovered by
    subtraction.
    """
    hidden = {key for key, cell in table.cells.items() if _needs_hiding(cell)}

    def hide_partner(keys: list[tuple[str, str]], total: tuple[str, str]) -> bool:
        if total in hidden:
            return False
        gone = [k for k in keys if k in hidden]
        if len(gone) != 1:
            return False
        shown = [k for k in keys if k not in hidden]
        if not shown:
            return False
        pick = min(shown, key=lambda k: (table.cells[k].n, abs(table.cells[k].value), k))
        hidden.add(pick)
        return True

    changed = True
    while changed:
        changed = False
        if len(groups) > 1:
            for row in table.rows:
                keys = [(row, g) for g in groups]
                changed |= hide_partner(keys, (row, TOTAL))
        for total_row, parts in table.sums:
            for column in table.columns:
                keys = [(p, column) for p in parts]
                changed |= hide_partner(keys, (total_row, column))
    cells = {
        key: attrs.evolve(cell, hidden=key in hidden) for key, cell in table.cells.items()
    }
    return attrs.evolve(table, cells=cells)


# -- periods and groups ---------------------------------------------------------------------------


def _check_period(start: object, end: object) -> tuple[date, date]:
    for name, value in (("from", start), ("to", end)):
        if not isinstance(value, date):
            raise ValidationError(name, value, "must be a date (YYYY-MM-DD)")
    assert isinstance(start, date)
    assert isinstance(end, date)
    if end < start:
        raise ValidationError("to", end.isoformat(), "must not be before --from")
    if (end - start).days > 3660:
        raise ValidationError("to", end.isoformat(), "the period must be ten years or less")
    return start, end


def _month_start(d: date) -> date:
    return d.replace(day=1)


def _next_month(d: date) -> date:
    return date(d.year + d.month // 12, d.month % 12 + 1, 1)


def _buckets(start: date, end: date, by: str) -> list[tuple[str, date, date]]:
    out: list[tuple[str, date, date]] = []
    step = 1 if by == "month" else 3
    first = _month_start(start)
    if by == "quarter":
        first = date(first.year, (first.month - 1) // 3 * 3 + 1, 1)
    cursor = first
    while cursor <= end:
        nxt = cursor
        for _ in range(step):
            nxt = _next_month(nxt)
        label = (f"{cursor.year}-{cursor.month:02d}" if by == "month"
                 else f"{cursor.year}-Q{(cursor.month - 1) // 3 + 1}")
        out.append((label, max(cursor, start), min(nxt - timedelta(days=1), end)))
        cursor = nxt
    return out


# -- one case's contributions ---------------------------------------------------------------------


class _Case:
    """The facts of one case the figures need (built once, then the view is dropped)."""

    def __init__(self, view: CaseView, workflow: Workflow) -> None:
        self.view = view
        self.workflow = workflow
        self.opened = view.opened.date
        self.lang = view.opened.lang
        self.entries = view.entries()
        self._closed: dict[date, bool] = {}
        self.end_states = {t: set(workflow.end_states(t)) for t in TRACKS}
        self.start_states = initial_states()

    def closed_at(self, day: date) -> bool:
        """Every track is at its start or an end state, and at least one at an end state."""
        if day < self.opened:
            return False
        found = self._closed.get(day)
        if found is None:
            states = self.workflow.track_states(self.view, day)
            ended = [states[t] in self.end_states[t] for t in TRACKS]
            idle = [states[t] == self.start_states[t] or ended[i] for i, t in enumerate(TRACKS)]
            found = all(idle) and any(ended)
            self._closed[day] = found
        return found

    def followed(self, start: date, end: date) -> bool:
        return self.opened <= end and not self.closed_at(start - timedelta(days=1))

    def in_period(self, start: date, end: date) -> list[e.Entry]:
        return [x for x in self.entries if start <= x.date <= end]

    def arrears(self, day: date) -> int:
        return self.view.balance(day).arrears.cents


def _evicted_by(case: _Case, day: date) -> bool:
    return any(isinstance(x, e.EvictionCarriedOut) and x.date <= day for x in case.entries)


def _threat_by(case: _Case, day: date) -> bool:
    for x in case.entries:
        if x.date > day:
            continue
        if isinstance(x, e.PetitionFiled) and x.eviction:
            return True
        if isinstance(x, e.Judgment) and x.outcome == "eviction":
            return True
        if isinstance(x, e.EvictionScheduled):
            return True
    return False


def _relief(entry: e.Entry) -> bool:
    if isinstance(entry, e.EvictionCancelled | e.ArrearsSettled):
        return True
    if isinstance(entry, e.Judgment) and entry.outcome in ("payment_terms", "dismissed"):
        return True
    return isinstance(entry, e.ConciliationOutcome) and entry.outcome == "agreement"


def _figures(case: _Case, start: date, end: date, partners: frozenset[str]) -> dict[str, int]:
    """Each figure this case adds in [start, end]: 1 for counts, cents for amounts."""
    out: dict[str, int] = {}
    if case.opened > end:
        return out
    followed = case.followed(start, end)
    if followed:
        out["households_followed"] = 1
        out[f"lang_{case.lang}"] = 1
    if start <= case.opened <= end:
        out["cases_new"] = 1
    if case.closed_at(end) and not case.closed_at(start - timedelta(days=1)):
        out["cases_closed"] = 1
    window = case.in_period(start, end)
    for figure, kind, outcome in _STAGES:
        if any(x.kind == kind and (outcome is None or getattr(x, "outcome", None) == outcome)
               for x in window):
            out[figure] = 1
    if (_threat_by(case, end) and not _evicted_by(case, end)
            and any(_relief(x) for x in window)):
        out["eviction_avoided"] = 1
    if any(isinstance(x, e.PaymentPlanAgreed) for x in window):
        out["plans_agreed"] = 1
    if any(isinstance(x, e.PaymentPlanDefaulted) for x in window):
        out["plans_defaulted"] = 1
    plan = case.view.payment_plan(end)
    if plan is not None and plan.schedule:
        last_due = plan.schedule[-1].due
        if start <= last_due <= end:
            at_due = case.view.payment_plan(last_due)
            if at_due is not None and not at_due.in_default:
                out["plans_honoured"] = 1
    if start <= case.opened <= end:
        intake = case.arrears(case.opened)
        if intake > 0:
            out["arrears_intake"] = intake
    before = max(start - timedelta(days=1), case.opened)
    owed = case.arrears(before)
    if owed > 0 and case.arrears(end) == 0:
        out["arrears_settled"] = owed
    for x in window:
        if isinstance(x, e.AidPaid):
            key = f"aid_{x.source}"
            out[key] = out.get(key, 0) + x.amount.cents
        elif isinstance(x, e.Referral):
            out[f"referral_{x.partner if x.partner in partners else OTHER_GROUP}"] = 1
    return out


def _partner_groups(case: _Case, end: date, partners: frozenset[str]) -> list[str]:
    linked: list[str] = []
    for x in case.entries:
        if x.date > end or not isinstance(x, e.Referral | e.ConsentGiven):
            continue
        pid = x.partner if x.partner in partners else OTHER_GROUP
        if pid not in linked:
            linked.append(pid)
    return linked or [NONE_GROUP]


def _area_group(case: _Case) -> str:
    area: e.AreaRecorded | None = None
    for x in case.entries:
        if isinstance(x, e.AreaRecorded):
            area = x
    if area is None:
        return NONE_GROUP
    return area.neighbourhood or area.postcode


# -- the report -----------------------------------------------------------------------------------

_TABLES: Final[tuple[tuple[str, tuple[str, ...], Mapping[str, Kind]], ...]] = (
    ("households", ("households_followed", "cases_new", "cases_closed", "lang_fr", "lang_nl"),
     {}),
    ("stages", tuple(f for f, _, _ in _STAGES), {}),
    ("evictions_avoided", ("eviction_avoided",), {}),
    ("payment_plans", ("plans_agreed", "plans_honoured", "plans_defaulted"), {}),
    ("arrears", ("arrears_intake_households", "arrears_intake_sum", "arrears_intake_median",
                 "arrears_settled_households", "arrears_settled_sum",
                 "arrears_settled_median"),
     {"arrears_intake_sum": "amount", "arrears_intake_median": "median",
      "arrears_settled_sum": "amount", "arrears_settled_median": "median"}),
    ("aid", tuple(f"aid_{s}_{m}" for s in _AID_SOURCES for m in ("households", "sum")),
     {f"aid_{s}_sum": "amount" for s in _AID_SOURCES}),
)


#: Figures whose median is reported: only their amounts are kept one by one.
_MEDIANS: Final = frozenset({"arrears_intake", "arrears_settled"})


class _Acc:
    """
    Per (figure, column): the households and the sum of their values.

    Only the figures with a median keep each household's amount (an int); the
    rest is two integers per cell, whatever the number of cases.
    """

    def __init__(self) -> None:
        self.count: dict[tuple[str, str], int] = {}
        self.total: dict[tuple[str, str], int] = {}
        self.values: dict[tuple[str, str], list[int]] = {}

    def add(self, figure: str, column: str, value: int) -> None:
        key = (figure, column)
        self.count[key] = self.count.get(key, 0) + 1
        self.total[key] = self.total.get(key, 0) + value
        if figure in _MEDIANS:
            self.values.setdefault(key, []).append(value)

    def merge(self, source: str, target: str) -> None:
        """Add every cell of column ``source`` to column ``target``."""
        for (figure, column), n in list(self.count.items()):
            if column != source:
                continue
            key = (figure, target)
            self.count[key] = self.count.get(key, 0) + n
            self.total[key] = self.total.get(key, 0) + self.total[(figure, column)]
            if figure in _MEDIANS:
                self.values.setdefault(key, []).extend(self.values[(figure, column)])


def _cell(acc: _Acc, row: str, column: str, kind: Kind) -> Cell:
    base = row.rsplit("_", 1)[0] if kind != "count" or row.endswith("_households") else row
    n = acc.count.get((base, column), 0)
    if kind == "amount":
        return Cell("amount", acc.total.get((base, column), 0), n)
    if kind == "median":
        values = acc.values.get((base, column), [])
        middle = int(statistics.median_low(values)) if values else 0
        return Cell("median", middle, n)
    return Cell("count", n, n)


def case_views(store: Store) -> Iterator[CaseView]:
    """
    Every case of ``store``, one at a time, without its personal data.

    Each case is read by its own query and dropped before the next one, so the
    report's memory does not grow with the casebook; the vault of personal
    data is never read (personal fields read as ``[erased]``).
    """
    for case_id in store.case_ids():
        rows = store.read(case_id)
        if rows:
            yield CaseView(case_id, tuple(decode_row(row, {}) for row in rows))


def activity_report(
    views: Iterable[CaseView],
    start: date,
    end: date,
    *,
    by: str | None = None,
    partners: Iterable[str] = (),
    workflow: Workflow | None = None,
) -> ActivityReport:
    """
    Count the activity of a casebook between ``start`` and ``end`` (both included).

    Args:
        views: every case, read one at a time (:func:`case_views` of the casebook's
            store: no personal data, one case in memory at a time).
        start: the period's first day.
        end: the period's last day.
        by: ``None`` (the period only), ``month``, ``quarter``, ``partner`` or
            ``neighbourhood``.
        partners: the known partner ids (``env.partners``); referrals and
            consents naming another id are counted as ``other``.
        workflow: the workflow tracks (``env.workflow``), for cases closed.

    Raises:
        ValidationError: a bad period or grouping.

    .. versionadded:: 0.2.0
    """
    start, end = _check_period(start, end)
    if by is not None and by not in GROUPINGS:
        raise ValidationError("by", by, f"must be one of: {', '.join(GROUPINGS)}")
    wf = workflow if workflow is not None else builtin_workflow()
    known = frozenset(partners)
    length = end - start
    prev_end = start - timedelta(days=1)
    prev_start = prev_end - length
    buckets = _buckets(start, end, by) if by in ("month", "quarter") else []
    acc = _Acc()
    referral_rows: set[str] = set()
    group_sizes: dict[str, int] = {}
    for view in views:
        case = _Case(view, wf)
        periods = [(TOTAL, start, end), (PREVIOUS, prev_start, prev_end)]
        periods += [(label, b0, b1) for label, b0, b1 in buckets]
        total_figures: dict[str, int] = {}
        for column, p0, p1 in periods:
            figures = _figures(case, p0, p1, known)
            if column == TOTAL:
                total_figures = figures
            for figure, value in figures.items():
                acc.add(figure, column, value)
                if figure.startswith("referral_"):
                    referral_rows.add(figure)
        if by in ("partner", "neighbourhood") and case.opened <= end:
            groups = (_partner_groups(case, end, known) if by == "partner"
                      else [_area_group(case)])
            for group in groups:
                if total_figures.get("households_followed"):
                    group_sizes[group] = group_sizes.get(group, 0) + 1
                for figure, value in total_figures.items():
                    acc.add(figure, f"group:{group}", value)
    # Groups too small to name are merged into "other" (their label alone could point at a case).
    if buckets:
        groups = [label for label, _, _ in buckets]
    else:
        named = sorted(g for g, n in group_sizes.items() if n >= THRESHOLD and g != OTHER_GROUP)
        small = sorted(g for g in group_sizes if g not in named)
        for g in small:
            if g != OTHER_GROUP:
                acc.merge(f"group:{g}", f"group:{OTHER_GROUP}")
        groups = [*named, *([OTHER_GROUP] if small else [])]
        for g in groups:
            acc.merge(f"group:{g}", g)
    columns = (*groups, TOTAL, PREVIOUS)
    tables: list[ReportTable] = []
    specs = list(_TABLES)
    ref_rows = tuple(sorted(r for r in referral_rows if r != f"referral_{OTHER_GROUP}"))
    ref_rows += (f"referral_{OTHER_GROUP}",) if f"referral_{OTHER_GROUP}" in referral_rows else ()
    specs.append(("referrals", ref_rows or ("referral_none",), {}))
    for table_id, rows, kinds in specs:
        cells = {
            (row, column): _cell(acc, row, column, kinds.get(row, "count"))
            for row in rows for column in columns
        }
        sums: tuple[tuple[str, tuple[str, ...]], ...] = ()
        if table_id == "households":
            sums = (("households_followed", tuple(f"lang_{lang}" for lang in _LANGS)),)
        table = ReportTable(table_id, tuple(rows), columns, cells, sums)
        tables.append(suppress(table, groups))
    return ActivityReport(
        start=start, end=end, previous_start=prev_start, previous_end=prev_end, by=by,
        groups=tuple(groups), tables=tuple(tables),
    )
