"""
Hook specifications: what a partner plugin can provide.

A plugin is a module (usually its own distribution under ``plugins/``) with
functions marked ``@clss_housing.hookimpl`` and named like the specs below,
registered through the ``clss_housing`` entry-point group::

    # pyproject.toml of the plugin
    [project.entry-points.clss_housing]
    uls = "clss_housing_uls.plugin"

    # clss_housing_uls/plugin.py
    from clss_housing import hookimpl
    from clss_housing.partners import PartnerProfile

    @hookimpl
    def clss_housing_partners():
        return [PartnerProfile(id="ul-schaerbeek", name_fr="Union des Locataires de Schaerbeek", …)]

Every hook is called for each plugin separately, under its own ``try``: a
plugin that raises or returns something invalid is reported by name and
skipped; it never alters or blocks an append.  Hooks receive immutable views
and entries, never a store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pluggy


if TYPE_CHECKING:
    from clss_housing.ledger.codec import Recorded
    from clss_housing.view import CaseView


__all__ = ["PROJECT", "hookimpl", "hookspec"]

#: The pluggy project name and the entry-point group.
PROJECT = "clss_housing"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def clss_housing_partners() -> Sequence[Any]:
    """
    Contribute partner profiles.

    Returns:
        A list of :class:`clss_housing.partners.PartnerProfile` (id, names in
        French and Dutch, address, contact, languages, letterhead).  Called once
        per plugin; a profile id given by two plugins is reported as a conflict
        and the first registered wins.
    """
    return ()


@hookspec
def clss_housing_letters() -> Sequence[Any]:
    """
    Contribute letters.

    Returns:
        A list of :class:`clss_housing.documents.LetterSpec` whose templates are
        given as text; they run in Jinja's sandbox.  A plugin letter whose id is
        a core letter's id replaces it.
    """
    return ()


@hookspec
def clss_housing_deadline_rules() -> Sequence[Any]:
    """
    Contribute deadline rules.

    Returns:
        A list of :class:`clss_housing.deadlines.Rule`.  A rule with the id of a
        built-in rule overrides it (e.g. a partner's lawyer settles an
        uncertain period).
    """
    return ()


@hookspec
def clss_housing_workflow_extensions(track: str) -> Sequence[Any]:
    """
    Extend a workflow track before its machine is built.

    Args:
        track: the track being built (``pre_procedure``, ``hearing``, ``rehousing``,
            ``lease_negotiation``).

    Returns:
        A list of :class:`clss_housing.workflow.TrackExtension` (extra states,
        extra transitions, extra guards on existing transitions).
    """
    return ()


@hookspec(firstresult=True)
def clss_housing_redaction_policy(partner: str) -> Any:
    """
    Provide the redaction policy for summaries sent to ``partner``.

    Stops at the first plugin that returns a policy (not ``None``); the core's
    consent-based policy applies otherwise.

    Returns:
        An object with ``visible(view, entry, as_of) -> bool`` (see
        :class:`clss_housing.documents.RedactionPolicy`), or ``None``.
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
