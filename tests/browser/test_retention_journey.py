"""In headless Chromium, a case kept past its retention period is disposed of: the
appropriate authority finds it on the monthly review list, reads that disposal cannot be
undone, confirms, and the case then shows as disposed with its complainant's name gone."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from complaints.auth.models import User
from complaints.cases.choices import CaseState
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.db import make_engine, make_session_factory
from complaints.sessions import watch
from tests import factories
from tests.browser.conftest import LiveServer, PageProblems, serve
from tests.browser.test_browser_basics import assert_no_problems, sign_in

pytestmark = pytest.mark.browser

CLOSED = dt.datetime(2019, 3, 12, 10, 0, tzinfo=dt.UTC)
SEEDED: dict[str, str] = {}  # the old case's reference, once the server is seeded


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The seeded app, with a complaint from Ffion Aldgate finalised in March 2019."""
    root = tmp_path_factory.mktemp("retention")
    with serve(root) as server:
        engine = make_engine("sqlite:///" + str(root / "live.sqlite3"))
        try:
            with watch(make_session_factory(engine))() as session:
                audit.act_as(session, Actor.system("test"))
                handler = session.scalar(select(User).where(User.email == server.handler_email))
                aa = session.scalar(select(User).where(User.email == server.aa_email))
                case = factories.complaint_in_state(
                    session,
                    CaseState.FINALISED,
                    handler=handler,
                    aa=aa,
                    now=CLOSED,
                    complainant=("Ffion", "Aldgate"),
                )
                SEEDED["reference"] = case.reference
                session.commit()
        finally:
            engine.dispose()
        yield server


def _only_the_refused_confirmation(problems: PageProblems) -> None:
    """Sending the confirmation unticked answers 400, which Chromium also logs."""
    assert [p.split(" ")[:2] for p in problems.bad_responses] == [["400", "POST"]]
    problems.bad_responses.clear()
    problems.console_errors[:] = [
        e for e in problems.console_errors if "responded with a status of 400" not in e
    ]
    assert_no_problems(problems)


def test_a_case_past_its_period_is_disposed_of_for_good(
    page: Page, live_server: LiveServer, page_problems: PageProblems, save_screenshot
):
    reference = SEEDED["reference"]
    page.goto("/sign-in")
    sign_in(page, live_server.aa_email, live_server.password)
    page.locator(".govuk-service-navigation").get_by_role("link", name="Retention").click()
    due = page.get_by_role("row").filter(has_text=reference)
    expect(due).to_contain_text("12 March 2025")
    save_screenshot(page, "retention-1-review-list.png")
    due.get_by_role("link", name=re.compile("^Dispose")).click()
    expect(page.locator(".govuk-warning-text")).to_contain_text("This cannot be undone")
    page.get_by_role("button", name="Dispose of the personal data").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot be undone")
    _only_the_refused_confirmation(page_problems)
    page.get_by_label("I understand that the personal data will be removed").check()
    save_screenshot(page, "retention-2-confirm.png")
    page.get_by_role("button", name="Dispose of the personal data").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("disposed of")
    save_screenshot(page, "retention-3-disposed.png")
    page.get_by_role("link", name=f"Back to {reference}").click()
    expect(page.locator(".app-case-summary")).to_contain_text("Disposed")
    page.get_by_role("navigation", name="Case sections").get_by_role("link", name="People").click()
    expect(page.locator("main")).not_to_contain_text("Aldgate")
    save_screenshot(page, "retention-4-case.png")
    assert_no_problems(page_problems)
