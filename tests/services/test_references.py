"""Case references: per type and year, in sequence, and never issued twice."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy.orm import sessionmaker

from complaints.cases import references
from complaints.cases.choices import CaseType
from complaints.cases.models import ReferenceCounter


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
