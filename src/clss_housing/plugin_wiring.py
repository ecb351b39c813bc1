"""
Plugin wiring: what the plugin host's hooks change in the engines.

The host (:mod:`clss_housing.plugins`) calls plugins one by one and validates
what they return; this module turns the results into the engines' inputs:

* :func:`active_rules` — the Brussels pack with plugin rules merged in
  (a rule with a built-in id overrides it, new ids are appended);
* :func:`install_letters` — plugin letters (:class:`PluginLetter`: a
  :class:`~clss_housing.documents.LetterSpec` plus its fr/nl templates) added to
  the letter catalogue, once per host;
* :func:`workflow_extensions` / :func:`extend_table` — :class:`TrackExtension`
  rows added to a track's table before its machine is built;
* :func:`redaction_policy` — the partner's policy, else the core consent policy;
* :func:`attach_listener` — a :class:`~clss_housing.casebook.Casebook` listener
  calling ``clss_housing_entries_appended`` after each append, isolated.

Example::

    >>> from clss_housing.plugins import PluginHost
    >>> host = PluginHost(load_entry_points=False)
    >>> len(active_rules(host)) == len(brussels_rules_pack())
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from clss_housing.plugins import PluginFailure, PluginHost, default_host


if TYPE_CHECKING:
    from clss_housing.casebook import Casebook
    from clss_housing.deadlines.rules import RulePack
    from clss_housing.documents.redaction import RedactionPolicy
    from clss_housing.ledger.codec import Recorded
    from clss_housing.view import CaseView
    from clss_housing.workflow.tracks import TrackTable


__all__ = [
    "EntriesListener",
    "ExtraTransition",
    "PluginLetter",
    "TrackExtension",
    "active_rules",
    "attach_listener",
    "brussels_rules_pack",
    "extend_table",
    "install_letters",
    "provided",
    "redaction_policy",
    "workflow_extensions",
]


def _host(host: PluginHost | None) -> PluginHost:
    return host if host is not None else default_host()


# -- deadline rules -------------------------------------------------------------------------------


def brussels_rules_pack() -> RulePack:
    """The built-in Brussels rule pack (without plugin rules)."""
    from clss_housing.deadlines.brussels import brussels_rules

    return brussels_rules()


_RULES_CACHE: dict[int, RulePack] = {}


def active_rules(host: PluginHost | None = None) -> RulePack:
    """
    The rule pack in force: the Brussels pack, then each plugin's rules over it.

    A plugin rule with a built-in id replaces it; a new id is appended.  A
    plugin giving two rules with one id, or something that is not a
    :class:`~clss_housing.deadlines.Rule`, is reported and its rules skipped.

    Args:
        host: the plugin host (the process-wide one by default).

    Returns:
        The merged :class:`~clss_housing.deadlines.RulePack` (cached per host).
    """
    from clss_housing.deadlines.rules import Rule

    h = _host(host)
    cached = _RULES_CACHE.get(id(h))
    if cached is not None:
        return cached
    pack = brussels_rules_pack()
    by_plugin: dict[str, list[Rule]] = {}
    for name, rule in h.collect(
        "clss_housing_deadline_rules", lambda r: isinstance(r, Rule), "Rule"
    ):
        by_plugin.setdefault(name, []).append(rule)
    for name, rules in by_plugin.items():
        if all(r in pack.rules for r in rules):
            continue  # the built-in pack itself
        try:
            pack = pack.with_rules(rules, name=pack.name)
        except Exception as exc:  # noqa: BLE001 - a plugin's bad pack is skipped
            h.failures.append(
                PluginFailure(name, "clss_housing_deadline_rules", f"{type(exc).__name__}: {exc}")
            )
    _RULES_CACHE[id(h)] = pack
    return pack


# -- letters --------------------------------------------------------------------------------------


def _check_templates(
    _instance: object, _attribute: object, value: Mapping[str, str]
) -> None:
    from clss_housing.errors import ValidationError

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

    spec: Any
    templates: Mapping[str, str] = attrs.field(validator=_check_templates)

    @classmethod
    def from_package(cls, spec: Any, package: str, folder: str = "templates") -> PluginLetter:
        """
        Read the letter's templates shipped in ``package``.

        The files are ``<folder>/<letter id>.<lang>.j2`` for each of the spec's languages.
        """
        from importlib.resources import files

        where = files(package) / folder
        return cls(spec, {
            lang: (where / f"{spec.id}.{lang}.j2").read_text(encoding="utf-8")
            for lang in spec.languages
        })


def _is_letter(item: object) -> bool:
    from clss_housing.documents.catalogue import LetterSpec

    if isinstance(item, PluginLetter):
        return isinstance(item.spec, LetterSpec) and set(item.spec.languages) <= set(
            item.templates
        )
    return isinstance(item, LetterSpec)


_INSTALLED: set[int] = set()


def install_letters(host: PluginHost | None = None) -> list[str]:
    """
    Add the plugins' letters to the catalogue (once per host) and return their ids.

    A :class:`PluginLetter` registers its spec (replacing a core letter of the
    same id) and its templates; a bare ``LetterSpec`` (the core letters'
    built-in plugin) is already in the catalogue and left as it is.  A template
    that does not compile is reported and its letter skipped.
    """
    from clss_housing.documents.catalogue import register_letter
    from clss_housing.documents.render import register_template

    h = _host(host)
    ids: list[str] = []
    found = h.collect("clss_housing_letters", _is_letter, "LetterSpec or PluginLetter")
    for name, item in found:
        if not isinstance(item, PluginLetter):
            continue
        if id(h) in _INSTALLED:
            ids.append(item.spec.id)
            continue
        try:
            for lang, text in item.templates.items():
                register_template(item.spec.id, lang, text, origin="plugin")
            register_letter(item.spec, replace=True)
        except Exception as exc:  # noqa: BLE001 - reported by name, then skipped
            h.failures.append(
                PluginFailure(name, "clss_housing_letters", f"{type(exc).__name__}: {exc}")
            )
            continue
        ids.append(item.spec.id)
    _INSTALLED.add(id(h))
    return ids


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


def workflow_extensions(track: str, host: PluginHost | None = None) -> list[TrackExtension]:
    """The valid :class:`TrackExtension` objects plugins give for ``track``."""
    h = _host(host)
    found = h.collect(
        "clss_housing_workflow_extensions",
        lambda e: isinstance(e, TrackExtension) and e.track == track,
        "TrackExtension",
        track=track,
    )
    return [ext for _, ext in found]


def extend_table(table: TrackTable, extensions: Sequence[TrackExtension]) -> TrackTable:
    """
    Return ``table`` with ``extensions`` applied (the table itself when there are none).

    Raises:
        ValidationError: an extension names a state the track lacks, a kind
            that cannot be recorded, or a guard that is not a ``Guard``.
    """
    from clss_housing.errors import ValidationError
    from clss_housing.workflow.tracks import TrackTable, TransitionConfig

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


# -- redaction ------------------------------------------------------------------------------------


def redaction_policy(partner: str, host: PluginHost | None = None) -> RedactionPolicy:
    """
    The redaction policy for summaries sent to ``partner``.

    The newest plugin returning a policy (an object with ``visible_categories``)
    wins; the core :class:`~clss_housing.documents.ConsentPolicy` applies otherwise.
    """
    from clss_housing.documents.redaction import ConsentPolicy, RedactionPolicy

    found = _host(host).first(
        "clss_housing_redaction_policy",
        lambda p: isinstance(p, RedactionPolicy),
        "RedactionPolicy",
        partner=partner,
    )
    return found[1] if found is not None else ConsentPolicy()


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


def attach_listener(book: Casebook, host: PluginHost | None = None) -> EntriesListener:
    """Register an :class:`EntriesListener` on ``book`` and return it."""
    listener = EntriesListener(_host(host))
    book.add_listener(listener)
    return listener


# -- reporting ------------------------------------------------------------------------------------


def provided(host: PluginHost | None = None) -> dict[str, dict[str, list[str]]]:
    """
    What each plugin provides: ``{plugin: {"profiles": ids, "letters": ids, "rules": ids}}``.

    Calls the contribution hooks once (failures land on ``host.failures``).
    """
    from clss_housing.deadlines.rules import Rule
    from clss_housing.partners import PartnerProfile

    h = _host(host)
    out: dict[str, dict[str, list[str]]] = {
        info.name: {"profiles": [], "letters": [], "rules": []} for info in h.plugins()
    }
    for name, p in h.collect(
        "clss_housing_partners", lambda p: isinstance(p, PartnerProfile), "PartnerProfile"
    ):
        out.setdefault(name, {"profiles": [], "letters": [], "rules": []})["profiles"].append(p.id)
    for name, item in h.collect(
        "clss_housing_letters", _is_letter, "LetterSpec or PluginLetter"
    ):
        spec = item.spec if isinstance(item, PluginLetter) else item
        out.setdefault(name, {"profiles": [], "letters": [], "rules": []})["letters"].append(
            spec.id
        )
    for name, r in h.collect(
        "clss_housing_deadline_rules", lambda r: isinstance(r, Rule), "Rule"
    ):
        out.setdefault(name, {"profiles": [], "letters": [], "rules": []})["rules"].append(r.id)
    return out
