"""Letters to an applicant about their review, as PDF bytes (ReportLab, like the case
letters): a misdirected application forwarded, an application not valid, a decision.

``render`` reads only plain values (``ReviewLetter``), never the database.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from complaints.cases.choices import CaseState
from complaints.cases.letters import (
    _BODY,
    _HEADING,
    _SMALL,
    _SMALL_RIGHT,
    _SUBHEADING,
    GREY,
    INK,
    MARGIN,
    REVIEW_BODY_NAMES,
    _esc,
    _NumberedCanvas,
    _text,
    _typed,
    long_date,
)
from complaints.common.enums import LabelledEnum, labelled
from complaints.reviews.models import ReviewBody, ReviewOutcome

OPCC_OFFICE = "Office of the Police and Crime Commissioner"


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
    office: str
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
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 14 * mm,
        bottomMargin=MARGIN + 6 * mm,
        title=_text(f"{kind.label} {letter.reference}"),
        author=_text(letter.force_name),
        subject=kind.label,
        creator=_text(f"{letter.force_name} {letter.office}"),
    )
    story = [*_addresses(letter), *_BODIES[kind](letter), *_signature(letter)]
    page = _Page(letter)
    document.build(story, onFirstPage=page, onLaterPages=page, canvasmaker=_NumberedCanvas)
    return out.getvalue()


class _Page:
    def __init__(self, letter: ReviewLetter) -> None:
        self.force_name = _text(letter.force_name)
        self.office = _text(letter.office)
        self.reference = _text(letter.reference)

    def __call__(self, canvas: Canvas, document: SimpleDocTemplate) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setFillColor(INK)
        canvas.setFont("Helvetica-Bold", 16)
        canvas.drawString(MARGIN, height - MARGIN, self.force_name)
        canvas.setFont("Helvetica", 10)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, height - MARGIN - 5 * mm, self.office)
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(1.5)
        canvas.line(MARGIN, height - MARGIN - 8 * mm, width - MARGIN, height - MARGIN - 8 * mm)
        canvas.setFont("Helvetica", 8.5)
        canvas.drawString(MARGIN, MARGIN, f"Our reference: {self.reference}")
        canvas.restoreState()


def _addresses(letter: ReviewLetter) -> list:
    to = [letter.applicant_name, *letter.applicant_address]
    left = Paragraph("<br/>".join(_esc(line) for line in to), _SMALL)
    right = Paragraph(
        f"{_esc(letter.office)}<br/>{_esc(letter.force_name)}"
        f"<br/><br/>Our reference: {_esc(letter.reference)}"
        f"<br/>Date: {long_date(letter.dated)}",
        _SMALL_RIGHT,
    )
    block = Table([[left, right]], colWidths=["55%", "45%"])
    block.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [block, Spacer(1, 12 * mm)]


def _signature(letter: ReviewLetter) -> list:
    lines = [letter.sender_name, letter.office, letter.force_name]
    return [
        Spacer(1, 4 * mm),
        _p("Yours sincerely,"),
        Spacer(1, 8 * mm),
        Paragraph("<br/>".join(_esc(line) for line in lines if line), _BODY),
    ]


def _p(text: str) -> Paragraph:
    return Paragraph(text, _BODY)


def _opening(letter: ReviewLetter, title: str) -> list:
    return [
        Paragraph(title, _HEADING),
        _p(f"Dear {_esc(letter.applicant_name)},"),
        _p(
            "Thank you for your application for a review of the outcome of your complaint, "
            f"reference <b>{_esc(letter.reference)}</b>, which the "
            f"{_esc(REVIEW_BODY_NAMES[letter.received_by])} received on "
            f"{long_date(letter.received_on)}."
        ),
    ]


def _forwarded(letter: ReviewLetter) -> list:
    body = REVIEW_BODY_NAMES[letter.body]
    return [
        *_opening(letter, "Your review application has been forwarded"),
        _p(
            f"Your review is decided by the <b>{_esc(body)}</b>, not by the body you sent it "
            f"to. We forwarded your application to the {_esc(body)} on "
            f"{long_date(letter.forwarded_on)}."
        ),
        _p(
            "Your application counts as made on the day it was first received, so you do "
            f"not need to apply again. The {letter.body.value.upper()} will write to you "
            "about your review."
        ),
    ]


def _not_valid(letter: ReviewLetter) -> list:
    return [
        *_opening(letter, "Your review application"),
        _p(
            "An application for a review must be made within 28 days, counted from the day "
            "after you were told the outcome of your complaint. The last day to apply was "
            f"{long_date(letter.window_closed_on)}, and we did not find a special reason to "
            "accept your application after that day."
        ),
        _p(
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
            Paragraph("Decision: your review is upheld", _SUBHEADING),
            _p(
                f"The {_esc(body)} found that the outcome of your complaint was not "
                "reasonable and proportionate."
            ),
        ]
    else:
        story += [
            Paragraph("Decision: your review is not upheld", _SUBHEADING),
            _p(
                f"The {_esc(body)} found that the outcome of your complaint was reasonable "
                "and proportionate."
            ),
        ]
    story += [Paragraph("Why", _SUBHEADING), *_typed(letter.rationale or "")]
    if letter.recommendations:
        story.append(Paragraph("Recommendations made to the force", _SUBHEADING))
        story += [
            _p(f"{number}. {_esc(text)}")
            for number, text in enumerate(letter.recommendations, start=1)
        ]
    story.append(Paragraph("What happens next", _SUBHEADING))
    if letter.outcome == ReviewOutcome.UPHELD and letter.sent_back_to in SENT_BACK_WORDS:
        story.append(_p(SENT_BACK_WORDS[letter.sent_back_to]))
    else:
        story.append(
            _p(
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
