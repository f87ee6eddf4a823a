"""The Dramatiq broker, built from settings before any actor is declared.

An actor binds to a broker when it is declared, so `workers.actors` declares
its actors against the broker passed in rather than at import time.

Redis gives a killed worker's messages back only when some client runs a
"maintenance pass" after that worker's heartbeat timed out, and Dramatiq runs
one on a random 1 in 1000 commands: minutes on a quiet queue. Workers here run
one on 1 % of their commands (a pass without dead workers costs two sorted-set
lookups), and `RedisReclaimer` runs one on a clock, so that a killed worker's
messages return within the heartbeat timeout plus the reclaim interval.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

import dramatiq
import pika
import redis
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.brokers.redis import MAINTENANCE_SCALE, RedisBroker
from dramatiq.brokers.stub import StubBroker
from dramatiq.common import dq_name

from intake.settings import Settings
from workers.middleware import LowPriority, QueueMetrics

#: Commands out of a million that also run the maintenance pass (Dramatiq's default: 1000).
REDIS_MAINTENANCE_CHANCE = 10_000
REDIS_CONNECT_TIMEOUT_SECONDS = 5.0
# Dramatiq's Redis commands are short Lua scripts, never blocking reads.
REDIS_COMMAND_TIMEOUT_SECONDS = 15.0
PING_TIMEOUT_SECONDS = 3.0


def build_broker(settings: Settings) -> dramatiq.Broker:
    """The broker named by INTAKE_BROKER, made the global one; the in-process one needs no
    server."""
    broker: dramatiq.Broker
    if settings.broker == "redis":
        client = redis.Redis.from_url(
            settings.resolved_broker_url,
            socket_connect_timeout=REDIS_CONNECT_TIMEOUT_SECONDS,
            socket_timeout=REDIS_COMMAND_TIMEOUT_SECONDS,
            health_check_interval=30,
        )
        broker = RedisBroker(
            client=client,
            heartbeat_timeout=settings.broker_heartbeat_seconds * 1000,
            maintenance_chance=REDIS_MAINTENANCE_CHANCE,
        )
    elif settings.broker == "rabbitmq":
        broker = RabbitmqBroker(url=settings.resolved_broker_url, confirm_delivery=True)
    else:
        broker = StubBroker()
    broker.add_middleware(QueueMetrics())
    broker.emit_after("process_boot")
    dramatiq.set_broker(broker)
    return broker


def ping_broker(broker: dramatiq.Broker) -> None:
    """Raise unless the broker's server answers now; the in-process broker always does."""
    if isinstance(broker, RedisBroker):
        broker.client.ping()
    elif isinstance(broker, RabbitmqBroker):
        parameters = broker.parameters
        first = parameters[0] if isinstance(parameters, list) else parameters
        probe = copy.copy(first)
        probe.connection_attempts = 1
        probe.socket_timeout = PING_TIMEOUT_SECONDS
        probe.stack_timeout = PING_TIMEOUT_SECONDS
        pika.BlockingConnection(probe).close()


def start_inprocess_worker(broker: dramatiq.Broker, threads: int) -> dramatiq.Worker:
    """Worker threads inside the calling process (the embedded default), at low priority:
    the API in the same process answers uploads first (`LowPriority`)."""
    broker.add_middleware(LowPriority())
    worker = dramatiq.Worker(broker, worker_threads=threads, worker_timeout=100)
    worker.start()
    return worker


class RedisReclaimer:
    """Runs Redis' maintenance pass on demand: messages fetched by workers whose heartbeat
    is older than the timeout go back to their queues (delay queues included)."""

    def __init__(self, broker: RedisBroker, queues: Iterable[str]) -> None:
        self.queues = [name for queue in queues for name in (queue, dq_name(queue))]
        self._every_command = RedisBroker(
            client=broker.client,
            namespace=broker.namespace,
            middleware=[],
            heartbeat_timeout=broker.heartbeat_timeout,
            maintenance_chance=MAINTENANCE_SCALE,
        )

    def reclaim(self) -> None:
        for queue in self.queues:
            # Any command runs the pass at this chance; counting the queue changes nothing.
            self._every_command.do_qsize(queue)
