"""Scanner PDFs in every image codec they come in decode to the right pixels.

Office scanners write JBIG2 and CCITT G4 for black-and-white pages, DCT (JPEG)
and JPX (JPEG 2000) for grey and colour, Flate for anything. Generated PDFs
carry a known page in each codec; real files written by other software
(`tests/resources`, see its README) are read by two independent decoders, the
embedded-image path (pikepdf, with `jbig2dec` for JBIG2) and PDFium's renderer,
which must agree.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zlib
from pathlib import Path

import cv2
import numpy as np
import pikepdf
import pypdfium2
import pytest
from PIL import Image

from benchmarks import synth
from intake.split import PageInput, SplitLimits, split

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
DPI = 300


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    """A contract page at 150 dpi: text fine enough that a wrong decoder shows."""
    sample = synth.contract(7, language="en", dpi=150)
    return sample.pages[0]


def _pdf_with_image(stream: bytes, width: int, height: int, **image: object) -> bytes:
    """A one-page PDF whose page is exactly one embedded image, at 150 dpi."""
    pdf = pikepdf.new()
    xobject = pikepdf.Stream(pdf, stream)
    xobject.Type, xobject.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    xobject.Width, xobject.Height = width, height
    for key, value in image.items():
        xobject[f"/{key}"] = value
    w_pt, h_pt = width * 72 / 150, height * 72 / 150
    pdf.add_blank_page(page_size=(w_pt, h_pt))
    target = pdf.pages[0]
    target.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=xobject))
    target.Contents = pdf.make_stream(f"q {w_pt} 0 0 {h_pt} 0 0 cm /Im0 Do Q".encode())
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _grey(**extra: object) -> dict[str, object]:
    return {"ColorSpace": pikepdf.Name.DeviceGray, "BitsPerComponent": 8, **extra}


def _encoded(page: np.ndarray, codec: str) -> bytes:
    height, width = page.shape
    if codec == "flate":
        return _pdf_with_image(
            zlib.compress(page.tobytes()), width, height, **_grey(Filter=pikepdf.Name.FlateDecode)
        )
    if codec in ("dct", "jpx"):
        buffer = io.BytesIO()
        Image.fromarray(page).save(buffer, "JPEG" if codec == "dct" else "JPEG2000")
        name = pikepdf.Name.DCTDecode if codec == "dct" else pikepdf.Name.JPXDecode
        return _pdf_with_image(buffer.getvalue(), width, height, **_grey(Filter=name))
    bilevel = Image.fromarray(page).point(lambda v: 255 if v >= 128 else 0).convert("1")
    buffer = io.BytesIO()
    bilevel.save(buffer, "TIFF", compression="group4", tiffinfo={278: height})
    tiff = Image.open(io.BytesIO(buffer.getvalue()))
    ((offset,), (length,)) = tiff.tag_v2[273], tiff.tag_v2[279]
    return _pdf_with_image(
        buffer.getvalue()[offset : offset + length],
        width,
        height,
        ColorSpace=pikepdf.Name.DeviceGray,
        BitsPerComponent=1,
        Filter=pikepdf.Name.CCITTFaxDecode,
        DecodeParms=pikepdf.Dictionary(K=-1, Columns=width, Rows=height, BlackIs1=True),
    )


def _only_page(data: bytes) -> PageInput:
    read = split(data, SplitLimits(render_dpi=DPI))
    assert read.kind == "pdf" and len(read.pages) == 1
    return read.pages[0]


def _ink(image: np.ndarray) -> np.ndarray:
    return image < 128


@pytest.mark.parametrize(
    ("codec", "max_mean_error", "max_ink_mismatch"),
    [("flate", 0.0, 0.0), ("dct", 3.0, 0.002), ("jpx", 3.0, 0.002), ("ccitt_g4", None, 0.0)],
)
def test_each_scanner_codec_decodes_to_the_page(
    page: np.ndarray, codec: str, max_mean_error: float | None, max_ink_mismatch: float
) -> None:
    decoded = _only_page(_encoded(page, codec))
    assert decoded.origin == "pdf_image"  # the embedded scan itself, at its own resolution
    assert decoded.image.shape == page.shape
    assert decoded.dpi == pytest.approx(150, abs=0.5)
    if max_mean_error is not None:
        error = np.abs(decoded.image.astype(int) - page.astype(int)).mean()
        assert error <= max_mean_error, error
    mismatch = (_ink(decoded.image) != _ink(page)).mean()
    assert mismatch <= max_ink_mismatch, mismatch


def _agreement(embedded: np.ndarray, rendered: np.ndarray) -> float:
    """Share of pixels on which two decodings of one page agree, ink or paper."""
    same_size = cv2.resize(rendered, embedded.shape[::-1], interpolation=cv2.INTER_AREA)
    return float((_ink(embedded) == _ink(same_size)).mean())


def _rendered_by_pdfium(data: bytes) -> np.ndarray:
    document = pypdfium2.PdfDocument(data)
    try:
        bitmap = document[0].render(scale=DPI / 72, grayscale=True)
        return np.array(bitmap.to_numpy(), dtype=np.uint8)
    finally:
        document.close()


@pytest.mark.parametrize("name", ["jbig2.pdf", "ccitt-endofline-true.pdf"])
def test_real_bilevel_scans_read_alike_by_both_decoders(name: str) -> None:
    data = (RESOURCES / name).read_bytes()
    embedded = _only_page(data)
    assert embedded.origin == "pdf_image"
    assert 0.01 < _ink(embedded.image).mean() < 0.5  # writing on paper, neither blank nor black
    assert _agreement(embedded.image, _rendered_by_pdfium(data)) >= 0.98


def test_jbig2_without_its_decoder_is_rendered_by_pdfium(tmp_path: Path) -> None:
    """Where `jbig2dec` is missing, the page is still read, by PDFium's own decoder."""
    script = (
        "import sys, numpy\n"
        "from intake.split import split, SplitLimits\n"
        "pages = split(open(sys.argv[1], 'rb').read(), SplitLimits(render_dpi=300)).pages\n"
        "numpy.save(sys.argv[2], pages[0].image)\n"
        "print(pages[0].origin)\n"
    )
    out = tmp_path / "page.npy"
    env = {**os.environ, "PATH": str(tmp_path)}  # no jbig2dec on this PATH
    run = subprocess.run(
        [sys.executable, "-c", script, str(RESOURCES / "jbig2.pdf"), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "pdf_render"
    embedded = _only_page((RESOURCES / "jbig2.pdf").read_bytes())
    assert _agreement(embedded.image, np.load(out)) >= 0.98
