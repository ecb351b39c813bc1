"""How a deadline's date was reached, in the case's language (issue 8 §4)."""

from __future__ import annotations

from datetime import date

import pytest

from clss_housing.casebook import Casebook
from clss_housing.deadlines import Step, case_deadlines, explain
from clss_housing.deadlines.explain import STEP_KINDS, long_date
from clss_housing.ledger.entries import (
    CpasInformed,
    HearingScheduled,
    Judgment,
    JudgmentServed,
    NoticeReceived,
    PetitionFiled,
)
from clss_housing.money import Money


MOVED = Step("art53", date(2026, 10, 31), date(2026, 11, 2))
WINTER = Step("moratorium", date(2026, 11, 1), date(2027, 3, 16))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "moved from Saturday 31 October 2026 to Monday 2 November 2026 "
               "(Judicial Code art. 53); pushed past the winter moratorium to Tuesday "
               "16 March 2027 (Brussels Housing Code art. 233duodecies)"),
        ("fr", "reporté du samedi 31 octobre 2026 au lundi 2 novembre 2026 (Code judiciaire "
               "art. 53); repoussé après la trêve hivernale au mardi 16 mars 2027 (Code "
               "bruxellois du Logement art. 233duodecies)"),
        ("nl", "verschoven van zaterdag 31 oktober 2026 naar maandag 2 november 2026 "
               "(Gerechtelijk Wetboek art. 53); verschoven tot na het wintermoratorium, naar "
               "dinsdag 16 maart 2027 (Brusselse Huisvestingscode art. 233duodecies)"),
    ],
)
def test_three_languages(lang: str, expected: str) -> None:
    """Each step reads in French, Dutch and English."""
    assert expected == explain([MOVED, WINTER], lang)


def test_every_kind_in_every_language() -> None:
    """Every step kind has a text in the three languages; an unknown language falls back."""
    for kind in STEP_KINDS:
        step = Step(kind, date(2026, 1, 1), date(2026, 2, 1), 3)
        texts = {explain([step], lang) for lang in ("fr", "nl", "en")}
        assert 3 == len(texts)
        assert explain([step], "de") == explain([step], "en")
    assert "jeudi 1er janvier 2026" == long_date(date(2026, 1, 1), "fr")


def test_engine_explains_the_issue_case() -> None:
    """Served 30 Sept 2026: the explanation walks from 1 Oct to 16 March, in French."""
    book = Casebook.open("memory:")
    case_id = book.open_case(tenant="T", landlord="L", address="A", rent=Money(70000),
                             date=date(2026, 1, 2), case_id="X-1")
    book.record_many(case_id, [
        NoticeReceived(date=date(2026, 5, 1)),
        PetitionFiled(date=date(2026, 6, 5)),
        CpasInformed(date=date(2026, 6, 9)),
        HearingScheduled(date=date(2026, 6, 10), hearing_date=date(2026, 7, 20)),
        Judgment(date=date(2026, 9, 1), outcome="eviction", default=False),
        JudgmentServed(date=date(2026, 9, 30)),
    ])
    (found,) = [d for d in case_deadlines(book.load(case_id), date(2026, 10, 1))
                if d.rule == "earliest_eviction"]
    assert date(2027, 3, 16) == found.date
    assert found.explanation == (
        "1 mois à partir du jeudi 1er octobre 2026 (lendemain de l'acte, Code judiciaire "
        "art. 52) : fin le samedi 31 octobre 2026 (de quantième à veille de quantième, "
        "art. 54); premier jour possible : le lendemain, dimanche 1er novembre 2026; repoussé "
        "après la trêve hivernale au mardi 16 mars 2027 (Code bruxellois du Logement "
        "art. 233duodecies)"
    )
    assert {"valid_from": "2023-09-01", "regime": "brussels_2023", "confidence": "medium"} == {
        k: found.to_json()[k] for k in ("valid_from", "regime", "confidence")
    }
