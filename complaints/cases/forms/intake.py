"""Intake forms: a new case, another complainant, a subject, a link to another case.

Each form turns its input into the dataclass its service takes (``new_case_data``,
``complainant_data``, ``subject_data``), so the services never see a form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from complaints.cases.choices import CaseType, Channel, ContactMethod
from complaints.cases.forms.base import CaseEditForm
from complaints.cases.models import MANDATORY_TRIGGERS
from complaints.cases.services import (
    ComplainantData,
    EqualityData,
    NewCase,
    RepresentativeData,
)
from complaints.common.clock import london_today
from complaints.forms import CheckboxesField, DateTextField, check_choice, options
from complaints.subjects.models import SubjectKind
from complaints.subjects.services import IdentityDetails, NewSubject

DATE_HINT = "For example, 27/3/2026"
PREFER_NOT_TO_SAY = "Prefer not to say"
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.org"

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
EQUALITY_FIELDS = (
    "age_band",
    "sex",
    "gender_reassignment",
    "ethnicity",
    "disability",
    "religion",
    "sexual_orientation",
)


def _tidy(value: Any) -> Any:
    """Trim typed text and drop NUL characters, which no database column will store."""
    return value.replace("\x00", "").strip() if isinstance(value, str) else value


TIDY = (_tidy,)


def _choice(what: str) -> Callable[[FlaskForm, Field], None]:
    def check(_form: FlaskForm, field: Field) -> None:
        check_choice(field, what)

    return check


def _text(
    label: str,
    most: int,
    *,
    required: str | None = None,
    hint: str | None = None,
    checked_when_blank: bool = False,
):
    """A line of text; ``checked_when_blank`` runs the inline check even when it is empty."""
    validators: list[Any] = [Length(max=most, message=f"Enter {most} characters or fewer")]
    if required:
        validators.insert(0, InputRequired(required))
    elif not checked_when_blank:
        validators.insert(0, Optional())
    return StringField(
        label, widget=GovTextInput(), description=hint, filters=TIDY, validators=validators
    )


def _long_text(label: str, most: int, *, required: str | None = None, hint: str | None = None):
    first = InputRequired(required) if required else Optional()
    return TextAreaField(
        label,
        widget=GovTextArea(),
        description=hint,
        filters=TIDY,
        validators=[first, Length(max=most, message=f"Enter {most:,} characters or fewer")],
    )


def _email(label: str) -> StringField:
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


def _equality(label: str, answers: tuple[str, ...], hint: str | None = None) -> SelectField:
    return SelectField(
        label,
        widget=GovSelect(),
        description=hint,
        choices=options(
            [("", "Not asked or not given"), *((a, a) for a in (*answers, PREFER_NOT_TO_SAY))]
        ),
        default="",
        validate_choice=False,
        validators=[Optional(), _choice("an answer")],
    )


class _MatchFields:
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


class _CaseFields:
    """What arrived, when and how; defined before the complainant to keep page order."""

    case_type = RadioField(
        "What kind of case is it?",
        widget=GovRadioInput(),
        choices=options(CaseType.choices()),
        default=CaseType.COMPLAINT.value,
        validate_choice=False,
        validators=[InputRequired("Choose what kind of case it is"), _choice("a kind of case")],
    )
    received_on = DateField(
        "Date received",
        "The date received",
        description="The day the force, the OPCC or the IOPC first received it. " + DATE_HINT,
        validators=[InputRequired("Enter the date it was received")],
    )
    channel = SelectField(
        "How it arrived",
        widget=GovSelect(),
        choices=options([("", "Choose how it arrived"), *Channel.choices()]),
        validate_choice=False,
        validators=[InputRequired("Choose how it arrived"), _choice("how it arrived")],
    )
    summary = _long_text(
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
    incident_place = _text("Where it happened (optional)", 200)
    division_id = SelectField(
        "Division or department (optional)",
        widget=GovSelect(),
        validate_choice=False,
        validators=[Optional(), _choice("a division or department")],
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


class ComplainantFields:
    """A complainant, their representative and optional equality monitoring."""

    title = _text("Title (optional)", 20, hint="For example, Ms, Mr, Mx or Dr")
    given_name = _text("First name", 80, required="Enter the complainant's first name")
    family_name = _text("Last name", 80, required="Enter the complainant's last name")
    email = _email("Email address (optional)")
    phone = _text("Phone number (optional)", 40)
    address = _long_text("Postal address (optional)", 500)
    postcode = _text("Postcode (optional)", 10)
    contact_preference = RadioField(
        "How would they like to be contacted?",
        widget=GovRadioInput(),
        choices=options([("", "No preference"), *ContactMethod.choices()]),
        default="",
        validate_choice=False,
        validators=[Optional(), _choice("how they would like to be contacted")],
    )
    needs = _long_text(
        "Needs or adjustments (optional)",
        300,
        hint="For example, an interpreter, large print, or calls only in the afternoon",
    )
    representative_name = _text(
        "Representative's name",
        160,
        hint="Only if someone acts for them, such as a solicitor or a relative",
        checked_when_blank=True,
    )
    representative_organisation = _text("Representative's organisation (optional)", 160)
    representative_email = _email("Representative's email address (optional)")
    representative_phone = _text("Representative's phone number (optional)", 40)
    representative_address = _long_text("Representative's postal address (optional)", 500)
    consent_received_on = DateField(
        "Date the complainant's written consent was received (optional)",
        "The date consent was received",
        description=DATE_HINT,
        validators=[Optional()],
    )
    age_band = _equality("Age", AGE_BANDS)
    sex = _equality("Sex", SEXES)
    gender_reassignment = _equality(
        "Gender identity",
        GENDER_IDENTITY,
        "Is the gender they identify with the same as their sex registered at birth?",
    )
    ethnicity = _equality("Ethnic group", ETHNIC_GROUPS)
    disability = _equality(
        "Disability",
        DISABILITY,
        "Does a physical or mental health condition lasting 12 months or more reduce "
        "their ability to carry out day-to-day activities?",
    )
    religion = _equality("Religion", RELIGIONS)
    sexual_orientation = _equality("Sexual orientation", SEXUAL_ORIENTATIONS)

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


def _blank(value: str | None) -> str | None:
    return value or None


def complainant_data(form: Any) -> ComplainantData:
    representative = None
    if form.representative_name.data:
        representative = RepresentativeData(
            name=form.representative_name.data,
            organisation=_blank(form.representative_organisation.data),
            email=_blank(form.representative_email.data),
            phone=_blank(form.representative_phone.data),
            address=_blank(form.representative_address.data),
            consent_received_on=form.consent_received_on.data,
        )
    answers = {name: _blank(form[name].data) for name in EQUALITY_FIELDS}
    return ComplainantData(
        given_name=form.given_name.data,
        family_name=form.family_name.data,
        title=_blank(form.title.data),
        email=_blank(form.email.data),
        phone=_blank(form.phone.data),
        address=_blank(form.address.data),
        postcode=_blank((form.postcode.data or "").upper()),
        contact_preference=(
            ContactMethod(form.contact_preference.data) if form.contact_preference.data else None
        ),
        needs=_blank(form.needs.data),
        representative=representative,
        equality=EqualityData(**answers) if any(answers.values()) else None,
    )


TRIGGER_FIELDS = tuple(attr for attr, _ in MANDATORY_TRIGGERS)


class NewCaseForm(_MatchFields, _CaseFields, ComplainantFields, FlaskForm):
    """Intake: the case, and for a complaint its first complainant. Subjects and
    allegations follow on the case's own pages."""

    submit = SubmitField("Log the case", widget=GovSubmitInput())

    def is_complaint(self) -> bool:
        return self.case_type.data == CaseType.COMPLAINT.value

    def validate(self, extra_validators: Any = None) -> bool:
        """A conduct or DSI matter has no complainant: whatever was typed there is ignored."""
        valid = super().validate(extra_validators)
        if self.case_type.data in {t.value for t in CaseType} and not self.is_complaint():
            for name in COMPLAINANT_FIELDS:
                self[name].errors = []
            return not self.errors
        return valid

    def validate_received_on(self, field: Field) -> None:
        if field.data and field.data > london_today():
            raise ValidationError("The date received must be today or in the past")

    def validate_incident_on(self, field: Field) -> None:
        received = self.received_on.data
        if field.data and field.data > london_today():
            raise ValidationError("The incident date must be today or in the past")
        if field.data and received and field.data > received:
            raise ValidationError("The incident date must be on or before the date received")

    def ticked_matches(self) -> set[int]:
        return {int(v) for v in self.same_incident.data or [] if v.isascii() and v.isdigit()}

    def seen_match_ids(self) -> set[int]:
        parts = (self.seen_matches.data or "").split(",")
        return {int(p) for p in parts if p.isascii() and p.isdigit() and len(p) < 10}


def new_case_data(form: NewCaseForm) -> NewCase:
    case_type = CaseType(form.case_type.data)
    triggers = set(form.triggers.data or ())
    complaint = case_type == CaseType.COMPLAINT
    return NewCase(
        case_type=case_type,
        received_on=form.received_on.data,
        channel=Channel(form.channel.data),
        summary=form.summary.data,
        complainants=(complainant_data(form),) if complaint else (),
        incident_on=form.incident_on.data,
        incident_place=_blank(form.incident_place.data),
        division_id=int(form.division_id.data) if form.division_id.data else None,
        direction_and_control=bool(form.direction_and_control.data),
        recording_requested=complaint and bool(form.recording_requested.data),
        **{attr: attr in triggers for attr in TRIGGER_FIELDS},
    )


class AddComplainantForm(ComplainantFields, CaseEditForm):
    submit = SubmitField("Add the complainant", widget=GovSubmitInput())


class PickSubjectForm(CaseEditForm):
    """'Add to this case' beside a person found by the search."""

    subject_id = HiddenField(validators=[InputRequired("Choose a person from the results")])
    submit = SubmitField("Add to this case", widget=GovSubmitInput())

    def validate_subject_id(self, field: Field) -> None:
        if not (field.data.isascii() and field.data.isdigit() and len(field.data) < 10):
            raise ValidationError("Choose a person from the results")


class NewSubjectForm(CaseEditForm):
    """Someone the search did not find, or a person not yet identified."""

    kind = SelectField(
        "Who are they?",
        widget=GovSelect(),
        choices=options([("", "Choose one"), *SubjectKind.choices()]),
        validate_choice=False,
        validators=[InputRequired("Choose who they are"), _choice("who they are")],
    )
    description = _text(
        "Description of an unidentified person",
        80,
        hint="Only for someone not yet identified. For example, 'Custody sergeant, "
        "night shift 3 March'",
        checked_when_blank=True,
    )
    rank = _text("Rank or grade (optional)", 60, hint="For example, PC, DS or Band C")
    given_name = _text("First name (optional)", 80)
    family_name = _text("Last name", 80, checked_when_blank=True)
    collar_number = _text("Collar number (optional)", 20)
    staff_number = _text("Staff number (optional)", 20)
    division_id = SelectField(
        "Division or department (optional)",
        widget=GovSelect(),
        validate_choice=False,
        validators=[Optional(), _choice("a division or department")],
    )
    is_chief_constable = BooleanField(
        "This person is the chief constable",
        widget=GovCheckboxInput(),
        description="A complaint about the chief constable goes to the OPCC as appropriate "
        "authority, and the force's PSD can no longer open the case.",
    )
    submit = SubmitField("Add this person to the case", widget=GovSubmitInput())

    def unidentified(self) -> bool:
        return self.kind.data == SubjectKind.UNIDENTIFIED.value

    def validate_description(self, field: Field) -> None:
        if self.unidentified() and not field.data:
            raise ValidationError("Describe the unidentified person")

    def validate_family_name(self, field: Field) -> None:
        if self.kind.data and not self.unidentified() and not field.data:
            raise ValidationError("Enter the person's last name")
        if self.unidentified() and (
            field.data or self.given_name.data or self.collar_number.data or self.staff_number.data
        ):
            raise ValidationError(
                "Leave the names and numbers blank for an unidentified person, "
                "or choose who they are"
            )

    def validate_is_chief_constable(self, field: Field) -> None:
        if field.data and self.kind.data != SubjectKind.CHIEF_OFFICER.value:
            raise ValidationError("Only a chief officer can be the chief constable")


def subject_data(form: NewSubjectForm) -> NewSubject:
    kind = SubjectKind(form.kind.data)
    unidentified = kind == SubjectKind.UNIDENTIFIED
    return NewSubject(
        kind=kind,
        is_chief_constable=bool(form.is_chief_constable.data),
        details=IdentityDetails(
            given_name=None if unidentified else form.given_name.data,
            family_name=form.description.data if unidentified else form.family_name.data,
            rank=form.rank.data,
            collar_number=None if unidentified else form.collar_number.data,
            staff_number=None if unidentified else form.staff_number.data,
            division_id=int(form.division_id.data) if form.division_id.data else None,
        ),
    )


class LinkCaseForm(CaseEditForm):
    reference = _text(
        "Reference of the other case",
        20,
        required="Enter the reference of the other case",
        hint="For example, CO/2026/00042",
    )
    reason = _text(
        "Why are they linked?",
        200,
        required="Say why the cases are linked",
        hint="For example, the same officers at the same arrest",
    )
    same_incident = BooleanField("They are about the same incident", widget=GovCheckboxInput())
    submit = SubmitField("Link the cases", widget=GovSubmitInput())
