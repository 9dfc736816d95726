"""Every page type meets WCAG 2.2 AA as far as axe-core can tell, with and without errors.

Each person signs in once (a browser page per person, kept for the module); each test
then opens one page of one type there and, for a form, also submits it empty or invalid
so that the GOV.UK error summary shows. axe-core (the npm devDependency, so `npm ci` first)
is injected into the page and must find no violation of the WCAG 2.0, 2.1 and 2.2 A and
AA rules. A failure names the page, the rule, its impact and the elements at fault.

The same page, narrowed to 320px, must then reflow (WCAG 1.4.10, which axe cannot
check): nothing makes it scroll sideways except a wide table inside its own scroll
container (``reflow.py``). At 1280px no table is cut off.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.auth import two_factor
from complaints.auth.models import User
from complaints.auth.roles import Role
from complaints.cases import correspondence
from complaints.cases.choices import CaseState
from complaints.cases.letters import LetterKind
from complaints.cases.models import Case
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.db import make_engine, make_session_factory
from complaints.documents.storage import FileStore
from complaints.learning import services as learning
from complaints.learning.models import LearningLevel, LearningSource
from complaints.oversight.models import SampleMethod
from complaints.oversight.sampling import DrawData, draw_sample
from complaints.reviews.services import take_review
from complaints.sessions import watch
from complaints.tray import services as tray
from tests import factories
from tests.browser.conftest import LiveServer, serve
from tests.browser.reflow import NARROW, cut_off_tables, sideways
from tests.browser.test_browser_basics import sign_in
from tests.signing import next_code
from tests.views.routes import access as access_routes
from tests.views.routes import intervention as intervention_routes
from tests.views.routes import officers as officer_routes
from tests.views.routes import reviews as review_routes
from tests.views.routes import submissions as submission_routes
from tests.views.routes import workforce as workforce_routes

pytestmark = pytest.mark.browser

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Who opens the pages: the three people of conftest.serve(), and the others seeded here.
SIGNED_IN = {
    "handler": "hana.handler@test.example",
    "aa": "aled.authority@test.example",
    "reviewer": "rhea.reviewer@test.example",
    "investigator": "ivo.investigator@test.example",
    "oversight": "olwen.oversight@test.example",
    "board": "bryn.board@test.example",
    "admin": "ada.admin@test.example",
}
# People part way through signing in, each in a fresh browser context.
SIGNING_IN = {
    "password-given": "sid.signing@test.example",  # at the two-factor step
    "not-enrolled": "nia.new@test.example",  # yet to set up two-factor sign-in
    "enrolling": "eli.enrolling@test.example",  # sets it up, and sees the recovery codes
    "must-change": "max.change@test.example",  # an administrator set their password
}


# Track my complaint links for the seeded case's complainant, each spent by one visit.
TRACKING_TOKENS = ("accessibility-tracking-link", "accessibility-tracking-link-2")


def _duty(session: Session) -> dict:
    """A suspended officer, whose review page some visits open."""
    found = officer_routes.objects(session, {})
    return {"duty_subject": found["subject_id"], "duty_status": found["duty_status_id"]}


@dataclass(frozen=True)
class Visit:
    """One page to check: who opens it, where, and what to do there before axe runs."""

    name: str
    who: str | None  # a key of SIGNED_IN or SIGNING_IN; None: nobody signed in
    path: str  # formatted with the seeded ids
    status: int = 200
    errors: bool = False  # submit the form, after ``prepare``, to show the error summary
    prepare: Callable[[Page], None] | None = None  # the invalid answers to submit
    button: str | None = None  # the submit button, if not the form's first
    act: Callable[[Page], None] | None = None  # anything else to do on the page first
    clock: bool = False  # in a page of its own whose clock the test moves on


def _fill(label: str, value: str) -> Callable[[Page], None]:
    return lambda page: page.get_by_label(label, exact=True).fill(value)


def _clear_all(page: Page) -> None:
    """Empty every text box the page filled in, so that the answers are incomplete."""
    page.locator(
        "main form[method=post i] input[type=text], main form[method=post i] textarea"
    ).evaluate_all("els => els.forEach(el => { el.value = '' })")


def _answer_off_the_list(page: Page) -> None:
    """Send an answer the list does not offer, as a hand-made request would."""
    page.locator("main form[method=post i] select").first.evaluate(
        "el => { el.add(new Option('Unknown', 'Unknown')); el.value = 'Unknown' }"
    )


def _choose_nothing(page: Page) -> None:
    """Choose the empty option ("Not assigned", "Choose...") of every list that has one."""
    page.locator("main form[method=post i] select").evaluate_all(
        "els => els.forEach(el => { if ([...el.options].some(o => o.value === '')) el.value = '' })"
    )


def _enrol(page: Page) -> None:
    """Type the key shown into an 'app' and enter its code: the recovery codes follow."""
    secret = "".join(page.get_by_test_id("totp-secret").inner_text().split())
    code = two_factor.current_code(secret, dt.datetime.now(dt.UTC))
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Save your recovery codes")


def _submit(page: Page, button: str | None = None) -> None:
    form = page.locator("main form[method=post i]").first
    if button:
        form.get_by_role("button", name=button, exact=True).click()
    else:
        form.locator("button[type=submit], input[type=submit], button:not([type])").first.click()


def _save_over_a_change(page: Page) -> None:
    """Save a note as if someone else had changed the case since the page was opened."""
    page.get_by_label("Note", exact=True).fill("Spoke to the complainant.")
    form = page.locator("main form[method=post i]").first
    form.locator("input[name=version]").evaluate("el => { el.value = '0' }")
    form.locator("input[name=opened_at]").evaluate(
        "el => { el.value = '2020-01-01T00:00:00+00:00' }"
    )
    _submit(page)
    expect(page.locator(".app-conflict")).to_be_visible()


def _show_timeout_warning(page: Page) -> None:
    """Let the sign-in idle until the warning before it ends opens."""
    idle, warning = page.locator("[data-module=app-timeout-warning]").evaluate(
        "el => [Number(el.dataset.idleSeconds), Number(el.dataset.warningSeconds)]"
    )
    page.clock.fast_forward((idle - warning + 1) * 1000)
    page.clock.resume()  # axe-core needs timers that run
    expect(page.get_by_role("dialog", name="You are about to be signed out")).to_be_visible()


def _add_a_note(page: Page) -> None:
    """Save a note: the case page says so in a success banner (post, redirect, get)."""
    page.get_by_label("Note", exact=True).fill("Spoke to the complainant.")
    _submit(page)
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()


def _preview_a_letter(page: Page) -> None:
    """Preview an acknowledgement: the letter shows above the paragraphs to change."""
    page.get_by_label("Acknowledgement").check()
    page.get_by_role("button", name="Preview the letter").click()
    expect(page.locator(".app-letter")).to_be_visible()


def _start_form(slug: str | None = None) -> Callable[[Page], None]:
    """Start the public complaint form, then open one of its question pages."""

    def act(page: Page) -> None:
        page.get_by_role("button", name="Start now").click()
        expect(page).to_have_url(re.compile(r"/complain/who$"))
        if slug:
            page.goto(f"/complain/{slug}")

    return act


def _answer_every_question(page: Page) -> None:
    """Answer the public form's questions, as few as may be, up to "Check your answers"."""

    def then(heading: str) -> None:
        page.get_by_role("button", name="Continue").click()
        expect(page.locator("h1")).to_have_text(heading)

    _start_form()(page)
    page.get_by_label("Me: it happened to me, or I saw it").check()
    then("About you")
    page.get_by_label("First name").fill("Zoë")
    page.get_by_label("Last name").fill("Łukasiewicz")
    then("How to contact you")
    page.get_by_label("Email address").fill("zoe@example.org")
    page.get_by_label("By email").check()
    then("What happened")
    page.get_by_label("What happened?").fill("An officer shouted at me.")
    then("When and where")
    then("Who was involved")
    then("Photos, videos or documents")
    then("What you would like to happen")
    then("Complained before")
    page.get_by_label("No", exact=True).check()
    then("Help you need from us")
    then("About you: optional questions")
    then("Check your answers before sending your complaint")


def _a_file_that_is_not_allowed(page: Page) -> None:
    page.get_by_label("Add a file (optional)").set_input_files(
        files=[{"name": "run-me.exe", "mimeType": "application/octet-stream", "buffer": b"MZ"}]
    )


def _check_the_sample_extract(page: Page) -> None:
    """Upload the sample legacy extract: its dry run's row-by-row report follows."""
    sample = Path(__file__).resolve().parents[1] / "data" / "legacy_extract.csv"
    page.get_by_label("The extract (CSV)").set_input_files(str(sample))
    page.get_by_label("Import the good rows and skip the rows refused").check()
    page.get_by_role("button", name="Check the extract").click()
    expect(page.locator("h1")).to_have_text("legacy_extract.csv")


def _send_the_form(page: Page) -> None:
    _answer_every_question(page)
    page.get_by_role("button", name="Send your complaint").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Complaint sent")


def _ask_for_a_link(page: Page) -> None:
    page.get_by_label("Your complaint reference").fill("CO/2026/00001")
    page.get_by_label("Your email address").fill("someone@example.org")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.locator("h1")).to_have_text("Check your email")


def _open_the_tracking_link(page: Page, token: str = TRACKING_TOKENS[0]) -> None:
    page.goto(f"/track/link/{token}")
    expect(page.locator("h1")).to_have_text("We are looking at your complaint")


def _send_nothing_new(page: Page) -> None:
    _open_the_tracking_link(page, TRACKING_TOKENS[1])
    page.get_by_role("button", name="Send it to us").click()


def _forms(*visits: Visit) -> list[Visit]:
    """Each form page twice: as it opens, and submitted to show its errors."""
    return [
        each
        for visit in visits
        for each in (visit, replace(visit, name=visit.name + "-with-errors", errors=True))
    ]


CASE = "/cases/{case}"
INVESTIGATED = "/cases/{investigated}"
CONDUCT = "/cases/{referred}/investigation/subjects/{referred_subject}"
DECIDED = "/cases/{decided}/investigation/subjects/{decided_subject}"


PAGES: list[Visit] = [
    # Signing in, and a person's own account.
    *_forms(
        Visit("sign-in", None, "/sign-in", prepare=_fill("Email address", "nobody")),
        Visit("two-factor", "password-given", "/sign-in/two-factor"),
        Visit("recovery-code", "password-given", "/sign-in/recovery-code"),
        Visit("set-up-two-factor", "not-enrolled", "/sign-in/set-up-two-factor"),
        Visit("new-password", "must-change", "/sign-in/new-password"),
        Visit("change-password", "handler", "/account/password"),
    ),
    Visit("recovery-codes", "enrolling", "/sign-in/set-up-two-factor", act=_enrol),
    Visit("account", "handler", "/account"),
    # The public complaint form.
    Visit("complain-start", None, "/complain"),
    *_forms(
        Visit("complain-who", None, "/complain", act=_start_form()),
        Visit("complain-you", None, "/complain", act=_start_form("you")),
        Visit("complain-contact", None, "/complain", act=_start_form("contact")),
        Visit("complain-what", None, "/complain", act=_start_form("what")),
        Visit("complain-them", None, "/complain", act=_start_form("them")),
        Visit(
            "complain-files",
            None,
            "/complain",
            act=_start_form("files"),
            prepare=_a_file_that_is_not_allowed,
            button="Add this file",
        ),
    ),
    Visit("complain-when", None, "/complain", act=_start_form("when")),
    Visit("complain-equality", None, "/complain", act=_start_form("equality")),
    Visit("complain-check", None, "/complain", act=_answer_every_question),
    Visit("complain-sent", None, "/complain", act=_send_the_form),
    # Track my complaint.
    *_forms(Visit("track-ask", None, "/track")),
    Visit("track-link-sent", None, "/track", act=_ask_for_a_link),
    Visit("track-complaint", None, "/track", act=_open_the_tracking_link),
    Visit("track-complaint-with-errors", None, "/track", act=_send_nothing_new, status=200),
    # Each person's home page.
    *[Visit(f"home-{who}", who, "/") for who in SIGNED_IN],
    # Cases, and the case page's tabs.
    Visit("case-list", "handler", "/cases/"),
    Visit("case-list-filtered", "handler", "/cases/?q=front+counter&state=logged&submit=1"),
    Visit("case-list-filter-errors", "handler", "/cases/?received_from=31/2/2026", status=400),
    Visit("case-overview", "handler", CASE),
    Visit("case-overview-under-investigation", "aa", INVESTIGATED),
    Visit("case-people", "handler", CASE + "/people"),
    Visit("case-allegations", "handler", CASE + "/allegations"),
    Visit("case-investigation", "aa", INVESTIGATED + "/investigation"),
    Visit("case-correspondence", "handler", CASE + "/correspondence"),
    Visit("case-documents", "handler", CASE + "/documents"),
    Visit("case-timeline", "handler", CASE + "/timeline"),
    # Intake, the people on a case, and the casework forms.
    *_forms(
        Visit("intake", "handler", "/cases/new", button="Log the case"),
        Visit("add-complainant", "handler", CASE + "/complainants/new"),
        Visit("add-subject", "handler", CASE + "/subjects/new"),
        Visit("link-case", "handler", CASE + "/links/new"),
        Visit("note", "handler", CASE + "/notes/new"),
        Visit("add-allegation", "handler", CASE + "/allegations/new"),
        Visit(
            "edit-allegation",
            "handler",
            CASE + "/allegations/{allegation}/edit",
            prepare=_clear_all,
        ),
        Visit(
            "allegation-result", "aa", "/cases/{handling}/allegations/{handling_allegation}/result"
        ),
        Visit("contact", "handler", CASE + "/contacts/new", prepare=_clear_all),
        Visit(
            "contact-not-possible", "handler", CASE + "/contact-not-possible", prepare=_clear_all
        ),
        Visit("letter", "handler", CASE + "/letters/new"),
        Visit(
            "letter-template",
            "admin",
            "/admin/letters/1/outcome",
            prepare=_fill("Wording", "# The outcome {{ nope }}"),
        ),
        Visit("upload", "handler", CASE + "/documents/new"),
        Visit("workflow-step", "aa", CASE + "/steps/record"),
        Visit(
            "withdraw",
            "handler",
            "/cases/{recorded}/steps/withdraw",
            prepare=_fill("Date of the complainant's signed withdrawal notice", "31/2/2026"),
        ),
        Visit(
            "suspend",
            "aa",
            INVESTIGATED + "/steps/suspend",
            prepare=_fill("Date suspended", "31/2/2026"),
        ),
        Visit(
            "resume",
            "aa",
            "/cases/{suspended}/steps/resume",
            prepare=_fill("Date resumed", "31/2/2026"),
        ),
        Visit(
            "submit-report",
            "investigator",
            INVESTIGATED + "/steps/submit_report",
            prepare=_fill("Date the report was submitted", "31/2/2026"),
        ),
        Visit("assign", "aa", CASE + "/assign", prepare=_choose_nothing),
        Visit("restrict", "aa", CASE + "/restrict"),
        Visit("raise-learning", "aa", CASE + "/learning/new"),
        Visit(
            "investigation-details",
            "aa",
            INVESTIGATED + "/investigation/edit",
            prepare=_fill("Terms of reference", "Too long. " * 501),
        ),
        Visit(
            "severity",
            "aa",
            INVESTIGATED + "/investigation/subjects/{investigated_subject}/severity",
        ),
        Visit(
            "conduct-outcome",
            "aa",
            INVESTIGATED + "/investigation/subjects/{investigated_subject}/outcome",
            prepare=_fill("Date the outcome was decided (optional)", "31/2/2026"),
        ),
        Visit("regulation-17-notice", "aa", CONDUCT + "/notice", prepare=_clear_all),
        Visit("proceedings", "aa", CONDUCT + "/proceedings", prepare=_clear_all),
        Visit("adjourn", "aa", CONDUCT + "/proceedings/adjourn"),
        Visit("appeal", "aa", DECIDED + "/proceedings/appeal"),
    ),
    Visit("iopc-return", "aa", "/returns/iopc?period=2026-Q2"),
    Visit("letter-preview", "handler", CASE + "/letters/new", act=_preview_a_letter),
    Visit("letter-html", "handler", CASE + "/letters/{letter}"),
    Visit("letter-templates", "admin", "/admin/letters"),
    Visit("letter-template-version", "admin", "/admin/letters/1/outcome/1"),
    Visit("note-conflict", "handler", CASE + "/notes/new", act=_save_over_a_change),
    Visit("note-saved", "handler", CASE + "/notes/new", act=_add_a_note),
    Visit("timeout-warning", "handler", CASE + "/notes/new", act=_show_timeout_warning, clock=True),
    # A subject's history.
    Visit("subject-history", "aa", "/subjects/{subject}"),
    *_forms(
        Visit("duty-status", "aa", "/subjects/{subject}/duty/new"),
        Visit(
            "duty-review",
            "aa",
            "/subjects/{duty_subject}/duty/{duty_status}/review",
            prepare=_clear_all,
        ),
    ),
    # Complaints sent online, as the PSD triages them.
    # Early intervention.
    Visit("early-intervention", "aa", "/early-intervention/"),
    Visit("early-intervention-alert", "aa", "/early-intervention/alerts/{alert_id}"),
    *_forms(
        Visit("alert-step", "aa", "/early-intervention/alerts/{alert_id}/steps/close_no_action"),
        Visit("agree-plan", "aa", "/early-intervention/alerts/{alert_id}/plan"),
        Visit("plan-action", "aa", "/early-intervention/plans/{plan_id}/actions/new"),
        Visit(
            "plan-action-done",
            "aa",
            "/early-intervention/plans/{plan_id}/actions/{plan_action_id}/done",
        ),
    ),
    Visit("intervention-policies", "admin", "/early-intervention/policies"),
    # Subject access requests.
    Visit("subject-access", "aa", "/subject-access/"),
    Visit("subject-access-find", "aa", "/subject-access/new"),
    *_forms(
        Visit("subject-access-open", "aa", "/subject-access/new?kind=complainant&words=public"),
        Visit("subject-access-sent", "aa", "/subject-access/{access_request_id}/complete"),
        Visit("subject-access-withdraw", "aa", "/subject-access/{access_request_id}/withdraw"),
    ),
    Visit("subject-access-request", "aa", "/subject-access/{access_request_id}"),
    *_forms(
        Visit(
            "new-intervention-policy",
            "admin",
            "/early-intervention/policies/new",
            prepare=_clear_all,
        ),
        Visit(
            "edit-intervention-policy",
            "admin",
            "/early-intervention/policies/{policy_id}",
            prepare=_clear_all,
        ),
    ),
    # Retention and disposal.
    Visit("retention-review-list", "aa", "/retention/"),
    Visit("retention-case", "aa", "/retention/cases/{case}"),
    Visit("dispose-not-yet", "aa", "/retention/cases/{case}/dispose"),
    Visit("retention-schedule", "admin", "/retention/schedule"),
    *_forms(
        Visit("legal-hold", "aa", "/retention/cases/{case}/hold"),
        Visit(
            "retention-rule",
            "admin",
            "/retention/schedule/1/complaint-misconduct",
            prepare=_clear_all,
        ),
    ),
    # Officers' and staff's protected characteristics, and the workforce profile.
    Visit("workforce", "admin", "/admin/workforce/?q=Workforce"),
    *_forms(
        Visit(
            "workforce-person",
            "admin",
            "/admin/workforce/people/{workforce_subject_id}",
            prepare=_answer_off_the_list,
        ),
        Visit(
            "workforce-profile",
            "admin",
            "/admin/workforce/forces/{force_id}/profile/ethnicity",
            prepare=_fill("White", "many"),
        ),
    ),
    Visit("submissions", "handler", "/submissions"),
    *_forms(
        Visit(
            "submission",
            "handler",
            "/submissions/{submission_id}",
            button="Add it to this case",
        ),
    ),
    # The work tray, bring-forward dates and the daily digest.
    Visit("work-tray", "handler", "/tray"),
    Visit("work-tray-aa", "aa", "/tray"),
    Visit("digest-setting", "handler", "/account/digest"),
    *_forms(Visit("bring-forward", "handler", CASE + "/bring-forward")),
    # Queues.
    Visit("queue-mine", "handler", "/queues/mine"),
    Visit("queue-team", "aa", "/queues/team"),
    Visit("queue-decisions", "aa", "/queues/decisions"),
    Visit("queue-due", "handler", "/queues/due"),
    Visit("queue-to-post", "handler", "/queues/to-post"),
    # Reviews.
    Visit("reviews-queue", "reviewer", "/reviews"),
    Visit("review", "reviewer", "/reviews/{taken_review}"),
    Visit("find-complaint-to-review", "reviewer", "/reviews/new"),
    Visit("find-complaint-errors", "reviewer", "/reviews/new?reference=NOPE", status=400),
    *_forms(
        Visit(
            "record-review-application",
            "reviewer",
            "/reviews/new?reference={notified_reference}",
            prepare=_clear_all,
        ),
        Visit("decide-review", "aa", "/reviews/{iopc_review}/decide"),
        Visit(
            "respond-to-recommendation",
            "aa",
            "/reviews/{decided_review}/recommendations/{recommendation}/response",
        ),
    ),
    # Learning.
    Visit("learning-register", "aa", "/learning"),
    Visit("learning-item", "aa", "/learning/{learning}"),
    Visit("learning-bulletin", "oversight", "/learning/bulletin"),
    *_forms(
        Visit("new-learning", "aa", "/learning/new"),
        Visit("edit-learning", "aa", "/learning/{learning}/edit", prepare=_clear_all),
        Visit("accept-learning", "aa", "/learning/{learning}/accept"),
    ),
    # Oversight.
    Visit("dip-samples", "oversight", "/oversight/samples"),
    Visit("dip-sample", "oversight", "/oversight/samples/{sample}"),
    Visit("twelve-month-reports", "aa", "/oversight/twelve-month-reports"),
    *_forms(
        Visit("new-dip-sample", "oversight", "/oversight/samples/new", prepare=_clear_all),
        Visit(
            "dip-sample-checklist", "oversight", "/oversight/samples/{sample}/cases/{sampled_case}"
        ),
        Visit(
            "record-twelve-month-report",
            "aa",
            "/oversight/twelve-month-reports/{investigated}/record",
            prepare=_clear_all,
        ),
    ),
    # Dashboards and reports.
    Visit("dashboard", "aa", "/reports/dashboard"),
    Visit("dashboard-month-errors", "aa", "/reports/dashboard?month=nope", status=400),
    Visit("dashboard-board-member", "board", "/reports/dashboard"),
    Visit("oversight-dashboard", "oversight", "/reports/oversight"),
    Visit("reports", "aa", "/reports"),
    Visit("make-report", "aa", "/reports/make"),  # a list of months: no wrong answer to give
    *_forms(Visit("verify-report", "aa", "/reports/verify")),
    # Signing off a report: its page as a draft and published, commentary and approval.
    Visit("board-report-draft", "oversight", "/reports/board/{draft_report}"),
    Visit("board-report-published", "board", "/reports/board/{published_report}"),
    # The report as a web page: the published circulated version, and a draft's full one.
    Visit("board-report-html", "board", "/reports/board/{published_report}/report.html"),
    Visit(
        "board-report-html-draft",
        "oversight",
        "/reports/board/{draft_report}/report.html?version=full",
    ),
    *_forms(
        Visit(
            "report-commentary",
            "aa",
            "/reports/board/{draft_report}/commentary/summary",
            prepare=_fill("Commentary", "x" * 5001),
        ),
        Visit("approve-report", "oversight", "/reports/board/{draft_report}/approve"),
    ),
    # Administration.
    Visit("users", "admin", "/admin/users"),
    Visit("categories", "admin", "/admin/categories"),
    Visit("forces", "admin", "/admin/forces"),
    Visit("failed-sign-ins", "admin", "/admin/sign-in-attempts"),
    Visit("sent-mail", "admin", "/admin/mail"),
    *_forms(
        Visit("new-user", "admin", "/admin/users/new"),
        Visit("edit-user", "admin", "/admin/users/{handler_user}", prepare=_clear_all),
        Visit("new-force", "admin", "/admin/forces/new"),
        Visit("edit-force", "admin", "/admin/forces/1", prepare=_clear_all),
        Visit("imports", "admin", "/admin/imports/"),
    ),
    Visit("import-dry-run", "admin", "/admin/imports/", act=_check_the_sample_extract),
    # Error pages.
    Visit("forbidden", "handler", "/admin/users", status=403),
    Visit("not-found", "handler", "/cases/999999", status=404),
]


# The server and its data. -----------------------------------------------------------------


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, dict]]:
    """The browser tests' seeded app, with an object of every kind some page type shows."""
    root = tmp_path_factory.mktemp("accessibility")
    with serve(root) as server:
        engine = make_engine("sqlite:///" + str(root / "live.sqlite3"))
        try:
            with watch(make_session_factory(engine))() as session:
                audit.act_as(session, Actor.system("test"))
                ids = _seed(session, root)
        finally:
            engine.dispose()
        yield server, ids


@pytest.fixture(scope="module")
def live_server(seeded: tuple[LiveServer, dict]) -> LiveServer:
    return seeded[0]


def _seed(session: Session, root: Path) -> dict:
    """More people, and a case in each state some page needs, in the server's database."""
    handler, aa, reviewer = (
        session.scalar(select(User).where(User.email == SIGNED_IN[who]))
        for who in ("handler", "aa", "reviewer")
    )
    investigator = factories.user(
        session, Role.INVESTIGATOR, name="Ivo Investigator", email=SIGNED_IN["investigator"]
    )
    oversight = factories.user(
        session, Role.OPCC_OVERSIGHT, name="Olwen Oversight", email=SIGNED_IN["oversight"]
    )
    factories.user(session, Role.BOARD_MEMBER, name="Bryn Board", email=SIGNED_IN["board"])
    factories.user(session, Role.ADMIN, name="Ada Admin", email=SIGNED_IN["admin"])
    factories.user(session, Role.HANDLER, email=SIGNING_IN["password-given"])
    factories.user(session, Role.HANDLER, email=SIGNING_IN["not-enrolled"], enrolled=False)
    factories.user(session, Role.HANDLER, email=SIGNING_IN["enrolling"], enrolled=False)
    factories.user(
        session, Role.HANDLER, email=SIGNING_IN["must-change"], must_change_password=True
    )

    case = session.scalar(select(Case).order_by(Case.id))  # the handler's first case
    factories.contact(session, case, handler)
    document = factories.attachment(session, case, str(root / "files"))
    now = dt.datetime.now(dt.UTC)
    letter = correspondence.send_letter(  # an acknowledgement, to open as HTML
        session,
        factories.actor_for(handler),
        case,
        LetterKind.ACKNOWLEDGEMENT,
        FileStore(root / "files"),
        now,
    )
    tray.add_bring_forward(  # on the case page and in the work tray
        session,
        factories.actor_for(handler),
        case,
        tray.BringForwardData(due_on=now.date(), note="Chase the CCTV"),
        now,
    )
    # Under investigation for almost a year: its twelve-month report is due soon.
    investigated = factories.complaint_in_state(
        session,
        CaseState.INVESTIGATION,
        handler=handler,
        aa=aa,
        investigator=investigator,
        now=now - dt.timedelta(days=350),
    )
    team = {"handler": handler, "aa": aa, "investigator": investigator}
    referred = factories.referred_to_hearing(session, **team)
    decided = factories.referred_to_hearing(session, **team, decided=True)
    handling = factories.complaint_in_state(session, CaseState.HANDLING, handler=handler, aa=aa)
    recorded = factories.complaint_in_state(session, CaseState.RECORDED, handler=handler, aa=aa)
    suspended = factories.complaint_in_state(session, CaseState.SUSPENDED, **team)
    notified = factories.complaint_in_state(
        session, CaseState.OUTCOME_NOTIFIED, handler=handler, aa=aa, now=now
    )
    item = learning.record_learning(
        session,
        Actor.system("test"),
        learning.LearningData("Record keeping", "Record the reasons", LearningLevel.INDIVIDUAL),
        factories.NOW,
        source=LearningSource.CASE_OUTCOME,
        case_id=case.id,
    )
    finalised = factories.complaint_in_state(session, CaseState.FINALISED, handler=handler, aa=aa)
    day = factories.NOW.date()
    sample = draw_sample(
        session,
        factories.actor_for(oversight),
        DrawData(day, day, SampleMethod.SIZE, size=1, seed=1),
        factories.NOW,
    )
    session.commit()
    # The reviews of the route specification, and one this reviewer has taken.
    reviews = review_routes.objects(session, {"attachment_id": document.id})
    taken = factories.complaint_in_state(session, CaseState.UNDER_REVIEW, handler=handler, aa=aa)
    take_review(session, factories.actor_for(reviewer), taken.reviews[0], factories.NOW)
    session.commit()
    board_reports = _board_reports(session, aa, oversight, str(root / "files"))
    return {
        **board_reports,
        "case": case.id,
        "letter": letter.id,
        "allegation": case.allegations[0].id,
        "handler_user": handler.id,
        "investigated": investigated.id,
        "investigated_subject": investigated.subjects[0].id,
        "referred": referred.id,
        "referred_subject": referred.subjects[0].id,
        "decided": decided.id,
        "decided_subject": decided.subjects[0].id,
        "subject": investigated.subjects[0].subject_id,
        "handling": handling.id,
        "recorded": recorded.id,
        "suspended": suspended.id,
        "handling_allegation": handling.allegations[0].id,
        "notified_reference": notified.reference,
        "learning": item.id,
        "sample": sample.id,
        "sampled_case": finalised.id,
        "iopc_review": reviews["review_id"],
        "decided_review": reviews["decided_review_id"],
        "recommendation": reviews["recommendation_id"],
        "taken_review": taken.reviews[0].id,
        **submission_routes.objects(session, {}),
        **_tracking_link(session, case),
        **_duty(session),
        **intervention_routes.objects(session, {}),
        **access_routes.objects(session, {"case": case}),
        **workforce_routes.objects(session, {}),
    }


def _board_reports(session: Session, aa: User, oversight: User, files_dir: str) -> dict:
    """A month's report still a draft, and an earlier one approved and published."""
    from complaints.forces.models import FIRST_FORCE_ID, Force
    from complaints.reports import signoff
    from complaints.reports.periods import last_complete_month
    from complaints.reports.tables import ReportSettings

    now = dt.datetime.now(dt.UTC)
    month = last_complete_month(now)
    earlier = last_complete_month(dt.datetime.combine(month, dt.time(12), tzinfo=dt.UTC))
    writer, approver = factories.actor_for(aa), factories.actor_for(oversight)
    draft = signoff.start_report(session, writer, month, FIRST_FORCE_ID, now)
    published = signoff.start_report(session, writer, earlier, FIRST_FORCE_ID, now)
    for report in (draft, published):
        summary = next(c for c in report.commentaries if c.section == "summary")
        signoff.write_commentary(session, writer, summary, "Why contact took longer.", now)
    settings = ReportSettings.for_forces(
        [session.get(Force, FIRST_FORCE_ID)], {"REPORT_SMALL_COUNT_THRESHOLD": 5}
    )
    signoff.approve_report(session, approver, published, now, settings, files_dir)
    session.commit()
    return {"draft_report": draft.id, "published_report": published.id}


def _tracking_link(session: Session, case: Case) -> dict:
    """A Track my complaint link for the seeded case's complainant, spent by one visit."""
    import hashlib

    from complaints.public.models import TrackingLink

    for token in TRACKING_TOKENS:
        session.add(
            TrackingLink(
                case_id=case.id,
                complainant_id=case.complainants[0].id,
                token_hash=hashlib.sha256(token.encode()).hexdigest(),
                created_at=factories.NOW,
                expires_at=dt.datetime(2100, 1, 1, tzinfo=dt.UTC),
            )
        )
    session.commit()
    return {}


# Browser contexts: one per person signed in, kept for the module. -------------------------


def _new_context(browser: Browser, server: LiveServer, **options) -> BrowserContext:
    context = browser.new_context(
        base_url=server.url, viewport={"width": 1280, "height": 900}, locale="en-GB", **options
    )
    context.set_default_timeout(10_000)
    return context


@pytest.fixture(scope="module")
def signed_in_pages(browser: Browser) -> Iterator[dict[str, Page]]:
    """A page for each person, signed in when first needed and kept for the module."""
    pages: dict[str, Page] = {}
    yield pages
    for page in pages.values():
        page.context.close()


@pytest.fixture()
def page_for(
    browser: Browser, seeded: tuple[LiveServer, dict], signed_in_pages: dict[str, Page]
) -> Iterator[Callable[..., Page]]:
    """The page of a person signed in (or one with a clock of its own), or a fresh page
    part way through signing in, or for nobody."""
    server, _ = seeded
    fresh: list[BrowserContext] = []

    def open_for(who: str | None, clock: bool = False) -> Page:
        if who in SIGNED_IN:
            if who not in signed_in_pages:
                page = _new_context(browser, server).new_page()
                page.goto("/sign-in")
                sign_in(page, SIGNED_IN[who], server.password)
                expect(page).not_to_have_url(re.compile(r"/sign-in"))
                signed_in_pages[who] = page
            if not clock:
                return signed_in_pages[who]
            # The same sign-in, in a context of its own so that the fake clock stays there.
            signed_in = signed_in_pages[who].context.storage_state()
            fresh.append(_new_context(browser, server, storage_state=signed_in))
            page = fresh[-1].new_page()
            page.clock.install()
            return page
        context = _new_context(browser, server)
        fresh.append(context)
        page = context.new_page()
        if who is not None:
            page.goto("/sign-in")
            page.get_by_label("Email address").fill(SIGNING_IN[who])
            page.get_by_label("Password", exact=True).fill(server.password)
            page.get_by_role("button", name="Sign in").click()
            if who == "must-change":
                code = next_code(SIGNING_IN[who])
                page.get_by_label("Code from your authenticator app").fill(code)
                page.get_by_role("button", name="Continue").click()
        return page

    yield open_for
    for context in fresh:
        context.close()


# axe-core. --------------------------------------------------------------------------------


def axe_violations(page: Page) -> list[dict]:
    """What axe-core finds wrong with the page as it is now."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm ci` (or `make setup`)", pytrace=False)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # evaluate() is outside the page's Content Security Policy, which refuses an
        # inline <script> (so page.add_script_tag(content=...) would not work).
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    results = page.evaluate(
        "tags => axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return results["violations"]


def describe(violations: list[dict], url: str) -> str:
    """The violations, readably: rule, impact, WCAG criteria, and the elements at fault."""
    lines = [f"{len(violations)} accessibility rule(s) broken on {url}:"]
    for violation in violations:
        criteria = ", ".join(t for t in violation["tags"] if t.startswith("wcag"))
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} [{criteria}]"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(t if isinstance(t, str) else json.dumps(t) for t in node["target"])
            why = re.sub(r"\s+", " ", node.get("failureSummary") or "").strip()
            lines.append(f"    {target}: {why[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ...and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


# The test. --------------------------------------------------------------------------------


def test_every_visit_has_its_own_name():
    names = [visit.name for visit in PAGES]
    assert len(names) == len(set(names))


def test_axe_reports_what_it_finds(page_for: Callable[..., Page]):
    """The checker itself works: a field without a label is found and described."""
    page = page_for(None)
    page.goto("/sign-in")
    page.evaluate("document.querySelector('label[for=email]').remove()")
    violations = axe_violations(page)
    assert [v["id"] for v in violations] == ["label"]
    assert "#email" in describe(violations, page.url)


def test_a_table_too_wide_for_the_screen_scrolls_with_the_keyboard(
    page_for: Callable[..., Page],
):
    """A wide table is a tab stop only while it does not fit, and the arrow keys scroll it."""
    page = page_for("handler")
    page.goto("/queues/mine")
    pane = page.get_by_role("region", name="Cases assigned to you", exact=True)
    expect(pane).not_to_have_attribute("tabindex", "0")  # it all fits: nothing to scroll
    viewport = page.viewport_size
    page.set_viewport_size(NARROW)
    try:
        expect(pane).to_have_attribute("tabindex", "0")
        pane.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("el => el.scrollLeft > 0", arg=pane.element_handle())
        assert sideways(page) == []
    finally:
        page.set_viewport_size(viewport)


@pytest.mark.parametrize("visit", PAGES, ids=lambda visit: visit.name)
def test_page_has_no_accessibility_violations(
    visit: Visit, seeded: tuple[LiveServer, dict], page_for: Callable[..., Page]
):
    server, ids = seeded
    page = page_for(visit.who, visit.clock)
    path = visit.path.format(**ids)
    response = page.goto(path)
    assert response is not None
    assert (response.status, page.url) == (visit.status, server.url + path), "not the page meant"
    if visit.act:
        visit.act(page)
    if visit.errors:
        if visit.prepare:
            visit.prepare(page)
        _submit(page, visit.button)
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        expect(page).to_have_title(re.compile(r"^Error: "))
    violations = axe_violations(page)
    assert violations == [], describe(violations, page.url)
    assert cut_off_tables(page) == [], f"tables cut off at 1280px on {page.url}"
    viewport = page.viewport_size
    page.set_viewport_size(NARROW)
    try:
        assert sideways(page) == [], f"{page.url} scrolls sideways at 320px"
    finally:
        page.set_viewport_size(viewport)
