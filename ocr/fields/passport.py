"""Fields of a passport or ID card: the MRZ is the source of truth.

The visual zone repeats the same data in fonts and layouts that vary by
country, while the MRZ is standardised and protected by check digits, so
the extraction is the MRZ reading placed on its page.
"""

from __future__ import annotations

from dataclasses import replace

from ocr.model import Check, Extraction
from ocr.mrz.parse import MrzResult

REQUIRED = (
    "document_number",
    "surname",
    "given_names",
    "nationality",
    "date_of_birth",
    "sex",
    "expiry_date",
    "issuing_state",
)


def extract_passport(mrz: MrzResult | None, page: int | None = None) -> Extraction:
    """The MRZ fields with their page and the MRZ band as box, plus the MRZ checks.

    Without an MRZ reading nothing is extracted and `required_fields` fails:
    a passport page whose MRZ could not be read goes to a caseworker.
    """
    if mrz is None:
        return Extraction(
            {}, (Check("required_fields", False, "No machine-readable zone could be read."),)
        )
    fields = {name: replace(field, page=page, bbox=mrz.bbox) for name, field in mrz.fields.items()}
    missing = [name for name in REQUIRED if name not in fields]
    checks = list(mrz.checks)
    if missing:
        checks.append(Check("required_fields", False, f"Not found: {', '.join(missing)}."))
    return Extraction(fields, tuple(checks))
