"""Case references (CO/2026/00042): allocated without gaps or clashes under concurrency.

Each force numbers its own cases. Once the installation serves more than one force, a
reference carries its force's code (BED-CO/2026/00042); a single force's references look
as they always did. The counter row for (force, type, year) is incremented with a single
UPDATE, which takes a row lock on PostgreSQL (and the write lock on SQLite), so two
intakes at the same moment queue for the row rather than reading the same number.
"""

from __future__ import annotations

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from complaints.cases.choices import CaseType
from complaints.cases.models import ReferenceCounter
from complaints.forces.models import FIRST_FORCE_ID, Force


def allocate(
    session: Session, case_type: CaseType, year: int, force_id: int = FIRST_FORCE_ID
) -> tuple[int, str]:
    """The next number and reference for a case of this type and year in this force."""
    number = _increment(session, force_id, case_type, year)
    if number is None:
        try:
            with session.begin_nested():
                session.execute(
                    insert(ReferenceCounter).values(
                        force_id=force_id, case_type=case_type, year=year, last_number=0
                    )
                )
        except IntegrityError:
            pass  # another intake created the row first; fine
        number = _increment(session, force_id, case_type, year)
    assert number is not None
    return number, format_reference(case_type, year, number, code_of(session, force_id))


def allocate_many(
    session: Session, case_type: CaseType, year: int, count: int, force_id: int = FIRST_FORCE_ID
) -> list[tuple[int, str]]:
    """``count`` consecutive numbers and references at once (an import's cases of one type
    and year), taken by the same single UPDATE as one number is."""
    last = _increment(session, force_id, case_type, year, count)
    if last is None:
        try:
            with session.begin_nested():
                session.execute(
                    insert(ReferenceCounter).values(
                        force_id=force_id, case_type=case_type, year=year, last_number=0
                    )
                )
        except IntegrityError:
            pass  # another intake created the row first; fine
        last = _increment(session, force_id, case_type, year, count)
    assert last is not None
    code = code_of(session, force_id)
    first = last - count + 1
    return [(n, format_reference(case_type, year, n, code)) for n in range(first, last + 1)]


def _increment(
    session: Session, force_id: int, case_type: CaseType, year: int, by: int = 1
) -> int | None:
    return session.scalar(
        update(ReferenceCounter)
        .where(
            ReferenceCounter.force_id == force_id,
            ReferenceCounter.case_type == case_type,
            ReferenceCounter.year == year,
        )
        .values(last_number=ReferenceCounter.last_number + by)
        .returning(ReferenceCounter.last_number)
    )


def code_of(session: Session, force_id: int) -> str | None:
    """The force's code for its references, or None while the installation has one force."""
    if session.scalar(select(func.count()).select_from(Force)) < 2:
        return None
    return session.scalar(select(Force.code).where(Force.id == force_id))


def format_reference(case_type: CaseType, year: int, number: int, code: str | None = None) -> str:
    core = f"{case_type.prefix}/{year}/{number:05d}"
    return f"{code}-{core}" if code else core


def split_force_code(text: str) -> tuple[str | None, str]:
    """'bed-co/2026/42' -> ('BED', 'co/2026/42'); a reference without a code -> (None, text)."""
    head, dash, rest = text.strip().partition("-")
    if dash and head.isascii() and head.isalpha() and "/" not in head:
        return head.upper(), rest
    return None, text


def _digits(text: str, most: int) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= most


def parse_reference(text: str) -> tuple[str, int, int] | None:
    """'co/2026/42' -> ('CO', 2026, 42); None if it does not look like a reference. A
    force's code in front ('BED-CO/2026/42') is passed over: ``split_force_code`` reads it."""
    parts = split_force_code(text)[1].strip().upper().split("/")
    if len(parts) != 3 or not all(_digits(p, 5) for p in parts[1:]):
        return None
    if parts[0] not in {t.prefix for t in CaseType}:
        return None
    return parts[0], int(parts[1]), int(parts[2])
