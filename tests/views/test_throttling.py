"""Guessing is slowed, never turned into a lock-out: an attacker who knows a person's
address cannot keep them from signing in from the browser they always use."""

from __future__ import annotations

import os
import re
import uuid

import pytest
from sqlalchemy import func, select

from complaints.auth.pending import DEVICE_COOKIE, THROTTLE
from complaints.auth.roles import Role
from complaints.auth.throttle import Throttle, account
from complaints.common.audit_model import AuditEvent
from tests import factories
from tests.signing import next_code, sign_in

REDIS_URL = os.environ.get("COMPLAINTS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _redis_or_skip() -> str:
    try:
        Throttle(REDIS_URL, namespace="probe").allows(account("probe"))
    except Exception as error:  # any failure to reach it means no Redis
        if os.environ.get("COMPLAINTS_REQUIRE_REDIS") == "1":
            pytest.fail(f"COMPLAINTS_REQUIRE_REDIS=1 but Redis at {REDIS_URL}: {error}")
        pytest.skip(f"no Redis at {REDIS_URL}: set COMPLAINTS_REQUIRE_REDIS=1 to require it")
    return REDIS_URL


@pytest.fixture(params=["memory", "redis"])
def store(request, app):
    """The app's throttle on each store it runs on: memory (one process) and Redis
    (shared by every app process), under a namespace of the test's own."""
    if request.param == "memory":
        yield app.extensions[THROTTLE]
        return
    saved = app.extensions[THROTTLE]
    throttle = Throttle(_redis_or_skip(), namespace=f"test-{uuid.uuid4().hex}")
    app.extensions[THROTTLE] = throttle
    yield throttle
    throttle.reset()
    app.extensions[THROTTLE] = saved


def _guess(client, email: str, address: str, password: str = "not the password"):  # noqa: S107
    return client.post(
        "/sign-in",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def _count(db, action: str) -> int:
    return db.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
    )


def test_guesses_at_one_account_from_many_addresses_are_refused_but_its_owner_signs_in(
    client, app, make_user, db, store
):
    person = make_user(Role.APPROPRIATE_AUTHORITY)
    usual = app.test_client()  # the person's own browser, used before the attack
    sign_in(usual, person.email)
    assert usual.get_cookie(DEVICE_COOKIE) is not None
    usual.post("/sign-out")

    attacker = app.test_client()
    answers = [_guess(attacker, person.email, f"203.0.113.{i}").status_code for i in range(100)]
    assert set(answers) == {401}
    # After the first few, the attacker is refused without the password being tried.
    assert _count(db, "login_failed") <= 10
    assert _count(db, "login_throttled") >= 90
    # Even the right password, from yet another new place, is refused for now...
    assert _guess(attacker, person.email, "203.0.113.200", factories.PASSWORD).status_code == 401
    # ...but the person, from their usual browser somewhere else, signs in with both factors.
    response = usual.post(
        "/sign-in",
        data={"email": person.email, "password": factories.PASSWORD},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    assert response.location == "/sign-in/two-factor"
    usual.post("/sign-in/two-factor", data={"code": next_code(person.email)})
    assert usual.get("/cases/").status_code == 200


def test_guesses_at_many_accounts_from_one_address_are_refused(client, app, make_user, db, store):
    people = [make_user(Role.HANDLER) for _ in range(3)]
    attacker = app.test_client()
    emails = [p.email for p in people] + [f"guess{i}@test.example" for i in range(97)]
    answers = [_guess(attacker, email, "203.0.113.66").status_code for email in emails]
    assert set(answers) == {401}
    assert _count(db, "login_throttled") >= 70
    # The real people, from their own addresses, are untouched.
    other = app.test_client()
    response = _guess(other, people[0].email, "198.51.100.20", factories.PASSWORD)
    assert response.location == "/sign-in/two-factor"


def _answer(response) -> str:
    """The page without what differs by design: the typed address and the CSP nonce."""
    page = response.get_data(as_text=True)
    page = re.sub(r'value="[^"]*@[^"]*"', 'value=""', page)
    return re.sub(r'nonce="[^"]*"', 'nonce=""', page)


def test_unknown_wrong_and_throttled_get_the_same_answer(client, app, make_user):
    person = make_user(Role.HANDLER)
    unknown = _guess(client, "nobody@test.example", "192.0.2.1")
    wrong = _guess(client, person.email, "192.0.2.2")
    for i in range(12):
        _guess(client, person.email, f"192.0.2.{10 + i}")
    throttled = _guess(client, person.email, "192.0.2.99", factories.PASSWORD)
    assert unknown.status_code == wrong.status_code == throttled.status_code == 401
    assert _answer(unknown) == _answer(wrong) == _answer(throttled)


def test_a_guessed_second_factor_is_throttled_too(client, make_user, db):
    person = make_user(Role.HANDLER)
    client.post("/sign-in", data={"email": person.email, "password": factories.PASSWORD})
    for _ in range(5):
        client.post("/sign-in/two-factor", data={"code": "000000"})
    refused = client.post("/sign-in/two-factor", data={"code": next_code(person.email)})
    assert refused.status_code == 401
    assert client.get("/cases/").status_code == 302
    assert _count(db, "login_throttled") == 1


def test_administrators_see_failed_and_throttled_attempts(client, app, make_user):
    person = make_user(Role.HANDLER)
    attacker = app.test_client()
    for i in range(8):
        _guess(attacker, person.email, f"203.0.113.{i}")
    _guess(attacker, "nobody@test.example", "203.0.113.99")
    admin = make_user(Role.ADMIN)
    sign_in(client, admin.email)
    page = client.get("/admin/sign-in-attempts").get_data(as_text=True)
    assert page.count(person.email) == 8
    assert "203.0.113.7" in page and "Refused" in page
    assert "No such account" in page and "unknown email" in page


def test_counts_are_shared_by_every_app_process_through_redis():
    """Two processes (two throttles on one Redis namespace) see each other's guesses, so
    more processes do not mean more guesses."""
    namespace = f"test-{uuid.uuid4().hex}"
    first = Throttle(_redis_or_skip(), namespace=namespace)
    second = Throttle(REDIS_URL, namespace=namespace)
    target = account("someone@test.example")
    try:
        for _ in range(5):
            first.failed(target)
        assert not second.allows(target)
    finally:
        first.reset()
    assert second.allows(target)
