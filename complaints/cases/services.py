"""Casework operations. Each takes (session, actor, data, now), changes state through the
ORM and only flushes: the caller (a view, the CLI, the seeder) commits once.

State changes go through ``complaints.cases.workflow.apply``, never through here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from complaints.auth.models import User
from complaints.auth.roles import Role
from complaints.cases import deadlines, references
from complaints.cases.choices import (
    AllegationResult,
    AppropriateAuthority,
    CaseState,
    CaseType,
    Channel,
    ContactMethod,
    ContactPurpose,
    RecordingReason,
)
from complaints.cases.models import (
    Allegation,
    Case,
    CaseAccess,
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
from complaints.common.clock import london_date
from complaints.subjects import services as subject_services
from complaints.subjects.models import Subject, SubjectIdentity, SubjectKind


class CaseError(ValueError):
    """A request the case cannot meet; the message is written for the user."""


@dataclass(frozen=True)
class RepresentativeData:
    name: str
    organisation: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    consent_received_on: dt.date | None = None


@dataclass(frozen=True)
class EqualityData:
    age_band: str | None = None
    sex: str | None = None
    gender_reassignment: str | None = None
    ethnicity: str | None = None
    disability: str | None = None
    religion: str | None = None
    sexual_orientation: str | None = None


@dataclass(frozen=True)
class ComplainantData:
    given_name: str
    family_name: str
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    postcode: str | None = None
    contact_preference: ContactMethod | None = None
    needs: str | None = None
    representative: RepresentativeData | None = None
    equality: EqualityData | None = None


@dataclass(frozen=True)
class AllegationData:
    category_id: int
    description: str
    subject_ids: tuple[int, ...] = ()  # Subject ids (people), linked through CaseSubject
    incident_on: dt.date | None = None
    incident_place: str | None = None


@dataclass(frozen=True)
class NewCase:
    case_type: CaseType
    received_on: dt.date
    channel: Channel
    summary: str
    complainants: tuple[ComplainantData, ...] = ()
    subject_ids: tuple[int, ...] = ()
    allegations: tuple[AllegationData, ...] = ()
    incident_on: dt.date | None = None
    incident_place: str | None = None
    division_id: int | None = None
    direction_and_control: bool = False
    trigger_death_or_serious_injury: bool = False
    trigger_crime_or_misconduct: bool = False
    trigger_article_2_or_3: bool = False
    trigger_referral_description: bool = False
    recording_requested: bool = False
    handler_id: int | None = None


def log_case(session: Session, actor: Actor, data: NewCase, now: dt.datetime) -> Case:
    """Log a complaint (state ``logged``) or record a conduct or DSI matter (``recorded``).

    A complaint about the chief constable goes to the OPCC as appropriate authority and
    is restricted to OPCC roles automatically.
    """
    audit.acting(session, actor, now)
    _check_new_case(data, now)
    number, reference = references.allocate(session, data.case_type, data.received_on.year)
    subjects = [session.get(Subject, sid) for sid in data.subject_ids]
    if any(s is None for s in subjects):
        raise CaseError("A subject named on the case does not exist")
    if data.handler_id is not None:
        handler = session.get(User, data.handler_id)
        if handler is None or handler.role != Role.HANDLER or not handler.active:
            raise CaseError("Choose an active complaints handler")
    about_chief = any(s.is_chief_constable for s in subjects)
    is_complaint = data.case_type == CaseType.COMPLAINT
    case = Case(
        reference=reference,
        case_type=data.case_type,
        year=data.received_on.year,
        number=number,
        state=CaseState.LOGGED if is_complaint else CaseState.RECORDED,
        received_on=data.received_on,
        logged_at=now,
        channel=data.channel,
        summary=data.summary.strip(),
        incident_on=data.incident_on,
        incident_place=data.incident_place,
        division_id=data.division_id,
        direction_and_control=data.direction_and_control,
        appropriate_authority=(
            AppropriateAuthority.PCC if about_chief else AppropriateAuthority.CHIEF_CONSTABLE
        ),
        restricted=about_chief,
        restriction_reason="Complaint about the chief constable" if about_chief else None,
        about_chief_officer=about_chief,
        trigger_death_or_serious_injury=data.trigger_death_or_serious_injury,
        trigger_crime_or_misconduct=data.trigger_crime_or_misconduct,
        trigger_article_2_or_3=data.trigger_article_2_or_3,
        trigger_referral_description=data.trigger_referral_description,
        recording_requested=data.recording_requested,
        recorded_at=None if is_complaint else now,
        recording_reason=None if is_complaint else RecordingReason.MANDATORY,
        # The force's PSD never works a complaint about the chief constable (A8).
        handler_id=None
        if about_chief
        else data.handler_id or (actor.user_id if actor.role == Role.HANDLER else None),
        created_at=now,
        updated_at=now,
    )
    session.add(case)
    session.flush()
    for person in data.complainants:
        add_complainant(session, actor, case, person)
    case_subjects = {s.id: _add_case_subject(session, case, s) for s in subjects}
    for number_, allegation in enumerate(data.allegations, start=1):
        linked = [case_subjects[sid] for sid in allegation.subject_ids if sid in case_subjects]
        if len(linked) != len(allegation.subject_ids):
            raise CaseError("An allegation names a subject who is not on the case")
        case.allegations.append(
            Allegation(
                case_id=case.id,
                number=number_,
                category_id=allegation.category_id,
                description=allegation.description.strip(),
                incident_on=allegation.incident_on,
                incident_place=allegation.incident_place,
                subjects=linked,
            )
        )
    session.flush()
    return case


def _check_new_case(data: NewCase, now: dt.datetime) -> None:
    today = london_date(now)
    if data.received_on > today:
        raise CaseError("The date received must be today or in the past")
    if data.incident_on and data.incident_on > data.received_on:
        raise CaseError("The incident date must be on or before the date received")
    if data.case_type == CaseType.COMPLAINT and not data.complainants:
        raise CaseError("A complaint needs at least one complainant")
    if data.case_type != CaseType.COMPLAINT and data.complainants:
        raise CaseError("Conduct and DSI matters have no complainant")
    if not data.summary.strip():
        raise CaseError("Enter a summary of the case")


def add_complainant(
    session: Session, actor: Actor, case: Case, data: ComplainantData
) -> Complainant:
    complainant = Complainant(
        case_id=case.id,
        title=data.title,
        given_name=data.given_name.strip(),
        family_name=data.family_name.strip(),
        email=data.email,
        phone=data.phone,
        address=data.address,
        postcode=data.postcode,
        contact_preference=data.contact_preference,
        needs=data.needs,
    )
    case.complainants.append(complainant)
    session.flush()
    if data.representative:
        session.add(Representative(complainant_id=complainant.id, **vars(data.representative)))
    if data.equality:
        session.add(EqualityMonitoring(complainant_id=complainant.id, **vars(data.equality)))
    session.flush()
    return complainant


def _add_case_subject(session: Session, case: Case, subject: Subject) -> CaseSubject:
    identity = subject.current
    if identity is None:
        raise CaseError("The subject has no current identity")
    case_subject = CaseSubject(case_id=case.id, subject_id=subject.id, identity_id=identity.id)
    case.subjects.append(case_subject)
    session.flush()
    return case_subject


# Intake after the first page: more complainants, subjects and links to other cases. ----

CHIEF_CONSTABLE_REASON = "Complaint about the chief constable"
SAME_INCIDENT_AT_INTAKE = "Same incident, found at intake"


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
    case = log_case(session, actor, data, now)
    for other in same_incident_as:
        link_cases(session, actor, case, other, SAME_INCIDENT_AT_INTAKE, True, now)
    return case


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


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise CaseError("The case is closed, so no one can be added to it")


def add_case_subject(
    session: Session, actor: Actor, case: Case, subject: Subject, now: dt.datetime
) -> CaseSubject:
    """Name a person on a case. Naming the chief constable hands the case to the OPCC."""
    audit.acting(session, actor, now)
    _require_open(case)
    if any(named.subject_id == subject.id for named in case.subjects):
        raise CaseError("That person is already a subject on this case")
    case_subject = _add_case_subject(session, case, subject)
    if subject.is_chief_constable and not case.about_chief_officer:
        _hand_to_opcc(case)
    case.updated_at = now
    session.flush()
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
        raise CaseError("Say why the cases are linked in 200 characters or fewer")
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


@dataclass(frozen=True)
class ContactData:
    occurred_on: dt.date
    method: ContactMethod
    purpose: ContactPurpose
    summary: str | None = None
    complainant_wishes: str | None = None


def _require_complainant(case: Case) -> None:
    if case.case_type != CaseType.COMPLAINT:
        raise CaseError("Only complaints have a complainant to contact")


def record_contact(
    session: Session, actor: Actor, case: Case, data: ContactData, now: dt.datetime
) -> Contact:
    """A contact with the complainant; the first one is the 'first contact' of A2 and A6."""
    audit.acting(session, actor, now)
    _require_complainant(case)
    if data.occurred_on > london_date(now):
        raise CaseError("The contact date must be today or in the past")
    if data.occurred_on < case.received_on:
        raise CaseError("The contact date must be on or after the date the complaint arrived")
    contact = Contact(
        case_id=case.id,
        occurred_on=data.occurred_on,
        method=data.method,
        purpose=data.purpose,
        summary=data.summary,
        complainant_wishes=data.complainant_wishes,
        recorded_by_id=actor.user_id,
        recorded_at=now,
    )
    case.contacts.append(contact)
    deadlines.refresh(case)
    case.updated_at = now
    session.flush()
    return contact


def record_contact_not_possible(
    session: Session, actor: Actor, case: Case, reason: str, now: dt.datetime
) -> Case:
    """The complainant could not be reached: recorded instead of a first contact (A2)."""
    audit.acting(session, actor, now)
    _require_complainant(case)
    if case.state != CaseState.LOGGED:
        raise CaseError("This is recorded before deciding how to handle the complaint")
    if not reason.strip():
        raise CaseError("Say what was tried to reach the complainant")
    if len(reason.strip()) > 300:
        raise CaseError("Say what was tried in 300 characters or fewer")
    case.contact_not_possible_reason = reason.strip()
    case.updated_at = now
    session.flush()
    return case


def assign(
    session: Session,
    actor: Actor,
    case: Case,
    now: dt.datetime,
    *,
    handler: User | None = None,
    decision_maker: User | None = None,
) -> Case:
    audit.acting(session, actor, now)
    if handler is not None:
        if handler.role != Role.HANDLER or not handler.active:
            raise CaseError("Choose an active complaints handler")
        case.handler_id = handler.id
    if decision_maker is not None:
        if decision_maker.role != Role.APPROPRIATE_AUTHORITY or not decision_maker.active:
            raise CaseError("Choose an active appropriate authority")
        case.decision_maker_id = decision_maker.id
    if case.restricted:
        for user, why in ((handler, "case handler"), (decision_maker, "appropriate authority")):
            if user is not None:
                grant_access(session, actor, case, user, why, now)
    case.updated_at = now
    session.flush()
    return case


def grant_access(
    session: Session, actor: Actor, case: Case, user: User, reason: str, now: dt.datetime
) -> CaseAccess:
    """Name a user on a case: for a restricted case, the only way anyone sees it."""
    audit.acting(session, actor, now)
    if case.about_chief_officer and user.role in (Role.HANDLER, Role.APPROPRIATE_AUTHORITY):
        raise CaseError("The force's PSD cannot be named on a complaint about the chief constable")
    existing = session.get(CaseAccess, (case.id, user.id))
    if existing:
        return existing
    access = CaseAccess(
        case_id=case.id, user_id=user.id, reason=reason, granted_at=now, granted_by_id=actor.user_id
    )
    case.access.append(access)
    session.flush()
    return access


def restrict(session: Session, actor: Actor, case: Case, reason: str, now: dt.datetime) -> Case:
    audit.acting(session, actor, now)
    if not reason.strip():
        raise CaseError("Give the reason for restricting the case")
    case.restricted = True
    case.restriction_reason = reason.strip()
    case.updated_at = now
    # The people working the case keep it: restriction hides it from everyone else.
    for user_id, why in [*_case_team(case), (actor.user_id, "restricted the case")]:
        user = session.get(User, user_id) if user_id else None
        if user is not None:
            grant_access(session, actor, case, user, why, now)
    session.flush()
    return case


def _case_team(case: Case) -> list[tuple[int | None, str]]:
    investigation = case.investigation
    return [
        (case.handler_id, "case handler"),
        (case.decision_maker_id, "appropriate authority"),
        (investigation.investigator_id if investigation else None, "investigator"),
    ]


# States in which an allegation's result may be recorded (A2, A3).
RESULT_STATES = frozenset(
    {CaseState.INITIAL_HANDLING, CaseState.HANDLING, CaseState.AWAITING_DECISION}
)


def set_allegation_result(
    session: Session,
    actor: Actor,
    allegation: Allegation,
    result: AllegationResult,
    now: dt.datetime,
    actions: str | None = None,
) -> Allegation:
    audit.acting(session, actor, now)
    case = allegation.case
    if case.state not in RESULT_STATES:
        raise CaseError(
            "Results are recorded while the complaint is being handled, "
            "before its outcome is determined"
        )
    informal = case.state == CaseState.INITIAL_HANDLING
    if result.outside_schedule_3 != informal:
        raise CaseError(
            "Use 'resolved' or 'not resolved' outside Schedule 3, and a Schedule 3 result "
            "once the case is recorded"
        )
    allegation.result = result
    allegation.result_recorded_at = now
    allegation.actions = actions
    case.updated_at = now
    session.flush()
    return allegation


def add_note(session: Session, actor: Actor, case: Case, body: str, now: dt.datetime) -> Note:
    audit.acting(session, actor, now)
    if not body.strip():
        raise CaseError("Enter the note")
    note = Note(case_id=case.id, body=body.strip(), author_id=actor.user_id, created_at=now)
    session.add(note)
    session.flush()
    return note


def record_view(session: Session, actor: Actor, case: Case, now: dt.datetime, part: str) -> None:
    """Every view of a case goes in the audit trail (domain.md A8)."""
    audit.record(
        session,
        "view",
        entity_type="cases",
        entity_id=case.id,
        case_id=case.id,
        summary=part,
        actor=actor,
        now=now,
    )


def record_list_view(
    session: Session, actor: Actor, now: dt.datetime, filters: list[str], shown: int
) -> None:
    """Lists and searches are views too (A8): who looked, with which filters, how many."""
    audit.record(
        session,
        "view",
        entity_type="case_list",
        summary=", ".join(filters)[:300] or "no filters",
        changes={"cases_matching": shown},
        actor=actor,
        now=now,
    )
