"""Mutated real files through sniff and the sandboxed split: an explained refusal or pages, in time.

Seeds are real files (the scanner PDFs in tests/resources, a generated scan as
PDF, PNG, JPEG and TIFF); hypothesis flips, cuts, repeats, inserts and
splices their bytes. Whatever comes out, `sniff` answers a type or a
BadInput, and `split_isolated` answers pages or a BadInput within its time
limit, without a parser crash (which the sandbox would log and refuse as
unreadable_file). INTAKE_FUZZ_FILES sets the number of inputs: the suite runs
a short round, a nightly run 10,000 or more.
"""

from __future__ import annotations

import logging
import os
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks import synth
from intake.errors import BadInput
from intake.sandbox import SandboxLimits, split_isolated
from intake.sniff import sniff
from intake.split import SplitLimits

FILES = int(os.environ.get("INTAKE_FUZZ_FILES", "60"))
RESOURCES = Path(__file__).parents[1] / "resources"
# Small pages and a short clock keep a round quick; the limits are the production ones' kind.
LIMITS = SplitLimits(max_pages=20, render_dpi=72)
SANDBOX = SandboxLimits(memory_bytes=256 << 20, seconds=20.0)


@cache
def seeds() -> tuple[bytes, ...]:
    page = synth.rescale(synth.passport(seed=3).pages[0], 0.3)
    return (
        (RESOURCES / "jbig2.pdf").read_bytes(),
        (RESOURCES / "ccitt-endofline-true.pdf").read_bytes(),
        synth.scanned_pdf([page], 90),
        synth.to_png(page, 90),
        synth.to_jpeg(page, 90),
        synth.to_tiff([page, page], 90),
    )


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds())))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(0, len(data) - 1)))
        action = draw(st.sampled_from(("flip", "cut", "repeat", "insert", "splice")))
        if action == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 4096))]
        elif action == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 4096))] * draw(st.integers(2, 8))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        else:
            other = draw(st.sampled_from(seeds()))
            data[at:] = other[draw(st.integers(0, len(other) - 1)) :]
    return bytes(data)


FUZZ = settings(
    max_examples=FILES, deadline=None, suppress_health_check=list(HealthCheck), database=None
)


@FUZZ
@given(data=mutated())
def test_sniff_names_a_type_or_explains(data: bytes) -> None:
    try:
        assert sniff(data) in ("pdf", "jpeg", "png", "tiff")
    except BadInput as exc:
        assert exc.code and exc.message


@FUZZ
@given(data=mutated())
def test_split_gives_pages_or_an_explained_refusal_never_a_crash(
    data: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="intake.sandbox"):
        try:
            result = split_isolated(data, LIMITS, SANDBOX)
        except BadInput as exc:
            assert exc.code and exc.message
        else:
            assert result.pages and all(p.image.ndim == 2 for p in result.pages)
    assert not caplog.records, [r.getMessage() for r in caplog.records]
