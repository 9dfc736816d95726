"""The dashboard, the CSV exports and the PDF of a month show the same figures, and those
are the known answers of a dataset worked out by hand (tests/report_dataset.py: cases
across Christmas and Easter bank holidays, a suspended investigation, reviews by both
bodies, a restricted case counted like any other)."""

from __future__ import annotations

import csv
import io

import pytest

from complaints.auth.roles import Role
from complaints.forces.models import FIRST_FORCE_ID, Force
from complaints.reports import generation
from complaints.reports.pack import monthly_pack
from complaints.reports.tables import ReportSettings, protected, show
from tests import report_dataset
from tests.readback import pdf_text
from tests.views.report_pages import page_table

MONTH = report_dataset.MONTH.strftime("%Y-%m")


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture()
def known(db, app):
    expected = report_dataset.build(db)
    db.commit()
    settings = ReportSettings.for_forces([db.get(Force, FIRST_FORCE_ID)], app.config)
    pack = protected(monthly_pack(db, report_dataset.MONTH, settings), settings.threshold)
    # The pack is checked cell by cell against the known answers in
    # tests/services/test_monthly_pack.py; here it stands for them.
    logged = pack.section("headlines").tables[0].rows[0]
    assert logged[0] == "Complaint cases logged"
    assert tuple(cell.value for cell in logged[1:]) == expected.cases_logged == (4, 2, 1, 8)
    return expected, pack, settings


def _shown(pack, settings, *, circulated: bool) -> dict[str, list[list[str]]]:
    return {
        table.key: [
            [show(c, circulated=circulated, threshold=settings.threshold) for c in row]
            for row in table.rows
        ]
        for table in pack.tables
    }


@pytest.mark.parametrize(
    "role, version, circulated",
    [(Role.APPROPRIATE_AUTHORITY, "full", False), (Role.BOARD_MEMBER, "circulated", True)],
)
def test_the_dashboard_shows_every_figure_of_the_month(
    client, login_as, known, role, version, circulated
):
    _, pack, settings = known
    login_as(role)
    page = client.get(f"/reports/dashboard?month={MONTH}&version={version}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for key, rows in _shown(pack, settings, circulated=circulated).items():
        _, shown_rows = page_table(text, key)
        assert shown_rows == rows, key


@pytest.mark.parametrize(
    "role, version, circulated",
    [(Role.OPCC_OVERSIGHT, "full", False), (Role.BOARD_MEMBER, "circulated", True)],
)
def test_every_csv_holds_the_figures_of_the_month(
    client, login_as, known, role, version, circulated
):
    _, pack, settings = known
    login_as(role)
    for key, rows in _shown(pack, settings, circulated=circulated).items():
        response = client.get(f"/reports/csv/{key}?month={MONTH}&version={version}")
        assert response.status_code == 200, key
        body = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
        values = [[cell.lstrip("'") for cell in row] for row in body[1:]]
        if circulated:
            assert values == rows, key
        else:
            # The full version gives plain numbers; compare them as numbers.
            assert len(values) == len(rows), key
            for got, want in zip(values, rows, strict=True):
                assert got[0] == want[0], key
                for g, w in zip(got[1:], want[1:], strict=True):
                    assert _same_number(g, w), (key, got, want)


def _same_number(plain: str, shown: str) -> bool:
    if shown in ("\u2013", "") or not plain:
        return plain in ("", "\u2013", shown)
    number = shown.replace(",", "").rstrip("%")
    places = len(number.partition(".")[2])
    return f"{float(plain):.{places}f}" == number


@pytest.mark.parametrize("circulated", [True, False])
def test_the_pdf_holds_every_figure_of_the_month(db, app, known, team, now, circulated):
    _, pack, settings = known
    reports = generation.generate_monthly(
        db, _actor(team["aa"]), report_dataset.MONTH, now, settings, app.config["FILES_DIR"]
    )
    wanted = "circulated" if circulated else "full"
    report = next(r for r in reports if r.version.value == wanted)
    data = generation.read_report(app.config["FILES_DIR"], report)
    text = _flat(pdf_text(data))
    for key, rows in _shown(pack, settings, circulated=circulated).items():
        for row in rows:
            assert _flat(" ".join(row)) in text, (key, row)


def _actor(user):
    from tests import factories

    return factories.actor_for(user)


def test_the_circulated_pdf_names_no_one_and_no_case(db, app, known, team, now):
    """Safe to circulate: no complainant, subject or officer name and no case reference
    held in the database appears anywhere in the board's copy, and small counts do not."""
    import re

    from sqlalchemy import select

    from complaints.auth.models import User
    from complaints.cases.models import Case, Complainant, Representative
    from complaints.subjects.models import SubjectIdentity

    _, pack, settings = known
    reports = generation.generate_monthly(
        db, _actor(team["aa"]), report_dataset.MONTH, now, settings, app.config["FILES_DIR"]
    )
    board_copy = next(r for r in reports if r.version.value == "circulated")
    data = generation.read_report(app.config["FILES_DIR"], board_copy)
    text = _flat(pdf_text(data))

    names = set()
    for model in (Complainant, SubjectIdentity):
        for given, family in db.execute(select(model.given_name, model.family_name)):
            names |= {n for n in (family, f"{given} {family}") if n}
    names |= set(db.scalars(select(Representative.name)))
    names |= set(db.scalars(select(User.full_name)))
    references = set(db.scalars(select(Case.reference)))
    assert names and references
    for name in names:
        assert not re.search(rf"\b{re.escape(name)}\b", text), name
    for reference in references:
        assert reference not in text
    assert "[c]" in text
    small = [
        (table.key, row[0])
        for table in pack.tables
        for row in table.rows
        for cell in row[1:]
        if getattr(cell, "kind", None) == "count" and cell.value in (1, 2, 3, 4)
    ]
    assert small, "the dataset must have small counts to hide"
    for table in pack.tables:
        for row in table.rows:
            shown = " ".join(show(c, circulated=True, threshold=settings.threshold) for c in row)
            assert _flat(shown) in text, (table.key, row[0])


def test_the_boards_figures_count_a_restricted_case(client, login_as, known):
    """C11 is restricted: the board's figures count it, as the IOPC does (domain.md A6)."""
    login_as(Role.BOARD_MEMBER)
    page = client.get(f"/reports/dashboard?month={MONTH}").get_data(as_text=True)
    _, rows = page_table(page, "headlines")
    assert rows[0] == [
        "Complaint cases logged",
        "[c]",
        "[c]",
        "[c]",
        "[c]",  # months of 1, 1, 2 and 4 withheld: 8 would pin each to 1 to 5
    ]


def test_the_opccs_figures_count_a_restricted_case(client, login_as, known):
    login_as(Role.OPCC_OVERSIGHT)
    page = client.get(f"/reports/oversight?month={MONTH}").get_data(as_text=True)
    _, rows = page_table(page, "open_by_age")
    assert rows[-1][:2] == ["All open cases", "7"]


def test_a_restricted_case_counted_in_the_figures_stays_out_of_lists_and_pages(
    client, login_as, known, db
):
    """The appropriate authority's full figures count C11; its case list and case page do
    not show it to someone not named on it."""
    from sqlalchemy import select

    from complaints.cases.models import Case

    login_as(Role.APPROPRIATE_AUTHORITY)
    page = client.get(f"/reports/dashboard?month={MONTH}&version=full").get_data(as_text=True)
    _, rows = page_table(page, "headlines")
    assert rows[0] == ["Complaint cases logged", "4", "2", "1", "8"]
    listed = client.get("/cases/")
    assert listed.status_code == 200
    text = listed.get_data(as_text=True)
    restricted = db.scalar(select(Case).where(Case.restricted))
    others = db.scalars(select(Case.reference).where(Case.restricted.is_(False))).all()
    assert any(reference in text for reference in others)
    assert restricted.reference not in text
    assert client.get(f"/cases/{restricted.id}").status_code == 404
