"""Cases and allegations month by month over two years, to show the direction of travel."""

from __future__ import annotations

import datetime as dt

from complaints.cases.deadlines import add_months
from complaints.reports import queries as q
from complaints.reports.pack.context import Context, measure_over, row_of, table_of
from complaints.reports.periods import Period, months
from complaints.reports.tables import Chart, Figure, MonthlyPack, Section, Table

TREND_MONTHS = 24


def section(ctx: Context) -> Section:
    span = tuple(months(_months_before(ctx.month.start, TREND_MONTHS - 1), TREND_MONTHS))
    logged = ctx.once(q.monthly_cases_logged, span)
    allegations = ctx.once(q.monthly_allegations_logged, span)
    finalised = ctx.once(q.monthly_cases_finalised, span)
    rolling = ctx.periods.rolling

    def figure(name: str, n: int, m: Period) -> Figure:
        whole = measure_over(name, rolling) if m.start >= rolling.start else None
        return Figure(n, measure=measure_over(name, m), part_of=whole)

    rows = tuple(
        (
            m.start.strftime("%b %Y"),
            figure("cases_logged", a, m),
            figure("allegations_logged", b, m),
            figure("cases_finalised", c, m),
        )
        for m, a, b, c in zip(span, logged, allegations, finalised, strict=True)
    )
    table = Table(
        key="trends",
        title=f"Cases and allegations over the {TREND_MONTHS} months to {ctx.month.label}",
        columns=("Month", "Complaint cases logged", "Allegations logged", "Cases finalised"),
        rows=rows,
        definition=" ".join(
            q.definition(m) for m in (q.cases_logged, q.allegations_logged, q.cases_finalised)
        ),
        chart=Chart("line", (1, 2, 3)),
    )
    return Section("trends", "Trends", (table,))


def _months_before(day: dt.date, n: int) -> dt.date:
    return add_months(day, -n)


def summary(ctx: Context, pack: MonthlyPack) -> str:
    first = ctx.whole(row[1] for row in table_of(pack, "trends").rows[:12])
    last = row_of(pack, "headlines", "Complaint cases logged")[3]
    return (
        f"{ctx.count_words(last, 'complaint case')} were logged in the 12 months to "
        f"{ctx.month.label}, against {ctx.count_words(first, 'case')} in the 12 "
        "months before."
    )
