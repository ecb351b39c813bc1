"""
Turning command-line text into typed values and ledger entries.

Values are parsed here rather than by click types so that a bad *value*
(``--date 2026-13-45``, ``--amount abc``) is a refusal (exit 1, a
:class:`~clss_housing.errors.ValidationError` naming the field) and never a
usage error (exit 2, reserved for unknown commands and options).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, Final

from clss_housing.casebook import validate_case_id
from clss_housing.cli.i18n import did_you_mean
from clss_housing.cli.messages import message
from clss_housing.errors import ValidationError
from clss_housing.ledger.entries import Entry, FieldSpec, entry_fields, entry_type
from clss_housing.limits import check_date, read_date
from clss_housing.money import Money


__all__ = [
    "BOOL_WORDS",
    "build_entry",
    "fold",
    "parse_bool",
    "parse_case_id",
    "parse_choice",
    "parse_date",
    "parse_days",
    "parse_int",
    "parse_lang",
    "parse_money",
    "parse_out_file",
    "parse_sets",
    "set_keys",
]

_INT: Final = re.compile(r"^[+-]?\d{1,12}$")
_KEY: Final = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")

#: Spellings of yes and no accepted by ``--set KEY=VALUE`` (English, French, Dutch).
BOOL_WORDS: Final[dict[str, bool]] = {
    "true": True, "false": False, "yes": True, "no": False, "1": True, "0": False,
    "oui": True, "non": False, "ja": True, "nee": False, "y": True, "n": False,
    "o": True, "j": True,
}

_OPTION_FIELDS: Final = {"date": "date", "amount": "amount"}


def parse_date(text: str, field: str = "date") -> date:
    """
    Parse a date typed on the command line: ``YYYY-MM-DD`` or ``DD/MM/YYYY``.

    The same forms as the importers and the letters' facts
    (:func:`clss_housing.limits.read_date`).

    Raises:
        ValidationError: naming ``field`` and the text refused.
    """
    parsed = read_date(text)
    if parsed is None:
        raise ValidationError(field, _echo(text), message("date.bad"))
    return check_date(parsed, field)


def fold(text: str) -> str:
    """``text`` lower-cased, without accents, spaces and hyphens as ``_`` (``Fonds-Logement``)."""
    decomposed = unicodedata.normalize("NFKD", text.strip())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\s-]+", "_", bare.casefold())


def parse_choice(text: str, choices: Sequence[str], field: str) -> str:
    """
    Return the choice ``text`` names, whatever its case or accents (``CPAS`` is ``cpas``).

    Raises:
        ValidationError: naming ``field``, the choices, and the closest ones.
    """
    wanted = fold(text.strip().lstrip("."))  # ``.html`` as a file suffix names ``html``
    for choice in choices:
        if fold(choice) == wanted:
            return choice
    reason = message("choice.bad", choices=", ".join(choices))
    close = did_you_mean(wanted, choices)
    if close:
        reason += ". " + message("hint.did_you_mean", names=", ".join(close))
    shown = text if re.fullmatch(r"[A-Za-z0-9_]{1,24}", text.strip()) else None
    raise ValidationError(field, shown, reason)


#: A generated case id (``2026-7KQ3FM``), typed in any case.
_GENERATED_ID: Final = re.compile(r"^\d{4}-[A-Za-z0-9]{6}$", re.ASCII)


def parse_case_id(text: str) -> str:
    """
    Check a case id typed on the command line; a generated id is accepted in lower case.

    Raises:
        ValidationError: not a well-formed case id.
    """
    value = text.strip()
    if _GENERATED_ID.match(value):
        value = value.upper()
    return validate_case_id(value)


def _echo(text: str) -> str | None:
    """``text`` if it may be quoted in an error: short and without letters (never a name)."""
    value = text.strip()
    return text if len(value) <= 32 and not any(c.isalpha() for c in value) else None


def parse_money(text: str, field: str = "amount") -> Money:
    """
    Parse an amount written ``1234.56``, ``1234,56`` or ``1.234,56``.

    Raises:
        ValidationError: naming ``field`` and the text refused.
    """
    return Money.parse(text, field=field)


def parse_int(text: str, field: str) -> int:
    """
    Parse a whole number.

    Raises:
        ValidationError: naming ``field`` and the text refused.
    """
    value = text.strip()
    if not _INT.match(value):
        raise ValidationError(field, _echo(text), message("int.bad"))
    return int(value)


def parse_bool(text: str, field: str) -> bool:
    """
    Parse yes or no in English, French or Dutch (``true``, ``oui``, ``ja``, ``0``…).

    Raises:
        ValidationError: naming ``field`` and the text refused.
    """
    try:
        return BOOL_WORDS[text.strip().lower()]
    except KeyError:
        shown = text if len(text) <= 12 else None  # yes/no words only, never a long text
        raise ValidationError(field, shown, message("bool.bad")) from None


def parse_lang(text: str, field: str = "lang") -> str:
    """
    Check a case language (``fr`` or ``nl``, any case).

    Raises:
        ValidationError: for any other language.
    """
    value = text.strip().lower()
    if value not in ("fr", "nl"):
        raise ValidationError(field, text if len(text) <= 8 else None, message("lang.bad"))
    return value


def parse_days(text: str, field: str = "within") -> int:
    """
    Parse a number of days from 0 to 3660.

    Raises:
        ValidationError: naming ``field`` and the text refused.
    """
    value = text.strip()
    if not _INT.match(value) or not 0 <= int(value) <= 3660:
        raise ValidationError(field, _echo(text), message("within.bad"))
    return int(value)


def set_keys(cls: type[Entry]) -> list[FieldSpec]:
    """Return the fields of ``cls`` given with ``--set`` (all but ``date`` and ``amount``)."""
    return [spec for spec in entry_fields(cls) if spec.key not in _OPTION_FIELDS]


def _describe(spec: FieldSpec) -> str:
    if spec.type == "choice":
        return f"{spec.key}={'|'.join(spec.choices)}"
    shown = {"date": "DATE", "amount": "AMOUNT", "int": "N", "bool": "yes|no", "text": "TEXT"}
    return f"{spec.key}={shown[spec.type]}"


def _convert(spec: FieldSpec, raw: str) -> object:
    field = spec.key
    if spec.type == "date":
        return parse_date(raw, field)
    if spec.type == "amount":
        return parse_money(raw, field)
    if spec.type == "int":
        return parse_int(raw, field)
    if spec.type == "bool":
        return parse_bool(raw, field)
    if spec.type == "choice":
        return parse_choice(raw, spec.choices, field)
    # Free text may be personal: never echoed in an error.
    return raw


def parse_sets(cls: type[Entry], pairs: Sequence[str]) -> dict[str, object]:
    """
    Turn ``KEY=VALUE`` texts into typed field values of ``cls``, by attribute name.

    Raises:
        ValidationError: a pair without ``=``, a key given twice, a key the
            kind does not take (listing the keys it takes), or a bad value.
    """
    specs = {spec.key: spec for spec in set_keys(cls)}
    values: dict[str, object] = {}
    seen: set[str] = set()
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        key = key.strip()
        # A key is echoed only when it looks like one: the text may be personal free text.
        shown = key if _KEY.match(key) else None
        if not sep or not key:
            raise ValidationError("set", shown, message("set.no_equals"))
        if key in _OPTION_FIELDS:
            raise ValidationError(f"set {key}", None, message("set.use_option", option=key))
        spec = specs.get(key)
        if spec is None:
            if specs:
                listed = ", ".join(_describe(s) for s in specs.values())
                reason = message("set.unknown", kind=cls.kind, keys=listed)
            else:
                reason = message("set.unknown_none", kind=cls.kind)
            raise ValidationError("set", shown, reason)
        if key in seen:
            raise ValidationError("set", key, message("set.twice"))
        seen.add(key)
        values[spec.name] = _convert(spec, raw)
    return values


def build_entry(
    kind: str,
    *,
    on: date,
    amount: str | None = None,
    sets: Sequence[str] = (),
) -> Entry:
    """
    Build the ledger entry ``case record`` describes, checking every value first.

    Args:
        kind: the entry kind (``payment``, ``hearing_scheduled``…).
        on: the entry's date.
        amount: the ``--amount`` text, if given.
        sets: the ``--set KEY=VALUE`` texts.

    Returns:
        The validated entry (not yet recorded).

    Raises:
        ValidationError: an unknown kind, ``case_opened``, an amount for a kind
            without one, a bad or missing value (the field is named).
    """
    kind = kind.strip()
    if kind == "case_opened":
        raise ValidationError("kind", kind, message("kind.opening"))
    cls = entry_type(kind)
    specs = entry_fields(cls)
    has_amount = any(spec.key == "amount" for spec in specs)
    fields: dict[str, Any] = {"date": on}
    if amount is not None:
        if not has_amount:
            raise ValidationError(
                "amount", _echo(amount), message("amount.not_taken", kind=kind)
            )
        amount_spec = next(spec for spec in specs if spec.key == "amount")
        fields[amount_spec.name] = parse_money(amount)
    fields.update(parse_sets(cls, sets))
    for spec in specs:
        if spec.required and spec.name not in fields:
            how = "--amount" if spec.key == "amount" else f"--set {_describe(spec)}"
            raise ValidationError(spec.key, None, message("field.required", kind=kind, how=how))
    return cls(**fields)


def parse_out_file(text: str) -> Path:
    """The ``--out`` file: not a folder, in a folder that exists."""
    path = Path(text)
    if path.is_dir():
        raise ValidationError("--out", None, message("out.is_folder"))
    if not path.parent.is_dir():
        raise ValidationError("--out", None, message("out.no_folder"))
    return path
