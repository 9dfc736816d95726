"""Forms for retention: a line of the schedule, a legal hold placed or lifted, and the
confirmation that disposes of a case's personal data."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSubmitInput, GovTextInput
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Optional

from complaints.cases.forms.base import CaseEditForm
from complaints.forms import VersionedForm, long_text
from complaints.retention.services import MAX_REASON


class RuleForm(VersionedForm):
    years_after_closure = StringField(
        "Years after the case closed",
        widget=GovTextInput(),
        description="Counted from the day the case was finalised or withdrawn.",
        validators=[InputRequired("Enter the number of years after the case closed")],
    )
    years_after_service = StringField(
        "Years after the officer's service ends (optional)",
        widget=GovTextInput(),
        description="Leave empty to count from the case's closure alone. The service does "
        "not record when service ends, so until it does the period above applies.",
        validators=[Optional()],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class HoldForm(CaseEditForm):
    reason = long_text(
        "Why the case must be kept",
        MAX_REASON,
        required="Enter why the case must be kept",
        hint="For example, a civil claim, litigation, or a request from an inquiry. While "
        "the hold stands the case is never due for review and cannot be disposed of.",
    )


class LiftHoldForm(CaseEditForm):
    reason = long_text(
        "Why the hold can end",
        MAX_REASON,
        required="Enter why the hold can end",
        hint="For example, the claim was settled. The retention schedule then decides when "
        "the case is reviewed.",
    )


class DisposeForm(CaseEditForm):
    confirm = BooleanField(
        "I understand that the personal data will be removed for good and cannot be restored",
        widget=GovCheckboxInput(),
        description="The audit trail records that you approved it and when, and how many "
        "records of each kind were disposed of.",
        validators=[DataRequired("Confirm that you understand this cannot be undone")],
    )
