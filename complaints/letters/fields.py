"""The merge fields each kind of letter may use, documented for the people who edit them.

A template may name only these fields: ``engine.check`` refuses any other name at save
time, so a misspelt field is an error on the template page and never a blank in a
letter. Each field has a sample value, which is what the check renders and what the
template page's example shows. The paragraphs a handler writes before a letter is issued
(``EDITABLE``) are fields too: the template decides where they go, the handler what
they say, and the statutory parts around them stay as the template has them.
"""

from __future__ import annotations

from dataclasses import dataclass

from complaints.common.enums import LabelledEnum, labelled


@labelled(
    {
        "acknowledgement": "Acknowledgement",
        "update": "Update",
        "outcome": "Outcome",
        "withdrawal": "Withdrawal confirmation",
        "review_forwarded": "Review application forwarded",
        "review_not_valid": "Review application not valid",
        "review_decision": "Review decision",
    }
)
class TemplateKind(LabelledEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    UPDATE = "update"
    OUTCOME = "outcome"
    WITHDRAWAL = "withdrawal"
    REVIEW_FORWARDED = "review_forwarded"
    REVIEW_NOT_VALID = "review_not_valid"
    REVIEW_DECISION = "review_decision"


@dataclass(frozen=True)
class Field:
    name: str
    means: str
    sample: object


@dataclass(frozen=True)
class Paragraph:
    """A paragraph the handler writes or changes before the letter is issued."""

    name: str
    label: str
    hint: str
    required: bool = False


MAX_PARAGRAPH = 5000

COMMON = (
    Field("reference", "The case reference", "CO/2026/00042"),
    Field("force_name", "The force's name", "Northshire Police"),
    Field("office_name", "Who writes: the force's PSD or its OPCC", "Professional Standards"),
    Field("addressed_as", "How the letter greets the person: title and surname", "Ms Okafor"),
    Field("recipient_name", "The person's full name", "Ada Okafor"),
    Field("dated", "The date of the letter", "5 December 2026"),
    Field("contact_details", "How to contact the office that writes, one line each", ""),
)

_ALLEGATION_SAMPLE = {
    "number": 1,
    "category": "Use of force",
    "about": "on 14 November 2026 at Market Street",
    "result": "Service not acceptable",
    "result_words": "The service provided was not acceptable.",
    "actions": "The officer will receive further training.",
}

FIELDS: dict[TemplateKind, tuple[Field, ...]] = {
    TemplateKind.ACKNOWLEDGEMENT: (
        Field("received_on", "The day the complaint was received", "1 December 2026"),
        Field("handler_name", "Who handles the complaint (may be empty)", "Sam Patel"),
        Field("next_steps", "What happens next (the handler may change it)", "We will call."),
        Field("keep_informed", "How the complainant will be kept informed", "Every 28 days."),
    ),
    TemplateKind.UPDATE: (
        Field("received_on", "The day the complaint was received", "1 December 2026"),
        Field("progress", "The progress the handler writes", "We have spoken to a witness."),
        Field("next_update_by", "The latest day of the next update", "2 January 2027"),
    ),
    TemplateKind.OUTCOME: (
        Field("received_on", "The day the complaint was received", "1 December 2026"),
        Field(
            "allegations",
            "Each part of the complaint: number, category, about (when and where it "
            "happened), result, result_words, actions",
            (_ALLEGATION_SAMPLE, {**_ALLEGATION_SAMPLE, "number": 2, "actions": ""}),
        ),
        Field("schedule_3", "Whether the complaint was recorded under Schedule 3", True),
        Field("review_body", "The body that reviews the outcome, in full", "the OPCC"),
        Field("review_body_short", "Its short name (OPCC or IOPC)", "OPCC"),
        Field("review_reason", "Why that body reviews it (may be empty)", ""),
        Field("review_contact", "The review body's address, email and web, a line each", ""),
        Field("review_apply_by", "The last day to apply for a review", "2 January 2027"),
        Field("review_notified_on", "The day the outcome was notified", "5 December 2026"),
        Field("review_window_days", "Days allowed to apply for a review", 28),
        Field("no_review_reason", "Why there is no review (may be empty)", ""),
        Field("explanation", "The handler's explanation of the outcome", "We looked at CCTV."),
        Field("apology", "The handler's apology, if one is made", "We are sorry."),
    ),
    TemplateKind.WITHDRAWAL: (
        Field("withdrawal_notice_on", "The date of the signed withdrawal", "3 December 2026"),
    ),
    TemplateKind.REVIEW_FORWARDED: (
        Field("review_received_on", "The day the application was received", "1 December 2026"),
        Field("received_by", "The body that received it, in full", "the IOPC"),
        Field("review_body", "The body that reviews it, in full", "the OPCC"),
        Field("review_body_short", "Its short name (OPCC or IOPC)", "OPCC"),
        Field("forwarded_on", "The day it was forwarded", "2 December 2026"),
    ),
    TemplateKind.REVIEW_NOT_VALID: (
        Field("review_received_on", "The day the application was received", "1 December 2026"),
        Field("received_by", "The body that received it, in full", "the OPCC"),
        Field("window_closed_on", "The last day to apply", "28 November 2026"),
        Field("review_window_days", "Days allowed to apply for a review", 28),
    ),
    TemplateKind.REVIEW_DECISION: (
        Field("review_received_on", "The day the application was received", "1 December 2026"),
        Field("received_by", "The body that received it, in full", "the OPCC"),
        Field("review_body", "The body that decided it, in full", "the OPCC"),
        Field("upheld", "Whether the review was upheld", True),
        Field("rationale", "Why the reviewer decided so", "The outcome was not reasoned."),
        Field("recommendations", "The recommendations made to the force", ("Reinvestigate.",)),
        Field("what_next", "What happens next, in plain words", "The force will look again."),
    ),
}

EDITABLE: dict[TemplateKind, tuple[Paragraph, ...]] = {
    TemplateKind.ACKNOWLEDGEMENT: (
        Paragraph(
            "next_steps",
            "What happens next",
            "Written from the case's stage. Change it to say more about this complaint.",
            required=True,
        ),
    ),
    TemplateKind.UPDATE: (
        Paragraph(
            "progress",
            "Progress to tell the complainant about",
            "Include the progress of any criminal, disciplinary or performance proceedings, "
            "or reflective practice. The letter adds when the next update is due.",
            required=True,
        ),
    ),
    TemplateKind.OUTCOME: (
        Paragraph(
            "explanation",
            "Explanation of the outcome (optional)",
            "What was looked at and why the outcome was reached, in plain words.",
        ),
        Paragraph("apology", "Apology (optional)", "Where the service was not acceptable."),
    ),
    TemplateKind.WITHDRAWAL: (),
    TemplateKind.REVIEW_FORWARDED: (),
    TemplateKind.REVIEW_NOT_VALID: (),
    TemplateKind.REVIEW_DECISION: (),
}


def names(kind: TemplateKind) -> list[str]:
    """Every field a template of this kind may name."""
    return [f.name for f in (*COMMON, *FIELDS[kind])]


def documented(kind: TemplateKind) -> list[Field]:
    return [*COMMON, *FIELDS[kind]]


def samples(kind: TemplateKind) -> dict[str, object]:
    return {f.name: f.sample for f in documented(kind)}
