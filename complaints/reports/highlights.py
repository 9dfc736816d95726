"""The executive summary: the few things in a month's pack that matter, chosen by rule.

Nothing here is picked by hand. From the protected pack (``tables.protected``), in order:

1. measures outside the force's target, rated red or amber (``rating``);
2. counts that changed significantly against the previous month, the same month a year
   before or the rest of the 12 months (``poisson_rate_test`` at 95%), so that noise is
   not reported as change;
3. investigations open 12 months or more, with how long the oldest has been open;
4. learning overdue;

then, while there are fewer than ``FEWEST`` items, the measures that met their target.
There are never more than ``MOST``: significant changes give way, least significant
first, to the other kinds.

The circulated version is chosen from what the circulated tables show: a figure hidden
there (suppressed or withheld) takes no part in choosing or wording an item, so the
summary can never give a hidden count back, or hint at one by what it leaves out.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from complaints.reports.periods import comparisons
from complaints.reports.tables import Figure, MonthlyPack, Table, show, suppressed

FEWEST, MOST = 5, 8
SIGNIFICANCE = 0.05  # a change is reported when the test's two-sided p-value is below this
AMBER_MARGIN = 0.10  # a measure within 10% over its target is amber; further over, red

# The counts over a period the headlines give, and the section each is shown in.
CHANGE_ROWS = {
    "Complaint cases logged": "trends",
    "Allegations logged": "trends",
    "Complaint cases finalised": "trends",
    "Valid reviews received": "reviews",
}
INVESTIGATIONS = ("investigations_past_12_months", "All investigations")
LEARNING = ("learning", "Overdue at the end of the month")


def poisson_rate_test(x1: int, t1: float, x2: int, t2: float) -> float:
    """The two-sided p-value of the exact conditional test that two Poisson counts have
    the same rate: ``x1`` events over an exposure ``t1`` (say, days) and ``x2`` over
    ``t2``.

    Given ``n = x1 + x2`` events, under equal rates ``x1`` is binomial with ``n`` trials
    and probability ``t1 / (t1 + t2)`` (Przyborowski and Wilenski, 1940). The p-value is
    the probability, under that binomial, of every outcome no more likely than the one
    seen (the "minimum likelihood" two-sided rule of R's ``binom.test`` and
    ``poisson.test``). With no events there is no evidence of a change: 1.
    """
    if x1 < 0 or x2 < 0 or t1 <= 0 or t2 <= 0:
        raise ValueError("counts must be 0 or more and exposures more than 0")
    n = x1 + x2
    if n == 0:
        return 1.0
    # SciPy's binomtest is that rule (the relative tolerance 1e-7 included); it finds the
    # tails by bisection, where summing every outcome took a quarter of a second for the
    # counts of a large force's month. Imported here: scipy.stats takes a second to load.
    from scipy.stats import binomtest

    return min(1.0, float(binomtest(x1, n, t1 / (t1 + t2)).pvalue))


class Rating(enum.StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"

    @property
    def label(self) -> str:
        """The rating in words: the colour is never the only sign of it."""
        return {
            Rating.RED: "Red: outside target by more than 10%",
            Rating.AMBER: "Amber: outside target by up to 10%",
            Rating.GREEN: "Green: target met",
        }[self]

    @property
    def short(self) -> str:
        return self.value.capitalize()


def rating(value: float, target: float) -> Rating:
    """Red, amber or green for a measure against a target it must not exceed (every target
    of ``REPORT_TARGETS`` is a most: days to log, to contact, to finalise): green at or
    under the target, amber up to ``AMBER_MARGIN`` over it, red further over."""
    if value <= target:
        return Rating.GREEN
    if value <= target * (1 + AMBER_MARGIN):
        return Rating.AMBER
    return Rating.RED


@dataclass(frozen=True)
class Highlight:
    """One item of the executive summary, with the section it links to."""

    kind: str  # "target", "change", "investigations" or "learning"
    text: str
    section: str  # the key of the pack's section that shows its figures
    rating: Rating | None = None  # for a measure against its target
    p_value: float | None = None  # for a change: the smallest of its comparisons'


def highlights(pack: MonthlyPack, *, circulated: bool, threshold: int) -> tuple[Highlight, ...]:
    """The executive summary of a protected pack, as a reader of this version sees it."""
    look = _Reader(pack, circulated, threshold)
    targets = look.targets()
    missed = [h for h in targets if h.rating == Rating.RED] + [
        h for h in targets if h.rating == Rating.AMBER
    ]
    standing = [h for h in (look.investigations(), look.learning()) if h is not None]
    changes = sorted(look.changes(), key=lambda h: h.p_value or 0.0)
    room = max(0, MOST - len(missed) - len(standing))
    chosen = [*missed, *changes[:room], *standing][:MOST]
    met = [h for h in targets if h.rating == Rating.GREEN]
    chosen += met[: max(0, FEWEST - len(chosen))]
    return tuple(chosen)


class _Reader:
    """The pack's figures as one version shows them: hidden ones read as absent."""

    def __init__(self, pack: MonthlyPack, circulated: bool, threshold: int) -> None:
        self.pack = pack
        self.circulated = circulated
        self.threshold = threshold
        self.periods = comparisons(pack.month)

    def visible(self, cell: object) -> Figure | None:
        if not isinstance(cell, Figure) or cell.value is None:
            return None
        if self.circulated and suppressed(cell, self.threshold):
            return None
        return cell

    def hidden(self, cell: object) -> bool:
        return isinstance(cell, Figure) and self.circulated and suppressed(cell, self.threshold)

    def show(self, figure: Figure) -> str:
        return show(figure, circulated=self.circulated, threshold=self.threshold)

    def table(self, key: str) -> Table | None:
        return next((t for t in self.pack.tables if t.key == key), None)

    def row(self, key: str, label: str) -> tuple | None:
        table = self.table(key)
        if table is None:
            return None
        return next((r for r in table.rows if r[0] == label), None)

    def section_of(self, table: Table) -> str:
        return next(s.key for s in self.pack.sections if table in s.tables)

    # Targets. ----------------------------------------------------------------------------

    def targets(self) -> list[Highlight]:
        found = []
        for table in self.pack.tables:
            if "Target" not in table.columns:
                continue
            at = table.columns.index("Target")
            for row in table.rows:
                value, goal = self.visible(row[1]), row[at]
                if value is None or not isinstance(goal, Figure) or goal.value is None:
                    continue
                rated = rating(float(value.value), float(goal.value))
                text = (
                    f"{_measure_name(table, row[0])}: {self.show(value)} in "
                    f"{self.periods.month.label}, against a target of {self.show(goal)}"
                )
                found.append(Highlight("target", text, self.section_of(table), rated))
        return found

    # Changes. ----------------------------------------------------------------------------

    def changes(self) -> list[Highlight]:
        found = []
        month, previous, last_year, rolling = self.periods.all
        for label, section in CHANGE_ROWS.items():
            row = self.row("headlines", label)
            if row is None:
                continue
            now, before, a_year_ago, year = (self.visible(c) for c in row[1:5])
            if now is None:
                continue
            x = int(now.value)
            days = _days(month)
            said, smallest = [], 1.0
            for figure, period, words in (
                (before, previous, f"{{}} in {previous.label}"),
                (a_year_ago, last_year, f"{{}} in {last_year.label}"),
            ):
                if figure is None:
                    continue
                y = int(figure.value)
                p = poisson_rate_test(x, days, y, _days(period))
                if p < SIGNIFICANCE:
                    said.append(_direction(x / days, y / _days(period)) + words.format(f"{y:,}"))
                    smallest = min(smallest, p)
            if year is not None and int(year.value) >= x:
                rest, rest_days = int(year.value) - x, _days(rolling) - days
                p = poisson_rate_test(x, days, rest, rest_days)
                if p < SIGNIFICANCE:
                    average = rest / 11
                    said.append(
                        _direction(x / days, rest / rest_days)
                        + f"a monthly average of {average:,.1f} over the other 11 of the 12 months"
                    )
                    smallest = min(smallest, p)
            if said:
                text = (
                    f"{label}: {x:,} in {month.label}, "
                    + _and(said)
                    + " (a significant change at the 95% level)"
                )
                found.append(Highlight("change", text, section, p_value=smallest))
        return found

    # Work outstanding. -------------------------------------------------------------------

    def investigations(self) -> Highlight | None:
        row = self.row(*INVESTIGATIONS)
        if row is None:
            return None
        past = row[2]
        if not isinstance(past, Figure) or past.value is None:
            return None
        if not past.value and not self.hidden(past):
            return None
        text = (
            f"{self._count(past, 'investigation')} open 12 months or more after the "
            "complaint was received"
        )
        months = self.pack.oldest_investigation_months
        if months is not None and past.value and not past.withheld:
            text += f"; the oldest open investigation's case was received {months} months before"
        return Highlight("investigations", text + ".", "investigations")

    def learning(self) -> Highlight | None:
        row = self.row(*LEARNING)
        if row is None:
            return None
        overdue = row[1]
        if not isinstance(overdue, Figure) or overdue.value is None:
            return None
        if not overdue.value and not self.hidden(overdue):
            return None
        text = (
            f"{self._count(overdue, 'learning item')} overdue at the end of "
            f"{self.periods.month.label}."
        )
        return Highlight("learning", text, "learning")

    def _count(self, figure: Figure, noun: str) -> str:
        if self.hidden(figure):  # never how small: the one marker does not say either
            return f"A number of {noun}s"
        value = int(figure.value)
        return f"{value:,} {noun if value == 1 else noun + 's'}"


def _measure_name(table: Table, label: str) -> str:
    """'Mean working days to log', or 'Mean days to finalise, outside Schedule 3'."""
    if label.endswith(": mean days"):
        part = label.removesuffix(": mean days")
        return f"Mean {table.title[:1].lower()}{table.title[1:]}, {part[:1].lower()}{part[1:]}"
    return label


def _days(period) -> int:
    return (period.end - period.start).days


def _direction(rate: float, before: float) -> str:
    return "up from " if rate > before else "down from "


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
