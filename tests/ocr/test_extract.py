"""Field extraction from contract, diploma and passport text (text layers and OCR words)."""

from __future__ import annotations

from datetime import date

import pytest

from benchmarks.synth import contract, diploma
from ocr.fields import extract, extract_contract, extract_diploma, extract_passport
from ocr.model import Extraction, OcrResult, Word
from ocr.mrz.parse import parse_mrz

VALID_NUMBER = "0456.789.034"  # 97 - 04567890 mod 97 = 34


def text_layer(*lines: str) -> list[tuple[int, OcrResult]]:
    return [(0, OcrResult("\n".join(lines), source="text_layer", mean_confidence=1.0))]


def values(extraction: Extraction) -> dict[str, str]:
    return {name: field.value for name, field in extraction.fields.items()}


def failing(extraction: Extraction) -> dict[str, str]:
    return {c.code: c.message for c in extraction.checks if not c.ok}


CONTRACTS = {
    "nl": (
        [
            "ARBEIDSOVEREENKOMST",
            "Werkgever: Vandenberghe Logistics NV",
            f"Ondernemingsnummer: {VALID_NUMBER}",
            "Werknemer: Anna Maria Eriksson",
            "Geboortedatum: 12/08/1990",
            "Functie: Software Engineer",
            "Brutoloon: EUR 4.250,00 per maand",
            "Begindatum: 01/03/2027",
            "Einddatum: 28/02/2028",
        ],
        {"end_date": "2028-02-28", "employee_birth_date": "1990-08-12"},
    ),
    "fr": (
        [
            "CONTRAT DE TRAVAIL",
            "Employeur : Vandenberghe Logistics SA",
            f"Numéro d'entreprise : {VALID_NUMBER}",
            "Travailleur : Anna Maria Eriksson",
            "Fonction : Software Engineer",
            "Salaire brut : 4\u202f250,00 EUR par mois",
            "Date de début : 01/03/2027",
            "Date de fin : durée indéterminée",
        ],
        {"end_date": ""},
    ),
    "en": (
        [
            "EMPLOYMENT CONTRACT",
            "Employer: Vandenberghe Logistics NV",
            f"Enterprise number: BE {VALID_NUMBER}",
            "Employee: Anna Maria Eriksson",
            "Job title: Software Engineer",
            "Gross salary: EUR 4,250.00 per month",
            "Start date: 1 March 2027",
            "End date: open-ended",
        ],
        {"end_date": ""},
    ),
    "de": (
        [
            "ARBEITSVERTRAG",
            "Arbeitgeber: Vandenberghe Logistics GmbH",
            f"Unternehmensnummer: {VALID_NUMBER.replace('.', '')}",
            "Arbeitnehmer: Anna Maria Eriksson",
            "Tätigkeit: Software Engineer",
            "Bruttogehalt: 4.250,00 EUR pro Monat",
            "Beginn: 01.03.2027",
            "Ende: 28.02.2028",
        ],
        {"end_date": "2028-02-28"},
    ),
}


@pytest.mark.parametrize("language", CONTRACTS)
def test_contract_fields_in_each_language(language: str) -> None:
    lines, expected = CONTRACTS[language]
    result = extract_contract(text_layer(*lines))
    company = lines[1].split(":")[1].strip()
    assert values(result) == {
        "employer_name": company,
        "employer_enterprise_number": VALID_NUMBER,
        "employee_name": "Anna Maria Eriksson",
        "job_title": "Software Engineer",
        "gross_salary": "4250.00",
        "salary_period": "month",
        "currency": "EUR",
        "start_date": "2027-03-01",
        **expected,
    }
    assert failing(result) == {}
    assert all(
        f.source == "text_layer"
        and f.confidence == pytest.approx(0.99)
        and f.page == 0
        and f.bbox is None
        for f in result.fields.values()
    )


@pytest.mark.parametrize(
    ("line", "amount", "period"),
    [
        ("Brutoloon: EUR 4.250,00 per maand", "4250.00", "month"),
        ("Salaire brut : 4 250,00 EUR par mois", "4250.00", "month"),
        ("Salaire brut : 4\u00a0250,00 € par an", "4250.00", "year"),
        ("Gross salary: EUR 4,250.00 per month", "4250.00", "month"),
        ("Bruttogehalt: 4.250,00 EUR pro Stunde", "4250.00", "hour"),
        ("Brutoloon: EUR 18,75 per uur", "18.75", "hour"),
        ("Gross salary: € 52,000 per year", "52000.00", "year"),
        ("Bruto maandloon: EUR 3.100", "3100.00", "month"),
        ("Salaire mensuel brut : 3 100,00 EUR", "3100.00", "month"),
    ],
)
def test_salary_formats(line: str, amount: str, period: str) -> None:
    result = extract_contract(text_layer(line))
    assert values(result)["gross_salary"] == amount
    assert values(result)["salary_period"] == period
    assert values(result)["currency"] == "EUR"


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [
        ("Naam werkgever: Vandenberghe Logistics NV", "employer_name", "Vandenberghe Logistics NV"),
        ("Werkgever; Vandenberghe Logistics NV", "employer_name", "Vandenberghe Logistics NV"),
        ("Werkgcver: Vandenberghe Logistics NV", "employer_name", "Vandenberghe Logistics NV"),
        ("Employeur : Dupont SA", "employer_name", "Dupont SA"),
        ("Position: Nurse", "job_title", "Nurse"),
        ("Date d'entrée en service : 1er mars 2027", "start_date", "2027-03-01"),
        ("Aanvangsdatum: 1 maart 2027", "start_date", "2027-03-01"),
        ("Beginn: 1. März 2027", "start_date", "2027-03-01"),
        ("Start date: March 1, 2027", "start_date", "2027-03-01"),
        ("Einddatum: onbepaalde duur", "end_date", ""),
        ("Ende: unbefristet", "end_date", ""),
        ("KBO-nummer: 0456 789 034", "employer_enterprise_number", VALID_NUMBER),
        ("Ondernemingsnummer: 456.789.034", "employer_enterprise_number", VALID_NUMBER),
    ],
)
def test_label_variants_and_ocr_slips(line: str, field: str, value: str) -> None:
    assert values(extract_contract(text_layer(line)))[field] == value


def test_employee_is_not_taken_for_employer() -> None:
    result = extract_contract(text_layer("Werknemer: Anna Eriksson"))
    assert values(result) == {"employee_name": "Anna Eriksson"}


def test_missing_fields_are_absent_and_listed() -> None:
    result = extract_contract(
        text_layer(
            "Werkgever: Vandenberghe Logistics NV",
            "De werkgever verbindt zich ertoe het loon elke maand "
            "tijdig te betalen op de rekening van de werknemer.",
        )
    )
    assert values(result) == {"employer_name": "Vandenberghe Logistics NV"}
    message = failing(result)["required_fields"]
    for name in (
        "employee_name",
        "gross_salary",
        "start_date",
        "end_date",
        "employer_enterprise_number",
    ):
        assert name in message


def test_an_enterprise_number_failing_mod_97_is_reported() -> None:
    result = extract_contract(text_layer("Ondernemingsnummer: 0456.789.012"))
    assert values(result)["employer_enterprise_number"] == "0456.789.012"
    assert "0456.789.012" in failing(result)["enterprise_number_checksum"]


def test_the_birth_date_is_not_the_start_date() -> None:
    result = extract_contract(text_layer("Geboortedatum: 12/08/1990", "Begindatum: 01/03/2027"))
    assert values(result)["start_date"] == "2027-03-01"


def test_an_open_ended_subtitle_gives_an_empty_end_date() -> None:
    result = extract_contract(
        text_layer("ARBEIDSOVEREENKOMST", "voor onbepaalde tijd", "Begindatum: 01/03/2027")
    )
    assert values(result)["end_date"] == ""


def _words(text: str, x: int, y: int, block: int, confidence: float) -> list[Word]:
    """One Tesseract line of words: its line number within the block follows from its height."""
    out = []
    for token in text.split():
        out.append(Word(token, confidence, (x, y, 20 * len(token), 40), (block, 1, y // 100)))
        x += 20 * len(token) + 15
    return out


def test_ocr_fields_carry_word_confidence_box_and_page() -> None:
    # Tesseract put labels and values in different blocks, as it does with a label column.
    words = [
        *_words("Werkgever:", 300, 600, 1, 0.96),
        *_words("Brutoloon:", 300, 700, 1, 0.95),
        *_words("Vandenberghe Logistics NV", 900, 602, 2, 0.93),
        *_words("EUR 4.250,00 per maand", 900, 703, 2, 0.91),
    ]
    words[-3] = Word("4.250,00", 0.62, words[-3].bbox, words[-3].line)
    result = OcrResult("", tuple(words), "ocr", 0.9)
    extraction = extract_contract([(2, result)])
    employer = extraction.fields["employer_name"]
    assert employer.value == "Vandenberghe Logistics NV"
    assert (employer.source, employer.page, employer.confidence) == ("ocr", 2, 0.93)
    assert employer.bbox == (900, 602, 2 * 15 + 20 * 23, 40)
    salary = extraction.fields["gross_salary"]
    assert (salary.value, salary.confidence) == ("4250.00", 0.62)
    assert salary.bbox == words[-3].bbox
    assert extraction.fields["salary_period"].bbox == words[-1].bbox


@pytest.mark.parametrize("language", ["nl", "fr", "en", "de"])
def test_generated_contract_text_layers(language: str) -> None:
    for seed in range(12):
        sample = contract(seed, language=language, pages=1 + seed % 3)
        pages = [
            (i, OcrResult(text, source="text_layer")) for i, text in enumerate(sample.text_pages)
        ]
        result = extract("contract", pages)
        assert values(result) == sample.truth, (language, seed)
        assert failing(result) == {}


DIPLOMAS = [
    [
        "University of Manchester",
        "DIPLOMA",
        "hereby certifies that",
        "Anna Maria Eriksson",
        "born on 12 August 1990 in Stockholm",
        "has been awarded the degree of",
        "Master of Science in Computer Science",
        "Awarded on 30 June 2019",
        "Register no. 2019-01234",
    ],
    [
        "Universiteit Gent",
        "DIPLOMA",
        "verklaart dat",
        "Anna Maria Eriksson",
        "geboren op 12 augustus 1990 te Stockholm",
        "het diploma van",
        "Master of Science in Computer Science",
        "heeft behaald",
        "Uitgereikt op 30 juni 2019",
    ],
    [
        "Université de Liège",
        "DIPLÔME",
        "certifie que",
        "Anna Maria Eriksson",
        "née le 12 août 1990 à Stockholm",
        "a obtenu le diplôme de",
        "Master of Science in Computer Science",
        "Délivré le 30 juin 2019",
    ],
    [
        "Technische Universität München",
        "URKUNDE",
        "bescheinigt, dass",
        "Anna Maria Eriksson",
        "geboren am 12. August 1990 in Stockholm",
        "den akademischen Grad",
        "Master of Science in Computer Science",
        "erworben hat",
        "Verliehen am 30. Juni 2019",
    ],
]


@pytest.mark.parametrize("lines", DIPLOMAS, ids=["en", "nl", "fr", "de"])
def test_diploma_fields_in_each_language(lines: list[str]) -> None:
    result = extract_diploma(text_layer(*lines))
    assert values(result) == {
        "holder_name": "Anna Maria Eriksson",
        "institution": lines[0],
        "degree": "Master of Science in Computer Science",
        "award_date": "2019-06-30",
    }
    assert failing(result) == {}


def test_diploma_with_name_and_degree_on_the_phrase_lines() -> None:
    result = extract_diploma(
        text_layer(
            "KU Leuven",
            "The university hereby certifies that Jan Peeters",
            "has been awarded the degree of Bachelor in de Verpleegkunde",
            "Awarded on 1 July 2021",
        )
    )
    assert values(result) == {
        "holder_name": "Jan Peeters",
        "institution": "KU Leuven",
        "degree": "Bachelor in de Verpleegkunde",
        "award_date": "2021-07-01",
    }


def test_a_diploma_without_award_date_lists_it_missing() -> None:
    result = extract_diploma(text_layer(*DIPLOMAS[0][:7]))
    assert "award_date" not in result.fields
    assert "award_date" in failing(result)["required_fields"]


@pytest.mark.parametrize("language", ["nl", "fr", "en", "de"])
def test_generated_diploma_text_layers(language: str) -> None:
    for seed in range(12):
        sample = diploma(seed, language=language)
        result = extract("diploma", [(0, OcrResult(sample.text_pages[0], source="text_layer"))])
        assert values(result) == sample.truth, (language, seed)


@pytest.mark.parametrize("language", ["nl", "fr", "en", "de"])
def test_a_misread_award_year_that_makes_the_holder_a_child_is_flagged(language: str) -> None:
    sample = diploma(3, language=language)
    page = sample.text_pages[0]
    good = extract("diploma", [(0, OcrResult(page, source="text_layer"))])
    assert {c.code: c.ok for c in good.checks} == {"award_date_plausible": True}
    year = sample.truth["award_date"][:4]
    misread = str(int(year) - 50)  # 1989 -> 1939: one digit misread
    bad = extract("diploma", [(0, OcrResult(page.replace(year, misread), source="text_layer"))])
    assert bad.fields["award_date"].value.startswith(misread)
    assert not {c.code: c.ok for c in bad.checks}["award_date_plausible"]


def test_passport_fields_come_from_the_mrz_with_page_and_box() -> None:
    mrz = parse_mrz(
        [
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
        ],
        date(2026, 1, 1),
    )
    assert mrz is not None
    located = type(mrz)(**{**mrz.__dict__, "bbox": (40, 800, 1400, 150)})
    result = extract_passport(located, page=3)
    assert values(result)["surname"] == "ERIKSSON"
    assert all(f.page == 3 and f.bbox == (40, 800, 1400, 150) for f in result.fields.values())
    assert failing(result) == {"document_expired": "Document expired on 2012-04-15."}
    assert extract("passport", [(3, OcrResult(""))], located).fields == result.fields


def test_a_passport_without_mrz_extracts_nothing_and_says_so() -> None:
    result = extract("passport", [], None)
    assert result.fields == {}
    assert "required_fields" in failing(result)


def test_unknown_documents_extract_nothing() -> None:
    assert extract("unknown", text_layer("Werkgever: X")) == Extraction()


@pytest.mark.parametrize(
    "lines",
    [
        [
            "Federal University of Minas Gerais",
            "Office of the Registrar – Academic Transcript",
            "Name: Anna Maria ERIKSSON",
            "Date of birth: 09/07/1992",
            "Degree awarded: Master of Science in Data Science",
            "Date of award: 25 February 2019",
            "This transcript was issued on 6 July 2025.",
        ],
        [
            "Hogeschool PXL",
            "Naam: Anna Maria ERIKSSON",
            "Studentennummer: 60238789",
            "Behaalde graad: Master of Science in Data Science",
            "Datum toekenning: 25 februari 2019",
            "Dit uittreksel werd afgeleverd op 1 maart 2020.",
        ],
        [
            "Haute École Galilée",
            "Nom : Anna Maria ERIKSSON",
            "Grade obtenu : Master of Science in Data Science",
            "Date d'obtention : 25 février 2019",
            "Document délivré le 5 juin 2020 pour servir et valoir ce que de droit.",
        ],
    ],
    ids=["en", "nl", "fr"],
)
def test_a_transcripts_labels_win_over_its_issue_date(lines: list[str]) -> None:
    assert values(extract_diploma(text_layer(*lines))) == {
        "holder_name": "Anna Maria ERIKSSON",
        "institution": lines[0],
        "degree": "Master of Science in Data Science",
        "award_date": "2019-02-25",
    }


def test_a_certificates_phrases_and_degree_may_break_over_lines() -> None:
    result = extract_diploma(
        text_layer(
            "UCLouvain",
            "Le Jury, ayant constaté la réussite des épreuves, décerne à",
            "Jericho de los Santos",
            "né à Iloilo City le 27 août 1977",
            "le grade académique de",
            "Master ingénieur civil en",
            "chimie",
            "avec grande distinction",
            "Fait à Louvain-la-Neuve, le 27 juin 2010",
            "Le Recteur   Le Doyen",
        )
    )
    assert values(result) == {
        "holder_name": "Jericho de los Santos",
        "institution": "UCLouvain",
        "degree": "Master ingénieur civil en chimie",
        "award_date": "2010-06-27",
    }
    assert {c.code: c.ok for c in result.checks} == {"award_date_plausible": True}


def test_a_certificate_in_two_columns_is_read_one_column_after_the_other() -> None:
    # Tesseract ran the Dutch and the English column into one line each, as it does when
    # two centred columns face each other across a gutter.
    rows = [
        ("KU Leuven", ""),
        ("verleent aan", "hereby certifies that"),
        ("Arjun Venkatesh", "Arjun Venkatesh"),
        ("de graad van", "has been awarded the degree of"),
        ("Master in de Rechten", "Master of Laws"),
        ("Gegeven te Leuven op 27/09/2015", "Given at Leuven on 27/09/2015"),
    ]
    words: list[Word] = []
    for row, (dutch, english) in enumerate(rows, start=1):
        y = 100 * row
        line = [*_words(dutch, 200, y, 1, 0.95), *_words(english, 1400, y, 1, 0.95)]
        words += [Word(w.text, w.confidence, w.bbox, (1, 1, row)) for w in line]
    result = extract_diploma([(0, OcrResult("", tuple(words), "ocr", 0.95))])
    assert values(result) == {
        "holder_name": "Arjun Venkatesh",
        "institution": "KU Leuven",
        "degree": "Master in de Rechten",
        "award_date": "2015-09-27",
    }


def test_a_centred_certificate_with_two_signatures_is_one_column() -> None:
    # Centred lines cross the middle of the page; only the signature rows have a gutter.
    rows = [
        ("Universiteit Gent", 700),
        ("verleent aan", 800),
        ("Arjun Venkatesh", 760),
        ("de graad van", 760),
        ("Bachelor in de Rechten", 800),
        ("Gegeven te Gent op 27/09/2015", 600),
    ]
    words: list[Word] = []
    for row, (text, x) in enumerate(rows, start=1):
        words += _words(text, x, 100 * row, 1, 0.95)
    for row, (left, right) in enumerate(
        [("De Rector", "De Decaan"), ("Jan Peeters", "Els Maes"), ("handtekening", "stempel")],
        start=len(rows) + 1,
    ):
        # Tesseract gives each signature row as one line across the page.
        words += _words(left, 200, 100 * row, 2, 0.95) + _words(right, 1400, 100 * row, 2, 0.95)
    result = extract_diploma([(0, OcrResult("", tuple(words), "ocr", 0.95))])
    assert values(result)["degree"] == "Bachelor in de Rechten"
