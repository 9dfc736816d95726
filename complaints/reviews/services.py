"""Review applications from receipt to decision (domain.md A2, A5, A7, A8, B3.6).

Each function takes ``(session, actor, ..., now)``, only flushes, and refuses with a
``ReviewError`` whose message is written for the user. State changes go through
``workflow.apply``; the letters to the applicant are made in the same transaction and
kept with the case, so no decision exists without its letter.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from complaints.auth.permissions import Permission, can
from complaints.auth.roles import Role
from complaints.cases import deadlines, delivery, workflow
from complaints.cases.addressees import addressees
from complaints.cases.choices import CaseState, CaseType, ContactPurpose
from complaints.cases.models import Case
from complaints.cases.queries import load_visible
from complaints.cases.services import add_note
from complaints.cases.visibility import known_to
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import london_date
from complaints.common.errors import ChangedMeanwhile, Refused
from complaints.common.limits import too_long
from complaints.documents.models import Attachment
from complaints.documents.services import LetterSettings, store_letter
from complaints.forces.models import Force
from complaints.learning.models import LearningLevel, LearningSource
from complaints.learning.services import LearningData, record_learning
from complaints.letters import services as templates
from complaints.letters.engine import TemplateRefused, unusable
from complaints.reviews import letters
from complaints.reviews.letters import ReviewLetter, ReviewLetterKind
from complaints.reviews.lifecycle import is_late, new_review, open_review, review_deadline
from complaints.reviews.models import Review, ReviewBody, ReviewOutcome, ReviewRecommendation
from complaints.reviews.routing import propose_review_body

NOT_WAITING = "No complaint with that reference is waiting for a review"
TAKEN_BY_ANOTHER = "Another OPCC reviewer has taken this review"
RESPONSE_CHANGED = (
    "The response to this recommendation was changed by someone else after you opened "
    "this page: check it and record yours again"
)
# The theme of a learning item raised from a recommendation: themes are listed and
# filtered on, so they never carry a case reference; the item keeps the link by its ids.
RECOMMENDATION_THEME = "Review recommendation"
MAX_TEXT = 5000


class ReviewError(Refused):
    """A review step refused; the message says why, for the user."""


class ResponseChanged(ChangedMeanwhile):
    """The response to a recommendation changed after the user opened the page."""

    def __init__(self) -> None:
        super().__init__(RESPONSE_CHANGED)


@dataclass(frozen=True)
class ResponseData:
    response: str
    accepted: bool
    responded_on: dt.date
    raise_learning: bool = False
    # What the page showed of the response when it was opened (``response_seen``): a
    # response recorded or changed meanwhile is never silently overwritten.
    seen: str = ""


# Finding the complaint an application is about. ------------------------------------------


def find_awaiting_review(session: Session, actor: Actor, reference: str) -> Case | None:
    """The complaint whose outcome was notified, by reference, if this user may record an
    application for it. A restricted case the user is not named on is never found: the
    answer is the same as for a reference that does not exist (A8)."""
    wanted = " ".join((reference or "").split()).upper()
    if not wanted:
        return None
    return session.scalar(
        select(Case).where(
            Case.reference == wanted,
            Case.case_type == CaseType.COMPLAINT,
            Case.state == CaseState.OUTCOME_NOTIFIED,
            known_to(actor),
        )
    )


def review_body_for(case: Case) -> tuple[ReviewBody, str]:
    """The body confirmed when the outcome was notified, with its reason; proposed by the
    A7 rules when none was, so an application is never left without a review body."""
    if case.review_body is not None:
        return case.review_body, case.review_body_reason or "Named in the outcome letter"
    proposal = propose_review_body(case)
    return proposal.body, proposal.reason


def may_record(actor: Actor, case: Case) -> bool:
    step = workflow.TRANSITIONS["apply_for_review"]
    return any(can(actor, p, case) for p in step.permissions)


# Applications. -----------------------------------------------------------------------------


def record_application(
    session: Session,
    actor: Actor,
    case: Case,
    data: dict[str, Any],
    settings: LetterSettings,
    now: dt.datetime,
) -> Review:
    """A valid application: the case goes under review. One received by the body that does
    not review it is forwarded, and the applicant is told so by letter."""
    audit.acting(session, actor, now)
    workflow.apply(session, actor, case, "apply_for_review", data, now)
    review = case.reviews[-1]
    if review.forwarded_on is not None:
        _send(session, actor, case, review, ReviewLetterKind.FORWARDED, settings, now)
    return review


MAX_GROUNDS = 5000


def online_refusal(case: Case, today: dt.date) -> str | None:
    """Why the complainant cannot ask online for a review today, or None: beyond the
    workflow's own guard, online is only for the body the outcome letter named, and only
    in the window (a late application needs its special reason put to the review body)."""
    if case.state != CaseState.OUTCOME_NOTIFIED or case.review_body is None:
        return "This complaint cannot be reviewed now"
    if is_late(case, today):
        return (
            "The time to ask for a review online has passed. If there is a special reason "
            "you could not ask in time, contact the review body named in your outcome letter"
        )
    return None


def apply_online(
    session: Session,
    actor: Actor,
    case: Case,
    grounds: str,
    settings: LetterSettings,
    now: dt.datetime,
) -> Review:
    """A complainant's own application, made online in the review window: received today
    by the body the outcome letter named, so it goes straight to that body's queue. The
    grounds are kept on the case file, which the reviewer reads."""
    audit.acting(session, actor, now)
    grounds = grounds.strip()
    if not grounds:
        raise ReviewError("Tell us why you are not satisfied with the outcome")
    if len(grounds) > MAX_GROUNDS:
        raise ReviewError(too_long("Why you are not satisfied", MAX_GROUNDS))
    refused = online_refusal(case, london_date(now))
    if refused is not None:
        raise ReviewError(refused)
    data = {"body": case.review_body.value, "received_by": case.review_body.value}
    review = record_application(session, actor, case, data, settings, now)
    add_note(
        session,
        actor,
        case,
        f"Review application made online by the complainant. Their grounds:\n{grounds}",
        now,
    )
    return review


def record_not_valid(
    session: Session,
    actor: Actor,
    case: Case,
    data: dict[str, Any],
    settings: LetterSettings,
    now: dt.datetime,
) -> Review:
    """A late application with no special reason: kept as not valid (never decided and left
    out of every rate, B3.6), the case stays notified, and the applicant is told by letter."""
    audit.acting(session, actor, now)
    if case.case_type != CaseType.COMPLAINT or case.state != CaseState.OUTCOME_NOTIFIED:
        raise ReviewError(NOT_WAITING)
    if not may_record(actor, case):
        raise ReviewError("You do not have permission to record review applications")
    received_on = data.get("received_on") or london_date(now)
    if received_on > london_date(now):
        raise ReviewError("The date the application was received cannot be in the future")
    if not is_late(case, received_on):
        raise ReviewError(
            f"The application arrived within the {deadlines.REVIEW_WINDOW_DAYS}-day window, "
            "so it is valid: record it "
            "as received"
        )
    if (data.get("late_special_reason") or "").strip():
        raise ReviewError(
            "A late application with a special reason is valid: record it as received"
        )
    body = case.review_body or ReviewBody.OPCC
    received_by = ReviewBody(data.get("received_by") or body)
    review = new_review(
        case,
        actor,
        received_on=received_on,
        received_by=received_by,
        body=body,
        routing_reason=case.review_body_reason or "Named in the outcome letter",
        valid=False,
        now=now,
    )
    session.flush()
    _send(session, actor, case, review, ReviewLetterKind.NOT_VALID, settings, now)
    return review


# The OPCC reviewer's work. -----------------------------------------------------------------


def why_not_take(actor: Actor, review: Review) -> str | None:
    """Why this user may not take this review, or None if they may: the one rule behind
    the "Take this review" button and the allocation itself."""
    if actor.role != Role.OPCC_REVIEWER or not can(actor, Permission.REVIEW):
        return "Only an OPCC reviewer can take a review"
    if review.case.force_id not in actor.forces:
        return "This review is for another force's OPCC"
    if review.body != ReviewBody.OPCC or not review.valid or review.decided_on is not None:
        return "This review is not waiting for an OPCC reviewer"
    if review.reviewer_id == actor.user_id:
        return "You have already taken this review"
    if review.reviewer_id is not None:
        return TAKEN_BY_ANOTHER
    return None


def take_review(session: Session, actor: Actor, review: Review, now: dt.datetime) -> Review:
    """Allocate an OPCC review to the reviewer taking it: from now they alone read the case.

    The allocation is one conditional update, so of two reviewers taking the same review
    at once exactly one gets it and the other is told, rather than both being told they
    have it while the later write silently wins."""
    audit.acting(session, actor, now)
    refused = why_not_take(actor, review)
    if refused is not None:
        raise ReviewError(refused)
    session.flush()
    taken = session.execute(
        update(Review)
        .where(
            Review.id == review.id,
            Review.reviewer_id.is_(None),
            Review.decided_on.is_(None),
        )
        .values(reviewer_id=actor.user_id, allocated_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(review)
    if taken.rowcount != 1:
        raise ReviewError(why_not_take(actor, review) or TAKEN_BY_ANOTHER)
    # A bulk update passes the unit of work by, so its audit event is written here.
    audit.record(
        session,
        "update",
        entity_type="reviews",
        entity_id=review.id,
        case_id=review.case_id,
        changes={"reviewer_id": [None, actor.user_id], "allocated_at": [None, now]},
        actor=actor,
        now=now,
    )
    session.flush()
    return review


def decide_review(
    session: Session,
    actor: Actor,
    review: Review,
    data: dict[str, Any],
    settings: LetterSettings,
    now: dt.datetime,
) -> Review:
    """Record the review body's decision (A2). The OPCC's own decision is sent to the
    complainant with its rationale and recommendations in a letter kept with the case;
    the IOPC writes its own letters, so its decision is only recorded here."""
    audit.acting(session, actor, now)
    case = review.case
    if open_review(case) is not review:
        raise ReviewError("This review is not waiting for a decision")
    rationale = (data.get("rationale") or "").strip()
    if not rationale:
        raise ReviewError("Enter the rationale for the decision")
    if len(rationale) > MAX_TEXT:
        raise ReviewError("Write the rationale in 5,000 characters or fewer")
    workflow.apply(session, actor, case, "decide_review", {**data, "rationale": rationale}, now)
    if review.body == ReviewBody.OPCC:
        _send(session, actor, case, review, ReviewLetterKind.DECISION, settings, now)
    return review


def respond_to_recommendation(
    session: Session,
    actor: Actor,
    recommendation: ReviewRecommendation,
    data: ResponseData,
    now: dt.datetime,
) -> ReviewRecommendation:
    """The appropriate authority's response to one recommendation (B3.6), and the learning
    item it may raise (A3)."""
    audit.acting(session, actor, now)
    review = recommendation.review
    case = review.case
    if not can(actor, Permission.DECIDE, case):
        raise ReviewError("Only the appropriate authority responds to recommendations")
    response = (data.response or "").strip()
    if not response:
        raise ReviewError("Enter the force's response")
    if len(response) > MAX_TEXT:
        raise ReviewError("Write the response in 5,000 characters or fewer")
    if data.responded_on > london_date(now):
        raise ReviewError("The date of the response cannot be in the future")
    if review.decided_on is not None and data.responded_on < review.decided_on:
        raise ReviewError("The response cannot be dated before the review was decided")
    _record_response(session, actor, recommendation, data, response, now)
    if data.raise_learning and recommendation.learning_item_id is None:
        item = record_learning(
            session,
            actor,
            LearningData(
                theme=RECOMMENDATION_THEME,
                description=recommendation.text,
                level=LearningLevel.ORGANISATIONAL,
            ),
            now,
            source=LearningSource.REVIEW,
            case_id=case.id,
            review_id=review.id,
        )
        recommendation.learning_item_id = item.id
    session.flush()
    return recommendation


def response_seen(recommendation: ReviewRecommendation) -> str:
    """A short fingerprint of the response as it stands ("" when there is none), carried
    by the response form so that saving it can tell whether it changed meanwhile."""
    if recommendation.responded_on is None:
        return ""
    stated = "\x1f".join(
        (
            recommendation.response or "",
            str(recommendation.accepted),
            recommendation.responded_on.isoformat(),
            str(recommendation.responded_by_id),
        )
    )
    return hashlib.sha256(stated.encode()).hexdigest()[:32]


def _record_response(
    session: Session,
    actor: Actor,
    recommendation: ReviewRecommendation,
    data: ResponseData,
    response: str,
    now: dt.datetime,
) -> None:
    """Write the response only if the row still holds what the user saw: the comparison
    and the write are one conditional update, so a response recorded meanwhile by someone
    else is refused here rather than overwritten."""
    session.flush()
    session.refresh(recommendation)
    if response_seen(recommendation) != data.seen:
        raise ResponseChanged
    R = ReviewRecommendation
    if recommendation.responded_on is None:
        unchanged = [R.responded_on.is_(None)]
    else:
        unchanged = [
            R.response == recommendation.response,
            R.accepted == recommendation.accepted,
            R.responded_on == recommendation.responded_on,
            R.responded_by_id == recommendation.responded_by_id,
        ]
    before = {
        "response": recommendation.response,
        "accepted": recommendation.accepted,
        "responded_on": recommendation.responded_on,
        "responded_by_id": recommendation.responded_by_id,
    }
    written = session.execute(
        update(R)
        .where(R.id == recommendation.id, *unchanged)
        .values(
            response=response,
            accepted=data.accepted,
            responded_on=data.responded_on,
            responded_by_id=actor.user_id,
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(recommendation)
    if written.rowcount != 1:
        raise ResponseChanged
    after = {
        "response": response,
        "accepted": data.accepted,
        "responded_on": data.responded_on,
        "responded_by_id": actor.user_id,
    }
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if "response" in changes:
        # Free text about what happened: the trail says it changed, never what it says.
        changes["response"] = ["[personal data]", "[personal data]"]
    audit.record(
        session,
        "update",
        entity_type="review_recommendations",
        entity_id=recommendation.id,
        case_id=recommendation.review.case_id,
        changes=changes,
        actor=actor,
        now=now,
    )


# Who may read a review's record. ------------------------------------------------------------


def may_read(session: Session, actor: Actor, review: Review) -> bool:
    """The review record: anyone who may read its case; and an OPCC reviewer the reviews
    they took, decided or recorded, even once the case file is closed to them (A8)."""
    if actor.role == Role.OPCC_REVIEWER and actor.user_id in (
        review.reviewer_id,
        review.decided_by_id,
        review.recorded_by_id,
    ):
        return (
            not review.case.restricted or load_visible(session, actor, review.case_id) is not None
        )
    return load_visible(session, actor, review.case_id) is not None


def letters_of(review: Review) -> list[Attachment]:
    return [a for a in (review.forwarding_letter, review.decision_letter) if a is not None]


# Letters. ------------------------------------------------------------------------------------


def office_of(actor: Actor, force: Force) -> str:
    """Who writes: the force's OPCC when its reviewer acts, otherwise the force's PSD."""
    return force.opcc_name if actor.role == Role.OPCC_REVIEWER else force.psd_name


def _office_address(actor: Actor, force: Force) -> tuple[str, ...]:
    """The OPCC's address and contact details on its own letters. The PSD's review letters
    have never carried one (the complainant's letters do), so they stay as they were."""
    if actor.role == Role.OPCC_REVIEWER:
        return (*force.opcc_address_lines, *force.opcc_contact_lines)
    return ()


def _send(
    session: Session,
    actor: Actor,
    case: Case,
    review: Review,
    kind: ReviewLetterKind,
    settings: LetterSettings,
    now: dt.datetime,
) -> Attachment:
    """Write the letter, keep it on the case as a contact sent the applicant's way (emailed
    or listed to post, ``delivery.deliver``), and file it on the review: a forwarding
    letter in its own place, any other as the letter that decided the review."""
    if not case.complainants:
        raise ReviewError("Add the complainant to the case before writing to them")
    applicant = case.complainants[0]
    to = addressees(applicant)[0]
    today = london_date(now)
    force = case.force
    content = ReviewLetter(
        force_name=force.name,
        office=office_of(actor, force),
        office_address=_office_address(actor, force),
        reference=case.reference,
        dated=today,
        applicant_name=to.name,
        addressed_as=to.greeting,
        regarding=applicant.display_name if to.representative else "",
        applicant_address=to.address,
        sender_name=actor.name,
        received_on=review.received_on,
        received_by=review.received_by,
        body=review.body,
        forwarded_on=review.forwarded_on,
        window_closed_on=review_deadline(case),
        outcome=review.outcome,
        rationale=review.rationale,
        recommendations=tuple(r.text for r in review.recommendations),
        sent_back_to=review.sent_back_to if review.outcome == ReviewOutcome.UPHELD else None,
    )
    template = templates.current(session, force.id, kind.template_kind)
    try:
        pdf = letters.render(kind, content, template.body)
    except TemplateRefused as refused:
        raise ReviewError(unusable(kind.label.lower(), refused)) from refused
    title = f"{kind.label} letter"
    attachment = store_letter(
        session,
        actor,
        case,
        letters.filename_for(kind, case.reference, today),
        pdf,
        title,
        settings.store,
        now,
    )
    delivery.deliver(
        session,
        actor,
        delivery.Letter(
            case=case,
            complainant=applicant,
            kind=f"review_letter_{kind.value}",
            title=title,
            office=content.office,
            office_address=content.office_address,
            purpose=ContactPurpose.OTHER,
            attachment=attachment,
            template_id=template.id,
            pdf=pdf,
        ),
        now,
    )
    deadlines.refresh(case)
    session.flush()
    if kind == ReviewLetterKind.FORWARDED:
        review.forwarding_letter_id = attachment.id
    else:
        review.decision_letter_id = attachment.id
    session.flush()
    return attachment
