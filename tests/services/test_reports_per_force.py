"""Each force's figures are its own: in a database holding two forces, each force's monthly
pack is exactly the pack it gets from a database holding only its own data.

Force A (the first force) has the hand-worked dataset of ``tests/report_dataset.py``;
force B has a small dataset of its own, with its own division, targets and learning. Each
force's pack is first made from a database holding that force's data alone (built in a
savepoint, then rolled back), then both are built together and each pack made again.
"""

from __future__ import annotations

import pytest

from complaints.common import audit
from complaints.common.actor import Actor
from complaints.forces.models import FIRST_FORCE_ID, Force
from complaints.reports import queries as q
from complaints.reports.pack import monthly_pack
from complaints.reports.periods import month_period
from complaints.reports.tables import MonthlyPack, ReportSettings
from tests import factories, report_dataset

CONFIG = {"REPORT_SMALL_COUNT_THRESHOLD": 5}
SOUTH_TARGETS = {"working_days_to_log": 3, "working_days_to_contact": 4}


def pack_of(db, *forces: Force) -> MonthlyPack:
    settings = ReportSettings.for_forces(list(forces), CONFIG)
    return monthly_pack(db, report_dataset.MONTH, settings, today=report_dataset.TODAY)


def row(pack: MonthlyPack, table: str, label: str) -> tuple:
    found = next(r for t in pack.tables if t.key == table for r in t.rows if r[0] == label)
    return tuple(cell if isinstance(cell, str) else cell.value for cell in found[1:])


def _numbers(values: tuple) -> bool:
    return all(v is None or isinstance(v, int | float) for v in values)


@pytest.fixture()
def forces(db):
    south = factories.force(db, code="SOU", name="Southshire Police")
    north = db.get(Force, FIRST_FORCE_ID)
    south.report_targets = dict(SOUTH_TARGETS)
    south.national_comparators = dict(north.national_comparators)  # national: the same
    db.flush()
    return north, south


def test_each_forces_pack_is_the_pack_of_a_database_holding_only_its_own_data(db, forces):
    ids = [force.id for force in forces]
    alone = {}
    for force_id in ids:
        north, south = (db.get(Force, i) for i in ids)
        savepoint = db.begin_nested()
        if force_id == north.id:
            report_dataset.build(db)
        else:
            report_dataset.build_other_force(db, south)
        alone[force_id] = pack_of(db, db.get(Force, force_id))
        savepoint.rollback()
        # Rolled-back rows reuse their ids: start again as a new process would, with
        # nothing of them in the identity map, and the actor that went with them.
        db.expunge_all()
        audit.act_as(db, Actor.system("test"))
    north, south = (db.get(Force, i) for i in ids)
    assert row(alone[north.id], "headlines", "Complaint cases logged") == (4, 2, 1, 8)
    assert row(alone[south.id], "headlines", "Complaint cases logged") == (2, 1, 1, 3)

    expected = report_dataset.build(db)
    report_dataset.build_other_force(db, south)
    together = {force.id: pack_of(db, force) for force in (north, south)}

    assert together[north.id] == alone[north.id]
    assert together[south.id] == alone[south.id]
    # Force A's pack still has every hand-worked answer.
    for key, rows in expected.tables.items():
        for label, values in rows.items():
            got = row(together[north.id], key, label)
            assert got == pytest.approx(values) if _numbers(values) else got == values, (
                key,
                label,
            )


def test_each_force_is_reported_against_its_own_targets_and_divisions(db, forces):
    north, south = forces
    report_dataset.build(db)
    report_dataset.build_other_force(db, south)
    north_pack, south_pack = pack_of(db, north), pack_of(db, south)
    assert north_pack.force_name == north.name and south_pack.force_name == "Southshire Police"
    target = row(south_pack, "working_days_to_log", "Mean working days to log")
    north_target = row(north_pack, "working_days_to_log", "Mean working days to log")
    assert target[-2:] == (3, north.national_comparators["working_days_to_log"])
    assert north_target[-2:] == (
        north.report_targets["working_days_to_log"],
        north.national_comparators["working_days_to_log"],
    )
    south_divisions = [r[0] for t in south_pack.tables if t.key == "divisions" for r in t.rows]
    north_divisions = [r[0] for t in north_pack.tables if t.key == "divisions" for r in t.rows]
    assert "Southshire Western Division" in south_divisions
    assert "Southshire Western Division" not in north_divisions
    assert "Northern Division" not in south_divisions


def test_a_combined_pack_adds_the_forces_and_says_so(db, forces):
    north, south = forces
    report_dataset.build(db)
    report_dataset.build_other_force(db, south)
    combined = pack_of(db, north, south)
    assert combined.force_name == "Northshire Police and Southshire Police (combined)"
    assert row(combined, "headlines", "Complaint cases logged") == (6, 3, 2, 11)
    definition = combined.tables[0].definition
    assert "counts the cases of 2 forces together" in definition
    assert "no timeliness targets, because the forces' targets differ" in definition
    target = row(combined, "working_days_to_log", "Mean working days to log")
    assert target[-2] is None  # the targets differ, so none is shown


def test_a_measure_counts_only_the_forces_it_is_given(db, forces):
    north, south = forces
    report_dataset.build(db)
    report_dataset.build_other_force(db, south)
    april = month_period(report_dataset.MONTH)
    assert q.cases_logged(db, april, (north.id,)).value == 4
    assert q.cases_logged(db, april, (south.id,)).value == 2
    assert q.cases_logged(db, april, (north.id, south.id)).value == 6
    assert q.cases_logged(db, april, ()).value == 0
    assert q.learning_raised(db, april, (south.id,)).value == 1
    assert q.division_names(db, (south.id,)) == ["Southshire Western Division"]
