"""Disposal of a case's personal data (domain.md A12): approved by the appropriate
authority, in one transaction, never undone.

What goes: every personal column of the case's complainants and their representatives
(and the folded copies kept for search), their equality answers, the case's free text
(summary, places, allegation descriptions, notes, contact notes, the reasons it was
linked to other cases, investigation and review text, reminders, dip-sample findings,
legal-hold reasons), the letters and emails
sent (their text, addresses and PDFs), the online form the complaint came from, the
tracking links, and the files of its documents and letters in the file store with their
names.

What stays: the reference, type, force, dates, states, channel, categories, division,
handling, referral, results, actions, the officers named (subjects keep their identity:
the schedule is about the complainant's and other people's data, and an officer's
misconduct record is kept by the rule for misconduct findings), severity, conduct
outcomes, reviews' bodies and outcomes, and the count of complainants; so every measure
(``complaints.reports.queries``) counts the case as before. Equality answers feed a
measure, so they are first added to the force's kept counts for the month the complaint
was logged, which the measure reads in their place.

The rows are cleared with bulk statements, not through the unit of work, so that the
audit trail is told what kinds of record were disposed of and how many, and never the
values that were cleared (the flush would write a changed column's old value). Files are
removed from the store after the database has taken every change, and only those no other
case's record names (the store keeps one copy of identical bytes): should the commit then
fail, the files are gone and the rows remain, and disposing again finishes the work.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import case as when
from sqlalchemy import delete, null, or_, select, update
from sqlalchemy.orm import Session

from complaints.cases.choices import CaseType
from complaints.cases.models import (
    Allegation,
    Case,
    CaseLink,
    CaseSubject,
    Complainant,
    Contact,
    EqualityMonitoring,
    Note,
    Representative,
)
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import LONDON
from complaints.documents.models import Attachment
from complaints.documents.storage import FileStore
from complaints.investigations.models import (
    Investigation,
    SeverityAssessment,
    SuspensionPeriod,
    TwelveMonthReport,
)
from complaints.mail.models import MailStatus, OutboxMessage
from complaints.oversight.models import SampledCase
from complaints.public.models import OnlineSubmission, TrackingLink
from complaints.reports.queries.breakdowns import EQUALITY_QUESTIONS
from complaints.retention import schedule
from complaints.retention.models import CaseDisposal, KeptEqualityCount, LegalHold
from complaints.retention.services import RetentionRefused
from complaints.reviews.models import Review, ReviewRecommendation
from complaints.tray.models import BringForward

NOT_SENT = "Not sent: the case's personal data was disposed of"


def refusal(session: Session, case: Case, today: dt.date) -> str | None:
    """Why this case cannot be disposed of today, or None if it can."""
    if case.disposed_at is not None:
        return "This case's personal data has already been disposed of"
    if schedule.on_hold(session, case.id) is not None:
        return "This case is on legal hold, so it cannot be disposed of"
    due = schedule.due_on_for(session, case)
    if due is None:
        return "Only a closed case can be disposed of"
    if due.due_on > today:
        return f"This case is not due for review until {due.due_on:%-d %B %Y}"
    return None


def dispose(
    session: Session, actor: Actor, case: Case, store: FileStore, now: dt.datetime
) -> CaseDisposal:
    """Remove the personal data of a case due for review, keeping what the measures count."""
    audit.acting(session, actor, now)
    today = now.astimezone(LONDON).date()
    why = refusal(session, case, today)
    if why:
        raise RetentionRefused(why)
    due = schedule.due_on_for(session, case)
    assert due is not None  # refusal() said so
    session.flush()
    counts: dict[str, int] = {}

    def clear(kind: str, statement: Any) -> None:
        found = session.execute(statement, execution_options={"synchronize_session": False})
        if found.rowcount:
            counts[kind] = counts.get(kind, 0) + found.rowcount

    complainants = select(Complainant.id).where(Complainant.case_id == case.id)
    subjects = select(CaseSubject.id).where(CaseSubject.case_id == case.id)
    investigations = select(Investigation.id).where(Investigation.case_id == case.id)
    reviews = select(Review.id).where(Review.case_id == case.id)

    _keep_equality_counts(session, case)
    clear(
        "equality answers",
        delete(EqualityMonitoring).where(EqualityMonitoring.complainant_id.in_(complainants)),
    )
    clear(
        "representatives",
        update(Representative)
        .where(Representative.complainant_id.in_(complainants))
        .values(
            name="",
            organisation=None,
            email=None,
            phone=None,
            address=None,
            consent_received_on=None,
            copy_to_complainant=False,
        ),
    )
    clear("tracking links", delete(TrackingLink).where(TrackingLink.case_id == case.id))
    clear(
        "complainants",
        update(Complainant)
        .where(Complainant.case_id == case.id)
        .values(
            title=None,
            given_name="",
            family_name="",
            email=None,
            phone=None,
            address=None,
            postcode=None,
            contact_preference=None,
            needs=None,
            search_name="",
            search_family="",
        ),
    )
    clear(
        "allegation descriptions",
        update(Allegation)
        .where(Allegation.case_id == case.id)
        .values(description="", incident_place=None),
    )
    clear("notes", delete(Note).where(Note.case_id == case.id))
    clear(
        "reasons for linking cases",
        update(CaseLink)
        .where(or_(CaseLink.case_id == case.id, CaseLink.linked_case_id == case.id))
        .values(reason=""),
    )
    clear(
        "contact records",
        update(Contact)
        .where(Contact.case_id == case.id)
        # A letter's words (kept for its accessible version) name whoever it was to.
        .values(summary=None, complainant_wishes=None, letter_words=null()),
    )
    clear(
        "emails",
        update(OutboxMessage)
        .where(OutboxMessage.case_id == case.id)
        .values(to_address="", body="", attachment=None, last_error=None),
    )
    # The email that acknowledged the online form went before the form had a case; like
    # every email about a form, its subject names the form's reference.
    for reference in session.scalars(
        select(OnlineSubmission.reference).where(OnlineSubmission.case_id == case.id)
    ):
        clear(
            "emails",
            update(OutboxMessage)
            .where(
                OutboxMessage.case_id.is_(None),
                OutboxMessage.subject.contains(f"({reference})", autoescape=True),
            )
            .values(to_address="", body="", attachment=None, last_error=None, case_id=case.id),
        )
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.case_id == case.id, OutboxMessage.status == MailStatus.QUEUED)
        .values(status=MailStatus.FAILED, last_error=NOT_SENT),
        execution_options={"synchronize_session": False},
    )
    clear(
        "online complaint forms",
        update(OnlineSubmission)
        .where(OnlineSubmission.case_id == case.id)
        .values(
            answers={}, given_name="", family_name="", email=None, postcode=None, decision_note=None
        ),
    )
    clear(
        "investigation text",
        update(Investigation)
        .where(Investigation.case_id == case.id)
        .values(terms_of_reference=None, report_summary=None),
    )
    clear(
        "severity rationales",
        update(SeverityAssessment)
        .where(SeverityAssessment.case_subject_id.in_(subjects))
        .values(rationale=None),
    )
    clear(
        "notification reasons",
        update(CaseSubject)
        .where(CaseSubject.case_id == case.id, CaseSubject.notification_withheld_reason.isnot(None))
        .values(notification_withheld_reason=""),
    )
    clear(
        "suspension reasons",
        update(SuspensionPeriod)
        .where(SuspensionPeriod.investigation_id.in_(investigations))
        .values(reason=""),
    )
    clear(
        "twelve-month reports",
        update(TwelveMonthReport)
        .where(TwelveMonthReport.investigation_id.in_(investigations))
        # A report withheld from the OPCC keeps saying so (a CHECK ties the two).
        .values(progress="", withheld_reason=_blank_if_set(TwelveMonthReport.withheld_reason)),
    )
    clear(
        "review text",
        update(Review)
        .where(Review.case_id == case.id)
        .values(late_special_reason=None, rationale=None),
    )
    clear(
        "review recommendations",
        update(ReviewRecommendation)
        .where(ReviewRecommendation.review_id.in_(reviews))
        .values(text="", response=None),
    )
    clear(
        "dip-sample findings",
        update(SampledCase).where(SampledCase.case_id == case.id).values(findings=None),
    )
    clear(
        "bring-forward notes",
        update(BringForward).where(BringForward.case_id == case.id).values(note=""),
    )
    clear(
        "legal-hold reasons",
        update(LegalHold).where(LegalHold.case_id == case.id).values(reason="", lift_reason=None),
    )
    files = _files_to_remove(session, case)
    clear(
        "documents and letters",
        update(Attachment)
        .where(Attachment.case_id == case.id)
        .values(filename="", description=None),
    )
    clear(
        "case text",
        update(Case)
        .where(Case.id == case.id)
        .values(
            summary="",
            search_summary="",
            incident_place=None,
            contact_not_possible_reason=None,
            disposed_at=now,
            updated_at=now,
            version=Case.version + 1,
        ),
    )
    counts.pop("case text", None)
    record = CaseDisposal(
        case_id=case.id,
        force_id=case.force_id,
        disposed_at=now,
        disposed_by_id=actor.user_id,
        review_due_on=due.due_on,
        disposed=dict(sorted(counts.items())) | {"files": len(files)},
    )
    session.add(record)
    audit.record(
        session,
        "dispose",
        entity_type="cases",
        entity_id=case.id,
        case_id=case.id,
        changes={"disposed": record.disposed, "review_due_on": due.due_on},
        summary="Personal data disposed of under the retention schedule",
        actor=actor,
        now=now,
    )
    session.flush()
    session.expire_all()
    for sha256 in files:
        store.remove(sha256)
    return record


def _blank_if_set(column: Any) -> Any:
    """'' where the column holds text, NULL where it held none."""
    return when((column.is_(None), None), else_="")


def _files_to_remove(session: Session, case: Case) -> list[str]:
    """The stored files of this case's documents and letters that no other case names."""
    mine = set(session.scalars(select(Attachment.sha256).where(Attachment.case_id == case.id)))
    if not mine:
        return []
    shared = set(
        session.scalars(
            select(Attachment.sha256).where(
                Attachment.sha256.in_(sorted(mine)), Attachment.case_id != case.id
            )
        )
    )
    return sorted(mine - shared)


def _keep_equality_counts(session: Session, case: Case) -> None:
    """Add the complainants' equality answers to the force's counts for the month the
    complaint was logged, before the answers go (the measure counts complaints only)."""
    if case.case_type != CaseType.COMPLAINT:
        return
    month = case.logged_at.astimezone(LONDON).date().replace(day=1)
    rows = session.execute(
        select(Complainant.id, EqualityMonitoring)
        .outerjoin(EqualityMonitoring, EqualityMonitoring.complainant_id == Complainant.id)
        .where(Complainant.case_id == case.id)
    ).all()
    for _complainant_id, answers in rows:
        for question, _label in EQUALITY_QUESTIONS:
            answer = (getattr(answers, question) if answers else None) or ""
            kept = session.get(KeptEqualityCount, (case.force_id, month, question, answer))
            if kept is None:
                kept = KeptEqualityCount(
                    force_id=case.force_id,
                    month=month,
                    question=question,
                    answer=answer,
                    complainants=0,
                )
                session.add(kept)
            kept.complainants += 1
    session.flush()
