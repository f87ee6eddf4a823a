"""The Dramatiq broker, built from settings before any actor is declared.

An actor binds to a broker when it is declared, so `workers.actors` declares
its actors against the broker passed in rather than at import time.
"""

from __future__ import annotations

import dramatiq
from dramatiq.brokers.stub import StubBroker

from intake.settings import Settings


def build_broker(settings: Settings) -> dramatiq.Broker:
    """The broker named by INTAKE_BROKER; the in-process one needs no server."""
    broker: dramatiq.Broker = StubBroker()
    broker.emit_after("process_boot")
    dramatiq.set_broker(broker)
    return broker


def start_inprocess_worker(broker: dramatiq.Broker, threads: int) -> dramatiq.Worker:
    """Worker threads inside the calling process (the embedded default)."""
    worker = dramatiq.Worker(broker, worker_threads=threads, worker_timeout=100)
    worker.start()
    return worker
