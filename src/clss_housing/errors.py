"""
The one exception hierarchy of clss-housing.

Every error the library raises on purpose is a :class:`ClssHousingError`.
Subclasses also inherit the closest builtin (``ValueError``, ``RuntimeError``),
so callers may catch either.

Messages never contain personal data (names, addresses, free text): they name
the *field* at fault and, for non-personal fields only (dates, amounts, kinds,
ids), the offending value.  They are safe to log.
"""

from __future__ import annotations

from collections.abc import Sequence


__all__ = [
    "ClssHousingError",
    "ConcurrencyError",
    "IntegrityError",
    "MissingFactsError",
    "NotFoundError",
    "PluginError",
    "StoreError",
    "TransitionNotAllowed",
    "ValidationError",
]


class ClssHousingError(Exception):
    """
    Base class of every error raised by clss-housing.

    .. versionadded:: 0.1.0
    """


class ValidationError(ClssHousingError, ValueError):
    """
    A value given for a known field is not acceptable.

    Attributes:
        field: the name of the field at fault (``amount``, ``date``, ``set.source``…).
        value: the value refused, or ``None`` when it is personal data and is not echoed.
        reason: what is allowed, in plain words.

    .. versionadded:: 0.1.0
    """

    def __init__(self, field: str, value: object, reason: str, *, personal: bool = False) -> None:
        self.field = field
        self.value = None if personal else value
        self.reason = reason
        shown = "" if personal or value is None else f" {value!r}"
        super().__init__(f"{field}:{shown} {reason}".replace(":  ", ": "))


class NotFoundError(ClssHousingError, LookupError):
    """
    A case, letter, partner or entry that was named does not exist.

    .. versionadded:: 0.1.0
    """

    def __init__(self, what: str, ident: object) -> None:
        self.what = what
        self.ident = ident
        super().__init__(f"{what} {ident!r} not found")


class TransitionNotAllowed(ClssHousingError, ValueError):  # noqa: N818 - the name users know
    """
    A ledger entry that the current state of a workflow track does not allow.

    Attributes:
        track: the track (``hearing``…), state: its current state,
        trigger: the entry kind refused, allowed: the triggers allowed now.

    .. versionadded:: 0.1.0
    """

    def __init__(
        self,
        track: str,
        state: str,
        trigger: str,
        allowed: Sequence[str],
        reason: str | None = None,
    ) -> None:
        self.track = track
        self.state = state
        self.trigger = trigger
        self.allowed = tuple(allowed)
        self.reason = reason
        allowed_text = ", ".join(self.allowed) if self.allowed else "none"
        extra = f" ({reason})" if reason else ""
        super().__init__(
            f"{trigger!r} is not allowed on track {track!r} in state {state!r}{extra}; "
            f"allowed now: {allowed_text}"
        )


class MissingFactsError(ClssHousingError, ValueError):
    """
    A document cannot be rendered because facts it needs are unknown.

    .. versionadded:: 0.1.0
    """

    def __init__(self, document: str, missing: Sequence[str]) -> None:
        self.document = document
        self.missing = tuple(missing)
        super().__init__(f"{document}: missing facts: {', '.join(self.missing)}")


class ConcurrencyError(ClssHousingError, RuntimeError):
    """
    An append stated a version of the case that is no longer the current one.

    Nothing was written.  Reload the case and try again.

    .. versionadded:: 0.1.0
    """

    def __init__(self, case_id: str, expected: int, actual: int | None = None) -> None:
        self.case_id = case_id
        self.expected = expected
        self.actual = actual
        now = f", it is now at version {actual}" if actual is not None else ""
        super().__init__(
            f"case {case_id!r} changed while you were writing: expected version {expected}{now}"
        )


class IntegrityError(ClssHousingError):
    """
    Stored history does not match its hash chain.

    .. versionadded:: 0.1.0
    """

    def __init__(self, case_id: str, sequence: int, reason: str) -> None:
        self.case_id = case_id
        self.sequence = sequence
        self.reason = reason
        super().__init__(f"case {case_id!r} is broken at sequence {sequence}: {reason}")


class StoreError(ClssHousingError, RuntimeError):
    """
    The storage back end failed (cannot open, bad URL, driver error).

    .. versionadded:: 0.1.0
    """


class PluginError(ClssHousingError):
    """
    A partner plugin failed to load or returned something invalid.

    .. versionadded:: 0.1.0
    """

    def __init__(self, plugin: str, reason: str) -> None:
        self.plugin = plugin
        self.reason = reason
        super().__init__(f"plugin {plugin!r}: {reason}")
