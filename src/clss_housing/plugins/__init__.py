"""
Partner plugins: hook specifications, the host that calls them, and the environment they make.

* :mod:`~clss_housing.plugins.hookspecs` — what a plugin can provide (``hookimpl``);
* :class:`PluginHost` — finds plugins (entry-point group ``clss_housing``) and
  calls each one isolated;
* :class:`PluginEnvironment` — what one host's plugins contribute (rules,
  letters, workflow extensions, partner profiles, redaction, reactions),
  asked once and passed explicitly: ``Casebook.open(url, plugins=env)``;
* :class:`PluginLetter`, :class:`TrackExtension`, :class:`ExtraTransition` —
  the values a plugin returns.
"""

from __future__ import annotations

from clss_housing.documents.partners import PartnerProfile
from clss_housing.plugins.contributions import (
    EntriesListener,
    ExtraTransition,
    PluginLetter,
    TrackExtension,
    extend_table,
)
from clss_housing.plugins.environment import PluginEnvironment
from clss_housing.plugins.hookspecs import PROJECT, hookimpl, hookspec
from clss_housing.plugins.host import (
    BLOCK_ENV,
    DISABLE_ENV,
    PluginFailure,
    PluginHost,
    PluginInfo,
)


__all__ = [
    "BLOCK_ENV",
    "DISABLE_ENV",
    "PROJECT",
    "EntriesListener",
    "ExtraTransition",
    "PartnerProfile",
    "PluginEnvironment",
    "PluginFailure",
    "PluginHost",
    "PluginInfo",
    "PluginLetter",
    "TrackExtension",
    "extend_table",
    "hookimpl",
    "hookspec",
]
