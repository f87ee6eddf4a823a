"""Sniffing and splitting uploads into pages, on files made here with known content."""

from __future__ import annotations

import io

import numpy as np
import pikepdf
import pytest
from PIL import Image

from intake.errors import (
    EmptyFile,
    EncryptedPdf,
    ImageTooLarge,
    TooManyPages,
    UnreadableImage,
    UnreadablePdf,
    UnsupportedType,
)
from intake.sniff import sniff
from intake.split import SplitLimits, split


def _page(width: int = 600, height: int = 800, value: int = 0) -> np.ndarray:
    img = np.full((height, width), 255, np.uint8)
    img[100:140, 50:550] = value
    return img


def _encode(img: np.ndarray, fmt: str, dpi: int = 300) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, format=fmt, dpi=(dpi, dpi))
    return buf.getvalue()


def _scanned_pdf(pages: list[np.ndarray], dpi: int) -> bytes:
    buf = io.BytesIO()
    frames = [Image.fromarray(p) for p in pages]
    frames[0].save(buf, format="PDF", resolution=dpi, save_all=True, append_images=frames[1:])
    return buf.getvalue()


@pytest.mark.parametrize(
    ("fmt", "kind"), [("PNG", "png"), ("JPEG", "jpeg"), ("TIFF", "tiff"), ("PDF", "pdf")]
)
def test_sniff_recognises_formats_by_content(fmt: str, kind: str) -> None:
    assert sniff(_encode(_page(), fmt)) == kind


def test_sniff_refuses_empty_and_unknown() -> None:
    with pytest.raises(EmptyFile):
        sniff(b"")
    with pytest.raises(UnsupportedType) as info:
        sniff(b"PK\x03\x04 a zip file pretending to be a scan")
    assert info.value.http_status == 415
    assert "PDF, JPEG, PNG or TIFF" in info.value.message


def test_png_keeps_pixels_and_dpi() -> None:
    img = _page(value=17)
    read = split(_encode(img, "PNG", dpi=200))
    kind, pages = read.kind, read.pages
    assert kind == "png"
    assert len(pages) == 1
    assert pages[0].dpi == pytest.approx(200, abs=1)
    np.testing.assert_array_equal(pages[0].image, img)


def test_multipage_tiff_gives_one_page_per_frame() -> None:
    frames = [Image.fromarray(_page(value=v)) for v in (0, 60, 120)]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:], dpi=(300, 300))
    read = split(buf.getvalue())
    kind, pages = read.kind, read.pages
    assert kind == "tiff"
    assert [p.index for p in pages] == [0, 1, 2]
    assert [int(p.image[120, 300]) for p in pages] == [0, 60, 120]


def test_scanned_pdf_takes_the_embedded_image_as_it_is() -> None:
    pages_in = [_page(1240, 1754, 0), _page(1240, 1754, 90)]
    read = split(_scanned_pdf(pages_in, 150))
    kind, pages = read.kind, read.pages
    assert kind == "pdf"
    assert [p.origin for p in pages] == ["pdf_image", "pdf_image"]
    assert pages[0].image.shape == (1754, 1240)
    assert pages[0].dpi == pytest.approx(150, rel=0.01)
    assert int(pages[1].image[120, 300]) == pytest.approx(90, abs=3)


def _text_pdf(lines: list[str]) -> bytes:
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    ops = ["BT", "/F1 12 Tf", "72 770 Td", "14 TL"]
    ops += [f"({line}) Tj T*" for line in lines]
    ops.append("ET")
    page = pdf.add_blank_page(page_size=(595, 842))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream("\n".join(ops).encode("latin-1"))
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def test_born_digital_pdf_is_rendered_and_keeps_its_text_layer() -> None:
    lines = ["EMPLOYMENT CONTRACT", "Employer: Vandenberghe Logistics NV", "Job title: Welder"]
    read = split(_text_pdf(lines), SplitLimits(render_dpi=150))
    kind, pages = read.kind, read.pages
    assert kind == "pdf"
    (page,) = pages
    assert page.origin == "pdf_render"
    assert page.text_layer is not None and "Vandenberghe Logistics NV" in page.text_layer
    assert page.image.shape[0] == pytest.approx(842 * 150 / 72, abs=1)
    assert page.image.shape[1] == pytest.approx(595 * 150 / 72, abs=1)
    assert page.image.min() < 100  # the text was rendered, not a blank page


def test_corrupt_pdf_is_a_typed_error() -> None:
    good = _scanned_pdf([_page()], 150)
    with pytest.raises(UnreadablePdf) as info:
        split(good[:200] + b"\x00garbage" * 50)
    assert info.value.code == "unreadable_pdf"


def test_encrypted_pdf_is_a_typed_error() -> None:
    pdf = pikepdf.open(io.BytesIO(_scanned_pdf([_page()], 150)))
    buf = io.BytesIO()
    pdf.save(buf, encryption=pikepdf.Encryption(owner="o", user="secret"))
    with pytest.raises(EncryptedPdf):
        split(buf.getvalue())


def test_limits_on_pages_and_pixels() -> None:
    with pytest.raises(TooManyPages):
        split(_scanned_pdf([_page()] * 3, 150), SplitLimits(max_pages=2))
    with pytest.raises(ImageTooLarge):
        split(_encode(_page(2000, 2000), "PNG"), SplitLimits(max_image_pixels=1_000_000))


def test_truncated_image_is_a_typed_error() -> None:
    data = _encode(_page(), "PNG")
    with pytest.raises(UnreadableImage):
        split(data[: len(data) // 2])


def test_a_tiny_image_is_not_a_scan() -> None:
    with pytest.raises(UnreadableImage, match="not a scan of a document"):
        split(_encode(np.zeros((5, 5), np.uint8), "PNG"))


def _text_contract() -> bytes:
    return _text_pdf(["Arbeidsovereenkomst tussen de werkgever en de werknemer, lang genoeg."])


def test_a_clean_pdf_carries_no_notes() -> None:
    assert split(_text_contract(), SplitLimits(render_dpi=150)).notes == ()


def test_a_pdf_with_a_broken_cross_reference_is_read_and_noted_as_repaired() -> None:
    good = _text_contract()
    at = good.rfind(b"startxref")
    read = split(good[:at] + b"startxref\n999999\n%%EOF\n", SplitLimits(render_dpi=150))
    assert len(read.pages) == 1 and read.pages[0].text_layer is not None
    assert [n.code for n in read.notes] == ["repaired_pdf"]
    assert "check that every page is there" in read.notes[0].message


def test_bytes_after_the_end_of_a_pdf_are_noted() -> None:
    extra = b"<!-- something else -->"
    read = split(_text_contract() + b"\r\n" + extra, SplitLimits())
    assert [(n.code, n.message) for n in read.notes] == [
        ("trailing_data", "The file carries 23 bytes after the end of the PDF; they were ignored.")
    ]
    assert len(extra) == 23
    assert split(_text_contract() + b"\r\n\x00\x00  \n", SplitLimits()).notes == ()


def test_a_crop_box_outside_the_page_falls_back_to_the_media_box() -> None:
    """As readers do (pdf.js's boundingBox_invalid.pdf): the page is shown, not refused."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(600, 800))
    page = pdf.pages[0]
    page.obj.CropBox = pikepdf.Array([600, 800, 1000, 1000])
    page.obj.Contents = pdf.make_stream(b"0 g 100 100 400 600 re f")
    out = io.BytesIO()
    pdf.save(out)
    (rendered,) = split(out.getvalue(), SplitLimits(render_dpi=72)).pages
    assert rendered.image.shape == (800, 600)
    assert rendered.image[400, 300] < 50 and rendered.image[50, 50] > 200
