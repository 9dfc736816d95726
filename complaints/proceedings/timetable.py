"""The deadlines the Conduct Regulations set a subject's notices and proceedings, shown
beside them so the appropriate authority sees what is due and what is late."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from complaints.common import workdays
from complaints.common.clock import london_today
from complaints.investigations.models import ConductOutcome, Proceedings
from complaints.investigations.notices import response_due
from complaints.proceedings.models import MisconductProceeding

REFERRAL_RESPONSE_WORKING_DAYS = 15  # reg 31(1)
MEETING_WITHIN_WORKING_DAYS = 20  # reg 34; the person conducting it may extend it
PUBLIC_NOTICE_WORKING_DAYS = 5  # reg 36: a hearing is notified at least this long before


@dataclass(frozen=True)
class Due:
    label: str
    due_on: dt.date
    done_on: dt.date | None

    def late(self, today: dt.date | None = None) -> bool:
        """Done after it was due, or not done and now overdue."""
        return (self.done_on or today or london_today()) > self.due_on


def timetable(outcome: ConductOutcome | None, proceeding: MisconductProceeding | None) -> list[Due]:
    """What was due when, and when it was done, in the order the regulations take them."""
    if outcome is None:
        return []
    items = []
    if outcome.regulation_17_served_on is not None:
        items.append(
            Due(
                "The officer's response to the Regulation 17 notice (reg 18)",
                response_due(outcome.regulation_17_served_on),
                outcome.regulation_17_response_on,
            )
        )
    if proceeding is None:
        return items
    referred = proceeding.referred_on
    items.append(
        Due(
            "The officer's response to the notice of referral (reg 31)",
            workdays.add(referred, REFERRAL_RESPONSE_WORKING_DAYS),
            proceeding.officer_response_on,
        )
    )
    held = proceeding.scheduled_on if outcome.finding is not None else None
    if outcome.proceedings == Proceedings.MEETING:
        items.append(
            Due(
                "The misconduct meeting held (reg 34, unless extended)",
                workdays.add(referred, MEETING_WITHIN_WORKING_DAYS),
                held,
            )
        )
    elif proceeding.scheduled_on is not None:
        items.append(
            Due(
                "The hearing publicly notified (reg 36)",
                workdays.add(proceeding.scheduled_on, -PUBLIC_NOTICE_WORKING_DAYS),
                proceeding.publicly_notified_on,
            )
        )
    return items
