"""The value every generator returns: rendered pages plus the ground truth they were drawn from."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Sample:
    """One synthetic document with the answers an extractor should find in it.

    `pages` are grey uint8 images at `dpi`; `text_pages` hold the same text as plain strings so a
    born-digital PDF of the very same document can be written without OCR.
    """

    kind: str
    pages: list[np.ndarray]
    dpi: int
    truth: dict[str, str]
    text_pages: list[str]
