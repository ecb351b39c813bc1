"""The letter catalogue: ids, titles, legal bases per language, the facts each letter needs."""

from __future__ import annotations

import json

import pytest

from clss_housing.documents.catalogue import (
    FACTS,
    Fact,
    LegalRef,
    LetterSpec,
    letter,
    letter_ids,
    list_letters,
    register_fact,
    register_letter,
)
from clss_housing.errors import NotFoundError, ValidationError


REQUIRED_IDS = ("L1", "L2", "L3", "L5", "L6", "L7", "L9", "L10", "L11", "L12", "L13", "L14",
                "L16", "referral")


class TestCatalogue:
    def test_has_every_letter_of_the_issue(self) -> None:
        """It holds at least the fourteen letters of DOMAIN.md section 8 and a referral."""
        assert set(REQUIRED_IDS) <= set(letter_ids())
        assert len(list_letters()) >= 14

    @pytest.mark.parametrize("letter_id", REQUIRED_IDS)
    def test_every_letter_is_complete_in_french_and_dutch(self, letter_id: str) -> None:
        """It gives each letter a title, addressee, purpose and legal basis in both languages."""
        spec = letter(letter_id)
        assert ("fr", "nl") == spec.languages
        for lang in ("fr", "nl"):
            assert spec.title[lang]
            assert spec.addressee[lang]
            assert spec.purpose[lang]
            assert spec.legal_basis(lang)
        assert {"tenant"} <= set(spec.required)

    def test_names_laws_as_each_language_does(self) -> None:
        """It writes the legal basis with the law's own name in each language."""
        assert ("Code bruxellois du Logement, art. 233quater", "Code civil") == (
            letter("L1").legal_basis("fr"))
        assert ("Brusselse Huisvestingscode, art. 233quater", "Burgerlijk Wetboek") == (
            letter("L1").legal_basis("nl"))
        assert ("Code judiciaire, art. 731",) == letter("L3").legal_basis("fr")
        assert ("Gerechtelijk Wetboek, art. 731",) == letter("L3").legal_basis("nl")
        assert "Brusselse Huisvestingscode, art. 248 en 249" == letter("L13").legal_basis("nl")[0]

    def test_marks_letters_that_need_proof_of_sending(self) -> None:
        """It sends by registered post the letters that start or answer a legal period."""
        registered = {spec.id for spec in list_letters() if spec.registered}
        assert {"L1", "L6", "L7", "L9", "L10", "L11", "L12", "L13", "L14"} <= registered
        assert not {"L2", "L3", "L5", "L16", "referral"} & registered

    def test_unknown_letter(self) -> None:
        """It refuses an unknown letter id with NotFoundError."""
        with pytest.raises(NotFoundError) as caught:
            letter("L99")
        assert "L99" == caught.value.ident


class TestJsonForm:
    def test_lists_only_facts_a_case_cannot_supply(self) -> None:
        """It puts in ``needs`` only required facts the ledger cannot supply, typed."""
        form = letter("L3").to_json()
        assert [{"name": "landlord_address", "type": "text"},
                {"name": "court", "type": "text"}] == form["needs"]
        assert {"id", "title", "addressee", "languages", "needs"} <= set(form)
        assert ["fr", "nl"] == form["languages"]
        for spec in list_letters():
            for need in spec.to_json()["needs"]:
                assert not FACTS[need["name"]].from_case
                assert need["type"] in ("date", "amount", "int", "text")

    def test_is_json(self) -> None:
        """It is plain JSON, in the language asked."""
        form = json.loads(json.dumps(letter("L9").to_json("nl")))
        assert "Opzegging door de huurder" == form["title"]
        assert [{"name": "lease_type", "type": "text"}] == [
            n for n in form["needs"] if n["name"].startswith(("lease", "notice"))]
        assert {"name": "notice_months", "type": "int"} in form["optional"]


class TestRegistration:
    def test_plugins_add_letters(self) -> None:
        """It accepts a plugin's letter once and refuses a second with the same id."""
        spec = LetterSpec(
            id="test-plugin-letter", title={"fr": "Essai", "nl": "Test"},
            addressee={"fr": "Bailleur", "nl": "Verhuurder"},
            purpose={"fr": "Essai", "nl": "Test"}, basis=(LegalRef("cbl"),), registered=False,
            required=("tenant",),
        )
        try:
            register_letter(spec)
            assert spec is letter("test-plugin-letter")
            with pytest.raises(ValidationError):
                register_letter(spec)
        finally:
            from clss_housing.documents import catalogue

            catalogue._REGISTRY.pop("test-plugin-letter", None)

    def test_letters_use_known_facts_only(self) -> None:
        """It refuses a letter naming an unknown fact."""
        with pytest.raises(ValidationError):
            LetterSpec(id="x", title={}, addressee={}, purpose={}, basis=(), registered=False,
                       required=("no_such_fact",))

    def test_facts_are_not_redefined(self) -> None:
        """It refuses to redefine a fact with another type."""
        assert FACTS["tenant"] is register_fact(FACTS["tenant"])
        with pytest.raises(ValidationError):
            register_fact(Fact("tenant", "date", True))
