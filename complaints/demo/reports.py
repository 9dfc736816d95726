"""The demo's board report: last month's, signed off and published, so that a board member
has a report to read on first sign-in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from complaints.auth.roles import Role
from complaints.forces.models import Force
from complaints.reports import signoff
from complaints.reports.generation import PageMaker
from complaints.reports.models import CommentaryVoice
from complaints.reports.periods import last_complete_month
from complaints.reports.tables import ReportSettings

if TYPE_CHECKING:
    from complaints.demo.world import World

COMMENTARY = {
    (signoff.SUMMARY, CommentaryVoice.FORCE): (
        "The department has looked at each measure outside target. Where contact with "
        "complainants was slower, handlers have been moved from the logging desk to "
        "first contact for the coming month.\n\n"
        "Investigations open for more than a year are reviewed by the head of department "
        "each fortnight."
    ),
    (signoff.SUMMARY, CommentaryVoice.OPCC): (
        "The Commissioner's office will ask at the next board for a plan to bring the "
        "measures rated red back within target, with dates."
    ),
    ("timeliness", CommentaryVoice.FORCE): (
        "Times to log stay within target. Times to finalise reflect a small number of "
        "complex investigations closed this month."
    ),
    ("learning", CommentaryVoice.OPCC): (
        "Overdue learning has been raised with the force; the office will follow it up "
        "through the learning register."
    ),
}


def publish_last_month(
    world: World, files_dir: str | Path, threshold: int, page: PageMaker | None = None
) -> None:
    """The first force's report for the last complete month: a draft, commentary from the
    appropriate authority and OPCC oversight, then approved and published, with each
    version's web page kept as approval keeps it when ``page`` is given (the command line
    gives the pages' own maker, so a board member's first view is the report as approved)."""
    force = world.forces[0]
    session = world.session
    now = world.horizon - dt.timedelta(hours=6)
    by_voice = {
        CommentaryVoice.FORCE: world.staff.of(Role.APPROPRIATE_AUTHORITY, force.id)[0],
        CommentaryVoice.OPCC: world.staff.of(Role.OPCC_OVERSIGHT, force.id)[0],
    }
    month = last_complete_month(now)
    report = signoff.start_report(
        session, world.act(by_voice[CommentaryVoice.FORCE], now), month, force.id, now
    )
    for item in report.commentaries:
        text = COMMENTARY.get((item.section, item.voice))
        if text:
            signoff.write_commentary(session, world.act(by_voice[item.voice], now), item, text, now)
    settings = ReportSettings.for_forces(
        [session.get(Force, force.id)], {"REPORT_SMALL_COUNT_THRESHOLD": threshold}
    )
    signoff.approve_report(
        session,
        world.act(by_voice[CommentaryVoice.OPCC], now),
        report,
        now,
        settings,
        files_dir,
        page=page,
    )
