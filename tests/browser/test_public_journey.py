"""In headless Chromium, as a member of the public: make a complaint with a name beyond
ASCII, change an answer from "Check your answers", send it and get the reference by email;
then, as a complainant whose complaint has an outcome, sign in to Track my complaint with
the emailed link, read the outcome letter and ask for a review, which the OPCC reviewer
then finds in their queue."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from sqlalchemy import select

from complaints.auth.models import User
from complaints.cases import correspondence
from complaints.cases.choices import CaseState
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import utcnow
from complaints.db import make_engine, make_session_factory
from complaints.documents.storage import FileStore
from complaints.sessions import watch
from tests import factories
from tests.browser.conftest import (
    AA_EMAIL,
    HANDLER_EMAIL,
    REVIEWER_EMAIL,
    LiveServer,
    PageProblems,
    serve,
)
from tests.browser.test_browser_basics import assert_no_problems, sign_in
from tests.mailserver import MailServer, running

pytestmark = pytest.mark.browser

EMAIL = "jo.public@example.org"  # the factories' complainant's address
SEEDED: dict[str, str] = {}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(scope="module")
def mail() -> Iterator[MailServer]:
    with running() as server:
        yield server


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, mail: MailServer):
    """The seeded app sending real mail, with a complaint whose outcome was notified."""
    root = tmp_path_factory.mktemp("public")
    settings = {"MAIL_SERVER": mail.host, "MAIL_PORT": mail.port, "PUBLIC_FORM_MIN_SECONDS": 0}
    with serve(root, **settings) as server:
        engine = make_engine("sqlite:///" + str(root / "live.sqlite3"))
        try:
            with watch(make_session_factory(engine))() as session:
                audit.act_as(session, Actor.system("test"))
                handler, aa = (
                    session.scalar(select(User).where(User.email == e))
                    for e in (HANDLER_EMAIL, AA_EMAIL)
                )
                now = utcnow()
                case = factories.complaint_in_state(
                    session, CaseState.OUTCOME_DETERMINED, handler=handler, aa=aa, now=now
                )
                correspondence.notify_outcome(
                    session,
                    factories.actor_for(handler),
                    case,
                    {"review_body": "opcc", "review_body_reason": "Local"},
                    FileStore(Path(root) / "files"),
                    now,
                )
                session.commit()
                SEEDED["outcome_reference"] = case.reference
        finally:
            engine.dispose()
        yield server


def _next(page: Page, heading: str) -> None:
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text(heading)


def test_make_a_complaint_then_follow_one(
    page: Page,
    browser: Browser,
    live_server: LiveServer,
    mail: MailServer,
    page_problems: PageProblems,
) -> None:
    page.goto("/complain")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Me: it happened to me, or I saw it").check()
    _next(page, "About you")
    page.get_by_label("First name").fill("Zoë")
    page.get_by_label("Last name").fill("Łukasiewicz")
    _next(page, "How to contact you")
    page.get_by_label("Email address").fill("zoe@example.org")
    page.get_by_label("By email").check()
    _next(page, "What happened")
    page.get_by_label("What happened?").fill("An officer pushed me in the queue.")
    _next(page, "When and where")
    _next(page, "Who was involved")
    page.get_by_label("I do not know who was involved").check()
    _next(page, "Photos, videos or documents")
    page.get_by_label("Add a file (optional)").set_input_files(
        files=[{"name": "queue.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.get_by_role("button", name="Add this file").click()
    expect(page.locator("main")).to_contain_text("queue.png")
    _next(page, "What you would like to happen")
    _next(page, "Complained before")
    page.get_by_label("No", exact=True).check()
    _next(page, "Help you need from us")
    _next(page, "About you: optional questions")
    _next(page, "Check your answers before sending your complaint")

    answers = page.locator(".govuk-summary-list")
    expect(answers).to_contain_text("Zoë Łukasiewicz")
    answers.get_by_role("link", name="Change what happened").click()
    expect(page.get_by_label("What happened?")).to_have_value("An officer pushed me in the queue.")
    page.get_by_label("What happened?").fill("An officer pushed me in the queue at the station.")
    page.get_by_role("button", name="Continue").click()
    expect(answers).to_contain_text("at the station")
    page.get_by_role("button", name="Send your complaint").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Complaint sent")
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert re.fullmatch(r"WEB-[A-Z0-9]{4}-[A-Z0-9]{4}", reference)
    _wait_for(mail, lambda r: reference in r.message.get_body(("plain",)).get_content())

    # Later, a complainant with an outcome follows their own complaint.
    page.goto("/track")
    page.get_by_label("Your complaint reference").fill(SEEDED["outcome_reference"])
    page.get_by_label("Your email address").fill(EMAIL)
    page.get_by_role("button", name="Send me a link").click()
    expect(page.locator("h1")).to_have_text("Check your email")
    received = _wait_for(
        mail, lambda r: "/track/link/" in r.message.get_body(("plain",)).get_content()
    )
    link = re.search(r"/track/link/\S+", received.message.get_body(("plain",)).get_content())
    page.goto(link.group(0))
    expect(page.locator("h1")).to_have_text("We have written to you with the outcome")
    expect(page.locator("main")).to_contain_text("The last day to ask is")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Outcome letter")).click()
    pdf = Path(download.value.path()).read_bytes()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "The outcome of your complaint" in text and SEEDED["outcome_reference"] in text

    page.get_by_label("Why are you not satisfied with the outcome?").fill(
        "Nobody looked at the CCTV from the station."
    )
    page.get_by_role("button", name="Ask for a review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("request for a review")
    expect(page.locator("h1")).to_contain_text("Your review is being considered by")
    assert_no_problems(page_problems)

    # The application is in the OPCC's queue.
    reviewer = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    reviewer.goto("/sign-in")
    sign_in(reviewer, REVIEWER_EMAIL, live_server.password)
    reviewer.wait_for_load_state("load")
    reviewer.goto("/reviews")
    expect(reviewer.locator("main")).to_contain_text(SEEDED["outcome_reference"])
    reviewer.context.close()


def _wait_for(mail: MailServer, wanted, seconds: float = 10.0):
    """The last email the server received that ``wanted`` accepts, once it has come."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [r for r in mail.received if wanted(r)]
        if found:
            return found[-1]
        time.sleep(0.05)
    raise AssertionError("the email did not arrive")
