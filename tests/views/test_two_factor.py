"""Two-factor sign-in: a password alone opens nothing; codes work once; a lost phone
has recovery codes and, failing those, an administrator's audited reset."""

from __future__ import annotations

import re

from sqlalchemy import select

from complaints.auth import two_factor
from complaints.auth.roles import Role
from complaints.common.audit_model import AuditEvent
from complaints.common.clock import utcnow
from tests import factories
from tests.signing import next_code, sign_in


def _password(client, user, password=factories.PASSWORD):
    return client.post("/sign-in", data={"email": user.email, "password": password})


def test_a_stolen_password_alone_gets_nowhere(client, make_user, world, db):
    user = make_user(Role.APPROPRIATE_AUTHORITY)
    response = _password(client, user)
    assert response.location == "/sign-in/two-factor"
    for page in ("/", "/cases/", f"/cases/{world['case_id']}", "/account"):
        refused = client.get(page)
        assert refused.status_code == 302 and "/sign-in" in refused.location, page
    wrong = client.post("/sign-in/two-factor", data={"code": "000000"})
    assert wrong.status_code == 401
    page = wrong.get_data(as_text=True)
    assert "There is a problem" in page and "Enter the code your authenticator app" in page
    assert client.get("/cases/").status_code == 302
    failed = select(AuditEvent).where(
        AuditEvent.action == "login_failed", AuditEvent.entity_id == user.id
    )
    assert [e.summary for e in db.scalars(failed)] == ["wrong code"]


def test_the_right_code_signs_in_once(client, app, make_user):
    user = make_user(Role.HANDLER)
    _password(client, user)
    code = next_code(user.email)
    assert client.post("/sign-in/two-factor", data={"code": code}).status_code == 302
    assert client.get("/cases/").status_code == 200
    # Someone who saw the code over the person's shoulder cannot use it again.
    other = app.test_client()
    _password(other, user)
    assert other.post("/sign-in/two-factor", data={"code": code}).status_code == 401
    assert other.get("/cases/").status_code == 302


def test_the_second_step_needs_the_first(client, make_user):
    make_user(Role.HANDLER)
    response = client.post("/sign-in/two-factor", data={"code": "123456"})
    assert response.status_code == 302 and response.location == "/sign-in"
    assert "took too long" in client.get("/sign-in").get_data(as_text=True)


def test_a_half_finished_sign_in_expires(client, make_user):
    user = make_user(Role.HANDLER)
    _password(client, user)
    with client.session_transaction() as session:
        session["pending_sign_in"] = session["pending_sign_in"] | {
            "at": session["pending_sign_in"]["at"] - 11 * 60
        }
    response = client.post("/sign-in/two-factor", data={"code": next_code(user.email)})
    assert response.location == "/sign-in"
    assert client.get("/cases/").status_code == 302


def test_first_sign_in_sets_up_the_app_and_shows_recovery_codes(client, make_user, db):
    user = make_user(Role.INVESTIGATOR, enrolled=False)
    response = _password(client, user)
    assert response.location == "/sign-in/set-up-two-factor"
    assert client.get("/sign-in/two-factor").location == "/sign-in/set-up-two-factor"
    page = client.get("/sign-in/set-up-two-factor").get_data(as_text=True)
    assert "<svg" in page  # the QR code
    shown = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    secret = shown.replace(" ", "")
    db.expire_all()
    assert db.get(type(user), user.id).totp_secret == secret
    assert client.get("/cases/").status_code == 302  # not signed in yet

    wrong = client.post("/sign-in/set-up-two-factor", data={"code": "000000"})
    assert wrong.status_code == 400 and "There is a problem" in wrong.get_data(as_text=True)

    codes_page = client.post(
        "/sign-in/set-up-two-factor", data={"code": two_factor.current_code(secret, utcnow())}
    )
    assert codes_page.status_code == 200
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", codes_page.get_data(as_text=True))
    assert len(codes) == 10 and len(set(codes)) == 10
    done = client.get("/sign-in/two-factor")
    assert done.status_code == 302 and done.location == "/"
    assert client.get("/cases/").status_code == 200
    stored = db.scalars(
        select(AuditEvent.action).where(
            AuditEvent.entity_id == user.id, AuditEvent.entity_type == "users"
        )
    ).all()
    assert "two_factor_enrolled" in stored and "login" in stored


def _recovery_codes(db, user) -> list[str]:
    codes = two_factor.new_recovery_codes(db, factories.actor_for(user), user, utcnow())
    db.commit()
    return codes


def test_a_recovery_code_works_once(client, app, make_user, db):
    user = make_user(Role.HANDLER)
    codes = _recovery_codes(db, user)
    _password(client, user)
    assert client.get("/sign-in/recovery-code").status_code == 200
    response = client.post("/sign-in/recovery-code", data={"code": codes[3].upper()})
    assert response.status_code == 302 and response.location == "/"
    page = client.get("/").get_data(as_text=True)
    assert "You have 9 left" in page
    again = app.test_client()
    _password(again, user)
    assert again.post("/sign-in/recovery-code", data={"code": codes[3]}).status_code == 401
    assert again.get("/cases/").status_code == 302
    assert again.post("/sign-in/recovery-code", data={"code": codes[4]}).status_code == 302


def test_new_recovery_codes_replace_the_old(client, app, make_user, db):
    user = make_user(Role.HANDLER)
    old = _recovery_codes(db, user)
    sign_in(client, user.email)
    page = client.post("/account/recovery-codes").get_data(as_text=True)
    new = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", page)
    assert len(new) == 10 and not set(new) & set(old)
    other = app.test_client()
    _password(other, user)
    assert other.post("/sign-in/recovery-code", data={"code": old[0]}).status_code == 401
    assert other.post("/sign-in/recovery-code", data={"code": new[0]}).status_code == 302


def test_an_administrators_reset_is_audited_and_asks_for_set_up_again(client, app, make_user, db):
    person = make_user(Role.HANDLER)
    theirs = app.test_client()
    sign_in(theirs, person.email)
    admin = make_user(Role.ADMIN)
    sign_in(client, admin.email)
    page = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert "Reset two-factor sign-in" in page
    response = client.post(f"/admin/users/{person.id}/reset-two-factor")
    assert response.status_code == 302
    assert "Two-factor sign-in reset" in client.get(response.location).get_data(as_text=True)
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "two_factor_reset")).one()
    assert (event.actor_id, event.entity_id) == (admin.id, person.id)
    # Their open sessions end, and their next sign-in sets the app up again.
    assert theirs.get("/cases/").status_code == 302
    assert _password(theirs, person).location == "/sign-in/set-up-two-factor"
    db.expire_all()
    assert not db.get(type(person), person.id).recovery_codes


def test_only_administrators_reset(client, login_as, make_user):
    person = make_user(Role.HANDLER)
    login_as(Role.APPROPRIATE_AUTHORITY)
    assert client.post(f"/admin/users/{person.id}/reset-two-factor").status_code == 403
