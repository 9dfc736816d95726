"""The month at a glance: the headline measures, each stated again in its own section."""

from __future__ import annotations

from complaints.reports import queries as q
from complaints.reports.pack.context import COMPARISONS_NOTE, Context, measure_at, row_of
from complaints.reports.tables import Figure, MonthlyPack, Section, Table


def section(ctx: Context) -> Section:
    rows = [*_volumes(ctx), *_timeliness(ctx), *_recording_and_reviews(ctx), *_at_month_end(ctx)]
    table = ctx.compared(
        "headlines",
        "The month at a glance",
        rows,
        (),
        note=COMPARISONS_NOTE + " Each measure is defined with its own table. "
        "Figures at the end of a month have no 12-month value; overdue updates are "
        "counted as cases stand now, so only for the month reported on.",
    )
    table = _with_definition(
        table,
        "The headline measures, each defined with its table: cases and allegations "
        "logged, cases finalised, working days to log and to first contact, days to "
        "finalise, recording under Schedule 3, reviews, open cases, investigations past "
        "12 months, updates overdue and learning overdue. " + q.RESTRICTED_NOTE + _forces_note(ctx),
    )
    return Section("headlines", "Headlines", (table,))


def _volumes(ctx: Context) -> list[tuple[str, list[Figure]]]:
    return [
        ("Complaint cases logged", ctx.named("cases_logged", ctx.each(q.cases_logged))),
        ("Allegations logged", ctx.named("allegations_logged", ctx.each(q.allegations_logged))),
        ("Complaint cases finalised", ctx.named("cases_finalised", ctx.each(q.cases_finalised))),
    ]


def _timeliness(ctx: Context) -> list[tuple[str, list[Figure]]]:
    to_log = ctx.named("working_days_to_log", ctx.each(q.working_days_to_log))
    to_contact = ctx.named("working_days_to_contact", ctx.each(q.working_days_to_contact))
    outside, under, excluding = ctx.finalise_times()
    return [
        ("Mean working days to log", to_log),
        ("Mean working days to first contact", to_contact),
        ("Mean days to finalise, outside Schedule 3", outside),
        ("Mean days to finalise, under Schedule 3", under),
        ("Mean days to finalise, under Schedule 3, excluding suspensions", excluding),
    ]


def _recording_and_reviews(ctx: Context) -> list[tuple[str, list[Figure]]]:
    recorded = ctx.named(
        "recorded_share",
        [
            q.share(sum(by_reason.values()), total)
            for total, by_reason in ctx.each(q.recorded_by_reason)
        ],
    )
    received = ctx.named(
        "reviews_received", [Figure(sum(r.values())) for r in ctx.each(q.reviews_received)]
    )
    upheld = ctx.named(
        "reviews_upheld_share",
        [
            q.share(sum(u for _, u in r.values()), sum(n for n, _ in r.values()))
            for r in ctx.each(q.reviews_upheld)
        ],
    )
    return [
        ("% of complaint cases logged recorded under Schedule 3", recorded),
        ("Valid reviews received", received),
        ("% of reviews decided that were upheld", upheld),
    ]


def _at_month_end(ctx: Context) -> list[tuple[str, list[Figure]]]:
    past_12 = ctx.at_ends(
        lambda s, d, forces: Figure(
            sum(p for _, p in ctx.once(q.investigations_past_12_months, d).values())
        ),
        "investigations_past_12_months",
    )
    as_at = ctx.as_at(ctx.month)
    overdue = [
        Figure(
            sum(ctx.once(q.updates_overdue, as_at).values()),
            measure=measure_at("updates_overdue", as_at),
        ),
        Figure(None),
        Figure(None),
        Figure(None),
    ]
    return [
        ("Open cases at the end of the month", ctx.at_ends(q.open_cases, "open_cases")),
        ("Investigations open 12 months or more at the end of the month", past_12),
        ("Complainant updates overdue", overdue),
        (
            "Learning items overdue at the end of the month",
            ctx.at_ends(q.learning_overdue, "learning_overdue"),
        ),
    ]


def _forces_note(ctx: Context) -> str:
    """What a combined pack counts, said where its definitions start; nothing for one force."""
    names = ctx.settings.combined
    if not names:
        return ""
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    targets = (
        "the forces' timeliness targets, which are the same for each"
        if ctx.settings.targets
        else "no timeliness targets, because the forces' targets differ"
    )
    return (
        f" This pack counts the cases of {len(names)} forces together ({listed}): every "
        f"figure is their combined figure, and it shows {targets}."
    )


def _with_definition(table: Table, text: str) -> Table:
    return Table(table.key, table.title, table.columns, table.rows, text, table.chart, table.note)


def summary(ctx: Context, pack: MonthlyPack) -> str:
    logged = row_of(pack, "headlines", "Complaint cases logged")
    allegations = row_of(pack, "headlines", "Allegations logged")
    finalised = row_of(pack, "headlines", "Complaint cases finalised")
    return (
        f"In {ctx.month.label}, {ctx.count_words(logged[0], 'complaint case')} "
        f"{ctx.was(logged[0])} logged, against "
        f"{ctx.count_words(logged[1], 'case')} in {ctx.periods.previous.label} and "
        f"{ctx.count_words(logged[2], 'case')} in {ctx.periods.last_year.label}; "
        f"{ctx.count_words(allegations[0], 'allegation')} {ctx.was(allegations[0])} "
        f"logged (on new cases or added to earlier ones) and "
        f"{ctx.count_words(finalised[0], 'case')} {ctx.was(finalised[0])} finalised."
    )
