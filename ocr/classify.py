"""Decide what a page is, with the cues that decided it.

Caseworkers must be able to see *why* a page was filed as a contract, so the
classifier is a transparent keyword score, not a model: every keyword found
is a cue. Titles and field labels weigh more than words that also occur in
other documents (a contract may mention a diploma; a diploma a university).
"""

from __future__ import annotations

import re

from ocr.model import MRZ_DOCUMENTS, Classification, DocumentType
from ocr.mrz.layout import MrzFormat
from ocr.text import fold

# Below this score a page is "unknown": one stray word must not decide.
MIN_SCORE = 3

_KEYWORDS: dict[DocumentType, dict[str, int]] = {
    "contract": {
        # titles
        "arbeidsovereenkomst": 4,
        "contrat de travail": 4,
        "employment contract": 4,
        "arbeitsvertrag": 4,
        "contract of employment": 4,
        "contrat d'emploi": 4,
        # parties and labels
        "werkgever": 2,
        "werknemer": 2,
        "employeur": 2,
        "travailleur": 2,
        "employer": 2,
        "employee": 2,
        "arbeitgeber": 2,
        "arbeitnehmer": 2,
        "ondernemingsnummer": 2,
        "numero d'entreprise": 2,
        "enterprise number": 2,
        "unternehmensnummer": 2,
        "brutoloon": 2,
        "salaire brut": 2,
        "gross salary": 2,
        "bruttogehalt": 2,
        "begindatum": 1,
        "date de debut": 1,
        "start date": 1,
        "einddatum": 1,
        "date de fin": 1,
        "functie": 1,
        "fonction": 1,
        "job title": 1,
        "tatigkeit": 1,
        "paritair comite": 1,
        "commission paritaire": 1,
        "joint committee": 1,
        "proefperiode": 1,
        "periode d'essai": 1,
        "probation": 1,
        "probezeit": 1,
        "arbeidsreglement": 1,
        "reglement de travail": 1,
        "work rules": 1,
        "arbeitsordnung": 1,
        "opzeggingstermijn": 1,
        "preavis": 1,
        "notice period": 1,
        "kundigungsfrist": 1,
    },
    "diploma": {
        "diploma": 3,
        "diplome": 3,
        "urkunde": 3,
        # transcripts and diploma supplements state the degree behind labels
        "diplomasupplement": 3,
        "diploma supplement": 3,
        "supplement au diplome": 3,
        "academic transcript": 3,
        "transcript of records": 3,
        "releve de notes": 3,
        "notenubersicht": 3,
        "behaalde graad": 3,
        "degree awarded": 3,
        "grade obtenu": 3,
        "akademischer grad": 3,
        "datum toekenning": 2,
        "date of award": 2,
        "date d'obtention": 2,
        "studiepunten": 1,
        "ects": 1,
        # the conferral phrases of certificates
        "decerne a": 3,
        "grade academique": 3,
        "verleiht": 3,
        "verleent aan": 3,
        "graad van": 2,
        "degree of": 2,
        "gesamtnote": 2,
        "avec la mention": 2,
        "fachhochschule": 1,
        "degree": 2,
        "akademischen grad": 3,
        "hereby certifies": 3,
        "verklaart dat": 2,
        "certifie que": 3,
        "bescheinigt": 2,
        "has been awarded": 3,
        "heeft behaald": 2,
        "a obtenu": 2,
        "awarded": 1,
        "uitgereikt": 2,
        "delivre le": 2,
        "verliehen": 2,
        "bachelor": 1,
        "bachelier": 1,
        "master": 1,
        "doctor of philosophy": 1,
        "universiteit": 1,
        "universite": 1,
        "university": 1,
        "universitat": 1,
        "hochschule": 1,
        "hogeschool": 1,
    },
    "passport": {
        "passport": 3,
        "passeport": 3,
        "paspoort": 3,
        "reisepass": 3,
        "pasaporte": 3,
        "date of expiry": 2,
        "date d'expiration": 2,
        "place of birth": 1,
        "nationality": 1,
        "authority": 1,
        "given names": 1,
    },
    "id_card": {
        "identity card": 3,
        "identiteitskaart": 3,
        "carte d'identite": 3,
        "personalausweis": 3,
        "verblijfstitel": 3,
        "verblijfskaart": 3,
        "titre de sejour": 3,
        "carte de sejour": 3,
        "residence permit": 3,
        "residence card": 3,
        "aufenthaltstitel": 3,
        "card no": 1,
        "valid until": 1,
        "geldig tot": 1,
        "valable jusqu": 1,
    },
}
_PATTERNS = {
    doc: [(re.compile(rf"\b{re.escape(word)}\b"), word, weight) for word, weight in words.items()]
    for doc, words in _KEYWORDS.items()
}


def classify_page(text: str, mrz_format: MrzFormat | None = None) -> Classification:
    """The page's document type: from the MRZ when one was read (a TD3 zone is a passport's,
    TD1 and TD2 are ID and residence cards'), else by keyword score."""
    if mrz_format is not None:
        doc: DocumentType = "passport" if mrz_format == "TD3" else "id_card"
        return Classification(doc, (f"{mrz_format} machine-readable zone found",))
    folded = " ".join(fold(text).split())  # a phrase may break over two lines
    scores: dict[DocumentType, int] = {}
    cues: dict[DocumentType, list[str]] = {}
    for doc, patterns in _PATTERNS.items():
        found = [(word, weight) for pattern, word, weight in patterns if pattern.search(folded)]
        scores[doc] = sum(weight for _, weight in found)
        cues[doc] = [f"{doc} keyword '{word}'" for word, _ in found]
    best = max(scores, key=lambda doc: scores[doc])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < MIN_SCORE or ranked[0] == ranked[1]:
        return Classification("unknown", tuple(c for doc in scores for c in cues[doc]))
    return Classification(best, (f"{best} score {scores[best]}", *cues[best]))


def group_pages(types: list[DocumentType]) -> list[list[int]]:
    """Split a file's pages into documents: runs of one type; a passport, ID card or unknown
    page alone.

    Identity documents stand alone because two passports scanned together are
    two documents; unknown pages stand alone so that each is reviewed on its own.
    """
    groups: list[list[int]] = []
    for index, doc in enumerate(types):
        joins = groups and doc not in (*MRZ_DOCUMENTS, "unknown") and types[index - 1] == doc
        if joins:
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups
