"""The demo force: every state represented, the same data from the same seed, and never
poured into a database that already holds real data."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import func, select

from complaints.auth.models import User
from complaints.auth.roles import Role
from complaints.cases.choices import CaseState
from complaints.cases.models import Allegation, Case
from complaints.demo.seed import DEMO_PASSWORD, SeedRefused, seed
from tests import factories
from tests.conftest import sign_in

TODAY = dt.date(2026, 11, 22)


def _digest(db) -> str:
    rows = db.execute(select(Case.reference, Case.state, Case.received_on).order_by(Case.id))
    return hashlib.sha256(repr(rows.all()).encode()).hexdigest()


def test_small_demo_covers_every_state_and_repeats_exactly(db):
    with db.begin_nested() as first:
        summary = seed(db, today=TODAY, cases=150)
        digest = _digest(db)
        first.rollback()
    # Start the second run as a new process would: nothing of the first left in the
    # session's identity map (rolled-back rows reuse the same ids).
    db.expunge_all()
    assert summary.cases == 150
    assert all(summary.by_state[state.value] >= 1 for state in CaseState), summary.by_state
    assert {label for label, _, _ in summary.users} >= {"Administrator", "OPCC reviewer"}
    seed(db, today=TODAY, cases=150)
    assert _digest(db) == digest
    latest = db.scalar(select(func.max(Case.received_on)))
    assert latest <= TODAY
    assert db.scalar(select(func.count()).select_from(Allegation)) >= 150


def test_seeding_refuses_a_database_with_accounts(db):
    factories.user(db, Role.ADMIN)
    with pytest.raises(SeedRefused):
        seed(db, today=TODAY, cases=10)


def test_demo_handler_can_sign_in_and_open_a_case(client, db):
    seed(db, today=TODAY, cases=40)
    db.commit()
    handler = db.scalar(select(User).where(User.email == "handler@demo.example"))
    sign_in(client, handler.email, DEMO_PASSWORD)
    case = db.scalar(select(Case).where(Case.handler_id == handler.id).limit(1))
    assert client.get(f"/cases/{case.id}").status_code == 200


def test_every_page_of_every_demo_case_answers_each_role(client, db):
    """Demo data reaches every state, so it is a good sweep for pages that fail on some
    combination: each role opens every tab, step page and form of the cases it can see."""
    from complaints.cases import queries, workflow

    seed(db, today=TODAY, cases=120)
    db.commit()
    roles = ("handler", "aa", "investigator", "reviewer", "oversight")
    failures = []
    for name in roles:
        user = db.scalar(select(User).where(User.email == f"{name}@demo.example"))
        sign_in(client, user.email, DEMO_PASSWORD)
        who = factories.actor_for(user)
        visible = db.scalars(queries.case_list(who, queries.CaseFilters()).limit(30)).all()
        assert visible or name == "oversight", name
        for case in visible:
            urls = [f"/cases/{case.id}"] + [
                f"/cases/{case.id}/{tab}"
                for tab in (
                    "people",
                    "allegations",
                    "investigation",
                    "correspondence",
                    "documents",
                    "timeline",
                )
            ]
            urls += [
                f"/cases/{case.id}/steps/{step.name}"
                for step, _ in workflow.available(case, who, factories.NOW)
            ]
            for url in urls:
                status = client.get(url).status_code
                if status >= 500:
                    failures.append(f"{name} {url}: {status}")
        for url in ("/", "/cases/", "/queues/mine", "/queues/team", "/queues/due"):
            if client.get(url).status_code >= 500:
                failures.append(f"{name} {url}")
        client.post("/sign-out")
    assert not failures, "\n".join(failures[:20])


def test_the_demo_gives_every_oversight_page_something_to_show(client, db):
    """A first visit to the OPCC's pages finds reviews taken, reports on long
    investigations, a dip sample under way and figures on the dashboards."""
    from complaints.investigations.models import TwelveMonthReport
    from complaints.oversight.models import DipSample
    from complaints.reviews.models import Review

    seed(db, today=TODAY, cases=300)
    db.commit()
    reviewer = db.scalar(select(User).where(User.email == "reviewer@demo.example"))
    assert db.scalar(select(func.count()).where(Review.reviewer_id == reviewer.id)) >= 1
    assert db.scalar(select(func.count()).select_from(TwelveMonthReport)) >= 1
    sample = db.scalar(select(DipSample))
    assert sample is not None and any(row.reviewed_at for row in sample.cases)
    pages = {
        "reviewer": ["/reviews", "/reviews?show=unallocated"],
        "oversight": [
            "/oversight/samples",
            f"/oversight/samples/{sample.id}",
            "/oversight/twelve-month-reports",
            "/learning",
            "/reports/oversight",
            "/reports/dashboard",
        ],
        "aa": ["/oversight/twelve-month-reports", "/learning", "/reports/dashboard"],
        "board": ["/reports/dashboard", "/reports"],
    }
    for name, urls in pages.items():
        sign_in(client, f"{name}@demo.example", DEMO_PASSWORD)
        for url in urls:
            assert client.get(url).status_code == 200, (name, url)
        client.post("/sign-out")
