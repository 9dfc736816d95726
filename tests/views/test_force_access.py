"""The access matrix across forces: every case route, for every role, on a case of a force
the person does not work for (nothing: 404, or 403 where the role never has the route),
and on a case of another force they do work for (as on their own force's)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases import correspondence
from complaints.cases.letters import LetterKind
from complaints.cases.models import Case
from complaints.documents.storage import FileStore
from complaints.forces.models import FIRST_FORCE_ID
from tests import factories
from tests.readback import text_of
from tests.views.routes import PUBLIC
from tests.views.test_route_permissions import CASE_ROUTES, ROUTES, _request

R = Role
# Roles that open any unrestricted case of their forces (the route matrix's assumption).
OPENS_THEIR_FORCES_CASES = (R.HANDLER, R.APPROPRIATE_AUTHORITY)


@pytest.fixture()
def other_force_case(db, app):
    """A case of a second force, with an attachment, worked by that force's handler."""
    other = factories.force(db, code="EAS", name="Eastmere Constabulary")
    handler = factories.user(db, R.HANDLER, forces=(other.id,))
    case = factories.complaint(db, handler=handler, force_id=other.id)
    attachment = factories.attachment(db, case, app.config["FILES_DIR"])
    letter = correspondence.send_letter(  # an acknowledgement, kept as words for its HTML
        db,
        factories.actor_for(handler),
        case,
        LetterKind.ACKNOWLEDGEMENT,
        FileStore(app.config["FILES_DIR"]),
        factories.NOW,
    )
    db.commit()
    return {
        "force": other,
        "case": case,
        "case_id": case.id,
        "allegation_id": case.allegations[0].id,
        "case_subject_id": case.subjects[0].id,
        "attachment_id": attachment.id,
        "letter_contact_id": letter.id,
    }


def _url(endpoint: str, ids: dict) -> str:
    return ROUTES[endpoint][1].format(**ids)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_nothing_of_a_force_one_does_not_work_for(client, login_as, other_force_case, role):
    login_as(role, forces=(FIRST_FORCE_ID,))
    wrong = []
    for endpoint in CASE_ROUTES:
        method, _, allowed = ROUTES[endpoint]
        status = _request(client, method, _url(endpoint, other_force_case)).status_code
        expected = 404 if role in allowed else 403
        if status != expected:
            wrong.append((endpoint, status, expected))
    assert wrong == []
    for listing in ("/cases/", "/queues/team", "/queues/due", "/queues/decisions"):
        page = client.get(listing, query_string={"q": other_force_case["case"].reference})
        assert (
            other_force_case["case"].reference
            not in page.get_data(as_text=True).split("</form>")[-1]
        ), listing


@pytest.mark.parametrize("role", OPENS_THEIR_FORCES_CASES, ids=lambda r: r.value)
def test_a_case_of_another_force_one_serves_opens_as_ones_own(
    client, login_as, other_force_case, role, db
):
    both = (FIRST_FORCE_ID, other_force_case["force"].id)
    user = login_as(role, forces=both)
    if role == R.HANDLER:
        other_force_case["case"].handler_id = user.id
        db.commit()
    wrong = []
    for endpoint in CASE_ROUTES:
        method, _, allowed = ROUTES[endpoint]
        if role not in allowed:
            continue
        status = _request(client, method, _url(endpoint, other_force_case)).status_code
        if status not in (200, 302):
            wrong.append((endpoint, status))
    assert wrong == []


# Objects named by id in a URL, and what owns them. Administrators' own objects (users,
# categories, forces) belong to the installation, and a report table is a name, not a row.
OWNED_BY_A_FORCE = (
    "case_id",
    "allegation_id",
    "case_subject_id",
    "attachment_id",
    "learning_id",
    "sample_id",
    "sampled_case_id",
    "review_id",
    "opcc_review_id",
    "decided_review_id",
    "review_letter_id",
    "recommendation_id",
    "report_id",
)


def _names_an_object_of_a_force(template: str) -> bool:
    return any("{" + name + "}" in template for name in OWNED_BY_A_FORCE)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_nobody_reaches_another_forces_object_by_its_id(client, login_as, world, role, db):
    """Every route that names a case, review, lesson, sample or report, asked by a person of
    a force that does not own it: not found where the role has the route, refused where it
    never has; and no list they may open shows the other force's references."""
    elsewhere = factories.force(db, code="EAS", name="Eastmere Constabulary")
    db.commit()
    login_as(role, forces=(elsewhere.id,))
    wrong = []
    for method, template, allowed in ROUTES.values():
        if allowed == PUBLIC or not _names_an_object_of_a_force(template):
            continue
        status = _request(client, method, template.format(**world)).status_code
        expected = 404 if role in allowed else 403
        if status != expected:
            wrong.append(f"{method} {template}: {status}, expected {expected}")
    assert not wrong, "\n".join(wrong)
    references = set(db.scalars(select(Case.reference)))
    for endpoint, (method, template, allowed) in ROUTES.items():
        if method != "GET" or "{" in template or allowed == PUBLIC or role not in allowed:
            continue
        page = text_of(client.get(template))
        assert not [r for r in references if r in page], endpoint
