"""The monthly pack: every measure of domain.md A6 for a month, as sections of tables."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from complaints.reports.tables import MonthlyPack, ReportSettings


def monthly_pack(session: Session, month: dt.date, settings: ReportSettings) -> MonthlyPack:
    """The figures for the month that starts on ``month``, with their comparisons."""
    return MonthlyPack(force_name=settings.force_name, month=month.replace(day=1))
