"""The held-out evaluation corpus: documents, captured well or badly, encoded as uploads.

Good captures are scored on what the pipeline reads; bad ones only on whether the quality gate
refuses them. Every case is fixed by its seed, so two runs of the benchmark see the same files.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from benchmarks.synth.sample import Sample
from benchmarks.synth.writers import born_digital_pdf, scanned_pdf, to_jpeg, to_png

from .contracts import contract
from .diplomas import diploma
from .passports import passport
from .photos import BAD_CAPTURES, flatbed, phone
from .wording import LANGUAGES

GOOD_CONDITIONS: dict[str, tuple[str, ...]] = {
    "contract": ("scan", "text layer", "phone"),
    "diploma": ("scan", "text layer", "phone"),
    "passport": ("scan", "phone"),
}
KINDS: tuple[str, ...] = tuple(GOOD_CONDITIONS)


@dataclass(frozen=True)
class Case:
    """One upload and what it should give.

    `reasons` lists, for a bad capture, the gate reason codes that name its defect; it is empty
    for a good one, which must pass the gate.
    """

    kind: str
    condition: str
    good: bool
    data: bytes
    truth: dict[str, str]
    pages: int
    reasons: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.kind} {self.condition}"


def document(kind: str, seed: int) -> Sample:
    """The seed-th document of a kind; contracts and diplomas rotate through the languages."""
    lang = LANGUAGES[seed % len(LANGUAGES)]
    if kind == "contract":
        return contract(seed, lang)
    if kind == "diploma":
        return diploma(seed, lang)
    return passport(seed)


def _good(kind: str, condition: str, sample: Sample, rng: random.Random) -> bytes:
    if condition == "text layer":
        return born_digital_pdf(sample.text_pages)
    capture = flatbed if condition == "scan" else phone
    pages = [capture(page, rng) for page in sample.pages]
    quality = rng.randint(72, 90)
    if condition == "scan" and kind == "contract":
        return scanned_pdf(pages, sample.dpi, quality=quality)
    if condition == "scan":
        return to_png(pages[0], sample.dpi)
    if len(pages) > 1:  # a phone scanning app gathers the photos into one PDF
        return scanned_pdf(pages, sample.dpi, quality=quality)
    return to_jpeg(pages[0], sample.dpi, quality=quality)


def good_cases(count: int, seed: int) -> Iterator[Case]:
    for kind, conditions in GOOD_CONDITIONS.items():
        for condition in conditions:
            for i in range(count):
                s = seed + i
                sample = document(kind, s)
                rng = random.Random(f"heldout-{kind}-{condition}-{s}")
                data = _good(kind, condition, sample, rng)
                yield Case(kind, condition, True, data, sample.truth, len(sample.pages))


def bad_cases(count: int, seed: int) -> Iterator[Case]:
    """Each defect applied to `count` first pages, cycling through the document kinds."""
    for capture in BAD_CAPTURES:
        for i in range(count):
            s = seed + i
            kind = KINDS[i % len(KINDS)]
            sample = document(kind, s)
            rng = random.Random(f"heldout-bad-{capture.name}-{s}")
            page: np.ndarray = capture.apply(sample.pages[0], rng)
            dpi = round(sample.dpi * capture.dpi_factor)
            data = to_jpeg(page, dpi, quality=85) if rng.random() < 0.5 else to_png(page, dpi)
            yield Case(kind, capture.name, False, data, {}, 1, capture.reasons)


def cases(count: int, seed: int) -> Iterator[Case]:
    """All good cases (`count` per kind and condition), then all bad ones (`count` per defect)."""
    yield from good_cases(count, seed)
    yield from bad_cases(count, seed)
