"""Routes of the public complaint form: anyone may use them, signed in or not (see
test_route_permissions). Without a form started, its pages send people to the start."""

from __future__ import annotations

from complaints.auth.roles import Role
from tests.views.routes import ALL_ROLES, PUBLIC

ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    "public.start": ("GET", "/complain", PUBLIC),
    "public.question": ("GET", "/complain/what", PUBLIC),
    "public.files": ("GET", "/complain/files", PUBLIC),
    "public.check": ("GET", "/complain/check", PUBLIC),
    "public.sent": ("GET", "/complain/sent", PUBLIC),
}
# The confirmation exists only for the browser that has just sent a complaint.
NOT_FOUND_FOR: dict[str, frozenset[Role]] = {"public.sent": ALL_ROLES}


def objects(db, world) -> dict:
    return {}


# Track my complaint: open to anyone; without a spent link, its pages send people to ask
# for one, and a link never sent is not found.
ROUTES.update(
    {
        "track.ask": ("GET", "/track", PUBLIC),
        "track.open_link": ("GET", "/track/link/no-such-link", PUBLIC),
        "track.complaint": ("GET", "/track/complaint", PUBLIC),
        "track.letter": ("GET", "/track/letters/1", PUBLIC),
        "track.letter_html": ("GET", "/track/letters/1/html", PUBLIC),
        "track.sign_out": ("POST", "/track/sign-out", PUBLIC),
        "track.contact_preference": ("POST", "/track/contact-preference", PUBLIC),
        "track.withdraw": ("POST", "/track/withdraw", PUBLIC),
        "track.review": ("POST", "/track/review", PUBLIC),
    }
)
NOT_FOUND_FOR["track.open_link"] = ALL_ROLES
