"""
Workflow benchmarks (issue 3, "How fast").

=========================  ==================================================  ======
benchmark                  floor (same logical work, most direct tool)         target
=========================  ==================================================  ======
workflow.check             a plain dict ``(state, trigger) -> state`` lookup   3x
                           per command (a value-keyed sub-dict where the
                           transition depends on the entry's own field)
workflow.rebuild           a hand-written fold over the same entries as plain  3x
                           dicts, with the same dict tables, keeping the
                           latest fact of each kind
=========================  ==================================================  ======

Both use a 200-entry case built by a random walk over the tracks (every
procedure entry accepted when it was recorded), mixed with money entries.
The walk keeps to transitions that a dict can express: unguarded ones and
those that only test the recorded entry's own field (a judgment's outcome);
transitions guarded by earlier facts are left out because a dict floor could
not evaluate them without our code.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import attrs
from _harness import Benchmark, Config, Limit, Subject, benchmark, format_bytes, traced_allocation

from clss_housing.errors import TransitionNotAllowed
from clss_housing.ledger.entries import Entry, entry_fields, entry_type
from clss_housing.money import Money
from clss_housing.workflow.engine import (
    TRACKS,
    TrackStates,
    builtin_workflow,
    compiled,
    initial_states,
    replay,
    step,
    transition,
)


__all__ = ["FloorTables", "floor_tables", "walk"]

#: Per track: ``(state, kind) -> next state`` or ``(field, {value: next state})``.
FloorTables = dict[str, dict[tuple[str, str], Any]]


def floor_tables() -> tuple[FloorTables, dict[str, tuple[str, ...]]]:
    """
    The tracks as plain dicts, and which tracks know each kind (home track first).

    Only transitions a dict can express are kept (see the module docstring).
    """

    tables: FloorTables = {}
    for track in TRACKS:
        table: dict[tuple[str, str], Any] = {}
        for (state, kind), options in compiled(track).items():
            if all(not guards for guards, _ in options):
                dest = options[0][1]
                table[(state, kind)] = state if dest is None else dest
                continue
            choices = [g[0].entry_choice() if len(g) == 1 else None for g, _ in options]
            if any(c is None for c in choices):
                continue  # guarded by earlier facts: not expressible as a dict
            field = choices[0][0]  # type: ignore[index]
            by_value: dict[object, str] = {}
            for (_, dest), choice in zip(options, choices, strict=True):
                for value in choice[1]:  # type: ignore[index]
                    by_value.setdefault(value, state if dest is None else dest)
            table[(state, kind)] = (field, by_value)
        tables[track] = table
    engine = builtin_workflow()._ready()
    known = {kind: tuple(TRACKS[i] for i in idx) for kind, idx in engine.known.items()}
    return tables, known


def _sample(kind: str, when: date, rng: random.Random) -> Entry:
    """An entry of ``kind`` with plausible values (choices drawn at random)."""
    cls = entry_type(kind)
    values: dict[str, object] = {"date": when}
    for spec in entry_fields(cls):
        if spec.name == "date" or (not spec.required and spec.type != "choice"):
            continue
        if spec.type == "date":
            values[spec.name] = when + timedelta(days=rng.randrange(20, 60))
        elif spec.type == "amount":
            values[spec.name] = Money(rng.randrange(5000, 90000))
        elif spec.type == "int":
            values[spec.name] = 6
        elif spec.type == "bool":
            values[spec.name] = rng.random() < 0.3
        elif spec.type == "text":
            values[spec.name] = "x"
        elif spec.type == "choice":
            values[spec.name] = rng.choice(spec.choices)
    return cls(**values)  # type: ignore[arg-type]


def walk(count: int, seed: int = 5) -> list[Entry]:
    """
    ``count`` entries of one case: a random walk over the tracks mixed with money.

    About one entry in five is a procedure fact accepted by the tracks at the
    moment it is recorded; the rest are rent, charges and payments.
    """
    tables, _ = floor_tables()
    rng = random.Random(seed)
    states: TrackStates = replay(())
    out: list[Entry] = []
    when = date(2024, 1, 1)
    while len(out) < count:
        when += timedelta(days=rng.randrange(1, 6))
        if rng.random() < 0.8:
            kind = rng.choice(("rent_due", "charges_due", "payment"))
            money = entry_type(kind)(date=when, amount=Money(rng.randrange(10000, 80000)))  # type: ignore[call-arg]
            out.append(money)
            continue
        options = [
            (track, trigger) for track, trigger in builtin_workflow().allowed(states)
            if (states[track], trigger) in tables[track]
        ]
        if not options:
            continue
        for _ in range(10):
            _, trigger = rng.choice(options)
            entry = _sample(trigger, when, rng)
            try:
                states = step(states, entry)
            except TransitionNotAllowed:
                continue
            out.append(entry)
            break
    return out


def as_dict(entry: Entry) -> dict[str, Any]:
    """The entry as the plain dict the floor folds (attribute names as keys)."""
    return {"kind": entry.kind, **attrs.asdict(entry, recurse=False)}


def floor_fold(
    rows: list[dict[str, Any]], tables: FloorTables, known: dict[str, tuple[str, ...]],
    initial: dict[str, str],
) -> tuple[dict[str, str], dict[str, dict[str, Any]], int]:
    """The floor: fold dict entries through dict tables, keeping the latest fact per kind."""
    states = dict(initial)
    facts: dict[str, dict[str, Any]] = {}
    skipped = 0
    for row in rows:
        kind = row["kind"]
        tracks = known.get(kind)
        if tracks is None:
            continue
        applied = False
        for track in tracks:
            dest = tables[track].get((states[track], kind))
            if dest is None:
                continue
            if dest.__class__ is tuple:
                dest = dest[1].get(row[dest[0]])
                if dest is None:
                    continue
            states[track] = dest
            applied = True
        if applied:
            facts[kind] = row
        else:
            skipped += 1
    return states, facts, skipped


@benchmark("workflow.check")
def check(cfg: Config) -> Benchmark:
    """engine.transition(track, state, entry, facts) vs a dict lookup."""
    tables, known = floor_tables()
    entries = walk(200)
    commands: list[tuple[str, str, Entry, Any]] = []
    states = replay(())
    for entry in entries:
        for track in known.get(entry.kind, ()):
            commands.append((track, states[track], entry, states.facts))
        states = step(states, entry)
    rounds = cfg.size(2000, 50)
    ops = rounds * len(commands)

    def ours() -> object:
        out = None
        for _ in range(rounds):
            out = [transition(track, state, entry, facts)
                   for track, state, entry, facts in commands]
        return out

    def floor() -> object:
        out = None
        for _ in range(rounds):
            out = []
            for track, state, entry, _facts in commands:
                dest = tables[track].get((state, entry.kind))
                if dest is not None and dest.__class__ is tuple:
                    dest = dest[1].get(getattr(entry, dest[0]))
                out.append(dest)
        return out

    def same(ours_out: object, floor_out: object) -> None:
        if ours_out != floor_out:
            raise AssertionError("transition() and the dict floor disagree")

    return Benchmark(
        name="workflow.check",
        what=f"check one command against a track ({len(commands)} commands) vs a dict lookup",
        ours=Subject(ours, ops=ops, label="engine.transition(track, state, entry, facts)"),
        floor=Subject(floor, ops=ops, label="tables[track].get((state, entry.kind))"),
        target=3.0,
        repeat=cfg.size(7, 2),
        same=same,
    )


@benchmark("workflow.rebuild")
def rebuild(cfg: Config) -> Benchmark:
    """engine.replay(entries) of a 200-entry case vs a hand-written dict fold."""
    tables, known = floor_tables()
    entries = walk(200)
    rows = [as_dict(e) for e in entries]
    initial = initial_states()
    rounds = cfg.size(500, 10)

    def ours() -> object:
        out = None
        for _ in range(rounds):
            out = replay(entries)
        return out

    def floor() -> object:
        out = None
        for _ in range(rounds):
            out = floor_fold(rows, tables, known, initial)
        return out

    def same(ours_out: object, floor_out: object) -> None:
        assert isinstance(ours_out, TrackStates)
        assert isinstance(floor_out, tuple)
        floor_states, floor_facts, floor_skipped = floor_out
        if ours_out.as_dict() != floor_states or ours_out.skipped != floor_skipped:
            raise AssertionError(f"replay {ours_out.as_dict()} != floor {floor_states}")
        if set(ours_out.facts) != set(floor_facts):
            raise AssertionError("replay and the floor keep different facts")

    return Benchmark(
        name="workflow.rebuild",
        what="rebuild all track states of a 200-entry case vs a dict-based fold",
        ours=Subject(ours, ops=rounds, label="engine.replay(entries)"),
        floor=Subject(floor, ops=rounds, label="hand-written fold over dicts"),
        target=3.0,
        repeat=cfg.size(7, 2),
        same=same,
    )


@benchmark("workflow.view_memory")
def view_memory(cfg: Config) -> Limit:
    """A loaded 200-entry case with its track states: no per-case Machine, same 200 KB."""
    from clss_housing.casebook import Casebook
    from clss_housing.workflow.engine import states_of
    from ledger import open_kwargs

    book = Casebook.open(f"sqlite:///{cfg.tmp / 'cases.db'}")
    case_id = book.open_case(**open_kwargs(), case_id="2024-W00001")
    book.record_many(case_id, walk(199))
    states_of(book.load(case_id))  # warm the compiled tables
    peak_box: dict[str, int] = {}

    def measure() -> float:
        def build() -> object:
            view = book.load(case_id)
            return view, states_of(view)

        kept, peak, value = traced_allocation(build)
        peak_box["peak"] = peak
        del value
        return float(kept)

    return Limit(
        name="workflow.view_memory",
        what="memory kept alive by a loaded 200-entry case and its track states",
        measure=measure,
        limit=200 * 1024,
        unit="bytes",
        note=lambda r: f"peak while loading {format_bytes(peak_box.get('peak', 0))}",
        close=book.close,
    )
