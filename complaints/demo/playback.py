"""Playing the plans: each case logged and its steps taken, in the order they happened.

Cases are played in the order they were logged, and changes of identity are applied as
the calendar passes them, so that each case keeps the collar number or name its subject
had at the time, as a real case file would.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from complaints.cases import services as casework
from complaints.cases.models import Case
from complaints.common.clock import london_date
from complaints.demo import chance
from complaints.demo.intake import UNIDENTIFIED
from complaints.subjects import services as subjects
from complaints.subjects.models import Subject, SubjectKind

if TYPE_CHECKING:
    from complaints.demo.people import IdentityChange
    from complaints.demo.plans import Plan
    from complaints.demo.world import World


def play(world: World, plans: list[Plan], progress: Callable[[int], None] | None) -> None:
    """Log each case and take its steps, in the order cases were logged.

    Changes of subject identity are applied as the calendar passes them, so a case
    keeps the collar number or name its subject had when it was logged.
    """
    pending = deque(world.identity_changes)
    for plan in plans:
        while pending and pending[0].on <= london_date(plan.logged_at):
            _change_identity(world, pending.popleft())
        case = _log(world, plan)
        for step in sorted(plan.steps, key=lambda s: s.at):
            step.run(world, case, step.at)
        if progress is not None:
            progress(1)
    for change in pending:
        _change_identity(world, change)


def _change_identity(world: World, change: IdentityChange) -> None:
    """Recorded by the system in office hours on the day the change takes effect."""
    now = chance.moment(change.on, world.rng)
    subject = world.session.get(Subject, change.subject_id)
    subjects.change_identity(
        world.session, world.system, subject, change.details, on=change.on, now=now
    )


def _log(world: World, plan: Plan) -> Case:
    new_case = plan.new_case
    if UNIDENTIFIED in new_case.subject_ids:
        new_case = _with_unidentified_subject(world, plan)
    actor = world.act(plan.author, plan.logged_at)
    return casework.log_case(world.session, actor, new_case, plan.logged_at)


def _with_unidentified_subject(world: World, plan: Plan) -> casework.NewCase:
    """Make the 'unidentified officer' the complaint is about, and name them on the case."""
    new_case = plan.new_case
    subject = subjects.add_subject(
        world.session,
        world.act(plan.author, plan.logged_at),
        subjects.NewSubject(
            SubjectKind.UNIDENTIFIED,
            subjects.IdentityDetails(division_id=new_case.division_id),
            force_id=plan.force.id,
        ),
        plan.logged_at,
        since=new_case.incident_on or new_case.received_on,
    )

    def named(ids: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(subject.id if i == UNIDENTIFIED else i for i in ids)

    return replace(
        new_case,
        subject_ids=named(new_case.subject_ids),
        allegations=tuple(
            replace(a, subject_ids=named(a.subject_ids)) for a in new_case.allegations
        ),
    )
