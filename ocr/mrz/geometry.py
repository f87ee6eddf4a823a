"""Geometry of a machine-readable zone, measured without OCR.

An MRZ is two or three rows of 30-44 OCR-B glyphs at one exact pitch, with
no word gaps (the filler `<` is a glyph), left-aligned and of equal length.
That is enough to find it on a page, and - because the pitch is fixed - to
cut every row into its character cells. The filler is recognisable from its
shape alone, which matters because Tesseract's LSTM reads long runs of `<`
as K, E or S and loses count of them: fillers are taken from the geometry
and only the other cells are left to OCR.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np

from ocr.model import BBox

MIN_ROW_GLYPHS = 22
ROW_GLYPHS = (24, 52)
LINE_LENGTHS = (30, 36, 44)
# Below the baseline, as a fraction of the glyph height, where Q and J reach.
DESCENT = 0.25


@dataclass(frozen=True)
class Row:
    """One MRZ row: cell i is centred at x0 + i * pitch, between top and bottom."""

    x0: float
    pitch: float
    top: float
    bottom: float
    last: float  # index of the last glyph's cell

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def center(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def left(self) -> float:
        return self.x0 - self.pitch / 2

    @property
    def right(self) -> float:
        return self.x0 + (self.last + 0.5) * self.pitch


@dataclass(frozen=True)
class Band:
    """A group of MRZ rows found on a page, in page pixels."""

    bbox: BBox
    glyph_height: float
    rows: int


@dataclass(frozen=True)
class Grid:
    """The cells of an MRZ band image: per row, which cells hold a filler `<`."""

    rows: tuple[Row, ...]
    length: int
    fillers: tuple[tuple[bool, ...], ...]
    mirrored_fillers: int

    @property
    def upside_down(self) -> bool:
        """Fillers point left; more right-pointing ones mean the band is rotated 180 degrees."""
        return self.mirrored_fillers > sum(map(sum, self.fillers))

    def cell(self, image: np.ndarray, row: int, i: int) -> np.ndarray:
        """Cell `i` of `row` for comparing glyphs: one pitch wide, from the top of the
        row's tallest glyph to DESCENT below the baseline (the tail of Q, the foot of J),
        so that a glyph's size and place relative to the row are kept."""
        r = self.rows[row]
        x = r.x0 + i * r.pitch
        left, right = max(0, int(x - r.pitch / 2)), max(0, int(x + r.pitch / 2))
        bottom = int(r.bottom + DESCENT * r.height) + 1
        return image[max(0, int(r.top)) : bottom, left:right]

    def cell_span(self, row: int, left: float, right: float) -> tuple[int, int]:
        """The cells a horizontal extent covers in `row` (first, last; inclusive)."""
        r = self.rows[row]
        start = r.x0 - r.pitch / 2
        return int((left - start) // r.pitch), int((right - 1 - start) // r.pitch)


def find_bands(gray: np.ndarray, work_side: int = 1400) -> list[Band]:
    """MRZ-like bands on a page, most rows first; cheap enough to run on every page."""
    scale = min(1.0, work_side / max(gray.shape))
    small = (
        gray
        if scale == 1.0
        else cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    )
    bands = []
    for group in _groups([r for r in map(_row, _text_rows(_glyphs(small))) if r is not None]):
        pitch = float(np.median([r.pitch for r in group]))
        height = float(np.median([r.height for r in group]))
        x0 = max(0, int((min(r.left for r in group) - 1.5 * pitch) / scale))
        y0 = max(0, int((group[0].top - 0.8 * height) / scale))
        x1 = min(gray.shape[1], int((max(r.right for r in group) + 1.5 * pitch) / scale))
        y1 = min(gray.shape[0], int((group[-1].bottom + 0.8 * height) / scale))
        bands.append(Band((x0, y0, x1 - x0, y1 - y0), height / scale, len(group)))
    return sorted(bands, key=lambda b: -b.rows)


def grid(band: np.ndarray) -> Grid | None:
    """Cut a band image (glyphs ~30-50 px tall) into cells and mark the filler cells."""
    groups = _groups([r for r in map(_row, _text_rows(_glyphs(band))) if r is not None])
    if not groups:
        return None
    rows = max(groups, key=len)
    left = min(r.x0 for r in rows)
    rows = [_align(r, left) for r in rows]
    span = max(r.last for r in rows) + 1
    length = min(LINE_LENGTHS, key=lambda n: abs(n - span))
    if abs(length - span) > 3:
        return None
    _, binary = cv2.threshold(band, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    shapes = [[_shape(binary, r, i) for i in range(length)] for r in rows]
    return Grid(
        rows=tuple(rows),
        length=length,
        fillers=tuple(tuple(s == "<" for s in row) for row in shapes),
        mirrored_fillers=sum(s == ">" for row in shapes for s in row),
    )


def blank_fillers(band: np.ndarray, cells: Grid) -> np.ndarray:
    """The band with every filler cell painted over in the background grey."""
    out = band.copy()
    background = int(np.percentile(band, 90))
    for row, fillers in zip(cells.rows, cells.fillers, strict=True):
        for i, filler in enumerate(fillers):
            if filler:
                _cell(out, row, i, 2)[:] = background
    return out


def _glyphs(gray: np.ndarray) -> np.ndarray:
    """Bounding boxes (x, y, w, h) of dark, glyph-sized connected components."""
    binary = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )
    _, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    x, y, w, h, area = stats[1:, 0], stats[1:, 1], stats[1:, 2], stats[1:, 3], stats[1:, 4]
    keep = (h >= 5) & (h <= 120) & (w <= 1.6 * h) & (w >= 0.15 * h) & (area >= 0.1 * w * h)
    return np.stack([x[keep], y[keep], w[keep], h[keep]], axis=1).astype(np.float64)


def _text_rows(boxes: np.ndarray) -> Iterator[np.ndarray]:
    """Rows of glyphs whose vertical centres agree, split where the horizontal gap is wide."""
    if len(boxes) == 0:
        return
    centers = boxes[:, 1] + boxes[:, 3] / 2
    order = np.argsort(centers)
    boxes, centers = boxes[order], centers[order]
    breaks = np.nonzero(np.diff(centers) > 0.3 * np.minimum(boxes[:-1, 3], boxes[1:, 3]))[0]
    for line in np.split(boxes, breaks + 1):
        if len(line) < MIN_ROW_GLYPHS:
            continue
        line = line[np.argsort(line[:, 0])]
        gaps = line[1:, 0] - (line[:-1, 0] + line[:-1, 2])
        for row in np.split(line, np.nonzero(gaps > 1.5 * np.median(line[:, 3]))[0] + 1):
            if len(row) >= MIN_ROW_GLYPHS:
                yield row


def _row(boxes: np.ndarray) -> Row | None:
    """The row's cell geometry if it has an MRZ glyph count at an exactly regular pitch."""
    height = float(np.median(boxes[:, 3]))
    boxes = boxes[boxes[:, 3] >= 0.4 * height]
    if len(boxes) < MIN_ROW_GLYPHS:
        return None
    centers = boxes[:, 0] + boxes[:, 2] / 2
    steps = np.diff(centers)
    pitch = float(np.median(steps))
    if not 0.5 * height <= pitch <= 1.6 * height:
        return None
    regular = float(np.mean(np.abs(steps - pitch) < 0.2 * pitch))
    # Cell numbers from rounded steps, not from the distance to the first glyph: a small
    # error in the median pitch would add up over 44 cells.
    index = np.concatenate([[0.0], np.cumsum(np.maximum(np.round(steps / pitch), 1.0))])
    if regular < 0.75 or not ROW_GLYPHS[0] <= index[-1] + 1 <= ROW_GLYPHS[1]:
        return None
    slope, x0 = np.polyfit(index, centers, 1)
    # Top of the tallest glyphs (OCR-B digits) and the baseline; Q and J reach below it.
    top, baseline = boxes[:, 1].min(), np.median(boxes[:, 1] + boxes[:, 3]) - 1
    return Row(float(x0), float(slope), float(top), float(baseline), float(index[-1]))


def _align(row: Row, left: float) -> Row:
    """Renumber a row's cells so that cell 0 sits at the common left edge of the band."""
    shift = round((row.x0 - left) / row.pitch)
    return Row(row.x0 - shift * row.pitch, row.pitch, row.top, row.bottom, row.last + shift)


def _groups(rows: list[Row]) -> list[list[Row]]:
    """Runs of 2-3 MRZ rows of one pitch, left-aligned, equally long, at line spacing."""
    groups: list[list[Row]] = []
    for row in sorted(rows, key=lambda r: r.center):
        last = groups[-1][-1] if groups else None
        if last is not None and _continues(last, row) and len(groups[-1]) < 3:
            groups[-1].append(row)
        else:
            groups.append([row])
    return [g for g in groups if len(g) >= 2]


def _continues(above: Row, below: Row) -> bool:
    pitch = (above.pitch + below.pitch) / 2
    return (
        abs(above.pitch - below.pitch) < 0.15 * pitch
        and abs(above.left - below.left) < 2 * pitch
        and abs(above.right - below.right) < 4 * pitch
        and 1.1 * above.height < below.center - above.center < 4 * above.height
    )


def _shape(binary: np.ndarray, row: Row, i: int) -> str:
    """'<' for a filler glyph, '>' for a filler upside down, '' otherwise.

    On a 3x3 grid over the glyph's ink box a `<` has ink at the left middle
    and the two right corners and none at the left corners or right middle;
    no letter or digit of OCR-B has that pattern.
    """
    cell = _cell(binary, row, i, 2)
    ys, xs = np.nonzero(cell)
    if len(xs) < 10:
        return ""
    ink = cell[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].astype(np.float32)
    if ink.shape[0] < 3 or ink.shape[1] < 3:
        return ""
    f = cv2.resize(ink, (3, 3), interpolation=cv2.INTER_AREA)
    if _is_chevron(f):
        return "<"
    return ">" if _is_chevron(f[:, ::-1]) else ""


def _cell(image: np.ndarray, row: Row, i: int, margin: int) -> np.ndarray:
    x = row.x0 + i * row.pitch
    left, right = max(0, int(x - row.pitch / 2)), max(0, int(x + row.pitch / 2))
    return image[max(0, int(row.top) - margin) : int(row.bottom) + 1 + margin, left:right]


def _is_chevron(f: np.ndarray) -> bool:
    return bool(
        f[0, 0] < 0.15
        and f[2, 0] < 0.15
        and f[1, 2] < 0.1
        and f[1, 0] > 0.45
        and f[0, 2] > 0.25
        and f[2, 2] > 0.25
    )
