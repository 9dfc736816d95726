"""In headless Chromium, an OPCC reviewer records a review application, takes the review,
reads the case under review to them, decides it, and keeps the review record and letter
while the case file closes to them again (A8)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect
from werkzeug.serving import make_server

from complaints import create_app
from complaints.auth.roles import Role
from complaints.cases.choices import CaseState
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.db import make_engine, make_session_factory
from complaints.migrations import upgrade
from complaints.sessions import watch
from tests import factories
from tests.browser.conftest import PageProblems
from tests.browser.test_browser_basics import sign_in
from tests.conftest import FAST_HASHING

pytestmark = pytest.mark.browser

REVIEWER_EMAIL = "rory.reviewer@test.example"


@dataclass(frozen=True)
class ReviewServer:
    url: str
    reference: str
    case_id: int


@pytest.fixture(scope="module")
def review_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReviewServer]:
    """The app on a free port, with a complaint whose outcome was notified today."""
    root = tmp_path_factory.mktemp("review-live")
    url = "sqlite:///" + str(root / "live.sqlite3")
    engine = make_engine(url)
    try:
        upgrade(engine)
        factory = make_session_factory(engine)
        watch(factory)
        with factory() as session:
            audit.act_as(session, Actor.system("test"))
            handler = factories.user(session, Role.HANDLER)
            aa = factories.user(session, Role.APPROPRIATE_AUTHORITY)
            factories.user(session, Role.OPCC_REVIEWER, name="Rory Reviewer", email=REVIEWER_EMAIL)
            case = factories.complaint_in_state(
                session,
                CaseState.OUTCOME_NOTIFIED,
                handler=handler,
                aa=aa,
                now=dt.datetime.now(dt.UTC),
            )
            session.commit()
            reference, case_id = case.reference, case.id
        app = create_app(
            {
                "TESTING": True,
                "ENV": "test",
                "SECRET_KEY": "review-browser-test-secret-key",
                "DATABASE_URL": url,
                "ENGINE": engine,
                "SESSION_FACTORY": factory,
                "WTF_CSRF_ENABLED": True,
                "FILES_DIR": str(root / "files"),
                "PASSWORD_HASH_PROFILE": FAST_HASHING,
            }
        )
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, name="review-live", daemon=True)
        thread.start()
        try:
            yield ReviewServer(f"http://127.0.0.1:{server.port}", reference, case_id)
        finally:
            server.shutdown()
            thread.join(timeout=10)
            server.server_close()
    finally:
        engine.dispose()


@pytest.fixture()
def reviewer(
    browser: Browser, review_server: ReviewServer, page_problems: PageProblems
) -> Iterator[Page]:
    context = browser.new_context(base_url=review_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page_problems.watch(page)
    page.goto("/sign-in")
    sign_in(page, REVIEWER_EMAIL, factories.PASSWORD)
    yield page
    context.close()


def banner(page: Page):
    return page.locator(".govuk-notification-banner--success")


def test_an_opcc_reviewer_records_takes_reads_and_decides_a_review(
    reviewer: Page, review_server: ReviewServer, page_problems: PageProblems
):
    page, reference = reviewer, review_server.reference
    case_url = f"/cases/{review_server.case_id}"
    # Before any review is theirs, the case file does not exist for the reviewer.
    page.goto(case_url)
    expect(page.locator("h1")).to_have_text("Page not found")

    # 1. Record the application, found by its reference.
    page.goto("/reviews/new")
    page.get_by_label("Complaint reference").fill(reference)
    page.get_by_role("button", name="Find the complaint").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("OPCC (local policing body)")
    expect(page.get_by_label("Date the application was received")).not_to_have_value("")
    page.get_by_role("button", name="Record the application").click()
    expect(banner(page)).to_contain_text(f"{reference}: review application recorded")

    # 2. Take it from the queue: only its reference, date, age and type were shown.
    row = page.locator("tr", has_text=reference)
    expect(row).to_contain_text("Not investigated (para 6A)")
    expect(row.get_by_role("link")).to_have_count(0)
    row.get_by_role("button", name=f"Take this review of {reference}").click()
    expect(banner(page)).to_contain_text("you have taken this review")
    review_url = page.url

    # 3. Read the case under review, which offers no way to change it.
    page.get_by_role("link", name="Open the case file").click()
    expect(page.locator("h1")).to_have_text(reference)
    expect(page.get_by_role("link", name="Add a note")).to_have_count(0)
    expect(page.get_by_role("link", name="Upload a document")).to_have_count(0)

    # 4. Decide it from the review page; the reviewer lands back on the queue.
    page.goto(review_url)
    page.get_by_role("button", name="Decide the review").click()
    page.get_by_label("Not upheld (reasonable and proportionate)").check()
    page.get_by_label("Rationale").fill("The outcome was reasonable and proportionate.")
    page.get_by_label("Recommendations to the force (optional)").fill("Reply to emails sooner")
    page.get_by_role("button", name="Record the decision").click()
    expect(banner(page)).to_contain_text(f"{reference}: review decided")
    expect(page.locator("h1")).to_have_text("Reviews waiting for a decision")

    # 5. The review record stays theirs; the case file closes again.
    page.goto(review_url)
    expect(page.locator(".govuk-summary-list").nth(1)).to_contain_text("Not upheld")
    expect(page.locator("table")).to_contain_text("Reply to emails sooner")
    with page.expect_download() as download:
        page.get_by_role("link", name="Review decision letter").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.goto(case_url)
    expect(page.locator("h1")).to_have_text("Page not found")
    # The two case-file visits that answer 404 are meant; nothing else may go wrong.
    unexpected = [e for e in page_problems.console_errors if "status of 404" not in e]
    assert unexpected == [] and page_problems.page_errors == []
