"""A machine-readable zone seen as geometry only: how big the page is, and whether it is whole.

ICAO Doc 9303 (part 3) prints every MRZ in OCR-B size 1 at a fixed horizontal pitch of
2.54 mm (10 characters per inch), on documents of fixed sizes: TD3 passport pages
125 x 88 mm with two rows of 44 characters, TD2 105 x 74 mm with two rows of 36, TD1
cards 85.6 x 54 mm with three rows of 30, the rows centred on the document's width along
its bottom edge. The pitch is the one physical length on an identity document that does not
depend on its issuer's fonts, so the pixels per character cell give the scan's real
resolution, whatever dpi the file claims (screenshots and web or phone exports often say 72
or 96). Blur does not move the centres of the characters, so the pitch holds on a blurred
page too.

No OCR is involved (the gate must stay cheap and free of `ocr/`): a row is a run of at
least MIN_CELLS character-like blobs of one height, along a (skewed) line, whose centres sit
at one regular pitch; an MRZ is two or three such rows of one pitch, aligned, at line
spacing. Pages on their side are handled by reading the blobs' coordinates transposed.

Knowing where the rows are and how many cells they span also tells where the document must
be: the rows' ends lie some millimetres inside its left and right edges, the last row just
above its bottom edge, and the rest of the document above the first row. A document that
fills the frame leaves those millimetres inside the image; one that runs off an edge does
not (`frame_cut_sides`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

MRZ_PITCH_MM = 2.54
MM_PER_INCH = 25.4
# Row lengths (cells) and document sizes (mm) of the three formats.
FORMATS = {44: (125.0, 88.0), 36: (105.0, 74.0), 30: (85.6, 54.0)}
# A row needs this many character blobs at the regular pitch ('<' fillers are blobs too).
MIN_CELLS = 20
MIN_BLOB_PX = 5
# Share of the steps between neighbouring blobs that must fall on whole multiples of the
# pitch (within PITCH_TOLERANCE of a pitch): proportional body text does not come close.
MIN_REGULAR = 0.85
PITCH_TOLERANCE = 0.2
# Rows of one MRZ: pitches within this fraction, baselines this many pitches apart.
SAME_PITCH = 0.1
ROW_SPACING = (1.3, 3.4)
# Millimetres of the document that must be inside the image beyond the MRZ rows: beside
# their ends (ICAO: ~6.6 mm on TD3, 6.8 on TD2, 4.7 on TD1; a little is given for
# perspective), below the last row, and above the first row (the document's height less
# the MRZ zone and the bottom margin).
MIN_END_MARGIN_MM = 2.5
MIN_BOTTOM_MARGIN_MM = 0.5
ZONE_AND_BOTTOM_MM = 30.0


@dataclass(frozen=True)
class MrzRow:
    """One row in the rotated frame (u along the row, v across it), in image pixels."""

    start: float  # u of the first cell's centre
    end: float  # u of the last cell's centre
    v: float  # centre line
    height: float  # character height (median blob)
    pitch: float


@dataclass(frozen=True)
class MrzGeometry:
    """An MRZ found on a page: its rows (top to bottom in the rotated frame), the angle of the
    rotated frame (degrees, counter-clockwise), and whether the image was read transposed."""

    rows: tuple[MrzRow, ...]
    angle: float
    transposed: bool

    @property
    def pitch(self) -> float:
        return float(np.median([r.pitch for r in self.rows]))

    @property
    def dpi(self) -> float:
        """Resolution implied by the pitch."""
        return self.pitch / MRZ_PITCH_MM * MM_PER_INCH

    @property
    def cells(self) -> int:
        return max(round((r.end - r.start) / r.pitch) + 1 for r in self.rows)

    @property
    def document_mm(self) -> tuple[float, float]:
        """(width, height) of the document the row length points to."""
        nearest = min(FORMATS, key=lambda n: abs(n - self.cells))
        return FORMATS[nearest]


def _blobs(mask: np.ndarray) -> np.ndarray:
    """(n, 5) float array x, y (centre), w, h, area of character-like blobs of a mask."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask.view(np.uint8), connectivity=8)
    x, y, w, h, area = (stats[1:count, k].astype(np.float64) for k in range(5))
    fill = area / np.maximum(w * h, 1)
    keep = (
        (h >= MIN_BLOB_PX)
        & (w <= 1.6 * h)
        & (w * 10 >= h)
        & (fill >= 0.1)
        & (fill <= 0.95)
        & (h <= 0.2 * min(mask.shape))
    )
    cx = x + w / 2
    cy = y + h / 2
    return np.stack([cx[keep], cy[keep], w[keep], h[keep], area[keep]], axis=1)


def _row_from(u: np.ndarray, v: np.ndarray, h: np.ndarray) -> MrzRow | None:
    """The row these blobs form if their centres sit at one regular pitch, else None."""
    order = np.argsort(u)
    u, v, h = u[order], v[order], h[order]
    height = float(np.median(h))
    steps = np.diff(u)
    steps = steps[steps > 0.3 * height]
    if steps.size < MIN_CELLS - 1:
        return None
    near = steps[steps < 1.8 * height]
    if near.size < (MIN_CELLS - 1) // 2:
        return None
    pitch = float(np.median(near))
    if not 0.6 * height <= pitch <= 1.6 * height:
        return None
    multiples = np.round(steps / pitch)
    regular = np.abs(steps - multiples * pitch) < PITCH_TOLERANCE * pitch
    if regular.mean() < MIN_REGULAR or multiples.max() > 12:
        return None
    # Refine the pitch over the whole row: the centres against their cell numbers.
    cells = np.concatenate([[0.0], np.cumsum(np.maximum(np.round(np.diff(u) / pitch), 0))])
    if cells[-1] + 1 < MIN_CELLS or cells[-1] + 1 > 46:
        return None
    slope, offset = np.polyfit(cells, u, 1)
    return MrzRow(
        start=float(offset),
        end=float(offset + slope * cells[-1]),
        v=float(np.median(v)),
        height=height,
        pitch=float(slope),
    )


def _rows(blobs: np.ndarray, angle: float) -> list[MrzRow]:
    """Regular rows among the blobs, in the frame rotated back by `angle`."""
    if blobs.shape[0] < MIN_CELLS:
        return []
    a = math.radians(angle)
    x, y, h = blobs[:, 0], blobs[:, 1], blobs[:, 3]
    u = x * math.cos(a) - y * math.sin(a)
    v = x * math.sin(a) + y * math.cos(a)
    order = np.argsort(v)
    gaps = np.diff(v[order]) >= 0.25 * h[order][1:]
    rows: list[MrzRow] = []
    for group in np.split(order, np.flatnonzero(gaps) + 1):
        if group.size < MIN_CELLS:
            continue
        # Keep the blobs of the row's character height ('<' is smaller, punctuation more so).
        tall = np.percentile(h[group], 75)
        group = group[(h[group] >= 0.5 * tall) & (h[group] <= 1.3 * tall)]
        row = _row_from(u[group], v[group], h[group])
        if row is not None:
            rows.append(row)
    return rows


def _zone(rows: list[MrzRow]) -> tuple[MrzRow, ...] | None:
    """The largest run of 2-3 rows of one pitch, aligned, at MRZ line spacing."""
    best: tuple[MrzRow, ...] | None = None
    rows = sorted(rows, key=lambda r: r.v)
    for i in range(len(rows)):
        run = [rows[i]]
        for row in rows[i + 1 :]:
            last = run[-1]
            pitch = (last.pitch + row.pitch) / 2
            if (
                abs(last.pitch - row.pitch) < SAME_PITCH * pitch
                and ROW_SPACING[0] * pitch <= row.v - last.v <= ROW_SPACING[1] * pitch
                and abs(last.start - row.start) < 1.5 * pitch
            ):
                run.append(row)
            if len(run) == 3:
                break
        if len(run) >= 2 and (best is None or len(run) > len(best)):
            best = tuple(run)
    return best


def find_mrz(mask: np.ndarray, skew: float) -> MrzGeometry | None:
    """The MRZ on a page's character mask (see `quality.resolution.character_mask`), upright,
    upside down or on its side, with the page's skew angle; None when there is none."""
    blobs = _blobs(mask)
    if blobs.shape[0] < 2 * MIN_CELLS:
        return None
    swapped = blobs[:, [1, 0, 3, 2, 4]]
    for transposed, b in ((False, blobs), (True, swapped)):
        # On a page on its side the skew found is that of its lines all the same.
        zone = _zone(_rows(b, skew))
        if zone is not None:
            return MrzGeometry(zone, skew, transposed)
    return None


def _to_image(m: MrzGeometry, u: float, v: float) -> tuple[float, float]:
    """Image (x, y) of a point of the rotated frame."""
    a = math.radians(m.angle)
    x = u * math.cos(a) + v * math.sin(a)
    y = -u * math.sin(a) + v * math.cos(a)
    return (y, x) if m.transposed else (x, y)


def frame_cut_sides(m: MrzGeometry, shape: tuple[int, ...]) -> int:
    """How many of the document's sides, placed from its MRZ, run off the image (0-4).

    Upright or upside down cannot be told from geometry: the MRZ's own side is the one
    nearer to the image's edge, and the document extends to the other.
    """
    h, w = shape[:2]
    mm = m.dpi / MM_PER_INCH
    doc_h = m.document_mm[1]
    first, last = m.rows[0], m.rows[-1]
    start = min(r.start for r in m.rows) - m.pitch / 2
    end = max(r.end for r in m.rows) + m.pitch / 2
    mid = (start + end) / 2
    half_rows = max(r.height for r in m.rows) / 2

    def inside(u: float, v: float) -> bool:
        x, y = _to_image(m, u, v)
        return 0 <= x < w and 0 <= y < h

    # Which way is "below": the side of the rows on which the image ends sooner.
    a = math.radians(m.angle)
    corners = [(0, 0), (w, 0), (0, h), (w, h)]
    if m.transposed:
        corners = [(y, x) for x, y in corners]
    vs = [x * math.sin(a) + y * math.cos(a) for x, y in corners]
    down = 1.0 if max(vs) - last.v <= first.v - min(vs) else -1.0
    outer, inner = (last, first) if down > 0 else (first, last)
    reach_beyond = doc_h - ZONE_AND_BOTTOM_MM
    checks = (
        inside(start - MIN_END_MARGIN_MM * mm, first.v),
        inside(start - MIN_END_MARGIN_MM * mm, last.v),
        inside(end + MIN_END_MARGIN_MM * mm, first.v),
        inside(end + MIN_END_MARGIN_MM * mm, last.v),
        inside(mid, outer.v + down * (half_rows + MIN_BOTTOM_MARGIN_MM * mm)),
        inside(mid, inner.v - down * (half_rows + reach_beyond * mm)),
    )
    left = not (checks[0] and checks[1])
    right = not (checks[2] and checks[3])
    return int(left) + int(right) + int(not checks[4]) + int(not checks[5])


def document_box(m: MrzGeometry) -> tuple[float, float, float, float]:
    """(u0, u1, v0, v1): the document's extent in the rotated frame, from its MRZ, either
    way up (v spans the document's height above and below the rows)."""
    mm = m.dpi / MM_PER_INCH
    doc_w, doc_h = m.document_mm
    start = min(r.start for r in m.rows)
    end = max(r.end for r in m.rows)
    margin = (doc_w - m.cells * MRZ_PITCH_MM) / 2 + 2.0
    return (
        start - margin * mm,
        end + margin * mm,
        m.rows[0].v - doc_h * mm,
        m.rows[-1].v + doc_h * mm,
    )


def in_box(m: MrzGeometry, box: tuple[float, float, float, float], x: float, y: float) -> bool:
    """Whether image point (x, y) lies in a box of the rotated frame."""
    if m.transposed:
        x, y = y, x
    a = math.radians(m.angle)
    u = x * math.cos(a) - y * math.sin(a)
    v = x * math.sin(a) + y * math.cos(a)
    return box[0] <= u <= box[1] and box[2] <= v <= box[3]


# A character cut by the border counts over at least this share of the side (as in
# `quality.content.MIN_CUT_MARK`).
MIN_CUT_MARK = 0.006
# What the border leaves of a cut character is at least this share of the MRZ's character
# height (smaller fragments are print of the booklet's edge or of the facing page), and a
# side is cut through text when it cuts at least this many.
MIN_CUT_CHARACTER = 0.4
MIN_CUT_CHARACTERS = 2


def text_cut_share(mask: np.ndarray, m: MrzGeometry) -> float:
    """How far the document of an MRZ runs off the image: 1.0 when the frame its MRZ places
    it in runs off a side (`frame_cut_sides`), else the share of the worst side along which
    characters of the document's text (blobs of about the MRZ's character size, within the
    document) touch the border.

    Security print, tints, the portrait and the desk or the facing page around a document
    that fills the frame do not count: only text running off the edge, or a frame that does.
    """
    if frame_cut_sides(m, mask.shape):
        return 1.0
    h, w = mask.shape
    blobs = _blobs(mask)
    if blobs.size == 0:
        return 0.0
    size = float(np.median([r.height for r in m.rows]))
    cx, cy, bw, bh = blobs[:, 0], blobs[:, 1], blobs[:, 2], blobs[:, 3]
    x0, x1, y0, y1 = cx - bw / 2, cx + bw / 2, cy - bh / 2, cy + bh / 2
    text = (bh >= MIN_CUT_CHARACTER * size) & (bh <= 2.5 * size)
    box = document_box(m)
    text &= np.array([in_box(m, box, x, y) for x, y in zip(cx, cy, strict=True)], bool)
    worst = 0.0
    for touching, lo, hi, side in (
        (x0 <= 0, y0, y1, h),
        (x1 >= w, y0, y1, h),
        (y0 <= 0, x0, x1, w),
        (y1 >= h, x0, x1, w),
    ):
        cut = text & touching
        if np.count_nonzero(cut) >= MIN_CUT_CHARACTERS:
            extent = np.maximum(hi[cut] - lo[cut], MIN_CUT_MARK * side)
            worst = max(worst, min(1.0, float(extent.sum()) / side))
    return worst
