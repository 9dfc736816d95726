"""Monthly board reports, dashboards and CSV exports."""

from __future__ import annotations

from complaints.reports.views import dashboards, exports, reports, signoff  # noqa: F401 (routes)
from complaints.reports.views.blueprint import bp

__all__ = ["bp"]
