"""Page classification by explainable cues, and grouping pages into documents."""

from __future__ import annotations

import pytest

from benchmarks.synth import contract, diploma
from ocr.classify import classify_page, group_pages


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        (
            "ARBEIDSOVEREENKOMST\nWerkgever: Vandenberghe Logistics NV\nWerknemer: Anna Eriksson",
            "arbeidsovereenkomst",
        ),
        (
            "CONTRAT DE TRAVAIL\nEmployeur : Vandenberghe SA\nTravailleur : Anna Eriksson",
            "contrat de travail",
        ),
        (
            "EMPLOYMENT CONTRACT\nEmployer: Vandenberghe Ltd\nEmployee: Anna Eriksson",
            "employment contract",
        ),
        (
            "ARBEITSVERTRAG\nArbeitgeber: Vandenberghe GmbH\nArbeitnehmer: Anna Eriksson",
            "arbeitsvertrag",
        ),
        ("Salaire brut : 4 250,00 EUR par mois\nEmployeur : X SA\nTravailleur : Y", "salaire brut"),
    ],
)
def test_contract_cues_in_each_language(text: str, cue: str) -> None:
    result = classify_page(text)
    assert result.type == "contract"
    assert f"contract keyword '{cue}'" in result.cues


@pytest.mark.parametrize(
    "text",
    [
        "University of Manchester\nhereby certifies that\nAnna Eriksson\n"
        "has been awarded the degree of\nMaster of Science\nAwarded on 30 June 2019",
        "Universiteit Gent\nDIPLOMA\nverklaart dat\nAnna Eriksson\nhet diploma van\n"
        "Bachelor in de Verpleegkunde\nheeft behaald\nUitgereikt op 30 juni 2019",
        "Université de Liège\nDIPLÔME\ncertifie que\nAnna Eriksson\na obtenu le diplôme de\n"
        "Master en droit\nDélivré le 30 juin 2019",
        "Technische Universität München\nURKUNDE\nbescheinigt, dass\nAnna Eriksson\n"
        "den akademischen Grad\nMaster of Science\nVerliehen am 30. Juni 2019",
    ],
)
def test_diploma_cues_in_each_language(text: str) -> None:
    result = classify_page(text)
    assert result.type == "diploma"
    assert result.cues[0].startswith("diploma score")


def test_an_mrz_decides_whatever_the_text() -> None:
    result = classify_page("Werkgever: X\nWerknemer: Y", "TD3")
    assert result.type == "passport"
    assert result.cues == ("TD3 machine-readable zone found",)
    assert classify_page("Werkgever: X", "TD1").type == "id_card"
    assert classify_page("", "TD2").type == "id_card"


@pytest.mark.parametrize(
    "text",
    [
        "BELGIË BELGIQUE BELGIEN VERBLIJFSTITEL / TITRE DE SÉJOUR",
        "PERSONALAUSWEIS Bundesrepublik Deutschland",
        "Identiteitskaart - Carte d'identité",
    ],
)
def test_an_unread_card_is_known_by_its_title(text: str) -> None:
    assert classify_page(text).type == "id_card"


def test_passport_visual_zone_without_mrz_is_still_a_passport() -> None:
    text = "KINGDOM OF BELGIUM PASSPORT\nSurname: CLAES\nGiven names: LIEN\nDate of expiry: 2031"
    assert classify_page(text).type == "passport"


def test_nothing_known_is_unknown() -> None:
    assert classify_page("Lorem ipsum dolor sit amet").type == "unknown"
    assert classify_page("").type == "unknown"
    # one weak word is not enough
    assert classify_page("Master key cabinet").type == "unknown"


@pytest.mark.parametrize("language", ["nl", "fr", "en", "de"])
def test_generated_documents_classify_on_every_page(language: str) -> None:
    pages = contract(4, language=language, pages=3).text_pages
    assert [classify_page(text).type for text in pages] == ["contract"] * 3
    assert classify_page(diploma(4, language=language).text_pages[0]).type == "diploma"


def test_group_pages() -> None:
    types = [
        "contract",
        "contract",
        "passport",
        "passport",
        "diploma",
        "unknown",
        "unknown",
        "contract",
    ]
    assert group_pages(types) == [[0, 1], [2], [3], [4], [5], [6], [7]]  # type: ignore[arg-type]
    assert group_pages([]) == []
