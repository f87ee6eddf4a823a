"""Pay and duration as a contract's articles state them, when no label gives them.

"De werknemer ontvangt een bruto jaarloon van 45.500,00 EUR", "La rémunération
mensuelle brute s'élève à 3 986,02 EUR", "Die Vergütung beträgt € 2.655,00
brutto pro Monat"; "gesloten voor een bepaalde duur, van 1 februari 2026 tot en
met 31 januari 2027", "Il prend cours le 15.09.2025", "commencing on 1/2/2027".

A contract states other amounts and dates too: meal vouchers and eco-cheques
per day or year, working hours, the law of 3 July 1978, the date it was signed.
So pay is an amount beside a currency in a sentence about pay and not about a
voucher or an allowance, and a start or end date is one that follows the words
that introduce it. Patterns are matched on `fold`ed text (same length as the
original), so their offsets cut the original too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ocr.fields.normalize import Found, find_amount, find_date, find_open_ended, find_period
from ocr.text import fold

_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z0-9À-Ý«\"'(])|\n")
# A full stop after these is not a sentence's end: "Nr. 200", "28. Februar", "M. Dupont".
_NOT_AN_END = re.compile(r"(?:^|\s)(?:\d{1,2}|nr|no|n°|art|m|mme|mr|mrs|ms|dr|st|blz|p|ca|bzw)$")
_PAY = re.compile(
    r"(?<![a-z])(?:\w*loon|wedde|bezoldiging|salaris|verloning|salaire|remuneration|traitement|"
    r"salary|wage|wages|pay|paid|betaald|paye|payee|vergutung|\w*gehalt|\w*lohn|entgelt|"
    r"bruto|brut|brute|brutto|gross)(?![a-z])"
)
# Amounts in a sentence about these are not the salary.
_NOT_PAY = re.compile(
    r"cheque|check|voucher|gutschein|maaltijd|repas|meal|essens|bijdrage|contribution|beitrag|"
    r"vergoeding|indemnit|allowance|zulage|bonus|prime|premie|km|kilomet|transport|"
    r"verplaatsing|deplacement|travel|reise|opzeg|preavis|notice|kundigung|boete|amende|penalty"
)
_MONEY = re.compile(
    r"(?:€|\beur(?:o|os)?\b)\s?(\d[\d .,'\u00a0\u202f]*\d|\d)|"
    r"(\d[\d .,'\u00a0\u202f]*\d|\d)\s?(?:€|\beur(?:o|os)?\b)"
)


@dataclass(frozen=True)
class Pay:
    amount: Found
    currency: Found
    period: Found | None


def find_pay(text: str) -> Pay | None:
    """The gross pay stated in `text`: the first amount beside a currency in a sentence
    about pay, with the period the sentence names."""
    for start, sentence in _sentences(text):
        folded = fold(sentence)
        if not _PAY.search(folded) or _NOT_PAY.search(folded):
            continue
        money = _MONEY.search(folded)
        if money is None:
            continue
        group = 1 if money.group(1) else 2
        amount = find_amount(sentence[money.start(group) : money.end(group)])
        if amount is None:
            continue
        at = start + money.start(group)
        period = find_period(sentence)
        return Pay(
            Found(amount.value, at + amount.start, at + amount.end),
            Found("EUR", start + money.start(), start + money.end()),
            Found(period.value, start + period.start, start + period.end) if period else None,
        )
    return None


_FROM = re.compile(
    r"(?<![a-z])(?:van|vanaf|met ingang van|du|a partir du|a compter du|from|as from|as of|"
    r"with effect from|vom|ab dem|ab)(?![a-z])"
)
_TO = re.compile(
    r"\s*(?:tot en met|tot|t/m|au|jusqu'au|jusqu'a|until|till|to|through|up to and including|"
    r"bis zum|bis einschliesslich|bis)(?![a-z])"
)
_STARTS = re.compile(
    r"(?<![a-z])(?:vangt aan op|gaat in op|begint op|start op|neemt een aanvang op|"
    r"treedt in dienst op|in dienst op|aanvangsdatum|pren(?:d|ant) (?:cours|effet) (?:le|au)|"
    r"commen(?:ce|cant) le|debut(?:e|ant) le|entre en service le|"
    r"entree en service (?:le|au|est fixee (?:le|au))|"
    r"commencing on|commences on|commence on|starting on|starts on|start on|begins on|"
    r"beginning on|takes effect on|effective on|beginnt am|beginnt mit dem|tritt am|"
    r"beginn(?: des arbeitsverhaltnisses)? am)(?![a-z])"
)
_ENDS = re.compile(
    r"(?<![a-z])(?:eindigt(?: van rechtswege)? op|loopt(?: van rechtswege)? af op|"
    r"(?:prend|prenant) fin(?: de plein droit)? le|se termin(?:e|ant)(?: de plein droit)? le|"
    r"expire le|(?:ends|ending|expires|terminates)(?: [a-z]+)? on|endet(?: [a-z]+){0,3} am)"
    r"(?![a-z])"
)
_DURATION = re.compile(
    r"(?<![a-z])(?:duur|tijd|duree|term|period|dauer|befristet|unbefristet|zeit|"
    r"overeenkomst|contrat|contract|vertrag|arbeitsverhaltnis)(?![a-z])"
)
# How far after its words a date may stand ("vangt aan op maandag 1 maart 2027").
_REACH = 30


@dataclass(frozen=True)
class Term:
    start: Found | None
    end: Found | None  # value "" for a contract without end date


def find_term(text: str) -> Term:
    """Start and end date stated in sentences of `text`; an open-ended contract's end is ""."""
    start: Found | None = None
    end: Found | None = None
    for offset, sentence in _sentences(text):
        folded = fold(sentence)
        if start is None or end is None:
            ranged = _range(sentence, folded)
            if ranged is not None:
                start = start or _shift(ranged[0], offset)
                end = end or _shift(ranged[1], offset)
        if start is None:
            start = _shift(_date_after(sentence, folded, _STARTS), offset)
        if end is None:
            end = _shift(_date_after(sentence, folded, _ENDS), offset)
        if end is None and _DURATION.search(folded):
            open_ended = find_open_ended(sentence)
            end = _shift(open_ended, offset)
    return Term(start, end)


def _range(sentence: str, folded: str) -> tuple[Found, Found] | None:
    """ "van 1 februari 2026 tot en met 31 januari 2027", "du … au …", "from … until …"."""
    for word in _FROM.finditer(folded):
        first = find_date(sentence[word.end() : word.end() + _REACH])
        if first is None or sentence[word.end() : word.end() + first.start].strip():
            continue
        after = word.end() + first.end
        to = _TO.match(folded, after)
        second = find_date(sentence[to.end() : to.end() + _REACH]) if to is not None else None
        if to is None or second is None or sentence[to.end() : to.end() + second.start].strip():
            continue
        return (
            Found(first.value, word.end() + first.start, after),
            Found(second.value, to.end() + second.start, to.end() + second.end),
        )
    return None


def _date_after(sentence: str, folded: str, words: re.Pattern[str]) -> Found | None:
    for word in words.finditer(folded):
        found = find_date(sentence[word.end() : word.end() + _REACH])
        if found is not None:
            return Found(found.value, word.end() + found.start, word.end() + found.end)
    return None


def _shift(found: Found | None, offset: int) -> Found | None:
    return Found(found.value, offset + found.start, offset + found.end) if found else None


def _sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of `text` with their offsets."""
    folded = fold(text)
    pieces, start = [], 0
    for boundary in _SENTENCE_END.finditer(text):
        if _NOT_AN_END.search(folded[start : boundary.start()]):
            continue
        pieces.append((start, text[start : boundary.start() + 1]))
        start = boundary.end()
    pieces.append((start, text[start:]))
    return [(at, piece) for at, piece in pieces if piece.strip()]
