"""Opening, moving on and closing a subject access request, and marking its redactions.

Only the appropriate authority of the person's force handles a request. The steps run
open → assembled → redacted → completed (the date the copy was sent), or withdrawn from
any step before completion; the bundle can be downloaded once assembled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.access.models import (
    AccessRecord,
    AccessRequest,
    PersonKind,
    Redaction,
    RedactionReason,
    RequestState,
)
from complaints.access.redaction import holds
from complaints.auth.permissions import Permission, role_can
from complaints.cases.deadlines import add_months
from complaints.cases.models import Case, Complainant
from complaints.cases.visibility import visible_to
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.errors import Refused
from complaints.common.folding import fold
from complaints.common.limits import too_long
from complaints.subjects.models import Subject

MAX_PHRASE = 1000
MAX_REASON = 300


class AccessRefused(Refused):
    """A subject access step the rules refuse."""


def due_on(received: dt.date) -> dt.date:
    """One calendar month after receipt (UK GDPR art. 12(3); domain.md A12): the same day
    of the next month, or that month's last day when it has no such day, so a request
    received on 31 January is due on 28 (or 29) February."""
    return add_months(received, 1)


def may_handle(actor: Actor, force_id: int) -> bool:
    return role_can(actor.role, Permission.SUBJECT_ACCESS) and force_id in actor.decides_for


def _require(actor: Actor, request: AccessRequest, *states: RequestState) -> None:
    if not may_handle(actor, request.force_id):
        raise AccessRefused("Only the force's appropriate authority handles subject access")
    if states and request.state not in states:
        raise AccessRefused(f"This request is {request.state.label.lower()}")


@dataclass(frozen=True)
class NewRequest:
    person_kind: PersonKind
    person_name: str
    received_on: dt.date
    force_id: int
    complainant_ids: tuple[int, ...] = ()
    subject_id: int | None = None


def complainant_matches(
    session: Session, actor: Actor, force_id: int, words: str, limit: int = 50
) -> list[Complainant]:
    """The force's complainant records whose name or email holds what was typed, on the
    cases this actor may see: one person may be on several cases, and the appropriate
    authority confirms which records are theirs."""
    text = words.strip()
    if len(text) < 2:
        return []
    folded = f"%{fold(text)}%"
    return list(
        session.scalars(
            select(Complainant)
            .join(Case, Complainant.case_id == Case.id)
            .where(
                Case.force_id == force_id,
                visible_to(actor),
                Complainant.search_name.like(folded) | Complainant.email.ilike(f"%{text}%"),
            )
            .order_by(Complainant.family_name, Complainant.given_name, Complainant.id)
            .limit(limit)
        )
    )


def open_request(
    session: Session, actor: Actor, data: NewRequest, now: dt.datetime
) -> AccessRequest:
    """Record a request received, with its deadline, and the records it is about."""
    audit.acting(session, actor, now)
    if not may_handle(actor, data.force_id):
        raise AccessRefused("Only the force's appropriate authority handles subject access")
    name = data.person_name.strip()
    if not name:
        raise AccessRefused("Enter the name the person gave", "person_name")
    if len(name) > 200:
        raise AccessRefused(too_long("The name", 200), "person_name")
    if data.received_on > now.date() + dt.timedelta(days=1):
        raise AccessRefused("The date received must be today or in the past", "received_on")
    request = AccessRequest(
        force_id=data.force_id,
        person_kind=data.person_kind,
        person_name=name,
        received_on=data.received_on,
        due_on=due_on(data.received_on),
        state=RequestState.OPEN,
        created_by_id=actor.user_id,
        created_at=now,
        updated_at=now,
    )
    if data.person_kind == PersonKind.SUBJECT:
        subject = session.get(Subject, data.subject_id) if data.subject_id else None
        if subject is None or subject.force_id != data.force_id:
            raise AccessRefused("Choose the officer or member of staff", "records")
        request.subject_id = subject.id
        session.add(request)
        session.flush()
        return request
    chosen = set(data.complainant_ids)
    found = complainant_matches_by_id(session, actor, data.force_id, chosen)
    if not chosen or len(found) != len(chosen):
        raise AccessRefused("Choose the records that are the person's", "records")
    session.add(request)
    session.flush()
    for complainant in found:
        session.add(
            AccessRecord(
                request_id=request.id, force_id=request.force_id, complainant_id=complainant.id
            )
        )
    session.flush()
    return request


def complainant_matches_by_id(
    session: Session, actor: Actor, force_id: int, ids: set[int]
) -> list[Complainant]:
    if not ids:
        return []
    return list(
        session.scalars(
            select(Complainant)
            .join(Case, Complainant.case_id == Case.id)
            .where(Complainant.id.in_(sorted(ids)), Case.force_id == force_id, visible_to(actor))
        )
    )


def mark_assembled(
    session: Session, actor: Actor, request: AccessRequest, suggestions, now: dt.datetime
) -> None:
    """Everything held has been gathered: other people's names found on the same items
    are marked as suggested third-party redactions, for the appropriate authority to
    keep or take back."""
    audit.acting(session, actor, now)
    _require(actor, request, RequestState.OPEN)
    for phrase in suggestions:
        session.add(
            Redaction(
                request_id=request.id,
                force_id=request.force_id,
                extract_id=None,
                phrase=phrase,
                reason=RedactionReason.THIRD_PARTY,
                suggested=True,
                created_by_id=actor.user_id,
                created_at=now,
            )
        )
    request.state = RequestState.ASSEMBLED
    request.assembled_at = now
    request.updated_at = now
    session.flush()


@dataclass(frozen=True)
class NewRedaction:
    extract_id: str | None
    phrase: str | None
    reason: RedactionReason
    reason_other: str = ""


def add_redaction(
    session: Session,
    actor: Actor,
    request: AccessRequest,
    data: NewRedaction,
    texts: dict[str, str],
    now: dt.datetime,
) -> Redaction:
    """Withhold a passage of an extract (every occurrence of the exact words), or the whole
    extract when no words are given, with the reason the copy will show in its place.
    ``texts`` are the request's extracts (title and text) by id: words they do not hold
    are refused, as a mistyped name would otherwise go out unredacted unnoticed."""
    audit.acting(session, actor, now)
    _require(actor, request, RequestState.ASSEMBLED, RequestState.REDACTED)
    if data.extract_id is not None and data.extract_id not in texts:
        raise AccessRefused("Choose an item of this request", "extract_id")
    phrase = (data.phrase or "").strip() or None
    if phrase is None and data.extract_id is None:
        raise AccessRefused("Enter the exact words to redact, or choose one item", "phrase")
    if phrase is not None and len(phrase) > MAX_PHRASE:
        raise AccessRefused(too_long("The words to redact", MAX_PHRASE), "phrase")
    where = [texts[data.extract_id]] if data.extract_id is not None else texts.values()
    if phrase is not None and not any(holds(text, phrase) for text in where):
        raise AccessRefused(
            "These words are not in the item: copy them exactly as they appear", "phrase"
        )
    other = data.reason_other.strip() or None
    if data.reason == RedactionReason.OTHER and other is None:
        raise AccessRefused("Say why it is redacted", "reason_other")
    if other is not None and len(other) > MAX_REASON:
        raise AccessRefused(too_long("The reason", MAX_REASON), "reason_other")
    redaction = Redaction(
        request_id=request.id,
        force_id=request.force_id,
        extract_id=data.extract_id,
        phrase=phrase,
        reason=data.reason,
        reason_other=other if data.reason == RedactionReason.OTHER else None,
        created_by_id=actor.user_id,
        created_at=now,
    )
    session.add(redaction)
    request.state = RequestState.ASSEMBLED  # a change reopens the check of the copy
    request.redacted_at = None
    request.updated_at = now
    session.flush()
    return redaction


def take_back_redaction(
    session: Session, actor: Actor, request: AccessRequest, redaction: Redaction, now: dt.datetime
) -> None:
    """The passage goes back into the copy; the redaction stays on record as taken back."""
    audit.acting(session, actor, now)
    _require(actor, request, RequestState.ASSEMBLED, RequestState.REDACTED)
    if redaction.request_id != request.id or redaction.removed_at is not None:
        raise AccessRefused("That redaction is not in force")
    redaction.removed_at = now
    redaction.removed_by_id = actor.user_id
    request.state = RequestState.ASSEMBLED
    request.redacted_at = None
    request.updated_at = now
    session.flush()


def mark_redacted(session: Session, actor: Actor, request: AccessRequest, now: dt.datetime) -> None:
    """The appropriate authority has checked every item: the redacted copy is the one to send."""
    audit.acting(session, actor, now)
    _require(actor, request, RequestState.ASSEMBLED)
    request.state = RequestState.REDACTED
    request.redacted_at = now
    request.updated_at = now
    session.flush()


def complete(
    session: Session, actor: Actor, request: AccessRequest, sent_on: dt.date, now: dt.datetime
) -> None:
    """The redacted copy was sent on ``sent_on``: the request is answered."""
    audit.acting(session, actor, now)
    _require(actor, request, RequestState.REDACTED)
    if sent_on < request.received_on or sent_on > now.date() + dt.timedelta(days=1):
        raise AccessRefused(
            "The date sent must be on or after the date received, and not in the future",
            "on",
        )
    request.state = RequestState.COMPLETED
    request.sent_on = sent_on
    request.updated_at = now
    session.flush()


def withdraw(
    session: Session,
    actor: Actor,
    request: AccessRequest,
    on: dt.date,
    reason: str,
    now: dt.datetime,
) -> None:
    """The person withdrew the request (or it was found not to be one)."""
    audit.acting(session, actor, now)
    _require(actor, request, RequestState.OPEN, RequestState.ASSEMBLED, RequestState.REDACTED)
    reason = reason.strip()
    if not reason:
        raise AccessRefused("Enter why the request was withdrawn", "reason")
    if len(reason) > 500:
        raise AccessRefused(too_long("The reason", 500), "reason")
    if on < request.received_on or on > now.date() + dt.timedelta(days=1):
        raise AccessRefused(
            "The date must be on or after the date received, and not in the future", "on"
        )
    request.state = RequestState.WITHDRAWN
    request.withdrawn_on = on
    request.withdrawn_reason = reason
    request.updated_at = now
    session.flush()


def in_force(request: AccessRequest) -> list[Redaction]:
    return [r for r in request.redactions if r.removed_at is None]
