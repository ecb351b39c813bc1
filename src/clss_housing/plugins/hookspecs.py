"""
Hook specifications: what a partner plugin can provide.

A plugin is a module (usually its own distribution under ``plugins/``) with
functions marked ``@clss_housing.hookimpl`` and named like the specs below,
registered through the ``clss_housing`` entry-point group::

    # pyproject.toml of the plugin
    [project.entry-points.clss_housing]
    uls = "clss_housing_uls.plugin"

    # clss_housing_uls/plugin.py
    from clss_housing.plugins import hookimpl
    from clss_housing.documents.partners import PartnerProfile

    @hookimpl
    def clss_housing_partners():
        return [PartnerProfile(id="ul-schaerbeek", name_fr="Union des Locataires de Schaerbeek", …)]

Every hook is called for each plugin separately, under its own ``try``: a
plugin that raises or returns something invalid is reported by name and
skipped; it never alters or blocks an append.  Hooks receive immutable views
and entries, never a store.  The contribution hooks are asked once per
:class:`~clss_housing.plugins.PluginEnvironment`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol

import pluggy


if TYPE_CHECKING:
    from clss_housing.deadlines.rules import Rule
    from clss_housing.documents.catalogue import LetterSpec
    from clss_housing.documents.partners import PartnerProfile
    from clss_housing.ledger.codec import Recorded
    from clss_housing.plugins.contributions import PluginLetter, TrackExtension
    from clss_housing.view import CaseView


__all__ = ["PROJECT", "RedactionPolicyLike", "hookimpl", "hookspec"]

#: The pluggy project name and the entry-point group.
PROJECT = "clss_housing"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


class RedactionPolicyLike(Protocol):
    """What ``clss_housing_redaction_policy`` returns (see ``documents.RedactionPolicy``)."""

    def visible_categories(
        self, view: CaseView, partner: str, as_of: date
    ) -> frozenset[str] | None:
        """The note categories ``partner`` may see at ``as_of`` (``None``: every category)."""
        ...


@hookspec
def clss_housing_partners() -> Sequence[PartnerProfile]:
    """
    Contribute partner profiles.

    Returns:
        A list of :class:`clss_housing.documents.partners.PartnerProfile` (id, names in
        French and Dutch, address, contact, languages, letterhead).  Called once
        per plugin; a profile id given by two plugins is reported as a conflict
        and the first registered wins.
    """
    return ()


@hookspec
def clss_housing_letters() -> Sequence[PluginLetter | LetterSpec]:
    """
    Contribute letters.

    Returns:
        A list of :class:`clss_housing.plugins.PluginLetter`: a
        :class:`clss_housing.documents.LetterSpec` with its template text per
        language (run in Jinja's sandbox; may extend ``letters/_base.fr.j2``).
        A plugin letter whose id is a core letter's id replaces it in that
        environment's catalogue.  A bare ``LetterSpec`` is only the core's own
        declaration of its letters (listed by ``plugins``, nothing added).
    """
    return ()


@hookspec
def clss_housing_deadline_rules() -> Sequence[Rule]:
    """
    Contribute deadline rules.

    Returns:
        A list of :class:`clss_housing.deadlines.Rule`.  A rule with the id of a
        built-in rule overrides it (e.g. a partner's lawyer settles an
        uncertain period).
    """
    return ()


@hookspec
def clss_housing_workflow_extensions(track: str) -> Sequence[TrackExtension]:
    """
    Extend a workflow track before its machine is built.

    Args:
        track: the track being built (``pre_procedure``, ``hearing``, ``rehousing``,
            ``lease_negotiation``).

    Returns:
        A list of :class:`clss_housing.plugins.TrackExtension`: extra transitions
        between the track's existing states, and extra guards on existing
        transitions.  States cannot be added (a transition naming an unknown
        state is refused and reported).
    """
    return ()


@hookspec(firstresult=True)
def clss_housing_redaction_policy(partner: str) -> RedactionPolicyLike | None:
    """
    Provide the redaction policy for summaries sent to ``partner``.

    Asked plugin by plugin, newest first; the first valid policy wins; the
    core's consent-based policy applies when none answers.

    Returns:
        An object with ``visible_categories(view, partner, as_of)`` returning the
        categories shown, or ``None`` for all (see
        :class:`clss_housing.documents.RedactionPolicy`); or ``None`` to let
        another plugin or the core decide.
    """
    return None


@hookspec
def clss_housing_entries_appended(view: CaseView, recorded: Sequence[Recorded]) -> None:
    """
    React to entries after they are stored (e.g. a reminder or a task list).

    Called only after the append committed.  Whatever the plugin does or
    raises, the entries stay stored.

    Args:
        view: the case after the append (personal data included: do not log it).
        recorded: the entries just appended.
    """
