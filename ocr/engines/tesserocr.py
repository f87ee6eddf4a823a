"""Tesseract in-process through tesserocr: the model stays loaded between calls.

`TesseractEngine` starts a `tesseract` process and loads the language model on
every call; for a full page that is a fair share of the time, for the small
MRZ band crops (several per passport) it is most of it. This engine keeps one
initialised `PyTessBaseAPI` per configuration and reuses it.

A `PyTessBaseAPI` has no lock and must never be used by two threads, and the
service runs several worker threads per process: every thread gets its own
APIs, one per (languages, psm, whitelist), in a `threading.local`. The
whitelist configuration also switches the dictionaries off, and those are
init-only variables, so it always needs an API of its own. tesserocr releases
the GIL while Tesseract works, so the threads really run in parallel.

The result is built from Tesseract's own TSV renderer (`GetTSVText`, the code
the CLI's `tsv` output uses) parsed into the columns pytesseract's DICT output
has, then turned into an `OcrResult` by the same `result_from_tsv` the
subprocess engine uses: words, confidences, boxes, line ids and text join
identically, so every extractor works unchanged.

The PyPI wheel bundles its own libtesseract (5.5.x, not Debian's 5.3) and
looks for language data in "./"; the project reads Debian's tessdata, so the
path is always passed explicitly (see `tessdata_dir`).
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from collections.abc import Iterable
from types import ModuleType, TracebackType
from typing import Any

import numpy as np

from ocr.engines.tsv import result_from_tsv
from ocr.model import OcrResult
from ocr.seam import DEFAULT_LANGUAGES, OcrTimeout

DEBIAN_TESSDATA = "/usr/share/tesseract-ocr/5/tessdata/"
INSTALL_HINT = "install it with `pip install tesserocr` (or the project's `tesserocr` extra)"
# Column order of Tesseract's TSV rows; GetTSVText leaves the header line out.
TSV_COLUMNS = (
    "level", "page_num", "block_num", "par_num", "line_num", "word_num",
    "left", "top", "width", "height", "conf", "text",
)  # fmt: skip

# (languages joined by "+", page segmentation mode, character whitelist)
_Key = tuple[str, int, str | None]


class TesserocrUnavailable(RuntimeError):
    """tesserocr is not installed, or cannot load the configured language data."""


def load_tesserocr() -> ModuleType:
    """The tesserocr module, imported only when the engine is chosen: the project runs
    without it, with the pytesseract engine."""
    try:
        import tesserocr
    except ImportError as exc:
        raise TesserocrUnavailable(
            f"the tesserocr OCR engine needs tesserocr: {INSTALL_HINT}"
        ) from exc
    return tesserocr


def tessdata_dir(explicit: str | None = None) -> str:
    """Where the language data is: `explicit`, else $TESSDATA_PREFIX, else Debian's.

    The wheel's compiled-in default ("./") never holds the project's models, so a
    directory is always chosen here; Tesseract wants it with a trailing slash.
    """
    path = explicit or os.environ.get("TESSDATA_PREFIX") or DEBIAN_TESSDATA
    return path if path.endswith("/") else path + "/"


def tesserocr_version() -> str:
    """The libtesseract version tesserocr runs (its own, bundled in the wheel), for /readyz."""
    banner = str(load_tesserocr().tesseract_version())
    return banner.split()[1] if banner.startswith("tesseract ") else banner.splitlines()[0]


def tsv_columns(tsv: str) -> dict[str, list]:
    """Tesseract's TSV rows as the columns pytesseract's DICT output has, so `result_from_tsv`
    reads both alike: numbers as int (the confidence truncated, as pytesseract does), the
    word text as str."""
    columns: dict[str, list] = {name: [] for name in TSV_COLUMNS}
    width = len(TSV_COLUMNS)
    for row in tsv.split("\n"):
        if not row.strip():
            continue
        cells = row.split("\t", width - 1)
        cells += [""] * (width - len(cells))
        for name, cell in zip(TSV_COLUMNS[:-1], cells[:-1], strict=True):
            columns[name].append(int(float(cell)))
        columns["text"].append(cells[-1])
    return columns


class _ThreadApis:
    """The APIs one thread opened. Held by that thread's `threading.local` (so they go away
    with the thread) and weakly by the engine (so `close` can end them)."""

    __slots__ = ("__weakref__", "apis", "generation")

    def __init__(self, generation: int) -> None:
        self.apis: dict[_Key, Any] = {}
        self.generation = generation


class TesserocrEngine:
    """Tesseract through tesserocr, with the models kept loaded; a per-call timeout in seconds.

    Implements `ocr.seam.OcrEngine`. One instance serves all threads of a process; each
    thread uses only its own APIs. `close` ends them all and is meant for shutdown, when no
    call is running; a later call opens fresh APIs.
    """

    def __init__(
        self,
        languages: Iterable[str] = DEFAULT_LANGUAGES,
        timeout: float = 120.0,
        tessdata: str | None = None,
    ) -> None:
        self._tesserocr = load_tesserocr()
        self._languages = tuple(languages)
        self.timeout = timeout
        self.tessdata = tessdata_dir(tessdata)
        self._check_languages()
        self._local = threading.local()
        self._lock = threading.Lock()
        self._threads: weakref.WeakSet[_ThreadApis] = weakref.WeakSet()
        self._generation = 0

    @property
    def languages(self) -> tuple[str, ...]:
        return self._languages

    def recognize(
        self,
        gray: np.ndarray,
        *,
        languages: tuple[str, ...] | None = None,
        psm: int = 3,
        whitelist: str | None = None,
    ) -> OcrResult:
        """OCR one image with the thread's API for this configuration; OcrTimeout past
        `timeout`, an empty result for an empty page."""
        pixels = _pixels(gray)
        if pixels.size == 0:
            return result_from_tsv(tsv_columns(""))
        api = self._api(("+".join(languages or self._languages), psm, whitelist))
        return self._read(api, pixels)

    def close(self) -> None:
        """End every thread's APIs and free their models; call only while no call runs."""
        with self._lock:
            self._generation += 1
            for thread in list(self._threads):
                for api in thread.apis.values():
                    api.End()
                thread.apis.clear()

    def __enter__(self) -> TesserocrEngine:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"TesserocrEngine(languages={self._languages!r}, timeout={self.timeout!r}, "
            f"tessdata={self.tessdata!r})"
        )

    def _check_languages(self) -> None:
        """Fail at start-up, not on the first page, when the language data is missing."""
        _, available = self._tesserocr.get_languages(self.tessdata)
        missing = [language for language in self._languages if language not in available]
        if missing:
            raise TesserocrUnavailable(
                f"no Tesseract language data for {', '.join(missing)} in {self.tessdata} "
                "(install tesseract-ocr-<lang>, or set TESSDATA_PREFIX)"
            )

    def _api(self, key: _Key) -> Any:
        """This thread's API for `key`, opened on first use."""
        thread: _ThreadApis | None = getattr(self._local, "apis", None)
        if thread is None or thread.generation != self._generation:
            thread = _ThreadApis(self._generation)
            self._local.apis = thread
            with self._lock:
                self._threads.add(thread)
        api = thread.apis.get(key)
        if api is None:
            api = thread.apis[key] = self._open(key)
        return api

    def _open(self, key: _Key) -> Any:
        """A new API for one configuration. Init-only variables (the dictionaries) go in
        here. Openings are serialised: Init may touch Tesseract's process-wide parameters."""
        languages, psm, whitelist = key
        variables = {}
        if whitelist is not None:
            variables = {
                "tessedit_char_whitelist": whitelist,
                "load_system_dawg": "0",
                "load_freq_dawg": "0",
            }
        with self._lock:
            try:
                return self._tesserocr.PyTessBaseAPI(
                    path=self.tessdata, lang=languages, psm=psm, variables=variables
                )
            except RuntimeError as exc:
                raise TesserocrUnavailable(
                    f"Tesseract could not load {languages!r} from {self.tessdata}: {exc}"
                ) from exc

    def _read(self, api: Any, pixels: np.ndarray) -> OcrResult:
        """Recognise under the deadline, then clear the page (and any adaptation to it) so
        the next call starts as fresh as a new process would."""
        height, width = pixels.shape[:2]
        depth = 1 if pixels.ndim == 2 else pixels.shape[2]
        api.SetImageBytes(pixels.tobytes(), width, height, depth, pixels.strides[0])
        started = time.monotonic()
        try:
            if not api.Recognize(timeout=max(1, round(self.timeout * 1000))):
                if time.monotonic() - started >= self.timeout:
                    raise OcrTimeout(f"Tesseract took longer than {self.timeout:g} s")
                raise RuntimeError("Tesseract could not recognise the page")
            return result_from_tsv(tsv_columns(api.GetTSVText(0)))
        finally:
            api.Clear()
            api.ClearAdaptiveClassifier()


def _pixels(gray: np.ndarray) -> np.ndarray:
    """8-bit grey (or RGB, as pytesseract would read it) pixels in C order, as Tesseract
    takes them from memory."""
    colour = gray.ndim == 3 and gray.shape[2] == 3
    if gray.dtype != np.uint8 or not (gray.ndim == 2 or colour):
        raise ValueError(f"expected an 8-bit grey or RGB image, got {gray.dtype} {gray.shape}")
    return np.ascontiguousarray(gray)
