"""How complaint cases were recorded and handled: Schedule 3 recording and handling types."""

from __future__ import annotations

from complaints.cases.choices import HandlingType, RecordingReason
from complaints.reports import queries as q
from complaints.reports.pack.context import Context, row_of
from complaints.reports.tables import Chart, Figure, MonthlyPack, Section, Table

NOT_RECORDED = "Not recorded"


def section(ctx: Context) -> Section:
    return Section("handling", "Recording and handling", (_recording(ctx), _handled(ctx)))


def _recording(ctx: Context) -> Table:
    recorded = ctx.each(q.recorded_by_reason)
    rows = [
        (
            "Recorded under Schedule 3, any reason",
            ctx.named(
                "recorded_share",
                [q.share(sum(r.values()), total, total=True) for total, r in recorded],
            ),
        ),
        *(
            (reason.label, [q.share(r.get(reason.value, 0), total) for total, r in recorded])
            for reason in RecordingReason
        ),
    ]
    return ctx.compared(
        "recording",
        "% of complaint cases logged that were recorded under Schedule 3, by reason",
        rows,
        (q.recorded_by_reason,),
        first="Reason",
    )


def _handled(ctx: Context) -> Table:
    types = ctx.each(q.handling_types)
    rows = [
        (h.label, ctx.parts("cases_finalised", [Figure(t.get(h.value, 0)) for t in types]))
        for h in HandlingType
    ]
    if any(t.get(None) for t in types):
        rows.append(
            (
                NOT_RECORDED,
                ctx.parts("cases_finalised", [Figure(t.get(None, 0)) for t in types]),
            )
        )
    return ctx.compared(
        "handling_types",
        "Complaint cases finalised, by handling type",
        rows,
        (q.handling_types,),
        first="Handling type",
        chart=Chart("hbar", (4,)),
    )


def summary(ctx: Context, pack: MonthlyPack) -> str:
    share = row_of(pack, "recording", "Recorded under Schedule 3, any reason")[0]
    if share.value is None or ctx.hidden(share):
        return ""
    return (
        f"{share.value:.0f}% of the complaint cases logged in {ctx.month.label} have "
        "been recorded under Schedule 3."
    )
