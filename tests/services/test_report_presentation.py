"""How the board report presents its figures (issue 18, item 4): each equality question
over its answers, series told apart by more than colour, bars labelled, a total stated
rather than drawn as a bar beside its parts, and no internal category codes."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.widgetbase import isAuto

from complaints.reports import charts, csv_export, pdf, plotting, svg
from complaints.reports.pack import monthly_pack
from complaints.reports.tables import Chart, Figure, ReportSettings, Table
from tests import report_dataset
from tests.report_samples import sample_pack

THRESHOLD = 5
SETTINGS = ReportSettings(force_name="Testshire Police", forces=(1,), threshold=THRESHOLD)


def _plot(drawing, kind):
    return next(c for c in drawing.contents if isinstance(c, kind))


def _trends():
    return next(t for t in sample_pack().tables if t.chart and t.chart.kind == "line")


def _open_cases() -> Table:
    rows = (("Under 3 months", Figure(40)), ("3 to 6 months", Figure(25)))
    return Table(
        key="open_by_age",
        title="Open cases by age",
        columns=("Time since received", "Open cases"),
        rows=(*rows, ("All open cases", Figure(65, total=True))),
        chart=Chart("bar", (1,)),
    )


def test_each_line_has_its_own_colour_dash_and_marker_and_the_legend_shows_them():
    table = _trends()
    drawing = charts.draw(table, circulated=True, threshold=THRESHOLD, width=480)
    plot = _plot(drawing, HorizontalLineChart)
    lines = [plot.lines[i] for i in range(len(table.chart.series))]
    assert len(lines) >= 2
    looks = [(ln.strokeColor, tuple(ln.strokeDashArray or ()), ln.symbol.kind) for ln in lines]
    for part in range(3):
        assert len({look[part] for look in looks}) == len(lines), looks
    legend = _plot(drawing, Legend)
    assert isAuto(legend.colorNamePairs)  # each entry is drawn by the chart: line and marker
    swatches = [plot.makeSwatchSample(i, 0, 0, 20, 8) for i in range(len(lines))]
    for swatch, line in zip(swatches, lines, strict=True):
        drawn = swatch.contents
        assert drawn[0].strokeDashArray == line.strokeDashArray
        assert drawn[1] is not None  # the marker
    assert [plot.getSeriesName(i, "") for i in range(len(lines))] == [
        table.columns[i] for i in table.chart.series
    ]


def test_the_dashboard_chart_gives_each_series_its_own_dash_and_marker():
    assert len(set(svg.DASHES)) == len(svg.DASHES)
    assert len(set(plotting.MARKERS)) == len(plotting.MARKERS)
    markup = str(svg.chart(_trends(), circulated=True, threshold=THRESHOLD))
    legend = markup.split('<g aria-hidden="true">')[1]
    for dash in svg.DASHES[:2]:
        assert f'stroke-dasharray="{dash}"' in legend
    assert "<circle" in legend and "<rect" in legend  # a circle and a square marker


def test_bars_carry_their_numbers():
    drawing = charts.draw(_open_cases(), circulated=True, threshold=THRESHOLD, width=480)
    plot = _plot(drawing, VerticalBarChart)
    assert [plot.barLabelFormat(v) for v in plot.data[0]] == ["40", "25"]
    table = next(t for t in sample_pack().tables if t.chart and t.chart.kind == "hbar")
    drawing = charts.draw(table, circulated=True, threshold=THRESHOLD, width=480)
    plot = _plot(drawing, HorizontalBarChart)
    assert plot.barLabelFormat(61.0) == "61"
    assert plot.barLabelFormat(None) == ""  # a hidden value: no bar and no number


def test_a_total_is_stated_in_words_not_drawn_as_a_bar_beside_its_parts():
    table = _open_cases()
    drawing = charts.draw(table, circulated=True, threshold=THRESHOLD, width=480)
    plot = _plot(drawing, VerticalBarChart)
    assert plot.data == [[40.0, 25.0]]
    assert "All open cases" not in " ".join(plot.categoryAxis.categoryNames)
    markup = str(svg.chart(table, circulated=True, threshold=THRESHOLD))
    assert "All open cases" not in markup
    assert markup.count('<rect x="') == 2
    totals = plotting.stated_totals(table, circulated=True, threshold=THRESHOLD)
    assert totals == "All open cases: 65"


def _text(pack, circulated: bool) -> str:
    data = pdf.render(
        pack, circulated=circulated, threshold=THRESHOLD, generated_on=dt.date(2026, 5, 3)
    )
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages
    )


@pytest.fixture
def built(db):
    expected = report_dataset.build(db)
    return monthly_pack(db, expected.month, SETTINGS, today=expected.today)


def test_the_report_states_each_equality_question_over_its_answers_and_no_category_code(built):
    text = _text(built, circulated=True)
    for key, question in (("disability", "Disability"), ("sex", "Sex")):
        table = next(t for t in built.tables if t.key == f"equality_{key}")
        assert table.columns[0] == f"{question}: answer given"
        assert f"{question}: answer given" in text
        data = csv_export.table_csv(table, circulated=True, threshold=THRESHOLD)
        assert data.decode("utf-8-sig").startswith(f"{question}: answer given,")
    # The open caseload's total is in its table and stated under its chart.
    assert re.search(r"the total is not drawn\. All open cases: \d+", text)
    categories = next(t for t in built.tables if t.key == "allegation_categories")
    for row in categories.rows:
        assert not re.match(r"[A-L]\d* ", row[0])
        assert row[0] in text
    assert not re.search(r"\b[A-L]\d{0,2} (Delivery|Police powers|Individual)", text)
    assert "Delivery of duties and service" in text
