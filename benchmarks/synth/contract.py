"""Belgian employment contracts in Dutch, French, English or German, one to three A4 pages.

Page one carries the title, the duration type and one labelled line per extracted field; the
articles after it are real contract boilerplate so extractors meet distracting dates, numbers and
long prose, as on the contracts employers actually upload.
"""

from __future__ import annotations

import calendar
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from PIL import Image, ImageDraw

from . import people
from .lang import amount, check_language, long_date, numeric_date
from .render import SANS, SANS_BOLD, SERIF, font, mm, pt, scribble, text_centered, wrap
from .sample import Sample

A4_MM = (210.0, 297.0)
_MARGIN_MM = 25.0

# Field order on the page; each key maps to a label in every language.
_FIELDS = ("employer", "enterprise", "office", "employee", "birth", "job", "salary", "start", "end")


@dataclass(frozen=True)
class _Wording:
    title: str
    fixed_term: str
    open_ended: str
    labels: dict[str, str]
    colon: str  # French sets a space before the colon
    periods: dict[str, str]
    salary: str  # template with {amount} and {period}
    open_end: str
    intro: str
    agreed: str
    heading: str  # article heading template with {number} and {title}
    articles: tuple[tuple[str, str], ...]  # (title, text template)
    end_fixed: str
    end_open: str
    closing: str
    signatures: tuple[str, str]
    footer: str


_WORDING = {
    "nl": _Wording(
        title="ARBEIDSOVEREENKOMST",
        fixed_term="voor bepaalde tijd",
        open_ended="voor onbepaalde tijd",
        labels={
            "employer": "Werkgever",
            "enterprise": "Ondernemingsnummer",
            "office": "Maatschappelijke zetel",
            "employee": "Werknemer",
            "birth": "Geboortedatum",
            "job": "Functie",
            "salary": "Brutoloon",
            "start": "Begindatum",
            "end": "Einddatum",
        },
        colon=":",
        periods={"month": "per maand", "year": "per jaar", "hour": "per uur"},
        salary="EUR {amount} {period}",
        open_end="onbepaalde duur",
        intro="Tussen de ondergetekenden:",
        agreed="wordt het volgende overeengekomen:",
        heading="Artikel {number} – {title}",
        articles=(
            (
                "Voorwerp",
                "De werknemer treedt in dienst van de werkgever als {job}. De werknemer verbindt "
                "zich ertoe de hem toevertrouwde taken nauwkeurig en zorgvuldig uit te voeren, "
                "overeenkomstig de instructies van de werkgever of diens aangestelde.",
            ),
            (
                "Arbeidsplaats",
                "Het werk wordt hoofdzakelijk verricht op de zetel van de onderneming te "
                "{city}. De werkgever kan de werknemer tijdelijk op een andere plaats "
                "tewerkstellen wanneer de organisatie van het werk dit vereist, zonder dat dit "
                "een wezenlijke wijziging van de arbeidsvoorwaarden uitmaakt.",
            ),
            (
                "Arbeidsduur",
                "De wekelijkse arbeidsduur bedraagt {hours} uur, verdeeld over vijf dagen van "
                "maandag tot en met vrijdag. De dagelijkse uurroosters zijn vastgelegd in het "
                "arbeidsreglement, waarvan de werknemer een exemplaar heeft ontvangen.",
            ),
            (
                "Loon",
                "Het loon wordt maandelijks betaald door overschrijving op de bankrekening van de "
                "werknemer, uiterlijk op de vierde werkdag van de volgende maand. Het loon wordt "
                "geïndexeerd volgens de bepalingen van het paritair comité nr. {pc}.",
            ),
            (
                "Proefperiode",
                "Overeenkomstig de wet van 26 december 2013 betreffende het eenheidsstatuut wordt "
                "geen proefperiode bedongen.",
            ),
            (
                "Vakantie",
                "De werknemer heeft recht op de wettelijke vakantiedagen en op de feestdagen "
                "bepaald door de wet van 4 januari 1974. De data van de vakantie worden in "
                "onderling overleg vastgesteld.",
            ),
            ("Beëindiging", "{end_clause}"),
            (
                "Gecombineerde vergunning",
                "De tewerkstelling is afhankelijk van de toekenning van een gecombineerde "
                "vergunning door de bevoegde gewestelijke overheid. De werknemer verbindt zich "
                "ertoe alle documenten te bezorgen die voor deze aanvraag nodig zijn.",
            ),
            (
                "Vertrouwelijkheid",
                "De werknemer zal tijdens en na de uitvoering van deze overeenkomst geen "
                "fabrieksgeheimen, zakengeheimen of vertrouwelijke informatie van de werkgever "
                "bekendmaken.",
            ),
            (
                "Verplaatsingskosten",
                "De werkgever komt tussen in de kosten van het woon-werkverkeer met het openbaar "
                "vervoer volgens de bepalingen van de toepasselijke collectieve "
                "arbeidsovereenkomst.",
            ),
            (
                "Bescherming van persoonsgegevens",
                "De werkgever verwerkt de persoonsgegevens van de werknemer uitsluitend voor het "
                "personeelsbeheer en de loonadministratie, overeenkomstig de Algemene Verordening "
                "Gegevensbescherming (EU) 2016/679.",
            ),
            (
                "Arbeidsreglement",
                "De werknemer verklaart een exemplaar van het arbeidsreglement te hebben "
                "ontvangen en verbindt zich ertoe de bepalingen ervan na te leven. Het "
                "arbeidsreglement maakt integraal deel uit van deze overeenkomst.",
            ),
            (
                "Toepasselijk recht",
                "Deze overeenkomst wordt beheerst door het Belgisch recht. Geschillen behoren tot "
                "de bevoegdheid van de arbeidsrechtbank van {city}.",
            ),
        ),
        end_fixed="Deze overeenkomst eindigt van rechtswege op de hierboven vermelde "
        "einddatum, tenzij de partijen schriftelijk een verlenging overeenkomen.",
        end_open="Elke partij kan deze overeenkomst beëindigen mits naleving van de "
        "opzeggingstermijnen bepaald in de wet van 3 juli 1978 betreffende de "
        "arbeidsovereenkomsten.",
        closing="Opgemaakt in twee exemplaren te {city} op {signed}, waarvan elke partij "
        "verklaart er één te hebben ontvangen.",
        signatures=("De werkgever", "De werknemer"),
        footer="Pagina {page}/{pages}",
    ),
    "fr": _Wording(
        title="CONTRAT DE TRAVAIL",
        fixed_term="à durée déterminée",
        open_ended="à durée indéterminée",
        labels={
            "employer": "Employeur",
            "enterprise": "Numéro d'entreprise",
            "office": "Siège social",
            "employee": "Travailleur",
            "birth": "Date de naissance",
            "job": "Fonction",
            "salary": "Salaire brut",
            "start": "Date de début",
            "end": "Date de fin",
        },
        colon=" :",
        periods={"month": "par mois", "year": "par an", "hour": "par heure"},
        salary="{amount} EUR {period}",
        open_end="durée indéterminée",
        intro="Entre les soussignés :",
        agreed="il est convenu ce qui suit :",
        heading="Article {number} – {title}",
        articles=(
            (
                "Objet",
                "Le travailleur est engagé en qualité de {job}. Il s'engage à exécuter son travail "
                "avec soin, probité et conscience, au temps, au lieu et dans les conditions "
                "convenus, et à agir conformément aux ordres et instructions de l'employeur.",
            ),
            (
                "Lieu de travail",
                "Le travail est exécuté principalement au siège de l'entreprise à {city}. "
                "L'employeur peut occuper temporairement le travailleur en un autre lieu lorsque "
                "l'organisation du travail le requiert, sans que cela constitue une modification "
                "essentielle des conditions de travail.",
            ),
            (
                "Durée du travail",
                "La durée hebdomadaire de travail est fixée à {hours} heures, réparties sur cinq "
                "jours du lundi au vendredi. Les horaires sont repris dans le règlement de travail "
                "dont le travailleur a reçu une copie.",
            ),
            (
                "Rémunération",
                "La rémunération est payée mensuellement par virement sur le compte bancaire du "
                "travailleur, au plus tard le quatrième jour ouvrable du mois suivant. Elle est "
                "indexée conformément aux dispositions de la commission paritaire n° {pc}.",
            ),
            (
                "Période d'essai",
                "Conformément à la loi du 26 décembre 2013 concernant le statut unique, aucune "
                "période d'essai n'est prévue.",
            ),
            (
                "Vacances",
                "Le travailleur a droit aux jours de vacances légales et aux jours fériés prévus "
                "par la loi du 4 janvier 1974. Les dates de vacances sont fixées de commun accord.",
            ),
            ("Fin du contrat", "{end_clause}"),
            (
                "Permis unique",
                "L'occupation est subordonnée à l'octroi d'un permis unique par l'autorité "
                "régionale compétente. Le travailleur s'engage à fournir tous les documents "
                "nécessaires à cette demande.",
            ),
            (
                "Confidentialité",
                "Pendant et après l'exécution du présent contrat, le travailleur s'abstient de "
                "divulguer les secrets de fabrication, les secrets d'affaires ou toute information "
                "confidentielle de l'employeur.",
            ),
            (
                "Frais de déplacement",
                "L'employeur intervient dans les frais de déplacement entre le domicile et le lieu "
                "de travail en transports en commun selon la convention collective applicable.",
            ),
            (
                "Protection des données",
                "L'employeur traite les données à caractère personnel du travailleur exclusivement "
                "pour la gestion du personnel et l'administration salariale, conformément au "
                "règlement général sur la protection des données (UE) 2016/679.",
            ),
            (
                "Règlement de travail",
                "Le travailleur déclare avoir reçu un exemplaire du règlement de travail et "
                "s'engage à en respecter les dispositions. Le règlement de travail fait partie "
                "intégrante du présent contrat.",
            ),
            (
                "Droit applicable",
                "Le présent contrat est régi par le droit belge. Tout litige relève de la "
                "compétence du tribunal du travail de {city}.",
            ),
        ),
        end_fixed="Le présent contrat prend fin de plein droit à la date de fin mentionnée "
        "ci-dessus, sauf prolongation convenue par écrit entre les parties.",
        end_open="Chaque partie peut mettre fin au présent contrat moyennant le respect des "
        "délais de préavis prévus par la loi du 3 juillet 1978 relative aux contrats de travail.",
        closing="Fait en deux exemplaires à {city}, le {signed}, chaque partie reconnaissant "
        "avoir reçu le sien.",
        signatures=("L'employeur", "Le travailleur"),
        footer="Page {page}/{pages}",
    ),
    "en": _Wording(
        title="EMPLOYMENT CONTRACT",
        fixed_term="Fixed-term contract",
        open_ended="Open-ended contract",
        labels={
            "employer": "Employer",
            "enterprise": "Enterprise number",
            "office": "Registered office",
            "employee": "Employee",
            "birth": "Date of birth",
            "job": "Job title",
            "salary": "Gross salary",
            "start": "Start date",
            "end": "End date",
        },
        colon=":",
        periods={"month": "per month", "year": "per year", "hour": "per hour"},
        salary="EUR {amount} {period}",
        open_end="open-ended",
        intro="Between the undersigned:",
        agreed="the following has been agreed:",
        heading="Article {number} – {title}",
        articles=(
            (
                "Position",
                "The employee is hired as {job}. The employee undertakes to perform the work "
                "carefully, honestly and conscientiously, at the time, place and under the "
                "conditions agreed, and to follow the instructions of the employer.",
            ),
            (
                "Place of work",
                "The work is performed mainly at the registered office of the company in {city}. "
                "The employer may temporarily assign the employee to another place of work when "
                "the organisation of the work so requires, without this constituting an essential "
                "change to the terms of employment.",
            ),
            (
                "Working hours",
                "The weekly working time is {hours} hours, spread over five days from Monday to "
                "Friday. The working schedules are laid down in the work rules, a copy of which "
                "the employee has received.",
            ),
            (
                "Remuneration",
                "The salary is paid monthly by bank transfer to the account of the employee, no "
                "later than the fourth working day of the following month. It is indexed in "
                "accordance with the rules of joint committee no. {pc}.",
            ),
            (
                "Probation",
                "In accordance with the Belgian act of 26 December 2013 on the single status, no "
                "probationary period applies.",
            ),
            (
                "Holidays",
                "The employee is entitled to the statutory holidays and to the public holidays "
                "laid down by the act of 4 January 1974. Holiday dates are set by mutual "
                "agreement.",
            ),
            ("Termination", "{end_clause}"),
            (
                "Single permit",
                "The employment is conditional on the granting of a single permit by the competent "
                "regional authority. The employee undertakes to provide all documents required "
                "for this application.",
            ),
            (
                "Confidentiality",
                "During and after the performance of this contract, the employee shall not "
                "disclose any manufacturing secrets, business secrets or confidential information "
                "of the employer.",
            ),
            (
                "Travel expenses",
                "The employer contributes to the cost of commuting by public transport in "
                "accordance with the applicable collective labour agreement.",
            ),
            (
                "Data protection",
                "The employer processes the personal data of the employee solely for personnel "
                "management and payroll purposes, in accordance with the General Data Protection "
                "Regulation (EU) 2016/679.",
            ),
            (
                "Work rules",
                "The employee declares having received a copy of the work rules and undertakes to "
                "comply with them. The work rules form an integral part of this contract.",
            ),
            (
                "Governing law",
                "This contract is governed by Belgian law. Any dispute falls within the "
                "jurisdiction of the labour court of {city}.",
            ),
        ),
        end_fixed="This contract ends automatically on the end date stated above, unless the "
        "parties agree in writing to extend it.",
        end_open="Either party may terminate this contract subject to the notice periods laid "
        "down in the act of 3 July 1978 on employment contracts.",
        closing="Drawn up in two copies in {city} on {signed}, each party acknowledging "
        "receipt of one copy.",
        signatures=("The employer", "The employee"),
        footer="Page {page}/{pages}",
    ),
    "de": _Wording(
        title="ARBEITSVERTRAG",
        fixed_term="befristet",
        open_ended="unbefristet",
        labels={
            "employer": "Arbeitgeber",
            "enterprise": "Unternehmensnummer",
            "office": "Sitz",
            "employee": "Arbeitnehmer",
            "birth": "Geburtsdatum",
            "job": "Tätigkeit",
            "salary": "Bruttogehalt",
            "start": "Beginn",
            "end": "Ende",
        },
        colon=":",
        periods={"month": "pro Monat", "year": "pro Jahr", "hour": "pro Stunde"},
        salary="{amount} EUR {period}",
        open_end="unbefristet",
        intro="Zwischen den Unterzeichneten:",
        agreed="wird Folgendes vereinbart:",
        heading="§ {number} {title}",
        articles=(
            (
                "Gegenstand",
                "Der Arbeitnehmer wird als {job} eingestellt. Er verpflichtet sich, die ihm "
                "übertragenen Aufgaben sorgfältig und gewissenhaft zu der vereinbarten Zeit, am "
                "vereinbarten Ort und unter den vereinbarten Bedingungen auszuführen.",
            ),
            (
                "Arbeitsort",
                "Die Arbeit wird hauptsächlich am Sitz des Unternehmens in {city} verrichtet. Der "
                "Arbeitgeber kann den Arbeitnehmer vorübergehend an einem anderen Ort einsetzen, "
                "wenn die Organisation der Arbeit dies erfordert.",
            ),
            (
                "Arbeitszeit",
                "Die wöchentliche Arbeitszeit beträgt {hours} Stunden, verteilt auf fünf Tage von "
                "Montag bis Freitag. Die Arbeitszeiten sind in der Arbeitsordnung festgelegt, von "
                "der der Arbeitnehmer eine Abschrift erhalten hat.",
            ),
            (
                "Vergütung",
                "Das Gehalt wird monatlich durch Überweisung auf das Bankkonto des Arbeitnehmers "
                "gezahlt, spätestens am vierten Werktag des Folgemonats. Es wird gemäß den "
                "Bestimmungen der paritätischen Kommission Nr. {pc} indexiert.",
            ),
            (
                "Probezeit",
                "Gemäß dem Gesetz vom 26. Dezember 2013 über das Einheitsstatut wird keine "
                "Probezeit vereinbart.",
            ),
            (
                "Urlaub",
                "Der Arbeitnehmer hat Anspruch auf den gesetzlichen Urlaub und auf die im Gesetz "
                "vom 4. Januar 1974 vorgesehenen Feiertage. Die Urlaubstage werden in "
                "gegenseitigem Einvernehmen festgelegt.",
            ),
            ("Beendigung", "{end_clause}"),
            (
                "Kombinierte Erlaubnis",
                "Die Beschäftigung setzt die Erteilung einer kombinierten Erlaubnis durch die "
                "zuständige regionale Behörde voraus. Der Arbeitnehmer verpflichtet sich, alle "
                "für diesen Antrag erforderlichen Unterlagen vorzulegen.",
            ),
            (
                "Verschwiegenheit",
                "Der Arbeitnehmer wird während und nach der Durchführung dieses Vertrags keine "
                "Fabrikations- oder Geschäftsgeheimnisse und keine vertraulichen Informationen "
                "des Arbeitgebers offenlegen.",
            ),
            (
                "Fahrtkosten",
                "Der Arbeitgeber beteiligt sich an den Kosten für die Fahrten zwischen Wohnort und "
                "Arbeitsplatz mit öffentlichen Verkehrsmitteln gemäß dem anwendbaren Tarifvertrag.",
            ),
            (
                "Datenschutz",
                "Der Arbeitgeber verarbeitet die personenbezogenen Daten des Arbeitnehmers "
                "ausschließlich für die Personalverwaltung und die Lohnabrechnung gemäß der "
                "Datenschutz-Grundverordnung (EU) 2016/679.",
            ),
            (
                "Arbeitsordnung",
                "Der Arbeitnehmer bestätigt, ein Exemplar der Arbeitsordnung erhalten zu haben, "
                "und verpflichtet sich, deren Bestimmungen einzuhalten. Die Arbeitsordnung ist "
                "Bestandteil dieses Vertrags.",
            ),
            (
                "Anwendbares Recht",
                "Dieser Vertrag unterliegt belgischem Recht. Für Streitigkeiten ist das "
                "Arbeitsgericht {city} zuständig.",
            ),
        ),
        end_fixed="Dieser Vertrag endet automatisch an dem oben genannten Enddatum, sofern die "
        "Parteien keine schriftliche Verlängerung vereinbaren.",
        end_open="Jede Partei kann diesen Vertrag unter Einhaltung der im Gesetz vom 3. Juli "
        "1978 über die Arbeitsverträge vorgesehenen Kündigungsfristen beenden.",
        closing="Ausgefertigt in zwei Exemplaren in {city} am {signed}; jede Partei bestätigt, "
        "ein Exemplar erhalten zu haben.",
        signatures=("Der Arbeitgeber", "Der Arbeitnehmer"),
        footer="Seite {page}/{pages}",
    ),
}


def labels(language: str) -> dict[str, str]:
    """Field labels as printed, keyed like `_FIELDS`; extractors and tests match against them."""
    return dict(_WORDING[check_language(language)].labels)


def _salary(rng: random.Random) -> tuple[int, str]:
    """Gross pay in cents and its period, with amounts plausible for that period."""
    period = rng.choices(("month", "year", "hour"), weights=(70, 15, 15))[0]
    if period == "month":
        cents = rng.randint(560, 1500) * 500
        if rng.random() < 0.3:
            cents += rng.randint(1, 499)
    elif period == "year":
        cents = rng.randint(400, 950) * 10_000
    else:
        cents = rng.randint(1800, 5500)
    return cents, period


def _dates(rng: random.Random) -> tuple[date, date | None]:
    """Start date and, for roughly two thirds of contracts, the last day of a fixed term."""
    start = people.random_date(rng, date(2025, 1, 1), date(2028, 12, 31))
    if rng.random() < 0.6:
        start = start.replace(day=1)
    if rng.random() < 1 / 3:
        return start, None
    months = rng.choice((6, 12, 12, 18, 24, 36))
    year, month0 = divmod(start.month - 1 + months, 12)
    year += start.year
    day = min(start.day, calendar.monthrange(year, month0 + 1)[1])
    return start, date(year, month0 + 1, day) - timedelta(days=1)


@dataclass
class _Block:
    """A run of lines that stays together on one page (a heading with its paragraph)."""

    # (style, text, extra): extra is the label of a "field" line and the right-hand caption of a
    # "signature" line, empty otherwise.
    lines: list[tuple[str, str, str]]
    space_after: float  # in body line heights


class _Layout:
    """Pixel metrics of the page styles at one resolution."""

    def __init__(self, dpi: int) -> None:
        self.dpi = dpi
        self.width, self.height = mm(A4_MM[0], dpi), mm(A4_MM[1], dpi)
        self.left = mm(_MARGIN_MM, dpi)
        self.text_width = self.width - 2 * self.left
        self.top = mm(_MARGIN_MM, dpi)
        self.bottom = self.height - mm(_MARGIN_MM, dpi)
        self.fonts = {
            "title": font(SANS_BOLD, pt(15, dpi)),
            "subtitle": font(SANS, pt(12, dpi)),
            "label": font(SANS_BOLD, pt(10.5, dpi)),
            "field": font(SANS, pt(10.5, dpi)),
            "heading": font(SANS_BOLD, pt(10.5, dpi)),
            "body": font(SERIF, pt(10.5, dpi)),
            "footer": font(SANS, pt(8.5, dpi)),
        }
        self.line = round(pt(10.5, dpi) * 1.45)

    def line_height(self, style: str) -> int:
        scale = {"title": 1.6, "subtitle": 1.3, "gap": 0.6, "sign-lines": 3.0}.get(style, 1.0)
        return round(self.line * scale)

    def block_height(self, block: _Block) -> int:
        lines = sum(self.line_height(style) for style, _, _ in block.lines)
        return lines + round(block.space_after * self.line)


def _paginate(
    layout: _Layout, head: _Block, articles: list[_Block], tail: _Block, pages: int
) -> list[list[_Block]]:
    """Split the content over exactly `pages` pages.

    One page keeps as many articles as fit before the closing block; more pages carry every
    article, spread evenly so the body visibly continues from page to page.
    """
    room = layout.bottom - layout.top
    if pages == 1:
        used = layout.block_height(head) + layout.block_height(tail)
        kept: list[_Block] = []
        for block in articles:
            used += layout.block_height(block)
            if used > room:
                break
            kept.append(block)
        return [[head, *kept, tail]]
    blocks = [head, *articles, tail]
    total = sum(layout.block_height(block) for block in blocks)
    groups: list[list[_Block]] = [[]]
    used = done = 0
    for index, block in enumerate(blocks):
        height = layout.block_height(block)
        unopened = pages - len(groups)
        must = unopened >= len(blocks) - index  # one block left per page still to open
        want = done + height / 2 > total * len(groups) / pages or used + height > room
        if groups[-1] and unopened and (must or want):
            groups.append([])
            used = 0
        groups[-1].append(block)
        used += height
        done += height
        if used > room:
            raise ValueError(f"the contract text does not fit on {pages} pages")
    return groups


def _draw_page(
    layout: _Layout, blocks: list[_Block], footer: str, rng: random.Random
) -> tuple[np.ndarray, str]:
    """Render one page and return it with its plain text, line for line as drawn."""
    image = Image.new("L", (layout.width, layout.height), 255)
    draw = ImageDraw.Draw(image)
    label_width = max(
        (
            layout.fonts["label"].getlength(label)
            for block in blocks
            for style, _, label in block.lines
            if style == "field"
        ),
        default=0,
    )
    value_x = layout.left + label_width + mm(4, layout.dpi)
    y = layout.top
    text: list[str] = []
    for block in blocks:
        for style, line, label in block.lines:
            if style in ("title", "subtitle"):
                text_centered(draw, layout.width // 2, y, line, layout.fonts[style])
            elif style == "field":
                draw.text((layout.left, y), label, font=layout.fonts["label"], fill=0)
                draw.text((value_x, y), line, font=layout.fonts["field"], fill=0)
                line = f"{label} {line}"
            elif style == "signature":
                draw.text((layout.left, y), line, font=layout.fonts["body"], fill=0)
                draw.text(
                    (layout.width // 2 + mm(10, layout.dpi), y),
                    label,
                    font=layout.fonts["body"],
                    fill=0,
                )
                line = f"{line}    {label}"
            elif style == "sign-lines":
                _signature_lines(draw, layout, y, rng)
            elif style != "gap":
                draw.text((layout.left, y), line, font=layout.fonts[style], fill=0)
            text.append(line)
            y += layout.line_height(style)
        if block.space_after:
            text.append("")
        y += round(block.space_after * layout.line)
    text_centered(
        draw, layout.width // 2, layout.height - mm(15, layout.dpi), footer, layout.fonts["footer"]
    )
    text.append(footer)
    return np.asarray(image).copy(), "\n".join(text)


def _signature_lines(
    draw: ImageDraw.ImageDraw, layout: _Layout, y: int, rng: random.Random
) -> None:
    """Two dotted signature rules, each with an ink scribble above it."""
    width = mm(60, layout.dpi)
    stroke = max(1, mm(0.35, layout.dpi))
    for x in (layout.left, layout.width // 2 + mm(10, layout.dpi)):
        base = y + layout.line * 2
        for dot in range(x, x + width, mm(1.2, layout.dpi)):
            draw.line((dot, base, dot + mm(0.5, layout.dpi), base), fill=60, width=1)
        box = (x + mm(4, layout.dpi), base - layout.line * 2, x + width - mm(8, layout.dpi), base)
        draw.line(scribble(rng, box), fill=30, width=stroke, joint="curve")


def contract(seed: int, *, language: str = "nl", dpi: int = 300, pages: int = 1) -> Sample:
    """Render an employment contract of 1-3 A4 pages with its field values as ground truth."""
    wording = _WORDING[check_language(language)]
    if not 1 <= pages <= 3:
        raise ValueError("pages must be 1, 2 or 3")
    rng = random.Random(f"contract:{language}:{seed}")
    company = people.employer(rng)
    worker = people.person(rng)
    job = people.job_title(rng)
    cents, period = _salary(rng)
    start, end = _dates(rng)
    signed = start - timedelta(days=rng.randint(10, 60))
    long_dates = language == "en" and rng.random() < 0.5

    def written(day: date) -> str:
        return long_date(day, language) if long_dates else numeric_date(day, language)

    values = {
        "employer": company.name,
        "enterprise": company.enterprise_number,
        "office": company.address,
        "employee": worker.full_name,
        "birth": written(worker.birth_date),
        "job": job,
        "salary": wording.salary.format(
            amount=amount(cents, language), period=wording.periods[period]
        ),
        "start": written(start),
        "end": written(end) if end else wording.open_end,
    }
    layout = _Layout(dpi)
    head_lines = [
        ("title", wording.title, ""),
        ("subtitle", wording.fixed_term if end else wording.open_ended, ""),
        ("gap", "", ""),
        ("body", wording.intro, ""),
        ("gap", "", ""),
    ]
    head_lines += [("field", values[key], wording.labels[key] + wording.colon) for key in _FIELDS]
    head_lines += [("gap", "", ""), ("body", wording.agreed, "")]
    head = _Block(head_lines, space_after=0.8)
    fill = {
        "job": job,
        "city": company.city,
        "hours": rng.choice((38, 38, 40)),
        "pc": rng.choice((200, 124, 111, 302, 330, 140)),
        "end_clause": wording.end_fixed if end else wording.end_open,
    }
    body_font = layout.fonts["body"]
    articles = [
        _Block(
            [("heading", wording.heading.format(number=number, title=title), "")]
            + [
                ("body", line, "")
                for line in wrap(text.format(**fill), body_font, layout.text_width)
            ],
            space_after=0.6,
        )
        for number, (title, text) in enumerate(wording.articles, start=1)
    ]
    closing = wrap(
        wording.closing.format(city=company.city, signed=written(signed)),
        body_font,
        layout.text_width,
    )
    tail = _Block(
        [("body", line, "") for line in closing]
        + [("body", "", ""), ("signature", *wording.signatures), ("sign-lines", "", "")],
        space_after=0,
    )
    images, texts = [], []
    laid_out = _paginate(layout, head, articles, tail, pages)
    for number, blocks in enumerate(laid_out, start=1):
        footer = wording.footer.format(page=number, pages=pages)
        image, text = _draw_page(layout, blocks, footer, rng)
        images.append(image)
        texts.append(text)
    truth = {
        "employer_name": company.name,
        "employer_enterprise_number": company.enterprise_number,
        "employee_name": worker.full_name,
        "job_title": job,
        "gross_salary": f"{cents // 100}.{cents % 100:02d}",
        "salary_period": period,
        "currency": "EUR",
        "start_date": start.isoformat(),
        "end_date": end.isoformat() if end else "",
        "employee_birth_date": worker.birth_date.isoformat(),
    }
    # The joint committee is named in an article, which a short contract may leave out.
    committee = re.compile(rf"(?:nr\.|n°|no\.|Nr\.)\s+{fill['pc']}\b")
    if committee.search(" ".join(texts).replace("\n", " ")):
        truth["joint_committee"] = str(fill["pc"])
    return Sample(kind="contract", pages=images, dpi=dpi, truth=truth, text_pages=texts)
