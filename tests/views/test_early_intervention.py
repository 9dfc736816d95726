"""Early intervention through its pages: an administrator sets a policy, the appropriate
authority finds the alert in their tray, works it to a plan and the plan to done; a
restricted case is counted but never named to someone not on it; errors come back on the
form, and two people saving one alert do not overwrite each other."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases.services import grant_access, restrict
from complaints.common.audit_model import AuditEvent
from complaints.common.clock import london_today
from complaints.intervention import policies
from complaints.intervention.models import Alert, AlertState, Counts, Period, Policy
from tests import factories
from tests.conftest import sign_in

NOW = factories.NOW


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def day(d: dt.date) -> str:
    return f"{d.day}/{d.month}/{d.year}"


def make_policy(db, **kwargs):
    admin = factories.user(db, Role.ADMIN)
    data = {
        "force_id": 1,
        "name": "3 or more allegations in 12 months",
        "counts": Counts.ALLEGATIONS,
        "threshold": 3,
        "period": Period.MONTHS,
        "period_months": 12,
        "notify_role": Role.APPROPRIATE_AUTHORITY,
    } | kwargs
    made = policies.create(db, factories.actor_for(admin), policies.PolicyData(**data), NOW)
    db.commit()
    return made


def raise_alert(db, officer, restricted_by=None):
    cases = []
    for n in range(3):
        case = factories.complaint(
            db, subject_=officer, received_on=NOW.date() - dt.timedelta(days=10 + n)
        )
        cases.append(case)
        if n == 0 and restricted_by is not None:
            who = factories.actor_for(restricted_by)
            restrict(db, who, case, "Counter-corruption", NOW)
            grant_access(db, who, case, restricted_by, "AA", NOW)
    db.commit()
    alert = db.scalars(select(Alert).where(Alert.subject_id == officer.id)).one()
    return alert, cases


def test_an_administrator_sets_a_policy_and_errors_come_back_on_the_form(client, db, login_as):
    login_as(Role.ADMIN)
    form = client.get("/early-intervention/policies/new")
    assert form.status_code == 200
    bad = client.post(
        "/early-intervention/policies/new",
        data={
            "name": "",
            "counts": "allegations",
            "threshold": "lots",
            "period": "months",
            "period_months": "",
            "notify_role": "appropriate_authority",
            "active": "yes",
        },
    )
    assert bad.status_code == 400
    page = text(bad)
    assert "There is a problem" in page
    assert "Enter a name for the policy" in page
    assert "Threshold must be a whole number from 1 to 1,000" in page
    f6 = factories.category(db, "F6")
    saved = client.post(
        "/early-intervention/policies/new",
        data={
            "name": "2 discriminatory-behaviour allegations in 24 months",
            "counts": "allegations",
            "category_ids": [str(f6.id)],
            "threshold": "2",
            "period": "months",
            "period_months": "24",
            "notify_role": "appropriate_authority",
            "active": "yes",
        },
    )
    assert saved.status_code == 302
    listing = text(client.get("/early-intervention/policies"))
    assert "2 or more allegations (F6) in 24 months" in listing
    policy = db.scalars(select(Policy)).one()
    assert [c.code for c in policy.categories] == ["F6"]
    # Months are needed for a number of months: refused on the form, not a 500.
    again = client.post(
        f"/early-intervention/policies/{policy.id}",
        data={
            "name": policy.name,
            "counts": "allegations",
            "threshold": "2",
            "period": "months",
            "period_months": "",
            "notify_role": "appropriate_authority",
            "active": "yes",
            "version": str(policy.version),
        },
    )
    assert again.status_code == 400
    assert "Enter the number of months" in text(again)


def test_hand_made_policy_posts_get_an_error_not_a_500(client, login_as):
    login_as(Role.ADMIN)
    for data in (
        {},
        {"counts": "everything", "period": "forever", "threshold": "1"},
        {
            "name": "x",
            "counts": "allegations",
            "period": "months",
            "threshold": "1",
            "notify_role": "appropriate_authority",
            "active": "yes",
            "category_ids": ["99999"],
        },
    ):
        assert client.post("/early-intervention/policies/new", data=data).status_code == 400


def test_an_alert_is_worked_to_a_plan_and_the_plan_to_done(client, db, aa):
    make_policy(db)
    officer = factories.subject(db, family_name="Okafor")
    alert, cases = raise_alert(db, officer)

    tray = text(client.get("/tray"))
    assert "Early-intervention alerts" in tray and "Okafor" in tray
    page = text(client.get(f"/early-intervention/alerts/{alert.id}"))
    assert "3 allegations" in page
    assert all(case.reference in page for case in cases)

    url = f"/early-intervention/alerts/{alert.id}/steps"
    assert client.post(f"{url}/start_review", data={"version": alert.version}).status_code == 302
    db.refresh(alert)
    refused = client.post(f"{url}/refer_to_supervisor", data={"version": alert.version})
    assert refused.status_code == 400
    assert "Enter what the PSD review found" in text(refused)
    referred = client.post(
        f"{url}/refer_to_supervisor",
        data={"version": alert.version, "note": "Three counter complaints in a month"},
        follow_redirects=True,
    )
    assert "Referred to the supervisor" in text(referred)
    db.refresh(alert)
    today = london_today()
    late = client.post(
        f"/early-intervention/alerts/{alert.id}/plan",
        data={
            "version": alert.version,
            "summary": "Customer-service coaching",
            "agreed_on": day(today),
            "description": "Coaching sessions",
            "owner": "Insp. Reed",
            "due_on": day(today - dt.timedelta(days=3)),
        },
    )
    assert late.status_code == 400
    assert "The due date must be on or after" in text(late)
    agreed = client.post(
        f"/early-intervention/alerts/{alert.id}/plan",
        data={
            "version": alert.version,
            "summary": "Customer-service coaching",
            "agreed_on": day(today),
            "description": "Coaching sessions",
            "owner": "Insp. Reed",
            "due_on": day(today + dt.timedelta(days=30)),
        },
        follow_redirects=True,
    )
    assert "Plan agreed" in text(agreed)
    db.refresh(alert)
    plan = alert.plan
    added = client.post(
        f"/early-intervention/plans/{plan.id}/actions/new",
        data={
            "version": plan.version,
            "description": "Review body-worn video together",
            "owner": "Sgt. Hale",
            "due_on": day(today + dt.timedelta(days=14)),
        },
    )
    assert added.status_code == 302
    db.refresh(plan)
    subject_page = text(client.get(f"/subjects/{officer.id}"))
    assert "Early intervention" in subject_page and "0 of 2 actions done" in subject_page
    for action in list(plan.actions):
        db.refresh(plan)
        done = client.post(
            f"/early-intervention/plans/{plan.id}/actions/{action.id}/done",
            data={"version": plan.version, "done_on": day(today)},
            follow_redirects=True,
        )
        assert done.status_code == 200
    assert "Plan complete: the alert is resolved" in text(done)
    db.refresh(alert)
    assert alert.state == AlertState.RESOLVED
    assert "Okafor" not in text(client.get("/tray"))


def test_a_restricted_case_counts_but_is_not_named_to_others(client, db, aa, make_user):
    make_policy(db)
    named = make_user(Role.APPROPRIATE_AUTHORITY)
    officer = factories.subject(db, family_name="Okafor")
    alert, cases = raise_alert(db, officer, restricted_by=named)
    hidden = cases[0]
    page = client.get(f"/early-intervention/alerts/{alert.id}").get_data(as_text=True)
    assert "3 allegations" in text_of(page)
    assert hidden.reference not in page
    assert f"/cases/{hidden.id}" not in page
    assert all(case.reference in page for case in cases[1:])
    # Nor does the dashboard, the tray or the subject's page name it.
    for url in ("/early-intervention/", "/tray", f"/subjects/{officer.id}"):
        assert hidden.reference not in client.get(url).get_data(as_text=True), url
    client.post("/sign-out")
    sign_in(client, named.email)
    assert hidden.reference in client.get(f"/early-intervention/alerts/{alert.id}").get_data(
        as_text=True
    )


def text_of(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_two_people_closing_one_alert_do_not_overwrite_each_other(client, db, aa):
    make_policy(db)
    officer = factories.subject(db, family_name="Okafor")
    alert, _ = raise_alert(db, officer)
    opened = alert.version
    first = client.post(
        f"/early-intervention/alerts/{alert.id}/steps/close_no_action",
        data={"version": opened, "note": "Explained by one incident"},
    )
    assert first.status_code == 302
    second = client.post(
        f"/early-intervention/alerts/{alert.id}/steps/close_false_positive",
        data={"version": opened, "note": "Wrong officer"},
    )
    assert second.status_code == 409
    assert "Someone else changed this alert" in text(second)
    db.refresh(alert)
    assert alert.state == AlertState.NO_ACTION
    assert alert.closed_reason == "Explained by one incident"


def test_the_dashboard_counts_open_alerts_and_rates_and_is_audited(client, db, aa):
    make_policy(db)
    division = factories.division(db, "Harbour Division")
    officer = factories.subject(db, family_name="Okafor")
    officer.current.division_id = division.id
    db.commit()
    raise_alert(db, officer)
    page = text(client.get("/early-intervention/"))
    assert "1 open alert" in page
    assert "Harbour Division 1" in page  # open alerts by division
    assert "3 or more allegations in 12 months 1" in page
    assert "Harbour Division 1 1 100.0" in page  # officers, alerts, per 100
    assert "Okafor" in page
    viewed = db.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "view", AuditEvent.entity_type == "intervention_alerts"
        )
    ).all()
    assert [e.actor_id for e in viewed] == [aa.id]


def test_alert_pages_are_for_the_appropriate_authority_of_the_force(client, db, login_as):
    make_policy(db)
    officer = factories.subject(db, family_name="Okafor")
    alert, _ = raise_alert(db, officer)
    login_as(Role.HANDLER)
    assert client.get(f"/early-intervention/alerts/{alert.id}").status_code == 403
    client.post("/sign-out")
    login_as(Role.APPROPRIATE_AUTHORITY, decides_for=())
    assert client.get(f"/early-intervention/alerts/{alert.id}").status_code == 200
    step = client.post(
        f"/early-intervention/alerts/{alert.id}/steps/start_review",
        data={"version": alert.version},
    )
    assert step.status_code == 403
    assert client.get("/early-intervention/alerts/999999").status_code == 404
    assert client.get(f"/early-intervention/alerts/{alert.id}/steps/nonsense").status_code == 404
