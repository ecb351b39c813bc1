"""
Money in euro cents.

Amounts are never floats.  :class:`Money` holds an integer number of cents and
parses the spellings Belgian staff and spreadsheets use::

    >>> Money.parse("1.234,56")
    Money('1234.56')
    >>> Money.parse("1234,56") == Money.parse("1234.56") == Money(123456)
    True
    >>> str(Money(175000))
    '1750.00'
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import ClassVar, Final

import attrs

from clss_housing.errors import ValidationError


__all__ = ["MAX_DIGITS", "MAX_ENTRY_AMOUNT", "Money", "check_entry_amount"]

# 1234 | 1234.5 | 1234,56 | 1.234,56 | 1,234.56 | 1 234,56 | -12,50 | one €, EUR around it.
# Digits are ASCII only ([0-9], never \d): Arabic-Indic, fullwidth or mathematical digits
# are refused, as the command-line contract names ASCII forms only.
_GROUPED_COMMA: Final = re.compile(r"^[0-9]{1,3}(?:[. \u00a0\u202f][0-9]{3})+(?:,[0-9]+)?$")
_GROUPED_DOT: Final = re.compile(r"^[0-9]{1,3}(?:[, \u00a0\u202f][0-9]{3})+(?:\.[0-9]+)?$")
_PLAIN: Final = re.compile(r"^[0-9]+(?:[.,][0-9]+)?$")
#: Text made only of what an amount may contain: echoed in errors (anything else may be a
#: name typed in the wrong place, and personal data is never echoed).
_ECHO_SAFE: Final = re.compile(r"^[0-9.,+\- \u00a0\u202f€EURur]{1,32}$")
_CURRENCY: Final = re.compile(r"€|\bEUR\b", re.IGNORECASE)

#: The largest amount one ledger entry may carry, either sign: 1 000 000,00 €.
#:
#: Why this bound: a Brussels tenancy file deals in monthly rents of a few hundred to a few
#: thousand euros; even years of arrears, a judgment's total or a landlord's claim for damages
#: stay far below a million.  An amount above it is a typing error (a digit too many, an
#: account number pasted in the amount column), and refusing it keeps every total of a
#: casebook exact and printable.  Callers with other needs pass their own ``maximum``.
MAX_ENTRY_AMOUNT: Final = 100_000_000  # cents

#: Integer digits beyond which an amount is refused before it is even converted.
MAX_DIGITS: Final = 15


def _check_cents(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if type(value) is not int:
        raise ValidationError(
            "amount", value, "must be a whole number of cents (int), never a float"
        )


@attrs.frozen(order=True)
class Money:
    """
    An amount of euros, stored as integer cents.

    Build one from cents (``Money(1250)``), from a ``Decimal``/``int``/``str``
    of euros (``Money.of("12.50")``) or parse user input with
    :meth:`parse`.  Floats are refused everywhere.

    .. versionadded:: 0.1.0
    """

    cents: int = attrs.field(validator=_check_cents)

    ZERO: ClassVar[Money]  # set below the class

    @classmethod
    def of(cls, value: Decimal | int | str, *, field: str = "amount") -> Money:
        """
        Build from euros given as ``Decimal``, ``int`` or text.

        Raises:
            ValidationError: for floats, NaN, infinities, more than two decimals.
        """
        if isinstance(value, bool | float):
            raise ValidationError(field, value, "must not be a float; give text or a Decimal")
        if isinstance(value, str):
            return cls.parse(value, field=field)
        if isinstance(value, int):
            return cls(value * 100)
        if isinstance(value, Decimal):
            return cls(_decimal_to_cents(value, field, value))
        raise ValidationError(field, value, "must be an amount in euros")

    @classmethod
    def parse(
        cls, text: str, *, field: str = "amount", maximum: int | None = MAX_ENTRY_AMOUNT
    ) -> Money:
        """
        Parse an amount as typed by people or exported by spreadsheets.

        Accepted: ``1234.56``, ``1234,56``, ``1.234,56``, ``1,234.56``,
        ``1 234,56``, an optional leading ``-``/``+`` and at most one ``€``
        or ``EUR``.  ASCII digits only, at most two decimals, and at most
        ``maximum`` cents either way (default :data:`MAX_ENTRY_AMOUNT`,
        1 000 000,00 €; ``None`` for no bound).

        Raises:
            ValidationError: naming ``field``; the text is quoted only when it
                is made of amount characters (never a name typed in the wrong place).
        """
        if not isinstance(text, str):
            raise ValidationError(field, None, "must be text such as 1234,56")
        raw = text if _ECHO_SAFE.match(text.strip() or "x") else None
        s = text.strip()
        if len(_CURRENCY.findall(s)) > 1:
            raise ValidationError(field, raw, "names the currency more than once; write 1234,56")
        s = _CURRENCY.sub("", s).strip()
        sign = 1
        if s[:1] in "+-" and s:
            sign = -1 if s[0] == "-" else 1
            s = s[1:].strip()
        if not s:
            raise ValidationError(field, raw, "is empty; expected an amount such as 1234,56")
        units = re.split(r"[.,]", s)[0] if _PLAIN.match(s) else s
        if sum(c.isdigit() for c in units) > (MAX_DIGITS if maximum is not None else 4000):
            raise ValidationError(field, None, _beyond(maximum))
        if _PLAIN.match(s):
            normal = s.replace(",", ".")
        elif _GROUPED_COMMA.match(s):
            normal = re.sub(r"[. \u00a0\u202f]", "", s).replace(",", ".")
        elif _GROUPED_DOT.match(s):
            normal = re.sub(r"[, \u00a0\u202f]", "", s)
        else:
            raise ValidationError(
                field, raw, "is not an amount; write it like 1234.56, 1234,56 or 1.234,56 "
                "(digits 0-9)"
            )
        if "." in normal and len(normal.rsplit(".", 1)[1]) > 2:
            # "1.000" or "1,230" (thousands or decimals?) must not read as 1.00 or 1.23.
            raise ValidationError(field, raw, "has more than two decimals")
        try:
            dec = Decimal(normal)
        except InvalidOperation:  # pragma: no cover - the patterns above exclude it
            raise ValidationError(field, raw, "is not an amount") from None
        amount = cls(sign * _decimal_to_cents(dec, field, raw))
        if maximum is not None:
            check_entry_amount(amount, field, maximum=maximum)
        return amount

    # -- arithmetic --------------------------------------------------------------------------

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.cents + other.cents)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.cents - other.cents)

    def __neg__(self) -> Money:
        return Money(-self.cents)

    def __mul__(self, factor: int) -> Money:
        if type(factor) is not int:
            return NotImplemented
        return Money(self.cents * factor)

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return self.cents != 0

    @property
    def is_negative(self) -> bool:
        """True for amounts below zero."""
        return self.cents < 0

    def to_decimal(self) -> Decimal:
        """The amount in euros as an exact ``Decimal`` with two places."""
        return Decimal(str(self))  # exact: division would round past 28 digits

    def __str__(self) -> str:
        """Two decimals, a dot, no grouping: the JSON form (``"1750.00"``)."""
        sign = "-" if self.cents < 0 else ""
        units, cents = divmod(abs(self.cents), 100)
        return f"{sign}{units}.{cents:02d}"

    def __repr__(self) -> str:
        return f"Money({str(self)!r})"

    def ratio(self, other: Money) -> Decimal:
        """``self / other`` rounded half-up to two decimals (e.g. arrears in months of rent)."""
        if other.cents == 0:
            raise ValidationError("amount", str(other), "cannot divide by a zero amount")
        # Integer arithmetic: exact for any size (Decimal's context stops at 28 digits).
        num, den = self.cents * 100, other.cents
        if den < 0:
            num, den = -num, -den
        quotient, rest = divmod(abs(num), den)
        if 2 * rest >= den:
            quotient += 1
        hundredths = -quotient if num < 0 else quotient
        return Decimal(hundredths).scaleb(-2)


def _euros(cents: int) -> str:
    units, rest = divmod(cents, 100)
    return f"{units:,}".replace(",", ".") + f",{rest:02d} €"


def _beyond(maximum: int | None) -> str:
    if maximum is None:
        return f"has more than {MAX_DIGITS} digits before the decimals"
    return (
        f"is beyond the maximum per entry; amounts from -{_euros(maximum)} to "
        f"{_euros(maximum)} are accepted"
    )


def check_entry_amount(
    amount: Money, field: str = "amount", *, maximum: int = MAX_ENTRY_AMOUNT
) -> None:
    """
    Refuse an amount beyond ``maximum`` cents either way (default 1 000 000,00 €).

    Raises:
        ValidationError: naming ``field`` and the allowed range.
    """
    if abs(amount.cents) > maximum:
        shown = str(amount) if len(str(amount)) <= 24 else None
        raise ValidationError(field, shown, _beyond(maximum))


def _decimal_to_cents(dec: Decimal, field: str, shown: object) -> int:
    if not dec.is_finite():
        raise ValidationError(field, str(shown), "must be a finite amount (not NaN or infinity)")
    # Exact integer arithmetic: Decimal operations round to the context's 28 digits.
    negative, digits, exponent = dec.as_tuple()
    assert isinstance(exponent, int)
    coefficient = int("".join(map(str, digits)))
    scale: int = 10 ** abs(exponent + 2)
    if exponent >= -2:
        cents = coefficient * scale
    else:
        cents, rest = divmod(coefficient, scale)
        if rest:
            raise ValidationError(field, str(shown), "has more than two decimals")
    return -cents if negative else cents


Money.ZERO = Money(0)
