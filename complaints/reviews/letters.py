"""Letters to an applicant about their review, as PDF bytes (ReportLab, like the case
letters): a misdirected application forwarded, an application not valid, a decision.

``render`` reads only plain values (``ReviewLetter``), never the database.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from complaints.cases.choices import CaseState
from complaints.cases.deadlines import REVIEW_WINDOW_DAYS
from complaints.cases.letters import REVIEW_BODY_NAMES
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
from complaints.reviews.models import ReviewBody, ReviewOutcome


@labelled(
    {
        "forwarded": "Review application forwarded",
        "not_valid": "Review application not valid",
        "decision": "Review decision",
    }
)
class ReviewLetterKind(LabelledEnum):
    FORWARDED = "forwarded"
    NOT_VALID = "not_valid"
    DECISION = "decision"


# What happens next after an upheld review, in the applicant's words.
SENT_BACK_WORDS = {
    CaseState.RECORDED: "The force will decide again how your complaint is to be handled.",
    CaseState.HANDLING: "The force will look into your complaint again and tell you the outcome.",
    CaseState.INVESTIGATION: (
        "Your complaint will be investigated again, and you will be told the outcome."
    ),
}


@dataclass(frozen=True)
class ReviewLetter:
    force_name: str
    office: str  # who writes: the force's PSD or its OPCC, by name
    reference: str
    dated: dt.date
    applicant_name: str
    applicant_address: tuple[str, ...]
    sender_name: str
    received_on: dt.date
    received_by: ReviewBody
    body: ReviewBody
    forwarded_on: dt.date | None = None
    window_closed_on: dt.date | None = None
    outcome: ReviewOutcome | None = None
    rationale: str | None = None
    recommendations: tuple[str, ...] = ()
    sent_back_to: CaseState | None = None
    office_address: tuple[str, ...] = ()  # the writing office's address, a line each


def filename_for(kind: ReviewLetterKind, reference: str, dated: dt.date) -> str:
    return f"{reference.replace('/', '-')}-review-{kind.value}-{dated.isoformat()}.pdf"


def render(kind: ReviewLetterKind, letter: ReviewLetter) -> bytes:
    if kind == ReviewLetterKind.FORWARDED and letter.forwarded_on is None:
        raise ValueError("A forwarding letter needs the date forwarded")
    if kind == ReviewLetterKind.NOT_VALID and letter.window_closed_on is None:
        raise ValueError("A not-valid letter needs the day the window closed")
    if kind == ReviewLetterKind.DECISION and (letter.outcome is None or not letter.rationale):
        raise ValueError("A decision letter needs the outcome and its rationale")
    out = io.BytesIO()
    pdf = document(
        out,
        title=f"{kind.label} {letter.reference}",
        author=letter.force_name,
        subject=kind.label,
        creator=f"{letter.force_name} {letter.office}",
    )
    story = [
        *addresses(
            [letter.applicant_name, *letter.applicant_address],
            [letter.office, letter.force_name, *letter.office_address],
            letter.reference,
            letter.dated,
        ),
        *_BODIES[kind](letter),
        *signature([letter.sender_name, letter.office, letter.force_name]),
    ]
    masthead = Masthead(letter.force_name, letter.office, f"Our reference: {letter.reference}")
    masthead.build(pdf, story)
    return out.getvalue()


def _opening(letter: ReviewLetter, title: str) -> list:
    return [
        Paragraph(title, HEADING),
        paragraph(f"Dear {esc(letter.applicant_name)},"),
        paragraph(
            "Thank you for your application for a review of the outcome of your complaint, "
            f"reference <b>{esc(letter.reference)}</b>, which the "
            f"{esc(REVIEW_BODY_NAMES[letter.received_by])} received on "
            f"{long_date(letter.received_on)}."
        ),
    ]


def _forwarded(letter: ReviewLetter) -> list:
    body = REVIEW_BODY_NAMES[letter.body]
    return [
        *_opening(letter, "Your review application has been forwarded"),
        paragraph(
            f"Your review is decided by the <b>{esc(body)}</b>, not by the body you sent it "
            f"to. We forwarded your application to the {esc(body)} on "
            f"{long_date(letter.forwarded_on)}."
        ),
        paragraph(
            "Your application counts as made on the day it was first received, so you do "
            f"not need to apply again. The {letter.body.value.upper()} will write to you "
            "about your review."
        ),
    ]


def _not_valid(letter: ReviewLetter) -> list:
    return [
        *_opening(letter, "Your review application"),
        paragraph(
            f"An application for a review must be made within {REVIEW_WINDOW_DAYS} days, "
            "counted from the day "
            "after you were told the outcome of your complaint. The last day to apply was "
            f"{long_date(letter.window_closed_on)}, and we did not find a special reason to "
            "accept your application after that day."
        ),
        paragraph(
            "This means your application is not valid and the outcome of your complaint "
            "will not be reviewed. If there was a reason you could not apply in time that "
            "you have not told us about, contact us quoting your reference."
        ),
    ]


def _decision(letter: ReviewLetter) -> list:
    body = REVIEW_BODY_NAMES[letter.body]
    story = [*_opening(letter, "The outcome of your review")]
    if letter.outcome == ReviewOutcome.UPHELD:
        story += [
            Paragraph("Decision: your review is upheld", SUBHEADING),
            paragraph(
                f"The {esc(body)} found that the outcome of your complaint was not "
                "reasonable and proportionate."
            ),
        ]
    else:
        story += [
            Paragraph("Decision: your review is not upheld", SUBHEADING),
            paragraph(
                f"The {esc(body)} found that the outcome of your complaint was reasonable "
                "and proportionate."
            ),
        ]
    story += [Paragraph("Why", SUBHEADING), *typed(letter.rationale or "")]
    if letter.recommendations:
        story.append(Paragraph("Recommendations made to the force", SUBHEADING))
        story += [
            paragraph(f"{number}. {esc(text)}")
            for number, text in enumerate(letter.recommendations, start=1)
        ]
    story.append(Paragraph("What happens next", SUBHEADING))
    if letter.outcome == ReviewOutcome.UPHELD and letter.sent_back_to in SENT_BACK_WORDS:
        story.append(paragraph(SENT_BACK_WORDS[letter.sent_back_to]))
    else:
        story.append(
            paragraph(
                "This decision ends the handling of your complaint under the Police Reform "
                "Act 2002. There is no further right of review."
            )
        )
    return story


_BODIES = {
    ReviewLetterKind.FORWARDED: _forwarded,
    ReviewLetterKind.NOT_VALID: _not_valid,
    ReviewLetterKind.DECISION: _decision,
}
