"""
The plugin host: finds partner plugins, calls them one by one, never trusts them.

Plugins are found through the ``clss_housing`` entry-point group.  The
built-in Brussels rule pack and core letters (:mod:`clss_housing.plugins.builtin`)
are registered the same way, before any partner plugin.  A host is made per
:class:`~clss_housing.plugins.PluginEnvironment`; there is no process-wide one.
Every call is isolated: a plugin that fails to import, raises, or returns
something invalid is recorded as a :class:`PluginFailure`
naming it, and skipped.

Switches:

* ``CLSS_HOUSING_DISABLE_PLUGINS=1`` loads no external plugin (built-ins stay);
* ``CLSS_HOUSING_BLOCK_PLUGINS=name,name`` (or ``PluginHost(blocked=…)``)
  skips the named ones.
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final

import attrs
import pluggy

from clss_housing.plugins import hookspecs
from clss_housing.plugins.hookspecs import PROJECT


__all__ = [
    "BLOCK_ENV",
    "DISABLE_ENV",
    "PluginFailure",
    "PluginHost",
    "PluginInfo",
]

log = logging.getLogger(__name__)

DISABLE_ENV: Final = "CLSS_HOUSING_DISABLE_PLUGINS"
BLOCK_ENV: Final = "CLSS_HOUSING_BLOCK_PLUGINS"

#: Built-in plugins: module paths registered before external ones.
BUILTIN_PLUGINS: Final = ("clss_housing.plugins.builtin",)


@attrs.frozen
class PluginFailure:
    """A plugin that could not be loaded or whose hook failed; it was skipped."""

    plugin: str
    hook: str
    reason: str


@attrs.frozen
class PluginInfo:
    """One loaded plugin: its name, distribution version and the hooks it implements."""

    name: str
    version: str | None
    builtin: bool
    hooks: tuple[str, ...]


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on", "oui", "ja"}


class PluginHost:
    """
    A pluggy manager with per-plugin isolation.

    Args:
        load_entry_points: look for installed plugins (off when
            ``CLSS_HOUSING_DISABLE_PLUGINS`` is set).
        blocked: plugin names to skip, added to ``CLSS_HOUSING_BLOCK_PLUGINS``.
        extra: plugin objects (modules or instances) to register, e.g. in tests.
    """

    def __init__(
        self,
        *,
        load_entry_points: bool | None = None,
        blocked: Iterable[str] = (),
        extra: Iterable[tuple[str, object]] = (),
        builtins: Iterable[str] = BUILTIN_PLUGINS,
    ) -> None:
        self.pm = pluggy.PluginManager(PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.failures: list[PluginFailure] = []
        self._builtin: set[str] = set()
        self._versions: dict[str, str | None] = {}
        env_blocked = [b.strip() for b in os.environ.get(BLOCK_ENV, "").split(",") if b.strip()]
        for name in (*env_blocked, *blocked):
            self.pm.set_blocked(name)
        for module_path in builtins:
            self._register_module(module_path, module_path, builtin=True)
        if load_entry_points is None:
            load_entry_points = not _truthy(os.environ.get(DISABLE_ENV))
        if load_entry_points:
            self._load_entry_points()
        for name, plugin in extra:
            self._register(plugin, name, builtin=False, version=None)
        self._check_pending()

    def _check_pending(self) -> None:
        """Report (and unregister) plugins that implement hooks no spec knows."""
        while True:
            try:
                self.pm.check_pending()
            except pluggy.PluginValidationError as exc:
                name = self.pm.get_name(exc.plugin) or repr(exc.plugin)
                self.failures.append(PluginFailure(name, "register", str(exc)))
                self.pm.unregister(exc.plugin)
                continue
            return

    # -- loading ------------------------------------------------------------------------------

    def _register_module(self, module_path: str, name: str, *, builtin: bool) -> None:
        try:
            module = importlib.import_module(module_path)
        except ModuleNotFoundError as exc:
            if builtin and exc.name == module_path:
                return  # an optional built-in part is not installed
            self._fail(name, "import", exc)
            return
        except Exception as exc:  # noqa: BLE001 - a broken plugin is reported, never fatal
            self._fail(name, "import", exc)
            return
        self._register(module, name, builtin=builtin, version=None)

    def _register(self, plugin: object, name: str, *, builtin: bool, version: str | None) -> None:
        if self.pm.is_blocked(name):
            return
        try:
            self.pm.register(plugin, name=name)
        except Exception as exc:  # noqa: BLE001 - pluggy validation errors, duplicates
            self._fail(name, "register", exc)
            return
        self._versions[name] = version
        if builtin:
            self._builtin.add(name)

    def _load_entry_points(self) -> None:
        for dist in importlib.metadata.distributions():
            for ep in dist.entry_points:
                if ep.group != PROJECT:
                    continue
                if self.pm.is_blocked(ep.name) or self.pm.has_plugin(ep.name):
                    continue
                try:
                    plugin = ep.load()
                    if isinstance(plugin, type):
                        # A plugin class gets one instance per host: its state (a task
                        # list, a cache) belongs to one environment, never the process.
                        plugin = plugin()
                except Exception as exc:  # noqa: BLE001 - reported by name, then skipped
                    self._fail(ep.name, "import", exc)
                    continue
                self._register(plugin, ep.name, builtin=False, version=dist.version)

    def _reject(self, plugin: str, hook: str, item: object, expected: str) -> None:
        reason = f"returned {type(item).__name__}, expected {expected}"
        self.failures.append(PluginFailure(plugin, hook, reason))
        log.warning("plugin %r returned an invalid value from %s; skipped", plugin, hook)

    def _fail(self, plugin: str, hook: str, exc: BaseException) -> None:
        reason = f"{type(exc).__name__}: {exc}"
        self.failures.append(PluginFailure(plugin, hook, reason))
        log.warning("plugin %r failed in %s and was skipped: %s", plugin, hook, type(exc).__name__)

    # -- calling ------------------------------------------------------------------------------

    def plugin_name(self, plugin: object) -> str:
        """The name a plugin object was registered under."""
        return self.pm.get_name(plugin) or repr(plugin)

    def collect(
        self,
        hook: str,
        validate: Callable[[object], bool],
        expected: str,
        **kwargs: Any,
    ) -> list[tuple[str, Any]]:
        """
        Call ``hook`` on each plugin in turn and keep the valid items it returns.

        Each plugin's call is isolated; items failing ``validate`` are reported
        (as a failure naming ``expected``) and dropped.  Returns ``(plugin name,
        item)`` pairs, built-ins first, then plugins in registration order.
        """
        caller = getattr(self.pm.hook, hook)
        results: list[tuple[str, Any]] = []
        for impl in caller.get_hookimpls():  # registration order: built-ins first
            name = impl.plugin_name
            try:
                args = {arg: kwargs[arg] for arg in impl.argnames}
                returned = impl.function(**args)
            except Exception as exc:  # noqa: BLE001 - isolate each plugin
                self._fail(name, hook, exc)
                continue
            if returned is None:
                continue
            if isinstance(returned, str | bytes) or not isinstance(returned, Sequence):
                returned = [returned]
            for item in returned:
                if validate(item):
                    results.append((name, item))
                else:
                    self._reject(name, hook, item, expected)
        return results

    def first(
        self, hook: str, validate: Callable[[object], bool], expected: str, **kwargs: Any
    ) -> tuple[str, Any] | None:
        """Call ``hook`` plugin by plugin, newest first; return the first valid non-None result."""
        caller = getattr(self.pm.hook, hook)
        for impl in caller.get_hookimpls()[::-1]:
            name = impl.plugin_name
            try:
                returned = impl.function(**{arg: kwargs[arg] for arg in impl.argnames})
            except Exception as exc:  # noqa: BLE001 - isolate each plugin
                self._fail(name, hook, exc)
                continue
            if returned is None:
                continue
            if validate(returned):
                return name, returned
            self._reject(name, hook, returned, expected)
        return None

    def notify(self, hook: str, **kwargs: Any) -> None:
        """Call a notification hook on each plugin, isolating failures."""
        self.collect(hook, lambda _: True, "nothing", **kwargs)

    # -- reporting ----------------------------------------------------------------------------

    def plugins(self) -> list[PluginInfo]:
        """Every registered plugin with the hooks it implements."""
        infos = []
        for name, plugin in self.pm.list_name_plugin():
            if plugin is None:  # a blocked name
                continue
            hooks = tuple(
                sorted(
                    caller.name
                    for caller in self.pm.get_hookcallers(plugin) or ()
                )
            )
            infos.append(
                PluginInfo(name, self._versions.get(name), name in self._builtin, hooks)
            )
        return sorted(infos, key=lambda i: (not i.builtin, i.name))
