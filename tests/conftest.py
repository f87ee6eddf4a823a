"""Shared fixtures: generated sample documents with known ground truth."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks import synth
from intake.build import configure_process
from tests.support.servers import RABBITMQ, REDIS, require
from tests.support.worker_stack import claimed_redis_db, rabbitmq_vhost

configure_process()


@pytest.fixture(scope="session")
def passport_sample() -> synth.Sample:
    return synth.passport(seed=11)


@pytest.fixture(scope="session")
def passport_png(passport_sample: synth.Sample) -> bytes:
    return synth.to_png(passport_sample.pages[0], passport_sample.dpi)


@pytest.fixture(scope="session")
def blurred_passport_png(passport_sample: synth.Sample) -> bytes:
    blurred = synth.gaussian_blur(passport_sample.pages[0], sigma=4.0)
    return synth.to_png(blurred, passport_sample.dpi)


@pytest.fixture(scope="session")
def contract_sample() -> synth.Sample:
    return synth.contract(seed=5, language="nl", pages=2)


@pytest.fixture(scope="session")
def two_page_pdf(contract_sample: synth.Sample) -> bytes:
    return synth.scanned_pdf(contract_sample.pages, contract_sample.dpi)


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "data"
    path.mkdir()
    yield path


@pytest.fixture(params=["redis", "rabbitmq"])
def broker(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """(INTAKE_BROKER, a broker URL of this test's own: a claimed Redis database or a
    RabbitMQ virtual host), for each networked broker in turn."""
    if request.param == "redis":
        require("Redis", REDIS)
        with claimed_redis_db() as url:
            yield "redis", url
    else:
        require("RabbitMQ", RABBITMQ)
        with rabbitmq_vhost() as url:
            yield "rabbitmq", url
