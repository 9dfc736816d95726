"""Forms for drawing a dip sample and for each sampled case's checklist."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
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
    RadioField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from complaints.cases.choices import CaseType
from complaints.forms import ChoiceField, DateTextField, check_choice, options
from complaints.learning.models import LearningLevel
from complaints.oversight.models import CHECKLIST, Answer, SampleMethod
from complaints.oversight.sampling import MAX_SEED, MAX_SIZE

DATE_HINT = "For example, 1/4/2026"


def _number(field: Field, low: int, high: int, what: str) -> int | None:
    text = (field.data or "").strip().replace(",", "")
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and len(text) <= 12) or not low <= int(text) <= high:
        raise ValidationError(f"Enter {what} from {low:,} to {high:,}, in figures")
    return int(text)


class DrawSampleForm(FlaskForm):
    period_from = DateTextField(
        "From",
        widget=GovTextInput(),
        description=DATE_HINT,
        validators=[InputRequired("Enter the first day of the period")],
    )
    period_to = DateTextField(
        "To",
        widget=GovTextInput(),
        description=DATE_HINT,
        validators=[InputRequired("Enter the last day of the period")],
    )
    method = RadioField(
        "How many cases",
        widget=GovRadioInput(),
        choices=options(SampleMethod.choices()),
        validate_choice=False,
        validators=[InputRequired("Choose a number of cases or a percentage")],
    )
    size = StringField("Number of cases", widget=GovTextInput())
    percentage = StringField(
        "Percentage of the cases",
        widget=GovTextInput(),
        description="Rounded up, so at least one case is drawn.",
    )
    stratified = BooleanField(
        "Stratify by handling type",
        widget=GovCheckboxInput(),
        description="Each handling type gets its share of the sample in proportion to its "
        "share of the cases (largest remainder), then cases are drawn within each.",
    )
    case_type = ChoiceField(
        "Case type",
        widget=GovSelect(),
        choices=options([("", "Every case type"), *CaseType.choices()]),
        validate_choice=False,
        validators=[Optional()],
    )
    seed = StringField(
        "Seed (optional)",
        widget=GovTextInput(),
        description="Leave empty for a random seed. Enter the seed of an earlier sample, "
        "with the same period and choices, to draw the same cases again.",
    )
    submit = SubmitField("Draw the sample", widget=GovSubmitInput())

    def validate_method(self, field: Field) -> None:
        check_choice(field, "a number of cases or a percentage")

    def validate_case_type(self, field: Field) -> None:
        check_choice(field, "a case type")

    def validate_period_to(self, field: Field) -> None:
        if self.period_from.data and field.data and field.data < self.period_from.data:
            raise ValidationError("The end of the period must be on or after its start")

    def validate_size(self, field: Field) -> None:
        value = _number(field, 1, MAX_SIZE, "a number of cases")
        if self.method.data == SampleMethod.SIZE.value and value is None:
            raise ValidationError("Enter the number of cases to draw")

    def validate_percentage(self, field: Field) -> None:
        value = _number(field, 1, 100, "a percentage")
        if self.method.data == SampleMethod.PERCENTAGE.value and value is None:
            raise ValidationError("Enter the percentage of cases to draw")

    def validate_seed(self, field: Field) -> None:
        _number(field, 0, MAX_SEED, "a seed")

    def number(self, field: Field) -> int | None:
        text = (field.data or "").strip().replace(",", "")
        return int(text) if text else None


def _answer(label: str) -> RadioField:
    return RadioField(
        label,
        widget=GovRadioInput(),
        choices=options(Answer.choices()),
        validate_choice=False,
        validators=[InputRequired(f"Answer: {label}")],
    )


class ChecklistForm(FlaskForm):
    contacted_promptly = _answer(CHECKLIST[0][1])
    updated_every_four_weeks = _answer(CHECKLIST[1][1])
    outcome_letter_clear = _answer(CHECKLIST[2][1])
    handling_proportionate = _answer(CHECKLIST[3][1])
    recording_decision_right = _answer(CHECKLIST[4][1])
    findings = TextAreaField(
        "Findings",
        widget=GovTextArea(),
        description="What you found, and why, wherever you answered 'No'.",
        validators=[Length(max=5000, message="Write the findings in 5,000 characters or fewer")],
    )
    raise_learning = BooleanField(
        "Raise a learning item from these findings", widget=GovCheckboxInput()
    )
    learning_theme = StringField(
        "Theme of the learning",
        widget=GovTextInput(),
        description="A few words to group it with similar learning, like 'Complainant updates'.",
        validators=[Length(max=120, message="Give the theme in 120 characters or fewer")],
    )
    learning_level = RadioField(
        "Level of the learning",
        widget=GovRadioInput(),
        choices=options(LearningLevel.choices()),
        default=LearningLevel.ORGANISATIONAL.value,
        validate_choice=False,
        validators=[Optional()],
    )
    submit = SubmitField("Save the checklist", widget=GovSubmitInput())

    def validate_contacted_promptly(self, field: Field) -> None:
        check_choice(field, "yes, no or not applicable")

    def validate_updated_every_four_weeks(self, field: Field) -> None:
        check_choice(field, "yes, no or not applicable")

    def validate_outcome_letter_clear(self, field: Field) -> None:
        check_choice(field, "yes, no or not applicable")

    def validate_handling_proportionate(self, field: Field) -> None:
        check_choice(field, "yes, no or not applicable")

    def validate_recording_decision_right(self, field: Field) -> None:
        check_choice(field, "yes, no or not applicable")

    def validate_findings(self, field: Field) -> None:
        said_no = any(getattr(self, column).data == Answer.NO.value for column, _ in CHECKLIST)
        if said_no and not (field.data or "").strip():
            raise ValidationError("Say what you found wherever you answered 'No'")

    def validate_learning_theme(self, field: Field) -> None:
        if self.raise_learning.data and not (field.data or "").strip():
            raise ValidationError("Enter the theme of the learning")

    def validate_learning_level(self, field: Field) -> None:
        check_choice(field, "the level of the learning")

    def answers(self) -> dict[str, Answer]:
        return {column: Answer(getattr(self, column).data) for column, _ in CHECKLIST}
