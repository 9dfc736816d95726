"""The case list: filters, sorting and paging from the URL; bad filters explained."""

from __future__ import annotations

import datetime as dt

import pytest

from complaints.auth.roles import Role
from complaints.cases.choices import CaseState
from tests import factories


@pytest.fixture()
def cases(db, make_user):
    handler = make_user(Role.HANDLER, name="Hana Handler")
    other = make_user(Role.HANDLER, name="Otto Other")
    aa = make_user(Role.APPROPRIATE_AUTHORITY)
    early = factories.complaint(
        db,
        handler=handler,
        received_on=dt.date(2026, 1, 5),
        summary="Stop and search on the high street",
        category_code="B1",
    )
    late = factories.complaint(
        db,
        handler=other,
        received_on=dt.date(2026, 10, 1),
        summary="Lost property not returned",
        category_code="C1",
    )
    recorded = factories.complaint_in_state(db, CaseState.RECORDED, handler=handler, aa=aa)
    db.commit()
    return {"early": early, "late": late, "recorded": recorded, "handler": handler, "other": other}


def _refs(response) -> str:
    return response.get_data(as_text=True)


def test_lists_cases_newest_first(client, login_as, cases):
    login_as(Role.APPROPRIATE_AUTHORITY)
    page = _refs(client.get("/cases/"))
    assert "Showing 1 to 3 of 3 cases" in page
    assert (
        page.index(cases["recorded"].reference)
        < page.index(cases["late"].reference)
        < page.index(cases["early"].reference)
    )


def test_sort_by_received_ascending(client, login_as, cases):
    login_as(Role.APPROPRIATE_AUTHORITY)
    page = _refs(client.get("/cases/?sort=received&order=asc"))
    assert page.index(cases["early"].reference) < page.index(cases["late"].reference)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("state=recorded", {"recorded"}),
        ("state=logged", {"early", "late"}),
        ("q=stop+search", {"early"}),
        ("q=CO/2026/99999", set()),
        ("received_from=1/9/2026", {"late", "recorded"}),
        ("received_from=2026-01-01&received_to=31/1/2026", {"early"}),
    ],
)
def test_filters(client, login_as, cases, query, expected):
    login_as(Role.APPROPRIATE_AUTHORITY)
    page = _refs(client.get("/cases/?" + query))
    shown = {name for name in ("early", "late", "recorded") if cases[name].reference in page}
    assert shown == expected


def test_filter_by_reference_finds_one_case(client, login_as, cases):
    login_as(Role.APPROPRIATE_AUTHORITY)
    reference = cases["late"].reference
    page = _refs(client.get("/cases/?q=" + reference.lower()))
    assert "Showing 1 to 1 of 1 case" in page


def test_filter_by_handler_and_category(client, login_as, cases, db):
    login_as(Role.APPROPRIATE_AUTHORITY)
    page = _refs(client.get(f"/cases/?handler={cases['other'].id}"))
    assert cases["late"].reference in page and cases["early"].reference not in page
    category = factories.category(db, "B1")
    page = _refs(client.get(f"/cases/?category={category.id}"))
    assert cases["early"].reference in page and cases["late"].reference not in page


@pytest.mark.parametrize(
    "query, message",
    [
        ("received_from=31/2/2026", "Received from must be a real date"),
        ("received_from=yesterday", "Received from must be a real date"),
        (
            "received_from=1/3/2026&received_to=1/2/2026",
            "Received to must be the same as or after received from",
        ),
        ("state=exploded", "Choose state from the list"),
        ("category=99999", "Choose an allegation category from the list"),
        ("handler=abc", "Choose a handler from the list"),
        ("q=" + "x" * 101, "Search for 100 characters or fewer"),
    ],
)
def test_bad_filters_get_an_error_summary_not_a_500(client, login_as, cases, query, message):
    login_as(Role.APPROPRIATE_AUTHORITY)
    response = client.get("/cases/?" + query)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert message in page
    assert cases["early"].reference in page  # the list still shows, unfiltered


def test_bad_input_is_kept_in_the_form(client, login_as, cases):
    login_as(Role.APPROPRIATE_AUTHORITY)
    page = client.get("/cases/?received_from=31/2/2026").get_data(as_text=True)
    assert 'value="31/2/2026"' in page


@pytest.mark.parametrize("page_arg", ["0", "-1", "abc", "99999"])
def test_odd_page_numbers_are_harmless(client, login_as, cases, page_arg):
    login_as(Role.APPROPRIATE_AUTHORITY)
    response = client.get("/cases/?page=" + page_arg)
    assert response.status_code == 200
    assert cases["early"].reference in response.get_data(as_text=True)


def test_pagination_keeps_filters(client, login_as, db, app):
    app.config["PAGE_SIZE"] = 2
    handler = login_as(Role.HANDLER)
    for n in range(5):
        factories.complaint(db, handler=handler, summary=f"Parking complaint {n}")
    db.commit()
    page = client.get("/cases/?q=parking").get_data(as_text=True)
    assert "Showing 1 to 2 of 5 cases" in page
    assert "q=parking" in page and "page=2" in page
    page3 = client.get("/cases/?q=parking&page=3").get_data(as_text=True)
    assert "Showing 5 to 5 of 5 cases" in page3


@pytest.mark.parametrize(
    "role", [Role.OPCC_OVERSIGHT, Role.BOARD_MEMBER, Role.APPROPRIATE_AUTHORITY]
)
def test_dashboard_roles_see_force_wide_figures(client, login_as, cases, role):
    login_as(role)
    page = client.get("/").get_data(as_text=True)
    assert '<dd class="govuk-heading-l govuk-!-margin-bottom-0">3</dd>' in page  # open cases


def test_every_headline_figure_is_a_number(client, login_as, cases):
    import re

    login_as(Role.BOARD_MEMBER)
    page = client.get("/").get_data(as_text=True)
    figures = re.findall(r'<dd class="govuk-heading-l govuk-!-margin-bottom-0">([^<]*)</dd>', page)
    assert len(figures) == 5
    assert all(figure.strip().isdigit() for figure in figures), figures
