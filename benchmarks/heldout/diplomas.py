"""Degree certificates from Belgian and foreign institutions, in three layouts.

The layouts are those a caseworker sees most: the centred ceremonial certificate (often
landscape, with a border and a seal), the registrar's transcript header with labelled lines and a
table of courses, and the bilingual certificate printed in two columns. Each carries other dates
than the award date (birth, academic year, date of issue of the transcript) and numbers (diploma
and student numbers, credits) that an extractor must leave alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from PIL import ImageDraw

from benchmarks.synth.render import mm
from benchmarks.synth.sample import Sample

from .identities import Worker, worker
from .typeset import TYPEFACES, Sheet
from .wording import DateStyle, date_style, write_date

# (institution as named on the certificate, its city, kind of school)
INSTITUTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "nl": (
        ("Universiteit Gent", "Gent"), ("KU Leuven", "Leuven"),
        ("Universiteit Antwerpen", "Antwerpen"),
        ("Vrije Universiteit Brussel", "Brussel"), ("Hogeschool Gent", "Gent"),
        ("Arteveldehogeschool", "Gent"), ("Thomas More Hogeschool", "Mechelen"),
        ("Hogeschool PXL", "Hasselt"),
    ),
    "fr": (
        ("Université libre de Bruxelles", "Bruxelles"), ("Université de Liège", "Liège"),
        ("UCLouvain", "Louvain-la-Neuve"), ("Université de Mons", "Mons"),
        ("Haute École Louvain en Hainaut", "Charleroi"),
        ("Haute École de la Province de Liège", "Liège"), ("Haute École Galilée", "Bruxelles"),
    ),
    "de": (
        ("Fachhochschule Aachen", "Aachen"), ("Hochschule Niederrhein", "Krefeld"),
        ("Autonome Hochschule Ostbelgien", "Eupen"),
        ("Technische Universität Dortmund", "Dortmund"),
        ("Fachhochschule Südwestfalen", "Iserlohn"),
    ),
    "en": (
        ("University of Mumbai", "Mumbai"), ("Anna University", "Chennai"),
        ("Jawaharlal Nehru Technological University Hyderabad", "Hyderabad"),
        ("University of Warsaw", "Warsaw"), ("Warsaw University of Technology", "Warsaw"),
        ("Federal University of Minas Gerais", "Belo Horizonte"),
        ("Middle East Technical University", "Ankara"),
        ("Istanbul Technical University", "Istanbul"),
        ("University of the Philippines Diliman", "Quezon City"),
        ("University of Santo Tomas", "Manila"), ("University of Lagos", "Lagos"),
    ),
}  # fmt: skip

DEGREES: dict[str, tuple[str, ...]] = {
    "nl": (
        "Master in de rechten", "Bachelor in de verpleegkunde", "Master in de bedrijfseconomie",
        "Bachelor in het bedrijfsmanagement", "Master of Science in de industriële wetenschappen",
        "Bachelor in de toegepaste informatica",
    ),
    "fr": (
        "Master en sciences de gestion", "Bachelier en soins infirmiers",
        "Master en sciences informatiques", "Bachelier en comptabilité",
        "Master ingénieur civil en chimie", "Bachelier en informatique de gestion",
    ),
    "de": (
        "Bachelor of Engineering", "Master of Science", "Bachelor of Arts",
        "Diplom-Ingenieur (FH)", "Bachelor of Science",
    ),
    "en": (
        "Bachelor of Technology in Computer Science and Engineering",
        "Master of Science in Mechanical Engineering", "Bachelor of Science in Nursing",
        "Master of Business Administration",
        "Bachelor of Engineering in Electronics and Communication",
        "Master of Science in Data Science",
    ),
}  # fmt: skip

# Degrees whose title is the same in both columns of a bilingual certificate.
_BILINGUAL_DEGREES = (
    "Master of Science in Business Engineering",
    "Master of Science in Computer Science",
    "Master of Science in Biomedical Engineering",
    "Bachelor of Science in Chemistry",
)
_BILINGUAL_INSTITUTIONS = {
    "nl": (("KU Leuven", "Leuven"), ("Vrije Universiteit Brussel", "Brussel")),
    "fr": (("UCLouvain", "Louvain-la-Neuve"), ("Université libre de Bruxelles", "Bruxelles")),
    "de": (("Autonome Hochschule Ostbelgien", "Eupen"),),
}


@dataclass(frozen=True)
class Award:
    lang: str
    institution: str
    city: str
    degree: str
    holder: Worker
    name: str  # as written on the certificate
    awarded: date
    birth_stated: bool
    dates: DateStyle
    serial: str

    def d(self, day: date, lang: str | None = None) -> str:
        return write_date(day, lang or self.lang, self.dates)


def _draw(rng: random.Random, lang: str, bilingual: bool) -> Award:
    if bilingual:
        institution, city = rng.choice(_BILINGUAL_INSTITUTIONS[lang])
        degree = rng.choice(_BILINGUAL_DEGREES)
    else:
        institution, city = rng.choice(INSTITUTIONS[lang])
        degree = rng.choice(DEGREES[lang])
    holder = worker(rng)
    case = rng.randrange(3)
    name = holder.written(upper_surname=case == 1)
    if case == 2:
        name = name.upper()
    year = rng.randint(2008, 2024)
    awarded = date(year, rng.choice((6, 7, 9, 1, 2)), rng.randint(1, 28))
    styles = date_style(rng, lang)
    return Award(
        lang=lang,
        institution=institution,
        city=city,
        degree=degree,
        holder=holder,
        name=name,
        awarded=awarded,
        birth_stated=rng.random() < 0.5,
        dates=styles,
        serial=f"{rng.randint(10, 99)}/{year}/{rng.randint(10000, 999999)}",
    )


def _born(a: Award, lang: str) -> str:
    born, place = a.d(a.holder.birth_date, lang), a.holder.birthplace
    female = a.holder.sex == "F"
    return {
        "nl": f"geboren te {place} op {born}",
        "fr": f"{'née' if female else 'né'} à {place} le {born}",
        "en": f"born in {place} on {born}",
        "de": f"geboren am {born} in {place}",
    }[lang]


def _conferral(a: Award, lang: str, rng: random.Random) -> tuple[str, str, str]:
    """The sentence around the holder and the degree: (before name, between, after degree)."""
    female = a.holder.sex == "F"
    if lang == "nl":
        return (
            rng.choice((f"De rector van de {a.institution} verleent aan", "verleent aan")),
            rng.choice(("de graad van", "het diploma van")),
            rng.choice(("met onderscheiding", "op voordracht van de examencommissie")),
        )
    if lang == "fr":
        return (
            rng.choice(
                ("Le Jury, ayant constaté la réussite des épreuves, décerne à", "décerne à")
            ),
            rng.choice(("le grade académique de", "le diplôme de")),
            rng.choice(("avec la mention distinction", "avec fruit")),
        )
    if lang == "de":
        return (
            f"verleiht {'Frau' if female else 'Herrn'}",
            "nach erfolgreichem Abschluss des Studiums den akademischen Grad",
            rng.choice(("mit der Gesamtnote gut (2,1)", "mit Auszeichnung")),
        )
    return (
        rng.choice(
            (
                "The Senate, on the recommendation of the Faculty, hereby certifies that",
                "This is to certify that",
            )
        ),
        rng.choice(("has been awarded the degree of", "is awarded the degree of")),
        "with all the rights and privileges pertaining thereto",
    )


def _given_at(a: Award, lang: str) -> str:
    day = a.d(a.awarded, lang)
    return {
        "nl": f"Gegeven te {a.city} op {day}",
        "fr": f"Fait à {a.city}, le {day}",
        "en": f"Given at {a.city} on {day}",
        "de": f"{a.city}, den {day}",
    }[lang]


def _seal(sheet: Sheet, x: int, y: int) -> None:
    """A round embossed-looking seal: concentric rings in light grey."""
    draw: ImageDraw.ImageDraw = sheet.draw
    for radius, shade in ((mm(15, sheet.dpi), 150), (mm(12, sheet.dpi), 170)):
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=shade, width=4)


def _ceremonial(a: Award, rng: random.Random, dpi: int) -> Sheet:
    landscape = rng.random() < 0.5
    paper = (297.0, 210.0) if landscape else (210.0, 297.0)
    sheet = Sheet(
        dpi, rng.choice(TYPEFACES), 12.0, paper_mm=paper, margins_mm=(30, 25, 30, 20), ink=25
    )
    inset = mm(12, dpi)
    w, h = sheet.size
    sheet.draw.rectangle((inset, inset, w - inset, h - inset), outline=90, width=6)
    sheet.draw.rectangle(
        (inset + 18, inset + 18, w - inset - 18, h - inset - 18), outline=140, width=2
    )
    before, between, after = _conferral(a, a.lang, rng)
    sheet.line(a.institution, bold=True, size_pt=22, align="centre")
    sheet.space(8 if landscape else 16)
    sheet.paragraph(before, align="centre", size_pt=13)
    sheet.line(a.name, bold=True, size_pt=20, align="centre")
    sheet.space(3)
    if a.birth_stated:
        sheet.paragraph(_born(a, a.lang), align="centre")
    sheet.paragraph(between, align="centre", size_pt=13)
    sheet.line(a.degree, bold=True, size_pt=17, align="centre")
    sheet.space(3)
    sheet.paragraph(after, align="centre")
    sheet.space(6 if landscape else 16)
    sheet.line(_given_at(a, a.lang), align="centre")
    sheet.space(4)
    roles = {
        "nl": ["De rector", "De decaan"],
        "fr": ["Le Recteur", "Le Doyen"],
        "en": ["Vice-Chancellor", "Registrar"],
        "de": ["Der Präsident", "Die Dekanin"],
    }[a.lang]
    signers = [f"{worker(rng).given} {worker(rng).surname}" for _ in roles]
    sheet.signatures(rng, roles, names=signers)
    _seal(sheet, w // 2, h - mm(40, dpi))
    sheet.line(f"No. {a.serial}", size_pt=8, align="right")
    return sheet


def _transcript(a: Award, rng: random.Random, dpi: int) -> Sheet:
    sheet = Sheet(dpi, rng.choice(TYPEFACES), 10.0, ink=15)
    sheet.line(a.institution, bold=True, size_pt=15)
    office = {
        "nl": "Studentenadministratie – Diplomasupplement",
        "fr": "Service des inscriptions – Relevé de notes et attestation de réussite",
        "en": "Office of the Registrar – Academic Transcript",
        "de": "Prüfungsamt – Zeugnis und Notenübersicht",
    }[a.lang]
    sheet.line(office)
    sheet.space(6)
    labels = {
        "nl": ("Naam:", "Geboortedatum:", "Studentennummer:", "Behaalde graad:",
               "Datum toekenning:"),
        "fr": ("Nom :", "Date de naissance :", "Matricule :", "Grade obtenu :",
               "Date d'obtention :"),
        "en": ("Name:", "Date of birth:", "Student number:", "Degree awarded:", "Date of award:"),
        "de": ("Name:", "Geburtsdatum:", "Matrikelnummer:", "Akademischer Grad:", "Verliehen am:"),
    }[a.lang]  # fmt: skip
    sheet.field(labels[0], a.name)
    if a.birth_stated:
        sheet.field(labels[1], a.d(a.holder.birth_date))
    sheet.field(labels[2], f"{rng.randint(10_000_000, 99_999_999)}")
    sheet.field(labels[3], a.degree)
    sheet.field(labels[4], a.d(a.awarded))
    sheet.space(6)
    header = {
        "nl": "Opleidingsonderdeel   Studiepunten   Resultaat",
        "fr": "Unité d'enseignement   Crédits   Note",
        "en": "Course   Credits   Grade",
        "de": "Modul   ECTS   Note",
    }[a.lang]
    sheet.line(header, bold=True)
    courses = (
        "Linear Algebra", "Thermodynamics", "Project Management", "Statistics II",
        "Databases", "Professional Ethics", "Internship", "Master's Thesis",
    )  # fmt: skip
    for course in rng.sample(courses, rng.randint(4, 7)):
        sheet.line(f"{course}   {rng.choice((3, 5, 6, 15))}   {rng.randint(11, 18)}/20")
    sheet.space(6)
    issued = a.d(date(a.awarded.year + 1, rng.randint(1, 12), rng.randint(1, 28)))
    sheet.paragraph(
        {
            "nl": f"Dit uittreksel werd afgeleverd op {issued}.",
            "fr": f"Document délivré le {issued} pour servir et valoir ce que de droit.",
            "en": f"This transcript was issued on {issued}.",
            "de": f"Ausgestellt am {issued}.",
        }[a.lang]
    )
    sheet.signatures(rng, ["Registrar"], names=[f"{worker(rng).given} {worker(rng).surname}"])
    return sheet


def _bilingual(a: Award, rng: random.Random, dpi: int) -> Sheet:
    sheet = Sheet(dpi, rng.choice(TYPEFACES), 11.0, ink=20)
    sheet.line(a.institution, bold=True, size_pt=20, align="centre")
    sheet.space(12)
    columns = []
    for lang in (a.lang, "en"):
        before, between, after = _conferral(a, lang, rng)
        paragraphs = [before, a.name]
        if a.birth_stated:
            paragraphs.append(_born(a, lang))
        paragraphs += [between, a.degree, after, _given_at(a, lang)]
        columns.append(paragraphs)
    sheet.columns(columns[0], columns[1])
    sheet.space(20)
    signers = [f"{worker(rng).given} {worker(rng).surname}" for _ in range(2)]
    sheet.signatures(rng, ["Rector", "Dean"], names=signers)
    sheet.line(f"Diploma {a.serial}", size_pt=8, align="right")
    return sheet


def diploma(seed: int, lang: str, *, dpi: int = 300) -> Sample:
    """One certificate; `lang` is its main language ("nl", "fr", "de" or "en" for foreign ones).

    English-language certificates come from foreign universities; the bilingual layout exists
    only for Belgian and German-speaking institutions.
    """
    rng = random.Random(f"heldout-diploma-{lang}-{seed}")
    layout = rng.choice(
        ("ceremonial", "transcript", "bilingual") if lang != "en" else ("ceremonial", "transcript")
    )
    a = _draw(rng, lang, bilingual=layout == "bilingual")
    build = {"ceremonial": _ceremonial, "transcript": _transcript, "bilingual": _bilingual}[layout]
    pages, texts = build(a, rng, dpi).finish()
    truth = {
        "holder_name": a.name,
        "institution": a.institution,
        "degree": a.degree,
        "award_date": a.awarded.isoformat(),
    }
    return Sample("diploma", pages, dpi, truth, texts)
