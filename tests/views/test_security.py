"""Browser-facing protections: CSRF on every form, strict headers, no caching of cases."""

from __future__ import annotations

import re

from complaints.auth.roles import Role
from tests import factories


def test_forms_without_a_csrf_token_are_refused(app, client, make_user):
    app.config["WTF_CSRF_ENABLED"] = True
    user = make_user(Role.HANDLER)
    response = client.post("/sign-in", data={"email": user.email, "password": factories.PASSWORD})
    assert response.status_code == 400
    assert "Your form timed out" in response.get_data(as_text=True)


def test_a_real_csrf_token_lets_the_form_through(app, client, make_user):
    app.config["WTF_CSRF_ENABLED"] = True
    user = make_user(Role.HANDLER)
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/sign-in", data={"email": user.email, "password": factories.PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_security_headers(client):
    response = client.get("/sign-in")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert f'nonce="{nonce}"' in response.get_data(as_text=True)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"


def test_the_header_names_the_force_not_gov_uk(client):
    page = client.get("/sign-in").get_data(as_text=True)
    assert "Northshire Police" in page
    assert "GOV.UK" not in page
    assert "govuk-header__logotype" not in page  # no crown


def test_stylesheet_is_served_from_assets(client):
    response = client.get("/assets/application.css")
    assert response.status_code == 200
    assert b"govuk-header" in response.data
    response.close()
