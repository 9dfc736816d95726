"""Keeping letter templates: the current version of each, and saving a new one.

A force's first version of each kind is the built-in wording (``wording.BUILT_IN``),
stored the first time anyone needs it; after that only an administrator adds versions,
each checked (``engine.check``) before it is kept. Versions are never changed or
deleted: an issued letter names the one it was made from.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import utcnow
from complaints.letters import engine, wording
from complaints.letters.fields import TemplateKind
from complaints.letters.models import LetterTemplate

MAX_NOTE = 300


def current(session: Session, force_id: int, kind: TemplateKind) -> LetterTemplate:
    """The version letters of this kind are made from now, in this force."""
    found = session.scalars(
        select(LetterTemplate)
        .where(LetterTemplate.force_id == force_id, LetterTemplate.kind == kind)
        .order_by(LetterTemplate.version.desc())
        .limit(1)
    ).first()
    return found or _first_version(session, force_id, kind)


def versions(session: Session, force_id: int, kind: TemplateKind) -> list[LetterTemplate]:
    """Every version of this kind in this force, newest first."""
    current(session, force_id, kind)
    return list(
        session.scalars(
            select(LetterTemplate)
            .where(LetterTemplate.force_id == force_id, LetterTemplate.kind == kind)
            .order_by(LetterTemplate.version.desc())
        )
    )


def save_version(
    session: Session,
    actor: Actor,
    force_id: int,
    kind: TemplateKind,
    body: str,
    note: str,
    based_on: int,
    now: dt.datetime,
) -> LetterTemplate:
    """Keep ``body`` as the next version, if it makes a letter and nobody saved a version
    after ``based_on`` (the one the administrator opened)."""
    audit.acting(session, actor, now)
    body = body.replace("\r\n", "\n")
    engine.check(kind, body)
    note = note.strip()
    if not note:
        raise engine.TemplateRefused("Say what you changed and why", "note")
    if len(note) > MAX_NOTE:
        raise engine.TemplateRefused(f"What changed must be {MAX_NOTE} characters or fewer")
    latest = current(session, force_id, kind)
    if latest.version != based_on:
        raise engine.TemplateRefused(
            f"Someone saved version {latest.version} after you opened version {based_on}. "
            "Look at their change, then make yours on top of it"
        )
    if body == latest.body:
        raise engine.TemplateRefused("The wording is the same as the current version")
    template = LetterTemplate(
        force_id=force_id,
        kind=kind,
        version=latest.version + 1,
        body=body,
        note=note,
        created_by_id=actor.user_id,
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(template)
    except IntegrityError as error:
        raise engine.TemplateRefused(
            "Someone saved a new version at the same moment: open the template again"
        ) from error
    return template


def _first_version(session: Session, force_id: int, kind: TemplateKind) -> LetterTemplate:
    """Store the built-in wording as version 1. Two requests may race to do it; the
    unique version lets one win and the other read what it stored."""
    first = LetterTemplate(
        force_id=force_id,
        kind=kind,
        version=1,
        body=wording.BUILT_IN[kind.value],
        note="The service's built-in wording",
        created_by_id=None,
        created_at=utcnow(),
    )
    try:
        with session.begin_nested():
            session.add(first)
    except IntegrityError:
        return session.scalars(
            select(LetterTemplate).where(
                LetterTemplate.force_id == force_id,
                LetterTemplate.kind == kind,
                LetterTemplate.version == 1,
            )
        ).one()
    return first
