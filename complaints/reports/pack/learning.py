"""Learning raised, implemented, open and overdue, from the learning register."""

from __future__ import annotations

from complaints.reports import queries as q
from complaints.reports.pack.context import Context, row_of
from complaints.reports.tables import MonthlyPack, Section


def section(ctx: Context) -> Section:
    raised = ctx.named("learning_raised", ctx.each(q.learning_raised))
    done = ctx.named("learning_implemented", ctx.each(q.learning_implemented))
    open_ = ctx.at_ends(q.learning_open, "learning_open")
    overdue = ctx.at_ends(q.learning_overdue, "learning_overdue")
    rows = [
        ("Learning items raised", raised),
        ("Learning items implemented", done),
        ("Open at the end of the month", open_),
        ("Overdue at the end of the month", overdue),
    ]
    table = ctx.compared(
        "learning",
        "Learning raised, implemented and overdue",
        rows,
        (q.learning_raised, q.learning_implemented, q.learning_open, q.learning_overdue),
    )
    return Section("learning", "Learning", (table,))


def summary(ctx: Context, pack: MonthlyPack) -> str:
    raised = row_of(pack, "learning", "Learning items raised")[0]
    done = row_of(pack, "learning", "Learning items implemented")[0]
    overdue = row_of(pack, "learning", "Overdue at the end of the month")[0]
    return (
        f"In {ctx.month.label}, {ctx.count_words(raised, 'learning item')} "
        f"{ctx.was(raised)} raised and {ctx.count_words(done, 'item')} implemented; "
        f"{ctx.count_words(overdue, 'item')} {ctx.was(overdue)} overdue at the end "
        "of the month."
    )
