"""The OPCC's side of the demo forces: reviews taken, reports on long investigations, and
a dip sample under way in each force, so that each OPCC page has something to show on the
first visit, whichever force's OPCC signs in."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases.choices import INVESTIGATION_STATES
from complaints.cases.models import Case
from complaints.investigations import twelve_month
from complaints.oversight import sampling
from complaints.oversight.models import CHECKLIST, Answer, SampleMethod
from complaints.reviews.models import Review, ReviewBody
from complaints.reviews.services import take_review

if TYPE_CHECKING:
    from complaints.demo.forces import DemoForce
    from complaints.demo.world import World

SHARE_OF_REPORTS_SENT = 0.8  # the rest stay overdue, for the due list to show
SAMPLE_SEED = 2026
SAMPLE_SIZE = 12
CHECKLISTS_DONE = 4


def add_oversight(world: World) -> None:
    now = world.horizon - dt.timedelta(hours=8)
    for force in world.forces:
        _take_reviews(world, force, now)
    _send_long_investigation_reports(world, now)
    for force in world.forces:
        _draw_a_sample(world, force, now)


def _take_reviews(world: World, force: DemoForce, now: dt.datetime) -> None:
    """Half of each force's open OPCC reviews are with its reviewers, oldest first."""
    reviewers = world.staff.of(Role.OPCC_REVIEWER, force.id)
    waiting = world.session.scalars(
        select(Review)
        .join(Case, Review.case_id == Case.id)
        .where(
            Case.force_id == force.id,
            Review.body == ReviewBody.OPCC,
            Review.valid.is_(True),
            Review.decided_on.is_(None),
            Review.reviewer_id.is_(None),
        )
        .order_by(Review.received_on, Review.id)
    ).all()
    for index, review in enumerate(waiting[::2]):
        reviewer = reviewers[index % len(reviewers)]
        take_review(world.session, world.act(reviewer, now), review, now)


def _send_long_investigation_reports(world: World, now: dt.datetime) -> None:
    """Most reports due on investigations open a year or more were sent on time."""
    session, rng = world.session, world.rng
    cases = session.scalars(
        select(Case)
        .where(
            Case.state.in_(INVESTIGATION_STATES),
            Case.restricted.is_(False),
            Case.decision_maker_id.is_not(None),
        )
        .order_by(Case.id)
    ).all()
    for case in cases:
        aa = world.act(case.decision_maker, now)
        while (due := twelve_month.next_report(case)) and due.due_on <= world.today:
            if rng.random() > SHARE_OF_REPORTS_SENT:
                break
            sent_on = min(world.today, due.due_on - dt.timedelta(days=rng.randint(0, 10)))
            data = twelve_month.ReportSent(
                sent_on=sent_on,
                progress="Enquiries continue; witness statements and the officers' accounts "
                "are being gathered. The next review of progress is in six weeks.",
                sent_to_iopc=True,
                sent_to_opcc=True,
            )
            twelve_month.record_report(session, aa, case, data, now)


def _draw_a_sample(world: World, force: DemoForce, now: dt.datetime) -> None:
    """Last quarter's dip sample, drawn and partly reviewed by the OPCC's oversight lead."""
    session = world.session
    lead = world.staff.of(Role.OPCC_OVERSIGHT, force.id)[0]
    actor = world.act(lead, now)
    quarter_end = world.today.replace(day=1) - dt.timedelta(days=1)
    quarter_start = (quarter_end.replace(day=1) - dt.timedelta(days=62)).replace(day=1)
    data = sampling.DrawData(
        period_from=quarter_start,
        period_to=quarter_end,
        method=SampleMethod.SIZE,
        size=SAMPLE_SIZE,
        stratified=True,
        seed=SAMPLE_SEED,
    )
    try:
        sample = sampling.draw_sample(session, actor, data, now)
    except sampling.SampleError:
        return  # too few finalised cases in a small demo
    for row in sample.cases[:CHECKLISTS_DONE]:
        answers = {column: Answer.YES for column, _ in CHECKLIST}
        sampling.save_checklist(session, actor, row, sampling.ChecklistData(answers=answers), now)
