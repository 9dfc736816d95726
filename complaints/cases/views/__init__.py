"""The case pages and every form that changes a case, one module per part of the work.

All of them hang off one blueprint, so endpoints read ``cases.<name>`` wherever the
route is defined; importing the modules registers their routes.
"""

from complaints.cases.views import (  # noqa: F401
    allegations,
    casework,
    correspondence,
    intake,
    letters,
    pages,
    steps,
)
from complaints.cases.views.blueprint import bp

__all__ = ["bp"]
