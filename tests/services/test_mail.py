"""Mail goes through the outbox: written with the change that caused it, sent by a job
to a real SMTP server after the commit, retried with back-off, never sent twice, and
never sent for a change that rolled back."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from complaints import jobs
from complaints.auth import two_factor
from complaints.auth.roles import Role
from complaints.common.clock import utcnow
from complaints.mail import outbox, sending
from complaints.mail.jobs import send_due, send_mail
from complaints.mail.models import MailStatus, OutboxMessage
from tests import factories
from tests.signing import sign_in
from tests.views.test_throttling import _redis_or_skip


def _message(db) -> OutboxMessage:
    return db.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()


def test_a_reset_second_factor_is_told_to_its_owner_by_email(client, make_user, db, smtp_server):
    person = make_user(Role.HANDLER, name="Priya Handler")
    admin = make_user(Role.ADMIN, name="Ada Admin")
    sign_in(client, admin.email)
    client.post(f"/admin/users/{person.id}/reset-two-factor")
    (received,) = smtp_server.received
    assert received.recipients == [person.email]
    assert received.message["Subject"] == "Your two-factor sign-in was reset"
    body = received.message.get_content()
    assert "Dear Priya Handler" in body and "Ada Admin, an administrator" in body
    db.expire_all()
    sent = _message(db)
    assert (sent.status, sent.attempts, sent.kind) == (MailStatus.SENT, 1, "two_factor_reset")


def test_a_changed_password_is_told_to_its_owner(client, make_user, smtp_server):
    person = make_user(Role.INVESTIGATOR)
    sign_in(client, person.email)
    client.post(
        "/account/password",
        data={
            "current": factories.PASSWORD,
            "password": "lantern orchard velvet",
            "confirm": "lantern orchard velvet",
        },
    )
    assert [r.message["Subject"] for r in smtp_server.received] == ["Your password was changed"]
    assert "lantern" not in smtp_server.received[0].message.get_content()


def test_a_change_that_rolls_back_sends_nothing(app, db, smtp_server):
    with app.app_context():
        outbox.queue(
            db, outbox.Email(to="a@test.example", subject="S", body="B", kind="test"), utcnow()
        )
        db.rollback()
        db.commit()
    assert smtp_server.received == []
    assert _message(db) is None


def test_a_failing_server_is_retried_with_back_off_then_the_message_fails(app, db, smtp_server):
    smtp_server.refuse = True
    app.config["MAIL_MAX_ATTEMPTS"] = 3
    with app.app_context():
        outbox.queue(
            db, outbox.Email(to="a@test.example", subject="S", body="B", kind="test"), utcnow()
        )
        db.commit()  # the job runs now, and the server refuses
    message = _message(db)
    db.refresh(message)
    assert (message.status, message.attempts) == (MailStatus.QUEUED, 1)
    assert message.last_error == "SMTPDataError 451"  # the code, never the server's words
    waited = message.next_attempt_at - message.created_at
    assert dt.timedelta(seconds=59) <= waited <= dt.timedelta(seconds=61)

    settings = sending.MailSettings.from_config(app.config)
    later = message.next_attempt_at
    assert sending.deliver(db, message.id, settings, later - dt.timedelta(seconds=1)) is None
    assert sending.deliver(db, message.id, settings, later) == MailStatus.QUEUED
    assert message.next_attempt_at - later == dt.timedelta(minutes=2)  # doubled
    assert sending.deliver(db, message.id, settings, message.next_attempt_at) == MailStatus.FAILED
    assert message.attempts == 3 and smtp_server.received == []


def test_a_message_is_sent_once_however_often_its_job_runs(app, db, smtp_server):
    app.config["JOB_MODE"] = "thread"  # queued, not yet run
    with app.app_context():
        message = outbox.queue(
            db, outbox.Email(to="a@test.example", subject="S", body="B", kind="test"), utcnow()
        )
        app.config["JOB_MODE"] = "at_once"
        db.commit()  # the job runs once here
        send_mail(message.id)
        send_mail(message.id)
        assert send_due() == 0
    assert len(smtp_server.received) == 1


def test_without_a_mail_server_messages_are_kept_for_administrators(client, app, make_user, db):
    person = make_user(Role.HANDLER)
    with app.app_context():
        two_factor.reset(db, factories.actor_for(person), person, utcnow())
        db.commit()
    db.expire_all()
    assert _message(db).status == MailStatus.KEPT
    sign_in(client, make_user(Role.ADMIN).email)
    page = client.get("/admin/mail").get_data(as_text=True)
    assert "Your two-factor sign-in was reset" in page and "Kept (not sent" in page
    detail = client.get(f"/admin/mail/{_message(db).id}").get_data(as_text=True)
    assert "When you next sign in you will set up your authenticator app again" in detail


def test_the_sweep_sends_what_is_due(app, db, smtp_server):
    app.config["JOB_MODE"] = "thread"
    app.config["MAIL_SERVER"] = None  # the job that would have sent it was lost
    with app.app_context():
        outbox.queue(
            db, outbox.Email(to="a@test.example", subject="S", body="B", kind="test"), utcnow()
        )
        db.flush()
        db.info.pop(outbox.QUEUED_HERE)
        db.commit()
    app.config["MAIL_SERVER"] = smtp_server.host
    result = app.test_cli_runner().invoke(args=["jobs", "send-mail"])
    assert result.exit_code == 0, result.output
    assert "Tried 1 message due for sending" in result.output
    assert len(smtp_server.received) == 1


@pytest.mark.usefixtures("smtp_server")
def test_with_redis_the_job_waits_for_a_worker(app, db, smtp_server):
    """In production a commit puts the job on Redis; a worker process runs it."""
    app.config.update(REDIS_URL=_redis_or_skip(), JOB_MODE="redis")
    queue = jobs.redis_queue(app)
    queue.empty()
    with app.app_context():
        outbox.queue(
            db, outbox.Email(to="a@test.example", subject="S", body="B", kind="test"), utcnow()
        )
        db.commit()
        assert smtp_server.received == [] and queue.count == 1
        from rq import SimpleWorker

        SimpleWorker([queue], connection=queue.connection).work(burst=True)
    assert len(smtp_server.received) == 1


def test_administrators_see_that_a_case_was_written_to_but_not_to_whom(client, app, make_user, db):
    """Administrators see no case content (domain.md A8), their sent-mail page included."""
    case = factories.complaint(db)
    with app.app_context():
        outbox.queue(
            db,
            outbox.Email(
                to="zoe.complainant@test.example",
                subject=f"Your complaint {case.reference}",
                body="Dear Zoë, we have recorded your complaint.",
                kind="letter_acknowledgement",
                case_id=case.id,
                force_id=case.force_id,
            ),
            utcnow(),
        )
        db.commit()
    sign_in(client, make_user(Role.ADMIN).email)
    listing = client.get("/admin/mail").get_data(as_text=True)
    detail = client.get(f"/admin/mail/{_message(db).id}").get_data(as_text=True)
    for page in (listing, detail):
        assert "A letter about a case" in page
        assert "zoe.complainant" not in page and case.reference not in page
        assert "Dear Zoë" not in page


def test_an_attachment_is_sent_as_the_kind_of_file_its_name_says(app, db, smtp_server):
    """A letter goes as a PDF; its accessible version as an HTML file."""
    with app.app_context():
        for name, data in (("letter.pdf", b"%PDF-1.4"), ("letter.html", b"<!DOCTYPE html>")):
            outbox.queue(
                db,
                outbox.Email(
                    to="a@test.example",
                    subject="S",
                    body="B",
                    kind="test",
                    attachment_name=name,
                    attachment=data,
                ),
                utcnow(),
            )
        db.commit()
    kinds = {
        part.get_filename(): part.get_content_type()
        for received in smtp_server.received
        for part in received.message.iter_attachments()
    }
    assert kinds == {"letter.pdf": "application/pdf", "letter.html": "text/html"}
