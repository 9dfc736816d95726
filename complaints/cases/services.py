"""Casework operations. Each takes (session, actor, data, now), changes state through the
ORM and only flushes: the caller (a view, the CLI, the seeder) commits once.

State changes go through ``complaints.cases.workflow.apply``, never through here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from complaints.auth.models import User
from complaints.auth.roles import Role
from complaints.cases import actions as taken
from complaints.cases import deadlines, references
from complaints.cases.choices import (
    RESULT_STATES,
    AllegationAction,
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
from complaints.common.errors import Refused
from complaints.forces.services import force_for
from complaints.forces.staff import works_for
from complaints.intervention import scan as early_intervention
from complaints.subjects.models import Subject

CHIEF_CONSTABLE_REASON = "Complaint about the chief constable"


class CaseError(Refused):
    """A request the case cannot meet; the message is written for the user."""


@dataclass(frozen=True)
class RepresentativeData:
    name: str
    organisation: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    consent_received_on: dt.date | None = None
    copy_to_complainant: bool = False


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
    # The force whose people the case concerns: the named subjects' force; otherwise the
    # one chosen, or the only force of the person logging it.
    force_id: int | None = None


def log_case(session: Session, actor: Actor, data: NewCase, now: dt.datetime) -> Case:
    """Log a complaint (state ``logged``) or record a conduct or DSI matter (``recorded``).

    A complaint about the chief constable goes to the OPCC as appropriate authority and
    is restricted to OPCC roles automatically.
    """
    audit.acting(session, actor, now)
    _check_new_case(data, now)
    subjects = [session.get(Subject, sid) for sid in data.subject_ids]
    if any(s is None for s in subjects):
        raise CaseError("A subject named on the case does not exist")
    subject_forces = {s.force_id for s in subjects}
    if len(subject_forces) > 1:
        raise CaseError("A case is about the people of one force: name only that force's people")
    force_id = force_for(session, actor, data.force_id, next(iter(subject_forces), None))
    if data.force_id is not None and force_id != data.force_id:
        raise CaseError("The people named on the case work for another force")
    number, reference = references.allocate(
        session, data.case_type, data.received_on.year, force_id
    )
    if data.handler_id is not None:
        handler = session.get(User, data.handler_id)
        if handler is None or handler.role != Role.HANDLER or not handler.active:
            raise CaseError("Choose an active complaints handler")
    about_chief = any(s.is_chief_constable for s in subjects)
    is_complaint = data.case_type == CaseType.COMPLAINT
    case = Case(
        force_id=force_id,
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
        restriction_reason=CHIEF_CONSTABLE_REASON if about_chief else None,
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
    case_subjects = {s.id: attach_subject(session, case, s) for s in subjects}
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
                logged_at=case.logged_at,
                subjects=linked,
            )
        )
    deadlines.refresh(case)  # a complaint waits on first contact from the start
    session.flush()
    early_intervention.after_case_change(session, case, now)
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


def attach_subject(session: Session, case: Case, subject: Subject) -> CaseSubject:
    identity = subject.current
    if identity is None:
        raise CaseError("The subject has no current identity")
    case_subject = CaseSubject(case_id=case.id, subject_id=subject.id, identity_id=identity.id)
    case.subjects.append(case_subject)
    session.flush()
    return case_subject


# Intake after the first page: more complainants, subjects and links to other cases. ----


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
    deadlines.refresh(case)  # no first contact is owed any more
    case.updated_at = now
    session.flush()
    return case


def note_decision_maker(case: Case, actor: Actor) -> None:
    """An appropriate authority who takes a decision on a case with no decision maker
    becomes its decision maker: the case then names who decided, the change goes in the
    audit trail with the decision, and later decisions come to the same person."""
    if case.decision_maker_id is None and actor.role == Role.APPROPRIATE_AUTHORITY:
        case.decision_maker_id = actor.user_id


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
        if not works_for(handler, case.force_id):
            raise CaseError("Choose a handler who works for this case's force")
        case.handler_id = handler.id
    if decision_maker is not None:
        if decision_maker.role != Role.APPROPRIATE_AUTHORITY or not decision_maker.active:
            raise CaseError("Choose an active appropriate authority")
        if not works_for(decision_maker, case.force_id, deciding=True):
            raise CaseError("Choose an appropriate authority who decides for this case's force")
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


CHIEF_CONSTABLE_RESTRICTED = (
    "This complaint is about the chief constable, so it was restricted to the OPCC when "
    "it was logged. The restriction cannot be changed here."
)


def restrict_refusal(case: Case) -> str | None:
    """Why the case's restriction cannot be set or changed, or None: the one rule for the
    overview's link, the page and the save."""
    return CHIEF_CONSTABLE_RESTRICTED if case.about_chief_officer else None


def restrict(session: Session, actor: Actor, case: Case, reason: str, now: dt.datetime) -> Case:
    audit.acting(session, actor, now)
    refused = restrict_refusal(case)
    if refused is not None:
        raise CaseError(refused)
    if not reason.strip():
        raise CaseError("Give the reason for restricting the case")
    case.restricted = True
    case.restriction_reason = reason.strip()
    case.updated_at = now
    # The people working the case keep it: restriction hides it from everyone else.
    for user_id, why in [*case_team(case), (actor.user_id, "restricted the case")]:
        user = session.get(User, user_id) if user_id else None
        if user is not None:
            grant_access(session, actor, case, user, why, now)
    session.flush()
    return case


def case_team(case: Case) -> list[tuple[int | None, str]]:
    investigation = case.investigation
    return [
        (case.handler_id, "case handler"),
        (case.decision_maker_id, "appropriate authority"),
        (investigation.investigator_id if investigation else None, "investigator"),
    ]


# States in which an allegation's result may be recorded (A2, A3).


def set_allegation_result(
    session: Session,
    actor: Actor,
    allegation: Allegation,
    result: AllegationResult,
    now: dt.datetime,
    actions: Iterable[AllegationAction] = (),
    note: str | None = None,
) -> Allegation:
    """The result, and the actions taken as codes with any note apart (B3.5)."""
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
    if not informal:
        note_decision_maker(case, actor)
    allegation.result = result
    allegation.result_recorded_at = now
    taken.replace(session, allegation, actions, note)
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
