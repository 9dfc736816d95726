"""Working days skip weekends and England and Wales bank holidays (domain.md A5)."""

from __future__ import annotations

import datetime as dt

import pytest

from complaints.common import workdays

D = dt.date


@pytest.mark.parametrize(
    "day, working",
    [
        (D(2026, 12, 24), True),  # Thursday
        (D(2026, 12, 25), False),  # Christmas Day, Friday
        (D(2026, 12, 26), False),  # Boxing Day, Saturday
        (D(2026, 12, 28), False),  # substitute day for Boxing Day, Monday
        (D(2026, 12, 29), True),
        (D(2027, 1, 1), False),  # New Year's Day
        (D(2026, 8, 31), False),  # summer bank holiday in England (not Scotland's date)
        (D(2026, 8, 3), True),  # Scotland's summer holiday is a working day here
    ],
)
def test_bank_holidays_of_england_and_wales(day, working):
    assert workdays.is_working_day(day) is working


def test_adding_working_days_across_christmas_2026():
    # Five working days from Wednesday 23 December: 24, 29, 30, 31 Dec and 4 Jan.
    assert workdays.add(D(2026, 12, 23), 5) == D(2027, 1, 4)


def test_adding_across_a_weekend():
    assert workdays.add(D(2026, 11, 20), 1) == D(2026, 11, 23)  # Friday -> Monday


def test_counting_working_days_between_dates():
    assert workdays.between(D(2026, 12, 23), D(2027, 1, 4)) == 5
    assert workdays.between(D(2026, 11, 20), D(2026, 11, 20)) == 0
    assert workdays.between(D(2026, 11, 23), D(2026, 11, 20)) == 0


def _between_by_walking(start: dt.date, end: dt.date) -> int:
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if workdays.is_working_day(day):
            count += 1
    return count


def test_fast_count_equals_walking_every_pair_over_christmas_and_easter_2027():
    first, last = D(2026, 12, 1), D(2027, 4, 12)  # Easter 2027: 26 to 29 March
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    mismatches = [
        (start, end, workdays.between(start, end), _between_by_walking(start, end))
        for start in days
        for end in days
        if workdays.between(start, end) != _between_by_walking(start, end)
    ]
    assert mismatches == []


def test_fast_count_over_several_years_and_from_a_weekend_or_holiday():
    assert workdays.between(D(2023, 6, 17), D(2028, 2, 29)) == _between_by_walking(
        D(2023, 6, 17), D(2028, 2, 29)
    )
    # From Christmas Day 2027 (Saturday) past both Monday and Tuesday substitute days.
    assert workdays.between(D(2027, 12, 25), D(2027, 12, 31)) == 3
    assert workdays.between(D(2027, 12, 24), D(2027, 12, 27)) == 0


@pytest.mark.parametrize(
    "start, end",
    [
        (D(1998, 12, 20), D(2003, 1, 6)),  # years apart, across the millennium
        (D(1999, 12, 24), D(2000, 1, 5)),  # the millennium's own holiday (31 December)
        (D(2019, 5, 1), D(2026, 12, 29)),
    ],
)
def test_fast_count_equals_walking_across_years(start, end):
    assert workdays.between(start, end) == _between_by_walking(start, end)
