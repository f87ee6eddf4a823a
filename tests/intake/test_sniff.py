"""The type of an upload is its real structure: one format alone, or a typed refusal.

Polyglots (a file that two readers open as two different things) are built
here from real files: the generated scans, a real ZIP archive made by Python's
zipfile, and the real bilevel scan in tests/resources.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pytest

from benchmarks import synth
from intake.errors import AmbiguousFile, BadInput, EmptyFile, UnsupportedType
from intake.sniff import sniff

RESOURCES = Path(__file__).resolve().parents[1] / "resources"


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    page = synth.contract(3, language="nl", dpi=150).pages[0]
    return {
        "pdf": synth.scanned_pdf([page], 150),
        "png": synth.to_png(page, 150),
        "jpeg": synth.to_jpeg(page, 150),
        "tiff": synth.to_tiff([page], 150),
    }


def _zip(members: dict[str, bytes], stored: bool = False) -> bytes:
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["pdf", "png", "jpeg", "tiff"])
def test_each_format_alone_is_that_format(files: dict[str, bytes], kind: str) -> None:
    assert sniff(files[kind]) == kind


def test_a_real_scanner_pdf_is_a_pdf() -> None:
    assert sniff((RESOURCES / "jbig2.pdf").read_bytes()) == "pdf"


def test_junk_before_the_pdf_header_is_allowed_as_readers_allow_it(
    files: dict[str, bytes],
) -> None:
    assert sniff(b"\x00\x00\x00\x00garbage from a mail gateway\r\n" + files["pdf"]) == "pdf"


@pytest.mark.parametrize("kind", ["pdf", "png", "jpeg", "tiff"])
def test_any_format_with_a_zip_appended_is_ambiguous(files: dict[str, bytes], kind: str) -> None:
    payload = _zip({"payload.html": b"<script>alert(1)</script>" * 40})
    with pytest.raises(AmbiguousFile) as raised:
        sniff(files[kind] + payload)
    assert raised.value.code == "ambiguous_file" and raised.value.http_status == 415
    assert "ZIP archive" in raised.value.message


def test_a_zip_whose_first_member_is_a_pdf_is_ambiguous(files: dict[str, bytes]) -> None:
    archive = _zip({"a.pdf": files["pdf"], "b.txt": b"x"}, stored=True)
    assert b"%PDF-" in archive[:1024]
    with pytest.raises(AmbiguousFile):
        sniff(archive)


@pytest.mark.parametrize(
    "prefix",
    [
        b"<!DOCTYPE html><html><body>",
        b"  \n<html><script>fetch('/x')</script>",
        b"<svg xmlns='http://www.w3.org/2000/svg'>",
        b"\xef\xbb\xbf<?xml version='1.0'?>",
        b"GIF89a\x01\x00\x01\x00",
    ],
)
def test_another_format_carrying_a_pdf_header_is_ambiguous(
    files: dict[str, bytes], prefix: bytes
) -> None:
    with pytest.raises(AmbiguousFile):
        sniff(prefix + b"\n" + files["pdf"])


def test_an_image_with_a_pdf_header_inside_is_ambiguous(files: dict[str, bytes]) -> None:
    png = files["png"]
    with pytest.raises(AmbiguousFile):
        sniff(png[:33] + b"%PDF-1.7 " + png[33:])


def test_zip_signature_bytes_inside_an_image_are_no_archive(files: dict[str, bytes]) -> None:
    """Four bytes of an end-of-archive record by chance do not make a ZIP: the record must
    close the file."""
    png = files["png"]
    middle = len(png) - 200
    assert sniff(png[:middle] + b"PK\x05\x06" + png[middle:]) == "png"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", EmptyFile),
        (bytes(np.random.default_rng(5).integers(0, 256, 4096, dtype=np.uint8)), UnsupportedType),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            UnsupportedType,
        ),
        (b"<html><body>not a scan</body></html>", UnsupportedType),
        (b"PK\x03\x04 a zip file pretending to be a scan", UnsupportedType),
    ],
)
def test_what_is_no_scan_is_refused_with_its_reason(data: bytes, error: type[BadInput]) -> None:
    with pytest.raises(error) as raised:
        sniff(data)
    assert type(raised.value) is error
