"""The lessons-learned register and the learning bulletin."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("learning", __name__, url_prefix="/learning")
