"""Hand-made requests get a page or a 4xx, never a 500."""

from __future__ import annotations

import pytest

from complaints.auth.roles import Role

HUGE = "9" * 30


@pytest.mark.parametrize(
    "url",
    [
        "/cases/?endpoint=x",
        "/cases/?_anchor=x&_method=POST",
        "/cases/?_external=1&_scheme=javascript",
        "/cases/?page=%C2%B2",
        "/cases/?page=" + HUGE,
        "/cases/?q=CO/%C2%B2/1",
        f"/cases/?q=CO/{HUGE}/1",
        "/cases/?q=%25",
        "/cases/?state=logged&state=logged&sort=nonsense&order=sideways",
        f"/cases/{HUGE}",
        "/cases/0",
    ],
)
def test_crafted_case_list_requests(client, login_as, url):
    login_as(Role.APPROPRIATE_AUTHORITY)
    assert client.get(url).status_code in (200, 400, 404)


def test_links_on_a_crafted_page_keep_to_this_site(client, login_as):
    login_as(Role.APPROPRIATE_AUTHORITY)
    page = client.get("/cases/?_external=1&_scheme=javascript&sort=received").get_data(as_text=True)
    assert "javascript:" not in page


@pytest.mark.parametrize(
    "method, url, data",
    [
        ("GET", f"/admin/users/{HUGE}", None),
        ("POST", f"/admin/categories/{HUGE}/toggle", {}),
        ("POST", "/admin/users/1", {"full_name": "X", "role": "admin", "version": "\u00b2"}),
        ("POST", "/admin/users/new", {"email": "a@b.example", "role": "superuser"}),
    ],
)
def test_crafted_admin_requests(client, login_as, method, url, data):
    login_as(Role.ADMIN)
    response = client.get(url) if method == "GET" else client.post(url, data=data)
    assert response.status_code in (200, 302, 400, 404, 409)


def test_percent_sign_search_is_literal(client, login_as, db):
    from tests import factories

    handler = login_as(Role.HANDLER)
    factories.complaint(db, handler=handler)
    db.commit()
    assert "No cases match" in client.get("/cases/?q=%25").get_data(as_text=True)
