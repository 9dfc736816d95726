"""One job queue, two modes: work that happens after a request, outside it.

With ``REDIS_URL`` set, jobs go to an RQ queue on Redis and a worker process runs them
(``flask jobs worker``; as many as needed, on any machine). Without Redis (the embedded
default, ``make run``) the same job functions run in a background thread of the app
process, so nothing extra has to be started. Job functions take ids, open their own
session and are safe to run twice; what a lost job would have done is picked up by the
sweeps that cron runs (``flask jobs send-mail``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from flask import Flask

QUEUE_NAME = "complaints"
log = logging.getLogger(__name__)
_threads: ThreadPoolExecutor | None = None


def mode(app: Flask) -> str:
    """ "redis", "thread", or "at_once" (tests: the job runs as soon as it is queued)."""
    return app.config.get("JOB_MODE") or ("redis" if app.config.get("REDIS_URL") else "thread")


def redis_queue(app: Flask):
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE_NAME, connection=Redis.from_url(app.config["REDIS_URL"]))


def enqueue(app: Flask, function: Callable[..., Any], *args: Any) -> Future | None:
    """Run ``function(*args)`` later, in the app's context, by whichever mode is set."""
    chosen = mode(app)
    if chosen == "redis":
        redis_queue(app).enqueue(function, *args)
        return None
    if chosen == "at_once":
        _run(app, function, *args)
        return None
    global _threads
    if _threads is None:
        _threads = ThreadPoolExecutor(max_workers=1, thread_name_prefix="complaints-jobs")
    return _threads.submit(_run, app, function, *args)


def _run(app: Flask, function: Callable[..., Any], *args: Any) -> None:
    with app.app_context():
        try:
            function(*args)
        except Exception:  # a failed job must not take the app (or its thread) down
            log.exception("job %s failed", function.__qualname__)
