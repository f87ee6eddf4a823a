"""People, employers and addresses as they turn up in Belgian work-permit files.

The workers are largely foreign (the permit is for them), with particles, hyphens, two given
names and accents. Every character exists in Windows-1252, because the born-digital PDFs are set
in a WinAnsi font and must read back exactly as the truth; Polish or Turkish letters outside it
(ł, ı, ş, ğ) are spelt the way Belgian registers transliterate them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

# nationality: (ISO 3166 alpha-3 / ICAO code, male given, female given, surnames, birthplaces)
_POOLS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "BEL": (
        ("Jan", "Koen", "Stijn", "Jean-Pierre", "Benoît", "Thierry", "Jérôme", "Bart"),
        ("Anneleen", "Lies", "Véronique", "Marie-Hélène", "Nathalie", "Griet", "Aurélie"),
        (
            "Peeters", "Van den Bossche", "De Clercq", "van Damme", "Vermeulen", "Lejeune",
            "Van de Velde", "D'Hondt", "Lemaire-Dupuis", "Maes", "de Ridder", "Wouters",
        ),
        ("Gent", "Brugge", "Hasselt", "Liège", "Mons", "Eupen", "Leuven", "Namur"),
    ),
    "POL": (
        ("Tomasz", "Piotr", "Krzysztof", "Marek", "Grzegorz", "Pawel"),
        ("Anna", "Katarzyna", "Magdalena", "Agnieszka", "Joanna", "Ewa"),
        ("Nowak", "Wójcik", "Mazur", "Krawczyk", "Kaczmarek", "Kowalczyk", "Zielinski"),
        ("Kraków", "Warszawa", "Wroclaw", "Poznan", "Gdansk"),
    ),
    "IND": (
        ("Rahul", "Srinivas", "Venkata Ramana", "Arjun", "Harpreet", "Mohammed Irfan"),
        ("Priya", "Lakshmi", "Divya", "Sai Keerthana", "Ananya", "Pooja"),
        ("Subramanian", "Reddy", "Chakraborty", "Iyer", "Venkatesh", "Nair", "Singh"),
        ("Chennai", "Hyderabad", "Pune", "Kolkata", "Kochi", "Ludhiana"),
    ),
    "TUR": (
        ("Mehmet", "Ahmet", "Hüseyin", "Ömer", "Emre", "Yusuf"),
        ("Emine", "Fatma", "Zeynep", "Özlem", "Elif", "Hatice"),
        ("Öztürk", "Yildiz", "Çelik", "Aydin", "Kaya", "Dogan", "Sahin"),
        ("Istanbul", "Kayseri", "Emirdag", "Izmir", "Ankara"),
    ),
    "BRA": (
        ("João Pedro", "Thiago", "Luiz Carlos", "Rafael", "André"),
        ("Ana Clara", "Luíza", "Fernanda", "Débora", "Patrícia"),
        ("Gonçalves", "da Silva", "dos Santos", "Araújo", "de Oliveira", "Ribeiro"),
        ("São Paulo", "Belo Horizonte", "Fortaleza", "Porto Alegre"),
    ),
    "PHL": (
        ("Jose Mari", "Rodel", "Jericho", "Mark Anthony"),
        ("Maria Cristina", "Rowena", "Jonalyn", "Mary Grace"),
        ("Dela Cruz", "de los Santos", "Villanueva", "Macaraeg", "Bautista"),
        ("Manila", "Cebu City", "Iloilo City", "Baguio"),
    ),
    "MAR": (
        ("Mohammed", "Youssef", "Soufiane", "Abdelkader", "Anouar"),
        ("Fatima-Zahra", "Khadija", "Soukaina", "Naima", "Hafsa"),
        ("El Amrani", "Ait Ouali", "Bouzid", "El Khattabi", "Ben Ali", "Azzouzi"),
        ("Tanger", "Nador", "Casablanca", "Al Hoceima", "Oujda"),
    ),
    "NGA": (
        ("Chinedu", "Oluwaseun", "Emeka", "Babatunde"),
        ("Ngozi", "Folake", "Chiamaka", "Temitope"),
        ("Okafor", "Adeyemi", "Nwosu", "Balogun", "Eze"),
        ("Lagos", "Enugu", "Ibadan", "Abuja"),
    ),
    "UKR": (
        ("Oleksandr", "Dmytro", "Bohdan", "Vasyl"),
        ("Olena", "Iryna", "Oksana", "Halyna"),
        ("Shevchenko", "Kovalchuk", "Hnatiuk", "Tkachuk", "Savchenko"),
        ("Lviv", "Kharkiv", "Vinnytsia", "Odesa"),
    ),
}  # fmt: skip

NATIONALITIES: tuple[str, ...] = tuple(_POOLS)


@dataclass(frozen=True)
class Worker:
    """The employee or diploma holder."""

    given: str
    surname: str
    sex: str  # "M" or "F"
    birth_date: date
    birthplace: str
    nationality: str

    def written(self, upper_surname: bool) -> str:
        """Given names then surname, the surname in capitals if the drafter writes it so."""
        surname = self.surname.upper() if upper_surname else self.surname
        return f"{self.given} {surname}"


def worker(rng: random.Random, nationality: str | None = None) -> Worker:
    code = nationality or rng.choice(NATIONALITIES)
    men, women, surnames, places = _POOLS[code]
    sex = rng.choice("MF")
    given = rng.choice(men if sex == "M" else women)
    born = date(1962, 1, 1) + timedelta(days=rng.randint(0, 42 * 365))
    return Worker(given, rng.choice(surnames), sex, born, rng.choice(places), code)


@dataclass(frozen=True)
class Address:
    street: str
    number: str
    postcode: str
    city: str

    def line(self, lang: str) -> str:
        """Belgian order: street and number, then postcode and municipality."""
        if lang == "fr" and self.street[0].islower():
            return f"{self.number}, {self.street}, {self.postcode} {self.city}"
        return f"{self.street} {self.number}, {self.postcode} {self.city}"


_STREETS = {
    "nl": ("Brusselsesteenweg", "Kortrijksesteenweg", "Industrieweg", "Veldstraat", "Meir"),
    "fr": ("Rue Royale", "Chaussée de Waterloo", "Avenue de Tervueren", "Rue Haute", "Quai Mativa"),
    "de": ("Aachener Straße", "Hookstraße", "Klosterstraße", "Herbesthaler Straße"),
    "en": ("Boulevard du Roi Albert II", "Avenue Louise", "Kunstlaan", "Leuvensesteenweg"),
}
_TOWNS = {
    "nl": (("9000", "Gent"), ("2018", "Antwerpen"), ("3500", "Hasselt"), ("8500", "Kortrijk")),
    "fr": (("1050", "Ixelles"), ("4000", "Liège"), ("5000", "Namur"), ("7000", "Mons")),
    "de": (("4700", "Eupen"), ("4780", "Sankt Vith"), ("4720", "Kelmis")),
    "en": (("1000", "Brussels"), ("1210", "Saint-Josse-ten-Noode"), ("1930", "Zaventem")),
}


def address(rng: random.Random, lang: str) -> Address:
    postcode, city = rng.choice(_TOWNS[lang])
    number = f"{rng.randint(1, 240)}{rng.choice(['', '', '', ' bus 3', 'A', '/2'])}"
    return Address(rng.choice(_STREETS[lang]), number, postcode, city)


_STEMS = (
    "Brabo Logistics", "Vanhove Bouw", "Mosane Ingénierie", "Kempen Foods", "Scaldis IT Services",
    "Ardenne Soins", "Atelier Lemaire", "Delta Consult", "Noordzee Offshore", "Eifel Technik",
    "Hainaut Métal", "Leiedal Transport", "Cuisines Bastin", "Zonnebloem Zorg", "Vesdre Plastics",
)  # fmt: skip
_FORMS = {
    "nl": ("NV", "BV", "VZW", "CommV", ""),
    "fr": ("SA", "SRL", "SPRL", "ASBL", ""),
    "de": ("GmbH", "AG", "PGmbH", ""),
    "en": ("NV", "SA", "BV", "SRL", "Ltd", ""),
}
LONG_FORMS = {
    "NV": "naamloze vennootschap",
    "BV": "besloten vennootschap",
    "SA": "société anonyme",
    "SRL": "société à responsabilité limitée",
    "GmbH": "Gesellschaft mit beschränkter Haftung",
}


@dataclass(frozen=True)
class Employer:
    name: str  # with the legal form as written, e.g. "Brabo Logistics NV"
    form: str
    enterprise_number: str
    seat: Address
    representative: Worker
    role: str


_ROLES = {
    "nl": ("zaakvoerder", "gedelegeerd bestuurder", "HR-directeur", "bestuurder"),
    "fr": ("administrateur délégué", "gérant", "directrice des ressources humaines", "gérante"),
    "en": ("Managing Director", "HR Manager", "Director"),
    "de": ("Geschäftsführer", "Personalleiterin", "Prokurist"),
}


def employer(rng: random.Random, lang: str, enterprise_number: str) -> Employer:
    form = rng.choice(_FORMS[lang])
    stem = rng.choice(_STEMS)
    name = f"{stem} {form}".strip()
    boss = worker(rng, "BEL")
    return Employer(
        name, form, enterprise_number, address(rng, lang), boss, rng.choice(_ROLES[lang])
    )
