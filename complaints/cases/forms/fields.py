"""Fields the intake forms are built from: shared builders and the case's own field groups."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    RadioField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import Email, InputRequired, Length, Optional

from complaints.cases.choices import CaseType, Channel
from complaints.cases.models import MANDATORY_TRIGGERS
from complaints.forms import (
    DATE_HINT,
    CheckboxesField,
    ChoiceField,
    DateTextField,
    MaxLength,
    check_choice,
    long_text,
    options,
)

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.org"


def tidy(value: Any) -> Any:
    """Trim typed text and drop NUL characters, which no database column will store."""
    return value.replace("\x00", "").strip() if isinstance(value, str) else value


TIDY = (tidy,)


def choice_check(what: str) -> Callable[[FlaskForm, Field], None]:
    def check(_form: FlaskForm, field: Field) -> None:
        check_choice(field, what)

    return check


def text_field(
    label: str,
    most: int,
    *,
    required: str | None = None,
    hint: str | None = None,
    checked_when_blank: bool = False,
    name: str | None = None,
):
    """A line of text; ``checked_when_blank`` runs the inline check even when it is empty."""
    validators: list[Any] = [MaxLength(most, name)]
    if required:
        validators.insert(0, InputRequired(required))
    elif not checked_when_blank:
        validators.insert(0, Optional())
    return StringField(
        label, widget=GovTextInput(), description=hint, filters=TIDY, validators=validators
    )


def long_text_field(
    label: str,
    most: int,
    *,
    required: str | None = None,
    hint: str | None = None,
    name: str | None = None,
):
    return long_text(label, most, name=name, required=required, hint=hint, filters=TIDY)


def email_field(label: str) -> StringField:
    return StringField(
        label,
        widget=GovTextInput(),
        filters=TIDY,
        validators=[Optional(), Email(EMAIL_FORMAT), Length(max=254, message=EMAIL_FORMAT)],
    )


class DateField(DateTextField):
    """A typed date whose error names the date in words, whatever its label says."""

    def __init__(self, label: str, what: str, **kwargs: Any):
        kwargs.setdefault("widget", GovTextInput())
        super().__init__(label, **kwargs)
        self.what = what

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(f"{self.what} must be a real date, like 27/3/2026") from error


def blank_to_none(value: str | None) -> str | None:
    return value or None


# WTForms puts a form's fields in the order they were created, so the case's groups live
# here: complainant.py imports this module before it builds ComplainantFields, and the
# new-case page and its error summary list the case first however the modules are loaded.
class MatchFields:
    """Possible duplicates, shown above the case once found (so first in page order)."""

    seen_matches = HiddenField()
    matches_checked = BooleanField(
        "I have checked these possible matches", widget=GovCheckboxInput()
    )
    same_incident = SelectMultipleField(
        "Which of them are about the same incident?",
        widget=GovCheckboxesInput(),
        description="The new case will be linked to each one you tick.",
        choices=[],
        validate_choice=False,
    )


class CaseFields:
    """What arrived, when and how; defined before the complainant to keep page order."""

    case_type = RadioField(
        "What kind of case is it?",
        widget=GovRadioInput(),
        choices=options(CaseType.choices()),
        default=CaseType.COMPLAINT.value,
        validate_choice=False,
        validators=[
            InputRequired("Choose what kind of case it is"),
            choice_check("a kind of case"),
        ],
    )
    received_on = DateField(
        "Date received",
        "The date received",
        description="The day the force, the OPCC or the IOPC first received it. " + DATE_HINT,
        validators=[InputRequired("Enter the date it was received")],
    )
    channel = ChoiceField(
        "How it arrived",
        widget=GovSelect(),
        choices=options([("", "Choose how it arrived"), *Channel.choices()]),
        validate_choice=False,
        validators=[InputRequired("Choose how it arrived"), choice_check("how it arrived")],
    )
    summary = long_text_field(
        "Summary",
        5000,
        required="Enter a summary of the case",
        hint="What is alleged, in a few sentences. Allegations are added one by one next.",
    )
    incident_on = DateField(
        "Date of the incident (optional)",
        "The incident date",
        description=DATE_HINT,
        validators=[Optional()],
    )
    incident_place = text_field("Where it happened (optional)", 200)
    division_id = ChoiceField(
        "Division or department (optional)",
        widget=GovSelect(),
        validate_choice=False,
        validators=[Optional(), choice_check("a division or department")],
    )
    direction_and_control = BooleanField(
        "It is about the direction and control of the force (policy or operational "
        "decisions, not the conduct of a person)",
        widget=GovCheckboxInput(),
    )
    triggers = CheckboxesField(
        "Mandatory recording and referral triggers",
        description="Tick each that applies. Any one means the complaint must be recorded.",
        choices=options(MANDATORY_TRIGGERS),
    )
    recording_requested = BooleanField(
        "The complainant asked for the complaint to be recorded", widget=GovCheckboxInput()
    )
