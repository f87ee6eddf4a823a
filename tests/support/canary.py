"""Personal data the suite's documents carry, watched for in every log record of the run.

The suite files the same generated passport and contract again and again
(`tests/conftest.py`); if any log line, at any level, ever carried the
holder's name, number or birth date or the employee's name, this watch
catches it, whichever test caused it.
"""

from __future__ import annotations

import logging

from benchmarks import synth


def canaries() -> tuple[str, ...]:
    """The personal values of the session's sample passport and contract."""
    passport = synth.passport(seed=11).truth
    contract = synth.contract(seed=5, language="nl", pages=2).truth
    return (
        passport["document_number"],
        passport["surname"],
        passport["given_names"],
        passport["date_of_birth"],
        passport["mrz_line2"][:20],
        contract["employee_name"],
        "CANARY-",  # names the tests declare on purpose
    )


class LeakWatch(logging.Handler):
    """Keeps every record whose message holds one of `values`."""

    def __init__(self, values: tuple[str, ...]) -> None:
        super().__init__(logging.DEBUG)
        self.values = values
        self.leaks: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the logging call's bug, not a leak
            return
        if record.exc_info:
            message += logging.Formatter().formatException(record.exc_info)
        if any(value in message for value in self.values):
            self.leaks.append(f"{record.name} {record.levelname}: {message[:300]}")
