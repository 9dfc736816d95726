"""What must be true before a lifecycle step (domain.md A2), and the refusal when it is not.

A guard returns a sentence saying why a step cannot be taken, or None. Where a queue lists
the cases a step is waiting on, the guard is a ``Rule``: one SQL clause on ``Case`` that
the guard evaluates for the case in hand and the queue selects by, so the two cannot
disagree about which cases are ready.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select
from sqlalchemy.orm import Session, object_session

from complaints.cases.choices import AllegationResult, CaseState, CaseType, ContactPurpose
from complaints.cases.models import Allegation, Case
from complaints.common.actor import Actor
from complaints.common.errors import Refused
from complaints.investigations.queries import missing_conduct_outcomes, undecided_subjects

E = TypeVar("E")
Guard = Callable[[Case, Actor, dict[str, Any], dt.datetime], str | None]
Effect = Callable[[Session, Actor, Case, dict[str, Any], dt.datetime], CaseState | None]


class TransitionError(Refused):
    """A step that cannot be taken now; the message says why, for the user."""


class Prerequisite(enum.Enum):
    """A piece of casework a step waits for, which someone takes on a page of its own."""

    FIRST_CONTACT = "first_contact"
    ALLEGATION = "allegation"
    ALLEGATION_RESULTS = "allegation_results"
    CONDUCT_OUTCOMES = "conduct_outcomes"


class Missing(str):
    """A guard's refusal that names the casework it waits for, so a page can say who does
    that work and link to it (``cases.hints``); everywhere else it is the sentence."""

    prerequisite: Prerequisite

    def __new__(cls, text: str, prerequisite: Prerequisite) -> Missing:
        made = super().__new__(cls, text)
        made.prerequisite = prerequisite
        return made


def choice(enum_cls: Callable[[Any], E], value: Any, what: str) -> E:
    """A value from the step's data as one of an enum's members, or a clear refusal."""
    try:
        return enum_cls(value)
    except ValueError:
        raise TransitionError(f"Choose {what}") from None


@dataclass(frozen=True)
class Rule:
    """A guard whose yes or no is one SQL clause on ``Case`` (correlated, for the actor).

    ``explain`` says what is missing for the case in hand; ``otherwise`` is the answer when
    it finds nothing more particular to say.
    """

    holds: Callable[[Actor], ColumnElement[bool]]
    explain: Callable[[Case, Actor], str | None]
    otherwise: str

    def __call__(
        self, case: Case, actor: Actor, data: dict[str, Any], now: dt.datetime
    ) -> str | None:
        session = object_session(case)
        if session is not None and session.scalar(
            select(self.holds(actor)).select_from(Case).where(Case.id == case.id)
        ):
            return None
        return self.explain(case, actor) or self.otherwise


# First contact (A2). -------------------------------------------------------------------


def contacted(case: Case, actor: Actor, data: dict[str, Any], now: dt.datetime) -> str | None:
    first_contact = any(c.purpose == ContactPurpose.FIRST_CONTACT for c in case.contacts)
    if (
        case.state == CaseState.LOGGED
        and not first_contact
        and not case.contact_not_possible_reason
    ):
        return Missing(
            "Record first contact with the complainant, or why they could not be "
            "reached, before deciding how to handle the complaint",
            Prerequisite.FIRST_CONTACT,
        )
    return None


def may_handle_informally(
    case: Case, actor: Actor, data: dict[str, Any], now: dt.datetime
) -> str | None:
    if case.mandatory_triggers:
        return (
            "This complaint must be recorded under Schedule 3: "
            + "; ".join(case.mandatory_triggers).lower()
        )
    if case.recording_requested:
        return "The complainant asked for the complaint to be recorded"
    return contacted(case, actor, data, now)


# Ready for the outcome (A2, A3). --------------------------------------------------------


def unresolved_allegations(case_id: int | ColumnElement[int], informal: bool) -> Select[tuple[int]]:
    """The numbers of a case's allegations with no result of the kind its handling gives:
    resolved or not outside Schedule 3, a Schedule 3 result under it."""
    kind = [r for r in AllegationResult if r.outside_schedule_3 == informal]
    return (
        select(Allegation.number)
        .where(
            Allegation.case_id == case_id,
            or_(Allegation.result.is_(None), Allegation.result.not_in(kind)),
        )
        .order_by(Allegation.number)
    )


def _ready_for_outcome(informal: bool) -> Callable[[Actor], ColumnElement[bool]]:
    def holds(actor: Actor) -> ColumnElement[bool]:
        conduct = Case.case_type == CaseType.CONDUCT_MATTER
        any_allegation = exists(select(Allegation.id).where(Allegation.case_id == Case.id))
        return or_(
            and_(
                ~conduct,
                any_allegation.correlate(Case),
                ~exists(unresolved_allegations(Case.id, informal).correlate(Case)),
            ),
            and_(conduct, ~exists(undecided_subjects(Case.id).correlate(Case))),
        )

    return holds


def _missing_for_outcome(informal: bool) -> Callable[[Case, Actor], str | None]:
    def explain(case: Case, actor: Actor) -> str | None:
        if case.case_type == CaseType.CONDUCT_MATTER:
            # A conduct matter's outcome is decided per subject, not per allegation (A3).
            missing = missing_conduct_outcomes(case)
            names = ", ".join(cs.identity.display for cs in missing)
            return Missing(
                f"Record the conduct outcome for every subject first (missing: {names})",
                Prerequisite.CONDUCT_OUTCOMES,
            )
        if not case.allegations:
            return Missing("Add at least one allegation first", Prerequisite.ALLEGATION)
        session = object_session(case)
        numbers = session.scalars(unresolved_allegations(case.id, informal)) if session else ()
        listed = ", ".join(str(n) for n in numbers)
        if not listed:
            return None
        return Missing(
            f"Record a result for every allegation first (missing: {listed})",
            Prerequisite.ALLEGATION_RESULTS,
        )

    return explain


def ready_for_outcome(informal: bool) -> Rule:
    """Every allegation of a complaint has its result; every identified subject of a
    conduct matter has a conduct decision (A3)."""
    return Rule(
        _ready_for_outcome(informal),
        _missing_for_outcome(informal),
        Missing("Record a result for every allegation first", Prerequisite.ALLEGATION_RESULTS),
    )


# Closing a matter (A2). -----------------------------------------------------------------


def _matter_closes(actor: Actor) -> ColumnElement[bool]:
    return or_(
        and_(
            Case.case_type == CaseType.CONDUCT_MATTER,
            Case.state == CaseState.OUTCOME_DETERMINED,
        ),
        and_(Case.case_type == CaseType.DSI_MATTER, Case.state == CaseState.REFERRED),
    )


def _why_matter_stays_open(case: Case, actor: Actor) -> str | None:
    if case.case_type == CaseType.CONDUCT_MATTER:
        return "A conduct matter is finalised once its outcome is determined"
    return "A DSI matter is finalised once it has been referred to the IOPC"


# A DSI matter closes once referred; a conduct matter once its outcome is decided.
matter_ready_to_close = Rule(
    _matter_closes, _why_matter_stays_open, "This matter cannot be finalised yet"
)
