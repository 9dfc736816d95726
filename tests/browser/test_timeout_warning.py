"""In headless Chromium: before an idle sign-in ends, a dialog warns and offers to stay
signed in, so nobody loses what they were typing; left alone, the page goes to the
sign-in page, which says why. The sign-in lasts 20 idle seconds here, with 8 of warning."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, PageProblems, serve
from tests.browser.test_browser_basics import assert_no_problems, sign_in

pytestmark = pytest.mark.browser

IDLE_SECONDS = 20
WARNING_SECONDS = 8


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serve(
        tmp_path_factory.mktemp("idle"),
        SESSION_IDLE_MINUTES=IDLE_SECONDS / 60,
        SESSION_WARNING_SECONDS=WARNING_SECONDS,
    ) as server:
        yield server


def test_the_warning_keeps_a_person_signed_in_with_what_they_typed(
    page: Page, live_server: LiveServer, page_problems: PageProblems
):
    page.goto("/sign-in")
    sign_in(page, live_server.handler_email, live_server.password)
    page.goto(f"/cases/{live_server.cases[0].id}/notes/new")
    typed = "Spoke to the complainant; they will send the photographs."
    page.get_by_label("Note").fill(typed)

    dialog = page.get_by_role("dialog", name="You are about to be signed out")
    expect(dialog).to_be_visible(timeout=(IDLE_SECONDS - WARNING_SECONDS + 3) * 1000)
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    expect(dialog).to_contain_text("Anything you have typed and not saved will be lost")
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()

    # Past the moment the first sign-in would have ended, before the next warning.
    time.sleep(WARNING_SECONDS)
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Note added")
    expect(page.get_by_text(typed)).to_be_visible()
    assert_no_problems(page_problems)


def test_left_alone_the_page_signs_out_and_says_why(page: Page, live_server: LiveServer):
    page.goto("/sign-in")
    sign_in(page, live_server.handler_email, live_server.password)
    page.goto("/cases/")
    expect(page.get_by_role("dialog")).to_be_visible(timeout=(IDLE_SECONDS + 3) * 1000)
    expect(page.locator("h1")).to_have_text("Sign in", timeout=(WARNING_SECONDS + 5) * 1000)
    expect(page.get_by_text("You were signed out because nothing was done")).to_be_visible()
