"""Investigations open at the end of the month, and those 12 months or more after receipt."""

from __future__ import annotations

import datetime as dt

from complaints.investigations.models import InvestigationMode
from complaints.reports import queries as q
from complaints.reports.pack.context import Context, day_words, measure_at, row_of
from complaints.reports.tables import Cell, Figure, MonthlyPack, Section, Table


def section(ctx: Context) -> Section:
    as_at = ctx.as_at(ctx.month)
    by_mode = ctx.once(q.investigations_past_12_months, as_at)
    rows = [_line(as_at, m.label, *by_mode.get(m.value, (0, 0))) for m in InvestigationMode]
    open_all = sum(n for n, _ in by_mode.values())
    past_all = sum(p for _, p in by_mode.values())
    rows.append(_line(as_at, "All investigations", open_all, past_all, total=True))
    table = Table(
        key="investigations_past_12_months",
        title=f"Investigations open 12 months or more on {day_words(as_at)}",
        columns=(
            "Investigation",
            "Open investigations",
            "Open 12 months or more",
            "% open 12 months or more",
        ),
        rows=tuple(rows),
        definition=q.definition(q.investigations_past_12_months),
    )
    return Section("investigations", "Investigations", (table,))


def _line(as_at: dt.date, label: str, n: int, past: int, total: bool = False) -> tuple[Cell, ...]:
    """Investigations open and open 12 months or more; the totals state their measures."""
    return (
        label,
        Figure(n, total=total, measure=measure_at("investigations_open", as_at) if total else None),
        Figure(
            past,
            total=total,
            measure=measure_at("investigations_past_12_months", as_at) if total else None,
        ),
        q.share(past, n, total=total),
    )


def summary(ctx: Context, pack: MonthlyPack) -> str:
    opened, past = row_of(pack, "investigations_past_12_months", "All investigations")[:2]
    return (
        f"On {day_words(ctx.as_at(ctx.month))}, {ctx.count_words(opened, 'investigation')} "
        f"{ctx.was(opened)} open; {ctx.count_words(past, 'investigation')} "
        f"{ctx.was(past)} for a case received 12 months or more before."
    )
