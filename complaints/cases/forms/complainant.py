"""Complainant forms: the person, their representative, contact and equality monitoring."""

from __future__ import annotations

from typing import Any

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
)
from wtforms import BooleanField, Field, RadioField, SubmitField
from wtforms.validators import Optional, ValidationError

from complaints.cases.choices import EQUALITY_FIELDS, PREFER_NOT_TO_SAY, ContactMethod
from complaints.cases.forms.base import CaseEditForm
from complaints.cases.forms.fields import (
    DATE_HINT,
    DateField,
    blank_to_none,
    choice_check,
    email_field,
    long_text_field,
    text_field,
)
from complaints.cases.services import ComplainantData, EqualityData, RepresentativeData
from complaints.common.clock import london_today
from complaints.forms import ChoiceField, options

# Equality monitoring answers (ONS 2021 census wording, shortened to fit the columns).
# The value stored is the text itself, so a report reads it without a lookup.
AGE_BANDS = (
    "Under 18",
    "18 to 24",
    "25 to 34",
    "35 to 44",
    "45 to 54",
    "55 to 64",
    "65 to 74",
    "75 and over",
)
SEXES = ("Female", "Male")
GENDER_IDENTITY = ("Same as sex registered at birth", "Different from sex registered at birth")
ETHNIC_GROUPS = (
    "Asian or Asian British: Bangladeshi",
    "Asian or Asian British: Chinese",
    "Asian or Asian British: Indian",
    "Asian or Asian British: Pakistani",
    "Asian or Asian British: Other Asian",
    "Black or Black British: African",
    "Black or Black British: Caribbean",
    "Black or Black British: Other Black",
    "Mixed: White and Asian",
    "Mixed: White and Black African",
    "Mixed: White and Black Caribbean",
    "Mixed: Other Mixed or Multiple",
    "White: English, Welsh, Scottish, Northern Irish or British",
    "White: Irish",
    "White: Gypsy or Irish Traveller",
    "White: Roma",
    "White: Other White",
    "Other ethnic group: Arab",
    "Other ethnic group: Any other",
)
DISABILITY = ("Yes, limited a lot", "Yes, limited a little", "No")
RELIGIONS = (
    "No religion",
    "Christian",
    "Buddhist",
    "Hindu",
    "Jewish",
    "Muslim",
    "Sikh",
    "Any other religion",
)
SEXUAL_ORIENTATIONS = (
    "Straight or heterosexual",
    "Gay or lesbian",
    "Bisexual",
    "Other sexual orientation",
)


def equality_field(
    label: str,
    answers: tuple[str, ...],
    hint: str | None = None,
    blank: str = "Not asked or not given",
) -> ChoiceField:
    """One optional equality question, with "prefer not to say"; ``blank`` is the words
    for no answer (the public form says "I would rather not answer")."""
    return ChoiceField(
        label,
        widget=GovSelect(),
        description=hint,
        choices=options([("", blank), *((a, a) for a in (*answers, PREFER_NOT_TO_SAY))]),
        default="",
        validate_choice=False,
        validators=[Optional(), choice_check("an answer")],
    )


class ComplainantFields:
    """A complainant, their representative and optional equality monitoring."""

    title = text_field("Title (optional)", 20, hint="For example, Ms, Mr, Mx or Dr")
    given_name = text_field("First name", 80, required="Enter the complainant's first name")
    family_name = text_field("Last name", 80, required="Enter the complainant's last name")
    email = email_field("Email address (optional)")
    phone = text_field("Phone number (optional)", 40)
    address = long_text_field("Postal address (optional)", 500)
    postcode = text_field("Postcode (optional)", 10)
    contact_preference = RadioField(
        "How would they like to be contacted?",
        widget=GovRadioInput(),
        choices=options([("", "No preference"), *ContactMethod.choices()]),
        default="",
        validate_choice=False,
        validators=[Optional(), choice_check("how they would like to be contacted")],
    )
    needs = long_text_field(
        "Needs or adjustments (optional)",
        300,
        hint="For example, an interpreter, large print, or calls only in the afternoon",
    )
    representative_name = text_field(
        "Representative's name",
        160,
        hint="Only if someone acts for them, such as a solicitor or a relative",
        checked_when_blank=True,
    )
    representative_organisation = text_field("Representative's organisation (optional)", 160)
    representative_email = email_field("Representative's email address (optional)")
    representative_phone = text_field("Representative's phone number (optional)", 40)
    representative_address = long_text_field("Representative's postal address (optional)", 500)
    consent_received_on = DateField(
        "Date the complainant's written consent was received (optional)",
        "The date consent was received",
        description=DATE_HINT,
        validators=[Optional()],
    )
    copy_to_complainant = BooleanField(
        "Send the complainant a copy of each letter to their representative",
        widget=GovCheckboxInput(),
        description="Letters go to the representative once the complainant's written "
        "consent has been received; until then, to the complainant.",
    )
    age_band = equality_field("Age", AGE_BANDS)
    sex = equality_field("Sex", SEXES)
    gender_reassignment = equality_field(
        "Gender identity",
        GENDER_IDENTITY,
        "Is the gender they identify with the same as their sex registered at birth?",
    )
    ethnicity = equality_field("Ethnic group", ETHNIC_GROUPS)
    disability = equality_field(
        "Disability",
        DISABILITY,
        "Does a physical or mental health condition lasting 12 months or more reduce "
        "their ability to carry out day-to-day activities?",
    )
    religion = equality_field("Religion", RELIGIONS)
    sexual_orientation = equality_field("Sexual orientation", SEXUAL_ORIENTATIONS)

    def validate_representative_name(self, field: Field) -> None:
        others = (
            self.representative_organisation,
            self.representative_email,
            self.representative_phone,
            self.representative_address,
            self.consent_received_on,
        )
        if not field.data and any(f.data for f in others):
            raise ValidationError(
                "Enter the representative's name, or leave all their details blank"
            )

    def validate_consent_received_on(self, field: Field) -> None:
        if field.data and field.data > london_today():
            raise ValidationError("The date consent was received must be today or in the past")


COMPLAINANT_FIELDS = tuple(
    name for name in vars(ComplainantFields) if not name.startswith(("_", "validate_"))
)


def complainant_data(form: Any) -> ComplainantData:
    representative = None
    if form.representative_name.data:
        representative = RepresentativeData(
            name=form.representative_name.data,
            organisation=blank_to_none(form.representative_organisation.data),
            email=blank_to_none(form.representative_email.data),
            phone=blank_to_none(form.representative_phone.data),
            address=blank_to_none(form.representative_address.data),
            consent_received_on=form.consent_received_on.data,
            copy_to_complainant=bool(form.copy_to_complainant.data),
        )
    answers = {name: blank_to_none(form[name].data) for name in EQUALITY_FIELDS}
    return ComplainantData(
        given_name=form.given_name.data,
        family_name=form.family_name.data,
        title=blank_to_none(form.title.data),
        email=blank_to_none(form.email.data),
        phone=blank_to_none(form.phone.data),
        address=blank_to_none(form.address.data),
        postcode=blank_to_none((form.postcode.data or "").upper()),
        contact_preference=(
            ContactMethod(form.contact_preference.data) if form.contact_preference.data else None
        ),
        needs=blank_to_none(form.needs.data),
        representative=representative,
        equality=EqualityData(**answers) if any(answers.values()) else None,
    )


class AddComplainantForm(ComplainantFields, CaseEditForm):
    submit = SubmitField("Add the complainant", widget=GovSubmitInput())
