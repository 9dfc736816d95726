"""One rule shows every figure of the board pack: counts from 1 to one below the threshold
are hidden in the circulated version, and means or shares over them with them."""

from __future__ import annotations

import datetime as dt

import pytest

from complaints.reports.tables import (
    Figure,
    Kind,
    MonthlyPack,
    ReportSettings,
    Section,
    Table,
    plotted,
    show,
    suppressed,
)


def circulated(cell, threshold=5):
    return show(cell, circulated=True, threshold=threshold)


def full(cell, threshold=5):
    return show(cell, circulated=False, threshold=threshold)


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_small_counts_are_hidden_in_the_circulated_version_and_shown_in_the_full(count):
    assert circulated(Figure(count)) == "fewer than 5"
    assert full(Figure(count)) == str(count)


@pytest.mark.parametrize(("count", "shown"), [(0, "0"), (5, "5"), (1276, "1,276")])
def test_nothing_and_counts_from_the_threshold_are_shown(count, shown):
    assert circulated(Figure(count)) == shown
    assert full(Figure(count)) == shown


def test_the_threshold_comes_from_the_settings():
    assert circulated(Figure(7), threshold=10) == "fewer than 10"
    assert circulated(Figure(10), threshold=10) == "10"
    assert circulated(Figure(4), threshold=3) == "4"


def test_a_mean_or_share_over_a_small_count_is_withheld_with_it():
    assert circulated(Figure(33.3, Kind.PERCENT, base=3)) == "*"
    assert circulated(Figure(133.0, Kind.DAYS, base=4)) == "*"
    assert full(Figure(33.3, Kind.PERCENT, base=3)) == "33%"
    assert full(Figure(133.0, Kind.DAYS, base=4)) == "133.0"


def test_a_count_over_a_small_base_is_hidden_even_if_itself_large():
    figure = Figure(12, Kind.COUNT, base=2)
    assert suppressed(figure, 5)
    assert circulated(figure) == "fewer than 5"


def test_a_mean_with_no_base_or_a_base_of_nothing_is_shown():
    assert circulated(Figure(6, Kind.NUMBER)) == "6"
    assert circulated(Figure(0, Kind.PERCENT, base=0)) == "0%"


@pytest.mark.parametrize(
    ("figure", "shown"),
    [
        (Figure(61.2, Kind.PERCENT, 67), "61%"),
        (Figure(61.5, Kind.PERCENT, 67), "62%"),
        (Figure(1.8, Kind.DAYS, 112), "1.8"),
        (Figure(1234.56, Kind.DAYS, 700), "1,234.6"),
        (Figure(140, Kind.DAYS, 59), "140.0"),
        (Figure(2, Kind.NUMBER), "2"),
        (Figure(3.14, Kind.NUMBER), "3.1"),
        (Figure(12000, Kind.NUMBER), "12,000"),
        (Figure(None), "\u2013"),
        (Figure(None, Kind.DAYS, 3), "\u2013"),
    ],
)
def test_each_kind_of_figure_is_formatted_one_way(figure, shown):
    assert circulated(figure) == shown
    assert full(figure) == shown


def test_words_in_a_table_pass_through():
    assert circulated("Use of police vehicles") == "Use of police vehicles"


def test_charts_leave_out_what_the_reader_may_not_see():
    assert plotted(Figure(3), circulated=True, threshold=5) is None
    assert plotted(Figure(3), circulated=False, threshold=5) == 3.0
    assert plotted(Figure(20.0, Kind.PERCENT, 2), circulated=True, threshold=5) is None
    assert plotted(Figure(0), circulated=True, threshold=5) == 0.0
    assert plotted(Figure(None), circulated=False, threshold=5) is None
    assert plotted("North", circulated=False, threshold=5) is None


def test_the_pack_lists_its_tables_and_the_definitions_they_used():
    first = Table("a", "Cases logged", ("Month", "Cases"), (), definition="By logged date.")
    second = Table("b", "Open cases", ("State", "Cases"), ())
    pack = MonthlyPack(
        "Northshire Police",
        dt.date(2026, 10, 1),
        (Section("trends", "Trends", (first,)), Section("caseload", "Caseload", (second,))),
    )
    assert pack.tables == (first, second)
    assert pack.section("caseload").tables == (second,)
    assert pack.section("equality") is None
    assert pack.definitions == {"Cases logged": "By logged date."}


def test_settings_are_read_from_the_configuration():
    settings = ReportSettings.from_config(
        {
            "FORCE_NAME": "Northshire Police",
            "REPORT_SMALL_COUNT_THRESHOLD": 10,
            "REPORT_TARGETS": {"working_days_to_log": 2},
            "REPORT_NATIONAL_COMPARATORS": {"working_days_to_log": 6},
        }
    )
    assert settings.threshold == 10
    assert settings.targets == {"working_days_to_log": 2}
    assert settings.comparators == {"working_days_to_log": 6}


def test_a_share_of_a_small_count_is_withheld_even_over_a_large_whole():
    from complaints.reports.queries import share

    one_of_six = share(1, 6)
    assert circulated(one_of_six) == "*"
    assert plotted(one_of_six, circulated=True, threshold=5) is None
    assert full(one_of_six) == "17%"
    assert circulated(share(5, 6)) == "83%"


def test_a_total_that_would_give_back_a_suppressed_count_is_withheld():
    from complaints.reports.queries import share
    from complaints.reports.tables import protect

    table = Table(
        "ages",
        "Open cases by age",
        ("Age", "Open cases", "% of open cases"),
        (
            ("Under 3 months", Figure(5), share(5, 6)),
            ("12 months or more", Figure(1), share(1, 6)),
            ("All open cases", Figure(6, total=True), share(6, 6, total=True)),
        ),
    )
    shown = protect(table, 5)
    as_read = [[circulated(c) for c in row[1:]] for row in shown.rows]
    assert as_read == [["5", "*"], ["fewer than 5", "*"], ["*", "*"]]
    assert [[full(c) for c in row[1:]] for row in shown.rows] == [
        ["5", "83%"],
        ["1", "17%"],
        ["6", "100%"],
    ]
    assert plotted(shown.rows[2][1], circulated=True, threshold=5) is None
    assert protect(shown, 5) == shown


def test_a_total_stays_when_nothing_in_its_column_is_suppressed():
    from complaints.reports.tables import protect

    table = Table(
        "overdue",
        "Updates overdue",
        ("How late", "Cases"),
        (("Late", Figure(7)), ("Later", Figure(0)), ("All", Figure(7, total=True))),
    )
    assert [circulated(row[1]) for row in protect(table, 5).rows] == ["7", "0", "7"]


def test_a_summary_naming_a_small_number_is_left_out_of_the_circulated_version():
    from complaints.reports.tables import safe_summary

    text = "In April 2026, 3 complaint cases were logged."
    assert safe_summary(text, circulated=True, threshold=5) == ""
    assert safe_summary(text, circulated=False, threshold=5) == text
    assert safe_summary("In April 2026, 12 cases.", circulated=True, threshold=5)


def test_a_figure_restating_a_withheld_total_elsewhere_is_withheld_too():
    from complaints.reports.tables import protected

    ages = Table(
        "ages",
        "Open cases by age",
        ("Age", "Open cases"),
        (
            ("Under 3 months", Figure(5)),
            ("12 months or more", Figure(1)),
            ("All open cases", Figure(6, total=True, measure="open@2026-04-30")),
        ),
    )
    headlines = Table(
        "headlines",
        "Headlines",
        ("Measure", "April 2026"),
        (
            ("Open cases", Figure(6, measure="open@2026-04-30")),
            ("Open cases a year before", Figure(6, measure="open@2025-04-30")),
        ),
    )
    pack = MonthlyPack(
        "Northshire Police",
        dt.date(2026, 4, 1),
        (Section("headlines", "Headlines", (headlines,)), Section("caseload", "Caseload", (ages,))),
    )
    shown = protected(pack, 5)
    assert [circulated(r[1]) for r in shown.tables[0].rows] == ["*", "6"]
    assert [full(r[1]) for r in shown.tables[0].rows] == ["6", "6"]
    assert protected(shown, 5) == shown


def test_a_whole_with_a_suppressed_part_is_withheld_wherever_it_is_stated():
    from complaints.reports.tables import protected

    parts = Table(
        "divisions",
        "By division",
        ("Division", "Cases"),
        (("North", Figure(9, part_of="logged:4")), ("South", Figure(2, part_of="logged:4"))),
    )
    other = Table(
        "sex",
        "By sex",
        ("Answer", "Cases"),
        (("Female", Figure(6, part_of="logged:4")), ("Male", Figure(5, part_of="logged:4"))),
    )
    whole = Table(
        "headlines",
        "Headlines",
        ("Measure", "Cases"),
        (("Logged", Figure(11, measure="logged:4")),),
    )
    pack = MonthlyPack("N", dt.date(2026, 4, 1), (Section("s", "S", (whole, parts, other)),))
    shown = protected(pack, 5)
    assert circulated(shown.tables[0].rows[0][1]) == "*"
    # The other column of parts adds up to the whole, so one of its parts goes too.
    assert [circulated(r[1]) for r in shown.tables[2].rows] == ["6", "*"]
