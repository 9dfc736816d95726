"""One rule shows every figure of the board pack: counts from 1 to one below the threshold
are hidden in the circulated version, and means or shares over them with them; totals stay
published, and further parts of each whole are withheld so no hidden one stands alone."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

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
    assert circulated(Figure(count)) == "[c]"
    assert full(Figure(count)) == str(count)


@pytest.mark.parametrize(("count", "shown"), [(0, "0"), (5, "5"), (1276, "1,276")])
def test_nothing_and_counts_from_the_threshold_are_shown(count, shown):
    assert circulated(Figure(count)) == shown
    assert full(Figure(count)) == shown


def test_the_threshold_comes_from_the_settings():
    assert circulated(Figure(7), threshold=10) == "[c]"
    assert circulated(Figure(10), threshold=10) == "10"
    assert circulated(Figure(4), threshold=3) == "4"


def test_a_mean_or_share_over_a_small_count_is_withheld_with_it():
    assert circulated(Figure(33.3, Kind.PERCENT, base=3)) == "[c]"
    assert circulated(Figure(133.0, Kind.DAYS, base=4)) == "[c]"
    assert full(Figure(33.3, Kind.PERCENT, base=3)) == "33%"
    assert full(Figure(133.0, Kind.DAYS, base=4)) == "133.0"


def test_a_count_over_a_small_base_is_hidden_even_if_itself_large():
    figure = Figure(12, Kind.COUNT, base=2)
    assert suppressed(figure, 5)
    assert circulated(figure) == "[c]"


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


def _force(id_: int, name: str, targets: dict, comparators: dict) -> SimpleNamespace:
    return SimpleNamespace(
        id=id_, name=name, report_targets=targets, national_comparators=comparators
    )


def test_settings_are_read_from_the_force_and_the_threshold_from_the_configuration():
    settings = ReportSettings.for_forces(
        [_force(1, "Northshire Police", {"working_days_to_log": 2}, {"working_days_to_log": 6})],
        {"FORCE_NAME": "Another name", "REPORT_SMALL_COUNT_THRESHOLD": 10},
    )
    assert settings.force_name == "Northshire Police"
    assert settings.forces == (1,)
    assert settings.threshold == 10
    assert settings.targets == {"working_days_to_log": 2}
    assert settings.comparators == {"working_days_to_log": 6}
    assert settings.combined == ()


def test_a_combined_pack_names_every_force_and_shows_targets_only_if_all_agree():
    config = {"REPORT_SMALL_COUNT_THRESHOLD": 5}
    north = _force(1, "Northshire Police", {"working_days_to_log": 2}, {"working_days_to_log": 6})
    south = _force(2, "Southshire Police", {"working_days_to_log": 2}, {"working_days_to_log": 6})
    agreed = ReportSettings.for_forces([north, south], config)
    assert agreed.force_name == "Northshire Police and Southshire Police (combined)"
    assert agreed.forces == (1, 2)
    assert agreed.combined == ("Northshire Police", "Southshire Police")
    assert agreed.targets == {"working_days_to_log": 2}
    south.report_targets = {"working_days_to_log": 3}
    differing = ReportSettings.for_forces([north, south], config)
    assert differing.targets == {}
    assert differing.comparators == {"working_days_to_log": 6}
    with pytest.raises(ValueError):
        ReportSettings.for_forces([], config)


def test_a_share_of_a_small_count_is_withheld_even_over_a_large_whole():
    from complaints.reports.queries import share

    one_of_six = share(1, 6)
    assert circulated(one_of_six) == "[c]"
    assert plotted(one_of_six, circulated=True, threshold=5) is None
    assert full(one_of_six) == "17%"
    assert circulated(share(5, 6)) == "83%"


def _ages(*counts: int) -> Table:
    from complaints.reports.queries import share

    total = sum(counts)
    return Table(
        "ages",
        "Open cases by age",
        ("Age", "Open cases", "% of open cases"),
        (
            *((f"Band {n}", Figure(c), share(c, total)) for n, c in enumerate(counts)),
            ("All open cases", Figure(total, total=True), share(total, total, total=True)),
        ),
    )


def _read(table: Table) -> list[list[str]]:
    return [[circulated(c) for c in row[1:]] for row in table.rows]


def test_a_total_stays_published_and_a_second_part_is_withheld_beside_a_suppressed_one():
    from complaints.reports.tables import protect

    shown = protect(_ages(5, 0, 1), 5)
    assert _read(shown) == [["[c]", "[c]"], ["0", "0%"], ["[c]", "[c]"], ["6", "100%"]]
    assert [[full(c) for c in row[1:]] for row in shown.rows] == [
        ["5", "83%"],
        ["0", "0%"],
        ["1", "17%"],
        ["6", "100%"],
    ]
    assert plotted(shown.rows[0][1], circulated=True, threshold=5) is None
    assert protect(shown, 5) == shown


def test_parts_are_withheld_smallest_first_until_the_hidden_ones_reach_the_threshold():
    from complaints.reports.tables import protect

    # 1 and 2 hidden add up to 3: one more part, the smallest shown, makes it 9.
    shown = protect(_ages(1, 2, 6, 40), 5)
    assert [row[0] for row in _read(shown)] == ["[c]", "[c]", "[c]", "40", "49"]
    # Two hidden already adding up to the threshold need no more.
    shown = protect(_ages(3, 4, 6, 40), 5)
    assert [row[0] for row in _read(shown)] == ["[c]", "[c]", "6", "40", "53"]
    # A single suppressed part takes the smallest shown part with it, however large.
    shown = protect(_ages(2, 30, 12), 5)
    assert [row[0] for row in _read(shown)] == ["[c]", "30", "[c]", "44"]


def test_a_total_stays_when_nothing_in_its_column_is_suppressed():
    from complaints.reports.tables import protect

    table = Table(
        "overdue",
        "Updates overdue",
        ("How late", "Cases"),
        (("Late", Figure(7)), ("Later", Figure(0)), ("All", Figure(7, total=True))),
    )
    assert [circulated(row[1]) for row in protect(table, 5).rows] == ["7", "0", "7"]


def test_a_small_total_is_suppressed_as_any_small_count():
    from complaints.reports.tables import protect

    assert [row[0] for row in _read(protect(_ages(1, 2), 5))] == [
        "[c]",
        "[c]",
        "[c]",
    ]


def test_parts_of_a_whole_stated_elsewhere_are_closed_column_by_column():
    from complaints.reports.tables import protect

    table = Table(
        "divisions",
        "By division",
        ("Division", "April", "12 months"),
        (
            ("North", Figure(9, part_of="logged:4"), Figure(90, part_of="logged:12")),
            ("South", Figure(2, part_of="logged:4"), Figure(20, part_of="logged:12")),
            ("West", Figure(7, part_of="logged:4"), Figure(70, part_of="logged:12")),
        ),
    )
    shown = protect(table, 5)
    assert _read(shown) == [["9", "90"], ["[c]", "20"], ["[c]", "70"]]


def test_a_summary_naming_a_small_number_is_left_out_of_the_circulated_version():
    from complaints.reports.tables import safe_summary

    text = "In April 2026, 3 complaint cases were logged."
    assert safe_summary(text, circulated=True, threshold=5) == ""
    assert safe_summary(text, circulated=False, threshold=5) == text
    assert safe_summary("In April 2026, 12 cases.", circulated=True, threshold=5)


def test_a_part_withheld_in_one_table_is_withheld_wherever_it_is_restated():
    from complaints.reports.tables import protected

    trends = Table(
        "trends",
        "By month",
        ("Month", "Cases"),
        (
            ("March", Figure(3, measure="logged:3", part_of="logged:12")),
            ("April", Figure(6, measure="logged:4", part_of="logged:12")),
            ("May", Figure(8, measure="logged:5", part_of="logged:12")),
        ),
    )
    headlines = Table(
        "headlines",
        "Headlines",
        ("Measure", "April", "12 months"),
        (("Logged", Figure(6, measure="logged:4"), Figure(17, measure="logged:12")),),
    )
    timeliness = Table(
        "timeliness",
        "Working days to log",
        ("Measure", "April"),
        (
            ("Mean working days to log", Figure(2.5, Kind.DAYS, base=6)),
            ("Cases logged", Figure(6, measure="logged:4")),
        ),
    )
    pack = MonthlyPack(
        "N", dt.date(2026, 4, 1), (Section("s", "S", (headlines, trends, timeliness)),)
    )
    shown = protected(pack, 5)
    # The whole (17) stays published; April goes with March, in every table stating it.
    assert _read(shown.tables[0]) == [["[c]", "17"]]
    assert _read(shown.tables[1]) == [["[c]"], ["[c]"], ["8"]]
    assert _read(shown.tables[2]) == [["[c]"], ["[c]"]]
    assert [full(c) for c in shown.tables[0].rows[0][1:]] == ["6", "17"]
    assert protected(shown, 5) == shown


def test_a_whole_with_a_suppressed_part_stays_published_and_its_parts_are_closed():
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
    assert _read(shown.tables[0]) == [["11"]]
    assert _read(shown.tables[1]) == [["[c]"], ["[c]"]]
    assert _read(shown.tables[2]) == [["6"], ["5"]]


def test_a_share_hidden_beside_shares_of_other_bases_is_not_given_away_by_their_total():
    """OPCC "[c]" beside IOPC 0% and all bodies 0%: every review was not upheld, so the
    hidden share was 0% too. A second share is withheld with it, and a total of 0% (or
    100%), which would give every share in its column, is withheld as well."""
    from complaints.reports.queries import share
    from complaints.reports.tables import protect

    table = Table(
        "reviews_upheld",
        "% of reviews decided that were upheld, by review body",
        ("Review body", "April", "12 months"),
        (
            ("OPCC", share(0, 3), share(2, 12)),
            ("IOPC", share(0, 6), share(6, 20)),
            ("All review bodies", share(0, 9, total=True), share(8, 32, total=True)),
        ),
    )
    shown = protect(table, 5)
    assert _read(shown) == [["[c]", "[c]"], ["[c]", "[c]"], ["[c]", "25%"]]
    assert protect(shown, 5) == shown


def test_shares_of_one_published_base_are_closed_like_the_counts_they_are():
    """Whole-number shares of a base under 100 pin each count: 73% of 55 recorded, less
    the reasons shown (55% and 15%), leaves 3%, which can only be 2 of 55. The smallest
    shown reason is withheld with it, so only the sum of the two can be worked out."""
    from complaints.reports.queries import share
    from complaints.reports.tables import protect

    base = 55
    table = Table(
        "recording",
        "% recorded under Schedule 3, by reason",
        ("Reason", "April"),
        (
            ("Any reason", share(40, base, total=True)),
            ("The complainant wishes it", share(2, base)),
            ("The appropriate authority decided", share(30, base)),
            ("Dissatisfied after initial handling", share(8, base)),
            ("Mandatory", share(0, base)),
        ),
    )
    shown = protect(table, 5)
    assert _read(shown) == [["73%"], ["[c]"], ["55%"], ["[c]"], ["0%"]]
    assert protect(shown, 5) == shown
