"""The one blueprint every case route is registered on."""

from flask import Blueprint

bp = Blueprint("cases", __name__, url_prefix="/cases")
