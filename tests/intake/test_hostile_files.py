"""Files made to cost memory are refused from their headers, before their pixels are decoded.

Each file is split in a fresh process that reports the error code and its own
peak memory, so one case cannot hide behind another's allocations.
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image

from benchmarks import synth

# A child that imports the intake packages and refuses a file from its headers peaks at
# about 60 MiB, one that splits a real A4 scan at about 100 MiB. Decoding the 500-page
# TIFF up to the page limit, as split once did, peaked at 334 MiB.
MAX_PEAK_MIB = 200
SPLIT_IN_A_CHILD = """
import json, sys
from intake.errors import IntakeError
from intake.split import split
try:
    outcome = {"pages": len(split(open(sys.argv[1], "rb").read()).pages)}
except IntakeError as exc:
    outcome = {"code": exc.code, "message": exc.message}
# VmHWM, not ru_maxrss: the latter keeps the forking parent's peak across exec.
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
outcome["peak_mib"] = int(status["VmHWM"].split()[0]) / 1024
print(json.dumps(outcome))
"""


def _split_in_child(tmp_path: Path, data: bytes) -> dict[str, object]:
    path = tmp_path / "upload"
    path.write_bytes(data)
    run = subprocess.run(
        [sys.executable, "-c", SPLIT_IN_A_CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    outcome: dict[str, object] = json.loads(run.stdout)
    return outcome


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims `width`×`height` pixels and holds a few bytes of them."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _jpeg_claiming(width: int, height: int) -> bytes:
    """A real small JPEG whose frame header is rewritten to claim `width`×`height`."""
    buffer = io.BytesIO()
    Image.fromarray(np.full((64, 64), 200, np.uint8)).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def _tiff_of(pages: int) -> bytes:
    page = np.full((1400, 1000), 255, np.uint8)
    page[200:260, 100:900] = 0
    frames = [Image.fromarray(page).convert("1") for _ in range(pages)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "TIFF", compression="group4", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def _pdf_of(pages: int) -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "code"),
    [
        (
            "PNG claiming 100,000×100,000 pixels",
            lambda: _png_header(100_000, 100_000),
            "image_too_large",
        ),
        (
            "JPEG claiming 20,000×20,000 pixels",
            lambda: _jpeg_claiming(20_000, 20_000),
            "image_too_large",
        ),
        ("500-page TIFF", lambda: _tiff_of(500), "too_many_pages"),
        ("3,000-page PDF", lambda: _pdf_of(3_000), "too_many_pages"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_a_costly_file_is_refused_from_its_headers(
    tmp_path: Path, name: str, make: object, code: str
) -> None:
    data = make()  # type: ignore[operator]
    assert len(data) < 5 * 1024 * 1024, f"{name} should be a small upload"
    outcome = _split_in_child(tmp_path, data)
    assert outcome["code"] == code, outcome
    assert float(outcome["peak_mib"]) < MAX_PEAK_MIB, outcome  # type: ignore[arg-type]


def test_the_page_limit_itself_is_read(tmp_path: Path) -> None:
    """Not a refusal by default: the same TIFF within the limit splits into its pages."""
    outcome = _split_in_child(tmp_path, _tiff_of(3))
    assert outcome["pages"] == 3


def test_a_real_scan_costs_what_its_pixels_cost(tmp_path: Path) -> None:
    """The bound above is meaningful: a real page splits well under it too."""
    page = synth.contract(1, language="nl").pages[0]
    outcome = _split_in_child(tmp_path, synth.to_png(page, 300))
    assert outcome["pages"] == 1
    assert float(outcome["peak_mib"]) < MAX_PEAK_MIB  # type: ignore[arg-type]
