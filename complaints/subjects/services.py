"""Subjects: add a person once, record changes of name, number or posting as new versions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.errors import Refused
from complaints.forces.models import FIRST_FORCE_ID, Force
from complaints.reference.models import Division
from complaints.subjects.models import Subject, SubjectIdentity, SubjectKind


class SubjectError(Refused):
    """A change to a person that cannot be made; the message is for the user."""


@dataclass(frozen=True)
class IdentityDetails:
    given_name: str | None = None
    family_name: str | None = None
    rank: str | None = None
    collar_number: str | None = None
    staff_number: str | None = None
    division_id: int | None = None


@dataclass(frozen=True)
class NewSubject:
    kind: SubjectKind
    details: IdentityDetails
    is_chief_constable: bool = False
    force_id: int = FIRST_FORCE_ID


def add_subject(
    session: Session, actor: Actor, data: NewSubject, now: dt.datetime, *, since: dt.date
) -> Subject:
    audit.acting(session, actor, now)
    subject = Subject(
        force_id=data.force_id,
        kind=data.kind,
        is_chief_constable=data.is_chief_constable,
        created_at=now,
    )
    session.add(subject)
    session.flush()
    session.add(_identity(subject, data.details, since, data.force_id))
    session.flush()
    session.refresh(subject, ["identities"])
    return subject


def change_identity(
    session: Session,
    actor: Actor,
    subject: Subject,
    details: IdentityDetails,
    *,
    on: dt.date,
    now: dt.datetime,
) -> SubjectIdentity:
    """Close the current version the day before ``on`` and open a new one from ``on``."""
    audit.acting(session, actor, now)
    return _new_version(session, subject, details, on, subject.force_id)


def transfer_subject(
    session: Session,
    actor: Actor,
    subject: Subject,
    force_id: int,
    details: IdentityDetails,
    *,
    on: dt.date,
    now: dt.datetime,
) -> SubjectIdentity:
    """The person moves to another force from ``on``, with their new number and posting.

    They stay one person: their earlier versions (and every case naming them, which stays
    with the force it belongs to) are kept, so a search in the new force finds their whole
    history, while the old force no longer finds them for new cases. A chief constable's
    office does not move with them."""
    audit.acting(session, actor, now)
    if force_id == subject.force_id:
        raise SubjectError("They already serve this force: record a change of details instead")
    if session.get(Force, force_id) is None:
        raise SubjectError("There is no such force")
    if details.division_id is not None:
        division = session.get(Division, details.division_id)
        if division is None or division.force_id != force_id:
            raise SubjectError("Choose a division of the force they are moving to")
    identity = _new_version(session, subject, details, on, force_id)
    subject.force_id = force_id
    subject.is_chief_constable = False
    session.flush()
    return identity


def _new_version(
    session: Session, subject: Subject, details: IdentityDetails, on: dt.date, force_id: int
) -> SubjectIdentity:
    current = subject.current
    if current is not None:
        if on <= current.valid_from:
            raise SubjectError("A new version must start after the current one")
        current.valid_to = on - dt.timedelta(days=1)
    identity = _identity(subject, details, on, force_id)
    session.add(identity)
    session.flush()
    session.refresh(subject, ["identities"])
    return identity


def _identity(
    subject: Subject, d: IdentityDetails, since: dt.date, force_id: int
) -> SubjectIdentity:
    return SubjectIdentity(
        subject_id=subject.id,
        force_id=force_id,
        given_name=_clean(d.given_name),
        family_name=_clean(d.family_name),
        rank=_clean(d.rank),
        collar_number=_clean(d.collar_number),
        staff_number=_clean(d.staff_number),
        division_id=d.division_id,
        valid_from=since,
    )


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def number_is(number: str) -> ColumnElement[bool]:
    """An identity, current or former, with this collar or staff number, in any case: a
    person is found by a number they no longer carry."""
    number = number.strip().lower()
    return or_(
        func.lower(SubjectIdentity.collar_number) == number,
        func.lower(SubjectIdentity.staff_number) == number,
    )


def find_subjects(
    session: Session, text: str, limit: int = 20, forces: Collection[int] | None = None
) -> list[Subject]:
    """By name or number, current or former: a collar number change loses nobody. Only
    the people of ``forces``, when given: no one names another force's officers."""
    text = text.strip()
    if not text:
        return []
    like = f"%{text.lower()}%"

    ids = select(SubjectIdentity.subject_id).where(
        or_(
            func.lower(SubjectIdentity.family_name).like(like),
            func.lower(SubjectIdentity.given_name).like(like),
            number_is(text),
        )
    )
    query = select(Subject).where(Subject.id.in_(ids))
    if forces is not None:
        query = query.where(Subject.force_id.in_(sorted(forces)))
    return list(session.scalars(query.limit(limit)))
