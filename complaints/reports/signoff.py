"""Signing off the monthly report: a draft, commentary from the force and the OPCC, and
the OPCC's approval, which publishes it to the board.

A month's report for a force is made once, as a draft. The head of the Professional
Standards Department (the appropriate authority) and the OPCC (oversight) each write
commentary on any section, the executive summary among them: words printed after the
section's figures and kept apart from them, so that no comment can alter a number. Each
comment is versioned, so two people editing one comment at once cannot overwrite each
other. An OPCC oversight user then approves the report: both versions are made with the
commentary, stored and frozen under their SHA-256 (``generation.generate_monthly``), and
only then is the circulated version given to board members. A published report is not
changed again. Every step is in the audit trail (the rows' own changes, and an event per
step naming the month).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.auth.permissions import Permission, role_can
from complaints.auth.roles import Role
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.errors import Refused
from complaints.reports import periods
from complaints.reports.generation import PageMaker, ReportError, generate_monthly
from complaints.reports.models import (
    BoardReport,
    BoardReportState,
    CommentaryVoice,
    GeneratedReport,
    ReportCommentary,
    ReportVersion,
)
from complaints.reports.pdf import SUMMARY
from complaints.reports.tables import MonthlyPack, ReportSettings

# The parts of the report commentary may be written on: the executive summary, then the
# pack's sections in its order (``reports.pack.SECTIONS``).
SECTIONS: tuple[tuple[str, str], ...] = (
    (SUMMARY, "Executive summary"),
    ("headlines", "Headlines"),
    ("trends", "Trends"),
    ("categories", "Allegation categories"),
    ("handling", "Recording and handling"),
    ("timeliness", "Timeliness"),
    ("caseload", "Open caseload"),
    ("investigations", "Investigations"),
    ("reviews", "Reviews"),
    ("outcomes", "Outcomes and actions"),
    ("proceedings", "Misconduct proceedings"),
    ("learning", "Learning"),
    ("divisions", "Divisions"),
    ("equality", "Complainant equality monitoring"),
    ("disproportionality", "Disproportionality"),
)
SECTION_TITLES = dict(SECTIONS)
# Whose commentary each role writes: the PSD's head is the appropriate authority.
VOICE_OF = {
    Role.APPROPRIATE_AUTHORITY: CommentaryVoice.FORCE,
    Role.OPCC_OVERSIGHT: CommentaryVoice.OPCC,
}
HEADINGS = {
    CommentaryVoice.FORCE: "Commentary from the Professional Standards Department",
    CommentaryVoice.OPCC: "Commentary from the Office of the Police and Crime Commissioner",
}
MAX_COMMENTARY = 5000


class SignOffRefused(Refused):
    """A step of the sign-off that cannot be taken now; the message is for the user."""


def voice_of(actor: Actor) -> CommentaryVoice | None:
    return VOICE_OF.get(actor.role)


def may_approve(actor: Actor) -> bool:
    """Approval is a permission of its own (OPCC oversight holds it): one home for it."""
    return role_can(actor.role, Permission.APPROVE_REPORTS)


def report_for(session: Session, force_id: int, month: dt.date) -> BoardReport | None:
    return session.scalar(
        select(BoardReport).where(BoardReport.force_id == force_id, BoardReport.month == month)
    )


def start_report(
    session: Session, actor: Actor, month: dt.date, force_id: int, now: dt.datetime
) -> BoardReport:
    """The month's report as a draft, with an empty comment for each voice and section."""
    audit.acting(session, actor, now)
    month = month.replace(day=1)
    if not periods.month_ended(month, now):
        raise SignOffRefused(f"The report for {month:%B %Y} can be made once the month has ended")
    if report_for(session, force_id, month) is not None:
        raise SignOffRefused(f"The report for {month:%B %Y} has already been made")
    report = BoardReport(
        force_id=force_id,
        month=month,
        state=BoardReportState.DRAFT,
        created_at=now,
        created_by_id=actor.user_id,
    )
    report.commentaries = [
        ReportCommentary(force_id=force_id, section=key, voice=voice, text="")
        for key, _ in SECTIONS
        for voice in CommentaryVoice
    ]
    session.add(report)
    session.flush()
    audit.record(
        session,
        "create",
        entity_type="board_reports",
        entity_id=report.id,
        summary=f"Draft monthly board report for {month:%B %Y}",
        actor=actor,
        now=now,
    )
    session.flush()
    return report


def write_commentary(
    session: Session,
    actor: Actor,
    commentary: ReportCommentary,
    text: str,
    now: dt.datetime,
) -> ReportCommentary:
    """The actor's commentary on a section of a draft, replacing what their side wrote."""
    audit.acting(session, actor, now)
    if not commentary.report.is_draft:
        raise SignOffRefused("This report has been approved: its commentary cannot change")
    if voice_of(actor) != commentary.voice:
        raise SignOffRefused("Only the " + commentary.voice.label + " may write this commentary")
    text = text.replace("\r\n", "\n").strip()
    if len(text) > MAX_COMMENTARY:
        raise SignOffRefused(f"Commentary must be {MAX_COMMENTARY:,} characters or fewer")
    commentary.text = text
    commentary.updated_at = now
    commentary.updated_by_id = actor.user_id
    session.flush()
    return commentary


def commentary_of(report: BoardReport) -> dict[str, list[tuple[str, str]]]:
    """The report's commentary for the PDF and the pages: by section, the force's first."""
    found: dict[str, list[tuple[str, str]]] = {}
    order = list(CommentaryVoice)
    for item in sorted(report.commentaries, key=lambda c: order.index(c.voice)):
        if item.text.strip():
            found.setdefault(item.section, []).append((HEADINGS[item.voice], item.text))
    return found


def approve_report(
    session: Session,
    actor: Actor,
    report: BoardReport,
    now: dt.datetime,
    settings: ReportSettings,
    files_dir: str | Path,
    pack: MonthlyPack | None = None,
    html_links: Mapping[ReportVersion, str] | None = None,
    page: PageMaker | None = None,
) -> list[GeneratedReport]:
    """Approve a draft and publish it: both versions made with its commentary, stored and
    frozen under their SHA-256, and the circulated one given to the board. ``html_links``:
    where each version is a web page, printed on its cover; ``page`` makes that page's
    content, kept and frozen with the PDF (``reports.views.pages.kept_page``). Without
    it the versions have no kept page, and theirs is worked out afresh when opened."""
    audit.acting(session, actor, now)
    if not may_approve(actor):
        raise SignOffRefused("Only the OPCC's oversight may approve a report for the board")
    if not report.is_draft:
        raise SignOffRefused("This report has already been approved and published")
    if settings.forces != (report.force_id,):
        raise ReportError("The report is approved with its own force's figures")
    made = generate_monthly(
        session,
        actor,
        report.month,
        now,
        settings,
        files_dir,
        pack,
        commentary=commentary_of(report),
        board_report_id=report.id,
        html_links=html_links,
        page=page,
    )
    for generated in made:
        generated.published = generated.version == ReportVersion.CIRCULATED
    report.state = BoardReportState.PUBLISHED
    report.approved_at = now
    report.approved_by_id = actor.user_id
    report.approved_by_name = actor.name[:200]
    session.flush()
    circulated = next(g for g in made if g.version == ReportVersion.CIRCULATED)
    audit.record(
        session,
        "approve",
        entity_type="board_reports",
        entity_id=report.id,
        summary=f"Monthly board report for {report.month:%B %Y} approved and published to "
        f"the board, circulated version SHA-256 {circulated.sha256}",
        actor=actor,
        now=now,
    )
    session.flush()
    return made
