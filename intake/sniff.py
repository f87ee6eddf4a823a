"""File type by magic bytes: the name and the declared content type are not trusted."""

from __future__ import annotations

from typing import Literal

from intake.errors import EmptyFile, UnsupportedType

FileType = Literal["pdf", "jpeg", "png", "tiff"]


def sniff(data: bytes) -> FileType:
    """Recognise the formats the pipeline reads; anything else is a typed error."""
    if not data:
        raise EmptyFile("The file is empty. Upload the scan again.")
    head = data[:1024]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    # Some producers put a few bytes of junk before the header; readers accept that.
    if b"%PDF-" in head:
        return "pdf"
    raise UnsupportedType(
        "This file is not a PDF, JPEG, PNG or TIFF. Save or export the document in one of "
        "those formats and upload it again."
    )
