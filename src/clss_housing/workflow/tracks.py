"""
The four workflow tracks of a case, as declarative tables.

A track is an :class:`enum.Enum` of states, an initial state, the end states
(where the track may rest: its business is done unless a new fact reopens it)
and a list of transitions shaped like ``transitions``' ``MachineConfig``::

    {"trigger": "judgment",                     # the ledger entry kind
     "source": [Hearing.hearing_scheduled, Hearing.adjourned],
     "dest": Hearing.eviction_ordered,          # None: the state stays
     "conditions": [field_in("judgment", "outcome", "eviction")]}

Triggers are entry kinds: recording an entry *is* firing its trigger on every
track whose current state accepts it (``petition_filed`` moves both
``pre_procedure`` and ``hearing``).  Kinds that no table names (money, notes,
consent, referrals, corrections…) are always allowed.

Conditions are :class:`Guard` objects built by the public factories below
(:func:`field_in`, :func:`last_field_in`, :func:`has_fact`,
:func:`eviction_date_in_moratorium`, :func:`any_of`, :func:`not_`).  A guard is
a pure function of ``(facts, entry)``: ``facts`` maps each entry kind to the
latest entry of that kind already applied to the tracks, ``entry`` is the
entry being recorded.  Guards never do I/O.

The same tables feed the live check, the replay and the diagrams (see
:mod:`clss_housing.workflow.engine` and :mod:`clss_housing.workflow.diagram`).

Example::

    >>> HEARING.initial.name
    'not_started'
    >>> "judgment" in HEARING.triggers
    True
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any, Final, NotRequired, TypeAlias, TypedDict

import attrs

from clss_housing.deadlines.calendar import JudicialCalendar
from clss_housing.errors import ValidationError
from clss_housing.ledger.entries import ENTRY_TYPES, Entry, entry_fields, entry_type


__all__ = [
    "HEARING",
    "LEASE_NEGOTIATION",
    "PRE_PROCEDURE",
    "REHOUSING",
    "SHARED_KIND_HOME",
    "TABLES",
    "TRACKS",
    "Facts",
    "Guard",
    "GuardTest",
    "Hearing",
    "LeaseNegotiation",
    "PreProcedure",
    "Rehousing",
    "TrackTable",
    "TransitionConfig",
    "any_of",
    "eviction_date_in_moratorium",
    "field_in",
    "has_fact",
    "last_field_in",
    "not_",
]

#: The latest applied entry of each kind, as guards see it.
Facts: TypeAlias = Mapping[str, Entry]


# -- guards ------------------------------------------------------------------------------------


class Guard:
    """
    A named, pure condition on a transition.

    Call it as ``guard(facts, entry)``; :meth:`test` gives the same check as
    a plain function, which the engine compiles into its tables.
    :meth:`possible` tells whether some entry could pass given ``facts``
    alone (used for "next steps allowed now"), ``label`` is what diagrams
    print and ``reason`` what a refusal says.  Build guards with the public
    factories, not this class.

    .. versionadded:: 0.1.0
    """

    __slots__ = ()

    @property
    def uses_entry(self) -> bool:
        """Whether the guard reads the entry being recorded (else only the facts)."""
        return False

    def test(self) -> GuardTest:
        """The check as a plain function ``(facts, entry) -> bool`` (fast to call)."""
        raise NotImplementedError  # pragma: no cover - abstract

    def __call__(self, facts: Facts, entry: Entry | None) -> bool:
        """Tell whether ``entry`` passes, given ``facts`` (``entry`` may be ``None``)."""
        return self.test()(facts, entry)

    def entry_choice(self) -> tuple[str, tuple[object, ...]] | None:
        """For a plain test of the entry's own field: its attribute and the values that pass."""
        return None

    def possible(self, facts: Facts) -> bool:
        """Tell whether some entry could pass this guard, given ``facts``."""
        return True if self.uses_entry else self(facts, None)

    @property
    def label(self) -> str:
        """The guard in a few words, for diagrams."""
        raise NotImplementedError  # pragma: no cover - abstract

    @property
    def reason(self) -> str:
        """Why an entry was refused when this guard failed (no personal data)."""
        return f"needs {self.label}"


#: A guard compiled to a plain function.
GuardTest: TypeAlias = Callable[[Facts, Entry | None], bool]

_MISSING: Final = object()


def _attribute_for(kind: str, key: str) -> tuple[str, tuple[object, ...]]:
    """Return the attribute name and the possible values of field ``key`` of ``kind``."""
    cls = entry_type(kind)
    for spec in entry_fields(cls):
        if spec.key == key:
            if spec.type == "choice":
                return spec.name, spec.choices
            if spec.type == "bool":
                return spec.name, (True, False)
            raise ValidationError(
                "guard", f"{kind}.{key}", "only choice and bool fields can be tested"
            )
    raise ValidationError("guard", f"{kind}.{key}", "names no field of that entry kind")


def _values_text(values: tuple[object, ...]) -> str:
    shown = [str(v).lower() if isinstance(v, bool) else str(v) for v in values]
    return shown[0] if len(shown) == 1 else "(" + " | ".join(shown) + ")"


@attrs.frozen(repr=False)
class _FieldIn(Guard):
    kind: str
    key: str
    attr: str
    values: tuple[object, ...]

    @property
    def uses_entry(self) -> bool:
        return True

    def test(self) -> GuardTest:
        attr, values, missing = self.attr, frozenset(self.values), _MISSING

        def field_in(facts: Facts, entry: Entry | None) -> bool:
            return getattr(entry, attr, missing) in values

        return field_in

    def entry_choice(self) -> tuple[str, tuple[object, ...]] | None:
        return self.attr, self.values

    @property
    def label(self) -> str:
        return f"{self.key} = {_values_text(self.values)}"

    def __repr__(self) -> str:
        return f"field_in({self.kind!r}, {self.key!r}, {', '.join(map(repr, self.values))})"


def field_in(kind: str, key: str, *values: object) -> Guard:
    """
    Pass when the recorded entry's field ``key`` is one of ``values``.

    ``key`` is the field's CLI/JSON spelling (``outcome``, ``remedy``…); it
    must be a choice or a yes/no field of ``kind``, and ``values`` a proper,
    non-empty subset of its choices (checked here, so a typo in a table fails
    at import).

    Example::

        >>> from datetime import date
        >>> from clss_housing.ledger.entries import Judgment
        >>> guard = field_in("judgment", "outcome", "eviction")
        >>> guard({}, Judgment(date=date(2026, 1, 5), outcome="eviction"))
        True
    """
    attr, choices = _attribute_for(kind, key)
    if not values or any(v not in choices for v in values) or set(values) == set(choices):
        raise ValidationError(
            "guard", f"{kind}.{key}", f"values must be some (not all) of: {_values_text(choices)}"
        )
    return _FieldIn(kind, key, attr, tuple(values))


@attrs.frozen(repr=False)
class _LastFieldIn(Guard):
    kind: str
    key: str
    attr: str
    values: tuple[object, ...]
    name: str = ""

    def test(self) -> GuardTest:
        kind, attr, values, missing = self.kind, self.attr, frozenset(self.values), _MISSING

        def last_field_in(facts: Facts, entry: Entry | None) -> bool:
            return getattr(facts.get(kind), attr, missing) in values

        return last_field_in

    @property
    def label(self) -> str:
        return self.name or f"last {self.kind}: {self.key} = {_values_text(self.values)}"

    @property
    def reason(self) -> str:
        return f"needs {self.label} (last {self.kind}: {self.key} = {_values_text(self.values)})"

    def __repr__(self) -> str:
        values = ", ".join(map(repr, self.values))
        return f"last_field_in({self.kind!r}, {self.key!r}, {values}, name={self.name!r})"


def last_field_in(kind: str, key: str, *values: object, name: str = "") -> Guard:
    """
    Pass when the latest applied entry of ``kind`` has field ``key`` in ``values``.

    Fails when no entry of ``kind`` was applied yet.  It reads the facts only,
    never the entry being recorded.  ``name`` labels it in diagrams.
    """
    attr, choices = _attribute_for(kind, key)
    if not values or any(v not in choices for v in values):
        raise ValidationError(
            "guard", f"{kind}.{key}", f"values must be some of: {_values_text(choices)}"
        )
    return _LastFieldIn(kind, key, attr, tuple(values), name)


@attrs.frozen(repr=False)
class _HasFact(Guard):
    kind: str

    def test(self) -> GuardTest:
        kind = self.kind

        def has_fact(facts: Facts, entry: Entry | None) -> bool:
            return kind in facts

        return has_fact

    @property
    def label(self) -> str:
        return f"a {self.kind} before"

    def __repr__(self) -> str:
        return f"has_fact({self.kind!r})"


def has_fact(kind: str) -> Guard:
    """Pass when an entry of ``kind`` was already applied to the tracks."""
    entry_type(kind)
    return _HasFact(kind)


@functools.cache
def _calendar() -> JudicialCalendar:
    return JudicialCalendar()


@attrs.frozen(repr=False)
class _InMoratorium(Guard):
    kind: str
    key: str
    attr: str

    @property
    def uses_entry(self) -> bool:
        return True

    def test(self) -> GuardTest:
        attr = self.attr

        def in_moratorium(facts: Facts, entry: Entry | None) -> bool:
            day = getattr(entry, attr, None)
            return isinstance(day, date) and bool(_calendar().in_winter_moratorium(day))

        return in_moratorium

    @property
    def label(self) -> str:
        return f"{self.key} in moratorium"

    @property
    def reason(self) -> str:
        return f"needs {self.key} inside the winter moratorium (1 November - 15 March)"

    def __repr__(self) -> str:
        return f"eviction_date_in_moratorium({self.kind!r}, {self.key!r})"


def eviction_date_in_moratorium(
    kind: str = "eviction_scheduled", key: str = "eviction_date"
) -> Guard:
    """
    Pass when the entry's date field ``key`` falls inside the Brussels winter moratorium.

    No eviction may be carried out from 1 November to 15 March inclusive,
    from the winter 2023-2024 on (Code bruxellois du Logement art. 233duodecies);
    the window comes from
    :meth:`clss_housing.deadlines.calendar.JudicialCalendar.in_winter_moratorium`.
    """
    for spec in entry_fields(entry_type(kind)):
        if spec.key == key and spec.type == "date":
            return _InMoratorium(kind, key, spec.name)
    raise ValidationError("guard", f"{kind}.{key}", "names no date field of that entry kind")


@attrs.frozen(repr=False)
class _AnyOf(Guard):
    guards: tuple[Guard, ...]
    name: str

    def test(self) -> GuardTest:
        tests = tuple(g.test() for g in self.guards)

        def any_of(facts: Facts, entry: Entry | None) -> bool:
            return any(t(facts, entry) for t in tests)

        return any_of

    def possible(self, facts: Facts) -> bool:
        return any(g.possible(facts) for g in self.guards)

    @property
    def uses_entry(self) -> bool:
        return any(g.uses_entry for g in self.guards)

    @property
    def label(self) -> str:
        return self.name or " or ".join(g.label for g in self.guards)

    def __repr__(self) -> str:
        return f"any_of({', '.join(map(repr, self.guards))}, name={self.name!r})"


def any_of(*guards: Guard, name: str = "") -> Guard:
    """Pass when at least one of ``guards`` passes; ``name`` labels it in diagrams."""
    if not guards:
        raise ValidationError("guard", "any_of", "needs at least one guard")
    return _AnyOf(tuple(guards), name)


@attrs.frozen(repr=False)
class _Not(Guard):
    inner: Guard

    def test(self) -> GuardTest:
        inner = self.inner.test()

        def not_(facts: Facts, entry: Entry | None) -> bool:
            return not inner(facts, entry)

        return not_

    def possible(self, facts: Facts) -> bool:
        # A guard on the entry's own fields is never constant (field_in takes a
        # proper subset of the choices), so its negation can pass too.
        return True if self.inner.uses_entry else not self.inner(facts, None)

    @property
    def uses_entry(self) -> bool:
        return self.inner.uses_entry

    @property
    def label(self) -> str:
        return f"not {self.inner.label}"

    def __repr__(self) -> str:
        return f"not_({self.inner!r})"


def not_(guard: Guard) -> Guard:
    """Pass when ``guard`` fails."""
    return _Not(guard)


# -- table records ------------------------------------------------------------------------------


class TransitionConfig(TypedDict):
    """One row of a track table, in the shape ``transitions.Machine`` accepts."""

    trigger: str
    source: list[enum.Enum]
    dest: enum.Enum | None
    conditions: NotRequired[list[Guard]]


def _check_table(table: TrackTable, _attribute: object, _value: object) -> None:
    states = set(table.states)
    if table.initial not in states:
        raise ValidationError(f"workflow.{table.name}", "initial", "is not one of its states")
    for end in table.ends:
        if end not in states:
            raise ValidationError(f"workflow.{table.name}", "ends", "names a state it lacks")
    for row in table.transitions:
        if row["trigger"] not in ENTRY_TYPES or row["trigger"] == "case_opened":
            raise ValidationError(
                f"workflow.{table.name}", row["trigger"], "is not a kind that can be recorded"
            )
        if not row["source"] or any(s not in states for s in row["source"]):
            raise ValidationError(
                f"workflow.{table.name}", row["trigger"], "has a source that is not its state"
            )
        if row["dest"] is not None and row["dest"] not in states:
            raise ValidationError(
                f"workflow.{table.name}", row["trigger"], "has a destination that is not its state"
            )
        for guard in row.get("conditions", ()):
            if not isinstance(guard, Guard):
                raise ValidationError(
                    f"workflow.{table.name}", row["trigger"], "has a condition that is not a Guard"
                )


@attrs.frozen
class TrackTable:
    """
    One track's specification: states, initial state, end states, transitions.

    Attributes:
        name: the track id (``hearing``…), as ``case show`` prints it.
        title: a short human title, for diagrams.
        states: the :class:`enum.Enum` of the track's states.
        initial: the state of a case in which nothing happened on this track.
        ends: the states where the track may rest.
        transitions: the rows (see :class:`TransitionConfig`); for one state and
            trigger, the first row whose conditions all pass wins.

    .. versionadded:: 0.1.0
    """

    name: str
    title: str
    states: type[enum.Enum]
    initial: enum.Enum
    ends: tuple[enum.Enum, ...]
    transitions: tuple[TransitionConfig, ...] = attrs.field(validator=_check_table)

    @property
    def triggers(self) -> tuple[str, ...]:
        """The entry kinds this track reacts to, in table order."""
        return tuple(dict.fromkeys(row["trigger"] for row in self.transitions))

    @property
    def state_names(self) -> tuple[str, ...]:
        """The state names, in declaration order."""
        return tuple(s.name for s in self.states)

    def machine_config(self) -> dict[str, Any]:
        """The keyword arguments that build this track's ``transitions.Machine``."""
        return {
            "model": None,
            "states": self.states,
            "initial": self.initial,
            "transitions": [
                {
                    "trigger": row["trigger"],
                    "source": list(row["source"]),
                    "dest": row["dest"],
                    "conditions": list(row.get("conditions", ())),
                }
                for row in self.transitions
            ],
            "auto_transitions": False,
            "ignore_invalid_triggers": False,
            "name": self.name,
        }


def _row(
    trigger: str,
    source: enum.Enum | Sequence[enum.Enum],
    dest: enum.Enum | None,
    *conditions: Guard,
) -> TransitionConfig:
    """One transition row (``dest=None``: the state stays, the fact is recorded)."""
    sources = [source] if isinstance(source, enum.Enum) else list(source)
    row: TransitionConfig = {"trigger": trigger, "source": sources, "dest": dest}
    if conditions:
        row["conditions"] = list(conditions)
    return row


# -- pre_procedure -----------------------------------------------------------------------------


class PreProcedure(enum.Enum):
    """Support before any court procedure (CBL art. 233quater: notice, one-month wait)."""

    no_notice = "no_notice"
    notice_received = "notice_received"  # the one-month waiting period runs
    negotiating = "negotiating"
    plan_active = "plan_active"
    plan_in_default = "plan_in_default"
    resolved = "resolved"
    referred_to_court = "referred_to_court"


_P = PreProcedure
_P_OPEN: Final = (_P.no_notice, _P.notice_received, _P.negotiating, _P.plan_active,
                  _P.plan_in_default)

PRE_PROCEDURE: Final = TrackTable(
    name="pre_procedure",
    title="Pre-procedure support",
    states=PreProcedure,
    initial=_P.no_notice,
    ends=(_P.resolved, _P.referred_to_court),
    transitions=(
        _row("notice_received", [_P.no_notice, _P.plan_in_default, _P.resolved],
             _P.notice_received),
        # A reminder, or a notice arriving while a negotiation runs: recorded, state kept.
        _row("notice_received", [_P.notice_received, _P.negotiating], None),
        _row("negotiation_started", [_P.no_notice, _P.notice_received, _P.plan_in_default],
             _P.negotiating),
        _row("payment_plan_agreed", [_P.no_notice, _P.notice_received, _P.negotiating,
                                     _P.plan_in_default], _P.plan_active),
        # A revised plan, or a plan agreed while the case is before the court.
        _row("payment_plan_agreed", [_P.plan_active, _P.referred_to_court], None),
        _row("payment_plan_defaulted", _P.plan_active, _P.plan_in_default),
        _row("payment_plan_defaulted", _P.referred_to_court, None,
             has_fact("payment_plan_agreed")),
        _row("arrears_settled", _P_OPEN, _P.resolved),
        _row("petition_filed", _P_OPEN, _P.referred_to_court),
    ),
)


# -- hearing -----------------------------------------------------------------------------------


class Hearing(enum.Enum):
    """Before the justice of the peace, up to the eviction (Code judiciaire, CBL 2023 reform)."""

    not_started = "not_started"
    petition_filed = "petition_filed"
    cpas_informed = "cpas_informed"
    conciliation_requested = "conciliation_requested"
    conciliation_agreed = "conciliation_agreed"
    conciliation_failed = "conciliation_failed"
    hearing_scheduled = "hearing_scheduled"
    adjourned = "adjourned"
    eviction_ordered = "eviction_ordered"
    payment_terms = "payment_terms"
    dismissed = "dismissed"
    judgment_served = "judgment_served"
    appeal_or_opposition_filed = "appeal_or_opposition_filed"
    eviction_scheduled = "eviction_scheduled"
    suspended_moratorium = "suspended_moratorium"
    evicted = "evicted"
    cancelled = "cancelled"


_H = Hearing
_JUDGMENTS: Final = (_H.eviction_ordered, _H.payment_terms, _H.dismissed)
_HEARD: Final = (_H.hearing_scheduled, _H.adjourned)
_EVICTION_SOURCES: Final = (_H.judgment_served, _H.eviction_scheduled, _H.suspended_moratorium,
                            _H.cancelled)

#: An eviction needs a judgment that orders it (or grants payment terms on pain of eviction).
_JUDGMENT_ALLOWS_EVICTION: Final = last_field_in(
    "judgment", "outcome", "eviction", "payment_terms", name="judgment allows eviction"
)
#: Opposition (Code judiciaire art. 1047) lies only against a default judgment.
_REMEDY_OPEN: Final = any_of(
    field_in("appeal_filed", "remedy", "appeal"),
    last_field_in("judgment", "default", True, name="default judgment"),
    name="remedy = appeal, or opposition after a default judgment",
)
#: An appeal does not suspend execution (Code judiciaire art. 1397); an opposition does.
_APPEAL_NOT_SUSPENSIVE: Final = last_field_in(
    "appeal_filed", "remedy", "appeal", name="an appeal, not an opposition"
)
_IN_MORATORIUM: Final = eviction_date_in_moratorium()

HEARING: Final = TrackTable(
    name="hearing",
    title="Justice of the peace",
    states=Hearing,
    initial=_H.not_started,
    ends=(_H.conciliation_agreed, _H.dismissed, _H.evicted, _H.cancelled),
    transitions=(
        _row("petition_filed", _H.not_started, _H.petition_filed),
        _row("cpas_informed", _H.petition_filed, _H.cpas_informed),
        # The CPAS is told of the request, the judgment and the eviction notice (CBL 2023).
        _row("cpas_informed", [
            _H.conciliation_requested, _H.conciliation_failed, *_HEARD, _H.eviction_ordered,
            _H.payment_terms, _H.judgment_served, _H.appeal_or_opposition_filed,
            _H.eviction_scheduled, _H.suspended_moratorium,
        ], None),
        _row("conciliation_requested", [_H.petition_filed, _H.cpas_informed],
             _H.conciliation_requested),
        _row("conciliation_outcome", _H.conciliation_requested, _H.conciliation_agreed,
             field_in("conciliation_outcome", "outcome", "agreement")),
        _row("conciliation_outcome", _H.conciliation_requested, _H.conciliation_failed,
             field_in("conciliation_outcome", "outcome", "no_agreement")),
        _row("hearing_scheduled", [_H.petition_filed, _H.cpas_informed, _H.conciliation_failed,
                                   _H.adjourned, _H.appeal_or_opposition_filed],
             _H.hearing_scheduled),
        _row("hearing_adjourned", _HEARD, _H.adjourned),
        _row("judgment", _HEARD, _H.eviction_ordered,
             field_in("judgment", "outcome", "eviction")),
        _row("judgment", _HEARD, _H.payment_terms,
             field_in("judgment", "outcome", "payment_terms")),
        _row("judgment", _HEARD, _H.dismissed,
             field_in("judgment", "outcome", "dismissed")),
        _row("judgment_served", _JUDGMENTS, _H.judgment_served),
        _row("appeal_filed", [*_JUDGMENTS, _H.judgment_served], _H.appeal_or_opposition_filed,
             _REMEDY_OPEN),
        _row("eviction_scheduled", _EVICTION_SOURCES, _H.suspended_moratorium,
             _JUDGMENT_ALLOWS_EVICTION, _IN_MORATORIUM),
        _row("eviction_scheduled", _EVICTION_SOURCES, _H.eviction_scheduled,
             _JUDGMENT_ALLOWS_EVICTION, not_(_IN_MORATORIUM)),
        _row("eviction_scheduled", _H.appeal_or_opposition_filed, _H.suspended_moratorium,
             _JUDGMENT_ALLOWS_EVICTION, _APPEAL_NOT_SUSPENSIVE, _IN_MORATORIUM),
        _row("eviction_scheduled", _H.appeal_or_opposition_filed, _H.eviction_scheduled,
             _JUDGMENT_ALLOWS_EVICTION, _APPEAL_NOT_SUSPENSIVE, not_(_IN_MORATORIUM)),
        # The judge may lift the moratorium (art. 233duodecies exceptions): the fact is accepted.
        _row("eviction_carried_out", [_H.eviction_scheduled, _H.suspended_moratorium],
             _H.evicted),
        _row("eviction_cancelled", [
            _H.eviction_ordered, _H.payment_terms, _H.eviction_scheduled, _H.suspended_moratorium,
        ], _H.cancelled),
        _row("eviction_cancelled", [_H.judgment_served, _H.appeal_or_opposition_filed],
             _H.cancelled, _JUDGMENT_ALLOWS_EVICTION),
    ),
)


# -- rehousing ---------------------------------------------------------------------------------


class Rehousing(enum.Enum):
    """The search for another home (social housing, AIS, Fonds du Logement, private, emergency)."""

    not_started = "not_started"
    needs_assessed = "needs_assessed"
    searching = "searching"
    applications_pending = "applications_pending"
    offer_received = "offer_received"
    emergency_housing = "emergency_housing"
    housed = "housed"


_R = Rehousing
_R_SEARCH: Final = (_R.searching, _R.applications_pending, _R.offer_received,
                    _R.emergency_housing)

REHOUSING: Final = TrackTable(
    name="rehousing",
    title="Rehousing search",
    states=Rehousing,
    initial=_R.not_started,
    ends=(_R.housed,),
    transitions=(
        _row("needs_assessed", _R.not_started, _R.needs_assessed),
        _row("housing_search_started", [_R.not_started, _R.needs_assessed, _R.emergency_housing],
             _R.searching),
        _row("rehousing_application", [_R.not_started, _R.needs_assessed, *_R_SEARCH],
             _R.applications_pending),
        _row("housing_offer", _R_SEARCH, _R.offer_received),
        _row("lease_signed", _R_SEARCH, _R.housed),
        _row("emergency_housing", [_R.not_started, _R.needs_assessed, _R.searching,
                                   _R.applications_pending, _R.offer_received],
             _R.emergency_housing),
    ),
)


# -- lease_negotiation -------------------------------------------------------------------------


class LeaseNegotiation(enum.Enum):
    """A negotiation on a new lease, the rent or payment-plan terms."""

    none = "none"
    proposal = "proposal"
    counter_proposal = "counter_proposal"
    agreement = "agreement"
    signed = "signed"
    failed = "failed"


_L = LeaseNegotiation

LEASE_NEGOTIATION: Final = TrackTable(
    name="lease_negotiation",
    title="Lease negotiation",
    states=LeaseNegotiation,
    initial=_L.none,
    ends=(_L.agreement, _L.signed, _L.failed),
    transitions=(
        # A resting negotiation may start a new round.
        _row("lease_proposal", [_L.none, _L.agreement, _L.signed, _L.failed], _L.proposal),
        _row("lease_counter_proposal", [_L.proposal, _L.counter_proposal], _L.counter_proposal),
        _row("lease_agreement", [_L.proposal, _L.counter_proposal], _L.agreement),
        _row("lease_signed", _L.agreement, _L.signed),
        _row("lease_negotiation_failed", [_L.proposal, _L.counter_proposal, _L.agreement],
             _L.failed),
    ),
)


# -- the set of tracks -------------------------------------------------------------------------

#: Every track table, by name, in the order ``case show`` lists them.
TABLES: Final[Mapping[str, TrackTable]] = {
    t.name: t for t in (PRE_PROCEDURE, HEARING, REHOUSING, LEASE_NEGOTIATION)
}

#: The track names.
TRACKS: Final[tuple[str, ...]] = tuple(TABLES)

#: For a kind several tracks react to, the track a refusal names first.
SHARED_KIND_HOME: Final[Mapping[str, str]] = {
    "petition_filed": "hearing",
    "lease_signed": "rehousing",
}
