"""Forms for a case's allegations, their results and the learning raised from them.

Choices that depend on the case (its subjects, the results open in its state, the
categories in use) are filled by the view; ``check_choice`` refuses anything else.
"""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovTextInput,
)
from wtforms import Field, RadioField, StringField
from wtforms.validators import InputRequired, Optional

from complaints.cases.forms.base import CaseEditForm
from complaints.forms import (
    CheckboxesField,
    ChoiceField,
    MaxLength,
    check_choice,
    date_field,
    long_text,
    options,
)
from complaints.learning.models import LearningLevel


class AllegationForm(CaseEditForm):
    category_id = ChoiceField(
        "Category",
        widget=GovSelect(),
        validate_choice=False,
        validators=[InputRequired("Choose the category of the allegation")],
    )
    description = long_text(
        "What is alleged",
        5000,
        name="The description of the allegation",
        required="Enter a description of the allegation",
    )
    subject_ids = CheckboxesField(
        "Who the allegation concerns",
        description="Choose everyone it is about. Leave these empty if no one is identified.",
    )
    incident_on = date_field("Date of the incident (optional)")
    incident_place = StringField(
        "Where it happened (optional)",
        widget=GovTextInput(),
        validators=[Optional(), MaxLength(200, "Where it happened")],
    )

    def validate_category_id(self, field: Field) -> None:
        check_choice(field, "a category")


class RecordResultForm(CaseEditForm):
    result = RadioField(
        "Result",
        widget=GovRadioInput(),
        description="Only the results that apply to how the case is being handled are offered.",
        validate_choice=False,
        validators=[InputRequired("Choose the result of the allegation")],
    )
    actions = CheckboxesField("Actions taken", description="Choose all that apply.")
    note = long_text(
        "Note about the actions (optional)",
        2000,
        hint="For example, what was put right, or who gave the apology.",
    )

    def validate_result(self, field: Field) -> None:
        check_choice(field, "a result")


class RaiseLearningForm(CaseEditForm):
    theme = StringField(
        "Theme",
        widget=GovTextInput(),
        description="A few words to group it with similar learning, like 'Use of body-worn video'.",
        validators=[
            InputRequired("Enter the theme of the learning"),
            MaxLength(120),
        ],
    )
    description = long_text(
        "What should be learned",
        5000,
        name="The description of the learning",
        required="Describe what should be learned",
    )
    level = RadioField(
        "Level",
        widget=GovRadioInput(),
        description="Individual learning is for one person; organisational learning is for "
        "the force; national learning is for the IOPC or the College of Policing.",
        choices=options(LearningLevel.choices()),
        validate_choice=False,
        validators=[InputRequired("Choose the level of the learning")],
    )
    owner_id = ChoiceField(
        "Owner (optional)",
        widget=GovSelect(),
        validate_choice=False,
        validators=[Optional()],
    )
    due_on = date_field("Due date (optional)")

    def validate_level(self, field: Field) -> None:
        check_choice(field, "a level")

    def validate_owner_id(self, field: Field) -> None:
        check_choice(field, "an owner")
