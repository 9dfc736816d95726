"""The handler's forms for a complaint sent online: add it to a case, or say why it is
not a complaint (logging it as a new case is the new-case form, filled in from it)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import HiddenField, RadioField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from complaints.forms import long_text, options, whole_number
from complaints.public.models import NotAComplaint


class _Decision(FlaskForm):
    version = HiddenField()

    def version_seen(self) -> int:
        return whole_number(self.version.data, -1)


class AddToCaseForm(_Decision):
    reference = StringField(
        "Reference of the case to add it to",
        widget=GovTextInput(),
        description="For example, CO/2026/00042. The case must be one you can see.",
        validators=[
            InputRequired("Enter the reference of the case to add it to"),
            Length(max=40, message="The reference must be 40 characters or fewer"),
        ],
    )
    add = SubmitField("Add it to this case", widget=GovSubmitInput())


class NotAComplaintForm(_Decision):
    reason = RadioField(
        "Why is it not a complaint?",
        widget=GovRadioInput(),
        choices=options(NotAComplaint.choices()),
        validators=[InputRequired("Choose why it is not a complaint")],
    )
    note = long_text(
        "What to tell the person (optional)",
        1000,
        name="What to tell the person",
        hint="Added to the email we send them, unless it is spam. For example, where to "
        "report a crime instead.",
    )
    reject = SubmitField("Record that it is not a complaint", widget=GovSubmitInput())
