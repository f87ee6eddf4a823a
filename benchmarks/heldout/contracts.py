"""Belgian employment contracts in Dutch, French, English and German, as drafters write them.

Two drafting traditions are mixed: the notarial one, where the parties are introduced in running
prose ("TUSSEN ... hierna genoemd 'de werkgever', EN ..."), and the HR-template one, with labelled
lines ("Werkgever: ..., met maatschappelijke zetel te ..."). Articles come in varied order among
clauses that carry no field at all but plenty of dates, amounts and numbers that an extractor must
not take for the salary, the start date or the joint committee: the law of 3 July 1978, meal
vouchers, eco-vouchers, notice periods, the signing date.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from benchmarks.synth.sample import Sample

from .identities import LONG_FORMS, Employer, Worker, address, employer, worker
from .typeset import TYPEFACES, Sheet
from .wording import (
    DateStyle,
    MoneyStyle,
    date_style,
    enterprise_number,
    money_style,
    write_amount,
    write_date,
    write_enterprise_number,
)

JOBS: dict[str, tuple[str, ...]] = {
    "nl": (
        "boekhouder", "magazijnmedewerker", "verpleegkundige", "Java-ontwikkelaar",
        "projectingenieur", "vrachtwagenchauffeur", "data-analist", "lasser-monteerder",
    ),
    "fr": (
        "comptable", "infirmière en soins généraux", "ingénieur de projet",
        "technicien de maintenance", "développeur .NET", "chef de chantier", "magasinier-cariste",
    ),
    "en": (
        "Data Analyst", "Senior Software Engineer", "Process Engineer", "Financial Controller",
        "Research Associate", "DevOps Engineer", "Clinical Data Manager",
    ),
    "de": (
        "Softwareentwickler", "Krankenpfleger", "Elektrotechniker", "Buchhalterin", "Schweißer",
        "Projektleiter", "Lagerist",
    ),
}  # fmt: skip

_COMMITTEES = ("200", "200", "124", "302", "330", "111", "118", "226", "140.03")


@dataclass(frozen=True)
class Terms:
    """Everything one contract states, and how its drafter writes it."""

    lang: str
    boss: Employer
    employee: Worker
    name: str  # the employee's name as written
    birth_stated: bool
    job: str
    committee: str | None
    hours: int
    cents: int
    period: str
    start: date
    end: date | None
    signed: date
    dates: DateStyle
    money: MoneyStyle
    prose_parties: bool
    prose_job: bool
    summary: bool  # key terms repeated in a table on top, as HR templates do

    def d(self, day: date) -> str:
        return write_date(day, self.lang, self.dates)

    def amount(self, cents: int) -> str:
        return write_amount(cents, self.lang, self.money)

    @property
    def female(self) -> bool:
        return self.employee.sex == "F"


def _draw_terms(rng: random.Random, lang: str) -> Terms:
    boss = employer(rng, lang, enterprise_number(rng))
    employee = worker(rng)
    period = rng.choices(("month", "hour", "year"), weights=(6, 2, 2))[0]
    cents = {
        "month": rng.randint(2100, 6400) * 100 + rng.choice((0, 0, rng.randint(1, 99))),
        "hour": rng.randint(1450, 3400),
        "year": rng.randint(38, 98) * 100_000 + rng.choice((0, 50_000, rng.randint(1, 999) * 100)),
    }[period]
    start = date(rng.randint(2025, 2027), rng.randint(1, 12), rng.choice((1, 1, 1, 15)))
    end = None
    if rng.random() < 0.4:
        months = rng.choice((6, 12, 12, 18, 24))
        year, month = divmod(start.month - 1 + months, 12)
        end = date(start.year + year, month + 1, 1) - timedelta(days=rng.choice((0, 1, 1)))
    return Terms(
        lang=lang,
        boss=boss,
        employee=employee,
        name=employee.written(upper_surname=rng.random() < 0.5),
        birth_stated=rng.random() < 0.7,
        job=rng.choice(JOBS[lang]),
        committee=rng.choice(_COMMITTEES) if rng.random() < 0.8 else None,
        hours=rng.choice((38, 38, 40, 19, 30)),
        cents=cents,
        period=period,
        start=start,
        end=end,
        signed=start - timedelta(days=rng.randint(5, 60)),
        dates=date_style(rng, lang),
        money=money_style(rng, lang),
        prose_parties=rng.random() < 0.5,
        prose_job=rng.random() < 0.7,
        summary=rng.random() < 0.3,
    )


# ----- the parties ---------------------------------------------------------------------------


def _employer_clause(t: Terms, rng: random.Random) -> str:
    b, lang = t.boss, t.lang
    seat = b.seat.line(lang)
    number = write_enterprise_number(b.enterprise_number, rng)
    rep = f"{b.representative.given} {b.representative.surname}"
    long_form = LONG_FORMS.get(b.form)
    if lang == "nl":
        lead = f"{b.name}, {long_form} naar Belgisch recht," if long_form else f"{b.name},"
        return (
            f"{lead} met maatschappelijke zetel te {seat}, ingeschreven in de KBO onder het "
            f"nummer {number}, vertegenwoordigd door {rep}, {b.role}"
        )
    if lang == "fr":
        lead = f"La société {b.name}" if rng.random() < 0.6 else b.name
        return (
            f"{lead}, dont le siège social est établi à {seat}, inscrite à la BCE sous le numéro "
            f"{number}, représentée par {rep}, {b.role}"
        )
    if lang == "en":
        return (
            f"{b.name}, a company incorporated under Belgian law with registered office at "
            f"{seat}, registered with the Crossroads Bank for Enterprises under number {number}, "
            f"represented by {rep}, {b.role}"
        )
    return (
        f"{b.name} mit Sitz in {seat}, eingetragen in der Zentralen Datenbank der Unternehmen "
        f"unter der Nummer {number}, vertreten durch {rep}, {b.role}"
    )


def _employee_clause(t: Terms, rng: random.Random, titled: bool) -> str:
    e, lang = t.employee, t.lang
    home = address(rng, lang if lang != "en" else rng.choice(("nl", "fr"))).line(lang)
    born = t.d(e.birth_date)
    title = ""
    if titled:
        title = {
            "nl": "mevrouw " if t.female else "de heer ",
            "fr": rng.choice(("Mme ", "Madame ")) if t.female else rng.choice(("M. ", "Monsieur ")),
            "en": "Ms " if t.female else "Mr ",
            "de": "Frau " if t.female else "Herrn ",
        }[lang]
    if lang == "nl":
        birth = f", geboren op {born} te {e.birthplace}" if t.birth_stated else ""
        return f"{title}{t.name}{birth}, wonende te {home}"
    if lang == "fr":
        agreement = "née" if t.female else "né"
        birth = f", {agreement} le {born} à {e.birthplace}" if t.birth_stated else ""
        living = "domiciliée" if t.female else "domicilié"
        return f"{title}{t.name}{birth}, {living} à {home}"
    if lang == "en":
        birth = f", born on {born} in {e.birthplace}" if t.birth_stated else ""
        return f"{title}{t.name}{birth}, residing at {home}"
    birth = f", geboren am {born} in {e.birthplace}" if t.birth_stated else ""
    return f"{title}{t.name}{birth}, wohnhaft in {home}"


def _worker_word(t: Terms) -> str:
    return {
        "nl": "de werknemer",
        "fr": "la travailleuse" if t.female else "le travailleur",
        "en": "the Employee",
        "de": "Arbeitnehmerin" if t.female else "Arbeitnehmer",
    }[t.lang]


def _parties(sheet: Sheet, t: Terms, rng: random.Random) -> None:
    who = _worker_word(t)
    boss_text = _employer_clause(t, rng)
    worker_text = _employee_clause(t, rng, titled=t.prose_parties)
    if t.prose_parties:
        named = "dénommée" if t.female else "dénommé"
        between, and_, boss_name, worker_name = {
            "nl": ("TUSSEN:", "EN:", "hierna genoemd 'de werkgever',", f"hierna genoemd '{who}',"),
            "fr": ("ENTRE :", "ET :", "ci-après dénommée « l'employeur »,",
                   f"ci-après {named} « {who} »,"),
            "en": ("BETWEEN:", "AND:", "hereinafter 'the Employer',",
                   "hereinafter 'the Employee',"),
            "de": ("ZWISCHEN", "UND", "nachfolgend „Arbeitgeber“ genannt,",
                   f"nachfolgend „{who}“ genannt,"),
        }[t.lang]  # fmt: skip
        sheet.line(between, bold=True)
        sheet.paragraph(f"{boss_text}, {boss_name}")
        sheet.line(and_, bold=True)
        sheet.paragraph(f"{worker_text}, {worker_name}")
        closing = {
            "nl": "WORDT OVEREENGEKOMEN WAT VOLGT:",
            "fr": "IL A ÉTÉ CONVENU CE QUI SUIT :",
            "en": "IT IS AGREED AS FOLLOWS:",
            "de": "WIRD FOLGENDES VEREINBART:",
        }[t.lang]
        sheet.paragraph(closing, bold=True)
        return
    boss_label, worker_label = {
        "nl": ("Werkgever:", rng.choice(("Werknemer:", "Bediende:"))),
        "fr": ("Employeur :", "Travailleuse :" if t.female else "Travailleur :"),
        "en": ("Employer:", "Employee:"),
        "de": ("Arbeitgeber:", "Arbeitnehmerin:" if t.female else "Arbeitnehmer:"),
    }[t.lang]
    sheet.paragraph(f"{boss_label} {boss_text}.")
    sheet.paragraph(f"{worker_label} {worker_text}.")


# ----- the articles --------------------------------------------------------------------------


def _job(t: Terms, rng: random.Random) -> str:
    if not t.prose_job:
        label = {"nl": "Functie:", "fr": "Fonction :", "en": "Position:", "de": "Funktion:"}
        return f"{label[t.lang]} {t.job}"
    return rng.choice(
        {
            "nl": (
                f"De werknemer wordt aangeworven in de functie van {t.job}.",
                f"De werknemer wordt in dienst genomen als {t.job}. De werkgever kan hem andere "
                f"taken toevertrouwen die met deze functie verband houden.",
            ),
            "fr": (
                f"{_worker_word(t).capitalize()} est {'engagée' if t.female else 'engagé'} en "
                f"qualité de {t.job}.",
                f"L'employeur engage {_worker_word(t)} pour exercer la fonction de {t.job}.",
            ),
            "en": (
                f"The Employee is employed as {t.job}.",
                f"The Employer hires the Employee in the position of {t.job}, reporting to the "
                f"head of department.",
            ),
            "de": (
                f"Der {_worker_word(t)} wird als {t.job} eingestellt."
                if not t.female
                else f"Die {_worker_word(t)} wird als {t.job} eingestellt.",
                f"Der Arbeitgeber stellt "
                f"{'die Arbeitnehmerin' if t.female else 'den Arbeitnehmer'} als {t.job} ein.",
            ),
        }[t.lang]
    )


def _committee(t: Terms, rng: random.Random) -> str:
    pc = t.committee
    short = rng.random() < 0.3
    return {
        "nl": f"De onderneming valt onder het {'PC' if short else 'paritair comité nr.'} "
        f"{pc}. "
        "De in dit comité gesloten collectieve arbeidsovereenkomsten zijn van toepassing.",
        "fr": f"Le présent contrat relève de la "
        f"{'CP' if short else 'commission paritaire n°'} {pc}. "
        "Les conventions collectives conclues en son sein sont applicables.",
        "en": f"The Employer falls under Joint Committee No. {pc}, whose collective labour "
        "agreements apply to this contract.",
        "de": f"Das Unternehmen fällt unter die paritätische Kommission Nr. {pc}.",
    }[t.lang]


def _duration(t: Terms, rng: random.Random) -> str:
    start = t.d(t.start)
    fr_start = f"le {start}"
    if t.end is None:
        return rng.choice(
            {
                "nl": (
                    f"Deze overeenkomst wordt gesloten voor onbepaalde duur en vangt aan op "
                    f"{start}.",
                    f"De arbeidsovereenkomst neemt een aanvang op {start}. Zij is gesloten voor "
                    f"onbepaalde tijd.",
                ),
                "fr": (
                    f"Le présent contrat est conclu pour une durée indéterminée. Il prend cours "
                    f"{fr_start}.",
                    f"L'entrée en service est fixée au {start}, pour une durée indéterminée.",
                ),
                "en": (
                    f"This contract is entered into for an indefinite period, commencing on "
                    f"{start}.",
                    f"Employment starts on {start}. The contract is concluded for an unlimited "
                    f"duration.",
                ),
                "de": (
                    f"Dieser Vertrag wird auf unbestimmte Zeit geschlossen und beginnt am {start}.",
                    f"Das Arbeitsverhältnis beginnt am {start} und ist unbefristet.",
                ),
            }[t.lang]
        )
    end = t.d(t.end)
    return rng.choice(
        {
            "nl": (
                f"Deze overeenkomst wordt gesloten voor een bepaalde duur, van {start} tot en met "
                f"{end}.",
                f"De overeenkomst gaat in op {start} en eindigt van rechtswege op {end}.",
            ),
            "fr": (
                f"Le présent contrat est conclu pour une durée déterminée prenant cours {fr_start} "
                f"et se terminant le {end}.",
                f"Le contrat débute {fr_start} et prend fin de plein droit le {end}.",
            ),
            "en": (
                f"This contract is concluded for a fixed term from {start} until {end} inclusive.",
                f"Employment starts on {start} and ends automatically on {end}.",
            ),
            "de": (
                f"Dieser Vertrag wird für eine bestimmte Dauer vom {start} bis zum {end} "
                f"geschlossen.",
                f"Das Arbeitsverhältnis beginnt am {start} und endet ohne Kündigung am {end}.",
            ),
        }[t.lang]
    )


def _working_time(t: Terms, rng: random.Random) -> str:
    h = t.hours
    full = h >= 38
    return {
        "nl": f"De werknemer is {'voltijds' if full else 'deeltijds'} tewerkgesteld; de wekelijkse "
        f"arbeidsduur bedraagt {h} uur, van maandag tot vrijdag tussen 8.30 en 17.00 uur.",
        "fr": f"Le travail est à temps {'plein' if full else 'partiel'}. La durée hebdomadaire "
        f"de travail est fixée à {h} heures, du lundi au vendredi.",
        "en": f"The Employee works {'full' if full else 'part'} time, {h} hours per week, Monday "
        f"to Friday between 8.30 a.m. and 5 p.m.",
        "de": f"Die wöchentliche Arbeitszeit beträgt {h} Stunden "
        f"({'Vollzeit' if full else 'Teilzeit'}), verteilt auf fünf Tage.",
    }[t.lang]


def _salary(t: Terms, rng: random.Random) -> str:
    a = t.amount(t.cents)
    options: dict[tuple[str, str], tuple[str, ...]] = {
        ("nl", "month"): (
            f"De werknemer ontvangt een brutoloon van {a} per maand.",
            f"Het loon bedraagt {a} bruto per maand, betaalbaar op de laatste werkdag van de "
            "maand.",
        ),
        ("nl", "hour"): (
            f"Het bruto uurloon bedraagt {a}.",
            f"De werknemer wordt betaald aan {a} bruto per uur.",
        ),
        ("nl", "year"): (
            f"De werknemer ontvangt een bruto jaarloon van {a}, uitbetaald in twaalf maandelijkse "
            "schijven.",
            f"Het loon bedraagt {a} bruto per jaar.",
        ),
        ("fr", "month"): (
            f"La rémunération mensuelle brute s'élève à {a}.",
            f"{_worker_word(t).capitalize()} percevra une rémunération de {a} brut par mois.",
        ),
        ("fr", "hour"): (
            f"Le salaire horaire brut est fixé à {a}.",
            f"La rémunération s'élève à {a} brut par heure prestée.",
        ),
        ("fr", "year"): (
            f"La rémunération annuelle brute est fixée à {a}.",
            f"La rémunération s'élève à {a} bruts par an, payable en douze mensualités.",
        ),
        ("en", "month"): (
            f"The Employee shall receive a gross monthly salary of {a}.",
            f"The salary amounts to {a} gross per month, paid at the end of each month.",
        ),
        ("en", "hour"): (
            f"The Employee is paid a gross hourly wage of {a}.",
            f"Remuneration: {a} gross per hour worked.",
        ),
        ("en", "year"): (
            f"The annual gross salary is {a}, paid in twelve monthly instalments.",
            f"The Employee's remuneration is {a} gross per year.",
        ),
        ("de", "month"): (
            f"Das monatliche Bruttogehalt beträgt {a}.",
            f"Der Arbeitnehmer erhält {a} brutto monatlich.",
            f"Die Vergütung beträgt {a} brutto pro Monat.",
        ),
        ("de", "hour"): (
            f"Der Bruttostundenlohn beträgt {a}.",
            f"Die Vergütung beträgt {a} brutto pro Stunde.",
        ),
        ("de", "year"): (
            f"Das Jahresbruttogehalt beträgt {a}.",
            f"Die Vergütung beträgt {a} brutto jährlich, zahlbar in zwölf Monatsraten.",
        ),
    }
    return rng.choice(options[(t.lang, t.period)])


def _boilerplate(t: Terms, rng: random.Random) -> list[tuple[str, str]]:
    """Clauses without a field, each with its article title; some are left out."""
    voucher = t.amount(rng.choice((600, 700, 800)))
    eco = t.amount(25_000)
    court = rng.choice(("Gent", "Brussel", "Antwerpen", "Liège", "Eupen"))
    clauses = {
        "nl": [
            ("Arbeidsplaats", f"De arbeid wordt verricht op de zetel van de werkgever te "
             f"{t.boss.seat.city} of op elke andere plaats die de werkgever aanwijst."),
            ("Maaltijdcheques", f"De werknemer ontvangt maaltijdcheques ter waarde van {voucher} "
             "per effectief gewerkte dag, met een werknemersbijdrage van € 1,09."),
            ("Ecocheques", f"De werknemer heeft recht op ecocheques ten belope van {eco} per "
             "jaar."),
            ("Opzegging", "Elke partij kan de overeenkomst beëindigen met inachtneming van de "
             "opzeggingstermijnen van de wet van 3 juli 1978 betreffende de "
             "arbeidsovereenkomsten."),
            ("Arbeidsreglement", "De werknemer verklaart een exemplaar van het arbeidsreglement te "
             "hebben ontvangen en ermee akkoord te gaan."),
            ("Vertrouwelijkheid", "De werknemer zal geen vertrouwelijke informatie over de "
             "onderneming aan derden meedelen, ook niet na het einde van de overeenkomst."),
            ("Arbeidskaart", "De overeenkomst is gesloten onder de opschortende voorwaarde van de "
             "toekenning van een gecombineerde vergunning (single permit) aan de werknemer."),
            ("Bevoegde rechtbank", f"Geschillen behoren tot de bevoegdheid van de arbeidsrechtbank "
             f"te {court}."),
        ],
        "fr": [
            ("Lieu de travail", f"Le travail est exécuté au siège de l'employeur à "
             f"{t.boss.seat.city} ou en tout autre lieu désigné par celui-ci."),
            ("Chèques-repas", f"Des chèques-repas d'une valeur faciale de {voucher} sont octroyés "
             "par jour effectivement presté, la part personnelle s'élevant à 1,09 EUR."),
            ("Éco-chèques", f"Des éco-chèques d'un montant de {eco} par an sont octroyés."),
            ("Préavis", "Chaque partie peut mettre fin au contrat moyennant le respect des délais "
             "de préavis prévus par la loi du 3 juillet 1978 relative aux contrats de travail."),
            ("Règlement de travail", "Le travailleur reconnaît avoir reçu un exemplaire du "
             "règlement de travail."),
            ("Confidentialité", "Le travailleur s'engage à ne divulguer aucune information "
             "confidentielle relative à l'entreprise, pendant et après l'exécution du contrat."),
            ("Permis unique", "Le présent contrat est conclu sous la condition suspensive de "
             "l'obtention d'un permis unique par le travailleur."),
            ("Litiges", f"Tout litige relève de la compétence du tribunal du travail de {court}."),
        ],
        "en": [
            ("Place of work", f"The work is performed at the Employer's offices in "
             f"{t.boss.seat.city} or at any other place the Employer designates."),
            ("Meal vouchers", f"The Employee receives meal vouchers with a face value of {voucher} "
             "per day actually worked."),
            ("Eco-vouchers", f"The Employee is entitled to eco-vouchers of {eco} per year."),
            ("Termination", "Either party may terminate this contract subject to the notice "
             "periods laid down in the Employment Contracts Act of 3 July 1978."),
            ("Work rules", "The Employee acknowledges receipt of a copy of the work rules."),
            ("Confidentiality", "The Employee shall keep confidential all information relating to "
             "the Employer's business, during and after the employment."),
            ("Single permit", "This contract is subject to the condition precedent that the "
             "Employee obtains a single permit."),
            ("Governing law", f"This contract is governed by Belgian law. The labour court of "
             f"{court} has jurisdiction."),
        ],
        "de": [
            ("Arbeitsort", f"Die Arbeit wird am Sitz des Arbeitgebers in {t.boss.seat.city} "
             "oder an jedem anderen vom Arbeitgeber bestimmten Ort verrichtet."),
            ("Mahlzeitschecks", f"Der Arbeitnehmer erhält Mahlzeitschecks im Wert von {voucher} "
             "pro tatsächlich geleistetem Arbeitstag."),
            ("Ökoschecks", f"Es werden Ökoschecks in Höhe von {eco} pro Jahr gewährt."),
            ("Kündigung", "Jede Partei kann den Vertrag unter Einhaltung der im Gesetz vom "
             "3. Juli 1978 über die Arbeitsverträge vorgesehenen Kündigungsfristen beenden."),
            ("Arbeitsordnung", "Der Arbeitnehmer bestätigt, ein Exemplar der Arbeitsordnung "
             "erhalten zu haben."),
            ("Verschwiegenheit", "Der Arbeitnehmer verpflichtet sich zur Verschwiegenheit über "
             "alle Betriebsgeheimnisse, auch nach Beendigung des Vertrags."),
            ("Gerichtsstand", f"Zuständig ist das Arbeitsgericht {court}."),
        ],
    }[t.lang]  # fmt: skip
    return [c for c in clauses if rng.random() < 0.6]


_CORE_TITLES = {
    "nl": {"job": "Functie", "pc": "Paritair comité", "duration": "Duur en aanvang",
           "time": "Arbeidsduur", "salary": "Loon"},
    "fr": {"job": "Fonction", "pc": "Commission paritaire", "duration": "Durée",
           "time": "Durée du travail", "salary": "Rémunération"},
    "en": {"job": "Position", "pc": "Joint committee", "duration": "Term",
           "time": "Working time", "salary": "Remuneration"},
    "de": {"job": "Tätigkeit", "pc": "Paritätische Kommission", "duration": "Dauer",
           "time": "Arbeitszeit", "salary": "Vergütung"},
}  # fmt: skip

_TITLES = {
    "nl": ("ARBEIDSOVEREENKOMST VOOR BEDIENDEN", "ARBEIDSOVEREENKOMST"),
    "fr": ("CONTRAT DE TRAVAIL D'EMPLOYÉ", "CONTRAT DE TRAVAIL"),
    "en": ("EMPLOYMENT CONTRACT", "CONTRACT OF EMPLOYMENT"),
    "de": ("ARBEITSVERTRAG FÜR ANGESTELLTE", "ARBEITSVERTRAG"),
}


def _title(t: Terms, rng: random.Random) -> str:
    base = rng.choice(_TITLES[t.lang])
    duration = {
        "nl": ("VOOR ONBEPAALDE DUUR", "VOOR BEPAALDE DUUR"),
        "fr": ("À DURÉE INDÉTERMINÉE", "À DURÉE DÉTERMINÉE"),
        "en": ("(INDEFINITE TERM)", "(FIXED TERM)"),
        "de": ("(UNBEFRISTET)", "(BEFRISTET)"),
    }[t.lang][t.end is not None]
    return f"{base} {duration}" if rng.random() < 0.6 else base


def _summary(sheet: Sheet, t: Terms) -> None:
    """The key terms as a form at the top, as HR template contracts put them."""
    labels = {
        "nl": ("Functie", "Aanvangsdatum", "Einddatum", "Brutoloon", "Paritair comité"),
        "fr": ("Fonction", "Date d'entrée", "Date de fin", "Rémunération brute",
               "Commission paritaire"),
        "en": ("Position", "Start date", "End date", "Gross salary", "Joint committee"),
        "de": ("Funktion", "Beginn", "Ende", "Bruttovergütung", "Paritätische Kommission"),
    }[t.lang]  # fmt: skip
    per = {
        "nl": {"month": "per maand", "hour": "per uur", "year": "per jaar"},
        "fr": {"month": "par mois", "hour": "par heure", "year": "par an"},
        "en": {"month": "per month", "hour": "per hour", "year": "per year"},
        "de": {"month": "pro Monat", "hour": "pro Stunde", "year": "pro Jahr"},
    }[t.lang][t.period]
    sheet.field(f"{labels[0]}:", t.job)
    sheet.field(f"{labels[1]}:", t.d(t.start))
    if t.end is not None:
        sheet.field(f"{labels[2]}:", t.d(t.end))
    sheet.field(f"{labels[3]}:", f"{t.amount(t.cents)} {per}")
    if t.committee is not None:
        sheet.field(f"{labels[4]}:", t.committee)
    sheet.space(3)


def _article_heading(t: Terms, number: int, title: str, style: int) -> str:
    word = {"nl": "Artikel", "fr": "Article", "en": "Article", "de": "Artikel"}[t.lang]
    if style == 0:
        first = "1er" if t.lang == "fr" and number == 1 else str(number)
        return f"{word} {first} – {title}"
    if style == 1:
        return f"Art. {number}. {title}"
    return f"{number}. {title.upper()}"


def _closing(sheet: Sheet, t: Terms, rng: random.Random) -> None:
    place = t.boss.seat.city
    signed = t.d(t.signed)
    sheet.paragraph(
        {
            "nl": f"Opgemaakt in twee exemplaren te {place} op {signed}, waarvan elke partij "
            "erkent er één te hebben ontvangen.",
            "fr": f"Fait en double exemplaire à {place}, le {signed}, chaque partie reconnaissant "
            "avoir reçu le sien.",
            "en": f"Done in two copies at {place} on {signed}, each party acknowledging receipt "
            "of one.",
            "de": f"Ausgefertigt in zwei Exemplaren in {place}, am {signed}.",
        }[t.lang]
    )
    captions = {
        "nl": ["Voor de werkgever", "De werknemer"],
        "fr": ["Pour l'employeur", "Le travailleur (lu et approuvé)"],
        "en": ["For the Employer", "The Employee"],
        "de": ["Für den Arbeitgeber", "Der Arbeitnehmer"],
    }[t.lang]
    rep = t.boss.representative
    sheet.space(4)
    sheet.signatures(rng, captions, names=[f"{rep.given} {rep.surname}", t.name])


def _typeset(t: Terms, rng: random.Random, dpi: int, optional: list[tuple[str, str]]) -> Sheet:
    face = rng.choice(TYPEFACES)
    sheet = Sheet(dpi, face, rng.choice((10.0, 10.5, 11.0)), ink=rng.randint(0, 45))
    sheet.line(_title(t, rng), bold=True, size_pt=sheet.size_pt + 3, align="centre")
    sheet.space(6)
    if t.summary:
        _summary(sheet, t)
    _parties(sheet, t, rng)
    titles = _CORE_TITLES[t.lang]
    articles: list[tuple[str, str]] = [
        (titles["job"], _job(t, rng)),
        (titles["duration"], _duration(t, rng)),
        (titles["time"], _working_time(t, rng)),
        (titles["salary"], _salary(t, rng)),
    ]
    if t.committee is not None:
        articles.insert(rng.randint(0, len(articles)), (titles["pc"], _committee(t, rng)))
    for clause in optional:
        articles.insert(rng.randint(1, len(articles)), clause)
    style = rng.randrange(3)
    for number, (title, body) in enumerate(articles, start=1):
        sheet.line(_article_heading(t, number, title, style), bold=True)
        sheet.paragraph(body)
    sheet.space(5)
    _closing(sheet, t, rng)
    return sheet


def contract(seed: int, lang: str, *, dpi: int = 300) -> Sample:
    """One contract in `lang` ("nl", "fr", "en" or "de"), one or two A4 pages.

    Optional clauses are dropped, last first, until the contract fits on two pages; the same
    seed always gives the same document.
    """
    rng = random.Random(f"heldout-contract-{lang}-{seed}")
    t = _draw_terms(rng, lang)
    optional = _boilerplate(t, rng)
    layout_seed = rng.random()
    while True:
        sheet = _typeset(t, random.Random(layout_seed), dpi, optional)
        if sheet.page_count <= 2 or not optional:
            break
        optional = optional[:-1]
    pages, texts = sheet.finish()
    truth = {
        "employer_name": t.boss.name,
        "employer_enterprise_number": t.boss.enterprise_number,
        "employee_name": t.name,
        "job_title": t.job,
        "gross_salary": f"{t.cents // 100}.{t.cents % 100:02d}",
        "salary_period": t.period,
        "currency": "EUR",
        "start_date": t.start.isoformat(),
        "end_date": t.end.isoformat() if t.end else "",
    }
    if t.committee is not None:
        truth["joint_committee"] = t.committee
    if t.birth_stated:
        truth["employee_birth_date"] = t.employee.birth_date.isoformat()
    return Sample("contract", pages, dpi, truth, texts)
