"""Triage of the complaints sent online: each is logged as a new case, added to a case the
force already has, or recorded as not a complaint, by a handler who has seen it beside
the cases it may match. The person is told by email what became of it.

Only staff of the submission's force who log cases see its submissions; a submission is
decided once (its version guards against two handlers deciding it at the same moment).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session, object_session

from complaints.auth.permissions import Permission, role_can
from complaints.cases import matching, queries
from complaints.cases.choices import EQUALITY_FIELDS
from complaints.cases.models import Case
from complaints.cases.services import add_note
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import london_date
from complaints.common.errors import ChangedMeanwhile, Refused
from complaints.documents.models import AttachmentKind
from complaints.documents.services import Upload, add_attachment
from complaints.documents.storage import FileStore
from complaints.forces.models import Force
from complaints.mail import outbox
from complaints.public.models import NotAComplaint, OnlineSubmission, SubmissionStatus


class TriageRefused(Refused):
    """A triage step on an online complaint that cannot be taken."""


def of_my_forces(actor: Actor) -> ColumnElement[bool]:
    """The submissions this actor may triage: sent to a force whose cases they log (the
    PSD; the OPCC logs only complaints about the chief constable, which come to it)."""
    if not role_can(actor.role, Permission.LOG_CASE):
        return OnlineSubmission.id.is_(None)
    return OnlineSubmission.force_id.in_(actor.forces)


def waiting(actor: Actor) -> Select[tuple[OnlineSubmission]]:
    """Submissions still to triage, oldest first (the law's clock started when sent)."""
    return (
        select(OnlineSubmission)
        .where(of_my_forces(actor), OnlineSubmission.status == SubmissionStatus.NEW)
        .order_by(OnlineSubmission.received_at, OnlineSubmission.id)
    )


def load(session: Session, actor: Actor, submission_id: int) -> OnlineSubmission | None:
    return session.scalar(
        select(OnlineSubmission).where(OnlineSubmission.id == submission_id, of_my_forces(actor))
    )


def matches(session: Session, actor: Actor, submission: OnlineSubmission) -> list[matching.Match]:
    """Cases the submission may be about, among those this actor may see: the same person
    by name, email or postcode, or the same incident date."""
    return matching.possible_matches(
        session,
        actor,
        complainant_family_name=submission.family_name,
        complainant_given_name=submission.given_name,
        email=submission.email,
        postcode=submission.postcode,
        phone=str(submission.answers.get("phone") or "") or None,
        incident_on=submission.incident_on,
        received_on=london_date(submission.received_at),
    )


def _still_new(submission: OnlineSubmission, version: int | None) -> None:
    if version is not None and version != submission.version:
        raise ChangedMeanwhile("Someone else dealt with this submission meanwhile")
    if submission.status != SubmissionStatus.NEW:
        raise TriageRefused(
            f"This submission has already been dealt with: {submission.status.label}"
        )


def _decided(submission: OnlineSubmission, actor: Actor, status: SubmissionStatus, now) -> None:
    submission.status = status
    submission.decided_by_id = actor.user_id
    submission.decided_at = now


def mark_logged(
    session: Session,
    actor: Actor,
    submission: OnlineSubmission,
    case: Case,
    store: FileStore,
    now: dt.datetime,
) -> None:
    """The case logged from this submission (in the same transaction as the case), with
    the files that came with it."""
    audit.acting(session, actor, now)
    _still_new(submission, None)
    _decided(submission, actor, SubmissionStatus.LOGGED, now)
    submission.case_id = case.id
    _file_with(session, actor, case, submission, store, now)
    if submission.email:
        outbox.queue(session, _logged_email(submission, case), now)
    session.flush()


def add_to_case(
    session: Session,
    actor: Actor,
    submission: OnlineSubmission,
    reference: str,
    version: int,
    store: FileStore,
    now: dt.datetime,
) -> Case:
    """Add what was sent to a case this actor may see, as a note the case's people read,
    and tell the person their complaint already has a reference."""
    audit.acting(session, actor, now)
    _still_new(submission, version)
    case = _visible_case(session, actor, reference)
    if case.force_id != submission.force_id:
        raise TriageRefused("That case is another force's", "reference")
    add_note(session, actor, case, _as_note(submission), now)
    _file_with(session, actor, case, submission, store, now)
    _decided(submission, actor, SubmissionStatus.ADDED, now)
    submission.case_id = case.id
    if submission.email:
        outbox.queue(session, _added_email(submission, case), now)
    session.flush()
    return case


def not_a_complaint(
    session: Session,
    actor: Actor,
    submission: OnlineSubmission,
    reason: NotAComplaint,
    note: str,
    version: int,
    now: dt.datetime,
) -> None:
    """Record why this is not a complaint; the person is told why, unless it was spam."""
    audit.acting(session, actor, now)
    _still_new(submission, version)
    note = note.strip()
    if reason == NotAComplaint.OTHER and not note:
        raise TriageRefused("Say why this is not a complaint", "note")
    _decided(submission, actor, SubmissionStatus.NOT_A_COMPLAINT, now)
    submission.not_a_complaint = reason
    submission.decision_note = note or None
    if submission.email and reason != NotAComplaint.SPAM:
        outbox.queue(session, _not_a_complaint_email(submission, reason, note), now)
    session.flush()


def case_from(submission: OnlineSubmission) -> dict[str, Any]:
    """The new-case form's answers taken from a submission: the received date is the day
    it was sent; someone complaining for another is their representative."""
    a = submission.answers
    for_other = a.get("for_whom") == "someone_else"
    person = {
        "given_name": a.get("their_given_name") if for_other else a.get("given_name"),
        "family_name": a.get("their_family_name") if for_other else a.get("family_name"),
        "title": None if for_other else a.get("title"),
    }
    contact = {
        "email": a.get("email"),
        "phone": a.get("phone"),
        "address": a.get("address"),
        "postcode": a.get("postcode"),
    }
    data: dict[str, Any] = {
        "case_type": "complaint",
        "received_on": london_date(submission.received_at),
        "channel": "online",
        "summary": str(a.get("what_happened") or "")[:5000],
        "incident_on": submission.incident_on,
        "incident_place": a.get("place"),
        "needs": a.get("needs"),
        "contact_preference": {"email": "email", "letter": "letter", "phone": "phone"}.get(
            str(a.get("contact_by"))
        ),
        **person,
        **{k: a.get(k) for k in EQUALITY_FIELDS},
    }
    if for_other:
        name = " ".join(str(a.get(k) or "") for k in ("title", "given_name", "family_name"))
        data.update(
            representative_name=name.strip(),
            representative_email=contact["email"],
            representative_phone=contact["phone"],
            representative_address=contact["address"],
        )
    else:
        data.update(contact)
    return data


def _file_with(
    session: Session,
    actor: Actor,
    case: Case,
    submission: OnlineSubmission,
    store: FileStore,
    now: dt.datetime,
) -> None:
    """The files sent with the form, filed with the case as evidence (checked again)."""
    for sent in submission.answers.get("files") or []:
        upload = Upload(
            filename=sent["name"],
            data=store.get(sent["sha256"]),
            kind=AttachmentKind.EVIDENCE,
            description=f"Sent online with {submission.reference}",
        )
        add_attachment(session, actor, case, upload, store, now)


def _visible_case(session: Session, actor: Actor, reference: str) -> Case:
    found = queries.find_by_reference(session, actor, reference.strip())
    if found is None:
        raise TriageRefused("Enter the reference of a case you can see", "reference")
    return found


def _as_note(submission: OnlineSubmission) -> str:
    a = submission.answers
    lines = [
        f"Sent online on {london_date(submission.received_at):%d/%m/%Y} "
        f"(reference {submission.reference}).",
        f"What happened: {a.get('what_happened', '')}",
    ]
    for label, key in (
        ("When", "incident_on"),
        ("Where", "place"),
        ("Who was involved", "involved"),
        ("What they would like", "wanted_outcome"),
    ):
        if a.get(key):
            lines.append(f"{label}: {a[key]}")
    return "\n".join(lines)


def _email(submission: OnlineSubmission, kind: str, subject: str, words: list[str]):
    force: Force = submission_force(submission)
    name = " ".join(p for p in (submission.answers.get("given_name"), submission.family_name) if p)
    lines = [f"Dear {name},", "", *words, "", force.psd_name, force.name, *force.psd_contact_lines]
    return outbox.Email(
        to=str(submission.email),
        subject=f"{force.name}: {subject} ({submission.reference})",
        body="\n".join(lines) + "\n",
        kind=kind,
        force_id=force.id,
        case_id=submission.case_id,
    )


def submission_force(submission: OnlineSubmission) -> Force:
    return object_session(submission).get(Force, submission.force_id)


def _logged_email(submission: OnlineSubmission, case: Case):
    return _email(
        submission,
        "online_submission_logged",
        "your complaint has been logged",
        [
            f"We have logged the complaint you sent us online ({submission.reference}).",
            "",
            f"Its reference is now {case.reference}. Please use it if you contact us.",
            "",
            "We will write to you about what happens next.",
        ],
    )


def _added_email(submission: OnlineSubmission, case: Case):
    return _email(
        submission,
        "online_submission_added",
        "we have added what you sent to your complaint",
        [
            f"What you sent us online ({submission.reference}) is about a complaint we are "
            "already dealing with, so we have added it to that complaint.",
            "",
            f"Its reference is {case.reference}. Please use it if you contact us.",
        ],
    )


REASON_WORDS = {
    NotAComplaint.SERVICE_REQUEST: (
        "What you sent us asks the police for a service, rather than complaining about "
        "how the police behaved or how they are run."
    ),
    NotAComplaint.DUPLICATE: "What you sent us repeats a complaint we already have from you.",
    NotAComplaint.OTHER: "We have decided that what you sent us is not a complaint.",
}


def _not_a_complaint_email(submission: OnlineSubmission, reason: NotAComplaint, note: str):
    words = [
        f"Thank you for contacting us ({submission.reference}).",
        "",
        REASON_WORDS[reason],
        *(["", note] if note else []),
        "",
        "If you think we have got this wrong, reply to this email or contact us, quoting "
        "your reference.",
    ]
    return _email(submission, "online_submission_not_a_complaint", "about what you sent us", words)
