"""Tests of :class:`clss_housing.money.Money`: parsing, refusals, arithmetic and text forms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clss_housing.errors import ValidationError
from clss_housing.money import MAX_ENTRY_AMOUNT, Money, check_entry_amount


def belgian(cents: int) -> str:
    """Format cents the Belgian way (``-1.234.567,89``), independently of the code under test."""
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(cents), 100)
    grouped = f"{units:,}".replace(",", ".")
    return f"{sign}{grouped},{rest:02d}"


class TestParseAccepts:
    """The spellings staff and Belgian spreadsheets use."""

    @pytest.mark.parametrize(
        ("text", "cents"),
        [
            ("1.234,56", 123456),
            ("1234,56", 123456),
            ("1234.56", 123456),
            ("1,234.56", 123456),
            (" € 12,50 ", 1250),
            ("-5", -500),
            ("+5", 500),
            ("0", 0),
            ("12,5", 1250),
            ("0,01", 1),
            ("-0,01", -1),
            ("1 234,56", 123456),
            ("1\u00a0234,56", 123456),
            ("1\u202f234,56", 123456),
            ("1.234.567,89", 123456789),
            ("1,234,567.89", 123456789),
            ("1.234.567", 123456700),
            ("750 EUR", 75000),
            ("€750", 75000),
            ("- 12,50 €", -1250),
            ("007", 700),
        ],
    )
    def test_spellings(self, text: str, cents: int) -> None:
        """It reads each usual spelling to the exact number of cents."""
        assert Money(cents) == Money.parse(text, maximum=None)

    def test_of_text_int_decimal(self) -> None:
        """It builds amounts from euros given as text, int or Decimal."""
        assert Money(1250) == Money.of("12,50")
        assert Money(1200) == Money.of(12)
        assert Money(1250) == Money.of(Decimal("12.5"))
        assert Money(123) == Money.of(Decimal("1.2300"))
        assert Money(100000) == Money.of(Decimal("1E+3"))

    def test_huge_amounts_are_exact(self) -> None:
        """It keeps every digit of amounts longer than Decimal's 28-digit context."""
        digits = "12345678901234567890123456789"
        assert Money(int(digits) * 100) == Money.parse(digits, maximum=None)
        assert Money(int(digits + "12")) == Money.parse(digits + ",12", maximum=None)
        assert Money(int(digits + "12")) == Money.of(Decimal(digits + ".12"))


class TestParseRefuses:
    """Amounts that are not amounts, or that are ambiguous, are refused with the field named."""

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "   ",
            "€",
            "-",
            "abc",
            "12 euros",
            "NaN",
            "nan",
            "Infinity",
            "-Infinity",
            "inf",
            "1e5",
            "1,234",  # a thousand, or 1.234?
            "1.234",
            "1,230",  # must not read as 1.23
            "1.000",  # a thousand in Belgium: must not read as 1.00
            "1234,5600",
            "12,345",
            "1.234,567",
            "1,234.567",
            "--5",
            "5-",
            "1.23.45",
            "12,,5",
            "1.2345,00",
            ",50",
            "0x10",
        ],
    )
    def test_refused_text(self, text: str) -> None:
        """It refuses the text and names the field it was given for."""
        with pytest.raises(ValidationError) as info:
            Money.parse(text, field="rent")
        assert "rent" == info.value.field
        assert info.value.reason

    @pytest.mark.parametrize(
        "value",
        [1.5, 0.1, float("nan"), float("inf"), True, Decimal("NaN"), Decimal("Infinity"),
         Decimal("-Infinity"), Decimal("sNaN"), Decimal("1.005"), Decimal("0.001"), None, [1]],
    )
    def test_of_refuses(self, value: Any) -> None:
        """It refuses floats, booleans, non-finite and over-precise decimals, and non-amounts."""
        with pytest.raises(ValidationError) as info:
            Money.of(value, field="instalment")
        assert "instalment" == info.value.field

    @pytest.mark.parametrize("cents", [1.0, 12.5, float("nan"), "100", True, Decimal(1), None])
    def test_constructor_refuses_non_int(self, cents: Any) -> None:
        """It refuses anything but an int number of cents."""
        with pytest.raises(ValidationError):
            Money(cents)

    def test_error_is_a_value_error(self) -> None:
        """It raises an error that callers may also catch as ValueError."""
        with pytest.raises(ValueError, match="amount"):
            Money.parse("twelve")


class TestArithmetic:
    """Sums, differences and comparisons stay in exact cents."""

    def test_operations(self) -> None:
        """It adds, subtracts, negates and multiplies by whole numbers."""
        a, b = Money(1050), Money(250)
        assert Money(1300) == a + b
        assert Money(800) == a - b
        assert Money(-1050) == -a
        assert Money(3150) == a * 3
        assert Money(3150) == 3 * a
        assert Money(0) == Money.ZERO

    def test_order_and_truth(self) -> None:
        """It orders amounts and is false only at zero."""
        assert Money(1) > Money(0) > Money(-1)
        assert sorted([Money(5), Money(-2), Money(3)]) == [Money(-2), Money(3), Money(5)]
        assert False is bool(Money(0))
        assert True is bool(Money(-1))
        assert True is Money(-1).is_negative
        assert False is Money(0).is_negative

    @pytest.mark.parametrize("other", [1, 1.5, "1", Decimal(1)])
    def test_no_mixing_with_numbers(self, other: Any) -> None:
        """It refuses to add plain numbers or to multiply by floats and amounts."""
        with pytest.raises(TypeError):
            Money(100) + other
        with pytest.raises(TypeError):
            Money(100) - other
        if not isinstance(other, int):
            with pytest.raises(TypeError):
                Money(100) * other
        with pytest.raises(TypeError):
            Money(100) * Money(2)  # type: ignore[operator]
        with pytest.raises(TypeError):
            Money(100) * True

    def test_ratio(self) -> None:
        """It divides amounts to two decimals, rounding half up, and refuses zero."""
        assert Decimal("1.50") == Money(112500).ratio(Money(75000))
        assert Decimal("0.67") == Money(2).ratio(Money(3))
        assert Decimal("0.01") == Money(1).ratio(Money(200))  # 0.005 rounds up
        with pytest.raises(ValidationError):
            Money(1).ratio(Money(0))

    def test_hashable_and_frozen(self) -> None:
        """It can be a dict key and cannot be changed."""
        assert {Money(5): "x"}[Money(5)] == "x"
        with pytest.raises(AttributeError):
            Money(5).cents = 6  # type: ignore[misc]

    @given(st.integers(), st.integers())
    def test_arithmetic_is_exact(self, a: int, b: int) -> None:
        """It computes like integer cents, for any size."""
        assert Money(a + b) == Money(a) + Money(b)
        assert Money(a - b) == Money(a) - Money(b)
        assert (a < b) == (Money(a) < Money(b))


class TestTextForms:
    """``str`` is the JSON form; ``repr`` shows it too."""

    @pytest.mark.parametrize(
        ("cents", "shown"),
        [(0, "0.00"), (1, "0.01"), (-1, "-0.01"), (-150, "-1.50"), (175000, "1750.00"),
         (123456789, "1234567.89")],
    )
    def test_str(self, cents: int, shown: str) -> None:
        """It writes two decimals, a dot and no grouping."""
        assert shown == str(Money(cents))
        assert f"Money({shown!r})" == repr(Money(cents))

    def test_to_decimal(self) -> None:
        """It gives an exact two-place Decimal."""
        assert Decimal("-12.50") == Money(-1250).to_decimal()
        assert (-2) == Money(5).to_decimal().as_tuple().exponent

    @given(st.integers(min_value=-(10**300), max_value=10**300))
    def test_str_round_trip(self, cents: int) -> None:
        """It parses its own text form back to the same amount, for any cents (unbounded)."""
        money = Money(cents)
        assert money == Money.parse(str(money), maximum=None)
        assert money == Money.of(money.to_decimal())

    @given(st.integers(min_value=-(10**15), max_value=10**15))
    def test_belgian_round_trip(self, cents: int) -> None:
        """It parses Belgian formatting (``1.234,56``) of any amount back to the same cents."""
        text = belgian(cents)
        assert Money(cents) == Money.parse(text, maximum=None)
        assert Money(cents) == Money.parse(f" € {text} ", maximum=None)
        assert Money(cents) == Money.parse(text.replace(".", " "), maximum=None)

    @given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=3, max_value=6))
    def test_more_than_two_decimals_refused(self, units: int, places: int) -> None:
        """It refuses any text with more than two digits after the decimal mark."""
        text = f"{units}," + "0" * places
        with pytest.raises(ValidationError):
            Money.parse(text)


class TestBoundaryOfInput:
    """Only ASCII digits, one currency mark, and at most 1 000 000,00 € per entry."""

    @pytest.mark.parametrize(
        "text",
        ["\u0667\u0665\u0660", "\uff17\uff15\uff10", "\U0001d7d5\U0001d7d3\U0001d7ce",
         "\u0967\u0968", "5 \u20ac\u20ac", "EUR 5 EUR", "\u20ac5\u20ac", "5\u00b2", "\u2155"],
    )
    def test_non_ascii_digits_and_junk_refused(self, text: str) -> None:
        """Arabic-Indic, fullwidth, mathematical digits and doubled currency marks are refused."""
        with pytest.raises(ValidationError) as info:
            Money.parse(text, field="amount")
        assert "amount" == info.value.field

    @given(st.integers(min_value=-MAX_ENTRY_AMOUNT, max_value=MAX_ENTRY_AMOUNT))
    def test_within_bound_accepted(self, cents: int) -> None:
        """Every amount up to the maximum either way is read back exactly."""
        assert Money(cents) == Money.parse(str(Money(cents)))

    @given(st.integers(min_value=MAX_ENTRY_AMOUNT + 1, max_value=10**40), st.booleans())
    def test_beyond_bound_refused(self, cents: int, negative: bool) -> None:
        """Beyond the maximum, the refusal names the field and the allowed range."""
        text = str(Money(-cents if negative else cents))
        with pytest.raises(ValidationError) as info:
            Money.parse(text, field="rent")
        assert "rent" == info.value.field
        assert "1.000.000,00" in info.value.reason

    def test_five_thousand_digits_refused_without_echo(self) -> None:
        """A 5000-digit amount is refused before any conversion, and not echoed back."""
        with pytest.raises(ValidationError) as info:
            Money.parse("9" * 5000)
        assert info.value.value is None
        assert len(str(info.value)) < 200

    def test_name_typed_as_amount_not_echoed(self) -> None:
        """Text that is not made of amount characters (maybe a name) is never echoed."""
        with pytest.raises(ValidationError) as info:
            Money.parse("Émilie Dupont")
        assert info.value.value is None
        assert "Dupont" not in str(info.value)

    def test_configurable_maximum(self) -> None:
        """A caller may set its own bound."""
        assert Money(500) == Money.parse("5", maximum=500)
        with pytest.raises(ValidationError):
            Money.parse("5,01", maximum=500)
        check_entry_amount(Money(-MAX_ENTRY_AMOUNT))
        with pytest.raises(ValidationError):
            check_entry_amount(Money(MAX_ENTRY_AMOUNT + 1))

    @given(st.integers(min_value=-(10**60), max_value=10**60),
           st.integers(min_value=-(10**60), max_value=10**60).filter(bool))
    def test_ratio_any_size(self, a: int, b: int) -> None:
        """Ratios of huge amounts never overflow and round half away from zero."""
        from fractions import Fraction

        exact = Fraction(a, b) * 100
        whole = int(abs(exact) + Fraction(1, 2))
        expected = Decimal(-whole if exact < 0 else whole).scaleb(-2)
        assert expected == Money(a).ratio(Money(b))
