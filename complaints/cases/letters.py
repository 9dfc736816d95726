"""Letters to a complainant: what each says, as the merge fields of its template.

``LetterContent`` holds plain values gathered from the case (``correspondence``), never
the database; ``values`` turns them into the fields ``letters.fields`` documents, and
``render`` fills in the force's template (or the built-in wording) and lays it out
(``letters.pdf``). Subjects are "the officer": a complainant is told what happened to
their complaint, not who was assessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from complaints.cases.choices import AllegationResult
from complaints.cases.deadlines import REVIEW_WINDOW_DAYS
from complaints.common.enums import LabelledEnum, labelled
from complaints.common.pdfdoc import long_date
from complaints.letters import engine, pdf, wording
from complaints.letters.engine import Block
from complaints.letters.fields import TemplateKind
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

    @property
    def template_kind(self) -> TemplateKind:
        return TemplateKind(self.value)


# The review bodies as a member of the public knows them.
REVIEW_BODY_NAMES = {
    ReviewBody.OPCC: "Office of the Police and Crime Commissioner (OPCC)",
    ReviewBody.IOPC: "Independent Office for Police Conduct (IOPC)",
}

# Where the public applies to the IOPC for a review (policeconduct.gov.uk).
IOPC_CONTACT = (
    "Independent Office for Police Conduct, PO Box 473, Sale M33 0BW",
    "Email: enquiries@policeconduct.gov.uk",
    "Web: www.policeconduct.gov.uk",
)

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
    about: str = ""  # the allegation in brief, so two of one category read apart


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
    addressed_as: str = ""  # "Dr Łukasiewicz"; the full name when there is no title
    regarding: str = ""  # the complainant, when the letter goes to their representative
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
    review_contact: tuple[str, ...] = ()  # the review body's address, email and web
    explanation: str | None = None
    apology: str | None = None


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


def render(kind: LetterKind, letter: LetterContent, source: str | None = None) -> bytes:
    """The letter as an A4 PDF, from ``source`` (a template's wording) or the built-in
    wording of its kind."""
    return pdf.render(letterhead(kind, letter), blocks(kind, letter, source))


def blocks(kind: LetterKind, letter: LetterContent, source: str | None = None) -> list[Block]:
    """The letter's words, as the preview shows them and the PDF prints them."""
    missing = [name for name in _NEEDS[kind] if not getattr(letter, name)]
    if missing:
        raise ValueError(f"A {kind.value} letter needs: {', '.join(missing)}")
    review_missing = letter.review is None and not letter.no_review_reason
    if kind == LetterKind.OUTCOME and letter.schedule_3 and review_missing:
        raise ValueError("A Schedule 3 outcome letter needs the review right or why none")
    return engine.render(source or wording.BUILT_IN[kind.value], values(kind, letter))


def letterhead(kind: LetterKind, letter: LetterContent) -> pdf.Letterhead:
    return pdf.Letterhead(
        force_name=letter.force_name,
        office_name=letter.psd_name,
        office_address=letter.psd_address,
        reference=letter.reference,
        dated=letter.dated,
        recipient=(letter.complainant_name, *letter.complainant_address),
        sender_name=letter.sender_name,
        title=f"{kind.label} letter",
        regarding=letter.regarding,
    )


def values(kind: LetterKind, letter: LetterContent) -> dict[str, Any]:
    """The merge fields of ``letters.fields`` for this letter, as text."""
    common = {
        "reference": letter.reference,
        "force_name": letter.force_name,
        "office_name": letter.psd_name,
        "addressed_as": letter.addressed_as or letter.complainant_name,
        "recipient_name": letter.complainant_name,
        "dated": long_date(letter.dated),
        "contact_details": "\n".join(letter.psd_address),
        "received_on": _day(letter.received_on),
    }
    if kind == LetterKind.ACKNOWLEDGEMENT:
        return {
            **common,
            "handler_name": letter.handler_name or "",
            "next_steps": letter.next_steps or "",
            "keep_informed": letter.keep_informed or "",
        }
    if kind == LetterKind.UPDATE:
        return {
            **common,
            "progress": letter.progress or "",
            "next_update_by": _day(letter.next_update_by),
        }
    if kind == LetterKind.OUTCOME:
        return {**common, **_outcome_values(letter)}
    return {**common, "withdrawal_notice_on": _day(letter.withdrawal_notice_on)}


def _outcome_values(letter: LetterContent) -> dict[str, Any]:
    review = letter.review
    return {
        "allegations": [
            {
                "number": o.number,
                "category": o.category,
                "about": o.about,
                "result": o.result.label if o.result else "not recorded",
                "result_words": RESULT_WORDS[o.result] if o.result else "",
                "actions": o.actions or "",
            }
            for o in letter.outcomes
        ],
        "schedule_3": letter.schedule_3,
        "review_body": REVIEW_BODY_NAMES[review.body] if review else "",
        "review_body_short": review.body.value.upper() if review else "",
        "review_reason": (review.reason or "").rstrip(". ") if review else "",
        "review_contact": "\n".join(letter.review_contact),
        "review_apply_by": _day(review.apply_by) if review else "",
        "review_notified_on": _day(review.notified_on) if review else "",
        "review_window_days": REVIEW_WINDOW_DAYS,
        "no_review_reason": (letter.no_review_reason or "").rstrip(". "),
        "explanation": letter.explanation or "",
        "apology": letter.apology or "",
    }


def _day(day: dt.date | None) -> str:
    return long_date(day) if day else ""
