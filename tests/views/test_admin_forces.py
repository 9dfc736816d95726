"""Administrators add and change the forces the service works for, and say who works for
which; a person of several forces chooses the force of a case they log. An installation
with one force shows no force anywhere."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from sqlalchemy import select

from complaints.auth.models import User
from complaints.auth.roles import Role
from complaints.cases.models import Case
from complaints.common.clock import london_today
from complaints.forces.models import FIRST_FORCE_ID, Force
from tests import factories
from tests.conftest import sign_in

PROBLEM = "There is a problem"
CONFLICT = "Someone else changed this force after you opened this page, so nothing was saved"
FORCES_FIELD = "Forces this person works for"
DELEGATES_FIELD = "Forces that delegate their decisions to this person"
FORCE_CHOICE = "Which force is this case for?"


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _force_form(**changes) -> dict[str, str]:
    data = {
        "name": "Bedfordshire Police",
        "code": "bed",
        "psd_name": "Bedfordshire PSD",
        "psd_address": "Woburn Road\r\nKempston\r\nMK43 9AX",
        "opcc_name": "Bedfordshire OPCC",
        "opcc_address": "Bridgebury House\nKempston",
        "contact_email": "psd@beds.example",
        "contact_phone": "01234 567890",
        "target_working_days_to_log": "3",
        "comparator_working_days_to_log": "6.5",
    }
    data.update(changes)
    return data


def _user_form(**changes) -> dict[str, object]:
    data: dict[str, object] = {
        "email": "new.person@force.example",
        "full_name": "New Person",
        "role": "handler",
        "division_id": "",
        "password": "a long enough password",
        "active": "y",
    }
    data.update(changes)
    return data


@pytest.fixture()
def second_force(db):
    force = factories.force(db, code="BED", name="Bedfordshire Police")
    db.commit()
    return force


# The forces pages. -----------------------------------------------------------------------


def test_admin_adds_a_force(client, login_as, db):
    login_as(Role.ADMIN)
    form = client.get("/admin/forces/new")
    assert form.status_code == 200
    assert 'value="Professional Standards Department"' in form.get_data(as_text=True)
    assert "Someone else changed" not in _text(form)  # a new force crossed nobody's edit
    response = client.post("/admin/forces/new", data=_force_form())
    assert response.status_code == 302
    force = db.scalar(select(Force).where(Force.name == "Bedfordshire Police"))
    assert force.code == "BED" and force.active
    assert force.psd_address_lines == ("Woburn Road", "Kempston", "MK43 9AX")
    assert force.opcc_address_lines == ("Bridgebury House", "Kempston")
    assert force.contact_email == "psd@beds.example"
    assert force.report_targets == {"working_days_to_log": 3}
    assert force.national_comparators == {"working_days_to_log": 6.5}
    listing = _text(client.get("/admin/forces"))
    assert "Bedfordshire Police" in listing and "Bedfordshire OPCC" in listing


def test_a_force_is_refused_a_taken_code_or_a_bad_one(client, login_as, db, second_force):
    login_as(Role.ADMIN)
    taken = client.post("/admin/forces/new", data=_force_form(name="Another Police"))
    assert taken.status_code == 400
    page = _text(taken)
    assert PROBLEM in page and "Another force already has the code BED" in page
    assert 'href="#code"' in page  # the summary links to the field
    bad = client.post("/admin/forces/new", data=_force_form(code="B1", name="Other"))
    assert bad.status_code == 400
    assert "2 to 8 letters" in _text(bad)
    number = client.post(
        "/admin/forces/new",
        data=_force_form(code="OTH", name="Other", target_working_days_to_log="soon"),
    )
    assert number.status_code == 400
    assert "The target for working days to log a complaint must be a number" in _text(number)
    assert db.scalar(select(Force).where(Force.code == "OTH")) is None


def test_admin_changes_a_force(client, login_as, db, second_force):
    login_as(Role.ADMIN)
    page = client.get(f"/admin/forces/{second_force.id}")
    assert page.status_code == 200
    assert 'value="BED"' in page.get_data(as_text=True)
    response = client.post(
        f"/admin/forces/{second_force.id}",
        data=_force_form(
            name="Bedfordshire Constabulary",
            code="BDF",
            active="y",
            version=str(second_force.version),
        ),
    )
    assert response.status_code == 302
    db.expire_all()
    force = db.get(Force, second_force.id)
    assert (force.name, force.code, force.psd_name) == (
        "Bedfordshire Constabulary",
        "BDF",
        "Bedfordshire PSD",
    )


def test_a_stale_edit_of_a_force_is_refused_with_the_common_conflict(
    client, login_as, db, second_force
):
    login_as(Role.ADMIN)
    stale = str(second_force.version)
    first = client.post(
        f"/admin/forces/{second_force.id}",
        data=_force_form(psd_name="First PSD", active="y", version=stale),
    )
    assert first.status_code == 302
    second = client.post(
        f"/admin/forces/{second_force.id}",
        data=_force_form(psd_name="Second PSD", active="y", version=stale),
    )
    assert second.status_code == 409
    page = _text(second)
    assert CONFLICT in page
    assert 'value="Second PSD"' in page  # what they typed is not lost
    assert "Saved by someone else just now" in page and "First PSD" in page
    db.expire_all()
    assert db.get(Force, second_force.id).psd_name == "First PSD"


def test_a_force_whose_code_is_in_references_keeps_it(client, login_as, db, second_force):
    handler = factories.user(db, Role.HANDLER, forces=(second_force.id,))
    case = factories.complaint(db, handler=handler, force_id=second_force.id)
    db.commit()
    assert case.reference.startswith("BED-")
    login_as(Role.ADMIN)
    response = client.post(
        f"/admin/forces/{second_force.id}",
        data=_force_form(code="BDF", active="y", version=str(second_force.version)),
    )
    assert response.status_code == 400
    assert "cannot change" in _text(response)
    db.expire_all()
    assert db.get(Force, second_force.id).code == "BED"


def test_the_only_active_force_stays_active(client, login_as, db):
    login_as(Role.ADMIN)
    force = db.get(Force, FIRST_FORCE_ID)
    response = client.post(
        f"/admin/forces/{force.id}",
        data=_force_form(name=force.name, code=force.code, version=str(force.version)),
    )
    assert response.status_code == 400
    assert "The only active force cannot be made inactive" in _text(response)


# Who works for which force. --------------------------------------------------------------


def test_one_force_shows_no_force_on_the_user_pages_or_at_intake(client, login_as, make_user):
    handler = make_user(Role.HANDLER)
    login_as(Role.ADMIN)
    for url in ("/admin/users/new", f"/admin/users/{handler.id}", "/admin/users"):
        page = _text(client.get(url))
        assert FORCES_FIELD not in page and DELEGATES_FIELD not in page, url
        assert "Forces</th>" not in page, url
    client.post("/sign-out")
    sign_in(client, handler.email)
    intake = _text(client.get("/cases/new"))
    assert FORCE_CHOICE not in intake and 'name="force_id"' not in intake


def test_a_second_force_brings_force_fields_and_codes(client, login_as, db, second_force):
    login_as(Role.ADMIN)
    page = _text(client.get("/admin/users/new"))
    assert FORCES_FIELD in page and DELEGATES_FIELD in page
    assert "Bedfordshire Police (BED)" in page
    response = client.post(
        "/admin/users/new",
        data=_user_form(force_ids=[str(FIRST_FORCE_ID), str(second_force.id)]),
    )
    assert response.status_code == 302
    user = db.scalar(select(User).where(User.email == "new.person@force.example"))
    assert {m.force_id for m in user.memberships} == {FIRST_FORCE_ID, second_force.id}
    first_code = db.get(Force, FIRST_FORCE_ID).code
    listing = _text(client.get("/admin/users"))
    assert "Forces</th>" in listing and f"{first_code}, BED" in listing


def test_a_handler_must_be_given_a_force_when_there_are_several(client, login_as, db, second_force):
    login_as(Role.ADMIN)
    response = client.post("/admin/users/new", data=_user_form())
    assert response.status_code == 400
    page = _text(response)
    assert PROBLEM in page and "Choose the force this person works for" in page
    assert db.scalar(select(User).where(User.email == "new.person@force.example")) is None


def test_an_opcc_reviewer_given_two_forces_is_refused(client, login_as, db, second_force):
    login_as(Role.ADMIN)
    both = [str(FIRST_FORCE_ID), str(second_force.id)]
    response = client.post(
        "/admin/users/new", data=_user_form(role="opcc_reviewer", force_ids=both)
    )
    assert response.status_code == 400
    page = _text(response)
    assert PROBLEM in page and "exactly one force" in page
    assert 'href="#force_ids"' in page
    assert "Someone else changed" not in page  # a new account crossed nobody's edit
    assert db.scalar(select(User).where(User.email == "new.person@force.example")) is None
    # And on the edit form: nothing of the change is saved.
    reviewer = factories.user(db, Role.OPCC_REVIEWER, name="Rey Viewer")
    db.commit()
    edit = client.post(
        f"/admin/users/{reviewer.id}",
        data={
            "full_name": "Renamed Reviewer",
            "role": "opcc_reviewer",
            "division_id": "",
            "active": "y",
            "force_ids": both,
            "version": str(reviewer.version),
        },
    )
    assert edit.status_code == 400
    assert "exactly one force" in _text(edit)
    db.expire_all()
    kept = db.get(User, reviewer.id)
    assert kept.full_name == "Rey Viewer"
    assert [m.force_id for m in kept.memberships] == [FIRST_FORCE_ID]


def test_admin_sets_the_forces_an_appropriate_authority_decides_for(
    client, login_as, db, second_force
):
    aa = factories.user(db, Role.APPROPRIATE_AUTHORITY)
    db.commit()
    login_as(Role.ADMIN)
    page = _text(client.get(f"/admin/users/{aa.id}"))
    assert DELEGATES_FIELD in page
    response = client.post(
        f"/admin/users/{aa.id}",
        data={
            "full_name": aa.full_name,
            "role": "appropriate_authority",
            "division_id": "",
            "active": "y",
            "force_ids": [str(FIRST_FORCE_ID), str(second_force.id)],
            "decides_for": [str(second_force.id)],
            "version": str(aa.version),
        },
    )
    assert response.status_code == 302
    db.expire_all()
    memberships = {m.force_id: m.decides for m in db.get(User, aa.id).memberships}
    assert memberships == {FIRST_FORCE_ID: False, second_force.id: True}
    # Deciding for a force they do not work for is refused beside the field.
    refused = client.post(
        f"/admin/users/{aa.id}",
        data={
            "full_name": aa.full_name,
            "role": "appropriate_authority",
            "division_id": "",
            "active": "y",
            "force_ids": [str(FIRST_FORCE_ID)],
            "decides_for": [str(second_force.id)],
            "version": str(db.get(User, aa.id).version),
        },
    )
    assert refused.status_code == 400
    page = _text(refused)
    assert "decides only for a force they work for" in page and 'href="#decides_for"' in page


# Logging a case for one of several forces. -----------------------------------------------


def _day(days_ago: int) -> str:
    day = london_today() - dt.timedelta(days=days_ago)
    return f"{day.day}/{day.month}/{day.year}"


def _intake(**changes) -> dict[str, object]:
    data: dict[str, object] = {
        "case_type": "conduct_matter",
        "received_on": _day(2),
        "channel": "internal",
        "summary": "Officer seen using a police database for a private matter",
    }
    data.update(changes)
    return data


def test_a_handler_of_two_forces_chooses_the_force_of_the_case(client, db, second_force):
    handler = factories.user(db, Role.HANDLER, forces=(FIRST_FORCE_ID, second_force.id))
    db.commit()
    sign_in(client, handler.email)
    page = _text(client.get("/cases/new"))
    assert FORCE_CHOICE in page and "Bedfordshire Police" in page
    unchosen = client.post("/cases/new", data=_intake())
    assert unchosen.status_code == 400
    assert "Choose the force this case is for" in _text(unchosen)
    assert db.scalar(select(Case).where(Case.force_id == second_force.id)) is None
    logged = client.post("/cases/new", data=_intake(force_id=str(second_force.id)))
    assert logged.status_code == 302
    case = db.scalar(select(Case).where(Case.force_id == second_force.id))
    assert case is not None and case.reference.startswith("BED-")


def test_a_handler_of_one_force_among_several_chooses_nothing(client, db, second_force):
    handler = factories.user(db, Role.HANDLER, forces=(second_force.id,))
    db.commit()
    sign_in(client, handler.email)
    assert FORCE_CHOICE not in _text(client.get("/cases/new"))
    logged = client.post("/cases/new", data=_intake())
    assert logged.status_code == 302
    case = db.scalar(select(Case).where(Case.force_id == second_force.id))
    assert case.reference.startswith("BED-")


def test_a_force_not_theirs_is_refused_on_the_form(client, db, second_force):
    third = factories.force(db, code="HRT", name="Hertfordshire Constabulary")
    handler = factories.user(db, Role.HANDLER, forces=(FIRST_FORCE_ID, second_force.id))
    db.commit()
    sign_in(client, handler.email)
    response = client.post("/cases/new", data=_intake(force_id=str(third.id)))
    assert response.status_code == 400
    assert "Choose a force you work for from the list" in _text(response)
    assert db.scalar(select(Case).where(Case.force_id == third.id)) is None


def test_the_opccs_own_contact_details_are_kept_for_its_letters(client, login_as, db):
    login_as(Role.ADMIN)
    response = client.post(
        "/admin/forces/new",
        data=_force_form(
            opcc_email="complaints@beds-pcc.example",
            opcc_phone="01234 567890",
            opcc_website="www.beds-pcc.example",
        ),
    )
    assert response.status_code == 302
    force = db.scalar(select(Force).where(Force.name == "Bedfordshire Police"))
    assert force.opcc_contact_lines == (
        "Email: complaints@beds-pcc.example",
        "Phone: 01234 567890",
        "Web: www.beds-pcc.example",
    )
    refused = client.post(
        "/admin/forces/new",
        data=_force_form(code="OTH", name="Other Police", opcc_email="not an address"),
    )
    assert refused.status_code == 400
    assert "like opcc@example.org" in _text(refused)
