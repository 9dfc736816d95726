"""Retention pages (domain.md A12): the schedule (administrators), the monthly list of
cases due for review, a case's retention and legal hold, and disposal (the appropriate
authority). Every view is audited; every change is audited by the flush."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from sqlalchemy import select

from complaints.auth.permissions import Permission, can
from complaints.cases.choices import CaseType
from complaints.cases.views.common import allow, done, load_case, render_form, save
from complaints.common.clock import london_today, utcnow
from complaints.documents.services import store_for
from complaints.forces.models import Force
from complaints.forces.pages import user_forces_by_name
from complaints.forms import whole_number
from complaints.retention import disposal, schedule, services
from complaints.retention.forms import DisposeForm, HoldForm, LiftHoldForm, RuleForm
from complaints.retention.models import CaseDisposal, LegalHold
from complaints.saving import status_of
from complaints.web import actor, audit_view, db, requires

bp = Blueprint("retention", __name__, url_prefix="/retention")
P = Permission


# The monthly review: the appropriate authority. -----------------------------------------


@bp.route("/")
@requires(P.DISPOSE_CASES)
def review_list():
    """The cases whose review date has passed, in the forces this person decides for, with
    each force's last monthly review."""
    session, who = db(), actor()
    today = london_today()
    due = [
        d
        for d in schedule.due_for_review(session, who.forces, today)
        if can(who, P.DISPOSE_CASES, d.case)
    ]
    forces = user_forces_by_name()
    reviews = {f.id: services.last_review(session, f.id) for f in forces}
    audit_view("retention_reviews", "cases due for retention review")
    return render_template(
        "retention/review_list.html",
        due=due,
        forces=forces,
        reviews=reviews,
        several=len(forces) > 1,
        limit=schedule.LISTED,
        month=today.replace(day=1),
    )


@bp.route("/reviews", methods=["POST"])
@requires(P.DISPOSE_CASES)
def record_review():
    """Record this month's review of each of this person's forces (the monthly job does
    the same for every force)."""
    session, who, now = db(), actor(), utcnow()
    decided = [f for f in user_forces_by_name() if f.id in who.decides_for]
    if not decided:
        abort(404)
    for force in decided:
        services.record_review(session, who, force.id, london_today(), now)
    session.commit()
    flash("This month's retention review is recorded.", "success")
    return redirect(url_for("retention.review_list"))


# A case's retention, legal hold and disposal. ---------------------------------------------


@bp.route("/cases/<id:case_id>")
@requires(P.DISPOSE_CASES)
def case_retention(case_id: int):
    """When the case falls due for review, its legal holds, and its disposal."""
    case = load_case(case_id, "retention")
    allow(case, P.DISPOSE_CASES, P.VIEW_CASES)
    session = db()
    due = schedule.due_on_for(session, case)
    holds = session.scalars(
        select(LegalHold).where(LegalHold.case_id == case.id).order_by(LegalHold.placed_at.desc())
    ).all()
    return render_template(
        "retention/case.html",
        case=case,
        due=due,
        holds=holds,
        held=next((h for h in holds if h.lifted_at is None), None),
        disposed=session.get(CaseDisposal, case.id),
        refusal=disposal.refusal(session, case, london_today()),
        may_act=can(actor(), P.DISPOSE_CASES, case),
        today=london_today(),
    )


@bp.route("/cases/<id:case_id>/hold", methods=["GET", "POST"])
@requires(P.DISPOSE_CASES)
def place_hold(case_id: int):
    """Keep a case whatever the schedule says, while litigation or a claim needs it."""
    case = load_case(case_id, "place legal hold")
    allow(case, P.DISPOSE_CASES)
    form = HoldForm(case)
    if form.validate_on_submit():
        reason = form.reason.data or ""
        if save(case, form, lambda: services.place_hold(db(), actor(), case, reason, utcnow())):
            return done(case, "The case is on legal hold.", "retention.case_retention")
    return render_form(
        "retention/hold.html", case, form, page_title="Place a legal hold", lifting=False
    )


@bp.route("/cases/<id:case_id>/hold/lift", methods=["GET", "POST"])
@requires(P.DISPOSE_CASES)
def lift_hold(case_id: int):
    """End a legal hold: the schedule then decides when the case is reviewed."""
    case = load_case(case_id, "lift legal hold")
    allow(case, P.DISPOSE_CASES)
    form = LiftHoldForm(case)
    if form.validate_on_submit():
        reason = form.reason.data or ""
        if save(case, form, lambda: services.lift_hold(db(), actor(), case, reason, utcnow())):
            return done(case, "The legal hold is lifted.", "retention.case_retention")
    return render_form(
        "retention/hold.html", case, form, page_title="Lift the legal hold", lifting=True
    )


@bp.route("/cases/<id:case_id>/dispose", methods=["GET", "POST"])
@requires(P.DISPOSE_CASES)
def dispose(case_id: int):
    """Approve the disposal of a case's personal data: once done it cannot be undone."""
    case = load_case(case_id, "dispose")
    allow(case, P.DISPOSE_CASES)
    session = db()
    refused = disposal.refusal(session, case, london_today())
    form = DisposeForm(case)
    if refused is not None:
        if form.is_submitted():
            form.add_error(refused)
    elif form.validate_on_submit():
        store = store_for(current_app.config)
        reference = case.reference
        if save(case, form, lambda: disposal.dispose(session, actor(), case, store, utcnow())):
            return done(
                case,
                f"The personal data of {reference} has been disposed of.",
                "retention.case_retention",
            )
    return render_form(
        "retention/dispose.html",
        case,
        form,
        page_title="Dispose of the case's personal data",
        refused=refused,
        due=schedule.due_on_for(session, case),
    )


# The schedule: administrators. -----------------------------------------------------------

_KINDS = {
    f"{case_type.value}-{'misconduct' if found else 'none'}": (case_type, found)
    for case_type in CaseType
    for found in (False, True)
}


def _kind_key(rule: schedule.Rule) -> str:
    return f"{rule.case_type.value}-{'misconduct' if rule.misconduct_found else 'none'}"


@bp.route("/schedule")
@requires(P.MANAGE_RETENTION)
def schedule_list():
    """Each force's retention schedule: how long each kind of case is kept."""
    session = db()
    forces = user_forces_by_name()
    audit_view("retention_rules", "retention schedule")
    return render_template(
        "retention/schedule.html",
        schedules=[(f, schedule.schedule(session, f.id)) for f in forces],
        several=len(forces) > 1,
        kind_key=_kind_key,
    )


@bp.route("/schedule/<id:force_id>/<kind>", methods=["GET", "POST"])
@requires(P.MANAGE_RETENTION)
def edit_rule(force_id: int, kind: str):
    """Change how long one force keeps one kind of case."""
    session, who = db(), actor()
    force = session.get(Force, force_id)
    if force is None or force_id not in who.forces or kind not in _KINDS:
        abort(404)
    case_type, found = _KINDS[kind]
    rule = next(
        r
        for r in schedule.schedule(session, force_id)
        if r.case_type == case_type and r.misconduct_found == found
    )
    form = RuleForm()
    if not form.is_submitted():
        form.years_after_closure.data = str(rule.years_after_closure)
        form.years_after_service.data = (
            "" if rule.years_after_service is None else str(rule.years_after_service)
        )
        form.version.data = str(rule.stored.version) if rule.stored else "0"
        form.stamp_opened()
    if form.validate_on_submit():
        service_text = (form.years_after_service.data or "").strip()
        data = services.RuleData(
            force_id=force_id,
            case_type=case_type,
            misconduct_found=found,
            years_after_closure=whole_number((form.years_after_closure.data or "").strip(), 0),
            years_after_service=whole_number(service_text, 0) if service_text else None,
        )
        if _save_rule(rule, form, data):
            flash(f"{rule.kind}: saved.", "success")
            return redirect(url_for("retention.schedule_list"))
    page = render_template(
        "retention/rule_form.html",
        form=form,
        rule=rule,
        force=force,
        several=len(who.forces) > 1,
        conflict=getattr(form, "conflict", None),
    )
    return page, status_of(form)


def _save_rule(rule: schedule.Rule, form: RuleForm, data: services.RuleData) -> bool:
    """Save a line of the schedule; a line first set now has no row to check against."""
    session = db()
    if rule.stored is not None:
        return save(rule.stored, form, lambda: services.set_rule(session, actor(), data, utcnow()))
    try:
        services.set_rule(session, actor(), data, utcnow())
        session.commit()
        return True
    except services.RetentionRefused as refused:
        session.rollback()
        form.add_error(str(refused), refused.field)
        return False
