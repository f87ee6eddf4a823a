"""Orientation of a page: upright, on its side or upside down.

Skew leaves this open: `quality.skew` folds every angle into +-45 degrees, so a page scanned
sideways or upside down has no skew. Rotations here follow the skew convention,
counter-clockwise as seen on screen: a page made with `np.rot90(upright_page, k)` has
rotation 90 * k, and `upright(page, 90 * k)` gives the upright page back exactly.

Method, on the ink mask at about 1000 px on the long side, straightened by the skew angle
(a residual skew of a few degrees would smear every line profile below):

1. Lines or columns. Text lines make the ink profile across them peaky; along them it is
   smooth. Which of the two image axes has the peakier profile tells 0/180 from 90/270.
2. Which way up. Turned so that its lines run horizontally, the page is either upright or
   upside down. Three cues vote, each a signed score near 0 where it does not apply:
   - ascenders: in Latin text, capitals, b d f h k l t and the dots on i and j put more
     ink above the x-height band than g j p q y put below it. Measured per line in narrow
     vertical strips, so lines need not be straight across the page and columns need not
     share baselines;
   - alignment: lines start at a common left edge (paragraphs, labelled fields) and end
     ragged; upside down the common edge is on the right. Centred lines do not vote;
   - machine-readable zone: two or three long lines of glyphs repeating at one pitch,
     stacked and equally long, are an MRZ, which ICAO 9303 puts at the bottom of passport
     data pages and ID cards.
   Ascenders carry text pages (contracts, and diplomas, whose centred lines say nothing
   by their edges). Passports and ID cards are mostly printed in capitals, which have no
   ascenders; their labelled fields and their MRZ carry them.

The confidence is the product of how clearly the lines run one way and how clearly the
cues agree on which way up, each saturating at margins that every synthetic benchmark page
(contracts, diplomas, passports, ID cards; skewed, JPEG, 200-600 dpi) clears. A page
without text (blank, a photo, a strip cut from a page) gets a low confidence, and the
caller keeps it as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from quality.content import half_scale, ink_mask
from quality.skew import skew_from_ink, turn_back

ROTATIONS = (0, 90, 180, 270)
# Working resolution of the mask: about a thousand pixels on the long side, where body text
# is still 8-10 px from ascender to descender (75 dpi on an A4 page) and an MRZ glyph on an
# ID card 7 px high; every step finer costs four times as much for no better decision.
WORK_LONG_SIDE = 1000
# A grey page is halved until its long side is at most this (a 300 dpi passport page of
# 1600 px becomes 800): area averaging removes the sensor noise and security print that
# would otherwise pass for ink, and makes one work scale for all inputs.
HALVE_ABOVE = 1.5 * WORK_LONG_SIDE
# Less ink than this at work scale is no text to orient (a blank page, a stray mark).
MIN_INK_PIXELS = 100
# Width of the strips in which line profiles are taken, in work pixels: a few characters
# of body text, so that a skew error of 0.2 degrees moves a line by a tenth of a pixel.
STRIP = 32
# Within a line's profile in a strip, rows with at least this share of its peak are its
# x-height band (or the whole height of a line in capitals, which then votes nothing).
CORE_SHARE = 0.4
# A run whose peak row is inked over this share of the strip is a rule, not letters (which
# leave gaps); a segment this full of ink is a bar or a box. Neither is text.
RULE_FILL = 0.85
# Line segments are joined over gaps up to this many line heights (letters and words, not
# columns); they start or end "aligned" when this many lie within ALIGN_TOLERANCE line
# heights of each other.
JOIN = 1.2
ALIGN_COUNT = 3
ALIGN_TOLERANCE = 0.15
# An MRZ line is at least this many times as long as it is high (30 glyphs on a TD1 card
# are 32 heights long), its glyphs repeat at MRZ_PITCH times its height (2.54 mm for
# 2.3 mm glyphs, with slack for the measured height), and at least MRZ_REGULARITY of its
# variation along the line is at that pitch (see `_regularity`).
MRZ_MIN_LENGTH = 15
MRZ_PITCH = (0.7, 1.4)
MRZ_REGULARITY = 0.4
# Weight of the MRZ's vote, in the units of the other cues (z-scores, typically 1-10).
MRZ_WEIGHT = 4.0
# Margins at which the confidence saturates: the log ratio of profile peakiness across and
# along the lines (at least 0.43 on every benchmark page, contracts 0.7, and below 0.35 on
# the strips of pages that fooled the method), and the summed up/down score (at least 2.3
# on benchmark pages, diplomas being the least; below 0.7 where it was wrong).
AXIS_SURE = 0.4
SCORE_SURE = 2.5


@dataclass(frozen=True)
class Orientation:
    """The quarter turn found on a page.

    `rotation` (0, 90, 180 or 270) is the counter-clockwise turn, as seen on screen, that
    was applied to the upright page; `upright(gray, rotation)` undoes it. `confidence` is
    0..1: 0 when nothing on the page tells (blank, too little ink), near 1 when the lines
    clearly run one way and the cues agree by a wide margin. `cues` explain the decision.
    """

    rotation: int
    confidence: float
    cues: tuple[str, ...]


def upright(gray: np.ndarray, rotation: int) -> np.ndarray:
    """The page turned back by `rotation` degrees (clockwise as seen): an exact quarter turn
    of the first two axes, as a new C-contiguous array."""
    if rotation not in ROTATIONS:
        raise ValueError(f"rotation must be one of {ROTATIONS}, not {rotation!r}")
    if not isinstance(gray, np.ndarray) or gray.ndim < 2:
        raise ValueError("upright expects an image array of at least 2 dimensions")
    return np.rot90(gray, -(int(rotation) // 90)).copy()


def estimate_orientation(gray: np.ndarray) -> Orientation:
    """Which quarter turn the text on a grey page (2-D uint8) was given; see the module.

    Never raises for a 2-D uint8 image, however small or empty: a page with nothing to
    go by is rotation 0 with confidence 0.
    """
    if not isinstance(gray, np.ndarray) or gray.dtype != np.uint8 or gray.ndim != 2:
        raise ValueError("estimate_orientation expects a 2-D uint8 grey image")
    if min(gray.shape) < 2:
        return Orientation(0, 0.0, ("image too small",))
    work = gray
    while max(work.shape) > HALVE_ABOVE and min(work.shape) >= 2:
        work = half_scale(work)
    return orientation_from_ink(ink_mask(work))


def orientation_from_ink(ink: np.ndarray, skew: float | None = None) -> Orientation:
    """Orientation from a boolean ink mask, as `quality.gate.measure` makes on the half-scale
    page, and the skew found on it (`skew_from_ink`), which is found here when not given.
    """
    if not isinstance(ink, np.ndarray) or ink.ndim != 2:
        raise ValueError("orientation_from_ink expects a 2-D ink mask")
    if min(ink.shape) < 2:
        return Orientation(0, 0.0, ("image too small",))
    stride = max(1, round(max(ink.shape) / WORK_LONG_SIDE))
    mask = np.ascontiguousarray(ink[::stride, ::stride], dtype=bool).view(np.uint8)
    if cv2.countNonZero(mask) < MIN_INK_PIXELS:
        return Orientation(0, 0.0, ("no text found",))
    if skew is None:
        skew = skew_from_ink(ink)
    return _decide(_evidence(_straighten(mask, skew)))


@dataclass(frozen=True)
class _Evidence:
    """What the cues found, in the frame where the lines run horizontally: `axis` > 0 when
    that is the page's own frame (lines horizontal), < 0 when the page had to be turned a
    quarter clockwise for it. Up/down scores are positive for "upright in that frame"."""

    axis: float  # log of how much peakier the profile across the lines is than along them
    ascenders: float
    above_share: float  # share of ascender/descender ink above the x-height band
    alignment: float
    mrz: float
    mrz_found: bool

    @property
    def score(self) -> float:
        return self.ascenders + self.alignment + self.mrz


def _straighten(mask: np.ndarray, skew: float) -> np.ndarray:
    """The 0/1 mask turned back by the skew angle on a canvas grown to keep it whole."""
    if abs(skew) < 0.05:
        return mask
    return turn_back(mask, skew, cv2.INTER_NEAREST, fill=0)


def _strip_profiles(a: np.ndarray) -> np.ndarray:
    """Ink per row in each vertical strip of STRIP columns: one profile per strip (rows of
    the result), across the lines if they run horizontally."""
    d, t = a.shape
    n = -(-t // STRIP)
    padded = np.zeros((d, n * STRIP), np.uint8)
    padded[:, :t] = a
    return padded.reshape(d, n, STRIP).sum(axis=2, dtype=np.int32).T.astype(np.float32)


def _peakiness(profiles: np.ndarray, window: int) -> float:
    """How much profiles vary at the scale of text lines: their energy over that of their
    moving average, 1 for ink spread evenly and more when it comes in lines. Taken in
    strips, so that lines of different columns (or a page cut across its lines) do not
    blur each other out as they would in one profile of the whole page."""
    smooth = cv2.blur(profiles, (window, 1), borderType=cv2.BORDER_CONSTANT)
    energy = float(np.square(profiles, dtype=np.float64).sum())
    return energy / max(float(np.square(smooth, dtype=np.float64).sum()), 1e-12)


def _evidence(mask: np.ndarray) -> _Evidence:
    # The moving average spans several lines of body text: a tenth of the page.
    window = max(8, max(mask.shape) // 10)
    across_rows = _peakiness(_strip_profiles(mask), window)
    across_columns = _peakiness(_strip_profiles(np.ascontiguousarray(mask.T)), window)
    axis = float(np.log(max(across_rows, 1e-12) / max(across_columns, 1e-12)))
    # Lines vertical: turn a quarter clockwise, which makes a page turned a quarter
    # counter-clockwise (rotation 90) upright.
    lines = mask if axis >= 0 else np.ascontiguousarray(np.rot90(mask, -1))
    runs = _line_runs(lines)
    height = float(np.median(runs[:, 3])) if runs.size else 3.0
    ascenders, above_share = _ascenders(runs)
    segments = _segments(lines, height)
    mrz, found = _mrz(lines, segments, height)
    return _Evidence(
        axis, ascenders, above_share, _alignment(segments, height), MRZ_WEIGHT * mrz, found
    )


def _line_runs(lines: np.ndarray) -> np.ndarray:
    """Each text line in each vertical strip of STRIP columns, from the strip's row profile
    (ink per row): a run of inked rows. Rows of the result: (ink above the x-height band,
    in it, below it, height of the run in rows)."""
    profiles = _strip_profiles(lines)
    n, d = profiles.shape
    # An empty row after each strip, so that no run continues into the next one.
    profiles = np.concatenate([profiles, np.zeros((n, 1), np.float32)], axis=1)
    flat = profiles.reshape(-1).astype(np.float64)
    # Bridge one empty row: the dot of an i and an accent belong to their line.
    closed = cv2.morphologyEx(
        (flat > 0).view(np.uint8).reshape(1, -1), cv2.MORPH_CLOSE, np.ones((1, 3), np.uint8)
    )
    inked = np.asarray(closed).reshape(-1)
    inked[np.arange(n) * (d + 1) + d] = 0
    edges = np.diff(inked.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    heights = np.flatnonzero(edges == -1) - starts
    if starts.size == 0:
        return np.zeros((0, 4))
    idx = np.flatnonzero(inked)
    vals = flat[idx]
    # Runs are consecutive stretches of idx, so per-run reductions are reduceat calls.
    offsets = np.concatenate([[0], np.cumsum(heights)[:-1]])
    peak = np.maximum.reduceat(vals, offsets)
    run = np.repeat(np.arange(starts.size), heights)
    core = vals >= CORE_SHARE * peak[run]
    first = np.minimum.reduceat(np.where(core, idx, flat.size), offsets)
    last = np.maximum.reduceat(np.where(core, idx, -1), offsets)
    above = np.add.reduceat(vals * (idx < first[run]), offsets)
    below = np.add.reduceat(vals * (idx > last[run]), offsets)
    total = np.add.reduceat(vals, offsets)
    out = np.stack([above, total - above - below, below, heights.astype(np.float64)], axis=1)
    # A rule inks its strip from side to side, which letters never do; a frame line next to
    # a thinner one would pass for a line with ascenders.
    return out[(heights >= 3) & (peak < RULE_FILL * STRIP)]


def _ascenders(runs: np.ndarray) -> tuple[float, float]:
    """Whether line runs carry more ink above their x-height band than below it: a z-score
    over runs (positive: upright), and the share above of the ink outside the band."""
    diff = runs[:, 0] - runs[:, 2]
    outside = float((runs[:, 0] + runs[:, 2]).sum())
    share = float(runs[:, 0].sum()) / outside if outside > 0 else 0.5
    if not np.any(diff):
        return 0.0, share
    # Winsorised: a signature or a seal cut into strips makes a few big, random votes.
    cap = float(np.percentile(np.abs(diff[diff != 0]), 75))
    diff = np.clip(diff, -cap, cap)
    return float(diff.sum() / np.sqrt((diff * diff).sum())), share


def _segments(lines: np.ndarray, height: float) -> np.ndarray:
    """Pieces of text line: ink joined along the line over gaps of up to JOIN line heights.
    Rows: (left, top, width, height, ink pixels in the box)."""
    k = max(3, round(JOIN * height) | 1)
    smeared = cv2.dilate(lines, np.ones((1, k), np.uint8))
    # Boxes of the outer contours: a fraction of the cost of labelling every pixel. Outer
    # contours of components inside another's hole too (the lines inside a frame).
    found, hierarchy = cv2.findContours(smeared, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if not found:
        return np.zeros((0, 5))
    contours = [c for c, parent in zip(found, hierarchy[0, :, 3], strict=True) if parent < 0]
    points = np.concatenate(contours).reshape(-1, 2)
    offsets = np.concatenate([[0], np.cumsum([len(c) for c in contours])[:-1]])
    x0 = np.minimum.reduceat(points[:, 0], offsets) + k // 2
    x1 = np.maximum.reduceat(points[:, 0], offsets) + 1 - k // 2
    y0 = np.minimum.reduceat(points[:, 1], offsets)
    y1 = np.maximum.reduceat(points[:, 1], offsets) + 1
    keep = x1 > x0
    x0, x1, y0, y1 = x0[keep], x1[keep], y0[keep], y1[keep]
    summed = cv2.integral(lines, sdepth=cv2.CV_32S)
    ink = summed[y1, x1] - summed[y0, x1] - summed[y1, x0] + summed[y0, x0]
    return np.stack([x0, y0, x1 - x0, y1 - y0, ink], axis=1).astype(np.float64)


def _text_like(segments: np.ndarray, height: float) -> np.ndarray:
    """Segments shaped like a line of text: about a line high, longer than high, not solid."""
    w, h = segments[:, 2], segments[:, 3]
    solid = segments[:, 4] > RULE_FILL * w * h
    return (h >= 0.4 * height) & (h <= 2.5 * height) & (w >= 1.5 * h) & ~solid


def _aligned(positions: np.ndarray, tolerance: float) -> int:
    """How many positions lie within `tolerance` of at least ALIGN_COUNT - 1 others."""
    if positions.size < ALIGN_COUNT:
        return 0
    s = np.sort(positions)
    near = np.searchsorted(s, s + tolerance, "right") - np.searchsorted(s, s - tolerance)
    return int(np.count_nonzero(near >= ALIGN_COUNT))


def _alignment(segments: np.ndarray, height: float) -> float:
    """Lines that start together and end ragged: a z-like score, positive when the common
    edge is on the left, 0 for centred lines (a diploma's), whose ends align by chance as
    often as their starts."""
    text = segments[_text_like(segments, height)]
    tolerance = max(1.0, ALIGN_TOLERANCE * height)
    starts = _aligned(text[:, 0], tolerance)
    ends = _aligned(text[:, 0] + text[:, 2], tolerance)
    centres = _aligned(text[:, 0] + text[:, 2] / 2, tolerance)
    if centres >= max(starts, ends):
        return 0.0
    return (starts - ends) / float(np.sqrt(starts + ends + 1))


def _regularity(profile: np.ndarray, height: float) -> float:
    """Share of a line's ink variation along it that repeats at one glyph pitch: the power
    at the strongest frequency whose period is MRZ_PITCH times the line height, with its
    second and third harmonics, over all power. Monospace glyphs without word gaps
    concentrate it there (0.5-0.7 for an MRZ line); proportional type spreads it (< 0.35).
    """
    p = profile.astype(np.float64) - profile.mean()
    power = np.abs(np.fft.rfft(p)) ** 2
    total = float(power[1:].sum())
    lo = int(p.size / (MRZ_PITCH[1] * height))
    hi = min(int(np.ceil(p.size / (MRZ_PITCH[0] * height))), power.size - 2)
    if total <= 0 or lo < 1 or hi < lo:
        return 0.0
    k = lo + int(np.argmax(power[lo : hi + 1]))
    harmonics = sum(float(power[m * k - 1 : m * k + 2].sum()) for m in (1, 2, 3))
    return harmonics / total


def _mrz(lines: np.ndarray, segments: np.ndarray, height: float) -> tuple[float, bool]:
    """Where the text lies relative to an MRZ: +1 all above it (upright), -1 all below it;
    0 without an MRZ or other text. Also whether an MRZ was found."""
    text = _text_like(segments, height)
    regular = []
    for i in np.flatnonzero(text & (segments[:, 2] >= MRZ_MIN_LENGTH * segments[:, 3])):
        x, y, w, h = (int(v) for v in segments[i, :4])
        if _regularity(lines[y : y + h, x : x + w].sum(axis=0), h) >= MRZ_REGULARITY:
            regular.append(i)
    band = _mrz_band(segments[regular]) if len(regular) >= 2 else None
    if band is None:
        return 0.0, False
    top, bottom = band
    rest = segments[text]
    above = float(rest[rest[:, 1] + rest[:, 3] <= top, 4].sum())
    below = float(rest[rest[:, 1] >= bottom, 4].sum())
    if above + below == 0:
        return 0.0, True
    return (above - below) / (above + below), True


def _mrz_band(rows: np.ndarray) -> tuple[float, float] | None:
    """Top and bottom of the first stack of two or three MRZ lines, top to bottom: equally
    long, starting together, at line spacing."""
    rows = rows[np.argsort(rows[:, 1])]
    stack = [rows[0]]
    for b in rows[1:]:
        a = stack[-1]
        h = max(a[3], b[3])
        spacing = (b[1] + b[3] / 2) - (a[1] + a[3] / 2)
        if (
            len(stack) < 3
            and abs(a[0] - b[0]) <= 2 * h
            and abs(a[2] - b[2]) <= 0.1 * max(a[2], b[2])
            and h <= spacing <= 3 * h
        ):
            stack.append(b)
        elif len(stack) >= 2:
            break
        else:
            stack = [b]
    if len(stack) < 2:
        return None
    return float(stack[0][1]), float(stack[-1][1] + stack[-1][3])


def _decide(ev: _Evidence) -> Orientation:
    """The rotation the evidence points to, its confidence and the cues, worded for the
    page as found (so "upright" cues read as seen after `upright`)."""
    flipped = ev.score < 0
    rotation = (0 if ev.axis >= 0 else 90) + (180 if flipped else 0)
    sign = -1.0 if flipped else 1.0
    confidence = min(1.0, abs(ev.axis) / AXIS_SURE) * min(1.0, abs(ev.score) / SCORE_SURE)
    cues = [
        f"text lines {'horizontal' if ev.axis >= 0 else 'vertical'} "
        f"(profile peakiness ratio {np.exp(abs(ev.axis)):.2f})"
    ]
    if ev.ascenders:
        above = 1.0 - ev.above_share if flipped else ev.above_share
        cues.append(f"ascenders above x-height {above:.2f} (z {sign * ev.ascenders:+.1f})")
    if ev.alignment:
        side = "left" if sign * ev.alignment > 0 else "right"
        cues.append(f"lines aligned on the {side} (z {abs(ev.alignment):.1f})")
    if ev.mrz_found:
        where = "at the bottom" if sign * ev.mrz > 0 else "at the top" if ev.mrz else "alone"
        cues.append(f"machine-readable zone {where}")
    return Orientation(rotation, round(confidence, 3), tuple(cues))
