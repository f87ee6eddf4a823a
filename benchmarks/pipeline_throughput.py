"""Pipeline throughput on generated documents, with raw Tesseract beside it.

    python -m benchmarks.pipeline_throughput [--pages 12]

Runs `intake.pipeline.process_file` on a mix of passports, contracts (four
languages) and diplomas, plus blurred pages that the gate rejects, and reports
pages per minute, the gate's share of the time, and the ratio of the whole
pipeline to a plain Tesseract call on the same pages (the floor for a page
that needs OCR). One process, one core.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pytesseract

from benchmarks import synth
from intake.build import configure_process
from intake.pipeline import process_file
from intake.rules.policy import load_policy
from intake.settings import DEFAULT_THRESHOLDS_FILE
from ocr.engines.tesseract import TesseractEngine
from ocr.seam import DEFAULT_LANGUAGES
from storage.states import FileVerdict


def _samples(count: int) -> list[tuple[str, bytes, np.ndarray]]:
    items: list[tuple[str, bytes, np.ndarray]] = []
    languages = ("nl", "fr", "en", "de")
    for i in range(count):
        kind = i % 3
        if kind == 0:
            sample = synth.passport(seed=i)
        elif kind == 1:
            sample = synth.contract(seed=i, language=languages[i % 4])
        else:
            sample = synth.diploma(seed=i, language=languages[i % 4])
        page = sample.pages[0]
        items.append((sample.kind, synth.to_png(page, sample.dpi), page))
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=12)
    args = parser.parse_args()
    configure_process()
    policy = load_policy(DEFAULT_THRESHOLDS_FILE)
    engine = TesseractEngine()
    samples = _samples(args.pages)

    start = time.perf_counter()
    statuses = [process_file(data, policy, engine).status for _kind, data, _page in samples]
    pipeline_s = time.perf_counter() - start

    start = time.perf_counter()
    for _kind, _data, page in samples:
        pytesseract.image_to_data(page, lang="+".join(DEFAULT_LANGUAGES))
    tesseract_s = time.perf_counter() - start

    blurred = [synth.to_png(synth.gaussian_blur(page, 4.0), 300) for _kind, _data, page in samples]
    start = time.perf_counter()
    rejected = [process_file(data, policy, engine).status for data in blurred]
    reject_s = time.perf_counter() - start

    n = len(samples)
    print(f"{n} sharp pages (passport/contract/diploma), {n} blurred copies, one process")
    print(
        f"  pipeline, sharp pages:   {pipeline_s / n * 1e3:7.0f} ms/page  "
        f"{n / pipeline_s * 60:6.1f} pages/min  statuses {sorted({str(s) for s in statuses})}"
    )
    print(f"  plain Tesseract, same:   {tesseract_s / n * 1e3:7.0f} ms/page")
    print(f"  pipeline / Tesseract:    {pipeline_s / tesseract_s:7.2f}×")
    print(
        f"  pipeline, blurred pages: {reject_s / n * 1e3:7.0f} ms/page  "
        f"(rejected {rejected.count(FileVerdict.REJECTED)}/{n} before OCR)"
    )


if __name__ == "__main__":
    main()
