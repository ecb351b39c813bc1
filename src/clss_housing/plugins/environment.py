"""
The plugin environment: everything plugins and settings change, built once, passed explicitly.

A :class:`PluginEnvironment` is made from one :class:`~clss_housing.plugins.PluginHost`
(the installed plugins by default).  It asks the host's hooks once and keeps
the answers:

* ``rules`` — the Brussels rule pack with the plugins' rules merged in (a rule
  with a built-in id overrides it, a new id is appended);
* ``catalogue`` — the core letters and the plugins' letters with their templates;
* ``settings`` — the deadline settings in force (the config file's, or the defaults);
* ``workflow`` — a :class:`~clss_housing.workflow.Workflow` over the tracks as
  plugins extended them;
* ``partners`` — the partner profiles, by id;
* :meth:`redaction_policy` — the partner's policy, else the core consent policy;
* :meth:`listener` — the casebook listener calling ``clss_housing_entries_appended``.

Nothing here is process-wide: two environments built from two hosts never
share a rule, a letter or a cached state, and what an environment caches
lives on it.  :meth:`clss_housing.Casebook.open` builds one (or takes one),
so a partner application gets exactly what the command line gets.

Example::

    >>> from clss_housing.plugins import PluginHost
    >>> env = PluginEnvironment.from_host(PluginHost(load_entry_points=False))
    >>> "earliest_eviction" in env.rules.ids
    True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from clss_housing.deadlines.brussels import brussels_rules
from clss_housing.deadlines.rules import DeadlineSettings, Rule, RulePack
from clss_housing.documents.catalogue import LetterCatalogue, LetterSpec, core_letters
from clss_housing.documents.partners import PartnerProfile
from clss_housing.documents.redaction import ConsentPolicy, RedactionPolicy
from clss_housing.documents.render import TemplateSource, check_template
from clss_housing.plugins.contributions import (
    EntriesListener,
    PluginLetter,
    TrackExtension,
    extend_table,
)
from clss_housing.plugins.host import PluginFailure, PluginHost
from clss_housing.workflow.engine import TRACKS, Workflow
from clss_housing.workflow.tracks import TABLES, TrackTable


__all__ = ["PluginEnvironment"]


def _is_letter(item: object) -> bool:
    if isinstance(item, PluginLetter):
        return set(item.spec.languages) <= set(item.templates)
    return isinstance(item, LetterSpec)


def _merge_rules(host: PluginHost) -> RulePack:
    pack = brussels_rules()
    by_plugin: dict[str, list[Rule]] = {}
    for name, rule in host.collect(
        "clss_housing_deadline_rules", lambda r: isinstance(r, Rule), "Rule"
    ):
        by_plugin.setdefault(name, []).append(rule)
    for name, rules in by_plugin.items():
        if all(r in pack.rules for r in rules):
            continue  # the built-in pack itself
        try:
            pack = pack.with_rules(rules, name=pack.name)
        except Exception as exc:  # noqa: BLE001 - a plugin's bad pack is skipped
            host.failures.append(
                PluginFailure(name, "clss_housing_deadline_rules", f"{type(exc).__name__}: {exc}")
            )
    return pack


def _collect_letters(host: PluginHost) -> tuple[LetterCatalogue, dict[str, list[str]]]:
    """Core letters, then plugin letters over them, with their templates; who gave what."""
    specs: dict[str, LetterSpec] = {spec.id: spec for spec in core_letters()}
    templates: dict[tuple[str, str], str] = {}
    given: dict[str, list[str]] = {}
    for name, item in host.collect(
        "clss_housing_letters", _is_letter, "LetterSpec or PluginLetter"
    ):
        spec = item.spec if isinstance(item, PluginLetter) else item
        given.setdefault(name, []).append(spec.id)
        if not isinstance(item, PluginLetter):
            continue  # a bare spec: the core letters' own declaration
        try:
            for lang, text in item.templates.items():
                check_template(TemplateSource(f"plugin:{spec.id}.{lang}", text, "plugin"))
        except Exception as exc:  # noqa: BLE001 - reported by name, then skipped
            host.failures.append(
                PluginFailure(name, "clss_housing_letters", f"{type(exc).__name__}: {exc}")
            )
            continue
        specs[spec.id] = spec
        templates = {k: v for k, v in templates.items() if k[0] != spec.id}
        for lang, text in item.templates.items():
            templates[(spec.id, lang)] = text
    return LetterCatalogue(specs, templates), given


def _for_track(track: str) -> Callable[[object], bool]:
    def valid(item: object) -> bool:
        return isinstance(item, TrackExtension) and item.track == track

    return valid


def _extended_tables(host: PluginHost) -> dict[str, TrackTable]:
    tables: dict[str, TrackTable] = {}
    for track in TRACKS:
        found = host.collect(
            "clss_housing_workflow_extensions", _for_track(track), "TrackExtension", track=track
        )
        extensions = [ext for _, ext in found]
        try:
            tables[track] = extend_table(TABLES[track], extensions)
        except Exception as exc:  # noqa: BLE001 - a bad extension is reported, the track kept
            names = sorted({name for name, _ in found})
            host.failures.append(PluginFailure(
                ",".join(names), "clss_housing_workflow_extensions",
                f"{type(exc).__name__}: {exc}",
            ))
            tables[track] = TABLES[track]
    return tables


def _collect_partners(host: PluginHost) -> tuple[dict[str, PartnerProfile], dict[str, list[str]]]:
    profiles: dict[str, PartnerProfile] = {}
    given: dict[str, list[str]] = {}
    for plugin, profile in host.collect(
        "clss_housing_partners", lambda p: isinstance(p, PartnerProfile), "PartnerProfile"
    ):
        given.setdefault(plugin, []).append(profile.id)
        if profile.id in profiles:
            reason = f"partner id {profile.id!r} is already provided by another plugin"
            host.failures.append(PluginFailure(plugin, "clss_housing_partners", reason))
            continue
        profiles[profile.id] = profile
    return profiles, given


def _frozen(value: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(value))


@attrs.frozen(eq=False)
class PluginEnvironment:
    """
    What one set of plugins contributes, asked once and kept (see the module docstring).

    Build it with :meth:`from_host`, :meth:`installed` or :meth:`core`; the
    attributes are read-only mappings.

    Attributes:
        host: the plugin host it was built from (its ``failures`` list what was skipped).
        rules: the rule pack in force.
        settings: the deadline settings in force.
        catalogue: every letter: core letters, replaced or extended by plugins', with
            the plugins' templates.
        partners: the partner profiles by id.
        workflow: the workflow tracks, with the plugins' extensions.
        provided: what each plugin gave, for ``clss-housing plugins``:
            ``{plugin: {"profiles": ids, "letters": ids, "rules": ids}}``.
    """

    host: PluginHost
    rules: RulePack
    settings: DeadlineSettings
    catalogue: LetterCatalogue
    partners: Mapping[str, PartnerProfile] = attrs.field(converter=_frozen)
    workflow: Workflow
    provided: Mapping[str, Mapping[str, tuple[str, ...]]] = attrs.field(converter=_frozen)

    @classmethod
    def from_host(
        cls, host: PluginHost, *, settings: DeadlineSettings | None = None
    ) -> PluginEnvironment:
        """
        Ask ``host``'s plugins once and keep what they give (failures land on ``host``).

        Args:
            host: the plugin host.
            settings: the deadline settings in force (the documented defaults if ``None``).
        """
        rules = _merge_rules(host)
        catalogue, letters_by = _collect_letters(host)
        partners, partners_by = _collect_partners(host)
        workflow = Workflow(_extended_tables(host))
        rules_by: dict[str, list[str]] = {}
        for name, rule in host.collect(
            "clss_housing_deadline_rules", lambda r: isinstance(r, Rule), "Rule"
        ):
            rules_by.setdefault(name, []).append(rule.id)
        provided = {
            info.name: {
                "profiles": tuple(partners_by.get(info.name, ())),
                "letters": tuple(letters_by.get(info.name, ())),
                "rules": tuple(rules_by.get(info.name, ())),
            }
            for info in host.plugins()
        }
        return cls(host, rules, settings or DeadlineSettings(), catalogue, partners, workflow,
                   provided)

    @classmethod
    def installed(
        cls, *, blocked: Iterable[str] = (), settings: DeadlineSettings | None = None
    ) -> PluginEnvironment:
        """
        The environment of the installed plugins.

        Honours ``CLSS_HOUSING_DISABLE_PLUGINS`` and ``CLSS_HOUSING_BLOCK_PLUGINS``
        (and ``blocked``).
        """
        return cls.from_host(PluginHost(blocked=blocked), settings=settings)

    @classmethod
    def core(cls, *, settings: DeadlineSettings | None = None) -> PluginEnvironment:
        """The core alone: built-in rules, letters and tracks, no partner plugin."""
        return cls.from_host(PluginHost(load_entry_points=False), settings=settings)

    @property
    def failures(self) -> tuple[PluginFailure, ...]:
        """Every plugin that was skipped, and why."""
        return tuple(self.host.failures)

    def redaction_policy(self, partner: str) -> RedactionPolicy:
        """
        The redaction policy for summaries sent to ``partner``.

        The newest plugin returning a policy (an object with ``visible_categories``)
        wins; the core :class:`~clss_housing.documents.ConsentPolicy` applies otherwise.
        """
        found = self.host.first(
            "clss_housing_redaction_policy",
            lambda p: isinstance(p, RedactionPolicy),
            "RedactionPolicy",
            partner=partner,
        )
        return found[1] if found is not None else ConsentPolicy(partners=self.partners)

    def listener(self) -> EntriesListener:
        """A casebook listener telling this environment's plugins of every append."""
        return EntriesListener(self.host)
