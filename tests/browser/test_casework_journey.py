"""In headless Chromium, a complaint from intake to finalisation through the pages, as the
people who work it would: the handler logs it and prepares it, the appropriate authority
records it and decides its outcome, the handler notifies the outcome with its letter and
records the complainant's review application, and the OPCC reviewer decides the review."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from complaints.common.clock import london_today
from tests.browser.conftest import LiveServer, PageProblems
from tests.browser.test_browser_basics import assert_no_problems, sign_in

pytestmark = pytest.mark.browser

LOG_A_CASE = re.compile(r"^Log a (new )?case$")
SUMMARY = "Officer shouted at the complainant outside the station and refused to give a name."
COMPLAINANT = ("Morwenna", "Trevithick")
REVIEW_BODY = "Office of the Police and Crime Commissioner (OPCC)"
STEPS_IN_ORDER = [
    "Case logged",
    "Record under Schedule 3",
    "Handle otherwise than by investigation",
    "Determine the outcome",
    "Notify the complainant of the outcome",
    "Review application recorded",
    "Review decided: not upheld",
]


@pytest.fixture()
def signed_in(
    browser: Browser, live_server: LiveServer, page_problems: PageProblems
) -> Iterator[Callable[[str], Page]]:
    """A page for another person, in a browser context of their own, signed in as them."""
    contexts = []

    def open_as(email: str) -> Page:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page_problems.watch(page)
        page.goto("/sign-in")
        sign_in(page, email, live_server.password)
        return page

    yield open_as
    for context in contexts:
        context.close()


def typed(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def banner(page: Page):
    return page.locator(".govuk-notification-banner--success")


def state(page: Page):
    return page.locator(".app-case-summary .govuk-tag").first


def tab(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Case sections").get_by_role("link", name=name).click()


def take_step(page: Page, label: str) -> None:
    """Follow a step's button in the case band and confirm it on the step's own page."""
    page.locator(".app-case-actions").get_by_role("link", name=label, exact=True).click()
    expect(page.locator("h1")).to_have_text(label)
    page.get_by_role("button", name=label, exact=True).click()


def open_case_from_list(page: Page, reference: str) -> None:
    page.locator(".govuk-service-navigation").get_by_role("link", name="Cases", exact=True).click()
    page.locator("table.app-case-list").get_by_role("link", name=reference, exact=True).click()
    expect(page.locator("h1")).to_have_text(reference)


def expect_only_the_refused_intake(problems: PageProblems, url: str) -> None:
    """The deliberate bad submission answers 400, which Chromium also logs; nothing else."""
    assert problems.bad_responses == [f"400 POST {url}/cases/new"], problems.bad_responses
    problems.bad_responses.clear()
    problems.console_errors[:] = [
        e
        for e in problems.console_errors
        if not e.startswith("Failed to load resource: the server responded with a status of 400")
    ]
    assert_no_problems(problems)


def test_complaint_from_intake_to_finalisation(
    page: Page,
    live_server: LiveServer,
    page_problems: PageProblems,
    signed_in: Callable[[str], Page],
    save_screenshot,
):
    today = london_today()
    url = live_server.url

    # 1. The handler logs the complaint, first with a received date in the future.
    page.goto("/sign-in")
    sign_in(page, live_server.handler_email, live_server.password)
    expect(page.locator("h1")).to_have_text(live_server.handler_name)
    # GOV.UK's start-style link is announced as a button.
    log_a_case = page.get_by_role("button", name=LOG_A_CASE)
    expect(log_a_case.first, "the handler's home page offers 'Log a case'").to_be_visible()
    log_a_case.first.click()
    expect(page.locator("h1")).to_have_text("Log a new case")

    page.get_by_label("Date received", exact=True).fill(typed(today + dt.timedelta(days=2)))
    page.get_by_label("How it arrived").select_option(label="Email")
    page.get_by_label("Summary", exact=True).fill(SUMMARY)
    page.get_by_label("First name", exact=True).fill(COMPLAINANT[0])
    page.get_by_label("Last name", exact=True).fill(COMPLAINANT[1])
    page.get_by_label("Email address (optional)", exact=True).fill("m.trevithick@example.org")
    page.get_by_role("button", name="Log the case").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("The date received must be today or in the past")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_label("Summary", exact=True)).to_have_value(SUMMARY)
    expect(page.get_by_label("Last name", exact=True)).to_have_value(COMPLAINANT[1])
    save_screenshot(page, "journey-1-intake-error.png")
    expect_only_the_refused_intake(page_problems, url)

    page.get_by_label("Date received", exact=True).fill(typed(today))
    page.get_by_role("button", name="Log the case").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+/people$"))
    expect(banner(page)).to_contain_text("logged. Now add the subjects and allegations.")
    expect(state(page)).to_have_text("Logged")
    reference = page.locator("h1").inner_text().strip()
    case_url = re.sub(r"/people$", "", page.url)
    expect(page.get_by_text(" ".join(COMPLAINANT))).to_be_visible()

    # 2. The handler names the officer, adds the allegation and records the first contact.
    page.get_by_role("link", name="Add a subject").click()
    page.get_by_label("Find the person").fill(live_server.officer_collar)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 person found")).to_be_visible()
    found = page.get_by_role("row").filter(has_text=live_server.officer_display)
    found.get_by_role("button", name=re.compile(r"^Add to this case")).click()
    expect(banner(page)).to_contain_text("Subject added.")
    officer_name = live_server.officer_display.removesuffix(f" ({live_server.officer_collar})")
    named = page.get_by_role("row").filter(has_text=officer_name)
    expect(named).to_contain_text(live_server.officer_collar)

    tab(page, "Allegations")
    page.get_by_role("link", name="Add an allegation").click()
    page.get_by_label("Category").select_option(label="A4 General level of service")
    page.get_by_label("What is alleged").fill("Shouted at the complainant and refused his name.")
    page.get_by_label(live_server.officer_display).check()
    page.get_by_role("button", name="Save allegation").click()
    expect(banner(page)).to_contain_text("Allegation added.")
    allegation = page.locator(".govuk-summary-card", has_text="Allegation 1")
    expect(allegation).to_contain_text("A4 General level of service")
    expect(allegation).to_contain_text(live_server.officer_display)
    expect(allegation).to_contain_text("Not yet decided")

    tab(page, "Correspondence")
    page.get_by_role("link", name="Record a contact").click()
    page.get_by_label("Date of the contact").fill(typed(today))
    page.get_by_role("group", name="How was the contact made?").get_by_label("Telephone").check()
    page.get_by_label("First contact").check()
    page.get_by_label("Summary (optional)").fill("Called to acknowledge the complaint.")
    page.get_by_label("What does the complainant want to happen?").fill("An apology.")
    page.get_by_role("button", name="Save contact").click()
    expect(banner(page)).to_contain_text("First contact recorded")
    contacts = page.locator("table", has_text="Contact with the complainant")
    expect(contacts).to_contain_text("Telephone")
    expect(contacts).to_contain_text("Complainant wants: An apology.")
    save_screenshot(page, "journey-2-prepared.png")

    # 3. The appropriate authority records it, handles it without investigation, records
    # the allegation's result and determines the outcome.
    aa = signed_in(live_server.aa_email)
    expect(aa.locator("h1")).to_have_text(live_server.aa_name)
    open_case_from_list(aa, reference)
    aa.locator(".app-case-actions").get_by_role("link", name="Record under Schedule 3").click()
    aa.get_by_label("The appropriate authority decided to record it").check()
    aa.get_by_label("Reason for this decision").fill("A complaint about an officer's manner.")
    aa.get_by_role("button", name="Record under Schedule 3").click()
    expect(banner(aa)).to_contain_text("The case is now Recorded.")
    expect(state(aa)).to_have_text("Recorded")

    take_step(aa, "Handle otherwise than by investigation")
    expect(state(aa)).to_have_text("Handling (no investigation)")

    tab(aa, "Allegations")
    aa.get_by_role("link", name="Record result of allegation 1").click()
    aa.get_by_label("Service acceptable", exact=True).check()
    aa.get_by_role("button", name="Save result").click()
    expect(banner(aa)).to_contain_text("Result recorded for allegation 1: Service acceptable.")

    take_step(aa, "Determine the outcome")
    expect(banner(aa)).to_contain_text("The case is now Outcome determined.")
    expect(state(aa)).to_have_text("Outcome determined")
    save_screenshot(aa, "journey-3-outcome-determined.png")

    # 4. The handler notifies the outcome to the proposed review body, and the letter says so.
    page.goto(case_url)
    page.locator(".app-case-actions").get_by_role(
        "link", name="Notify the complainant of the outcome"
    ).click()
    expect(page.get_by_label("OPCC (local policing body)")).to_be_checked()
    expect(page.get_by_label("Why this review body")).to_have_value(
        re.compile("the local policing body")
    )
    page.get_by_role("button", name="Notify the complainant of the outcome").click()
    expect(banner(page)).to_contain_text("The case is now Outcome notified.")

    tab(page, "Correspondence")
    letter = page.get_by_role("link", name=re.compile(r"^Download the letter .*\(PDF, \d+ KB\)$"))
    expect(letter).to_have_count(1)
    with page.expect_download() as download_info:
        letter.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    with open(download.path(), "rb") as stream:
        pdf = stream.read()
    assert pdf.startswith(b"%PDF"), pdf[:20]
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert REVIEW_BODY in text, text
    assert reference in text, text
    save_screenshot(page, "journey-4-outcome-letter.png")

    # 5. The complainant applies for a review, which the OPCC reviewer does not uphold.
    take_step(page, "Record a review application")
    expect(banner(page)).to_contain_text("The case is now Under review.")

    reviewer = signed_in(live_server.reviewer_email)
    expect(reviewer.locator("h1")).to_have_text(live_server.reviewer_name)
    # The OPCC reviewer takes the review from the queue, then reads its case file (A8).
    reviewer.goto("/reviews?show=unallocated")
    reviewer.get_by_role("button", name=f"Take this review of {reference}").click()
    reviewer.get_by_role("link", name="Open the case file").click()
    expect(reviewer.locator("h1")).to_have_text(reference)
    reviewer.locator(".app-case-actions").get_by_role("link", name="Decide the review").click()
    reviewer.get_by_label("Not upheld (reasonable and proportionate)").check()
    reviewer.get_by_label("Rationale").fill("The outcome was reasonable and proportionate.")
    reviewer.get_by_role("button", name="Decide the review").click()
    expect(banner(reviewer)).to_contain_text("The case is now Finalised.")
    save_screenshot(reviewer, "journey-5-review-decided.png")
    expect(
        reviewer.locator("h1"),
        "Deciding the review sends the OPCC reviewer to the case page, which they may no "
        "longer open once the review is decided: they land on 'Page not found' (404)",
    ).not_to_have_text("Page not found")

    # 6. The handler sees the case finalised and each step on its timeline, newest first;
    # no page went wrong on the way.
    page.goto(case_url)
    expect(state(page)).to_have_text("Finalised")
    tab(page, "Timeline")
    titles = page.locator(".moj-timeline__title")
    expect(titles.filter(has_text="Review decided")).to_have_count(1)
    shown = [t.strip() for t in titles.all_inner_texts()]
    steps = [t for t in shown if t in STEPS_IN_ORDER]
    assert steps == list(reversed(STEPS_IN_ORDER)), shown
    items = page.locator(".moj-timeline__item")
    recorded = items.filter(has=page.get_by_role("heading", name="Record under Schedule 3"))
    expect(recorded).to_contain_text(f"by {live_server.aa_name}")
    expect(recorded).to_contain_text("A complaint about an officer's manner.")
    decided = items.filter(has=page.get_by_role("heading", name="Review decided: not upheld"))
    expect(decided).to_contain_text(f"by {live_server.reviewer_name}")
    save_screenshot(page, "journey-6-timeline.png")
    assert_no_problems(page_problems)
