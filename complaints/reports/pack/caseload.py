"""The open caseload at the end of the month: cases by age and complainant updates overdue."""

from __future__ import annotations

import datetime as dt

from complaints.reports import queries as q
from complaints.reports.pack.context import Context, day_words, measure_at, row_of
from complaints.reports.tables import Chart, Figure, MonthlyPack, Section, Table


def section(ctx: Context) -> Section:
    as_at = ctx.as_at(ctx.month)
    return Section("caseload", "Open caseload", (_by_age(ctx, as_at), _overdue(ctx, as_at)))


def _by_age(ctx: Context, as_at: dt.date) -> Table:
    ages = ctx.once(q.open_cases_by_age, as_at)
    total = sum(ages.values())
    return Table(
        key="open_by_age",
        title=f"Open cases by age on {day_words(as_at)}",
        columns=("Time since received", "Open cases", "% of open cases"),
        rows=(
            *(
                (label, Figure(ages.get(label, 0)), q.share(ages.get(label, 0), total))
                for _, label in q.AGE_BANDS
            ),
            (
                "All open cases",
                Figure(total, total=True, measure=measure_at("open_cases", as_at)),
                q.share(total, total, total=True),
            ),
        ),
        definition=q.definition(q.open_cases_by_age),
        chart=Chart("bar", (1,)),
    )


def _overdue(ctx: Context, as_at: dt.date) -> Table:
    late = ctx.once(q.updates_overdue, as_at)
    return Table(
        key="updates_overdue",
        title=f"Complainant updates overdue on {day_words(as_at)}",
        columns=("How late", "Cases"),
        rows=(
            *((label, Figure(late.get(label, 0))) for _, label in q.LATENESS_BANDS),
            (
                "All overdue",
                Figure(
                    sum(late.values()), total=True, measure=measure_at("updates_overdue", as_at)
                ),
            ),
        ),
        definition=q.definition(q.updates_overdue),
    )


def summary(ctx: Context, pack: MonthlyPack) -> str:
    as_at = ctx.as_at(ctx.month)
    open_ = row_of(pack, "open_by_age", "All open cases")[0]
    overdue = row_of(pack, "updates_overdue", "All overdue")[0]
    return (
        f"On {day_words(as_at)}, {ctx.count_words(open_, 'case')} {ctx.was(open_)} open "
        f"and {ctx.count_words(overdue, 'complainant update')} {ctx.was(overdue)} "
        "overdue."
    )
