"""Hand-made requests get a page or a 4xx, never a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import select

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


def test_control_characters_never_reach_the_database(client, login_as, db):
    """A NUL byte (PostgreSQL refuses to store one) or another control character in any
    field or parameter is removed at the edge: the note is kept without it, and a search
    for it answers."""
    from complaints.cases.models import Note
    from tests import factories

    handler = login_as(Role.HANDLER)
    case = factories.complaint(db, handler=handler)
    db.commit()
    saved = client.post(
        f"/cases/{case.id}/notes/new",
        data={"version": case.version, "body": "Jo\x00Public rang\x0b back\tat 3pm\r\nLater"},
    )
    assert saved.status_code == 302
    assert db.scalars(select(Note.body).where(Note.case_id == case.id)).all() == [
        "JoPublic rang back\tat 3pm\r\nLater"
    ]
    search = client.get("/cases/", query_string={"q": "rude\x00", "state\x00": "logged"})
    assert search.status_code == 200


def test_a_blank_choice_is_no_choice(client, login_as, db):
    """A hand-made ' ' for a person's id is answered as a missing choice, not a crash."""
    from tests import factories

    login_as(Role.APPROPRIATE_AUTHORITY)
    case = factories.complaint(db)
    db.commit()
    response = client.post(
        f"/cases/{case.id}/assign",
        data={"version": case.version, "handler_id": " ", "decision_maker_id": ""},
    )
    assert response.status_code == 400
    assert "Choose a handler or a decision maker" in response.get_data(as_text=True)
