"""In headless Chromium, an early-intervention alert from intake to a completed plan: the
officer has two complaints already; the handler logs a third and names them on its
allegation, which raises the alert; the appropriate authority finds it in the work tray,
reviews it, refers it to the supervisor, agrees a plan and marks its action done, which
resolves the alert."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from complaints.auth.models import User
from complaints.auth.roles import Role
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import london_today
from complaints.db import make_engine, make_session_factory
from complaints.intervention import policies
from complaints.intervention.models import Counts, Period
from complaints.sessions import watch
from complaints.subjects.models import SubjectIdentity
from tests import factories
from tests.browser.conftest import LiveServer, PageProblems, serve
from tests.browser.test_browser_basics import assert_no_problems, sign_in

pytestmark = pytest.mark.browser

POLICY = "3 or more allegations in 12 months"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The seeded app, with the force's policy set and two complaints about the officer."""
    root = tmp_path_factory.mktemp("early-intervention")
    with serve(root) as server:
        engine = make_engine("sqlite:///" + str(root / "live.sqlite3"))
        try:
            with watch(make_session_factory(engine))() as session:
                audit.act_as(session, Actor.system("test"))
                admin = factories.user(session, Role.ADMIN)
                policies.create(
                    session,
                    factories.actor_for(admin),
                    policies.PolicyData(
                        force_id=1,
                        name=POLICY,
                        counts=Counts.ALLEGATIONS,
                        threshold=3,
                        period=Period.MONTHS,
                        period_months=12,
                        notify_role=Role.APPROPRIATE_AUTHORITY,
                    ),
                    factories.NOW,
                )
                officer = session.scalar(
                    select(SubjectIdentity).where(
                        SubjectIdentity.collar_number == server.officer_collar
                    )
                ).subject
                handler = session.scalar(select(User).where(User.email == server.handler_email))
                for days in (90, 40):
                    factories.complaint(
                        session,
                        handler=handler,
                        subject_=officer,
                        received_on=london_today() - dt.timedelta(days=days),
                        now=dt.datetime.now(dt.UTC),
                    )
                session.commit()
        finally:
            engine.dispose()
        yield server


def typed(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def banner(page: Page):
    return page.locator(".govuk-notification-banner--success")


def test_an_alert_raised_by_intake_is_reviewed_and_answered_with_a_plan_to_done(
    page: Page, browser, live_server: LiveServer, page_problems: PageProblems, save_screenshot
):
    today = london_today()

    # 1. The handler logs a complaint naming the officer on an allegation.
    page.goto("/sign-in")
    sign_in(page, live_server.handler_email, live_server.password)
    page.goto("/cases/new")
    page.get_by_label("Date received", exact=True).fill(typed(today))
    page.get_by_label("How it arrived").select_option(label="Email")
    page.get_by_label("Summary", exact=True).fill("The officer was rude again at the counter.")
    page.get_by_label("First name", exact=True).fill("Morwenna")
    page.get_by_label("Last name", exact=True).fill("Trevithick")
    page.get_by_role("button", name="Log the case").click()
    expect(banner(page)).to_contain_text("logged")
    page.get_by_role("link", name="Add a subject").click()
    page.get_by_label("Find the person").fill(live_server.officer_collar)
    page.get_by_role("button", name="Search").click()
    found = page.get_by_role("row").filter(has_text=live_server.officer_display)
    found.get_by_role("button", name=re.compile(r"^Add to this case")).click()
    expect(banner(page)).to_contain_text("Subject added.")
    page.get_by_role("navigation", name="Case sections").get_by_role(
        "link", name="Allegations"
    ).click()
    page.get_by_role("link", name="Add an allegation").click()
    page.get_by_label("Category").select_option(label="H1 Impolite language or tone")
    page.get_by_label("What is alleged").fill("Swore at the complainant.")
    page.get_by_label(live_server.officer_display).check()
    page.get_by_role("button", name="Save allegation").click()
    expect(banner(page)).to_contain_text("Allegation added.")

    # 2. The appropriate authority finds the alert in the work tray.
    aa_context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    aa_context.set_default_timeout(10_000)
    aa = aa_context.new_page()
    page_problems.watch(aa)
    aa.goto("/sign-in")
    sign_in(aa, live_server.aa_email, live_server.password)
    aa.locator(".govuk-service-navigation").get_by_role("link", name="Work tray").click()
    alerts = aa.locator("table", has_text=POLICY)
    expect(alerts).to_contain_text(live_server.officer_display)
    alerts.get_by_role("link", name=re.compile(re.escape(live_server.officer_display))).click()
    expect(aa.locator("h1")).to_have_text(live_server.officer_display)
    expect(aa.locator(".govuk-summary-list")).to_contain_text("3 allegations")
    expect(aa.locator(".govuk-tag").first).to_have_text("New")
    save_screenshot(aa, "early-intervention-1-alert.png")

    # 3. The PSD review, then the supervisor's.
    aa.get_by_role("button", name="Start the PSD review").click()
    aa.get_by_role("button", name="Start the PSD review").click()
    expect(banner(aa)).to_contain_text("PSD review started.")
    aa.get_by_role("button", name="Refer to the supervisor").click()
    aa.get_by_role("button", name="Refer to the supervisor").click()
    expect(aa.locator(".govuk-error-summary")).to_contain_text("Enter what the PSD review found")
    # The refused save answered 400, which Chromium also logs: nothing else went wrong.
    assert [r.split(" ", 2)[:2] for r in page_problems.bad_responses] == [["400", "POST"]]
    page_problems.bad_responses.clear()
    page_problems.console_errors[:] = [
        e for e in page_problems.console_errors if "status of 400" not in e
    ]
    aa.get_by_label("What the PSD review found, for the supervisor").fill(
        "Three complaints of rudeness at the counter in three months."
    )
    aa.get_by_role("button", name="Refer to the supervisor").click()
    expect(banner(aa)).to_contain_text("Referred to the supervisor")

    # 4. The plan, agreed with one action, followed to done.
    aa.get_by_role("button", name="Agree a plan").click()
    aa.get_by_label("What the plan is for").fill("Coaching on dealing with the public.")
    aa.get_by_label("Date agreed").fill(typed(today))
    aa.get_by_label("First action: What is to be done").fill("Two coaching sessions")
    aa.get_by_label("Who will do it").fill("Inspector Reed")
    aa.get_by_label("Due by").fill(typed(today + dt.timedelta(days=21)))
    aa.get_by_role("button", name="Agree the plan").click()
    expect(banner(aa)).to_contain_text("Plan agreed.")
    expect(aa.locator(".govuk-tag").first).to_have_text("Plan agreed")
    save_screenshot(aa, "early-intervention-2-plan.png")
    aa.get_by_role("link", name=re.compile(r"^Mark as done")).click()
    aa.get_by_label("Date it was done").fill(typed(today))
    aa.get_by_role("button", name="Mark as done").click()
    expect(banner(aa)).to_contain_text("Plan complete: the alert is resolved.")
    expect(aa.locator(".govuk-tag").first).to_have_text("Resolved")

    # The person's page shows the alert and the completed plan.
    aa.get_by_role("link", name=re.compile("Complaint history and duty status")).click()
    expect(aa.locator("main")).to_contain_text("Early intervention")
    expect(aa.locator("main")).to_contain_text("1 of 1 action done")
    aa_context.close()
    assert_no_problems(page_problems)
