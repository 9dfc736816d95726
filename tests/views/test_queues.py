"""The work queues: each shows exactly its own open cases, soonest deadline first."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases import deadlines, queues, workflow
from complaints.cases import services as casework
from complaints.cases.choices import AllegationResult, CaseState, CaseType
from complaints.common.audit_model import AuditEvent
from complaints.common.clock import london_today
from complaints.investigations.services import ConductOutcomeData, record_conduct_outcome
from tests import factories
from tests.conftest import sign_in


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC)


def _due_on(day: dt.date) -> dt.datetime:
    """When to record a case so that its next deadline (the first update) falls on ``day``."""
    return _at(day - dt.timedelta(days=deadlines.UPDATE_INTERVAL_DAYS))


def _settle(db, *cases):
    for case in cases:
        deadlines.refresh(case)
    db.commit()


def _shown(page: str, cases: dict) -> list[str]:
    """The names of the cases listed on a page, in the order they appear."""
    found = {name: page.find(f'href="/cases/{case.id}"') for name, case in cases.items()}
    return sorted((name for name, at in found.items() if at >= 0), key=found.get)


def _get(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


@pytest.fixture()
def office(db, make_user):
    """Two handlers, two decision makers, two investigators and their open and closed cases."""
    people = {
        "hana": make_user(Role.HANDLER, name="Hana Handler"),
        "otto": make_user(Role.HANDLER, name="Otto Other"),
        "alma": make_user(Role.APPROPRIATE_AUTHORITY, name="Alma Authority"),
        "abel": make_user(Role.APPROPRIATE_AUTHORITY, name="Abel Authority"),
        # Takes the cases' first decisions, so becomes the decision maker of those not
        # assigned to Alma.
        "ada": make_user(Role.APPROPRIATE_AUTHORITY, name="Ada Authority"),
        "ivy": make_user(Role.INVESTIGATOR, name="Ivy Investigator"),
        "ian": make_user(Role.INVESTIGATOR, name="Ian Investigator"),
    }
    hana, otto, alma = people["hana"], people["otto"], people["alma"]
    today = london_today()  # read per test: a run may cross midnight

    def drive(state, handler, *, due=None, investigator=None):
        now = _due_on(due) if due else _at(today)
        return factories.complaint_in_state(
            db, state, handler=handler, aa=people["ada"], investigator=investigator, now=now
        )

    def contacted(case):
        """First contact made: a logged complaint then waits on no deadline."""
        factories.contact(db, case)
        return case

    cases = {
        "logged": contacted(factories.complaint(db, handler=hana)),  # no deadline yet
        "soon": drive(CaseState.RECORDED, hana, due=today + dt.timedelta(days=1)),
        "later": drive(CaseState.RECORDED, hana, due=today + dt.timedelta(days=20)),
        "overdue": drive(CaseState.HANDLING, otto, due=today - dt.timedelta(days=9)),
        "investigated": drive(CaseState.INVESTIGATION, otto, investigator=people["ivy"]),
        "closed": drive(CaseState.FINALISED, hana),
        "unassigned": contacted(factories.complaint(db)),
        "hidden": drive(CaseState.RECORDED, otto, due=today),
    }
    aa = factories.actor_for(alma)
    for name in ("soon", "overdue", "closed"):
        casework.assign(db, aa, cases[name], factories.NOW, decision_maker=alma)
    casework.restrict(db, aa, cases["hidden"], "Counter-corruption material", factories.NOW)
    _settle(db, *cases.values())
    return people, cases


def test_handler_sees_their_own_open_cases_soonest_deadline_first(client, office):
    people, cases = office
    sign_in(client, people["hana"].email)
    page = _get(client, "/queues/mine")
    assert _shown(page, cases) == ["soon", "later", "logged"]
    assert "Showing 1 to 3 of 3 cases" in page


def test_no_deadline_comes_last_whichever_way_the_deadline_is_sorted(client, office):
    people, cases = office
    sign_in(client, people["hana"].email)
    page = _get(client, "/queues/mine?sort=deadline&order=desc")
    assert _shown(page, cases) == ["later", "soon", "logged"]


def test_queue_sorts_by_received_date_and_reference_from_the_url(client, office):
    people, cases = office
    sign_in(client, people["hana"].email)
    mine = [cases[n] for n in ("soon", "later", "logged")]
    by_received = sorted(mine, key=lambda c: (c.received_on, c.id))
    page = _get(client, "/queues/mine?sort=received")
    assert [c for c in sorted(mine, key=lambda c: page.find(c.reference))] == by_received
    page = _get(client, "/queues/mine?sort=reference&order=desc")
    order = sorted(mine, key=lambda c: page.find(f'href="/cases/{c.id}"'))
    assert [c.reference for c in order] == sorted((c.reference for c in mine), reverse=True)
    assert 'aria-sort="descending"' in page


def test_investigator_sees_only_investigations_assigned_to_them(client, office):
    people, cases = office
    sign_in(client, people["ivy"].email)
    assert _shown(_get(client, "/queues/mine"), cases) == ["investigated"]
    client.post("/sign-out")
    sign_in(client, people["ian"].email)
    assert _shown(_get(client, "/queues/mine"), cases) == []


def test_appropriate_authority_sees_cases_they_decide(client, office):
    people, cases = office
    sign_in(client, people["alma"].email)
    page = _get(client, "/queues/mine")
    assert _shown(page, cases) == ["overdue", "soon"]
    assert "Cases you are the decision maker for" in page


def test_team_queue_lists_every_open_case_the_user_can_see(client, office):
    people, cases = office
    sign_in(client, people["hana"].email)
    page = _get(client, "/queues/team")
    assert set(_shown(page, cases)) == {
        "logged",
        "soon",
        "later",
        "overdue",
        "investigated",
        "unassigned",
    }
    assert _shown(page, cases)[0] == "overdue"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("handler={otto}", {"overdue", "investigated"}),
        ("handler=unassigned", {"unassigned"}),
        ("state=recorded", {"soon", "later"}),
        ("handler={hana}&state=logged", {"logged"}),
    ],
)
def test_team_queue_filters_by_handler_and_state(client, office, query, expected):
    people, cases = office
    sign_in(client, people["abel"].email)
    url = "/queues/team?" + query.format(otto=people["otto"].id, hana=people["hana"].id)
    assert set(_shown(_get(client, url), cases)) == expected


def test_team_filter_keeps_its_state_in_the_links(client, office, app):
    app.config["PAGE_SIZE"] = 1
    people, _ = office
    sign_in(client, people["abel"].email)
    page = _get(client, f"/queues/team?handler={people['otto'].id}&sort=received")
    assert "Showing 1 to 1 of 2 cases" in page
    next_link = re.search(r'href="([^"]*page=2[^"]*)"', page).group(1).replace("&amp;", "&")
    assert f"handler={people['otto'].id}" in next_link and "sort=received" in next_link
    assert "Showing 2 to 2 of 2 cases" in _get(client, next_link)


@pytest.mark.parametrize(
    "query, message",
    [("handler=999999", "Choose a handler from the list"), ("state=finalised", "Choose state")],
)
def test_bad_team_filter_is_explained_not_a_500(client, office, query, message):
    people, cases = office
    sign_in(client, people["abel"].email)
    page = _get(client, "/queues/team?" + query, status=400)
    assert "There is a problem" in page and message in page
    assert "overdue" in _shown(page, cases)  # the queue still shows, unfiltered


def test_restricted_case_is_absent_for_anyone_not_named_on_it(client, office):
    people, cases = office
    for who in ("hana", "abel"):
        sign_in(client, people[who].email)
        for url in ("/queues/mine", "/queues/team", "/queues/due?who=all"):
            assert "hidden" not in _shown(_get(client, url), cases), (who, url)
        client.post("/sign-out")
    sign_in(client, people["abel"].email)
    assert "hidden" not in _shown(_get(client, "/queues/decisions"), cases)
    client.post("/sign-out")
    sign_in(client, people["alma"].email)  # named on it: she restricted it
    assert "hidden" in _shown(_get(client, "/queues/decisions"), cases)
    client.post("/sign-out")
    sign_in(client, people["otto"].email)  # the handler is named on it
    assert "hidden" in _shown(_get(client, "/queues/team"), cases)


@pytest.mark.parametrize(
    "role, url",
    [
        (Role.ADMIN, "/queues/mine"),
        (Role.OPCC_OVERSIGHT, "/queues/due"),
        (Role.INVESTIGATOR, "/queues/team"),
        (Role.HANDLER, "/queues/decisions"),
        (Role.BOARD_MEMBER, "/queues/mine"),
    ],
)
def test_roles_without_the_queue_are_refused(client, login_as, role, url):
    login_as(role)
    assert client.get(url).status_code == 403


# Decisions waiting. --------------------------------------------------------------------


@pytest.fixture()
def decisions(db, make_user):
    handler = make_user(Role.HANDLER)
    aa = make_user(Role.APPROPRIATE_AUTHORITY)
    investigator = make_user(Role.INVESTIGATOR)
    a = factories.actor_for(aa)

    def drive(state):
        return factories.complaint_in_state(
            db, state, handler=handler, aa=aa, investigator=investigator
        )

    cases = {name: drive(state) for name, state in _DECISION_STATES.items()}
    for allegation in cases["handling_done"].allegations:
        casework.set_allegation_result(
            db, a, allegation, AllegationResult.SERVICE_NOT_ACCEPTABLE, factories.NOW
        )
    notified = drive(CaseState.OUTCOME_NOTIFIED)
    workflow.apply(
        db,
        factories.actor_for(handler),
        notified,
        "apply_for_review",
        {"body": "iopc", "routing_reason": "Above chief superintendent"},
        factories.NOW,
    )
    cases["iopc_review"] = notified

    def conduct_matter(decided: bool, determined: bool = False):
        matter = factories.matter(db, CaseType.CONDUCT_MATTER)
        workflow.apply(db, a, matter, "handle_without_investigation", {}, factories.NOW)
        if decided:
            record_conduct_outcome(
                db,
                a,
                matter,
                matter.subjects[0].id,
                ConductOutcomeData(rprp=True, decided_on=factories.NOW.date()),
                factories.NOW,
            )
        if determined:
            workflow.apply(db, a, matter, "determine_outcome", {}, factories.NOW)
        return matter

    cases["conduct_handling"] = conduct_matter(decided=False)
    cases["conduct_decided"] = conduct_matter(decided=True)
    cases["conduct_determined"] = conduct_matter(decided=True, determined=True)
    _settle(db, *cases.values())
    return aa, cases


_DECISION_STATES = {
    "recorded": CaseState.RECORDED,
    "referred": CaseState.REFERRED,
    "awaiting": CaseState.AWAITING_DECISION,
    "handling_done": CaseState.HANDLING,
    "handling": CaseState.HANDLING,
    "logged": CaseState.LOGGED,
    "investigation": CaseState.INVESTIGATION,
    "suspended": CaseState.SUSPENDED,
    "determined": CaseState.OUTCOME_DETERMINED,
    "notified": CaseState.OUTCOME_NOTIFIED,
    "opcc_review": CaseState.UNDER_REVIEW,
    "finalised": CaseState.FINALISED,
}
WAITING = {
    "recorded",
    "referred",
    "awaiting",
    "handling_done",
    "iopc_review",
    "conduct_decided",
    "conduct_determined",
}


def test_decisions_queue_holds_exactly_the_cases_waiting_for_the_authority(client, decisions):
    aa, cases = decisions
    sign_in(client, aa.email)
    page = _get(client, "/queues/decisions")
    assert set(_shown(page, cases)) == WAITING
    assert f"Showing 1 to {len(WAITING)} of {len(WAITING)} cases" in page


def test_home_page_and_decisions_queue_agree(client, decisions):
    aa, cases = decisions
    sign_in(client, aa.email)
    home = _get(client, "/")
    assert set(_shown(home, cases)) == WAITING
    assert f"Decisions waiting ({len(WAITING)})" in home


# Deadlines due soon. -------------------------------------------------------------------


def test_due_queue_lists_overdue_and_due_soon_for_my_cases(client, office):
    people, cases = office
    sign_in(client, people["hana"].email)
    page = _get(client, "/queues/due")
    assert _shown(page, cases) == ["soon"]
    client.post("/sign-out")
    sign_in(client, people["otto"].email)
    page = _get(client, "/queues/due")
    assert _shown(page, cases) == ["overdue", "hidden"]
    row = page[page.index(cases["overdue"].reference) :]
    row = row[: row.index("</tr>")]
    assert "Overdue" in row and "working days overdue" in row
    assert "Complainant update due" in row


def test_due_queue_for_everyone_i_can_see(client, office):
    people, cases = office
    sign_in(client, people["hana"].email)
    page = _get(client, "/queues/due?who=all")
    assert _shown(page, cases) == ["overdue", "soon"]
    soon_row = page[page.index(cases["soon"].reference) :]
    assert "Due soon" in soon_row[: soon_row.index("</tr>")]
    figures = re.findall(r'<dd class="govuk-heading-l govuk-!-margin-bottom-0">(\d+)</dd>', page)
    assert figures == ["1", "1"]  # overdue, due soon


def _case_due(db, handler, aa, due: dt.date):
    case = factories.complaint_in_state(
        db, CaseState.RECORDED, handler=handler, aa=aa, now=_due_on(due)
    )
    deadlines.refresh(case)
    return case


def test_due_soon_cut_off_counts_working_days_over_christmas(db, make_user):
    """Tuesday 22 December 2026: the 25th, the 28th (Boxing Day moved) and 1 January are
    bank holidays, so five working days run to Thursday 31 December, and a deadline on the
    weekend after it is still "in 5 working days"."""
    handler, aa = make_user(Role.HANDLER), make_user(Role.APPROPRIATE_AUTHORITY)
    today = dt.date(2026, 12, 22)
    dates = {
        "overdue": dt.date(2026, 12, 18),
        "today": today,
        "fifth_working_day": dt.date(2026, 12, 31),
        "weekend_after": dt.date(2027, 1, 3),
        "sixth_working_day": dt.date(2027, 1, 4),
    }
    made = {name: _case_due(db, handler, aa, day) for name, day in dates.items()}
    db.commit()
    assert {n: c.next_deadline_on for n, c in made.items()} == dates
    found = db.scalars(queues.due(factories.actor_for(handler), today, only_mine=True)).all()
    assert [c.id for c in found] == [made[n].id for n in list(dates)[:4]]
    counts = queues.due_counts(db, factories.actor_for(handler), today, only_mine=True)
    assert (counts.overdue, counts.due_soon) == (1, 3)


def test_due_soon_cut_off_agrees_with_the_case_page_tag_every_day():
    start = dt.date(2026, 1, 1)
    for offset in range(0, 366, 1):
        today = start + dt.timedelta(days=offset)
        cutoff = queues.due_soon_cutoff(today)
        for ahead in range(0, 16):
            due = today + dt.timedelta(days=ahead)
            assert (due <= cutoff) == (deadlines.urgency(due, today) != "later"), (today, due)


# Lists are audited; pages link to the queues. ------------------------------------------


def test_viewing_a_queue_is_audited_without_filter_values(client, office, db):
    people, _ = office
    user = people["abel"]
    sign_in(client, user.email)
    _get(client, f"/queues/team?handler={people['otto'].id}")
    event = db.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "case_list", AuditEvent.actor_id == user.id)
        .order_by(AuditEvent.id.desc())
    ).first()
    assert event is not None and event.summary == "queue:team, handler"
    assert event.changes == {"cases_matching": 2}


@pytest.mark.parametrize(
    "role, links",
    [
        (Role.HANDLER, {"/queues/mine", "/queues/due", "/queues/team"}),
        (Role.INVESTIGATOR, {"/queues/due"}),
        (Role.APPROPRIATE_AUTHORITY, {"/queues/mine", "/queues/due", "/queues/team"}),
    ],
)
def test_home_pages_link_to_the_queues(client, login_as, role, links):
    login_as(role)
    page = _get(client, "/")
    for link in links:
        assert f'href="{link}"' in page, link


@pytest.mark.parametrize(
    "role, shown", [(Role.HANDLER, True), (Role.OPCC_OVERSIGHT, False), (Role.ADMIN, False)]
)
def test_navigation_offers_queues_to_those_who_work_cases(client, login_as, role, shown):
    login_as(role)
    page = _get(client, "/")
    nav = page[page.index('id="navigation"') :]
    nav = nav[: nav.index("</ul>")]
    assert ('href="/queues/mine"' in nav) is shown


def test_case_list_shows_and_sorts_by_next_deadline(client, office):
    people, cases = office
    sign_in(client, people["abel"].email)
    page = _get(client, "/cases/?sort=deadline&order=asc")
    listed = _shown(page, cases)
    assert listed[:4] == ["overdue", "soon", "later", "investigated"]
    assert set(listed[4:]) == {"logged", "unassigned", "closed"}
    row = page[page.index(cases["overdue"].reference) :]
    assert "working days overdue" in row[: row.index("</tr>")]
    assert "Next deadline" in page
