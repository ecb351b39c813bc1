"""``clss-housing plugins``: the installed plugins, what they provide, and which failed.

Each plugin is shown with the partners it describes (their French and Dutch
names, from their :class:`~clss_housing.plugins.PartnerProfile`) and the
distribution it comes from, with that distribution's one-line summary (the
``description`` of its ``pyproject.toml``).
"""

from __future__ import annotations

import importlib.metadata
from typing import Any

import click

from clss_housing.cli.context import current_app
from clss_housing.cli.output import emit_json
from clss_housing.plugins import PROJECT, PluginEnvironment


__all__ = ["plugins_command"]


def _field(dist: Any, name: str) -> str | None:
    """One metadata field of *dist*, stripped; ``None`` when absent or unreadable."""
    try:
        values = dist.metadata.get_all(name) or []
    except (AttributeError, KeyError, ValueError, OSError):  # a broken or fake distribution
        return None
    value = str(values[0]).strip() if values else ""
    return value or None


def _distributions() -> dict[str, tuple[str | None, str | None]]:
    """``{entry point name: (distribution name, summary)}`` of the installed plugins."""
    found: dict[str, tuple[str | None, str | None]] = {}
    for dist in importlib.metadata.distributions():
        for ep in dist.entry_points:
            if ep.group == PROJECT and ep.name not in found:
                found[ep.name] = (_field(dist, "Name"), _field(dist, "Summary"))
    return found


def plugins_report(env: PluginEnvironment) -> dict[str, Any]:
    """
    The ``plugins --json`` document: ``{"plugins": [...], "failed": [...]}``.

    Each plugin: name, version, builtin, hooks, profiles, letters, rules,
    partners (``id``, ``name_fr``, ``name_nl`` of each profile), distribution
    and summary (``null`` for a built-in plugin or one registered in code).
    Each failure: plugin, hook, reason.  Never raises for a plugin's fault.
    """
    host = env.host
    empty: dict[str, tuple[str, ...]] = {"profiles": (), "letters": (), "rules": ()}
    partners: dict[str, list[dict[str, str]]] = {}
    for name, given in env.provided.items():
        for profile_id in given["profiles"]:
            profile = env.partners.get(profile_id)
            if profile is not None:
                partners.setdefault(name, []).append(
                    {"id": profile.id, "name_fr": profile.name_fr, "name_nl": profile.name_nl})
    dists = _distributions()
    plugins = []
    for info in host.plugins():
        dist, summary = (None, None) if info.builtin else dists.get(info.name, (None, None))
        plugins.append({
            "name": info.name,
            "version": info.version,
            "builtin": info.builtin,
            "hooks": list(info.hooks),
            **{k: list(v) for k, v in env.provided.get(info.name, empty).items()},
            "partners": partners.get(info.name, []),
            "distribution": dist,
            "summary": summary,
        })
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
        if p["builtin"]:
            kind = "built-in"
        else:
            kind = " ".join(x for x in (p["distribution"], p["version"] or "?") if x)
        shown = [partner["name_fr"] for partner in p["partners"]]
        title = f" — {'; '.join(shown)}" if shown else ""
        click.echo(f"{p['name']}{title} ({kind})")
        if p["summary"]:
            click.echo(f"  {p['summary']}")
        for partner in p["partners"]:
            names = partner["name_fr"]
            if partner["name_nl"] != partner["name_fr"]:
                names += f" / {partner['name_nl']}"
            click.echo(f"  partner {partner['id']}: {names}")
        for label in ("letters", "rules"):
            if p[label]:
                click.echo(f"  {label}: {_names(p[label])}")
        click.echo(f"  hooks: {', '.join(h.removeprefix('clss_housing_') for h in p['hooks'])}")
    if report["failed"]:
        click.echo("failed:")
        for f in report["failed"]:
            click.echo(f"  {f['plugin']} ({f['hook']}): {f['reason']}")
