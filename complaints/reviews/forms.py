"""Forms of the review pages: finding the complaint, recording the application, and the
force's response to a recommendation. The decision uses the case step's form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, HiddenField, RadioField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from complaints.forms import VersionedForm, date_field, long_text, options
from complaints.reviews.models import ReviewBody
from complaints.reviews.services import response_seen


class FindComplaintForm(FlaskForm):
    """Searched by GET, so the page can be bookmarked and nothing is changed."""

    class Meta:
        csrf = False

    reference = StringField(
        "Complaint reference",
        widget=GovTextInput(),
        description="For example, CO/2026/00042",
        validators=[InputRequired("Enter the complaint reference"), Length(max=40)],
    )
    submit = SubmitField("Find the complaint", widget=GovSubmitInput())


class ApplicationForm(FlaskForm):
    reference = HiddenField()
    received_on = date_field(
        "Date the application was received", "Enter the date the application was received"
    )
    received_by = RadioField(
        "Who received it?",
        widget=GovRadioInput(),
        choices=options(ReviewBody.choices()),
        validators=[InputRequired("Choose who received the application")],
    )
    late_special_reason = long_text(
        "Special reason for accepting it late (if it arrived after the last day)",
        2000,
        name="The special reason for accepting it late",
    )
    not_valid = BooleanField(
        "It arrived after the last day and there is no special reason: record it as not "
        "valid and write to the applicant",
        widget=GovCheckboxInput(),
    )
    submit = SubmitField("Record the application", widget=GovSubmitInput())


class TakeReviewForm(FlaskForm):
    submit = SubmitField("Take this review", widget=GovSubmitInput())


class ResponseForm(VersionedForm):
    """A response has no version column: the response as the page showed it
    (``services.response_seen``) stands for it, so that a response recorded by someone
    else meanwhile is refused rather than overwritten."""

    version = None
    seen = HiddenField()
    response = long_text("The force's response", 5000, required="Enter the force's response")
    accepted = RadioField(
        "Does the force accept the recommendation?",
        widget=GovRadioInput(),
        choices=options([("yes", "Yes, accepted"), ("no", "No, not accepted")]),
        validators=[InputRequired("Choose whether the force accepts the recommendation")],
    )
    responded_on = date_field("Date of the response", "Enter the date of the response")
    raise_learning = BooleanField(
        "Raise a learning item from this recommendation", widget=GovCheckboxInput()
    )
    submit = SubmitField("Record the response", widget=GovSubmitInput())

    def stamp(self, recommendation) -> None:
        super().stamp_opened()
        self.seen.data = response_seen(recommendation)

    def is_stale(self, recommendation) -> bool:
        return (self.seen.data or "") != response_seen(recommendation)
