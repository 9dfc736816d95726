"""Importing protected characteristics from HR's records: a CSV file with a row per person.

Columns: ``number`` (a collar or staff number, current or former), then any of
``age_band``, ``sex``, ``ethnicity``, ``disability``, ``religion`` and
``sexual_orientation``, each with an answer from the equality questions' lists (as the
administrators' page offers them, 'Prefer not to say' among them) or blank for none. Only
people already named on a case of the force are kept: HR's file covers everyone, but the
analysis needs only the people complained about, so no one else's characteristics are
stored. A row with an answer not on its list is refused and named, and nothing is changed
for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.cases.choices import PREFER_NOT_TO_SAY
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.subjects.models import Subject, SubjectIdentity
from complaints.subjects.services import number_is
from complaints.workforce.forms import ANSWERS
from complaints.workforce.services import CharacteristicsData, set_answers

SOURCE = "hr_import"


@dataclass
class ImportResult:
    recorded: int = 0
    not_named: int = 0  # people no case names: not kept
    refused: list[str] = field(default_factory=list)  # "line 4: ..." for each row refused


def _person(session: Session, force_id: int, number: str) -> Subject | None:
    ids = select(SubjectIdentity.subject_id).where(number_is(number))
    return session.scalar(
        select(Subject).where(Subject.id.in_(ids), Subject.force_id == force_id).limit(1)
    )


def _answers(row: Mapping[str, str | None]) -> CharacteristicsData:
    """The row's answers, or ValueError naming the first not on its list."""
    answers: dict[str, str | None] = {}
    for key, allowed in ANSWERS.items():
        value = (row.get(key) or "").strip() or None
        if value is not None and value not in (*allowed, PREFER_NOT_TO_SAY):
            raise ValueError(f"{key} '{value[:60]}' is not one of the answers")
        answers[key] = value
    return CharacteristicsData(**answers)


def import_characteristics(
    session: Session,
    actor: Actor,
    force_id: int,
    rows: Iterable[Mapping[str, str | None]],
    now: dt.datetime,
) -> ImportResult:
    """Record each row's answers for the person its number names; only flushes."""
    audit.acting(session, actor, now)
    result = ImportResult()
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        number = (row.get("number") or "").strip()
        if not number:
            result.refused.append(f"line {line}: no collar or staff number")
            continue
        try:
            data = _answers(row)
        except ValueError as error:
            result.refused.append(f"line {line}: {error}")
            continue
        person = _person(session, force_id, number)
        if person is None:
            result.not_named += 1
            continue
        set_answers(session, person, data, now, source=SOURCE)
        result.recorded += 1
    return result
