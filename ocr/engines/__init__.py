"""The OCR engines behind `ocr.seam.OcrEngine`, and the files they need found on disk.

Everything here touches the world outside the process (a `tesseract` binary,
the tesserocr library, tessdata and font files); the rest of `ocr/` is pure.
"""
