"""Command line: flask jobs send-mail|worker, the work that happens after requests.

``send-mail`` is the sweep cron runs every minute (retries and anything a lost job
would have sent); ``worker`` is the RQ worker that runs queued jobs where Redis is set.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from complaints import jobs

jobs_cli = AppGroup("jobs", help="Work done after requests: sending mail.")


@jobs_cli.command("send-mail")
def send_mail() -> None:
    """Send every message in the outbox whose time has come."""
    from complaints.mail.jobs import send_due

    count = send_due()
    click.echo(f"Tried {count} message{'s' if count != 1 else ''} due for sending.")


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker(burst: bool) -> None:
    """Run queued jobs (needs REDIS_URL); run as many as the load needs."""
    from rq import SimpleWorker

    if jobs.mode(current_app) != "redis":
        raise click.ClickException("Set REDIS_URL: without Redis, jobs run in the app process.")
    queue = jobs.redis_queue(current_app)
    # SimpleWorker runs each job in this process, inside the app's context.
    SimpleWorker([queue], connection=queue.connection).work(burst=burst)
