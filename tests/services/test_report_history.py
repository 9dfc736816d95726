"""A month's report depends on the period it looks at, not on how much history is kept.

Every measure is bounded by the month, its comparisons and the trends' 24 months, or by
the cases and lessons still open at a date; years of closed work before all of those
must change no figure, no word and no table of the pack.
"""

from __future__ import annotations

import datetime as dt

from complaints.reports import queries as q
from complaints.reports.pack import monthly_pack
from complaints.reports.periods import month_period
from tests import report_dataset
from tests.services.test_monthly_pack import SETTINGS


def test_older_closed_history_changes_no_figure_of_the_month(db):
    expected = report_dataset.build(db)
    before = monthly_pack(db, expected.month, SETTINGS, today=expected.today)

    report_dataset.build_old_history(db)
    after = monthly_pack(db, expected.month, SETTINGS, today=expected.today)

    assert after == before


def test_the_older_history_is_there_to_be_ignored(db):
    """The comparison above means something only if the old work counts in its own months."""
    report_dataset.build_old_history(db)
    forces = SETTINGS.forces
    assert q.cases_logged(db, month_period(dt.date(2021, 3, 1)), forces).value == 1
    assert q.cases_finalised(db, month_period(dt.date(2022, 1, 1)), forces).value == 1
    assert q.conduct_outcomes(db, month_period(dt.date(2021, 6, 1)), forces)["Case to answer"] == 1
    assert q.learning_implemented(db, month_period(dt.date(2021, 7, 1)), forces).value == 1
    assert q.open_cases(db, dt.date(2022, 5, 5), forces).value == 1  # withdrawn on 9 May
