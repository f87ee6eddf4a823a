"""Setting running text on paper for the held-out documents.

A `Sheet` wraps paragraphs to the measure of its typeface, breaks pages at the bottom margin and
keeps, line for line, the text it drew. The text pages are therefore the very lines of the image,
which is what a born-digital PDF of the same document must hold for the two to be comparable.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from benchmarks.synth.render import Font, font, mm, pt, scribble, wrap

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class Typeface:
    """A family as an office suite offers it: the upright face and its bold."""

    name: str
    regular: Path
    bold: Path


TYPEFACES: tuple[Typeface, ...] = (
    Typeface("sans", _DEJAVU / "DejaVuSans.ttf", _DEJAVU / "DejaVuSans-Bold.ttf"),
    Typeface("serif", _DEJAVU / "DejaVuSerif.ttf", _DEJAVU / "DejaVuSerif-Bold.ttf"),
    Typeface(
        "sans condensed",
        _DEJAVU / "DejaVuSansCondensed.ttf",
        _DEJAVU / "DejaVuSansCondensed-Bold.ttf",
    ),
    Typeface(
        "serif condensed",
        _DEJAVU / "DejaVuSerifCondensed.ttf",
        _DEJAVU / "DejaVuSerifCondensed-Bold.ttf",
    ),
)

A4_MM = (210.0, 297.0)


class Sheet:
    """A document being typeset onto one or more pages of paper.

    Positions are kept in pixels at `dpi`; sizes are given in points and millimetres so that
    a document looks the same at any resolution. `ink` is the grey level of the print: office
    laser output is rarely a true black.
    """

    def __init__(
        self,
        dpi: int,
        typeface: Typeface,
        size_pt: float,
        *,
        paper_mm: tuple[float, float] = A4_MM,
        margins_mm: tuple[float, float, float, float] = (22.0, 20.0, 22.0, 22.0),
        ink: int = 20,
    ) -> None:
        self.dpi = dpi
        self.typeface = typeface
        self.size_pt = size_pt
        self.ink = ink
        self._paper = (mm(paper_mm[0], dpi), mm(paper_mm[1], dpi))
        left, top, right, bottom = (mm(m, dpi) for m in margins_mm)
        self.left, self.top = left, top
        self.right = self._paper[0] - right
        self.bottom = self._paper[1] - bottom
        self._images: list[Image.Image] = []
        self._texts: list[list[str]] = []
        self.y = 0
        self.new_page()

    @property
    def width(self) -> int:
        """The measure: pixels between the left and right margins."""
        return self.right - self.left

    @property
    def size(self) -> tuple[int, int]:
        """Width and height of the paper in pixels."""
        return self._paper

    @property
    def page_count(self) -> int:
        return len(self._images)

    @property
    def draw(self) -> ImageDraw.ImageDraw:
        return ImageDraw.Draw(self._images[-1])

    def new_page(self) -> None:
        self._images.append(Image.new("L", self._paper, 255))
        self._texts.append([])
        self.y = self.top

    def face(self, *, bold: bool = False, size_pt: float | None = None) -> Font:
        path = self.typeface.bold if bold else self.typeface.regular
        return font(path, pt(size_pt or self.size_pt, self.dpi))

    def _line_height(self, face: Font) -> int:
        return round(face.size * 1.38)

    def _room_for(self, height: int) -> None:
        if self.y + height > self.bottom:
            self.new_page()

    def space(self, millimetres: float) -> None:
        """Vertical white space; at the top of a page it is swallowed, as a word processor does."""
        if self.y > self.top:
            self.y += mm(millimetres, self.dpi)

    def line(
        self,
        text: str,
        *,
        bold: bool = False,
        size_pt: float | None = None,
        align: str = "left",
        indent_mm: float = 0.0,
    ) -> None:
        """One line drawn as given (no wrapping), e.g. a heading or an address line."""
        face = self.face(bold=bold, size_pt=size_pt)
        height = self._line_height(face)
        self._room_for(height)
        width = face.getlength(text)
        if align == "centre":
            x = (self.left + self.right - width) / 2
        elif align == "right":
            x = self.right - width
        else:
            x = self.left + mm(indent_mm, self.dpi)
        self.draw.text((x, self.y), text, font=face, fill=self.ink)
        self._texts[-1].append(text)
        self.y += height

    def paragraph(
        self,
        text: str,
        *,
        bold: bool = False,
        size_pt: float | None = None,
        align: str = "left",
        indent_mm: float = 0.0,
        after_mm: float = 2.5,
    ) -> None:
        """A paragraph wrapped to the measure (less `indent_mm`), then `after_mm` of space."""
        face = self.face(bold=bold, size_pt=size_pt)
        for part in wrap(text, face, self.width - mm(indent_mm, self.dpi)):
            self.line(part, bold=bold, size_pt=size_pt, align=align, indent_mm=indent_mm)
        self.space(after_mm)

    def field(self, label: str, value: str, *, tab_mm: float = 45.0, after_mm: float = 1.2) -> None:
        """A form line: a bold label at the margin, its value aligned on a tab stop.

        Text extraction sees the two separated by a space, so that is how the line is recorded.
        """
        label_face = self.face(bold=True)
        value_face = self.face()
        tab = self.left + mm(tab_mm, self.dpi)
        parts = wrap(value, value_face, self.right - tab) or [""]
        height = self._line_height(value_face)
        for index, part in enumerate(parts):
            self._room_for(height)
            if index == 0:
                self.draw.text((self.left, self.y), label, font=label_face, fill=self.ink)
                self._texts[-1].append(f"{label} {part}")
            else:
                self._texts[-1].append(part)
            self.draw.text((tab, self.y), part, font=value_face, fill=self.ink)
            self.y += height
        self.space(after_mm)

    def columns(self, left: list[str], right: list[str], *, gap_mm: float = 10.0) -> None:
        """Two wrapped columns side by side, as in a bilingual certificate.

        A PDF export reads a column to its end before the next one, so the text is recorded
        column after column. Both columns start on this page; the block must fit on it.
        """
        face = self.face()
        gap = mm(gap_mm, self.dpi)
        col_w = (self.width - gap) // 2
        height = self._line_height(face)
        top = self.y
        bottom = top
        for x, paragraphs in ((self.left, left), (self.left + col_w + gap, right)):
            y = top
            for paragraph in paragraphs:
                for part in wrap(paragraph, face, col_w):
                    self.draw.text((x, y), part, font=face, fill=self.ink)
                    self._texts[-1].append(part)
                    y += height
                y += mm(2.5, self.dpi)
            bottom = max(bottom, y)
        self.y = bottom

    def signatures(self, rng: random.Random, captions: list[str], *, names: list[str]) -> None:
        """Captions side by side, a scribbled signature under each, then the signatory's name."""
        face = self.face()
        height = self._line_height(face)
        block = height * 2 + mm(22, self.dpi)
        self._room_for(block)
        slot = self.width // len(captions)
        top = self.y
        for index, (caption, name) in enumerate(zip(captions, names, strict=True)):
            x = self.left + index * slot
            self.draw.text((x, top), caption, font=face, fill=self.ink)
            box = (x, top + height, x + mm(50, self.dpi), top + height + mm(18, self.dpi))
            width = max(2, round(self.dpi / 150))
            self.draw.line(scribble(rng, box), fill=self.ink + 30, width=width)
            self.draw.text((x, top + height + mm(20, self.dpi)), name, font=face, fill=self.ink)
        self._texts[-1].append("   ".join(captions))
        self._texts[-1].append("   ".join(names))
        self.y = top + block

    def finish(self) -> tuple[list[np.ndarray], list[str]]:
        """The pages as grey arrays and, for each, its text one drawn line per line."""
        pages = [np.asarray(image, dtype=np.uint8).copy() for image in self._images]
        return pages, ["\n".join(lines) for lines in self._texts]
