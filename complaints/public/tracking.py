"""Track my complaint: a complainant follows their own case, in public words.

They ask for a link with the case's reference and an email address the case holds for
them (or for the person acting for them); the answer is the same whether or not the pair
matches, so the page cannot be used to find out who complained. The link is emailed,
works once, for ``LINK_MINUTES``, and opens that complainant's view of that case only.

What they see is worked out here from the case (``view``): the state in the words of
domain.md A9, which office deals with it, what has happened and when, what happens next
and by when, and the letters sent to them. Never staff names, notes, subjects beyond the
letters, or anyone else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.cases import workflow
from complaints.cases.addressees import acting_for
from complaints.cases.choices import CaseState, CaseType, ContactMethod
from complaints.cases.deadlines import review_deadline_from
from complaints.cases.models import Case, Complainant, Contact
from complaints.cases.queries import reference_clause
from complaints.cases.services import add_note
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import london_date
from complaints.common.errors import Refused
from complaints.documents.models import Attachment, AttachmentKind
from complaints.documents.services import Upload, add_attachment
from complaints.documents.storage import FileStore
from complaints.mail import outbox
from complaints.public.models import TrackingLink
from complaints.reviews.models import ReviewBody
from complaints.reviews.services import online_refusal

LINK_MINUTES = 30
S = CaseState

# Each state in the public's words (domain.md A9).
PUBLIC_STATE = {
    S.LOGGED: "We are looking at your complaint",
    S.INITIAL_HANDLING: "We are looking at your complaint",
    S.RECORDED: "Your complaint is being dealt with",
    S.HANDLING: "Your complaint is being dealt with",
    S.REFERRED: (
        "Your complaint has been passed to the Independent Office for Police Conduct (IOPC)"
    ),
    S.INVESTIGATION: "Your complaint is being investigated",
    S.SUSPENDED: "Your complaint is being investigated (paused for now)",
    S.AWAITING_DECISION: "Your complaint is being investigated",
    S.OUTCOME_DETERMINED: "We have reached a decision and will write to you",
    S.OUTCOME_NOTIFIED: "We have written to you with the outcome",
    S.UNDER_REVIEW: "Your review is being considered",
    S.FINALISED: "Your complaint is closed",
    S.WITHDRAWN: "You withdrew your complaint",
}
REVIEWERS = {
    ReviewBody.OPCC: "the Office of the Police and Crime Commissioner (OPCC)",
    ReviewBody.IOPC: "the Independent Office for Police Conduct (IOPC)",
}


class TrackingRefused(Refused):
    pass


class NoSuchLink(TrackingRefused):
    """A link this service never sent (as opposed to one spent or expired)."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_link(
    session: Session,
    actor: Actor,
    reference: str,
    email: str,
    now: dt.datetime,
    url: Callable[[str], str],
) -> None:
    """Email a sign-in link if the reference and address belong together; otherwise do
    nothing. Either way the caller answers the same, and the attempt is audited."""
    audit.acting(session, actor, now)
    found = _match(session, reference, email)
    audit.record(
        session,
        "tracking_link_requested",
        entity_type="tracking_links",
        summary="matched" if found else "no match",
        actor=actor,
        now=now,
    )
    if found is None:
        return
    case, complainant = found
    token = secrets.token_urlsafe(32)
    session.add(
        TrackingLink(
            case_id=case.id,
            complainant_id=complainant.id,
            token_hash=_hash(token),
            created_at=now,
            expires_at=now + dt.timedelta(minutes=LINK_MINUTES),
        )
    )
    force = case.force
    body = "\n".join(
        [
            "You asked to see how your complaint is going.",
            "",
            f"Use this link within {LINK_MINUTES} minutes. It works once:",
            "",
            url(token),
            "",
            "If you did not ask for this, you can ignore this email.",
            "",
            force.psd_name,
            force.name,
        ]
    )
    outbox.queue(
        session,
        outbox.Email(
            to=email.strip(),
            subject=f"{force.name}: your link to track your complaint",
            body=body + "\n",
            kind="tracking_link",
            case_id=case.id,
            force_id=case.force_id,
        ),
        now,
    )
    session.flush()


def _match(session: Session, reference: str, email: str) -> tuple[Case, Complainant] | None:
    address = email.strip().casefold()
    if not reference.strip() or "@" not in address:
        return None
    cases = session.scalars(
        select(Case)
        .where(reference_clause(reference.strip()), Case.case_type == CaseType.COMPLAINT)
        .limit(2)
    ).all()
    if len(cases) != 1:
        return None
    for complainant in cases[0].complainants:
        representative = acting_for(complainant)
        known = {(complainant.email or "").strip().casefold()}
        if representative is not None:
            known.add((representative.email or "").strip().casefold())
        if address in known - {""}:
            return cases[0], complainant
    return None


def use_link(session: Session, actor: Actor, token: str, now: dt.datetime) -> TrackingLink:
    """Spend a link: it opens its complainant's view once, and only while it is fresh."""
    audit.acting(session, actor, now)
    link = session.scalar(select(TrackingLink).where(TrackingLink.token_hash == _hash(token)))
    if link is None:
        raise NoSuchLink("There is no such link")
    if link.used_at is not None or link.expires_at < now:
        raise TrackingRefused(
            "This link has expired or has already been used. Ask for a new one below."
        )
    link.used_at = now
    session.flush()
    return link


@dataclass(frozen=True)
class Event:
    on: dt.date
    what: str


@dataclass(frozen=True)
class Letter:
    attachment_id: int
    title: str
    sent_on: dt.date
    accessible: bool = False  # it kept its words, so it can be had as HTML too


@dataclass(frozen=True)
class View:
    reference: str
    state: str
    office: str
    events: list[Event]
    next_steps: str
    letters: list[Letter]
    may_withdraw: bool
    may_apply_for_review: bool


def view(session: Session, case: Case, complainant: Complainant, today: dt.date) -> View:
    """What the complainant sees of their case, in public words."""
    force = case.force
    office = force.opcc_name if case.about_chief_officer else force.psd_name
    state = PUBLIC_STATE[case.state]
    if case.state == S.UNDER_REVIEW and case.review_body is not None:
        state = f"Your review is being considered by {REVIEWERS[case.review_body]}"
    # A restricted case shows the complainant only what its letters have told them.
    restricted = case.restricted
    return View(
        reference=case.reference,
        state=state,
        office=f"{office}, {force.name}",
        events=_events(case)[-1:] if restricted else _events(case),
        next_steps="We will write to you when there is news." if restricted else _next(case, today),
        letters=letters_for(session, case),
        may_withdraw=case.state not in (S.FINALISED, S.WITHDRAWN),
        may_apply_for_review=may_apply_for_review(case, today),
    )


def may_apply_for_review(case: Case, today: dt.date) -> bool:
    """Whether the complainant may ask online for a review now: the workflow's step is
    open to them (a review right) and the online rules allow it."""
    if online_refusal(case, today) is not None:
        return False
    step = workflow.TRANSITIONS["apply_for_review"]
    as_complainant = Actor.complainant(case.id, "check")
    moment = dt.datetime.combine(today, dt.time(12), dt.UTC)
    return workflow.blocked_reason(case, step, as_complainant, {}, moment) is None


def _events(case: Case) -> list[Event]:
    happened = [Event(case.received_on, "We received your complaint")]
    for moment, words in (
        (case.recorded_at, "We recorded your complaint under the formal complaints process"),
        (case.referred_at, "We passed your complaint to the IOPC"),
        (case.outcome_notified_at, "We wrote to you with the outcome"),
        (case.finalised_at, "Your complaint was closed"),
    ):
        if moment is not None:
            happened.append(Event(london_date(moment), words))
    return sorted(happened, key=lambda e: e.on, reverse=True)


def _next(case: Case, today: dt.date) -> str:
    if case.state == S.OUTCOME_NOTIFIED and case.outcome_notified_at is not None:
        last = review_deadline_from(london_date(case.outcome_notified_at))
        return (
            "If you are not happy with the outcome, you can ask for a review. The outcome "
            f"letter says how. The last day to ask is {last.day} {last:%B %Y}."
        )
    if case.state in (S.FINALISED, S.WITHDRAWN):
        return "Nothing more will happen on this complaint."
    if case.next_deadline_on is not None and case.next_deadline_on >= today:
        due = case.next_deadline_on
        return f"We will write to you again by {due.day} {due:%B %Y}."
    return "We will write to you when there is news."


def letters_for(session: Session, case: Case) -> list[Letter]:
    """The letters the service wrote to the complainant on this case."""
    rows = session.execute(
        select(Contact.occurred_on, Attachment, Contact.letter_words.is_not(None))
        .join(Attachment, Contact.attachment_id == Attachment.id)
        .where(Contact.case_id == case.id, Attachment.kind == AttachmentKind.LETTER)
        .order_by(Contact.occurred_on.desc(), Contact.id.desc())
    ).all()
    seen: set[int] = set()
    found = []
    for sent_on, attachment, accessible in rows:
        if attachment.id not in seen:
            seen.add(attachment.id)
            title = attachment.description or "Letter"
            found.append(Letter(attachment.id, title, sent_on, bool(accessible)))
    return found


def letter_words(session: Session, case: Case, attachment_id: int) -> Contact | None:
    """The contact of a letter sent on this case that kept its words for its HTML
    version (``letters.html``), or None."""
    return session.scalars(
        select(Contact)
        .where(
            Contact.case_id == case.id,
            Contact.attachment_id == attachment_id,
            Contact.letter_words.is_not(None),
        )
        .order_by(Contact.id)
        .limit(1)
    ).first()


def add_information(
    session: Session,
    actor: Actor,
    case: Case,
    text: str,
    upload: Upload | None,
    store: FileStore,
    now: dt.datetime,
) -> None:
    """What the complainant adds reaches the handler as a note on the case, and a file
    they send is filed with the case as evidence, once it passes the same checks as any
    upload."""
    text = text.strip()
    if not text and upload is None:
        raise TrackingRefused("Enter what you want to tell us, or choose a file")
    if upload is not None:
        try:
            attachment = add_attachment(session, actor, case, upload, store, now)
        except Refused as refused:
            raise TrackingRefused(str(refused)) from refused
        text = f"{text}\n(With a file: {attachment.filename})".strip()
    words = f"Added by the complainant through Track my complaint:\n{text}"
    add_note(session, actor, case, words, now)


def change_contact_preference(
    session: Session,
    actor: Actor,
    complainant: Complainant,
    method: ContactMethod,
    now: dt.datetime,
) -> None:
    """How the complainant wants to hear from us; the case's letters follow it. Email
    needs an address the case holds."""
    audit.acting(session, actor, now)
    if method not in WAYS_TO_HEAR:
        raise TrackingRefused("Choose how you would like us to contact you")
    if method == ContactMethod.EMAIL and not (complainant.email or "").strip():
        raise TrackingRefused(
            "We do not have an email address for you: tell us it in a message below"
        )
    complainant.contact_preference = method
    session.flush()


def ask_to_withdraw(
    session: Session, actor: Actor, case: Case, reason: str, now: dt.datetime
) -> None:
    """A request to withdraw reaches the handler as a note: a withdrawal takes effect
    only once the complainant's signed notice is recorded (domain.md A2)."""
    if case.state in (S.FINALISED, S.WITHDRAWN):
        raise TrackingRefused("This complaint is already closed")
    words = "The complainant asked through Track my complaint to withdraw their complaint."
    if reason.strip():
        words += f"\nTheir reason: {reason.strip()}"
    words += "\nA signed withdrawal notice is needed before the withdrawal is recorded."
    add_note(session, actor, case, words, now)


# The ways a complainant may choose to hear from us.
WAYS_TO_HEAR = (ContactMethod.EMAIL, ContactMethod.LETTER, ContactMethod.PHONE)
