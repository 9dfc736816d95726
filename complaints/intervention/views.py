"""Early-intervention pages: the dashboard, an alert and its steps, its plan and actions
(the appropriate authority), and the policies (administrators). Every view is audited."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from sqlalchemy import select

from complaints.auth.permissions import Permission
from complaints.common.actor import Actor
from complaints.common.clock import utcnow
from complaints.common.roles import Role
from complaints.forces.models import Force
from complaints.forces.pages import user_forces_by_name
from complaints.forms import options, whole_number
from complaints.intervention import alerts, dashboard, plans, policies
from complaints.intervention.forms import (
    ActionDoneForm,
    ActionForm,
    AlertStepForm,
    PlanForm,
    PolicyForm,
)
from complaints.intervention.models import Alert, Counts, Period, Plan, PlanAction, Policy
from complaints.reference.models import AllegationCategory
from complaints.saving import save, status_of
from complaints.web import actor, audit_view, db, refuse, requires

bp = Blueprint("intervention", __name__, url_prefix="/early-intervention")
OPEN_LISTED = 50


@bp.route("/")
@requires(Permission.EARLY_INTERVENTION)
def index():
    """Open alerts by age, policy and division, officers on plans, and alert rates."""
    session, who = db(), actor()
    forces = sorted(who.forces)
    board = dashboard.build(session, forces, utcnow())
    oldest = session.scalars(
        alerts.readable(who)
        .where(Alert.state.in_(alerts.BEFORE_PLAN))
        .order_by(Alert.raised_at, Alert.id)
        .limit(OPEN_LISTED)
    ).all()
    audit_view("intervention_alerts", "early-intervention dashboard")
    return render_template(
        "intervention/dashboard.html", board=board, oldest=oldest, limit=OPEN_LISTED
    )


def _alert(alert_id: int) -> Alert:
    return alerts.load(db(), actor(), alert_id) or abort(404)


@bp.route("/alerts/<id:alert_id>")
@requires(Permission.EARLY_INTERVENTION)
def alert(alert_id: int):
    """One alert: whom and which policy it is about, what it holds that the reader may
    open, its history, its plan and the steps the reader may take."""
    session, who = db(), actor()
    found = _alert(alert_id)
    items = alerts.visible_items(session, who, found)
    audit_view("intervention_alerts", "early-intervention alert", found.id)
    return render_template(
        "intervention/alert.html",
        alert=found,
        items=items,
        steps=alerts.available(who, found),
        may_act=alerts.may_act(who, found),
        describe=policies.describe,
    )


@bp.route("/alerts/<id:alert_id>/steps/<step>", methods=["GET", "POST"])
@requires(Permission.EARLY_INTERVENTION)
def step(alert_id: int, step: str):
    """A step of the alert's lifecycle, with its note (a reason, to close it)."""
    found = _alert(alert_id)
    chosen = alerts.STEPS.get(step) or abort(404)
    who = actor()
    if not alerts.may_act(who, found):
        refuse(403, "does not decide for the alert's force")
    form = AlertStepForm()
    form.note.label.text = chosen.note_label
    if not form.is_submitted():
        form.stamp(found)
    if form.validate_on_submit():
        session, now = db(), utcnow()
        write = lambda: alerts.take(session, who, found, step, form.note.data or "", now)  # noqa: E731
        if save(found, form, write):
            flash(chosen.done, "success")
            return redirect(url_for("intervention.alert", alert_id=found.id))
    page = render_template(
        "intervention/step.html",
        form=form,
        alert=found,
        chosen=chosen,
        conflict=getattr(form, "conflict", None),
    )
    return page, status_of(form)


@bp.route("/alerts/<id:alert_id>/plan", methods=["GET", "POST"])
@requires(Permission.EARLY_INTERVENTION)
def agree_plan(alert_id: int):
    """The plan agreed after the supervisor's review, with its first action."""
    found = _alert(alert_id)
    who = actor()
    if not alerts.may_act(who, found):
        refuse(403, "does not decide for the alert's force")
    form = PlanForm()
    if not form.is_submitted():
        form.stamp(found)
    if form.validate_on_submit():
        session, now = db(), utcnow()
        data = plans.PlanData(
            summary=form.summary.data or "",
            agreed_on=form.agreed_on.data,
            first_action=plans.ActionData(
                form.description.data or "", form.owner.data or "", form.due_on.data
            ),
        )
        if save(found, form, lambda: plans.agree(session, who, found, data, now)):
            flash("Plan agreed. Mark each action done as it is done.", "success")
            return redirect(url_for("intervention.alert", alert_id=found.id))
    page = render_template(
        "intervention/plan_form.html",
        form=form,
        alert=found,
        heading="Agree a plan",
        conflict=getattr(form, "conflict", None),
    )
    return page, status_of(form)


def _plan(plan_id: int) -> Plan:
    plan = db().get(Plan, plan_id)
    if plan is None or alerts.load(db(), actor(), plan.alert_id) is None:
        abort(404)
    if not alerts.may_act(actor(), plan.alert):
        refuse(403, "does not decide for the plan's force")
    return plan


@bp.route("/plans/<id:plan_id>/actions/new", methods=["GET", "POST"])
@requires(Permission.EARLY_INTERVENTION)
def add_action(plan_id: int):
    """Another action on a plan being followed."""
    plan = _plan(plan_id)
    who = actor()
    form = ActionForm()
    if not form.is_submitted():
        form.stamp(plan)
    if form.validate_on_submit():
        session, now = db(), utcnow()
        data = plans.ActionData(
            form.description.data or "", form.owner.data or "", form.due_on.data
        )
        if save(plan, form, lambda: plans.add_action(session, who, plan, data, now)):
            flash("Action added to the plan.", "success")
            return redirect(url_for("intervention.alert", alert_id=plan.alert_id))
    page = render_template(
        "intervention/plan_form.html",
        form=form,
        alert=plan.alert,
        heading="Add an action to the plan",
        conflict=getattr(form, "conflict", None),
    )
    return page, status_of(form)


@bp.route("/plans/<id:plan_id>/actions/<id:action_id>/done", methods=["GET", "POST"])
@requires(Permission.EARLY_INTERVENTION)
def action_done(plan_id: int, action_id: int):
    """Mark one action done; the last one completes the plan and resolves the alert."""
    plan = _plan(plan_id)
    action = db().get(PlanAction, action_id)
    if action is None or action.plan_id != plan.id:
        abort(404)
    who = actor()
    form = ActionDoneForm()
    if not form.is_submitted():
        form.stamp(plan)
    if form.validate_on_submit():
        session, now = db(), utcnow()

        def write():
            plans.complete_action(
                session, who, action, form.done_on.data, form.note.data or "", now
            )

        if save(plan, form, write):
            done = plan.completed_at is not None
            flash(
                "Plan complete: the alert is resolved." if done else "Action marked as done.",
                "success",
            )
            return redirect(url_for("intervention.alert", alert_id=plan.alert_id))
    page = render_template(
        "intervention/plan_form.html",
        form=form,
        alert=plan.alert,
        action=action,
        heading="Mark an action as done",
        conflict=getattr(form, "conflict", None),
    )
    return page, status_of(form)


# Policies: administrators. ---------------------------------------------------------------


@bp.route("/policies")
@requires(Permission.MANAGE_INTERVENTION_POLICIES)
def policy_list():
    """Each force's early-intervention policies."""
    session, who = db(), actor()
    found = policies.of_forces(session, sorted(who.forces))
    audit_view("intervention_policies", "early-intervention policies")
    forces = {f.id: f for f in session.scalars(select(Force))}
    return render_template(
        "intervention/policies.html",
        policies=found,
        describe=policies.describe,
        forces=forces,
        several=len(who.forces) > 1,
    )


def _policy_choices(form: PolicyForm, force_id: int | None) -> None:
    session = db()
    form.force_id.choices = options((f.id, f.name) for f in user_forces_by_name())
    form.category_ids.choices = options(
        (c.id, c.display)
        for c in session.scalars(
            select(AllegationCategory)
            .where(AllegationCategory.legacy.is_(False))
            .order_by(AllegationCategory.sort_order, AllegationCategory.code)
        )
    )
    people = policies.people_to_tell(session, force_id) if force_id else []
    form.recipient_ids.choices = options((u.id, u.full_name) for u in people)


def _policy_data(form: PolicyForm, force_id: int) -> policies.PolicyData:
    top = (form.top_percent.data or "").strip()
    months = (form.period_months.data or "").strip()
    return policies.PolicyData(
        force_id=force_id,
        name=form.name.data or "",
        counts=Counts(form.counts.data),
        threshold=whole_number((form.threshold.data or "").strip(), 0),
        period=Period(form.period.data),
        period_months=whole_number(months, 0) if months else None,
        top_percent=whole_number(top, 0) if top else None,
        category_ids=tuple(int(v) for v in form.category_ids.data or []),
        notify_role=Role.APPROPRIATE_AUTHORITY if form.notify_role.data != "named" else None,
        recipient_ids=tuple(int(v) for v in form.recipient_ids.data or []),
        active=form.active.data == "yes",
    )


def _chosen_force(form: PolicyForm, who: Actor) -> int | None:
    if len(who.forces) == 1:
        return next(iter(who.forces))
    chosen = whole_number((form.force_id.data or "").strip(), 0)
    return chosen if chosen in who.forces else None


@bp.route("/policies/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_INTERVENTION_POLICIES)
def new_policy():
    """Set a new policy for a force."""
    who = actor()
    form = PolicyForm()
    if not form.is_submitted():
        form.threshold.data = "3"
        form.period.data = Period.MONTHS.value
        form.period_months.data = "12"
        form.counts.data = Counts.ALLEGATIONS.value
        form.notify_role.data = "appropriate_authority"
        form.force_id.data = str(min(who.forces)) if who.forces else ""
    force_id = _chosen_force(form, who) if form.is_submitted() else min(who.forces, default=None)
    _policy_choices(form, force_id)
    if form.validate_on_submit():
        if force_id is None:
            form.add_error("Choose a force from the list", "force_id")
        else:
            session, now = db(), utcnow()
            try:
                made = policies.create(session, who, _policy_data(form, force_id), now)
                session.commit()
            except alerts.AlertRefused as refused:
                session.rollback()
                form.add_error(str(refused), refused.field)
            else:
                flash(f"Policy \u201c{made.name}\u201d saved.", "success")
                return redirect(url_for("intervention.policy_list"))
    page = render_template(
        "intervention/policy_form.html",
        form=form,
        policy=None,
        several=len(who.forces) > 1,
        conflict=None,
    )
    return page, 400 if form.errors else 200


@bp.route("/policies/<id:policy_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_INTERVENTION_POLICIES)
def edit_policy(policy_id: int):
    """Change a policy: the alerts it raised keep what they hold."""
    session, who = db(), actor()
    policy = session.get(Policy, policy_id)
    if policy is None or policy.force_id not in who.forces:
        abort(404)
    form = PolicyForm()
    if not form.is_submitted():
        form.name.data = policy.name
        form.counts.data = policy.counts.value
        form.category_ids.data = [str(c.id) for c in policy.categories]
        form.threshold.data = str(policy.threshold)
        form.top_percent.data = str(policy.top_percent) if policy.top_percent else ""
        form.period.data = policy.period.value
        form.period_months.data = str(policy.period_months or "")
        form.notify_role.data = "appropriate_authority" if policy.notify_role else "named"
        form.recipient_ids.data = [str(u.id) for u in policy.recipients]
        form.active.data = "yes" if policy.active else "no"
        form.force_id.data = str(policy.force_id)
        form.stamp(policy)
    _policy_choices(form, policy.force_id)
    if form.validate_on_submit():
        now = utcnow()
        data = _policy_data(form, policy.force_id)
        if save(policy, form, lambda: policies.update(session, who, policy, data, now)):
            flash(f"Policy \u201c{policy.name}\u201d saved.", "success")
            return redirect(url_for("intervention.policy_list"))
    page = render_template(
        "intervention/policy_form.html",
        form=form,
        policy=policy,
        several=False,
        conflict=getattr(form, "conflict", None),
    )
    return page, status_of(form)
