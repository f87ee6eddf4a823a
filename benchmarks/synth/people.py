"""Seeded, realistic-looking identities, employers and jobs.

All draws go through a `random.Random` passed in by the caller, so one seed fixes a whole document.
Every name is spelt with characters that exist in Windows-1252: the born-digital PDFs use a
standard WinAnsi font, and the text layer must read back exactly as the ground truth.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

NATIONALITIES: tuple[str, ...] = (
    "BEL",
    "IND",
    "PHL",
    "TUR",
    "MAR",
    "BRA",
    "UKR",
    "USA",
    "NLD",
    "D",
)

# (male given names, female given names, surnames, places of birth) per nationality code.
_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "BEL": (
        ("Pieter", "Jan", "Wouter", "Luc", "Noël", "François", "Thibault", "Maarten", "Jef"),
        ("Hélène", "Sofie", "Ann", "Marie-Claire", "Elke", "Chloé", "Lien", "Joëlle", "Inès"),
        (
            "Vandenberghe",
            "Peeters",
            "Janssens",
            "Dupont",
            "Lambert",
            "De Smet",
            "Van den Broeck",
            "Claes",
            "Mertens",
            "Dubois",
            "Goossens",
            "Willems",
        ),
        ("Antwerpen", "Gent", "Liège", "Brussel", "Charleroi", "Leuven", "Namur"),
    ),
    "IND": (
        ("Rahul", "Arjun", "Vikram", "Sanjay", "Aditya", "Rohan", "Karthik"),
        ("Priya", "Ananya", "Lakshmi", "Deepika", "Kavya", "Sneha", "Meera"),
        ("Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta", "Krishnan", "Banerjee", "Desai"),
        ("Mumbai", "Chennai", "Bengaluru", "Hyderabad", "Kolkata", "Pune"),
    ),
    "PHL": (
        ("Jose", "Mark Anthony", "John Paul", "Rafael", "Miguel", "Jericho"),
        ("Maria Cristina", "Angelica", "Kristine", "Jasmine", "Rowena", "Maricel"),
        ("Santos", "Reyes", "Cruz", "Bautista", "Dela Cruz", "Garcia", "Mendoza", "Villanueva"),
        ("Manila", "Cebu City", "Davao City", "Quezon City", "Iloilo City"),
    ),
    "TUR": (
        ("Mehmet", "Emre", "Burak", "Mustafa", "Hüseyin", "Can", "Gökhan", "Ömer"),
        ("Zeynep", "Elif", "Selin", "Özge", "Merve", "Ebru", "Derya"),
        ("Çelik", "Öztürk", "Kaya", "Demir", "Koç", "Arslan", "Özdemir", "Aksoy", "Gül", "Polat"),
        ("Istanbul", "Ankara", "Izmir", "Bursa", "Antalya", "Konya"),
    ),
    "MAR": (
        ("Mohamed", "Youssef", "Hamza", "Karim", "Mehdi", "Rachid"),
        ("Fatima Zahra", "Salma", "Khadija", "Imane", "Nadia", "Houda"),
        ("El Amrani", "Benali", "Bennani", "Tazi", "El Idrissi", "Alaoui", "Ouazzani"),
        ("Casablanca", "Rabat", "Fès", "Tanger", "Marrakech", "Oujda"),
    ),
    "BRA": (
        ("João", "Lucas", "Gabriel", "Rafael", "André", "Thiago", "Luís"),
        ("Ana Beatriz", "Júlia", "Fernanda", "Letícia", "Camila", "Mariana"),
        ("Gonçalves", "Araújo", "Silva", "Dos Santos", "Oliveira", "Pereira", "Conceição"),
        ("São Paulo", "Rio de Janeiro", "Belo Horizonte", "Recife", "Curitiba"),
    ),
    "UKR": (
        ("Andrii", "Dmytro", "Oleksandr", "Serhii", "Taras", "Mykola"),
        ("Oksana", "Olena", "Iryna", "Kateryna", "Nataliia", "Yuliia"),
        ("Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Melnyk", "Kravchenko", "Boiko"),
        ("Kyiv", "Lviv", "Kharkiv", "Odesa", "Dnipro"),
    ),
    "USA": (
        ("Michael", "James", "Robert", "Daniel", "Christopher", "Matthew"),
        ("Jennifer", "Emily", "Sarah", "Jessica", "Ashley", "Rebecca"),
        ("Johnson", "Williams", "Brown", "Miller", "O'Connor", "Anderson", "Thompson"),
        ("Chicago", "Boston", "Houston", "Seattle", "Denver", "Atlanta"),
    ),
    "NLD": (
        ("Daan", "Sem", "Bram", "Thijs", "Joost", "Ruben"),
        ("Anouk", "Fleur", "Sanne", "Eva", "Lotte", "Noortje"),
        ("De Jong", "Van der Meer", "Bakker", "Visser", "Smit", "Van Dijk", "Mulder", "De Vries"),
        ("Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Groningen"),
    ),
    "D": (
        ("Jürgen", "Lukas", "Maximilian", "Jonas", "Felix", "Matthias"),
        ("Anna Maria", "Sophie", "Katharina", "Lena", "Jülide", "Hannah"),
        ("Müller", "Schröder", "Weiß", "Becker", "Schäfer", "Hoffmann", "Krüger", "Groß"),
        ("München", "Berlin", "Hamburg", "Köln", "Frankfurt am Main", "Stuttgart"),
    ),
}


@dataclass(frozen=True)
class Person:
    """A document holder. Names keep their diacritics; the MRZ transliterates them."""

    given_names: str
    surname: str
    nationality: str
    sex: str  # "M", "F" or "X"
    birth_date: date
    place_of_birth: str

    @property
    def full_name(self) -> str:
        """Name in reading order, as a contract or diploma writes it."""
        return f"{self.given_names} {self.surname}"


@dataclass(frozen=True)
class Employer:
    """A Belgian company as it appears in the header of an employment contract."""

    name: str
    enterprise_number: str
    street: str
    postcode: str
    city: str

    @property
    def address(self) -> str:
        """One-line postal address, Belgian order (street number, postcode city)."""
        return f"{self.street}, {self.postcode} {self.city}"


def random_date(rng: random.Random, start: date, end: date) -> date:
    """Uniform date in [start, end]."""
    return start + timedelta(days=rng.randint(0, (end - start).days))


def person(rng: random.Random, nationality: str | None = None) -> Person:
    """Draw a holder with a name typical of their nationality, born 1960-2004."""
    code = nationality or rng.choice(NATIONALITIES)
    males, females, surnames, places = _NAMES[code]
    sex = rng.choices(("M", "F", "X"), weights=(48, 48, 4))[0]
    pool = males if sex == "M" else females if sex == "F" else males + females
    given = rng.choice(pool)
    if " " not in given and "-" not in given and rng.random() < 0.3:
        second = rng.choice(pool)
        if second != given and " " not in second:
            given = f"{given} {second}"
    return Person(
        given_names=given,
        surname=rng.choice(surnames),
        nationality=code,
        sex=sex,
        birth_date=random_date(rng, date(1960, 1, 1), date(2004, 12, 31)),
        place_of_birth=rng.choice(places),
    )


def belgian_mod97(first8: int) -> int:
    """Check number of a Belgian enterprise number: 97 minus the first eight digits mod 97."""
    return 97 - first8 % 97


def enterprise_number(rng: random.Random) -> str:
    """A KBO/BCE number `0xxx.xxx.xxx` whose last two digits satisfy the mod-97 check."""
    first8 = rng.randint(2_000_000, 9_999_999)  # leading 0 + seven digits
    digits = f"{first8:08d}{belgian_mod97(first8):02d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


_COMPANY_STEMS = (
    "Vandenberghe",
    "Peeters",
    "Janssens",
    "Maes",
    "Claes",
    "Wouters",
    "Lambert",
    "Dubois",
    "Lemaire",
    "Mertens",
    "Hermans",
    "Desmet",
    "Verhaegen",
    "Leroy",
    "Renard",
    "Van Damme",
)
_SECTORS = (
    "Logistics",
    "Engineering",
    "Bouw",
    "Techniek",
    "Consulting",
    "Solutions",
    "Transport",
    "Industries",
    "Catering",
    "IT Services",
    "Pharma",
    "Construct",
    "Metaal",
    "Zorg",
)
_BRANDS = ("Technofer", "Medicare", "Brabo", "Euroclean", "Datawise", "Scaldis", "Mosa", "Agora")
# (postcode, city, street names in the local language)
_DUTCH_STREETS = ("Kerkstraat", "Stationsstraat", "Industrieweg", "Nijverheidslaan", "Havenlaan")
_FRENCH_STREETS = ("Rue de la Station", "Avenue Louise", "Rue du Commerce", "Rue de l'Industrie")
_CITIES = (
    ("9000", "Gent", _DUTCH_STREETS),
    ("2000", "Antwerpen", _DUTCH_STREETS),
    ("1000", "Brussel", _DUTCH_STREETS + _FRENCH_STREETS),
    ("4000", "Liège", _FRENCH_STREETS),
    ("3000", "Leuven", _DUTCH_STREETS),
    ("8000", "Brugge", _DUTCH_STREETS),
    ("6000", "Charleroi", _FRENCH_STREETS),
    ("5000", "Namur", _FRENCH_STREETS),
    ("2800", "Mechelen", _DUTCH_STREETS),
    ("3500", "Hasselt", _DUTCH_STREETS),
    ("1300", "Wavre", _FRENCH_STREETS),
    ("7000", "Mons", _FRENCH_STREETS),
)


def employer(rng: random.Random) -> Employer:
    """A Belgian-style company name with a legal form (NV, BV, SA, SRL, BVBA)."""
    form = rng.choice(("NV", "BV", "SA", "SRL", "BVBA"))
    pattern = rng.randrange(3)
    if pattern == 0:
        name = f"{rng.choice(_COMPANY_STEMS)} {rng.choice(_SECTORS)} {form}"
    elif pattern == 1:
        name = f"{rng.choice(_BRANDS)} {form}"
    else:
        name = f"{rng.choice(_COMPANY_STEMS)} & {rng.choice(_COMPANY_STEMS)} {form}"
    postcode, city, streets = rng.choice(_CITIES)
    return Employer(
        name=name,
        enterprise_number=enterprise_number(rng),
        street=f"{rng.choice(streets)} {rng.randint(1, 250)}",
        postcode=postcode,
        city=city,
    )


JOB_TITLES = (
    "Software Engineer",
    "Nurse",
    "Welder",
    "Data Analyst",
    "Chef",
    "Electrician",
    "Truck Driver",
    "Civil Engineer",
    "Accountant",
    "Research Scientist",
    "Mechanic",
    "DevOps Engineer",
    "Pharmacist",
    "Project Manager",
    "Machine Operator",
    "Physiotherapist",
)


def job_title(rng: random.Random) -> str:
    """A job title as written in Belgian contracts, which often keep the English title."""
    return rng.choice(JOB_TITLES)
