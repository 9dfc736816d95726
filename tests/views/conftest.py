"""Fixtures the page tests share."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from complaints.auth.roles import Role as R
from tests import factories
from tests.signing import sign_in
from tests.views.routes import areas


@pytest.fixture()
def aa(client, db):
    """A signed-in appropriate authority, Aled Authority."""
    user = factories.user(db, R.APPROPRIATE_AUTHORITY, name="Aled Authority")
    db.commit()
    sign_in(client, user.email)
    return user


@pytest.fixture()
def world(db, make_user, app):
    """One ordinary case, the people around it, and ids to fill the URLs."""
    handler = make_user(R.HANDLER)
    case = factories.complaint(db, handler=handler)
    attachment = factories.attachment(db, case, app.config["FILES_DIR"])
    db.commit()
    world = {
        "case": case,
        "case_id": case.id,
        "user_id": handler.id,
        "category_id": factories.category(db, "A1").id,
        "allegation_id": case.allegations[0].id,
        "case_subject_id": case.subjects[0].id,
        "attachment_id": attachment.id,
    }
    for area in areas():
        world |= area.objects(db, world)
    return world


@pytest.fixture()
def statements(connection):
    """Every statement the app sends while a page is made."""
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(connection, "before_cursor_execute", count)
    yield seen
    event.remove(connection, "before_cursor_execute", count)
