"""The Regulation 17 notice: served on a subject assessed as misconduct or gross
misconduct in an investigation under the Conduct Regulations (domain.md A10).

The notice tells the officer what is alleged, its severity and their rights; they may
respond within 10 working days (reg 18). The investigator, or the appropriate authority,
records it, and the investigator cannot submit the report while a subject assessed as
misconduct or gross misconduct has not been served one (``unserved``, read by the
workflow's guard on ``submit_report``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from complaints.auth.permissions import Permission, can
from complaints.cases.choices import CaseType
from complaints.cases.models import Case, CaseSubject
from complaints.cases.services import CaseError
from complaints.common import audit, workdays
from complaints.common.actor import Actor
from complaints.common.clock import format_date, london_date
from complaints.investigations.models import ConductOutcome, Severity
from complaints.investigations.queries import conduct_outcome, current_severity, severity_history
from complaints.subjects.models import SubjectKind

RESPONSE_WORKING_DAYS = 10  # the officer's response to the notice (reg 18)
MISCONDUCT_LEVELS = frozenset({Severity.MISCONDUCT, Severity.GROSS_MISCONDUCT})


@dataclass(frozen=True)
class NoticeData:
    served_on: dt.date
    response_on: dt.date | None = None  # when the officer's response arrived, if it has


def conduct_procedures_apply(case: Case) -> bool:
    """Notices and case to answer belong to investigations under the Conduct Regulations:
    every conduct matter's, and a complaint's under special procedures (para 19A)."""
    investigation = case.investigation
    if investigation is None:
        return False
    return case.case_type == CaseType.CONDUCT_MATTER or investigation.special_procedures


def response_due(served_on: dt.date) -> dt.date:
    return workdays.add(served_on, RESPONSE_WORKING_DAYS)


def needs_notice(case: Case, case_subject: CaseSubject) -> bool:
    """Whether this subject must be served a notice before the report goes in."""
    return (
        conduct_procedures_apply(case)
        and case_subject.subject.kind != SubjectKind.UNIDENTIFIED
        and current_severity(case_subject) in MISCONDUCT_LEVELS
    )


def unserved(case: Case) -> list[CaseSubject]:
    """Subjects assessed as misconduct or gross misconduct still without a notice."""
    waiting = []
    for case_subject in case.subjects:
        if not needs_notice(case, case_subject):
            continue
        outcome = conduct_outcome(case_subject)
        if outcome is None or outcome.regulation_17_served_on is None:
            waiting.append(case_subject)
    return waiting


def may_record(actor: Actor, case: Case) -> bool:
    """The investigator serves the notice; the appropriate authority may record it too."""
    return can(actor, Permission.INVESTIGATE, case) or can(actor, Permission.DECIDE, case)


def notice_refusal(case: Case, case_subject: CaseSubject) -> str | None:
    """Why no notice can be recorded for this subject, or None: the one rule for the link
    on the Investigation tab and for the save."""
    if not conduct_procedures_apply(case):
        return "A Regulation 17 notice is served only in an investigation under special procedures"
    if not case.is_open:
        return "The case is closed, so the notice can no longer be recorded"
    if case_subject.subject.kind == SubjectKind.UNIDENTIFIED:
        return "Identify the subject first: an unidentified subject has no conduct record"
    return None


def check_notice(case: Case, case_subject: CaseSubject, served: dt.date, today: dt.date) -> None:
    """A notice dated within the investigation, after an assessment of misconduct."""
    if not conduct_procedures_apply(case):
        raise CaseError(
            "A Regulation 17 notice is served only in an investigation under special procedures"
        )
    if served > today:
        raise CaseError("The date the Regulation 17 notice was served must be today or earlier")
    started = case.investigation.started_on
    if served < started:
        raise CaseError(
            "The date the Regulation 17 notice was served must be on or after the "
            f"investigation started ({format_date(started)})"
        )
    assessed = [a for a in severity_history(case_subject) if a.assessed_on <= served]
    if not assessed or assessed[-1].severity not in MISCONDUCT_LEVELS:
        raise CaseError(
            "A Regulation 17 notice states the severity: the subject must have been assessed "
            "as misconduct or gross misconduct by the date it was served"
        )


def serve_notice(
    session: Session,
    actor: Actor,
    case: Case,
    case_subject: CaseSubject,
    data: NoticeData,
    now: dt.datetime,
) -> ConductOutcome:
    """Record the notice (and the officer's response, once it arrives) on the subject's
    conduct record, which is made here if it does not exist yet."""
    audit.acting(session, actor, now)
    if not may_record(actor, case):
        raise CaseError("Only the investigator or the appropriate authority records the notice")
    refused = notice_refusal(case, case_subject)
    if refused is not None:
        raise CaseError(refused)
    today = london_date(now)
    if data.served_on is None:
        raise CaseError("Enter the date the Regulation 17 notice was served")
    check_notice(case, case_subject, data.served_on, today)
    response = data.response_on
    if response is not None and response > today:
        raise CaseError("The date of the officer's response must be today or earlier")
    if response is not None and response < data.served_on:
        raise CaseError(
            "The date of the officer's response must be on or after the notice was served"
        )
    outcome = conduct_outcome(case_subject)
    if outcome is None:
        outcome = ConductOutcome(case_subject_id=case_subject.id)
        session.add(outcome)
    if outcome.regulation_17_served_on != data.served_on:
        outcome.regulation_17_served_by_id = actor.user_id
    outcome.regulation_17_served_on = data.served_on
    outcome.regulation_17_response_on = response
    case.updated_at = now
    session.flush()
    return outcome
