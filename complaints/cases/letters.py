"""Letters to a complainant as PDF bytes (ReportLab platypus, built-in Helvetica).

``render`` reads only plain values (``LetterContent``), never the database, so a letter
says exactly what the service gathered for it and nothing more. Subjects are "the
officer": a complainant is told what happened to their complaint, not who was assessed.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from complaints.cases.choices import AllegationResult
from complaints.common.enums import LabelledEnum, labelled
from complaints.reviews.models import ReviewBody

PSD = "Professional Standards Department"
MARGIN = 20 * mm
INK = HexColor("#0b0c0c")
GREY = HexColor("#505a5f")


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


def long_date(day: dt.date) -> str:
    """'1 December 2026', as letters and the pages write dates."""
    return f"{day.day} {day:%B %Y}"


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
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 14 * mm,
        bottomMargin=MARGIN + 6 * mm,
        title=_text(title_for(kind, letter.reference)),
        author=_text(letter.force_name),
        subject=f"{kind.label} letter",
        creator=f"{letter.force_name} {PSD}",
    )
    story = [*_addresses(letter), *_BODIES[kind](letter), *_signature(letter)]
    page = _Page(letter)
    document.build(story, onFirstPage=page, onLaterPages=page, canvasmaker=_NumberedCanvas)
    return out.getvalue()


# Layout. ---------------------------------------------------------------------------------

_BODY = ParagraphStyle(
    "body", fontName="Helvetica", fontSize=11, leading=15, textColor=INK, spaceAfter=8
)
_SMALL = ParagraphStyle("small", parent=_BODY, fontSize=9.5, leading=12.5, spaceAfter=0)
_SMALL_RIGHT = ParagraphStyle("small_right", parent=_SMALL, alignment=TA_RIGHT)
_HEADING = ParagraphStyle(
    "heading", parent=_BODY, fontName="Helvetica-Bold", fontSize=14, leading=18, spaceAfter=10
)
_SUBHEADING = ParagraphStyle(
    "subheading",
    parent=_BODY,
    fontName="Helvetica-Bold",
    fontSize=11.5,
    leading=15,
    spaceBefore=6,
    spaceAfter=4,
)


class _Page:
    """The letterhead and footer drawn on every page."""

    def __init__(self, letter: LetterContent) -> None:
        self.force_name = _text(letter.force_name)
        self.reference = _text(letter.reference)

    def __call__(self, canvas: Canvas, document: SimpleDocTemplate) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setFillColor(INK)
        canvas.setFont("Helvetica-Bold", 16)
        canvas.drawString(MARGIN, height - MARGIN, self.force_name)
        canvas.setFont("Helvetica", 10)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, height - MARGIN - 5 * mm, PSD)
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(1.5)
        canvas.line(MARGIN, height - MARGIN - 8 * mm, width - MARGIN, height - MARGIN - 8 * mm)
        canvas.setFont("Helvetica", 8.5)
        canvas.drawString(MARGIN, MARGIN, f"Our reference: {self.reference}")
        canvas.restoreState()


class _NumberedCanvas(Canvas):
    """Writes 'Page n of m' once the number of pages is known."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont("Helvetica", 8.5)
            self.setFillColor(GREY)
            self.drawRightString(A4[0] - MARGIN, MARGIN, f"Page {self._pageNumber} of {total}")
            super().showPage()
        super().save()


def _addresses(letter: LetterContent) -> list:
    sender = [PSD, letter.force_name, *letter.psd_address]
    to = [letter.complainant_name, *letter.complainant_address]
    left = Paragraph("<br/>".join(_esc(line) for line in to), _SMALL)
    right = Paragraph(
        "<br/>".join(_esc(line) for line in sender)
        + f"<br/><br/>Our reference: {_esc(letter.reference)}"
        + f"<br/>Date: {long_date(letter.dated)}",
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


def _signature(letter: LetterContent) -> list:
    lines = [letter.sender_name, PSD, letter.force_name]
    return [
        KeepTogether(
            [
                Spacer(1, 4 * mm),
                _p("Yours sincerely,"),
                Spacer(1, 8 * mm),
                Paragraph("<br/>".join(_esc(line) for line in lines if line), _BODY),
            ]
        )
    ]


def _p(text: str) -> Paragraph:
    """A paragraph of our own words: fixed text with escaped values already put in."""
    return Paragraph(text, _BODY)


def _typed(text: str) -> list[Paragraph]:
    """Text a person typed, one paragraph per blank-line-separated block."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n")]
    return [Paragraph(_esc(b).replace("\n", "<br/>"), _BODY) for b in blocks if b]


def _text(value: str) -> str:
    """Characters Helvetica can draw: others become their nearest plain letter, or '?'."""
    out = []
    for ch in value:
        if _drawable(ch):
            out.append(ch)
            continue
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
        )
        plain = _NO_DECOMPOSITION.get(ch, plain)
        out.append(plain if plain and all(_drawable(c) for c in plain) else "?")
    return "".join(out)


def _drawable(ch: str) -> bool:
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


# Letters Unicode does not decompose to a base letter plus an accent.
_NO_DECOMPOSITION = {"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "\u0131": "i"}


def _esc(value: str) -> str:
    return escape(_text(value))


# The letters. ----------------------------------------------------------------------------


def _acknowledgement(letter: LetterContent) -> list:
    handler = (
        f"{_esc(letter.handler_name)} in our {PSD} is handling your complaint."
        if letter.handler_name
        else f"A member of our {PSD} will handle your complaint."
    )
    return [
        Paragraph("Your complaint: acknowledgement", _HEADING),
        _p(f"Dear {_esc(letter.complainant_name)},"),
        _p(
            f"Thank you for your complaint, which we received on "
            f"{long_date(letter.received_on)}. Your reference is "
            f"<b>{_esc(letter.reference)}</b>: please quote it whenever you contact us."
        ),
        Paragraph("Who is handling your complaint", _SUBHEADING),
        _p(handler),
        Paragraph("What happens next", _SUBHEADING),
        *_typed(letter.next_steps or ""),
        Paragraph("How we will keep you informed", _SUBHEADING),
        *_typed(letter.keep_informed or ""),
    ]


def _update(letter: LetterContent) -> list:
    return [
        Paragraph("An update on your complaint", _HEADING),
        _p(f"Dear {_esc(letter.complainant_name)},"),
        _p(
            f"We are writing to update you on your complaint, reference "
            f"<b>{_esc(letter.reference)}</b>, which we received on "
            f"{long_date(letter.received_on)}."
        ),
        Paragraph("Progress", _SUBHEADING),
        *_typed(letter.progress or ""),
        Paragraph("Your next update", _SUBHEADING),
        _p(
            f"We will write to you again by {long_date(letter.next_update_by)} at the latest, "
            "or sooner if there is news."
        ),
    ]


def _outcome(letter: LetterContent) -> list:
    story = [
        Paragraph("The outcome of your complaint", _HEADING),
        _p(f"Dear {_esc(letter.complainant_name)},"),
        _p(
            f"We have finished handling your complaint, reference "
            f"<b>{_esc(letter.reference)}</b>, which we received on "
            f"{long_date(letter.received_on)}. This letter tells you the outcome of each "
            "part of it."
        ),
    ]
    for outcome in letter.outcomes:
        part = [
            Paragraph(f"{outcome.number}. {_esc(outcome.category)}", _SUBHEADING),
            _p(
                f"<b>Result: {_esc(outcome.result.label)}.</b> {RESULT_WORDS[outcome.result]}"
                if outcome.result
                else "<b>Result: not recorded.</b>"
            ),
        ]
        if outcome.actions:
            part += [_p("<b>What we have done:</b>"), *_typed(outcome.actions)]
        story.append(KeepTogether(part))
    story += _review_section(letter)
    return story


def _review_section(letter: LetterContent) -> list:
    heading = Paragraph("Your right to a review", _SUBHEADING)
    if not letter.schedule_3:
        return [
            heading,
            _p(
                "Your complaint was handled outside Schedule 3 to the Police Reform Act "
                "2002, so there is no right of review of this outcome. If you are unhappy "
                f"with it, contact us quoting your reference, {_esc(letter.reference)}."
            ),
        ]
    review = letter.review
    if review is None:
        return [
            heading,
            _p(
                "There is no right of review of this outcome: "
                f"{_esc((letter.no_review_reason or '').rstrip('. '))}."
            ),
        ]
    body = REVIEW_BODY_NAMES[review.body]
    short = review.body.value.upper()
    story = [
        heading,
        _p(
            "If you are not satisfied with the outcome, you can apply for a review. Your "
            f"review would be decided by the <b>{_esc(body)}</b>."
        ),
    ]
    if review.reason:
        story.append(_p(f"Why the {short} reviews it: {_esc(review.reason.rstrip('. '))}."))
    story += [
        _p(
            f"<b>Your application must reach the {short} by {long_date(review.apply_by)}.</b> "
            "That is 28 days counted from the day after we told you the outcome, on "
            f"{long_date(review.notified_on)}. A late application is accepted only if "
            "there are special circumstances."
        ),
        _p(
            f"To apply, write to the {short} giving your name and address, your reference "
            f"{_esc(letter.reference)}, the force that handled your complaint "
            f"({_esc(letter.force_name)}), the date of this letter, and why you are not "
            "satisfied with the outcome."
        ),
    ]
    return story


def _withdrawal(letter: LetterContent) -> list:
    return [
        Paragraph("Withdrawal of your complaint", _HEADING),
        _p(f"Dear {_esc(letter.complainant_name)},"),
        _p(
            f"We have received your signed notice dated "
            f"{long_date(letter.withdrawal_notice_on)} withdrawing your complaint, "
            f"reference <b>{_esc(letter.reference)}</b>."
        ),
        _p(
            "We have recorded that your complaint is withdrawn, so we will take no further "
            "action on it. We keep the record of your complaint and of its withdrawal."
        ),
        _p(
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
