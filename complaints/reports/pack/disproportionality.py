"""Disproportionality: complainants' and subjects' groups, each against the rest.

Every table is over the 12 months ending with the month (a rolling year: a month alone
has too few of any group to compare). A row is one group of one question; groups too
small to compare (``disproportionality.MINIMUM_ANSWERS``) are left out. The counts, the
rate, the relative rate index and its interval are ordinary figures, so the circulated
version's small-number rules (``tables.protected``) hide a small count and every rate
or index resting on it; an index rests on four counts (the group's and the rest's), so
it carries the smallest of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from complaints.cases.choices import AllegationResult
from complaints.reports import queries as q
from complaints.reports.disproportionality import METHOD, Comparison, compare
from complaints.reports.pack.context import Context, measure_over
from complaints.reports.tables import Cell, Figure, Kind, MonthlyPack, Section, Table, suppressed

# "In group" is the rate's base (the table's title says of what), kept to short words so
# that seven columns fit a page's width without breaking a word.
INDEX_COLUMNS = ("Rate", "Relative rate index", "95% interval from", "95% interval to")
# The conduct outcomes compared: every row of the misconduct proceedings table but its
# total and the kinds of proceedings (those are 'referred to misconduct proceedings').
_PROCEEDINGS = {label for label, index, _ in q.CONDUCT_ROWS if index == 1}
OUTCOMES = tuple(label for label, index, _ in q.CONDUCT_ROWS[1:] if label not in _PROCEEDINGS)
SUBJECTS_DECIDED = q.CONDUCT_ROWS[0][0]
INDEX_NOTE = (
    "In group: the group's complainants, allegations or subjects that the title counts, with "
    "a known answer; the rate is the share of them counted in the next column, and the "
    "relative rate index sets it against the same rate for everyone else."
)


def section(ctx: Context) -> Section:
    tables = [*_complainant_tables(ctx), *_subject_tables(ctx)]
    # A measure no group was large enough for is left out, rather than shown empty.
    shown = tuple(t for t in tables if t.rows)
    return Section("disproportionality", "Disproportionality", shown)


# Complainants. ----------------------------------------------------------------------------


def _complainant_tables(ctx: Context) -> list[Table]:
    questions = q.EQUALITY_QUESTIONS
    groups = ctx.once(q.complainant_groups_by_question, ctx.periods.rolling)
    results = ctx.once(q.complainant_results_by_question, ctx.periods.rolling)
    share = _table(
        ctx,
        "disp_complaints",
        "Complainants' share of complaints",
        ("Complainants", "Share of known answers"),
        [(k, t, compare({g: (n, n) for g, (_, n) in groups[k].items()})) for k, t in questions],
        q.complainant_groups,
        shares_only=True,
        note="No index is given: the force holds no population by group to rate complaints "
        "against, so this is each group's share of the complainants whose answer is known.",
    )
    alleged = _table(
        ctx,
        "disp_discriminatory",
        "Complainants alleging discriminatory behaviour",
        ("In group", "Alleging it"),
        [(k, t, compare(groups[k])) for k, t in questions],
        q.complainant_groups,
    )
    by_result = [
        _table(
            ctx,
            f"disp_result_{result.value}",
            f"Allegations with the result \u2018{result.label.lower()}\u2019, by complainant",
            ("In group", result.label),
            [
                (k, t, compare({g: (c[result.value], c.total()) for g, c in results[k].items()}))
                for k, t in questions
            ],
            q.complainant_results,
        )
        for result in AllegationResult
    ]
    return [share, alleged, *by_result]


# Subjects. --------------------------------------------------------------------------------


def _subject_tables(ctx: Context) -> list[Table]:
    traits = q.CHARACTERISTICS
    named = {k: ctx.once(q.subjects_named, k, ctx.periods.rolling) for k, _ in traits}
    decided = {k: ctx.once(q.subject_outcomes, k, ctx.periods.rolling) for k, _ in traits}
    profiles = {k: ctx.once(q.workforce_profile, k) for k, _ in traits}
    per_100 = _table(
        ctx,
        "disp_subjects_per_100",
        "People complained about per 100 officers and staff",
        ("Officers and staff", "Complained about"),
        [
            (k, t, compare({g: (named[k].get(g, (0, 0, 0))[2], h) for g, h in profile.items()}))
            for k, t in traits
            if (profile := profiles[k])
        ],
        q.subjects_named,
        q.workforce_profile,
        per_100=True,
        note="Only where the force's workforce profile is entered: each group's people "
        "complained about (counted once however often) per 100 of its officers and staff.",
    )
    recorded = _table(
        ctx,
        "disp_recorded",
        "Subjects whose complaint was recorded under Schedule 3",
        ("In group", "Recorded"),
        [(k, t, compare({g: (r, n) for g, (n, r, _) in named[k].items()})) for k, t in traits],
        q.subjects_named,
    )
    outcomes = [
        _table(
            ctx,
            f"disp_conduct_{_slug(label)}",
            f"Subjects with a conduct outcome: {label.lower()}",
            ("In group", label),
            [
                (k, t, compare({g: (c[label], c[SUBJECTS_DECIDED]) for g, c in decided[k].items()}))
                for k, t in traits
            ],
            q.subject_outcomes,
        )
        for label in (q.REFERRED, *OUTCOMES)
    ]
    return [per_100, recorded, *outcomes]


# Tables. ----------------------------------------------------------------------------------


def _table(
    ctx: Context,
    key: str,
    title: str,
    counts: tuple[str, str],
    questions: Iterable[tuple[str, str, list[Comparison]]],
    *measures: Callable,
    shares_only: bool = False,
    per_100: bool = False,
    note: str = INDEX_NOTE,
) -> Table:
    """One measure's comparisons, a row for each group of each question compared."""
    rows: list[tuple[Cell, ...]] = []
    for question, title_of_question, compared in questions:
        whole = measure_over(f"{key}_{question}", ctx.periods.rolling)
        for c in compared:
            label = f"{title_of_question}: {c.group}"
            base = Figure(c.n1, part_of=f"{whole}/base")
            if shares_only:
                total = c.n1 + c.n2
                rows.append((label, base, q.share(c.n1, total)))
                continue
            counted = Figure(c.a, part_of=f"{whole}/counted")
            rows.append((label, base, counted, *_index(c, per_100)))
    columns = ("Group", *counts)
    if not shares_only:
        columns += ("Per 100" if per_100 else INDEX_COLUMNS[0], *INDEX_COLUMNS[1:])
    words = [q.definition(m) for m in measures] + ([] if shares_only else [METHOD])
    return Table(
        key=key,
        title=f"{title}, 12 months to {ctx.month.label}",
        columns=columns,
        rows=tuple(rows),
        definition=" ".join(words),
        note=note,
    )


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


def _index(c: Comparison, per_100: bool) -> tuple[Figure, Figure, Figure, Figure]:
    """The group's rate, and its relative rate index with the interval. The index rests on
    the group's and the rest's counts, so it carries the smallest of them (and the smaller
    base) for the small-number rules to judge."""
    if per_100:
        rate = Figure(100 * c.a / c.n1 if c.n1 else None, Kind.NUMBER, base=c.n1, part=c.a)
    else:
        rate = q.share(c.a, c.n1)
    ratio = c.ratio
    if ratio is None:
        return rate, Figure(None, Kind.RATIO), Figure(None, Kind.RATIO), Figure(None, Kind.RATIO)
    smallest = min(x for x in (c.a, c.b) if x > 0)
    base = min(c.n1, c.n2)

    def figure(value: float) -> Figure:
        return Figure(value, Kind.RATIO, base=base, part=smallest)

    return rate, figure(ratio.index), figure(ratio.lower), figure(ratio.upper)


def summary(ctx: Context, pack: MonthlyPack) -> str:
    """How many shown indices have an interval that leaves out 1: the same in both
    versions, as only indices the circulated version shows are counted."""
    threshold = ctx.settings.threshold
    section = pack.section("disproportionality")
    shown = [
        row
        for table in section.tables
        for row in table.rows
        if len(row) == 7
        and isinstance(row[5], Figure)
        and row[5].value is not None
        and not suppressed(row[5], threshold)
        and not suppressed(row[6], threshold)
    ]
    apart = sum(1 for row in shown if row[5].value > 1 or row[6].value < 1)
    if not shown:
        return (
            f"Over the 12 months to {ctx.month.label}, no group was large enough to compare "
            "with the rest in a figure the circulated version shows."
        )
    return (
        f"Over the 12 months to {ctx.month.label}, {len(shown):,} comparisons of a group "
        f"with the rest can be shown; in {apart:,} the 95% interval of the relative rate "
        "index leaves out 1 (a difference unlikely to be chance alone)."
    )
