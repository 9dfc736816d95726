"""Adding and changing allegations, recording their results, and raising learning from
a case's outcome (domain.md A3, B3.5)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import request, url_for
from sqlalchemy import select

from complaints.auth.models import User
from complaints.auth.permissions import Permission
from complaints.cases import actions as taken
from complaints.cases import allegations
from complaints.cases.choices import AllegationResult
from complaints.cases.forms.allegations import AllegationForm, RaiseLearningForm, RecordResultForm
from complaints.cases.models import Allegation, Case
from complaints.cases.services import AllegationData
from complaints.cases.views.blueprint import bp
from complaints.cases.views.common import allow, done, load_case, render_form, save
from complaints.common.clock import utcnow
from complaints.forms import options
from complaints.learning import services as learning
from complaints.learning.models import LearningItem, LearningLevel
from complaints.reference.models import AllegationCategory
from complaints.web import actor, db, refuse, requires


@dataclass(frozen=True)
class AllegationsTab:
    """What the Allegations tab offers this user on this case, beside the allegations."""

    change_refusal: str | None
    may_record_results: bool
    learning: list[LearningItem] = field(default_factory=list)
    actions: dict[int, taken.RecordedActions] = field(default_factory=dict)


def allegations_tab(case: Case) -> AllegationsTab:
    return AllegationsTab(
        change_refusal=allegations.change_refusal(case),
        may_record_results=allegations.may_record_results(actor(), case),
        learning=learning.learning_for_case(db(), case),
        actions={a.id: taken.recorded(a) for a in case.allegations},
    )


@bp.context_processor
def _allegations_tab() -> dict:
    return {"allegations_tab": allegations_tab}


def _allegation(case: Case, allegation_id: int) -> Allegation:
    found = next((a for a in case.allegations if a.id == allegation_id), None)
    if found is None:
        refuse(404, "no such allegation on this case", case_id=case.id)
    return found


def _fill_allegation_choices(form: AllegationForm, case: Case, current: Allegation | None) -> None:
    """Categories in use (and the allegation's own, even if since withdrawn from use) and
    the people named on the case."""
    categories = list(
        db().scalars(
            select(AllegationCategory)
            .where(AllegationCategory.active.is_(True), AllegationCategory.legacy.is_(False))
            .order_by(AllegationCategory.sort_order, AllegationCategory.code)
        )
    )
    pairs = [(c.id, c.display) for c in categories]
    if current is not None and current.category not in categories:
        pairs.insert(0, (current.category.id, f"{current.category.display} (no longer in use)"))
    form.category_id.choices = options([("", "Choose a category")]) + options(pairs)
    form.subject_ids.choices = options((cs.subject_id, cs.identity.display) for cs in case.subjects)


def _allegation_data(form: AllegationForm) -> AllegationData:
    return AllegationData(
        category_id=int(form.category_id.data),
        description=form.description.data or "",
        subject_ids=tuple(int(v) for v in form.subject_ids.data or ()),
        incident_on=form.incident_on.data,
        incident_place=form.incident_place.data or None,
    )


def _open(form, refusal: str | None) -> bool:
    """Whether to take the form's input; a POST the case's state refuses outright gets
    the reason in its error summary instead."""
    if refusal is None:
        return True
    if request.method == "POST":
        form.add_error(refusal)
    return False


@bp.route("/<id:case_id>/allegations/new", methods=["GET", "POST"])
@requires(Permission.EDIT_CASE)
def add_allegation(case_id: int):
    """Add an allegation found after intake, about people already named on the case."""
    case = load_case(case_id, "add allegation")
    allow(case, Permission.EDIT_CASE)
    form = AllegationForm(case)
    _fill_allegation_choices(form, case, None)
    refusal = allegations.change_refusal(case)
    if _open(form, refusal) and form.validate_on_submit():
        data = _allegation_data(form)
        if save(
            case, form, lambda: allegations.add_allegation(db(), actor(), case, data, utcnow())
        ):
            return done(case, "Allegation added.", "cases.allegations")
    return render_form(
        "cases/allegations/allegation_form.html",
        case,
        form,
        page_title="Add an allegation",
        refusal=refusal,
        back_url=_tab(case),
    )


@bp.route("/<id:case_id>/allegations/<id:allegation_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_CASE)
def edit_allegation(case_id: int, allegation_id: int):
    """Correct an allegation's category, description, incident or the people it concerns."""
    case = load_case(case_id, "edit allegation")
    allow(case, Permission.EDIT_CASE)
    allegation = _allegation(case, allegation_id)
    form = AllegationForm(case)
    _fill_allegation_choices(form, case, allegation)
    if not form.is_submitted():
        form.category_id.data = str(allegation.category_id)
        form.description.data = allegation.description
        form.subject_ids.data = [str(cs.subject_id) for cs in allegation.subjects]
        form.incident_on.data = allegation.incident_on
        form.incident_place.data = allegation.incident_place
    refusal = allegations.change_refusal(case)
    if _open(form, refusal) and form.validate_on_submit():
        data = _allegation_data(form)
        if save(
            case,
            form,
            lambda: allegations.update_allegation(db(), actor(), allegation, data, utcnow()),
        ):
            return done(case, f"Allegation {allegation.number} updated.", "cases.allegations")
    return render_form(
        "cases/allegations/allegation_form.html",
        case,
        form,
        page_title=f"Change allegation {allegation.number}",
        refusal=refusal,
        back_url=_tab(case),
    )


@bp.route("/<id:case_id>/allegations/<id:allegation_id>/result", methods=["GET", "POST"])
@requires(Permission.VIEW_CASES)
def record_result(case_id: int, allegation_id: int):
    """An allegation's result and the actions taken: the handler's outside Schedule 3,
    the appropriate authority's under it (A2, A3)."""
    case = load_case(case_id, "record result")
    allow(case, Permission.HANDLE_INFORMALLY, Permission.DECIDE)
    allegation = _allegation(case, allegation_id)
    refusal = allegations.result_refusal(case)
    if refusal is None:
        allow(case, allegations.result_permission(case))
    form = RecordResultForm(case)
    offered = allegations.results_for(case)
    form.result.choices = options((r.value, r.label) for r in offered)
    form.actions.choices = options((a.value, a.label) for a in allegations.actions_for(case))
    if not form.is_submitted():
        recorded = taken.recorded(allegation)
        form.result.data = allegation.result.value if allegation.result in offered else None
        form.actions.data = [a.value for a in recorded.actions]
        form.note.data = recorded.note
    if _open(form, refusal) and form.validate_on_submit():
        data = allegations.ResultData(
            result=AllegationResult(form.result.data),
            actions=tuple(allegations.AllegationAction(v) for v in form.actions.data or ()),
            note=form.note.data or None,
        )
        if save(
            case,
            form,
            lambda: allegations.record_result(db(), actor(), allegation, data, utcnow()),
        ):
            return done(
                case,
                f"Result recorded for allegation {allegation.number}: {data.result.label}.",
                "cases.allegations",
            )
    return render_form(
        "cases/allegations/result_form.html",
        case,
        form,
        page_title=f"Record the result of allegation {allegation.number}",
        allegation=allegation,
        refusal=refusal,
        back_url=_tab(case),
    )


@bp.route("/<id:case_id>/learning/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_LEARNING)
def raise_learning(case_id: int):
    """Put what the case taught into the learning register, for an owner to take forward."""
    case = load_case(case_id, "raise learning")
    allow(case, Permission.MANAGE_LEARNING)
    form = RaiseLearningForm(case)
    owners = db().scalars(select(User).where(User.active.is_(True)).order_by(User.full_name))
    form.owner_id.choices = options([("", "No owner yet")]) + options(
        (u.id, f"{u.full_name}, {u.role.label}") for u in owners
    )
    if form.validate_on_submit():
        data = learning.LearningData(
            theme=form.theme.data or "",
            description=form.description.data or "",
            level=LearningLevel(form.level.data),
            owner_id=int(form.owner_id.data) if form.owner_id.data else None,
            due_on=form.due_on.data,
        )
        if save(case, form, lambda: learning.raise_learning(db(), actor(), case, data, utcnow())):
            return done(case, "Learning raised.", "cases.allegations")
    return render_form(
        "cases/allegations/learning_form.html",
        case,
        form,
        page_title="Raise learning from this case",
        back_url=_tab(case),
    )


def _tab(case: Case) -> str:
    return url_for("cases.allegations", case_id=case.id)
