"""Turn one upload into page images (and text layers) for the pipeline.

Images are decoded with Pillow, whose header is read before the pixels, so an
oversized image is refused before it costs memory. For a PDF page that is one
embedded scan we take that image as it is (no re-rendering, its own
resolution); any other page is rendered at `render_dpi` with PDFium, and the
text layer of born-digital pages is kept, so they need no OCR.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pikepdf
import pypdfium2
from PIL import Image, ImageOps, ImageSequence
from pypdf import PdfReader

from intake.errors import (
    BadInput,
    EncryptedPdf,
    ImageTooLarge,
    TooManyPages,
    UnreadableImage,
    UnreadablePdf,
)
from intake.sniff import FileType, sniff

PageOrigin = Literal["image", "pdf_image", "pdf_render"]
# A text layer shorter than this is a scanner's stray OCR or a page number, not a document.
MIN_TEXT_LAYER_CHARS = 40
PLAUSIBLE_DPI = (50.0, 2400.0)
# Smaller than this is an icon or a corrupt frame, not a scan of a document.
MIN_PAGE_SIDE = 64


@dataclass(frozen=True)
class SplitLimits:
    max_pages: int = 200
    max_image_pixels: int = 120_000_000
    render_dpi: int = 300


@dataclass(frozen=True)
class Note:
    """Something a reader of the file should know, though it was read all the same."""

    code: str
    message: str


@dataclass(frozen=True)
class SplitFile:
    kind: FileType
    pages: list[PageInput]
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class PageInput:
    index: int
    image: np.ndarray  # grey uint8
    dpi: float | None
    origin: PageOrigin
    text_layer: str | None = None


def split(data: bytes, limits: SplitLimits | None = None) -> SplitFile:
    """Sniff and split an upload; raises a BadInput subclass for files we cannot read."""
    limits = limits or SplitLimits()
    kind = sniff(data)
    notes: tuple[Note, ...] = ()
    if kind == "pdf":
        pages, notes = split_pdf(data, limits)
    else:
        pages = split_image(data, limits)
    for page in pages:
        if min(page.image.shape) < MIN_PAGE_SIDE:
            height, width = page.image.shape
            raise UnreadableImage(
                f"Page {page.index + 1} is only {width}×{height} pixels: that is not a scan of a "
                "document. Scan the document at 300 dpi and upload it again."
            )
    return SplitFile(kind, pages, notes)


def count_pages(data: bytes) -> int:
    """The pages a file says it has, from its structure alone (nothing is decoded)."""
    try:
        if sniff(data) == "pdf":
            with pikepdf.open(io.BytesIO(data)) as pdf:
                return len(pdf.pages)
        with Image.open(io.BytesIO(data)) as img:
            return int(getattr(img, "n_frames", 1))
    except Exception:  # unreadable: `split` says why, with the right error
        return 1


def page_bytes(limits: SplitLimits) -> int:
    """Memory one A4 page takes as a grey image at the render resolution."""
    return round(210 / 25.4 * limits.render_dpi) * round(297 / 25.4 * limits.render_dpi)


def split_image(data: bytes, limits: SplitLimits) -> list[PageInput]:
    try:
        with Image.open(io.BytesIO(data)) as img:
            pages = [
                PageInput(
                    index=i, image=_to_grey(frame, limits), dpi=_pil_dpi(frame), origin="image"
                )
                for i, frame in enumerate(_frames(img, limits))
            ]
    except (BadInput, MemoryError):
        raise
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge(
            "The image has more pixels than this service accepts. Scan at 300 dpi instead."
        ) from exc
    except Exception as exc:  # Pillow's decoders fail on damaged files with any class at all
        raise UnreadableImage(
            "The image could not be read; it may be damaged or cut short. Export or scan it "
            "again and upload the new file."
        ) from exc
    return pages


def _frames(img: Image.Image, limits: SplitLimits) -> Iterator[Image.Image]:
    """The frames (TIFF pages), counted from their headers before any is decoded."""
    count = getattr(img, "n_frames", 1)
    if count > limits.max_pages:
        raise TooManyPages(
            f"The file has {count} pages; at most {limits.max_pages} are accepted per file. "
            "Split it into smaller files."
        )
    yield from ImageSequence.Iterator(img)


def _to_grey(frame: Image.Image, limits: SplitLimits) -> np.ndarray:
    width, height = frame.size
    if width * height > limits.max_image_pixels:
        raise ImageTooLarge(
            f"The image is {width}×{height} pixels, more than this service accepts "
            f"({limits.max_image_pixels // 1_000_000} megapixels). Scan at 300 dpi instead."
        )
    upright = ImageOps.exif_transpose(frame)
    return np.asarray(upright.convert("L"), dtype=np.uint8).copy()


def _pil_dpi(frame: Image.Image) -> float | None:
    dpi = frame.info.get("dpi")
    if not dpi:
        return None
    value = float(dpi[0])
    return value if PLAUSIBLE_DPI[0] <= value <= PLAUSIBLE_DPI[1] else None


def split_pdf(data: bytes, limits: SplitLimits) -> tuple[list[PageInput], tuple[Note, ...]]:
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as exc:
        raise EncryptedPdf(
            "The PDF is protected with a password. Save a copy without a password and upload it."
        ) from exc
    except pikepdf.PdfError as exc:
        raise UnreadablePdf(
            "The PDF could not be read; it may be damaged or incomplete. Export it again and "
            "upload the new file."
        ) from exc
    with pdf:
        count = len(pdf.pages)
        if count == 0:
            raise UnreadablePdf("The PDF has no pages.")
        if count > limits.max_pages:
            raise TooManyPages(
                f"The PDF has {count} pages; at most {limits.max_pages} are accepted per file. "
                "Split it into smaller files."
            )
        texts = _text_layers(data, count)
        scans = [_single_scan(page, limits) for page in pdf.pages]
        notes = _pdf_notes(data, repaired=bool(pdf.get_warnings()))
    document: pypdfium2.PdfDocument | None = None
    pages: list[PageInput] = []
    try:
        for index, (scan, text) in enumerate(zip(scans, texts, strict=True)):
            if scan is not None and not text:
                image, dpi = scan
                pages.append(PageInput(index, image, dpi, "pdf_image"))
                continue
            if document is None:
                document = _open_pdfium(data)
            image = _render(document, index, limits)
            pages.append(PageInput(index, image, float(limits.render_dpi), "pdf_render", text))
    finally:
        if document is not None:
            document.close()
    return pages, notes


def _pdf_notes(data: bytes, *, repaired: bool) -> tuple[Note, ...]:
    """What a caseworker should know about a PDF that was read all the same."""
    notes = []
    if repaired:
        notes.append(
            Note(
                "repaired_pdf",
                "The PDF was damaged and had to be repaired to be read: check that every page "
                "is there and complete.",
            )
        )
    end = data.rfind(b"%%EOF")
    trailing = len(data[end + 5 :].strip(b" \t\r\n\x00")) if end >= 0 else 0
    if trailing:
        notes.append(
            Note(
                "trailing_data",
                f"The file carries {trailing} bytes after the end of the PDF; they were ignored.",
            )
        )
    return tuple(notes)


def _text_layers(data: bytes, count: int) -> list[str | None]:
    """Text of each page, or None where the page carries (almost) none."""
    try:
        reader = PdfReader(io.BytesIO(data))
        texts = [page.extract_text() or "" for page in reader.pages]
    except Exception:  # the text layer is a bonus: any failure means "OCR instead"
        return [None] * count
    kept = [t if len(t.strip()) >= MIN_TEXT_LAYER_CHARS else None for t in texts]
    return (kept + [None] * count)[:count]


def _single_scan(page: pikepdf.Page, limits: SplitLimits) -> tuple[np.ndarray, float] | None:
    """The page's image when the page is exactly one embedded raster, else None.

    None also when the image's codec cannot be decoded here (JBIG2 without the
    `jbig2dec` program, an exotic JPX, ...): PDFium, which has its own decoders,
    then renders the page, so a scanner's PDF is read either way.
    """
    try:
        images = list(page.get_images().values())
        if len(images) != 1 or not isinstance(images[0], pikepdf.Stream):
            return None
        pdf_image = pikepdf.PdfImage(images[0])
        pixels = pdf_image.width * pdf_image.height
    except (pikepdf.PdfError, NotImplementedError, ValueError, OSError, KeyError):
        return None
    if pixels > limits.max_image_pixels:
        raise ImageTooLarge(
            "A page of the PDF holds an image larger than this service accepts. "
            "Scan at 300 dpi instead."
        )
    try:
        pil = pdf_image.as_pil_image()
        width_pt = float(page.mediabox[2]) - float(page.mediabox[0])
        dpi = pil.width / (width_pt / 72.0) if width_pt > 0 else None
        if dpi is None or not PLAUSIBLE_DPI[0] <= dpi <= PLAUSIBLE_DPI[1]:
            return None
        grey = np.asarray(pil.convert("L"), dtype=np.uint8)  # decodes: may fail here too
    except MemoryError:
        raise
    except Exception:  # any decoder failure: the page is rendered instead (see above)
        return None
    rotate = int(page.obj.get("/Rotate", 0)) % 360
    if rotate:
        grey = np.rot90(grey, k=-rotate // 90)
    return np.ascontiguousarray(grey), dpi


def _open_pdfium(data: bytes) -> pypdfium2.PdfDocument:
    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise UnreadablePdf(
            "The PDF could not be rendered; it may be damaged. Export it again and upload it."
        ) from exc


def _render(document: pypdfium2.PdfDocument, index: int, limits: SplitLimits) -> np.ndarray:
    page = document[index]
    try:
        width_pt, height_pt = page.get_size()
        if min(width_pt, height_pt) <= 0:
            # A crop box outside the media box leaves nothing to show; readers fall back to
            # the media box, and so do we.
            page.set_cropbox(*page.get_mediabox())
            width_pt, height_pt = page.get_size()
        if min(width_pt, height_pt) <= 0:
            raise UnreadablePdf(
                f"Page {index + 1} of the PDF has no area to show. Export the PDF again and "
                "upload it."
            )
        scale = limits.render_dpi / 72.0
        if width_pt * scale * height_pt * scale > limits.max_image_pixels:
            raise ImageTooLarge(
                f"Page {index + 1} of the PDF is too large to render at {limits.render_dpi} dpi."
            )
        bitmap = page.render(scale=scale, grayscale=True)
        image = np.array(bitmap.to_numpy(), dtype=np.uint8)
    finally:
        page.close()
    return image.reshape(image.shape[0], image.shape[1]) if image.ndim == 3 else image
