"""Focus measures: how sharp the ink edges of a page are, at a fixed physical scale.

The variance of the Laplacian is the classic focus measure: a sharp edge gives large
second derivatives, blur spreads them out. Two things make it usable on document scans:

* Resolution. The same sharp page has a different Laplacian at 200 and at 600 dpi, so
  pages scanned above the 300 dpi reference are first shrunk to it. Pages below it are
  scored at their native scale: upsampling would add interpolation blur that is not in
  the scan (a sharp 200 dpi page would then look blurred), and at a lower resolution a
  sharp edge is still a one-pixel step, so the score of a sharp page does not drop. Too
  coarse a scan is the job of the separate resolution check, not of this one.
* Content. Most of a page is white paper, whose Laplacian is just sensor noise; a photo
  on the page has its own sharpness. The page is cut into tiles, only tiles that carry
  ink edges are kept, and the page score is the median over those, so a mostly white
  page is judged on its text, and so is a page with a small sharp photo beside text.

Motion blur smears in one direction only, which the Laplacian can miss when the other
direction stays sharp; `motion_blur_ratio` compares gradient energy across directions.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from quality.content import half_scale

REFERENCE_DPI = 300.0
TILE = 64
# A tile carries ink when its 4x4-averaged grey range spans this many levels: a text
# stroke does, even blurred, while paper noise, dust specks and smooth photo shading do not.
INKED_TILE_RANGE = 60.0
# Window (pixels of the 1/4-scale copy) of a grey closing that fills in print and leaves
# dark surfaces wider than it: the canvas a rotated image was padded with, the desk around a
# photographed page, a portrait. Their outline is a sharp step however blurred the print is
# (a page blurred and then turned kept sharp corners of black padding), so tiles across it
# are left out of the focus measure; print is what is judged.
SURFACE_WINDOW = 7
# Within this factor of the reference a resize costs more sharpness (interpolation) than
# the normalisation gains, and an estimated dpi is not more precise than that anyway.
RESCALE_TOLERANCE = 1.25
MAX_TILES = 256
_ROW_BLOCK = 128
_TILE_BATCH = 64


@dataclass(frozen=True)
class BlurMeasure:
    """Focus of one page: `score` in Laplacian-variance units at the reference scale,
    `motion_ratio` in [0, 1] (1 = no preferred smear direction), over `inked_tiles` tiles."""

    score: float
    motion_ratio: float
    inked_tiles: int


def _check_gray(gray: np.ndarray) -> None:
    if gray.dtype != np.uint8 or gray.ndim != 2:
        raise ValueError(f"expected a 2-D uint8 image, got {gray.ndim}-D {gray.dtype}")
    if min(gray.shape) < 3:
        raise ValueError(f"image too small for a 3x3 Laplacian: {gray.shape}")


def laplacian_variance(gray: np.ndarray) -> float:
    """Variance of the 4-neighbour Laplacian over the image interior.

    Equal to `cv2.Laplacian(gray, cv2.CV_64F)[1:-1, 1:-1].var()` but without the 8-byte
    per-pixel result image: rows are processed in blocks that stay in cache, the Laplacian
    is formed in int16 (|L| <= 4 * 255 fits), squared in int32 (<= 1020**2 fits) and summed
    in int64, so the sums are exact. That makes it three times as fast as OpenCV's float64
    path and as fast as its int16 one. No BLAS call: a threaded dot product on a busy
    two-core machine costs more than it saves.
    """
    _check_gray(gray)
    h, w = gray.shape
    block = min(_ROW_BLOCK, h - 2)
    src = np.empty((block + 2, w), np.int16)
    lap = np.empty((block, w - 2), np.int16)
    centre = np.empty((block, w - 2), np.int16)
    squares = np.empty((block, w - 2), np.int32)
    total = 0
    total_sq = 0
    for top in range(1, h - 1, block):
        rows = min(block, h - 1 - top)
        s, acc, c4, sq = src[: rows + 2], lap[:rows], centre[:rows], squares[:rows]
        np.copyto(s, gray[top - 1 : top + rows + 1])
        np.add(s[:-2, 1:-1], s[2:, 1:-1], out=acc)
        np.add(acc, s[1:-1, :-2], out=acc)
        np.add(acc, s[1:-1, 2:], out=acc)
        np.left_shift(s[1:-1, 1:-1], 2, out=c4)
        np.subtract(acc, c4, out=acc)
        np.copyto(sq, acc)
        np.multiply(sq, sq, out=sq)
        total += int(acc.sum(dtype=np.int64))
        total_sq += int(sq.sum(dtype=np.int64))
    n = (h - 2) * (w - 2)
    mean = total / n
    return max(total_sq / n - mean * mean, 0.0)


def to_reference_scale(gray: np.ndarray, dpi: float | None) -> np.ndarray:
    """Shrink a scan above the reference resolution to it; leave others as they are."""
    if dpi is None or dpi <= REFERENCE_DPI * RESCALE_TOLERANCE:
        return gray
    factor = REFERENCE_DPI / dpi
    h, w = gray.shape
    size = (max(3, round(w * factor)), max(3, round(h * factor)))
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA)


def _inked_tiles(ref: np.ndarray, ny: int, nx: int) -> np.ndarray:
    """Boolean (ny, nx) grid of tiles whose 4x4-averaged grey range shows ink edges, without
    the tiles on the outline of a dark surface (see `SURFACE_WINDOW`), unless that leaves
    none."""
    q = TILE // 4
    small = half_scale(ref[: ny * TILE, : nx * TILE], 2)
    blocks = small.reshape(ny, q, nx, q)
    spread = blocks.max(axis=(1, 3)).astype(np.int16) - blocks.min(axis=(1, 3))
    inked = np.asarray(spread >= INKED_TILE_RANGE)
    kernel = np.ones((SURFACE_WINDOW, SURFACE_WINDOW), np.uint8)
    surface = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel, borderType=cv2.BORDER_REPLICATE)
    sblocks = surface.reshape(ny, q, nx, q)
    outline = sblocks.max(axis=(1, 3)).astype(np.int16) - sblocks.min(axis=(1, 3))
    text = inked & (outline < INKED_TILE_RANGE)
    return text if text.any() else inked


def _sample_tiles(mask: np.ndarray) -> np.ndarray:
    """At most MAX_TILES of the marked tiles, evenly spread in reading order.

    A median over a few hundred tiles is as stable as over all of a dense page's ~1500,
    at a fraction of the cost.
    """
    rows, cols = np.nonzero(mask)
    if rows.size > MAX_TILES:
        pick = np.linspace(0, rows.size - 1, MAX_TILES).round().astype(np.intp)
        rows, cols = rows[pick], cols[pick]
    sample = np.zeros_like(mask)
    sample[rows, cols] = True
    return sample


def _gather_tiles(ref: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """(n, TILE + 2, TILE + 2) copies of the marked tiles with a one-pixel halo."""
    ny, nx = mask.shape
    s0, s1 = ref.strides
    windows = np.lib.stride_tricks.as_strided(
        ref,
        shape=(ny, nx, TILE + 2, TILE + 2),
        strides=(TILE * s0, TILE * s1, s0, s1),
        writeable=False,
    )
    return np.asarray(windows[mask])


def _tile_laplacian_variances(tiles: np.ndarray) -> np.ndarray:
    """Laplacian variance of the interior of each haloed tile (exact, in integers)."""
    out = np.empty(tiles.shape[0], np.float64)
    n = TILE * TILE
    for start in range(0, tiles.shape[0], _TILE_BATCH):
        t = tiles[start : start + _TILE_BATCH].astype(np.int16)
        lap = (
            t[:, :-2, 1:-1]
            + t[:, 2:, 1:-1]
            + t[:, 1:-1, :-2]
            + t[:, 1:-1, 2:]
            - (t[:, 1:-1, 1:-1] << 2)
        ).astype(np.int32)
        total = lap.sum(axis=(1, 2), dtype=np.int64)
        total_sq = np.square(lap).sum(axis=(1, 2), dtype=np.int64)
        mean = total / n
        out[start : start + t.shape[0]] = total_sq / n - mean * mean
    return out


def _directional_ratio(tiles: np.ndarray) -> float:
    """Ratio of the smallest to the largest edge energy over all directions, in [0, 1].

    Summed over the tiles, the energy along a unit direction d is d' J d with J the 2x2
    structure tensor [[sum w*gx*gx, sum w*gx*gy], [sum w*gx*gy, sum w*gy*gy]]; its
    eigenvalues are the least and the most energy any direction has, so no smear angle
    falls between sampled directions. Defocus lowers the energy in every direction alike;
    a smear blurs every edge except those that run along it, which stay as sharp as they
    were.

    Each pixel is weighted by its squared gradient magnitude (w = gx*gx + gy*gy), so the
    sharpest edges dominate the sums. Unweighted, the many edges a smear does blur swamp
    the few it leaves sharp: a diagonal smear over large type, whose edges are mostly
    vertical stems and horizontal bars, blurs both alike and looked nearly isotropic (a
    20 px smear at 45 degrees left diplomas at 0.45). Weighted, sharp, mildly defocused
    and phone-photographed pages stay at 0.55-0.99 (text is anisotropic itself: more
    vertical strokes than horizontal) while a 20 px smear drops every page type below 0.15
    at any angle, and 12 px below 0.25.

    Measured on the tiles at half scale (2x2 means): a 20 px smear is still 10 px there.
    Sums are exact in int64 (|g| <= 255 at half scale).
    """
    n, half = tiles.shape[0], TILE // 2
    stacked = np.ascontiguousarray(tiles[:, 1:-1, 1:-1]).reshape(n * TILE, TILE)
    # Exact 2x2 means: with even tile heights no block straddles two stacked tiles.
    small = cv2.resize(stacked, (half, n * half), interpolation=cv2.INTER_AREA)
    t = small.reshape(n, half, half).astype(np.int32)
    gx = t[:, 1:-1, 2:] - t[:, 1:-1, :-2]
    gy = t[:, 2:, 1:-1] - t[:, :-2, 1:-1]
    gxx, gyy, gxy = gx * gx, gy * gy, gx * gy
    weight = (gxx + gyy).astype(np.int64)
    sxx = float((weight * gxx).sum())
    syy = float((weight * gyy).sum())
    sxy = float((weight * gxy).sum())
    mean = (sxx + syy) / 2
    spread = float(np.hypot((sxx - syy) / 2, sxy))
    return (mean - spread) / (mean + spread) if mean > 0 else 1.0


def measure_blur(gray: np.ndarray, dpi: float | None) -> BlurMeasure:
    """Median tile Laplacian variance and directional ratio over (a sample of) the inked
    tiles.

    A page with no inked tile has no edges to judge: score 0, ratio 1 (the blank-page
    check is the one that speaks for such a page).
    """
    _check_gray(gray)
    ref = to_reference_scale(gray, dpi)
    h, w = ref.shape
    ny, nx = (h - 2) // TILE, (w - 2) // TILE
    if ny == 0 or nx == 0:  # smaller than a tile: the image is its own single tile
        return BlurMeasure(score=laplacian_variance(ref), motion_ratio=1.0, inked_tiles=0)
    inked = _inked_tiles(ref, ny, nx)
    count = int(inked.sum())
    if count == 0:
        return BlurMeasure(score=0.0, motion_ratio=1.0, inked_tiles=0)
    tiles = _gather_tiles(ref, _sample_tiles(inked))
    return BlurMeasure(
        score=float(np.median(_tile_laplacian_variances(tiles))),
        motion_ratio=_directional_ratio(tiles),
        inked_tiles=count,
    )


def blur_score(gray: np.ndarray, dpi: float | None) -> float:
    """Content-aware, resolution-normalised focus score (higher is sharper)."""
    return measure_blur(gray, dpi).score


def motion_blur_ratio(gray: np.ndarray, dpi: float | None) -> float:
    """Directional gradient balance over inked tiles; motion blur drives it towards 0."""
    return measure_blur(gray, dpi).motion_ratio
