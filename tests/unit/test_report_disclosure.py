"""The disclosure check of the circulated report (issue 18): for every withheld count, the
smallest and largest values consistent with everything published, by linear programming.

Each of the three ways hidden counts could be worked out is given as the table the older
rules circulated: the check finds the leak there, and none in the table the rules make
now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from complaints.reports.disclosure import DisclosureRefused, check, secured
from complaints.reports.queries import share
from complaints.reports.tables import (
    PROTECTION,
    Figure,
    Kind,
    MonthlyPack,
    Section,
    Table,
    protect,
    show,
)


def _pack(*tables: Table) -> MonthlyPack:
    return MonthlyPack("Northshire Police", dt.date(2026, 4, 1), (Section("s", "S", tables),))


def _withheld(table: Table, *cells: tuple[int, int]) -> Table:
    """The table with these (row, column) figures withheld, as an older rule left it."""
    rows = [list(row) for row in table.rows]
    for r, i in cells:
        rows[r][i] = replace(rows[r][i], withheld=True)
    return replace(table, rows=tuple(tuple(row) for row in rows))


def _read(table: Table) -> list[list[str]]:
    return [[show(c, circulated=True, threshold=5) for c in row[1:]] for row in table.rows]


def _leaking(pack: MonthlyPack, **told) -> dict[str, tuple[float, float]]:
    return {
        leak.place.row: (round(leak.low, 2), round(leak.high, 2))
        for leak in check(pack, 5, **told).leaks
    }


def _upheld() -> Table:
    return Table(
        "reviews_upheld",
        "% of reviews decided that were upheld, by review body",
        ("Review body", "April"),
        (
            ("OPCC", share(0, 3)),
            ("IOPC", share(0, 6)),
            ("All review bodies", share(0, 9, total=True)),
        ),
    )


def test_a_share_hidden_beside_the_others_is_found_and_now_protected():
    """The first way: the OPCC's share hidden beside IOPC 0% and all bodies 0%."""
    before = _upheld()  # the older rule hid only the OPCC's share, over 3 reviews
    assert _read(before) == [["[c]"], ["0%"], ["0%"]]
    assert _leaking(_pack(before)) == {"OPCC": (0.0, 0.04)}
    now = protect(_upheld(), 5)
    assert _read(now) == [["[c]"], ["[c]"], ["[c]"]]
    assert check(_pack(now), 5).passed


def _recording(base: int = 55) -> Table:
    return Table(
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


def test_shares_of_a_base_under_100_pinning_a_hidden_count_are_found_and_now_protected():
    """The second way: 73% of 55 less 55%, 15% and 0% leaves the hidden reason's 2 cases."""
    before = _recording()  # the older rule hid only the share of 2 cases
    assert _read(before) == [["73%"], ["[c]"], ["55%"], ["15%"], ["0%"]]
    low, high = _leaking(_pack(before))["The complainant wishes it"]
    assert low <= 2 <= high and high - low < 2  # nothing but 2 is a whole number there
    now = protect(_recording(), 5)
    assert _read(now) == [["73%"], ["[c]"], ["55%"], ["[c]"], ["0%"]]
    result = check(_pack(now), 5)
    assert result.passed and result.hidden == 2


def _column() -> Table:
    return Table(
        "ages",
        "Open cases by age",
        ("Age", "Open cases"),
        (
            ("Under 3 months", Figure(40)),
            ("3 to 6 months", Figure(1)),
            ("6 to 12 months", Figure(5)),
            ("12 months or more", Figure(9)),
            ("All open cases", Figure(55, total=True)),
        ),
    )


def test_two_markers_gave_hidden_counts_away_and_one_marker_with_a_wider_group_does_not():
    """The third way: 40, "fewer than 5", "*", 9 with a total of 55 can only be 1 and 5,
    once the markers say which hidden count is below 5 and which is not."""
    before = _withheld(_column(), (2, 1))  # the older rule: 1 suppressed, 5 withheld
    told = _leaking(_pack(before), told_small=True)
    assert told == {"3 to 6 months": (1.0, 1.0), "6 to 12 months": (5.0, 5.0)}
    # Without the markers' word, 6 shared by two hidden counts still pins each to 1 to 5.
    assert _leaking(_pack(before)) == {"3 to 6 months": (1.0, 5.0), "6 to 12 months": (1.0, 5.0)}
    now = protect(_column(), 5)
    assert _read(now) == [["40"], ["[c]"], ["[c]"], ["[c]"], ["55"]]
    assert check(_pack(now), 5).passed


def test_every_withheld_figure_shows_one_marker_whichever_rule_withheld_it():
    now = protect(_column(), 5)
    primary, secondary = now.rows[1][1], now.rows[2][1]
    assert not primary.withheld and secondary.withheld
    assert {show(primary, circulated=True, threshold=5)} == {
        show(secondary, circulated=True, threshold=5)
    }
    assert show(Figure(33.3, Kind.PERCENT, base=3), circulated=True, threshold=5) == "[c]"
    assert show(primary, circulated=False, threshold=5) == "1"


def _months(whole: int) -> tuple[Table, Table]:
    """Months of 1, 1, 2 and 4 cases, each part of a 12 months' whole stated elsewhere."""
    months = Table(
        "trends",
        "By month",
        ("Month", "Cases"),
        tuple(
            (name, Figure(n, measure=f"logged:{name}", part_of="logged:12"))
            for name, n in (("Jan", 1), ("Feb", 1), ("Mar", 2), ("Apr", 4), ("May", 0))
        ),
    )
    headline = Table(
        "headlines",
        "Headlines",
        ("Measure", "April", "12 months"),
        (("Logged", Figure(4, measure="logged:Apr"), Figure(whole, measure="logged:12")),),
    )
    return headline, months


def test_a_planted_leak_across_tables_is_closed_by_withholding_more():
    pack = _pack(*_months(8))
    # The table-by-table rule hides the four months but keeps the whole of 8, which pins
    # each of them (every one at least 1) to 1 to 5; April is the headline's too.
    leaks = _leaking(_pack(*(protect(t, 5) for t in pack.tables)))
    assert leaks == {name: (1.0, 5.0) for name in ("Jan", "Feb", "Mar", "Logged")}
    done = secured(pack, 5)
    assert done.checked.passed
    assert [str(p) for p in done.checked.further] == ["Headlines: Logged, 12 months"]
    assert _read(done.tables[0]) == [["[c]", "[c]"]]
    assert check(done, 5).passed
    assert secured(done, 5) is done  # checked once
    assert "after withholding 1 further figure" in done.checked.words()


def test_a_whole_the_months_leave_room_in_stays_published():
    wide = secured(_pack(*_wide()), 5)
    assert wide.checked.passed and not wide.checked.further
    assert _read(wide.tables[0]) == [["[c]", "20"]]
    assert _read(wide.tables[1])[-1] == ["[c]"]  # May's 12 withheld beside the months


def _wide() -> tuple[Table, Table]:
    headline, months = _months(20)
    rows = (*months.rows[:4], ("May", Figure(12, measure="logged:May", part_of="logged:12")))
    return headline, replace(months, rows=rows)


def test_a_leak_nothing_can_close_is_refused_with_the_cell_named():
    """With a threshold of 3, a share of a published base of 4 can only be 0 to 4."""
    table = Table(
        "small",
        "% of investigations open 12 months or more",
        ("Investigation", "April"),
        (("Local", Figure(25.0, Kind.PERCENT, base=4, part=1)),),
    )
    with pytest.raises(DisclosureRefused) as refused:
        secured(_pack(table), 3)
    assert "% of investigations open 12 months or more: Local, April" in str(refused.value)
    assert PROTECTION == 5


def test_a_share_of_a_withheld_total_gives_no_bound():
    """Six open cases, every age band small: the bands and their total are withheld, and
    so are their shares of the total. A reader who cannot see the 6 cannot bound the
    bands by it, so the check passes (it once refused a small force's report here)."""
    bands = ((3, "Under 3 months"), (1, "3 to 6 months"), (1, "6 to 12 months"), (1, "Older"))
    table = Table(
        "open_by_age",
        "Open cases by age",
        ("Age", "Open cases", "% of open cases"),
        (
            *((label, Figure(n, Kind.COUNT), share(n, 6)) for n, label in bands),
            ("All open cases", Figure(6, Kind.COUNT, total=True), share(6, 6)),
        ),
    )
    checked = secured(_pack(table), 5)
    assert checked.checked is not None and checked.checked.leaks == ()
    assert {cell for row in _read(checked.tables[0]) for cell in row} == {"[c]"}
