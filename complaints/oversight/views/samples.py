"""Pages of this part of oversight."""

from __future__ import annotations

from complaints.oversight.views import bp  # noqa: F401
