"""File type by its bytes: the name and the declared content type are not trusted.

A file is accepted as one type only when it is that type alone. Readers let a
PDF header stand anywhere in the first KiB (some producers write junk before
it), so that is allowed, but not when the bytes before it are another format
(an HTML page, an image, a ZIP archive), and no file may also be a ZIP archive
(whose directory sits at the end of the file, so a ZIP appended to a PDF or an
image opens as both). Such polyglots are how a hostile file gets one reader to
see a harmless document and another something else.
"""

from __future__ import annotations

import struct
from typing import Literal

from intake.errors import AmbiguousFile, EmptyFile, UnsupportedType

FileType = Literal["pdf", "jpeg", "png", "tiff"]

PDF_HEADER = b"%PDF-"
# How far into a file readers look for the PDF header.
PDF_HEADER_WINDOW = 1024
IMAGE_MAGIC: dict[bytes, FileType] = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
}
# Formats a file may not also be: containers and markup that other readers open.
OTHER_MAGIC = (b"PK\x03\x04", b"GIF8", b"<", b"\xef\xbb\xbf<", b"%!PS", b"{\\rtf")
ZIP_END = b"PK\x05\x06"
ZIP_END_SIZE = 22
ZIP_COMMENT_MAX = 65_535


def sniff(data: bytes) -> FileType:
    """Recognise the formats the pipeline reads; anything else is a typed error."""
    if not data:
        raise EmptyFile("The file is empty. Upload the scan again.")
    if _ends_as_zip(data):
        raise _ambiguous("a ZIP archive")
    head = data[:PDF_HEADER_WINDOW]
    image = next((kind for magic, kind in IMAGE_MAGIC.items() if head.startswith(magic)), None)
    has_pdf_header = PDF_HEADER in head
    if image is not None:
        if has_pdf_header:
            raise _ambiguous("a PDF")
        return image
    if has_pdf_header:
        if head.lstrip(b" \t\r\n\x00").startswith(OTHER_MAGIC):
            raise _ambiguous("another format (a web page, an archive or an image)")
        return "pdf"
    raise UnsupportedType(
        "This file is not a PDF, JPEG, PNG or TIFF. Save or export the document in one of "
        "those formats and upload it again."
    )


def _ends_as_zip(data: bytes) -> bool:
    """Whether a ZIP end-of-directory record closes the file, as it does every ZIP archive.

    The record's comment-length field must reach exactly to the end of the
    file, so four such bytes by chance in compressed data do not count.
    """
    tail_start = max(0, len(data) - ZIP_END_SIZE - ZIP_COMMENT_MAX)
    at = data.rfind(ZIP_END, tail_start)
    while at >= 0:
        if at + ZIP_END_SIZE <= len(data):
            (comment,) = struct.unpack_from("<H", data, at + 20)
            if at + ZIP_END_SIZE + comment == len(data):
                return True
        at = data.rfind(ZIP_END, tail_start, at)
    return False


def _ambiguous(other: str) -> AmbiguousFile:
    return AmbiguousFile(
        f"This file is also {other}, so different programs would see different things in it. "
        "Open the document, save or export it again as a plain PDF, JPEG, PNG or TIFF, and "
        "upload that file."
    )
