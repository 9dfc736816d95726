"""Who may be named as investigator: an active investigator, and on a complaint about the
chief constable only one from outside the force."""

from __future__ import annotations

from types import SimpleNamespace

from complaints.auth.roles import Role
from complaints.investigations.investigators import OUTSIDE_ONLY, why_not


def person(role=Role.INVESTIGATOR, active=True, external=False):
    return SimpleNamespace(role=role, active=active, external=external)


def test_the_force_s_own_investigators_may_not_investigate_the_chief_constable():
    chief = SimpleNamespace(about_chief_officer=True)
    ordinary = SimpleNamespace(about_chief_officer=False)
    assert why_not(ordinary, person()) is None
    assert why_not(chief, person()) == OUTSIDE_ONLY
    assert why_not(chief, person(external=True)) is None
    for nobody in (None, person(active=False), person(role=Role.HANDLER)):
        assert why_not(ordinary, nobody) == "Choose an active investigator"
