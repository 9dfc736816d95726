"""The people on a case and the cases around it: complainants and subjects added after
intake, the chief constable's cases handed to the OPCC, and links between cases.

Like every service, these take (session, actor, data, now) and only flush.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from complaints.auth.roles import Role
from complaints.cases.choices import AppropriateAuthority, CaseType
from complaints.cases.models import Case, CaseLink, CaseSubject, Complainant
from complaints.cases.services import (
    CHIEF_CONSTABLE_REASON,
    CaseError,
    ComplainantData,
    NewCase,
    add_complainant,
    attach_subject,
    log_case,
)
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import london_date
from complaints.common.limits import too_long
from complaints.forces.services import force_for
from complaints.intervention import scan as early_intervention
from complaints.subjects import services as subject_services
from complaints.subjects.models import Subject, SubjectIdentity, SubjectKind

SAME_INCIDENT_AT_INTAKE = "Same incident, found at intake"
# The OPCC is the appropriate authority only for complaints about the chief constable.
OPCC_LOGS_CHIEF_CONSTABLE_ONLY = (
    "The OPCC logs only complaints about the chief constable. "
    "Pass complaints about anyone else to the PSD."
)
NO_CHIEF_CONSTABLE = "No chief constable is recorded, so a complaint about them cannot be logged"


def log_case_and_link(
    session: Session,
    actor: Actor,
    data: NewCase,
    same_incident_as: Sequence[Case],
    now: dt.datetime,
) -> Case:
    """Intake: log the case and link it to the cases the user judged the same incident."""
    audit.acting(session, actor, now)
    for person in data.complainants:
        _check_complainant(person, now)
    if logs_only_chief_constable_complaints(actor):
        data = _about_the_chief_constable(session, actor, data)
    case = log_case(session, actor, data, now)
    for other in same_incident_as:
        link_cases(session, actor, case, other, SAME_INCIDENT_AT_INTAKE, True, now)
    return case


def logs_only_chief_constable_complaints(actor: Actor) -> bool:
    """The OPCC logs complaints about the chief constable, for whom the PCC is the
    appropriate authority; everything else goes to the force's PSD."""
    return actor.role is not None and actor.role.is_opcc


def current_chief_constable(session: Session, force_id: int) -> Subject | None:
    """The chief constable in post: the newest one recorded who still has a current
    identity (a former chief constable keeps the flag for the cases about them)."""
    current = exists(
        select(SubjectIdentity.id).where(
            SubjectIdentity.subject_id == Subject.id, SubjectIdentity.valid_to.is_(None)
        )
    )
    return session.scalar(
        select(Subject)
        .where(Subject.force_id == force_id, Subject.is_chief_constable.is_(True), current)
        .order_by(Subject.created_at.desc(), Subject.id.desc())
        .limit(1)
    )


def _about_the_chief_constable(session: Session, actor: Actor, data: NewCase) -> NewCase:
    """The OPCC's intake: a case naming no one is about the chief constable in post; one
    naming people must name a chief constable, or it is for the PSD (A8)."""
    if not data.subject_ids:
        chief = current_chief_constable(session, force_for(session, actor, data.force_id))
        if chief is None:
            raise CaseError(NO_CHIEF_CONSTABLE)
        return replace(data, subject_ids=(chief.id,))
    named = [session.get(Subject, sid) for sid in data.subject_ids]
    if not any(s is not None and s.is_chief_constable for s in named):
        raise CaseError(OPCC_LOGS_CHIEF_CONSTABLE_ONLY)
    return data


def add_case_complainant(
    session: Session, actor: Actor, case: Case, data: ComplainantData, now: dt.datetime
) -> Complainant:
    """Another complainant on a complaint (a family, a group of witnesses)."""
    audit.acting(session, actor, now)
    if case.case_type != CaseType.COMPLAINT:
        raise CaseError("Only a complaint has complainants")
    _require_open(case)
    _check_complainant(data, now)
    complainant = add_complainant(session, actor, case, data)
    case.updated_at = now
    session.flush()
    return complainant


def _check_complainant(data: ComplainantData, now: dt.datetime) -> None:
    if not data.given_name.strip() or not data.family_name.strip():
        raise CaseError("Enter the complainant's first and last names")
    representative = data.representative
    if representative is not None:
        if not representative.name.strip():
            raise CaseError("Enter the representative's name")
        consent = representative.consent_received_on
        if consent is not None and consent > london_date(now):
            raise CaseError("The date consent was received must be today or in the past")


def adding_refusal(case: Case) -> str | None:
    """Why no one can be added to the case now, or None: the one rule for the People
    tab's buttons, the pages they open and the save."""
    if not case.is_open:
        return "The case is closed, so no one can be added to it"
    return None


def _require_open(case: Case) -> None:
    refused = adding_refusal(case)
    if refused is not None:
        raise CaseError(refused)


def add_case_subject(
    session: Session, actor: Actor, case: Case, subject: Subject, now: dt.datetime
) -> CaseSubject:
    """Name a person on a case. Naming the chief constable hands the case to the OPCC."""
    audit.acting(session, actor, now)
    _require_open(case)
    if any(named.subject_id == subject.id for named in case.subjects):
        raise CaseError("That person is already a subject on this case")
    if subject.force_id != case.force_id:
        raise CaseError("That person works for another force: a case names one force's people")
    case_subject = attach_subject(session, case, subject)
    if subject.is_chief_constable and not case.about_chief_officer:
        _hand_to_opcc(case)
    case.updated_at = now
    session.flush()
    early_intervention.after_case_change(session, case, now)
    return case_subject


def add_new_case_subject(
    session: Session, actor: Actor, case: Case, data: subject_services.NewSubject, now: dt.datetime
) -> CaseSubject:
    """A person not yet known to the system: recorded once, then named on the case."""
    audit.acting(session, actor, now)
    _require_open(case)
    _check_new_subject(session, data)
    subject = subject_services.add_subject(session, actor, data, now, since=london_date(now))
    return add_case_subject(session, actor, case, subject, now)


def _check_new_subject(session: Session, data: subject_services.NewSubject) -> None:
    details = data.details
    if not (details.family_name or "").strip():
        raise CaseError(
            "Describe the unidentified person"
            if data.kind == SubjectKind.UNIDENTIFIED
            else "Enter the person's last name"
        )
    if data.is_chief_constable and data.kind != SubjectKind.CHIEF_OFFICER:
        raise CaseError("Only a chief officer can be the chief constable")
    numbers = (
        ("collar number", SubjectIdentity.collar_number, details.collar_number),
        ("staff number", SubjectIdentity.staff_number, details.staff_number),
    )
    for label, column, value in numbers:
        value = (value or "").strip()
        taken = value and session.scalar(
            select(SubjectIdentity.id)
            .where(func.lower(column) == value.lower(), SubjectIdentity.valid_to.is_(None))
            .limit(1)
        )
        if taken:
            raise CaseError(
                f"Someone with {label} {value} is already recorded: "
                "search for them and add them from the results"
            )


def _hand_to_opcc(case: Case) -> None:
    """A complaint about the chief constable: the PCC is the appropriate authority and
    the force's PSD loses the case (A8), including anyone named on it before."""
    case.appropriate_authority = AppropriateAuthority.PCC
    case.about_chief_officer = True
    case.restricted = True
    case.restriction_reason = CHIEF_CONSTABLE_REASON
    case.handler_id = None
    case.decision_maker_id = None
    for access in list(case.access):
        if access.user.role in (Role.HANDLER, Role.APPROPRIATE_AUTHORITY):
            case.access.remove(access)


def link_cases(
    session: Session,
    actor: Actor,
    case: Case,
    other: Case,
    reason: str,
    same_incident: bool,
    now: dt.datetime,
) -> CaseLink:
    """Link two cases (one row, read from both sides): duplicates, the same incident or
    the same people, which also matters for review routing (A7)."""
    audit.acting(session, actor, now)
    if other.id == case.id:
        raise CaseError("A case cannot be linked to itself")
    reason = reason.strip()
    if not reason:
        raise CaseError("Say why the cases are linked")
    if len(reason) > 200:
        raise CaseError(too_long("The reason the cases are linked", 200))
    pair = or_(
        and_(CaseLink.case_id == case.id, CaseLink.linked_case_id == other.id),
        and_(CaseLink.case_id == other.id, CaseLink.linked_case_id == case.id),
    )
    if session.scalar(select(CaseLink.id).where(pair).limit(1)) is not None:
        raise CaseError(f"{case.reference} is already linked to {other.reference}")
    link = CaseLink(
        case_id=case.id,
        linked_case_id=other.id,
        reason=reason,
        same_incident=same_incident,
        created_at=now,
        created_by_id=actor.user_id,
    )
    session.add(link)
    case.updated_at = now
    session.flush()
    return link
