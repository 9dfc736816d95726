"""The daily digest: each person's due and overdue deadlines and bring-forward dates,
by email through the outbox, once a day, never with a complainant's details."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from complaints.auth.roles import Role
from complaints.cases import services as cases
from complaints.cases.choices import CaseState
from complaints.mail.models import OutboxMessage
from complaints.tray import digest, services
from tests import factories

NOW = factories.NOW  # Friday 20 November 2026
TODAY = NOW.date()
REFERENCE = re.compile(r"^- ([A-Z]+/\d{4}/\d{5}): (.+), (\d{1,2} \w+ \d{4}) \((.+)\)$")


@pytest.fixture()
def office(db, make_user):
    hana = make_user(Role.HANDLER, name="Hana Handler")
    otto = make_user(Role.HANDLER, name="Otto Other")
    alma = make_user(Role.APPROPRIATE_AUTHORITY, name="Alma Authority")
    early = dt.date(2026, 11, 2)
    contacted = factories.complaint(db, handler=hana)
    factories.contact(db, contacted, hana)
    found = {
        # Received Tuesday 17 November: first contact due Tuesday 24th (due soon).
        "due_soon": factories.complaint(db, handler=hana),
        # Received 2 November: first contact was due on the 9th (overdue).
        "overdue": factories.complaint(db, handler=hana, received_on=early),
        # Recorded today: the first update is due on 18 December (not yet due soon).
        "later": factories.complaint_in_state(db, CaseState.RECORDED, handler=hana, aa=alma),
        "contacted": contacted,  # no deadline running
        "others": factories.complaint(db, handler=otto, received_on=early),
        "restricted": factories.complaint(db, handler=otto, received_on=early),
    }
    cases.restrict(db, factories.actor_for(alma), found["restricted"], "Counter-corruption", NOW)
    reminder = services.add_bring_forward(
        db,
        factories.actor_for(hana),
        found["later"],
        services.BringForwardData(due_on=TODAY, note="Chase CCTV from Jo Public"),
        NOW,
    )
    db.commit()
    return {"hana": hana, "otto": otto, "alma": alma, "reminder": reminder} | found


def _send(app, db, when: dt.datetime = NOW) -> digest.DigestRun:
    with app.app_context():
        run = digest.send_digests(db, when.date(), when, "https://complaints.test")
        db.commit()  # the mail jobs run now (JOB_MODE at_once) and reach the SMTP server
    return run


def _lines(message) -> dict[str, list[tuple[str, str]]]:
    """The digest's sections: heading -> (reference, what is due) in the order shown."""
    sections: dict[str, list[tuple[str, str]]] = {}
    heading = None
    for line in message.get_content().splitlines():
        if line in ("Overdue", "Due soon", "Bring-forward dates"):
            heading = line
            sections[heading] = []
        elif (match := REFERENCE.match(line)) and heading:
            sections[heading].append((match[1], match[2]))
    return sections


def _to(smtp_server, user):
    (message,) = [r.message for r in smtp_server.received if r.recipients == [user.email]]
    return message


def test_a_handlers_digest_lists_exactly_the_deadlines_of_the_cases_assigned_to_them(
    app, db, office, smtp_server
):
    _send(app, db)
    message = _to(smtp_server, office["hana"])
    first_contact = "First contact due"
    assert _lines(message) == {
        "Overdue": [(office["overdue"].reference, first_contact)],
        "Due soon": [(office["due_soon"].reference, first_contact)],
        "Bring-forward dates": [(office["later"].reference, "Bring-forward date you set")],
    }
    # Every case of hers with a deadline due, and nothing else of anyone's.
    mine_due = {
        c.reference
        for c in (office[n] for n in ("due_soon", "overdue", "later", "contacted"))
        if c.next_deadline_on is not None and c.next_deadline_on <= dt.date(2026, 11, 27)
    }
    assert mine_due == {office["overdue"].reference, office["due_soon"].reference}
    body = message.get_content()
    assert "24 November 2026 (in 2 working days)" in body
    assert "9 November 2026 (9 working days overdue)" in body
    assert f"https://complaints.test/cases/{office['overdue'].id}" in body
    assert message["Subject"] == "Your work tray: 1 overdue, 1 due soon, 1 bring-forward"


def test_the_digest_carries_no_complainants_details_nor_the_notes(app, db, office, smtp_server):
    _send(app, db)
    assert len(smtp_server.received) == 2  # Hana's and Otto's; Alma has nothing due
    for received in smtp_server.received:
        body = received.message.get_content()
        assert "Jo" not in body and "Public" not in body and "jo.public" not in body
        assert "rude" not in body.lower() and "CCTV" not in body


def test_another_handlers_digest_has_their_cases_and_not_hers(app, db, office, smtp_server):
    _send(app, db)
    shown = {ref for lines in _lines(_to(smtp_server, office["otto"])).values() for ref, _ in lines}
    assert shown == {office["others"].reference, office["restricted"].reference}


def test_a_person_who_turned_the_digest_off_gets_none(app, db, office, smtp_server):
    hana = office["hana"]
    services.set_digest(db, factories.actor_for(hana), hana, False, NOW)
    db.commit()
    run = _send(app, db)
    assert [r.recipients for r in smtp_server.received] == [[office["otto"].email]]
    assert run.sent == 1


def test_running_twice_the_same_day_sends_nothing_twice(app, db, office, smtp_server):
    first = _send(app, db)
    second = _send(app, db, NOW + dt.timedelta(hours=3))
    assert (first.sent, second.sent, second.already_sent) == (2, 0, 2)
    assert len(smtp_server.received) == 2
    count = db.scalar(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.kind == "digest")
    )
    assert count == 2
    # The next day is another day.
    assert _send(app, db, NOW + dt.timedelta(days=1)).sent == 2


def test_a_bring_forward_done_leaves_the_digest(app, db, office, smtp_server):
    services.mark_done(db, factories.actor_for(office["hana"]), office["reminder"], NOW)
    db.commit()
    _send(app, db)
    assert "Bring-forward dates" not in _lines(_to(smtp_server, office["hana"]))


def test_flask_jobs_digest_writes_the_days_digests(app, db, make_user):
    hana = make_user(Role.HANDLER)
    factories.complaint(db, handler=hana, received_on=dt.date(2026, 11, 2))
    db.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["jobs", "digest"])
    assert result.exit_code == 0, result.output
    assert "Digests written: 1;" in result.output
    again = runner.invoke(args=["jobs", "digest"])
    assert "Digests written: 0;" in again.output and "already sent today: 1" in again.output


# The worker's scheduler (Redis). -----------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "runs"),
    [
        # Thursday before 7:00 in London: this morning.
        (dt.datetime(2026, 11, 19, 6, 0, tzinfo=dt.UTC), dt.datetime(2026, 11, 19, 7, 0)),
        # Friday after 7:00: Monday.
        (dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC), dt.datetime(2026, 11, 23, 7, 0)),
        # Christmas Eve: past Christmas Day and Boxing Day's substitute, to 29 December.
        (dt.datetime(2026, 12, 24, 8, 0, tzinfo=dt.UTC), dt.datetime(2026, 12, 29, 7, 0)),
        # Summer time: 7:00 in London is 6:00 UTC.
        (dt.datetime(2026, 6, 1, 5, 0, tzinfo=dt.UTC), dt.datetime(2026, 6, 1, 6, 0)),
    ],
)
def test_the_worker_runs_the_digest_at_seven_each_working_morning(now, runs):
    from complaints.tray.jobs import next_run

    assert next_run(now) == runs.replace(tzinfo=dt.UTC)


@pytest.fixture()
def scratch_queue():
    """A queue of its own on the test Redis, removed afterwards."""
    import uuid

    from redis import Redis
    from rq import Queue

    from tests.views.test_throttling import _redis_or_skip

    queue = Queue(f"test-digest-{uuid.uuid4().hex}", connection=Redis.from_url(_redis_or_skip()))
    yield queue
    for job_id in queue.scheduled_job_registry.get_job_ids():
        queue.scheduled_job_registry.remove(job_id, delete_job=True)
    queue.delete(delete_jobs=True)


def test_the_scheduled_digest_job_writes_the_days_digests_and_comes_back_once(
    app, db, office, scratch_queue, monkeypatch
):
    from complaints.tray import jobs as digest_jobs

    first = digest_jobs.schedule(scratch_queue, NOW)
    digest_jobs.schedule(scratch_queue, NOW)  # a second worker started with the flag
    registry = scratch_queue.scheduled_job_registry
    assert registry.get_job_ids() == [digest_jobs.JOB_ID]
    assert first == dt.datetime(2026, 11, 23, 7, 0, tzinfo=dt.UTC)

    monkeypatch.setattr(digest_jobs.jobs, "redis_queue", lambda _app: scratch_queue)
    with app.app_context():
        digest_jobs.daily_digest()
    sent = db.scalar(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.kind == "digest")
    )
    assert sent == 2  # Hana's and Otto's
    assert registry.get_job_ids() == [digest_jobs.JOB_ID]
    assert registry.get_scheduled_time(digest_jobs.JOB_ID) > dt.datetime.now(dt.UTC)
