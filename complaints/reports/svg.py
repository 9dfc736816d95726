"""Charts for the dashboards, drawn on the server as inline SVG.

No script and no other site: the page's strict CSP allows neither, and a chart must work
without JavaScript. Only presentation attributes are used (the CSP refuses inline style).
Every chart carries a title and a description for screen readers, and the page always
puts the same numbers beside it as a table. Colour is never the only signal: each series
also has its own line pattern and marker, and bars are labelled with their numbers.
Values come from ``tables.plotted``, so a count the reader may not see is never drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup

from complaints.reports.plotting import COLOURS, plotted_rows, series_style
from complaints.reports.tables import Table, plotted, show

WIDTH = 640
TOP, RIGHT, BOTTOM, LEFT = 36, 16, 48, 56
BAND_HEIGHT = 28  # each row of a horizontal bar chart
INK, GRID = "#0b0c0c", "#b1b4b6"
# Each series' dash pattern (``plotting.DASHES``) as SVG writes it.
DASHES = tuple(
    " ".join(f"{n:g}" for n in series_style(i).dash) or "none" for i in range(len(COLOURS))
)
MARKERS = tuple(series_style(i).marker for i in range(len(COLOURS)))


@dataclass(frozen=True)
class _Data:
    labels: list[str]
    series: list[tuple[str, list[float | None]]]  # (name, one value per label)
    spoken: list[tuple[str, list[str]]]  # the same values as the reader sees them


def chart(table: Table, *, circulated: bool, threshold: int) -> Markup | None:
    """The table's chart as SVG markup, or None when it has no chart or nothing to draw."""
    if table.chart is None or not plotted_rows(table):
        return None
    data = _data(table, circulated=circulated, threshold=threshold)
    values = [v for _, vs in data.series for v in vs if v is not None]
    if not values:
        return None
    draw = {"line": _line, "bar": _bars, "hbar": _hbars, "stacked": _stacked}[table.chart.kind]
    height, body = draw(data)
    ident = f"chart-{table.key}"
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" focusable="false"'
        ' width="100%" viewBox="0 0 {w} {h}" aria-labelledby="{i}-title {i}-desc">'
        '<title id="{i}-title">{title}</title><desc id="{i}-desc">{desc}</desc>{legend}{body}'
        "</svg>"
    ).format(
        w=WIDTH,
        h=height,
        i=ident,
        title=f"Chart: {table.title}",
        desc=describe(table, data),
        legend=_legend(data),
        body=body,
    )


def describe(table: Table, data: _Data | None = None) -> str:
    """What the chart shows, in words, with every value as the reader may see it."""
    kind = {"line": "Line chart", "bar": "Bar chart", "hbar": "Bar chart", "stacked": "Stacked"}
    parts = []
    for name, shown in data.spoken if data else ():
        pairs = "; ".join(
            f"{label}: {value}" for label, value in zip(data.labels, shown, strict=True)
        )
        parts.append(f"{name}: {pairs}.")
    what = kind[table.chart.kind] if table.chart else "Chart"
    return f"{what} of {table.title}. {' '.join(parts)} The same figures are in the table."


def _data(table: Table, *, circulated: bool, threshold: int) -> _Data:
    rows = plotted_rows(table)  # a total is stated beside the chart, not drawn in it
    labels = [show(row[0], circulated=circulated, threshold=threshold) for row in rows]
    series, spoken = [], []
    for index in table.chart.series if table.chart else ():
        name = table.columns[index]
        cells = [row[index] for row in rows]
        series.append(
            (name, [plotted(c, circulated=circulated, threshold=threshold) for c in cells])
        )
        spoken.append((name, [show(c, circulated=circulated, threshold=threshold) for c in cells]))
    return _Data(labels, series, spoken)


def _scale(top: float) -> tuple[float, list[float]]:
    """A round upper bound and about five gridlines from zero to it."""
    if top <= 0:
        return 1.0, [0.0, 1.0]
    raw = top / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    count = math.ceil(top / step - 1e-9)
    return step * count, [step * i for i in range(count + 1)]


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _text(
    x: float, y: float, content: str, *, anchor: str = "middle", size: int = 12, turn: int = 0
) -> Markup:
    return Markup(
        '<text x="{x:.1f}" y="{y:.1f}" text-anchor="{a}" font-size="{s}" fill="{ink}"'
        ' font-family="Arial, Helvetica, sans-serif" transform="rotate({t} {x:.1f} {y:.1f})">'
        "{c}</text>"
    ).format(x=x, y=y, a=anchor, s=size, ink=INK, t=turn, c=content)


def _legend(data: _Data) -> Markup:
    if len(data.series) < 2:
        return Markup("")
    parts, x = [], LEFT
    for index, (name, _) in enumerate(data.series):
        colour, dash = COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)]
        parts.append(
            Markup(
                '<line x1="{x}" y1="14" x2="{x2}" y2="14" stroke="{c}" stroke-width="4"'
                ' stroke-dasharray="{d}"/>'
            ).format(x=x, x2=x + 24, c=colour, d=dash)
        )
        parts.append(_marker(index, x + 12, 14, colour))
        parts.append(_text(x + 30, 18, name, anchor="start"))
        x += 40 + 7 * len(name)
    return Markup('<g aria-hidden="true">{}</g>').format(Markup("").join(parts))


def _marker(index: int, x: float, y: float, colour: str) -> Markup:
    shape = MARKERS[index % len(MARKERS)]
    if shape == "circle":
        return Markup('<circle cx="{:.1f}" cy="{:.1f}" r="4" fill="{}"/>').format(x, y, colour)
    if shape == "square":
        return Markup('<rect x="{:.1f}" y="{:.1f}" width="8" height="8" fill="{}"/>').format(
            x - 4, y - 4, colour
        )
    corners = _SHAPES[shape]
    points = " ".join(f"{x + dx:.1f},{y + dy:.1f}" for dx, dy in corners)
    return Markup('<polygon points="{}" fill="{}"/>').format(points, colour)


# A plus sign's twelve corners.
_CROSS_X = (-2, 2, 2, 5, 5, 2, 2, -2, -2, -5, -5, -2)
_CROSS_Y = (-5, -5, -2, -2, 2, 2, 5, 5, 2, 2, -2, -2)
# Each marker drawn as a polygon, as offsets from its centre.
_SHAPES = {
    "triangle": ((0, -5), (5, 4), (-5, 4)),
    "diamond": ((0, -5), (5, 0), (0, 5), (-5, 0)),
    "cross": tuple(zip(_CROSS_X, _CROSS_Y, strict=True)),
    "star": tuple(
        (
            round((5 if i % 2 == 0 else 2.2) * math.sin(math.pi * i / 5), 2),
            round(-(5 if i % 2 == 0 else 2.2) * math.cos(math.pi * i / 5), 2),
        )
        for i in range(10)
    ),
}


def _vertical_frame(data: _Data, top_value: float, height: int) -> tuple[Markup, callable]:
    """Gridlines, the value axis and the category labels of a vertical chart."""
    bound, ticks = _scale(top_value)
    plot_h = height - TOP - BOTTOM
    plot_w = WIDTH - LEFT - RIGHT

    def y_of(value: float) -> float:
        return TOP + plot_h - plot_h * value / bound

    parts = []
    for tick in ticks:
        y = y_of(tick)
        parts.append(
            Markup(
                '<line x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" stroke="{}" stroke-width="1"/>'
            ).format(LEFT, y, WIDTH - RIGHT, y, GRID)
        )
        parts.append(_text(LEFT - 6, y + 4, _number(tick), anchor="end", size=11))
    band = plot_w / len(data.labels)
    crowded = len(data.labels) > 8
    for i, label in enumerate(data.labels):
        x = LEFT + band * (i + 0.5)
        if crowded:
            y = height - BOTTOM + 14
            parts.append(_text(x, y, _short(label, 12), anchor="end", size=10, turn=-35))
        else:
            parts.append(_text(x, height - BOTTOM + 18, _short(label, 18), size=11))
    return Markup('<g aria-hidden="true">{}</g>').format(Markup("").join(parts)), y_of


def _short(label: str, most: int) -> str:
    return label if len(label) <= most else label[: most - 1] + "\u2026"


def _line(data: _Data) -> tuple[int, Markup]:
    height = 300
    top = max(v for _, vs in data.series for v in vs if v is not None)
    frame, y_of = _vertical_frame(data, top, height)
    band = (WIDTH - LEFT - RIGHT) / len(data.labels)
    parts = [frame]
    for index, (_, values) in enumerate(data.series):
        colour, dash = COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)]
        points: list[str] = []
        runs = []
        for i, value in enumerate(values):
            if value is None:  # a gap, not a zero: the figure is hidden or missing
                runs.append(points)
                points = []
                continue
            x, y = LEFT + band * (i + 0.5), y_of(value)
            points.append(f"{x:.1f},{y:.1f}")
            parts.append(_marker(index, x, y, colour))
        runs.append(points)
        for run in runs:
            if len(run) > 1:
                parts.append(
                    Markup(
                        '<polyline points="{}" fill="none" stroke="{}" stroke-width="3"'
                        ' stroke-dasharray="{}"/>'
                    ).format(" ".join(run), colour, dash)
                )
    return height, Markup('<g aria-hidden="true">{}</g>').format(Markup("").join(parts))


def _bars(data: _Data) -> tuple[int, Markup]:
    height = 300
    top = max(v for _, vs in data.series for v in vs if v is not None)
    frame, y_of = _vertical_frame(data, top, height)
    band = (WIDTH - LEFT - RIGHT) / len(data.labels)
    width = band * 0.7 / len(data.series)
    parts = [frame]
    for index, (_, values) in enumerate(data.series):
        colour = COLOURS[index % len(COLOURS)]
        for i, value in enumerate(values):
            if value is None:
                continue
            x = LEFT + band * i + band * 0.15 + width * index
            y = y_of(value)
            parts.append(
                Markup(
                    '<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}"/>'
                ).format(x, y, width, y_of(0) - y, colour)
            )
            if width >= 18:
                parts.append(_text(x + width / 2, y - 4, _number(value), size=10))
    return height, Markup('<g aria-hidden="true">{}</g>').format(Markup("").join(parts))


def _stacked(data: _Data) -> tuple[int, Markup]:
    height = 300
    totals = [sum(vs[i] or 0 for _, vs in data.series) for i in range(len(data.labels))]
    frame, y_of = _vertical_frame(data, max(totals), height)
    band = (WIDTH - LEFT - RIGHT) / len(data.labels)
    parts = [frame]
    base = [0.0] * len(data.labels)
    for index, (_, values) in enumerate(data.series):
        colour = COLOURS[index % len(COLOURS)]
        for i, value in enumerate(values):
            if not value:
                continue
            x = LEFT + band * i + band * 0.2
            low, high = y_of(base[i]), y_of(base[i] + value)
            parts.append(
                Markup(
                    '<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}"'
                    ' stroke="#ffffff" stroke-width="1"/>'
                ).format(x, high, band * 0.6, low - high, colour)
            )
            base[i] += value
    return height, Markup('<g aria-hidden="true">{}</g>').format(Markup("").join(parts))


def _hbars(data: _Data) -> tuple[int, Markup]:
    left = min(260, 16 + 6 * max(len(label) for label in data.labels))
    rows = len(data.labels) * len(data.series)
    height = TOP + BAND_HEIGHT * rows + BOTTOM
    top = max(v for _, vs in data.series for v in vs if v is not None)
    bound, ticks = _scale(top)
    plot_w = WIDTH - left - RIGHT - 40  # room for the number after the longest bar

    def x_of(value: float) -> float:
        return left + plot_w * value / bound

    parts = []
    for tick in ticks:
        x = x_of(tick)
        parts.append(
            Markup(
                '<line x1="{:.1f}" y1="{}" x2="{:.1f}" y2="{}" stroke="{}" stroke-width="1"/>'
            ).format(x, TOP, x, height - BOTTOM, GRID)
        )
        parts.append(_text(x, height - BOTTOM + 16, _number(tick), size=11))
    group = BAND_HEIGHT * len(data.series)
    for i, label in enumerate(data.labels):
        y0 = TOP + group * i
        parts.append(_text(left - 6, y0 + group / 2 + 4, _short(label, 40), anchor="end"))
        for index, (_, values) in enumerate(data.series):
            value = values[i]
            y = y0 + BAND_HEIGHT * index + 4
            if value is None:
                parts.append(_text(left + 4, y + 15, "\u2013", anchor="start", size=11))
                continue
            parts.append(
                Markup('<rect x="{}" y="{:.1f}" width="{:.1f}" height="{}" fill="{}"/>').format(
                    left, y, x_of(value) - left, BAND_HEIGHT - 8, COLOURS[index % 6]
                )
            )
            parts.append(_text(x_of(value) + 4, y + 15, _number(value), anchor="start", size=11))
    return height, Markup('<g aria-hidden="true">{}</g>').format(Markup("").join(parts))
