"""The one kind of refusal the domain gives: a rule said no, in words for the user.

Every package's own error (a case, a review, a lesson, an account) derives from
``Refused`` directly, so the request edge catches one type and shows its message, and a
package's error never claims to be another's.
"""

from __future__ import annotations


class Refused(ValueError):
    """A request a domain rule refuses; the message is written for the user."""


class ChangedMeanwhile(Refused):
    """What the user was editing was saved by someone else after they opened it."""
