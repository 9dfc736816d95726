"""The IOPC data return (issue: records in and out): made from the report's own measures,
so that it reproduces the board pack's figures, and checked as the IOPC checks it."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases import people
from complaints.cases.allegations import AllegationAction
from complaints.cases.choices import AllegationResult, HandlingType
from complaints.cases.models import Case
from complaints.forces.models import FIRST_FORCE_ID
from complaints.reports.periods import month_period
from complaints.returns import iopc, validation
from complaints.returns.periods import financial_quarter, last_complete_quarter, parse_period
from tests import factories, report_dataset

FORCES = [FIRST_FORCE_ID]


@pytest.fixture()
def april(db):
    expected = report_dataset.build(db)
    tables = {t.filename: t for t in iopc.build(db, month_period(expected.month), FORCES)}
    return expected, tables


def _counts(table: iopc.ReturnTable, key: str, value: str) -> dict:
    return dict(zip(table.column(key), table.column(value), strict=True))


def test_the_return_reproduces_the_board_packs_figures(april):
    expected, tables = april
    headline = {label: values[0] for label, values in expected.tables["headlines"].items()}
    summary = _counts(tables["summary.csv"], "measure", "value")
    assert summary["cases_logged"] == headline["Complaint cases logged"] == 4
    assert summary["allegations_logged"] == headline["Allegations logged"] == 5
    assert summary["cases_finalised"] == headline["Complaint cases finalised"] == 2
    assert summary["working_days_to_log"] == headline["Mean working days to log"]
    assert summary["days_to_finalise_under_schedule_3_excluding_suspensions"] == 43.0

    results = _counts(tables["results.csv"], "label", "allegations")
    for label, values in expected.tables["allegation_results"].items():
        assert results[label] == values[0], label
    actions = _counts(tables["actions.csv"], "label", "allegations")
    for label, values in expected.tables["allegation_actions"].items():
        assert actions[label] == values[0], label
    handling = _counts(tables["handling.csv"], "label", "cases_finalised")
    for label, values in expected.tables["handling_types"].items():
        assert handling[label] == (values[0] or 0), label
    assert handling[HandlingType.OUTSIDE_SCHEDULE_3.label] == 1
    categories = tables["allegations_by_category.csv"]
    assert sum(categories.column("allegations")) == 5
    reviews = {row[0]: row[1:] for row in tables["reviews.csv"].rows}
    assert reviews["opcc"][0] + reviews["iopc"][0] == 1  # valid reviews received


def test_a_clean_month_passes_every_check(db, april):
    expected, tables = april
    period = month_period(expected.month)
    assert validation.totals(list(tables.values())) == []
    assert validation.validate(db, period, FORCES, list(tables.values())) == []


def test_a_complaint_logged_twice_is_caught_until_the_cases_are_linked(db):
    handler = factories.user(db, Role.HANDLER)
    first = factories.complaint(db, handler=handler, complainant=("Zoë", "Łukasiewicz"))
    second = factories.complaint(db, handler=handler, complainant=("Zoe", "Lukasiewicz"))
    period = month_period(first.logged_at.date())
    (failure,) = validation.counted_twice(db, period, FORCES)
    assert failure.rule == "counted twice"
    assert failure.references == tuple(sorted((first.reference, second.reference)))
    people.link_cases(
        db, factories.actor_for(handler), first, second, "The same complaint", True, factories.NOW
    )
    assert validation.counted_twice(db, period, FORCES) == []


def test_dates_out_of_order_are_listed_with_their_case(db):
    handler = factories.user(db, Role.HANDLER)
    case = factories.complaint(db, handler=handler)
    case.received_on = case.logged_at.date() + dt.timedelta(days=2)  # received after logged
    db.flush()
    (failure,) = validation.dates_out_of_order(db, month_period(case.logged_at.date()), FORCES)
    assert failure.references == (case.reference,)
    assert "logged" in failure.detail and "is before received" in failure.detail


def test_totals_that_disagree_are_reported(april):
    _, tables = april
    broken = tables["handling.csv"]
    rows = [(*row[:2], row[2] + 1) if row[0] == "local" else row for row in broken.rows]
    changed = [
        *(t for t in tables.values() if t is not broken),
        iopc.ReturnTable(broken.filename, broken.columns, rows),
    ]
    (failure,) = validation.totals(changed)
    assert failure.detail == "handling.csv adds up to 3, but cases_finalised is 2"


def test_the_return_is_a_zip_of_csv_files_with_headers(april):
    _, tables = april
    archive = zipfile.ZipFile(io.BytesIO(iopc.zipped(list(tables.values()))))
    assert sorted(archive.namelist()) == sorted(tables)
    header = archive.read("results.csv").decode().splitlines()[0]
    assert header == "code,label,allegations"
    assert AllegationResult.SERVICE_NOT_ACCEPTABLE.value in archive.read("results.csv").decode()
    assert AllegationAction.APOLOGY.value in archive.read("actions.csv").decode()


def test_periods_follow_the_financial_year():
    q3 = parse_period("2026-Q3")
    assert (q3.start, q3.end) == (dt.date(2026, 10, 1), dt.date(2027, 1, 1))
    q4 = financial_quarter(2026, 4)
    assert (q4.start, q4.end) == (dt.date(2027, 1, 1), dt.date(2027, 4, 1))
    year = parse_period("2026")
    assert (year.start, year.end) == (dt.date(2026, 4, 1), dt.date(2027, 4, 1))
    assert parse_period("2026-10").start == dt.date(2026, 10, 1)
    assert parse_period("2026-Q5") is None and parse_period("soon") is None
    assert last_complete_quarter(dt.date(2026, 12, 5)) == "2026-Q2"
    assert last_complete_quarter(dt.date(2026, 5, 1)) == "2025-Q4"
    assert last_complete_quarter(dt.date(2027, 2, 1)) == "2026-Q3"


def test_the_command_writes_the_return_and_fails_on_a_failed_check(app, db, tmp_path):
    report_dataset.build(db)
    db.commit()
    output = tmp_path / "april.zip"
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["reports", "iopc-return", "--period", "2026-04", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert "Every check passed." in result.output
    assert "summary.csv" in zipfile.ZipFile(output).namelist()
    case = db.scalars(select(Case).order_by(Case.id.desc())).first()
    case.received_on = case.logged_at.date() + dt.timedelta(days=3)
    db.commit()
    failed = runner.invoke(args=["reports", "iopc-return", "--period", f"{case.logged_at:%Y-%m}"])
    assert failed.exit_code == 1
    assert "FAILED dates" in failed.output and case.reference in failed.output
