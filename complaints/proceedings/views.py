"""Pages for a subject's Regulation 17 notice and misconduct proceedings, reached from the
subject's card on the Investigation tab, which shows what they record.

Each page is offered only when its rule allows it (the same function the save obeys);
opened anyway, it says why not and goes back to the tab.
"""

from __future__ import annotations

from flask import Blueprint, url_for

from complaints.auth.permissions import Permission
from complaints.cases.models import Case, CaseSubject
from complaints.cases.views.common import allow, done, load_case, not_now, render_form, save
from complaints.common.clock import utcnow
from complaints.investigations import notices
from complaints.investigations.models import Sanction
from complaints.investigations.queries import conduct_outcome, current_assessment
from complaints.proceedings import services
from complaints.proceedings.forms import (
    IN_PUBLIC,
    AdjournmentForm,
    AppealForm,
    ArrangementForm,
    NoticeForm,
)
from complaints.proceedings.models import AppealResult
from complaints.proceedings.timetable import timetable
from complaints.web import actor, db, refuse, requires

bp = Blueprint("proceedings", __name__, url_prefix="/cases")
SUBJECT = "/<id:case_id>/investigation/subjects/<id:case_subject_id>"


def _tab(case: Case) -> str:
    return url_for("cases.investigation", case_id=case.id)


def _case_subject(case: Case, case_subject_id: int) -> CaseSubject:
    found = next((cs for cs in case.subjects if cs.id == case_subject_id), None)
    if found is None:
        refuse(404, "no such subject on this case", case_id=case.id)
    return found


@bp.app_context_processor
def _conduct_helpers() -> dict:
    """What the Investigation tab's subject cards ask of notices and proceedings."""
    return {
        "conduct_timetable": timetable,
        "notice_refusal": notices.notice_refusal,
        "may_record_notice": lambda case: notices.may_record(actor(), case),
        "proceedings_refusal": services.refusal,
        "adjournment_refusal": services.adjournment_refusal,
        "appeal_refusal": services.appeal_refusal,
        "appeal_body": services.appeal_body,
    }


@bp.route(f"{SUBJECT}/notice", methods=["GET", "POST"])
@requires(Permission.INVESTIGATE, Permission.DECIDE)
def notice(case_id: int, case_subject_id: int):
    """The Regulation 17 notice served on the subject, and the officer's response."""
    case = load_case(case_id, "regulation 17 notice")
    allow(case, Permission.INVESTIGATE, Permission.DECIDE)
    case_subject = _case_subject(case, case_subject_id)
    refused = notices.notice_refusal(case, case_subject)
    form = NoticeForm(case)
    if refused is not None and not form.is_submitted():
        return not_now(case, refused, "cases.investigation")
    outcome = conduct_outcome(case_subject)
    if not form.is_submitted() and outcome is not None:
        form.served_on.data = outcome.regulation_17_served_on
        form.response_on.data = outcome.regulation_17_response_on
    if form.validate_on_submit():
        data = notices.NoticeData(form.served_on.data, form.response_on.data)
        if save(
            case,
            form,
            lambda: notices.serve_notice(db(), actor(), case, case_subject, data, utcnow()),
        ):
            return done(
                case,
                f"Regulation 17 notice recorded for {case_subject.identity.display}.",
                "cases.investigation",
            )
    return render_form(
        "proceedings/notice.html",
        case,
        form,
        page_title="Regulation 17 notice",
        case_subject=case_subject,
        current_severity=current_assessment(case_subject),
        back_url=_tab(case),
    )


@bp.route(f"{SUBJECT}/proceedings", methods=["GET", "POST"])
@requires(Permission.DECIDE)
def arrange(case_id: int, case_subject_id: int):
    """The notice of referral, the officer's response, the date, who conducts it and,
    for a hearing, its public notice and whether it is held in public."""
    case = load_case(case_id, "misconduct proceedings")
    allow(case, Permission.DECIDE)
    case_subject = _case_subject(case, case_subject_id)
    outcome = conduct_outcome(case_subject)
    form = ArrangementForm(case)
    refused = services.refusal(outcome)
    if refused is not None and not form.is_submitted():
        return not_now(case, refused, "cases.investigation")
    proceeding = getattr(outcome, "proceeding", None)
    if not form.is_submitted() and proceeding is not None:
        form.referred_on.data = proceeding.referred_on
        form.officer_response_on.data = proceeding.officer_response_on
        form.scheduled_on.data = proceeding.scheduled_on
        form.chair.data = proceeding.chair
        form.panel.data = proceeding.panel
        form.publicly_notified_on.data = proceeding.publicly_notified_on
        form.in_public.data = {True: "yes", False: "no"}.get(proceeding.in_public, "undecided")
    if form.validate_on_submit():
        data = services.Arrangement(
            referred_on=form.referred_on.data,
            officer_response_on=form.officer_response_on.data,
            scheduled_on=form.scheduled_on.data,
            chair=form.chair.data or "",
            panel=form.panel.data or "",
            publicly_notified_on=form.publicly_notified_on.data,
            in_public=IN_PUBLIC.get(form.in_public.data or "undecided"),
        )
        if save(
            case,
            form,
            lambda: services.arrange(db(), actor(), case, case_subject, data, utcnow()),
        ):
            return done(
                case,
                f"Proceedings saved for {case_subject.identity.display}.",
                "cases.investigation",
            )
    return render_form(
        "proceedings/arrange.html",
        case,
        form,
        page_title=outcome.proceedings.label if outcome and outcome.proceedings else "Proceedings",
        case_subject=case_subject,
        outcome=outcome,
        timetable=timetable(outcome, proceeding),
        back_url=_tab(case),
    )


@bp.route(f"{SUBJECT}/proceedings/adjourn", methods=["GET", "POST"])
@requires(Permission.DECIDE)
def adjourn(case_id: int, case_subject_id: int):
    """Put the meeting or hearing off, with the reason and the new date if one is set."""
    case = load_case(case_id, "adjourn proceedings")
    allow(case, Permission.DECIDE)
    case_subject = _case_subject(case, case_subject_id)
    outcome = conduct_outcome(case_subject)
    form = AdjournmentForm(case)
    refused = services.adjournment_refusal(outcome)
    if refused is not None and not form.is_submitted():
        return not_now(case, refused, "cases.investigation")
    if form.validate_on_submit():
        data = services.AdjournmentData(
            form.adjourned_on.data, form.new_date.data, form.reason.data or ""
        )
        if save(
            case,
            form,
            lambda: services.adjourn(db(), actor(), case, case_subject, data, utcnow()),
        ):
            return done(case, "Adjournment recorded.", "cases.investigation")
    return render_form(
        "proceedings/adjourn.html",
        case,
        form,
        page_title="Adjourn the proceedings",
        case_subject=case_subject,
        outcome=outcome,
        back_url=_tab(case),
    )


@bp.route(f"{SUBJECT}/proceedings/appeal", methods=["GET", "POST"])
@requires(Permission.DECIDE)
def appeal(case_id: int, case_subject_id: int):
    """The officer's appeal to an appeal meeting or the Police Appeals Tribunal."""
    case = load_case(case_id, "appeal")
    allow(case, Permission.DECIDE)
    case_subject = _case_subject(case, case_subject_id)
    outcome = conduct_outcome(case_subject)
    form = AppealForm(case)
    refused = services.appeal_refusal(outcome)
    if refused is not None and not form.is_submitted():
        return not_now(case, refused, "cases.investigation")
    proceeding = getattr(outcome, "proceeding", None)
    if not form.is_submitted() and proceeding is not None:
        form.lodged_on.data = proceeding.appeal_lodged_on
        form.result.data = proceeding.appeal_result.value if proceeding.appeal_result else ""
        form.decided_on.data = proceeding.appeal_decided_on
        form.sanction.data = proceeding.appeal_sanction.value if proceeding.appeal_sanction else ""
    if form.validate_on_submit():
        data = services.AppealData(
            lodged_on=form.lodged_on.data,
            result=AppealResult(form.result.data) if form.result.data else None,
            decided_on=form.decided_on.data,
            sanction=Sanction(form.sanction.data) if form.sanction.data else None,
        )
        if save(
            case,
            form,
            lambda: services.record_appeal(db(), actor(), case, case_subject, data, utcnow()),
        ):
            return done(case, "Appeal recorded.", "cases.investigation")
    return render_form(
        "proceedings/appeal.html",
        case,
        form,
        page_title="Appeal",
        case_subject=case_subject,
        outcome=outcome,
        body=services.appeal_body(outcome.proceedings) if outcome and outcome.proceedings else "",
        back_url=_tab(case),
    )
