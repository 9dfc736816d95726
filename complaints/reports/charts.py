"""Charts of the board report as ReportLab drawings, from the same tables the figures use.

Every value goes through ``tables.plotted``: a count the reader may not see is not drawn,
so the picture never gives away what the table suppresses. Each series is told apart by
colour, dash and marker (``plotting``), and each bar carries its number.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgetbase import Auto
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from complaints.common.pdfdoc import FONT, GREY, INK
from complaints.reports import tables as t
from complaints.reports.plotting import plotted_rows, series_style
from complaints.reports.tables import Figure, Kind, Table, plotted

FONT_SIZE = 8
GRID = HexColor("#d8dadb")
PALETTE = tuple(HexColor(series_style(i).colour) for i in range(6))
# ReportLab's names for the markers of ``plotting.MARKERS``.
MARKER_NAMES = {
    "circle": "FilledCircle",
    "square": "FilledSquare",
    "triangle": "FilledTriangle",
    "diamond": "FilledDiamond",
    "cross": "FilledCross",
    "star": "FilledStarFive",
}
_UNITS = {Kind.COUNT: "Number", Kind.DAYS: "Days", Kind.PERCENT: "Per cent", Kind.NUMBER: "Value"}


def draw(
    table: Table,
    *,
    circulated: bool,
    threshold: int,
    width: float,
    text: Callable[[str], str] = str,
) -> Drawing | None:
    """The table's chart, or None when it has none or nothing in it may be drawn.

    ``text`` turns a label into what is drawn (``pdfdoc.visual``); category labels go
    through it after they are wrapped or shortened, a line at a time."""
    chart = table.chart
    rows = plotted_rows(table)
    if chart is None or not rows:
        return None
    labels = [row[0] if isinstance(row[0], str) else "" for row in rows]
    data = [
        [plotted(row[i], circulated=circulated, threshold=threshold) for row in rows]
        for i in chart.series
    ]
    if all(v is None for series in data for v in series):
        return None
    names = [text(table.columns[i]) for i in chart.series]
    unit = _unit(table, chart.series)
    integral = unit == "Number" and all(
        v is None or float(v).is_integer() for series in data for v in series
    )
    if chart.kind == "hbar":
        hidden = [
            t.show(row[chart.series[0]], circulated=circulated, threshold=threshold)
            if len(chart.series) == 1 and value is None and row[chart.series[0]] != ""
            else ""
            for row, value in zip(rows, data[0], strict=True)
        ]
        return _hbar(labels, data, names, unit, integral, width, hidden, text)
    x_title = text(table.columns[0])
    return _vertical(chart.kind, x_title, labels, data, names, unit, integral, width, text)


def _unit(table: Table, series: tuple[int, ...]) -> str:
    kinds = {row[i].kind for row in table.rows for i in series if isinstance(row[i], Figure)}
    return _UNITS[kinds.pop()] if len(kinds) == 1 else "Value"


def _scale(values: list[float], integral: bool) -> tuple[float, float]:
    """A maximum and step that give round tick labels, never duplicated ones."""
    top = max([v for v in values if v is not None] + [0.0])
    if top <= 0:
        return 1.0, 1.0
    raw = top / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if integral:
        step = max(1.0, math.ceil(step))
    return step * math.ceil(top / step), step


def _tick(integral: bool) -> Callable[[float], str]:
    return (lambda v: f"{v:,.0f}") if integral else (lambda v: f"{v:,.10g}")


def _category_names(labels: list[str], slot: float) -> tuple[list[str], int]:
    """Labels under a horizontal axis, wrapped onto up to three lines, and every n-th one
    only (always the last, the month reported on) when even wrapped they would touch."""
    last = len(labels) - 1
    for step in range(1, len(labels) + 1):
        room = slot * step - 4
        wrapped = [_wrap(label, room) for label in labels]
        if all(w is not None for w in wrapped) or step == len(labels):
            shown = [
                (w if w is not None else _fit(labels[i], room)) if (last - i) % step == 0 else ""
                for i, w in enumerate(wrapped)
            ]
            return shown, max(s.count("\n") + 1 for s in shown)
    return labels, 1


def _wrap(label: str, room: float, most: int = 3) -> str | None:
    """The label on as few lines as fit the room, or None if it needs more than ``most``."""
    lines: list[str] = []
    for word in label.split():
        if lines and stringWidth(lines[-1] + " " + word, FONT, FONT_SIZE) <= room:
            lines[-1] += " " + word
        elif stringWidth(word, FONT, FONT_SIZE) <= room:
            lines.append(word)
        else:
            return None
    return "\n".join(lines) if len(lines) <= most else None


def _fit(label: str, room: float) -> str:
    """Shorten a label to the room it has, so no two labels run into each other."""
    if stringWidth(label, FONT, FONT_SIZE) <= room:
        return label
    while label and stringWidth(label + "\u2026", FONT, FONT_SIZE) > room:
        label = label[:-1]
    return label.rstrip() + "\u2026"


def _legend_step(names: list[str]) -> float:
    return max(stringWidth(n, FONT, FONT_SIZE) for n in names) + 40


def _legend_rows(names: list[str], room: float) -> int:
    """The legend names each column drawn (even one), on as many rows as it needs."""
    across = max(1, int(room // _legend_step(names)))
    return math.ceil(len(names) / across)


def _legend(names: list[str], x: float, y: float, rows: int, plot=None) -> Legend:
    """The legend; for a line chart (``plot``) each entry is the series' own line: its
    colour, dash and marker, drawn by the chart itself."""
    legend = Legend()
    legend.x, legend.y = x, y
    legend.alignment = "right"
    legend.boxAnchor = "nw"
    legend.fontName, legend.fontSize = FONT, FONT_SIZE
    legend.columnMaximum = rows
    legend.deltax = _legend_step(names)
    legend.deltay = 12
    legend.dxTextSpace = 4
    legend.dx, legend.dy = (24, 8) if plot is not None else (8, 8)
    if plot is not None:
        legend.colorNamePairs = Auto(obj=plot)
    else:
        legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], n) for i, n in enumerate(names)]
    return legend


def _drawing(width: float, height: float) -> Drawing:
    """A drawing in the report's font from its first mark (ReportLab starts in Helvetica)."""
    drawing = Drawing(width, height)
    drawing.initialFontName, drawing.initialFontSize = FONT, FONT_SIZE
    return drawing


def _axis_title(drawing: Drawing, text: str, x: float, y: float, angle: int = 0) -> None:
    title = String(0, 0, text, fontName=FONT, fontSize=FONT_SIZE, fillColor=GREY)
    title.textAnchor = "middle"
    if angle:
        from reportlab.graphics.shapes import Group

        group = Group(title)
        group.translate(x, y)
        group.rotate(angle)
        drawing.add(group)
    else:
        title.x, title.y = x, y
        drawing.add(title)


def _style_axes(plot) -> None:
    """Every chart's axes alike: labels in the report's ink, a light grid from zero."""
    for axis in (plot.categoryAxis.labels, plot.valueAxis.labels):
        axis.fontName, axis.fontSize, axis.fillColor = FONT, FONT_SIZE, INK
    plot.categoryAxis.strokeColor = GREY
    plot.valueAxis.strokeColor = GREY
    plot.valueAxis.gridStrokeColor = GRID
    plot.valueAxis.visibleGrid = True
    plot.valueAxis.valueMin = 0


def _vertical(kind, x_title, labels, data, names, unit, integral, width, text) -> Drawing:
    left, right = 46, 10
    legend_rows = _legend_rows(names, width - left - right)
    top = 12 + 12 * legend_rows
    names_below, lines = _category_names(labels, (width - left - right) / len(labels))
    bottom = 30 + (FONT_SIZE + 1) * lines
    height = 150 + bottom + top
    drawing = _drawing(width, height)
    plot = HorizontalLineChart() if kind == "line" else VerticalBarChart()
    plot.x, plot.y = left, bottom
    plot.width, plot.height = width - left - right, height - bottom - top
    plot.data = data
    plot.categoryAxis.categoryNames = [text(name) for name in names_below]
    plot.categoryAxis.labels.leading = FONT_SIZE + 1
    _style_axes(plot)
    plot.categoryAxis.labels.boxAnchor = "n"
    plot.categoryAxis.labels.dy = -3
    values = [v for series in data for v in series if v is not None]
    if kind == "stacked":
        values = [sum(s[i] or 0 for s in data) for i in range(len(labels))]
        plot.categoryAxis.style = "stacked"
        plot.data = [[v or 0 for v in series] for series in data]
    if kind == "bar":  # room above the tallest bar for its number
        values = [v * 1.1 for v in values]
    plot.valueAxis.valueMax, plot.valueAxis.valueStep = _scale(values, integral)
    plot.valueAxis.labelTextFormat = _tick(integral)
    for i in range(len(data)):
        style = series_style(i)
        colour = PALETTE[i % len(PALETTE)]
        if kind == "line":
            plot.lines[i].strokeColor = colour
            plot.lines[i].strokeWidth = 1.6
            plot.lines[i].strokeDashArray = list(style.dash) or None
            plot.lines[i].symbol = makeMarker(MARKER_NAMES[style.marker], size=5)
            plot.lines[i].symbol.fillColor = colour
            plot.lines[i].symbol.strokeColor = colour
            plot.lines[i].name = names[i]
        else:
            plot.bars[i].fillColor = colour
            plot.bars[i].strokeColor = None
    if kind == "bar":
        _label_bars(plot, integral, unit)
        plot.barLabels.nudge = 6
    if kind != "line":
        plot.barSpacing = 1
        plot.groupSpacing = 6 if len(labels) > 6 else 12
    drawing.add(plot)
    _axis_title(drawing, unit, 10, bottom + plot.height / 2, angle=90)
    _axis_title(drawing, x_title, left + plot.width / 2, 6)
    legend_of = plot if kind == "line" else None
    drawing.add(_legend(names, left, height - 2, legend_rows, legend_of))
    return drawing


def _label_bars(plot, integral: bool, unit: str) -> None:
    """Each bar's number beside it, as the table gives it; a hidden value has no bar."""
    percent = unit == _UNITS[Kind.PERCENT]

    def number(value: float | None) -> str:
        if value is None:
            return ""
        if percent:
            return f"{value:.0f}%"
        return _tick(integral)(value) if integral else f"{value:,.1f}"

    plot.barLabelFormat = number
    plot.barLabels.fontName = FONT
    plot.barLabels.fontSize = FONT_SIZE
    plot.barLabels.fillColor = INK


def _hbar(labels, data, names, unit, integral, width, hidden, text) -> Drawing:
    """Bars across, the table's rows top to bottom; a hidden value is named, not drawn."""
    bar_room = 14 * len(names) + 6
    left = min(max(stringWidth(label, FONT, FONT_SIZE) for label in labels) + 10, width * 0.42)
    right, bottom = 14, 34
    legend_rows = _legend_rows(names, width - left - right)
    top = 8 + 12 * legend_rows
    plot_height = bar_room * len(labels)
    height = plot_height + bottom + top
    drawing = _drawing(width, height)
    plot = HorizontalBarChart()
    plot.x, plot.y = left, bottom
    plot.width, plot.height = width - left - right, plot_height
    plot.data = data
    plot.categoryAxis.categoryNames = [text(_fit(label, left - 10)) for label in labels]
    plot.categoryAxis.reverseDirection = 1  # the table's first row at the top
    _style_axes(plot)
    plot.categoryAxis.labels.boxAnchor = "e"
    plot.categoryAxis.labels.dx = -4
    values = [v * 1.12 for series in data for v in series if v is not None]  # and numbers
    plot.valueAxis.valueMax, plot.valueAxis.valueStep = _scale(values, integral)
    plot.valueAxis.labelTextFormat = _tick(integral)
    plot.barSpacing = 1
    plot.groupSpacing = 6
    for i in range(len(data)):
        plot.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        plot.bars[i].strokeColor = None
    _label_bars(plot, integral, unit)
    plot.barLabels.boxAnchor = "w"
    plot.barLabels.nudge = 4
    drawing.add(plot)
    slot = plot_height / len(labels)
    for i, words in enumerate(hidden):
        if words and words != "\u2013":
            y = bottom + plot_height - (i + 0.5) * slot - FONT_SIZE / 3
            drawing.add(
                String(left + 4, y, words, fontName=FONT, fontSize=FONT_SIZE, fillColor=GREY)
            )
    _axis_title(drawing, unit, left + plot.width / 2, 4)
    drawing.add(_legend(names, left, height - 2, legend_rows))
    return drawing
