"""Command line: flask jobs send-mail|digest|early-intervention|retention-review|worker,
the work that happens after requests.

``send-mail`` is the sweep cron runs every minute (retries and anything a lost job
would have sent); ``digest`` writes the day's digest emails, run once a morning by cron or
a systemd timer; ``early-intervention`` is the nightly scan for officers crossing an
early-intervention policy; ``retention-review`` lists each force's cases due for retention
review and records the month's review (run monthly); ``worker`` is the RQ worker that runs
queued jobs where Redis is set.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from complaints import jobs

jobs_cli = AppGroup("jobs", help="Work done after requests: sending mail, daily digests.")


@jobs_cli.command("send-mail")
def send_mail() -> None:
    """Send every message in the outbox whose time has come."""
    from complaints.mail.jobs import send_due

    count = send_due()
    click.echo(f"Tried {count} message{'s' if count != 1 else ''} due for sending.")


@jobs_cli.command("digest")
def digest() -> None:
    """Write today's digest email for each person with something due (once a day)."""
    from complaints.common.clock import london_today, utcnow
    from complaints.tray.digest import send_digests
    from complaints.web import SESSION_FACTORY

    with current_app.extensions[SESSION_FACTORY]() as session:
        run = send_digests(session, london_today(), utcnow(), current_app.config["SERVICE_URL"])
        session.commit()
    click.echo(
        f"Digests written: {run.sent}; nothing due: {run.nothing_due}; "
        f"already sent today: {run.already_sent}."
    )


@jobs_cli.command("early-intervention")
@click.option("--force", "codes", default="", help="Force codes, comma-separated (default: all).")
def early_intervention(codes: str) -> None:
    """Scan every force's officers against its early-intervention policies (nightly)."""
    import time

    from sqlalchemy import select

    from complaints.common.actor import Actor
    from complaints.common.clock import utcnow
    from complaints.forces.models import Force
    from complaints.intervention.scan import nightly
    from complaints.web import SESSION_FACTORY

    started = time.perf_counter()
    with current_app.extensions[SESSION_FACTORY]() as session:
        force_ids = None
        if codes:
            wanted = [c.strip().upper() for c in codes.split(",") if c.strip()]
            force_ids = list(session.scalars(select(Force.id).where(Force.code.in_(wanted))))
            if len(force_ids) != len(wanted):
                raise click.ClickException("No force has one of those codes.")
        result = nightly(session, Actor.system("cli"), utcnow(), force_ids)
        session.commit()
    click.echo(
        f"Scanned {result.policies} polic{'ies' if result.policies != 1 else 'y'}: "
        f"{len(result.raised)} alert{'s' if len(result.raised) != 1 else ''} raised, "
        f"{result.added} allegation{'s' if result.added != 1 else ''} added to alerts, "
        f"in {time.perf_counter() - started:.1f} s."
    )


@jobs_cli.command("retention-review")
@click.option("--force", "codes", default="", help="Force codes, comma-separated (default: all).")
def retention_review(codes: str) -> None:
    """List each force's cases due for retention review and record the month's review."""
    from sqlalchemy import select

    from complaints.common.actor import Actor
    from complaints.common.clock import london_today, utcnow
    from complaints.forces.models import Force
    from complaints.retention.schedule import due_for_review
    from complaints.retention.services import record_review
    from complaints.web import SESSION_FACTORY

    today, now = london_today(), utcnow()
    with current_app.extensions[SESSION_FACTORY]() as session:
        query = select(Force).order_by(Force.code)
        if codes:
            wanted = [c.strip().upper() for c in codes.split(",") if c.strip()]
            query = query.where(Force.code.in_(wanted))
        forces = session.scalars(query).all()
        if codes and len(forces) != len(wanted):
            raise click.ClickException("No force has one of those codes.")
        for force in forces:
            due = due_for_review(session, [force.id], today)
            review = record_review(session, Actor.system("cli"), force.id, today, now)
            click.echo(
                f"{force.code}: {review.cases_due} case{'s' if review.cases_due != 1 else ''} "
                f"due for retention review in {today:%B %Y}."
            )
            for item in due:
                click.echo(f"  {item.case.reference}  closed {item.closed_on}  due {item.due_on}")
        session.commit()


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option(
    "--schedule-digest",
    is_flag=True,
    help="Also run the daily digest each working morning at 7:00 (the worker's scheduler).",
)
def worker(burst: bool, schedule_digest: bool) -> None:
    """Run queued jobs (needs REDIS_URL); run as many as the load needs."""
    from rq import SimpleWorker

    if jobs.mode(current_app) != "redis":
        raise click.ClickException("Set REDIS_URL: without Redis, jobs run in the app process.")
    queue = jobs.redis_queue(current_app)
    if schedule_digest:
        from complaints.common.clock import utcnow
        from complaints.tray.jobs import schedule

        click.echo(f"Next daily digest: {schedule(queue, utcnow()):%Y-%m-%d %H:%M} UTC.")
    # SimpleWorker runs each job in this process, inside the app's context; its scheduler
    # moves jobs put on the queue for later (the digest) onto it when their time comes.
    SimpleWorker([queue], connection=queue.connection).work(
        burst=burst, with_scheduler=schedule_digest
    )
