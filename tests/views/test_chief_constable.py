"""Complaints about the chief constable: the police and crime commissioner is the
appropriate authority, so the OPCC logs and works them, and to the force they do not exist
(domain.md A7, A8)."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases import workflow
from complaints.cases.choices import AppropriateAuthority, CaseState, CaseType, Channel
from complaints.cases.models import Case
from complaints.common.clock import london_today
from complaints.reviews.models import ReviewBody
from tests import factories
from tests.conftest import sign_in
from tests.views.test_route_permissions import CASE_ROUTES, ROUTES, _request

R = Role
CHIEF_NAME = "Thornbury"


def _day(days_ago: int = 0) -> str:
    day = london_today() - dt.timedelta(days=days_ago)
    return f"{day.day}/{day.month}/{day.year}"


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _fresh(db, case_id: int) -> Case:
    db.expire_all()
    return db.get(Case, case_id)


@pytest.fixture()
def chief(db):
    person = factories.subject(
        db, family_name=CHIEF_NAME, chief_constable=True, kind=_chief_officer()
    )
    db.commit()
    return person


def _chief_officer():
    from complaints.subjects.models import SubjectKind

    return SubjectKind.CHIEF_OFFICER


INTAKE = {
    "case_type": "complaint",
    "channel": "email",
    "summary": "The chief constable ignored my letters about a closed police station",
    "given_name": "Robin",
    "family_name": "Ashworth",
    "email": "robin@example.org",
    "contact_preference": "email",
}


def _problem(response) -> str:
    """The error summary of a page sent back, to say why a test's post was refused."""
    text = _text(response)
    start = text.find("govuk-error-summary")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text[start : start + 2000]))


def _post(client, db, url: str, case_id: int, **fields):
    return client.post(url, data={"version": str(_fresh(db, case_id).version), **fields})


def _step(client, db, case_id: int, name: str, **fields):
    response = _post(client, db, f"/cases/{case_id}/steps/{name}", case_id, **fields)
    assert response.status_code == 302, (name, _problem(response))
    return response


# Logging and working the case ------------------------------------------------------------


def test_the_opcc_logs_and_works_a_complaint_about_the_chief_constable(client, db, team, chief):
    reviewer, investigator = team["reviewer"], team["investigator"]
    sign_in(client, reviewer.email)
    page = _text(client.get("/cases/new"))
    assert "about the chief constable" in page and CHIEF_NAME in page
    assert "Pass complaints about anyone else to the PSD" in page

    response = client.post("/cases/new", data={**INTAKE, "received_on": _day(3)})
    assert response.status_code == 302, _problem(response)
    case = db.scalars(select(Case).order_by(Case.id.desc())).first()
    assert case.appropriate_authority == AppropriateAuthority.PCC
    assert case.restricted and case.about_chief_officer
    assert [cs.subject_id for cs in case.subjects] == [chief.id]
    assert response.location.endswith(f"/cases/{case.id}/people")
    assert CHIEF_NAME in _text(client.get(response.location))

    # People and allegations.
    response = _post(
        client,
        db,
        f"/cases/{case.id}/allegations/new",
        case.id,
        category_id=str(factories.category(db, "A2").id),
        description="Did not answer letters about the station's closure",
        subject_ids=[str(chief.id)],
    )
    assert response.status_code == 302, _problem(response)
    response = _post(
        client,
        db,
        f"/cases/{case.id}/contacts/new",
        case.id,
        occurred_on=_day(1),
        method="phone",
        purpose="first_contact",
        summary="Spoke about the letters",
        complainant_wishes="An answer to the letters",
    )
    assert response.status_code == 302, _problem(response)
    assert client.get(f"/cases/{case.id}/assign").status_code == 200

    # Recorded, investigated by an investigator from elsewhere, reported on. The force's
    # own investigators are not offered, and one named anyway is refused.
    _step(client, db, case.id, "record", recording_reason="aa_decided", reason="Chief officer")
    page = _text(client.get(f"/cases/{case.id}/steps/start_investigation"))
    assert investigator.full_name not in page
    inside = _post(
        client,
        db,
        f"/cases/{case.id}/steps/start_investigation",
        case.id,
        investigator_id=str(investigator.id),
    )
    assert inside.status_code == 400
    investigator.external = True
    db.commit()
    assert investigator.full_name in _text(
        client.get(f"/cases/{case.id}/steps/start_investigation")
    )
    _step(
        client,
        db,
        case.id,
        "start_investigation",
        investigator_id=str(investigator.id),
        terms_of_reference="Whether the letters were answered",
    )
    assert _fresh(db, case.id).state == CaseState.INVESTIGATION
    client.post("/sign-out")
    sign_in(client, investigator.email)
    assert client.get(f"/cases/{case.id}").status_code == 200
    _step(client, db, case.id, "submit_report", summary="The letters went unanswered")
    client.post("/sign-out")

    # The OPCC, as appropriate authority, decides the outcome and notifies it.
    sign_in(client, reviewer.email)
    allegation_id = _fresh(db, case.id).allegations[0].id
    response = _post(
        client,
        db,
        f"/cases/{case.id}/allegations/{allegation_id}/result",
        case.id,
        result="service_not_acceptable",
    )
    assert response.status_code == 302, _problem(response)
    _step(client, db, case.id, "determine_outcome")
    notify = _text(client.get(f"/cases/{case.id}/steps/notify_outcome"))
    assert "appropriate authority" in notify.lower()  # A7: the PCC was the AA
    _step(
        client,
        db,
        case.id,
        "notify_outcome",
        review_body="iopc",
        review_body_reason="The police and crime commissioner was the appropriate authority",
    )
    assert _fresh(db, case.id).review_body == ReviewBody.IOPC

    # The complainant applies for a review; the IOPC reviews, the OPCC records its decision.
    _step(client, db, case.id, "apply_for_review", body="iopc")
    _step(
        client,
        db,
        case.id,
        "decide_review",
        outcome="not_upheld",
        rationale="The IOPC found the outcome reasonable and proportionate",
    )
    case = _fresh(db, case.id)
    assert case.state == CaseState.FINALISED
    assert case.reviews[-1].body == ReviewBody.IOPC


def test_the_iopc_is_proposed_as_the_review_body(db, team, chief):
    from complaints.reviews.routing import propose_review_body

    case = factories.complaint(db, subject_=chief)
    assert propose_review_body(case).body == ReviewBody.IOPC


def test_the_opcc_logs_nothing_but_complaints_about_the_chief_constable(db, team, chief):
    from complaints.cases import people
    from complaints.cases.services import CaseError, ComplainantData, NewCase

    officer = factories.subject(db, family_name="Ordinary")
    data = NewCase(
        case_type=CaseType.COMPLAINT,
        received_on=factories.NOW.date(),
        channel=Channel.EMAIL,
        summary="Rude at the counter",
        complainants=(ComplainantData(given_name="Jo", family_name="Public"),),
        subject_ids=(officer.id,),
    )
    opcc = factories.actor_for(team["reviewer"])
    with pytest.raises(CaseError, match="Pass complaints about anyone else to the PSD"):
        people.log_case_and_link(db, opcc, data, (), factories.NOW)
    from dataclasses import replace

    case = people.log_case_and_link(
        db, opcc, replace(data, subject_ids=(officer.id, chief.id)), (), factories.NOW
    )
    assert case.appropriate_authority == AppropriateAuthority.PCC


def test_without_a_chief_constable_on_record_the_opcc_is_told(client, db, team):
    sign_in(client, team["reviewer"].email)
    response = client.post("/cases/new", data={**INTAKE, "received_on": _day(3)})
    assert response.status_code == 400
    assert "No chief constable is recorded" in _text(response)
    assert db.scalars(select(Case)).first() is None


def test_the_opcc_reviewer_still_finds_no_ordinary_force_case(client, db, team):
    case = factories.complaint_in_state(
        db, CaseState.RECORDED, handler=team["handler"], aa=team["aa"]
    )
    db.commit()
    sign_in(client, team["reviewer"].email)
    for url in (
        f"/cases/{case.id}",
        f"/cases/{case.id}/assign",
        f"/cases/{case.id}/allegations/new",
        f"/cases/{case.id}/subjects/new",
        f"/cases/{case.id}/steps/record",
    ):
        assert client.get(url).status_code == 404, url
    assert case.reference not in _text(client.get("/queues/team"))


# To the force, the case does not exist ----------------------------------------------------


def _chief_constable_cases(db, team, chief) -> list[Case]:
    """One waiting for a decision; one whose investigation is past its 12-month report."""
    opcc = factories.actor_for(team["reviewer"])
    recorded = factories.complaint(db, subject_=chief, summary="About the chief constable")
    old = factories.complaint(
        db, subject_=chief, summary="Also about the chief", received_on=dt.date(2025, 10, 1)
    )
    for case in (recorded, old):
        factories.contact(db, case, team["reviewer"])
        workflow.apply(db, opcc, case, "record", {"reason": "Chief officer"}, factories.NOW)
    workflow.apply(db, opcc, old, "start_investigation", {}, factories.NOW)
    db.commit()
    return [recorded, old]


LISTS = (
    "/",
    "/cases/",
    "/queues/mine",
    "/queues/team",
    "/queues/decisions",
    "/queues/due",
    "/queues/due?who=all",
    "/oversight/twelve-month-reports",
)


def _page(client, url: str) -> tuple[int, str]:
    response = client.get(url)
    text = re.sub(r'(nonce|value)="[^"]*"', "", response.get_data(as_text=True))
    return response.status_code, text


@pytest.mark.parametrize(
    "role", [R.HANDLER, R.APPROPRIATE_AUTHORITY, R.INVESTIGATOR, R.OPCC_OVERSIGHT]
)
def test_a_force_user_cannot_see_the_case_at_all(client, db, team, chief, make_user, role):
    user = make_user(role)
    ordinary = factories.complaint_in_state(
        db, CaseState.RECORDED, handler=team["handler"], aa=team["aa"]
    )
    db.commit()
    sign_in(client, user.email)
    before = {url: _page(client, url) for url in LISTS}
    cases = _chief_constable_cases(db, team, chief)
    # Start pages, lists, queues and counts are exactly as they were without the cases.
    for url in LISTS:
        assert _page(client, url) == before[url], url
    for case in cases:
        for endpoint in CASE_ROUTES:
            url = ROUTES[endpoint][1].format(
                case_id=case.id,
                allegation_id=case.allegations[0].id,
                case_subject_id=case.subjects[0].id,
                attachment_id=1,
                letter_contact_id=1,
                sample_id=1,
                sampled_case_id=case.id,
            )
            expected = 404 if role in ROUTES[endpoint][2] else 403
            assert _request(client, ROUTES[endpoint][0], url).status_code == expected, url
        for query in (case.reference, CHIEF_NAME):
            listing = _text(client.get("/cases/?q=" + query))
            assert "No cases match" in listing, query
            assert f'href="/cases/{case.id}"' not in listing
    if role == R.OPCC_OVERSIGHT:
        assert ordinary.reference not in _text(client.get("/cases/"))


def test_the_opcc_reviewer_finds_them_in_its_lists(client, db, team, chief):
    recorded, old = _chief_constable_cases(db, team, chief)
    sign_in(client, team["reviewer"].email)
    assert recorded.reference in _text(client.get("/cases/?q=" + CHIEF_NAME))
    assert recorded.reference in _text(client.get("/queues/decisions"))
    assert old.reference in _text(client.get("/oversight/twelve-month-reports"))
