"""Reports on long investigations: the list of those due (A5, B T12), and the appropriate
authority's record of each report sent to the OPCC and the IOPC."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from govuk_frontend_wtf.wtforms_widgets import GovTextArea, GovTextInput
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from complaints.auth.permissions import Permission, can
from complaints.cases import services as case_services
from complaints.cases.forms.base import CaseEditForm
from complaints.cases.views.common import allow, done, load_case, render_form, save
from complaints.common.clock import london_today, utcnow
from complaints.forms import CheckboxesField, date_field, options
from complaints.investigations import twelve_month
from complaints.oversight.views import bp
from complaints.web import actor, db, requires

SENT_TO = (
    ("iopc", "The IOPC"),
    ("opcc", "The OPCC (the police and crime commissioner)"),
)


class RecordReportForm(CaseEditForm):
    sent_on = date_field("Date sent", "Enter the date the report was sent")
    sent_to = CheckboxesField(
        "Sent to",
        choices=options(SENT_TO),
        description="The report goes to both. Leave the OPCC unticked only if telling it "
        "could prejudice the investigation, and say why below.",
    )
    withheld_reason = StringField(
        "Why the OPCC was not sent the report (only if it was withheld)",
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=300, message="Give the reason in 300 characters or fewer"),
        ],
    )
    progress = TextAreaField(
        "Progress reported",
        widget=GovTextArea(),
        description="A short summary: progress so far, the estimated end date, the reasons "
        "for delay and the next steps.",
        validators=[
            InputRequired("Summarise the progress reported"),
            Length(max=2000, message="Summarise the progress in 2,000 characters or fewer"),
        ],
    )


@bp.route("/twelve-month-reports")
@requires(Permission.TRACK_INVESTIGATION_REPORTS)
def twelve_month_reports():
    """Investigations whose next report to the OPCC and IOPC is overdue or due within the
    next 30 days. It names no one: reference, age, due date and mode only."""
    session, who, today = db(), actor(), london_today()
    due = twelve_month.due_reports(session, who, today)
    case_services.record_list_view(session, who, utcnow(), ["twelve-month reports due"], len(due))
    session.commit()
    recordable = {d.case.id for d in due if can(who, Permission.DECIDE, d.case)}
    return render_template(
        "oversight/twelve_month/due.html",
        due=due,
        recordable=recordable,
        today=today,
        lookahead=twelve_month.LOOKAHEAD_DAYS,
    )


@bp.route("/twelve-month-reports/<id:case_id>/record", methods=["GET", "POST"])
@requires(Permission.DECIDE)
def record_twelve_month_report(case_id: int):
    """Record the investigation's next report as sent to the OPCC and the IOPC."""
    case = load_case(case_id, "record twelve-month report")
    allow(case, Permission.DECIDE)
    due = twelve_month.next_report(case)
    if due is None:
        flash(
            "This case has no open investigation, so no report to the OPCC and IOPC is due.",
            "information",
        )
        return redirect(url_for("cases.investigation", case_id=case.id))
    form = RecordReportForm(case)
    if not form.is_submitted():
        form.sent_on.data = london_today()
        form.sent_to.data = ["iopc", "opcc"]
    if form.validate_on_submit():
        sent_to = set(form.sent_to.data or ())
        data = twelve_month.ReportSent(
            sent_on=form.sent_on.data,
            progress=form.progress.data or "",
            sent_to_iopc="iopc" in sent_to,
            sent_to_opcc="opcc" in sent_to,
            withheld_reason=form.withheld_reason.data or None,
        )
        if save(
            case,
            form,
            lambda: twelve_month.record_report(db(), actor(), case, data, utcnow()),
        ):
            return done(case, f"{due.name.capitalize()} recorded as sent.", "cases.investigation")
    return render_form(
        "oversight/twelve_month/record.html",
        case,
        form,
        page_title=f"Record the {due.name} as sent",
        due=due,
        today=london_today(),
        reports=case.investigation.reports,
        back_url=url_for("oversight.twelve_month_reports"),
    )
