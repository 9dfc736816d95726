"""The dip sample report as PDF bytes (ReportLab platypus, see ``pdfdoc``).

``render`` reads only plain values, never the database: the view gathers them with
``sample_facts.results``, the same figures the sample page shows.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from complaints.common.pdfdoc import (
    BOLD,
    FONT,
    GREY,
    INK,
    MARGIN,
    RULE,
    TABLE_FONT,
    Paragraph,
    document,
    esc,
    long_date,
)
from complaints.oversight.sample_facts import SampleResults

_BODY = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, textColor=INK)
_SMALL = ParagraphStyle("small", parent=_BODY, fontSize=8, leading=11, textColor=GREY)
_TITLE = ParagraphStyle("title", parent=_BODY, fontName=BOLD, fontSize=18, leading=22)
_HEADING = ParagraphStyle(
    "heading", parent=_BODY, fontName=BOLD, fontSize=13, leading=17, spaceBefore=8
)
_CELL = ParagraphStyle("cell", parent=_BODY, fontSize=9, leading=12)


@dataclass(frozen=True)
class SampleReportContent:
    force_name: str
    sample_id: int
    period_from: dt.date
    period_to: dt.date
    method: str
    seed: int
    stratified: bool
    case_type: str
    candidates: int
    drawn_by: str
    drawn_at: dt.datetime
    closed_at: dt.datetime | None
    results: SampleResults
    produced_on: dt.date


def _bold(value: object) -> str:
    return f"<b>{esc(str(value))}</b>"


def _table(rows: list[list], widths: list[float], header: bool = True) -> Table:
    """A ruled table; the header row's labels are bold."""
    cells = [
        [Paragraph(_bold(v) if header and i == 0 else esc(str(v)), _CELL) for v in row]
        for i, row in enumerate(rows)
    ]
    table = Table(cells, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                TABLE_FONT,
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def render(content: SampleReportContent) -> bytes:
    """The report: how the sample was drawn, then what the checklists found."""
    buffer = io.BytesIO()
    pdf = document(
        buffer,
        title=f"Dip sample {content.sample_id}",
        author=content.force_name,
        top=MARGIN,
        bottom=MARGIN,
    )
    width = A4[0] - 2 * MARGIN
    results = content.results
    story: list = [
        Paragraph(esc(content.force_name), _SMALL),
        Paragraph(f"Dip sample {content.sample_id}", _TITLE),
        Spacer(0, 4 * mm),
        _table(
            [
                [
                    "Period (cases finalised)",
                    f"{long_date(content.period_from)} to {long_date(content.period_to)}",
                ],
                ["Method", content.method],
                ["Stratified by handling type", "Yes" if content.stratified else "No"],
                ["Case type", content.case_type],
                ["Seed", str(content.seed)],
                ["Cases that could be drawn", str(content.candidates)],
                ["Cases drawn", str(results.drawn)],
                ["Cases reviewed", str(results.reviewed)],
                ["Drawn by", f"{content.drawn_by} on {long_date(content.drawn_at.date())}"],
                [
                    "Closed",
                    long_date(content.closed_at.date()) if content.closed_at else "Still open",
                ],
            ],
            [width * 0.4, width * 0.6],
            header=False,
        ),
        Paragraph(
            "Candidates are cases finalised in the period. Restricted cases and complaints "
            "about the chief constable are never sampled. The same period, choices and seed "
            "draw the same cases.",
            _SMALL,
        ),
        Paragraph("Cases drawn per handling type", _HEADING),
        _table(
            [["Handling type", "Drawn", "Reviewed"]]
            + [[s.stratum.label, s.drawn, s.reviewed] for s in results.strata],
            [width * 0.6, width * 0.2, width * 0.2],
        ),
        Paragraph("Results per checklist question", _HEADING),
        _table(
            [["Question", "Yes", "No", "Not applicable", "Not reviewed"]]
            + [
                [q.question, q.yes, q.no, q.not_applicable, q.not_reviewed]
                for q in results.questions
            ],
            [width * 0.48, width * 0.1, width * 0.1, width * 0.16, width * 0.16],
        ),
        Paragraph("Findings", _HEADING),
    ]
    if results.findings:
        story.append(
            _table(
                [["Case", "Handling type", "Finding"]]
                + [[f.reference, f.stratum.label, f.text] for f in results.findings],
                [width * 0.2, width * 0.25, width * 0.55],
            )
        )
    else:
        story.append(Paragraph("No findings were recorded.", _BODY))
    story.append(Paragraph("Learning raised", _HEADING))
    if results.learning:
        story.append(
            _table(
                [["Case", "Learning item", "Theme"]]
                + [[f.reference, f"L{f.learning_id}", f.learning_theme] for f in results.learning],
                [width * 0.2, width * 0.2, width * 0.6],
            )
        )
    else:
        story.append(Paragraph("No learning was raised from this sample.", _BODY))

    def footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(GREY)
        canvas.drawString(
            MARGIN,
            10 * mm,
            f"Official - Sensitive. Produced {long_date(content.produced_on)}. Page {doc.page}",
        )
        canvas.restoreState()

    pdf.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
