"""In headless Chromium, a letter as a handler writes one: preview the acknowledgement,
change the paragraph that says what happens next, see the change in the preview, issue
it, and find the email it went in on the administrators' sent-mail page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases.choices import ContactMethod
from complaints.cases.models import Complainant
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.db import make_engine, make_session_factory
from complaints.sessions import watch
from tests import factories
from tests.browser.conftest import LiveServer, PageProblems, serve
from tests.browser.test_browser_basics import assert_no_problems, sign_in

pytestmark = pytest.mark.browser

ADMIN_EMAIL = "ada.admin@test.example"
NEXT_STEPS = "We will ring you on Tuesday about the CCTV from the front counter."


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The seeded app, with an administrator, and a first complainant who prefers email."""
    root = tmp_path_factory.mktemp("letters")
    with serve(root) as server:
        engine = make_engine("sqlite:///" + str(root / "live.sqlite3"))
        try:
            with watch(make_session_factory(engine))() as session:
                audit.act_as(session, Actor.system("test"))
                factories.user(session, Role.ADMIN, name="Ada Admin", email=ADMIN_EMAIL)
                first = session.scalars(
                    select(Complainant).where(Complainant.case_id == server.cases[0].id)
                ).one()
                first.contact_preference = ContactMethod.EMAIL
                session.commit()
        finally:
            engine.dispose()
        yield server


def test_preview_change_issue_and_find_the_email(
    page: Page, live_server: LiveServer, page_problems: PageProblems
) -> None:
    case = live_server.cases[0]
    page.goto("/sign-in")
    sign_in(page, live_server.handler_email, live_server.password)
    page.wait_for_load_state("load")  # its scripts fetched before the next page is asked for
    page.goto(f"/cases/{case.id}/letters/new")
    page.get_by_label("Acknowledgement").check()
    page.get_by_role("button", name="Preview the letter").click()

    preview = page.locator(".app-letter")
    expect(preview.get_by_role("heading", name="Your complaint: acknowledgement")).to_be_visible()
    expect(preview).to_contain_text("Dear Jo Public,")
    expect(preview).to_contain_text("We will contact you to talk about your complaint")

    page.get_by_label("What happens next").fill(NEXT_STEPS)
    page.get_by_role("button", name="Update the preview").click()
    expect(page.locator(".app-letter")).to_contain_text(NEXT_STEPS)
    expect(page.locator(".app-letter")).not_to_contain_text("We will contact you to talk")

    page.get_by_role("button", name="Issue the letter").click()
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Acknowledgement letter created. It will be emailed")

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, ADMIN_EMAIL, live_server.password)
    page.wait_for_load_state("load")
    page.goto("/admin/mail")
    rows = page.locator("table tbody tr")
    expect(rows.filter(has_text="A letter about a case")).to_have_count(1)
    assert_no_problems(page_problems)
