"""Signing in and out: the front door, its error messages and how long a sign-in lasts."""

from __future__ import annotations

from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.common.audit_model import AuditEvent
from tests import factories
from tests.conftest import sign_in
from tests.signing import next_code


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.location.endswith("/sign-in")


def test_protected_page_redirects_to_sign_in_and_back(client, make_user):
    user = make_user(Role.HANDLER)
    response = client.get("/cases/?state=logged")
    assert response.status_code == 302
    assert "/sign-in?next=" in response.location
    response = client.post(
        response.location, data={"email": user.email, "password": "correct horse battery staple"}
    )
    assert response.location == "/sign-in/two-factor"  # not yet: the second factor first
    assert client.get("/cases/?state=logged").status_code == 302
    response = client.post("/sign-in/two-factor", data={"code": next_code(user.email)})
    assert response.status_code == 302
    assert response.location == "/cases/?state=logged"


def test_sign_in_shows_handler_their_assigned_cases(client, make_user, db):
    user = make_user(Role.HANDLER, name="Hana Handler")
    other = make_user(Role.HANDLER)
    mine = factories.complaint(db, handler=user)
    theirs = factories.complaint(db, handler=other)
    db.commit()
    sign_in(client, user.email)
    page = client.get("/").get_data(as_text=True)
    assert "Hana Handler" in page
    assert "Your open cases (1)" in page
    assert mine.reference in page
    assert theirs.reference not in page


def test_handler_with_no_cases_is_told_so(client, login_as):
    login_as(Role.HANDLER)
    assert "You have no open cases assigned to you" in client.get("/").get_data(as_text=True)


def test_empty_sign_in_form_gets_error_summary_not_500(client):
    response = client.post("/sign-in", data={})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert "Enter your email address" in page
    assert "Enter your password" in page


def test_malformed_email_is_explained(client):
    response = client.post("/sign-in", data={"email": "not-an-email", "password": "x"})
    assert response.status_code == 400
    assert "Enter an email address in the correct format" in response.get_data(as_text=True)


def test_wrong_password_keeps_email_and_is_audited(client, make_user, db):
    user = make_user(Role.HANDLER)
    response = client.post("/sign-in", data={"email": user.email, "password": "wrong password"})
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "Enter a correct email address and password" in page
    assert f'value="{user.email}"' in page
    failed = db.scalars(select(AuditEvent).where(AuditEvent.action == "login_failed")).all()
    assert [e.entity_id for e in failed] == [user.id]
    assert "wrong password" not in (failed[0].changes or {})


def test_unknown_email_gets_the_same_message(client):
    response = client.post("/sign-in", data={"email": "nobody@test.example", "password": "x"})
    assert response.status_code == 401
    assert "Enter a correct email address and password" in response.get_data(as_text=True)


def test_sign_out_ends_the_session(client, login_as):
    login_as(Role.HANDLER)
    response = client.post("/sign-out")
    assert response.status_code == 302
    assert client.get("/cases/").status_code == 302


def test_sign_out_needs_a_post(client, login_as):
    login_as(Role.HANDLER)
    assert client.get("/sign-out").status_code == 405
    assert client.get("/cases/").status_code == 200


def test_open_redirect_is_refused(client, make_user):
    user = make_user(Role.HANDLER)
    client.post(
        "/sign-in?next=https://evil.example/",
        data={"email": user.email, "password": "correct horse battery staple"},
    )
    response = client.post("/sign-in/two-factor", data={"code": next_code(user.email)})
    assert response.location == "/"


def test_a_session_lasts_one_shift(client, app, make_user):
    user = make_user(Role.HANDLER)
    response = sign_in(client, user.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Expires=" in cookie  # a shift-long session, not one that outlives the browser
    assert app.config["PERMANENT_SESSION_LIFETIME"] == 8 * 60 * 60


def test_a_copied_session_cookie_stops_working_at_sign_out(client, app, make_user):
    user = make_user(Role.HANDLER)
    sign_in(client, user.email)
    copied = client.get_cookie("session").value
    client.post("/sign-out")
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/cases/").status_code == 302


def test_a_sign_in_ends_after_one_shift_however_busy(client, app, make_user):
    user = make_user(Role.HANDLER)
    sign_in(client, user.email)
    assert client.get("/cases/").status_code == 200
    with client.session_transaction() as session:
        session["signed_in_at"] -= 8 * 60 * 60 + 1
    assert client.get("/cases/").status_code == 302


def test_a_screen_left_alone_is_signed_out(client, app, make_user):
    """Thirty minutes without a request (SESSION_IDLE_MINUTES) ends a sign-in, and the
    sign-in page says why; any request before then keeps it going."""
    user = make_user(Role.HANDLER)
    sign_in(client, user.email)
    with client.session_transaction() as session:
        session["last_seen"] -= 29 * 60
    assert client.get("/cases/").status_code == 200  # and that request counts as activity
    with client.session_transaction() as session:
        session["last_seen"] -= 31 * 60
    left = client.get("/cases/")
    assert left.status_code == 302 and "/sign-in" in left.location
    page = client.get(left.location).get_data(as_text=True)
    assert "nothing was done for 30 minutes" in page
    assert client.get("/cases/").status_code == 302  # still signed out


def test_behind_https_the_browser_is_told_to_stay_there(client, app):
    assert "Strict-Transport-Security" not in client.get("/sign-in").headers
    app.config["SESSION_COOKIE_SECURE"] = True
    assert "max-age=31536000" in client.get("/sign-in").headers["Strict-Transport-Security"]
