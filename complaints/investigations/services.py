"""Investigation details, severity assessments and each subject's conduct outcome (A3).

Who: the appropriate authority (``Permission.DECIDE``) takes every decision here: who
investigates, whether special procedures apply, severity, case to answer and outcomes.
The assigned investigator (``Permission.INVESTIGATE``) keeps the terms of reference, the
working brief they agree with the appropriate authority, and nothing else.

The rules for outcomes follow the Conduct Regulations as domain.md B2.2 sets them out
(reg 42): each refusal is a sentence naming the field, so a form can show it beside it.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.orm import Session

from complaints.auth.models import User
from complaints.auth.permissions import Permission, can
from complaints.cases.choices import (
    CONDUCT_OUTCOME_STATES,
    INVESTIGATION_STATES,
)
from complaints.cases.models import Case, CaseSubject
from complaints.cases.services import CaseError, grant_access
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import format_date, london_date
from complaints.common.errors import ChangedMeanwhile
from complaints.investigations import investigators
from complaints.investigations.models import (
    ConductOutcome,
    Finding,
    Investigation,
    InvestigationMode,
    Proceedings,
    Sanction,
    Severity,
    SeverityAssessment,
)
from complaints.investigations.notices import MISCONDUCT_LEVELS, conduct_procedures_apply
from complaints.investigations.queries import (
    conduct_outcome,
    current_assessment,
    current_severity,
    missing_conduct_outcomes,
    severity_history,
)
from complaints.subjects.models import SubjectKind

__all__ = [
    "ConductOutcomeData",
    "InvestigationChangedMeanwhile",
    "InvestigationDetails",
    "SeverityData",
    "assess_severity",
    "current_assessment",
    "current_severity",
    "missing_conduct_outcomes",
    "record_conduct_outcome",
    "sanction_refusal",
    "severity_history",
    "update_investigation",
]

IOPC_MODES = frozenset({InvestigationMode.DIRECTED, InvestigationMode.INDEPENDENT})
# Reg 42: what each kind of proceedings may impose, by finding.
MEETING_SANCTIONS = frozenset({Sanction.WRITTEN_WARNING, Sanction.FINAL_WRITTEN_WARNING})
HEAVIER_FOR_MISCONDUCT = frozenset({Sanction.REDUCTION_IN_RANK, Sanction.DISMISSAL_WITH_NOTICE})
GROSS_MISCONDUCT_SANCTIONS = frozenset(
    {
        Sanction.FINAL_WRITTEN_WARNING,
        Sanction.REDUCTION_IN_RANK,
        Sanction.DISMISSAL_WITHOUT_NOTICE,
    }
)


E = TypeVar("E", bound=enum.Enum)


class InvestigationChangedMeanwhile(ChangedMeanwhile):
    """Someone saved the investigation after this editor opened it."""


def _member(enum_cls: type[E], value: object, what: str) -> E | None:
    """A form's value as one of an enum's members, or a refusal naming the field."""
    if value is None or isinstance(value, enum_cls):
        return value
    try:
        return enum_cls(value)
    except ValueError:
        raise CaseError(f"Choose {what}") from None


def _subject_on(case: Case, case_subject_id: int) -> CaseSubject:
    case_subject = next((cs for cs in case.subjects if cs.id == case_subject_id), None)
    if case_subject is None:
        raise CaseError("Choose a subject named on this case")
    if case_subject.subject.kind == SubjectKind.UNIDENTIFIED:
        raise CaseError("Identify the subject first: an unidentified subject has no conduct record")
    return case_subject


# Investigation details --------------------------------------------------------------


@dataclass(frozen=True)
class InvestigationDetails:
    """The investigation page's edits; a field left as None stays as it is."""

    terms_of_reference: str | None = None
    special_procedures: bool | None = None
    investigator_id: int | None = None
    expected_version: int | None = None  # the investigation's version the editor started from


def details_closed(case: Case) -> str | None:
    """Why the investigation's details cannot be changed now, or None while they can: the
    one rule behind the tab's link, the edit page and the save."""
    if case.investigation is None or case.state not in INVESTIGATION_STATES:
        return "The investigation can be changed only while it is under way or suspended"
    return None


def update_investigation(
    session: Session, actor: Actor, case: Case, data: InvestigationDetails, now: dt.datetime
) -> Investigation:
    """Terms of reference (AA or the assigned investigator); investigator and special
    procedures (AA only). A new investigator of a restricted case is named on it."""
    audit.acting(session, actor, now)
    deciding = can(actor, Permission.DECIDE, case)
    if not deciding and not can(actor, Permission.INVESTIGATE, case):
        raise CaseError("You do not have permission to change this investigation")
    investigation = case.investigation
    closed = details_closed(case)
    if closed is not None:
        raise CaseError(closed)
    if data.expected_version is not None and data.expected_version != investigation.version:
        raise InvestigationChangedMeanwhile(
            "Someone else changed this investigation while you were editing it. "
            "Check the details below and save again."
        )
    new_investigator = data.investigator_id not in (None, investigation.investigator_id)
    special_changed = data.special_procedures not in (None, investigation.special_procedures)
    if not deciding and new_investigator:
        raise CaseError("Only the appropriate authority can change the investigator")
    if not deciding and special_changed:
        raise CaseError(
            "Only the appropriate authority can decide whether special procedures apply"
        )
    terms = None
    if data.terms_of_reference is not None:
        terms = data.terms_of_reference.strip()
        if not terms:
            raise CaseError("Enter the terms of reference")
    if special_changed and not data.special_procedures:
        assessed = [cs for cs in case.subjects if current_severity(cs) in MISCONDUCT_LEVELS]
        if assessed:
            raise CaseError(
                "Special procedures apply while a subject is assessed as misconduct or gross "
                "misconduct: revise the severity assessment first"
            )
    investigator = None
    if new_investigator:
        investigator = session.get(User, data.investigator_id)
        refused = investigators.why_not(case, investigator)
        if refused is not None:
            raise CaseError(refused)

    if terms is not None:
        investigation.terms_of_reference = terms
    if special_changed:
        investigation.special_procedures = bool(data.special_procedures)
    if investigator is not None:
        if case.restricted:
            grant_access(session, actor, case, investigator, "investigator", now)
        investigation.investigator_id = investigator.id
    case.updated_at = now
    session.flush()
    return investigation


# Severity assessments ---------------------------------------------------------------


@dataclass(frozen=True)
class SeverityData:
    severity: Severity
    assessed_on: dt.date
    rationale: str
    by_iopc: bool = False  # the IOPC's own assessment, as in directed and independent work


def assess_severity(
    session: Session,
    actor: Actor,
    case: Case,
    case_subject_id: int,
    data: SeverityData,
    now: dt.datetime,
) -> SeverityAssessment:
    """A new assessment of a subject; a revision is another row, so the history stays."""
    audit.acting(session, actor, now)
    if not can(actor, Permission.DECIDE, case):
        raise CaseError("You do not have permission to assess severity on this case")
    investigation = case.investigation
    if investigation is None or not case.is_open:
        raise CaseError("Severity is assessed while the case is open and has an investigation")
    case_subject = _subject_on(case, case_subject_id)
    severity = _member(Severity, data.severity, "the severity: neither, misconduct or gross")
    if severity is None:
        raise CaseError("Choose the severity: neither, misconduct or gross misconduct")
    if data.assessed_on is None:
        raise CaseError("Enter the date of the severity assessment")
    if data.assessed_on > london_date(now):
        raise CaseError("The date of the severity assessment must be today or in the past")
    if data.assessed_on < case.received_on:
        raise CaseError(
            "The date of the severity assessment must be on or after the date the case was "
            f"received ({format_date(case.received_on)})"
        )
    latest = current_assessment(case_subject)
    if latest is not None and data.assessed_on < latest.assessed_on:
        raise CaseError(
            "The date of a revised severity assessment must be on or after the assessment it "
            f"revises ({format_date(latest.assessed_on)})"
        )
    if investigation.mode in IOPC_MODES and not data.by_iopc:
        raise CaseError(
            "The IOPC assesses severity in a directed or independent investigation: "
            "record the assessment as the IOPC's"
        )
    if investigation.mode not in IOPC_MODES and data.by_iopc:
        raise CaseError(
            "The appropriate authority, not the IOPC, assesses severity in a local investigation"
        )
    rationale = (data.rationale or "").strip()
    if not rationale:
        raise CaseError("Enter the rationale for the severity assessment")
    assessment = SeverityAssessment(
        case_subject_id=case_subject.id,
        severity=severity,
        assessed_on=data.assessed_on,
        assessed_by_id=None if data.by_iopc else actor.user_id,
        by_iopc=data.by_iopc,
        rationale=rationale,
    )
    session.add(assessment)
    case.updated_at = now
    session.flush()
    return assessment


# Conduct outcomes -------------------------------------------------------------------


@dataclass(frozen=True)
class ConductOutcomeData:
    """The whole of a subject's outcome as the form shows it: saving replaces it. The
    Regulation 17 notice is recorded apart (``investigations.notices``)."""

    case_to_answer: bool | None = None  # None: not decided (yet)
    proceedings: Proceedings | None = None
    finding: Finding | None = None
    sanction: Sanction | None = None
    rprp: bool = False
    practice_requiring_improvement: bool = False
    cps_referral: bool = False
    decided_on: dt.date | None = None  # set once the outcome is final
    final_warning_or_several_incidents: bool = False  # reg 42, for a misconduct finding


def _check_case_to_answer(
    case: Case,
    case_subject: CaseSubject,
    existing: ConductOutcome | None,
    data: ConductOutcomeData,
) -> None:
    if data.case_to_answer is None:
        return
    if not conduct_procedures_apply(case):
        raise CaseError(
            "Case to answer is decided only in an investigation under special procedures"
        )
    changed = existing is None or existing.case_to_answer != data.case_to_answer
    if changed and case.investigation.report_submitted_on is None:
        raise CaseError(
            "Decide whether there is a case to answer once the investigation report is in"
        )
    if data.case_to_answer and current_severity(case_subject) not in MISCONDUCT_LEVELS:
        raise CaseError(
            "Case to answer needs a current severity assessment of misconduct or gross "
            "misconduct: revise the assessment first"
        )


def _check_proceedings(
    data: ConductOutcomeData,
    proceedings: Proceedings | None,
    finding: Finding | None,
    sanction: Sanction | None,
) -> None:
    if proceedings is not None and data.case_to_answer is not True:
        raise CaseError("Misconduct proceedings need a case to answer")
    if finding is not None and proceedings is None:
        raise CaseError("A finding needs misconduct proceedings: choose a meeting or hearing")
    if finding == Finding.GROSS_MISCONDUCT and proceedings == Proceedings.MEETING:
        raise CaseError("A misconduct meeting cannot find gross misconduct: that needs a hearing")
    refused = sanction_refusal(
        proceedings, finding, sanction, data.final_warning_or_several_incidents
    )
    if refused is not None:
        raise CaseError(refused)


def sanction_refusal(
    proceedings: Proceedings | None,
    finding: Finding | None,
    sanction: Sanction | None,
    final_warning_or_several_incidents: bool = False,
) -> str | None:
    """Why reg 42 does not allow this sanction after these proceedings and this finding, or
    None if it does: the one rule for an outcome and for one substituted on appeal.

    A meeting gives a written or final written warning. A hearing finding misconduct may
    also reduce in rank or dismiss with notice, but only if a final written warning was in
    force or the findings cover several unconnected incidents; finding gross misconduct, it
    gives a final written warning, reduction in rank or dismissal without notice."""
    if sanction is None:
        return None
    if finding not in (Finding.MISCONDUCT, Finding.GROSS_MISCONDUCT):
        return "A sanction needs a finding of misconduct or gross misconduct"
    if proceedings == Proceedings.MEETING and sanction not in MEETING_SANCTIONS:
        return (
            "A misconduct meeting can give only a written warning or a final written warning "
            "as its sanction: reduction in rank and dismissal need a hearing"
        )
    if finding == Finding.GROSS_MISCONDUCT and sanction not in GROSS_MISCONDUCT_SANCTIONS:
        return (
            "The sanction for gross misconduct is a final written warning, reduction in rank "
            "or dismissal without notice"
        )
    if finding == Finding.MISCONDUCT and sanction == Sanction.DISMISSAL_WITHOUT_NOTICE:
        return "A sanction of dismissal without notice needs a finding of gross misconduct"
    if (
        finding == Finding.MISCONDUCT
        and sanction in HEAVIER_FOR_MISCONDUCT
        and not final_warning_or_several_incidents
    ):
        return (
            "Reduction in rank or dismissal with notice for misconduct needs a final written "
            "warning in force, or findings on several unconnected incidents"
        )
    return None


def _check_reflective_practice(
    data: ConductOutcomeData, proceedings: Proceedings | None, finding: Finding | None
) -> None:
    """RPRP and PRI replace proceedings, or follow them when neither misconduct nor gross
    misconduct is found (reg 42)."""
    if proceedings is None or finding == Finding.NOT_PROVEN:
        return
    for flag, name in (
        (data.rprp, "Reflective practice (RPRP)"),
        (data.practice_requiring_improvement, "Practice requiring improvement"),
    ):
        if flag:
            raise CaseError(
                f"{name} is instead of misconduct proceedings, or follows them only when "
                "neither misconduct nor gross misconduct is found"
            )


def _check_decided(
    case: Case,
    existing: ConductOutcome | None,
    data: ConductOutcomeData,
    proceedings: Proceedings | None,
    finding: Finding | None,
    today: dt.date,
) -> None:
    decided = data.decided_on
    if decided is None:
        return
    if decided > today:
        raise CaseError("The date the outcome was decided must be today or in the past")
    if decided < case.received_on:
        raise CaseError(
            "The date the outcome was decided must be on or after the date the case was "
            f"received ({format_date(case.received_on)})"
        )
    served = existing.regulation_17_served_on if existing else None
    if served is not None and decided < served:
        raise CaseError(
            "The date the outcome was decided must be on or after the Regulation 17 notice "
            f"was served ({format_date(served)})"
        )
    if proceedings is not None and finding is None:
        raise CaseError(
            "Record the finding of the proceedings before giving the date the outcome was decided"
        )


def record_conduct_outcome(
    session: Session,
    actor: Actor,
    case: Case,
    case_subject_id: int,
    data: ConductOutcomeData,
    now: dt.datetime,
) -> ConductOutcome:
    """Create or replace a subject's conduct outcome, refusing what reg 42 does not allow."""
    audit.acting(session, actor, now)
    if not can(actor, Permission.DECIDE, case):
        raise CaseError("You do not have permission to record conduct outcomes on this case")
    if case.state not in CONDUCT_OUTCOME_STATES:
        raise CaseError("Conduct outcomes are recorded once the case is handled or investigated")
    case_subject = _subject_on(case, case_subject_id)
    proceedings = _member(Proceedings, data.proceedings, "the kind of misconduct proceedings")
    finding = _member(Finding, data.finding, "the finding of the proceedings")
    sanction = _member(Sanction, data.sanction, "the sanction")
    today = london_date(now)
    existing = conduct_outcome(case_subject)
    _check_case_to_answer(case, case_subject, existing, data)
    _check_proceedings(data, proceedings, finding, sanction)
    # Set by the proceedings package's model (a backref), once they are arranged.
    arranged = getattr(existing, "proceeding", None)
    if arranged is not None and proceedings != existing.proceedings:
        raise CaseError(
            f"The {existing.proceedings.label.lower()} has been arranged, so the referral "
            "to it stays as it is"
        )
    _check_reflective_practice(data, proceedings, finding)
    _check_decided(case, existing, data, proceedings, finding, today)

    outcome = existing or ConductOutcome(case_subject_id=case_subject.id)
    outcome.case_to_answer = data.case_to_answer
    outcome.proceedings = proceedings
    outcome.finding = finding
    outcome.sanction = sanction
    outcome.rprp = data.rprp
    outcome.practice_requiring_improvement = data.practice_requiring_improvement
    outcome.cps_referral = data.cps_referral
    outcome.decided_on = data.decided_on
    outcome.final_warning_or_several_incidents = data.final_warning_or_several_incidents
    if existing is None:
        session.add(outcome)
    case.updated_at = now
    session.flush()
    return outcome
