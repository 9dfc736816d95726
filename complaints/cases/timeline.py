"""A case's timeline: audit events, contacts and notes merged, newest first, in words.

A letter's email is on it at each step the outbox records (waiting, sent, retried,
failed), from the audit events the sending job writes as it moves the message on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.cases.changes import ChangeWords, FieldChange, field_words
from complaints.cases.choices import AllegationAction
from complaints.cases.models import Case, Contact, Note
from complaints.cases.workflow import TRANSITIONS
from complaints.common.audit_model import AuditEvent
from complaints.documents.models import Attachment

# Events that describe who looked, not what happened: kept in the audit trail only.
_NOT_ON_TIMELINE = {"view", "download", "refused", "login", "login_failed", "logout"}

_ENTITY_WORDS = {
    "cases": "Case",
    "complainants": "Complainant",
    "representatives": "Representative",
    "case_subjects": "Subject",
    "allegations": "Allegation",
    "allegation_actions": "Action on an allegation",
    "contacts": "Contact with complainant",
    "investigations": "Investigation",
    "suspension_periods": "Suspension",
    "severity_assessments": "Severity assessment",
    "conduct_outcomes": "Conduct outcome",
    "misconduct_proceedings": "Misconduct proceedings",
    "proceeding_adjournments": "Adjournment of misconduct proceedings",
    "reviews": "Review",
    "review_recommendations": "Review recommendation",
    "learning_items": "Learning item",
    "attachments": "Document",
    "notes": "Note",
    "case_access": "Access",
    "equality_monitoring": "Equality monitoring",
    "legal_holds": "Legal hold",
    "case_disposals": "Disposal record",
}
_ACTION_WORDS = {
    "create": "added",
    "update": "updated",
    "delete": "removed",
    # complaints.retention.disposal: the case's personal data, under the retention schedule
    "dispose": "personal data disposed of",
}


@dataclass(frozen=True)
class TimelineItem:
    at: dt.datetime
    title: str
    by: str
    detail: str | None = None
    actor_id: int | None = None
    # What an update did, field by field, where the page can say it (``cases.changes``).
    changes: tuple[FieldChange, ...] = ()


def describe_events(
    events: Iterable[AuditEvent],
    letters: Mapping[int, str] | None = None,
    session: Session | None = None,
) -> list[TimelineItem]:
    """Audit events in words, leaving out views and anything never shown on a case.
    ``letters`` names the letter each email carries, by outbox message id; with a
    ``session``, an update says what each field changed from and to."""
    events = list(events)
    words = ChangeWords(session, events) if session is not None else None
    items = []
    for event in events:
        if event.action in _NOT_ON_TIMELINE:
            continue
        # notes appear with their text; equality data is never shown; a bring-forward
        # date is its setter's own reminder (in the audit trail, not on the case's story)
        if event.entity_type in ("notes", "equality_monitoring", "bring_forwards"):
            continue
        changes: tuple[FieldChange, ...] = ()
        if event.entity_type == "outbox_messages":
            title, detail = _email(event, (letters or {}).get(event.entity_id or 0))
        else:
            title, detail = _title(event), _detail(event)
            if words is not None and event.action == "update" and event.changes:
                changes = words.describe(event, _FIELD_WORDS)
        items.append(
            TimelineItem(
                event.occurred_at, title, event.actor_name, detail, event.actor_id, changes
            )
        )
    return items


def timeline(session: Session, case: Case) -> list[TimelineItem]:
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.case_id == case.id, AuditEvent.action.not_in(_NOT_ON_TIMELINE))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )
    items = describe_events(events, emailed_letters(session, case), session)
    for note in session.scalars(select(Note).where(Note.case_id == case.id)):
        items.append(
            TimelineItem(
                note.created_at,
                "Note added",
                note.author.full_name if note.author else "System",
                note.body,
                note.author_id,
            )
        )
    items.sort(key=lambda item: item.at, reverse=True)
    return items


def emailed_letters(session: Session, case: Case) -> dict[int, str]:
    """Which letter each of the case's emails carries ("Outcome letter"), by message id."""
    return {
        message_id: description or "Letter"
        for message_id, description in session.execute(
            select(Contact.outbox_message_id, Attachment.description)
            .join(Attachment, Contact.attachment_id == Attachment.id)
            .where(Contact.case_id == case.id, Contact.outbox_message_id.is_not(None))
        )
    }


def _title(event: AuditEvent) -> str:
    if event.entity_type == "contacts":
        contact = _contact_title(event.action, event.changes or {})
        if contact:
            return contact
    if event.action.startswith("transition:"):
        name = event.action.split(":", 1)[1]
        if name in _REVIEW_STEPS:
            return _REVIEW_STEPS[name](event.changes or {})
        transition = TRANSITIONS.get(name)
        return transition.label if transition else event.action
    if event.entity_type in _REVIEW_ENTITIES:
        return _REVIEW_ENTITIES[event.entity_type](event.action, event.changes or {})
    if event.entity_type == "cases" and event.action == "create":
        return "Case logged"
    entity = _ENTITY_WORDS.get(event.entity_type, event.entity_type.replace("_", " "))
    return f"{entity} {_ACTION_WORDS.get(event.action, event.action)}"


def _detail(event: AuditEvent) -> str | None:
    if event.action.startswith("transition:"):
        # The summary is the reason given, or the step's own name when none was.
        name = event.action.split(":", 1)[1]
        if name in _REVIEW_STEPS and name in TRANSITIONS:
            return event.summary if event.summary != TRANSITIONS[name].label else None
        return event.summary if event.summary != _title(event) else None
    if event.entity_type == "allegation_actions":
        return _action_taken(event.changes or {})
    if event.action == "update" and event.changes:
        fields = ", ".join(field_words(k, _FIELD_WORDS).lower() for k in event.changes)
        return f"Changed: {fields}"
    return None


def _action_taken(changes: dict) -> str | None:
    """The action added or removed, by its label ("Apology"), not its code."""
    pair = changes.get("code")
    code = next((v for v in pair if v), None) if isinstance(pair, list) else None
    try:
        return AllegationAction(code).label if code else None
    except ValueError:
        return str(code)


# Reviews in plain words (A2): what happened, not which columns changed. -----------------


def _new_value(changes: dict, field: str):
    value = changes.get(field)
    return value[1] if isinstance(value, list) and len(value) == 2 else None


def _review_decided(changes: dict) -> str:
    upheld = _new_value(changes, "state") not in (None, "finalised")
    return "Review decided: upheld" if upheld else "Review decided: not upheld"


_REVIEW_STEPS = {
    "apply_for_review": lambda changes: "Review application recorded",
    "decide_review": _review_decided,
}


def _review_title(action: str, changes: dict) -> str:
    if action == "create":
        if _new_value(changes, "valid") is False:
            return "Review application recorded as not valid"
        if _new_value(changes, "forwarded_on"):
            return "Review application forwarded to the review body"
        return "Review opened"
    if "outcome" in changes:
        return "Review decision recorded"
    if "reviewer_id" in changes:
        return "Review taken by an OPCC reviewer"
    if "decision_letter_id" in changes or "forwarding_letter_id" in changes:
        return "Letter about the review kept with the case"
    return "Review updated"


def _recommendation_title(action: str, changes: dict) -> str:
    if action == "create":
        return "Review recommendation made"
    if "learning_item_id" in changes and len(changes) == 1:
        return "Learning raised from a review recommendation"
    return "Force's response to a review recommendation recorded"


_REVIEW_ENTITIES = {"reviews": _review_title, "review_recommendations": _recommendation_title}


_FIELD_WORDS = {
    "result_recorded_at": "result recorded",
    "reviewer_id": "reviewer",
    "allocated_at": "date taken",
    "decided_on": "date decided",
    "decided_by_id": "decided by",
    "sent_back_to": "where the case went back to",
    "decision_letter_id": "decision letter",
    "forwarding_letter_id": "forwarding letter",
    "responded_on": "date of the response",
    "responded_by_id": "responded by",
    "learning_item_id": "learning item",
    "posted_at": "date posted",
    "posted_by_id": "posted by",
    "for_post": "to be posted",
    "outbox_message_id": "email",
}


# Letters by post and by email (complaints.cases.delivery). ----------------------------------


def _contact_title(action: str, changes: dict) -> str | None:
    """A letter's contact in words where it says how the letter goes; None otherwise."""
    if action == "create" and _new_value(changes, "for_post") is True:
        return "Letter to the complainant waiting to be posted"
    if action == "update" and "posted_at" in changes:
        return "Letter to the complainant posted"
    if action == "update" and _new_value(changes, "for_post") is True:
        return "Letter to the complainant to be posted instead, as its email could not be sent"
    return None


def _email(event: AuditEvent, letter: str | None) -> tuple[str, str | None]:
    """One step of an email's progress through the outbox: title and detail."""
    what = f"{letter} emailed to the complainant" if letter else "Email to the complainant"
    changes = event.changes or {}
    status = _new_value(changes, "status")
    attempts = _new_value(changes, "attempts")
    error = _new_value(changes, "last_error")
    if event.action == "create":
        return f"{what}: waiting to be sent", None
    if status == "sent":
        return f"{what}: sent", None
    if status == "failed":
        tries = f" after {attempts} tries" if attempts else ""
        return (
            f"{what}: failed",
            f"The email could not be sent{tries}"
            f"{f' (last error: {error})' if error else ''}. Check the complainant's email "
            "address, and send the letter by post.",
        )
    if status == "bounced":  # returned by the complainant's mail server after sending
        return (
            f"{what}: bounced",
            "The email was returned undelivered. Check the complainant's email address, and "
            "send the letter by post.",
        )
    if status == "kept":
        return f"{what}: kept, not sent (no mail server is set up)", None
    if attempts:
        return (
            f"{what}: not sent yet, trying again",
            f"Try {attempts} failed{f' ({error})' if error else ''}; it will be tried again.",
        )
    return f"{what}: updated", None
