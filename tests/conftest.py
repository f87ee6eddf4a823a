"""Shared fixtures: generated sample documents with known ground truth."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks import synth
from intake.build import configure_process
from tests.support.canary import LeakWatch, canaries
from tests.support.servers import RABBITMQ, REDIS, require
from tests.support.worker_stack import claimed_redis_db, rabbitmq_vhost

configure_process()

# Every record of the run, at every level of the project's loggers, is watched for the
# sample documents' personal data (tests/support/canary.py); a leak fails the run.
LEAKS = LeakWatch(canaries())
PROJECT_LOGGERS = ("intake", "ocr", "quality", "storage", "workers")


def pytest_configure(config: pytest.Config) -> None:
    logging.getLogger().addHandler(LEAKS)
    logging.getLogger().setLevel(min(logging.getLogger().level or logging.INFO, logging.INFO))
    for name in PROJECT_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if LEAKS.leaks:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("personal data reached the logs:", red=True)
            for leak in LEAKS.leaks[:20]:
                reporter.write_line(f"  {leak}", red=True)


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
