"""Browser-test fixtures: the real app on a real socket, and headless Chromium driving it.

``live_server`` serves the app from a thread on 127.0.0.1 with a SQLite database of its
own (so that requests really commit, unlike the rolled-back transaction the other tests
share) and real CSRF protection. ``browser`` launches the system Chromium through
Playwright: Playwright's own browser downloads are not used. Without a ``chromium`` on
PATH the browser tests are skipped, unless COMPLAINTS_REQUIRE_BROWSER=1 makes that a
failure (for CI, where a silently skipped browser test would hide a regression).
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Response, sync_playwright
from werkzeug.serving import make_server

from complaints import create_app
from complaints.auth.roles import Role
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.db import make_engine, make_session_factory
from complaints.migrations import upgrade
from complaints.sessions import watch
from tests import factories
from tests.conftest import FAST_HASHING

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
HANDLER_NAME = "Hana Handler"
HANDLER_EMAIL = "hana.handler@test.example"
AA_NAME = "Aled Authority"
AA_EMAIL = "aled.authority@test.example"
REVIEWER_NAME = "Rhea Reviewer"
REVIEWER_EMAIL = "rhea.reviewer@test.example"
OFFICER_FAMILY_NAME = "Okafor"
OFFICER_COLLAR = "NP4821"


@dataclass(frozen=True)
class SeededCase:
    id: int
    reference: str


@dataclass(frozen=True)
class LiveServer:
    url: str
    handler_name: str
    handler_email: str
    password: str
    cases: tuple[SeededCase, ...]
    aa_name: str
    aa_email: str
    reviewer_name: str
    reviewer_email: str
    officer_collar: str
    officer_display: str  # as the subject search lists them, e.g. "PC Sam Okafor (NP4821)"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app served on a free port, on a freshly migrated SQLite file with seed data: a
    handler with three cases, an appropriate authority, an OPCC reviewer and an officer
    who is on no case yet."""
    with serve(tmp_path_factory.mktemp("live")) as server:
        yield server


@contextmanager
def serve(root: Path, **settings: object) -> Iterator[LiveServer]:
    """Serve the seeded app from ``root``, with any settings changed for one test module."""
    url = "sqlite:///" + str(root / "live.sqlite3")
    engine = make_engine(url)
    try:
        upgrade(engine)
        factory = make_session_factory(engine)
        watch(factory)
        with factory() as session:
            audit.act_as(session, Actor.system("test"))
            handler = factories.user(session, Role.HANDLER, name=HANDLER_NAME, email=HANDLER_EMAIL)
            factories.user(session, Role.APPROPRIATE_AUTHORITY, name=AA_NAME, email=AA_EMAIL)
            factories.user(session, Role.OPCC_REVIEWER, name=REVIEWER_NAME, email=REVIEWER_EMAIL)
            officer = factories.subject(
                session, family_name=OFFICER_FAMILY_NAME, collar=OFFICER_COLLAR
            )
            officer_display = officer.current.display
            seeded = [
                factories.complaint(
                    session, handler=handler, summary="Officer was rude at the front counter"
                ),
                factories.complaint(
                    session,
                    handler=handler,
                    summary="Property not returned after arrest",
                    complainant=("Ali", "Khan"),
                ),
                factories.complaint(
                    session,
                    summary="Call handler hung up on the complainant",
                    complainant=("Pat", "Lee"),
                ),
            ]
            session.commit()
            cases = tuple(SeededCase(c.id, c.reference) for c in seeded)

        app = create_app(
            {
                "TESTING": True,
                "ENV": "test",
                "SECRET_KEY": "browser-test-secret-key",
                "DATABASE_URL": url,
                "ENGINE": engine,
                "SESSION_FACTORY": factory,
                "WTF_CSRF_ENABLED": True,  # the browser submits real forms with real tokens
                "FILES_DIR": str(root / "files"),
                "PASSWORD_HASH_PROFILE": FAST_HASHING,
                **settings,
            }
        )
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
        thread.start()
        try:
            yield LiveServer(
                url=f"http://127.0.0.1:{server.port}",
                handler_name=HANDLER_NAME,
                handler_email=HANDLER_EMAIL,
                password=factories.PASSWORD,
                cases=cases,
                aa_name=AA_NAME,
                aa_email=AA_EMAIL,
                reviewer_name=REVIEWER_NAME,
                reviewer_email=REVIEWER_EMAIL,
                officer_collar=OFFICER_COLLAR,
                officer_display=officer_display,
            )
        finally:
            server.shutdown()
            thread.join(timeout=10)
            server.server_close()
    finally:
        engine.dispose()


def _chromium_or_skip() -> str:
    executable = shutil.which("chromium")
    if executable:
        return executable
    reason = "no chromium on PATH: browser tests need Debian's chromium (apt-get install chromium)"
    if os.environ.get("COMPLAINTS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"COMPLAINTS_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(request: pytest.FixtureRequest) -> Iterator[Browser]:
    """Headless system Chromium, launched once per run (skipped without one, see above)."""
    executable = _chromium_or_skip()
    playwright: Playwright = request.getfixturevalue("playwright_instance")
    browser = playwright.chromium.launch(
        executable_path=executable, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@dataclass
class PageProblems:
    """What went wrong on the pages a test visited: console errors, script errors, HTTP
    errors and requests that never completed (a CSP block shows up as a console error)."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    responses: list[tuple[str, int]] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("response", self._response)
        page.on("requestfailed", self._failed)

    def _failed(self, request) -> None:
        # ERR_ABORTED is Chromium cancelling a load because the page moved on (a click or
        # a redirect before a script had arrived): the test's pace, not the page's fault.
        # A load refused for any other reason (blocked, refused, reset) is a problem.
        if request.failure != "net::ERR_ABORTED":
            self.failed_requests.append(f"{request.url}: {request.failure}")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def _response(self, response: Response) -> None:
        self.responses.append((response.url, response.status))
        if response.status >= 400:
            self.bad_responses.append(f"{response.status} {response.request.method} {response.url}")

    def status_of(self, path_suffix: str) -> list[int]:
        """The statuses of the responses whose path (without its query) ends so."""
        return [
            status for url, status in self.responses if urlsplit(url).path.endswith(path_suffix)
        ]


@pytest.fixture()
def page_problems() -> PageProblems:
    return PageProblems()


@pytest.fixture()
def page(browser: Browser, live_server: LiveServer, page_problems: PageProblems) -> Iterator[Page]:
    """A fresh page in its own context (no cookies carried over), watched for problems."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page_problems.watch(page)
    yield page
    context.close()


@pytest.fixture()
def save_screenshot(tmp_path: Path):
    """Full-page screenshot into tmp_path; also copied to COMPLAINTS_SCREENSHOT_DIR if set."""

    def save(page: Page, name: str) -> Path:
        path = tmp_path / name
        page.screenshot(path=str(path), full_page=True)
        extra = os.environ.get("COMPLAINTS_SCREENSHOT_DIR")
        if extra:
            Path(extra).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, Path(extra) / name)
        return path

    return save
