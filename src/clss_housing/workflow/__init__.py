"""
Case workflows: four parallel tracks per case, checked and replayed from the ledger.

The tracks (``pre_procedure``, ``hearing``, ``rehousing``,
``lease_negotiation``) are declarative tables in
:mod:`clss_housing.workflow.tracks`; :mod:`clss_housing.workflow.engine` builds
one ``transitions`` machine per track and :class:`Workflow`, compiles it to plain tables and
uses them to check commands and to replay ledgers;
:mod:`clss_housing.workflow.diagram` draws each track from the same table.

Example::

    >>> from datetime import date
    >>> from clss_housing.ledger.entries import NoticeReceived
    >>> replay([NoticeReceived(date=date(2026, 1, 5))]).as_dict()["pre_procedure"]
    'notice_received'
"""

from __future__ import annotations

from clss_housing.workflow.engine import (
    TRACKS,
    TrackStates,
    Workflow,
    all_states,
    builtin_workflow,
    compiled,
    end_states,
    initial_states,
    machine,
    next_steps,
    replay,
    states_of,
    step,
    track_states,
    track_table,
    workflow_check,
)
from clss_housing.workflow.tracks import TABLES, Guard, TrackTable


__all__ = [
    "TABLES",
    "TRACKS",
    "Guard",
    "TrackStates",
    "TrackTable",
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
    "workflow_check",
]
