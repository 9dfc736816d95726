"""Allegations logged by the IOPC's category groups, to show what complaints are about.

Groups are named, never coded: the letters (A, B ...) are the service's internal codes,
which mean nothing to the board or the public who read the report.
"""

from __future__ import annotations

from complaints.reports import queries as q
from complaints.reports.pack.context import Context, largest_row
from complaints.reports.tables import Chart, Figure, MonthlyPack, Section


def section(ctx: Context) -> Section:
    counts = ctx.each(q.allegations_by_category)
    groups = q.category_groups(ctx.session)
    rows = [
        (
            name,
            ctx.parts("allegations_logged", [Figure(c.get(code, 0)) for c in counts]),
        )
        for code, name in groups
    ]
    if any(c.get(None) for c in counts):
        rows.append(
            (
                "Legacy categories (before 2020)",
                ctx.parts("allegations_logged", [Figure(c.get(None, 0)) for c in counts]),
            )
        )
    table = ctx.compared(
        "allegation_categories",
        "Allegations logged, by category",
        rows,
        (q.allegations_by_category,),
        first="Category",
        chart=Chart("hbar", (4,)),
    )
    return Section("categories", "Allegation categories", (table,))


def summary(ctx: Context, pack: MonthlyPack) -> str:
    top = largest_row(pack, "allegation_categories", 4)
    if top is None or ctx.hidden(top[4]):  # naming it would rank the hidden figures
        return ""
    return (
        f"Over the 12 months to {ctx.month.label}, the largest group of allegations "
        f"was {top[0]} ({ctx.count_words(top[4], 'allegation')})."
    )
