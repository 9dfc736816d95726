"""The daily digest: one email a day to each person with anything due or overdue.

It lists the deadlines of the cases assigned to them that are overdue or due soon (what
their tray shows) and their own bring-forward dates falling due, each as the case's
reference, what is due, the date and a link: never a complainant's name, a summary or a
bring-forward's note, since an email leaves the service's safekeeping.

``send_digests`` is what ``flask jobs digest`` runs, from cron or a systemd timer. A
person's digest of a day is written to the outbox together with its ``DigestSent`` row,
so a second run that day (or one overlapping it) sends nothing twice. People who turned
the digest off on their account page, and accounts no longer active, get none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from complaints.auth.models import User
from complaints.auth.permissions import Permission, role_can
from complaints.cases import deadlines, queues
from complaints.common import audit, workdays
from complaints.common.actor import Actor
from complaints.mail import outbox
from complaints.tray.models import DigestSent
from complaints.tray.reminders import bring_forwards_due

KIND = "digest"
BRING_FORWARD = "Bring-forward date you set"


@dataclass(frozen=True)
class DigestLine:
    reference: str
    what: str
    due_on: dt.date
    path: str  # the case page, appended to the service's address


@dataclass(frozen=True)
class Digest:
    overdue: list[DigestLine]
    due_soon: list[DigestLine]
    bring_forwards: list[DigestLine]

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.bring_forwards)


def digest_for(session: Session, actor: Actor, today: dt.date) -> Digest:
    """What is due and overdue for this person today."""
    overdue, due_soon = [], []
    for case in session.scalars(queues.due(actor, today, only_mine=True)):
        line = DigestLine(
            case.reference,
            case.next_deadline_kind.label,
            case.next_deadline_on,
            f"/cases/{case.id}",
        )
        urgent = deadlines.urgency(case.next_deadline_on, today) == "overdue"
        (overdue if urgent else due_soon).append(line)
    reminders = [
        DigestLine(b.case.reference, BRING_FORWARD, b.due_on, f"/cases/{b.case_id}")
        for b in bring_forwards_due(session, actor, today)
    ]
    return Digest(overdue, due_soon, reminders)


@dataclass(frozen=True)
class DigestRun:
    sent: int
    nothing_due: int
    already_sent: int


def send_digests(session: Session, today: dt.date, now: dt.datetime, base_url: str) -> DigestRun:
    """Write today's digest for everyone who wants one and has something due."""
    audit.acting(session, Actor.system("digest"), now)
    done_today = set(session.scalars(select(DigestSent.user_id).where(DigestSent.day == today)))
    people = session.scalars(
        select(User)
        .where(User.active.is_(True), User.digest_emails.is_(True))
        .options(selectinload(User.memberships))
        .order_by(User.id)
    )
    sent = nothing = already = 0
    for user in people:
        if not role_can(user.role, Permission.VIEW_CASES):
            continue
        if user.id in done_today:
            already += 1
            continue
        digest = digest_for(session, Actor.of(user, "digest"), today)
        if digest.empty:
            nothing += 1
            continue
        message = outbox.queue(session, email_of(user, digest, today, base_url), now)
        session.add(
            DigestSent(user_id=user.id, day=today, outbox_message_id=message.id, created_at=now)
        )
        session.flush()
        sent += 1
    return DigestRun(sent, nothing, already)


def email_of(user: User, digest: Digest, today: dt.date, base_url: str) -> outbox.Email:
    base = base_url.rstrip("/")
    counts = []
    if digest.overdue:
        counts.append(f"{len(digest.overdue)} overdue")
    if digest.due_soon:
        counts.append(f"{len(digest.due_soon)} due soon")
    if digest.bring_forwards:
        counts.append(f"{len(digest.bring_forwards)} bring-forward")
    parts = [f"Dear {user.full_name},", f"Your work tray on {_date(today)}: {', '.join(counts)}."]
    for heading, lines in (
        ("Overdue", digest.overdue),
        ("Due soon", digest.due_soon),
        ("Bring-forward dates", digest.bring_forwards),
    ):
        if lines:
            parts.append(heading + "\n" + "\n".join(_line(line, today, base) for line in lines))
    parts.append(f"Your work tray: {base}/tray")
    parts.append(
        "This message was sent automatically by the complaints and conduct service. "
        f"To stop these emails, turn off the daily digest on your account page: {base}/account"
    )
    return outbox.Email(
        to=user.email,
        kind=KIND,
        subject=f"Your work tray: {', '.join(counts)}",
        body="\n\n".join(parts) + "\n",
    )


def _line(line: DigestLine, today: dt.date, base: str) -> str:
    return (
        f"- {line.reference}: {line.what}, {_date(line.due_on)} ({_phrase(line.due_on, today)})"
        f"\n  {base}{line.path}"
    )


def _date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _phrase(due: dt.date, today: dt.date) -> str:
    """As the pages say it: 'in 4 working days', 'due today', '2 working days overdue'."""
    if due == today:
        return "due today"
    if due > today:
        days = workdays.between(today, due)
        return f"in {days} working day{'s' if days != 1 else ''}"
    days = workdays.between(due, today)
    return f"{days} working day{'s' if days != 1 else ''} overdue"
