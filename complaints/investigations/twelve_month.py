"""Reports on long investigations (domain.md A5, B T12): an investigation still open 12
months after the complaint was received is reported to the OPCC and the IOPC, then again
every 6 months. The due list shows them before they fall due, so none is missed.

The report's content (dates, progress, estimated end, reasons for delay) goes to the
bodies outside this system; what is kept here is that it was sent, when, to whom, and a
short summary of the progress reported. The OPCC's copy may be withheld under the harm
test (C&M Regs reg 13; B7), with the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from complaints.auth.permissions import Permission, can
from complaints.auth.roles import Role
from complaints.cases import deadlines
from complaints.cases.choices import INVESTIGATION_STATES
from complaints.cases.deadlines import add_months, investigation_report_due
from complaints.cases.models import Case, CaseAccess
from complaints.cases.services import CaseError
from complaints.cases.visibility import of_forces, visible_to
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import format_date, london_date
from complaints.investigations.models import Investigation, InvestigationMode, TwelveMonthReport

# How far ahead the due list looks: a month's notice to gather the report.
LOOKAHEAD_DAYS = 30
MAX_PROGRESS = 2000
MAX_WITHHELD_REASON = 300


report_name = deadlines.report_name


# The next report an investigation owes -----------------------------------------------


@dataclass(frozen=True)
class NextReport:
    number: int
    due_on: dt.date

    @property
    def name(self) -> str:
        return report_name(self.number)


def next_report(case: Case) -> NextReport | None:
    """The report this case's investigation owes next, while the investigation is open."""
    investigation = case.investigation
    if investigation is None or case.state not in INVESTIGATION_STATES:
        return None
    sent = len(investigation.reports)
    return NextReport(sent + 1, investigation_report_due(case.received_on, sent))


# Recording a report as sent ------------------------------------------------------------


@dataclass(frozen=True)
class ReportSent:
    sent_on: dt.date
    progress: str
    sent_to_iopc: bool
    sent_to_opcc: bool
    withheld_reason: str | None = None


def record_report(
    session: Session, actor: Actor, case: Case, data: ReportSent, now: dt.datetime
) -> TwelveMonthReport:
    """Record that the next report went to the IOPC and the OPCC (or was withheld from
    the OPCC, with the reason); the case's next deadline moves on to the one after."""
    audit.acting(session, actor, now)
    if not can(actor, Permission.DECIDE, case):
        raise CaseError("Only the appropriate authority records the investigation's reports")
    due = next_report(case)
    if due is None:
        raise CaseError("Reports are recorded only while the investigation is open")
    progress = (data.progress or "").strip()
    reason = (data.withheld_reason or "").strip() or None
    _check(case, data, due, progress, reason, london_date(now))
    report = TwelveMonthReport(
        number=due.number,
        due_on=due.due_on,
        sent_on=data.sent_on,
        sent_to_iopc=True,
        sent_to_opcc=reason is None,
        withheld_reason=reason,
        progress=progress,
        recorded_by_id=actor.user_id,
        recorded_at=now,
    )
    case.investigation.reports.append(report)
    deadlines.refresh(case)
    case.updated_at = now
    session.flush()
    return report


def _check(
    case: Case,
    data: ReportSent,
    due: NextReport,
    progress: str,
    reason: str | None,
    today: dt.date,
) -> None:
    if data.sent_on > today:
        raise CaseError("The date sent must be today or in the past")
    earliest = due.due_on - dt.timedelta(days=LOOKAHEAD_DAYS)
    if data.sent_on < earliest:
        raise CaseError(
            f"The {due.name} is due on {format_date(due.due_on)}: a report sent before "
            f"{format_date(earliest)} is too early to count as it"
        )
    if not data.sent_to_iopc:
        raise CaseError("The report goes to the IOPC: confirm it was sent to the IOPC")
    if data.sent_to_opcc and reason:
        raise CaseError(
            "The report was sent to the OPCC, so leave the reason for withholding it blank"
        )
    if not data.sent_to_opcc and not reason:
        raise CaseError(
            "Confirm the report was sent to the OPCC, or give the reason for withholding it "
            "from the OPCC (it could prejudice the investigation)"
        )
    if reason and len(reason) > MAX_WITHHELD_REASON:
        raise CaseError("Give the reason for withholding it in 300 characters or fewer")
    if not progress:
        raise CaseError("Summarise the progress reported")
    if len(progress) > MAX_PROGRESS:
        raise CaseError("Summarise the progress in 2,000 characters or fewer")


# The due list ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DueReport:
    """One line of the due list: nothing that names anyone, so oversight may read it."""

    case: Case
    mode: InvestigationMode
    report: NextReport
    today: dt.date

    @property
    def days_left(self) -> int:
        """Days until it is due; negative once overdue."""
        return (self.report.due_on - self.today).days

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def age(self) -> str:
        return age_of(self.case.received_on, self.today)


def age_of(received_on: dt.date, today: dt.date) -> str:
    """How long since the complaint was received, in whole months and days."""
    months = (today.year - received_on.year) * 12 + today.month - received_on.month
    if add_months(received_on, months) > today:
        months -= 1
    days = (today - add_months(received_on, months)).days
    parts = []
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    if days or not months:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    return ", ".join(parts)


def listed_for(actor: Actor) -> ColumnElement[bool]:
    """The cases whose reports this actor follows. OPCC oversight follows every force
    case without opening them (the list names no one); a restricted case, and so every
    complaint about the chief constable, stays with the people named on it (A8)."""
    if actor.role == Role.OPCC_OVERSIGHT:
        named = exists(
            select(CaseAccess.case_id)
            .where(CaseAccess.case_id == Case.id, CaseAccess.user_id == actor.user_id)
            .correlate(Case)
        )
        return and_(of_forces(actor), or_(Case.restricted.is_(False), named))
    return visible_to(actor)


def due_reports(
    session: Session, actor: Actor, today: dt.date, lookahead_days: int = LOOKAHEAD_DAYS
) -> list[DueReport]:
    """Open investigations whose next report is overdue or due within the lookahead,
    soonest first."""
    horizon = today + dt.timedelta(days=lookahead_days)
    # No report falls due before 12 months from receipt: older cases only.
    received_by = add_months(horizon, -deadlines.FIRST_REPORT_MONTHS)
    sent = (
        select(func.count(TwelveMonthReport.id))
        .where(TwelveMonthReport.investigation_id == Investigation.id)
        .correlate(Investigation)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Case, Investigation.mode, sent)
        .join(Investigation, Investigation.case_id == Case.id)
        .where(
            Case.state.in_(INVESTIGATION_STATES),
            Case.received_on <= received_by,
            listed_for(actor),
        )
        .order_by(Case.received_on, Case.id)
    ).all()
    found = []
    for case, mode, count in rows:
        report = NextReport(count + 1, investigation_report_due(case.received_on, count))
        if report.due_on <= horizon:
            found.append(DueReport(case, mode, report, today))
    return sorted(found, key=lambda d: (d.report.due_on, d.case.reference))
