"""Bring-forward dates: each person's own, on their case's force, refused when nonsense."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text

from complaints.auth.roles import Role
from complaints.tray import services
from complaints.tray.models import BringForward
from tests import factories

NOW = factories.NOW
TODAY = NOW.date()


@pytest.fixture()
def setting(db):
    handler = factories.user(db, Role.HANDLER)
    case = factories.complaint(db, handler=handler)
    reminder = services.add_bring_forward(
        db,
        factories.actor_for(handler),
        case,
        services.BringForwardData(due_on=TODAY + dt.timedelta(days=3), note="  chase   CCTV "),
        NOW,
    )
    return handler, case, reminder


def test_a_bring_forward_carries_its_cases_force_and_a_tidied_note(db, setting):
    handler, case, reminder = setting
    assert (reminder.force_id, reminder.user_id, reminder.note) == (
        case.force_id,
        handler.id,
        "chase CCTV",
    )


@pytest.mark.parametrize(
    ("due_on", "note", "why"),
    [
        (TODAY - dt.timedelta(days=1), "Chase", "today or in the future"),
        (TODAY + dt.timedelta(days=800), "Chase", "within the next two years"),
        (TODAY, "   ", "Say what to do"),
        (TODAY, "x" * 121, "120 characters or fewer"),
    ],
)
def test_nonsense_is_refused(db, setting, due_on, note, why):
    handler, case, _ = setting
    with pytest.raises(services.TrayError, match=why):
        services.add_bring_forward(
            db,
            factories.actor_for(handler),
            case,
            services.BringForwardData(due_on=due_on, note=note),
            NOW,
        )


def test_only_its_setter_marks_it_done_or_changes_their_digest(db, setting):
    handler, _, reminder = setting
    other = factories.user(db, Role.HANDLER)
    with pytest.raises(services.TrayError, match="Only the person who set"):
        services.mark_done(db, factories.actor_for(other), reminder, NOW)
    with pytest.raises(services.TrayError, match="their own digest"):
        services.set_digest(db, factories.actor_for(other), handler, False, NOW)
    services.mark_done(db, factories.actor_for(handler), reminder, NOW)
    assert reminder.done_at == NOW


def test_postgresql_keeps_a_forces_bring_forwards_to_that_forces_people(db, setting):
    """Row-level security (as migration 0012 set it for a force's tables): with the
    request's forces set, another force's reminders are not there, whatever the query."""
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("row-level security is PostgreSQL's")
    _, case, _ = setting
    db.flush()
    # An ordinary role, as production connects with: superusers skip row-level security.
    schema = db.scalar(text("SELECT current_schema()"))
    db.execute(text("CREATE ROLE complaints_rls_probe"))
    db.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO complaints_rls_probe'))
    db.execute(text("GRANT SELECT ON bring_forwards TO complaints_rls_probe"))
    db.execute(text("SET LOCAL ROLE complaints_rls_probe"))
    count = select(func.count()).select_from(BringForward)
    try:
        db.execute(text("SELECT set_config('complaints.forces', :f, true)"), {"f": "999"})
        assert db.scalar(count) == 0
        forces = str(case.force_id)
        db.execute(text("SELECT set_config('complaints.forces', :f, true)"), {"f": forces})
        assert db.scalar(count) == 1
    finally:
        db.execute(text("RESET ROLE"))
        db.execute(text("SELECT set_config('complaints.forces', '', true)"))
