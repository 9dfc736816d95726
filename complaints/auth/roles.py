"""The seven roles of domain.md A8.

They live in ``complaints.common.roles`` because the acting ``Actor`` (in ``common``, which
imports no domain package) carries one; every other part of the service imports them
from here, as before.
"""

from complaints.common.roles import ROLE_LABELS, Role

__all__ = ["ROLE_LABELS", "Role"]
