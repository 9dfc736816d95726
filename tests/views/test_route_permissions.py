"""Every route declares who may use it, and each role gets exactly that (domain.md A8).

ROUTES below is the specification, written out by hand: a route missing from it fails
``test_every_route_is_in_the_specification``, so no route ships without a decision.
"""

from __future__ import annotations

import re

import pytest

from complaints.auth.roles import Role
from complaints.cases.choices import CaseState
from complaints.cases.services import grant_access, restrict
from complaints.reviews.services import take_review
from tests import factories
from tests.views.routes import (
    ALL_ROLES,
    CASE_READERS,
    CASE_WORKERS,
    FILE_KEEPERS,
    PUBLIC,
    R,
    areas,
)

# The OPCC reviewer is the appropriate authority of complaints about the chief constable
# (A8), so it may open the casework routes; on an ordinary force case it finds no case.
OPCC_AS_AA = frozenset({R.OPCC_REVIEWER})
AA_ROLES = OPCC_AS_AA | {R.APPROPRIATE_AUTHORITY}

# endpoint -> (method, url template, roles allowed). Anonymous users are redirected to
# sign in from every route that is not public.
CASEWORK_ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    "home.index": ("GET", "/", PUBLIC),
    "home.health": ("GET", "/healthz", PUBLIC),
    "auth.login": ("GET", "/sign-in", PUBLIC),
    "auth.logout": ("POST", "/sign-out", ALL_ROLES),
    "cases.index": ("GET", "/cases/", CASE_READERS),
    "cases.detail": ("GET", "/cases/{case_id}", CASE_READERS),
    "cases.people": ("GET", "/cases/{case_id}/people", CASE_READERS),
    "cases.allegations": ("GET", "/cases/{case_id}/allegations", CASE_READERS),
    "cases.investigation": ("GET", "/cases/{case_id}/investigation", CASE_READERS),
    "cases.case_timeline": ("GET", "/cases/{case_id}/timeline", CASE_READERS),
    "cases.correspondence": ("GET", "/cases/{case_id}/correspondence", CASE_READERS),
    "cases.documents": ("GET", "/cases/{case_id}/documents", CASE_READERS),
    # Intake and the people on a case.
    "cases.new": ("GET", "/cases/new", OPCC_AS_AA | CASE_WORKERS),
    "cases.add_complainant": (
        "GET",
        "/cases/{case_id}/complainants/new",
        OPCC_AS_AA | CASE_WORKERS,
    ),
    "cases.add_subject": ("GET", "/cases/{case_id}/subjects/new", OPCC_AS_AA | CASE_WORKERS),
    "cases.link_case": ("GET", "/cases/{case_id}/links/new", OPCC_AS_AA | CASE_WORKERS),
    # The lifecycle: one page per step; who may take it is decided per step and case.
    "cases.step": ("GET", "/cases/{case_id}/steps/record", CASE_READERS),
    # Casework.
    "cases.assign": ("GET", "/cases/{case_id}/assign", AA_ROLES),
    "cases.restrict": ("GET", "/cases/{case_id}/restrict", AA_ROLES),
    "cases.add_note": ("GET", "/cases/{case_id}/notes/new", OPCC_AS_AA | FILE_KEEPERS),
    "cases.add_allegation": ("GET", "/cases/{case_id}/allegations/new", OPCC_AS_AA | CASE_WORKERS),
    "cases.edit_allegation": (
        "GET",
        "/cases/{case_id}/allegations/{allegation_id}/edit",
        OPCC_AS_AA | CASE_WORKERS,
    ),
    "cases.record_result": (
        "GET",
        "/cases/{case_id}/allegations/{allegation_id}/result",
        CASE_READERS,
    ),
    "cases.raise_learning": (
        "GET",
        "/cases/{case_id}/learning/new",
        frozenset({R.APPROPRIATE_AUTHORITY, R.OPCC_OVERSIGHT}),
    ),
    # Correspondence and documents.
    "cases.record_contact": ("GET", "/cases/{case_id}/contacts/new", OPCC_AS_AA | {R.HANDLER}),
    "cases.contact_not_possible": (
        "GET",
        "/cases/{case_id}/contact-not-possible",
        OPCC_AS_AA | {R.HANDLER},
    ),
    "cases.new_letter": ("GET", "/cases/{case_id}/letters/new", OPCC_AS_AA | {R.HANDLER}),
    "cases.upload": ("GET", "/cases/{case_id}/documents/new", OPCC_AS_AA | FILE_KEEPERS),
    "cases.download": (
        "GET",
        "/cases/{case_id}/documents/{attachment_id}",
        FILE_KEEPERS | {R.OPCC_REVIEWER},
    ),
    # Investigations.
    "investigations.edit": (
        "GET",
        "/cases/{case_id}/investigation/edit",
        AA_ROLES,
    ),
    "investigations.assess_severity": (
        "GET",
        "/cases/{case_id}/investigation/subjects/{case_subject_id}/severity",
        AA_ROLES,
    ),
    "investigations.conduct_outcome": (
        "GET",
        "/cases/{case_id}/investigation/subjects/{case_subject_id}/outcome",
        AA_ROLES,
    ),
    # Queues.
    "queues.mine": ("GET", "/queues/mine", OPCC_AS_AA | FILE_KEEPERS),
    "queues.team": ("GET", "/queues/team", OPCC_AS_AA | CASE_WORKERS),
    "queues.decisions": ("GET", "/queues/decisions", AA_ROLES),
    "queues.due": ("GET", "/queues/due", OPCC_AS_AA | FILE_KEEPERS),
    "admin.users": ("GET", "/admin/users", frozenset({R.ADMIN})),
    "admin.new_user": ("GET", "/admin/users/new", frozenset({R.ADMIN})),
    "admin.edit_user": ("GET", "/admin/users/{user_id}", frozenset({R.ADMIN})),
    "admin.categories": ("GET", "/admin/categories", frozenset({R.ADMIN})),
    "admin.toggle_category": (
        "POST",
        "/admin/categories/{category_id}/toggle",
        frozenset({R.ADMIN}),
    ),
}
# Each area of the product keeps its routes in tests/views/routes/<area>.py.
ROUTES = CASEWORK_ROUTES | {k: v for area in areas() for k, v in area.ROUTES.items()}
NOT_FOUND_FOR = {k: v for area in areas() for k, v in area.NOT_FOUND_FOR.items()}
CASE_ROUTES = [name for name, (_, url, _) in ROUTES.items() if "{case_id}" in url]


def _case_url(endpoint: str, case) -> str:
    """A route's URL for a case, with the ids of the case's first allegation and subject."""
    return ROUTES[endpoint][1].format(
        case_id=case.id,
        allegation_id=case.allegations[0].id,
        case_subject_id=case.subjects[0].id,
        attachment_id=1,
        letter_contact_id=1,
    )


# Which roles may open an ordinary, unrestricted case they have no special link to.
SEES_ANY_UNRESTRICTED_CASE = frozenset({R.HANDLER, R.APPROPRIATE_AUTHORITY})


def test_every_route_declares_who_may_use_it(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static":
            assert hasattr(app.view_functions[rule.endpoint], "access_declaration"), rule


def test_every_route_is_in_the_specification(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    assert endpoints == set(ROUTES), "add new routes to ROUTES with the roles allowed"


def _request(client, method: str, url: str):
    return client.get(url) if method == "GET" else client.post(url, data={})


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_role_gets_exactly_its_routes(client, login_as, world, role, db):
    user = login_as(role)
    if role == R.HANDLER:
        world["case"].handler_id = user.id  # a handler works the cases assigned to them
        db.commit()
    wrong = []
    for endpoint, (method, template, allowed) in ROUTES.items():
        if endpoint == "auth.logout":
            continue  # signing out would end this test's session; covered below
        url = template.format(**world)
        status = _request(client, method, url).status_code
        if allowed == PUBLIC or role in allowed:
            if endpoint in CASE_ROUTES and role not in SEES_ANY_UNRESTRICTED_CASE:
                expected = {404}  # allowed to read cases, but not this one
            elif role in NOT_FOUND_FOR.get(endpoint, ()):
                expected = {404}  # allowed the route, but not this object
            else:
                expected = {200, 204, 302}
        else:
            expected = {403}
        if status not in expected:
            wrong.append(f"{method} {url}: {status}, expected {sorted(expected)}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_role_can_sign_out(client, login_as, role):
    login_as(role)
    assert client.post("/sign-out").status_code == 302


def test_anonymous_users_are_sent_to_sign_in(client, world):
    for endpoint, (method, template, allowed) in ROUTES.items():
        if allowed == PUBLIC:
            continue
        response = _request(client, method, template.format(**world))
        assert response.status_code == 302, endpoint
        assert "/sign-in" in response.location, endpoint


def test_refused_access_is_audited(client, login_as, world, db):
    from sqlalchemy import select

    from complaints.common.audit_model import AuditEvent

    board = login_as(R.BOARD_MEMBER)
    assert client.get(f"/cases/{world['case_id']}").status_code == 403
    refused = db.scalars(select(AuditEvent).where(AuditEvent.action == "refused")).all()
    assert [e.actor_id for e in refused] == [board.id]


# Restricted cases: they exist only for the people named on them. -----------------------


@pytest.fixture()
def restricted_case(db, make_user):
    handler = make_user(R.HANDLER)
    aa = make_user(R.APPROPRIATE_AUTHORITY)
    case = factories.complaint(db, handler=handler, summary="Counter-corruption matter")
    restrict(db, factories.actor_for(aa), case, "Counter-corruption material", factories.NOW)
    grant_access(db, factories.actor_for(aa), case, handler, "case handler", factories.NOW)
    db.commit()
    return case, handler, aa


@pytest.mark.parametrize("role", sorted(CASE_READERS), ids=lambda r: r.value)
def test_restricted_case_is_not_found_for_anyone_not_named(client, login_as, restricted_case, role):
    case, _, _ = restricted_case
    login_as(role)
    for endpoint in CASE_ROUTES:
        # A role refused the route outright gets 403 whatever the id, which says nothing
        # about the case; a role that may use the route finds no such case.
        expected = 404 if role in ROUTES[endpoint][2] else 403
        method = ROUTES[endpoint][0]
        hidden = _request(client, method, _case_url(endpoint, case)).status_code
        missing = _request(
            client, method, _case_url(endpoint, case).replace(f"/{case.id}", "/999999", 1)
        )
        assert hidden == missing.status_code == expected, endpoint
    listing = client.get("/cases/?q=" + case.reference).get_data(as_text=True)
    assert f'href="/cases/{case.id}"' not in listing
    assert "No cases match" in listing
    assert f'href="/cases/{case.id}"' not in client.get("/cases/").get_data(as_text=True)


def test_restricted_case_is_open_to_the_people_named_on_it(client, restricted_case):
    from tests.conftest import sign_in

    case, handler, aa = restricted_case
    for user in (handler, aa):
        sign_in(client, user.email)
        for endpoint in CASE_ROUTES:
            # Routes naming a document or letter the restricted case does not hold are left out.
            template = ROUTES[endpoint][1]
            if user.role not in ROUTES[endpoint][2] or any(
                f"{{{name}}}" in template for name in ("attachment_id", "letter_contact_id")
            ):
                continue
            url = _case_url(endpoint, case)
            assert client.get(url).status_code in (200, 302), (user.role, url)
        assert case.reference in client.get("/cases/").get_data(as_text=True)
        client.post("/sign-out")


def test_missing_case_and_hidden_case_look_the_same(client, login_as, restricted_case):
    case, _, _ = restricted_case
    login_as(R.HANDLER)
    hidden = client.get(f"/cases/{case.id}")
    missing = client.get("/cases/999999")
    assert hidden.status_code == missing.status_code == 404

    def without_nonce(response):
        """The page without what changes each request: the CSP nonce and the CSRF token
        (signed with the time, so two requests a second apart differ)."""
        page = re.sub(r'nonce="[^"]+"', "", response.get_data(as_text=True))
        return re.sub(r'name="csrf_token" value="[^"]+"', "", page)

    assert without_nonce(hidden) == without_nonce(missing)


def test_investigator_sees_only_investigations_assigned_to_them(client, db, make_user):
    from tests.conftest import sign_in

    handler, aa = make_user(R.HANDLER), make_user(R.APPROPRIATE_AUTHORITY)
    mine, other = make_user(R.INVESTIGATOR), make_user(R.INVESTIGATOR)
    case = factories.complaint_in_state(
        db, CaseState.INVESTIGATION, handler=handler, aa=aa, investigator=mine
    )
    db.commit()
    sign_in(client, mine.email)
    assert client.get(f"/cases/{case.id}").status_code == 200
    client.post("/sign-out")
    sign_in(client, other.email)
    assert client.get(f"/cases/{case.id}").status_code == 404


def test_opcc_reviewer_sees_only_cases_under_review_to_the_opcc(client, db, make_user):
    from tests.conftest import sign_in

    handler, aa = make_user(R.HANDLER), make_user(R.APPROPRIATE_AUTHORITY)
    reviewer = make_user(R.OPCC_REVIEWER)
    under_review = factories.complaint_in_state(db, CaseState.UNDER_REVIEW, handler=handler, aa=aa)
    not_taken = factories.complaint_in_state(db, CaseState.UNDER_REVIEW, handler=handler, aa=aa)
    notified = factories.complaint_in_state(db, CaseState.OUTCOME_NOTIFIED, handler=handler, aa=aa)
    take_review(db, factories.actor_for(reviewer), under_review.reviews[0], factories.NOW)
    db.commit()
    sign_in(client, reviewer.email)
    assert client.get(f"/cases/{under_review.id}").status_code == 200
    assert client.get(f"/cases/{not_taken.id}").status_code == 404  # in the queue only
    assert client.get(f"/cases/{notified.id}").status_code == 404
    home = client.get("/").get_data(as_text=True)
    assert under_review.reference in home
    assert notified.reference not in home


def test_chief_constable_complaint_is_for_opcc_eyes_only(client, db, make_user):
    from tests.conftest import sign_in

    handler, aa = make_user(R.HANDLER), make_user(R.APPROPRIATE_AUTHORITY)
    reviewer = make_user(R.OPCC_REVIEWER)
    chief = factories.subject(db, family_name="Chief", chief_constable=True)
    case = factories.complaint(db, subject_=chief, summary="About the chief constable")
    db.commit()
    assert case.restricted and case.appropriate_authority.value == "pcc"
    for user in (handler, aa):
        sign_in(client, user.email)
        assert client.get(f"/cases/{case.id}").status_code == 404
        assert case.reference not in client.get("/cases/").get_data(as_text=True)
        client.post("/sign-out")
    sign_in(client, reviewer.email)
    assert client.get(f"/cases/{case.id}").status_code == 200


def test_restricting_a_case_keeps_it_with_the_people_working_it(client, db, make_user):
    from tests.conftest import sign_in

    handler, aa = make_user(R.HANDLER), make_user(R.APPROPRIATE_AUTHORITY)
    investigator, other = make_user(R.INVESTIGATOR), make_user(R.HANDLER)
    case = factories.complaint_in_state(
        db, CaseState.INVESTIGATION, handler=handler, aa=aa, investigator=investigator
    )
    restrict(db, factories.actor_for(aa), case, "Live prosecution", factories.NOW)
    db.commit()
    for user, status in ((handler, 200), (investigator, 200), (aa, 200), (other, 404)):
        sign_in(client, user.email)
        assert client.get(f"/cases/{case.id}").status_code == status, user.role
        client.post("/sign-out")


def test_a_reviewer_reads_a_case_only_while_it_is_under_review(client, db, make_user):
    from complaints.cases import workflow
    from tests.conftest import sign_in

    handler, aa = make_user(R.HANDLER), make_user(R.APPROPRIATE_AUTHORITY)
    reviewer = make_user(R.OPCC_REVIEWER)
    case = factories.complaint_in_state(db, CaseState.UNDER_REVIEW, handler=handler, aa=aa)
    take_review(db, factories.actor_for(reviewer), case.reviews[0], factories.NOW)
    db.commit()
    sign_in(client, reviewer.email)
    assert client.get(f"/cases/{case.id}").status_code == 200
    workflow.apply(
        db,
        factories.actor_for(reviewer),
        case,
        "decide_review",
        {"outcome": "not_upheld"},
        factories.NOW,
    )
    db.commit()
    assert client.get(f"/cases/{case.id}").status_code == 404


def test_can_refuses_unnamed_users_on_a_restricted_case(db, make_user):
    from complaints.auth.permissions import Permission, can

    aa, other = make_user(R.APPROPRIATE_AUTHORITY), make_user(R.APPROPRIATE_AUTHORITY)
    case = factories.complaint(db)
    restrict(db, factories.actor_for(aa), case, "Covert material", factories.NOW)
    assert can(factories.actor_for(aa), Permission.DECIDE, case)
    assert not can(factories.actor_for(other), Permission.DECIDE, case)


@pytest.mark.parametrize(
    "role, links",
    [
        (R.HANDLER, {"Cases"}),
        (R.OPCC_OVERSIGHT, {"Cases"}),
        (R.BOARD_MEMBER, set()),
        (R.ADMIN, {"Users", "Allegation categories", "Forces"}),
    ],
)
def test_navigation_offers_only_what_the_role_may_open(client, login_as, role, links):
    login_as(role)
    page = client.get("/").get_data(as_text=True)
    nav = page[page.index('id="navigation"') :]
    nav = nav[: nav.index("</ul>")]
    hrefs = {
        "Cases": "/cases/",
        "Users": "/admin/users",
        "Allegation categories": "/admin/categories",
        "Forces": "/admin/forces",
    }
    for text, href in hrefs.items():
        assert (f'href="{href}"' in nav) is (text in links), text
