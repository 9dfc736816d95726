"""Letters to a complainant as PDF bytes (ReportLab platypus, see ``pdfdoc``).

``render`` reads only plain values (``LetterContent``), never the database, so a letter
says exactly what the service gathered for it and nothing more. Subjects are "the
officer": a complainant is told what happened to their complaint, not who was assessed.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab.platypus import KeepTogether

from complaints.cases.choices import AllegationResult
from complaints.cases.deadlines import REVIEW_WINDOW_DAYS
from complaints.common.enums import LabelledEnum, labelled
from complaints.common.pdfdoc import (
    HEADING,
    SUBHEADING,
    Masthead,
    Paragraph,
    addresses,
    document,
    esc,
    long_date,
    paragraph,
    signature,
    typed,
)
from complaints.reviews.models import ReviewBody

PSD = "Professional Standards Department"


@labelled(
    {
        "acknowledgement": "Acknowledgement",
        "update": "Update",
        "outcome": "Outcome",
        "withdrawal": "Withdrawal confirmation",
    }
)
class LetterKind(LabelledEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    UPDATE = "update"
    OUTCOME = "outcome"
    WITHDRAWAL = "withdrawal"


# The review bodies as a member of the public knows them.
REVIEW_BODY_NAMES = {
    ReviewBody.OPCC: "Office of the Police and Crime Commissioner (OPCC)",
    ReviewBody.IOPC: "Independent Office for Police Conduct (IOPC)",
}

# Each result in plain words, after its label (domain.md A3).
RESULT_WORDS = {
    AllegationResult.SERVICE_ACCEPTABLE: "The service provided was acceptable.",
    AllegationResult.SERVICE_NOT_ACCEPTABLE: "The service provided was not acceptable.",
    AllegationResult.UNABLE_TO_DETERMINE: (
        "We could not determine whether the service provided was acceptable."
    ),
    AllegationResult.NO_FURTHER_ACTION: "No further action will be taken on this part.",
    AllegationResult.RESOLVED: "This part of your complaint has been resolved.",
    AllegationResult.NOT_RESOLVED: "We were not able to resolve this part of your complaint.",
}


@dataclass(frozen=True)
class AllegationOutcome:
    number: int
    category: str
    result: AllegationResult | None
    actions: str | None = None


@dataclass(frozen=True)
class ReviewRight:
    body: ReviewBody
    reason: str | None
    notified_on: dt.date
    apply_by: dt.date


@dataclass(frozen=True)
class LetterContent:
    """Everything a letter says. Which fields a kind needs is checked by ``render``."""

    force_name: str
    reference: str
    dated: dt.date
    complainant_name: str
    complainant_address: tuple[str, ...] = ()
    sender_name: str = ""
    psd_address: tuple[str, ...] = ()
    psd_name: str = PSD  # the force's Professional Standards Department, as it signs
    received_on: dt.date | None = None
    handler_name: str | None = None
    next_steps: str | None = None
    keep_informed: str | None = None
    progress: str | None = None
    next_update_by: dt.date | None = None
    outcomes: tuple[AllegationOutcome, ...] = ()
    schedule_3: bool = False
    review: ReviewRight | None = None
    no_review_reason: str | None = None
    withdrawal_notice_on: dt.date | None = None


_NEEDS = {
    LetterKind.ACKNOWLEDGEMENT: ("received_on", "next_steps", "keep_informed"),
    LetterKind.UPDATE: ("received_on", "progress", "next_update_by"),
    LetterKind.OUTCOME: ("received_on", "outcomes"),
    LetterKind.WITHDRAWAL: ("withdrawal_notice_on",),
}


def filename_for(kind: LetterKind, reference: str, dated: dt.date) -> str:
    return f"{reference.replace('/', '-')}-{kind.value}-{dated.isoformat()}.pdf"


def title_for(kind: LetterKind, reference: str) -> str:
    return f"{kind.label} letter {reference}"


def render(kind: LetterKind, letter: LetterContent) -> bytes:
    """The letter as an A4 PDF: letterhead, addresses, body, signature, page numbers."""
    missing = [name for name in _NEEDS[kind] if not getattr(letter, name)]
    if missing:
        raise ValueError(f"A {kind.value} letter needs: {', '.join(missing)}")
    review_missing = letter.review is None and not letter.no_review_reason
    if kind == LetterKind.OUTCOME and letter.schedule_3 and review_missing:
        raise ValueError("A Schedule 3 outcome letter needs the review right or why none")
    out = io.BytesIO()
    pdf = document(
        out,
        title=title_for(kind, letter.reference),
        author=letter.force_name,
        subject=f"{kind.label} letter",
        creator=f"{letter.force_name} {letter.psd_name}",
    )
    story = [*_addresses(letter), *_BODIES[kind](letter), *_signature(letter)]
    masthead = Masthead(letter.force_name, letter.psd_name, f"Our reference: {letter.reference}")
    masthead.build(pdf, story)
    return out.getvalue()


# Layout. ---------------------------------------------------------------------------------


def _addresses(letter: LetterContent) -> list:
    sender = [letter.psd_name, letter.force_name, *letter.psd_address]
    to = [letter.complainant_name, *letter.complainant_address]
    return addresses(to, sender, letter.reference, letter.dated)


def _signature(letter: LetterContent) -> list:
    return [KeepTogether(signature([letter.sender_name, letter.psd_name, letter.force_name]))]


# The letters. ----------------------------------------------------------------------------


def _acknowledgement(letter: LetterContent) -> list:
    handler = (
        f"{esc(letter.handler_name)} in our {esc(letter.psd_name)} is handling your complaint."
        if letter.handler_name
        else f"A member of our {esc(letter.psd_name)} will handle your complaint."
    )
    return [
        Paragraph("Your complaint: acknowledgement", HEADING),
        paragraph(f"Dear {esc(letter.complainant_name)},"),
        paragraph(
            f"Thank you for your complaint, which we received on "
            f"{long_date(letter.received_on)}. Your reference is "
            f"<b>{esc(letter.reference)}</b>: please quote it whenever you contact us."
        ),
        Paragraph("Who is handling your complaint", SUBHEADING),
        paragraph(handler),
        Paragraph("What happens next", SUBHEADING),
        *typed(letter.next_steps or ""),
        Paragraph("How we will keep you informed", SUBHEADING),
        *typed(letter.keep_informed or ""),
    ]


def _update(letter: LetterContent) -> list:
    return [
        Paragraph("An update on your complaint", HEADING),
        paragraph(f"Dear {esc(letter.complainant_name)},"),
        paragraph(
            f"We are writing to update you on your complaint, reference "
            f"<b>{esc(letter.reference)}</b>, which we received on "
            f"{long_date(letter.received_on)}."
        ),
        Paragraph("Progress", SUBHEADING),
        *typed(letter.progress or ""),
        Paragraph("Your next update", SUBHEADING),
        paragraph(
            f"We will write to you again by {long_date(letter.next_update_by)} at the latest, "
            "or sooner if there is news."
        ),
    ]


def _outcome(letter: LetterContent) -> list:
    story = [
        Paragraph("The outcome of your complaint", HEADING),
        paragraph(f"Dear {esc(letter.complainant_name)},"),
        paragraph(
            f"We have finished handling your complaint, reference "
            f"<b>{esc(letter.reference)}</b>, which we received on "
            f"{long_date(letter.received_on)}. This letter tells you the outcome of each "
            "part of it."
        ),
    ]
    for outcome in letter.outcomes:
        part = [
            Paragraph(f"{outcome.number}. {esc(outcome.category)}", SUBHEADING),
            paragraph(
                f"<b>Result: {esc(outcome.result.label)}.</b> {RESULT_WORDS[outcome.result]}"
                if outcome.result
                else "<b>Result: not recorded.</b>"
            ),
        ]
        if outcome.actions:
            part += [paragraph("<b>What we have done:</b>"), *typed(outcome.actions)]
        story.append(KeepTogether(part))
    story += _review_section(letter)
    return story


def _review_section(letter: LetterContent) -> list:
    heading = Paragraph("Your right to a review", SUBHEADING)
    if not letter.schedule_3:
        return [
            heading,
            paragraph(
                "Your complaint was handled outside Schedule 3 to the Police Reform Act "
                "2002, so there is no right of review of this outcome. If you are unhappy "
                f"with it, contact us quoting your reference, {esc(letter.reference)}."
            ),
        ]
    review = letter.review
    if review is None:
        return [
            heading,
            paragraph(
                "There is no right of review of this outcome: "
                f"{esc((letter.no_review_reason or '').rstrip('. '))}."
            ),
        ]
    body = REVIEW_BODY_NAMES[review.body]
    short = review.body.value.upper()
    story = [
        heading,
        paragraph(
            "If you are not satisfied with the outcome, you can apply for a review. Your "
            f"review would be decided by the <b>{esc(body)}</b>."
        ),
    ]
    if review.reason:
        story.append(paragraph(f"Why the {short} reviews it: {esc(review.reason.rstrip('. '))}."))
    story += [
        paragraph(
            f"<b>Your application must reach the {short} by {long_date(review.apply_by)}.</b> "
            f"That is {REVIEW_WINDOW_DAYS} days counted from the day after we told you the "
            "outcome, on "
            f"{long_date(review.notified_on)}. A late application is accepted only if "
            "there are special circumstances."
        ),
        paragraph(
            f"To apply, write to the {short} giving your name and address, your reference "
            f"{esc(letter.reference)}, the force that handled your complaint "
            f"({esc(letter.force_name)}), the date of this letter, and why you are not "
            "satisfied with the outcome."
        ),
    ]
    return story


def _withdrawal(letter: LetterContent) -> list:
    return [
        Paragraph("Withdrawal of your complaint", HEADING),
        paragraph(f"Dear {esc(letter.complainant_name)},"),
        paragraph(
            f"We have received your signed notice dated "
            f"{long_date(letter.withdrawal_notice_on)} withdrawing your complaint, "
            f"reference <b>{esc(letter.reference)}</b>."
        ),
        paragraph(
            "We have recorded that your complaint is withdrawn, so we will take no further "
            "action on it. We keep the record of your complaint and of its withdrawal."
        ),
        paragraph(
            "If you did not mean to withdraw your complaint, contact us as soon as possible "
            "quoting your reference."
        ),
    ]


_BODIES = {
    LetterKind.ACKNOWLEDGEMENT: _acknowledgement,
    LetterKind.UPDATE: _update,
    LetterKind.OUTCOME: _outcome,
    LetterKind.WITHDRAWAL: _withdrawal,
}
