"""One form per question page of the public complaint form: plain words, one thing each.

Each form's fields are named as its answers are kept (``drafts``), so a page shows what
was answered before, whichever way the person came back to it.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, Field, RadioField, StringField, SubmitField
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from complaints.cases.forms.complainant import (
    AGE_BANDS,
    DISABILITY,
    ETHNIC_GROUPS,
    GENDER_IDENTITY,
    RELIGIONS,
    SEXES,
    SEXUAL_ORIENTATIONS,
    equality_field,
)
from complaints.cases.forms.fields import DateField
from complaints.common.clock import london_today
from complaints.forms import long_text, options
from complaints.public.questions import CONTACT_WAYS, MOST_FILES

CONTINUE = "Continue"


def _text(label: str, most: int, *, required: str | None = None, hint: str | None = None):
    first = InputRequired(required) if required else Optional()
    return StringField(
        label,
        widget=GovTextInput(),
        description=hint,
        validators=[first, Length(max=most, message=f"{label} must be {most} characters or fewer")],
    )


def _long(label: str, most: int, *, required: str | None = None, hint: str | None = None):
    return long_text(
        label, most, name=label.removesuffix(" (optional)"), required=required, hint=hint
    )


class QuestionForm(FlaskForm):
    submit = SubmitField(CONTINUE, widget=GovSubmitInput())


class ForceForm(QuestionForm):
    force = RadioField(
        "Which police force is your complaint about?",
        widget=GovRadioInput(),
        validate_choice=False,
        validators=[InputRequired("Choose the police force your complaint is about")],
    )

    def validate_force(self, field: Field) -> None:
        if field.data not in {value for value, _ in self.force.choices}:
            raise ValidationError("Choose the police force your complaint is about")


class WhoForm(QuestionForm):
    for_whom = RadioField(
        "Who is the complaint for?",
        widget=GovRadioInput(),
        choices=options(
            [
                ("myself", "Me: it happened to me, or I saw it"),
                ("someone_else", "Someone else: I am complaining for them"),
            ]
        ),
        validators=[InputRequired("Choose who the complaint is for")],
    )
    # Left empty by people; filled in by programs that fill in every box they find.
    website = StringField("Leave this box empty", validators=[Optional()])


class YouForm(QuestionForm):
    title = _text("Title (optional)", 20, hint="For example, Ms, Mr, Mx or Dr")
    given_name = _text("First name", 80, required="Enter your first name")
    family_name = _text("Last name", 80, required="Enter your last name")
    date_of_birth = DateField(
        "Date of birth (optional)",
        "Your date of birth",
        description="For example, 27/3/1980. It helps us find your complaint if you contact us.",
        validators=[Optional()],
    )

    def validate_date_of_birth(self, field: Field) -> None:
        if field.data and field.data >= london_today():
            raise ValidationError("Your date of birth must be in the past")


class ThemForm(QuestionForm):
    their_given_name = _text("Their first name", 80, required="Enter their first name")
    their_family_name = _text("Their last name", 80, required="Enter their last name")
    relationship = _text(
        "How do you know them? (optional)", 120, hint="For example, their parent or solicitor"
    )
    consent = BooleanField(
        "They have agreed to me making this complaint for them",
        widget=GovCheckboxInput(),
        validators=[InputRequired("You need their agreement to complain for them")],
    )


class ContactForm(QuestionForm):
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        description="We will send you a reference number by email.",
        validators=[
            Optional(),
            Email("Enter an email address in the right format, like name@example.com"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
    )
    phone = _text("Phone number (optional)", 40)
    address = _long("Postal address (optional)", 500)
    postcode = _text("Postcode (optional)", 10)
    contact_by = RadioField(
        "How should we contact you?",
        widget=GovRadioInput(),
        choices=options(CONTACT_WAYS),
        validators=[InputRequired("Choose how we should contact you")],
    )

    def validate_contact_by(self, field: Field) -> None:
        needs = {"email": self.email, "letter": self.address, "phone": self.phone}
        chosen = needs.get(field.data)
        if chosen is not None and not (chosen.data or "").strip():
            words = {
                "email": "an email address",
                "letter": "a postal address",
                "phone": "a phone number",
            }
            raise ValidationError(f"Enter {words[field.data]} so that we can contact you that way")


class WhatForm(QuestionForm):
    what_happened = _long(
        "What happened?",
        10_000,
        required="Tell us what happened",
        hint="Tell us in your own words. Include what the police did or did not do.",
    )


class WhenForm(QuestionForm):
    incident_on = DateField(
        "When did it happen? (optional)",
        "The date it happened",
        description="For example, 27/3/2026. Leave it empty if you do not know.",
        validators=[Optional()],
    )
    place = _text("Where did it happen? (optional)", 200, hint="For example, a street or a town")

    def validate_incident_on(self, field: Field) -> None:
        if field.data and field.data > london_today():
            raise ValidationError("The date it happened must be today or in the past")


class InvolvedForm(QuestionForm):
    involved = _long(
        "Who was involved? (optional)",
        2000,
        hint="Names, collar numbers or what they looked like, if you know them.",
    )
    involved_unknown = BooleanField("I do not know who was involved", widget=GovCheckboxInput())


class FilesForm(QuestionForm):
    file = FileField(
        "Add a file (optional)",
        widget=GovFileInput(),
        description=f"Up to {MOST_FILES} photos, videos, recordings or documents, each "
        "smaller than 20 MB.",
    )
    add = SubmitField("Add this file", widget=GovSubmitInput())


class OutcomeForm(QuestionForm):
    wanted_outcome = _long(
        "What would you like to happen? (optional)",
        2000,
        hint="For example, an explanation, an apology, or a change to how things are done.",
    )


class BeforeForm(QuestionForm):
    complained_before = RadioField(
        "Have you complained about this before?",
        widget=GovRadioInput(),
        choices=options([("yes", "Yes"), ("no", "No")]),
        validators=[InputRequired("Say whether you have complained about this before")],
    )
    earlier_reference = _text("Your reference, if you have one (optional)", 40)


class NeedsForm(QuestionForm):
    needs = _long(
        "Do you need any help from us? (optional)",
        500,
        hint="For example, an interpreter, large print, easy read, or calls only in the afternoon.",
    )


def _equality(label: str, answers: tuple[str, ...], hint: str | None = None):
    return equality_field(label, answers, hint, blank="I would rather not answer")


class EqualityForm(QuestionForm):
    age_band = _equality("Age", AGE_BANDS)
    sex = _equality("Sex", SEXES)
    gender_reassignment = _equality(
        "Gender identity",
        GENDER_IDENTITY,
        "Is the gender you identify with the same as your sex registered at birth?",
    )
    ethnicity = _equality("Ethnic group", ETHNIC_GROUPS)
    disability = _equality(
        "Disability",
        DISABILITY,
        "Does a health condition lasting 12 months or more make day-to-day things harder?",
    )
    religion = _equality("Religion", RELIGIONS)
    sexual_orientation = _equality("Sexual orientation", SEXUAL_ORIENTATIONS)


class SendForm(FlaskForm):
    submit = SubmitField("Send your complaint", widget=GovSubmitInput())


def as_answers(form: FlaskForm) -> dict[str, object]:
    """A page's answers as kept: text as typed, dates as ISO dates, ticks as true/false."""
    kept: dict[str, object] = {}
    for name, field in form._fields.items():
        if name in {"csrf_token", "submit", "website", "file", "add"}:
            continue
        value = field.data
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, str):
            value = value.strip()
        kept[name] = value
    return kept


def from_answers(answers: dict[str, object]) -> dict[str, object]:
    """The kept answers as a form's data: ISO dates back to dates."""
    data = {}
    for name, value in answers.items():
        if isinstance(value, str) and len(value) == 10 and value[4:5] == "-":
            with contextlib.suppress(ValueError):
                value = dt.date.fromisoformat(value)
        data[name] = value
    return data


# The form of each question page (``questions.QUESTIONS`` names the pages and their order).
FORMS: dict[str, type[QuestionForm]] = {
    "force": ForceForm,
    "who": WhoForm,
    "you": YouForm,
    "them": ThemForm,
    "contact": ContactForm,
    "what": WhatForm,
    "when": WhenForm,
    "involved": InvolvedForm,
    "files": FilesForm,
    "outcome": OutcomeForm,
    "before": BeforeForm,
    "needs": NeedsForm,
    "equality": EqualityForm,
}
