"""``clss-housing plugins``: the installed plugins, what they provide, and which failed."""

from __future__ import annotations

from typing import Any

import click

from clss_housing.cli.context import current_app
from clss_housing.cli.output import emit_json
from clss_housing.plugins import PluginEnvironment


__all__ = ["plugins_command"]


def plugins_report(env: PluginEnvironment) -> dict[str, Any]:
    """
    The ``plugins --json`` document: ``{"plugins": [...], "failed": [...]}``.

    Each plugin: name, version, builtin, hooks, profiles, letters, rules.  Each
    failure: plugin, hook, reason.  Never raises for a plugin's fault.
    """
    host = env.host
    empty: dict[str, tuple[str, ...]] = {"profiles": (), "letters": (), "rules": ()}
    plugins = [
        {
            "name": info.name,
            "version": info.version,
            "builtin": info.builtin,
            "hooks": list(info.hooks),
            **{k: list(v) for k, v in env.provided.get(info.name, empty).items()},
        }
        for info in host.plugins()
    ]
    seen: set[tuple[str, str, str]] = set()
    failed = []
    for f in host.failures:
        key = (f.plugin, f.hook, f.reason)
        if key not in seen:
            seen.add(key)
            failed.append({"plugin": f.plugin, "hook": f.hook, "reason": f.reason})
    return {"plugins": plugins, "failed": failed}


def _names(items: list[str], limit: int = 8) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f", … (+{len(items) - limit})" if len(items) > limit else "")


@click.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def plugins_command(as_json: bool) -> None:
    """List the installed partner plugins, what they provide, and any that failed."""
    report = plugins_report(current_app().env)
    if as_json:
        emit_json(report)
        return
    for p in report["plugins"]:
        kind = "built-in" if p["builtin"] else (p["version"] or "?")
        click.echo(f"{p['name']} ({kind})")
        for label in ("profiles", "letters", "rules"):
            if p[label]:
                click.echo(f"  {label}: {_names(p[label])}")
        click.echo(f"  hooks: {', '.join(h.removeprefix('clss_housing_') for h in p['hooks'])}")
    if report["failed"]:
        click.echo("failed:")
        for f in report["failed"]:
            click.echo(f"  {f['plugin']} ({f['hook']}): {f['reason']}")
