"""Lists cost the same number of statements whatever their length: a list that loads
something per row (an N+1) fails here long before it is slow in production."""

from __future__ import annotations

import pytest

from complaints.auth.roles import Role
from complaints.cases.choices import CaseState
from complaints.learning import services as learning
from complaints.learning.models import LearningLevel, LearningSource
from tests import factories
from tests.conftest import sign_in

AA_PAGES = (
    "/",
    "/cases/",
    "/cases/?sort=deadline",
    "/cases/?q=Stone",
    "/queues/team",
    "/queues/due",
    "/queues/decisions",
    "/learning",
    "/tray",
)
REVIEWER_PAGES = ("/reviews", "/")


def _cases(db, people, how_many: int) -> None:
    """Cases in the lists, each with its own handler (so nothing is loaded only once)."""
    for _ in range(how_many):
        for state in (CaseState.RECORDED, CaseState.UNDER_REVIEW):
            handler = factories.user(db, Role.HANDLER)
            case = factories.complaint_in_state(db, state, handler=handler, aa=people["aa"])
            learning.record_learning(
                db,
                factories.actor_for(people["aa"]),
                learning.LearningData("Custody", "Check the log", LearningLevel.INDIVIDUAL),
                factories.NOW,
                source=LearningSource.CASE_OUTCOME,
                case_id=case.id,
            )
    db.commit()


def _counts(client, statements, pages) -> dict[str, int]:
    counts = {}
    for url in pages:
        statements.clear()
        assert client.get(url).status_code == 200, url
        counts[url] = len(statements)
    return counts


@pytest.mark.parametrize(
    "role, pages", [(Role.APPROPRIATE_AUTHORITY, AA_PAGES), (Role.OPCC_REVIEWER, REVIEWER_PAGES)]
)
def test_a_longer_list_costs_no_more_statements(client, db, statements, role, pages):
    people = {
        "aa": factories.user(db, Role.APPROPRIATE_AUTHORITY),
        "me": factories.user(db, role),
    }
    db.commit()
    sign_in(client, people["me"].email)
    _cases(db, people, 2)
    short = _counts(client, statements, pages)
    _cases(db, people, 10)
    assert _counts(client, statements, pages) == short


@pytest.mark.parametrize(
    "text, searches",
    [
        ("stone", 1),  # begins a name: the name search alone
        ("ston", 1),
        ("counter", 2),  # begins no one's name: the names, then everything
    ],
)
def test_a_search_runs_each_search_statement_once(client, db, statements, text, searches):
    """The page and its count come from one search statement, not one each: at a million
    cases a search is the dearest statement a page sends."""
    handler = factories.user(db, Role.HANDLER)
    for _ in range(3):
        factories.complaint(db, handler=handler, complainant=("Sam", "Stone"))
    db.commit()
    sign_in(client, handler.email)
    statements.clear()
    page = client.get(f"/cases/?q={text}")
    assert page.status_code == 200
    assert page.get_data(as_text=True).count('href="/cases/') >= 3
    searched = [s for s in statements if "FROM complainants" in s]  # a search reads names
    assert len(searched) == searches, searched


# What a case page and the case list may send, besides transaction control: a statement
# more is a query added to every view of them, and should be a deliberate change here.
PAGE_BUDGETS = {"/cases/{id}": 12, "/cases/": 10, "/cases/?sort=deadline&order=asc": 10}
_CONTROL = ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SELECT set_config")


def _work(statements: list[str]) -> list[str]:
    return [s for s in statements if not s.lstrip().startswith(_CONTROL)]


@pytest.mark.parametrize("url", PAGE_BUDGETS)
def test_a_case_page_and_the_case_list_send_no_more_statements_than_they_need(
    client, db, statements, make_user, url
):
    handler = make_user(Role.HANDLER)
    case = factories.complaint(db, handler=handler)
    db.commit()
    sign_in(client, handler.email)
    path = url.format(id=case.id)
    assert client.get(path).status_code == 200
    statements.clear()
    assert client.get(path).status_code == 200
    sent = _work(statements)
    # The signed-in person and the forces they work for: one statement, once.
    people = [s for s in sent if "FROM users LEFT OUTER JOIN force_memberships" in s]
    assert len(people) == 1, sent
    assert not [s for s in sent if s.lstrip().startswith("SELECT force_memberships")], sent
    # A list's count reads no case's columns, so an index answers it.
    counts = [s for s in sent if "count(*)" in s]
    assert all("cases.summary" not in s for s in counts), counts
    assert len(sent) == PAGE_BUDGETS[url], "\n".join(sent)
