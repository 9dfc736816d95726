"""What came of the allegations on cases finalised: their results and the actions taken."""

from __future__ import annotations

from complaints.cases.allegations import AllegationAction
from complaints.cases.choices import AllegationResult
from complaints.reports import queries as q
from complaints.reports.pack.context import Context, table_of
from complaints.reports.tables import Chart, Figure, MonthlyPack, Section


def section(ctx: Context) -> Section:
    results = ctx.each(q.allegation_results)
    result_rows = [
        (r.label, [Figure(x.get(r.value, 0)) for x in results]) for r in AllegationResult
    ]
    if any(x.get(None) for x in results):
        result_rows.append(("No result recorded", [Figure(x.get(None, 0)) for x in results]))
    actions = ctx.each(q.allegation_actions)
    action_rows = [
        (a.label, [Figure(x.get(a.value, 0)) for _, x in actions]) for a in AllegationAction
    ]
    if any(x.get(None) for _, x in actions):
        action_rows.append(
            ("Recorded as a note only", [Figure(x.get(None, 0)) for _, x in actions])
        )
    tables = (
        ctx.compared(
            "allegation_results",
            "Results of allegations on complaint cases finalised",
            result_rows,
            (q.allegation_results,),
            first="Result",
            chart=Chart("hbar", (4,)),
        ),
        ctx.compared(
            "allegation_actions",
            "Actions taken on allegations on complaint cases finalised",
            action_rows,
            (q.allegation_actions,),
            first="Action",
            chart=Chart("hbar", (4,)),
        ),
    )
    return Section("outcomes", "Outcomes and actions", tables)


def summary(ctx: Context, pack: MonthlyPack) -> str:
    finalised = ctx.whole(row[1] for row in table_of(pack, "allegation_results").rows)
    if not finalised.value:
        return f"No allegations were finalised in {ctx.month.label}."
    return (
        f"{ctx.count_words(finalised, 'allegation')} on complaint cases finalised in "
        f"{ctx.month.label} {'has' if ctx.was(finalised) == 'was' else 'have'} a "
        "result."
    )
