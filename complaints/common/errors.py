"""The one kind of refusal the domain gives: a rule said no, in words for the user.

Every package's own error (a case, a review, a lesson, an account) derives from
``Refused`` directly, so the request edge catches one type and shows its message, and a
package's error never claims to be another's.
"""

from __future__ import annotations


class Refused(ValueError):
    """A request a domain rule refuses; the message is written for the user. ``field``
    names the form field it is about, so a form can show the message beside it."""

    field: str | None = None

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        if field is not None:
            self.field = field


class ChangedMeanwhile(Refused):
    """What the user was editing was saved by someone else after they opened it."""
