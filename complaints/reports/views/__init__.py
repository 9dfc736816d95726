"""Monthly board reports, dashboards and CSV exports."""

from __future__ import annotations

from complaints.reports.views import (  # noqa: F401 (routes)
    accessible,
    dashboards,
    exports,
    reports,
    signoff,
)
from complaints.reports.views.blueprint import bp

__all__ = ["bp"]
