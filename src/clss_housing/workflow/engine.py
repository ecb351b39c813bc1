"""
The workflow engine: one shared machine per track, compiled to plain tables.

Each track of :mod:`clss_housing.workflow.tracks` is built once into a
``transitions.Machine`` (``model=None``, no auto transitions, invalid triggers
raise): that machine is the specification.  It is then compiled to a dict
``(state, trigger) -> ((guards, dest), …)`` and every check and replay uses the
dict only.  No case ever gets a ``Machine`` of its own and no model is ever
added to a machine, so the cost per case stays close to a dict lookup.

* :func:`replay` folds entries into :class:`TrackStates`; an entry that no
  track accepts is *skipped and counted* (``TrackStates.skipped``) instead of
  raising.  This happens when a correction removes an entry that a later one
  needed (correct the later one too), or in a ledger written without checks.
* :func:`workflow_check` is the live check the casebook runs before every
  append: it refuses an entry that no track knowing its kind accepts, with
  :class:`~clss_housing.errors.TransitionNotAllowed`.  States of the case as
  it stands are cached by ``(case id, head hash)`` and advanced one entry at
  a time, so a check costs one step, not a replay.
* :func:`track_states` and :func:`next_steps` answer ``case show``.

All of this lives on a :class:`Workflow`: the tables of one plugin
environment (the built-in tracks, plus what plugins add) with the machines,
compiled tables and cached states built from them.  The module-level
functions use the built-in tracks; a casebook opened with plugins uses its
environment's :class:`Workflow` (``book.env.workflow``).

Example::

    >>> from datetime import date
    >>> from clss_housing.ledger.entries import NoticeReceived, PetitionFiled
    >>> states = replay([NoticeReceived(date=date(2026, 1, 5)),
    ...                  PetitionFiled(date=date(2026, 2, 9))])
    >>> states.as_dict()["pre_procedure"], states.as_dict()["hearing"]
    ('referred_to_court', 'petition_filed')
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, TypeAlias

import attrs

from clss_housing.errors import TransitionNotAllowed, ValidationError
from clss_housing.ledger.entries import Correction, Entry
from clss_housing.view import CaseView
from clss_housing.workflow.tracks import (
    SHARED_KIND_HOME,
    TABLES,
    TRACKS,
    Facts,
    Guard,
    TrackTable,
)


if TYPE_CHECKING:
    from transitions import Machine


__all__ = [
    "TRACKS",
    "Option",
    "TrackStates",
    "Workflow",
    "all_states",
    "builtin_workflow",
    "compiled",
    "end_states",
    "initial_states",
    "machine",
    "next_steps",
    "replay",
    "states_of",
    "step",
    "track_states",
    "track_table",
    "transition",
    "workflow_check",
]

#: One way out of a state on a trigger: the guards that must all pass, and the
#: destination (``None``: the state stays, the fact is recorded).
Option: TypeAlias = tuple[tuple[Guard, ...], str | None]
_Table: TypeAlias = dict[tuple[str, str], tuple[Option, ...]]

_NO_FACTS: Final[Facts] = MappingProxyType({})

#: What the hot tables hold for one ``(state, trigger)``: the next state when no
#: guard applies, else a function ``(facts, entry) -> next state | None``.
_Resolver: TypeAlias = str | Callable[[Facts, Entry], str | None]


def _track_error(track: str) -> ValidationError:
    return ValidationError("track", track, f"must be one of: {', '.join(TRACKS)}")


# -- compiling one track -------------------------------------------------------------------------


def _build_machine(table: TrackTable) -> Machine:
    # lazy: transitions is heavy and only needed once per workflow and track.
    from transitions import Machine, MachineError

    try:
        return Machine(**table.machine_config())
    except (MachineError, ValueError, AttributeError, TypeError) as exc:
        # transitions reports misconfiguration with builtin errors: name the track.
        raise ValidationError(
            f"workflow.{table.name}", None, f"is not a valid machine: {exc}"
        ) from exc


def _compile_machine(name: str, m: Machine) -> _Table:
    table: dict[tuple[str, str], list[Option]] = {}
    for trigger, event in m.events.items():
        for source, transitions in event.transitions.items():
            for t in transitions:
                guards: list[Guard] = []
                for condition in t.conditions:
                    func = condition.func
                    if not isinstance(func, Guard) or condition.target is not True:
                        raise ValidationError(
                            f"workflow.{name}", trigger, "conditions must be Guard objects"
                        )
                    guards.append(func)
                table.setdefault((source, trigger), []).append((tuple(guards), t.dest))
    return {key: tuple(options) for key, options in table.items()}


def _switch(options: tuple[Option, ...], source: str) -> tuple[str, dict[object, str]] | None:
    """When every option tests one field of the entry (a judgment's outcome): value -> state."""
    attr: str | None = None
    targets: dict[object, str] = {}
    for guards, dest in options:
        choice = guards[0].entry_choice() if len(guards) == 1 else None
        if choice is None or (attr is not None and choice[0] != attr):
            return None
        attr = choice[0]
        for value in choice[1]:
            targets.setdefault(value, source if dest is None else dest)
    return None if attr is None else (attr, targets)


def _resolver(source: str, options: tuple[Option, ...]) -> _Resolver:
    """Compile the options of one ``(state, trigger)`` into the fastest form."""
    branches = tuple(
        (tuple(g.test() for g in guards), source if dest is None else dest)
        for guards, dest in options
    )
    tests, dest = branches[0]
    if not tests:
        return dest
    switch = _switch(options, source)
    if switch is not None:
        attr, targets = switch

        def resolve_choice(facts: Facts, entry: Entry) -> str | None:
            return targets.get(getattr(entry, attr, None))

        return resolve_choice
    if len(branches) == 1 and len(tests) == 1:
        (only,) = tests

        def resolve_one(facts: Facts, entry: Entry) -> str | None:
            return dest if only(facts, entry) else None

        return resolve_one

    def resolve(facts: Facts, entry: Entry) -> str | None:
        for checks, target in branches:
            for check in checks:
                if not check(facts, entry):
                    break
            else:
                return target
        return None

    return resolve


@attrs.frozen
class _Engine:
    """Everything replay needs, built once from the compiled tables."""

    #: per track, ``(state, trigger) -> resolver``.
    tables: tuple[dict[tuple[str, str], _Resolver], ...]
    #: per track, ``(state, trigger) -> options`` (for refusals and allowed triggers).
    compiled: tuple[_Table, ...]
    initial: tuple[str, ...]
    #: kind -> indexes of the tracks that know it, the home track first.
    known: Mapping[str, tuple[int, ...]]
    #: per track, state -> triggers with at least one option, in table order.
    triggers: tuple[Mapping[str, tuple[str, ...]], ...]


def _build_engine(tables: Mapping[str, TrackTable], compiled: Mapping[str, _Table]) -> _Engine:
    known: dict[str, list[int]] = {}
    triggers: list[dict[str, tuple[str, ...]]] = []
    for index, name in enumerate(TRACKS):
        table = compiled[name]
        by_state: dict[str, list[str]] = {s: [] for s in tables[name].state_names}
        for trigger in tables[name].triggers:
            known.setdefault(trigger, []).append(index)
            for state, names in by_state.items():
                if (state, trigger) in table:
                    names.append(trigger)
        triggers.append({s: tuple(t) for s, t in by_state.items()})
    ordered: dict[str, tuple[int, ...]] = {}
    for kind, indexes in known.items():
        home = SHARED_KIND_HOME.get(kind)
        if len(indexes) > 1 and home is None:
            raise ValidationError("workflow", kind, "is shared by tracks but has no home track")
        first = [i for i in indexes if TRACKS[i] == home]
        ordered[kind] = (*first, *(i for i in indexes if i not in first))
    return _Engine(
        tables=tuple(
            {key: _resolver(key[0], options) for key, options in compiled[name].items()}
            for name in TRACKS
        ),
        compiled=tuple(compiled[name] for name in TRACKS),
        initial=tuple(tables[name].initial.name for name in TRACKS),
        known=MappingProxyType(ordered),
        triggers=tuple(MappingProxyType(t) for t in triggers),
    )


# -- states --------------------------------------------------------------------------------------


@attrs.frozen
class TrackStates:
    """
    The state of every track, and the facts guards read.

    Attributes:
        states: one state name per track, in :data:`TRACKS` order.
        facts: the latest applied entry of each kind the tracks know.
        skipped: entries replay left out because no track accepted them
            (see the module docstring).
    """

    states: tuple[str, ...]
    facts: Facts = attrs.field(default=_NO_FACTS, eq=False, repr=False)
    skipped: int = 0

    def __getitem__(self, track: str) -> str:
        try:
            return self.states[TRACKS.index(track)]
        except ValueError:
            raise _track_error(track) from None

    def as_dict(self) -> dict[str, str]:
        """The states as ``{track: state}``, in :data:`TRACKS` order."""
        return dict(zip(TRACKS, self.states, strict=True))


def _allowed_triggers(engine: _Engine, index: int, state: str, facts: Facts) -> list[str]:
    table = engine.compiled[index]
    return [
        trigger
        for trigger in engine.triggers[index][state]
        if any(all(g.possible(facts) for g in guards) for guards, _ in table[(state, trigger)])
    ]


def _advance(
    engine: _Engine, states: list[str], tracks: tuple[int, ...], entry: Entry, facts: Facts
) -> bool:
    """Apply ``entry`` to every track in ``tracks`` that accepts it; tell whether one did."""
    kind = entry.kind
    applied = False
    for index in tracks:
        found = engine.tables[index].get((states[index], kind))
        if found is None:
            continue
        if found.__class__ is not str:
            found = found(facts, entry)  # type: ignore[operator]
            if found is None:
                continue
        states[index] = found
        applied = True
    return applied


def _refusal(
    engine: _Engine, states: TrackStates, tracks: tuple[int, ...], entry: Entry
) -> TransitionNotAllowed:
    # Name the home track, unless only another knowing track has left its initial state.
    named = next((i for i in tracks if states.states[i] != engine.initial[i]), tracks[0])
    state = states.states[named]
    notes: list[str] = []
    options = engine.compiled[named].get((state, entry.kind))
    if options is not None:
        failed = [
            g for guards, _ in options for g in guards if not g(states.facts, entry)
        ]
        notes.extend(dict.fromkeys(g.reason for g in failed))
    notes.extend(
        f"track {TRACKS[i]!r} in state {states.states[i]!r} refuses it too"
        for i in tracks
        if i != named
    )
    return TransitionNotAllowed(
        TRACKS[named],
        state,
        entry.kind,
        _allowed_triggers(engine, named, state, states.facts),
        reason="; ".join(notes) or None,
    )


class _StateCache:
    """States of whole cases, by ``(case id, head hash)``: content-addressed, never stale."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[tuple[str, str], TrackStates] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> TrackStates | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[str, str], value: TrackStates) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


# -- the workflow of one environment --------------------------------------------------------------


class Workflow:
    """
    The workflow tracks of one environment: their tables, machines, compiled tables and states.

    Built from one table per track (the built-in :data:`~clss_housing.workflow.tracks.TABLES`,
    or those tables extended by plugins); machines and compiled tables are
    built on first use and kept on this object, and so are the states of
    the cases it has seen (by case id and head hash, so never stale).  Two
    workflows never share anything.

    Args:
        tables: one :class:`~clss_housing.workflow.tracks.TrackTable` per track of :data:`TRACKS`.
        cache_size: how many case states to keep.

    Raises:
        ValidationError: a track is missing or a table names another track.
    """

    def __init__(
        self, tables: Mapping[str, TrackTable] = TABLES, *, cache_size: int = 4096
    ) -> None:
        missing = [name for name in TRACKS if name not in tables]
        if missing or len(tables) != len(TRACKS):
            raise ValidationError("workflow", sorted(tables), f"must have the tracks {TRACKS}")
        for name, table in tables.items():
            if table.name != name:
                raise ValidationError(f"workflow.{name}", table.name, "names another track")
        self._tables: Mapping[str, TrackTable] = MappingProxyType(dict(tables))
        self._machines: dict[str, Machine] = {}
        self._compiled: dict[str, _Table] = {}
        self._engine: _Engine | None = None
        self._states = _StateCache(cache_size)
        self._lock = threading.RLock()

    def __repr__(self) -> str:
        return f"Workflow(tracks={list(self._tables)})"

    # -- the specification ----------------------------------------------------------------------

    def table(self, name: str) -> TrackTable:
        """
        The declarative table of track ``name``.

        Raises:
            ValidationError: ``name`` is not a track.
        """
        try:
            return self._tables[name]
        except KeyError:
            raise _track_error(name) from None

    @property
    def tables(self) -> Mapping[str, TrackTable]:
        """Every track's table, by name."""
        return self._tables

    def machine(self, name: str) -> Machine:
        """
        The ``transitions.Machine`` of track ``name``: the specification.

        Built once (with ``model=None``) and reused; treat it as read-only and
        never add models to it.

        Raises:
            ValidationError: ``name`` is not a track, or its table is not a valid machine.
        """
        table = self.table(name)
        with self._lock:
            found = self._machines.get(name)
            if found is None:
                found = self._machines[name] = _build_machine(table)
            return found

    def _compile(self, name: str) -> _Table:
        with self._lock:
            found = self._compiled.get(name)
            if found is None:
                found = self._compiled[name] = _compile_machine(name, self.machine(name))
            return found

    def compiled(self, name: str) -> Mapping[tuple[str, str], tuple[Option, ...]]:
        """
        The compiled table of track ``name``: ``(state, trigger) -> options``.

        For one state and trigger the first option whose guards all pass wins.

        Raises:
            ValidationError: ``name`` is not a track.
        """
        self.table(name)
        return MappingProxyType(self._compile(name))

    def all_states(self, name: str) -> tuple[str, ...]:
        """The state names of track ``name``, in declaration order."""
        return self.table(name).state_names

    def end_states(self, name: str) -> tuple[str, ...]:
        """The end states of track ``name``: where the track may rest."""
        return tuple(s.name for s in self.table(name).ends)

    def initial_states(self) -> dict[str, str]:
        """The state of every track in a case where nothing happened yet."""
        return {name: self._tables[name].initial.name for name in TRACKS}

    def _ready(self) -> _Engine:
        engine = self._engine
        if engine is None:
            with self._lock:
                if self._engine is None:
                    compiled = {name: self._compile(name) for name in TRACKS}
                    self._engine = _build_engine(self._tables, compiled)
                engine = self._engine
        return engine

    # -- checks and replay ----------------------------------------------------------------------

    def transition(
        self, track: str, state: str, entry: Entry, facts: Facts = _NO_FACTS
    ) -> str | None:
        """
        The state track ``track`` moves to from ``state`` when ``entry`` is recorded.

        Returns ``state`` itself for a fact recorded without a change of state,
        ``None`` when the track does not accept the entry now.

        Raises:
            ValidationError: ``track`` is not a track.
        """
        if track not in self._tables:
            raise _track_error(track)
        found = self._ready().tables[TRACKS.index(track)].get((state, entry.kind))
        if found is None or found.__class__ is str:
            return found
        return found(facts, entry)  # type: ignore[operator]

    def replay(self, entries: Iterable[Entry]) -> TrackStates:
        """
        Fold effective entries, in ledger order, into the state of every track.

        An entry that no track knowing its kind accepts is skipped and counted
        in ``skipped``; it never raises (see the module docstring).
        """
        engine = self._ready()
        known = engine.known
        states = list(engine.initial)
        facts: dict[str, Entry] = {}
        skipped = 0
        for entry in entries:
            tracks = known.get(entry.kind)
            if tracks is None:
                continue
            if _advance(engine, states, tracks, entry, facts):
                facts[entry.kind] = entry
            else:
                skipped += 1
        return TrackStates(tuple(states), MappingProxyType(facts), skipped)

    def step(self, states: TrackStates, entry: Entry) -> TrackStates:
        """
        The states after recording ``entry``, or a refusal.

        Returns ``states`` itself for a kind no track knows.

        Raises:
            TransitionNotAllowed: no track knowing the entry's kind accepts it now.
        """
        engine = self._ready()
        tracks = engine.known.get(entry.kind)
        if tracks is None:
            return states
        after = list(states.states)
        if not _advance(engine, after, tracks, entry, states.facts):
            raise _refusal(engine, states, tracks, entry)
        facts = dict(states.facts)
        facts[entry.kind] = entry
        return TrackStates(tuple(after), MappingProxyType(facts), states.skipped)

    def allowed(self, states: TrackStates) -> list[tuple[str, str]]:
        """The ``(track, trigger)`` pairs allowed from ``states`` (see :meth:`next_steps`)."""
        engine = self._ready()
        out: list[tuple[str, str]] = []
        for index, track in enumerate(TRACKS):
            out.extend(
                (track, t)
                for t in _allowed_triggers(engine, index, states.states[index], states.facts)
            )
        return out

    # -- views ----------------------------------------------------------------------------------

    def states_of(self, view: CaseView) -> TrackStates:
        """
        The states of a case with all its effective entries (no date limit).

        Cached by the case's head hash; a view one entry ahead of a cached one is
        advanced by that entry only (a correction replays the case).
        """
        if not view.version:
            return self.replay(())
        key = (view.case_id, view.head_hash)
        found = self._states.get(key)
        if found is not None:
            return found
        last = view.records[-1]
        before = self._states.get((view.case_id, last.prev_hash)) if view.version > 1 else None
        if before is not None and not isinstance(last.entry, Correction):
            try:
                result = self.step(before, last.entry)
            except TransitionNotAllowed:
                result = attrs.evolve(before, skipped=before.skipped + 1)
        else:
            result = self.replay(view.entries())
        self._states.put(key, result)
        return result

    def track_states(self, view: CaseView, as_of: date | None = None) -> dict[str, str]:
        """
        The state of each track of a case, as ``{track: state name}``.

        Args:
            view: the case.
            as_of: leave out entries dated after this day (``None``: all entries).
        """
        states = self.states_of(view) if as_of is None else self.replay(view.entries(as_of))
        return states.as_dict()

    def next_steps(self, view: CaseView, as_of: date | None = None) -> list[tuple[str, str]]:
        """
        The ``(track, trigger)`` pairs a worker may record now.

        A trigger counts as allowed when one of its transitions from the current
        state could pass: guards on the recorded entry's own fields (a judgment's
        outcome, an eviction date) pass for some value, guards on earlier facts
        (a default judgment before an opposition) are evaluated.
        """
        states = self.states_of(view) if as_of is None else self.replay(view.entries(as_of))
        return self.allowed(states)

    def check(self, view: CaseView, entry: Entry) -> None:
        """
        Refuse ``entry`` if the case's workflow tracks do not allow it now.

        The casebook runs this before every append.  Kinds that no track knows
        (money, notes, consent, corrections…) always pass; a kind several tracks
        know passes when at least one of them accepts it.

        Raises:
            TransitionNotAllowed: naming the track, its state, the trigger and
                the triggers allowed now.
        """
        engine = self._ready()
        tracks = engine.known.get(entry.kind)
        if tracks is None:
            return
        current = self.states_of(view)
        if not _advance(engine, list(current.states), tracks, entry, current.facts):
            raise _refusal(engine, current, tracks, entry)


_BUILTIN: Final = Workflow()


def builtin_workflow() -> Workflow:
    """The workflow of the built-in tracks, without any plugin extension."""
    return _BUILTIN


# -- the built-in tracks, as functions -----------------------------------------------------------


def track_table(name: str) -> TrackTable:
    """The built-in table of track ``name`` (see :meth:`Workflow.table`)."""
    return _BUILTIN.table(name)


def machine(name: str) -> Machine:
    """The built-in machine of track ``name`` (see :meth:`Workflow.machine`)."""
    return _BUILTIN.machine(name)


def compiled(name: str) -> Mapping[tuple[str, str], tuple[Option, ...]]:
    """The built-in compiled table of track ``name`` (see :meth:`Workflow.compiled`)."""
    return _BUILTIN.compiled(name)


def all_states(name: str) -> tuple[str, ...]:
    """The state names of built-in track ``name``, in declaration order."""
    return _BUILTIN.all_states(name)


def end_states(name: str) -> tuple[str, ...]:
    """The end states of built-in track ``name``."""
    return _BUILTIN.end_states(name)


def initial_states() -> dict[str, str]:
    """The state of every track in a case where nothing happened yet."""
    return _BUILTIN.initial_states()


def transition(track: str, state: str, entry: Entry, facts: Facts = _NO_FACTS) -> str | None:
    """:meth:`Workflow.transition` on the built-in tracks."""
    return _BUILTIN.transition(track, state, entry, facts)


def replay(entries: Iterable[Entry]) -> TrackStates:
    """:meth:`Workflow.replay` on the built-in tracks."""
    return _BUILTIN.replay(entries)


def step(states: TrackStates, entry: Entry) -> TrackStates:
    """:meth:`Workflow.step` on the built-in tracks."""
    return _BUILTIN.step(states, entry)


def states_of(view: CaseView) -> TrackStates:
    """:meth:`Workflow.states_of` on the built-in tracks."""
    return _BUILTIN.states_of(view)


def track_states(view: CaseView, as_of: date | None = None) -> dict[str, str]:
    """:meth:`Workflow.track_states` on the built-in tracks."""
    return _BUILTIN.track_states(view, as_of)


def next_steps(view: CaseView, as_of: date | None = None) -> list[tuple[str, str]]:
    """:meth:`Workflow.next_steps` on the built-in tracks."""
    return _BUILTIN.next_steps(view, as_of)


def workflow_check(view: CaseView, entry: Entry) -> None:
    """:meth:`Workflow.check` on the built-in tracks."""
    _BUILTIN.check(view, entry)
