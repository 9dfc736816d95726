"""What a chart of a report table draws, the same in the PDF (``charts``) and on the
dashboards (``svg``).

Colour is never the only signal (WCAG 1.4.1): each series has its own colour, dash
pattern and marker shape, in this order, and the legend shows all three. A total is not a
bar beside its parts (it would dwarf them and read as one more category): the chart
draws the parts and states the total in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from complaints.reports.tables import Cell, Figure, Table, show

# GOV.UK colours, each with enough contrast against white for graphics (WCAG 1.4.11), and
# told apart in greyscale by their dash and marker as well.
COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#c75000", "#505a5f")
# Dash patterns as (on, off, ...) lengths; () is a solid line.
DASHES: tuple[tuple[float, ...], ...] = ((), (8, 4), (2, 3), (10, 3, 2, 3), (4, 4), (1, 2))
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "star")
# Before the totals under a chart.
TOTAL_WORDS = "The chart draws the parts; the total is not drawn."


@dataclass(frozen=True)
class SeriesStyle:
    colour: str
    dash: tuple[float, ...]
    marker: str


def series_style(index: int) -> SeriesStyle:
    """The look of the index-th series of a chart: no two of the first six share any."""
    return SeriesStyle(
        COLOURS[index % len(COLOURS)],
        DASHES[index % len(DASHES)],
        MARKERS[index % len(MARKERS)],
    )


def _is_total(row: tuple[Cell, ...], series: tuple[int, ...]) -> bool:
    return any(isinstance(row[i], Figure) and row[i].total for i in series)


def plotted_rows(table: Table) -> tuple[tuple[Cell, ...], ...]:
    """The rows a chart draws: every row but a total of the others."""
    series = table.chart.series if table.chart else ()
    return tuple(row for row in table.rows if not _is_total(row, series))


def stated_totals(table: Table, *, circulated: bool, threshold: int) -> str:
    """The totals left out of the chart, in words ("All open cases: 1,204"), or ""."""
    series = table.chart.series if table.chart else ()
    parts = []
    for row in table.rows:
        if _is_total(row, series):
            label = row[0] if isinstance(row[0], str) else ""
            for i in series:
                value = show(row[i], circulated=circulated, threshold=threshold)
                name = label if len(series) == 1 else f"{label}, {table.columns[i]}"
                parts.append(f"{name}: {value}")
    return "; ".join(parts)
