"""
What a plugin can contribute, as values: letters, workflow extensions, and the listener.

* :class:`PluginLetter` — a :class:`~clss_housing.documents.LetterSpec` plus its
  fr/nl templates;
* :class:`TrackExtension` / :class:`ExtraTransition` — rows and guards a plugin
  adds to a track before its machine is built (:func:`extend_table`);
* :class:`EntriesListener` — a casebook listener calling
  ``clss_housing_entries_appended`` on each plugin, isolated.

:class:`~clss_housing.plugins.PluginEnvironment` turns a host's answers into
these, once per environment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from importlib.resources import files
from typing import Any

import attrs

from clss_housing.documents.catalogue import LetterSpec
from clss_housing.errors import ValidationError
from clss_housing.ledger.codec import Recorded
from clss_housing.plugins.host import PluginFailure, PluginHost
from clss_housing.view import CaseView
from clss_housing.workflow.tracks import TrackTable, TransitionConfig


__all__ = [
    "EntriesListener",
    "ExtraTransition",
    "PluginLetter",
    "TrackExtension",
    "extend_table",
]


# -- letters --------------------------------------------------------------------------------------


def _check_templates(
    _instance: object, _attribute: object, value: Mapping[str, str]
) -> None:
    if not value or any(lang not in ("fr", "nl") or not isinstance(t, str) for lang, t in
                        value.items()):
        raise ValidationError("templates", sorted(value), "must map fr/nl to template text")


@attrs.frozen
class PluginLetter:
    """
    A letter a plugin contributes: its catalogue entry and its template text per language.

    Attributes:
        spec: the :class:`~clss_housing.documents.LetterSpec` (its ``languages``
            must be the keys of ``templates``).
        templates: ``{"fr": text, "nl": text}``; Jinja run in the sandbox; may
            ``{% extends "_base.fr.j2" %}`` like the built-in letters.
    """

    spec: LetterSpec = attrs.field(validator=attrs.validators.instance_of(LetterSpec))
    templates: Mapping[str, str] = attrs.field(validator=_check_templates)

    @classmethod
    def from_package(
        cls, spec: LetterSpec, package: str, folder: str = "templates"
    ) -> PluginLetter:
        """
        Read the letter's templates shipped in ``package``.

        The files are ``<folder>/<letter id>.<lang>.j2`` for each of the spec's languages.
        """
        where = files(package) / folder
        return cls(spec, {
            lang: (where / f"{spec.id}.{lang}.j2").read_text(encoding="utf-8")
            for lang in spec.languages
        })


# -- workflow extensions --------------------------------------------------------------------------


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen
class ExtraTransition:
    """
    A row a plugin adds to a track: ``trigger`` from the ``sources`` states to ``dest``.

    States are given by name; ``dest=None`` keeps the state (the fact is recorded).
    ``guards`` are :class:`~clss_housing.workflow.tracks.Guard` objects.
    """

    trigger: str
    sources: tuple[str, ...] = attrs.field(converter=_tuple)
    dest: str | None
    guards: tuple[Any, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen
class TrackExtension:
    """
    What a plugin adds to a track's table before its machine is built.

    Attributes:
        track: the track extended.
        transitions: extra rows, tried *after* the track's own rows.
        guards: extra guards ``{(source state, trigger): (Guard, …)}`` added to
            every existing row leaving that state on that trigger.
    """

    track: str
    transitions: tuple[ExtraTransition, ...] = attrs.field(default=(), converter=_tuple)
    guards: Mapping[tuple[str, str], tuple[Any, ...]] = attrs.field(factory=dict)


def extend_table(table: TrackTable, extensions: Sequence[TrackExtension]) -> TrackTable:
    """
    Return ``table`` with ``extensions`` applied (the table itself when there are none).

    Raises:
        ValidationError: an extension names a state the track lacks, a kind
            that cannot be recorded, or a guard that is not a ``Guard``.
    """
    if not extensions:
        return table
    states = {s.name: s for s in table.states}

    def state(name: str) -> Any:
        try:
            return states[name]
        except KeyError:
            raise ValidationError(f"workflow.{table.name}", name, "is not a state") from None

    rows: list[TransitionConfig] = []
    for row in table.transitions:
        extra: list[Any] = []
        for ext in extensions:
            for source in row["source"]:
                extra.extend(ext.guards.get((source.name, row["trigger"]), ()))
        new = dict(row)
        if extra:
            new["conditions"] = [*row.get("conditions", ()), *dict.fromkeys(extra)]
        rows.append(new)  # type: ignore[arg-type]
    for ext in extensions:
        for (source_name, _trigger) in ext.guards:
            state(source_name)
        for t in ext.transitions:
            added: TransitionConfig = {
                "trigger": t.trigger,
                "source": [state(s) for s in t.sources],
                "dest": None if t.dest is None else state(t.dest),
            }
            if t.guards:
                added["conditions"] = list(t.guards)
            rows.append(added)
    return TrackTable(table.name, table.title, table.states, table.initial, table.ends,
                      tuple(rows))


# -- reactions ------------------------------------------------------------------------------------


@attrs.define
class EntriesListener:
    """
    A casebook listener calling ``clss_housing_entries_appended`` on each plugin.

    The casebook calls it after the append committed; each plugin runs under
    its own ``try`` and a failure is only recorded on the host.
    """

    host: PluginHost

    def __call__(self, view: CaseView, recorded: Sequence[Recorded] | Recorded) -> None:
        """Notify every plugin of the entries just appended (never raises)."""
        batch = tuple(recorded) if isinstance(recorded, Sequence) else (recorded,)
        try:
            self.host.notify("clss_housing_entries_appended", view=view, recorded=batch)
        except Exception as exc:  # noqa: BLE001 - an append is never undone by a plugin
            self.host.failures.append(
                PluginFailure("?", "clss_housing_entries_appended", type(exc).__name__)
            )
