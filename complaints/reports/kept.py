"""A completed month's figures, computed once and kept until a change touches them.

A dashboard view of a month recomputed the whole pack (over a hundred statements, seconds
at national scale). A completed month's figures change only when a record they are made
from changes, so each process keeps the packs it has made, and every change that could
alter a force's figures for a month moves that force's stamp for that month
(``figure_stamps``) in the same transaction. A kept pack is used only while the stamps it
was made at still stand, so no process ever shows figures a committed change has altered.

Which months a change can touch: a case's figures fall between the day it was received
and today, so a change to a case, or to anything of the case's, touches its force's
months from then on (from the earlier date, when the received date itself changes); a
change to a force's other records (a lesson, a division) touches its months from the
record's earliest date, or every month when it has none; a change to the allegation
categories touches every force's months, and so does a change to a person's protected
characteristics or the workforce profile (they regroup every month's figures).
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from sqlalchemy import Date, event, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, SessionTransaction

from complaints.cases.deadlines import add_months
from complaints.cases.models import Case
from complaints.common.audit import case_id_of
from complaints.common.clock import london_today
from complaints.forces.models import Force
from complaints.reference.models import AllegationCategory
from complaints.reports.models import FigureStamp
from complaints.reports.tables import MonthlyPack, ReportSettings

EVERY_MONTH = dt.date(1, 1, 1)
KEEP = 64  # packs kept per process, the least recently used let go first
# Records that say nothing any figure is made from.
_IGNORED = frozenset(
    {
        "audit_events",
        "figure_stamps",
        "generated_reports",
        "board_reports",  # a report's sign-off and commentary: words, never figures
        "report_commentaries",
        "users",
        "force_memberships",
        "subjects",  # the people: figures count them through their cases
        "subject_identities",
        # Retention: when a case is due, its holds and its disposal record; what disposal
        # changes is chosen to leave every figure as it was (complaints.retention.disposal).
        "retention_rules",
        "retention_reviews",
        "legal_holds",
        "case_disposals",
    }
)

# Records that say which group a person is in: every month's disproportionality figures
# count them, whatever the record's own dates.
_EVERY_MONTH = frozenset({"subject_characteristics", "workforce_groups"})

_MOVED_KEY = "complaints.kept_moved"  # force -> earliest month moved in this transaction
_kept: OrderedDict[tuple, tuple[tuple, MonthlyPack]] = OrderedDict()
_derived: dict[tuple[int, Hashable], Any] = {}
_lock = threading.Lock()
T = TypeVar("T")


def kept_pack(
    session: Session,
    month: dt.date,
    settings: ReportSettings,
    make: Callable[[Session, dt.date, ReportSettings], MonthlyPack],
) -> MonthlyPack:
    """The pack ``make`` gives for a completed month, made once while nothing changes."""
    if session.info.get(_MOVED_KEY):
        # This transaction has changed figures it has not committed: a pack made from
        # them is no one else's, and would outlive a rollback. Made, and not kept.
        return make(session, month, settings)
    key = (month, repr(settings), make)
    stamps = _stamps(session, settings.forces, month)
    with _lock:
        found = _kept.get(key)
        if found is not None and found[0] == stamps:
            _kept.move_to_end(key)
            return found[1]
    pack = make(session, month, settings)
    with _lock:
        _kept[key] = (stamps, pack)
        _kept.move_to_end(key)
        while len(_kept) > KEEP:
            _kept.popitem(last=False)
    return pack


def derived(pack: MonthlyPack, key: Hashable, make: Callable[[], T]) -> T:
    """What ``make`` draws from this pack (its charts and tables as a reader sees them, its
    summary), made once for as long as the pack is kept: a kept month's dashboard then
    draws nothing again for each view. ``make`` must depend on the pack and ``key`` alone.
    """
    slot = (id(pack), key)
    with _lock:
        if slot in _derived:
            return _derived[slot]
    value = make()
    with _lock:
        if slot not in _derived:
            _derived[slot] = value
            # Let go with the pack, before its id can be another object's.
            weakref.finalize(pack, _derived.pop, slot, None)
        return _derived[slot]


def _stamps(session: Session, forces: Iterable[int], month: dt.date) -> tuple:
    """The stamps the pack depends on; a month no change has touched has none (0)."""
    rows = session.execute(
        select(FigureStamp.force_id, FigureStamp.month, FigureStamp.stamp).where(
            FigureStamp.force_id.in_(sorted(forces)),
            FigureStamp.month.in_((month, EVERY_MONTH)),
        )
    )
    return tuple(sorted(tuple(row) for row in rows))


def install(session_factory: Any) -> None:
    """Move the stamps in every flush of sessions made by this factory."""
    event.listen(session_factory, "after_flush", _after_flush)
    event.listen(session_factory, "after_transaction_end", _transaction_ended)
    event.listen(session_factory, "after_soft_rollback", _forget_moves)


def _transaction_ended(session: Session, transaction: SessionTransaction) -> None:
    """The session's transaction ended: what it moved is committed or undone, so the next
    change moves its stamps again. (A savepoint released keeps its moves in the
    transaction around it; a flush's own inner transaction is not the session's.)"""
    if transaction.parent is None:
        _forget_moves(session)


def _forget_moves(session: Session, *_: Any) -> None:
    """Forget what this transaction moved: after any rollback, a savepoint's included,
    whatever it moved may be undone."""
    session.info.pop(_MOVED_KEY, None)


def _after_flush(session: Session, _context: Any) -> None:
    touched: dict[int, dt.date] = {}
    for obj in (*session.new, *session.dirty, *session.deleted):
        name = getattr(obj, "__tablename__", None)
        if name is None or name in _IGNORED:
            continue
        if obj in session.dirty and not session.is_modified(obj, include_collections=False):
            continue
        for force_id, since in _months_touched(session, obj):
            touched[force_id] = min(since, touched.get(force_id, since))
    # A stamp moves once a transaction: its later flushes change the same months, and
    # no one sees the stamp until they are all committed together.
    moved = session.info.setdefault(_MOVED_KEY, {})
    fresh = {f: since for f, since in touched.items() if f not in moved or since < moved[f]}
    if fresh:
        _move(session, fresh, london_today())
        moved.update(fresh)


def _months_touched(session: Session, obj: Any) -> list[tuple[int, dt.date]]:
    """(force, first month touched) for each force whose figures this change may alter."""
    if isinstance(obj, AllegationCategory) or obj.__tablename__ == "category_groups":
        return [(f, EVERY_MONTH) for f in session.scalars(select(Force.id))]
    if isinstance(obj, Force):
        return [(obj.id, EVERY_MONTH)]
    if obj.__tablename__ in _EVERY_MONTH:
        return [(f, EVERY_MONTH) for f in _values(obj, "force_id")]
    case_id = case_id_of(obj)
    case = obj if isinstance(obj, Case) else session.get(Case, case_id) if case_id else None
    if case is not None:
        since = min([*_values(case, "received_on"), *_dates(obj)])
        return [(f, since) for f in _values(case, "force_id")]
    if hasattr(obj, "force_id"):
        dates = _dates(obj)
        return [(f, min(dates) if dates else EVERY_MONTH) for f in _values(obj, "force_id")]
    return []


def _values(obj: Any, key: str) -> list[Any]:
    """A column's value now and, if this flush changed it, before."""
    history = inspect(obj).attrs[key].history
    values = [*history.added, *history.unchanged, *history.deleted] or [getattr(obj, key)]
    return [v for v in values if v is not None]


def _dates(obj: Any) -> list[dt.date]:
    """Every date and time the row holds, now and before this flush."""
    found = []
    for attr in inspect(obj).mapper.column_attrs:
        if isinstance(attr.columns[0].type, Date) or attr.key.endswith("_at"):
            for value in _values(obj, attr.key):
                if isinstance(value, dt.datetime):
                    value = value.date()
                if isinstance(value, dt.date):
                    found.append(value)
    return found


def _move(session: Session, touched: dict[int, dt.date], today: dt.date) -> None:
    """Add one to each touched (force, month) stamp, making those not yet there."""
    rows = []
    last = today.replace(day=1)
    for force_id, since in touched.items():
        if since == EVERY_MONTH:
            rows.append({"force_id": force_id, "month": EVERY_MONTH})
            continue
        month = since.replace(day=1)
        while month <= last:
            rows.append({"force_id": force_id, "month": month})
            month = add_months(month, 1)
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(FigureStamp).values(rows)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[FigureStamp.force_id, FigureStamp.month],
            set_={"stamp": FigureStamp.stamp + 1},
        )
    )


def forget() -> None:
    """Let every kept pack go (tests; and after records were changed by hand in SQL)."""
    with _lock:
        _kept.clear()
        _derived.clear()
