"""The appropriate authority's investigation pages: the investigation's details, severity
assessments and each subject's conduct outcome (domain.md A3).

Starting, suspending, resuming and reporting are lifecycle steps (``cases.step``); the
Investigation tab itself is ``cases.investigation``, which reads ``investigation_tab``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

from flask import Blueprint, flash, redirect, request, url_for
from sqlalchemy import select

from complaints.auth.models import User
from complaints.auth.permissions import Permission
from complaints.cases import workflow
from complaints.cases.models import Case, CaseSubject
from complaints.cases.views.common import (
    allow,
    done,
    load_case,
    render_form,
    save,
)
from complaints.cases.workflow import Transition
from complaints.common.clock import london_today, utcnow
from complaints.forms import options
from complaints.investigations import investigators, lifecycle, services
from complaints.investigations.forms import (
    CASE_TO_ANSWER,
    ConductOutcomeForm,
    InvestigationDetailsForm,
    SeverityForm,
)
from complaints.investigations.models import (
    Finding,
    Investigation,
    Proceedings,
    Sanction,
    Severity,
    SuspensionPeriod,
)
from complaints.investigations.queries import conduct_outcome as outcome_of
from complaints.investigations.queries import severity_history
from complaints.web import actor, db, refuse, requires

bp = Blueprint("investigations", __name__, url_prefix="/cases")


# The Investigation tab ----------------------------------------------------------------


@dataclass(frozen=True)
class Suspension:
    period: SuspensionPeriod
    days: int  # to the day it ended, or to today while it lasts

    @property
    def ongoing(self) -> bool:
        return self.period.ended_on is None


@dataclass(frozen=True)
class InvestigationTab:
    """What the Investigation tab shows beside the investigation and its subjects."""

    suspensions: list[Suspension]
    missing_outcomes: list[CaseSubject]
    steps: list[Transition]  # the investigation's own steps this user may take now
    details_open: bool = False  # whether its details may still be changed (state-wise)

    @property
    def days_suspended(self) -> int:
        return sum(s.days for s in self.suspensions)


def investigation_tab(case: Case, today: dt.date | None = None) -> InvestigationTab:
    investigation = case.investigation
    today = today or london_today()
    periods = investigation.suspensions if investigation else []
    return InvestigationTab(
        suspensions=[Suspension(p, ((p.ended_on or today) - p.started_on).days) for p in periods],
        missing_outcomes=services.missing_conduct_outcomes(case),
        steps=[
            step
            for step, why in workflow.available(case, actor(), utcnow())
            if step.name in lifecycle.STEPS and why is None
        ],
        details_open=services.details_closed(case) is None,
    )


@bp.app_context_processor
def _investigation_tab() -> dict:
    return {"investigation_tab": investigation_tab}


# Shared -------------------------------------------------------------------------------


def _tab(case: Case) -> str:
    return url_for("cases.investigation", case_id=case.id)


def _not_investigated(case: Case):
    """These pages are about an investigation: without one, say so on the tab."""
    flash(
        "This case has no investigation, so there are no investigation details or "
        "severity assessments to record. Start an investigation first.",
        "information",
    )
    return redirect(_tab(case))


def _case_subject(case: Case, case_subject_id: int) -> CaseSubject:
    found = next((cs for cs in case.subjects if cs.id == case_subject_id), None)
    if found is None:
        refuse(404, "no such subject on this case", case_id=case.id)
    return found


# Investigation details ----------------------------------------------------------------


def _fill_investigators(
    form: InvestigationDetailsForm, case: Case, investigation: Investigation
) -> None:
    """Active investigators, and the current one even if no longer active, so that the
    page shows who it is and saving other changes keeps them."""
    people = list(
        db().scalars(select(User).where(investigators.offered(case)).order_by(User.full_name))
    )
    pairs = [(u.id, u.full_name) for u in people]
    current = investigation.investigator
    if current is None:
        pairs.insert(0, ("", "Choose an investigator"))
    elif current not in people:
        pairs.insert(0, (current.id, f"{current.full_name} (no longer active)"))
    form.investigator_id.choices = options(pairs)


@bp.route("/<id:case_id>/investigation/edit", methods=["GET", "POST"])
@requires(Permission.DECIDE)
def edit(case_id: int):
    """Who investigates, the terms of reference and whether special procedures apply."""
    case = load_case(case_id, "edit investigation")
    allow(case, Permission.DECIDE)
    investigation = case.investigation
    if investigation is None:
        return _not_investigated(case)
    closed = services.details_closed(case)
    if closed is not None and request.method == "GET":
        # Not offered: a form opened before and sent now is refused by the save instead,
        # with what was typed kept.
        flash(f"{closed}.", "information")
        return redirect(_tab(case))
    form = InvestigationDetailsForm(case)
    _fill_investigators(form, case, investigation)
    if not form.is_submitted():
        form.investigation_version.data = str(investigation.version)
        form.investigator_id.data = str(investigation.investigator_id or "")
        form.terms_of_reference.data = investigation.terms_of_reference
        form.special_procedures.data = investigation.special_procedures
    if form.validate_on_submit():
        terms = form.terms_of_reference.data or ""
        data = services.InvestigationDetails(
            # Blank terms leave none recorded as none; clearing recorded ones is refused.
            terms_of_reference=terms if terms.strip() or investigation.terms_of_reference else None,
            special_procedures=bool(form.special_procedures.data),
            investigator_id=int(form.investigator_id.data) if form.investigator_id.data else None,
            expected_version=form.seen_investigation_version(),
        )
        update = partial(services.update_investigation, db(), actor(), case, data, utcnow())
        if save(case, form, update):
            return done(case, "Investigation details saved.", "cases.investigation")
        if getattr(form, "conflict", None) is not None and case.investigation is not None:
            form.investigation_version.data = str(case.investigation.version)
    return render_form(
        "investigations/edit.html",
        case,
        form,
        page_title="Change investigation details",
        back_url=_tab(case),
    )


# Severity assessments -----------------------------------------------------------------


@bp.route(
    "/<id:case_id>/investigation/subjects/<id:case_subject_id>/severity",
    methods=["GET", "POST"],
)
@requires(Permission.DECIDE)
def assess_severity(case_id: int, case_subject_id: int):
    """Assess, or revise the assessment of, whether a subject's conduct would be
    misconduct, gross misconduct or neither; earlier assessments stay in the history."""
    case = load_case(case_id, "assess severity")
    allow(case, Permission.DECIDE)
    case_subject = _case_subject(case, case_subject_id)
    if case.investigation is None:
        return _not_investigated(case)
    form = SeverityForm(case)
    if not form.is_submitted():
        form.by_iopc.data = case.investigation.mode in services.IOPC_MODES
    if form.validate_on_submit():
        data = services.SeverityData(
            severity=Severity(form.severity.data),
            assessed_on=form.assessed_on.data,
            rationale=form.rationale.data or "",
            by_iopc=bool(form.by_iopc.data),
        )
        if save(
            case,
            form,
            lambda: services.assess_severity(db(), actor(), case, case_subject.id, data, utcnow()),
        ):
            return done(
                case,
                f"Severity assessed for {case_subject.identity.display}: {data.severity.label}.",
                "cases.investigation",
            )
    return render_form(
        "investigations/severity.html",
        case,
        form,
        page_title="Assess severity",
        case_subject=case_subject,
        history=severity_history(case_subject),
        back_url=_tab(case),
    )


# Conduct outcomes ---------------------------------------------------------------------


def _prefill_outcome(form: ConductOutcomeForm, case_subject: CaseSubject) -> None:
    outcome = outcome_of(case_subject)
    if outcome is None:
        form.case_to_answer.data = "undecided"
        return
    answer = {True: "yes", False: "no"}.get(outcome.case_to_answer, "undecided")
    form.case_to_answer.data = answer
    form.proceedings.data = outcome.proceedings.value if outcome.proceedings else ""
    form.finding.data = outcome.finding.value if outcome.finding else ""
    form.sanction.data = outcome.sanction.value if outcome.sanction else ""
    form.other.data = [
        name
        for name, flag in (
            ("rprp", outcome.rprp),
            ("practice_requiring_improvement", outcome.practice_requiring_improvement),
            ("cps_referral", outcome.cps_referral),
        )
        if flag
    ]
    form.decided_on.data = outcome.decided_on
    form.final_warning_or_several_incidents.data = outcome.final_warning_or_several_incidents


def _outcome_data(form: ConductOutcomeForm) -> services.ConductOutcomeData:
    other = set(form.other.data or ())
    return services.ConductOutcomeData(
        case_to_answer=CASE_TO_ANSWER[form.case_to_answer.data],
        proceedings=Proceedings(form.proceedings.data) if form.proceedings.data else None,
        finding=Finding(form.finding.data) if form.finding.data else None,
        sanction=Sanction(form.sanction.data) if form.sanction.data else None,
        rprp="rprp" in other,
        practice_requiring_improvement="practice_requiring_improvement" in other,
        cps_referral="cps_referral" in other,
        decided_on=form.decided_on.data,
        final_warning_or_several_incidents=bool(form.final_warning_or_several_incidents.data),
    )


@bp.route(
    "/<id:case_id>/investigation/subjects/<id:case_subject_id>/outcome",
    methods=["GET", "POST"],
)
@requires(Permission.DECIDE)
def conduct_outcome(case_id: int, case_subject_id: int):
    """What became of one subject: case to answer, proceedings and their result (the
    notice and how the proceedings ran have pages of their own)."""
    case = load_case(case_id, "conduct outcome")
    allow(case, Permission.DECIDE)
    case_subject = _case_subject(case, case_subject_id)
    form = ConductOutcomeForm(case)
    if not form.is_submitted():
        _prefill_outcome(form, case_subject)
    if form.validate_on_submit():
        data = _outcome_data(form)
        if save(
            case,
            form,
            lambda: services.record_conduct_outcome(
                db(), actor(), case, case_subject.id, data, utcnow()
            ),
        ):
            return done(
                case,
                f"Conduct outcome saved for {case_subject.identity.display}.",
                "cases.investigation",
            )
    return render_form(
        "investigations/outcome.html",
        case,
        form,
        page_title="Record conduct outcome",
        case_subject=case_subject,
        current_severity=services.current_assessment(case_subject),
        notice_served=getattr(outcome_of(case_subject), "regulation_17_served_on", None),
        back_url=_tab(case),
    )
