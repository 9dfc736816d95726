"""The appropriate authority's forms for a person's duty status and its reviews."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from complaints.forms import date_field, long_text, options
from complaints.officers.duty import MAX_REASON
from complaints.officers.models import DutyKind


class DutyStatusForm(FlaskForm):
    kind = RadioField(
        "What was decided?",
        widget=GovRadioInput(),
        choices=options(DutyKind.choices()),
        validators=[InputRequired("Choose what was decided")],
    )
    reason = long_text(
        "Reason for the decision",
        MAX_REASON,
        required="Enter the reason for the decision",
    )
    started_on = date_field("Date it starts", "Enter the date it starts")
    submit = SubmitField("Record the decision", widget=GovSubmitInput())


class DutyReviewForm(FlaskForm):
    reviewed_on = date_field("Date of the review", "Enter the date of the review")
    continued = RadioField(
        "What was decided?",
        widget=GovRadioInput(),
        choices=options([("yes", "It continues"), ("no", "It ends")]),
        validators=[InputRequired("Choose whether it continues or ends")],
    )
    note = long_text("Note (needed if it ends)", MAX_REASON, name="Note")
    submit = SubmitField("Record the review", widget=GovSubmitInput())
