"""Forms for working a case: who works it, who may see it, and notes on the file."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovTextInput
from wtforms import Field, StringField
from wtforms.validators import InputRequired, Optional

from complaints.cases.forms.base import CaseEditForm
from complaints.forms import ChoiceField, MaxLength, check_choice, long_text

MAX_NOTE = 5000


class AssignForm(CaseEditForm):
    handler_id = ChoiceField(
        "Handler", widget=GovSelect(), validate_choice=False, validators=[Optional()]
    )
    decision_maker_id = ChoiceField(
        "Decision maker (appropriate authority)",
        widget=GovSelect(),
        validate_choice=False,
        validators=[Optional()],
    )

    def validate_handler_id(self, field: Field) -> None:
        check_choice(field, "a handler")

    def validate_decision_maker_id(self, field: Field) -> None:
        check_choice(field, "a decision maker")

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.handler_id.data and not self.decision_maker_id.data:
            self.handler_id.errors.append("Choose a handler or a decision maker")
            return False
        return True


class RestrictForm(CaseEditForm):
    reason = StringField(
        "Why the case is restricted",
        widget=GovTextInput(),
        description="For example, counter-corruption material. Everyone named on the case "
        "can read this.",
        validators=[
            InputRequired("Enter the reason for restricting the case"),
            MaxLength(200, "The reason for restricting the case"),
        ],
    )


class NoteForm(CaseEditForm):
    body = long_text(
        "Note",
        MAX_NOTE,
        required="Enter the note",
        hint="Working notes for the case team. Notes are kept with the case file.",
    )
