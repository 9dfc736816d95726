"""Arranging a subject's misconduct meeting or hearing, adjourning it, and recording the
appeal (Police (Conduct) Regulations 2020, Part 4; domain.md A10).

Proceedings follow a case to answer and the appropriate authority's referral to a
meeting or hearing, recorded on the conduct outcome; their finding and sanction are
recorded there too, under reg 42's rules (``investigations.services``). What is here is
how they ran. Only the appropriate authority records it (``Permission.DECIDE``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from complaints.auth.permissions import Permission, can
from complaints.cases.models import Case, CaseSubject
from complaints.cases.services import CaseError
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import format_date, london_date
from complaints.common.limits import too_long
from complaints.investigations.models import ConductOutcome, Finding, Proceedings, Sanction
from complaints.investigations.queries import conduct_outcome
from complaints.investigations.services import sanction_refusal
from complaints.proceedings.models import Adjournment, AppealResult, MisconductProceeding

MAX_CHAIR = 200
MAX_PANEL = 500
MAX_REASON = 2000
PROVEN = frozenset({Finding.MISCONDUCT, Finding.GROSS_MISCONDUCT})


@dataclass(frozen=True)
class Arrangement:
    referred_on: dt.date  # the notice of referral given to the officer (reg 30)
    officer_response_on: dt.date | None = None  # the officer's response (reg 31)
    scheduled_on: dt.date | None = None
    chair: str = ""
    panel: str = ""
    publicly_notified_on: dt.date | None = None  # hearings only (reg 36)
    in_public: bool | None = None  # hearings only; None while not decided


@dataclass(frozen=True)
class AdjournmentData:
    adjourned_on: dt.date
    new_date: dt.date | None
    reason: str


@dataclass(frozen=True)
class AppealData:
    lodged_on: dt.date
    result: AppealResult | None = None
    decided_on: dt.date | None = None
    sanction: Sanction | None = None  # the outcome substituted, when the result varies it


def proceeding_of(case_subject: CaseSubject) -> MisconductProceeding | None:
    outcome = conduct_outcome(case_subject)
    return getattr(outcome, "proceeding", None) if outcome else None


def refusal(outcome: ConductOutcome | None) -> str | None:
    """Why proceedings cannot be arranged for this subject, or None when they can."""
    if outcome is None or not outcome.case_to_answer or outcome.proceedings is None:
        return (
            "Proceedings are arranged once the conduct outcome records a case to answer and "
            "a referral to a misconduct meeting or hearing"
        )
    return None


def adjournment_refusal(outcome: ConductOutcome | None) -> str | None:
    """Why the proceedings cannot be adjourned now, or None: the one rule for the link
    and the save."""
    proceeding = getattr(outcome, "proceeding", None) if outcome else None
    if proceeding is None:
        return "Arrange the proceedings first"
    if outcome.finding is not None:
        return "The proceedings have reached their finding, so they cannot be adjourned"
    if proceeding.scheduled_on is None:
        return "Set the date of the proceedings before adjourning them"
    return None


def appeal_refusal(outcome: ConductOutcome | None) -> str | None:
    """Why no appeal can be recorded, or None: an officer appeals a finding of misconduct
    or gross misconduct once the outcome is decided."""
    if getattr(outcome, "proceeding", None) is None:
        return "Arrange the proceedings first"
    if outcome.finding not in PROVEN or outcome.decided_on is None:
        return (
            "An appeal follows a finding of misconduct or gross misconduct: record the "
            "finding and the date the outcome was decided first"
        )
    return None


def appeal_body(kind: Proceedings) -> str:
    """An officer appeals a meeting's outcome to an appeal meeting, a hearing's to the
    Police Appeals Tribunal (B2.2)."""
    return "the Police Appeals Tribunal" if kind.is_hearing else "an appeal meeting"


def _allowed(actor: Actor, case: Case) -> None:
    if not can(actor, Permission.DECIDE, case):
        raise CaseError("Only the appropriate authority records misconduct proceedings")


def _past(day: dt.date | None, what: str, today: dt.date) -> None:
    if day is not None and day > today:
        raise CaseError(f"The date {what} must be today or in the past")


def _text(value: str, most: int, name: str) -> str | None:
    value = (value or "").strip()
    if len(value) > most:
        raise CaseError(too_long(name, most))
    return value or None


def _check_arrangement(case: Case, kind: Proceedings, data: Arrangement, today: dt.date) -> None:
    if data.referred_on is None:
        raise CaseError("Enter the date the notice of referral was given to the officer")
    _past(data.referred_on, "the notice of referral was given", today)
    reported = case.investigation.report_submitted_on if case.investigation else None
    if reported is not None and data.referred_on < reported:
        raise CaseError(
            "The date the notice of referral was given must be on or after the investigation "
            f"report was submitted ({format_date(reported)})"
        )
    if data.officer_response_on is not None:
        _past(data.officer_response_on, "of the officer's response", today)
        if data.officer_response_on < data.referred_on:
            raise CaseError(
                "The date of the officer's response must be on or after the notice of referral"
            )
    if data.scheduled_on is not None and data.scheduled_on < data.referred_on:
        raise CaseError(
            f"The date of the {kind.label.lower()} must be on or after the notice of referral"
        )
    if data.scheduled_on is not None and not (data.chair or "").strip():
        raise CaseError(
            "Enter the legally qualified chair of the hearing"
            if kind.is_hearing
            else "Enter who conducts the meeting"
        )
    if not kind.is_hearing:
        if (data.panel or "").strip():
            raise CaseError(
                "A misconduct meeting is conducted by one person: leave the panel blank"
            )
        if data.publicly_notified_on is not None or data.in_public:
            raise CaseError("A misconduct meeting is held in private and is not publicly notified")
    if data.publicly_notified_on is not None:
        _past(data.publicly_notified_on, "the hearing was publicly notified", today)
        if data.scheduled_on is not None and data.publicly_notified_on > data.scheduled_on:
            raise CaseError("The hearing must be publicly notified before it is held")


def arrange(
    session: Session,
    actor: Actor,
    case: Case,
    case_subject: CaseSubject,
    data: Arrangement,
    now: dt.datetime,
) -> MisconductProceeding:
    """Record (or correct) the referral's notice, the date, who conducts the proceedings
    and, for a hearing, its public notice and whether it is held in public."""
    audit.acting(session, actor, now)
    _allowed(actor, case)
    outcome = conduct_outcome(case_subject)
    refused = refusal(outcome)
    if refused is not None:
        raise CaseError(refused)
    _check_arrangement(case, outcome.proceedings, data, london_date(now))
    proceeding = getattr(outcome, "proceeding", None)
    if proceeding is None:
        proceeding = MisconductProceeding(
            conduct_outcome_id=outcome.id, force_id=case.force_id, created_at=now
        )
        session.add(proceeding)
    elif proceeding.adjournments and data.scheduled_on != proceeding.scheduled_on:
        latest = proceeding.adjournments[-1]
        if data.scheduled_on is not None and data.scheduled_on <= latest.adjourned_on:
            raise CaseError(
                "The proceedings were adjourned on "
                f"{format_date(latest.adjourned_on)}: the new date must be after that"
            )
    proceeding.referred_on = data.referred_on
    proceeding.officer_response_on = data.officer_response_on
    proceeding.scheduled_on = data.scheduled_on
    proceeding.chair = _text(data.chair, MAX_CHAIR, "Chair")
    proceeding.panel = _text(data.panel, MAX_PANEL, "Panel")
    proceeding.publicly_notified_on = data.publicly_notified_on
    proceeding.in_public = data.in_public
    outcome.proceeding = proceeding
    case.updated_at = now
    session.flush()
    return proceeding


def adjourn(
    session: Session,
    actor: Actor,
    case: Case,
    case_subject: CaseSubject,
    data: AdjournmentData,
    now: dt.datetime,
) -> Adjournment:
    """Put the proceedings off to a new date (or to one not yet fixed), with the reason."""
    audit.acting(session, actor, now)
    _allowed(actor, case)
    outcome = conduct_outcome(case_subject)
    refused = adjournment_refusal(outcome)
    if refused is not None:
        raise CaseError(refused)
    proceeding = outcome.proceeding
    if data.adjourned_on is None:
        raise CaseError("Enter the date the proceedings were adjourned")
    _past(data.adjourned_on, "the proceedings were adjourned", london_date(now))
    if data.adjourned_on < proceeding.referred_on:
        raise CaseError(
            "The date the proceedings were adjourned must be on or after the notice of referral "
            f"({format_date(proceeding.referred_on)})"
        )
    if data.new_date is not None and data.new_date <= data.adjourned_on:
        raise CaseError("The new date must be after the day the proceedings were adjourned")
    reason = _text(data.reason, MAX_REASON, "The reason for the adjournment")
    if reason is None:
        raise CaseError("Enter the reason for the adjournment")
    adjournment = Adjournment(
        force_id=proceeding.force_id,
        adjourned_on=data.adjourned_on,
        new_date=data.new_date,
        reason=reason,
        recorded_by_id=actor.user_id,
        created_at=now,
    )
    proceeding.adjournments.append(adjournment)
    proceeding.scheduled_on = data.new_date
    case.updated_at = now
    session.flush()
    return adjournment


def record_appeal(
    session: Session,
    actor: Actor,
    case: Case,
    case_subject: CaseSubject,
    data: AppealData,
    now: dt.datetime,
) -> MisconductProceeding:
    """The officer's appeal against a finding of misconduct or gross misconduct, and once
    decided its result; a substituted outcome must be one reg 42 allows."""
    audit.acting(session, actor, now)
    _allowed(actor, case)
    outcome = conduct_outcome(case_subject)
    refused = appeal_refusal(outcome)
    if refused is not None:
        raise CaseError(refused)
    proceeding = outcome.proceeding
    today = london_date(now)
    if data.lodged_on is None:
        raise CaseError("Enter the date the appeal was made")
    _past(data.lodged_on, "the appeal was made", today)
    if data.lodged_on < outcome.decided_on:
        raise CaseError(
            "The date the appeal was made must be on or after the outcome was decided "
            f"({format_date(outcome.decided_on)})"
        )
    if (data.result is None) != (data.decided_on is None):
        raise CaseError(
            "Enter both the result of the appeal and the date it was decided, or neither"
        )
    if data.decided_on is not None:
        _past(data.decided_on, "the appeal was decided", today)
        if data.decided_on < data.lodged_on:
            raise CaseError("The appeal must be decided on or after the day it was made")
    sanction = data.sanction if data.result == AppealResult.OUTCOME_VARIED else None
    if data.result == AppealResult.OUTCOME_VARIED:
        if sanction is None:
            raise CaseError("Choose the outcome the appeal substituted")
        if sanction == outcome.sanction:
            raise CaseError("The substituted outcome must differ from the one appealed")
        refused = sanction_refusal(
            outcome.proceedings,
            outcome.finding,
            sanction,
            outcome.final_warning_or_several_incidents,
        )
        if refused is not None:
            raise CaseError(refused)
    proceeding.appeal_lodged_on = data.lodged_on
    proceeding.appeal_result = data.result
    proceeding.appeal_decided_on = data.decided_on
    proceeding.appeal_sanction = sanction
    case.updated_at = now
    session.flush()
    return proceeding
