"""What every section of the monthly pack shares: the month, its measures and their words."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import replace

from sqlalchemy.orm import Session

from complaints.reports import queries as q
from complaints.reports.periods import Comparisons, Period
from complaints.reports.tables import (
    Cell,
    Chart,
    Figure,
    Kind,
    MonthlyPack,
    ReportSettings,
    Table,
    suppressed,
)

COMPARISONS_NOTE = (
    "Each measure is given for the month, the month before, the same month a year before "
    "and the 12 months ending with the month."
)


def measure_over(name: str, period: Period) -> str:
    """The measure of a quantity taken over a period."""
    return f"{name}:{period.start.isoformat()}/{period.end.isoformat()}"


def measure_at(name: str, day: dt.date) -> str:
    """The measure of a quantity taken at the end of a day."""
    return f"{name}@{day.isoformat()}"


def as_sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def table_of(pack: MonthlyPack, key: str) -> Table:
    """A table as the protected pack holds it, for a summary to word."""
    return next(t for t in pack.tables if t.key == key)


def row_of(pack: MonthlyPack, table: str, label: str) -> tuple[Figure, ...]:
    """A row's figures as the protected pack holds them, for a summary to word."""
    return next(r for r in table_of(pack, table).rows if r[0] == label)[1:]


def largest_row(pack: MonthlyPack, table: str, column: int) -> tuple[Cell, ...] | None:
    """The row of a table with the largest figure in a column, if that figure is not 0."""
    top = max(table_of(pack, table).rows, key=lambda r: r[column].value or 0, default=None)
    return top if top and top[column].value else None


def day_words(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


class Context:
    """The month reported on, its comparisons and settings, and the measures worked out."""

    def __init__(
        self, session: Session, periods: Comparisons, settings: ReportSettings, today: dt.date
    ) -> None:
        self.session = session
        self.periods = periods
        self.settings = settings
        self.forces = settings.forces  # every measure counts these forces' cases only
        self.today = today
        self.headings = periods.headings
        self.month = periods.month
        self.memo: dict[tuple, object] = {}
        # Which version the summaries are worded for: the full one states every figure,
        # the circulated one only those its tables show (``wording``).
        self.circulated = False

    def wording(self, *, circulated: bool) -> Context:
        """This context, wording summaries for the full or the circulated version; the
        measures worked out are shared."""
        other = copy.copy(self)
        other.circulated = circulated
        return other

    def hidden(self, figure: Figure) -> bool:
        """Is the figure withheld in the version being worded?"""
        return self.circulated and suppressed(figure, self.settings.threshold)

    # Measures. ---------------------------------------------------------------------------

    def as_at(self, period: Period) -> dt.date:
        return min(period.last_day, self.today)

    def each(self, measure: Callable[[Session, Period, Collection[int]], object]) -> list:
        """A measure over the month and its three comparisons, in the order of headings;
        each worked out once, though headlines and sections both show it."""
        return [self.once(measure, period) for period in self.periods.all]

    def once(self, measure: Callable, *args):
        """``measure(session, *args, forces)``, worked out once: the one place a measure is
        given the forces the pack counts."""
        key = (measure, *args)
        if key not in self.memo:
            self.memo[key] = measure(self.session, *args, self.forces)
        return self.memo[key]

    def at_ends(
        self, measure: Callable[[Session, dt.date, Collection[int]], Figure], name: str
    ) -> list[Figure]:
        """A figure at a date: the end of each month compared; none for the 12 months."""
        p = self.periods
        return [
            *(
                replace(self.once(measure, d), measure=measure_at(name, d))
                for d in (self.as_at(x) for x in (p.month, p.previous, p.last_year))
            ),
            Figure(None),
        ]

    def named(self, name: str, figures: Sequence[Figure]) -> list[Figure]:
        """Figures over the month and its comparisons, each given the quantity it states."""
        return [
            replace(f, measure=measure_over(name, period))
            for f, period in zip(figures, self.periods.all, strict=True)
        ]

    def parts(self, name: str, figures: Sequence[Figure]) -> list[Figure]:
        """Figures over the month and its comparisons, each one part of a named quantity."""
        return [
            replace(f, part_of=measure_over(name, period))
            for f, period in zip(figures, self.periods.all, strict=True)
        ]

    def finalise_times(self) -> tuple[list[Figure], list[Figure], list[Figure]]:
        """Mean days to finalise outside Schedule 3, under it, and under it excluding
        suspensions, as the headlines and the timeliness section both state them."""
        finalise = self.each(q.days_to_finalise)
        return (
            self.named("days_outside", [f.outside_schedule_3 for f in finalise]),
            self.named("days_under", [f.under_schedule_3 for f in finalise]),
            self.named(
                "days_under_excluding",
                [f.under_schedule_3_excluding_suspensions for f in finalise],
            ),
        )

    def compared(
        self,
        key: str,
        title: str,
        rows: Iterable[tuple[str, Sequence[Figure]]],
        measures: Sequence[Callable],
        *,
        first: str = "Measure",
        chart: Chart | None = None,
        note: str = COMPARISONS_NOTE,
    ) -> Table:
        return Table(
            key=key,
            title=title,
            columns=(first, *self.headings),
            rows=tuple((label, *figures) for label, figures in rows),
            definition=" ".join(q.definition(m) for m in measures),
            chart=chart,
            note=note,
        )

    def target(self, key: str) -> tuple[Figure, Figure]:
        return (
            Figure(self.settings.targets.get(key), Kind.NUMBER),
            Figure(self.settings.comparators.get(key), Kind.NUMBER),
        )

    # Words. ------------------------------------------------------------------------------

    def count_words(self, figure: Figure, noun: str, plural: str | None = None) -> str:
        """'12 cases', 'no cases', or in the circulated version 'a number of cases' where
        its tables withhold the count: never how small, which the one marker hides too."""
        plural = plural or noun + "s"
        if figure.value is None:
            return f"no {plural}"
        value = int(figure.value)
        if self.hidden(figure):
            return f"a number of {plural}"
        if value == 0:
            return f"no {plural}"
        return f"{value:,} {noun if value == 1 else plural}"

    def whole(self, parts: Iterable[Cell]) -> Figure:
        """The sum of a table's parts for a summary: in the circulated version withheld when
        any part is hidden, since the whole they add up to may be withheld too (the
        disclosure check withholds wholes that would pin their hidden parts)."""
        figures = [p for p in parts if isinstance(p, Figure) and p.value is not None]
        whole = Figure(sum(int(p.value) for p in figures))
        if any(p.value and self.hidden(p) for p in figures):
            return replace(whole, withheld=True)
        return whole

    def was(self, figure: Figure) -> str:
        """The verb for a count as the summary words it: 'a number of cases were'."""
        return "was" if figure.value == 1 and not self.hidden(figure) else "were"

    def days_words(self, figure: Figure, unit: str) -> str | None:
        if figure.value is None or self.hidden(figure):
            return None
        return f"{figure.value:.1f} {unit}"
