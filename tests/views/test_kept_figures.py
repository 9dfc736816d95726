"""A completed month's figures are counted once and kept until a change touches that month:
the second view of a dashboard costs a handful of statements, and a change to a case of
that month is on the next view."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases.choices import CaseState
from complaints.forces.models import FIRST_FORCE_ID, Force
from complaints.reports import kept, svg
from complaints.reports.kept import EVERY_MONTH
from complaints.reports.models import FigureStamp
from complaints.reports.pack import monthly_pack
from complaints.reports.tables import ReportSettings
from complaints.reports.views import dashboards
from tests import factories
from tests.views import report_pages as rp

MONTH = factories.NOW.date().replace(day=1)  # November 2026, complete from December on
LATER = dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC)


def _view(client, statements) -> tuple[str, int]:
    statements.clear()
    response = client.get("/reports/dashboard", query_string={"month": f"{MONTH:%Y-%m}"})
    assert response.status_code == 200
    return response.get_data(as_text=True), len(statements)


def _computed(db, app):
    first = db.get(Force, FIRST_FORCE_ID)
    return monthly_pack(db, MONTH, ReportSettings.for_forces([first], app.config))


def test_a_month_is_counted_once_until_a_change_touches_it(
    client, login_as, db, app, team, statements
):
    factories.complaint_in_state(db, CaseState.RECORDED, handler=team["handler"], aa=team["aa"])
    db.commit()
    login_as(Role.APPROPRIATE_AUTHORITY)
    first, counted = _view(client, statements)
    again, kept = _view(client, statements)
    assert kept * 5 < counted  # the pack alone is over a hundred statements
    for table in _computed(db, app).tables:
        assert rp.page_table(again, table.key) == rp.page_table(first, table.key)
    # A complaint received in December leaves November's figures as they were.
    factories.complaint(db, handler=team["handler"], now=LATER, received_on=LATER.date())
    db.commit()
    assert _view(client, statements)[1] == kept
    # One received in November changes them: the next view counts again, and shows it.
    factories.complaint(db, handler=team["handler"])
    db.commit()
    page, recounted = _view(client, statements)
    assert recounted > kept * 5
    for table in _computed(db, app).tables:
        assert rp.page_table(page, table.key)[1] == rp.expected(table, circulated=False)
    assert rp.page_table(page, "headlines")[1] != rp.page_table(first, "headlines")[1]


def test_a_change_moves_the_stamps_of_its_forces_months_only(db):
    other = factories.force(db, code="EAS", name="Eastmere Constabulary")
    db.commit()  # the force's own making moved every month of it, once in its transaction
    before = set(db.execute(select(FigureStamp.force_id, FigureStamp.month, FigureStamp.stamp)))
    factories.complaint(db, force_id=other.id, now=LATER, received_on=LATER.date())
    db.flush()
    after = set(db.execute(select(FigureStamp.force_id, FigureStamp.month, FigureStamp.stamp)))
    moved = {(f, m) for f, m, _ in after - before}
    assert (other.id, dt.date(2026, 12, 1)) in moved
    assert all(f == other.id for f, _ in moved)
    assert all(m >= dt.date(2026, 11, 1) or m == EVERY_MONTH for _, m in moved)


def test_a_kept_month_is_drawn_once_and_drawn_again_when_it_is_recounted(
    client, login_as, db, team, monkeypatch
):
    """The board's dashboard of a kept month reuses its charts and summary: drawing them
    cost more than reading the kept figures. A change to the month draws them anew."""
    drawn = []
    chart, summary = svg.chart, dashboards.highlights

    def counted_chart(*args, **kwargs):
        drawn.append("chart")
        return chart(*args, **kwargs)

    def counted_summary(*args, **kwargs):
        drawn.append("summary")
        return summary(*args, **kwargs)

    monkeypatch.setattr(svg, "chart", counted_chart)
    monkeypatch.setattr(dashboards, "highlights", counted_summary)
    factories.complaint_in_state(db, CaseState.RECORDED, handler=team["handler"], aa=team["aa"])
    db.commit()
    login_as(Role.BOARD_MEMBER)
    first, _ = _view(client, [])
    assert "summary" in drawn and drawn.count("chart") > 5
    drawn.clear()
    again, _ = _view(client, [])
    assert drawn == []
    assert _without_tokens(again) == _without_tokens(first)
    factories.complaint(db, handler=team["handler"])
    db.commit()
    _view(client, [])
    assert "summary" in drawn and drawn.count("chart") > 5


def _without_tokens(page: str) -> str:
    """The page less what differs on every response: script nonces and form tokens (signed
    with the second they were made in)."""
    page = re.sub(r'nonce="[^"]*"', "", page)
    return re.sub(r'(name="csrf_token"[^>]*)value="[^"]*"', r"\1", page)


def test_a_stamp_moves_once_a_transaction_and_again_after_a_savepoint_is_undone(db, app):
    """Every flush of a transaction changes the same months, and no one sees the stamp
    before they are all committed: moving it once is enough. A savepoint undone takes its
    move with it, so the next change moves the stamp again."""
    first = db.get(Force, FIRST_FORCE_ID)

    def stamp() -> int:
        found = db.scalar(
            select(FigureStamp.stamp).where(
                FigureStamp.force_id == FIRST_FORCE_ID, FigureStamp.month == MONTH
            )
        )
        return found or 0

    db.commit()
    before = stamp()
    savepoint = db.begin_nested()
    factories.complaint(db)
    db.flush()
    assert stamp() == before + 1
    savepoint.rollback()
    assert stamp() == before
    factories.complaint(db)
    db.flush()
    assert stamp() == before + 1
    factories.complaint(db)
    db.flush()
    assert stamp() == before + 1
    # Figures this transaction changed are not kept for anyone else until it commits.
    made = []

    def make(*args):
        made.append(1)
        return monthly_pack(*args)

    settings = ReportSettings.for_forces([first], app.config)
    kept.kept_pack(db, MONTH, settings, make)
    kept.kept_pack(db, MONTH, settings, make)
    assert len(made) == 2
    db.commit()
    kept.kept_pack(db, MONTH, settings, make)
    kept.kept_pack(db, MONTH, settings, make)
    assert len(made) == 3
