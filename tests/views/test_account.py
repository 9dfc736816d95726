"""A person's own account: their password, their other sessions, who signed in as them."""

from __future__ import annotations

from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.common.audit_model import AuditEvent
from tests import factories
from tests.signing import sign_in


def _change(client, new: str, *, current: str = factories.PASSWORD):
    return client.post(
        "/account/password", data={"current": current, "password": new, "confirm": new}
    )


def test_a_person_changes_their_own_password(client, app, make_user, db):
    person = make_user(Role.INVESTIGATOR)
    elsewhere = app.test_client()
    sign_in(elsewhere, person.email)
    sign_in(client, person.email)
    assert client.get("/account").status_code == 200

    wrong = _change(client, "lantern orchard velvet", current="not it")
    assert wrong.status_code == 400
    assert "Your current password is not correct" in wrong.get_data(as_text=True)

    weak = _change(client, "Northshire2026!")
    assert weak.status_code == 400
    assert "Use three or four unrelated words" in weak.get_data(as_text=True)

    named = _change(client, person.email.split("@")[0] + "2026")
    assert named.status_code == 400  # their own address is the first thing a guesser tries

    done = _change(client, "lantern orchard velvet")
    assert done.status_code == 302
    assert "Your password has been changed" in client.get(done.location).get_data(as_text=True)
    assert client.get("/cases/").status_code == 200  # this session carries on
    assert elsewhere.get("/cases/").status_code == 302  # every other one has ended
    client.post("/sign-out")
    sign_in(client, person.email, "lantern orchard velvet")
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "password_changed")).one()
    assert event.entity_id == person.id and "lantern" not in str(event.changes)


def test_signing_out_other_devices_keeps_this_one(client, app, make_user):
    person = make_user(Role.HANDLER)
    lost = app.test_client()
    sign_in(lost, person.email)
    sign_in(client, person.email)
    response = client.post("/account/sign-out-other-devices")
    assert response.status_code == 302
    assert "signed out on every other device" in client.get(response.location).get_data(
        as_text=True
    )
    assert client.get("/cases/").status_code == 200
    assert lost.get("/cases/").status_code == 302


def test_a_person_sees_their_recent_sign_ins_and_failed_attempts(client, make_user):
    person = make_user(Role.HANDLER)
    client.post(
        "/sign-in",
        data={"email": person.email, "password": "a wrong guess"},
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )
    sign_in(client, person.email)
    page = client.get("/account").get_data(as_text=True)
    assert "Recent sign-ins" in page
    assert "203.0.113.9" in page and "Failed: wrong password" in page
    assert "Signed in (authenticator app)" in page
    assert "10 recovery codes left" not in page  # the factory made none
    assert "0 recovery codes left" in page


def test_the_account_page_links_from_every_page(client, login_as):
    login_as(Role.BOARD_MEMBER)
    assert 'href="/account"' in client.get("/").get_data(as_text=True)
