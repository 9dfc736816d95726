"""The one shape every figure in the board pack takes, and the one way it is shown.

Measures become titled tables of labelled rows. The PDF, the CSV exports and the
dashboards each render these same tables, so their numbers cannot disagree, and small
counts are suppressed in one place for every output (domain.md B7: small cells identify).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field, replace
from typing import Literal


class Kind(enum.StrEnum):
    COUNT = "count"  # cases, allegations, reviews: suppressed when 1 to threshold-1
    DAYS = "days"  # a mean of working or calendar days
    PERCENT = "percent"  # a share from 0 to 100
    NUMBER = "number"  # anything else: a target, a national comparator


@dataclass(frozen=True)
class Figure:
    """One number and what it is computed over.

    ``base`` is the count a mean or share is taken over (for a count, the count itself);
    ``part`` is the count a share is of. A share of a small count is as revealing as the
    count, so a mean or share is suppressed when its part or its base is.

    ``total`` marks a figure that adds up others in its column: shown beside them, it
    would give back a suppressed one by subtraction. ``withheld`` is set by ``protect``
    on a figure the circulated version must hide for that reason.

    ``measure`` names the quantity the figure states (say ``open_cases@2026-04-30``), so
    that the same quantity restated in another table, a headline among them, is hidden
    wherever one of its statements is; ``part_of`` names the quantity this figure is one
    part of, so that a suppressed part hides every statement of the whole it would be
    subtracted from. Neither changes what the figure is, so they are left out of equality.
    """

    value: int | float | None  # None: nothing to measure (shown as a dash)
    kind: Kind = Kind.COUNT
    base: int | None = None
    part: int | None = None
    total: bool = False
    withheld: bool = False
    measure: str | None = field(default=None, compare=False)
    part_of: str | None = field(default=None, compare=False)

    @property
    def over(self) -> int | None:
        """How many things this figure rests on."""
        if self.kind == Kind.COUNT and self.base is None and self.value is not None:
            return int(self.value)
        return self.base


Cell = str | Figure


@dataclass(frozen=True)
class Chart:
    """How a table is drawn: x is the first column, each series one of the others."""

    kind: Literal["line", "bar", "hbar", "stacked"]
    series: tuple[int, ...]  # column indexes plotted


@dataclass(frozen=True)
class Table:
    key: str  # a slug: the CSV's file name and the page anchor
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    definition: str = ""  # the A6 definition used, for the appendix
    chart: Chart | None = None
    note: str = ""


@dataclass(frozen=True)
class Section:
    key: str  # headlines, trends, categories, handling, timeliness, caseload, investigations,
    # reviews, outcomes, proceedings, learning, divisions, equality
    title: str
    tables: tuple[Table, ...]
    summary: str = ""  # a sentence or two made from the figures only, never from case text


@dataclass(frozen=True)
class MonthlyPack:
    force_name: str
    month: dt.date  # the first day of the month reported on
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(t for s in self.sections for t in s.tables)

    @property
    def definitions(self) -> dict[str, str]:
        """Each table's title with the definition it used, for the appendix."""
        return {t.title: t.definition for t in self.tables if t.definition}


# The sections each dashboard shows (domain.md A8; issue: oversight dashboard).
OVERSIGHT_SECTIONS = ("timeliness", "caseload", "investigations", "reviews", "learning")

SUPPRESSED = "fewer than {threshold}"
WITHHELD = "*"  # a mean or share over a suppressed count, or a figure that would give one away


def _small(count: int | None, threshold: int) -> bool:
    return count is not None and 0 < count < threshold


def suppressed(figure: Figure, threshold: int) -> bool:
    """Is this figure hidden in the circulated version? Counts 1..threshold-1 are, and so
    are means and shares whose part or base is such a count, and figures withheld so that
    no suppressed count can be worked out from them."""
    if figure.withheld:
        return True
    return _small(figure.over, threshold) or (
        figure.kind != Kind.COUNT and _small(figure.part, threshold)
    )


def protect(table: Table, threshold: int) -> Table:
    """The table with every figure the circulated version must also hide marked withheld.

    Suppressing a small count is not enough when other figures give it back:
    - in a column with a suppressed figure, its total (less the figures shown) would;
    - a share or mean of a withheld count, or over it, would give the count back;
    - in a column of shares of one whole, a share shown beside its count gives the whole,
      so once one of them is suppressed the others over that whole are withheld too.
    Only the circulated version hides these (``show``/``plotted``); the full version, the
    only one for PSD and the OPCC, shows every figure.
    """
    rows = [list(row) for row in table.rows]
    width = len(table.columns)

    def figures(i: int):
        return [(r, row[i]) for r, row in enumerate(rows) if isinstance(row[i], Figure)]

    for i in range(1, width):
        column = figures(i)
        if any(suppressed(f, threshold) for _, f in column if not f.total):
            for r, f in column:
                if f.total and f.value is not None:
                    rows[r][i] = replace(f, withheld=True)
    withheld_totals = {
        f.value
        for i in range(1, width)
        for _, f in figures(i)
        if f.kind == Kind.COUNT and f.withheld and f.value is not None
    }
    for i in range(1, width):
        column = figures(i)
        small_bases = {
            f.base for _, f in column if f.kind == Kind.PERCENT and suppressed(f, threshold)
        }
        for r, f in column:
            if f.kind == Kind.COUNT or f.withheld or f.value is None:
                continue
            if (
                f.part in withheld_totals
                or f.base in withheld_totals
                or (f.kind == Kind.PERCENT and f.base in small_bases)
            ):
                rows[r][i] = replace(f, withheld=True)
    return replace(table, rows=tuple(tuple(row) for row in rows))


def protected(pack: MonthlyPack, threshold: int) -> MonthlyPack:
    """The pack with every figure the circulated version must hide marked withheld.

    ``protect`` closes each table; a table is not closed on its own, though, when another
    states the same quantity. A headline giving the total a table withholds, or a summary
    or table giving a whole one of whose parts is suppressed, lets the reader subtract. So
    every statement of a quantity is withheld once one of them is hidden or one of its
    parts is suppressed, and the tables are closed again until nothing changes (doing it
    twice changes nothing). Only figures are compared, never cases, so this costs the same
    on any number of cases.
    """
    while True:
        pack = _each_table(pack, lambda t: protect(t, threshold))
        hidden = _hidden_measures(pack, threshold)
        widened = _each_table(pack, _hiding(hidden, threshold))
        widened = _each_table(widened, lambda t, h=hidden: _hide_a_part(t, h, threshold))
        if widened == pack:
            return pack
        pack = widened


def _hiding(measures: set[str], threshold: int):
    """A change to a table withholding every figure that states one of the measures."""

    def hide(f: Figure) -> Figure:
        if f.measure in measures and f.value is not None and not suppressed(f, threshold):
            return replace(f, withheld=True)
        return f

    return lambda table: _each_figure(table, hide)


def _hide_a_part(table: Table, hidden: set[str], threshold: int) -> Table:
    """The table with one part withheld in each column of parts of a hidden whole that
    shows them all: shown whole, the parts add up to the whole that is hidden elsewhere,
    and the whole less the parts shown there gives back the part suppressed there."""
    rows = [list(row) for row in table.rows]
    for i in range(1, len(table.columns)):
        groups: dict[str, list[int]] = {}
        for r, row in enumerate(rows):
            f = row[i]
            if isinstance(f, Figure) and f.part_of in hidden and f.value is not None:
                groups.setdefault(f.part_of, []).append(r)
        for members in groups.values():
            figures = [rows[r][i] for r in members]
            if any(suppressed(f, threshold) for f in figures):
                continue
            shown = [(f.value, r) for f, r in zip(figures, members, strict=True) if f.value]
            if shown:
                _, r = min(shown)
                rows[r][i] = replace(rows[r][i], withheld=True)
    return replace(table, rows=tuple(tuple(row) for row in rows))


def _hidden_measures(pack: MonthlyPack, threshold: int) -> set[str]:
    hidden: set[str] = set()
    for table in pack.tables:
        for row in table.rows:
            for f in row:
                if not isinstance(f, Figure) or f.value is None or not suppressed(f, threshold):
                    continue
                if f.measure:
                    hidden.add(f.measure)
                if f.part_of and f.value:
                    hidden.add(f.part_of)
    return hidden


def _each_table(pack: MonthlyPack, change) -> MonthlyPack:
    sections = tuple(replace(s, tables=tuple(change(t) for t in s.tables)) for s in pack.sections)
    return replace(pack, sections=sections)


def _each_figure(table: Table, change) -> Table:
    rows = tuple(
        tuple(change(c) if isinstance(c, Figure) else c for c in row) for row in table.rows
    )
    return replace(table, rows=rows)


_WHOLE_NUMBER = re.compile(r"(?<![\d.,])\d+(?![\d.,]*\d)")


def safe_summary(text: str, *, circulated: bool, threshold: int) -> str:
    """A section's summary as the reader may see it: left out of the circulated version
    if it names a small number.

    The summary is written once for both versions, so the circulated one cannot trust it
    to have hidden a count of 1 to threshold-1 (domain.md B7). The PDF and the dashboards
    both print summaries through here.
    """
    if circulated and any(0 < int(n) < threshold for n in _WHOLE_NUMBER.findall(text)):
        return ""
    return text


def show(cell: Cell, *, circulated: bool, threshold: int) -> str:
    """A cell as the reader sees it: the single formatting rule for PDF, CSV and pages."""
    if isinstance(cell, str):
        return cell
    if cell.value is None:
        return "\u2013"  # an en dash: nothing to measure
    if circulated and suppressed(cell, threshold):
        small = cell.kind == Kind.COUNT and not cell.withheld
        return SUPPRESSED.format(threshold=threshold) if small else WITHHELD
    if cell.kind == Kind.COUNT:
        return f"{int(cell.value):,}"
    if cell.kind == Kind.PERCENT:
        return f"{cell.value:.0f}%"
    if cell.kind == Kind.DAYS:
        return f"{cell.value:,.1f}"
    return f"{cell.value:,.0f}" if float(cell.value).is_integer() else f"{cell.value:,.1f}"


def plotted(cell: Cell, *, circulated: bool, threshold: int) -> float | None:
    """A cell's value for a chart: None where the reader may not see the number."""
    if isinstance(cell, str) or cell.value is None:
        return None
    if circulated and suppressed(cell, threshold):
        return None
    return float(cell.value)


@dataclass(frozen=True)
class ReportSettings:
    """What a report is made with, read once from the configuration."""

    force_name: str
    threshold: int = 5  # REPORT_SMALL_COUNT_THRESHOLD
    targets: dict[str, float] = field(default_factory=dict)  # REPORT_TARGETS
    comparators: dict[str, float] = field(default_factory=dict)  # REPORT_NATIONAL_COMPARATORS

    @classmethod
    def from_config(cls, config) -> ReportSettings:
        return cls(
            force_name=config["FORCE_NAME"],
            threshold=config["REPORT_SMALL_COUNT_THRESHOLD"],
            targets=dict(config["REPORT_TARGETS"]),
            comparators=dict(config["REPORT_NATIONAL_COMPARATORS"]),
        )
