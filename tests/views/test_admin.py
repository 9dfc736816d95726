"""Administrators manage accounts and reference data."""

from __future__ import annotations

from sqlalchemy import select

from complaints.auth import two_factor
from complaints.auth.models import User
from complaints.auth.roles import Role
from complaints.common.clock import utcnow
from complaints.reference.models import AllegationCategory
from tests import factories
from tests.conftest import sign_in


def test_admin_creates_an_account_whose_owner_sets_up_two_factor_and_a_password(
    client, login_as, db
):
    """The password an administrator chose is known to two people: at first sign-in its
    owner sets up the authenticator app, then must choose a password of their own."""
    login_as(Role.ADMIN)
    response = client.post(
        "/admin/users/new",
        data={
            "email": "New.Person@Force.Example",
            "full_name": "New Person",
            "role": "handler",
            "division_id": "",
            "password": "a long enough password",
            "active": "y",
        },
    )
    assert response.status_code == 302
    user = db.scalar(select(User).where(User.email == "new.person@force.example"))
    assert user.role == Role.HANDLER
    assert user.must_change_password and not user.enrolled
    client.post("/sign-out")
    response = client.post(
        "/sign-in",
        data={"email": "new.person@force.example", "password": "a long enough password"},
    )
    assert response.location == "/sign-in/set-up-two-factor"
    client.get(response.location)
    db.expire_all()
    secret = db.get(User, user.id).totp_secret
    client.post(
        "/sign-in/set-up-two-factor", data={"code": two_factor.current_code(secret, utcnow())}
    )
    response = client.get("/sign-in/two-factor")
    assert response.location == "/sign-in/new-password"
    assert client.get("/cases/").status_code == 302  # not until the password is theirs
    weak = client.post(
        "/sign-in/new-password", data={"password": "password1234", "confirm": "password1234"}
    )
    assert weak.status_code == 400
    assert "This is a very common password" in weak.get_data(as_text=True)
    mismatch = client.post(
        "/sign-in/new-password",
        data={"password": "lantern orchard velvet", "confirm": "lantern orchard"},
    )
    assert "The passwords do not match" in mismatch.get_data(as_text=True)
    response = client.post(
        "/sign-in/new-password",
        data={"password": "lantern orchard velvet", "confirm": "lantern orchard velvet"},
    )
    assert response.status_code == 302 and response.location == "/"
    assert client.get("/cases/").status_code == 200
    client.post("/sign-out")
    wrong = client.post(
        "/sign-in",
        data={"email": "new.person@force.example", "password": "a long enough password"},
    )
    assert wrong.status_code == 401  # the administrator's password no longer works


def test_new_account_form_errors_keep_the_input(client, login_as):
    login_as(Role.ADMIN)
    response = client.post(
        "/admin/users/new",
        data={"email": "someone@force.example", "full_name": "", "role": "", "password": "short"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for message in (
        "Enter the person&#39;s full name",
        "Choose a role",
        "Password must be 12 characters or more",
    ):
        assert message in page
    assert 'value="someone@force.example"' in page


def test_duplicate_email_is_explained(client, login_as, make_user):
    existing = make_user(Role.HANDLER)
    login_as(Role.ADMIN)
    response = client.post(
        "/admin/users/new",
        data={
            "email": existing.email,
            "full_name": "Twin",
            "role": "handler",
            "password": "a long enough password",
        },
    )
    assert response.status_code == 400
    assert "already exists" in response.get_data(as_text=True)


def test_role_change_signs_the_person_out(client, app, login_as, make_user, db):
    handler = make_user(Role.HANDLER)
    other_client = app.test_client()
    sign_in(other_client, handler.email)
    assert other_client.get("/cases/").status_code == 200
    login_as(Role.ADMIN)
    response = client.post(
        f"/admin/users/{handler.id}",
        data={
            "full_name": handler.full_name,
            "role": "investigator",
            "division_id": "",
            "active": "y",
            "version": str(handler.version),
        },
    )
    assert response.status_code == 302
    assert other_client.get("/cases/").status_code == 302  # signed out


def test_concurrent_edits_of_an_account_are_detected(client, login_as, make_user, db):
    handler = make_user(Role.HANDLER, name="Old Name")
    stale_version = str(handler.version)
    login_as(Role.ADMIN)
    client.post(
        f"/admin/users/{handler.id}",
        data={
            "full_name": "First Edit",
            "role": "handler",
            "division_id": "",
            "active": "y",
            "version": stale_version,
        },
    )
    response = client.post(
        f"/admin/users/{handler.id}",
        data={
            "full_name": "Second Edit",
            "role": "handler",
            "division_id": "",
            "active": "y",
            "version": stale_version,
        },
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else changed this account" in page
    assert 'value="Second Edit"' in page  # what they typed is not lost
    assert "Saved by someone else just now" in page and "First Edit" in page
    db.expire_all()
    assert db.get(User, handler.id).full_name == "First Edit"


def test_admin_cannot_demote_themselves(client, login_as):
    admin = login_as(Role.ADMIN)
    response = client.post(
        f"/admin/users/{admin.id}",
        data={
            "full_name": admin.full_name,
            "role": "handler",
            "division_id": "",
            "active": "y",
            "version": str(admin.version),
        },
    )
    assert response.status_code == 400
    assert "cannot change your own role" in response.get_data(as_text=True)


def test_deactivated_category_is_kept_and_can_return(client, login_as, db):
    login_as(Role.ADMIN)
    category = factories.category(db, "E1")
    assert client.post(f"/admin/categories/{category.id}/toggle").status_code == 302
    db.expire_all()
    assert db.get(AllegationCategory, category.id).active is False
    client.post(f"/admin/categories/{category.id}/toggle")
    db.expire_all()
    assert db.get(AllegationCategory, category.id).active is True


def test_an_investigator_from_outside_the_force_is_marked_as_external(client, login_as, db):
    from sqlalchemy import select

    from complaints.auth.models import User

    login_as(Role.ADMIN)
    response = client.post(
        "/admin/users/new",
        data={
            "email": "ola.outside@other-force.example",
            "full_name": "Ola Outside",
            "role": "investigator",
            "password": "a long and unusual passphrase 8817",
            "active": "y",
            "external": "y",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    made = db.scalar(select(User).where(User.email == "ola.outside@other-force.example"))
    assert made.external
