"""The learning bulletin: what the force changed because of complaints, for everyone who
works in it, grouped by theme and with no one identifiable (see ``anonymise``).

``gather`` reads the database and anonymises; ``render`` turns plain values into PDF
bytes (ReportLab platypus, as the letters are) and reads nothing else, so no name, case
reference or date can reach the page except the bulletin's own issue date and period.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from itertools import groupby

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer
from sqlalchemy import select, true
from sqlalchemy.orm import Session

from complaints.cases.models import Case
from complaints.common.errors import Refused
from complaints.common.pdfdoc import (
    BODY,
    BOLD,
    GREY,
    Masthead,
    Paragraph,
    document,
    esc,
    long_date,
)
from complaints.learning.anonymise import Anonymiser, anonymiser_for
from complaints.learning.models import LearningItem, LearningStatus

# The longest period one bulletin covers: a year and a day (a leap year's worth).
MAX_DAYS = 366


class PeriodError(Refused):
    """A period no bulletin may cover; the message is written for the user."""


def check_period(start: dt.date, end: dt.date, today: dt.date) -> None:
    """A bulletin reports what is done: a period that has ended, and of a year at most."""
    if end < start:
        raise PeriodError("The end of the period must be after its start")
    if (end - start).days >= MAX_DAYS:
        raise PeriodError("A bulletin covers a year at most")
    if end > today:
        raise PeriodError("The end of the period cannot be in the future")


@dataclass(frozen=True)
class Lesson:
    lesson: str
    change: str
    level: str
    source: str
    shared_how: str | None = None


@dataclass(frozen=True)
class Theme:
    name: str
    lessons: tuple[Lesson, ...]


@dataclass(frozen=True)
class Bulletin:
    force_name: str
    issued_on: dt.date
    period_from: dt.date
    period_to: dt.date
    themes: tuple[Theme, ...]

    @property
    def count(self) -> int:
        return sum(len(t.lessons) for t in self.themes)


def implemented_between(
    session: Session, start: dt.date, end: dt.date, force_id: int | None = None
) -> list[LearningItem]:
    """Lessons implemented in the period (both days included), by theme: one force's,
    when given, since each force's workforce has its own bulletin.

    The bulletin goes to the whole workforce, so lessons from restricted cases (complaints
    about the chief constable among them) stay out: for most readers those cases do not
    exist (A8), and taking the names out would not hide what happened.
    """
    from_restricted_case = (
        select(Case.id).where(Case.id == LearningItem.case_id, Case.restricted).exists()
    )
    return list(
        session.scalars(
            select(LearningItem)
            .where(
                ~from_restricted_case,
                LearningItem.force_id == force_id if force_id is not None else true(),
                LearningItem.status == LearningStatus.IMPLEMENTED,
                LearningItem.completed_on >= start,
                LearningItem.completed_on <= end,
            )
            .order_by(LearningItem.theme, LearningItem.completed_on, LearningItem.id)
        )
    )


def gather(
    session: Session,
    start: dt.date,
    end: dt.date,
    issued_on: dt.date,
    force_name: str,
    anonymise: Anonymiser | None = None,
    *,
    force_id: int | None = None,
) -> Bulletin:
    """The bulletin's contents, every word people typed anonymised."""
    check_period(start, end, issued_on)
    clean = anonymise or anonymiser_for(session)
    items = implemented_between(session, start, end, force_id)
    themes = []
    # Themes are grouped after anonymising, so two spellings of a redacted name merge.
    lessons = sorted(((clean(item.theme).strip() or "Other", item) for item in items), key=_key)
    for _, group in groupby(lessons, key=lambda pair: pair[0].casefold()):
        group = list(group)
        themes.append(
            Theme(
                name=group[0][0],
                lessons=tuple(
                    Lesson(
                        lesson=clean(item.description),
                        change=clean(item.evidence),
                        level=item.level.label,
                        source=item.source.label,
                        shared_how=clean(item.shared_how) or None,
                    )
                    for _, item in group
                ),
            )
        )
    return Bulletin(force_name, issued_on, start, end, tuple(themes))


def _key(pair: tuple[str, LearningItem]) -> tuple[str, int]:
    return pair[0].casefold(), pair[1].id


def filename_for(bulletin: Bulletin, force_code: str = "") -> str:
    """``force_code``: the force's, once an installation has several."""
    of = f"-{force_code}" if force_code else ""
    return (
        f"learning-bulletin{of}-{bulletin.period_from.isoformat()}-to-"
        f"{bulletin.period_to.isoformat()}.pdf"
    )


def render(bulletin: Bulletin) -> bytes:
    """The bulletin as an A4 PDF: title and period, then each theme with its lessons."""
    out = io.BytesIO()
    title = "Learning bulletin"
    pdf = document(
        out,
        title=title,
        author=bulletin.force_name,
        subject="Lessons learned from complaints",
        creator=f"{bulletin.force_name} Professional Standards Department",
    )
    period = f"{long_date(bulletin.period_from)} to {long_date(bulletin.period_to)}"
    story: list = [
        Paragraph(title, _TITLE),
        Paragraph(
            f"Lessons implemented from {period}. Issued {long_date(bulletin.issued_on)}.", _BODY
        ),
        Paragraph(
            "What the force has changed because of complaints, reviews, IOPC "
            "recommendations, dip samples and inspections. Names, references and dates "
            "have been taken out: the lessons are about what we do, not who did it.",
            _SMALL,
        ),
        Spacer(1, 6 * mm),
    ]
    if not bulletin.themes:
        story.append(Paragraph("No lessons were implemented in this period.", _BODY))
    for theme in bulletin.themes:
        story.append(Paragraph(esc(theme.name), _HEADING))
        for lesson in theme.lessons:
            part = [
                Paragraph(esc(lesson.lesson).replace("\n", "<br/>"), _BODY),
                Paragraph(f"<b>What changed:</b> {esc(lesson.change)}", _BODY),
                Paragraph(
                    f"{esc(lesson.source)} · {esc(lesson.level)} learning"
                    + (f" · Shared by: {esc(lesson.shared_how)}" if lesson.shared_how else ""),
                    _SMALL,
                ),
                Spacer(1, 5 * mm),
            ]
            story.append(KeepTogether(part))
    masthead = Masthead(
        bulletin.force_name, "Professional Standards Department", f"Learning bulletin, {period}"
    )
    masthead.build(pdf, story)
    return out.getvalue()


_BODY = ParagraphStyle("body", parent=BODY, spaceAfter=4)
_SMALL = ParagraphStyle("small", parent=_BODY, fontSize=9.5, leading=12.5, textColor=GREY)
_TITLE = ParagraphStyle("title", parent=_BODY, fontName=BOLD, fontSize=20, leading=26, spaceAfter=8)
_HEADING = ParagraphStyle(
    "heading",
    parent=_BODY,
    fontName=BOLD,
    fontSize=14,
    leading=18,
    spaceBefore=8,
    spaceAfter=6,
)
