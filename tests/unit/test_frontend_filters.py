"""Dates and deadlines read the way the design asks: '3 March 2026', 'in 4 working days'."""

from __future__ import annotations

import datetime as dt

from complaints.frontend import deadline_phrase, format_date, format_datetime


def test_dates_in_words():
    assert format_date(dt.date(2026, 3, 3)) == "3 March 2026"
    assert format_date(None, "Never") == "Never"


def test_timestamps_shown_in_london_time():
    summer = dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC)  # 00:30 BST on 2 July
    assert format_date(summer) == "2 July 2026"
    assert format_datetime(summer) == "2 July 2026 at 12:30am"
    winter = dt.datetime(2026, 12, 1, 14, 5, tzinfo=dt.UTC)
    assert format_datetime(winter) == "1 December 2026 at 2:05pm"


def test_deadline_phrases():
    today = dt.date(2026, 12, 23)
    assert deadline_phrase(dt.date(2026, 12, 23), today) == "due today"
    assert deadline_phrase(dt.date(2026, 12, 24), today) == "in 1 working day"
    assert deadline_phrase(dt.date(2027, 1, 4), today) == "in 5 working days"
    overdue = str(deadline_phrase(dt.date(2026, 12, 21), dt.date(2026, 12, 29)))
    assert "4 working days overdue" in overdue  # 22, 23, 24 and 29 December
