"""The forces an installation serves: an administrator adds and changes them here.

``force_data`` turns the form into the ``ForceChanges`` the service takes, so the service
never sees a form.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, EmailField, Field, StringField, SubmitField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from complaints.forces.services import ForceChanges
from complaints.forms import VersionedForm, whole_number

# The timeliness measures a force sets its own targets for, and the national comparators
# the monthly report sets them beside (same keys as REPORT_TARGETS and
# REPORT_NATIONAL_COMPARATORS in complaints/config.py).
TARGETS = {
    "working_days_to_log": "Working days to log a complaint",
    "working_days_to_contact": "Working days to first contact",
    "days_to_finalise_outside_schedule_3": "Days to finalise outside Schedule 3",
    "days_to_finalise_under_schedule_3": "Days to finalise under Schedule 3",
}
COMPARATORS = TARGETS | {
    "days_to_finalise_under_schedule_3_excluding_suspensions": (
        "Days to finalise under Schedule 3, excluding suspensions"
    ),
}
MOST_DAYS = 10_000


class _DaysField(StringField):
    """A number of days typed as text: blank for none, else a number like 5 or 2.5."""

    def __init__(self, label: str, what: str, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.what = what

    def pre_validate(self, form: Any) -> None:
        text = (self.data or "").strip()
        if not text:
            return
        try:
            value = float(text)
        except ValueError:
            value = -1.0
        if not 0 <= value <= MOST_DAYS:
            raise ValidationError(f"{self.what} must be a number of days, like 5")

    def number(self) -> int | float | None:
        text = (self.data or "").strip()
        if not text:
            return None
        value = float(text)
        return int(value) if value.is_integer() else value


def _days(label: str, what: str) -> _DaysField:
    return _DaysField(
        label,
        what,
        widget=GovTextInput(),
        validators=[Optional(), Length(max=12)],
    )


class ForceForm(FlaskForm):
    name = StringField(
        "Name",
        widget=GovTextInput(),
        description="As people outside the service know it, like Bedfordshire Police",
        validators=[InputRequired("Enter the force's name"), Length(max=120)],
    )
    code = StringField(
        "Code",
        widget=GovTextInput(),
        description="2 to 8 letters, like BED. Case references carry it once the service "
        "serves more than one force.",
        validators=[InputRequired("Enter the force's code"), Length(max=8)],
    )
    psd_name = StringField(
        "Professional Standards Department's name",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the PSD's name"), Length(max=160)],
    )
    psd_address = TextAreaField(
        "PSD's address",
        widget=GovTextArea(),
        description="One line of the address a line, as letters show it",
        validators=[Optional(), Length(max=1000)],
    )
    opcc_name = StringField(
        "Office of the Police and Crime Commissioner's name",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the OPCC's name"), Length(max=160)],
    )
    opcc_address = TextAreaField(
        "OPCC's address",
        widget=GovTextArea(),
        description="One line of the address a line",
        validators=[Optional(), Length(max=1000)],
    )
    opcc_email = EmailField(
        "OPCC's email address (optional)",
        widget=GovTextInput(),
        validators=[
            Optional(),
            Email("Enter an email address in the correct format, like opcc@example.org"),
            Length(max=254),
        ],
    )
    opcc_phone = StringField(
        "OPCC's telephone number (optional)",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=40)],
    )
    opcc_website = StringField(
        "OPCC's website (optional)",
        widget=GovTextInput(),
        description="Where the public applies for a review, like www.example-pcc.gov.uk",
        validators=[Optional(), Length(max=200)],
    )
    contact_email = EmailField(
        "Contact email address (optional)",
        widget=GovTextInput(),
        validators=[
            Optional(),
            Email("Enter an email address in the correct format, like psd@example.org"),
            Length(max=254),
        ],
    )
    contact_phone = StringField(
        "Contact telephone number (optional)",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=40)],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_code(self, field: Field) -> None:
        code = (field.data or "").strip()
        if code and not (code.isascii() and code.isalpha() and 2 <= len(code) <= 8):
            raise ValidationError("The force's code is 2 to 8 letters, like BED")

    def target_fields(self) -> list[Field]:
        return [self[f"target_{key}"] for key in TARGETS]

    def comparator_fields(self) -> list[Field]:
        return [self[f"comparator_{key}"] for key in COMPARATORS]

    def fill_measures(self, targets: dict[str, Any], comparators: dict[str, Any]) -> None:
        for key in TARGETS:
            value = targets.get(key)
            self[f"target_{key}"].data = "" if value is None else str(value)
        for key in COMPARATORS:
            value = comparators.get(key)
            self[f"comparator_{key}"].data = "" if value is None else str(value)


for _key, _label in TARGETS.items():
    setattr(ForceForm, f"target_{_key}", _days(_label, f"The target for {_label.lower()}"))
for _key, _label in COMPARATORS.items():
    setattr(
        ForceForm,
        f"comparator_{_key}",
        _days(_label, f"The national comparator for {_label.lower()}"),
    )


class EditForceForm(VersionedForm, ForceForm):
    active = BooleanField(
        "The service serves this force",
        widget=GovCheckboxInput(),
        description="An inactive force keeps its cases and its people, but is not offered "
        "when adding people or logging cases.",
    )


def _lines(text: str | None) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def force_data(form: ForceForm) -> ForceChanges:
    targets = {key: form[f"target_{key}"].number() for key in TARGETS}
    comparators = {key: form[f"comparator_{key}"].number() for key in COMPARATORS}
    active = form["active"].data if "active" in form else True
    version = form["version"].data if "version" in form else None
    return ForceChanges(
        code=form.code.data or "",
        name=form.name.data or "",
        psd_name=(form.psd_name.data or "").strip(),
        psd_address=_lines(form.psd_address.data),
        opcc_name=(form.opcc_name.data or "").strip(),
        opcc_address=_lines(form.opcc_address.data),
        contact_email=(form.contact_email.data or "").strip() or None,
        contact_phone=(form.contact_phone.data or "").strip() or None,
        opcc_email=(form.opcc_email.data or "").strip() or None,
        opcc_phone=(form.opcc_phone.data or "").strip() or None,
        opcc_website=(form.opcc_website.data or "").strip() or None,
        report_targets={k: v for k, v in targets.items() if v is not None},
        national_comparators={k: v for k, v in comparators.items() if v is not None},
        active=bool(active),
        expected_version=whole_number(version, -1) if version is not None else None,
    )
