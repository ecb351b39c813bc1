"""The plugin host: discovery, blocking, isolation and validation of what plugins return."""

from __future__ import annotations

import importlib.metadata
import types
from typing import Any

import pytest

from clss_housing import hookimpl
from clss_housing.plugins import PluginHost


class _EntryPoint:
    def __init__(self, name: str, loader: Any) -> None:
        self.name = name
        self.group = "clss_housing"
        self._loader = loader

    def load(self) -> Any:
        return self._loader()


class _Dist:
    def __init__(self, version: str, entry_points: list[_EntryPoint]) -> None:
        self.version = version
        self.entry_points = entry_points


def _module(name: str, **hooks: Any) -> types.ModuleType:
    mod = types.ModuleType(name)
    for hook_name, fn in hooks.items():
        setattr(mod, hook_name, hookimpl(fn))
    return mod


def _good_partners() -> list[str]:
    return ["profile-a"]


def _raising_partners() -> list[str]:
    raise RuntimeError("boom")


def _broken_import() -> Any:
    raise ImportError("no module named clss_housing_broken")


@pytest.fixture
def fake_dists(monkeypatch: pytest.MonkeyPatch) -> list[_Dist]:
    dists: list[_Dist] = []
    monkeypatch.setattr(importlib.metadata, "distributions", lambda: iter(dists))
    monkeypatch.delenv("CLSS_HOUSING_DISABLE_PLUGINS", raising=False)
    monkeypatch.delenv("CLSS_HOUSING_BLOCK_PLUGINS", raising=False)
    return dists


class TestDiscovery:
    def test_loads_entry_points_with_their_version(self, fake_dists: list[_Dist]) -> None:
        """It registers plugins found in the clss_housing entry-point group, with their version."""
        good = _module("good", clss_housing_partners=_good_partners)
        fake_dists.append(_Dist("1.2.3", [_EntryPoint("good", lambda: good)]))
        host = PluginHost(builtins=())
        infos = {i.name: i for i in host.plugins()}
        assert "1.2.3" == infos["good"].version
        assert ("clss_housing_partners",) == infos["good"].hooks
        assert [("good", "profile-a")] == host.collect(
            "clss_housing_partners", lambda x: isinstance(x, str), "str"
        )

    def test_broken_import_is_reported_and_skipped(self, fake_dists: list[_Dist]) -> None:
        """It reports a plugin that fails to import by name and carries on with the others."""
        good = _module("good", clss_housing_partners=_good_partners)
        fake_dists.append(_Dist("0.1", [_EntryPoint("broken", _broken_import)]))
        fake_dists.append(_Dist("1.0", [_EntryPoint("good", lambda: good)]))
        host = PluginHost(builtins=())
        assert ["broken"] == [f.plugin for f in host.failures]
        assert "import" == host.failures[0].hook
        assert ["good"] == [i.name for i in host.plugins()]

    def test_disable_switch(self, fake_dists: list[_Dist], monkeypatch: pytest.MonkeyPatch) -> None:
        """It loads no external plugin when CLSS_HOUSING_DISABLE_PLUGINS is set."""
        good = _module("good", clss_housing_partners=_good_partners)
        fake_dists.append(_Dist("1.0", [_EntryPoint("good", lambda: good)]))
        monkeypatch.setenv("CLSS_HOUSING_DISABLE_PLUGINS", "1")
        assert [] == PluginHost(builtins=()).plugins()

    def test_block_list(self, fake_dists: list[_Dist], monkeypatch: pytest.MonkeyPatch) -> None:
        """It skips plugins named in the block list, from the environment or the caller."""
        a = _module("a", clss_housing_partners=_good_partners)
        b = _module("b", clss_housing_partners=_good_partners)
        fake_dists.append(_Dist("1.0", [_EntryPoint("a", lambda: a), _EntryPoint("b", lambda: b)]))
        monkeypatch.setenv("CLSS_HOUSING_BLOCK_PLUGINS", "a")
        assert ["b"] == [i.name for i in PluginHost(builtins=()).plugins()]
        assert [] == [i.name for i in PluginHost(builtins=(), blocked=["b"]).plugins()]

    def test_unknown_hook_is_reported(self, fake_dists: list[_Dist]) -> None:
        """It refuses a plugin implementing a hook that no specification knows."""
        odd = _module("odd", clss_housing_partnerz=_good_partners)
        host = PluginHost(builtins=(), load_entry_points=False, extra=[("odd", odd)])
        assert ["odd"] == [f.plugin for f in host.failures]
        assert [] == host.plugins()


class TestIsolation:
    def test_a_raising_plugin_does_not_stop_the_others(self, fake_dists: list[_Dist]) -> None:
        """It calls every plugin under its own try and reports the one that raised."""
        bad = _module("bad", clss_housing_partners=_raising_partners)
        good = _module("good", clss_housing_partners=_good_partners)
        host = PluginHost(
            builtins=(), load_entry_points=False, extra=[("bad", bad), ("good", good)]
        )
        assert [("good", "profile-a")] == host.collect(
            "clss_housing_partners", lambda x: isinstance(x, str), "str"
        )
        assert [("bad", "clss_housing_partners")] == [(f.plugin, f.hook) for f in host.failures]
        assert "boom" in host.failures[0].reason

    def test_invalid_items_are_dropped(self, fake_dists: list[_Dist]) -> None:
        """It validates what a plugin returns and drops (and reports) the wrong items."""
        mixed = _module("mixed", clss_housing_partners=lambda: ["ok", 42])
        host = PluginHost(builtins=(), load_entry_points=False, extra=[("mixed", mixed)])
        kept = host.collect("clss_housing_partners", lambda x: isinstance(x, str), "str")
        assert [("mixed", "ok")] == kept
        assert "expected str" in host.failures[0].reason

    def test_first_result_prefers_the_newest_plugin(self, fake_dists: list[_Dist]) -> None:
        """It returns the first valid policy, trying the most recently registered plugin first."""
        old = _module("old", clss_housing_redaction_policy=lambda partner: "old-policy")
        new = _module("new", clss_housing_redaction_policy=lambda partner: None)
        newest = _module("newest", clss_housing_redaction_policy=lambda partner: 3)
        host = PluginHost(
            builtins=(), load_entry_points=False,
            extra=[("old", old), ("new", new), ("newest", newest)],
        )
        found = host.first(
            "clss_housing_redaction_policy", lambda x: isinstance(x, str), "a policy",
            partner="cpas",
        )
        assert ("old", "old-policy") == found
        assert ["newest"] == [f.plugin for f in host.failures]
