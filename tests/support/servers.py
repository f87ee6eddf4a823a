"""The servers the suite talks to on loopback, and what to do when one is absent.

On a laptop without PostgreSQL, Redis or RabbitMQ the tests that need one are
skipped; under CI (`CI` set) they fail instead, because a CI machine that lacks
a server is a broken CI machine, not a reason to pass.
"""

from __future__ import annotations

import os
import socket

import pytest

POSTGRES = ("127.0.0.1", 5432)
REDIS = ("127.0.0.1", 6379)
RABBITMQ = ("127.0.0.1", 5672)

POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/{db}"
RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/"


def reachable(address: tuple[str, int], timeout: float = 2.0) -> bool:
    try:
        with socket.create_connection(address, timeout=timeout):
            return True
    except OSError:
        return False


def require(name: str, address: tuple[str, int]) -> None:
    """Skip (locally) or fail (under CI) when the server at `address` does not answer."""
    if reachable(address):
        return
    message = f"{name} is not reachable on {address[0]}:{address[1]} (`make services` starts it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
