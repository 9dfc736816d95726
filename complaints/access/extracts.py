"""Gathering everything the service holds about one person, as extracts.

An extract is one item (a case, an allegation, a contact, a note, an email, a document,
the trail of changes to their record) with a stable id (``"note-42"``), a title and its
text. Only the cases the person appears on are read, and on those only what is about
them or is the case's working record (notes, contacts, documents); a record of someone
else (another complainant's details, their emails) is never an extract. Other people's
names on those cases are returned as suggestions for third-party redaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from complaints.access.models import AccessRequest, PersonKind
from complaints.cases import actions
from complaints.cases.models import (
    Allegation,
    Case,
    CaseSubject,
    Complainant,
    Contact,
    Note,
)
from complaints.cases.visibility import visible_to
from complaints.common.actor import Actor
from complaints.common.audit_model import AuditEvent
from complaints.common.clock import format_date, format_datetime
from complaints.documents.models import Attachment
from complaints.investigations.models import ConductOutcome, SeverityAssessment
from complaints.mail.models import OutboxMessage
from complaints.officers.models import DutyStatus
from complaints.subjects.models import Subject, SubjectIdentity


@dataclass(frozen=True)
class Extract:
    id: str
    title: str
    text: str
    # An original file kept with a case: it cannot be redacted in place, so it goes
    # into the copy whole or is withheld.
    document: Attachment | None = None


@dataclass
class Gathered:
    extracts: list[Extract] = field(default_factory=list)
    # Other people's names and contact details found on the same cases.
    others: set[str] = field(default_factory=set)

    def add(self, id: str, title: str, lines: Iterable[str | None], document=None) -> None:
        text = "\n".join(line for line in lines if line)
        self.extracts.append(Extract(id, title, text, document))


def _line(label: str, value: object) -> str | None:
    if value is None or value == "":
        return None
    shown = getattr(value, "label", value)
    return f"{label}: {shown}"


def gather(session: Session, actor: Actor, request: AccessRequest) -> Gathered:
    """Every extract about the request's person, in a stable order, with the names of
    other people on the same cases (never the person's own)."""
    gathered = Gathered()
    if request.person_kind == PersonKind.SUBJECT:
        _subject(session, actor, request, gathered)
    else:
        _complainant(session, actor, request, gathered)
    return gathered


def _cases(session: Session, actor: Actor, request: AccessRequest, ids: set[int]) -> list[Case]:
    if not ids:
        return []
    return list(
        session.scalars(
            select(Case)
            .where(Case.id.in_(sorted(ids)), Case.force_id == request.force_id, visible_to(actor))
            .options(
                selectinload(Case.complainants).selectinload(Complainant.representative),
                selectinload(Case.subjects).selectinload(CaseSubject.identity),
                selectinload(Case.allegations).selectinload(Allegation.subjects),
            )
            .order_by(Case.received_on, Case.id)
        )
    )


def _complainant(session: Session, actor: Actor, request: AccessRequest, out: Gathered) -> None:
    own = {record.complainant_id for record in request.records}
    records = [r.complainant for r in request.records]
    cases = _cases(session, actor, request, {c.case_id for c in records})
    shown = {case.id for case in cases}
    addresses: set[str] = set()
    for person in records:
        if person.case_id not in shown:
            continue
        case = person.case
        _own_details(person, case, out)
        addresses |= {a.lower() for a in (person.email,) if a}
        if person.representative and person.representative.email:
            addresses.add(person.representative.email.lower())
        _trail(
            session,
            out,
            f"trail-complainant-{person.id}",
            f"Changes to your details on {case.reference}",
            _entities(person),
        )
    for case in cases:
        _case(case, out)
        for allegation in case.allegations:
            _allegation(case, allegation, out)
        for other in case.complainants:
            if other.id not in own:
                _other_complainant(other, out)
        for subject in case.subjects:
            out.others.add(subject.identity.display_name)
        _working_record(session, case, out)
        _emails(session, case, addresses, out)


def _own_details(person: Complainant, case: Case, out: Gathered) -> None:
    rep = person.representative
    equality = person.equality
    lines = [
        _line("Name", person.display_name),
        _line("Email", person.email),
        _line("Phone", person.phone),
        _line("Address", person.address),
        _line("Postcode", person.postcode),
        _line("How you asked us to contact you", person.contact_preference),
        _line("Adjustments or needs", person.needs),
    ]
    if rep is not None:
        lines += [
            "Your representative",
            _line("Name", rep.name),
            _line("Organisation", rep.organisation),
            _line("Email", rep.email),
            _line("Phone", rep.phone),
            _line("Address", rep.address),
            _line("Consent received", format_date(rep.consent_received_on)),
        ]
    if equality is not None:
        lines += ["Equality monitoring"] + [
            _line(label, getattr(equality, key))
            for key, label in (
                ("age_band", "Age"),
                ("sex", "Sex"),
                ("gender_reassignment", "Gender reassignment"),
                ("ethnicity", "Ethnicity"),
                ("disability", "Disability"),
                ("religion", "Religion or belief"),
                ("sexual_orientation", "Sexual orientation"),
            )
        ]
    out.add(f"complainant-{person.id}", f"Your details on {case.reference}", lines)


def _other_complainant(other: Complainant, out: Gathered) -> None:
    out.others |= {other.display_name, f"{other.given_name} {other.family_name}"}
    out.others |= {v for v in (other.email, other.phone) if v}
    if other.representative is not None:
        rep = other.representative
        out.others |= {v for v in (rep.name, rep.email, rep.phone) if v}


def _case(case: Case, out: Gathered) -> None:
    out.add(
        f"case-{case.id}",
        f"Case {case.reference}",
        [
            _line("Reference", case.reference),
            _line("Type", case.case_type),
            _line("Received", format_date(case.received_on)),
            _line("How it reached us", case.channel),
            _line("Where it stands", case.state),
            _line("Date of the incident", format_date(case.incident_on)),
            _line("Place of the incident", case.incident_place),
            _line("Summary", case.summary),
        ],
    )


def _allegation(case: Case, allegation: Allegation, out: Gathered) -> None:
    out.add(
        f"allegation-{allegation.id}",
        f"{case.reference} allegation {allegation.number}",
        [
            _line("Category", allegation.category.name if allegation.category else None),
            _line("Allegation", allegation.description),
            _line("Date", format_date(allegation.incident_on)),
            _line("Place", allegation.incident_place),
            _line("About", ", ".join(s.identity.display for s in allegation.subjects)),
            _line("Result", allegation.result),
            _line("Result recorded", format_date(allegation.result_recorded_at)),
            _line("Actions taken", actions.recorded(allegation).words),
        ],
    )


def _working_record(session: Session, case: Case, out: Gathered) -> None:
    """The case's contacts, notes and documents: its working record, read whole."""
    for contact in session.scalars(
        select(Contact).where(Contact.case_id == case.id).order_by(Contact.occurred_on, Contact.id)
    ):
        out.add(
            f"contact-{contact.id}",
            f"{case.reference} contact of {format_date(contact.occurred_on)}",
            [
                _line("Date", format_date(contact.occurred_on)),
                _line("How", contact.method),
                _line("Why", contact.purpose),
                _line("Summary", contact.summary),
                _line("What the complainant wants", contact.complainant_wishes),
            ],
        )
    for note in session.scalars(
        select(Note).where(Note.case_id == case.id).order_by(Note.created_at, Note.id)
    ):
        out.add(
            f"note-{note.id}",
            f"{case.reference} note of {format_date(note.created_at)}",
            [_line("Written", format_datetime(note.created_at)), note.body],
        )
    for document in session.scalars(
        select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.id)
    ):
        out.add(
            f"document-{document.id}",
            f"{case.reference} document {document.id}: {document.filename}",
            [
                _line("File", document.filename),
                _line("Kind", document.kind),
                _line("Description", document.description),
                _line("Type", document.content_type),
                _line("Kept on", format_date(document.uploaded_at)),
            ],
            document,
        )


def _emails(session: Session, case: Case, addresses: set[str], out: Gathered) -> None:
    """Emails on the case sent to the person (or their representative), not to others."""
    if not addresses:
        return
    for message in session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.case_id == case.id)
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    ):
        if message.to_address.lower() not in addresses:
            continue
        out.add(
            f"email-{message.id}",
            f"{case.reference} email of {format_date(message.created_at)}",
            [
                _line("To", message.to_address),
                _line("Subject", message.subject),
                _line("Written", format_datetime(message.created_at)),
                _line("Status", message.status),
                _line("Attached", message.attachment_name),
                message.body,
            ],
        )


def _entities(person: Complainant) -> list[tuple[str, int]]:
    found = [("complainants", person.id)]
    if person.representative is not None:
        found.append(("representatives", person.representative.id))
    if person.equality is not None:
        found.append(("equality_monitoring", person.equality.id))
    return found


def _trail(
    session: Session, out: Gathered, id: str, title: str, entities: list[tuple[str, int]]
) -> None:
    """The audit entries about the person's own records, in the order they were written."""
    if not entities:
        return
    events = session.scalars(
        select(AuditEvent)
        .where(
            or_(
                *(
                    and_(AuditEvent.entity_type == kind, AuditEvent.entity_id == key)
                    for kind, key in entities
                )
            )
        )
        .order_by(AuditEvent.chain_seq)
    ).all()
    lines = []
    for event in events:
        fields = ", ".join(sorted(event.changes or {})) if event.action != "view" else ""
        lines.append(
            f"{format_datetime(event.occurred_at)}: {event.action} of {event.entity_type}"
            + (f" ({fields})" if fields else "")
            + (f": {event.summary}" if event.summary else "")
        )
    out.add(id, title, lines or ["No changes recorded."])


def _subject(session: Session, actor: Actor, request: AccessRequest, out: Gathered) -> None:
    subject = session.get(Subject, request.subject_id)
    identities = list(
        session.scalars(
            select(SubjectIdentity)
            .where(SubjectIdentity.subject_id == subject.id)
            .order_by(SubjectIdentity.valid_from, SubjectIdentity.id)
        )
    )
    lines = [_line("Kind", subject.kind)]
    for identity in identities:
        lines.append(
            f"{identity.display}, {identity.division.name if identity.division else 'no division'}"
            f", from {format_date(identity.valid_from)}"
            + (f" to {format_date(identity.valid_to)}" if identity.valid_to else "")
        )
    out.add(f"subject-{subject.id}", "Your identity as the force has known it", lines)
    for status in session.scalars(
        select(DutyStatus).where(DutyStatus.subject_id == subject.id).order_by(DutyStatus.id)
    ):
        out.add(
            f"duty-{status.id}",
            f"Duty status from {format_date(status.started_on)}",
            [
                _line("Status", status.kind),
                _line("Reason", status.reason),
                _line("From", format_date(status.started_on)),
                _line("Until", format_date(status.ended_on)),
                _line("Why it ended", status.end_reason),
            ]
            + [
                f"Review of {format_date(r.reviewed_on)}: "
                + ("continued" if r.continued else "ended")
                + (f". {r.note}" if r.note else "")
                for r in status.reviews
            ],
        )
    mine = list(session.scalars(select(CaseSubject).where(CaseSubject.subject_id == subject.id)))
    cases = _cases(session, actor, request, {cs.case_id for cs in mine})
    entities = [("subjects", subject.id)] + [("subject_identities", i.id) for i in identities]
    own_names = {i.display_name for i in identities}
    for case in cases:
        on_case = next(cs for cs in case.subjects if cs.subject_id == subject.id)
        entities.append(("case_subjects", on_case.id))
        _case(case, out)
        for allegation in case.allegations:
            if any(s.id == on_case.id for s in allegation.subjects):
                _allegation(case, allegation, out)
        _conduct(session, case, on_case, out)
        for other in case.complainants:
            _other_complainant(other, out)
        out.others |= {
            cs.identity.display_name
            for cs in case.subjects
            if cs.subject_id != subject.id and cs.identity.display_name not in own_names
        }
        _working_record(session, case, out)
    _trail(session, out, f"trail-subject-{subject.id}", "Changes to your records", entities)


def _conduct(session: Session, case: Case, on_case: CaseSubject, out: Gathered) -> None:
    assessments = session.scalars(
        select(SeverityAssessment)
        .where(SeverityAssessment.case_subject_id == on_case.id)
        .order_by(SeverityAssessment.assessed_on, SeverityAssessment.id)
    ).all()
    outcome = session.scalar(
        select(ConductOutcome).where(ConductOutcome.case_subject_id == on_case.id)
    )
    if not assessments and outcome is None:
        return
    lines = [
        f"Severity assessed {format_date(a.assessed_on)}: {a.severity.label}"
        + (f". {a.rationale}" if a.rationale else "")
        for a in assessments
    ]
    if outcome is not None:
        lines += [
            _line("Regulation 17 notice served", format_date(outcome.regulation_17_served_on)),
            _line(
                "Case to answer",
                None
                if outcome.case_to_answer is None
                else ("Yes" if outcome.case_to_answer else "No"),
            ),
            _line("Proceedings", outcome.proceedings),
            _line("Finding", outcome.finding),
            _line("Outcome", outcome.sanction),
            _line("Decided", format_date(outcome.decided_on)),
        ]
    out.add(f"conduct-{on_case.id}", f"{case.reference} severity and conduct outcome", lines)


def suggestions(gathered: Gathered, own: set[str]) -> list[str]:
    """Other people's names and details to pre-mark, longest first, none of the person's."""
    own_folded = {o.strip().lower() for o in own if o}
    picked = {o.strip() for o in gathered.others if o and len(o.strip()) >= 3}
    return sorted(
        (p for p in picked if p.lower() not in own_folded and p != "Unidentified"),
        key=lambda p: (-len(p), p),
    )


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("Yes" if value else "No")
