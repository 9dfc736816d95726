"""The reports pages of an installation serving two forces: a board member sees their own
force's dashboard, CSVs and reports, and another force's report does not exist for them;
PSD staff of both forces choose the force with ``?force=CODE``."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.common.actor import Actor
from complaints.forces.models import FIRST_FORCE_ID, Force
from complaints.reports import generation
from complaints.reports.models import GeneratedReport, ReportVersion
from complaints.reports.pack import monthly_pack
from complaints.reports.tables import ReportSettings, protected
from tests import factories, report_dataset
from tests.readback import pdf_text
from tests.views import report_pages as rp

MONTH = report_dataset.MONTH
QUERY = {"month": f"{MONTH:%Y-%m}"}


@pytest.fixture()
def two_forces(db, app):
    """Both forces' data, and both versions of April 2026's report made for each."""
    north = db.get(Force, FIRST_FORCE_ID)
    south = factories.force(db, code="SOU", name="Southshire Police")
    report_dataset.build(db)
    report_dataset.build_other_force(db, south)
    made = {}
    for force in (north, south):
        settings = ReportSettings.for_forces([force], app.config)
        made[force.code] = generation.generate_monthly(
            db,
            Actor.system("test"),
            MONTH,
            dt.datetime(2026, 5, 4, 9, tzinfo=dt.UTC),
            settings,
            app.config["FILES_DIR"],
        )
        for report in made[force.code]:  # as its sign-off publishes it to the board
            report.published = report.version == ReportVersion.CIRCULATED
    db.commit()
    return north, south, made


def _shown(db, app, force: Force, key: str, *, circulated: bool) -> list[list[str]]:
    settings = ReportSettings.for_forces([force], app.config)
    pack = protected(monthly_pack(db, MONTH, settings), settings.threshold)
    return rp.expected(next(t for t in pack.tables if t.key == key), circulated=circulated)


def test_reports_are_kept_with_the_force_they_were_made_for(db, two_forces):
    north, south, made = two_forces
    assert {r.force_id for r in made[north.code]} == {north.id}
    assert {r.force_id for r in made[south.code]} == {south.id}


def test_a_board_member_sees_only_their_own_forces_reports(client, login_as, db, two_forces):
    north, south, made = two_forces
    login_as(Role.BOARD_MEMBER, forces=(south.id,))
    page = client.get("/reports").get_data(as_text=True)
    theirs = next(r for r in made[south.code] if r.version == ReportVersion.CIRCULATED)
    assert theirs.sha256 in page
    for report in made[north.code]:
        assert report.sha256 not in page
        assert client.get(f"/reports/{report.id}/download").status_code == 404
        verified = client.post("/reports/verify", data={"sha256": report.sha256})
        assert "This is a report on record" not in verified.get_data(as_text=True)
    assert client.get(f"/reports/{theirs.id}/download").status_code == 200
    verified = client.post("/reports/verify", data={"sha256": theirs.sha256})
    assert "This is a report on record" in verified.get_data(as_text=True)


def test_a_board_member_sees_only_their_own_forces_figures(client, login_as, db, app, two_forces):
    north, south, _ = two_forces
    login_as(Role.BOARD_MEMBER, forces=(south.id,))
    response = client.get("/reports/dashboard", query_string=QUERY)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Southshire Police" in page
    for key in ("headlines", "divisions", "learning"):
        south_rows = _shown(db, app, south, key, circulated=True)
        assert rp.page_table(page, key)[1] == south_rows, key
        assert south_rows != _shown(db, app, north, key, circulated=True), key
    assert "Northern Division" not in page
    # Asking for the other force's figures, on the page or as CSV, finds nothing.
    for url in ("/reports/dashboard", "/reports/csv/headlines", "/reports/csv.zip"):
        assert client.get(url, query_string={**QUERY, "force": north.code}).status_code == 404
    csv = client.get("/reports/csv/divisions", query_string=QUERY).get_data(as_text=True)
    assert "Southshire Western Division" in csv and "Northern Division" not in csv


def test_psd_staff_of_both_forces_choose_the_force(client, login_as, db, app, two_forces):
    north, south, _ = two_forces
    login_as(Role.APPROPRIATE_AUTHORITY, forces=(north.id, south.id))
    first = client.get("/reports/dashboard", query_string=QUERY).get_data(as_text=True)
    assert rp.page_table(first, "headlines")[1] == _shown(
        db, app, north, "headlines", circulated=False
    )
    assert f"force={south.code}" in first  # the choice of the other force
    chosen = client.get("/reports/dashboard", query_string={**QUERY, "force": "sou"})
    page = chosen.get_data(as_text=True)
    assert rp.page_table(page, "headlines")[1] == _shown(
        db, app, south, "headlines", circulated=False
    )
    assert f"force={south.code}" in page.split('id="headlines"')[1]  # its CSV links keep it
    assert client.get("/reports/dashboard", query_string={"force": "XYZ"}).status_code == 404
    listed = client.get("/reports").get_data(as_text=True)
    assert "Southshire Police" in listed and north.name in listed


def test_making_a_report_for_the_chosen_force(client, login_as, db, two_forces):
    north, south, _ = two_forces
    login_as(Role.APPROPRIATE_AUTHORITY, forces=(north.id, south.id))
    response = client.post(
        "/reports/make?force=SOU", data={"month": f"{MONTH:%Y-%m}"}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "made for Southshire Police" in response.get_data(as_text=True)
    newest = db.scalars(select(GeneratedReport).order_by(GeneratedReport.id.desc())).first()
    assert newest.force_id == south.id


def test_the_command_needs_the_force_once_there_are_several(app, db, two_forces):
    _, south, _ = two_forces
    runner = app.test_cli_runner()
    month = ["reports", "monthly", "--month", f"{MONTH:%Y-%m}"]
    refused = runner.invoke(args=month)
    assert refused.exit_code != 0 and "give the force's code" in refused.output
    made = runner.invoke(args=[*month, "--force", "SOU"])
    assert made.exit_code == 0, made.output
    newest = db.scalars(select(GeneratedReport).order_by(GeneratedReport.id.desc())).first()
    assert newest.force_id == south.id
    unknown = runner.invoke(args=[*month, "--force", "XYZ"])
    assert unknown.exit_code != 0 and "no force with the code XYZ" in unknown.output


def test_joint_psd_management_sees_its_forces_combined(client, login_as, db, app, two_forces):
    """``?force=ALL``: the dashboards and CSV files sum every force the person works for,
    and say so; each force's stored reports stay its own, and a person of one force has no
    combined view."""
    north, south, _ = two_forces
    login_as(Role.APPROPRIATE_AUTHORITY, forces=(north.id, south.id))
    both = ReportSettings.for_forces([north, south], app.config)
    summed = protected(monthly_pack(db, MONTH, both), both.threshold)
    query = {**QUERY, "force": "all"}
    page = client.get("/reports/dashboard", query_string=query).get_data(as_text=True)
    headlines = next(t for t in summed.tables if t.key == "headlines")
    assert rp.page_table(page, "headlines")[1] == rp.expected(headlines, circulated=False)
    assert both.force_name in page and "sum the cases of all 2 forces" in page
    assert "force=ALL" in page.split('id="headlines"')[1]  # its CSV links keep it
    oversight = client.get("/reports/oversight", query_string=query)
    assert oversight.status_code == 200 and both.force_name in oversight.get_data(as_text=True)
    csv = client.get("/reports/csv/divisions", query_string=query)
    assert "Southshire Western Division" in csv.get_data(as_text=True)
    assert "Northern Division" in csv.get_data(as_text=True)
    assert (
        f"complaints-{north.code}-{south.code}-{MONTH:%Y-%m}-full-divisions.csv"
        in (csv.headers["Content-Disposition"])
    )
    assert client.get("/reports/make", query_string=query).status_code == 404  # kept per force
    client.post("/sign-out")
    login_as(Role.BOARD_MEMBER, forces=(south.id,))
    assert client.get("/reports/dashboard", query_string=query).status_code == 404


def test_files_name_their_force_once_there_are_several(client, login_as, two_forces):
    _, south, made = two_forces
    assert {r.filename for r in made[south.code]} == {
        f"complaints-board-report-{south.code}-{MONTH:%Y-%m}-circulated.pdf",
        f"complaints-board-report-{south.code}-{MONTH:%Y-%m}-full.pdf",
    }
    login_as(Role.BOARD_MEMBER, forces=(south.id,))
    zipped = client.get("/reports/csv.zip", query_string=QUERY)
    assert (
        f"complaints-{south.code}-{MONTH:%Y-%m}-circulated-tables.zip"
        in (zipped.headers["Content-Disposition"])
    )


def test_the_command_makes_a_combined_report_that_says_so(app, db, two_forces, tmp_path):
    north, south, _ = two_forces
    runner = app.test_cli_runner()
    month = ["reports", "monthly", "--month", f"{MONTH:%Y-%m}", "--force", "NOR,SOU"]
    assert runner.invoke(args=month).exit_code != 0  # it is written out, never kept
    made = runner.invoke(args=[*month, "--output", str(tmp_path)])
    assert made.exit_code == 0, made.output
    circulated = tmp_path / f"complaints-board-report-NOR-SOU-{MONTH:%Y-%m}-circulated.pdf"
    text = " ".join(pdf_text(circulated.read_bytes()).split())
    assert f"{north.name} and {south.name} (combined)" in text
    kept = db.scalars(select(GeneratedReport.force_id)).all()
    assert len(kept) == 4  # the two forces' own, made by the fixture
