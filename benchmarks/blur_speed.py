"""Blur scoring speed: our NumPy Laplacian beside OpenCV's, in one run.

    python -m benchmarks.blur_speed [--repeat 25]

An A4 page at 300 dpi (2480×3508 grey). Reports the best time of each path,
megapixels per second and the ratios, so a regression shows as a ratio change
rather than as a noisy absolute time.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import cv2
import numpy as np

from benchmarks import synth
from quality import QualityThresholds, deskew, evaluate, laplacian_variance, measure, upright


def _best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _opencv_16s(img: np.ndarray) -> float:
    _mean, std = cv2.meanStdDev(cv2.Laplacian(img, cv2.CV_16S))
    return float(std[0, 0]) ** 2


def _whole_gate(img: np.ndarray) -> np.ndarray:
    """Every check, the verdict, then the page straightened and turned upright, as the
    pipeline does before OCR."""
    metrics = measure(img, 300.0)
    evaluate(metrics, QualityThresholds())
    straight = deskew(img, metrics.skew_degrees)
    return upright(straight, metrics.orientation) if metrics.orientation else straight


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=25)
    args = parser.parse_args()
    cv2.setNumThreads(1)
    page = synth.contract(seed=1, language="en").pages[0]
    img = cv2.resize(page, (2480, 3508), interpolation=cv2.INTER_AREA)
    askew = cv2.resize(synth.rotate(img, 3.0), (2480, 3508), interpolation=cv2.INTER_AREA)
    megapixels = img.size / 1e6
    paths = {
        "numpy laplacian_variance": lambda: laplacian_variance(img),
        "cv2.Laplacian CV_64F .var()": lambda: cv2.Laplacian(img, cv2.CV_64F).var(),
        "cv2.Laplacian CV_16S + meanStdDev": lambda: _opencv_16s(img),
        "whole measure() (all checks)": lambda: measure(img, 300.0),
        "whole gate + deskew, page 3° askew": lambda: _whole_gate(askew),
    }
    best = {name: _best(fn, args.repeat) for name, fn in paths.items()}
    print(f"A4 300 dpi page, {img.shape[1]}×{img.shape[0]}, best of {args.repeat}, one thread")
    for name, seconds in best.items():
        print(f"  {name:<36} {seconds * 1e3:7.1f} ms  {megapixels / seconds:7.0f} MP/s")
    ours = best["numpy laplacian_variance"]
    print(f"  speed vs CV_64F: {best['cv2.Laplacian CV_64F .var()'] / ours:.2f}×  (target ≥ 1)")
    print(
        f"  time vs CV_16S+meanStdDev: {ours / best['cv2.Laplacian CV_16S + meanStdDev']:.2f}×  "
        f"(target ≤ 1.5)"
    )
    print(
        f"  whole gate + deskew: {best['whole gate + deskew, page 3° askew'] * 1e3:.0f} ms  "
        f"(target ≤ 100 ms)"
    )


if __name__ == "__main__":
    main()
