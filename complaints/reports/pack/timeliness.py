"""How long complaints took to log, to first contact and to finalise, against targets."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from complaints.reports import queries as q
from complaints.reports.pack.context import COMPARISONS_NOTE, Context, row_of
from complaints.reports.tables import Cell, Figure, Kind, MonthlyPack, Section, Table


def section(ctx: Context) -> Section:
    tables = (_to_log(ctx), _to_contact(ctx), _to_finalise(ctx))
    return Section("timeliness", "Timeliness", tables)


def _to_log(ctx: Context) -> Table:
    to_log = ctx.named("working_days_to_log", ctx.each(q.working_days_to_log))
    rows = [
        _line(ctx, "Mean working days to log", to_log, "working_days_to_log"),
        _line(ctx, "Complaint cases logged", ctx.named("cases_logged", _bases(to_log))),
    ]
    return _table(ctx, "working_days_to_log", "Working days to log", q.working_days_to_log, rows)


def _to_contact(ctx: Context) -> Table:
    to_contact = ctx.named("working_days_to_contact", ctx.each(q.working_days_to_contact))
    contacted = ctx.named("cases_contacted", _bases(to_contact))
    rows = [
        _line(ctx, "Mean working days to first contact", to_contact, "working_days_to_contact"),
        _line(ctx, "Complaint cases first contacted", contacted),
    ]
    title = "Working days to first contact"
    return _table(ctx, "working_days_to_contact", title, q.working_days_to_contact, rows)


def _to_finalise(ctx: Context) -> Table:
    outside, under, excluding = ctx.finalise_times()
    rows = [
        _line(ctx, "Outside Schedule 3: mean days", outside, "days_to_finalise_outside_schedule_3"),
        _line(
            ctx,
            "Outside Schedule 3: cases finalised",
            ctx.parts("cases_finalised", _bases(outside)),
        ),
        _line(ctx, "Under Schedule 3: mean days", under, "days_to_finalise_under_schedule_3"),
        _line(
            ctx,
            "Under Schedule 3, excluding suspensions: mean days",
            excluding,
            "days_to_finalise_under_schedule_3_excluding_suspensions",
        ),
        _line(
            ctx,
            "Under Schedule 3: cases finalised",
            ctx.parts("cases_finalised", _bases(under)),
        ),
    ]
    return _table(ctx, "days_to_finalise", "Days to finalise", q.days_to_finalise, rows)


def _table(
    ctx: Context, key: str, title: str, measure: Callable, rows: list[tuple[Cell, ...]]
) -> Table:
    """A timeliness table: the measure over the month and its comparisons, then the target
    and the national comparator."""
    return Table(
        key=key,
        title=title,
        columns=("Measure", *ctx.headings, "Target", "National comparator"),
        rows=tuple(rows),
        definition=q.definition(measure),
        chart=None,
        note=COMPARISONS_NOTE,
    )


def _line(
    ctx: Context, label: str, figures: Sequence[Cell], target_key: str | None = None
) -> tuple[Cell, ...]:
    """A row of figures, with its target and comparator when it has them."""
    extra = ctx.target(target_key) if target_key else ("", "")
    return (label, *figures, *extra)


def _bases(figures: Sequence[Figure]) -> list[Figure]:
    return [Figure(f.base, Kind.COUNT) for f in figures]


def summary(ctx: Context, pack: MonthlyPack) -> str:
    parts = []
    log_days = ctx.days_words(
        row_of(pack, "working_days_to_log", "Mean working days to log")[0], "working days"
    )
    if log_days:
        parts.append(f"Complaints took a mean of {log_days} to log")
        goal = ctx.settings.targets.get("working_days_to_log")
        if goal is not None:
            parts[-1] += f" (target {goal:g})"
    contact_days = ctx.days_words(
        row_of(pack, "working_days_to_contact", "Mean working days to first contact")[0],
        "working days",
    )
    if contact_days:
        parts.append(f"{contact_days} to first contact")
    return (" and ".join(parts) + f" in {ctx.month.label}.") if parts else ""
