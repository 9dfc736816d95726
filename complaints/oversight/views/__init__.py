"""Dip sampling and twelve-month investigation reports for OPCC oversight."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("oversight", __name__, url_prefix="/oversight")

from complaints.oversight.views import samples, twelve_month  # noqa: E402, F401 (routes)
