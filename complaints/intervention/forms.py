"""Forms for early intervention: a step on an alert, a plan and its actions, a policy."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import InputRequired, Optional, ValidationError

from complaints.forms import (
    CheckboxesField,
    ChoiceField,
    MaxLength,
    VersionedForm,
    date_field,
    long_text,
    options,
    whole_number,
)
from complaints.intervention.alerts import MAX_NOTE
from complaints.intervention.models import Counts, Period
from complaints.intervention.plans import MAX_OWNER, MAX_SUMMARY
from complaints.intervention.policies import MAX_NAME


class AlertStepForm(VersionedForm):
    note = long_text("Note", MAX_NOTE)
    submit = SubmitField("Save", widget=GovSubmitInput())


def _action_fields(prefix: str = ""):
    return (
        long_text(
            f"{prefix}What is to be done",
            MAX_NOTE,
            name="What is to be done",
            required="Enter what is to be done",
        ),
        StringField(
            "Who will do it",
            widget=GovTextInput(),
            description="For example, the officer's line manager: Inspector A. Reed",
            validators=[
                InputRequired("Enter who will do it"),
                MaxLength(MAX_OWNER, "Who will do it"),
            ],
        ),
        date_field("Due by", "Enter the date it is due by"),
    )


class PlanForm(VersionedForm):
    summary = long_text("What the plan is for", MAX_SUMMARY, required="Enter what the plan is for")
    agreed_on = date_field("Date agreed", "Enter the date the plan was agreed")
    description, owner, due_on = _action_fields("First action: ")
    submit = SubmitField("Agree the plan", widget=GovSubmitInput())


class ActionForm(VersionedForm):
    description, owner, due_on = _action_fields()
    submit = SubmitField("Add the action", widget=GovSubmitInput())


class ActionDoneForm(VersionedForm):
    done_on = date_field("Date it was done", "Enter the date it was done")
    note = long_text("Note (optional)", MAX_NOTE, name="Note")
    submit = SubmitField("Mark as done", widget=GovSubmitInput())


class WholeNumber:
    """A whole number within a range, typed as text; the GOV.UK message names the field."""

    def __init__(self, low: int, high: int, name: str) -> None:
        self.low, self.high, self.name = low, high, name

    def __call__(self, form, field) -> None:
        text = (field.data or "").strip()
        if not text:
            return
        number = whole_number(text, -1)
        if not self.low <= number <= self.high:
            raise ValidationError(
                f"{self.name} must be a whole number from {self.low} to {self.high:,}"
            )


class PolicyForm(VersionedForm):
    force_id = ChoiceField("Force", widget=GovSelect(), validate_choice=False)
    name = StringField(
        "Name",
        widget=GovTextInput(),
        description="For example, 3 or more allegations in 12 months",
        validators=[
            InputRequired("Enter a name for the policy"),
            MaxLength(MAX_NAME),
        ],
    )
    counts = RadioField(
        "What counts",
        widget=GovRadioInput(),
        choices=options(Counts.choices()),
        validators=[InputRequired("Choose what counts")],
    )
    category_ids = CheckboxesField(
        "Allegation categories (optional)",
        description="Only for a policy counting allegations. None chosen: every category counts.",
    )
    threshold = StringField(
        "Threshold",
        widget=GovTextInput(),
        description="The count at which someone crosses the policy. 1 means any.",
        validators=[InputRequired("Enter the threshold"), WholeNumber(1, 1000, "Threshold")],
    )
    top_percent = StringField(
        "Top share of officers, in per cent (optional)",
        widget=GovTextInput(),
        description="Ranks officers instead: for example 1 for the top 1% of the force's "
        "officers by count (with at least the threshold). Checked each night.",
        validators=[Optional(), WholeNumber(1, 50, "Top share of officers")],
    )
    period = RadioField(
        "Over what time",
        widget=GovRadioInput(),
        choices=options(Period.choices()),
        validators=[InputRequired("Choose over what time it counts")],
    )
    period_months = StringField(
        "Number of months (for a number of months up to today)",
        widget=GovTextInput(),
        validators=[Optional(), WholeNumber(1, 120, "Number of months")],
    )
    notify_role = RadioField(
        "Who is told",
        widget=GovRadioInput(),
        choices=options(
            [
                ("appropriate_authority", "Every appropriate authority deciding for the force"),
                ("named", "Only the people chosen below"),
            ]
        ),
        validators=[InputRequired("Choose who is told")],
    )
    recipient_ids = CheckboxesField("People told by name (optional)")
    active = RadioField(
        "In use",
        widget=GovRadioInput(),
        choices=options([("yes", "Yes: scan for it"), ("no", "No: keep it, but do not scan")]),
        default="yes",
        validators=[InputRequired("Choose whether the policy is in use")],
    )
    submit = SubmitField("Save the policy", widget=GovSubmitInput())
