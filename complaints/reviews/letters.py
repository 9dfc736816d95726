"""Letters to an applicant about their review, as PDF bytes (ReportLab, like the case
letters): a misdirected application forwarded, an application not valid, a decision.

``render`` reads only plain values (``ReviewLetter``), never the database, and fills in
the force's template of the kind (``letters``) or the built-in wording.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from complaints.cases.choices import CaseState
from complaints.cases.deadlines import REVIEW_WINDOW_DAYS
from complaints.cases.letters import REVIEW_BODY_NAMES
from complaints.common.enums import LabelledEnum, labelled
from complaints.common.pdfdoc import long_date
from complaints.letters import engine, pdf, wording
from complaints.letters.fields import TemplateKind
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

    @property
    def template_kind(self) -> TemplateKind:
        return TemplateKind(f"review_{self.value}")


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
    addressed_as: str = ""  # "Dr Łukasiewicz"; the full name when there is no title
    regarding: str = ""  # the complainant, when the letter goes to their representative


def filename_for(kind: ReviewLetterKind, reference: str, dated: dt.date) -> str:
    return f"{reference.replace('/', '-')}-review-{kind.value}-{dated.isoformat()}.pdf"


def render(kind: ReviewLetterKind, letter: ReviewLetter, source: str | None = None) -> bytes:
    """The letter as an A4 PDF, from ``source`` (a template's wording) or the built-in
    wording of its kind."""
    return pdf.render(letterhead(kind, letter), blocks(kind, letter, source))


def blocks(kind: ReviewLetterKind, letter: ReviewLetter, source: str | None = None) -> list:
    if kind == ReviewLetterKind.FORWARDED and letter.forwarded_on is None:
        raise ValueError("A forwarding letter needs the date forwarded")
    if kind == ReviewLetterKind.NOT_VALID and letter.window_closed_on is None:
        raise ValueError("A not-valid letter needs the day the window closed")
    if kind == ReviewLetterKind.DECISION and (letter.outcome is None or not letter.rationale):
        raise ValueError("A decision letter needs the outcome and its rationale")
    template_kind = kind.template_kind
    return engine.render(source or wording.BUILT_IN[template_kind.value], values(letter))


def letterhead(kind: ReviewLetterKind, letter: ReviewLetter) -> pdf.Letterhead:
    return pdf.Letterhead(
        force_name=letter.force_name,
        office_name=letter.office,
        office_address=letter.office_address,
        reference=letter.reference,
        dated=letter.dated,
        recipient=(letter.applicant_name, *letter.applicant_address),
        sender_name=letter.sender_name,
        title=kind.label,
        regarding=letter.regarding,
    )


def values(letter: ReviewLetter) -> dict[str, Any]:
    """The merge fields of ``letters.fields`` for a review letter, as text."""
    upheld = letter.outcome == ReviewOutcome.UPHELD
    if upheld and letter.sent_back_to in SENT_BACK_WORDS:
        what_next = SENT_BACK_WORDS[letter.sent_back_to]
    else:
        what_next = (
            "This decision ends the handling of your complaint under the Police Reform Act "
            "2002. There is no further right of review."
        )
    return {
        "reference": letter.reference,
        "force_name": letter.force_name,
        "office_name": letter.office,
        "addressed_as": letter.addressed_as or letter.applicant_name,
        "recipient_name": letter.applicant_name,
        "dated": long_date(letter.dated),
        "contact_details": "\n".join(letter.office_address),
        "review_received_on": long_date(letter.received_on),
        "received_by": REVIEW_BODY_NAMES[letter.received_by],
        "review_body": REVIEW_BODY_NAMES[letter.body],
        "review_body_short": letter.body.value.upper(),
        "forwarded_on": long_date(letter.forwarded_on) if letter.forwarded_on else "",
        "window_closed_on": (long_date(letter.window_closed_on) if letter.window_closed_on else ""),
        "review_window_days": REVIEW_WINDOW_DAYS,
        "upheld": upheld,
        "rationale": letter.rationale or "",
        "recommendations": list(letter.recommendations),
        "what_next": what_next,
    }
