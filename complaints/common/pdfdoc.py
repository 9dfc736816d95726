"""What the product's A4 PDFs share (ReportLab platypus, built-in Helvetica): the page,
the masthead and "Page n of m" footer, letter styles, the address block and the signature.

Helvetica draws only cp1252 characters, so every value a person typed goes through
``drawable`` (or ``esc``, for a paragraph's markup) before it reaches a page.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import IO
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

MARGIN = 20 * mm
INK = HexColor("#0b0c0c")
GREY = HexColor("#505a5f")
RULE = HexColor("#b1b4b6")

# Letters, and documents laid out like them.
BODY = ParagraphStyle(
    "body", fontName="Helvetica", fontSize=11, leading=15, textColor=INK, spaceAfter=8
)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=9.5, leading=12.5, spaceAfter=0)
SMALL_RIGHT = ParagraphStyle("small_right", parent=SMALL, alignment=TA_RIGHT)
HEADING = ParagraphStyle(
    "heading", parent=BODY, fontName="Helvetica-Bold", fontSize=14, leading=18, spaceAfter=10
)
SUBHEADING = ParagraphStyle(
    "subheading",
    parent=BODY,
    fontName="Helvetica-Bold",
    fontSize=11.5,
    leading=15,
    spaceBefore=6,
    spaceAfter=4,
)


def long_date(day: dt.date) -> str:
    """'1 December 2026', as letters and the pages write dates."""
    return f"{day.day} {day:%B %Y}"


def drawable(value: str) -> str:
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


def esc(value: str) -> str:
    """A value made safe to put into a paragraph's markup."""
    return escape(drawable(value))


def paragraph(text: str) -> Paragraph:
    """A body paragraph of our own words: fixed text with escaped values already put in."""
    return Paragraph(text, BODY)


def typed(text: str) -> list[Paragraph]:
    """Text a person typed, one paragraph per blank-line-separated block."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n")]
    return [Paragraph(esc(b).replace("\n", "<br/>"), BODY) for b in blocks if b]


def document(
    out: IO[bytes],
    *,
    title: str,
    author: str,
    top: float = MARGIN + 14 * mm,
    bottom: float = MARGIN + 6 * mm,
    **info: str,
) -> SimpleDocTemplate:
    """An A4 page with the product's margins; the default top and bottom leave room for a
    ``Masthead``. ``info`` is further PDF metadata (``subject``, ``creator``)."""
    return SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author=author,
        **info,
    )


class Masthead:
    """Drawn on every page: the force's name, who in it writes, a rule, and a footer line
    (the page number is added by ``NumberedCanvas``)."""

    def __init__(self, force_name: str, writer: str, footer: str) -> None:
        self.force_name = drawable(force_name)
        self.writer = drawable(writer)
        self.footer = drawable(footer)

    def __call__(self, canvas: Canvas, document: SimpleDocTemplate) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setFillColor(INK)
        canvas.setFont("Helvetica-Bold", 16)
        canvas.drawString(MARGIN, height - MARGIN, self.force_name)
        canvas.setFont("Helvetica", 10)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, height - MARGIN - 5 * mm, self.writer)
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(1.5)
        canvas.line(MARGIN, height - MARGIN - 8 * mm, width - MARGIN, height - MARGIN - 8 * mm)
        canvas.setFont("Helvetica", 8.5)
        canvas.drawString(MARGIN, MARGIN, self.footer)
        canvas.restoreState()

    def build(self, document: SimpleDocTemplate, story: list) -> None:
        """Lay out the story with this masthead and page numbers on every page."""
        document.build(story, onFirstPage=self, onLaterPages=self, canvasmaker=NumberedCanvas)


class NumberedCanvas(Canvas):
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


def addresses(
    to: tuple[str, ...] | list[str],
    sender: tuple[str, ...] | list[str],
    reference: str,
    dated: dt.date,
) -> list:
    """The recipient on the left; the sender, our reference and the date on the right."""
    left = Paragraph("<br/>".join(esc(line) for line in to), SMALL)
    right = Paragraph(
        "<br/>".join(esc(line) for line in sender)
        + f"<br/><br/>Our reference: {esc(reference)}"
        + f"<br/>Date: {long_date(dated)}",
        SMALL_RIGHT,
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


def signature(lines: tuple[str, ...] | list[str]) -> list:
    """'Yours sincerely,' and who signs: the blank lines of ``lines`` are left out."""
    return [
        Spacer(1, 4 * mm),
        paragraph("Yours sincerely,"),
        Spacer(1, 8 * mm),
        Paragraph("<br/>".join(esc(line) for line in lines if line), BODY),
    ]
