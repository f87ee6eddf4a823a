"""One worker process of `intake worker`: a Dramatiq worker until told to stop.

Started by `workers.supervisor` with the supervisor's environment (settings
and the metrics directory). SIGTERM or SIGINT stop it cleanly: running
messages finish, prefetched ones go back to the broker. It also stops when its
supervisor is gone, so a killed supervisor leaves no orphan consuming
messages that nothing would restart.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading

from intake import metrics
from intake.build import configure_process
from intake.errors import ConfigError
from intake.logs import shorten_ids_everywhere
from intake.policy_source import reload_on_sighup
from intake.settings import get_settings
from workers.bootstrap import build_worker_runtime

log = logging.getLogger("workers.child")  # not "__main__" under python -m
LOG_FORMAT = "%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s"
PARENT_CHECK_SECONDS = 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workers.child", description=__doc__)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--stop-seconds", type=float, required=True)
    args = parser.parse_args(argv)
    supervisor = os.getppid()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda _signum, _frame: stop.set())
    signal.signal(signal.SIGINT, lambda _signum, _frame: stop.set())
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # until the thresholds can be reloaded
    configure_process()
    try:
        settings = get_settings()
        logging.basicConfig(level=settings.log_level, stream=sys.stderr, format=LOG_FORMAT)
        shorten_ids_everywhere()
        runtime = build_worker_runtime(settings, args.threads)
    except ConfigError as exc:
        print(f"intake worker: {exc.message}", file=sys.stderr)
        return 2
    reload_on_sighup(runtime.context.pipeline.policies)
    metrics.worker_booted()
    log.info("worker process consuming with %d thread(s)", args.threads)
    while not stop.wait(PARENT_CHECK_SECONDS):
        if os.getppid() != supervisor:
            log.error("the supervisor (pid %d) is gone; stopping", supervisor)
            break
    runtime.stop(worker_timeout_ms=int(args.stop_seconds * 1000))
    log.info("worker process stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
