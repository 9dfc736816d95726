"""The appropriate authority's forms for subject access requests."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import InputRequired, Optional

from complaints.access.models import PersonKind, RedactionReason
from complaints.access.services import MAX_PHRASE, MAX_REASON
from complaints.forms import (
    DATE_HINT,
    CheckboxesField,
    ChoiceField,
    DateTextField,
    MaxLength,
    check_choice,
    date_field,
    long_text,
    options,
)


class FindPersonForm(FlaskForm):
    """Who the request is about: searched by GET, so the results can be bookmarked."""

    class Meta:
        csrf = False

    kind = RadioField(
        "Who is asking?",
        widget=GovRadioInput(),
        choices=options(PersonKind.choices()),
        validators=[InputRequired("Choose who is asking")],
    )
    words = StringField(
        "Name, email address or collar number",
        widget=GovTextInput(),
        description="Part of a name is enough: a person may be on several cases",
        validators=[InputRequired("Enter a name, email address or number"), MaxLength(200)],
    )
    submit = SubmitField("Find their records", widget=GovSubmitInput())


class OpenRequestForm(FlaskForm):
    person_name = StringField(
        "Name the person gave",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the name the person gave"), MaxLength(200)],
    )
    received_on = DateTextField(
        "Date the request was received",
        widget=GovTextInput(),
        description=DATE_HINT + ". It is due one calendar month later.",
        validators=[InputRequired("Enter the date the request was received")],
    )
    records = CheckboxesField(
        "Which of these records are the person's?",
        description="Tick every record that is theirs, and none that is someone else's",
        choices=[],
    )
    # Checked by the view against the people found: the choices are made per request.
    subject_id = RadioField(
        "Which person is it?", widget=GovRadioInput(), choices=[], validate_choice=False
    )
    submit = SubmitField("Open the request", widget=GovSubmitInput())


class RedactionForm(FlaskForm):
    extract_id = ChoiceField(
        "Item",
        widget=GovSelect(),
        choices=[],
        validators=[InputRequired("Choose the item")],
    )
    phrase = long_text(
        "Exact words to redact",
        MAX_PHRASE,
        name="The words to redact",
        hint="Every place these words appear in the item is replaced by the reason. "
        "Leave blank to withhold the whole item (an original file that cannot be redacted).",
    )
    reason = RadioField(
        "Reason",
        widget=GovRadioInput(),
        choices=options(RedactionReason.choices()),
        validators=[InputRequired("Choose the reason")],
    )
    reason_other = StringField(
        "If other, the reason",
        widget=GovTextInput(),
        validators=[Optional(), MaxLength(MAX_REASON, "The reason")],
    )
    submit = SubmitField("Redact", widget=GovSubmitInput())

    def validate_extract_id(self, field) -> None:
        check_choice(field, "the item")


class StepForm(FlaskForm):
    """A step that asks for nothing but the press of a button (and the CSRF token)."""

    submit = SubmitField("Continue", widget=GovSubmitInput())


class CompleteForm(FlaskForm):
    on = date_field("Date the copy was sent", "Enter the date the copy was sent")
    submit = SubmitField("Record it as sent", widget=GovSubmitInput())


class WithdrawForm(FlaskForm):
    on = date_field("Date it was withdrawn", "Enter the date it was withdrawn")
    reason = long_text("Why", 500, name="Why", required="Enter why the request was withdrawn")
    submit = SubmitField("Withdraw the request", widget=GovSubmitInput())
