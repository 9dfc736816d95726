"""Errors are GOV.UK pages with a way back; an unexpected failure leaks nothing."""

from __future__ import annotations

from complaints.auth.roles import Role
from complaints.reference.models import Division
from complaints.web import db
from tests.conftest import sign_in


def test_unknown_page_is_a_friendly_404(client, login_as):
    login_as(Role.HANDLER)
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Page not found" in page and "Go to your start page" in page


def test_an_unexpected_error_is_a_500_page_without_details(fresh_app, caplog):
    app, client = fresh_app, fresh_app.test_client()

    def explode():
        raise RuntimeError("secret detail: Jo Public, 1 High Street")

    explode.access_declaration = "public"
    app.add_url_rule("/explode", "explode", explode)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/explode")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Sorry, there is a problem with the service" in page
    assert "secret detail" not in page and "Traceback" not in page
    assert "RuntimeError" in caplog.text
    assert "Jo Public" not in caplog.messages[-1]


def test_wrong_method_is_answered_not_crashed(client):
    assert client.put("/sign-in").status_code == 405


def test_a_failed_write_still_gets_the_error_page_and_the_next_request_works(fresh_app, make_user):
    """The error handler rolls the request's session back before it renders: the page
    (which reads the signed-in user through that session) would fail too otherwise."""
    app = fresh_app

    def fail_to_save():
        session = db()
        session.add(Division(code="X1", name=None))  # refused: a division needs a name
        session.flush()

    fail_to_save.access_declaration = "signed_in"
    app.add_url_rule("/fail-to-save", "fail_to_save", fail_to_save)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = app.test_client()
    sign_in(client, make_user(Role.HANDLER).email)
    response = client.get("/fail-to-save")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Sorry, there is a problem with the service" in page
    assert "Sign out" in page  # rendered for the signed-in user, from the rolled-back session
    assert client.get("/").status_code == 200
