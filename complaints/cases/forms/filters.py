"""Case forms. The list filter is a GET form: bookmarkable, no CSRF token needed."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import Field, StringField, SubmitField
from wtforms.validators import Length, Optional, ValidationError

from complaints.auth.permissions import Permission, role_can
from complaints.cases.choices import CaseState, CaseType
from complaints.filter_widgets import KeptCheckboxes, KeptSelect, KeptSubmit, KeptTextInput
from complaints.forms import CheckboxesField, ChoiceField, DateTextField, check_choice, options

# What the search box searches (queries.search_clause); complainant names only for roles
# that may read personal data.
SEARCH_LABEL = "Reference, complainant or subject name, collar or staff number, or summary words"
SEARCH_LABEL_WITHOUT_NAMES = "Reference, subject name, collar or staff number, or summary words"


class CaseFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a search: changes nothing, and its URL must be shareable

    q = StringField(
        SEARCH_LABEL,
        widget=KeptTextInput(),
        validators=[Optional(), Length(max=100, message="Search for 100 characters or fewer")],
    )
    state = CheckboxesField("State", choices=options(CaseState.choices()), widget=KeptCheckboxes())
    case_type = CheckboxesField(
        "Type", choices=options(CaseType.choices()), widget=KeptCheckboxes()
    )
    division = CheckboxesField("Division or department", widget=KeptCheckboxes())
    category = ChoiceField(
        "Allegation category", widget=KeptSelect(), validate_choice=False, validators=[Optional()]
    )
    handler = ChoiceField(
        "Handler", widget=KeptSelect(), validate_choice=False, validators=[Optional()]
    )
    received_from = DateTextField(
        "Received from", widget=KeptTextInput(), description="For example, 27/3/2026"
    )
    received_to = DateTextField(
        "Received to", widget=KeptTextInput(), description="For example, 27/4/2026"
    )
    submit = SubmitField("Apply filters", widget=KeptSubmit())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(current_user, "user", None)
        if not role_can(user.role if user else None, Permission.VIEW_PERSONAL_DATA):
            self.q.label.text = SEARCH_LABEL_WITHOUT_NAMES

    def validate_received_to(self, field: Field) -> None:
        start = self.received_from.data
        if start and field.data and field.data < start:
            raise ValidationError("Received to must be the same as or after received from")

    def validate_category(self, field: Field) -> None:
        check_choice(field, "an allegation category")

    def validate_handler(self, field: Field) -> None:
        check_choice(field, "a handler")
