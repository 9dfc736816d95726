"""Dip sampling and twelve-month investigation reports for OPCC oversight."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("oversight", __name__, url_prefix="/oversight")
