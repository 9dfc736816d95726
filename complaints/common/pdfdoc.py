"""What the product's A4 PDFs share (ReportLab platypus): the fonts, the document's
language and title, the page, the masthead and "Page n of m" footer, letter styles, the
address block and the signature.

Every PDF draws in DejaVu Sans, shipped in ``complaints/fonts`` with its licence and
embedded (subset) in each file, so every name prints as it was written. A value a person
typed reaches a page in this module's ``Paragraph`` (through ``esc``, for its markup) or,
drawn straight on the canvas, through ``visual``: both draw right-to-left text (Hebrew,
Arabic) in the order it is read (see ``bidi``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph as ReportLabParagraph
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from complaints.common.bidi import drawing_order, has_rtl, visual

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
LANG = "en-GB"


def _register_fonts() -> None:
    """Once per process; ``<b>`` in a paragraph finds the bold face through the family
    (there is no italic face: ``<i>`` would print upright)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


_register_fonts()

# What every document template is given: the language, a title shown in the reader's
# window, and our font from the first mark on a page (ReportLab's default is Helvetica).
PDF_SETTINGS = {"lang": LANG, "displayDocTitle": True, "initialFontName": FONT}
# The first command of every TableStyle: a table sets its cells' font (Helvetica unless
# told) before drawing each cell, even one that holds a Paragraph.
TABLE_FONT = ("FONT", (0, 0), (-1, -1), FONT)

MARGIN = 20 * mm
INK = HexColor("#0b0c0c")
GREY = HexColor("#505a5f")
RULE = HexColor("#b1b4b6")

# Letters, and documents laid out like them.
BODY = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=15, textColor=INK, spaceAfter=8)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=9.5, leading=12.5, spaceAfter=0)
SMALL_RIGHT = ParagraphStyle("small_right", parent=SMALL, alignment=TA_RIGHT)
HEADING = ParagraphStyle(
    "heading", parent=BODY, fontName=BOLD, fontSize=14, leading=18, spaceAfter=10
)
SUBHEADING = ParagraphStyle(
    "subheading",
    parent=BODY,
    fontName=BOLD,
    fontSize=11.5,
    leading=15,
    spaceBefore=6,
    spaceAfter=4,
)


class Paragraph(ReportLabParagraph):
    """ReportLab's paragraph, its right-to-left runs put in drawing order line by line once
    the lines are broken (as UAX #9 orders them), so a Hebrew name that wraps still starts
    on the first line. Every paragraph of the product's PDFs is one of these."""

    def drawPara(self, debug=0):
        laid_out = self.blPara
        self.blPara = _in_drawing_order(laid_out)
        try:
            return super().drawPara(debug)
        finally:
            self.blPara = laid_out


def _in_drawing_order(lines):
    """The broken lines (ReportLab's ``ParaLines``) with each line's characters reordered."""
    if lines.kind == 0:  # one style: (extra space, words) per line
        changed = []
        for space, words in lines.lines:
            if has_rtl("".join(words)):
                words = visual(" ".join(words)).split(" ")
            changed.append((space, words))
    else:  # styled runs of text ("fragments") per line
        changed = [_fragments_in_drawing_order(line) for line in lines.lines]
    return lines.clone(lines=changed)


def _fragments_in_drawing_order(line):
    fragments = line.words
    text = "".join(f.text for f in fragments)
    if not has_rtl(text) or any(hasattr(f, "cbDefn") for f in fragments):
        return line  # no right-to-left text, or an image or link drawn where it stands
    owner = [k for k, f in enumerate(fragments) for _ in f.text]
    runs: list[tuple[int, list[str]]] = []
    for i, ch in drawing_order(text):
        if runs and runs[-1][0] == owner[i]:
            runs[-1][1].append(ch)
        else:
            runs.append((owner[i], [ch]))
    words = [fragments[k].clone(text="".join(chars)) for k, chars in runs]
    return line.clone(words=words + [f for f in fragments if not f.text])  # a line break


def long_date(day: dt.date) -> str:
    """'1 December 2026', as letters and the pages write dates."""
    return f"{day.day} {day:%B %Y}"


def esc(value: str) -> str:
    """A value made safe to put into a ``Paragraph``'s markup."""
    return escape(value)


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
    ``Masthead``. ``info`` is further PDF metadata (``subject``, ``creator``), written as
    typed: metadata is text, not drawing."""
    if not title:
        raise ValueError("Every PDF has a title")
    return SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author=author,
        **PDF_SETTINGS,
        **info,
    )


class Masthead:
    """Drawn on every page: the force's name, who in it writes, a rule, and a footer line
    (the page number is added by ``NumberedCanvas``)."""

    def __init__(self, force_name: str, writer: str, footer: str) -> None:
        self.force_name = visual(force_name)
        self.writer = visual(writer)
        self.footer = visual(footer)

    def __call__(self, canvas: Canvas, document: SimpleDocTemplate) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setFillColor(INK)
        canvas.setFont(BOLD, 16)
        canvas.drawString(MARGIN, height - MARGIN, self.force_name)
        canvas.setFont(FONT, 10)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, height - MARGIN - 5 * mm, self.writer)
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(1.5)
        canvas.line(MARGIN, height - MARGIN - 8 * mm, width - MARGIN, height - MARGIN - 8 * mm)
        canvas.setFont(FONT, 8.5)
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
            self.setFont(FONT, 8.5)
            self.setFillColor(GREY)
            self.drawRightString(A4[0] - MARGIN, MARGIN, f"Page {self._pageNumber} of {total}")
            super().showPage()
        super().save()


def addresses(
    to: tuple[str, ...] | list[str],
    sender: tuple[str, ...] | list[str],
    reference: str,
    dated: dt.date,
    regarding: str | None = None,
) -> list:
    """The recipient on the left; the sender, our reference, the date and (for a letter
    to someone acting for another) whose matter it is on the right."""
    left = Paragraph("<br/>".join(esc(line) for line in to), SMALL)
    right = Paragraph(
        "<br/>".join(esc(line) for line in sender)
        + f"<br/><br/>Our reference: {esc(reference)}"
        + f"<br/>Date: {long_date(dated)}"
        + (f"<br/>{esc(regarding)}" if regarding else ""),
        SMALL_RIGHT,
    )
    block = Table([[left, right]], colWidths=["55%", "45%"])
    block.setStyle(
        TableStyle(
            [
                TABLE_FONT,
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
