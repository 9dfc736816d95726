"""Malformed submissions to every form, as every role, get a page or a 4xx and never a 500,
and a refused submission writes nothing.

Seeded and repeatable: each form found on the pages a role may open is posted many times
with values a browser would never send (NUL and other control characters, huge numbers,
impossible dates, very long text, missing and repeated fields). Every write is audited,
so an unchanged trail (views and refusals aside) shows that nothing was written."""

from __future__ import annotations

import random
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from complaints.auth.roles import Role
from complaints.cases.choices import CaseState
from complaints.cases.workflow import TRANSITIONS
from complaints.common.audit_model import AuditEvent
from tests import factories
from tests.views.routes import PUBLIC
from tests.views.test_route_permissions import ROUTES

PER_FIELD = 3  # nasty values tried in each field of each form
MIXED_PER_FORM = 5  # and submissions with several fields nasty at once
TEXT_WITH_NUL = "Jo\x00Public rang about the stop"
NASTY = (
    "",
    " ",
    "\x00",
    "Jo\x00Public",
    "\x0b\x1b[31m",
    "x" * 20_000,
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "2026-13-45",
    "31/02/2026",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u202egnp.exe",
    "💥" * 50,
    "\uff23\uff2f\uff0f\uff12\uff10\uff12\uff16",  # a reference in full-width forms
    "%00",
    "../../etc/passwd",
)


class _Forms(HTMLParser):
    """The POST forms of a page, each with its action and the values a browser would send
    as the page stands (text as filled in, the checked or selected options)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "form":
            if found.get("method", "").lower() == "post":
                self.forms.append((found.get("action", ""), []))
            return
        if not self.forms:
            return
        fields = self.forms[-1][1]
        name = found.get("name")
        if tag == "input" and name:
            kind = found.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in found:
                return
            if kind not in ("submit", "button", "file"):
                fields.append((name, found.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = name
            fields.append((name, ""))
        elif tag == "select" and name:
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = found.get("value", "")
            if "selected" in found:
                fields.append((self._select, found.get("value", "")))
                self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            name, text = self.forms[-1][1][-1]
            self.forms[-1][1][-1] = (name, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select and self.forms:
            self.forms[-1][1].append((self._select, self._first_option or ""))
            self._select = None


def _submissions(rng: random.Random, fields: list[tuple[str, str]]) -> list[MultiDict]:
    """The form as the page would send it with each field in turn made nasty (a NUL in
    otherwise good text always among them), then a few with several fields at once."""
    each = []
    for at, (name, _) in enumerate(fields):
        for value in (TEXT_WITH_NUL, *rng.sample(NASTY, PER_FIELD - 1)):
            each.append(MultiDict([*fields[:at], (name, value), *fields[at + 1 :]]))
    return each + [_malformed(rng, fields) for _ in range(MIXED_PER_FORM)]


def _malformed(rng: random.Random, fields: list[tuple[str, str]]) -> MultiDict:
    """The form as the page would send it, with two or three fields made nasty, and now
    and then a field left out or sent twice."""
    data = list(fields)
    for _ in range(rng.choice((2, 3))):
        if not data:
            break
        at = rng.randrange(len(data))
        how = rng.random()
        if how < 0.1:
            data.pop(at)
        elif how < 0.2:
            data.append((data[at][0], rng.choice(NASTY)))
        else:
            data[at] = (data[at][0], rng.choice(NASTY))
    return MultiDict(data)


def _writes(db) -> int:
    quiet = AuditEvent.action.in_(("view", "refused", "search", "export", "sign_in"))
    return db.scalar(select(func.count()).select_from(AuditEvent).where(~quiet))


# Cases further along, so that the forms of later steps are on offer too.
STATES = (
    CaseState.RECORDED,
    CaseState.INVESTIGATION,
    CaseState.OUTCOME_DETERMINED,
    CaseState.OUTCOME_NOTIFIED,
    CaseState.UNDER_REVIEW,
)


def _pages(role: Role, world: dict, cases: list[int]) -> list[str]:
    pages = [
        template.format(**world)
        for method, template, allowed in ROUTES.values()
        if method == "GET" and allowed != PUBLIC and role in allowed
    ]
    for case_id in cases:
        pages += [f"/cases/{case_id}", f"/cases/{case_id}/investigation"]
        pages += [f"/cases/{case_id}/steps/{name}" for name in TRANSITIONS]
    return pages


def _cases_along(db, user) -> list[int]:
    """A case in each of ``STATES``, on which this user has a part to play."""
    people = {
        "handler": factories.user(db, Role.HANDLER),
        "aa": factories.user(db, Role.APPROPRIATE_AUTHORITY),
        "investigator": factories.user(db, Role.INVESTIGATOR),
        "reviewer": factories.user(db, Role.OPCC_REVIEWER),
    }
    part = {
        Role.HANDLER: "handler",
        Role.APPROPRIATE_AUTHORITY: "aa",
        Role.INVESTIGATOR: "investigator",
        Role.OPCC_REVIEWER: "reviewer",
    }.get(user.role)
    if part:
        people[part] = user
    made = [factories.complaint_in_state(db, state, **people).id for state in STATES]
    db.commit()
    return made


@pytest.mark.sweep
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_no_malformed_submission_breaks_a_form(client, login_as, world, db, role):
    user = login_as(role)
    if role == Role.HANDLER:
        world["case"].handler_id = user.id
        db.commit()
    rng = random.Random(f"malformed-{role.value}")
    broken = []
    posted = 0
    for url in _pages(role, world, _cases_along(db, user)):
        page = client.get(url)
        if page.status_code != 200 or page.mimetype != "text/html":
            continue
        parser = _Forms()
        parser.feed(page.get_data(as_text=True))
        for action, fields in parser.forms:
            target = action or url
            if "sign-out" in target:
                continue
            for data in _submissions(rng, fields):
                before = _writes(db)
                response = client.post(target, data=data)
                posted += 1
                if response.status_code >= 500:
                    broken.append(f"{target}: {response.status_code} for {data!r:.300}")
                elif response.status_code >= 400 and _writes(db) != before:
                    broken.append(f"{target}: refused ({response.status_code}) but wrote")
    assert not broken, "\n".join(broken[:20])
    print(role.value, posted)
    assert posted > 0
