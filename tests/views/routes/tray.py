"""Routes of the work tray and bring-forward dates (see test_route_permissions)."""

from __future__ import annotations

from complaints.auth.roles import Role
from complaints.tray import services
from tests import factories
from tests.views.routes import CASE_READERS, R

ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    "tray.index": ("GET", "/tray", CASE_READERS),
    "tray.digest": ("GET", "/account/digest", CASE_READERS),
    # On a case the person may see: everyone who reads cases, on the cases they read.
    "tray.add_bring_forward": ("GET", "/cases/{case_id}/bring-forward", CASE_READERS),
    "tray.mark_done": ("POST", "/tray/bring-forward/{bring_forward_id}/done", CASE_READERS),
}
NOT_FOUND_FOR: dict[str, frozenset[Role]] = {
    # A bring-forward date is its setter's own: to everyone else it is not there.
    "tray.mark_done": CASE_READERS,
}


def objects(db, world) -> dict:
    """Someone else's bring-forward date on the world's case."""
    other = factories.user(db, R.HANDLER)
    reminder = services.add_bring_forward(
        db,
        factories.actor_for(other),
        world["case"],
        services.BringForwardData(due_on=factories.NOW.date(), note="Chase CCTV"),
        factories.NOW,
    )
    db.commit()
    return {"bring_forward_id": reminder.id}
