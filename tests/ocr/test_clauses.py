"""Party names cut where their clauses begin, jobs and joint committees read from sentences."""

from __future__ import annotations

import pytest

from ocr.fields import extract_contract
from ocr.fields.clauses import find_joint_committee, job_title, party_name
from ocr.model import OcrResult

VALID_NUMBER = "0456.789.034"


def read(*lines: str) -> dict[str, str]:
    result = extract_contract([(0, OcrResult("\n".join(lines), source="text_layer"))])
    return {name: field.value for name, field in result.fields.items()}


@pytest.mark.parametrize(
    ("text", "person", "name"),
    [
        (
            "ACME Logistics SA, dont le siège social est établi à 1000 Bruxelles",
            False,
            "ACME Logistics SA",
        ),
        ("ACME NV met maatschappelijke zetel te 9000 Gent", False, "ACME NV"),
        ("ACME Ltd, with registered office at 12 High Street, London", False, "ACME Ltd"),
        ("Muster GmbH, mit Sitz in Eupen, vertreten durch Herrn Y", False, "Muster GmbH"),
        (
            "de vennootschap Brouwerij De Klok NV, vertegenwoordigd door",
            False,
            "Brouwerij De Klok NV",
        ),
        ("Dupont & Fils, SRL, inscrite à la BCE sous le numéro", False, "Dupont & Fils, SRL"),
        ("ACME (Belgium) NV, hierna genoemd de werkgever", False, "ACME (Belgium) NV"),
        ("ACME NV (hierna 'de werkgever')", False, "ACME NV"),
        ("ACME NV, Kerkstraat 12, 2000 Antwerpen", False, "ACME NV"),
        ("Mme Anna NOWAK, née le 3 mars 1990 à Cracovie, domiciliée à Ixelles", True, "Anna NOWAK"),
        ("de heer Jan PEETERS, geboren op 12/05/1985 te Gent", True, "Jan PEETERS"),
        ("Raj Kumar SHARMA born on 4 July 1992 in Pune", True, "Raj Kumar SHARMA"),
        ("Herrn Max Mustermann, wohnhaft in Eupen", True, "Max Mustermann"),
        ("NOWAK, Anna, of Polish nationality", True, "NOWAK, Anna"),
        ("Jan Peeters 12/05/1985", True, "Jan Peeters"),
        (
            "Ana Luísa Gonçalves da Silva, residing at Rue Haute 4",
            True,
            "Ana Luísa Gonçalves da Silva",
        ),
    ],
)
def test_a_name_ends_where_its_clause_begins(text: str, person: bool, name: str) -> None:
    found = party_name(text, person=person)
    assert found is not None
    assert found.value == name
    assert text[found.start : found.end] == name


def test_a_clause_where_the_name_should_be_is_no_name() -> None:
    assert party_name("hierna genoemd de werkgever", person=False) is None


@pytest.mark.parametrize(
    ("sentence", "job"),
    [
        (
            "De werknemer wordt aangeworven in de functie van magazijnier bij de afdeling.",
            "magazijnier",
        ),
        ("De bediende wordt aangeworven als boekhouder.", "boekhouder"),
        (
            "La travailleuse est engagée en qualité de comptable principale au sein du service.",
            "comptable principale",
        ),
        (
            "Le travailleur est occupé comme chauffeur poids lourds, à temps plein.",
            "chauffeur poids lourds",
        ),
        ("The Employee is employed as a Data Analyst at the Brussels office.", "Data Analyst"),
        ("The Employer hires the Employee in the position of Senior Nurse.", "Senior Nurse"),
        ("Der Arbeitnehmer wird als Softwareentwickler eingestellt.", "Softwareentwickler"),
        ("Der Arbeitnehmer wird in der Funktion als Projektleiter beschäftigt.", "Projektleiter"),
    ],
)
def test_the_job_named_by_an_article(sentence: str, job: str) -> None:
    found = job_title(sentence)
    assert found is not None and found.value == job


def test_a_sentence_without_a_job_names_none() -> None:
    assert job_title("De werkgever betaalt het loon uiterlijk op de vierde werkdag.") is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("het paritair comité nr. 200 voor bedienden", "200"),
        ("relevant de la commission paritaire n° 302.01", "302.01"),
        ("under Joint Committee No. 124", "124"),
        ("der paritätischen Kommission Nr. 330 indexiert", "330"),
        ("Functie: Verpleegkundige (PC 330)", "330"),
    ],
)
def test_the_joint_committee_number(text: str, number: str) -> None:
    found = find_joint_committee(text)
    assert found is not None and found.value == number


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            [
                "CONTRAT DE TRAVAIL D'EMPLOYÉ",
                "ENTRE :",
                "La société ACME Logistics SA, dont le siège social est établi à 1000 Bruxelles,",
                f"inscrite à la BCE sous le numéro {VALID_NUMBER}, représentée par M. Jean Dupont,",
                "administrateur, ci-après dénommée « l'employeur »,",
                "ET :",
                "Mme Anna NOWAK, née le 3 mars 1990 à Cracovie, domiciliée à 1050 Ixelles,",
                "ci-après dénommée « la travailleuse ».",
                "La travailleuse est engagée en qualité de comptable au sein du département.",
            ],
            {
                "employer_name": "ACME Logistics SA",
                "employee_name": "Anna NOWAK",
                "employee_birth_date": "1990-03-03",
                "job_title": "comptable",
            },
        ),
        (
            [
                "Deze overeenkomst wordt gesloten tussen de werknemer Jan PEETERS, geboren op",
                "12/05/1985 te Gent, hierna 'de werknemer', en ACME NV, met zetel te Gent,",
                "hierna 'de werkgever'.",
            ],
            {
                "employer_name": "ACME NV",
                "employee_name": "Jan PEETERS",
                "employee_birth_date": "1985-05-12",
            },
        ),
    ],
)
def test_parties_named_in_prose(lines: list[str], expected: dict[str, str]) -> None:
    found = read(*lines)
    assert {name: found.get(name) for name in expected} == expected


def test_the_second_party_is_found_when_ocr_lost_its_and() -> None:
    found = read(
        "ENTRE :",
        "La société Cuisines Bastin SRL, dont le siège social est établi à 7000 Mons,",
        "représentée par Anneleen Van den Bossche,",
        "gérant, ci-après dénommée « l'employeur »,",
        "IDE",
        "M. Venkata Ramana Reddy, domicilié à Rue Haute 95A, 1050 Ixelles, ci-après dénommé « le",
        "travailleur »,",
        "Le présent contrat relève de la CP 118. Les conventions collectives conclues en son sein",
        "sont applicables.",
    )
    assert (found["employer_name"], found["employee_name"]) == (
        "Cuisines Bastin SRL",
        "Venkata Ramana Reddy",
    )


def test_a_labelled_value_wins_over_prose() -> None:
    found = read(
        "Werkgever: Brouwerij De Klok NV",
        "TUSSEN: ACME NV, met maatschappelijke zetel te Gent, EN: de heer Jan PEETERS,",
    )
    assert found["employer_name"] == "Brouwerij De Klok NV"
    assert found["employee_name"] == "Jan PEETERS"


def test_an_implausible_date_is_kept_with_a_low_confidence() -> None:
    result = extract_contract(
        [(0, OcrResult("Begindatum: 01/03/2207\nEinddatum: 28/02/2028", source="text_layer"))]
    )
    assert result.fields["start_date"].value == "2207-03-01"
    assert result.fields["start_date"].confidence < 0.6
    assert result.fields["end_date"].confidence > 0.9
