"""The letter catalogue: ids, titles, legal bases per language, the facts each letter needs."""

from __future__ import annotations

import json

import pytest

from clss_housing.documents.catalogue import (
    FACTS,
    Fact,
    LegalRef,
    LetterCatalogue,
    LetterSpec,
    letter,
    letter_ids,
    list_letters,
)
from clss_housing.errors import NotFoundError, ValidationError


REQUIRED_IDS = ("L1", "L2", "L3", "L5", "L6", "L7", "L9", "L10", "L11", "L12", "L13", "L14",
                "L16", "referral")


class TestCatalogue:
    def test_has_every_letter_of_the_issue(self) -> None:
        """It holds at least fourteen letters, among them the catalogue's required ones."""
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
    def test_plugins_add_letters_to_a_new_catalogue(self) -> None:
        """A catalogue with a plugin's letter is a new value: the core catalogue is untouched."""
        spec = LetterSpec(
            id="test-plugin-letter", title={"fr": "Essai", "nl": "Test"},
            addressee={"fr": "Bailleur", "nl": "Verhuurder"},
            purpose={"fr": "Essai", "nl": "Test"}, basis=(LegalRef("cbl"),), registered=False,
            required=("tenant",),
        )
        core = LetterCatalogue.core()
        extended = core.with_letter(spec, {"fr": "x", "nl": "y"})
        assert spec is extended.letter("test-plugin-letter")
        assert "x" == extended.templates[("test-plugin-letter", "fr")]
        assert "test-plugin-letter" not in core.ids()
        with pytest.raises(NotFoundError):
            letter("test-plugin-letter")

    def test_letters_use_known_facts_only(self) -> None:
        """It refuses a letter naming an unknown fact."""
        with pytest.raises(ValidationError):
            LetterSpec(id="x", title={}, addressee={}, purpose={}, basis=(), registered=False,
                       required=("no_such_fact",))

    def test_own_facts_extend_but_never_redefine(self) -> None:
        """A letter's own facts are usable by that letter only; catalogue facts stay as they are."""
        def spec_of(id_: str, required: tuple[str, ...], own: tuple[Fact, ...]) -> LetterSpec:
            return LetterSpec(id=id_, title={}, addressee={}, purpose={}, basis=(),
                              registered=False, required=required, own_facts=own)

        own = Fact("building", "text", False, "the building")
        spec = spec_of("x", ("building",), (own,))
        assert own is spec.fact("building")
        assert FACTS["tenant"] is spec.fact("tenant")
        assert "building" not in FACTS
        with pytest.raises(ValidationError):
            spec_of("y", ("tenant",), (Fact("tenant", "date", False),))
        with pytest.raises(ValidationError):
            spec_of("z", ("b",), (Fact("b", "text", True),))
        with pytest.raises(TypeError):
            FACTS["building"] = own  # type: ignore[index]
