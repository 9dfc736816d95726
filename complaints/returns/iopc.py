"""The IOPC data return: the force's complaints figures for a quarter (or a year, or a
month) as CSV tables, each made from the same measure functions as the board report, so
that the return and the report never disagree (domain.md A6). ``docs/iopc-return.md``
says what each column holds.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy.orm import Session

from complaints.cases.allegations import AllegationAction
from complaints.cases.choices import AllegationResult, HandlingType, RecordingReason
from complaints.reports import queries as q
from complaints.reports.periods import Period
from complaints.reviews.models import ReviewBody


@dataclass(frozen=True)
class ReturnTable:
    filename: str
    columns: tuple[str, ...]
    rows: list[tuple]

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return out.getvalue()

    def column(self, name: str) -> list:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


def _number(value: float | int | None) -> float | int | str:
    if value is None:
        return ""
    return round(value, 1) if isinstance(value, float) else value


def summary(session: Session, period: Period, forces: Collection[int]) -> ReturnTable:
    finalise = q.days_to_finalise(session, period, forces)
    _, by_reason = q.recorded_by_reason(session, period, forces)
    measures = (
        ("cases_logged", q.cases_logged(session, period, forces).value, q.cases_logged),
        (
            "allegations_logged",
            q.allegations_logged(session, period, forces).value,
            q.allegations_logged,
        ),
        ("cases_finalised", q.cases_finalised(session, period, forces).value, q.cases_finalised),
        ("cases_recorded", sum(by_reason.values()), q.recorded_by_reason),
        (
            "working_days_to_log",
            q.working_days_to_log(session, period, forces).value,
            q.working_days_to_log,
        ),
        (
            "working_days_to_contact",
            q.working_days_to_contact(session, period, forces).value,
            q.working_days_to_contact,
        ),
        (
            "days_to_finalise_outside_schedule_3",
            finalise.outside_schedule_3.value,
            q.days_to_finalise,
        ),
        ("days_to_finalise_under_schedule_3", finalise.under_schedule_3.value, q.days_to_finalise),
        (
            "days_to_finalise_under_schedule_3_excluding_suspensions",
            finalise.under_schedule_3_excluding_suspensions.value,
            q.days_to_finalise,
        ),
    )
    rows = [(name, _number(value), q.definition(measure)) for name, value, measure in measures]
    return ReturnTable("summary.csv", ("measure", "value", "definition"), rows)


def allegations_by_category(
    session: Session, period: Period, forces: Collection[int]
) -> ReturnTable:
    counts = q.allegations_by_category(session, period, forces)
    rows = [(code, name, counts.get(code, 0)) for code, name in q.category_groups(session)]
    if counts.get(None):
        rows.append(("", "Legacy (pre-2020) categories", counts[None]))
    return ReturnTable(
        "allegations_by_category.csv", ("category_group", "name", "allegations"), rows
    )


def _by_code(filename: str, what: str, counts: dict, members, unknown: str) -> ReturnTable:
    rows = [(m.value, m.label, counts.get(m.value, 0)) for m in members]
    if counts.get(None):
        rows.append(("", unknown, counts[None]))
    return ReturnTable(filename, ("code", "label", what), rows)


def recording(session: Session, period: Period, forces: Collection[int]) -> ReturnTable:
    _, by_reason = q.recorded_by_reason(session, period, forces)
    return _by_code(
        "recording.csv", "cases", by_reason, RecordingReason, "Recorded, reason not given"
    )


def handling(session: Session, period: Period, forces: Collection[int]) -> ReturnTable:
    counts = q.handling_types(session, period, forces)
    return _by_code("handling.csv", "cases_finalised", counts, HandlingType, "Not handled")


def results(session: Session, period: Period, forces: Collection[int]) -> ReturnTable:
    counts = q.allegation_results(session, period, forces)
    return _by_code("results.csv", "allegations", counts, AllegationResult, "No result")


def actions(session: Session, period: Period, forces: Collection[int]) -> ReturnTable:
    _, counts = q.allegation_actions(session, period, forces)
    return _by_code(
        "actions.csv", "allegations", counts, AllegationAction, "Recorded as a note only"
    )


def reviews(session: Session, period: Period, forces: Collection[int]) -> ReturnTable:
    received = q.reviews_received(session, period, forces)
    decided = q.reviews_upheld(session, period, forces)
    rows = []
    for body in ReviewBody:
        count, upheld = decided.get(body.value, (0, 0))
        rows.append((body.value, received.get(body.value, 0), count, upheld))
    return ReturnTable("reviews.csv", ("review_body", "received", "decided", "upheld"), rows)


TABLES = (summary, allegations_by_category, recording, handling, results, actions, reviews)


def build(session: Session, period: Period, forces: Collection[int]) -> list[ReturnTable]:
    """Every table of the return, in the order the documentation gives them."""
    return [table(session, period, forces) for table in TABLES]


def zipped(tables: list[ReturnTable]) -> bytes:
    """The tables as one zip of CSV files, for sending to the IOPC."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            archive.writestr(table.filename, table.csv())
    return out.getvalue()
