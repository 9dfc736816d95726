"""Conduct outcomes and misconduct proceedings decided for the subjects of cases."""

from __future__ import annotations

from complaints.reports import queries as q
from complaints.reports.pack.context import Context, row_of
from complaints.reports.tables import Figure, MonthlyPack, Section

SUBJECTS = q.CONDUCT_ROWS[0][0]  # the first row: every subject with a conduct outcome
DECIDED = {"Case to answer", "No case to answer"}  # every subject has one or other


def section(ctx: Context) -> Section:
    outcomes = ctx.each(q.conduct_outcomes)

    def figures(label: str) -> list[Figure]:
        counts = [Figure(o[label], total=label == SUBJECTS) for o in outcomes]
        if label == SUBJECTS:
            return ctx.named("conduct_subjects", counts)
        return ctx.parts("conduct_subjects", counts) if label in DECIDED else counts

    rows = [(label, figures(label)) for label, _, _ in q.CONDUCT_ROWS]
    table = ctx.compared(
        "conduct_outcomes",
        "Conduct outcomes and misconduct proceedings",
        rows,
        (q.conduct_outcomes,),
    )
    return Section("proceedings", "Misconduct proceedings", (table,))


def summary(ctx: Context, pack: MonthlyPack) -> str:
    decided = row_of(pack, "conduct_outcomes", SUBJECTS)[3]
    return (
        f"Over the 12 months to {ctx.month.label}, conduct outcomes were decided for "
        f"{ctx.count_words(decided, 'subject')}."
    )
