"""Importing a legacy extract: the shipped sample's dry-run report exactly, the clean part
imported, a second import changing nothing, and a bad row stopping the whole file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from complaints.cases import awaiting
from complaints.cases.choices import AllegationAction, CaseState, CaseType
from complaints.cases.models import ActionTaken, Allegation, Case, CaseSubject, Complainant
from complaints.common.actor import Actor
from complaints.common.audit_model import AuditEvent
from complaints.common.errors import Refused
from complaints.forces.models import FIRST_FORCE_ID
from complaints.forces.services import force_by_code
from complaints.imports import mapping, services
from complaints.imports.models import CaseImport
from complaints.subjects.models import Subject, SubjectIdentity
from tests import factories
from tests.case_force import counted, misplaced
from tests.rls import as_application_role

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "legacy_extract.csv"
NOW = factories.NOW
WHO = Actor.system("test import")

EXPECTED_REPORT = """\
row 2 CEN/2018/0001: create: new complaint, finalised; new complainant; \
allegation category PRE2020-U; new subject (collar number 1234)
row 3 CEN/2018/0001: create: another allegation of the case on row 2; \
allegation category PRE2020-D; subject as on row 2
row 4 CEN/2019/0042: create: new complaint, finalised; new complainant; \
allegation category PRE2020-J; new subject (staff number S0099)
row 5 CEN/2019/0050: create: new recordable conduct matter, finalised; \
allegation category PRE2020-H; subject matched by collar number 4321
row 6 CEN/2017/0007: refused: missing date received
row 7 CEN/2019/0060: refused: unknown category 'ZZ'
row 8 CEN/2019/0061: refused: a death or serious injury matter cannot be 'outcome notified'
row 9 CEN/2019/0062: refused: date finalised is before date logged
row 10 CEN/2020/0100: create: new complaint, recorded; new complainant; \
allegation category B1; subject matched by collar number 4321
row 11 CEN/2019/0060: refused: row 7 of the same case is refused
row 12 CEN/2019/0070: create: new complaint, withdrawn; new complainant; \
allegation category PRE2020-W; new subject (unidentified)
"""
SUMMARY = (
    "11 rows: 5 cases with 6 allegations to create, 3 new subjects, "
    "0 rows already imported, 5 refused"
)
CLEAN_LINES = (0, 1, 2, 3, 4, 9, 11)  # the heading and the rows imported (0-based)


def _extract(data: bytes | None = None, name: str = "legacy_extract.csv") -> services.Extract:
    return services.Extract(
        name,
        SAMPLE.read_bytes() if data is None else data,
        mapping.load(mapping.DEFAULT),
        FIRST_FORCE_ID,
    )


def _count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


@pytest.fixture
def known_officer(db):
    """Sergeant Mulder, already known to the force by collar number 4321."""
    return factories.subject(db, family_name="Mulder", collar="4321")


def test_the_sample_extract_gives_exactly_the_expected_dry_run_report(db, known_officer):
    before = (_count(db, Case), _count(db, Subject), _count(db, AuditEvent))
    plan = services.check(db, WHO, _extract(), NOW)
    report = "\n".join(line.text() for line in plan.lines) + "\n"
    assert report == EXPECTED_REPORT
    assert plan.summary() == SUMMARY
    db.flush()
    assert (_count(db, Case), _count(db, Subject), _count(db, AuditEvent)) == before


def _tables(db) -> tuple[int, ...]:
    return tuple(
        _count(db, model)
        for model in (
            Case,
            Complainant,
            Allegation,
            CaseSubject,
            ActionTaken,
            Subject,
            SubjectIdentity,
        )
    )


def test_the_clean_part_imports_and_a_second_import_changes_nothing(db, known_officer):
    before = _tables(db)
    outcome = services.run(db, WHO, _extract(), NOW, skip_bad_rows=True)
    db.flush()
    record = outcome.record
    assert record is not None
    assert (record.cases_created, record.allegations_created, record.subjects_created) == (5, 6, 3)
    assert (record.rows, record.rows_skipped, record.rows_already_imported) == (11, 5, 0)
    assert record.sha256 == _extract().sha256
    after = _tables(db)
    # 5 cases, 4 complainants (the conduct matter has none), 6 allegations, 5 subjects on
    # cases (the 2018 officer once for both allegations), 5 actions (one on each of the
    # 2018 case's allegations, two on 2019/0042's, one on the conduct matter's), 3 new
    # people with one identity each.
    assert [a - b for a, b in zip(after, before, strict=True)] == [5, 4, 6, 5, 5, 3, 3]

    cases = {
        c.legacy_reference: c for c in db.scalars(select(Case).where(Case.import_id == record.id))
    }
    assert set(cases) == {
        "CEN/2018/0001",
        "CEN/2019/0042",
        "CEN/2019/0050",
        "CEN/2020/0100",
        "CEN/2019/0070",
    }
    first = cases["CEN/2018/0001"]
    assert first.reference == "CO/2018/00001" and first.year == 2018
    assert first.state == CaseState.FINALISED and first.imported_at == NOW
    assert first.received_on == dt.date(2018, 3, 2)
    assert first.finalised_at.date() == dt.date(2018, 4, 20)
    assert [a.category.code for a in first.allegations] == ["PRE2020-U", "PRE2020-D"]
    assert len(first.subjects) == 1  # one officer, on both allegations
    assert [len(a.subjects) for a in first.allegations] == [1, 1]
    assert [x.code for x in first.allegations[0].actions_taken] == [AllegationAction.APOLOGY]
    matter = cases["CEN/2019/0050"]
    assert matter.case_type == CaseType.CONDUCT_MATTER and not matter.complainants
    assert matter.subjects[0].subject_id == known_officer.id
    open_case = cases["CEN/2020/0100"]
    assert open_case.state == CaseState.RECORDED and open_case.next_deadline_on is not None
    # Recorded, it waits for the handling decision, and the stored answer says so.
    waiting = set(db.scalars(select(Case.id).where(awaiting.rule())))
    assert (
        {c.id for c in cases.values() if c.awaits_decision}
        == waiting & {c.id for c in cases.values()}
        == {open_case.id}
    )
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "import")).all()
    assert len(events) == 1
    assert events[0].changes["sha256"] == [None, record.sha256]
    assert events[0].changes["cases_created"] == [None, 5]
    assert "Turing" not in str(events[0].changes) + (events[0].summary or "")

    again = services.run(db, WHO, _extract(), NOW, skip_bad_rows=True)
    db.flush()
    assert again.record is None
    assert _tables(db) == after
    assert again.plan.already_imported == 6 and not again.plan.cases
    assert again.plan.lines[0].text() == (
        "row 2 CEN/2018/0001: already imported: already imported as CO/2018/00001: unchanged"
    )
    assert _count(db, CaseImport) == 1


def test_a_file_with_one_bad_row_imports_nothing_unless_told_to_skip_it(db, known_officer):
    lines = SAMPLE.read_bytes().splitlines(keepends=True)
    one_bad = b"".join(lines[i] for i in (*CLEAN_LINES, 5))  # and row 6: no date received
    before = _tables(db)
    with pytest.raises(services.ImportRefused) as refused:
        services.run(db, WHO, _extract(one_bad), NOW)
    assert "1 of 7 rows are refused, so nothing was imported" in str(refused.value)
    db.flush()
    assert _tables(db) == before and _count(db, CaseImport) == 0

    outcome = services.run(db, WHO, _extract(one_bad), NOW, skip_bad_rows=True)
    assert outcome.record.cases_created == 5 and outcome.record.rows_skipped == 1


def test_imported_finalised_cases_count_in_the_measures_of_their_own_month(db, known_officer):
    from complaints.reports import queries as q
    from complaints.reports.periods import month_period

    april_2018 = month_period(dt.date(2018, 4, 1))
    assert q.days_to_finalise(db, april_2018, (FIRST_FORCE_ID,)).outside_schedule_3.base == 0
    services.run(db, WHO, _extract(), NOW, skip_bad_rows=True)
    db.flush()
    times = q.days_to_finalise(db, april_2018, (FIRST_FORCE_ID,))
    # Received 2 March 2018, finalised 20 April 2018, handled outside Schedule 3.
    assert times.outside_schedule_3.base == 1
    assert times.outside_schedule_3.value == 49
    august_2019 = month_period(dt.date(2019, 8, 1))
    assert q.days_to_finalise(db, august_2019, (FIRST_FORCE_ID,)).under_schedule_3.base == 1


def test_a_mapping_without_the_columns_it_needs_is_refused():
    with pytest.raises(mapping.MappingError, match="which column holds: state"):
        mapping.parse(
            '[columns]\nlegacy_reference = "Ref"\ncase_type = "T"\n'
            'received_on = "R"\nlogged_on = "L"\ncategory = "C"\n'
        )


def test_an_extract_without_a_mapped_column_is_refused(db):
    with pytest.raises(mapping.MappingError, match="no column headed: Status"):
        services.check(db, WHO, _extract(b"Case Ref,Case Type\nX,Complaint\n"), NOW)


def test_the_command_line_dry_run_import_and_second_import(app, db, known_officer):
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["import", "cases", str(SAMPLE), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert EXPECTED_REPORT in dry.output
    assert f"Dry run (nothing written), SHA-256 {_extract().sha256}: {SUMMARY}." in dry.output
    assert _count(db, CaseImport) == 0

    refused = runner.invoke(args=["import", "cases", str(SAMPLE)])
    assert refused.exit_code != 0
    assert "row 6 CEN/2017/0007: refused: missing date received" in refused.output
    assert "5 of 11 rows are refused, so nothing was imported" in refused.output
    assert _count(db, CaseImport) == 0

    done = runner.invoke(args=["import", "cases", str(SAMPLE), "--skip-bad-rows", "--quiet"])
    assert done.exit_code == 0, done.output
    assert "Imported into" in done.output and "5 cases with 6 allegations" in done.output
    assert _count(db, CaseImport) == 1

    again = runner.invoke(args=["import", "cases", str(SAMPLE), "--skip-bad-rows", "--quiet"])
    assert again.exit_code == 0, again.output
    assert "0 cases with 0 allegations to create" in again.output
    assert "6 rows already imported" in again.output
    assert _count(db, CaseImport) == 1


def test_with_several_forces_the_force_must_be_named(app, db):
    factories.force(db, code="BED", name="Bedfordshire Police")
    db.flush()
    with pytest.raises(Refused, match="several forces: give the force's code"):
        force_by_code(db, None)
    assert force_by_code(db, "bed").code == "BED"
    result = app.test_cli_runner().invoke(args=["import", "cases", str(SAMPLE), "--dry-run"])
    assert result.exit_code != 0 and "give the force's code" in result.output


def test_the_same_legacy_reference_in_another_force_is_another_case(db, known_officer):
    other = factories.force(db, code="BED", name="Bedfordshire Police")
    db.flush()
    services.run(db, WHO, _extract(), NOW, skip_bad_rows=True)
    theirs = services.Extract("x.csv", SAMPLE.read_bytes(), mapping.load(mapping.DEFAULT), other.id)
    plan = services.check(db, WHO, theirs, NOW)
    assert plan.already_imported == 0 and len(plan.cases) == 5
    # Sergeant Mulder (4321) serves the first force: in the other he is someone new.
    assert "subject matched" not in "\n".join(line.text() for line in plan.lines)
    outcome = services.run(db, WHO, theirs, NOW, skip_bad_rows=True)
    db.flush()
    references = db.scalars(
        select(Case.reference).where(Case.import_id == outcome.record.id).order_by(Case.id)
    ).all()
    assert references[0] == "BED-CO/2018/00001"
    # Each imported case's complainants, subjects, allegations and first contacts carry
    # its force.
    assert misplaced(db) == [] and counted(db) == 2 * (4 + 5 + 6 + 4)


def test_a_complainant_already_on_the_forces_cases_is_reported_matched(db, known_officer):
    """Alan Turing (same name and email) complained before: the report says on which case;
    his imported complaint still has its own complainant record, as intake would make."""
    earlier = factories.complaint(db, complainant=("Alan", "Turing"))
    earlier.complainants[0].email = "Alan@Example.test"
    db.flush()
    plan = services.check(db, WHO, _extract(), NOW)
    assert plan.lines[0].notes[1] == f"complainant matched on {earlier.reference}"
    assert plan.lines[2].notes[1] == "new complainant"  # Grace Hopper: nobody before
    doubled = (
        SAMPLE.read_bytes()
        + b"\n"
        + SAMPLE.read_bytes().splitlines()[3].replace(b"CEN/2019/0042", b"CEN/2019/0043")
    )
    plan = services.check(db, WHO, _extract(doubled), NOW)
    assert plan.lines[-1].notes[1] == "complainant as on row 4"


def test_a_longer_extract_goes_in_whole(db, known_officer):
    """Some hundreds of rows: full batches of rows and the part batch after them."""
    heading, row = SAMPLE.read_bytes().splitlines()[0], SAMPLE.read_bytes().splitlines()[3]
    lines = [heading] + [
        row.replace(b"CEN/2019/0042", f"CEN/2019/9{n:03d}".encode()).replace(
            b"S0099", f"S{n % 40:04d}".encode()
        )
        for n in range(237)
    ]
    outcome = services.run(db, WHO, _extract(b"\n".join(lines) + b"\n"), NOW)
    db.flush()
    assert (outcome.record.cases_created, outcome.record.subjects_created) == (237, 40)
    imported = db.scalars(select(Case).where(Case.import_id == outcome.record.id)).all()
    assert sorted(c.legacy_reference for c in imported)[-1] == "CEN/2019/9236"
    assert sorted(c.number for c in imported) == list(range(1, 238))
    assert all(len(c.allegations) == 1 and len(c.subjects) == 1 for c in imported)
    assert sum(len(a.actions_taken) for c in imported for a in c.allegations) == 2 * 237


def test_an_import_runs_under_row_level_security_for_its_force(db, known_officer):
    """As the application's own role, scoped to the force as the Imports page scopes it:
    every table written accepts the rows, and another force's people see none of it."""
    from sqlalchemy import text

    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("row-level security is PostgreSQL's")
    with as_application_role(db):
        db.execute(text("SELECT set_config('complaints.forces', '1', true)"))
        outcome = services.run(db, WHO, _extract(), NOW, skip_bad_rows=True)
        db.flush()
        mine = db.scalar(text("SELECT count(*) FROM case_imports"))
        db.execute(text("SELECT set_config('complaints.forces', '2', true)"))
        others = db.scalar(text("SELECT count(*) FROM case_imports"))
        their_cases = db.scalar(text("SELECT count(*) FROM cases WHERE import_id IS NOT NULL"))
    assert outcome.record.cases_created == 5
    assert (mine, others, their_cases) == (1, 0, 0)
