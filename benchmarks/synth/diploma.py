"""University diplomas in English, Dutch, French or German on an A4 landscape sheet.

A diploma states the holder, the degree and the award date in running prose rather than labelled
fields, and also shows a birth date and a register number, so extractors have to find the award
date by its wording rather than by being the only date on the page.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

import cv2
import numpy as np
from PIL import Image, ImageDraw

from . import people
from .lang import check_language, long_date
from .render import SERIF, SERIF_BOLD, font, mm, pt, scribble, text_centered
from .sample import Sample

A4_LANDSCAPE_MM = (297.0, 210.0)


@dataclass(frozen=True)
class _Wording:
    document: str
    certifies: str
    born: str  # template with {date} and {place}; French agrees with the holder's sex
    awarded: str
    completed: str  # closing verb phrase after the degree, empty when the language has none
    award_date: str  # template with {date}
    register: str
    signatories: tuple[str, str]
    institutions: tuple[str, ...]
    degrees: tuple[str, ...]


_WORDING = {
    "en": _Wording(
        document="DIPLOMA",
        certifies="hereby certifies that",
        born="born on {date} in {place}",
        awarded="has been awarded the degree of",
        completed="",
        award_date="Awarded on {date}",
        register="Register no.",
        signatories=("Vice-Chancellor", "Dean of the Faculty"),
        institutions=(
            "University of Manchester",
            "University of the Philippines",
            "University of Delhi",
            "Middle East Technical University",
            "University of Toronto",
            "Taras Shevchenko National University of Kyiv",
        ),
        degrees=(
            "Master of Science in Computer Science",
            "Bachelor of Science in Nursing",
            "Bachelor of Engineering in Mechanical Engineering",
            "Master of Business Administration",
            "Doctor of Philosophy in Chemistry",
            "Bachelor of Science in Civil Engineering",
            "Master of Science in Data Science",
        ),
    ),
    "nl": _Wording(
        document="DIPLOMA",
        certifies="verklaart dat",
        born="geboren op {date} te {place}",
        awarded="het diploma van",
        completed="heeft behaald",
        award_date="Uitgereikt op {date}",
        register="Registratienummer",
        signatories=("De rector", "De decaan"),
        institutions=(
            "Universiteit Gent",
            "KU Leuven",
            "Vrije Universiteit Brussel",
            "Universiteit Antwerpen",
            "Universiteit Hasselt",
            "Technische Universiteit Delft",
        ),
        degrees=(
            "Bachelor in de Verpleegkunde",
            "Master in de ingenieurswetenschappen: computerwetenschappen",
            "Master in de rechten",
            "Bachelor in de toegepaste informatica",
            "Master in de bedrijfseconomie",
            "Master in de geneeskunde",
        ),
    ),
    "fr": _Wording(
        document="DIPLÔME",
        certifies="certifie que",
        born="{born} le {date} à {place}",
        awarded="a obtenu le diplôme de",
        completed="",
        award_date="Délivré le {date}",
        register="N° d'enregistrement",
        signatories=("Le Recteur", "Le Doyen"),
        institutions=(
            "Université de Liège",
            "Université libre de Bruxelles",
            "UCLouvain",
            "Université de Namur",
            "Université Mohammed V de Rabat",
            "Université Paris-Saclay",
        ),
        degrees=(
            "Master en sciences de l'ingénieur",
            "Bachelier en soins infirmiers",
            "Master en sciences informatiques",
            "Master en droit",
            "Bachelier en comptabilité",
            "Doctorat en sciences chimiques",
        ),
    ),
    "de": _Wording(
        document="URKUNDE",
        certifies="bescheinigt, dass",
        born="geboren am {date} in {place}",
        awarded="den akademischen Grad",
        completed="erworben hat",
        award_date="Verliehen am {date}",
        register="Registernummer",
        signatories=("Der Präsident", "Der Dekan"),
        institutions=(
            "Technische Universität München",
            "Humboldt-Universität zu Berlin",
            "Universität Hamburg",
            "Rheinisch-Westfälische Technische Hochschule Aachen",
            "Universität zu Köln",
        ),
        degrees=(
            "Master of Science (M.Sc.) Informatik",
            "Bachelor of Engineering Maschinenbau",
            "Diplom-Ingenieur Elektrotechnik",
            "Master of Arts Betriebswirtschaftslehre",
            "Doktor der Naturwissenschaften (Dr. rer. nat.)",
        ),
    ),
}


def _award_date(rng: random.Random, born: date) -> date:
    """Graduation 21-28 years after birth, mostly in the June-July and September sessions."""
    year = min(born.year + rng.randint(21, 28), 2025)
    month = rng.choices((6, 7, 9, 2, 12), weights=(40, 25, 20, 10, 5))[0]
    return date(year, month, rng.randint(1, 28))


def _paper(np_rng: np.random.Generator, width: int, height: int) -> np.ndarray:
    """Off-white certificate stock with a faint low-frequency mottle."""
    coarse = np_rng.normal(0, 1.5, (max(2, height // 64), max(2, width // 64)))
    mottle = cv2.resize(coarse.astype(np.float32), (width, height), interpolation=cv2.INTER_CUBIC)
    return np.clip(246 + mottle, 0, 255).astype(np.uint8)


def diploma(seed: int, *, language: str = "en", dpi: int = 300) -> Sample:
    """Render a diploma with holder, institution, degree and award date as ground truth."""
    wording = _WORDING[check_language(language)]
    rng = random.Random(f"diploma:{language}:{seed}")
    np_rng = np.random.default_rng(rng.getrandbits(64))
    holder = people.person(rng)
    institution = rng.choice(wording.institutions)
    degree = rng.choice(wording.degrees)
    awarded = _award_date(rng, holder.birth_date)
    register = f"{awarded.year}-{rng.randint(100, 99999):05d}"
    born = wording.born.format(
        born="née" if holder.sex == "F" else "né",
        date=long_date(holder.birth_date, language),
        place=holder.place_of_birth,
    )
    # (text, font file, size in pt, top in mm); centred on the sheet.
    lines = [
        (institution, SERIF_BOLD, 26, 24),
        (wording.document, SERIF, 18, 42),
        (wording.certifies, SERIF, 14, 60),
        (holder.full_name, SERIF_BOLD, 26, 71),
        (born, SERIF, 12, 86),
        (wording.awarded, SERIF, 14, 99),
        (degree, SERIF_BOLD, 20, 110),
    ]
    if wording.completed:
        lines.append((wording.completed, SERIF, 14, 124))
    award_line = wording.award_date.format(date=long_date(awarded, language))
    lines.append((award_line, SERIF, 13, 138 if wording.completed else 128))

    width, height = mm(A4_LANDSCAPE_MM[0], dpi), mm(A4_LANDSCAPE_MM[1], dpi)
    image = Image.fromarray(_paper(np_rng, width, height))
    draw = ImageDraw.Draw(image)
    outer, inner = mm(10, dpi), mm(13, dpi)
    draw.rectangle((outer, outer, width - outer, height - outer), outline=70, width=mm(1.2, dpi))
    draw.rectangle((inner, inner, width - inner, height - inner), outline=90, width=mm(0.3, dpi))
    max_width = width - 2 * mm(22, dpi)
    for line, face_path, size, top in lines:
        face = font(face_path, pt(size, dpi))
        while face.getlength(line) > max_width:  # long degree titles shrink, as typeset ones do
            size -= 1
            face = font(face_path, pt(size, dpi))
        text_centered(draw, width // 2, mm(top, dpi), line, face)

    caption_font = font(SERIF, pt(11, dpi))
    rule_y = mm(176, dpi)
    for centre_mm, caption in zip((70, A4_LANDSCAPE_MM[0] - 70), wording.signatories, strict=True):
        centre = mm(centre_mm, dpi)
        left, right = centre - mm(32, dpi), centre + mm(32, dpi)
        draw.line((left, rule_y, right, rule_y), fill=40, width=max(1, mm(0.25, dpi)))
        box = (left + mm(6, dpi), rule_y - mm(12, dpi), right - mm(6, dpi), rule_y - mm(1, dpi))
        draw.line(scribble(rng, box), fill=25, width=max(1, mm(0.4, dpi)), joint="curve")
        text_centered(draw, centre, rule_y + mm(2.5, dpi), caption, caption_font)
    seal_x, seal_y = width // 2, mm(174, dpi)
    for radius, stroke in ((mm(14, dpi), mm(0.8, dpi)), (mm(11, dpi), mm(0.3, dpi))):
        draw.ellipse(
            (seal_x - radius, seal_y - radius, seal_x + radius, seal_y + radius),
            outline=120,
            width=max(1, stroke),
        )
    register_line = f"{wording.register} {register}"
    draw.text(
        (mm(18, dpi), height - mm(22, dpi)), register_line, font=font(SERIF, pt(8, dpi)), fill=60
    )

    text = [line for line, _, _, _ in lines]
    text += [f"{wording.signatories[0]}    {wording.signatories[1]}", register_line]
    truth = {
        "holder_name": holder.full_name,
        "institution": institution,
        "degree": degree,
        "award_date": awarded.isoformat(),
    }
    return Sample(
        kind="diploma",
        pages=[np.asarray(image).copy()],
        dpi=dpi,
        truth=truth,
        text_pages=["\n".join(text)],
    )
