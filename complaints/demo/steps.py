"""Steps of a planned case: each runs one service call as the person who takes it.

A step is planned long before the case exists in the database, so it is a closure over
who acts and with what, called later with the case and the moment; going through the
services and ``workflow.apply`` keeps seeded cases to the same rules and audit trail as
real ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from complaints.auth.models import User
from complaints.cases import services as casework
from complaints.cases import workflow
from complaints.cases.choices import AllegationResult, ContactMethod, ContactPurpose
from complaints.cases.models import Case
from complaints.common.clock import london_date
from complaints.demo.wording import Taken
from complaints.demo.world import World

Runner = Callable[[World, Case, dt.datetime], None]


def transition(user: User, name: str, data: dict[str, Any]) -> Runner:
    def run(world: World, case: Case, at: dt.datetime) -> None:
        workflow.apply(world.session, world.act(user, at), case, name, data, at)

    return run


def contact(
    user: User,
    purpose: ContactPurpose,
    method: ContactMethod,
    summary: str | None = None,
    wishes: str | None = None,
) -> Runner:
    def run(world: World, case: Case, at: dt.datetime) -> None:
        data = casework.ContactData(london_date(at), method, purpose, summary, wishes)
        casework.record_contact(world.session, world.act(user, at), case, data, at)

    return run


def contact_not_possible(user: User, reason: str) -> Runner:
    def run(world: World, case: Case, at: dt.datetime) -> None:
        casework.record_contact_not_possible(world.session, world.act(user, at), case, reason, at)

    return run


def results(user: User, results: Sequence[tuple[AllegationResult, Taken | None]]) -> Runner:
    def run(world: World, case: Case, at: dt.datetime) -> None:
        actor = world.act(user, at)
        for allegation, (result, taken) in zip(case.allegations, results, strict=True):
            codes, note = taken or ((), None)
            casework.set_allegation_result(
                world.session, actor, allegation, result, at, codes, note
            )

    return run


def assign_decision_maker(aa: User) -> Runner:
    def run(world: World, case: Case, at: dt.datetime) -> None:
        casework.assign(world.session, world.act(aa, at), case, at, decision_maker=aa)

    return run


def restrict(aa: User, reason: str, grantees: Sequence[User]) -> Runner:
    def run(world: World, case: Case, at: dt.datetime) -> None:
        actor = world.act(aa, at)
        casework.restrict(world.session, actor, case, reason, at)
        for user in grantees:
            casework.grant_access(world.session, actor, case, user, "Case team", at)

    return run


def grant(aa: User, user: User, reason: str) -> Runner:
    def run(world: World, case: Case, at: dt.datetime) -> None:
        casework.grant_access(world.session, world.act(aa, at), case, user, reason, at)

    return run


def note(user: User, body: str) -> Runner:
    def run(world: World, case: Case, at: dt.datetime) -> None:
        casework.add_note(world.session, world.act(user, at), case, body, at)

    return run
