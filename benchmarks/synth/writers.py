"""Encode synthetic pages the way they reach the portal: image files, scanner PDFs, office PDFs.

Every writer records the resolution in the file (PNG pHYs, JFIF density, TIFF resolution tags,
PDF page size), because the intake service reads dpi from there and must be tested on it.
"""

from __future__ import annotations

import io
import unicodedata

import numpy as np
import pikepdf
from PIL import Image

A4_PT = (595.28, 841.89)
_PDF_MARGIN_PT = 56.0
_LEADING = 1.25  # baseline distance as a multiple of the font size


def _image(img: np.ndarray) -> Image.Image:
    """Pillow view of a grey page; anything else is a caller bug worth a clear error."""
    if img.ndim != 2 or img.dtype != np.uint8:
        raise ValueError(f"expected a 2-D uint8 grey image, got {img.dtype} {img.shape}")
    return Image.fromarray(img, mode="L")


def to_png(img: np.ndarray, dpi: int) -> bytes:
    """Lossless PNG with a pHYs chunk so readers know the scan resolution."""
    buf = io.BytesIO()
    _image(img).save(buf, format="PNG", dpi=(dpi, dpi))
    return buf.getvalue()


def to_jpeg(img: np.ndarray, dpi: int, quality: int = 92) -> bytes:
    """Baseline JPEG with a JFIF density in dots per inch, as phone and scanner apps write."""
    buf = io.BytesIO()
    _image(img).save(buf, format="JPEG", quality=quality, dpi=(dpi, dpi))
    return buf.getvalue()


def to_tiff(pages: list[np.ndarray], dpi: int) -> bytes:
    """Multi-page TIFF (one LZW-compressed frame per page) with X/YResolution in inches."""
    if not pages:
        raise ValueError("a TIFF needs at least one page")
    first, *rest = (_image(page) for page in pages)
    buf = io.BytesIO()
    first.save(
        buf,
        format="TIFF",
        save_all=True,
        append_images=rest,
        dpi=(dpi, dpi),
        compression="tiff_lzw",
    )
    return buf.getvalue()


def scanned_pdf(pages: list[np.ndarray], dpi: int, *, quality: int = 90) -> bytes:
    """An image-only PDF like a scanner's: one grey JPEG per page, page size = image size at dpi.

    There is deliberately no text layer, so intake must OCR it.
    """
    if not pages:
        raise ValueError("a PDF needs at least one page")
    pdf = pikepdf.new()
    for page in pages:
        height, width = page.shape
        jpeg_bytes = to_jpeg(page, dpi, quality)
        image = pikepdf.Stream(pdf, jpeg_bytes)
        image.Type = pikepdf.Name.XObject
        image.Subtype = pikepdf.Name.Image
        image.Width, image.Height = width, height
        image.ColorSpace = pikepdf.Name.DeviceGray
        image.BitsPerComponent = 8
        image.Filter = pikepdf.Name.DCTDecode
        w_pt, h_pt = width * 72 / dpi, height * 72 / dpi
        content = f"q {w_pt:.4f} 0 0 {h_pt:.4f} 0 0 cm /Im0 Do Q".encode()
        pdf.pages.append(
            pikepdf.Page(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Page,
                    MediaBox=[0, 0, w_pt, h_pt],
                    Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)),
                    Contents=pikepdf.Stream(pdf, content),
                )
            )
        )
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def _winansi(text: str) -> bytes:
    """Encode for a WinAnsi font; characters cp1252 lacks fall back to their unaccented base."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char)[0]
            out += base.encode("cp1252", errors="replace")
    return bytes(out)


def _pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsi bytes with the delimiters escaped."""
    escaped = _winansi(text).replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + escaped + b")"


# Helvetica advance widths (Adobe AFM, 1/1000 em) for ASCII 32-126; accented letters take
# the width of their base letter. Used to fit lines without embedding or measuring a font.
_HELVETICA_WIDTHS = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 "
    "556 556 556 556 556 556 556 556 556 556 278 278 584 584 584 556 "
    "1015 667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 "
    "667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 "
    "333 556 556 500 556 556 278 556 556 222 222 500 222 833 556 556 "
    "556 556 333 500 278 556 500 722 500 500 500 334 260 334 584"
)
_HELVETICA = dict(zip(map(chr, range(32, 127)), map(int, _HELVETICA_WIDTHS.split()), strict=True))


def _width_em(text: str) -> float:
    """Width of `text` set in Helvetica, in ems."""
    total = 0
    for char in text:
        base = unicodedata.normalize("NFKD", char)[0]
        total += _HELVETICA.get(base, 556)
    return total / 1000


def _wrap_em(line: str, max_em: float) -> list[str]:
    """Word-wrap a line that would not fit even at the smallest font size."""
    out: list[str] = []
    current = ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and _width_em(candidate) > max_em:
            out.append(current)
            current = word
        else:
            current = candidate
    out.append(current)
    return out


def _layout(text: str) -> tuple[float, list[str]]:
    """Font size (7-11 pt, smaller only if the page is very long) that keeps the lines as given.

    Lines stay exactly as the image page broke them, so text extracted from the PDF lines up with
    the scan; only lines too wide even at 7 pt are wrapped.
    """
    usable_w = A4_PT[0] - 2 * _PDF_MARGIN_PT
    usable_h = A4_PT[1] - 2 * _PDF_MARGIN_PT
    lines = text.split("\n")
    widest = max(_width_em(line) for line in lines)
    size = max(7.0, min(11.0, usable_w / widest)) if widest else 11.0
    wrapped = [part for line in lines for part in _wrap_em(line, usable_w / size)]
    return min(size, usable_h / (len(wrapped) * _LEADING)), wrapped


def born_digital_pdf(text_pages: list[str]) -> bytes:
    """An office-exported A4 PDF whose text is selectable, in Helvetica with WinAnsi encoding.

    One PDF page per entry of `text_pages`; intake should take its text layer and skip OCR.
    """
    if not text_pages:
        raise ValueError("a PDF needs at least one page")
    pdf = pikepdf.new()
    helvetica = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )
    for text in text_pages:
        size, lines = _layout(text)
        leading = size * _LEADING
        ops = [
            b"BT",
            f"/F1 {size:.2f} Tf {leading:.2f} TL".encode(),
            f"{_PDF_MARGIN_PT:.2f} {A4_PT[1] - _PDF_MARGIN_PT - size:.2f} Td".encode(),
        ]
        for index, line in enumerate(lines):
            ops.append(_pdf_string(line) + (b" Tj" if index == 0 else b" '"))
        ops.append(b"ET")
        pdf.pages.append(
            pikepdf.Page(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Page,
                    MediaBox=[0, 0, *A4_PT],
                    Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=helvetica)),
                    Contents=pikepdf.Stream(pdf, b"\n".join(ops)),
                )
            )
        )
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()
