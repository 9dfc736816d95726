"""What a blocked step waits for, who does that work and where: the case page's "Not
possible yet" list.

A guard says why a step cannot be taken ("Record a result for every allegation first");
when that is casework someone takes on another page (a ``guards.Missing``), the hint adds
who takes it, in words, because a step often waits on someone else ("The appropriate
authority records the allegations' results"), and a link to that page for a user who
may take it there and then.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import object_session

from complaints.auth.permissions import Permission, can
from complaints.cases import allegations
from complaints.cases.choices import AppropriateAuthority, CaseState
from complaints.cases.guards import Missing, Prerequisite, unresolved_allegations
from complaints.cases.models import Case
from complaints.cases.workflow import Transition
from complaints.common.actor import Actor

__all__ = ["Hint", "Link", "hint_for", "hints"]


@dataclass(frozen=True)
class Link:
    """A page of the case (a blueprint endpoint taking ``case_id``) and the link's words."""

    endpoint: str
    text: str
    values: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Hint:
    step: Transition
    why: str
    who: str | None = None  # "The appropriate authority records the allegations' results."
    link: Link | None = None


def hints(case: Case, actor: Actor, blocked: list[tuple[Transition, str | None]]) -> list[Hint]:
    """A hint for each step the actor could take but for its guard, in the given order."""
    return [_hint(case, actor, step, why) for step, why in blocked if why]


def hint_for(case: Case, actor: Actor, step: Transition, why: str | None) -> Hint | None:
    """The hint for one step (on the step's own page), or None if it is not blocked."""
    return _hint(case, actor, step, why) if why else None


def _hint(case: Case, actor: Actor, step: Transition, why: str) -> Hint:
    if not isinstance(why, Missing):
        return Hint(step, why)
    prerequisite = why.prerequisite
    if prerequisite == Prerequisite.FIRST_CONTACT:
        who = f"{_handlers(case)} records first contact with the complainant."
        link = Link("cases.record_contact", "Record first contact")
        return Hint(step, why, who, link if can(actor, Permission.RECORD_CONTACT, case) else None)
    if prerequisite == Prerequisite.ALLEGATION:
        who = f"{_editors(case)} adds allegations."
        link = Link("cases.add_allegation", "Add an allegation")
        return Hint(step, why, who, link if can(actor, Permission.EDIT_CASE, case) else None)
    if prerequisite == Prerequisite.ALLEGATION_RESULTS:
        return _results(case, actor, step, why)
    who = f"{_deciders(case)} records each subject's conduct outcome."
    link = Link("cases.investigation", "Record the conduct outcomes")
    return Hint(step, why, who, link if can(actor, Permission.DECIDE, case) else None)


def _results(case: Case, actor: Actor, step: Transition, why: str) -> Hint:
    """Outside Schedule 3 the handler records results; under it, the appropriate
    authority (``allegations.result_permission``)."""
    informal = case.state == CaseState.INITIAL_HANDLING
    who = (_handlers(case) if informal else _deciders(case)) + " records the allegations' results."
    if not allegations.may_record_results(actor, case):
        return Hint(step, why, who)
    session = object_session(case)
    number = session.scalars(unresolved_allegations(case.id, informal)).first() if session else None
    allegation = next((a for a in case.allegations if a.number == number), None)
    if allegation is None:
        return Hint(step, why, who, Link("cases.allegations", "Go to the allegations"))
    return Hint(
        step,
        why,
        who,
        Link(
            "cases.record_result",
            f"Record the result of allegation {allegation.number}",
            {"allegation_id": allegation.id},
        ),
    )


# Who, in words. A complaint about the chief constable is the OPCC's (A8).


def _about_chief(case: Case) -> bool:
    return case.appropriate_authority == AppropriateAuthority.PCC


def _handlers(case: Case) -> str:
    return "The OPCC" if _about_chief(case) else "The case's handler"


def _deciders(case: Case) -> str:
    return (
        "The OPCC, as appropriate authority," if _about_chief(case) else "The appropriate authority"
    )


def _editors(case: Case) -> str:
    return "The OPCC" if _about_chief(case) else "The case's handler or the appropriate authority"
