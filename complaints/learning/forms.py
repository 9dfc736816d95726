"""Forms of the learning register: raising, correcting and moving a lesson, the
register's filters and the bulletin's period.

Every form that changes a lesson carries the version it was opened on, so that a save
over someone else's change is refused rather than silently overwriting it.
"""

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
from wtforms.validators import InputRequired, Length, Optional

from complaints.forms import (
    CheckboxesField,
    ChoiceField,
    check_choice,
    date_field,
    options,
)
from complaints.forms import VersionedForm as BaseVersionedForm
from complaints.learning.models import LearningLevel, LearningSource, LearningStatus


def _theme() -> StringField:
    return StringField(
        "Theme",
        widget=GovTextInput(),
        description="A few words to group it with similar learning, like 'Use of body-worn "
        "video'. The bulletin groups lessons by theme.",
        validators=[
            InputRequired("Enter the theme of the learning"),
            Length(max=120, message="Give the theme in 120 characters or fewer"),
        ],
    )


def _description() -> TextAreaField:
    return TextAreaField(
        "What should be learned",
        widget=GovTextArea(),
        description="Do not include the complainant's personal details.",
        validators=[
            InputRequired("Describe what should be learned"),
            Length(max=5000, message="Describe the learning in 5,000 characters or fewer"),
        ],
    )


def _level() -> RadioField:
    return RadioField(
        "Level",
        widget=GovRadioInput(),
        description="Individual learning is for one person; organisational learning is for "
        "the force; national learning is for the IOPC or the College of Policing.",
        choices=options(LearningLevel.choices()),
        validate_choice=False,
        validators=[InputRequired("Choose the level of the learning")],
    )


def _owner(label: str = "Owner (optional)") -> ChoiceField:
    return ChoiceField(label, widget=GovSelect(), validate_choice=False, validators=[Optional()])


def _text(label: str, required: str, hint: str | None = None) -> TextAreaField:
    return TextAreaField(
        label,
        widget=GovTextArea(),
        description=hint or "",
        validators=[
            InputRequired(required),
            Length(max=5000, message=f"{required} in 5,000 characters or fewer"),
        ],
    )


class VersionedForm(BaseVersionedForm):
    """A form that changes one lesson, remembering the version it was opened on."""

    submit = SubmitField("Save", widget=GovSubmitInput())


class OwnerChoices:
    def validate_owner_id(self, field: Field) -> None:
        check_choice(field, "an owner")

    def validate_level(self, field: Field) -> None:
        check_choice(field, "a level")


class NewLearningForm(OwnerChoices, FlaskForm):
    source = RadioField(
        "Where the learning comes from",
        widget=GovRadioInput(),
        choices=options(LearningSource.choices()),
        validate_choice=False,
        validators=[InputRequired("Choose where the learning comes from")],
    )
    source_detail = StringField(
        "Source details",
        widget=GovTextInput(),
        description="The report, recommendation or sample it comes from, like 'HMICFRS PEEL "
        "inspection 2025'. Needed for an inspection finding.",
        validators=[
            Optional(),
            Length(max=200, message="Give the source in 200 characters or fewer"),
        ],
    )
    case_reference = StringField(
        "Case reference",
        widget=GovTextInput(),
        description="The case it comes from, like CO/2026/00042. Needed for a case outcome.",
        validators=[Optional(), Length(max=20, message="Enter a case reference")],
    )
    received_on = date_field("Date the IOPC recommendation was received (IOPC recommendations)")
    theme = _theme()
    description = _description()
    level = _level()
    owner_id = _owner()
    due_on = date_field("Due date (optional)")
    submit = SubmitField("Add to the register", widget=GovSubmitInput())

    def validate_source(self, field: Field) -> None:
        check_choice(field, "where the learning comes from")


class EditLearningForm(OwnerChoices, VersionedForm):
    source_detail = StringField(
        "Source details",
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=200, message="Give the source in 200 characters or fewer"),
        ],
    )
    theme = _theme()
    description = _description()
    level = _level()
    owner_id = _owner()
    due_on = date_field("Due date (optional)")


class AcceptForm(OwnerChoices, VersionedForm):
    owner_id = _owner("Owner")
    due_on = date_field("Due date")


class StartForm(VersionedForm):
    pass


class ImplementForm(VersionedForm):
    evidence = _text(
        "Evidence that it was implemented",
        "Give the evidence that the lesson was implemented",
        "What shows the change is in place: a briefing with attendance, a policy published, "
        "an audit. It goes into the learning bulletin without names, references or dates.",
    )
    completed_on = date_field("Date implemented", "Enter the date it was implemented")


class NotAcceptForm(VersionedForm):
    reason = _text("Why it is not accepted", "Give the reason it is not accepted")


class ShareForm(VersionedForm):
    how = _text(
        "How it was shared with the workforce",
        "Say how the lesson was shared with the workforce",
        "For example, a divisional briefing, the intranet or the learning bulletin.",
    )
    shared_on = date_field("Date shared", "Enter the date it was shared")


class RespondForm(VersionedForm):
    response = _text(
        "Response sent to the IOPC",
        "Give the response sent to the IOPC",
        "The action taken, or the reasons for not acting (Police Reform Act 2002, "
        "Schedule 3, paragraph 28A).",
    )
    sent_on = date_field("Date the response was sent", "Enter the date the response was sent")


ACTION_FORMS: dict[str, type[VersionedForm]] = {
    "accept": AcceptForm,
    "start": StartForm,
    "implement": ImplementForm,
    "not_accept": NotAcceptForm,
    "share": ShareForm,
    "respond": RespondForm,
}


class RegisterFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a filter: changes nothing, and its URL must be shareable

    status = CheckboxesField("Status", choices=options(LearningStatus.choices()))
    source = CheckboxesField("Source", choices=options(LearningSource.choices()))
    level = CheckboxesField("Level", choices=options(LearningLevel.choices()))
    theme = ChoiceField("Theme", widget=GovSelect(), validate_choice=False, validators=[Optional()])
    overdue = BooleanField("Overdue only", widget=GovCheckboxInput())
    submit = SubmitField("Apply filters", widget=GovSubmitInput())

    def validate_theme(self, field: Field) -> None:
        check_choice(field, "a theme")


class BulletinForm(FlaskForm):
    class Meta:
        csrf = False  # chooses what to download; changes nothing

    # Named as the bulletin's URL names them: /learning/bulletin.pdf?from=...&to=...
    start = date_field("From", "Enter the first day of the period", name="from")
    end = date_field("To", "Enter the last day of the period", name="to")
    submit = SubmitField("Download the bulletin (PDF)", widget=GovSubmitInput())
