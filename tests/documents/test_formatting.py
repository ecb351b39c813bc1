"""Dates, amounts, legal names and places in French and Dutch."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from clss_housing.documents.formatting import (
    check_lang,
    format_date,
    format_decimal,
    format_money,
    format_value,
    kind_label,
    legal_ref,
    municipality,
    state_label,
)
from clss_housing.errors import ValidationError
from clss_housing.money import Money


class TestDates:
    @pytest.mark.parametrize(("lang", "expected"), [
        ("fr", "5 février 2026"), ("nl", "5 februari 2026"), ("en", "5 February 2026"),
    ])
    def test_long(self, lang: str, expected: str) -> None:
        """It writes dates in full in the letter's language."""
        assert expected == format_date(date(2026, 2, 5), lang)

    def test_first_of_the_month_in_french(self) -> None:
        """It writes the first of the month "1er" in French only."""
        assert "1er mars 2026" == format_date(date(2026, 3, 1), "fr")
        assert "1 maart 2026" == format_date(date(2026, 3, 1), "nl")

    def test_numeric(self) -> None:
        """It writes table dates as dd/mm/yyyy."""
        assert "05/02/2026" == format_date(date(2026, 2, 5), "nl", "numeric")


class TestMoney:
    def test_french_and_dutch(self) -> None:
        """It writes euros as each language does."""
        assert "1\u202f234,50\xa0€" == format_money(Money(123450), "fr")
        assert "€\xa01.234,50" == format_money(Money(123450), "nl")

    def test_decimal(self) -> None:
        """It writes decimals with a decimal comma."""
        assert "3,32" == format_decimal(Decimal("3.32"), "fr")

    def test_values_by_type(self) -> None:
        """It formats any value by its type."""
        assert "oui" == format_value(True, "fr")
        assert "nee" == format_value(False, "nl")
        assert "12" == format_value(12, "fr")
        assert "2 mars 2026" == format_value(date(2026, 3, 2), "fr")


class TestNames:
    def test_legal_references(self) -> None:
        """It names laws as each language does, with 'et'/'en' between articles."""
        assert "Code bruxellois du Logement, art. 248 et 249" == legal_ref("cbl", "248 et 249",
                                                                           "fr")
        assert "Brusselse Huisvestingscode, art. 248 en 249" == legal_ref("cbl", "248 et 249",
                                                                          "nl")
        assert "Gerechtelijk Wetboek" == legal_ref("cj", "", "nl")

    @pytest.mark.parametrize(("address", "lang", "expected"), [
        ("Rue Josaphat 112, 1030 Schaerbeek", "nl", "Schaarbeek"),
        ("Koningsstraat 200, 1210 Sint-Joost-ten-Node", "fr", "Saint-Josse-ten-Noode"),
        ("Rue X 1, 1020 Laeken", "fr", "Bruxelles"),
        ("Grand-Place 1, 7000 Mons", "fr", None),
    ])
    def test_municipalities(self, address: str, lang: str, expected: str | None) -> None:
        """It names the Brussels municipality of an address in the letter's language."""
        assert expected == municipality(address, lang)

    def test_labels(self) -> None:
        """It labels ledger kinds and workflow states, falling back to the id."""
        assert "mise en demeure reçue" == kind_label("notice_received", "fr")
        assert "plugin kind" == kind_label("plugin_kind", "nl")
        assert "opgeschort (wintermoratorium)" == state_label("suspended_moratorium", "nl")
        assert "some state" == state_label("some_state", "fr")

    def test_languages(self) -> None:
        """It refuses a language it has no letters in."""
        assert "nl" == check_lang("nl")
        with pytest.raises(ValidationError):
            check_lang("de")
