"""Bring-forward dates and the digest setting: each person's own reminders and choices.

A bring-forward is set on a case the person may see and is theirs alone: only they mark
it done. Like every change it is in the audit trail (its note kept out, as free text).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from complaints.auth.models import User
from complaints.cases.models import Case
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import london_date
from complaints.common.errors import Refused
from complaints.tray.models import NOTE_LENGTH, BringForward

# Far enough for any case; a typing slip ("2062") is refused rather than hidden for years.
LONGEST_AHEAD_DAYS = 2 * 366


class TrayError(Refused):
    """A bring-forward or setting refused, with the reason shown to the person beside the
    field it is about."""

    def __init__(self, message: str, field: str = "note") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class BringForwardData:
    due_on: dt.date
    note: str


def add_bring_forward(
    session: Session, actor: Actor, case: Case, data: BringForwardData, now: dt.datetime
) -> BringForward:
    """Set a reminder to come back to a case on a day, with what to do then."""
    audit.acting(session, actor, now)
    if case.disposed_at is not None:
        raise TrayError("This case's personal data was disposed of: nothing is left to do")
    today = london_date(now)
    note = " ".join(data.note.split())
    if not note:
        raise TrayError("Say what to do on the day")
    if len(note) > NOTE_LENGTH:
        raise TrayError(f"Say what to do in {NOTE_LENGTH} characters or fewer")
    if data.due_on < today:
        raise TrayError("The date must be today or in the future", "due_on")
    if data.due_on > today + dt.timedelta(days=LONGEST_AHEAD_DAYS):
        raise TrayError("The date must be within the next two years", "due_on")
    reminder = BringForward(
        force_id=case.force_id,
        case_id=case.id,
        user_id=actor.user_id,
        due_on=data.due_on,
        note=note,
        created_at=now,
    )
    session.add(reminder)
    session.flush()
    return reminder


def mark_done(
    session: Session, actor: Actor, reminder: BringForward, now: dt.datetime
) -> BringForward:
    """The reminder was dealt with: it leaves the case page and the tray."""
    audit.acting(session, actor, now)
    if reminder.user_id != actor.user_id:
        raise TrayError("Only the person who set a bring-forward date marks it done")
    if reminder.done_at is None:
        reminder.done_at = now
        session.flush()
    return reminder


def set_digest(session: Session, actor: Actor, user: User, wanted: bool, now: dt.datetime) -> User:
    """Turn one's own daily digest email on or off."""
    audit.acting(session, actor, now)
    if user.id != actor.user_id:
        raise TrayError("Each person chooses their own digest")
    user.digest_emails = wanted
    session.flush()
    return user
