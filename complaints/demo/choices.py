"""The draws that decide a case's route, and who works it.

They are drawn once per case and kept, so that a plan can be pinned into a state the
random draw left short (``STATE_PINS``) and redrawn without touching the rest of the
case; and who works a case is fixed up front, so every step of one case is taken by the
same handler, appropriate authority and investigator.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from complaints.auth.models import User
from complaints.auth.roles import Role
from complaints.cases.choices import CaseState, CaseType
from complaints.demo import chance
from complaints.demo.tuning import (
    COMPLAINT_ROUTE_WEIGHTS,
    CONDUCT_ROUTE_WEIGHTS,
    CONTACT_NOT_POSSIBLE_SHARE,
    DISSATISFIED_SHARE,
    IOPC_MODE_WEIGHTS,
    IOPC_RETURNED_SHARE,
    REOPEN_SHARE,
    REVIEW_SHARE,
    REVIEW_UPHELD_SHARE,
    SUSPENSION_SHARE,
    WITHDRAWAL_STAGE_WEIGHTS,
    Route,
)
from complaints.investigations.models import InvestigationMode
from complaints.reviews.models import ReviewOutcome

if TYPE_CHECKING:
    from complaints.demo.forces import DemoForce
    from complaints.demo.world import World


@dataclass(frozen=True)
class Choices:
    """The draws that decide a case's route; pinned to steer a case into a given state."""

    case_type: CaseType
    route: Route
    dissatisfied: bool = False
    iopc_returned: bool = False
    iopc_mode: InvestigationMode = InvestigationMode.LOCAL
    investigate_after_return: bool = False
    suspended: bool = False
    review: ReviewOutcome | None = None
    reopened: bool = False
    withdrawn_from: CaseState = CaseState.LOGGED
    about_chief: bool = False
    restricted: bool = False
    unreachable: bool = False  # see contact_not_possible

    @property
    def contact_not_possible(self) -> bool:
        """A complainant nobody could reach, on a route that needs nothing more from them.

        Withdrawing takes their signed notice and asking for recording after initial
        handling takes their word, so those routes keep a complainant who answered.
        """
        if self.case_type != CaseType.COMPLAINT or not self.unreachable:
            return False
        if self.route == Route.OUTSIDE_SCHEDULE_3:
            return not self.dissatisfied
        return self.route != Route.WITHDRAWN


def draw_choices(rng: random.Random, case_type: CaseType) -> Choices:
    routes = {
        CaseType.COMPLAINT: COMPLAINT_ROUTE_WEIGHTS,
        CaseType.CONDUCT_MATTER: CONDUCT_ROUTE_WEIGHTS,
        CaseType.DSI_MATTER: {Route.DSI: 1},
    }[case_type]
    route = chance.weighted(rng, routes)
    reviewed = rng.random() < REVIEW_SHARE
    upheld = rng.random() < REVIEW_UPHELD_SHARE
    return Choices(
        case_type=case_type,
        route=route,
        dissatisfied=rng.random() < DISSATISFIED_SHARE,
        iopc_returned=rng.random() < IOPC_RETURNED_SHARE,
        iopc_mode=chance.weighted(rng, IOPC_MODE_WEIGHTS),
        investigate_after_return=rng.random() < 0.5,
        suspended=rng.random() < SUSPENSION_SHARE,
        review=(ReviewOutcome.UPHELD if upheld else ReviewOutcome.NOT_UPHELD) if reviewed else None,
        reopened=rng.random() < REOPEN_SHARE,
        withdrawn_from=chance.weighted(rng, WITHDRAWAL_STAGE_WEIGHTS),
        unreachable=rng.random() < CONTACT_NOT_POSSIBLE_SHARE,
    )


# The choices that steer a complaint into each state (see plans._cover_every_state).
STATE_PINS: dict[CaseState, dict[str, Any]] = {
    CaseState.LOGGED: {"route": Route.OUTSIDE_SCHEDULE_3},
    CaseState.INITIAL_HANDLING: {"route": Route.OUTSIDE_SCHEDULE_3, "dissatisfied": False},
    CaseState.RECORDED: {"route": Route.OTHERWISE},
    CaseState.REFERRED: {"route": Route.IOPC},
    CaseState.HANDLING: {"route": Route.OTHERWISE},
    CaseState.INVESTIGATION: {"route": Route.INVESTIGATION, "suspended": False},
    CaseState.SUSPENDED: {"route": Route.INVESTIGATION, "suspended": True},
    CaseState.AWAITING_DECISION: {"route": Route.INVESTIGATION},
    CaseState.OUTCOME_DETERMINED: {"route": Route.OTHERWISE},
    CaseState.OUTCOME_NOTIFIED: {"route": Route.OTHERWISE, "review": None},
    CaseState.UNDER_REVIEW: {
        "route": Route.OTHERWISE,
        "review": ReviewOutcome.NOT_UPHELD,
        "unreachable": False,
    },
    CaseState.FINALISED: {"route": Route.OUTSIDE_SCHEDULE_3, "dissatisfied": False},
    CaseState.WITHDRAWN: {"route": Route.WITHDRAWN},
}


@dataclass(frozen=True)
class Cast:
    handler: User  # handler's steps; the OPCC reviewer when the PCC is the AA
    aa: User  # appropriate authority's steps; likewise
    investigator: User
    reviewer: User
    pcc: bool  # a complaint about the chief constable: the OPCC acts for the PCC


def draw_cast(world: World, force: DemoForce, ch: Choices, division_id: int | None) -> Cast:
    """The force's own OPCC reviewer, and an appropriate authority who decides for it."""
    rng, staff = world.rng, world.staff
    reviewer = staff.pick(rng, Role.OPCC_REVIEWER, force_id=force.id)
    investigator = staff.pick(rng, Role.INVESTIGATOR, division_id, force_id=force.id)
    if ch.about_chief:
        outside = staff.outside_investigator()
        return Cast(reviewer, reviewer, outside, reviewer, pcc=True)
    handler = staff.pick(rng, Role.HANDLER, division_id, force_id=force.id)
    aa = staff.pick(rng, Role.APPROPRIATE_AUTHORITY, force_id=force.id)
    return Cast(handler, aa, investigator, reviewer, pcc=False)
