"""Where a party's name ends, and what the words around it say.

Belgian contracts name their parties in one breath, labelled or in prose:
"ACME SA, dont le siège social est établi à …, représentée par …, ci-après
« l'employeur »" and "Mme Anna NOWAK, née le 3 mars 1990 à Cracovie,
domiciliée à …". A name runs until the first clause that is not part of it:
a registered office, a representative, a registration number, a birth date
or place, a domicile, a nationality, a "hereinafter". Taking the whole line
gave names that ran on into the next clause; the clause words of the four
portal languages are listed here instead, and the name ends where one begins.

The job is stated in an article as often as behind a label ("wordt
aangeworven als", "est engagé en qualité de", "is employed as", "wird als …
eingestellt"), and the joint committee by its number.

Every pattern is matched on `fold`ed text, which has the length of the
original, so a match's offsets cut the original text too.
"""

from __future__ import annotations

import re

from ocr.fields.normalize import Found, find_date
from ocr.text import fold

# A word or phrase that starts a clause after a party's name; accent-folded, lower-case.
_CLAUSE = re.compile(
    r"(?<![a-z])(?:"
    # registered office, seat, address of the company
    r"dont (?:le|son) siege|ayant (?:son|leur) siege|siege (?:social|d'exploitation)|"
    r"etablie? (?:a|au|en)|sise? (?:a|au)|situee? (?:a|au)|"
    r"met (?:maatschappelijke |hoofd|sociale )?zetel|maatschappelijke zetel|"
    r"gevestigd (?:te|in|aan|op)|met (?:adres|kantoor|vestiging)|"
    r"(?:with|having) (?:its |a |their )?(?:registered|head) (?:office|address)|"
    r"whose (?:registered|head) office|registered office|"
    r"(?:located|established|situated|domiciled) (?:at|in)|"
    r"mit (?:dem )?(?:sitz|geschaftssitz)|(?:sitz|geschaftssitz) in|"
    # representation
    r"(?:hier |alhier )?vertegenwoordigd door|(?:ici )?representee?s? par|"
    r"(?:herein |duly |hereby )?represented by|vertreten durch|"
    # registration
    r"ingeschreven (?:in|bij|onder|met)|inscrite? (?:a|au|aupres|sous|dans)|immatriculee?|"
    r"registered (?:with|under|in|at|as)|eingetragen (?:im|in|unter|beim)|"
    r"kbo|bce|ondernemingsnummer|numero d'entreprise|n° d'entreprise|enterprise number|"
    r"company (?:number|registration)|handelsregister|btw|tva|vat|"
    # birth
    r"geboren (?:op|te|in|am|den)|nee? (?:le|a|au|en)|born (?:on|in|at)|"
    r"date of birth|geboortedatum|date de naissance|geburtsdatum|"
    # domicile
    r"(?:wonende|woonachtig|gedomicilieerd|verblijvende) (?:te|in|aan|op)|"
    r"domiciliee? (?:a|au|en|rue|avenue|chaussee|place)|demeurant (?:a|au|en|rue|avenue)|"
    r"residant (?:a|au|en)|residing (?:at|in)|resident (?:at|in)|living (?:at|in)|"
    r"whose address|wohnhaft (?:in|an|im)|"
    # nationality
    r"van [a-z]+ nationaliteit|nationaliteit|de nationalite|nationalite|"
    r"of [a-z]+ nationality|nationality|staatsangehorig|"
    # what a company is ("a company incorporated under Belgian law")
    r"(?:a|an) (?:company|firm|corporation|non-profit|limited)|une (?:societe|association)|"
    r"een (?:vennootschap|vereniging)|eine gesellschaft|incorporated|opgericht|constituee|"
    r"gegrundet|naar belgisch recht|de droit belge|nach belgischem recht|under belgian law|"
    # identity numbers
    r"rijksregisternummer|registre national|national (?:register|registry) number|"
    r"paspoort|passeport|passport|reisepass|"
    # what the holder of a diploma did to earn it
    r"nach erfolgreich\w*|nach bestandene\w*|na (?:het )?(?:succesvol|met succes)|apres avoir|"
    r"ayant (?:satisfait|reussi|termine|accompli)|after (?:successful|successfully|having)|"
    r"having (?:successfully )?(?:completed|passed|fulfilled|satisfied)|who has|qui a|"
    # "hereinafter"
    r"hierna(?: te noemen| genoemd)?|ci-(?:apres|dessous)|hereinafter|hereafter|"
    r"(?:further|below) (?:referred|called)|nachfolgend|im folgenden"
    r")(?![a-z])"
)
# Legal forms a company name may end with, or be followed by after a comma.
_LEGAL_FORM = re.compile(
    r"(?<![a-z])(?:nv|bv|bvba|cv|cvba|vof|comm ?v|vzw|sa|srl|sprl|sc|scrl|scs|snc|asbl|"
    r"gmbh|ag|kg|ohg|ug|e\.? ?v|ltd|limited|plc|llp|llc|inc|corp|bv ?ba|"
    r"naamloze vennootschap|besloten vennootschap|societe anonyme|"
    r"societe a responsabilite limitee|gesellschaft mit beschrankter haftung)\.?(?![a-z])"
)
# Words before a name that are not part of it: salutations, "the company".
_LEADING = re.compile(
    r"(?:(?:de heer|dhr\.?|heer|mevrouw|mevr\.?|mw\.?|juffrouw|monsieur|madame|mademoiselle|"
    r"m\.|mme\.?|mlle\.?|mr\.?|mrs\.?|ms\.?|miss|herrn?|frau|"
    r"de vennootschap|de onderneming|de firma|la societe|l'entreprise|la firme|"
    r"the company|the firm|die firma|die gesellschaft|der firma|der gesellschaft|"
    r"(?:de|het|la|le|l'|the|der|die|den) ?(?:werkgever|werknemer|werkneemster|employeur|"
    r"travailleu(?:r|se)|employer|employee|arbeitgeber|arbeitnehmer(?:in)?))\s+)+"
)
_PARENTHESIS_KEPT = re.compile(r"\([a-z&]+(?: [a-z&]+)?\)")
_PERSON_NAME_WORDS = 8
_COMPANY_NAME_WORDS = 10


def party_name(text: str, *, person: bool) -> Found | None:
    """The name at the start of `text`, cut where the first clause after it begins.

    A person's name also ends at a digit (a date, a street number) and keeps
    one comma ("NOWAK, Anna"); a company's ends at a comma unless a legal form
    follows it ("Dupont & Fils, SRL").
    """
    folded = fold(text)
    start = len(folded) - len(folded.lstrip(" :;,.-"))
    leading = _LEADING.match(folded, start)
    if leading is not None:
        start = leading.end()
    clause = _CLAUSE.search(folded, start)
    if clause is not None and clause.start() == start:
        return None  # a clause where the name should be: no name here
    end = clause.start() if clause is not None else len(folded)
    end = min(end, _parenthesis_end(folded, start, end))
    end = min(end, _quote_end(folded, start, end))
    if person:
        digit = re.search(r"\d", folded[start:end])
        if digit is not None:
            end = start + digit.start()
    end = _comma_end(folded, start, end, person=person)
    value = text[start:end].strip(" ,;:-–—(\"'«“")
    words = value.split()
    if not value or len(words) > (_PERSON_NAME_WORDS if person else _COMPANY_NAME_WORDS):
        return None
    offset = text.index(value, start)
    return Found(value, offset, offset + len(value))


def _parenthesis_end(folded: str, start: int, end: int) -> int:
    """A name ends at "(" unless what is in it is a short part of the name: "ACME (Belgium) NV"."""
    opening = folded.find("(", start, end)
    if opening < 0:
        return end
    if _PARENTHESIS_KEPT.match(folded, opening) and folded.find(")", opening) < end:
        return end
    return opening


def _quote_end(folded: str, start: int, end: int) -> int:
    """A quotation after a name is its role ("de werkgever"), not the name."""
    quote = re.search(r"[\"«“]", folded[start:end])
    return start + quote.start() if quote is not None and quote.start() > 0 else end


def _comma_end(folded: str, start: int, end: int, *, person: bool) -> int:
    parts = folded[start:end].split(",")
    kept = parts[0]
    for part in parts[1:]:
        piece = part.strip(" .")
        if not piece:
            break
        if _LEGAL_FORM.fullmatch(piece) is not None and not _LEGAL_FORM.search(kept):
            kept += "," + part  # "Dupont & Fils, SRL"; not "ACME NV, naamloze vennootschap"
            continue
        if person and "," not in kept and len(piece.split()) <= 3 and not re.search(r"\d", piece):
            kept += "," + part
            continue
        break
    return start + len(kept)


# Lower-case words a person's name may hold: "Jan van der Berg", "Ana da Silva", "El Amrani".
_PARTICLES = frozenset(
    (
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "das",
        "do",
        "dos",
        "du",
        "la",
        "le",
        "ten",
        "ter",
        "zu",
        "el",
        "al",
        "ben",
        "bin",
        "bint",
        "ibn",
        "y",
        "e",
        "et",
    )
)


def looks_like_a_name(text: str) -> bool:
    """Whether `text` is shaped like a person's name: two words or more, each capitalised or a
    particle, no clause words. A sentence's tail ("son sein sont applicables") is not."""
    words = text.replace(",", " ").split()
    return (
        len(words) >= 2
        and all(w[:1].isupper() or w.lower() in _PARTICLES for w in words)
        and not is_clause(text)
    )


def is_clause(text: str) -> bool:
    """Whether `text` holds clause words: a name that still does was not cut right."""
    return _CLAUSE.search(fold(text)) is not None


# "… wordt aangeworven als X", "… est engagé en qualité de X", "… is employed as X".
_JOB_BEFORE = re.compile(
    r"(?<![a-z])(?:"
    r"(?:aangeworven|aangenomen|tewerkgesteld|tewerk gesteld|in dienst genomen|aangesteld|"
    r"werkzaam|in dienst) (?:als|in de (?:functie|hoedanigheid) van)|"
    r"in de (?:functie|hoedanigheid) van|met als functie|de functie (?:van|uitoefenen van)|"
    r"(?:engagee?|occupee?|employee?|recrutee?|embauchee?|nommee?|affectee?) "
    r"(?:en qualite de|comme|au poste de|en tant que|dans la fonction de)|"
    r"en qualite de|au poste de|dans la fonction de|pour (?:exercer|occuper) "
    r"(?:la fonction|le poste) de|"
    r"(?:employed|engaged|hired|appointed|recruited|work|serve) (?:as|in the (?:position|role|"
    r"capacity) of|to the (?:position|role) of)|"
    r"in the (?:position|role|capacity) of|the position of|"
    r"in der (?:funktion|position|stellung) (?:als|eines|einer)|(?:tatigkeit|stelle) als"
    r")\s+(?:(?:an?|een|un|une|ein|eine|the|de|het|le|la|l')\s+)?"
)
# German puts the title between "als" and the verb: "wird als Softwareentwickler eingestellt",
# "stellt die Arbeitnehmerin als Lagerist ein".
_JOB_GERMAN = re.compile(
    r"(?<![a-z])(?:als|zum|zur) ((?:[^\s.,;]+ ){0,4}?[^\s.,;]+) "
    r"(?:eingestellt|beschaftigt|angestellt|tatig|(?:ein|an)(?=\s*[.,;]))(?![a-z])"
)
# Where a job title ends when the sentence goes on.
_JOB_END = re.compile(
    r"\.(?:\s|$)|[,;:(\"«“]| [-–—] | (?:bij|voor|binnen|onder|met|vanaf|in het|in de|op de|om|te|"
    r"au sein|aupres|pour|dans|a temps|a partir|avec|chez|sous|"
    r"at|with|for|within|in the|on a|from|under|starting|"
    r"bei|ab|mit|fur|im|in der|unter|eingestellt|beschaftigt|angestellt|tatig)(?![a-z])"
)
_JOB_WORDS = 8


def job_title(text: str) -> Found | None:
    """The job named by an article's sentence in `text`, if it names one."""
    folded = fold(text)
    german = _JOB_GERMAN.search(folded)
    before = _JOB_BEFORE.search(folded)
    if before is not None and (german is None or before.start() <= german.start()):
        start = before.end()
        stop = _JOB_END.search(folded, start)
        end = stop.start() if stop is not None else len(folded)
    elif german is not None:
        start, end = german.span(1)
    else:
        return None
    return _title(text, start, end)


def job_value(text: str) -> Found | None:
    """A labelled job line's value, without what follows it ("(PC 200)", ", voltijds")."""
    folded = fold(text)
    start = len(folded) - len(folded.lstrip(" :;,.-"))
    stop = re.search(r"[,;(\"«“]| [-–—] ", folded[start:])
    end = start + stop.start() if stop is not None else len(folded)
    return _title(text, start, end)


def _title(text: str, start: int, end: int) -> Found | None:
    value = text[start:end].strip(" ,;:-–—'\"").rstrip(".")
    if not value or len(value.split()) > _JOB_WORDS or re.search(r"\d", value):
        return None
    offset = text.index(value, start)
    return Found(value, offset, offset + len(value))


_JOINT_COMMITTEE = re.compile(
    r"(?<![a-z])(?:paritaire? (?:sub)?comite|(?:sous-)?commission paritaire|"
    r"joint (?:sub-?)?committee|paritatischen? (?:unter)?kommission|pc|cp|psc|scp)"
    r"\s*(?:nr\.?|n°|no\.?|n\.|nummer|numero|number)?\s*:?\s*(\d{3}(?:[.,]\d{2})?)(?!\d)"
)


def find_joint_committee(text: str) -> Found | None:
    """The joint committee's number: "paritair comité nr. 200" gives "200", "CP 302.01" "302.01"."""
    found = _JOINT_COMMITTEE.search(fold(text))
    if found is None:
        return None
    return Found(found.group(1).replace(",", "."), found.start(1), found.end(1))


_BORN = re.compile(
    r"(?<![a-z])(?:geboren (?:op|te|am|den)|nee? (?:le|a)|born (?:on|in)|date of birth|"
    r"geboortedatum|date de naissance|geburtsdatum)(?![a-z])"
)
# A birth date is this close after its phrase ("née le 3 mars 1990", "born in Kraków on …").
_BIRTH_REACH = 60


def find_birth_date(text: str) -> Found | None:
    """The date stated as a birth date in `text`."""
    for phrase in _BORN.finditer(fold(text)):
        window = text[phrase.end() : phrase.end() + _BIRTH_REACH]
        found = find_date(window)
        if found is not None:
            return Found(found.value, phrase.end() + found.start, phrase.end() + found.end)
    return None
