"""Errors are GOV.UK pages with a way back; an unexpected failure leaks nothing."""

from __future__ import annotations

from complaints.auth.roles import Role


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
