"""
Deadline settings from a TOML file: what a union's lawyer may decide.

Every :class:`~clss_housing.deadlines.rules.DeadlineSettings` value can be set
in the ``[deadlines]`` table of a TOML file (read with the standard library's
``tomllib``)::

    [deadlines]
    month_end = "last_day"            # or "next_month_first"
    execution_art47 = true
    cpas_information_days = 15
    eviction_reform_in_force = 2023-09-01
    extra_holidays = [2027-05-08]
    moratorium_start = "11-01"        # MM-DD

The command line finds the file with ``--config FILE``, else the
``CLSS_HOUSING_CONFIG`` variable, else ``clss-housing.toml`` beside the
database (:func:`find_settings_file`).  A bad value is refused with the file,
the key and what is allowed (:class:`~clss_housing.errors.ValidationError`).
Nothing here is global: :func:`load_settings` returns the settings, and the
caller passes them on.

Example::

    >>> text = chr(10).join(["[deadlines]", 'month_end = "next_month_first"'])
    >>> loaded = settings_from_toml(text, "x.toml")
    >>> loaded.settings.month_end, loaded.origins["month_end"]
    ('next_month_first', 'x.toml: [deadlines] month_end')
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, get_args

import attrs

from clss_housing.deadlines.calendar import DeliveryMethod, MonthEnd
from clss_housing.deadlines.rules import DeadlineSettings, Rule
from clss_housing.errors import ValidationError


__all__ = [
    "CONFIG_ENV",
    "DEFAULT_ORIGIN",
    "SETTINGS_FILE_NAME",
    "SETTINGS_HELP",
    "LoadedSettings",
    "find_settings_file",
    "load_settings",
    "setting_uses",
    "settings_from_toml",
    "settings_rows",
]

#: The file looked for beside the database.
SETTINGS_FILE_NAME: Final = "clss-housing.toml"
#: The environment variable naming the settings file.
CONFIG_ENV: Final = "CLSS_HOUSING_CONFIG"
#: The origin of a value nobody set.
DEFAULT_ORIGIN: Final = "default"
_TABLE: Final = "deadlines"

#: What each setting means (English; the FR/NL explanations are in the docs).
SETTINGS_HELP: Final = MappingProxyType({
    "saturday_is_working_day": "Saturday counts in working-day delays (15-day bailiff notice, "
                               "art. 53bis); never for the art. 53 shift",
    "month_end": "C.j. art. 54 when the dies a quo's day number is missing in the target "
                 "month: last_day (end of that month) or next_month_first (1st of the next)",
    "extra_holidays": "more days treated as legal holidays (list of dates)",
    "moratorium_start": "first day of the Brussels winter moratorium (MM-DD)",
    "moratorium_end": "last day of the Brussels winter moratorium (MM-DD)",
    "eviction_reform_in_force": "entry into force of the ordinance of 22 June 2023 "
                                "(2023-09-01; some sources say 2023-08-31)",
    "waiting_period_months": "months of waiting after the formal notice (CBL art. 233quater)",
    "civil_delays_art53": "the art. 53 weekend shift also applies to the waiting period and "
                          "the guarantee return",
    "notice_date_is_posting_date": "a recorded formal-notice date is the posting date "
                                   "(delays run from its deemed receipt, art. 53bis)",
    "notice_delivery": "how a posted notice was sent, for art. 53bis",
    "hearing_min_days": "days between an eviction request and the hearing (40)",
    "appeal_on_default_judgments": "also show the appeal period after a default judgment",
    "opposition_court_holidays": "the art. 50 extension to 15 September applies to opposition",
    "eviction_delay_months": "months after service before an eviction (CBL art. 233undecies)",
    "bailiff_notice_working_days": "working days' notice of the eviction date (Brussels: 15)",
    "guarantee_return_months": "months to return the guarantee (CBL art. 248)",
    "indexation_retroactive_months": "months an indexation may reach back (art. 1728bis)",
    "execution_art47": "the first eviction day moves off a Saturday, Sunday or legal holiday "
                       "(C.j. art. 47)",
    "former_bailiff_notice_working_days": "working days' notice before the Brussels reform "
                                          "(C.j. art. 1344quater: 5)",
    "cpas_information_days": "days after an eviction petition before cpas_not_informed is "
                             "reported",
    "cpas_objection_allowed": "the tenant may object to the CPAS being informed "
                              "(C.j. art. 1344ter)",
})

#: Irregularity checks that read a setting (besides the rules that name it).
_CHECKS: Final = MappingProxyType({
    "hearing_min_days": ("hearing_too_soon",),
    "execution_art47": ("eviction_on_non_working_day",),
    "cpas_information_days": ("cpas_not_informed",),
    "cpas_objection_allowed": ("cpas_not_informed",),
    "moratorium_start": ("eviction_in_moratorium",),
    "moratorium_end": ("eviction_in_moratorium",),
    "eviction_reform_in_force": ("eviction_in_moratorium",),
    "bailiff_notice_working_days": ("eviction_notice_too_short",),
    "former_bailiff_notice_working_days": ("eviction_notice_too_short",),
    "saturday_is_working_day": ("eviction_notice_too_short",),
    "waiting_period_months": ("petition_before_waiting_period_end",),
    "eviction_delay_months": ("eviction_before_service_month",),
    "indexation_retroactive_months": ("indexation_too_far_back",),
})


@attrs.frozen
class LoadedSettings:
    """
    Settings and where each value came from.

    Attributes:
        settings: The :class:`DeadlineSettings` in force.
        path: The file read, or ``None`` (defaults only).
        origins: Setting name → ``"default"`` or ``"<file>: [deadlines] <key>"``.

    """

    settings: DeadlineSettings
    path: Path | None
    origins: Mapping[str, str]


_FIELDS: Final = attrs.fields_dict(DeadlineSettings)


def _where(source: str, key: str) -> str:
    return f"{source}: [{_TABLE}] {key}"


def _month_day(value: object, where: str) -> tuple[int, int]:
    reason = "must be a day of the year as \"MM-DD\" (e.g. \"11-01\") or [month, day]"
    if isinstance(value, str):
        parts = value.strip().split("-")
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            pair = (int(parts[0]), int(parts[1]))
        else:
            raise ValidationError(where, value, reason)
    elif isinstance(value, list) and len(value) == 2 and all(
        type(v) is int for v in value
    ):
        pair = (value[0], value[1])
    else:
        raise ValidationError(where, value, reason)
    try:
        date(2001, *pair)
    except ValueError:
        raise ValidationError(where, value, reason + ", valid every year") from None
    return pair


def _a_date(value: object, where: str) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError(where, value, "must be a date (YYYY-MM-DD)")


def _convert(name: str, value: object, where: str) -> object:
    """Turn a TOML value into the setting's type, or refuse it naming what is allowed."""
    default = _FIELDS[name].default
    if name == "month_end":
        choices: tuple[str, ...] = get_args(MonthEnd)
    elif name == "notice_delivery":
        choices = get_args(DeliveryMethod)
    else:
        choices = ()
    if choices:
        if value not in choices:
            raise ValidationError(where, value, f"must be one of {', '.join(choices)}")
        return value
    if name in ("moratorium_start", "moratorium_end"):
        return _month_day(value, where)
    if name == "extra_holidays":
        if not isinstance(value, list):
            raise ValidationError(where, value, "must be a list of dates (YYYY-MM-DD)")
        return frozenset(_a_date(v, where) for v in value)
    if isinstance(default, bool):
        if type(value) is not bool:
            raise ValidationError(where, value, "must be true or false")
        return value
    if isinstance(default, int):
        if type(value) is not int or value < 0:
            raise ValidationError(where, value, "must be a whole number ≥ 0")
        return value
    if isinstance(default, date):
        return _a_date(value, where)
    raise ValidationError(where, value, "is not a setting that can be read")  # pragma: no cover


def settings_from_mapping(
    table: Mapping[str, object], source: str, *, base: DeadlineSettings | None = None
) -> LoadedSettings:
    """
    Build settings from the ``[deadlines]`` table of a file named *source*.

    Raises:
        ValidationError: an unknown key, or a value of the wrong type (names the
            file, the key and what is allowed).

    """
    values: dict[str, Any] = {}
    origins = dict.fromkeys(_FIELDS, DEFAULT_ORIGIN)
    for key, value in table.items():
        where = _where(source, key)
        if key not in _FIELDS:
            raise ValidationError(where, None, f"is not a setting; known: {', '.join(_FIELDS)}")
        values[key] = _convert(key, value, where)
        origins[key] = where
    try:
        settings = attrs.evolve(base or DeadlineSettings(), **values)
    except ValidationError as exc:
        raise ValidationError(_where(source, exc.field), exc.value, exc.reason) from None
    return LoadedSettings(settings, Path(source), MappingProxyType(origins))


def settings_from_toml(text: str, source: str) -> LoadedSettings:
    """
    Read settings from TOML *text* (the content of the file *source*).

    Raises:
        ValidationError: the text is not TOML, ``[deadlines]`` is not a table, or a
            value is refused (see :func:`settings_from_mapping`).

    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(source, None, f"is not valid TOML: {exc}") from None
    table = data.get(_TABLE, {})
    if not isinstance(table, dict):
        raise ValidationError(f"{source}: {_TABLE}", None, "must be a table ([deadlines])")
    return settings_from_mapping(table, source)


def load_settings(path: Path | str | None) -> LoadedSettings:
    """
    Load the settings of the TOML file *path*; the defaults when *path* is ``None``.

    .. versionadded:: 0.2.0

    Raises:
        ValidationError: the file cannot be read or holds a bad value.

    """
    if path is None:
        return LoadedSettings(
            DeadlineSettings(), None,
            MappingProxyType(dict.fromkeys(_FIELDS, DEFAULT_ORIGIN)),
        )
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = f"cannot be read ({type(exc).__name__})"
        raise ValidationError("--config", str(path), reason) from None
    return settings_from_toml(text, str(path))


def find_settings_file(
    config: str | None, env: Mapping[str, str], db_url: str, cwd: Path
) -> Path | None:
    """
    Return the settings file to read, or ``None``.

    In order: *config* (``--config``; must exist), ``CLSS_HOUSING_CONFIG`` in
    *env* (must exist), ``clss-housing.toml`` beside a SQLite database, or in
    *cwd* for other databases (used only if it exists).

    Raises:
        ValidationError: ``--config`` or ``CLSS_HOUSING_CONFIG`` names no file.

    """
    for name, given in (("--config", config), (CONFIG_ENV, env.get(CONFIG_ENV))):
        if given is not None and given.strip():
            path = Path(given.strip())
            if not path.is_file():
                raise ValidationError(name, str(path), "names no file")
            return path
    folder = cwd
    if db_url.startswith("sqlite:///"):
        db_path = db_url[len("sqlite:///"):]
        if db_path and db_path != ":memory:":
            folder = (cwd / db_path).parent if not Path(db_path).is_absolute() else \
                Path(db_path).parent
    beside = folder / SETTINGS_FILE_NAME
    return beside if beside.is_file() else None


def setting_uses(rules: Iterable[Rule]) -> dict[str, list[str]]:
    """
    Return, for each setting, the rules (and irregularity checks) whose result it changes.

    Rule ids are listed as they are; checks as ``"check <code>"``.
    """
    uses: dict[str, list[str]] = {name: [] for name in _FIELDS}

    def add(name: str | None, what: str) -> None:
        if name is not None and what not in uses[name]:
            uses[name].append(what)

    for top in rules:
        rule: Rule | None = top
        while rule is not None:
            c = rule.counting
            for name in (c.amount_setting, c.shift_setting, c.court_holidays_setting,
                         c.execution_setting, rule.anchor.posted_setting,
                         rule.valid_from_setting, rule.enabled_setting):
                add(name, rule.id)
            for condition in rule.when:
                add(condition.unless_setting, rule.id)
            if c.method == "months":
                add("month_end", rule.id)
            if c.method in ("working_days", "deemed_receipt") or rule.anchor.posted_setting:
                add("saturday_is_working_day", rule.id)
                add("extra_holidays", rule.id)
            if c.shift or c.shift_setting or c.execution_setting:
                add("extra_holidays", rule.id)
            if c.moratorium:
                for name in ("moratorium_start", "moratorium_end", "eviction_reform_in_force"):
                    add(name, rule.id)
            if c.method == "deemed_receipt" or rule.anchor.posted_setting:
                add("notice_delivery", rule.id)
            rule = rule.former
    for name, codes in _CHECKS.items():
        for code in codes:
            add(name, f"check {code}")
    return uses


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, frozenset):
        return "[" + ", ".join(d.isoformat() for d in sorted(value)) + "]"
    if isinstance(value, tuple):
        return f"{value[0]:02d}-{value[1]:02d}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def settings_rows(loaded: LoadedSettings, rules: Iterable[Rule]) -> list[dict[str, Any]]:
    """
    Return one row per setting, for ``rules --settings``.

    Keys: ``name``, ``value`` (as written in the TOML file), ``origin``,
    ``changes`` (rule ids and checks) and ``meaning``.
    """
    uses = setting_uses(rules)
    return [
        {
            "name": name,
            "value": _shown(getattr(loaded.settings, name)),
            "origin": loaded.origins.get(name, DEFAULT_ORIGIN),
            "changes": uses[name],
            "meaning": SETTINGS_HELP.get(name, ""),
        }
        for name in _FIELDS
    ]
