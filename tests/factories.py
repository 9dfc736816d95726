"""Small functions that make test data through the services, as the product would."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.auth import services as accounts
from complaints.auth import two_factor
from complaints.auth.models import User
from complaints.auth.roles import Role
from complaints.cases import services as cases
from complaints.cases import workflow
from complaints.cases.choices import (
    AllegationResult,
    CaseState,
    CaseType,
    Channel,
    ContactMethod,
    ContactPurpose,
)
from complaints.cases.models import Case
from complaints.common.actor import Actor
from complaints.forces import services as forces
from complaints.forces.models import FIRST_FORCE_ID, Force
from complaints.reference.models import AllegationCategory, Division
from complaints.subjects import services as subjects
from complaints.subjects.models import Subject, SubjectKind

PASSWORD = "correct horse battery staple"
# Every test account is enrolled for two-factor sign-in with this secret (tests.signing).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
_counter = itertools.count(1)
_HASH: dict[str, str] = {}


def actor_for(user: User, source: str = "test") -> Actor:
    return Actor.of(user, source)


def user(
    session: Session,
    role: Role,
    *,
    name: str | None = None,
    email: str | None = None,
    now: dt.datetime = NOW,
    forces: tuple[int, ...] = (FIRST_FORCE_ID,),
    decides_for: tuple[int, ...] | None = None,
    enrolled: bool = True,
    must_change_password: bool = False,
) -> User:
    """A user who chose their own password and has set up two-factor sign-in (unless
    told otherwise), as most people signing in are."""
    n = next(_counter)
    created = accounts.create_user(
        session,
        Actor.system("test"),
        accounts.NewUser(
            email=email or f"{role.value}{n}@test.example",
            full_name=name or f"{role.label.split(' (')[0]} {n}",
            role=role,
            password=PASSWORD,
            force_ids=forces,
            decides_for=decides_for,
            must_change_password=must_change_password,
        ),
        now,
    )
    if enrolled:
        two_factor.enrol_with_secret(session, created, TOTP_SECRET, now)
    return created


def category(session: Session, code: str = "A1") -> AllegationCategory:
    return session.scalar(select(AllegationCategory).where(AllegationCategory.code == code))


def division(session: Session, name: str, *, force_id: int = FIRST_FORCE_ID) -> Division:
    """A division of a force (the migration seeds the first force's)."""
    made = Division(force_id=force_id, code=f"D{next(_counter)}", name=name)
    session.add(made)
    session.flush()
    return made


def subject(
    session: Session,
    *,
    family_name: str = "Stone",
    collar: str | None = None,
    kind: SubjectKind = SubjectKind.OFFICER,
    chief_constable: bool = False,
    since: dt.date = dt.date(2015, 1, 1),
    force_id: int = FIRST_FORCE_ID,
) -> Subject:
    n = next(_counter)
    return subjects.add_subject(
        session,
        Actor.system("test"),
        subjects.NewSubject(
            kind=kind,
            is_chief_constable=chief_constable,
            force_id=force_id,
            details=subjects.IdentityDetails(
                given_name="Sam",
                family_name=family_name,
                rank="PC",
                collar_number=collar or f"C{n:04d}",
            ),
        ),
        NOW,
        since=since,
    )


def complaint(
    session: Session,
    *,
    handler: User | None = None,
    received_on: dt.date | None = None,
    summary: str = "Officer was rude at the front counter",
    complainant: tuple[str, str] = ("Jo", "Public"),
    subject_: Subject | None = None,
    category_code: str = "H1",
    now: dt.datetime = NOW,
    force_id: int = FIRST_FORCE_ID,
    **flags,
) -> Case:
    """A logged complaint with one complainant, one subject and one allegation."""
    person = subject_ or subject(session, force_id=force_id)
    actor = actor_for(handler) if handler else Actor.system("test")
    return cases.log_case(
        session,
        actor,
        cases.NewCase(
            case_type=CaseType.COMPLAINT,
            received_on=received_on or (now.date() - dt.timedelta(days=3)),
            channel=Channel.EMAIL,
            summary=summary,
            complainants=(
                cases.ComplainantData(
                    given_name=complainant[0],
                    family_name=complainant[1],
                    email="jo.public@example.org",
                    phone="01632 960000",
                ),
            ),
            subject_ids=(person.id,),
            allegations=(
                cases.AllegationData(
                    category(session, category_code).id, "Swore at the complainant", (person.id,)
                ),
            ),
            handler_id=handler.id if handler else None,
            force_id=force_id,
            **flags,
        ),
        now,
    )


def matter(session: Session, case_type: CaseType, *, now: dt.datetime = NOW) -> Case:
    person = subject(session)
    return cases.log_case(
        session,
        Actor.system("test"),
        cases.NewCase(
            case_type=case_type,
            received_on=now.date() - dt.timedelta(days=10),
            channel=Channel.INTERNAL,
            summary="Matter identified internally",
            subject_ids=(person.id,),
            allegations=(
                cases.AllegationData(
                    category(session, "K1").id, "Discreditable conduct", (person.id,)
                ),
            ),
        ),
        now,
    )


def contact(session: Session, case: Case, handler: User | None = None, now: dt.datetime = NOW):
    actor = actor_for(handler) if handler else Actor.system("test")
    return cases.record_contact(
        session,
        actor,
        case,
        cases.ContactData(
            occurred_on=now.date(), method=ContactMethod.PHONE, purpose=ContactPurpose.FIRST_CONTACT
        ),
        now,
    )


def complaint_in_state(
    session: Session,
    state: CaseState,
    *,
    handler: User,
    aa: User,
    investigator: User | None = None,
    reviewer: User | None = None,
    now: dt.datetime = NOW,
    **flags,
) -> Case:
    """A complaint driven through the workflow to ``state`` by the right people."""
    case = complaint(session, handler=handler, now=now, **flags)
    if state == CaseState.LOGGED:
        return case
    h, a = actor_for(handler), actor_for(aa)
    contact(session, case, handler, now)
    if state == CaseState.WITHDRAWN:
        return workflow.apply(
            session, h, case, "withdraw", {"withdrawal_notice_on": now.date()}, now
        )
    if state in (CaseState.INITIAL_HANDLING, CaseState.FINALISED):
        workflow.apply(session, h, case, "handle_outside_schedule_3", {}, now)
        if state == CaseState.FINALISED:
            for allegation in case.allegations:
                cases.set_allegation_result(session, h, allegation, AllegationResult.RESOLVED, now)
            workflow.apply(session, h, case, "resolve", {}, now)
        return case
    workflow.apply(session, a, case, "record", {"reason": "Complainant asked"}, now)
    if state == CaseState.RECORDED:
        return case
    if state == CaseState.REFERRED:
        return workflow.apply(session, a, case, "refer_to_iopc", {"reason": "Mandatory"}, now)
    if state in (CaseState.INVESTIGATION, CaseState.SUSPENDED, CaseState.AWAITING_DECISION):
        workflow.apply(
            session,
            a,
            case,
            "start_investigation",
            {"investigator_id": investigator.id if investigator else None},
            now,
        )
        if state == CaseState.SUSPENDED:
            workflow.apply(session, a, case, "suspend", {"reason": "Sub judice"}, now)
        if state == CaseState.AWAITING_DECISION:
            workflow.apply(session, actor_for(investigator), case, "submit_report", {}, now)
        return case
    workflow.apply(session, a, case, "handle_without_investigation", {}, now)
    if state == CaseState.HANDLING:
        return case
    for allegation in case.allegations:
        cases.set_allegation_result(
            session, a, allegation, AllegationResult.SERVICE_ACCEPTABLE, now
        )
    workflow.apply(session, a, case, "determine_outcome", {}, now)
    if state == CaseState.OUTCOME_DETERMINED:
        return case
    workflow.apply(session, h, case, "notify_outcome", {}, now)
    if state == CaseState.OUTCOME_NOTIFIED:
        return case
    workflow.apply(
        session,
        h,
        case,
        "apply_for_review",
        {"body": "opcc", "routing_reason": "No IOPC limb applies"},
        now,
    )
    assert state == CaseState.UNDER_REVIEW, state
    return case


def attachment(session: Session, case: Case, files_dir: str, data: bytes = b"Statement\n"):
    """A small text document kept with a case, its bytes in the app's file store."""
    from pathlib import Path

    from complaints.documents.models import Attachment, AttachmentKind
    from complaints.documents.storage import FileStore

    digest = FileStore(Path(files_dir)).put(data)
    document = Attachment(
        case_id=case.id,
        kind=AttachmentKind.EVIDENCE,
        filename="statement.txt",
        content_type="text/plain",
        size_bytes=len(data),
        sha256=digest,
        uploaded_at=NOW,
    )
    session.add(document)
    session.flush()
    return document


def force(session: Session, *, code: str, name: str, now: dt.datetime = NOW) -> Force:
    """Another force served by the installation (the first one comes with the schema)."""
    return forces.add_force(
        session,
        Actor.system("test"),
        forces.ForceData(code=code, name=name, psd_address=(f"{name} PSD", "Headquarters")),
        now,
    )


def assessed_in_investigation(
    session: Session,
    *,
    handler: User,
    aa: User,
    investigator: User,
    severity,
    special_procedures: bool = True,
    now: dt.datetime = NOW,
) -> Case:
    """A complaint under investigation (under special procedures unless told otherwise),
    its first subject's conduct assessed by the appropriate authority."""
    from complaints.investigations import services as conduct

    case = complaint_in_state(
        session, CaseState.INVESTIGATION, handler=handler, aa=aa, investigator=investigator, now=now
    )
    details = conduct.InvestigationDetails(special_procedures=special_procedures)
    conduct.update_investigation(session, actor_for(aa), case, details, now)
    assessment = conduct.SeverityData(severity, now.date(), "Body-worn video")
    conduct.assess_severity(session, actor_for(aa), case, case.subjects[0].id, assessment, now)
    return case


def referred_to_hearing(
    session: Session,
    *,
    handler: User,
    aa: User,
    investigator: User,
    now: dt.datetime = NOW,
    decided: bool = False,
) -> Case:
    """A complaint investigated under special procedures: its subject assessed as gross
    misconduct and served the notice, the report in, a case to answer and a hearing set for
    30 days on; with ``decided``, the hearing has found gross misconduct and dismissed."""
    from complaints.investigations import notices
    from complaints.investigations import services as conduct
    from complaints.investigations.models import Finding, Proceedings, Sanction, Severity
    from complaints.proceedings import services as proceedings

    case = assessed_in_investigation(
        session,
        handler=handler,
        aa=aa,
        investigator=investigator,
        severity=Severity.GROSS_MISCONDUCT,
        now=now,
    )
    a, day, first = actor_for(aa), now.date(), case.subjects[0]
    notices.serve_notice(
        session, actor_for(investigator), case, first, notices.NoticeData(day), now
    )
    workflow.apply(session, actor_for(investigator), case, "submit_report", {"summary": "S"}, now)
    referral = {"case_to_answer": True, "proceedings": Proceedings.HEARING}
    conduct.record_conduct_outcome(
        session, a, case, first.id, conduct.ConductOutcomeData(**referral), now
    )
    held = day + dt.timedelta(days=30)
    proceedings.arrange(
        session,
        a,
        case,
        first,
        proceedings.Arrangement(day, scheduled_on=held, chair="Ms Rachel Adeyemi"),
        now,
    )
    if decided:
        outcome = conduct.ConductOutcomeData(
            **referral,
            finding=Finding.GROSS_MISCONDUCT,
            sanction=Sanction.DISMISSAL_WITHOUT_NOTICE,
            decided_on=day,
        )
        conduct.record_conduct_outcome(session, a, case, first.id, outcome, now)
    session.flush()
    return case
