"""Allegations after intake (domain.md A3): adding and changing them, and recording each
one's result with the actions taken (B3.5).

Which results and actions a case may take depends on how it is being handled, so the
forms and the checks here read the same few functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, object_session

from complaints.auth.permissions import Permission, can
from complaints.cases import services
from complaints.cases.choices import (
    INVESTIGATION_STATES,
    OUTCOME_REACHED_STATES,
    RESULT_STATES,
    AllegationAction,
    AllegationResult,
    CaseState,
)
from complaints.cases.models import Allegation, Case, CaseSubject
from complaints.cases.services import AllegationData, CaseError
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.limits import characters, too_long
from complaints.intervention import scan as early_intervention
from complaints.investigations.models import ConductOutcome
from complaints.reference.models import AllegationCategory

MAX_DESCRIPTION = 5000
MAX_PLACE = 200
MAX_ACTIONS_NOTE = 2000


A = AllegationAction
# Outside Schedule 3 there are no proceedings: only what resolves the matter (B3.5).
_INFORMAL_ACTIONS = (
    A.EXPLANATION,
    A.APOLOGY,
    A.PUT_RIGHT,
    A.NO_FURTHER_ACTION,
    A.INDIVIDUAL_LEARNING,
    A.ORGANISATIONAL_LEARNING,
)
_INFORMAL_RESULTS = (AllegationResult.RESOLVED, AllegationResult.NOT_RESOLVED)
_SCHEDULE_3_RESULTS = (
    AllegationResult.SERVICE_ACCEPTABLE,
    AllegationResult.SERVICE_NOT_ACCEPTABLE,
    AllegationResult.UNABLE_TO_DETERMINE,
    AllegationResult.NO_FURTHER_ACTION,
)


# What may be done now. ------------------------------------------------------------------


def change_refusal(case: Case) -> str | None:
    """Why the case's allegations can no longer be added to or changed, or None."""
    if case.state in OUTCOME_REACHED_STATES:
        return "The outcome has been determined, so the allegations can no longer be changed"
    if not case.is_open:
        return "The case is closed, so the allegations can no longer be changed"
    return None


def result_refusal(case: Case) -> str | None:
    """Why no result can be recorded while the case is in its present state, or None."""
    if case.state in RESULT_STATES:
        return None
    if case.state == CaseState.LOGGED:
        return (
            "Decide how the complaint will be handled first: results are recorded once it "
            "is handled outside Schedule 3, or recorded and being handled"
        )
    if case.state in (CaseState.RECORDED, CaseState.REFERRED):
        return (
            "Decide how the case will be handled first: results are recorded while it is "
            "handled otherwise than by investigation, or once the investigation report is in"
        )
    if case.state in INVESTIGATION_STATES:
        return "Results are recorded once the investigation report is in"
    if case.state in OUTCOME_REACHED_STATES:
        return "The outcome has been determined, so the results can no longer be changed"
    return "The case is closed, so results can no longer be recorded"


def result_permission(case: Case) -> Permission:
    """Outside Schedule 3 the handler records results; under it, the appropriate authority."""
    if case.state == CaseState.INITIAL_HANDLING:
        return Permission.HANDLE_INFORMALLY
    return Permission.DECIDE


def may_record_results(actor: Actor, case: Case) -> bool:
    return result_refusal(case) is None and can(actor, result_permission(case), case)


def results_for(case: Case) -> tuple[AllegationResult, ...]:
    """The results valid in the case's present state (A3), in the order offered."""
    if case.state == CaseState.INITIAL_HANDLING:
        return _INFORMAL_RESULTS
    if case.state in RESULT_STATES:
        return _SCHEDULE_3_RESULTS
    return ()


# Misconduct proceedings follow only an investigation that found a case to answer
# (domain.md A10): never a complaint handled otherwise than by investigation.
_PROCEEDINGS = (A.MISCONDUCT_MEETING, A.MISCONDUCT_HEARING, A.ACCELERATED_HEARING)


def _case_to_answer(case: Case) -> bool:
    """Whether the investigation found a case to answer for any subject of the case."""
    session = object_session(case)
    ids = [cs.id for cs in case.subjects]
    if case.investigation is None or session is None or not ids:
        return False
    found = exists().where(
        ConductOutcome.case_subject_id.in_(ids), ConductOutcome.case_to_answer.is_(True)
    )
    return bool(session.scalar(select(found)))


def actions_for(case: Case) -> tuple[AllegationAction, ...]:
    """The actions an allegation's result may record, as the case has been handled."""
    if case.state == CaseState.INITIAL_HANDLING:
        return _INFORMAL_ACTIONS
    if not _case_to_answer(case):
        return tuple(a for a in AllegationAction if a not in _PROCEEDINGS)
    return tuple(AllegationAction)


# Adding and changing allegations. ------------------------------------------------------


def add_allegation(
    session: Session, actor: Actor, case: Case, data: AllegationData, now: dt.datetime
) -> Allegation:
    """A further allegation found after intake, numbered after the last one and logged now:
    it counts in the month it was added, not the month its case was logged."""
    audit.acting(session, actor, now)
    _check_open(case)
    category = _category_in_use(session, data.category_id)
    _check_details(case, data)
    linked = _case_subjects(case, data.subject_ids)
    allegation = Allegation(
        case_id=case.id,
        number=max((a.number for a in case.allegations), default=0) + 1,
        category=category,
        category_id=category.id,
        description=data.description.strip(),
        incident_on=data.incident_on,
        incident_place=_place(data),
        logged_at=now,
        subjects=linked,
    )
    case.allegations.append(allegation)
    case.updated_at = now
    session.flush()
    if linked:
        _record_subjects(session, actor, allegation, [], _ids(linked), {}, now)
        session.flush()
    early_intervention.after_case_change(session, case, now)
    return allegation


def update_allegation(
    session: Session, actor: Actor, allegation: Allegation, data: AllegationData, now: dt.datetime
) -> Allegation:
    """Correct an allegation: its category, description, incident and who it concerns."""
    audit.acting(session, actor, now)
    case = allegation.case
    _check_open(case)
    category = (
        allegation.category
        if data.category_id == allegation.category_id
        else _category_in_use(session, data.category_id)
    )
    _check_details(case, data)
    linked = _case_subjects(case, data.subject_ids)
    old_ids, new_ids = _ids(allegation.subjects), _ids(linked)
    allegation.category = category
    allegation.category_id = category.id
    allegation.description = data.description.strip()
    allegation.incident_on = data.incident_on
    allegation.incident_place = _place(data)
    if old_ids != new_ids:
        allegation.subjects = linked
        # The link table is not audited on its own: one event says everything that changed.
        _record_subjects(
            session, actor, allegation, old_ids, new_ids, audit.changes_of(allegation), now
        )
        audit.mark_described(session, "allegations", allegation.id)
    case.updated_at = now
    session.flush()
    early_intervention.after_case_change(session, case, now)
    return allegation


def _check_open(case: Case) -> None:
    refusal = change_refusal(case)
    if refusal:
        raise CaseError(refusal)


def _category_in_use(session: Session, category_id: int) -> AllegationCategory:
    category = session.get(AllegationCategory, category_id)
    if category is None or not category.active or category.legacy:
        raise CaseError("Choose an allegation category that is in use")
    return category


def _check_details(case: Case, data: AllegationData) -> None:
    if not data.description.strip():
        raise CaseError("Enter a description of the allegation")
    if characters(data.description.strip()) > MAX_DESCRIPTION:
        raise CaseError(too_long("The description of the allegation", MAX_DESCRIPTION))
    if data.incident_on and data.incident_on > case.received_on:
        raise CaseError("The incident date must be on or before the date the case was received")
    if len(_place(data) or "") > MAX_PLACE:
        raise CaseError(too_long("Where it happened", MAX_PLACE))


def _place(data: AllegationData) -> str | None:
    return (data.incident_place or "").strip() or None


def _case_subjects(case: Case, subject_ids: tuple[int, ...]) -> list[CaseSubject]:
    on_case = {cs.subject_id: cs for cs in case.subjects}
    if any(sid not in on_case for sid in subject_ids):
        raise CaseError("Choose people who are named on the case")
    return [on_case[sid] for sid in dict.fromkeys(subject_ids)]


def _ids(case_subjects: list[CaseSubject]) -> list[int]:
    return sorted(cs.subject_id for cs in case_subjects)


def _record_subjects(
    session: Session,
    actor: Actor,
    allegation: Allegation,
    old: list[int],
    new: list[int],
    other_changes: dict,
    now: dt.datetime,
) -> None:
    audit.record(
        session,
        "update",
        entity_type="allegations",
        entity_id=allegation.id,
        case_id=allegation.case_id,
        changes={**other_changes, "subjects": {"old": old, "new": new}},
        actor=actor,
        now=now,
    )


# Results and actions. ------------------------------------------------------------------


@dataclass(frozen=True)
class ResultData:
    result: AllegationResult
    actions: tuple[AllegationAction, ...] = ()
    note: str | None = None


def record_result(
    session: Session, actor: Actor, allegation: Allegation, data: ResultData, now: dt.datetime
) -> Allegation:
    """An allegation's result and the actions taken, by whoever decides it (A2, A3)."""
    audit.acting(session, actor, now)
    case = allegation.case
    refusal = result_refusal(case)
    if refusal:
        raise CaseError(refusal)
    if not can(actor, result_permission(case), case):
        if case.state == CaseState.INITIAL_HANDLING:
            raise CaseError("Only the complaint's handler records results outside Schedule 3")
        raise CaseError("Only the appropriate authority records results under Schedule 3")
    if data.result not in results_for(case):
        raise CaseError("Choose one of the results offered for how the case is being handled")
    offered = actions_for(case)
    if any(action not in offered for action in data.actions):
        raise CaseError("Choose actions from the list offered")
    if A.NO_FURTHER_ACTION in data.actions and len(data.actions) > 1:
        raise CaseError("No further action cannot be chosen with other actions")
    note = (data.note or "").strip() or None
    if note and characters(note) > MAX_ACTIONS_NOTE:
        raise CaseError(too_long("Note about the actions", MAX_ACTIONS_NOTE))
    return services.set_allegation_result(
        session, actor, allegation, data.result, now, data.actions, note
    )
