"""Letters to the complainant: which fit the case now, and sending one (A5, B regs 33-34, T15).

A letter is kept with the case exactly as rendered and logged as a contact, so it keeps
the complainant-update clock running like any other contact; it is emailed or listed to
post as the complainant prefers (``complaints.cases.delivery``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from complaints.auth.permissions import Permission, can
from complaints.cases import actions as taken
from complaints.cases import deadlines, delivery, letters, workflow
from complaints.cases.addressees import addressees
from complaints.cases.choices import (
    ACKNOWLEDGEMENT_STATES,
    NOTIFIED_STATES,
    UPDATE_LETTER_STATES,
    CaseState,
    CaseType,
    ContactPurpose,
)
from complaints.cases.letters import LetterContent, LetterKind
from complaints.cases.models import Case, Complainant, Contact
from complaints.cases.services import CaseError
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import london_date
from complaints.common.limits import too_long
from complaints.common.pdfdoc import long_date
from complaints.documents.services import store_letter
from complaints.documents.storage import FileStore
from complaints.investigations.models import InvestigationMode
from complaints.letters import html as letter_html
from complaints.letters import services as templates
from complaints.letters.engine import Block, TemplateRefused, unusable
from complaints.letters.fields import EDITABLE, MAX_PARAGRAPH
from complaints.reviews.models import ReviewBody

S = CaseState


# Which purpose a letter has in the contact log. An acknowledgement is never the first
# contact of A2: that contact asks the complainant what they want, which a letter cannot.
PURPOSES = {
    LetterKind.ACKNOWLEDGEMENT: ContactPurpose.OTHER,
    LetterKind.UPDATE: ContactPurpose.UPDATE,
    LetterKind.OUTCOME: ContactPurpose.OTHER,
    LetterKind.WITHDRAWAL: ContactPurpose.OTHER,
}

NO_REVIEW_OF_INDEPENDENT = (
    "the Independent Office for Police Conduct investigated your complaint itself, and "
    "there is no review of its own independent investigations"
)


def is_schedule_3(case: Case) -> bool:
    return case.recorded_at is not None


def why_not(case: Case, kind: LetterKind) -> str | None:
    """Why this kind of letter does not fit the case now, or None when it does."""
    if case.case_type != CaseType.COMPLAINT:
        return "Only complaints have a complainant to write to"
    if kind == LetterKind.ACKNOWLEDGEMENT and case.state not in ACKNOWLEDGEMENT_STATES:
        return "An acknowledgement is sent while the complaint is being dealt with"
    if kind == LetterKind.UPDATE and case.state not in UPDATE_LETTER_STATES:
        return "Updates are sent until the complainant has been told the outcome"
    if kind == LetterKind.OUTCOME:
        if not is_schedule_3(case):
            if case.state != S.FINALISED:
                return "The outcome letter is sent once the complaint has been resolved"
        elif case.state not in NOTIFIED_STATES or case.outcome_notified_at is None:
            return (
                "The outcome letter is sent when the complainant is notified of the outcome: "
                "take the step 'Notify the complainant of the outcome' first"
            )
    if kind == LetterKind.WITHDRAWAL and case.state != S.WITHDRAWN:
        return "A withdrawal is confirmed once the withdrawal has been recorded"
    return None


def letter_kinds(case: Case) -> list[LetterKind]:
    """The kinds of letter that fit the case now, in the order they are usually sent."""
    return [kind for kind in LetterKind if why_not(case, kind) is None]


@dataclass(frozen=True)
class Draft:
    """A letter as it will be sent: its words, its layout's facts and the template version
    it is made from. Previewing and issuing make the same draft from the same input."""

    kind: LetterKind
    complainant: Complainant
    content: LetterContent
    template_id: int
    template_version: int
    template_body: str
    blocks: list[Block]

    def pdf(self) -> bytes:
        return letters.render(self.kind, self.content, self.template_body)


def draft_letter(
    session: Session,
    actor: Actor,
    case: Case,
    kind: LetterKind,
    now: dt.datetime,
    *,
    paragraphs: dict[str, str] | None = None,
    complainant_id: int | None = None,
) -> Draft:
    """The letter this kind would be now, from the force's current template, with the
    handler's paragraphs (``letters.fields.EDITABLE``) in place of the defaults."""
    if case.case_type != CaseType.COMPLAINT:
        raise CaseError("Only complaints have a complainant to write to")
    if not can(actor, Permission.SEND_CORRESPONDENCE, case):
        raise CaseError("You do not have permission to send letters on this case")
    refused = why_not(case, kind)
    if refused:
        raise CaseError(refused)
    complainant = _addressee(case, complainant_id)
    content = letter_content(
        case,
        kind,
        complainant,
        london_date(now),
        sender_name=actor.name,
        paragraphs=paragraphs or {},
    )
    template = templates.current(session, case.force_id, kind.template_kind)
    try:
        words = letters.blocks(kind, content, template.body)
    except TemplateRefused as refused:
        raise CaseError(unusable(kind.label.lower(), refused)) from refused
    return Draft(kind, complainant, content, template.id, template.version, template.body, words)


def send_letter(
    session: Session,
    actor: Actor,
    case: Case,
    kind: LetterKind,
    store: FileStore,
    now: dt.datetime,
    *,
    body_text: str | None = None,
    paragraphs: dict[str, str] | None = None,
    complainant_id: int | None = None,
) -> Contact:
    """Issue a letter to a complainant: keep the PDF with the case (frozen by its hash),
    log it as a contact naming the template version, and send it their way: emailed if
    they prefer email, otherwise listed to post (``delivery.deliver``). The letterhead is
    the case's force's (``letter_content``)."""
    audit.acting(session, actor, now)
    given = dict(paragraphs or {})
    if body_text is not None:
        given.setdefault("progress", body_text)
    draft = draft_letter(
        session, actor, case, kind, now, paragraphs=given, complainant_id=complainant_id
    )
    today = london_date(now)
    pdf = draft.pdf()
    title = f"{kind.label} letter"
    attachment = store_letter(
        session,
        actor,
        case,
        letters.filename_for(kind, case.reference, today),
        pdf,
        title,
        store,
        now,
    )
    contact = delivery.deliver(
        session,
        actor,
        delivery.Letter(
            case=case,
            complainant=draft.complainant,
            kind=f"letter_{kind.value}",
            title=title,
            office=draft.content.psd_name,
            office_address=draft.content.psd_address,
            purpose=PURPOSES[kind],
            attachment=attachment,
            pdf=pdf,
            template_id=draft.template_id,
            words=letter_html.record(letters.letterhead(kind, draft.content), draft.blocks),
        ),
        now,
    )
    case.updated_at = now
    deadlines.refresh(case)
    session.flush()
    return contact


def default_paragraphs(case: Case, kind: LetterKind) -> dict[str, str]:
    """What the handler's paragraphs say until they change them."""
    if kind == LetterKind.ACKNOWLEDGEMENT:
        return {"next_steps": _next_steps(case)}
    return {}


def letter_content(
    case: Case,
    kind: LetterKind,
    complainant: Complainant,
    today: dt.date,
    *,
    sender_name: str,
    paragraphs: dict[str, str] | None = None,
) -> LetterContent:
    """What the letter says, gathered from the case as plain values, written by the
    office that deals with the complaint (``writing_office``)."""
    force = case.force
    given = {**default_paragraphs(case, kind), **_typed(kind, paragraphs or {})}
    office, office_address = writing_office(case)
    to = addressees(complainant)[0]
    common = {
        "force_name": force.name,
        "psd_name": office,
        "reference": case.reference,
        "dated": today,
        "complainant_name": to.name,
        "addressed_as": to.greeting,
        "complainant_address": to.address,
        "regarding": complainant.display_name if to.representative else "",
        "sender_name": sender_name,
        "psd_address": office_address,
        "received_on": case.received_on,
    }
    if kind == LetterKind.ACKNOWLEDGEMENT:
        return LetterContent(
            **common,
            handler_name=case.handler.full_name if case.handler else None,
            next_steps=given.get("next_steps") or _next_steps(case),
            keep_informed=_keep_informed(complainant),
        )
    if kind == LetterKind.UPDATE:
        progress = given.get("progress", "")
        if not progress:
            raise CaseError("Enter the progress to tell the complainant about")
        return LetterContent(
            **common,
            progress=progress,
            next_update_by=today + dt.timedelta(days=deadlines.UPDATE_INTERVAL_DAYS),
        )
    if kind == LetterKind.OUTCOME:
        return LetterContent(
            **common,
            **_outcome(case),
            explanation=given.get("explanation"),
            apology=given.get("apology"),
        )
    return LetterContent(**common, withdrawal_notice_on=case.withdrawal_notice_on)


def _typed(kind: LetterKind, paragraphs: dict[str, str]) -> dict[str, str]:
    """The handler's paragraphs this kind has, trimmed, each within the length allowed."""
    found = {}
    for field in EDITABLE[kind.template_kind]:
        text = (paragraphs.get(field.name) or "").strip()
        if len(text) > MAX_PARAGRAPH:
            raise CaseError(too_long(field.label, MAX_PARAGRAPH))
        if text:
            found[field.name] = text
    return found


def _addressee(case: Case, complainant_id: int | None) -> Complainant:
    if not case.complainants:
        raise CaseError("Add the complainant to the case before writing to them")
    if complainant_id is None:
        return case.complainants[0]
    for complainant in case.complainants:
        if complainant.id == complainant_id:
            return complainant
    raise CaseError("Choose a complainant on this case")


def _outcome(case: Case) -> dict:
    outcomes = tuple(
        letters.AllegationOutcome(
            a.number,
            a.category.name,
            a.result,
            taken.recorded(a).words,
            about=_when_where(a),
        )
        for a in case.allegations
    )
    if not outcomes:
        raise CaseError("Add the allegations and their results before the outcome letter")
    if not is_schedule_3(case):
        return {"outcomes": outcomes, "schedule_3": False}
    investigation = case.investigation
    if investigation is not None and investigation.mode == InvestigationMode.INDEPENDENT:
        return {
            "outcomes": outcomes,
            "schedule_3": True,
            "no_review_reason": NO_REVIEW_OF_INDEPENDENT,
        }
    if case.review_body is None:
        raise CaseError(
            "Confirm which body reviews this complaint (the OPCC or the IOPC) before "
            "sending the outcome letter"
        )
    notified_on = london_date(case.outcome_notified_at)
    review = letters.ReviewRight(
        body=case.review_body,
        # Only the IOPC's reasons are for the public: the OPCC reviews whenever none holds.
        reason=case.review_body_reason if case.review_body == ReviewBody.IOPC else None,
        notified_on=notified_on,
        apply_by=deadlines.review_deadline_from(notified_on),
    )
    return {
        "outcomes": outcomes,
        "schedule_3": True,
        "review": review,
        "review_contact": review_contact(case),
    }


def writing_office(case: Case) -> tuple[str, tuple[str, ...]]:
    """Who writes to the complainant, with its address and contact details: the force's
    PSD, or its OPCC where the police and crime commissioner is the appropriate authority
    (a complaint about the chief officer), never the force's PSD on the OPCC's behalf."""
    force = case.force
    if case.about_chief_officer:
        return force.opcc_name, (*force.opcc_address_lines, *force.opcc_contact_lines)
    return force.psd_name, (*force.psd_address_lines, *force.psd_contact_lines)


def review_contact(case: Case) -> tuple[str, ...]:
    """Where a review application goes: the force's OPCC as the force records it, or the
    IOPC's published address."""
    if case.review_body == ReviewBody.IOPC:
        return letters.IOPC_CONTACT
    force = case.force
    lines = [force.opcc_name, *force.opcc_address_lines, *force.opcc_contact_lines]
    return tuple(dict.fromkeys(line for line in lines if line))


def _when_where(allegation) -> str:
    """What an allegation was about, told apart from others of its category by when and
    where it happened: the complainant's description may name the officer, which a letter
    does not."""
    parts = []
    if allegation.incident_on:
        parts.append(f"on {long_date(allegation.incident_on)}")
    if allegation.incident_place:
        parts.append(f"at {allegation.incident_place.strip()}")
    return " ".join(parts)


def _next_steps(case: Case) -> str:
    if case.state == S.LOGGED:
        return (
            "We will contact you to talk about your complaint and what you would like to "
            "happen. We will then decide how your complaint is to be handled and tell you."
        )
    if case.state == S.INITIAL_HANDLING:
        return (
            "We are dealing with your complaint outside Schedule 3 to the Police Reform Act "
            "2002. This means we will try to resolve it to your satisfaction, for example by "
            "giving you an explanation or an apology. If you are not satisfied, you can ask "
            "for your complaint to be recorded under Schedule 3."
        )
    recorded = "Your complaint has been recorded under Schedule 3 to the Police Reform Act 2002."
    if case.state == S.RECORDED:
        return f"{recorded} We will decide how it is to be handled and tell you."
    if case.state == S.REFERRED:
        return (
            f"{recorded} We have referred it to the Independent Office for Police Conduct "
            "(IOPC), which will decide how it is to be dealt with. We will tell you what it "
            "decides."
        )
    if case.state == S.HANDLING:
        return (
            f"{recorded} We are looking into it without a formal investigation, and will tell "
            "you the outcome."
        )
    return (
        f"{recorded} It is being investigated. We will tell you the outcome when the "
        "investigation is complete."
    )


def _keep_informed(complainant: Complainant) -> str:
    text = (
        "We will update you on the progress of your complaint at least every "
        f"{deadlines.UPDATE_INTERVAL_DAYS} days until we tell you the outcome."
    )
    if complainant.contact_preference is not None:
        how = complainant.contact_preference.label.lower()
        text += f" You told us how you prefer to be contacted ({how}): we will use that."
    return text + " If your contact details change, please tell us, quoting your reference."


OUTCOME_PARAGRAPHS = tuple(p.name for p in EDITABLE[LetterKind.OUTCOME.template_kind])


def preview_outcome(
    session: Session, actor: Actor, case: Case, data: dict, now: dt.datetime
) -> Draft:
    """The outcome letter that notifying now would send. The step is taken inside a
    savepoint that is then rolled back, so the preview is made exactly as the letter will
    be and leaves nothing behind."""
    savepoint = session.begin_nested()
    try:
        workflow.apply(session, actor, case, "notify_outcome", data, now)
        return draft_letter(
            session,
            actor,
            case,
            LetterKind.OUTCOME,
            now,
            paragraphs={name: data.get(name) or "" for name in OUTCOME_PARAGRAPHS},
        )
    finally:
        savepoint.rollback()


def notify_outcome(
    session: Session,
    actor: Actor,
    case: Case,
    data: dict,
    store: FileStore,
    now: dt.datetime,
) -> Contact:
    """Notify the outcome (A2) and send the outcome letter that names the review body and
    the last day to apply (T15), with the handler's explanation and apology: one act, so
    no case is notified without its letter."""
    workflow.apply(session, actor, case, "notify_outcome", data, now)
    paragraphs = {name: data.get(name) or "" for name in OUTCOME_PARAGRAPHS}
    return send_letter(session, actor, case, LetterKind.OUTCOME, store, now, paragraphs=paragraphs)
