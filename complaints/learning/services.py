"""The learning register's rules: raising lessons from any source, moving them from
proposed to done (each move audited, wrong moves refused), and deciding what is overdue
(domain.md A3, A5, B3.7)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, false, or_, select
from sqlalchemy.orm import Session

from complaints.auth.models import User
from complaints.auth.permissions import Permission, role_can
from complaints.cases.models import Case
from complaints.cases.visibility import visible_to
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import london_date
from complaints.common.errors import Refused
from complaints.forces.services import force_for
from complaints.learning.models import LearningItem, LearningLevel, LearningSource, LearningStatus

MAX_THEME = 120
MAX_DESCRIPTION = 5000
MAX_SOURCE_DETAIL = 200
MAX_TEXT = 5000
# An IOPC recommendation needs a written response within 56 days of receipt (A5, B3.7).
IOPC_RESPONSE_DAYS = 56

S = LearningStatus


class LearningError(Refused):
    """A change the register refuses; the message is written for the user."""


@dataclass(frozen=True)
class LearningData:
    theme: str
    description: str
    level: LearningLevel
    owner_id: int | None = None
    due_on: dt.date | None = None
    source_detail: str | None = None
    received_on: dt.date | None = None  # IOPC recommendations: when it arrived
    force_id: int | None = None  # a lesson with no case: for a person of several forces


NEEDS_CASE = "Enter the reference of the case the learning comes from"
NO_SUCH_CASE = "No case you can open has that reference"


def visible_items(actor: Actor) -> ColumnElement[bool]:
    """A WHERE clause on ``LearningItem`` that keeps the lessons this actor may see.

    The register's keepers see every lesson that names no case or an unrestricted one:
    OPCC oversight keeps the register without opening the cases behind it. A lesson from a
    restricted case (every complaint about the chief constable is one) exists only for those
    who may open that case, as the case itself does (A8).
    """
    if not actor.is_authenticated or not role_can(actor.role, Permission.MANAGE_LEARNING):
        return false()
    case_open = exists(
        select(Case.id)
        .where(
            Case.id == LearningItem.case_id,
            or_(
                and_(Case.restricted.is_(False), Case.about_chief_officer.is_(False)),
                visible_to(actor),
            ),
        )
        .correlate(LearningItem)
    )
    own_force = LearningItem.force_id.in_(sorted(actor.forces))
    return and_(own_force, or_(LearningItem.case_id.is_(None), case_open))


def case_for_lesson(
    session: Session, actor: Actor, reference: str | None, source: LearningSource
) -> Case | None:
    """The case a new lesson comes from, found by its reference among the cases this actor
    may open; none for a source that needs no case and was given none."""
    reference = (reference or "").strip().upper().replace(" ", "")
    if not reference:
        if source == LearningSource.CASE_OUTCOME:
            raise LearningError(NEEDS_CASE)
        return None
    case = session.scalar(select(Case).where(Case.reference == reference, visible_to(actor)))
    if case is None:
        raise LearningError(NO_SUCH_CASE)
    return case


def iopc_response_due(received_on: dt.date) -> dt.date:
    """The last day for the written response to an IOPC recommendation."""
    return received_on + dt.timedelta(days=IOPC_RESPONSE_DAYS)


def raise_learning(
    session: Session, actor: Actor, case: Case, data: LearningData, now: dt.datetime
) -> LearningItem:
    """A lesson from a case's outcome, proposed for the owner to accept and act on."""
    return record_learning(
        session, actor, data, now, source=LearningSource.CASE_OUTCOME, case_id=case.id
    )


def record_learning(
    session: Session,
    actor: Actor,
    data: LearningData,
    now: dt.datetime,
    *,
    source: LearningSource,
    case_id: int | None = None,
    review_id: int | None = None,
) -> LearningItem:
    """A lesson from any source (A3), proposed for its owner to accept and act on."""
    audit.acting(session, actor, now)
    if source == LearningSource.CASE_OUTCOME and case_id is None:
        raise LearningError(NEEDS_CASE)
    today = london_date(now)
    theme, description = _theme_and_description(data.theme, data.description)
    _check_owner(session, data.owner_id)
    if data.due_on is not None and data.due_on < today:
        raise LearningError("The due date must be today or in the future")
    detail = _source_detail(data.source_detail)
    if source == LearningSource.INSPECTION and not detail:
        raise LearningError("Give the inspection report the finding comes from")
    received_on = response_due_on = None
    if source == LearningSource.IOPC:
        if data.received_on is None:
            raise LearningError("Enter the date the IOPC recommendation was received")
        if data.received_on > today:
            raise LearningError("The date the recommendation was received cannot be in the future")
        received_on, response_due_on = data.received_on, iopc_response_due(data.received_on)
    case = session.get(Case, case_id) if case_id is not None else None
    force_id = force_for(session, actor, data.force_id, case.force_id if case else None)
    item = LearningItem(
        force_id=force_id,
        source=source,
        source_detail=detail,
        case_id=case_id,
        review_id=review_id,
        theme=theme,
        description=description,
        level=data.level,
        owner_id=data.owner_id,
        raised_on=today,
        due_on=data.due_on,
        status=S.PROPOSED,
        received_on=received_on,
        response_due_on=response_due_on,
        created_at=now,
    )
    session.add(item)
    session.flush()
    return item


def learning_for_case(session: Session, case: Case) -> list[LearningItem]:
    """The lessons raised from one case, oldest first."""
    return list(
        session.scalars(
            select(LearningItem)
            .where(LearningItem.case_id == case.id)
            .order_by(LearningItem.raised_on, LearningItem.id)
        )
    )


# Overdue: the one definition the register, the pages and the reports all use. ------------


def overdue_clause(today: dt.date) -> ColumnElement[bool]:
    """Lessons overdue on this day, as SQL: past their due date and neither implemented nor
    decided against, or an IOPC recommendation still unanswered after its 56 days."""
    past_due = and_(
        LearningItem.due_on < today,
        LearningItem.status.not_in([S.IMPLEMENTED, S.NOT_ACCEPTED]),
    )
    unanswered = and_(
        LearningItem.source == LearningSource.IOPC,
        LearningItem.response_sent_on.is_(None),
        LearningItem.response_due_on < today,
    )
    return or_(past_due, unanswered)


def overdue_reasons(item: LearningItem, today: dt.date) -> list[str]:
    """Why a lesson is overdue on this day, in words; none when it is not (as overdue_clause)."""
    reasons = []
    if item.due_on is not None and item.due_on < today and not item.status.closed:
        reasons.append("Past its due date")
    if (
        item.source == LearningSource.IOPC
        and item.response_sent_on is None
        and item.response_due_on is not None
        and item.response_due_on < today
    ):
        reasons.append("IOPC response overdue")
    return reasons


def is_overdue(item: LearningItem, today: dt.date) -> bool:
    return bool(overdue_reasons(item, today))


# Changing a lesson. ----------------------------------------------------------------------


@dataclass(frozen=True)
class EditData:
    theme: str
    description: str
    level: LearningLevel
    owner_id: int | None
    due_on: dt.date | None
    source_detail: str | None = None


def update_learning(
    session: Session, actor: Actor, item: LearningItem, data: EditData, now: dt.datetime
) -> LearningItem:
    """Correct what the lesson says, who owns it and when it is due."""
    audit.acting(session, actor, now)
    theme, description = _theme_and_description(data.theme, data.description)
    if data.owner_id != item.owner_id:
        _check_owner(session, data.owner_id)
    if data.due_on != item.due_on and data.due_on is not None and data.due_on < london_date(now):
        raise LearningError("The due date must be today or in the future")
    detail = _source_detail(data.source_detail)
    if item.source == LearningSource.INSPECTION and not detail:
        raise LearningError("Give the inspection report the finding comes from")
    item.theme, item.description, item.level = theme, description, data.level
    item.owner_id, item.due_on, item.source_detail = data.owner_id, data.due_on, detail
    session.flush()
    return item


# The status moves: (from, to). Anything else is refused with a reason.
MOVES: dict[str, tuple[frozenset[LearningStatus], LearningStatus]] = {
    "accept": (frozenset({S.PROPOSED}), S.ACCEPTED),
    "start": (frozenset({S.ACCEPTED}), S.IN_PROGRESS),
    "implement": (frozenset({S.ACCEPTED, S.IN_PROGRESS}), S.IMPLEMENTED),
    "not_accept": (frozenset({S.PROPOSED, S.ACCEPTED}), S.NOT_ACCEPTED),
}
_MOVE_WORDS = {
    "accept": "accepted",
    "start": "started",
    "implement": "marked as implemented",
    "not_accept": "marked as not accepted",
}
SHAREABLE = frozenset({S.ACCEPTED, S.IN_PROGRESS, S.IMPLEMENTED})


def refusal(item: LearningItem, action: str) -> str | None:
    """Why this action cannot be taken on this lesson now; None when it can."""
    if action in MOVES:
        allowed, _ = MOVES[action]
        if item.status not in allowed:
            return f"A lesson that is {item.status.label.lower()} cannot be {_MOVE_WORDS[action]}"
        return None
    if action == "share":
        if item.status not in SHAREABLE:
            return "Only an accepted, in-progress or implemented lesson can be shared"
        return None
    if action == "respond":
        if item.source != LearningSource.IOPC:
            return "Only an IOPC recommendation needs a written response"
        if item.response_sent_on is not None:
            return "The response to this recommendation has already been sent"
        if item.status == S.PROPOSED:
            return "Accept the recommendation, or record why not, before responding"
        return None
    raise ValueError(f"unknown learning action {action!r}")


ACTIONS = ("accept", "start", "implement", "not_accept", "share", "respond")


def available(item: LearningItem) -> list[str]:
    """The actions a page may offer on this lesson now."""
    return [action for action in ACTIONS if refusal(item, action) is None]


@dataclass(frozen=True)
class AcceptData:
    owner_id: int | None = None
    due_on: dt.date | None = None


@dataclass(frozen=True)
class ImplementData:
    evidence: str
    completed_on: dt.date


@dataclass(frozen=True)
class NotAcceptData:
    reason: str


@dataclass(frozen=True)
class ShareData:
    how: str
    shared_on: dt.date


@dataclass(frozen=True)
class ResponseData:
    response: str
    sent_on: dt.date


def accept_learning(
    session: Session, actor: Actor, item: LearningItem, data: AcceptData, now: dt.datetime
) -> LearningItem:
    """The owner takes the lesson on: it needs an owner and a due date from here on."""
    _start(session, actor, item, "accept", now)
    owner_id = data.owner_id if data.owner_id is not None else item.owner_id
    due_on = data.due_on if data.due_on is not None else item.due_on
    if owner_id is None:
        raise LearningError("Choose who owns the lesson")
    if due_on is None:
        raise LearningError("Enter the date the lesson is due to be implemented")
    if owner_id != item.owner_id:
        _check_owner(session, owner_id)
    if due_on != item.due_on and due_on < london_date(now):
        raise LearningError("The due date must be today or in the future")
    item.owner_id, item.due_on = owner_id, due_on
    return _finish(session, actor, item, "accept", now)


def start_learning(
    session: Session, actor: Actor, item: LearningItem, now: dt.datetime
) -> LearningItem:
    """Work on the lesson has begun."""
    _start(session, actor, item, "start", now)
    return _finish(session, actor, item, "start", now)


def implement_learning(
    session: Session, actor: Actor, item: LearningItem, data: ImplementData, now: dt.datetime
) -> LearningItem:
    """Done, with the evidence that it was (B3.7: evidence of completion)."""
    _start(session, actor, item, "implement", now)
    evidence = _required_text(data.evidence, "Give the evidence that the lesson was implemented")
    _not_future(data.completed_on, now, "The date it was implemented")
    item.evidence, item.completed_on = evidence, data.completed_on
    return _finish(session, actor, item, "implement", now)


def not_accept_learning(
    session: Session, actor: Actor, item: LearningItem, data: NotAcceptData, now: dt.datetime
) -> LearningItem:
    """Decided against, with the reason on the record."""
    _start(session, actor, item, "not_accept", now)
    item.not_accepted_reason = _required_text(data.reason, "Give the reason it is not accepted")
    return _finish(session, actor, item, "not_accept", now)


def share_learning(
    session: Session, actor: Actor, item: LearningItem, data: ShareData, now: dt.datetime
) -> LearningItem:
    """How and when the lesson reached the workforce."""
    _start(session, actor, item, "share", now)
    how = _required_text(data.how, "Say how the lesson was shared with the workforce")
    _not_future(data.shared_on, now, "The date it was shared")
    item.shared_how, item.shared_on = how, data.shared_on
    return _finish(session, actor, item, "share", now)


def respond_to_iopc(
    session: Session, actor: Actor, item: LearningItem, data: ResponseData, now: dt.datetime
) -> LearningItem:
    """The written response to an IOPC recommendation: what was done, or why not (B3.7)."""
    _start(session, actor, item, "respond", now)
    response = _required_text(data.response, "Give the response sent to the IOPC")
    _not_future(data.sent_on, now, "The date the response was sent")
    if item.received_on is not None and data.sent_on < item.received_on:
        raise LearningError("The response cannot be sent before the recommendation was received")
    item.response, item.response_sent_on = response, data.sent_on
    return _finish(session, actor, item, "respond", now)


def _start(
    session: Session, actor: Actor, item: LearningItem, action: str, now: dt.datetime
) -> None:
    audit.acting(session, actor, now)
    why = refusal(item, action)
    if why:
        raise LearningError(why)


def _finish(
    session: Session, actor: Actor, item: LearningItem, action: str, now: dt.datetime
) -> LearningItem:
    """Apply the move's status and write one event that says what the move did."""
    if action in MOVES:
        item.status = MOVES[action][1]
    changes = audit.changes_of(item)
    audit.mark_described(session, "learning_items", item.id)
    audit.record(
        session,
        f"learning:{action}",
        entity_type="learning_items",
        entity_id=item.id,
        case_id=item.case_id,
        changes=changes,
        summary=ACTION_LABELS[action],
        actor=actor,
        now=now,
    )
    session.flush()
    return item


ACTION_LABELS = {
    "accept": "Lesson accepted",
    "start": "Work started",
    "implement": "Lesson implemented",
    "not_accept": "Lesson not accepted",
    "share": "Lesson shared with the workforce",
    "respond": "Response sent to the IOPC",
}


# Checks. ---------------------------------------------------------------------------------


def _theme_and_description(theme: str, description: str) -> tuple[str, str]:
    theme, description = (theme or "").strip(), (description or "").strip()
    if not theme:
        raise LearningError("Enter the theme of the learning")
    if len(theme) > MAX_THEME:
        raise LearningError("Give the theme in 120 characters or fewer")
    if not description:
        raise LearningError("Describe what should be learned")
    if len(description) > MAX_DESCRIPTION:
        raise LearningError("Describe the learning in 5,000 characters or fewer")
    return theme, description


def _source_detail(text: str | None) -> str | None:
    detail = (text or "").strip() or None
    if detail and len(detail) > MAX_SOURCE_DETAIL:
        raise LearningError("Give the source in 200 characters or fewer")
    return detail


def _check_owner(session: Session, owner_id: int | None) -> None:
    if owner_id is None:
        return
    owner = session.get(User, owner_id)
    if owner is None or not owner.active:
        raise LearningError("Choose an active user as the owner")


def _required_text(text: str | None, message: str) -> str:
    value = (text or "").strip()
    if not value:
        raise LearningError(message)
    if len(value) > MAX_TEXT:
        raise LearningError(f"{message} in 5,000 characters or fewer")
    return value


def _not_future(day: dt.date | None, now: dt.datetime, what: str) -> None:
    if day is None:
        raise LearningError(f"Enter {what[0].lower()}{what[1:]}")
    if day > london_date(now):
        raise LearningError(f"{what} cannot be in the future")
