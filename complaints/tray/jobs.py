"""The daily digest on the RQ worker's scheduler, for installations that run workers.

``flask jobs worker --schedule-digest`` puts one digest job on Redis for the next working
morning; the job writes the day's digests (``digest.send_digests``) and puts itself back
for the morning after. The job has a fixed id, so however many workers are started with
the flag there is one job waiting, and a digest already sent that day is never sent again
(the digest's own once-a-day record), so cron or a systemd timer may run
``flask jobs digest`` as well without anyone getting two.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app

from complaints import jobs
from complaints.common import workdays
from complaints.common.clock import LONDON, london_today, utcnow

JOB_ID = "complaints-daily-digest"
DIGEST_AT = dt.time(7, 0)  # Europe/London, before the working day starts


def next_run(now: dt.datetime) -> dt.datetime:
    """The next 7:00 in London on a working day, after ``now`` (in UTC)."""
    local = now.astimezone(LONDON)
    day = local.date()
    if local.time() >= DIGEST_AT or not workdays.is_working_day(day):
        day = workdays.add(day, 1)
    return dt.datetime.combine(day, DIGEST_AT, tzinfo=LONDON).astimezone(dt.UTC)


def schedule(queue, now: dt.datetime) -> dt.datetime:
    """Put the digest job on the queue for the next working morning (replacing any)."""
    when = next_run(now)
    queue.enqueue_at(when, daily_digest, job_id=JOB_ID)
    return when


def daily_digest() -> None:
    """The job: today's digests, then the job again for the next working morning."""
    from complaints.tray.digest import send_digests
    from complaints.web import SESSION_FACTORY

    now = utcnow()
    with current_app.extensions[SESSION_FACTORY]() as session:
        send_digests(session, london_today(now), now, current_app.config["SERVICE_URL"])
        session.commit()
    schedule(jobs.redis_queue(current_app), now)
