"""Every (state, step, role) of a complaint: open exactly as domain.md A2 says.

SPEC is written from A2's table by hand, not derived from the workflow table, so a
change to either that disagrees with the other fails here.
"""

from __future__ import annotations

import pytest

from complaints.auth.roles import Role
from complaints.cases import workflow
from complaints.cases.choices import CaseState
from tests import factories

S, R = CaseState, Role
AA, HANDLER, INVESTIGATOR, REVIEWER = (
    R.APPROPRIATE_AUTHORITY,
    R.HANDLER,
    R.INVESTIGATOR,
    R.OPCC_REVIEWER,
)

# step -> (states it leaves from, roles that may take it)
SPEC = {
    "record": ({S.LOGGED, S.INITIAL_HANDLING}, {AA, HANDLER}),
    "handle_outside_schedule_3": ({S.LOGGED}, {HANDLER}),
    "resolve": ({S.INITIAL_HANDLING}, {HANDLER}),
    "withdraw": (
        {
            S.LOGGED,
            S.INITIAL_HANDLING,
            S.RECORDED,
            S.REFERRED,
            S.HANDLING,
            S.INVESTIGATION,
            S.SUSPENDED,
            S.AWAITING_DECISION,
        },
        {HANDLER, AA},
    ),
    "refer_to_iopc": ({S.RECORDED}, {AA}),
    "iopc_returned": ({S.REFERRED}, {AA}),
    "iopc_investigation": ({S.REFERRED}, {AA}),
    "handle_without_investigation": ({S.RECORDED}, {AA}),
    "start_investigation": ({S.RECORDED}, {AA}),
    "suspend": ({S.INVESTIGATION}, {AA}),
    "resume": ({S.SUSPENDED}, {AA}),
    "submit_report": ({S.INVESTIGATION}, {INVESTIGATOR}),
    "determine_outcome": ({S.HANDLING, S.AWAITING_DECISION}, {AA}),
    "notify_outcome": ({S.OUTCOME_DETERMINED}, {HANDLER}),
    "apply_for_review": ({S.OUTCOME_NOTIFIED}, {HANDLER, REVIEWER}),
    "finalise": ({S.OUTCOME_NOTIFIED}, {HANDLER, AA}),
    # The OPCC decides its reviews; the AA records the IOPC's (a guard picks by body).
    "decide_review": ({S.UNDER_REVIEW}, {REVIEWER, AA}),
    "reopen": ({S.FINALISED}, {AA}),
    "close_matter": (set(), set()),  # conduct and DSI matters only
}


def test_the_spec_covers_every_step():
    assert set(SPEC) == set(workflow.TRANSITIONS)


@pytest.mark.parametrize("state", list(CaseState), ids=lambda s: s.value)
def test_every_step_for_every_role_from_this_state(db, state):
    people = {role: factories.user(db, role) for role in Role}
    case = factories.complaint_in_state(
        db, state, handler=people[HANDLER], aa=people[AA], investigator=people[INVESTIGATOR]
    )
    assert case.state == state  # every state is reachable through the workflow
    wrong = []
    for name, transition in workflow.TRANSITIONS.items():
        sources, roles = SPEC[name]
        for role, user in people.items():
            expected = state in sources and role in roles
            actual = workflow.permitted(case, transition, factories.actor_for(user)) is None
            if actual != expected:
                wrong.append(f"{name} by {role.value}: {'open' if actual else 'closed'}")
    assert not wrong, "\n".join(wrong)


def test_a_handler_works_only_their_own_cases(db):
    mine, theirs = factories.user(db, HANDLER), factories.user(db, HANDLER)
    case = factories.complaint(db, handler=theirs)
    step = workflow.TRANSITIONS["handle_outside_schedule_3"]
    assert "permission" in workflow.permitted(case, step, factories.actor_for(mine))
    assert workflow.permitted(case, step, factories.actor_for(theirs)) is None
