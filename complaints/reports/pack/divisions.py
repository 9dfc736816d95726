"""Complaints by the division or department they arose in, to show where they come from."""

from __future__ import annotations

from complaints.reports import queries as q
from complaints.reports.pack.context import Context, day_words, largest_row, measure_over
from complaints.reports.tables import Chart, Figure, MonthlyPack, Section, Table


def section(ctx: Context) -> Section:
    month = ctx.once(q.by_division, ctx.month)
    rolling = ctx.once(q.by_division, ctx.periods.rolling)
    as_at = ctx.as_at(ctx.month)
    open_ = ctx.once(q.open_by_division, as_at)
    names: list[str | None] = list(ctx.once(q.division_names))
    if any(None in d for d in (month, rolling, open_)):
        names.append(None)
    empty = q.DivisionFigures()
    in_month = measure_over("cases_logged", ctx.month)
    cases, allegations = (
        measure_over(m, ctx.periods.rolling) for m in ("cases_logged", "allegations_logged")
    )
    rows = tuple(
        (
            name or "No division recorded",
            Figure(month.get(name, empty).cases, part_of=in_month),
            Figure(rolling.get(name, empty).cases, part_of=cases),
            Figure(rolling.get(name, empty).allegations, part_of=allegations),
            Figure(open_.get(name, 0)),
        )
        for name in names
    )
    table = Table(
        key="divisions",
        title="Complaints by division or department",
        columns=(
            "Division or department",
            f"Cases logged, {ctx.month.label}",
            f"Cases logged, {ctx.headings[3]}",
            f"Allegations logged, {ctx.headings[3]}",
            f"Open complaints on {day_words(as_at)}",
        ),
        rows=rows,
        definition=" ".join(q.definition(m) for m in (q.by_division, q.open_by_division)),
        chart=Chart("hbar", (2,)),
    )
    return Section("divisions", "Divisions", (table,))


def summary(ctx: Context, pack: MonthlyPack) -> str:
    busiest = largest_row(pack, "divisions", 2)
    if busiest is None or ctx.hidden(busiest[2]):  # naming it would rank the hidden ones
        return ""
    return (
        f"Over the 12 months to {ctx.month.label}, most complaint cases arose in "
        f"{busiest[0]} ({ctx.count_words(busiest[2], 'case')})."
    )
