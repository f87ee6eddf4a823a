"""Log lines name submissions, uploads and pages by a prefix of their id, never the whole id.

Together with a tenant's name a full submission id is what the API asks for, and
logs travel further than the database (to collectors, tickets, screenshots). The
first 8 characters are enough to find a record from a log line and too few to
fetch it.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

ID_PATTERN = re.compile(r"\b([0-9a-f]{8})[0-9a-f]{24}\b")


def shorten_ids(text: str) -> str:
    return ID_PATTERN.sub(r"\1…", text)


class ShortIds(logging.Filter):
    """Rewrites the message and its arguments (uvicorn's access lines carry the path there)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = shorten_ids(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(shorten_ids(a) if isinstance(a, str) else a for a in record.args)
        return True


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's own logging configuration, with every handler shortening ids."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["short_ids"] = {"()": "intake.logs.ShortIds"}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("short_ids")
    return config


def shorten_ids_everywhere() -> None:
    """Add the filter to every handler of the root logger (set up by `intake`'s entry)."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(ShortIds())
