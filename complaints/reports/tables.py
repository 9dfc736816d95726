"""The one shape every figure in the board pack takes, and the one way it is shown.

Measures become titled tables of labelled rows. The PDF, the CSV exports and the
dashboards each render these same tables, so their numbers cannot disagree, and small
counts are suppressed in one place for every output (domain.md B7: small cells identify).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal


class Kind(enum.StrEnum):
    COUNT = "count"  # cases, allegations, reviews: suppressed when 1 to threshold-1
    DAYS = "days"  # a mean of working or calendar days
    PERCENT = "percent"  # a share from 0 to 100
    NUMBER = "number"  # anything else: a target, a national comparator
    RATIO = "ratio"  # a relative rate index or a bound of its interval: two decimals


@dataclass(frozen=True)
class Figure:
    """One number and what it is computed over.

    ``base`` is the count a mean or share is taken over (for a count, the count itself);
    ``part`` is the count a share is of. A share of a small count is as revealing as the
    count, so a mean or share is suppressed when its part or its base is.

    ``total`` marks a figure that adds up the other counts in its column, and ``part_of``
    names the whole a count is one part of: both make a group whose parts ``protect``
    withholds (``withheld``) so that the published whole less the parts shown cannot give
    back a suppressed one.

    ``measure`` names the quantity the figure states (say ``open_cases@2026-04-30``), so
    that a part withheld in one table is withheld wherever it is restated, a headline
    among them. ``measure`` and ``part_of`` do not change what the figure is, so they are
    left out of equality.
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
    # The same sentences as the circulated version words them: a withheld figure is "a
    # number of", never its value nor how small it is (``summary_of`` picks the version).
    circulated_summary: str = ""


@dataclass(frozen=True)
class MonthlyPack:
    force_name: str
    month: dt.date  # the first day of the month reported on
    sections: tuple[Section, ...] = field(default_factory=tuple)
    # Whole months the oldest investigation open at the end of the month had been open
    # since its case was received, for the executive summary (``highlights``).
    oldest_investigation_months: int | None = None
    # The disclosure check the circulated version passed (``disclosure.secured``), once run.
    checked: Any = field(default=None, compare=False)

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

# Every figure the circulated version withholds, whichever rule withheld it, is shown by
# one marker (the Government Statistical Service's symbol for confidential figures), so
# that the marker cannot tell a reader how small the hidden figure is.
WITHHELD = "[c]"
LEGEND = f"{WITHHELD}: withheld to protect the identity of the people concerned"


def withholding_words(threshold: int) -> str:
    """How the circulated version says what it withholds, in the PDF's cover and
    definitions and on the dashboard alike: one marker, and the rules behind it."""
    return WITHHOLDING.format(marker=WITHHELD, threshold_less=threshold - 1, range=PROTECTION)


WITHHOLDING = (
    "Figures that could identify someone are withheld and shown as \u201c{marker}\u201d, "
    "whichever rule withheld them: every count from 1 to {threshold_less}, every mean or "
    "share taken over such a count, and as many other counts, shares and totals as are "
    "needed so that no withheld count can be worked out from the figures given (by "
    "subtraction from a total, or from a whole-number percentage of a known base, which "
    "for a base under 100 pins a single count). Before the report is circulated every "
    "withheld count is checked: the smallest and largest values consistent with everything "
    "the report gives must be at least {range} apart, and further figures are withheld "
    "until they are. Charts leave withheld figures out."
)
# The narrowest range a withheld count may be pinned to by everything the circulated
# version publishes (``disclosure``): a reader must not be able to tell it to within 5.
PROTECTION = 5


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

    Totals stay published (a total is hidden only when it is itself a small count), so the
    parts carry the protection, as the ONS practice of secondary suppression does: in every
    group of counts that adds up to a published whole (a column with a total, or the counts
    of one ``part_of`` in a column) that has a suppressed part, further parts are withheld,
    smallest first, until two or more are hidden and each could be anything over a range of
    at least ``PROTECTION`` (``_spread``). The whole less the parts shown then gives only
    the sum of several hidden cells, never one; a mean or share resting on a withheld count
    goes with it. ``disclosure.secured`` then checks the whole pack and withholds more
    where this rule, table by table, is not enough.

    Shares beside a total share are closed too (``_close_shares``), as the counts they
    are of would be.
    """
    rows = [list(row) for row in table.rows]
    for members in _groups(table):
        _close(rows, members, threshold)
    for total, members in _share_groups(table):
        _close_shares(rows, total, members, threshold)
    withheld = {
        f.value
        for row in rows
        for f in row
        if isinstance(f, Figure) and f.kind == Kind.COUNT and f.withheld and f.value is not None
    }
    for row in rows:
        for i, f in enumerate(row):
            if (
                isinstance(f, Figure)
                and f.kind != Kind.COUNT
                and not f.withheld
                and f.value is not None
                and (f.part in withheld or f.base in withheld)
            ):
                row[i] = replace(f, withheld=True)
    return replace(table, rows=tuple(tuple(row) for row in rows))


def _groups(table: Table) -> list[list[tuple[int, int]]]:
    """The cells of each group of counts that add up to a whole the reader is given."""
    groups: list[list[tuple[int, int]]] = []
    for i in range(1, len(table.columns)):
        column = [
            (r, row[i])
            for r, row in enumerate(table.rows)
            if isinstance(row[i], Figure) and row[i].kind == Kind.COUNT
        ]
        if any(f.total for _, f in column):
            groups.append([(r, i) for r, f in column if not f.total])
        wholes: dict[str, list[tuple[int, int]]] = {}
        for r, f in column:
            if f.part_of and not f.total:
                wholes.setdefault(f.part_of, []).append((r, i))
        groups.extend(wholes.values())
    return groups


def _close(rows: list[list[Cell]], members: list[tuple[int, int]], threshold: int) -> None:
    """Withhold parts of one group, smallest first, until no hidden part stands alone."""

    def hidden() -> list[Figure]:
        return [f for f in (rows[r][i] for r, i in members) if f.value and suppressed(f, threshold)]

    if not hidden():
        return
    shown = sorted(
        (
            (rows[r][i].value, n, r, i)
            for n, (r, i) in enumerate(members)
            if rows[r][i].value and not suppressed(rows[r][i], threshold)
        ),
    )
    for _, _, r, i in shown:
        if _spread([f.value for f in hidden()]):
            return
        rows[r][i] = replace(rows[r][i], withheld=True)


def _spread(hidden: Sequence[int | float]) -> bool:
    """Can each of these hidden parts, known only by their sum, be anything over a range
    of at least ``PROTECTION``? A reader knows a withheld count is not 0 (a 0 is always
    shown), so each lies between 1 and the sum less 1 for each other part."""
    return len(hidden) >= 2 and sum(hidden) - len(hidden) >= PROTECTION


def _share_groups(table: Table) -> list[tuple[tuple[int, int], list[tuple[int, int]]]]:
    """Each column's total share, with the other shares in its column: its parts."""
    groups = []
    for i in range(1, len(table.columns)):
        shares = [
            (r, row[i])
            for r, row in enumerate(table.rows)
            if isinstance(row[i], Figure)
            and row[i].kind == Kind.PERCENT
            and row[i].value is not None
        ]
        totals = [r for r, f in shares if f.total]
        if len(totals) == 1:
            groups.append(((totals[0], i), [(r, i) for r, f in shares if not f.total]))
    return groups


def _close_shares(
    rows: list[list[Cell]], total: tuple[int, int], members: list[tuple[int, int]], threshold: int
) -> None:
    """Withhold shares beside a hidden one until none can be worked out from the rest.

    Shares of one base (each reason's share of the cases logged) are their counts in
    other words: whole-number shares of a published base under about 100 pin each count,
    so the total share less those shown gives a lone hidden one back. They are closed as
    the counts are (``_close``). Shares of different bases (each review body's share
    upheld, beside all bodies') are withheld, smallest base first, until two are hidden;
    and a total of 0% or 100% says every share in its column is the same, so it is
    withheld with them.
    """
    whole = rows[total[0]][total[1]]
    cells = [rows[r][i] for r, i in members]

    def hidden() -> list[Figure]:
        return [rows[r][i] for r, i in members if suppressed(rows[r][i], threshold)]

    if not hidden():
        return
    if all(f.base == whole.base for f in cells):
        shown = sorted(
            (rows[r][i].part, n, r, i)
            for n, (r, i) in enumerate(members)
            if rows[r][i].part and not suppressed(rows[r][i], threshold)
        )
        for _, _, r, i in shown:
            if _spread([f.part for f in hidden() if f.part]):
                return
            rows[r][i] = replace(rows[r][i], withheld=True)
        return
    shown = sorted(
        (rows[r][i].base or 0, n, r, i)
        for n, (r, i) in enumerate(members)
        if not suppressed(rows[r][i], threshold)
    )
    for _, _, r, i in shown:
        if len(hidden()) >= 2:
            break
        rows[r][i] = replace(rows[r][i], withheld=True)
    if whole.part in (0, whole.base) and not suppressed(whole, threshold):
        rows[total[0]][total[1]] = replace(whole, withheld=True)


def protected(pack: MonthlyPack, threshold: int) -> MonthlyPack:
    """The pack with every figure the circulated version must hide marked withheld.

    ``protect`` closes each table, but a quantity restated in another table (a month of
    the trends as a headline, a count as the base of a mean) would give back a part
    withheld in one of them, so every statement of a withheld ``measure`` is withheld too,
    and the tables are closed again until nothing changes (doing it twice changes
    nothing). Only figures are compared, never cases, so this costs the same on any
    number of cases.
    """
    while True:
        pack = _each_table(pack, lambda t: protect(t, threshold))
        widened = _each_table(pack, _hiding(_hidden_measures(pack, threshold), threshold))
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


def _hidden_measures(pack: MonthlyPack, threshold: int) -> set[str]:
    return {
        f.measure
        for table in pack.tables
        for row in table.rows
        for f in row
        if isinstance(f, Figure) and f.measure and f.value is not None and suppressed(f, threshold)
    }


def _each_table(pack: MonthlyPack, change) -> MonthlyPack:
    sections = tuple(replace(s, tables=tuple(change(t) for t in s.tables)) for s in pack.sections)
    return replace(pack, sections=sections)


def _each_figure(table: Table, change) -> Table:
    rows = tuple(
        tuple(change(c) if isinstance(c, Figure) else c for c in row) for row in table.rows
    )
    return replace(table, rows=rows)


_WHOLE_NUMBER = re.compile(r"(?<![\d.,])\d+(?![\d.,]*\d)")


def summary_of(section: Section, *, circulated: bool, threshold: int) -> str:
    """A section's summary in the words of the version read: the full version's real
    figures, or the circulated version's, where a withheld figure is only "a number of"."""
    if circulated:
        return safe_summary(section.circulated_summary, circulated=True, threshold=threshold)
    return section.summary


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
        return WITHHELD  # one marker, whichever rule withheld it
    if cell.kind == Kind.COUNT:
        return f"{int(cell.value):,}"
    if cell.kind == Kind.PERCENT:
        return f"{cell.value:.0f}%"
    if cell.kind == Kind.DAYS:
        return f"{cell.value:,.1f}"
    if cell.kind == Kind.RATIO:
        return f"{cell.value:,.2f}"
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
    """What a report is made with: the forces whose cases it counts (ids), the name it is
    made under, their timeliness targets and national comparators (each force's own, from
    its ``Force`` row) and the small-count threshold (REPORT_SMALL_COUNT_THRESHOLD)."""

    force_name: str
    forces: tuple[int, ...]  # every measure counts these forces' cases and nothing else
    threshold: int = 5
    targets: dict[str, float] = field(default_factory=dict)
    comparators: dict[str, float] = field(default_factory=dict)
    # The forces' names when a pack counts several together; () for one force's pack.
    combined: tuple[str, ...] = ()

    @classmethod
    def for_forces(cls, forces: Sequence[Any], config: Mapping[str, Any]) -> ReportSettings:
        """The settings of a pack of ``forces`` (``Force`` rows), in the order given.

        One force: its name, targets and comparators. Several, combined: every name, and
        the targets (and comparators) only where all the forces have the same ones, since
        no one force's target is the combined pack's; otherwise none are shown.
        """
        if not forces:
            raise ValueError("A report is made for at least one force")
        names = tuple(f.name for f in forces)
        targets = [dict(f.report_targets or {}) for f in forces]
        comparators = [dict(f.national_comparators or {}) for f in forces]
        return cls(
            force_name=names[0] if len(names) == 1 else _combined_name(names),
            forces=tuple(f.id for f in forces),
            threshold=config["REPORT_SMALL_COUNT_THRESHOLD"],
            targets=targets[0] if all(t == targets[0] for t in targets) else {},
            comparators=comparators[0] if all(c == comparators[0] for c in comparators) else {},
            combined=names if len(names) > 1 else (),
        )


def _combined_name(names: Sequence[str]) -> str:
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    return f"{listed} (combined)"
