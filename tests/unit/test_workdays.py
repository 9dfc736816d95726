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
