"""The dashboards show the monthly pack's own tables: the board's with small counts hidden,
the full one for the PSD and the OPCC, and the OPCC's oversight view; every chart has a
text alternative and its numbers as a table."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.common.audit_model import AuditEvent
from complaints.reports import svg
from complaints.reports.tables import OVERSIGHT_SECTIONS, Chart, Figure, Table
from tests.views import report_pages as rp


@pytest.fixture()
def pack(app):
    pack = rp.sample()
    rp.serve(app, lambda month: rp.sample(month))
    return pack


def _dashboard(client, **query) -> str:
    response = client.get("/reports/dashboard", query_string=query)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_the_board_sees_the_pack_with_every_small_count_hidden(client, login_as, pack):
    login_as(Role.BOARD_MEMBER)
    page = _dashboard(client)
    for table in pack.tables:
        header, rows = rp.page_table(page, table.key)
        assert header == list(table.columns)
        assert rows == rp.expected(table, circulated=True), table.key
    hidden = rp.small_cells(pack)
    assert hidden, "the sample must hold small counts"
    for table, r, c, _ in hidden:
        assert rp.page_table(page, table.key)[1][r][c] == "[c]"
    assert "Show the full figures" not in page


def test_no_small_count_reaches_the_board_in_a_chart(client, login_as, pack):
    login_as(Role.BOARD_MEMBER)
    page = _dashboard(client)
    for table in pack.tables:
        chart = rp.chart_of(page, table.key)
        if chart is None:
            continue
        described = re.search(r"<desc[^>]*>(.*?)</desc>", chart, re.S).group(1)
        # Every value the chart speaks is the one the table shows: no digit of a hidden count.
        for table_, r, c, figure in rp.small_cells(pack):
            if table_ is table and c in table.chart.series:
                label = rp.expected(table, circulated=True)[r][0]
                assert f"{label}: [c]" in described
                assert f"{label}: {int(figure.value)};" not in described


def test_a_hidden_count_is_not_drawn():
    table = Table(
        "small",
        "Reviews",
        ("Body", "Received"),
        (("OPCC", Figure(3)), ("IOPC", Figure(12))),
        chart=Chart("bar", (1,)),
    )
    circulated = svg.chart(table, circulated=True, threshold=5)
    full = svg.chart(table, circulated=False, threshold=5)
    assert circulated.count("<rect") == 1 and full.count("<rect") == 2
    assert ">3<" not in circulated and ">3<" in full


def test_appropriate_authority_sees_the_full_figures(client, login_as, pack):
    login_as(Role.APPROPRIATE_AUTHORITY)
    page = _dashboard(client)
    assert "not for circulation" in page
    for table in pack.tables:
        assert rp.page_table(page, table.key)[1] == rp.expected(table, circulated=False)
    board_view = _dashboard(client, version="circulated")
    for table in pack.tables:
        assert rp.page_table(board_view, table.key)[1] == rp.expected(table, circulated=True)


def test_the_board_cannot_have_the_full_figures(client, login_as, pack, db):
    board = login_as(Role.BOARD_MEMBER)
    assert client.get("/reports/dashboard?version=full").status_code == 403
    refused = db.scalars(select(AuditEvent).where(AuditEvent.action == "refused")).all()
    assert [e.actor_id for e in refused] == [board.id]
    assert client.get("/reports/oversight").status_code == 403


def test_every_chart_has_a_text_alternative_and_its_table(client, login_as, pack):
    login_as(Role.OPCC_OVERSIGHT)
    page = _dashboard(client)
    charted = [t for t in pack.tables if t.chart]
    assert len(charted) >= 4
    for table in charted:
        chart = rp.chart_of(page, table.key)
        assert chart is not None, table.key
        ident = f"chart-{table.key}"
        assert 'role="img"' in chart
        assert f'aria-labelledby="{ident}-title {ident}-desc"' in chart
        assert f'<title id="{ident}-title">Chart: {table.title}</title>' in chart.replace(
            "&#39;", "'"
        )
        assert f'<desc id="{ident}-desc">' in chart
        assert "style=" not in chart and "<script" not in chart
        assert rp.page_table(page, table.key)[1] == rp.expected(table, circulated=False)
    main = page[page.index("<main") : page.index("</main>")]
    assert "<script" not in main


def test_the_oversight_dashboard_shows_its_sections_only(client, login_as, pack):
    login_as(Role.OPCC_OVERSIGHT)
    response = client.get("/reports/oversight")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for section in pack.sections:
        shown = f'id="section-{section.key}"' in page
        assert shown is (section.key in OVERSIGHT_SECTIONS), section.key
    for key in OVERSIGHT_SECTIONS:
        for table in pack.section(key).tables:
            assert rp.page_table(page, table.key)[1] == rp.expected(table, circulated=False)
    assert "Days to finalise under Schedule 3" in page  # timeliness against targets
    assert "Target" in rp.page_table(page, "timeliness")[0]


def test_the_month_is_chosen_and_defaults_to_the_last_complete_one(client, login_as, pack, db):
    login_as(Role.BOARD_MEMBER)
    month = rp.month()
    page = _dashboard(client)
    assert f"Complaints dashboard: {month:%B %Y}" in page
    assert f'<option value="{month:%Y-%m}" selected>' in page
    earlier = month.replace(year=month.year - 1)
    page = _dashboard(client, month=f"{earlier:%Y-%m}")
    assert f"Complaints dashboard: {earlier:%B %Y}" in page
    assert rp.page_table(page, "headline-figures")[0][1] == f"{earlier:%B %Y}"
    views = db.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "dashboard", AuditEvent.action == "view")
        .order_by(AuditEvent.id)
    ).all()
    assert [e.summary for e in views] == [
        f"board {month:%Y-%m} circulated",
        f"board {earlier:%Y-%m} circulated",
    ]


@pytest.mark.parametrize("month", ["2099-01", "last month", "2026-13", "1999-12"])
def test_a_month_not_on_offer_is_refused_with_a_message(client, login_as, pack, month):
    login_as(Role.BOARD_MEMBER)
    response = client.get("/reports/dashboard", query_string={"month": month})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "govuk-error-summary" in page and "Choose a month from the list" in page


def test_a_month_with_no_figures_says_so(client, login_as, app):
    from complaints.reports.tables import MonthlyPack

    rp.serve(app, lambda month: MonthlyPack(force_name="Northshire Police", month=month))
    login_as(Role.APPROPRIATE_AUTHORITY)
    assert "There are no figures for this month yet." in _dashboard(client)


def test_a_summary_naming_a_small_count_is_left_out_for_the_board(client, login_as, app):
    import dataclasses

    def pack_for(month):
        pack = rp.sample(month)
        reviews = dataclasses.replace(
            pack.section("reviews"), summary="3 reviews were received in the month."
        )
        sections = tuple(reviews if s.key == "reviews" else s for s in pack.sections)
        return dataclasses.replace(pack, sections=sections)

    rp.serve(app, pack_for)
    login_as(Role.BOARD_MEMBER)
    assert "reviews were received" not in _dashboard(client)
    assert "112 cases were logged" in _dashboard(client)
    client.post("/sign-out")
    login_as(Role.OPCC_OVERSIGHT)
    assert "3 reviews were received in the month." in _dashboard(client)


def test_the_dashboard_shows_the_measures_as_computed(client, login_as, db, app, team):
    from complaints.cases.choices import CaseState
    from complaints.forces.models import FIRST_FORCE_ID, Force
    from complaints.reports.pack import monthly_pack
    from complaints.reports.tables import ReportSettings
    from tests import factories

    factories.complaint_in_state(
        db, CaseState.INVESTIGATION, handler=team["handler"], aa=team["aa"]
    )
    db.commit()
    login_as(Role.APPROPRIATE_AUTHORITY)
    page = _dashboard(client)
    pack = monthly_pack(
        db, rp.month(), ReportSettings.for_forces([db.get(Force, FIRST_FORCE_ID)], app.config)
    )
    assert pack.tables
    for table in pack.tables:
        assert rp.page_table(page, table.key)[1] == rp.expected(table, circulated=False)


def test_the_board_dashboard_opens_with_the_executive_summary_linked_to_sections(
    client, login_as, pack
):
    from complaints.reports.highlights import highlights

    login_as(Role.BOARD_MEMBER)
    page = _dashboard(client)
    summary = page.split('id="section-summary"')[1].split("</section>")[0]
    items = highlights(pack, circulated=True, threshold=5)
    assert items
    for item in items:
        assert item.text.replace("'", "&#39;") in summary
        assert f'href="#section-{item.section}"' in summary
        assert f'id="section-{item.section}"' in page
        if item.rating:
            assert item.rating.short in summary  # the rating in words, not colour alone
    assert page.index('id="section-summary"') < page.index('id="section-headlines"')
