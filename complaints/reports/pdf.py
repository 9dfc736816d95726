"""The monthly report to the accountability board as PDF bytes (ReportLab only).

``render`` reads a ``MonthlyPack`` and nothing else: every cell is written by
``tables.show`` and every chart value read through ``tables.plotted``, so the circulated
version hides exactly what the dashboards and exports hide.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence

from reportlab.lib.colors import HexColor, white
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from complaints.common.pdfdoc import (
    BOLD,
    FONT,
    GREY,
    INK,
    PDF_SETTINGS,
    RULE,
    TABLE_FONT,
    Paragraph,
    esc,
    long_date,
    typed,
    visual,
)
from complaints.reports import charts
from complaints.reports import tables as t
from complaints.reports.highlights import AMBER_MARGIN, Rating, highlights
from complaints.reports.periods import month_period
from complaints.reports.plotting import TOTAL_WORDS, stated_totals

TITLE = "Complaints and conduct: monthly report to the accountability board"
CIRCULATED = "Circulated version: figures that could identify people withheld"
FULL = "Full version: not for circulation"
DRAFT = "Draft: not yet approved"
SUMMARY = "summary"  # the executive summary's key, for its commentary and its link
MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
BLUE = HexColor("#1d70b8")
RED = HexColor("#d4351c")
GREEN = HexColor("#00703c")
YELLOW = HexColor("#ffdd00")
# The colour of each rating's label, and the colour of its words (contrast at least 4.5:1).
RATING_COLOURS = {
    Rating.RED: (RED, white),
    Rating.AMBER: (YELLOW, INK),
    Rating.GREEN: (GREEN, white),
}
STRIPE = HexColor("#f3f2f1")
CELL = 8.5
PAD = 4  # table cell padding, each side


def render(
    pack: t.MonthlyPack,
    *,
    circulated: bool,
    threshold: int,
    generated_on: dt.date,
    commentary: Mapping[str, Sequence[tuple[str, str]]] | None = None,
    draft: bool = False,
    html_link: str | None = None,
) -> bytes:
    """The report as an A4 PDF: cover, executive summary, contents, one part per section,
    definitions.

    ``html_link`` is where the same report is a web page (for a screen reader, or to read
    zoomed): the cover gives it.

    ``commentary`` is what the force and the OPCC wrote about each section (its key, or
    ``SUMMARY`` for the executive summary), as (whose words, text) pairs: printed after the
    section's figures, apart from them. A ``draft`` says on every page that it is not yet
    approved.
    """
    out = io.BytesIO()
    month = f"{pack.month:%B %Y}"
    version = CIRCULATED if circulated else FULL
    if draft:
        version = f"{DRAFT} \u2013 {version}"
    commentary = commentary or {}
    document = _Document(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 8 * mm,
        bottomMargin=MARGIN + 6 * mm,
        title=f"{TITLE}, {month}",
        author=pack.force_name,
        subject=version,
        creator=pack.force_name,
        invariant=1,  # the same pack and date give the same bytes, and so the same hash
        **PDF_SETTINGS,
    )
    frame = Frame(
        document.leftMargin, document.bottomMargin, document.width, document.height, id="body"
    )
    page = _Page(visual(pack.force_name), month, version)
    document.addPageTemplates(
        [
            PageTemplate("cover", [frame], onPage=page.cover),
            PageTemplate("body", [frame], onPage=page.body),
        ]
    )
    writer = _Writer(circulated, threshold)
    story = [
        *_cover(pack, month, circulated, threshold, generated_on, draft),
        *_html_version(html_link),
        NextPageTemplate("body"),
        PageBreak(),
        *_executive_summary(pack, circulated, threshold),
        *_commentary(commentary.get(SUMMARY, ())),
        PageBreak(),
        *_contents(),
        PageBreak(),
    ]
    for number, section in enumerate(pack.sections, start=1):
        story += writer.section(number, section)
        story += _commentary(commentary.get(section.key, ()))
    story += _appendix(pack, circulated, threshold)
    document.multiBuild(story)
    return out.getvalue()


# Styles. ---------------------------------------------------------------------------------

_BODY = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, textColor=INK)
_SMALL = ParagraphStyle("small", parent=_BODY, fontSize=8.5, leading=11, textColor=GREY)
_H1 = ParagraphStyle(
    "h1", parent=_BODY, fontName=BOLD, fontSize=17, leading=22, spaceAfter=8, textColor=INK
)
_H2 = ParagraphStyle(
    "h2", parent=_BODY, fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=4
)
_CELL = ParagraphStyle("cell", parent=_BODY, fontSize=CELL, leading=CELL + 2)
_CELL_RIGHT = ParagraphStyle("cell_right", parent=_CELL, alignment=TA_RIGHT)
_HEAD = ParagraphStyle("head", parent=_CELL, fontName=BOLD)
_HEAD_RIGHT = ParagraphStyle("head_right", parent=_HEAD, alignment=TA_RIGHT)
_TOC_TABLE = TableStyle(
    [
        TABLE_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]
)
_TOC_STYLES = [
    ParagraphStyle("toc0", parent=_BODY, fontSize=11, leading=20, leftIndent=0, firstLineIndent=0),
]


class _Document(BaseDocTemplate):
    """Feeds each part's heading to the contents page and the PDF's bookmarks.

    The first pass only finds the page each part starts on and is never the output (the
    contents always change after it), so tables and charts are laid out but not drawn.
    """

    passes = 0
    pages = 0  # in the pass before: the "m" of "Page n of m"
    counted = -1

    def build(self, *args, **kwargs) -> None:
        self.passes += 1
        super().build(*args, **kwargs)
        self.counted, self.pages = self.pages, self.page

    def _allSatisfied(self) -> bool:
        return super()._allSatisfied() and self.pages == self.counted

    @property
    def draft(self) -> bool:
        return self.passes == 1

    def afterFlowable(self, flowable) -> None:
        if isinstance(flowable, Paragraph) and flowable.style.name == "h1":
            key = getattr(flowable, "_bookmark", None)
            if key is None:
                return
            text = flowable.getPlainText()
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=0, closed=True)
            self.notify("TOCEntry", (0, text, self.page, key))


class _Page:
    """What every page carries: the force's name, the report, the version, the page."""

    def __init__(self, force_name: str, month: str, version: str) -> None:
        self.force_name = force_name
        self.month = month
        self.version = version

    def cover(self, canvas: Canvas, document) -> None:
        self._footer(canvas, document)

    def body(self, canvas: Canvas, document) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setFont(BOLD, 9)
        canvas.setFillColor(INK)
        canvas.drawString(MARGIN, height - MARGIN, self.force_name)
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(GREY)
        canvas.drawRightString(
            width - MARGIN, height - MARGIN, f"Monthly report to the board: {self.month}"
        )
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, height - MARGIN - 3 * mm, width - MARGIN, height - MARGIN - 3 * mm)
        canvas.restoreState()
        self._footer(canvas, document)

    def _footer(self, canvas: Canvas, document) -> None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, MARGIN + 4 * mm, A4[0] - MARGIN, MARGIN + 4 * mm)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, MARGIN, f"{self.force_name} \u2013 {self.version}")
        canvas.drawRightString(A4[0] - MARGIN, MARGIN, f"Page {document.page} of {document.pages}")
        canvas.restoreState()


def _drafting(canvas: Canvas) -> bool:
    document = getattr(canvas, "_doctemplate", None)
    return bool(document is not None and getattr(document, "draft", False))


class _Grid(Table):
    def draw(self) -> None:
        if not _drafting(self.canv):
            super().draw()


class _Chart(Flowable):
    def __init__(self, drawing) -> None:
        super().__init__()
        self.drawing = drawing
        self.width, self.height = drawing.width, drawing.height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        if not _drafting(self.canv):
            self.drawing.drawOn(self.canv, 0, 0)


# The parts. ------------------------------------------------------------------------------


def _suppression_words(threshold: int) -> str:
    return t.withholding_words(threshold)


def _cover(pack, month, circulated, threshold, generated_on, draft=False) -> list:
    force = ParagraphStyle("force", parent=_BODY, fontName=BOLD, fontSize=26, leading=32)
    title = ParagraphStyle("title", parent=_BODY, fontName=BOLD, fontSize=19, leading=25)
    when = ParagraphStyle("month", parent=_BODY, fontSize=16, leading=22, textColor=GREY)
    band = ParagraphStyle(
        "band", parent=_BODY, fontName=BOLD, fontSize=12, leading=16, textColor=white
    )
    version, colour = (CIRCULATED, BLUE) if circulated else (FULL, RED)
    about = cover_words(circulated, threshold, draft=draft)
    marker = Table([[Paragraph(version, band)]], colWidths=[WIDTH])
    marker.setStyle(
        TableStyle(
            [
                TABLE_FONT,
                ("BACKGROUND", (0, 0), (-1, -1), colour),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    if draft:
        version = version_words(circulated, draft=True)
        marker = Table([[Paragraph(esc(version), band)]], colWidths=[WIDTH])
        marker.setStyle(
            TableStyle(
                [
                    TABLE_FONT,
                    ("BACKGROUND", (0, 0), (-1, -1), GREY),
                    ("TOPPADDING", (0, 0), (-1, -1), 8),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ]
            )
        )
    return [
        Spacer(1, 40 * mm),
        Paragraph(esc(pack.force_name), force),
        Spacer(1, 10 * mm),
        Paragraph(esc(TITLE), title),
        Spacer(1, 4 * mm),
        Paragraph(month, when),
        Spacer(1, 14 * mm),
        marker,
        Spacer(1, 6 * mm),
        Paragraph(esc(about), _BODY),
        Spacer(1, 10 * mm),
        Paragraph(f"Generated on {long_date(generated_on)}", _BODY),
        Paragraph(
            f"Figures for 1 to {long_date(month_period(pack.month).last_day)}, as recorded "
            "when this report was generated.",
            _SMALL,
        ),
    ]


def _html_version(link: str | None) -> list:
    if not link:
        return []
    return [
        Spacer(1, 6 * mm),
        Paragraph(
            f'{esc(HTML_WORDS)} <a href="{esc(link)}" color="#1d70b8"><u>{esc(link)}</u></a>',
            _BODY,
        ),
    ]


HTML_WORDS = "This report is also a web page, for screen readers and reading enlarged:"


def version_words(circulated: bool, *, draft: bool = False) -> str:
    """Which version this is, as the cover's band says it."""
    version = CIRCULATED if circulated else FULL
    return f"{DRAFT} \u2013 {version}" if draft else version


def cover_words(circulated: bool, threshold: int, *, draft: bool = False) -> str:
    """What the cover says about the version: what is hidden, or who may read it."""
    if circulated:
        about = _suppression_words(threshold)
    else:
        about = (
            "This version shows every count, however small. It is for the Professional "
            "Standards Department and the Office of the Police and Crime Commissioner and "
            "must not be circulated: the board receives the circulated version."
        )
    if draft:
        about = (
            "This is a draft: its commentary may change, and it is not approved for the "
            "board until the Office of the Police and Crime Commissioner approves it. "
        ) + about
    return about


def _executive_summary(pack: t.MonthlyPack, circulated: bool, threshold: int) -> list:
    """Page 2: the things that matter this month, chosen by rule (``highlights``), each
    with its rating in words as well as colour and a link to its section."""
    items = highlights(pack, circulated=circulated, threshold=threshold)
    numbers = {s.key: (n, s.title) for n, s in enumerate(pack.sections, start=1)}
    story: list = [
        _heading("Executive summary", f"section-{SUMMARY}"),
        Paragraph(esc(SUMMARY_RULE.format(margin=round(AMBER_MARGIN * 100))), _BODY),
        Spacer(1, 4 * mm),
    ]
    if not items:
        return [*story, Paragraph("Nothing in this month's figures meets those rules.", _BODY)]
    label = ParagraphStyle("rating", parent=_CELL, fontName=BOLD)
    rows, style = (
        [],
        [
            TABLE_FONT,
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ],
    )
    for r, item in enumerate(items):
        if item.rating is not None:
            fill, ink = RATING_COLOURS[item.rating]
            words = item.rating.short
            style.append(("BACKGROUND", (0, r), (0, r), fill))
        else:
            ink, words = INK, KIND_WORDS[item.kind]
        tag = Paragraph(esc(words), ParagraphStyle(f"tag{r}", parent=label, textColor=ink))
        number, title = numbers.get(item.section, (None, ""))
        link = (
            Paragraph(
                f'<a href="#section-{esc(item.section)}" color="#1d70b8">'
                f"<u>{number}. {esc(title)}</u></a>",
                _CELL,
            )
            if number
            else Paragraph("", _CELL)
        )
        rows.append([tag, Paragraph(esc(item.text), _CELL), link])
    grid = Table(rows, colWidths=[22 * mm, WIDTH - 22 * mm - 42 * mm, 42 * mm], hAlign="LEFT")
    grid.setStyle(TableStyle(style))
    legend = "; ".join(r.label for r in Rating) + "."
    return [*story, grid, Spacer(1, 2 * mm), Paragraph(esc(legend), _SMALL)]


SUMMARY_RULE = (
    "Chosen by rule from this report's figures: measures outside the force's target "
    "(red more than {margin}% over the target, amber up to {margin}% over); counts that "
    "changed significantly against the month before, the same month a year before or the "
    "rest of the 12 months (an exact test that two Poisson counts have the same daily "
    "rate, two-sided, at the 95% level, so that ordinary month-to-month variation is not "
    "reported as change); investigations open 12 months or more; and learning overdue. "
    "Measures that met their target are added until there are five items. "
    "Each item links to its section."
)
KIND_WORDS = {"change": "Change", "investigations": "Open", "learning": "Overdue", "target": ""}


def _commentary(notes: Sequence[tuple[str, str]]) -> list:
    """Commentary on a section, after its figures and apart from them: who wrote it, and
    what they wrote, paragraph by paragraph."""
    story: list = []
    for whose, text in notes:
        if text.strip():
            story += [KeepTogether([Paragraph(esc(whose), _H2), *typed(text)]), Spacer(1, 3 * mm)]
    return story


def _contents() -> list:
    contents = TableOfContents(levelStyles=_TOC_STYLES, dotsMinLevel=0, tableStyle=_TOC_TABLE)
    return [Paragraph("Contents", _H1), Spacer(1, 4 * mm), contents]


def _heading(text: str, key: str) -> Paragraph:
    heading = Paragraph(esc(text), _H1)
    heading._bookmark = key
    return heading


class _Writer:
    def __init__(self, circulated: bool, threshold: int) -> None:
        self.circulated = circulated
        self.threshold = threshold
        self.hidden = {t.WITHHELD}
        self.hidden_note = f"{t.LEGEND}. Withheld figures are not drawn in a chart."

    def section(self, number: int, section: t.Section) -> list:
        lead: list = [_heading(f"{number}. {section.title}", f"section-{section.key}")]
        summary = t.summary_of(section, circulated=self.circulated, threshold=self.threshold)
        if summary:
            lead += [Paragraph(esc(summary), _BODY), Spacer(1, 2 * mm)]
        story: list = [CondPageBreak(A4[1] * 0.25)]
        for table in section.tables:
            story += self.table(table, lead)
            lead = []
        return story + lead

    def table(self, table: t.Table, lead: list) -> list:
        """The table with its title and chart, kept on one page when they fit on one."""
        texts = [
            [cell if isinstance(cell, str) else self.show(cell) for cell in row]
            for row in table.rows
        ]
        hidden = self.circulated and any(text in self.hidden for row in texts for text in row[1:])
        head = [*lead, Paragraph(esc(table.title), _H2)]
        if not table.rows:
            return [KeepTogether([*head, Paragraph("Nothing to report this month.", _SMALL)])]
        parts: list = [*head, *self.chart(table), self.grid(table, texts)]
        if table.note:
            parts.append(Paragraph(esc(table.note), _SMALL))
        if hidden:
            parts.append(Paragraph(esc(self.hidden_note), _SMALL))
        return [KeepTogether(parts), Spacer(1, 5 * mm)]

    def chart(self, table: t.Table) -> list:
        """The chart under the table's title and above its figures, so that a long table
        runs on to the next page rather than leaving the chart alone on one; a total left
        out of the chart is stated under it."""
        drawing = charts.draw(
            table,
            circulated=self.circulated,
            threshold=self.threshold,
            width=WIDTH,
            text=visual,
        )
        if drawing is None:
            return []
        story: list = [_Chart(drawing)]
        totals = stated_totals(table, circulated=self.circulated, threshold=self.threshold)
        if totals:
            story.append(Paragraph(esc(f"{TOTAL_WORDS} {totals}."), _SMALL))
        return [*story, Spacer(1, 3 * mm)]

    def show(self, cell: t.Figure) -> str:
        return t.show(cell, circulated=self.circulated, threshold=self.threshold)

    def grid(self, table: t.Table, texts: list[list[str]]) -> Table:
        widths = _widths(table.columns, texts)
        numeric = [
            i > 0 and all(_figure_like(row[i]) for row in table.rows)
            for i in range(len(table.columns))
        ]
        header = [
            Paragraph(esc(name), _HEAD_RIGHT if numeric[i] else _HEAD)
            for i, name in enumerate(table.columns)
        ]
        body = []
        for texts_row in texts:
            cells = []
            for i, text in enumerate(texts_row):
                fits = stringWidth(text, FONT, CELL) <= widths[i] - 2 * PAD
                if not fits:
                    style = _CELL_RIGHT if numeric[i] else _CELL
                    cells.append(Paragraph(esc(text), style))
                else:
                    cells.append(visual(text))
            body.append(cells)
        grid = _Grid([header, *body], colWidths=widths, repeatRows=1, hAlign="LEFT")
        style = [
            ("FONT", (0, 0), (-1, -1), FONT, CELL),  # as pdfdoc.TABLE_FONT, with the size
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("LINEBELOW", (0, 0), (-1, 0), 1, INK),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ]
        for i, is_number in enumerate(numeric):
            if is_number:
                style.append(("ALIGN", (i, 1), (i, -1), "RIGHT"))
        for r in range(2, len(body) + 1, 2):
            style.append(("BACKGROUND", (0, r), (-1, r), STRIPE))
        if self.circulated:
            for r, texts_row in enumerate(texts, start=1):
                for i, text in enumerate(texts_row):
                    if i and text in self.hidden:
                        style.append(("TEXTCOLOR", (i, r), (i, r), GREY))
        grid.setStyle(TableStyle(style))
        return grid


def _figure_like(cell: t.Cell) -> bool:
    """A figure, or words standing in for one (a blank, a dash): aligned as figures are."""
    return not isinstance(cell, str) or not any(ch.isalpha() for ch in cell)


def _widths(columns: tuple[str, ...], texts: list[list[str]]) -> list[float]:
    """Figures get the room they need; the label column takes the rest and wraps."""
    if len(columns) == 1:
        return [WIDTH]
    natural = []
    for i, name in enumerate(columns[1:], start=1):
        longest_word = max(stringWidth(w, BOLD, CELL) for w in name.split() or [""])
        header = min(stringWidth(name, BOLD, CELL), max(longest_word, 60))
        cells = max((stringWidth(row[i], FONT, CELL) for row in texts), default=0)
        natural.append(max(header, cells, 28) + 2 * PAD)
    if sum(natural) <= WIDTH * 0.72:
        label = max(stringWidth(row[0], FONT, CELL) for row in texts) + 2 * PAD + 24
        room = WIDTH - sum(natural)
        return [max(min(label, room), min(WIDTH * 0.45, room)), *natural]
    share = WIDTH * 0.72 / len(natural)  # too many columns: share the room; long ones wrap
    return [WIDTH * 0.28] + [share] * len(natural)


def definitions_by_text(pack: t.MonthlyPack) -> dict[str, list[str]]:
    """Each definition used, once, with the titles of the tables that use it."""
    titles_by_definition: dict[str, list[str]] = {}
    for title, definition in pack.definitions.items():
        titles_by_definition.setdefault(definition, []).append(title)
    return titles_by_definition


def _appendix(pack: t.MonthlyPack, circulated: bool, threshold: int) -> list:
    story: list = [
        PageBreak(),
        _heading("Appendix: definitions used", "appendix"),
        Paragraph(
            "Each measure is computed once and used the same way in this report, the "
            "dashboards and the exports. Working days exclude weekends and England and "
            "Wales bank holidays.",
            _BODY,
        ),
        Spacer(1, 3 * mm),
    ]
    if circulated:
        story += [Paragraph(esc(_suppression_words(threshold)), _BODY), Spacer(1, 3 * mm)]
    term = ParagraphStyle("term", parent=_BODY, fontName=BOLD, spaceBefore=6)
    term_next = ParagraphStyle("term_next", parent=term, spaceBefore=0)
    titles_by_definition = definitions_by_text(pack)
    if not titles_by_definition:
        story.append(Paragraph("This report holds no measures.", _BODY))
    for definition, titles in titles_by_definition.items():
        named = [Paragraph(esc(title), term) for title in titles]
        for heading in named[1:]:
            heading.style = term_next
        story.append(KeepTogether([*named, Paragraph(esc(definition), _BODY)]))
    return story


# Text. -----------------------------------------------------------------------------------
