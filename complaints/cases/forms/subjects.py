"""Subject forms: pick a person the search found, or add someone new or unidentified."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSelect, GovSubmitInput
from wtforms import BooleanField, Field, HiddenField, SubmitField
from wtforms.validators import InputRequired, Optional, ValidationError

from complaints.cases.forms.base import CaseEditForm
from complaints.cases.forms.fields import choice_check, text_field
from complaints.forms import ChoiceField, options
from complaints.subjects.models import SubjectKind
from complaints.subjects.services import IdentityDetails, NewSubject


class PickSubjectForm(CaseEditForm):
    """'Add to this case' beside a person found by the search."""

    subject_id = HiddenField(validators=[InputRequired("Choose a person from the results")])
    submit = SubmitField("Add to this case", widget=GovSubmitInput())

    def validate_subject_id(self, field: Field) -> None:
        if not (field.data.isascii() and field.data.isdigit() and len(field.data) < 10):
            raise ValidationError("Choose a person from the results")


class NewSubjectForm(CaseEditForm):
    """Someone the search did not find, or a person not yet identified."""

    kind = ChoiceField(
        "Who are they?",
        widget=GovSelect(),
        choices=options([("", "Choose one"), *SubjectKind.choices()]),
        validate_choice=False,
        validators=[InputRequired("Choose who they are"), choice_check("who they are")],
    )
    description = text_field(
        "Description of an unidentified person",
        80,
        hint="Only for someone not yet identified. For example, 'Custody sergeant, "
        "night shift 3 March'",
        checked_when_blank=True,
    )
    rank = text_field("Rank or grade (optional)", 60, hint="For example, PC, DS or Band C")
    given_name = text_field("First name (optional)", 80)
    family_name = text_field("Last name", 80, checked_when_blank=True)
    collar_number = text_field("Collar number (optional)", 20)
    staff_number = text_field("Staff number (optional)", 20)
    division_id = ChoiceField(
        "Division or department (optional)",
        widget=GovSelect(),
        validate_choice=False,
        validators=[Optional(), choice_check("a division or department")],
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
