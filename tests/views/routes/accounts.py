"""Routes of signing in and of a person's own account (see test_route_permissions)."""

from __future__ import annotations

from complaints.auth.roles import Role
from complaints.mail import outbox
from tests import factories
from tests.views.routes import ALL_ROLES, PUBLIC, R

ADMINS = frozenset({R.ADMIN})

ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    # The steps after the password: with no sign-in under way they send back to the start.
    "auth.code": ("GET", "/sign-in/two-factor", PUBLIC),
    "auth.recovery_code": ("GET", "/sign-in/recovery-code", PUBLIC),
    "auth.enrol": ("GET", "/sign-in/set-up-two-factor", PUBLIC),
    "auth.new_password": ("GET", "/sign-in/new-password", PUBLIC),
    "account.index": ("GET", "/account", ALL_ROLES),
    "account.password": ("GET", "/account/password", ALL_ROLES),
    "account.recovery_codes": ("POST", "/account/recovery-codes", ALL_ROLES),
    "account.keep_alive": ("POST", "/account/keep-alive", ALL_ROLES),
    "account.sign_out_other_devices": ("POST", "/account/sign-out-other-devices", ALL_ROLES),
    "admin.reset_two_factor": ("POST", "/admin/users/{user_id}/reset-two-factor", ADMINS),
    "admin.sign_in_attempts": ("GET", "/admin/sign-in-attempts", ADMINS),
    "admin.mail": ("GET", "/admin/mail", ADMINS),
    "admin.mail_message": ("GET", "/admin/mail/{message_id}", ADMINS),
}
NOT_FOUND_FOR: dict[str, frozenset[Role]] = {}


def objects(db, world) -> dict:
    message = outbox.queue(
        db,
        outbox.Email(to="someone@test.example", subject="A notice", body="Words", kind="test"),
        factories.NOW,
    )
    return {"message_id": message.id}
