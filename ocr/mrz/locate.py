"""Find the machine-readable zone on a page image and read it.

The band is found from geometry alone (see `ocr.mrz.geometry`), so a page
without an MRZ - every contract page - costs a few milliseconds and no OCR
call. Only the band is OCR'd, with an MRZ whitelist, after its filler cells
have been painted out: the fillers come from the cell grid and Tesseract
only reads the names, numbers and dates, whose words are put back into their
cells by position (`ocr.mrz.words`). That keeps every line at its exact
length.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

import cv2
import numpy as np

from ocr.model import OcrResult
from ocr.mrz import ocrb
from ocr.mrz.geometry import Band, Grid, blank_fillers, find_bands, grid
from ocr.mrz.parse import LOW_CONFIDENCE, MrzResult, confirm, parse_mrz
from ocr.mrz.words import CellScores, consensus, lines_from_words
from ocr.seam import OcrEngine

MRZ_WHITELIST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
# OCR variants tried in this order: glyph height (pixels) the band is scaled to, and the
# contrast treatment. Their errors are partly independent, so readings are also pooled.
VARIANTS = ((34, "otsu"), (46, "gray"), (40, "sharpen"), (28, "gray"))
MAX_BANDS = 2


def find_mrz_bands(gray: np.ndarray) -> list[Band]:
    """The page's MRZ-like bands, most rows first; geometry only, no OCR."""
    return find_bands(_as_gray(gray))


def read_mrz(
    gray: np.ndarray, engine: OcrEngine, today: date, bands: list[Band] | None = None
) -> MrzResult | None:
    """Locate and read the MRZ; None when the page has none (then without any OCR call).

    The band is OCR'd in one variant (scale, contrast treatment) after another
    until a reading - or the per-position majority of the readings so far -
    has all its check digits holding; that reading is then confirmed by the
    other readings (see `confirm`: names have no check digit), reading more
    variants only while a field stays doubtful. Without a passing reading,
    the one with most check digits holding is returned. `bands` are those
    `find_mrz_bands` found on this page, when the caller has already looked.
    """
    page = _as_gray(gray)
    best: MrzResult | None = None
    for band in (find_bands(page) if bands is None else bands)[:MAX_BANDS]:
        x, y, w, h = band.bbox
        reader = _BandReader(page[y : y + h, x : x + w], band.glyph_height, engine)
        for k, variant in enumerate(VARIANTS):
            candidates = reader.read(variant)
            tries = [*candidates, consensus(reader.readings)] if k else candidates
            parsed = [parse_mrz(candidate, today, reader.glyphs) for candidate in tries]
            results = [replace(r, bbox=band.bbox) for r in parsed if r is not None]
            passing = [r for r in results if r.check_digits_ok]
            if passing:
                # Readings of one OCR pass that also hold but differ are votes against.
                rivals = [list(r.lines) for r in passing[1:] if r.lines != passing[0].lines]
                return reader.confirmed(passing[0], VARIANTS[k + 1 :], today, rivals)
            for result in results:
                if best is None or result.checks_passed > best.checks_passed:
                    best = result
    return best


@dataclass
class _BandReader:
    """The readings of one band so far, and the glyph evidence of all its variants."""

    crop: np.ndarray
    glyph_height: float
    engine: OcrEngine
    readings: list[list[str]] = field(default_factory=list)
    views: list[tuple[np.ndarray, Grid]] = field(default_factory=list)

    evidence: _Glyphs = field(init=False)

    def __post_init__(self) -> None:
        self.evidence = _Glyphs(self.views)

    @property
    def glyphs(self) -> _Glyphs | None:
        return self.evidence if self.views else None

    def read(self, variant: tuple[int, str]) -> list[list[str]]:
        """OCR the band in one variant: candidate lines rebuilt on the cell grid (see
        `lines_from_words`), or the plain OCR lines when no grid is found."""
        target, treatment = variant
        image = _rescale(self.crop, target / max(self.glyph_height, 1.0))
        cells = grid(image)
        if cells is not None and cells.upside_down:
            image = cv2.rotate(image, cv2.ROTATE_180)
            cells = grid(image)
        if cells is None:
            lines = [_ocr(self.engine, _TREATMENTS[treatment](image)).text.splitlines()]
        else:
            blanked = _TREATMENTS[treatment](blank_fillers(image, cells))
            lines = lines_from_words(
                cells, _ocr(self.engine, blanked).words, _cell_scores(image, cells)
            )
            if not self.views or _same_grid(self.views[0][1], cells):
                self.views.append((image, cells))
        self.readings.append(lines[0])
        return lines

    def confirmed(
        self,
        result: MrzResult,
        unread: tuple[tuple[int, str], ...],
        today: date,
        rivals: list[list[str]],
    ) -> MrzResult:
        """`confirm` the result, OCR-ing further variants while some field stays doubtful."""
        confirmed = confirm(result, self.readings + rivals, today, self.glyphs)
        for variant in unread:
            if all(f.confidence > LOW_CONFIDENCE for f in confirmed.fields.values()):
                break
            self.read(variant)
            confirmed = confirm(result, self.readings + rivals, today, self.glyphs)
        return confirmed


def _cell_scores(image: np.ndarray, cells: Grid) -> CellScores:
    def scores(row: int, column: int) -> dict[str, float]:
        return ocrb.scores(cells.cell(image, row, column))

    return scores


def _same_grid(a: Grid, b: Grid) -> bool:
    return a.length == b.length and len(a.rows) == len(b.rows)


def _otsu(image: np.ndarray) -> np.ndarray:
    return cv2.threshold(image, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]


def _sharpen(image: np.ndarray) -> np.ndarray:
    return cv2.addWeighted(image, 1.8, cv2.GaussianBlur(image, (0, 0), 2.0), -0.8, 0)


_TREATMENTS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "gray": lambda image: image,
    "otsu": _otsu,
    "sharpen": _sharpen,
}


class _Glyphs:
    """Glyph evidence for `parse_mrz`: cells compared with characters rendered in OCR-B,
    averaged over the variants (scales) read so far, which steadies it."""

    def __init__(self, views: list[tuple[np.ndarray, Grid]]) -> None:
        self._views = views  # shared with the reader, which appends to it
        self._cache: dict[tuple[int, int], dict[str, float]] = {}

    def scores(self, position: int) -> dict[str, float]:
        found = [s for s in (self._view(k, position) for k in range(len(self._views))) if s]
        return {c: sum(s[c] for s in found) / len(found) for c in found[0]} if found else {}

    def _view(self, k: int, position: int) -> dict[str, float]:
        if (k, position) not in self._cache:
            image, cells = self._views[k]
            row, column = divmod(position, cells.length)
            self._cache[k, position] = ocrb.scores(cells.cell(image, row, column))
        return self._cache[k, position]


def _ocr(engine: OcrEngine, image: np.ndarray) -> OcrResult:
    return engine.recognize(image, languages=("eng",), psm=6, whitelist=MRZ_WHITELIST)


def _rescale(image: np.ndarray, factor: float) -> np.ndarray:
    if abs(factor - 1.0) < 0.05:
        return image
    interpolation = cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA
    return cv2.resize(image, None, fx=factor, fy=factor, interpolation=interpolation)


def _as_gray(image: np.ndarray) -> np.ndarray:
    if image.ndim == 3:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    return np.ascontiguousarray(image, dtype=np.uint8)
