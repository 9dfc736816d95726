"""Case references (CO/2026/00042): allocated without gaps or clashes under concurrency.

The counter row for (type, year) is incremented with a single UPDATE, which takes a row
lock on PostgreSQL (and the write lock on SQLite), so two intakes at the same moment
queue for the row rather than reading the same number.
"""

from __future__ import annotations

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from complaints.cases.choices import CaseType
from complaints.cases.models import ReferenceCounter


def allocate(session: Session, case_type: CaseType, year: int) -> tuple[int, str]:
    number = _increment(session, case_type, year)
    if number is None:
        try:
            with session.begin_nested():
                session.execute(
                    insert(ReferenceCounter).values(case_type=case_type, year=year, last_number=0)
                )
        except IntegrityError:
            pass  # another intake created the row first; fine
        number = _increment(session, case_type, year)
    assert number is not None
    return number, format_reference(case_type, year, number)


def _increment(session: Session, case_type: CaseType, year: int) -> int | None:
    return session.scalar(
        update(ReferenceCounter)
        .where(ReferenceCounter.case_type == case_type, ReferenceCounter.year == year)
        .values(last_number=ReferenceCounter.last_number + 1)
        .returning(ReferenceCounter.last_number)
    )


def format_reference(case_type: CaseType, year: int, number: int) -> str:
    return f"{case_type.prefix}/{year}/{number:05d}"


def _digits(text: str, most: int) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= most


def parse_reference(text: str) -> tuple[str, int, int] | None:
    """'co/2026/42' -> ('CO', 2026, 42); None if it does not look like a reference."""
    parts = text.strip().upper().split("/")
    if len(parts) != 3 or not all(_digits(p, 5) for p in parts[1:]):
        return None
    if parts[0] not in {t.prefix for t in CaseType}:
        return None
    return parts[0], int(parts[1]), int(parts[2])
