"""The reports blueprint, in a module of its own so each view module can add to it."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")
