"""Case references: per type and year, in sequence, and never issued twice."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy.orm import sessionmaker

from complaints.cases import references
from complaints.cases.choices import CaseType
from complaints.cases.models import ReferenceCounter
from complaints.forces.models import FIRST_FORCE_ID, Force
from tests import factories


def test_references_count_per_type_and_year(db):
    assert references.allocate(db, CaseType.COMPLAINT, 2026) == (1, "CO/2026/00001")
    assert references.allocate(db, CaseType.COMPLAINT, 2026) == (2, "CO/2026/00002")
    assert references.allocate(db, CaseType.CONDUCT_MATTER, 2026) == (1, "CM/2026/00001")
    assert references.allocate(db, CaseType.DSI_MATTER, 2027) == (1, "DSI/2027/00001")
    assert references.allocate(db, CaseType.COMPLAINT, 2027) == (1, "CO/2027/00001")


@pytest.mark.parametrize(
    "text, parsed",
    [
        ("CO/2026/00042", ("CO", 2026, 42)),
        (" co/2026/42 ", ("CO", 2026, 42)),
        ("DSI/2025/7", ("DSI", 2025, 7)),
        ("XX/2026/1", None),
        ("CO/20x6/1", None),
        ("stop and search", None),
    ],
)
def test_parsing_references_people_type(text, parsed):
    assert references.parse_reference(text) == parsed


def test_concurrent_intake_never_issues_a_number_twice(engine):
    """Eight sessions allocate at once, each committing: all numbers distinct, no gaps."""
    if engine.dialect.name != "postgresql":
        pytest.skip("true concurrency needs PostgreSQL (SQLite serialises writers)")
    factory = sessionmaker(bind=engine)
    year = 2199  # a year no other test uses, cleaned up below
    issued: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def intake() -> None:
        try:
            with factory() as session:
                barrier.wait()
                for _ in range(10):
                    number, _ = references.allocate(session, CaseType.COMPLAINT, year)
                    session.commit()
                    issued.append(number)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=intake) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with factory() as session:
        session.query(ReferenceCounter).filter_by(year=year).delete()
        session.commit()
    assert not errors
    assert sorted(issued) == list(range(1, 81))


def test_concurrent_intake_in_two_forces_numbers_each_force_without_gaps(engine):
    """Two forces take complaints at once: each force's numbers run 1..n with no gap."""
    if engine.dialect.name != "postgresql":
        pytest.skip("true concurrency needs PostgreSQL (SQLite serialises writers)")
    factory = sessionmaker(bind=engine)
    year = 2198
    with factory() as session:
        second = factories.force(session, code="ZZT", name="Zedshire Test Constabulary")
        session.commit()
        force_ids = (FIRST_FORCE_ID, second.id)
    issued: dict[int, list[int]] = {force_id: [] for force_id in force_ids}
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def intake(force_id: int) -> None:
        try:
            with factory() as session:
                barrier.wait()
                for _ in range(10):
                    number, _ = references.allocate(session, CaseType.COMPLAINT, year, force_id)
                    session.commit()
                    issued[force_id].append(number)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=intake, args=(force_ids[i % 2],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with factory() as session:
        session.query(ReferenceCounter).filter_by(year=year).delete()
        session.query(Force).filter_by(id=force_ids[1]).delete()
        session.commit()
    assert not errors
    assert sorted(issued[FIRST_FORCE_ID]) == list(range(1, 41))
    assert sorted(issued[second.id]) == list(range(1, 41))


def test_one_force_keeps_its_references_and_several_carry_their_codes(db):
    assert references.allocate(db, CaseType.COMPLAINT, 2031) == (1, "CO/2031/00001")
    other = factories.force(db, code="BED", name="Bedfordshire Police")
    first_code = db.get(Force, FIRST_FORCE_ID).code
    assert references.allocate(db, CaseType.COMPLAINT, 2031, other.id) == (1, "BED-CO/2031/00001")
    assert references.allocate(db, CaseType.COMPLAINT, 2031) == (2, f"{first_code}-CO/2031/00002")
    assert references.allocate(db, CaseType.COMPLAINT, 2031, other.id) == (2, "BED-CO/2031/00002")


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("bed-co/2026/42", ("BED", ("CO", 2026, 42))), ("CO/2026/42", (None, ("CO", 2026, 42)))],
)
def test_a_reference_with_a_force_code_is_read(text, parsed):
    code, _ = references.split_force_code(text)
    assert (code, references.parse_reference(text)) == parsed
