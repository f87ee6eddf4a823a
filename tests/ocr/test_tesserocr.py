"""The in-process tesserocr engine on generated documents: same fields as the subprocess engine,
safe under worker threads, empty pages empty, and its time limit enforced."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from benchmarks.synth import contract, passport
from intake.settings import Settings
from ocr.engines.tesseract import TesseractEngine
from ocr.engines.tesserocr import TesserocrEngine, TesserocrUnavailable, tesserocr_version
from ocr.fields import extract
from ocr.fields.passport import REQUIRED
from ocr.language import read_in_language
from ocr.model import OcrResult
from ocr.mrz.locate import MRZ_WHITELIST, read_mrz
from ocr.seam import OcrTimeout
from tests.support import keys
from tests.support.harness import wait_until_final
from workers.bootstrap import make_app

pytestmark = pytest.mark.tesseract

TODAY = date(2026, 1, 1)


@pytest.fixture(scope="module")
def engine() -> Iterator[TesserocrEngine]:
    with TesserocrEngine() as shared:
        yield shared


def contract_fields(text: OcrResult) -> dict[str, str]:
    result = extract("contract", [(0, text)])
    assert all(check.ok for check in result.checks)
    return {name: field.value for name, field in result.fields.items()}


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_contract_page_gives_the_true_fields_like_the_subprocess_engine(
    engine: TesserocrEngine, language: str
) -> None:
    sample = contract(0, language=language)
    text = read_in_language(sample.pages[0], engine)
    assert contract_fields(text) == sample.truth
    assert contract_fields(read_in_language(sample.pages[0], TesseractEngine())) == sample.truth
    assert all(0.0 <= w.confidence <= 1.0 for w in text.words)
    first_line = [w.text for w in text.words if w.line == text.words[0].line]
    assert text.text.splitlines()[0] == " ".join(first_line)


@pytest.mark.parametrize("seed", [4, 11])
def test_mrz_is_read_with_the_whitelist_configuration(engine: TesserocrEngine, seed: int) -> None:
    sample = passport(seed, today=TODAY)
    mrz = read_mrz(sample.pages[0], engine, TODAY)
    assert mrz is not None and mrz.check_digits_ok
    assert {name: mrz.fields[name].value for name in REQUIRED} == {
        name: sample.truth[name] for name in REQUIRED
    }


def test_two_threads_reading_at_once_each_get_their_own_page(engine: TesserocrEngine) -> None:
    samples = [contract(seed, language="nl") for seed in (0, 1)]
    start = threading.Barrier(len(samples))
    fields: dict[int, list[dict[str, str]]] = {k: [] for k in range(len(samples))}
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            for _ in range(2):
                start.wait(timeout=60)  # both threads enter Tesseract together, twice
                fields[k].append(contract_fields(read_in_language(samples[k].pages[0], engine)))
        except BaseException as exc:
            errors.append(exc)
            start.abort()

    threads = [threading.Thread(target=work, args=(k,)) for k in range(len(samples))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors
    assert fields == {k: [sample.truth, sample.truth] for k, sample in enumerate(samples)}


def test_a_blank_page_is_an_empty_result(engine: TesserocrEngine) -> None:
    blank = np.full((3508, 2480), 255, np.uint8)
    for result in (
        engine.recognize(blank),
        engine.recognize(blank[:200], languages=("eng",), psm=6, whitelist=MRZ_WHITELIST),
        engine.recognize(np.zeros((0, 0), np.uint8)),
    ):
        assert result == OcrResult(text="", words=(), source="ocr", mean_confidence=0.0)


def test_a_page_over_the_time_limit_raises_ocr_timeout() -> None:
    page = contract(2, language="de").pages[0]
    with TesserocrEngine(timeout=0.001) as hurried:
        with pytest.raises(OcrTimeout):
            hurried.recognize(page, languages=("deu",))
        hurried.timeout = 120.0  # the same API reads the next page normally
        assert "ARBEITSVERTRAG" in hurried.recognize(page, languages=("deu",)).text


def test_a_closed_engine_opens_fresh_apis_on_the_next_call(engine: TesserocrEngine) -> None:
    engine.close()
    assert engine.recognize(np.full((100, 100), 255, np.uint8)).words == ()


def test_missing_language_data_fails_at_construction_naming_the_language() -> None:
    with pytest.raises(TesserocrUnavailable, match="xxx"):
        TesserocrEngine(languages=("nld", "xxx"))


def test_service_runs_on_tesserocr_when_configured(data_dir: Path, passport_png: bytes) -> None:
    settings = Settings(data_dir=data_dir, ocr_engine="tesserocr")
    with TestClient(make_app(settings), headers=keys.portal(settings)) as client:
        ready = client.get("/readyz").json()
        assert ready["tesseract_version"] == tesserocr_version()
        posted = client.post(
            "/v1/submissions", files=[("files", ("p.png", passport_png, "image/png"))]
        ).json()
        body = wait_until_final(client, posted["status_url"])
    assert body["status"] == "accepted", body
    assert body["documents"][0]["type"] == "passport"
