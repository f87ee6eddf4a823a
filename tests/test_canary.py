"""The leak watch of the whole run (tests/conftest.py) sees what it is meant to see."""

from __future__ import annotations

import logging

from tests.support.canary import LeakWatch, canaries


def test_the_watch_catches_a_value_at_any_level_and_in_tracebacks() -> None:
    values = canaries()
    assert "MELNYK" in values and "IH351528" in values
    watch = LeakWatch(values)
    logger = logging.getLogger("canary.probe")
    logger.addHandler(watch)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        logger.debug("page %s read", "3f6c")
        logger.debug("holder %s", "MELNYK")
        try:
            raise ValueError("IH351528 does not parse")
        except ValueError:
            logger.exception("parse failed")
    finally:
        logger.removeHandler(watch)
    assert len(watch.leaks) == 2
    assert watch.leaks[0] == "canary.probe DEBUG: holder MELNYK"
