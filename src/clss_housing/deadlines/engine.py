"""
The deadline engine: evaluate a rule pack on a case, or on a whole casebook.

The two questions workers ask every morning:

- :func:`case_deadlines` — every deadline of one case at a date, passed ones
  included (status ``"passed"``) and the ones that *cannot be computed* yet
  (a judgment not served: ``date`` is ``None``) so nobody forgets them;
- :func:`casebook_deadlines` — every dated deadline of every case that falls
  in ``[as_of, as_of + within_days]``, sorted by date then case.

:func:`~clss_housing.deadlines.irregularities.case_irregularities` (in its own
module) reports what breaks a rule, using the same machinery.

Evaluation is pure and cheap: a case's entries are indexed by kind once, each
rule reads only the kinds it names, and calendar computations are memoised
per settings.  Example::

    >>> from datetime import date
    >>> from clss_housing.casebook import Casebook
    >>> from clss_housing.ledger.entries import NoticeReceived
    >>> from clss_housing.money import Money
    >>> book = Casebook.open("memory:")
    >>> cid = book.open_case(tenant="T", landlord="L", address="A", rent=Money(70000),
    ...                      date=date(2026, 1, 2), case_id="DOC-1")
    >>> _ = book.record(cid, NoticeReceived(date=date(2026, 1, 5)))
    >>> [(d.rule, d.date) for d in case_deadlines(book.load(cid), date(2026, 1, 6))]
    [('pre_court_waiting_period', datetime.date(2026, 2, 5))]
"""

from __future__ import annotations

import calendar as stdlib_calendar
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, TypeAlias

import attrs

from clss_housing.deadlines.brussels import RULES, brussels_rules
from clss_housing.deadlines.explain import Step, explain
from clss_housing.deadlines.indexation import indexation_earliest_effect, retroactivity_limit
from clss_housing.deadlines.rules import Counting, DeadlineSettings, Rule, RulePack, Rules, Text
from clss_housing.errors import ValidationError
from clss_housing.ledger.codec import decode_row
from clss_housing.money import Money
from clss_housing.view import CaseView


if TYPE_CHECKING:
    from clss_housing.casebook import Casebook
    from clss_housing.deadlines.calendar import JudicialCalendar
    from clss_housing.ledger.codec import Recorded, StoredRow
    from clss_housing.store.base import Store


__all__ = [
    "DEFAULT_SETTINGS",
    "RULES",
    "Deadline",
    "brussels_rules",
    "case_deadlines",
    "casebook_deadlines",
    "deadline_date",
    "deemed_receipt",
    "rule",
    "rules_table",
    "window_deadlines",
]

#: The settings used when none are given.
DEFAULT_SETTINGS: Final = DeadlineSettings()

_ONE_DAY: Final = timedelta(days=1)
_Day: TypeAlias = date
_MEMO_LIMIT: Final = 200_000
_NEVER: Final = 1 << 62

# -- results ---------------------------------------------------------------------------------------


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


@attrs.frozen(kw_only=True)
class Deadline:
    """
    One deadline of one case.

    .. versionadded:: 0.1.0

    Attributes:
        case: The case id.
        rule: The rule id (``"appeal"``…).
        date: The deadline's date, or ``None`` when it cannot be computed yet.
        basis: The legal basis, in the language asked.
        track: The workflow track it belongs to.
        title: The deadline's name, in the language asked (with ``n/N`` for an
            instalment).
        status: ``"open"`` (on or after the date asked), ``"passed"``, or
            ``"cannot be computed: <what is missing>"``.
        confidence: ``"high"``, ``"medium"`` or ``"low"`` (from the rule).
        trigger_sequence: Sequence of the ledger entry that started it.
        note: What the user should know about this date (empty mostly).
        instalment: The instalment number, for payment-plan instalments.
        amount: What is still due on that instalment.
        valid_from: The first day the rule applied applies (its ``valid_from``).
        regime: The body of law applied (``federal``, ``brussels_2023``…;
            :data:`~clss_housing.deadlines.rules.Regime`).
        explanation: How the date was reached, in the language asked (the day
            after the act, the art. 54 end, a move off a weekend…).

    """

    case: str
    rule: str
    date: date | None
    basis: str
    track: str
    title: str
    status: str
    confidence: str
    trigger_sequence: int
    note: str = ""
    instalment: int | None = None
    amount: Money | None = None
    valid_from: _Day | None = None
    regime: str = ""
    explanation: str = ""

    @property
    def computed(self) -> bool:
        """Tell whether the deadline has a date."""
        return self.date is not None

    def to_json(self) -> dict[str, Any]:
        """
        Return the JSON form of the CLI: ``case, rule, date, basis, track`` and more.

        Dates are ISO strings (``None`` → ``null``), amounts strings with two decimals.
        """
        out: dict[str, Any] = {
            "case": self.case,
            "rule": self.rule,
            "date": _iso(self.date),
            "basis": self.basis,
            "track": self.track,
            "title": self.title,
            "status": self.status,
            "confidence": self.confidence,
            "trigger_sequence": self.trigger_sequence,
            "valid_from": _iso(self.valid_from),
            "regime": self.regime,
            "explanation": self.explanation,
        }
        if self.note:
            out["note"] = self.note
        if self.instalment is not None:
            out["instalment"] = self.instalment
        if self.amount is not None:
            out["amount"] = str(self.amount)
        return out


# -- evaluation context (memoised per settings and per rule set) -----------------------------------


class _Context:
    """Settings, their calendar and a memo of computed dates (per settings instance)."""

    __slots__ = ("calendar", "memo", "settings")

    def __init__(self, settings: DeadlineSettings) -> None:
        self.settings = settings
        self.calendar: JudicialCalendar = settings.calendar
        self.memo: dict[tuple[Counting, date, int], _Computed] = {}


@functools.lru_cache(maxsize=32)
def _context(settings: DeadlineSettings) -> _Context:
    return _Context(settings)


@attrs.frozen
class _Compiled:
    """
    A rule set ready to run.

    ``rules`` are the dated rules in pack order; ``by_kind`` maps an entry kind
    to the positions of the rules it may start (triggers, and anchors of rules
    reporting orphans), so a case only runs the rules its entries name;
    ``kinds`` are all the kinds the rules read; ``wanted`` adds the opening
    and corrections (what a lean read must decode).
    """

    rules: tuple[Rule, ...]
    by_id: Mapping[str, Rule]
    order: Mapping[str, int]
    kinds: frozenset[str]
    by_kind: Mapping[str, tuple[int, ...]]
    wanted: frozenset[str]


def _compile(rules: Sequence[Rule]) -> _Compiled:
    rules = tuple(rules)
    for item in rules:
        if not isinstance(item, Rule):
            raise ValidationError("rules", type(item).__name__, "must be a Rule")
    active = tuple(r for r in rules if r.counting.method != "informational")
    kinds: set[str] = set()
    by_kind: dict[str, list[int]] = {}
    for position, r in enumerate(active):
        kinds.update(r.triggers, r.unless, r.anchor.kinds)
        starters = set(r.triggers)
        if r.orphan_missing is not None:
            starters.update(r.anchor.kinds)
        for kind in starters:
            by_kind.setdefault(kind, []).append(position)
    return _Compiled(
        rules=active,
        by_id={r.id: r for r in rules},
        order={r.id: i for i, r in enumerate(rules)},
        kinds=frozenset(kinds),
        by_kind={k: tuple(v) for k, v in by_kind.items()},
        wanted=frozenset(kinds | {"case_opened", "correction"}),
    )


def _compiled(rules: Rules | None) -> _Compiled:
    pack = RULES if rules is None else rules
    if isinstance(pack, RulePack):
        found = pack.cached("engine", lambda: _compile(pack.rules))
        assert isinstance(found, _Compiled)
        return found
    return _compile(pack)


def _settings(settings: DeadlineSettings | None) -> DeadlineSettings:
    if settings is None:
        return DEFAULT_SETTINGS
    if not isinstance(settings, DeadlineSettings):
        raise ValidationError("settings", type(settings).__name__, "must be DeadlineSettings")
    return settings


def _check_as_of(as_of: object) -> date:
    if not isinstance(as_of, date) or isinstance(as_of, datetime):
        raise ValidationError("as_of", as_of, "must be a date (YYYY-MM-DD)")
    return as_of


# -- counting ----------------------------------------------------------------------------------


def _amount(counting: Counting, settings: DeadlineSettings, entry: object | None) -> int:
    if counting.amount_field is not None and entry is not None:
        value = getattr(entry, counting.amount_field, None)
        if isinstance(value, int):
            return value
    if counting.amount_setting is not None:
        value = getattr(settings, counting.amount_setting)
        assert isinstance(value, int)
        return value
    return counting.amount


def _flag(settings: DeadlineSettings, fixed: bool, setting: str | None) -> bool:
    return fixed or (setting is not None and bool(getattr(settings, setting)))


def _first_of_month(year: int, month_index: int) -> date:
    """First day of the month ``month_index`` months after January of *year* (may be < 0)."""
    years, month = divmod(month_index, 12)
    return date(year + years, month + 1, 1)


_Computed: TypeAlias = "tuple[date | None, tuple[Step, ...]]"


def _count(ctx: _Context, counting: Counting, start: date, n: int) -> _Computed:
    """Apply *counting* to *start*: the date and the steps that led to it (uncached)."""
    cal, settings = ctx.calendar, ctx.settings
    method = counting.method
    steps: list[Step] = []
    end: date
    if method == "months":
        end = cal.month_period_end(start, n)  # C.j. arts 52 and 54: the one month count
        steps.append(Step("months", start + _ONE_DAY, end, n))
    elif method == "days":
        end = cal.add_days(start, n, shift=False)
        steps.append(Step("days", start, end, n))
    elif method == "working_days":
        end = cal.add_working_days(start, n)
        steps.append(Step("working_days", start, end, n))
    elif method == "notice_period":
        # CBL: the notice runs from the 1st of the month after receipt, for n months.
        end = _first_of_month(start.year, start.month + n) - _ONE_DAY
        steps.append(Step("notice_period", _first_of_month(start.year, start.month), end, n))
    elif method == "fixed_date":
        end = start
        steps.append(Step("fixed_date", None, end))
    elif method == "instalments":
        end = start
        steps.append(Step("instalment", None, end))
    elif method in ("retroactivity", "indexation"):
        # Old Civil Code art. 1728bis: back to the n months before the month of the request.
        end = retroactivity_limit(start, n)
        steps.append(Step("retroactivity", start, end, n))
    elif method == "deemed_receipt":
        end = cal.deemed_received(start, method=settings.notice_delivery)
        steps.append(Step("deemed_receipt", start, end))
    else:  # informational
        return None, ()
    if _flag(settings, counting.court_holidays, counting.court_holidays_setting):
        moved = cal.extend_for_court_holidays(start, end)  # C.j. art. 50 al. 2
        if moved != end:
            steps.append(Step("court_holidays", end, moved))
            end = moved
    if _flag(settings, counting.shift, counting.shift_setting):
        moved = cal.shift_art53(end)  # C.j. art. 53
        if moved != end:
            steps.append(Step("art53", end, moved))
            end = moved
    if counting.day_after:
        steps.append(Step("day_after", end, end + _ONE_DAY))
        end += _ONE_DAY
    execution = _flag(settings, False, counting.execution_setting)
    while True:
        if counting.moratorium:
            moved = cal.after_winter_moratorium(end)  # CBL art. 233duodecies
            if moved != end:
                steps.append(Step("moratorium", end, moved))
                end = moved
        if not execution:
            break
        moved = cal.next_execution_day(end)  # C.j. art. 47
        if moved == end:
            break
        steps.append(Step("art47", end, moved))
        end = moved
    return end, tuple(steps)


def _count_cached(ctx: _Context, counting: Counting, start: date, n: int) -> _Computed:
    key = (counting, start, n)
    memo = ctx.memo
    try:
        return memo[key]
    except KeyError:
        pass
    if len(memo) >= _MEMO_LIMIT:
        memo.clear()
    found = memo[key] = _count(ctx, counting, start, n)
    return found


def _indexation(
    ctx: _Context, counting: Counting, request: date, n: int, lease_start: date | None
) -> _Computed:
    """The ``indexation`` method: both limits of old Civil Code art. 1728bis."""
    end, steps = _count_cached(ctx, counting, request, n)
    assert end is not None
    if lease_start is None:
        return end, (*steps, Step("lease_start_unknown", None, end))
    effect = indexation_earliest_effect(lease_start, request, settings=ctx.settings)
    if effect != end:
        return effect, (*steps, Step("anniversary", end, effect))
    return end, steps


def deadline_date(
    rule: Rule,
    start: date,
    *,
    settings: DeadlineSettings | None = None,
    amount: int | None = None,
) -> date | None:
    """
    Return the date *rule* gives for a start date (a "what if" without a case).

    *start* is the date the rule counts from (the service date for ``appeal``,
    the notice date for ``pre_court_waiting_period``…).  Before the rule's
    validity, its former version is used (the federal eviction rules before the
    Brussels reform).  *amount* replaces the
    count read from an entry field (the months of a lease notice).  Returns
    ``None`` for an informational rule.

    .. versionadded:: 0.1.0

    Raises:
        ValidationError: *start* is not a date.

    """
    start = _check_as_of(start)
    ctx = _context(_settings(settings))
    rule = _version_for(rule, start, ctx.settings)
    n = amount if amount is not None else _amount(rule.counting, ctx.settings, None)
    return _count_cached(ctx, rule.counting, start, n)[0]


def _version_for(rule: Rule, start: date, settings: DeadlineSettings) -> Rule:
    """The version of *rule* in force for *start*: itself, or a former one before it."""
    current = rule
    while current.former is not None and start < current.effective_valid_from(settings):
        current = current.former
    return current


def deemed_receipt(posted: date, *, settings: DeadlineSettings | None = None) -> date:
    """
    Return the day a notice posted on *posted* is deemed received (C.j. art. 53bis, R22).

    The delivery method is :attr:`DeadlineSettings.notice_delivery` (registered
    letter by default: the third working day after posting).

    .. versionadded:: 0.1.0
    """
    ctx = _context(_settings(settings))
    return ctx.calendar.deemed_received(_check_as_of(posted), method=ctx.settings.notice_delivery)


# -- reading a case ---------------------------------------------------------------------------


def _index(view: CaseView, as_of: date, kinds: frozenset[str]) -> dict[str, list[Recorded]]:
    """Index the effective entries of the *kinds* named, dated on or before *as_of*."""
    index: dict[str, list[Recorded]] = {}
    corrected: set[int] | None = None
    for record in view.records:
        entry = record.entry
        kind = entry.kind
        if kind in kinds:
            if entry.date <= as_of:
                found = index.get(kind)
                if found is None:
                    index[kind] = [record]
                else:
                    found.append(record)
        elif kind == "correction":
            if corrected is None:
                corrected = set()
            corrected.add(entry.corrects)  # type: ignore[attr-defined]
    if corrected:
        for kind, found in list(index.items()):
            index[kind] = [r for r in found if r.sequence not in corrected]
    return index


def _records(index: Mapping[str, list[Recorded]], kinds: tuple[str, ...]) -> list[Recorded]:
    """The indexed records of *kinds*, in ledger order."""
    if len(kinds) == 1:
        return index.get(kinds[0], [])
    merged = [r for kind in kinds for r in index.get(kind, ())]
    if len(merged) > 1:
        merged.sort(key=lambda r: r.sequence)
    return merged


def _position(record: Recorded) -> tuple[date, int]:
    return (record.entry.date, record.sequence)


def _cancelled(trigger: Recorded, unless: Sequence[Recorded]) -> bool:
    """An ``unless`` entry after the trigger (by date, then ledger order) cancels it."""
    here = _position(trigger)
    return any(_position(u) > here for u in unless)


def _anchor_for(
    trigger: Recorded, triggers: Sequence[Recorded], anchors: Sequence[Recorded]
) -> Recorded | None:
    """First anchor entry after *trigger* and before the next trigger of the rule."""
    bound = _NEVER
    for other in triggers:
        if other.sequence > trigger.sequence:
            bound = other.sequence
            break
    for anchor in anchors:
        if trigger.sequence < anchor.sequence < bound:
            return anchor
    return None


_Window = tuple[date, date]


class _Run:
    """
    Evaluation of one rule set on one case at one date.

    With a *window*, only deadlines dated inside it are built (the casebook
    query); *full* reloads the whole case when the view holds only the
    entries the rules read (a lean read) and a payment plan needs them all.
    """

    __slots__ = ("as_of", "ctx", "full", "index", "lang", "out", "view", "window")

    def __init__(
        self, view: CaseView, as_of: date, ctx: _Context, index: dict[str, list[Recorded]],
        lang: str, window: _Window | None = None, full: Callable[[], CaseView] | None = None,
    ) -> None:
        self.view = view
        self.as_of = as_of
        self.ctx = ctx
        self.index = index
        self.lang = lang
        self.window = window
        self.full = full
        self.out: list[Deadline] = []

    def status(self, when: date | None, missing: str = "") -> str:
        if when is None:
            return f"cannot be computed: {missing}"
        return "passed" if when < self.as_of else "open"

    def emit(
        self, rule: Rule, when: date | None, trigger: Recorded, *, missing: str = "",
        note: str = "", title: str | None = None, instalment: int | None = None,
        amount: Money | None = None, steps: tuple[Step, ...] = (),
    ) -> None:
        window = self.window
        if window is not None and (when is None or not window[0] <= when <= window[1]):
            return
        lang = self.lang
        self.out.append(
            Deadline(
                case=self.view.case_id,
                rule=rule.id,
                date=when,
                basis=rule.basis.get(lang),
                track=rule.track,
                title=rule.title.get(lang) if title is None else title,
                status=self.status(when, missing),
                confidence=rule.confidence,
                trigger_sequence=trigger.sequence,
                note=note,
                instalment=instalment,
                amount=amount,
                valid_from=rule.effective_valid_from(self.ctx.settings),
                regime=rule.regime,
                explanation=explain(steps, lang),
            )
        )

    def start_of(self, rule: Rule, record: Recorded) -> date | None:
        """The date the rule counts from, read on *record* (deemed receipt if posted)."""
        start = getattr(record.entry, rule.anchor.field, None)
        if not isinstance(start, date):
            return None
        posted = rule.anchor.posted_setting
        if posted is not None and getattr(self.ctx.settings, posted):
            start = deemed_receipt(start, settings=self.ctx.settings)
        return start

    def applies(self, rule: Rule, on: date) -> tuple[bool, str]:
        """Whether *rule* is in force for a start on *on*, and a note when unsure."""
        note = ""
        if rule.valid_by == "lease_start":
            lease_start = self.view.opened.lease_start
            if lease_start is None:
                note = (
                    f"lease start unknown: the rule applies to leases concluded or renewed "
                    f"from {rule.effective_valid_from(self.ctx.settings).isoformat()}"
                )
            else:
                on = lease_start
        return on >= rule.effective_valid_from(self.ctx.settings), note

    def run(self, rule: Rule) -> None:
        settings = self.ctx.settings
        if not rule.enabled(settings):
            return
        triggers = _records(self.index, rule.triggers)
        anchors = _records(self.index, rule.anchor.kinds) if rule.anchor.kinds else None
        if rule.orphan_missing is not None and anchors:
            self.orphans(rule, triggers, anchors)
        if not triggers:
            return
        candidates = [t for t in triggers if all(c.holds(t.entry, settings) for c in rule.when)]
        if not candidates:
            return
        if rule.counting.method == "instalments":
            self.instalments(rule, candidates[-1])
            return
        if rule.scope == "latest":
            candidates = [max(candidates, key=_position)]
        unless = _records(self.index, rule.unless) if rule.unless else ()
        for trigger in candidates:
            if unless and _cancelled(trigger, unless):
                continue
            source = trigger if anchors is None else _anchor_for(trigger, triggers, anchors)
            start = None if source is None else self.start_of(rule, source)
            applied, note = self.in_force(rule, trigger.entry.date if start is None else start)
            if applied is None:
                continue
            if start is None:
                self.emit(applied, None, trigger, missing=applied.anchor.missing, note=note)
                continue
            try:
                when, steps = self.compute(applied, start, trigger.entry)
            except ValidationError as error:
                # The ledger's facts contradict each other (an indexation request dated
                # before the lease start): no date can be given; say why.
                self.emit(applied, None, trigger, missing=f"{error.field} {error.reason}",
                          note=note)
                continue
            self.emit(applied, when, trigger, note=note, steps=steps)

    def in_force(self, rule: Rule, on: date) -> tuple[Rule | None, str]:
        """The rule in force for a start on *on*: *rule*, its former version, or none."""
        current: Rule | None = rule
        while current is not None:
            ok, note = self.applies(current, on)
            if ok:
                return current, note
            current = current.former
        return None, ""

    def compute(self, rule: Rule, start: date, entry: object) -> _Computed:
        """The date *rule* gives from *start* (read on *entry*), and its steps."""
        n = _amount(rule.counting, self.ctx.settings, entry)
        if rule.counting.method == "indexation":
            lease_start = self.view.opened.lease_start
            return _indexation(self.ctx, rule.counting, start, n, lease_start)
        return _count_cached(self.ctx, rule.counting, start, n)

    def orphans(self, rule: Rule, triggers: list[Recorded], anchors: list[Recorded]) -> None:
        """An anchor with no trigger before it: the rule cannot tell its date (R6–R8)."""
        first = triggers[0].sequence if triggers else _NEVER
        orphans = [a for a in anchors if a.sequence < first]
        if not orphans:
            return
        last = orphans[-1]
        unless = _records(self.index, rule.unless) if rule.unless else ()
        if unless and _cancelled(last, unless):
            return
        applied, note = self.in_force(rule, last.entry.date)
        if applied is not None:
            self.emit(applied, None, last, missing=str(applied.orphan_missing), note=note)

    def instalments(self, rule: Rule, trigger: Recorded) -> None:
        """Each instalment of the last plan not yet covered (passed ones read ``passed``)."""
        entry = trigger.entry
        if self.window is not None and not _plan_touches(entry, self.window):
            return
        view = self.view if self.full is None else self.full()
        plan = view.payment_plan(self.as_of)
        if plan is None:
            return
        in_force, note = self.applies(rule, plan.agreed_on)
        if not in_force:
            return
        title = rule.title.get(self.lang)
        count = len(plan.schedule)
        for item in plan.schedule:
            if item.settled:
                continue
            self.emit(
                rule, item.due, trigger, note=note, title=f"{title} {item.number}/{count}",
                instalment=item.number, amount=item.amount - item.covered,
                steps=(Step("instalment", None, item.due),),
            )


def _check_lang(lang: str | None) -> str | None:
    if lang is not None:
        Text("", "", "").get(lang)  # raises ValidationError naming lang
    return lang


def _lang(view: CaseView, lang: str | None) -> str:
    return lang if lang is not None else view.lang


def _sort_key(compiled: _Compiled) -> Any:
    order = compiled.order

    def key(d: Deadline) -> tuple[int, date, str, int, int, int]:
        undated = d.date is None
        return (
            undated,
            date.max if d.date is None else d.date,
            d.case,
            order.get(d.rule, len(order)),
            d.trigger_sequence,
            d.instalment or 0,
        )

    return key


def _plan_due(first_due: date, number: int) -> date:
    """Due date of instalment *number* (0-based): monthly, clamped to short months."""
    years, month = divmod(first_due.month - 1 + number, 12)
    year = first_due.year + years
    day = min(first_due.day, stdlib_calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def _plan_touches(plan: object, window: _Window) -> bool:
    """Whether an instalment of *plan* (a ``payment_plan_agreed``) falls in *window*."""
    first_due: date = plan.first_due  # type: ignore[attr-defined]
    count: int = plan.count  # type: ignore[attr-defined]
    low, high = window
    if first_due > high or _plan_due(first_due, count - 1) < low:
        return False
    return any(low <= _plan_due(first_due, n) <= high for n in range(count))


def _evaluate(
    view: CaseView, as_of: date, ctx: _Context, compiled: _Compiled, lang: str | None,
    window: _Window | None = None, full: Callable[[], CaseView] | None = None,
) -> list[Deadline]:
    index = _index(view, as_of, compiled.kinds)
    if not index:
        return []
    run = _Run(view, as_of, ctx, index, _lang(view, lang), window, full)
    by_kind = compiled.by_kind
    positions = {p for kind in index for p in by_kind.get(kind, ())}
    rules = compiled.rules
    for position in sorted(positions):
        run.run(rules[position])
    return run.out


def case_deadlines(
    view: CaseView,
    as_of: date,
    *,
    settings: DeadlineSettings | None = None,
    rules: Rules | None = None,
    lang: str | None = None,
) -> list[Deadline]:
    """
    Return every deadline of one case at *as_of*, sorted by date, undated last.

    Only effective entries dated on or before *as_of* count (corrected ones are
    left out).  A passed deadline stays listed with status ``"passed"``; one
    whose start date is unknown has ``date=None`` and a status such as
    ``"cannot be computed: service date missing"``.

    .. versionadded:: 0.1.0

    Args:
        view: The case (:meth:`clss_housing.casebook.Casebook.load`).
        as_of: The day the question is asked.
        settings: The uncertain facts (:data:`DEFAULT_SETTINGS` if ``None``).
        rules: The rules to run (the Brussels :data:`RULES` if ``None``); a
            :class:`~clss_housing.deadlines.rules.RulePack` is compiled once.
        lang: Language of titles and bases (``fr``, ``nl``, ``en``); the case's
            language by default.

    Raises:
        ValidationError: *as_of*, *settings*, *rules* or *lang* is not valid.

    """
    as_of = _check_as_of(as_of)
    compiled = _compiled(rules)
    found = _evaluate(view, as_of, _context(_settings(settings)), compiled, _check_lang(lang))
    found.sort(key=_sort_key(compiled))
    return found


def casebook_deadlines(
    casebook: Casebook,
    as_of: date,
    within_days: int,
    *,
    settings: DeadlineSettings | None = None,
    rules: Rules | None = None,
    lang: str | None = None,
    passed_days: int = 0,
) -> list[Deadline]:
    """
    Return the dated deadlines of every case falling in ``[as_of, as_of + within_days]``.

    With *passed_days*, deadlines passed in the *passed_days* days before
    *as_of* are included too (status ``"passed"``).

    Reads every case once (:meth:`~clss_housing.casebook.Casebook.views`, no
    personal data) and sorts by date, then case, then rule.

    .. versionadded:: 0.1.0

    Raises:
        ValidationError: *within_days* is not a whole number ≥ 0, or see
            :func:`case_deadlines`.

    """
    as_of = _check_as_of(as_of)
    window = _window(as_of, within_days, passed_days)
    ctx = _context(_settings(settings))
    compiled = _compiled(rules)
    _check_lang(lang)
    found: list[Deadline] = []
    for view, full in _lean_views(casebook.store, compiled.wanted):
        found.extend(_evaluate(view, as_of, ctx, compiled, lang, window, full))
    found.sort(key=_sort_key(compiled))
    return found


def window_deadlines(
    views: Iterable[CaseView],
    as_of: date,
    within_days: int,
    *,
    settings: DeadlineSettings | None = None,
    rules: Rules | None = None,
    lang: str | None = None,
    passed_days: int = 0,
) -> list[Deadline]:
    """
    Like :func:`casebook_deadlines` over any iterable of (full) case views.

    .. versionadded:: 0.1.0
    """
    as_of = _check_as_of(as_of)
    window = _window(as_of, within_days, passed_days)
    ctx = _context(_settings(settings))
    compiled = _compiled(rules)
    _check_lang(lang)
    found: list[Deadline] = []
    for view in views:
        found.extend(_evaluate(view, as_of, ctx, compiled, lang, window))
    found.sort(key=_sort_key(compiled))
    return found


def _window(as_of: date, within_days: object, passed_days: object = 0) -> _Window:
    if isinstance(within_days, bool) or not isinstance(within_days, int) or within_days < 0:
        raise ValidationError("within", within_days, "must be a whole number of days ≥ 0")
    if isinstance(passed_days, bool) or not isinstance(passed_days, int) or passed_days < 0:
        raise ValidationError("passed_days", passed_days, "must be a whole number of days ≥ 0")
    return (as_of - timedelta(days=passed_days), as_of + timedelta(days=within_days))


def _lean_views(
    store: Store, wanted: frozenset[str]
) -> Iterator[tuple[CaseView, Callable[[], CaseView]]]:
    """
    Every case, in one pass over the store, decoding only the kinds the rules read.

    Like :meth:`~clss_housing.casebook.Casebook.views` (no personal data), but
    a row whose kind no rule reads (rent, payments… most of a ledger) is not
    decoded: the view holds the opening, the corrections and the wanted kinds
    only.  The function paired with each view decodes the whole case, for a
    payment plan whose instalments depend on every payment.
    """
    batch: list[StoredRow] = []
    for row in store.iter_rows():
        if batch and row.case_id != batch[0].case_id:
            yield _lean(batch, wanted)
            batch = []
        batch.append(row)
    if batch:
        yield _lean(batch, wanted)


def _lean(
    rows: list[StoredRow], wanted: frozenset[str]
) -> tuple[CaseView, Callable[[], CaseView]]:
    case_id = rows[0].case_id
    view = CaseView(case_id, tuple(decode_row(r, {}) for r in rows if r.kind in wanted))

    def full() -> CaseView:
        return CaseView(case_id, tuple(decode_row(r, {}) for r in rows))

    return view, full


# -- the pack, for callers and docs ------------------------------------------------------------


def rule(rule_id: str, *, rules: RulePack | None = None) -> Rule:
    """
    Return the rule *rule_id* of the Brussels pack (or of *rules*).

    .. versionadded:: 0.1.0

    Raises:
        NotFoundError: no rule has that id.

    """
    return (RULES if rules is None else rules).rule(rule_id)


def rules_table(
    rules: Iterable[Rule] | None = None, *, lang: str = "en"
) -> list[dict[str, str]]:
    """
    Return one row per rule, for the documentation.

    Keys: ``id``, ``ref`` (the rule's reference number, ``R6``), ``trigger``, ``deadline`` (what
    the date means), ``counting``, ``basis``, ``valid_from`` (ISO; with the
    setting that replaces it, and the former rule before it), ``region``,
    ``confidence``, ``track``, ``note``, ``regime``, ``valid_from_source``.

    .. versionadded:: 0.1.0
    """
    rows = []
    for item in RULES if rules is None else rules:
        trigger = " or ".join(item.triggers)
        if item.when:
            trigger += " (" + ", ".join(
                f"{c.field}={'|'.join(str(v).lower() for v in c.values)}"
                + (f" unless {c.unless_setting}" if c.unless_setting else "")
                for c in item.when
            ) + ")"
        if item.anchor.kinds:
            trigger += f", counted from {' or '.join(item.anchor.kinds)}"
        elif item.anchor.field != "date":
            trigger += f", at its {item.anchor.field}"
        if item.unless:
            trigger += f"; cancelled by {' or '.join(item.unless)}"
        valid_from = item.valid_from.isoformat()
        if item.valid_from_setting:
            valid_from += f" ({item.valid_from_setting})"
        if item.valid_by == "lease_start":
            valid_from += " (lease start)"
        former = item.former
        if former is not None:
            valid_from += (
                f"; before it: {former.regime} from {former.valid_from.isoformat()} "
                f"({former.basis.get(lang)})"
            )
        rows.append(
            {
                "id": item.id,
                "ref": item.domain_ref,
                "trigger": trigger,
                "deadline": item.description.get(lang),
                "counting": item.counting.describe(),
                "basis": item.basis.get(lang),
                "valid_from": valid_from,
                "region": item.region,
                "confidence": item.confidence,
                "track": item.track,
                "note": item.note,
                "regime": item.regime,
                "valid_from_source": item.valid_from_source,
            }
        )
    return rows

