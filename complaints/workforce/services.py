"""Recording officers' and staff's protected characteristics and a force's workforce profile.

Only an administrator of the person's (or the profile's) force may, as the permission map
says (``Permission.RECORD_WORKFORCE``). Every change is in the audit trail like any other;
the characteristics are marked personal, so the trail records that they changed, never
what they say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from complaints.auth.permissions import Permission, role_can
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.errors import Refused
from complaints.subjects.models import Subject
from complaints.workforce.models import CHARACTERISTICS, SubjectCharacteristics, WorkforceGroup

MAX_ANSWER = 60
MOST_PEOPLE = 1_000_000  # no force has more officers and staff than this
KEYS = tuple(key for key, _ in CHARACTERISTICS)


class WorkforceRefused(Refused):
    """A change the administrator may not make; the message is for them."""


@dataclass(frozen=True)
class CharacteristicsData:
    """The answers, each None when not recorded (or 'Prefer not to say')."""

    age_band: str | None = None
    sex: str | None = None
    ethnicity: str | None = None
    disability: str | None = None
    religion: str | None = None
    sexual_orientation: str | None = None


def may_record(actor: Actor, force_id: int) -> bool:
    return role_can(actor.role, Permission.RECORD_WORKFORCE) and force_id in actor.forces


def characteristics_of(session: Session, subject_id: int) -> SubjectCharacteristics | None:
    return session.scalar(
        select(SubjectCharacteristics).where(SubjectCharacteristics.subject_id == subject_id)
    )


def record_characteristics(
    session: Session,
    actor: Actor,
    subject: Subject,
    data: CharacteristicsData,
    now: dt.datetime,
    *,
    source: str = "admin",
) -> SubjectCharacteristics:
    """Set one person's answers (all of them: a blank clears one)."""
    audit.acting(session, actor, now)
    if not may_record(actor, subject.force_id):
        raise WorkforceRefused("You cannot record characteristics for this person's force")
    return set_answers(session, subject, data, now, source=source)


def set_answers(
    session: Session,
    subject: Subject,
    data: CharacteristicsData,
    now: dt.datetime,
    *,
    source: str,
) -> SubjectCharacteristics:
    """The write itself, for an administrator's page (checked above) and for an import from
    HR run on the server (``importing``), whose operator the command line trusts."""
    for f in fields(data):
        value = getattr(data, f.name)
        if value is not None and len(value) > MAX_ANSWER:
            raise WorkforceRefused(f"An answer must be {MAX_ANSWER} characters or fewer", f.name)
    row = characteristics_of(session, subject.id)
    if row is None:
        row = SubjectCharacteristics(subject_id=subject.id)
        session.add(row)
    row.force_id = subject.force_id
    for f in fields(data):
        setattr(row, f.name, getattr(data, f.name))
    row.source = source
    row.updated_at = now
    session.flush()
    return row


def profile_of(session: Session, force_id: int, characteristic: str) -> dict[str, int]:
    rows = session.execute(
        select(WorkforceGroup.group, WorkforceGroup.headcount).where(
            WorkforceGroup.force_id == force_id, WorkforceGroup.characteristic == characteristic
        )
    )
    return dict(rows.all())


def set_workforce_profile(
    session: Session,
    actor: Actor,
    force_id: int,
    characteristic: str,
    headcounts: Mapping[str, int | None],
    now: dt.datetime,
) -> None:
    """The force's headcount in each group of one characteristic; a group left blank is
    removed, and a profile with every group blank is no profile (no rate per 100)."""
    audit.acting(session, actor, now)
    if not may_record(actor, force_id):
        raise WorkforceRefused("You cannot change this force's workforce profile")
    if characteristic not in KEYS:
        raise WorkforceRefused("Choose a characteristic from the list")
    for group, headcount in headcounts.items():
        if headcount is not None and not 0 <= headcount <= MOST_PEOPLE:
            raise WorkforceRefused(
                f"Enter a number of people from 0 to {MOST_PEOPLE:,}", field=group
            )
    held = {
        row.group: row
        for row in session.scalars(
            select(WorkforceGroup).where(
                WorkforceGroup.force_id == force_id,
                WorkforceGroup.characteristic == characteristic,
            )
        )
    }
    for group, headcount in headcounts.items():
        row = held.get(group)
        if headcount is None:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(
                WorkforceGroup(
                    force_id=force_id,
                    characteristic=characteristic,
                    group=group,
                    headcount=headcount,
                    updated_at=now,
                )
            )
        elif row.headcount != headcount:
            row.headcount = headcount
            row.updated_at = now
    session.flush()


def recorded_count(session: Session, force_ids: list[int]) -> dict[int, int]:
    """How many people of each force have characteristics recorded: a figure, no names."""
    rows = session.execute(
        select(SubjectCharacteristics.force_id, func.count())
        .where(SubjectCharacteristics.force_id.in_(force_ids))
        .group_by(SubjectCharacteristics.force_id)
    )
    return dict(rows.all())
