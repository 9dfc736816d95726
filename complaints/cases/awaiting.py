"""Whether each case waits for the appropriate authority's decision, kept on the case.

"Decisions waiting" holds a case exactly when the case page offers the authority one of
its decision steps, so the queue's rule is the workflow's own guards written as SQL
(``queues.decision_rule``). Evaluated over a force's thousands of cases in deciding
states it reads their allegations, subjects and reviews, some 40 ms a statement at
national scale, and a page of the queue takes two (the page and its count). So the rule's
answer for the appropriate authority is stored in ``cases.awaits_decision``, under a
partial index, and the queue reads that.

The answer is kept by the rule itself, in one place: at the end of every flush that wrote
a row of a table the rule reads (a case's state or type, an allegation's result, a
subject, a conduct decision, a review), the rule is evaluated in SQL for the cases those
rows belong to and the stored answer corrected where it differs. Which tables and columns
those are is read from the rule's SQL, so a guard that comes to read something new is
watched without anyone listing it. Writes that bypass the session's flush (the legacy
import's bulk inserts, the benchmark datasets' COPY) call ``refresh`` when they are done.
A change to the rule itself must come with a migration that refreshes every case, as
0041 filled them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, and_, event, inspect, not_, select, true
from sqlalchemy import update as update_rows
from sqlalchemy.orm import Session, attributes
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import ColumnClause

from complaints.auth.roles import Role
from complaints.cases.models import Case, CaseSubject
from complaints.common.actor import Actor

# The rule's answer depends on the actor's role alone for an appropriate authority: which
# of them is asking only narrows it to the forces they decide for (the queue's filter).
AUTHORITY = Actor(user_id=None, role=Role.APPROPRIATE_AUTHORITY, name="Appropriate authority")
_PENDING_KEY = "complaints.awaiting_cases"
_BATCH = 500  # case ids per statement


@cache
def rule() -> ColumnElement[bool]:
    """The definition: does the case wait for the appropriate authority's decision?

    Built once per process: the rule takes no date or person (``workflow.offered``), and
    rebuilding it after every flush cost a seventh of the time of writing a case."""
    from complaints.cases.queues import decision_rule  # the queues read the stored answer

    return decision_rule(AUTHORITY)


@cache
def read_by_rule() -> dict[str, frozenset[str]]:
    """The tables the rule reads, each with the columns it reads of it."""
    read: dict[str, set[str]] = {}
    for element in visitors.iterate(rule()):
        if isinstance(element, ColumnClause) and isinstance(element.table, Table):
            read.setdefault(element.table.name, set()).add(element.name)
    return {name: frozenset(columns) for name, columns in read.items()}


# How a row of a table the rule reads leads to its cases, where the row has no case_id:
# the column of case_subjects that the row's own column matches.
_THROUGH_CASE_SUBJECTS = {
    "conduct_outcomes": (CaseSubject.id, "case_subject_id"),
    "subjects": (CaseSubject.subject_id, "id"),
}


def unreachable_tables() -> set[str]:
    """Tables the rule reads whose rows this module cannot trace to their cases (a test
    keeps this empty)."""
    return {
        name
        for name in read_by_rule()
        if name != "cases"
        and name not in _THROUGH_CASE_SUBJECTS
        and "case_id" not in Case.metadata.tables[name].c
    }


def refresh(bind: Session | Connection, case_ids: Iterable[int] | None = None) -> int:
    """Store the rule's answer on these cases (every case, if None) where it differs from
    what is stored; how many changed. For writes the flush does not see."""
    connection = bind.connection() if isinstance(bind, Session) else bind
    table = Case.__table__
    if case_ids is None:
        return _store(connection, true())
    ids = sorted(set(case_ids))
    changed = 0
    for start in range(0, len(ids), _BATCH):
        changed += _store(connection, table.c.id.in_(ids[start : start + _BATCH]))
    return changed


def _store(connection: Connection, which: ColumnElement[bool]) -> int:
    """Two set-based statements: mark the cases the rule holds for, unmark the rest."""
    table = Case.__table__
    holds = rule()
    changed = 0
    marked = table.c.awaits_decision == true()
    for value, differs in ((True, and_(holds, not_(marked))), (False, and_(marked, not_(holds)))):
        result = connection.execute(
            update_rows(table).where(which, differs).values(awaits_decision=value)
        )
        changed += result.rowcount or 0
    return changed


def install(session_factory: Any) -> None:
    """Keep the stored answer in every flush of sessions made by this factory."""
    event.listen(session_factory, "after_flush", _note_cases)
    event.listen(session_factory, "after_flush_postexec", _settle)


def _note_cases(session: Session, _context: Any) -> None:
    """Which cases this flush may have changed the answer for (the unit of work still
    shows what it wrote)."""
    read = read_by_rule()
    direct: set[int] = set()
    through: dict[str, set[Any]] = {}
    for obj in (*session.new, *session.dirty, *session.deleted):
        name = getattr(obj, "__tablename__", None)
        columns = read.get(name) if name else None
        if columns is None:
            continue
        if obj in session.dirty and not _changed(obj, columns):
            continue
        if name == "cases":
            if obj not in session.deleted:
                direct.add(obj.id)
        elif name in _THROUGH_CASE_SUBJECTS:
            through.setdefault(name, set()).update(_values(obj, _THROUGH_CASE_SUBJECTS[name][1]))
        else:
            direct.update(_values(obj, "case_id"))
    for name, values in through.items():
        column = _THROUGH_CASE_SUBJECTS[name][0]
        direct.update(
            session.connection().scalars(
                select(CaseSubject.case_id).where(column.in_(sorted(values)))
            )
        )
    if direct:
        session.info.setdefault(_PENDING_KEY, set()).update(direct)


def _settle(session: Session, _context: Any) -> None:
    """Evaluate the rule for the noted cases, store it where it changed, and tell the
    session's own copies of those cases."""
    ids = session.info.pop(_PENDING_KEY, None)
    if not ids:
        return
    connection = session.connection()
    found: dict[int, bool] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), _BATCH):
        chunk = ordered[start : start + _BATCH]
        rows = connection.execute(
            select(Case.id, Case.awaits_decision, rule()).where(Case.id.in_(chunk))
        )
        found.update({row[0]: bool(row[2]) for row in rows if bool(row[1]) != bool(row[2])})
    for value in (True, False):
        changed = sorted(case_id for case_id, now in found.items() if now is value)
        if changed:
            connection.execute(
                update_rows(Case.__table__)
                .where(Case.__table__.c.id.in_(changed))
                .values(awaits_decision=value)
            )
    for case_id, value in found.items():
        case = session.identity_map.get(inspect(Case).identity_key_from_primary_key((case_id,)))
        if case is not None:
            attributes.set_committed_value(case, "awaits_decision", value)


def _changed(obj: Any, columns: frozenset[str]) -> bool:
    """Did this flush change a column of the row that the rule reads?"""
    state = inspect(obj)
    return any(
        state.attrs[attr.key].history.has_changes()
        for attr in state.mapper.column_attrs
        if attr.columns[0].name in columns
    )


def _values(obj: Any, key: str) -> list[Any]:
    """A column's value now and, if this flush changed it, before."""
    history = inspect(obj).attrs[key].history
    values = [*history.added, *history.unchanged, *history.deleted] or [getattr(obj, key)]
    return [v for v in values if v is not None]
