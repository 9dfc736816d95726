"""The deadlines of domain.md A5, worked out from a case's plain facts.

``compute`` reads only ``DeadlineFacts`` so that a data migration can work deadlines out
from raw rows; ``facts_of`` gathers those facts from a loaded case. ``DeadlineKind`` is
stored on the case, so it lives in choices with the other stored words.

Besides A5, a logged complaint waits on first contact with the complainant (A2), due the
force's own contact target (``report_targets["working_days_to_contact"]``, the figure the
monthly report measures against) in working days after receipt. A deadline counted in
working days is always a working day, since ``workdays.add`` steps only on working days.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from complaints import config as defaults
from complaints.cases.choices import (
    INVESTIGATION_STATES,
    UPDATES_OWED_STATES,
    CaseState,
    CaseType,
    ContactPurpose,
    DeadlineKind,
)
from complaints.common import workdays
from complaints.common.clock import london_date

if TYPE_CHECKING:
    from complaints.cases.models import Case

UPDATE_INTERVAL_DAYS = 28
OUTCOME_LETTER_WORKING_DAYS = 5
REVIEW_WINDOW_DAYS = 28
FIRST_REPORT_MONTHS = 12
LATER_REPORT_MONTHS = 6
DUE_SOON_WORKING_DAYS = 5
CONTACT_TARGET_KEY = "working_days_to_contact"


@dataclass(frozen=True)
class DeadlineFacts:
    """What the deadlines depend on, as plain values (strings are accepted for the enums)."""

    case_type: CaseType
    state: CaseState
    received_on: dt.date
    handling_started_on: dt.date | None = None
    last_contact_on: dt.date | None = None
    outcome_determined_on: dt.date | None = None
    outcome_notified_on: dt.date | None = None
    investigation_open: bool = False
    twelve_month_reports_sent: int = 0
    # First contact (A2): owed by a logged complaint until made or found impossible; the
    # deadline runs only when the force's contact target is given.
    first_contact_owed: bool = False
    contact_target_days: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "case_type", CaseType(self.case_type))
        object.__setattr__(self, "state", CaseState(self.state))


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    due_on: dt.date


def facts_of(case: Case) -> DeadlineFacts:
    """The facts of a loaded case; reads its contacts and investigation."""
    started = [t for t in (case.handled_outside_at, case.recorded_at) if t is not None]
    contacts = [c.occurred_on for c in case.contacts]
    investigation = case.investigation
    contacted = any(c.purpose == ContactPurpose.FIRST_CONTACT for c in case.contacts)
    return DeadlineFacts(
        case_type=case.case_type,
        state=case.state,
        received_on=case.received_on,
        handling_started_on=london_date(min(started)) if started else None,
        last_contact_on=max(contacts) if contacts else None,
        outcome_determined_on=_day(case.outcome_determined_at),
        outcome_notified_on=_day(case.outcome_notified_at),
        investigation_open=investigation is not None and case.state in INVESTIGATION_STATES,
        twelve_month_reports_sent=len(investigation.reports) if investigation else 0,
        first_contact_owed=not contacted and not case.contact_not_possible_reason,
        contact_target_days=contact_target(case.force.report_targets),
    )


def contact_target(targets: Mapping[str, object] | None) -> int:
    """The force's target for first contact, in working days after receipt; the service's
    default (``REPORT_TARGETS``) where the force has set none."""
    value = (targets or {}).get(CONTACT_TARGET_KEY)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return int(defaults.REPORT_TARGETS[CONTACT_TARGET_KEY])


def _day(moment: dt.datetime | None) -> dt.date | None:
    return london_date(moment) if moment is not None else None


def compute(facts: DeadlineFacts) -> list[Deadline]:
    """Every deadline running now, earliest first."""
    if not facts.state.is_open or facts.case_type == CaseType.DSI_MATTER:
        return []
    found: list[Deadline] = []
    if facts.case_type == CaseType.COMPLAINT:
        found += _complainant_deadlines(facts)
    if facts.investigation_open:
        found.append(
            Deadline(
                DeadlineKind.TWELVE_MONTH_REPORT,
                investigation_report_due(facts.received_on, facts.twelve_month_reports_sent),
            )
        )
    order = list(DeadlineKind)
    return sorted(found, key=lambda d: (d.due_on, order.index(d.kind)))


def _complainant_deadlines(facts: DeadlineFacts) -> list[Deadline]:
    found = []
    if (
        facts.state == CaseState.LOGGED
        and facts.first_contact_owed
        and facts.contact_target_days is not None
    ):
        found.append(
            Deadline(
                DeadlineKind.FIRST_CONTACT,
                first_contact_due(facts.received_on, facts.contact_target_days),
            )
        )
    if facts.state in UPDATES_OWED_STATES and facts.handling_started_on is not None:
        last = max(d for d in (facts.handling_started_on, facts.last_contact_on) if d)
        found.append(Deadline(DeadlineKind.UPDATE, last + dt.timedelta(days=UPDATE_INTERVAL_DAYS)))
    if facts.state == CaseState.OUTCOME_DETERMINED and facts.outcome_determined_on:
        found.append(
            Deadline(
                DeadlineKind.OUTCOME_LETTER,
                workdays.add(facts.outcome_determined_on, OUTCOME_LETTER_WORKING_DAYS),
            )
        )
    if facts.state == CaseState.OUTCOME_NOTIFIED and facts.outcome_notified_on:
        found.append(
            Deadline(DeadlineKind.REVIEW_WINDOW, review_deadline_from(facts.outcome_notified_on))
        )
    return found


def first_contact_due(received_on: dt.date, target_days: int) -> dt.date:
    """First contact: ``target_days`` working days after receipt, always a working day
    (a target of none on a complaint received at the weekend falls due the next one)."""
    due = workdays.add(received_on, target_days)
    while not workdays.is_working_day(due):
        due += dt.timedelta(days=1)
    return due


def review_deadline_from(notified_on: dt.date) -> dt.date:
    """The last day to apply for a review: 28 days counted from the day after notification."""
    return notified_on + dt.timedelta(days=REVIEW_WINDOW_DAYS)


def investigation_report_due(received_on: dt.date, reports_sent: int = 0) -> dt.date:
    """The next report to the OPCC and IOPC: 12 months after receipt, then every 6 months."""
    return add_months(received_on, FIRST_REPORT_MONTHS + LATER_REPORT_MONTHS * reports_sent)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or that month's last day (29 February -> 28 February)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_deadline(case: Case) -> Deadline | None:
    deadlines = compute(facts_of(case))
    return deadlines[0] if deadlines else None


def refresh(case: Case) -> None:
    """Store the earliest deadline on the case so that queues can sort and filter by it."""
    deadline = next_deadline(case)
    case.next_deadline_on = deadline.due_on if deadline else None
    case.next_deadline_kind = deadline.kind if deadline else None


def urgency(due_on: dt.date, today: dt.date) -> str:
    """'overdue' once the day has passed; 'due_soon' from DUE_SOON_WORKING_DAYS working days
    before it (the same count ``deadline_phrase`` shows) through the day itself; else 'later'.
    """
    if due_on < today:
        return "overdue"
    if workdays.between(today, due_on) <= DUE_SOON_WORKING_DAYS:
        return "due_soon"
    return "later"


def report_name(number: int) -> str:
    """What people call report ``number``: the 12-month report, then the 18-month one..."""
    return f"{FIRST_REPORT_MONTHS + LATER_REPORT_MONTHS * (number - 1)}-month report"
